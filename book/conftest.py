"""nbval checks the numbers in the prose too, not only the outputs of code cells.

A number in a chapter's prose is an inline expression, {eval}`f"{p:.3f}"`, whose value
`make notebooks` stored in its markdown cell (the book's pages show these stored values).
For each such cell, an extra test runs in the notebook's own kernel right after the code
cell before it (where Jupyter's Run All would evaluate it) and compares each expression's
value now with the stored one, so a stale or wrong number in the prose fails like a stale
output does.
"""
import pytest
from nbval.plugin import IPyNbCell

from mathnn.book import expressions, shown_text, stored_values


class ProseNumbers(pytest.Item):
    def __init__(self, *, cell, cell_index, **kwargs):
        super().__init__(**kwargs)
        self.cell, self.cell_index = cell, cell_index

    def runtest(self):
        kc = self.parent.kernel.kc
        found = expressions(self.cell.source)
        msg_id = kc.execute("", store_history=False, user_expressions={str(i): e for i, e in enumerate(found)})
        while True:
            reply = kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        results = reply["content"]["user_expressions"]
        stored = stored_values(self.cell)
        for i, expression in enumerate(found):
            now = shown_text(results[str(i)])  # raises, with the Python error, if it fails
            assert expression in stored, f"{{eval}}`{expression}` has no stored value: run `make notebooks`"
            assert now == stored[expression], \
                f"{{eval}}`{expression}` shows {stored[expression]!r} but now gives {now!r}: run `make notebooks`"

    def repr_failure(self, excinfo):
        return str(excinfo.value)

    def reportinfo(self):
        return self.path, None, f"{self.parent.name}: prose of markdown cell {self.cell_index}"


def pytest_collection_modifyitems(session, config, items):
    """After each notebook's code cell, the prose of the markdown cells that follow it."""
    result = []
    for item in items:
        if isinstance(item, IPyNbCell) and item.cell_num == 0:  # a notebook starts: prose before any code
            result += _prose(item.parent, before_code_cell=0)
        result.append(item)
        if isinstance(item, IPyNbCell):
            result += _prose(item.parent, before_code_cell=item.cell_num + 1)
    items[:] = result


def _prose(notebook, before_code_cell):
    """Items for the markdown cells with expressions between code cells n - 1 and n."""
    code_seen, out = 0, []
    for index, cell in enumerate(notebook.nb.cells):
        if cell.cell_type == "code":
            code_seen += 1
        elif code_seen == before_code_cell and expressions(cell.source):
            out.append(ProseNumbers.from_parent(notebook, name=f"prose {index}", cell=cell, cell_index=index))
        if code_seen > before_code_cell:
            break
    return out
