"""The sources' numbers appear in the rendered chapters, computed by code, never typed.

Each is an inline expression of the prose, {eval}`...`, whose stored value (what the page
shows, and what nbval checks against a fresh run) must be the source's number. Needs the
built book (`make book`); skips without it.
"""
import json
import os
import re
from pathlib import Path

import pytest

from mathnn.book import EVAL, expressions, stored_values

pytestmark = pytest.mark.built

ROOT = Path(__file__).resolve().parent.parent
HTML = Path(os.environ.get("MATHNN_HTML", ROOT / "_build" / "html")) / "book"

# chapter -> {variable in the prose's expressions: the number the source gives, as shown}
SEEDS = {
    "02-layer": {"l34_W22": "9", "l34_b1": "0.13", "l34_b2": "0.14", "l34_b3": "0.15",
                 "l34_b4": "0.16"},
    "06-probability": {"score_first": "5.815", "p_first": "0.997"},
    "07-loss": {"score": "5.815", "p_rounded": "0.997", "loss_rounded": "0.003005",
                "loss_first": "0.00298"},
}


def _notebook(chapter):
    return json.loads((ROOT / "book" / f"{chapter}.ipynb").read_text())


def _shown(nb, name):
    """The texts the prose shows for expressions that use the variable `name`."""
    return {stored_values(c)[e] for c in nb["cells"] if c["cell_type"] == "markdown"
            for e in expressions("".join(c["source"])) if re.search(rf"\b{name}\b", e)}


def _page_text(chapter):
    path = HTML / f"{chapter}.html"
    if not path.exists():
        pytest.skip("the book is not built: run `make book` first")
    return re.sub(r"<[^>]+>", " ", path.read_text())


@pytest.mark.parametrize("chapter", SEEDS)
def test_seed_numbers_are_computed_shown_and_never_typed(chapter):
    nb, text = _notebook(chapter), _page_text(chapter)
    prose = "\n".join(EVAL.sub("", "".join(c["source"])) for c in nb["cells"] if c["cell_type"] == "markdown")
    for name, number in SEEDS[chapter].items():
        assert number in _shown(nb, name), f"{chapter}: the prose shows {name} as {_shown(nb, name)}"
        assert re.search(r"(?<![\d.])" + re.escape(number) + r"(?!\d)", text), \
            f"{chapter}: {number} does not appear on the rendered page"
    for number in {"5.815", "0.003005", "0.00298"} & set(SEEDS[chapter].values()):
        assert number not in prose, f"{chapter}: {number} is typed in the prose, not computed"
