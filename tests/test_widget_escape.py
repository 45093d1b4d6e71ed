"""The escape widget's Python side (chapter 3): a 1 -> 2 -> 1 network that, without an
activation, stays a straight line whatever its sliders say, and bends with ReLU."""
import re
from pathlib import Path

import numpy as np
import pytest
import traitlets

from widget_js import assert_assembled, traits_read, traits_sent
import mathnn as nn
from mathnn.widgets.escape import EscapeWidget

JS = Path(nn.__file__).parent / "widgets"
# the chapter's example: W1 = (1, -1)^T, b1 = (0, 1)^T, W2 = (1, 0.5), b2 = -0.5
W1_s, b1_s = np.array([[1.0], [-1.0]]), np.array([[0.0], [1.0]])
W2_s, b2_s = np.array([[1.0, 0.5]]), np.array([[-0.5]])


def _reference(W1, b1, W2, b2, activation):
    return nn.Network([nn.Dense.from_weights(np.reshape(W1, (2, 1)), np.reshape(b1, (2, 1)), activation),
                       nn.Dense.from_weights(np.reshape(W2, (1, 2)), [[b2]])])


def test_takes_the_chapters_matrices_and_shows_them_as_slider_values():
    widget = EscapeWidget(W1=W1_s, b1=b1_s, W2=W2_s, b2=b2_s)
    assert (widget.W1, widget.b1, widget.W2, widget.b2) == ([1.0, -1.0], [0.0, 1.0], [1.0, 0.5], -0.5)
    assert widget.activation == "identity" and widget.xlim == [-3.0, 3.0]
    assert repr(widget) == ("EscapeWidget(W1=[1.0, -1.0], b1=[0.0, 1.0], W2=[1.0, 0.5], b2=-0.5, "
                            "activation='identity')")
    assert repr(EscapeWidget()) == repr(widget)  # the chapter's numbers are the defaults
    state = widget.get_state()
    assert state["W1"] == [1.0, -1.0] and state["activation"] == "identity"
    assert state["limits"] == {name: [-3, 3, 0.1] for name in ("W1", "b1", "W2", "b2")}


def test_network_is_mathnns_with_either_activation():
    xs = np.linspace(-3, 3, 61)
    widget = EscapeWidget(W1=[0.7, -2.1], b1=[1.3, -0.4], W2=[-1.5, 2.2], b2=0.9)
    for activation in ("identity", "relu"):
        widget.activation = activation
        net = widget.network
        assert [layer.activation for layer in net.layers] == [activation, "identity"]
        assert net.layers[0].W.shape == (2, 1) and net.layers[1].W.shape == (1, 2)
        expected = _reference([0.7, -2.1], [1.3, -0.4], [-1.5, 2.2], 0.9, activation).forward(xs[None])[0]
        assert np.array_equal(widget.y(xs), expected)
        assert widget.y(0.5) == pytest.approx(float(expected[35]))
    hidden = np.maximum(0, np.array([[0.7], [-2.1]]) * xs + np.array([[1.3], [-0.4]]))
    assert np.allclose(widget.y(xs), np.array([-1.5, 2.2]) @ hidden + 0.9)  # by hand


def test_without_activation_it_collapses_to_one_line_whatever_the_sliders():
    rng = np.random.default_rng(3)
    widget = EscapeWidget()
    for _ in range(20):
        values = np.round(rng.uniform(-3, 3, size=7), 1)
        widget.set_state({"W1": values[:2].tolist(), "b1": values[2:4].tolist(),  # as the page sends them
                          "W2": values[4:6].tolist(), "b2": float(values[6])})
        one = widget.collapsed
        assert isinstance(one, nn.Dense) and one.W.shape == (1, 1) and one.b.shape == (1, 1)
        W1, b1, W2, b2 = values[:2, None], values[2:4, None], values[None, 4:6], values[6]
        assert np.allclose(one.W, W2 @ W1) and np.allclose(one.b, W2 @ b1 + b2)
        xs = np.linspace(-3, 3, 31)
        assert np.allclose(widget.y(xs), one.W[0, 0] * xs + one.b[0, 0])  # a straight line
        assert widget.bends == []
    widget.set_state({"W1": [1.0, -1.0], "b1": [0.0, 0.0], "W2": [1.0, 1.0], "b2": 0.0})  # |x|, if only
    assert widget.collapsed.W[0, 0] == 0.0 and widget.y(-2.0) == widget.y(2.0) == 0.0


