"""Chapter 4's bump widgets on the built page: what they draw and say is mathnn's.

Needs a built book (MATHNN_HTML points at another build) and Debian's chromium, as
tests/test_browser.py, whose fixtures and helpers these tests use.
"""
import re

import numpy as np
import pytest

import mathnn as nn
from mathnn.widgets.bump import BumpWidget
from mathnn.widgets.bumps import BumpsWidget
from test_browser import _curve, _drag, _number, _set, _state, _traits, browser, server, widget_page  # noqa: F401

pytestmark = pytest.mark.browser

PAGE = "book/04-activations.html"


def _tolerance(svg):
    """Points are drawn to 0.01 px, so they are right to half of that, in data units."""
    ylim = [float(v) for v in svg.get_attribute("data-y-domain").split()]
    y_pixels = np.ptp([float(v) for v in svg.get_attribute("data-y-range").split()])
    return 0.0051 * (ylim[1] - ylim[0]) / y_pixels


def _bump_note(widget, j):
    """What the bump widget says under neuron j's sliders (its last note)."""
    return widget.locator("fieldset.mnn-group").nth(j).locator("p.mnn-note").last.inner_text()


def _step_at(widget, j):
    return widget.locator("fieldset.mnn-group").nth(j).locator("p.mnn-bump-s").inner_text()


# ----- the 2-neuron BumpWidget ------------------------------------------------------------

def _set_neurons(widget, w, b, v):
    for j in range(len(w)):
        _set(widget, f"weight w{j + 1} of neuron {j + 1}", w[j])
        _set(widget, f"bias b{j + 1} of neuron {j + 1}", b[j])
        _set(widget, f"output weight v{j + 1} of neuron {j + 1}", v[j])
    return BumpWidget(w, b, v)


@pytest.mark.parametrize("w, b, v", [([37, -64], [-12, 41], [1.35, -0.6]),
                                     ([100, 100], [-40, -60], [2.0, -2.0]),
                                     ([0, 30], [-3, -9], [1.0, 2.0])])
def test_bump_widget_draws_each_part_and_the_sum_as_mathnn(widget_page, w, b, v):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-bump")
    python = _set_neurons(widget, w, b, v)
    svg = widget.locator("svg.mnn-plot")
    ylim = [float(t) for t in svg.get_attribute("data-y-domain").split()]
    tolerance = _tolerance(svg)
    grid = np.linspace(0, 1, 201)
    curves = {"mnn-line": python.y(grid), "mnn-bump-part-1": python.parts(grid)[0],
              "mnn-bump-part-2": python.parts(grid)[1]}
    for cls, expected in curves.items():
        xs, ys = _curve(svg, cls)
        assert np.allclose(xs, grid, atol=1e-4)
        assert np.max(np.abs(ys - expected)) < tolerance, f"{cls}: more than {tolerance:.1e} apart"
        # every curve fits the plot: it grows past its smallest box, (-0.5, 1.5), when needed
        assert ylim[0] <= expected.min() and expected.max() <= ylim[1], f"{cls} leaves the plot {ylim}"
    assert ylim[0] <= -0.5 and ylim[1] >= 1.5
    if min(v) <= -2:
        assert ylim[0] <= -2.0
    equation = widget.locator(".mnn-equation").inner_text()
    assert "+ \u2212" not in equation and "+ -" not in equation
    assert f"{v[0]:.2f}\u00b7\u03c3(".replace("-", "\u2212") in equation
    sign = "\u2212" if v[1] < 0 else "+"
    second = f"{sign} {abs(v[1]):.2f}\u00b7\u03c3("
    assert second in equation, equation


