"""Chapter 4's bump widgets, Python side: the 2-neuron BumpWidget and the many-bump BumpsWidget."""
import re
from pathlib import Path

import numpy as np
import pytest
import traitlets

from widget_js import assert_assembled, traits_read, traits_sent
import mathnn as nn
from mathnn.widgets.bump import BumpWidget
from mathnn.widgets.bumps import BumpsWidget

JS = Path(nn.__file__).parent / "widgets"


def g(x):
    """Nielsen's target, as chapter 4 writes it."""
    return 0.2 + 0.4 * x ** 2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x)


def logistic(z):
    """The sigmoid straight from its definition, independent of mathnn."""
    with np.errstate(over="ignore"):  # e^-z overflows to inf for z < -709: 1 / inf = 0, right
        return 1 / (1 + np.exp(-z))


# ----- BumpWidget: two (or more) neurons, raw w, b, v ---------------------------------------

def test_bump_widget_parts_add_up_to_its_network():
    widget = BumpWidget(w=[37, -64], b=[-12, 41], v=[1.35, -0.6])
    x = np.linspace(0, 1, 11)
    parts = widget.parts(x)
    assert parts.shape == (2, 11)
    assert np.allclose(parts[0], 1.35 * logistic(37 * x - 12))
    assert np.allclose(parts[1], -0.6 * logistic(-64 * x + 41))
    assert np.allclose(parts.sum(axis=0), widget.y(x))
    assert np.allclose(widget.steps, [12 / 37, 41 / 64])


def test_bump_widget_with_w_zero_is_a_flat_line_at_v_sigmoid_b():
    """The review's finding 1: w = 0 gives v sigmoid(b), not v / 2."""
    widget = BumpWidget(w=[0, 10], b=[-3, -7], v=[1, 0])
    x = np.linspace(0, 1, 5)
    assert np.allclose(widget.parts(x)[0], nn.sigmoid(-3.0))  # 0.047..., flat
    assert widget.parts(x)[0][0] == pytest.approx(0.0474, abs=1e-4)
    assert np.isnan(widget.steps[0]) and widget.steps[1] == pytest.approx(0.7)
    assert np.allclose(widget.y(x), nn.sigmoid(-3.0))  # neuron 2 is switched off (v = 0)


def test_bump_widget_keeps_its_constructor_and_refuses_bad_ranges():
    widget = BumpWidget([10, 10], [-3, -7], [1, 0], target=[(0, 0), (1, 1)], xlim=(0.0, 1.0), ylim=(-0.5, 1.5))
    assert widget.ylim == [-0.5, 1.5] and widget.xlim == [0.0, 1.0]
    assert repr(widget) == "BumpWidget(w=[10.0, 10.0], b=[-3.0, -7.0], v=[1.0, 0.0])"
    with pytest.raises(traitlets.TraitError, match=r"ylim must be \(low, high\) with low < high"):
        BumpWidget([1], [0], [1], ylim=(1.0, 0.0))
    with pytest.raises(traitlets.TraitError, match="xlim must be"):
        widget.xlim = [0.0, float("inf")]
    with pytest.raises(traitlets.TraitError, match=r"BumpWidget.v: 3 is outside its slider's range, -2 to 2"):
        widget.v = [3.0, 0.0]


# ----- BumpsWidget: n bumps with fixed steps, heights h_k --------------------------------

def direct_output(widget, x):
    """y(x) = sum_k h_k [sigma(w (x - s_k)) - sigma(w (x - s_(k+1)))], with numpy alone."""
    s, h, w = np.array(widget.s), np.array(widget.h), widget.w
    up = logistic(w * (x[:, None] - s[None, :-1]))
    down = logistic(w * (x[:, None] - s[None, 1:]))
    return (up - down) @ h


def test_bumps_widget_defaults_follow_the_chapter():
    widget = BumpsWidget(g)
    assert widget.n == 6 and widget.w == 240.0 == 40 * widget.n  # w = 40 n, as chapter 4's bumps
    assert widget.h == [0.5] * 6
    assert np.allclose(widget.s, [-1.0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 2.0])  # outer steps moved out
    x, target = np.array(widget.target).T
    assert np.allclose(x, np.linspace(0, 1, 401)) and np.array_equal(target, g(x))
    assert widget.ylim == [-0.5, 1.5]  # every curve the sliders allow: heights -0.5 to 1.5, g inside
    assert widget.goal is None
    assert repr(widget) == "BumpsWidget(h=[0.5, 0.5, 0.5, 0.5, 0.5, 0.5], w=240.0)"


def test_bumps_widget_is_a_network_of_2n_sigmoids():
    widget = BumpsWidget(g, n=5, w=200, h=[0.3, 0.1, 0.6, 0.2, 0.7])
    net = widget.network
    assert net.layers[0].W.shape == (10, 1) and net.layers[1].W.shape == (1, 10)
    assert net.layers[0].activation == "sigmoid" and net.layers[1].activation == "identity"
    s = np.array(widget.s)
    assert np.allclose(widget.b, -200 * np.concatenate([s[:-1], s[1:]]))  # b = -w s: ups, then downs
    assert np.allclose(net.layers[0].b[:, 0], widget.b)
    assert np.allclose(net.layers[1].W[0], [0.3, 0.1, 0.6, 0.2, 0.7, -0.3, -0.1, -0.6, -0.2, -0.7])
    x = np.linspace(-0.2, 1.2, 57)
    assert np.allclose(widget.y(x), direct_output(widget, x), atol=1e-13)
    assert widget.y([0.5])[0] == pytest.approx(0.6, abs=1e-3)  # inside bump 3: its height


