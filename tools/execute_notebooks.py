"""Execute the book's notebooks in place: outputs, widget state and the numbers in the prose.

    python tools/execute_notebooks.py [NOTEBOOK ...]     (default: every book/*.ipynb)

Runs with book/ as the working directory, as Jupyter and the book build do, and stores:

- every code cell's outputs, and the widget state, so that the sliders keep working on
  the static page (per-cell timing metadata is dropped, so re-running a notebook changes
  nothing when its outputs do not change);
- the value of every inline expression {eval}`...` of a markdown cell, evaluated in the
  kernel where that cell stands, as the cell's `user_expressions` metadata: the format
  jupyterlab-myst writes when a reader runs the cell in JupyterLab. The book's pages show
  these stored values (web/stored_eval.py); an expression that fails (say, it names a value
  computed only further down) stops the run, naming the cell;
- Jupyter's own folding, from the tags the pages use: `hide-input` and `remove-input`
  fold a cell's code, `hide-cell` and `remove-cell` its code and outputs, so a chapter in
  Jupyter hides what its page hides (figure code, checks, plumbing) one click away;
- the kernelspec of the kernel the venv installs, "Python 3 (ipykernel)".
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from mathnn.book import expressions

BOOK = Path(__file__).resolve().parent.parent / "book"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
FOLD = {"hide-input": ("source_hidden",), "remove-input": ("source_hidden",),
        "hide-output": ("outputs_hidden",), "hide-cell": ("source_hidden", "outputs_hidden"),
        "remove-cell": ("source_hidden", "outputs_hidden")}


class ProseError(RuntimeError):
    pass


class BookClient(NotebookClient):
    """nbclient, plus the inline expressions of each markdown cell where it stands."""
    prose_errors = ()

    def reset_execution_trackers(self):
        super().reset_execution_trackers()
        self.prose_errors = []

    async def async_execute_cell(self, cell, cell_index, **kwargs):
        if cell.cell_type != "markdown":
            return await super().async_execute_cell(cell, cell_index, **kwargs)
        found = expressions(cell.source)
        if not found:
            cell.metadata.pop("user_expressions", None)
            return cell
        msg_id = self.kc.execute("", store_history=False,
                                 user_expressions={str(i): e for i, e in enumerate(found)})
        reply = await self.async_wait_for_reply(msg_id)
        results = reply["content"]["user_expressions"]
        cell.metadata["user_expressions"] = [{"expression": e, "result": results[str(i)]}
                                             for i, e in enumerate(found)]
        self.prose_errors += [f"markdown cell {cell_index}: {{eval}}`{e}` failed: {r['ename']}: {r['evalue']}"
                              for e, r in zip(found, (results[str(i)] for i in range(len(found))))
                              if r["status"] != "ok"]
        return cell


def fold(cell):
    """Set Jupyter's folding of a cell from the tags that hide it on the page."""
    hidden = {key for tag in cell.metadata.get("tags", []) for key in FOLD.get(tag, ())}
    jupyter = cell.metadata.setdefault("jupyter", {})
    for key in ("source_hidden", "outputs_hidden"):
        if key in hidden:
            jupyter[key] = True
        else:
            jupyter.pop(key, None)
    if not jupyter:
        del cell.metadata["jupyter"]


def execute(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            fold(cell)
    client = BookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True,
                        record_timing=False, resources={"metadata": {"path": str(BOOK)}})
    client.execute()
    if client.prose_errors:
        raise ProseError("\n  ".join(["", *client.prose_errors]))
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.write(nb, path)


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted(BOOK.glob("*.ipynb"))
    failed = []
    for path in paths:
        print(f"executing {path.name}", flush=True)
        try:
            execute(path)
        except ProseError as e:
            failed.append(f"{path.name}: {e}")
    if failed:
        sys.exit("numbers in the prose that could not be computed (nothing was written for these "
                 "notebooks):\n" + "\n".join(failed))
