"""Sphinx extension: the book's math rendered at build time, with KaTeX, into plain HTML.

The pages need KaTeX's stylesheet and fonts (served from _static/vendor/katex) but no
JavaScript to show a formula: nothing to typeset when a page opens, and no formula in the
keyboard's Tab order. Each formula keeps its MathML, which screen readers read.

Formulas are rendered by one Node.js process for the whole build (web/render_math.mjs,
running the vendored web/katex/katex.min.js). A formula KaTeX cannot read fails the build,
naming it.
"""
import json
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.math import get_node_equation_number

HERE = Path(__file__).parent


class KaTeX:
    """One Node.js process running KaTeX, started on first use; answers are cached."""

    def __init__(self):
        self.process, self.cache = None, {}

    def render(self, tex, display):
        if (tex, display) not in self.cache:
            if self.process is None:
                self.process = subprocess.Popen(["node", str(HERE / "render_math.mjs")], text=True,
                                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            self.process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self.process.stdin.flush()
            answer = json.loads(self.process.stdout.readline())
            if "error" in answer:
                raise ExtensionError(f"KaTeX cannot render {tex!r}: {answer['error']}")
            self.cache[tex, display] = answer["html"]
        return self.cache[tex, display]

    def close(self, *args):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait()
            self.process = None


KATEX = KaTeX()


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(KATEX.render(node.astext(), False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    """As Sphinx's MathJax writer does: a number if labelled, paragraphs as aligned lines."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p and not node["nowrap"] else p for p in parts]
    tex = parts[0] if len(parts) == 1 else r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"
    self.body.append(KATEX.render(tex, True) + "</div>\n")
    raise nodes.SkipNode


def add_stylesheet(app, pagename, templatename, context, doctree):
    app.add_css_file("vendor/katex/katex.min.css")


def setup(app):
    app.add_html_math_renderer("katex_static", (visit_math, None), (visit_displaymath, None))
    app.connect("html-page-context", add_stylesheet)
    app.connect("build-finished", KATEX.close)
    return {"version": "1", "parallel_read_safe": True}
