"""Chapter 3's escape widget on the built page: dragged, switched, read back, compared with mathnn.

With no activation the curve it draws is mathnn's network and a straight line, and the
collapsed w and b it shows are `EscapeWidget.collapsed`; switched to ReLU (by a click or
by the keyboard) the curve is mathnn's ReLU network and bends where mathnn says.
"""
import json

import numpy as np
import pytest

from mathnn.widgets.escape import EscapeWidget
from test_browser import _curve, _drag, _number, _numbers, _set, _state, browser, server, widget_page  # noqa: F401

pytestmark = pytest.mark.browser

PAGE = "book/03-stacking-layers.html"
LABELS = {  # the seven sliders, by what a screen reader hears
    "W1": ["weight (W1)11, from x to hidden neuron 1", "weight (W1)21, from x to hidden neuron 2"],
    "b1": ["bias (b1)1 of hidden neuron 1", "bias (b1)2 of hidden neuron 2"],
    "W2": ["weight (W2)11, from hidden neuron 1 to the output", "weight (W2)12, from hidden neuron 2 to the output"],
    "b2": ["bias b2 of the output neuron"],
}
SETTINGS = [  # W1, b1, W2, b2: the chapter's numbers, a V, steep, cancelling, one neuron idle
    ([1.0, -1.0], [0.0, 1.0], [1.0, 0.5], -0.5),
    ([1.0, -1.0], [0.0, 0.0], [1.0, 1.0], 0.0),
    ([-2.3, 1.7], [2.9, -0.6], [-1.4, 2.8], 1.1),
    ([1.0, -1.0], [0.0, 0.0], [1.0, -1.0], 0.0),
    ([0.0, 0.5], [1.5, -0.5], [3.0, -1.2], -3.0),
]


def _escape(page):
    widget = page.locator(".mnn-escape")
    widget.wait_for(timeout=20000)
    widget.scroll_into_view_if_needed()
    return widget


def _python_twin(page):
    """An EscapeWidget with the page's saved traits (the notebook's widget)."""
    state = json.loads(page.locator('script[type="application/vnd.jupyter.widget-state+json"]').text_content())
    traits = next(m["state"] for m in state["state"].values() if "activation" in m["state"])
    twin = EscapeWidget(**{k: traits[k] for k in ("W1", "b1", "W2", "b2", "activation", "xlim", "ylim")})
    assert twin.limits == traits["limits"]  # the same sliders as the page's
    return twin


def _set_all(widget, twin, W1, b1, W2, b2):
    for name, values in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", [b2])):
        for label, value in zip(LABELS[name], values):
            _set(widget, label, value)
    twin.W1, twin.b1, twin.W2, twin.b2 = W1, b1, W2, b2


def _drawn(widget, twin):
    """The curve as drawn (x, y inside the plot), and how far from mathnn's its pixels allow."""
    svg = widget.locator("svg.mnn-plot")
    xs, ys = _curve(svg, "mnn-line")
    ylim = [float(v) for v in svg.get_attribute("data-y-domain").split()]
    inside = (ys > ylim[0]) & (ys < ylim[1])  # outside the plot the curve is clipped
    # points are drawn to 0.01 px, so x and y are right to half of that, in data units; an
    # error in x moves y by up to the steepest slope times it
    half_pixel = {axis: 0.0051 * np.ptp([float(v) for v in svg.get_attribute(f"data-{axis}-domain").split()])
                  / np.ptp([float(v) for v in svg.get_attribute(f"data-{axis}-range").split()]) for axis in "xy"}
    steepest = np.max(np.abs(twin.slopes(xs)))
    return xs[inside], ys[inside], half_pixel["y"] + steepest * half_pixel["x"]


def _in_view(twin):
    return [c for c in twin.bends if twin.xlim[0] + 1e-9 < c < twin.xlim[1] - 1e-9]


def test_dragging_and_arrow_keys_redraw(widget_page):
    page = widget_page(PAGE)
    widget = _escape(page)
    for label in (LABELS["W1"][0], LABELS["b2"][0]):
        slider = widget.locator(f'input[type=range][aria-label="{label}"]')
        before = _state(widget)
        _drag(page, slider, 0.9)  # mouse
        after_mouse = _state(widget)
        assert after_mouse[0] != before[0], f"the drawing did not change when {label} was dragged"
        assert after_mouse[1] != before[1] and after_mouse[2] != before[2]
        slider.focus()  # keyboard
        for _ in range(3):
            page.keyboard.press("ArrowLeft")
        after_keys = _state(widget)
        assert after_keys[0] != after_mouse[0] and after_keys[1] != after_mouse[1]
    for slider in widget.locator("input[type=range]").all():
        assert slider.get_attribute("aria-label") in sum(LABELS.values(), [])
    assert widget.locator("input[type=range]").count() == 7


