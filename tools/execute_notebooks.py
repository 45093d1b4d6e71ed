"""Execute the book's notebooks in place and store their outputs and widget state.

    python tools/execute_notebooks.py [NOTEBOOK ...]     (default: every book/*.ipynb)

Runs with book/ as the working directory, as Jupyter and the book build do. Widget state
is stored so that sliders keep working on the static page; per-cell timing metadata is
dropped so that re-running a notebook changes nothing when its outputs do not change.
Cells that only register glue values are tagged remove-cell: they still run, but the page
shows the numbers in the prose, not the plumbing.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

BOOK = Path(__file__).resolve().parent.parent / "book"


def hide_glue_only_cells(nb):
    """Tag code cells whose every line is a glue(...) call with remove-cell."""
    for cell in nb.cells:
        lines = [line.strip() for line in cell.source.splitlines()
                 if line.strip() and not line.strip().startswith("#")]
        if cell.cell_type == "code" and lines and all(l.startswith("glue(") for l in lines):
            tags = cell.metadata.setdefault("tags", [])
            if "remove-cell" not in tags:
                tags.append("remove-cell")


def execute(path):
    nb = nbformat.read(path, as_version=4)
    hide_glue_only_cells(nb)
    NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True,
                   record_timing=False, resources={"metadata": {"path": str(BOOK)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.get("kernelspec", {}).update(display_name="Python 3", name="python3")
    nbformat.write(nb, path)


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted(BOOK.glob("*.ipynb"))
    for path in paths:
        print(f"executing {path.name}", flush=True)
        execute(path)
