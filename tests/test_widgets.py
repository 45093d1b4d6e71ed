"""The widgets' Python side: what Jupyter sees when the reader drags a slider."""
import re
from pathlib import Path

import numpy as np
import traitlets
import pytest

from widget_js import assert_assembled, traits_read, traits_sent
import mathnn as nn
from mathnn.widgets import AnswerWidget, BumpWidget, DescentWidget, LayerWidget, NeuronWidget

JS = Path(nn.__file__).parent / "widgets"


def test_neuron_widget_follows_python_and_the_page():
    widget = NeuronWidget(w=1.5, b=0.5, x=1.0)
    assert widget.y == 2.0
    widget.w, widget.b, widget.x = -2.0, 1.0, 3.0  # set from Python
    assert widget.y == nn.neuron(3.0, -2.0, 1.0) == -5.0
    widget.set_state({"w": 0.25})  # what arrives when the reader drags the w slider
    assert widget.w == 0.25 and widget.y == 1.75
    assert repr(widget) == "NeuronWidget(w=0.25, b=1.0, x=3.0)"
    assert widget.get_state()["w"] == 0.25  # synced to the page


def test_layer_widget_is_a_dense_layer():
    W, b, x = [[1.0, -0.5], [0.3, 2.0], [-1.2, 0.8]], [0.1, -0.2, 0.0], [1.0, 0.5]
    widget = LayerWidget(W=W, b=b, x=x)
    assert np.allclose(widget.z, np.array(W) @ np.array(x) + np.array(b))
    widget.set_state({"W": [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]})
    assert widget.z.tolist() == pytest.approx([0.1, 1.3, 2.0])
    assert widget.layer.W.shape == (3, 2)
    with pytest.raises(ValueError, match=r"W has shape \(3, 2\), so x needs 2 numbers, one per input; got 3"):
        LayerWidget(W=W, b=b, x=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"b must have shape \(3, 1\)"):
        LayerWidget(W=W, b=[0.0], x=x)


def test_bump_widget_is_a_network_of_sigmoids():
    widget = BumpWidget(w=[50, 50], b=[-20, -30], v=[1, -1], target=[(0, 0), (1, 0)])
    xs = np.array([0.1, 0.5, 0.9])
    expected = nn.sigmoid(50 * xs - 20) - nn.sigmoid(50 * xs - 30)
    assert np.allclose(widget.y(xs), expected)
    assert widget.y([0.5])[0] > 0.95 and widget.y([0.1])[0] < 0.01  # a bump between 0.4 and 0.6
    widget.set_state({"v": [2.0, -2.0]})
    assert np.allclose(widget.y(xs), 2 * expected)
    with pytest.raises(ValueError, match="one number per hidden neuron"):
        BumpWidget(w=[1, 2], b=[0], v=[1, 1])


def test_descent_widget_runs_gradient_descent():
    x, y = [-1.5, -0.5, 0.5, 1.5], [-2.0, -0.4, 1.1, 2.9]
    widget = DescentWidget(x=x, y=y, w0=-1.0, lr=0.3)
    w_best = np.mean(np.array(x) * y) / np.mean(np.square(x))
    path = widget.path()
    assert path[0] == -1.0 and abs(path[-1] - w_best) < 0.01  # converged
    assert widget.gradient(w_best) == pytest.approx(0.0, abs=1e-12)
    assert widget.gradient(0.5) == pytest.approx(
        nn.numerical_gradient(widget.loss, 0.5), rel=1e-8)
    assert all(widget.loss(a) >= widget.loss(c) for a, c in zip(path, path[1:]))
    widget.set_state({"lr": 1.0})  # past 1 / mean(x^2) = 0.8: the reader makes it diverge
    path = widget.path()
    assert len(path) == widget.max_steps + 1 and abs(path[-1] - w_best) > 100
    widget.set_state({"lr": 0.01})  # tiny steps: still far from the minimum at the step limit
    assert abs(widget.path()[-1] - w_best) > 0.5
    assert widget.limits["lr"][1] == 1.04 and isinstance(widget.limits["lr"][1], float)


@pytest.mark.parametrize("widget", [
    NeuronWidget(), LayerWidget([[1.0]], [0.0], [1.0]), BumpWidget([1], [0], [1]),
    DescentWidget([1.0, 2.0], [1.0, 2.0]), AnswerWidget("z?", [1.0, 2.0])], ids=lambda w: type(w).__name__)
def test_javascript_reads_only_synced_traits(widget):
    # mathnn.js inlined (not in the answer box: it computes nothing), the shared helpers, its own module
    name = type(widget).__name__.removesuffix("Widget").lower()
    esm = assert_assembled(widget, name, engine=not isinstance(widget, AnswerWidget))
    synced, used = set(widget.keys), traits_read(esm)
    assert used and used <= synced, f"the page reads {used - synced}, which Python never sends"


