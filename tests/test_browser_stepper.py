"""The backpropagation stepper on the built page of chapter 9, in a real browser: stepped by
mouse and by keyboard, its gradients and slopes read off the page and compared with mathnn's
(dZ = dL/dZ of the mean loss, the 1/m inside; one student's own slopes m times their column),
the diagram lit for each step, a weight and an input changed, and the page on a phone."""
import re

import numpy as np
import pytest

import mathnn as nn
from test_browser import _drag, _number, _set, _traits, browser, server, widget_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PAGE = "book/09-backpropagation.html"
STEPS = ["Z1", "A1", "Z2", "Y_hat", "L", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
GRADIENTS = {"dW2", "db2", "dW1", "db1"}
SLOPES = {"dZ2", "dA1", "dZ1"}  # matrices of the mean loss; for one student, their own slopes
W1_EDGES = {f"W1-{j}{k}" for j in "123" for k in "12"}
W2_EDGES = {f"W2-1{j}" for j in "123"}
HIDDEN, INPUTS = {"h1", "h2", "h3"}, {"x1", "x2"}
# what each step uses: the neurons (and the loss) and the weights it reads or gives a slope to
LIT = {
    "Z1": (INPUTS | HIDDEN, W1_EDGES), "A1": (HIDDEN, set()), "Z2": (HIDDEN | {"out"}, W2_EDGES),
    "Y_hat": ({"out"}, set()), "L": ({"out", "loss"}, {"out-loss"}),
    "dZ2": ({"out", "loss"}, {"out-loss"}), "dW2": (HIDDEN | {"out"}, W2_EDGES), "db2": ({"out"}, set()),
    "dA1": (HIDDEN | {"out"}, W2_EDGES), "dZ1": (HIDDEN, set()), "dW1": (INPUTS | HIDDEN, W1_EDGES),
    "db1": (HIDDEN, set()),
}


def _gradients(W1, b1, W2, b2, X, Y):
    """dW1, db1, dW2, db2 from mathnn: the Network forward, then backward from dL/dY_hat; and
    the layers' dZ2 = dL/dZ2, dA1 = W2^T dZ2 and dZ1 on the way (the 1/m inside)."""
    net = nn.Network([nn.Dense.from_weights(W1, b1), nn.Dense.from_weights(W2, b2, "sigmoid")])
    dL_dY_hat = nn.binary_cross_entropy_prime(net.forward(X), Y)
    net.backward(dL_dY_hat)
    hidden, output = net.layers
    dZ2 = output._dZ(dL_dY_hat)
    dA1 = output.W.T @ dZ2
    return {"dW1": hidden.dW, "db1": hidden.db, "dW2": output.dW, "db2": output.db,
            "dZ2": dZ2, "dA1": dA1, "dZ1": hidden._dZ(dA1)}


def _stepper_traits(page):
    """The stepper's traits as saved in the page (the chapter has other widgets before it)."""
    return _traits(page, "W1", "b1", "W2", "b2", "X", "Y", "step", "student")


class Stepper:
    """The widget on the page, and the numbers it was saved with."""

    def __init__(self, page):
        self.page = page
        self.el = page.locator(".mnn-stepper")
        self.el.scroll_into_view_if_needed()
        t = _stepper_traits(page)
        self.W1, self.b1, self.W2, self.b2 = (np.array(t[n], dtype=float) for n in ("W1", "b1", "W2", "b2"))
        self.X, self.Y = np.array(t["X"], dtype=float), np.array(t["Y"], dtype=float)

    def step(self):
        """The step shown: its number from the header, its name from the numbers."""
        number = int(re.search(r"Step (\d+) of 12", self.el.locator(".mnn-st-header").inner_text()).group(1))
        return number, self.el.locator(".mnn-st-numbers").get_attribute("data-step")

    def shown(self, name, attribute="data-q"):
        """The numbers of the result `name` as the page shows them (4 decimals); with
        attribute="data-column", one student's column of dZ2, dA1 or dZ1."""
        return np.array([_number(t) for t in self.el.locator(f'[{attribute}="{name}"] td').all_inner_texts()])

    def student(self):
        """The student whose numbers are shown, 1 to 4, or 0 for all four."""
        return int(self.el.locator("input[type=radio]:checked").get_attribute("value"))

    def lit(self):
        nodes = {e.get_attribute("data-node") for e in self.el.locator("g.mnn-st-node.mnn-st-on").all()}
        edges = {e.get_attribute("data-edge") for e in self.el.locator("path.mnn-st-edge.mnn-st-on").all()}
        return nodes, edges

    def expected(self):
        return _gradients(self.W1, self.b1, self.W2, self.b2, self.X, self.Y)

    def check(self, name):
        """The step `name` is shown, its diagram lit as it should be, its gradient mathnn's."""
        number, shown_name = self.step()
        assert (number, shown_name) == (STEPS.index(name) + 1, name)
        assert self.lit() == LIT[name], name
        assert self.el.locator(".mnn-st-diagram").get_attribute("aria-label").find(f"Step {number},") > 0
        assert self.page.locator(".mnn-stepper [aria-live]").inner_text().startswith(f"Step {number} of 12")
        if name in GRADIENTS | SLOPES:
            value, student = self.expected()[name], self.student()
            if name in SLOPES and student:  # the student's own slope; beside it, their column, over m
                column, m = value[:, student - 1], value.shape[1]
                shown = self.shown(name, "data-column")
                assert shown.size == column.size and np.allclose(shown, column, rtol=0, atol=5.0001e-5), \
                    f"{name}: the page shows column {student} = {shown}, mathnn computes {column}"
                value = m * column
            else:
                assert self.el.locator("[data-column]").count() == 0
            shown = self.shown(name)
            # to the shown precision, 4 decimals: within half a unit of the last digit
            assert shown.size == value.size and np.allclose(shown, value.ravel(), rtol=0, atol=5.0001e-5), \
                f"{name}: the page shows {shown}, mathnn computes {value.ravel()}"


def test_next_by_mouse_steps_through_and_shows_mathnns_gradients(widget_page):
    page = widget_page(PAGE)
    w = Stepper(page)
    assert w.step() == (1, "Z1")
    prev, nxt = w.el.locator("button.mnn-st-prev"), w.el.locator("button.mnn-st-next")
    assert prev.get_attribute("aria-disabled") == "true"
    w.check("Z1")
    for name in STEPS[1:]:
        nxt.click()  # the mouse
        w.check(name)
        if name == "dZ2":  # the first student's own slope, y_hat - y, and their column of dZ2, over m
            assert w.shown("dZ2").tolist() == [-0.003] and w.shown("dZ2", "data-column").tolist() == [-0.0007]
    assert nxt.get_attribute("aria-disabled") == "true"
    nxt.click(force=True)  # past the last step (playwright would wait for an enabled button): nothing happens
    assert w.step() == (12, "db1")
    # the chapter's numbers, as printed by hand: the three rows of dW1 are equal
    assert w.shown("db1").tolist() == [0.4508] * 3
    for name in reversed(STEPS[:-1]):
        prev.click()
        w.check(name)
    # all four students at once: the same gradients, the whole matrices
    w.el.locator("label", has_text="all four").click()
    assert w.step() == (1, "Z1") and w.shown("Z1").size == 12
    for name in STEPS[1:]:
        nxt.click()
        w.check(name)
        if name == "dW1":  # the chapter's printed numbers: three equal rows
            assert w.shown("dW1").reshape(3, 2).tolist() == [[0.6662, 1.1459]] * 3
        if name == "dZ2":  # (Y_hat - Y)/m, the 1/m inside
            assert w.shown("dZ2").tolist() == [-0.0007, 0.2274, -0.0019, 0.2261]


def test_the_keyboard_steps_with_enter_space_and_the_arrow_keys(widget_page):
    page = widget_page(PAGE)
    w = Stepper(page)
    nxt, prev = w.el.locator("button.mnn-st-next"), w.el.locator("button.mnn-st-prev")
    nxt.focus()
    for k, key in enumerate(["Enter", "Space"] * 3 + ["Enter"]):  # to step 8, db2
        page.keyboard.press(key)
        w.check(STEPS[k + 1])
    assert page.evaluate("document.activeElement.classList.contains('mnn-st-next')")  # focus stays
    prev.focus()
    page.keyboard.press("Space")
    w.check("dW2")
    page.keyboard.press("Enter")
    w.check("dZ2")
    slider = w.el.locator('input[type=range][aria-label="step"]')
    slider.focus()  # the step slider: arrow keys, Home and End
    for name in ["dW2", "db2", "dA1", "dZ1", "dW1"]:
        page.keyboard.press("ArrowRight")
        w.check(name)
        assert slider.get_attribute("aria-valuetext").startswith(f"step {STEPS.index(name) + 1} of 12: backward")
    page.keyboard.press("End")
    w.check("db1")
    page.keyboard.press("ArrowLeft")
    w.check("dW1")
    page.keyboard.press("Home")
    w.check("Z1")
    _drag(page, slider, 0.99)  # and the mouse on the slider
    w.check("db1")
    # the student choice answers to the keyboard too (a radio group: arrow keys)
    w.el.locator('input[type=radio][value="1"]').focus()
    page.keyboard.press("ArrowRight")
    assert w.el.locator('input[type=radio][value="2"]').is_checked()
    assert "student 2's inputs" in w.el.locator(".mnn-st-inputs legend").inner_text()


def test_a_changed_weight_or_input_gives_mathnns_new_dW1(widget_page):
    page = widget_page(PAGE)
    w = Stepper(page)
    _set(w.el, "step", 11)
    w.check("dW1")
    before = w.shown("dW1")
    # W2's middle weight to 0: no blame reaches hidden neuron 2, its row of dW1 is 0
    _set(w.el, "W2 row 1, column 2: the output's weight for hidden neuron 2", 0.0)
    w.W2[0, 1] = 0.0
    w.check("dW1")
    assert w.shown("dW1").reshape(3, 2)[1].tolist() == [0.0, 0.0]
    # a weight of W1, by mouse and by keys: the shown dW1 is mathnn's for the slider's value
    weight = w.el.locator('input[type=range][aria-label="W1 row 1, column 2: hidden neuron 1\'s weight for GPA"]')
    _drag(page, weight, 0.2)
    w.W1[0, 1] = float(weight.input_value())
    w.check("dW1")
    weight.focus()
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    w.W1[0, 1] = float(weight.input_value())
    w.check("dW1")
    # an input: the second student's GPA to 0, and their share of dW1 has a GPA column of 0
    w.el.locator("label", has_text="student 2").click()
    _set(w.el, "student 2's GPA", 0.0)
    w.X[1, 1] = 0.0
    w.check("dW1")
    assert not np.array_equal(w.shown("dW1"), before)
    share = w.el.locator(".mnn-st-line").first.locator(".mnn-st-term").last
    assert share.locator(".mnn-st-name").inner_text() == "share 2"
    assert [_number(t) for t in share.locator("td").all_inner_texts()][1::2] == [0.0, 0.0, 0.0]
    _set(w.el, "student 2's hours of study", 8.5)
    w.X[0, 1] = 8.5
    w.check("dW1")
    # and the steps before it use the new numbers too
    w.el.locator("button.mnn-st-prev").click()
    w.check("dZ1")
    w.el.locator("button.mnn-st-next").click()
    w.el.locator("button.mnn-st-next").click()
    w.check("db1")
    traits = _stepper_traits(page)  # the page's saved state is the chapter's: untouched by the reader
    assert traits["W2"] == [[1.0, 1.0, 1.0]] and traits["step"] == 1


def test_the_stepper_is_labelled_and_fits_a_phone_in_both_themes(server, browser):
    for theme in ("light", "dark"):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{server}/{PAGE}", wait_until="load")
        widget = page.locator(".mnn-stepper")
        widget.wait_for(timeout=20000)
        if theme == "dark":
            page.evaluate("document.documentElement.dataset.theme = 'dark'")
        widget.scroll_into_view_if_needed()
        for k in range(12):
            box = widget.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"step {k + 1} is wider than the phone"
            assert widget.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), f"step {k + 1} scrolls sideways"
            small = widget.evaluate("""el => [...el.querySelectorAll('*')].filter((e) => e.getClientRects().length
                && e.textContent.trim() && !e.children.length && parseFloat(getComputedStyle(e).fontSize)
                * (e.closest('svg') ? e.closest('svg').getBoundingClientRect().width / e.closest('svg').viewBox.baseVal.width : 1) < 11)
                .map((e) => e.textContent)""")
            assert small == [], f"text under 11 px at step {k + 1}: {small}"
            widget.locator("button.mnn-st-next").click(force=True)  # at the last step it is aria-disabled
        for control in widget.locator("input").all():
            assert control.get_attribute("aria-label") or control.evaluate("e => !!e.closest('label')")
        assert widget.locator("svg[role=img]").get_attribute("aria-label").startswith("The network")
        page.close()
