"""Every chapter's answer boxes on the built page: at least three, and each gives mathnn's verdict.

For each box the test reads what the notebook's execution stored with it (the expected
value and the known mistakes, computed by mathnn), types into the page the right answer,
a wrong one, each mistake and an answer of the wrong shape, and compares the verdict the
page announces with mathnn.answers.check_answer's on the same text. Nothing is fetched from
another host, and nothing logs an error.
"""
import re

import numpy as np
import pytest

from mathnn.answers import check_answer
from test_browser import PAGES, Visit, server, browser  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
CHAPTERS = [p for p in PAGES if re.match(r"book/\d\d-", p)]

# Each answer box with the state saved for it: the view's model, found by its model_id.
BOXES = """() => {
  const state = JSON.parse(document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]').textContent).state;
  return [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
    .map((view) => state[JSON.parse(view.textContent).model_id].state)
    .filter((traits) => "question" in traits && "expected" in traits);
}"""


def _typed(value):
    """A value as a reader types it: rows separated by ;, every digit of each entry."""
    rows = np.atleast_2d(np.asarray(value, dtype=float))
    return "[" + "; ".join(", ".join(repr(float(v)) for v in row) for row in rows) + "]"


def _ask(box, text, key=False):
    """Type `text` into the box as a reader does (keys, then Enter or a click on Check) and
    read the verdict."""
    field = box.locator("input[type=text]")
    field.fill("")
    field.type(text.replace("\n", " "), delay=0)
    if key:
        field.press("Enter")
    else:
        box.get_by_role("button", name="Check").click()
    verdict = box.get_by_role("status")
    return verdict.inner_text(), verdict.get_attribute("data-kind")


# Many answers in one go, inside the page: each typed into the box (its value set and an
# input event sent, as typing ends), then the Check button clicked; the verdicts read back.
ASK_ALL = """([index, texts]) => {
  const box = document.querySelectorAll(".mnn-answer")[index];
  const field = box.querySelector("input[type=text]"), button = box.querySelector("button");
  const status = box.querySelector("[role=status]");
  return texts.map((text) => {
    field.value = text;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    button.click();
    return [status.textContent, status.dataset.kind];
  });
}"""


def _wrong_value(traits):
    """A value of the right shape that is neither the answer nor a known mistake."""
    expected = np.asarray(traits["expected"], dtype=float)
    for k in range(1, 50):
        candidate = expected + (k * 7.3 + 1) * traits["tol"] * 10 + np.arange(expected.size).reshape(expected.shape)
        if _verdict(_typed(candidate), traits).kind == "wrong":
            return candidate
    raise AssertionError(f"no wrong answer found for {traits['question']}")


def _wrong_shape(traits):
    rows, cols = np.shape(traits["expected"])
    return np.ones((rows + 1, cols)) if rows > 1 and cols > 1 else np.ones(rows * cols + 1)


def _verdict(text, traits):
    return check_answer(text, traits["expected"], [tuple(m) for m in traits["mistakes"]], tol=traits["tol"],
                        name=traits["name"], hint=traits["hint"])


@pytest.mark.parametrize("path", CHAPTERS)
def test_every_answer_box_gives_mathnns_verdict(server, browser, path):  # noqa: F811
    visit = Visit(browser, f"{server}/{path}")
    visit.wait_for_widgets()
    page = visit.page
    saved = page.evaluate(BOXES)
    boxes = page.locator(".mnn-answer")
    assert boxes.count() == len(saved) >= 3, f"{path}: {boxes.count()} answer boxes"
    for i, traits in enumerate(saved):
        box = boxes.nth(i)
        assert box.locator("label").inner_text().strip()
        assert box.get_by_role("textbox").get_attribute("id") == box.locator("label").get_attribute("for")
        tries = [(_typed(traits["expected"]), "correct"), (_typed(_wrong_value(traits)), "wrong"),
                 (_typed(_wrong_shape(traits)), "shape"), ("one half", "unreadable")]
        tries += [(_typed(value), "mistake") for _, value in traits["mistakes"]]
        # the right answer typed key by key, checked with Enter (the first box) or a click
        shown = [_ask(box, tries[0][0], key=i == 0)] + page.evaluate(ASK_ALL, [i, [t for t, _ in tries[1:]]])
        for (text, kind), (message, shown_kind) in zip(tries, shown):
            python = _verdict(text, traits)
            assert python.kind == kind, (traits["question"], text, python)
            assert (shown_kind, message) == (kind, ("\u2713 " if kind == "correct" else "\u2717 ") + python.message)
    assert visit.outside == [] and visit.errors == []
    page.close()