def test_with_no_activation_the_curve_is_mathnns_line_and_its_collapse_is_shown(widget_page):
    page = widget_page(PAGE)
    widget = _escape(page)
    twin = _python_twin(page)
    assert twin.activation == "identity"
    assert widget.locator('input[type=radio][value="identity"]').is_checked()
    for W1, b1, W2, b2 in SETTINGS:
        _set_all(widget, twin, W1, b1, W2, b2)
        xs, ys, tolerance = _drawn(widget, twin)
        assert len(xs) > 20
        expected = twin.y(xs)
        assert np.max(np.abs(ys - expected)) < tolerance, f"{W1, b1, W2, b2}: not mathnn's network"
        slope, intercept = np.polyfit(xs, ys, 1)
        assert np.max(np.abs(ys - (slope * xs + intercept))) < tolerance, "the curve is not a straight line"
        line = twin.collapsed
        w, b = float(line.W[0, 0]), float(line.b[0, 0])
        shown_w = _number(widget.locator(".mnn-collapsed-w").inner_text())
        shown_b = _number(widget.locator(".mnn-collapsed-b").inner_text())
        assert (shown_w, shown_b) == (round(w, 2) + 0.0, round(b, 2) + 0.0)
        status = widget.locator(".mnn-status")
        assert status.get_attribute("aria-live") == "polite"
        assert status.inner_text().startswith("No activation: with these weights the output is the line")
        assert _numbers(status.inner_text()) == [shown_w, abs(shown_b)]  # "0.40x + 0.10" (or "- 0.10")
        assert widget.locator("circle.mnn-bend").count() == 0
        assert "straight line" in widget.locator("svg.mnn-plot").get_attribute("aria-label")


def _check_relu(widget, twin):
    assert twin.activation == "relu"
    xs, ys, tolerance = _drawn(widget, twin)
    assert np.max(np.abs(ys - twin.y(xs))) < tolerance, "not mathnn's ReLU network"
    bends = _in_view(twin)
    shown = [float(c) for c in widget.locator("circle.mnn-bend").evaluate_all("cs => cs.map((c) => c.dataset.x)")]
    assert np.allclose(shown, bends, atol=1e-12)
    status = widget.locator(".mnn-status").inner_text()
    if bends:
        assert status.startswith("ReLU: the output bends at")
        assert _numbers(status) == [round(c, 2) + 0.0 for c in bends]
        # the slopes of the pieces between the bends, from left to right, as mathnn's backward gives them
        edges = [twin.xlim[0], *bends, twin.xlim[1]]
        slopes = twin.slopes([(a + b) / 2 for a, b in zip(edges, edges[1:])])
        assert _numbers(widget.locator(".mnn-slopes").inner_text()) == [round(s, 2) + 0.0 for s in slopes]
        slope, intercept = np.polyfit(xs, ys, 1)
        assert np.max(np.abs(ys - (slope * xs + intercept))) > 10 * tolerance, "it does not bend"
    else:
        assert status.startswith("ReLU: no bend between")
        detail = widget.locator(".mnn-detail").inner_text()
        probe = twin.xlim[0] + 0.01  # inside the plot, away from the crossings of SETTINGS
        assert _numbers(detail)[:1] == [round(float(twin.slopes([probe])[0]), 2) + 0.0] and "all along" in detail
    with pytest.raises(ValueError, match="does not collapse"):
        twin.collapsed
    return bends


def test_switching_relu_on_by_click_and_by_keyboard_bends_it_as_mathnn_does(widget_page):
    page = widget_page(PAGE)
    widget = _escape(page)
    twin = _python_twin(page)
    none = widget.locator('input[type=radio][value="identity"]')
    relu = widget.locator('input[type=radio][value="relu"]')
    assert none.get_attribute("name") == relu.get_attribute("name")  # one group: arrow keys move in it
    # the chapter's numbers: bends at x = 0 and x = 1 (its figure), slopes -0.5, 0.5, 1
    widget.get_by_text("ReLU, f(z) = max(0, z)").click()  # the label, as a reader clicks it
    assert relu.is_checked() and not none.is_checked()
    twin.activation = "relu"
    assert _check_relu(widget, twin) == [0.0, 1.0]
    for W1, b1, W2, b2 in SETTINGS:
        _set_all(widget, twin, W1, b1, W2, b2)
        _check_relu(widget, twin)
    assert _check_relu(widget, twin) == [1.0]  # the last setting: neuron 1 has w = 0

    none.click()  # back: a straight line again
    twin.activation = "identity"
    assert none.is_checked() and widget.locator("circle.mnn-bend").count() == 0
    assert widget.locator(".mnn-status").inner_text().startswith("No activation")

    _set_all(widget, twin, *SETTINGS[2])  # keyboard: Tab to the switch, arrow keys
    none.focus()
    before = _state(widget)
    page.keyboard.press("ArrowRight")
    assert relu.is_checked() and relu.evaluate("el => el === document.activeElement")
    twin.activation = "relu"
    assert _state(widget)[0] != before[0], "the drawing did not change when ReLU was switched on"
    assert len(_check_relu(widget, twin)) == 2
    page.keyboard.press("ArrowLeft")
    assert none.is_checked()
    twin.activation = "identity"
    xs, ys, tolerance = _drawn(widget, twin)
    assert np.max(np.abs(ys - twin.y(xs))) < tolerance
    assert widget.locator(".mnn-status").inner_text().startswith("No activation")
