"""Appendix B's examples (book/appendix-b-reference.md) run as written: doctest checks each
printed result, so the reference cannot drift from the package."""
import doctest
from pathlib import Path

APPENDIX_B = Path(__file__).resolve().parent.parent / "book" / "appendix-b-reference.md"


def test_appendix_b_examples_give_what_they_show():
    failures, tried = doctest.testfile(str(APPENDIX_B), module_relative=False,
                                       optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried >= 20 and failures == 0, f"{failures} of {tried} examples in appendix B fail"
