"""Chapter 8's descent widgets on the built page, in a real browser: the numbers and stop
reasons they show are mathnn's (Python's `run()`), the learning-rate marks stand at the
special rates, the log chart shows Python's losses, the step buttons grow the path from its
end, and mouse drags and arrow keys redraw every panel.

Needs the built book (MATHNN_HTML points at another build) and Debian's chromium, as
tests/test_browser.py does, whose fixtures these tests use.
"""
import json
import re

import numpy as np
import pytest
from test_browser import _drag, _set, browser, server, widget_page  # noqa: F401 (fixtures)

from mathnn.widgets.descent import DescentWidget
from mathnn.widgets.descent2d import Descent2DWidget

pytestmark = pytest.mark.browser
PAGE = "book/08-gradient-descent.html"
SUPERSCRIPT = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b", "0123456789-")
LR, W0, B0, STEPS = "learning rate \u03b7", "start w\u2080", "start b\u2080", "step limit"


def _value(text):
    """A number as the widgets show it: 1.673, −0.50, 6.6·10⁷ or 10⁻⁶. Returns (value, the
    relative precision it was shown to: None for fixed digits)."""
    text = text.replace("\u2212", "-")
    sci = re.fullmatch(r"(-?)(?:([\d.]+)\u00b7)?10([\u2070-\u209f\u00b9\u00b2\u00b3]+)", text)
    if sci:
        sign, mantissa, power = sci.groups()
        return float(f"{sign}{mantissa or 1}e{power.translate(SUPERSCRIPT)}"), 0.05
    return float(text), None


def _same(shown, python, digits):
    value, rel = _value(shown)
    if rel is None:
        return value == round(python, digits)
    return abs(value - python) <= rel * abs(python)


def _models(page):
    """The page's widget models, as saved in the page: (1-D traits, 2-D traits)."""
    state = json.loads(page.locator('script[type="application/vnd.jupyter.widget-state+json"]').text_content())
    models = [m["state"] for m in state["state"].values()]
    one = next(m for m in models if "w0" in m and "b0" not in m and "wlim" in m)
    two = next(m for m in models if "b0" in m and "curvatures" in m)
    return one, two


def _python(page):
    one, two = _models(page)
    return (DescentWidget(x=one["x"], y=one["y"], b=one["b"], w0=one["w0"], lr=one["lr"], tol=one["tol"],
                          max_steps=one["max_steps"]),
            Descent2DWidget(x=two["x"], y=two["y"], w0=two["w0"], b0=two["b0"], lr=two["lr"], tol=two["tol"],
                            max_steps=two["max_steps"]))


def _report(widget):
    return widget.locator(".mnn-equation").inner_text()


REPORT_1D = re.compile(r"After (\d+) (steps?): w = (\S+), L\(w\) = (\S+)\. Stopped because (.+)\.")
REPORT_2D = re.compile(r"After (\d+) (steps?): w = (\S+), b = (\S+), L\(w, b\) = (\S+)\. Stopped because (.+)\.")
SAYS = {"converged": "stopped changing, close to its lowest value",
        "stalled": "stopped changing, but this is not the bottom",
        "ran off": "left the top of the chart",
        "rising": "the loss went up at every step: past \u03b7 = 1/a each step overshoots more than the last",
        "falling": "while the loss was still falling",
        "mixed": "the loss went up at"}


def _check_1d(widget, python):
    ws, reason = python.run()
    shown = _report(widget)
    steps, word, w, loss, why = REPORT_1D.fullmatch(shown).groups()
    assert int(steps) == len(ws) - 1 and word == ("step" if int(steps) == 1 else "steps"), shown
    assert _same(w, ws[-1], 3) and _same(loss, python.loss(ws[-1]), 4), shown
    assert widget.locator(".mnn-equation").get_attribute("data-reason") == reason
    assert SAYS[reason] in why, (reason, shown)
    assert not re.search(r"\d{6,}", shown), f"a raw huge number: {shown}"
    return ws, reason


