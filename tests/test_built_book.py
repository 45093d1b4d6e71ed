"""The sources' numbers appear in the rendered chapters, computed by code, never typed.

Needs the built book (`make book`); skips without it.
"""
import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.built

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html" / "book"

# chapter -> {glue name: the number the source gives, as the page shows it}
SEEDS = {
    "02-layer": {"l34_W22": "9", "l34_b1": "0.13", "l34_b2": "0.14", "l34_b3": "0.15",
                 "l34_b4": "0.16"},
    "06-probability": {"score_first": "5.815", "p_first": "0.997"},
    "07-loss": {"score_first": "5.815", "p_rounded": "0.997", "loss_rounded": "0.003005",
                "loss_first": "0.00298"},
}


def _notebook(chapter):
    return json.loads((ROOT / "book" / f"{chapter}.ipynb").read_text())


def _glued(nb):
    """name -> the text/plain value each glue() call stored in the executed notebook."""
    return {o["metadata"]["scrapbook"]["name"]:
            o["data"][o["metadata"]["scrapbook"]["mime_prefix"] + "text/plain"]
            for c in nb["cells"] if c["cell_type"] == "code"
            for o in c.get("outputs", []) if "scrapbook" in o.get("metadata", {})}


def _page_text(chapter):
    path = HTML / f"{chapter}.html"
    if not path.exists():
        pytest.skip("the book is not built: run `make book` first")
    return re.sub(r"<[^>]+>", " ", path.read_text())


@pytest.mark.parametrize("chapter", SEEDS)
def test_seed_numbers_are_computed_glued_and_shown(chapter):
    nb, text = _notebook(chapter), _page_text(chapter)
    glued = _glued(nb)
    prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for name, shown in SEEDS[chapter].items():
        assert name in glued, f"{chapter}: no glue named {name!r}"
        value = float(glued[name].strip("'\""))
        assert f"{value:.{max(len(shown.split('.')[-1]), 0) if '.' in shown else 0}f}" == shown, \
            f"{chapter}: {name} = {value}, which does not round to the source's {shown}"
        assert re.search(r"\{glue:text\}`" + name + r"[:`]", prose), \
            f"{chapter}: the prose does not glue {name}"
        assert re.search(r"(?<![\d.])" + re.escape(shown) + r"(?!\d)", text), \
            f"{chapter}: {shown} does not appear on the rendered page"
    for shown in {"5.815", "0.003005", "0.00298"} & set(SEEDS[chapter].values()):
        assert shown not in prose, f"{chapter}: {shown} is typed in the prose, not computed"
