"""Sphinx extension: the {eval} role from the values stored in the notebook.

A number in the book's prose is an inline expression, {eval}`f"{p:.3f}"`. In Jupyter the
jupyterlab-myst extension evaluates it in the kernel and stores the result in the markdown
cell's metadata (`user_expressions`); `make notebooks` stores it the same way for every
cell (tools/execute_notebooks.py). The book is built from the executed notebooks without a
kernel, so this role shows the stored value. It is an error (and, the build being run with
-W, a failed build) for an expression to have no stored value, or one that failed.
"""
import json
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from mathnn.book import shown_text

logger = logging.getLogger(__name__)
_cache = {}  # notebook path -> (mtime, {expression: [text, ...]})


def _stored(path):
    """expression -> every text it showed in the notebook (one per markdown cell using it)."""
    mtime = path.stat().st_mtime
    if _cache.get(path, (None,))[0] != mtime:
        values = {}
        for cell in json.loads(path.read_text())["cells"]:
            for e in cell.get("metadata", {}).get("user_expressions", []):
                values.setdefault(e["expression"], []).append(e["result"])
        _cache[path] = (mtime, values)
    return _cache[path][1]


def eval_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    env = inliner.document.settings.env
    path = Path(env.doc2path(env.docname))
    results = _stored(path).get(text) if path.suffix == ".ipynb" else None
    problem = None
    try:
        shown = {shown_text(r) for r in results or []}
    except ValueError as e:
        problem = f"it failed when the notebook was executed: {e}"
    if not results:
        problem = "it has no stored value: run `make notebooks` to execute the notebook"
    elif problem is None and len(shown) > 1:
        problem = f"it shows different values in different cells ({sorted(shown)}); give each its own name"
    if problem:
        message = inliner.reporter.error(f"{{eval}}`{text}`: {problem}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.inline(rawtext, shown.pop(), classes=["eval"])], []


def setup(app):
    app.add_role("eval", eval_role, override=True)  # in place of myst-nb's, which needs a kernel
    return {"version": "1", "parallel_read_safe": True}