def test_relu_bends_and_does_not_collapse():
    widget = EscapeWidget(W1=W1_s, b1=b1_s, W2=W2_s, b2=b2_s, activation="relu")
    assert widget.bends == [0.0, 1.0]  # where z1 = x and z2 = 1 - x cross 0 (the chapter's figure)
    assert widget.slopes([-2.0, 0.5, 2.0]).tolist() == [-0.5, 0.5, 1.0]
    with pytest.raises(ValueError, match="a ReLU network does not collapse.*activation = \"identity\""):
        widget.collapsed
    widget.set_state({"W1": [1.0, -1.0], "b1": [0.0, 0.0], "W2": [1.0, 1.0], "b2": 0.0})
    assert widget.bends == [0.0] and widget.y([-2.0, 0.0, 2.0]).tolist() == [2.0, 0.0, 2.0]  # a V
    # a crossing where the output does not bend: that neuron's output weight is 0 ...
    widget.set_state({"W2": [1.0, 0.0]})
    assert widget.bends == [0.0]
    widget.set_state({"b1": [0.0, 1.0]})
    assert widget.bends == [0.0]
    # ... or two kinks that cancel: relu(x) - relu(-x) = x, a line even with ReLU
    widget.set_state({"b1": [0.0, 0.0], "W2": [1.0, -1.0]})
    assert widget.bends == [] and np.allclose(widget.y([-2.0, 1.0]), [-2.0, 1.0])
    widget.set_state({"W1": [0.0, 0.0]})  # no neuron's z crosses 0
    assert widget.bends == []
    widget.activation = "identity"  # and back: it collapses again
    assert widget.collapsed.W[0, 0] == 0.0


def test_python_changes_reach_the_page_or_are_refused_in_the_books_terms():
    widget = EscapeWidget()
    for bad in ("none", "sigmoid", None, "ReLU"):
        with pytest.raises(traitlets.TraitError, match=r'activation must be "identity" \(no activation.*or "relu"'):
            widget.activation = bad
    with pytest.raises(traitlets.TraitError, match="activation must be"):
        EscapeWidget(activation="tanh")
    assert widget.activation == "identity"
    widget.W1 = [[2.0], [0.5]]  # the book's shape (2, 1) ...
    widget.W2 = np.array([[0.3, -0.3]])  # ... and (1, 2)
    widget.b2 = np.array([[1.5]])
    assert (widget.W1, widget.W2, widget.b2) == ([2.0, 0.5], [0.3, -0.3], 1.5)
    assert widget.get_state()["W1"] == [2.0, 0.5]
    with pytest.raises(traitlets.TraitError, match=r"W1 holds the hidden layer's weights.*shape \(2, 1\).*got shape \(1, 2\)"):
        widget.W1 = [[1.0, 2.0]]
    with pytest.raises(traitlets.TraitError, match=r"b1 holds the hidden neurons' biases.*1 -> 2 -> 1\); got shape \(3,\)"):
        widget.b1 = [0.0, 1.0, 2.0]
    with pytest.raises(traitlets.TraitError, match=r"W2 holds the output neuron's weights.*shape \(1, 2\).*got shape \(2, 1\)"):
        widget.W2 = [[1.0], [2.0]]
    with pytest.raises(traitlets.TraitError, match=r"b2 is the output neuron's one bias.*got shape \(2,\)"):
        widget.b2 = [1.0, 2.0]
    with pytest.raises(traitlets.TraitError, match=r"EscapeWidget.W2: 3.5 is outside its slider's range, -3 to 3"):
        widget.W2 = [3.5, 0.0]
    with pytest.raises(traitlets.TraitError, match=r"EscapeWidget.b2: -4 is outside"):
        widget.b2 = -4.0
    with pytest.raises(traitlets.TraitError, match="finite numbers"):
        widget.b1 = [0.0, float("inf")]
    with pytest.raises(TypeError, match="cannot be changed in place"):
        widget.W1[0] = 1.0
    with pytest.raises(ValueError, match="xlim must be two finite numbers, the smaller first"):
        EscapeWidget(xlim=(3, -3))
    assert (widget.W1, widget.b1, widget.W2, widget.b2) == ([2.0, 0.5], [0.0, 1.0], [0.3, -0.3], 1.5)


def test_javascript_reads_only_synced_traits():
    widget = EscapeWidget()
    esm = assert_assembled(widget, "escape")
    synced, used, set_ = set(widget.keys), traits_read(esm), traits_sent(esm)
    assert {"W1", "b1", "W2", "b2", "activation", "xlim", "ylim", "limits"} <= used
    assert used <= synced, f"the page reads {used - synced}, which Python never sends"
    assert set_ == {"activation"} and set_ <= synced


def test_widget_computes_through_mathnn_js():
    """It draws; the network, its collapse and its slopes are mathnn.js's."""
    source = (JS / "escape.js").read_text()
    for call in ("mnn.Network", "mnn.Dense.from_weights", ".collapse()", ".forward(", ".backward("):
        assert call in source
    math = re.findall(r"Math\.(?:exp|log|log1p|tanh|pow|max\(0)\b|\*\*|\.reduce\(", source)
    assert not math, f"escape.js computes {math} itself instead of calling mathnn.js"
