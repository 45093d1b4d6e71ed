"""Sphinx extension: serve anywidget's front end from the book.

The widget manager loads anywidget's JavaScript with require.js. We copy that file from
the installed anywidget Python package, the same file Jupyter itself serves, so the page's
front end always has the version of the Python side that saved the widget state.
"""
import shutil
from pathlib import Path

import anywidget


def copy_anywidget(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    source = Path(anywidget.__file__).parent / "nbextension" / "index.js"
    target = Path(app.outdir) / "_static" / "vendor" / "anywidget" / "index.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def setup(app):
    app.connect("build-finished", copy_anywidget)
    return {"version": anywidget.__version__, "parallel_read_safe": True}