def _chart_values(svg):
    """The loss chart's points, read back from pixels: (steps, L - L*) (log axis)."""
    points = np.array([[float(v) for v in p.split(",")]
                       for p in svg.locator("polyline.mnn-history").get_attribute("points").split()])
    def axis(name, values):
        (a, b), (pa, pb) = ([float(v) for v in svg.get_attribute(f"data-{name}-{k}").split()]
                            for k in ("domain", "range"))
        return a + (values - pa) * (b - a) / (pb - pa)
    assert svg.get_attribute("data-y-scale") == "log10"
    return axis("x", points[:, 0]), 10 ** axis("y", points[:, 1])


def test_descent_widget_reports_pythons_run_and_true_stop_reasons(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-descent")
    python, _ = _python(page)
    assert python.limits == _models(page)[0]["limits"]  # the same sliders as the page's
    a = python.curvature
    (w_lo, w_hi, _), lr_hi = python.limits["w0"], python.limits["lr"][1]
    seen = set()
    for lr, w0, steps in [(0.05, -0.5, 30), (0.3, w_lo, 30), (0.52, 2.5, 10), (0.93, 0.5, 60), (1.03, w_hi, 20),
                          (1.04, -0.5, 30), (1.2, 0.0, 60), (lr_hi, w_lo, 60), (0.6, 3.0, 1)]:
        _set(widget, LR, lr), _set(widget, W0, w0), _set(widget, STEPS, steps)
        python.lr, python.w0, python.max_steps = lr, w0, steps
        seen.add(_check_1d(widget, python)[1])
        r = float(widget.locator(".mnn-rate").get_attribute("data-r"))
        assert r == pytest.approx(1 - 2 * lr * a, abs=1e-12)
    assert seen == {"falling", "converged", "rising", "ran off"}


def test_the_rate_r_is_the_same_from_every_start(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-descent")
    python, _ = _python(page)
    _set(widget, LR, 0.8)
    shown = set()
    for w0 in python.limits["w0"][:2] + [0.0, 3.0]:
        _set(widget, W0, w0)
        shown.add(widget.locator(".mnn-rate").inner_text())
    assert len(shown) == 1 and "the same from every start" in shown.pop()


def test_marks_stand_at_the_one_step_rate_and_the_divergence_rate(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-descent")
    python, _ = _python(page)
    a = python.curvature
    slider = widget.locator(f'input[type=range][aria-label="{LR}"]')
    lo, hi, _ = python.limits["lr"]
    box = slider.bounding_box()
    marks = widget.locator(".mnn-mark")
    assert marks.count() == 2
    for k, rate in enumerate([1 / (2 * a), 1 / a]):
        mark = marks.nth(k).bounding_box()
        expected = box["x"] + 8 + (box["width"] - 16) * (rate - lo) / (hi - lo)  # the thumb's centre there
        assert abs(mark["x"] + mark["width"] / 2 - expected) < 1.5
        assert f"{rate:.2f}" in marks.nth(k).inner_text()  # shown, and the button's name
        about = page.locator("#" + marks.nth(k).get_attribute("aria-describedby")).text_content()
        assert f"{rate:.3f}" in about and "press to set it" in about
    # keyboard and screen-reader users get the marks as text, with the slider
    described = page.locator("#" + slider.get_attribute("aria-describedby")).text_content()
    assert f"1/(2a) = {1 / (2 * a):.3f}" in described and f"1/a = {1 / a:.3f}" in described
    # a mark sets its rate: at 1/(2a) one step lands on w*; at 1/a the loss stops changing, far
    # from the bottom, and the widget says so
    _set(widget, W0, -0.5), _set(widget, STEPS, 30)
    marks.nth(0).click()
    python.lr, python.w0, python.max_steps = 1 / (2 * a), -0.5, 30
    ws, reason = _check_1d(widget, python)
    assert reason == "converged" and ws[1] == pytest.approx(python.w_best, abs=1e-12)
    marks.nth(1).focus()
    page.keyboard.press("Enter")  # the keyboard reaches the marks too
    python.lr = 1 / a
    ws, reason = _check_1d(widget, python)
    assert reason == "stalled" and len(ws) == 2
    assert "not \u201cwe are at the bottom\u201d" in widget.locator(".mnn-why").inner_text()


def test_the_log_chart_shows_pythons_losses(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-descent")
    python, _ = _python(page)
    lo, top = python.llim
    for lr, steps in [(0.3, 30), (0.93, 60), (1.2, 40)]:
        _set(widget, LR, lr), _set(widget, W0, -0.5), _set(widget, STEPS, steps)
        python.lr, python.w0, python.max_steps = lr, -0.5, steps
        ws, _ = python.run()
        excess = np.array([python.loss(w) for w in ws]) - python.loss_best
        t, shown = _chart_values(widget.locator("svg.mnn-loss-chart"))
        assert np.allclose(t, np.arange(len(ws)), atol=1e-3)  # drawn to 0.01 px
        visible = excess > lo
        assert np.allclose(np.log10(shown[visible]), np.log10(excess[visible]), atol=0.02)
        assert np.all(shown[~visible] <= lo * 1.01)  # at or below the floor: on the floor
        # a fixed r is a straight line: equal steps in log10(L - L*), of 2 log10|r|
        slope = np.diff(np.log10(shown[visible]))
        assert np.allclose(slope, 2 * np.log10(abs(1 - 2 * lr * python.curvature)), atol=0.05)


def test_step_buttons_grow_the_path_from_its_end(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-descent")
    python, _ = _python(page)
    _set(widget, LR, 0.93), _set(widget, W0, -0.5)
    more = widget.get_by_role("button", name=re.compile("^1 step"))
    back = widget.get_by_role("button", name=re.compile("^back to step 1"))
    back.click()
    python.lr, python.w0, python.max_steps = 0.93, -0.5, 1
    _check_1d(widget, python)
    for n in (2, 3, 4):
        more.click()
        python.max_steps = n
        ws, _ = _check_1d(widget, python)
        assert widget.locator(f'input[type=range][aria-label="{STEPS}"]').input_value() == str(n)
    _set(widget, LR, 0.3), _set(widget, STEPS, 60)  # converges: more steps would change nothing
    assert more.is_disabled() and "has stopped" in widget.inner_text()


def test_two_parameter_widget_reports_pythons_run(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-descent2d")
    _, python = _python(page)
    assert python.limits == _models(page)[1]["limits"]
    steep, gentle = python.curvatures
    seen = set()
    for lr, w0, b0, steps in [(0.15, 0.0, 0.0, 60), (0.05, 3.0, -4.0, 100), (0.17, -1.0, 1.0, 100),
                              (0.19, 0.0, 0.0, 60), (0.22, 0.0, 0.0, 100), (0.08, 1.0, -1.0, 1)]:
        _set(widget, LR, lr), _set(widget, W0, w0), _set(widget, B0, b0), _set(widget, STEPS, steps)
        python.lr, python.w0, python.b0, python.max_steps = lr, w0, b0, steps
        path, reason = python.run()
        shown = _report(widget)
        n, word, w, b, loss, why = REPORT_2D.fullmatch(shown).groups()
        assert int(n) == len(path) - 1 and word == ("step" if int(n) == 1 else "steps"), shown
        assert _same(w, path[-1][0], 3) and _same(b, path[-1][1], 3), shown
        assert _same(loss, python.loss(*path[-1]), 4), shown
        assert widget.locator(".mnn-equation").get_attribute("data-reason") == reason
        seen.add(reason)
        r1, r2 = (float(v) for v in widget.locator(".mnn-rate").get_attribute("data-r").split())
        assert (r1, r2) == pytest.approx(python.rates, abs=1e-12)
    assert {"falling", "mixed", "ran off"} <= seen
    # the marks: 1/(2 lambda_1) and 1/lambda_1
    slider = widget.locator(f'input[type=range][aria-label="{LR}"]')
    lo, hi, _ = python.limits["lr"]
    box = slider.bounding_box()
    for k, rate in enumerate([1 / (2 * steep), 1 / steep]):
        mark = widget.locator(".mnn-mark").nth(k).bounding_box()
        expected = box["x"] + 8 + (box["width"] - 16) * (rate - lo) / (hi - lo)
        assert abs(mark["x"] + mark["width"] / 2 - expected) < 1.5


def test_two_parameter_widget_draws_the_loss_and_the_path(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-descent2d")
    _, python = _python(page)
    _set(widget, LR, 0.15), _set(widget, W0, 0.0), _set(widget, B0, 0.0), _set(widget, STEPS, 40)
    python.lr, python.w0, python.b0, python.max_steps = 0.15, 0.0, 0.0, 40
    path, _ = python.run()
    svg = widget.locator("svg.mnn-contour-map")
    # the path's points, read back from pixels, are Python's
    pixels = np.array([[float(v) for v in p.split(",")]
                       for p in svg.locator("polyline.mnn-path").get_attribute("points").split()])
    def axis(name, values):
        (a, b), (pa, pb) = ([float(v) for v in svg.get_attribute(f"data-{name}-{k}").split()]
                            for k in ("domain", "range"))
        return a + (values - pa) * (b - a) / (pb - pa)
    drawn = np.stack([axis("x", pixels[:, 0]), axis("y", pixels[:, 1])], axis=1)
    assert np.allclose(drawn, path, atol=1e-6)
    # the contour lines: every point of a line has the line's height above the lowest loss,
    # to the precision of straight-line interpolation on the grid (cells of width h: the
    # quadratic bends by at most lambda_1 h^2 / 4 inside one), and each line is half as high
    # as the one around it
    contours = svg.locator("path.mnn-contour")
    assert contours.count() >= 10
    h = (python.wlim[1] - python.wlim[0]) / 60
    bend = python.curvatures[0] * h * h / 4
    levels = []
    for k in range(contours.count()):
        d = contours.nth(k).get_attribute("d")
        pts = np.array([[float(v) for v in p.split(",")] for p in re.findall(r"[ML]([^ML]+)", d)])
        if len(pts) < 20:
            continue
        heights = np.array([python.loss(w, b) for w, b in zip(axis("x", pts[:, 0]), axis("y", pts[:, 1]))]) \
            - python.loss_best
        level = np.median(heights)
        assert np.max(np.abs(heights - level)) < bend + 1e-3 * level, f"contour {k} is not a level line"
        levels.append(level)
    big = np.array([v for v in levels if v > 100 * bend])
    assert len(big) >= 5 and np.allclose(big[1:] / big[:-1], 0.5, rtol=0.02)


@pytest.mark.parametrize("selector", [".mnn-descent", ".mnn-descent2d"])
def test_mouse_and_arrow_keys_redraw_every_panel(widget_page, selector):
    page = widget_page(PAGE)
    widget = page.locator(selector)
    widget.scroll_into_view_if_needed()
    panels = lambda: (widget.locator("svg.mnn-plot").first.inner_html(),
                      widget.locator("svg.mnn-loss-chart").inner_html(),
                      widget.locator(".mnn-readout").all_inner_texts(), _report(widget))
    for label in (LR, W0):
        slider = widget.locator(f'input[type=range][aria-label="{label}"]')
        _set(widget, LR, 0.1), _set(widget, STEPS, 30)
        before = panels()
        _drag(page, slider, 0.8)  # mouse
        after_mouse = panels()
        assert all(a != b for a, b in zip(before, after_mouse)), f"a drag of {label} left a panel as it was"
        slider.focus()  # keyboard
        for _ in range(3):
            page.keyboard.press("ArrowLeft")
        after_keys = panels()
        assert all(a != b for a, b in zip(after_mouse, after_keys)), f"arrow keys on {label} left a panel as it was"
