"""Helpers for the book's notebooks: source listings, the numbers in the prose, folded checks.

The same notebook is read two ways, rendered on the book's pages and run in Jupyter (with
the jupyterlab-myst extension), and both must show the same things:

- `source(obj)` shows a function's or class's code from the installed `mathnn`, so a
  listing can never drift from the code it shows;
- a number in the prose is an inline expression, ``{eval}`f"{p:.3f}"```, evaluated in the
  notebook's kernel where the markdown cell stands. Jupyter evaluates it live;
  `tools/execute_notebooks.py` stores each markdown cell's values in its metadata
  (`user_expressions`, the format jupyterlab-myst uses), the book's pages show the
  stored values, and the nbval run checks them again (book/conftest.py).
"""
import contextlib
import html
import importlib
import inspect
import io
import re
import textwrap
from pathlib import Path

# {eval}`expression` in a markdown cell
EVAL = re.compile(r"\{eval\}`([^`]+)`")


class Listing:
    """Source code shown as a highlighted code block (text/markdown) and as plain text."""

    def __init__(self, code, where):
        self.code, self.where = code, where

    def _repr_markdown_(self):
        return f"`{self.where}`\n\n```python\n{self.code}```\n"

    def __repr__(self):
        return self.code


def source(obj, start_at=None, end_at=None):
    """The source of a `mathnn` module, function, class or method, e.g. source(mathnn.Dense.forward).

    A module may also be named, source("mathnn.train"). start_at / end_at keep the lines
    from the first one containing `start_at` to the first one after it containing `end_at`.
    """
    if isinstance(obj, str):
        obj = importlib.import_module(obj)
    try:
        module, code = Path(inspect.getsourcefile(obj)), inspect.getsource(obj)
    except (TypeError, OSError):
        raise ValueError(f"source() shows mathnn's own code; got {obj!r}") from None
    package = Path(__file__).parent
    if package not in module.parents:
        raise ValueError(f"source() shows mathnn's own code; {obj!r} is from {module}")
    lines = code.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if start_at in line) if start_at else 0
    last = next(i for i, line in enumerate(lines) if i >= first and end_at in line) if end_at else len(lines) - 1
    name = getattr(obj, "__qualname__", None) or ""
    where = f"mathnn/{module.relative_to(package)}" + (f": {name}" if name else "")
    return Listing(textwrap.dedent("".join(lines[first:last + 1])), where)


def expressions(markdown):
    """The inline expressions of a markdown cell, in order, as jupyterlab-myst finds them."""
    return EVAL.findall(markdown)


def shown_text(result):
    """The text a stored expression result shows: its text/plain without a string's quotes."""
    if result.get("status") != "ok":
        raise ValueError(f"{result.get('ename', 'error')}: {result.get('evalue', '')}")
    text = result["data"]["text/plain"]
    return re.sub(r"""^(["'])(.*)\1$""", r"\2", text, flags=re.S)


def stored_values(cell):
    """expression -> the text it showed when the notebook was executed, for one markdown cell."""
    return {e["expression"]: shown_text(e["result"]) for e in cell.get("metadata", {}).get("user_expressions", [])}


class Folded:
    """Printed text shown folded under a summary line: a <details> block, in Jupyter and on the page."""

    def __init__(self, summary, text):
        self.summary, self.text = summary, text

    def _repr_html_(self):
        return (f'<details><summary style="display: list-item; cursor: pointer">'
                f"{html.escape(self.summary)}</summary><pre>{html.escape(self.text)}</pre></details>")

    def __repr__(self):
        return self.text


@contextlib.contextmanager
def folded(summary="Check the solution in code"):
    """Fold what the block prints, so that an exercise's check does not give its answer away::

        with folded():
            print(answer)

    Jupyter shows a cell's outputs again whenever it runs (even ones folded before), so an
    exercise's check prints inside a <details> block that stays closed until clicked.
    """
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - outside Jupyter, print it plainly
        print(buffer.getvalue(), end="")
    else:
        display(Folded(summary, buffer.getvalue()))
