"""mathnn.book: the listings and the prose numbers the chapters use."""
import numpy as np
import pytest

import mathnn as nn
from mathnn.book import expressions, shown_text, source, stored_values


def test_source_shows_mathnns_own_code_and_says_where_it_lives():
    listing = source(nn.Dense.forward)
    assert repr(listing).startswith("def forward(self, X):")  # a method, dedented
    assert listing.where == "mathnn/layers.py: Dense.forward"
    markdown = listing._repr_markdown_()
    assert markdown.startswith("`mathnn/layers.py: Dense.forward`") and "```python\ndef forward" in markdown
    part = source("mathnn.train", start_at="_FUSED = {", end_at="_FUSED = {")
    assert repr(part).startswith("_FUSED = {") and repr(part).count("\n") == 1
    assert source(nn.train, start_at="history = []").code.startswith("history = []")
    for other in (print, np.mean):
        with pytest.raises(ValueError, match="mathnn's own code"):
            source(other)


def test_prose_expressions_and_their_stored_values():
    markdown = 'p is {eval}`f"{p:.3f}"`, and {eval}`n` students, {eval}`name`.'
    assert expressions(markdown) == ['f"{p:.3f}"', "n", "name"]
    ok = lambda text: {"status": "ok", "data": {"text/plain": text}, "metadata": {}}
    cell = {"metadata": {"user_expressions": [
        {"expression": 'f"{p:.3f}"', "result": ok("'0.997'")},
        {"expression": "n", "result": ok("4")},
        {"expression": "name", "result": ok('"it\'s"')}]}}
    assert stored_values(cell) == {'f"{p:.3f}"': "0.997", "n": "4", "name": "it's"}
    assert stored_values({"metadata": {}}) == {}
    with pytest.raises(ValueError, match="NameError: name 'q' is not defined"):
        shown_text({"status": "error", "ename": "NameError", "evalue": "name 'q' is not defined"})