@pytest.mark.parametrize("name", ["neuron", "layer", "bump", "descent"])
def test_widgets_compute_through_mathnn_js(name):
    """A widget draws; its math is mathnn.js's (tested against the Python by test_parity)."""
    source = (JS / f"{name}.js").read_text()
    assert "mnn." in source
    math = re.findall(r"Math\.(?:exp|log|log1p|tanh|pow)\b|\*\*|\.reduce\(", source)
    assert not math, f"{name}.js computes {math} itself instead of calling mathnn.js"


def test_python_changes_reach_the_page_or_are_refused_clearly():
    """In Jupyter only an assigned trait reaches the page: what the page could not show
    truly (an in-place edit, a value past a slider, a shape that does not fit) is refused."""
    layer = LayerWidget([[0.5, 1.0], [2.0, -1.0], [-1.5, 0.5]], [-1.0, 0.5, 1.5], [2.0, 1.0])
    for edit in (lambda: layer.W[0].__setitem__(0, 5.0), lambda: layer.b.append(1.0),
                 lambda: layer.x.sort(), lambda: layer.W.__iadd__([[1.0, 1.0]])):
        with pytest.raises(TypeError, match="cannot be changed in place.*Assign a new list"):
            edit()
    with pytest.raises(traitlets.TraitError, match=r"LayerWidget.W: 4 is outside its slider's range, -3 to 3"):
        layer.W = [[4.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
    with pytest.raises(traitlets.TraitError, match=r"W must have shape \(n_out, n_in\) = \(3, 2\).*set_layer"):
        layer.W = [[1.0, 2.0], [3.0, 0.0]]
    with pytest.raises(traitlets.TraitError, match="finite numbers"):
        layer.x = [1.0, float("nan")]
    with pytest.raises(traitlets.TraitError, match="a list of lists of numbers"):
        layer.W = [1.0, 2.0]
    with pytest.raises(traitlets.TraitError, match="a list of numbers"):
        layer.b = "abc"
    assert layer.z.tolist() == [1.0, 3.5, -1.0]  # nothing above changed it
    layer.set_layer([[1.0, 2.0], [3.0, 0.0]], [0.0, 0.5], [1.0, 1.0])  # a new shape, at once
    assert layer.get_state()["W"] == [[1.0, 2.0], [3.0, 0.0]] and layer.z.tolist() == [3.0, 3.5]

    neuron = NeuronWidget()
    with pytest.raises(traitlets.TraitError, match="NeuronWidget.w: 4 is outside"):
        neuron.w = 4.0
    with pytest.raises(traitlets.TraitError, match="NeuronWidget.x: -5 is outside"):
        NeuronWidget(x=-5.0)

    bump = BumpWidget([10, 10], [-3, -7], [1, 0])
    with pytest.raises(traitlets.TraitError, match="one number per hidden neuron.*set_neurons"):
        bump.w = [1.0, 2.0, 3.0]
    bump.set_neurons([1, 2, 3], [0, 0, 0], [1, 1, 1])
    assert bump.network.layers[0].W.shape == (3, 1)

    descent = DescentWidget([-1.5, -0.5, 0.5, 1.5], [-2.0, -0.4, 1.1, 2.9], w0=-1.0, lr=0.3)
    with pytest.raises(traitlets.TraitError, match="DescentWidget.lr: 5 is outside its slider's range, 0.01 to 1.04"):
        descent.lr = 5.0
    with pytest.raises(traitlets.TraitError, match="DescentWidget.max_steps: 0 is outside"):
        descent.max_steps = 0
    with pytest.raises(traitlets.TraitError, match="Set both at once: widget.set_data"):
        descent.x = [1.0, 2.0]
    with pytest.raises(traitlets.TraitError, match="x must not be all 0"):
        descent.x = [0.0, 0.0, 0.0, 0.0]
    before = descent.path()[-1]
    descent.b = 1.0  # the loss and the path follow the new bias
    assert descent.loss(before) != pytest.approx(DescentWidget(descent.x, descent.y).loss(before))
    descent.set_data([1.0, 2.0], [2.0, 4.0])  # new data: the ranges follow, w0 and lr kept inside
    assert descent.limits["lr"] == [0.01, 0.52, 0.01] and descent.lr == 0.3
    assert descent.limits["w0"][0] <= descent.w0 <= descent.limits["w0"][1]
    assert abs(descent.path()[-1] - 2.0) < 1e-3
    descent.set_data([10.0, 20.0], [20.0, 40.0])  # lr 0.3 is now past the range: moved into it
    assert descent.lr == descent.limits["lr"][1] == 0.01
