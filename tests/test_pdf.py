"""`make pdf`: the book printed into one PDF by chromium, links kept inside it.

Printing every chapter takes minutes, so the test prints chapters 1 and 2
with the same code (tools/make_pdf.py) and reads the PDF's own structure.
"""
import re
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from make_pdf import make_pdf  # noqa: E402
from test_browser import CHROMIUM, HTML, _need  # noqa: E402

pytestmark = pytest.mark.browser


PAGES = ["book/01-single-neuron.html", "book/02-layer.html"]  # chapter 1 links to chapter 2


def test_the_book_prints_into_one_pdf_with_working_links(tmp_path):
    _need("the built book", (HTML / "index.html").exists(), "run `make book` first")
    _need("chromium", Path(CHROMIUM).exists(), "install it with `apt-get install -y chromium`")
    out = make_pdf(HTML, tmp_path / "book.pdf", pages=PAGES)
    pdf = PdfReader(out)
    assert len(pdf.pages) >= 8
    links = [a.get_object() for page in pdf.pages for a in page.get("/Annots", [])
             if a.get_object().get("/Subtype") == "/Link"]
    inside = [a for a in links if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    outside = [a["/A"]["/URI"] for a in links if a.get("/A", {}).get("/S") == "/URI"]
    assert len(inside) >= 1, "chapter 1's link to chapter 2 leads inside the PDF"
    assert not [u for u in outside if "127.0.0.1" in u], "a link back to the server that printed it"
    titles = _titles(pdf.outline)
    for chapter in ("1. A single neuron", "2. A layer of neurons", "1.7. Exercises"):  # the headings as its outline
        assert any(chapter in t for t in titles), titles
    images = sum(len(page.images) for page in pdf.pages)
    assert images >= 4  # the figures
    assert "A single neuron" in pdf.pages[0].extract_text()
    # a link inside leads to the page where its target, chapter 2, begins
    starts = [i for i, page in enumerate(pdf.pages) if "2. A layer of neurons" in page.extract_text()]
    named = pdf.named_destinations  # chromium names each link's target
    targets = [pdf.get_destination_page_number(named[str(a["/Dest"])]) for a in inside if str(a.get("/Dest")) in named]
    assert starts and starts[0] in targets, (starts, targets)


def _titles(outline):
    return [t for item in outline for t in (_titles(item) if isinstance(item, list) else [item.title])]