def test_bump_widget_says_which_way_each_neuron_steps(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-bump")
    _set_neurons(widget, [10, -54], [-3, -3], [1.0, 1.0])
    assert _bump_note(widget, 0) == "steps up at x = 0.30, from 0.00 to 1.00"
    assert _step_at(widget, 0) == "step at s1 = \u2212b1/w1 = 0.30"
    # w < 0: the sigmoid falls, so the part steps down; its step lies left of the plot
    assert _bump_note(widget, 1) == "steps down at x = \u22120.06 (off the plot), from 1.00 to 0.00"
    assert _step_at(widget, 1) == "step at s2 = \u2212b2/w2 = \u22120.06 (off the plot)"
    # v < 0 with w > 0: down too, from 0 to v
    _set_neurons(widget, [100, 100], [-40, -60], [1.0, -1.0])
    assert _bump_note(widget, 1) == "steps down at x = 0.60, from 0.00 to \u22121.00"
    # v < 0 and w < 0: up, from v to 0
    _set(widget, "weight w2 of neuron 2", -100)
    assert _bump_note(widget, 1) == "steps up at x = \u22120.60 (off the plot), from \u22121.00 to 0.00"
    # v = 0: no step at all
    _set(widget, "output weight v2 of neuron 2", 0.0)
    assert _bump_note(widget, 1) == "v2 = 0: switched off, adds 0 everywhere"
    label = widget.locator("svg.mnn-plot").get_attribute("aria-label")
    assert "Neuron 1: steps up at x = 0.40, from 0.00 to 1.00." in label


@pytest.mark.parametrize("b, v", [(-3, 1.0), (2, -1.5), (0, 0.8)])
def test_bump_widget_with_w_zero_shows_v_sigmoid_b(widget_page, b, v):
    """The review's finding 1: w = 0 is the flat line v sigmoid(b), and the widget says so."""
    page = widget_page(PAGE)
    widget = page.locator(".mnn-bump")
    python = _set_neurons(widget, [0, 10], [b, -7], [v, 0.0])
    flat = float(v * nn.sigmoid(float(b)))
    shown = _bump_note(widget, 0)
    expected = f"w1 = 0: no step, a flat line at v1\u00b7\u03c3(b1) = {v:.2f}\u00b7\u03c3({b}) = {flat:.2f}"
    assert shown == expected.replace("-", "\u2212")
    assert _step_at(widget, 0) == "no step: w1 = 0"
    assert np.allclose(python.parts(np.linspace(0, 1, 5))[0], flat)
    xs, ys = _curve(widget.locator("svg.mnn-plot"), "mnn-bump-part-1")
    assert np.max(np.abs(ys - flat)) < _tolerance(widget.locator("svg.mnn-plot"))


def test_bump_widget_redraws_on_drag_and_keys(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-bump")
    widget.scroll_into_view_if_needed()
    for label, fraction in [("bias b1 of neuron 1", 0.45), ("output weight v2 of neuron 2", 0.95)]:
        slider = widget.locator(f'input[type=range][aria-label="{label}"]')
        before = _state(widget)
        _drag(page, slider, fraction)  # b1 near -10: the step moves to the plot's right edge
        after_mouse = _state(widget)
        assert after_mouse[0] != before[0] and after_mouse[1] != before[1] and after_mouse[2] != before[2]
        slider.focus()
        for _ in range(4):
            page.keyboard.press("ArrowLeft")
        after_keys = _state(widget)
        assert after_keys[0] != after_mouse[0] and after_keys[1] != after_mouse[1]


# ----- the many-bump BumpsWidget ----------------------------------------------------------

def _bumps(page):
    """The page's BumpsWidget, and a Python one with the same traits."""
    widget = page.locator(".mnn-bumps")
    traits = _traits(page, "h", "s")
    python = BumpsWidget(traits["target"], n=len(traits["h"]), w=traits["w"], h=traits["h"],
                         goal=traits["goal"], xlim=traits["xlim"])
    assert python.s == traits["s"] and python.limits == traits["limits"] and python.ylim == traits["ylim"]
    return widget, python


def _readout(widget):
    text = widget.locator(".mnn-bumps-readout").inner_text()
    gap, where = re.search(r"\| = (\d\.\d{3}), at x = ([\u2212\d.]+)\.", text).groups()
    return text, float(gap), _number(where)


HEIGHTS = [[0.31, 0.09, 0.31, 0.47, 0.18, 0.69], [0.2, 0.23, 0.25, 0.41, 0.26, 0.78],
           [-0.5, 1.5, 0.0, 1.0, -0.2, 0.7], [0.5] * 6]


@pytest.mark.parametrize("heights, w", [(HEIGHTS[0], 240), (HEIGHTS[1], 240), (HEIGHTS[2], 60), (HEIGHTS[3], 500)])
def test_bumps_widget_draws_mathnns_network_and_its_largest_gap(widget_page, heights, w):
    page = widget_page(PAGE)
    widget, python = _bumps(page)
    n = python.n
    assert len(heights) == n
    _set(widget, f"steepness w of all {2 * n} neurons", w)
    for k, value in enumerate(heights):
        _set(widget, f"height h{k + 1} of bump {k + 1}", value)
    python.w, python.h = w, heights
    x, g = np.array(python.target).T
    svg = widget.locator("svg.mnn-plot")
    tolerance = _tolerance(svg)
    xs, ys = _curve(svg, "mnn-bumps-sum")
    assert np.allclose(xs, x, atol=1e-4)
    assert np.max(np.abs(ys - python.y(x))) < tolerance, f"the sum is more than {tolerance:.1e} from mathnn's"
    xs, ys = _curve(svg, "mnn-bumps-target")
    assert np.max(np.abs(ys - g)) < tolerance
    for k in range(n):  # bump k alone: neurons k and n + k
        xs, ys = _curve(svg, f"mnn-bumps-part:nth-of-type({k + 1})")
        alone = BumpsWidget(python.target, n=n, w=w, h=np.eye(n)[k] * heights[k]).y(x)
        assert np.max(np.abs(ys - alone)) < tolerance, f"bump {k + 1}"
    text, gap, where = _readout(widget)
    assert f"{gap:.3f}" == f"{python.max_error():.3f}"  # the readout is Python's max_error()
    worst = np.argmax(np.abs(python.y(x) - g))
    assert where == round(x[worst], 2)
    reached = round(python.max_error(), 3) < python.goal
    assert ("Goal reached" in text) == reached and ("not yet" in text) == (not reached)
    assert f"below {python.goal:.2f}" in text
    assert f"largest gap between them is {gap:.3f}" in svg.get_attribute("aria-label")
    # each bump shows its two steps and their biases b = -w s, from the network's layer
    note = widget.locator("fieldset.mnn-group").nth(1).locator("p.mnn-note").inner_text()
    b = python.b
    assert f"b = {b[1]:.1f}".replace("-", "\u2212") in note and f"b = {b[n + 1]:.1f}".replace("-", "\u2212") in note


def test_bumps_widget_says_when_the_goal_is_met(widget_page):
    page = widget_page(PAGE)
    widget, python = _bumps(page)
    text, gap, _ = _readout(widget)
    assert gap == round(python.max_error(), 3) and gap > python.goal and "not yet" in text
    for k, value in enumerate(HEIGHTS[0]):
        _set(widget, f"height h{k + 1} of bump {k + 1}", value)
    text, gap, _ = _readout(widget)
    python.h = HEIGHTS[0]
    assert gap == round(python.max_error(), 3) < python.goal
    assert f"\u2713 Goal reached: {gap:.3f} is below {python.goal:.2f}." in text  # said in words, not colour alone
    assert widget.locator(".mnn-bumps-readout").get_attribute("aria-live") == "polite"


def test_bumps_widget_redraws_on_drag_and_keys(widget_page):
    page = widget_page(PAGE)
    widget, python = _bumps(page)
    widget.scroll_into_view_if_needed()
    for label in ["height h6 of bump 6", f"steepness w of all {2 * python.n} neurons"]:
        slider = widget.locator(f'input[type=range][aria-label="{label}"]')
        before = _state(widget)
        _drag(page, slider, 0.8)
        after_mouse = _state(widget)
        assert after_mouse[0] != before[0] and after_mouse[1] != before[1] and after_mouse[2] != before[2]
        slider.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        after_keys = _state(widget)
        assert after_keys[0] != after_mouse[0] and after_keys[1] != after_mouse[1]
    # what the page shows is still Python's number for the sliders' values
    python.h = [float(v) for v in widget.locator('input[aria-label^="height"]').evaluate_all("els => els.map(e => e.value)")]
    python.w = float(widget.locator('input[aria-label^="steepness"]').input_value())
    assert _readout(widget)[1] == round(python.max_error(), 3)


def test_both_widgets_fit_a_phone_and_keep_11px_text(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/{PAGE}", wait_until="load")
    page.wait_for_selector(".mnn-bumps svg")
    for selector in [".mnn-bump", ".mnn-bumps"]:
        widget = page.locator(selector)
        box = widget.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert widget.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        # plot text, after the SVG is scaled down to the phone
        heights = widget.locator("svg.mnn-plot text.mnn-tick").evaluate_all(
            "els => els.map(e => parseFloat(getComputedStyle(e).fontSize) * e.ownerSVGElement.getBoundingClientRect().width"
            " / e.ownerSVGElement.viewBox.baseVal.width)")
        assert min(heights) >= 11, f"{selector}: plot text of {min(heights):.1f} px"
    page.close()