@pytest.mark.parametrize("h, w", [(None, None), ([0.32, 0.24, 0.31, 0.45, 0.29, 0.69], 240.0),
                                  ([-0.5, 1.5, 0.0, 1.0, -0.2, 0.7], 10.0), ([1.0] * 6, 500.0)])
def test_bumps_widget_max_error_is_the_largest_gap_computed_directly(h, w):
    widget = BumpsWidget(g, h=h, w=w)
    x = np.linspace(0, 1, 401)
    expected = np.max(np.abs(direct_output(widget, x) - g(x)))
    assert widget.max_error() == pytest.approx(expected, abs=1e-12)


def test_bumps_widget_follows_the_page():
    widget = BumpsWidget(g, goal=0.18)
    before = widget.max_error()
    widget.set_state({"h": [0.32, 0.24, 0.31, 0.45, 0.29, 0.69]})  # what a drag sends
    assert widget.max_error() < 0.18 < before
    widget.set_state({"w": 60.0})
    assert widget.w == 60.0 and np.allclose(widget.network.layers[0].W, 60.0)
    assert widget.get_state()["h"] == [0.32, 0.24, 0.31, 0.45, 0.29, 0.69]


def test_bumps_widget_takes_points_as_its_target():
    points = [(0.0, 0.1), (0.25, 0.4), (0.5, 0.2), (1.0, 0.9)]
    widget = BumpsWidget(points, n=2, w=100, h=[0.25, 0.6])
    assert widget.target == [list(p) for p in points]
    gaps = np.abs(widget.y([p[0] for p in points]) - [p[1] for p in points])
    assert widget.max_error() == pytest.approx(gaps.max())


def test_bumps_widget_refuses_what_it_cannot_show():
    for bad, message in [(dict(n=0), "n, the number of bumps, must be 1 to 12; got 0"),
                         (dict(n=13), "must be 1 to 12; got 13"),
                         (dict(n=2.5), "must be a whole number"),
                         (dict(h=[0.1, 0.2]), "h needs one height per bump: 6 numbers; got 2"),
                         (dict(xlim=(1.0, 0.0)), r"xlim must be \(low, high\) with low < high"),
                         (dict(points=1), "points must be at least 2")]:
        with pytest.raises(ValueError, match=message):
            BumpsWidget(g, **bad)
    with pytest.raises(ValueError, match="one number per input"):
        BumpsWidget(lambda x: 1.0)
    with pytest.raises(ValueError, match="finite"):
        BumpsWidget(lambda x: np.full_like(x, np.inf))
    with pytest.raises(ValueError, match="increasing x"):
        BumpsWidget([(0.0, 1.0), (0.0, 2.0)])
    with pytest.raises(ValueError, match="a function of x or a list of at least 2 points"):
        BumpsWidget([1.0, 2.0, 3.0])
    with pytest.raises(traitlets.TraitError, match=r"BumpsWidget.h: 2 is outside its slider's range, -0.5 to 1.5"):
        BumpsWidget(g, h=[2.0] * 6)
    with pytest.raises(traitlets.TraitError, match="BumpsWidget.w: 1000 is outside its slider's range, 10 to 500"):
        BumpsWidget(g, w=1000)
    with pytest.raises(traitlets.TraitError, match="goal must be a positive number"):
        BumpsWidget(g, goal=-0.1)

    widget = BumpsWidget(g)
    with pytest.raises(traitlets.TraitError, match=r"this would make 5 heights and 7 steps.*BumpsWidget\(target, n=...\)"):
        widget.h = [0.5] * 5
    with pytest.raises(traitlets.TraitError, match="the steps s must increase"):
        widget.s = [0.0, 0.5, 0.2, 0.6, 0.7, 0.8, 0.9]
    with pytest.raises(TypeError, match="cannot be changed in place"):
        widget.h[0] = 1.0
    with pytest.raises(TypeError, match="cannot be changed in place"):
        widget.target[0][1] = 1.0
    with pytest.raises(traitlets.TraitError, match="finite numbers"):
        widget.h = [float("nan")] * 6
    with pytest.raises(ValueError, match="x must hold finite numbers"):
        widget.y([float("nan")])
    assert widget.h == [0.5] * 6 and widget.w == 240.0  # nothing above changed it


# ----- the JavaScript: draws, reads only what Python sends, computes through mathnn.js ------

@pytest.mark.parametrize("widget", [BumpWidget([1], [0], [1]), BumpsWidget(g, n=2)], ids=lambda w: type(w).__name__)
def test_javascript_reads_only_synced_traits(widget):
    esm = assert_assembled(widget, "bump" if isinstance(widget, BumpWidget) else "bumps")
    synced, used = set(widget.keys), traits_read(esm)
    assert used and used <= synced, f"the page reads {used - synced}, which Python never sends"
    assert {"h", "w", "s", "target", "goal"} <= used or {"w", "b", "v"} <= used


@pytest.mark.parametrize("name", ["bump", "bumps"])
def test_widgets_compute_through_mathnn_js(name):
    """A widget draws; its math is mathnn.js's (tested against the Python by test_parity)."""
    source = (JS / f"{name}.js").read_text()
    assert "mnn.Network" in source and "mnn.Dense.from_weights" in source
    math = re.findall(r"Math\.(?:exp|log|log1p|log10|tanh|pow|sqrt)\b|\*\*|\.reduce\(", source)
    assert not math, f"{name}.js computes {math} itself instead of calling mathnn.js"


def test_the_bump_widget_js_says_which_way_each_neuron_steps():
    """The texts the review asked for (findings 1 and 3) are in the drawing code."""
    source = (JS / "bump.js").read_text()
    for text in ["no step, a flat line at", "\\u00b7\\u03c3(", '"up" : "down"', "(off the plot)", "signed(v[j])"]:
        assert text in source, text
    assert "v/2" not in source
