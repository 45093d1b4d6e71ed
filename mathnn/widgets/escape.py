"""The escape widget: try to make a 1 -> 2 -> 1 network draw anything but a line  (chapter 3)."""
import numpy as np
import traitlets

from ..layers import Dense
from ..network import Network
from ._base import Numbers, Slider, Widget, css, esm

ACTIVATIONS = ("identity", "relu")


class _Pair(Numbers):
    """Two numbers, one per hidden neuron: a flat list, or the matrix in the book's shape.

    `shape` is the book's shape of the matrix (W1 and b1: (2, 1); W2: (1, 2)); either it or
    a flat list of 2 numbers is taken, and kept as the flat list the sliders show.
    """

    def __init__(self, shape, meaning, **kwargs):
        self.shape, self.meaning = shape, meaning
        super().__init__(ndim=1, **kwargs)

    def validate(self, obj, value):
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            array = None  # Numbers says what it must be
        if array is not None:
            if array.shape == self.shape:
                value = array.reshape(-1).tolist()
            elif array.shape != (2,):
                raise traitlets.TraitError(
                    f"{self.name} holds {self.meaning}: shape {self.shape}, or a list of 2 numbers, "
                    f"one per hidden neuron (this network is 1 -> 2 -> 1); got shape {array.shape}")
        return super().validate(obj, value)


class _OutputBias(Slider):
    """The output neuron's one bias: a number, or b2 in the book's shape (1, 1)."""

    def validate(self, obj, value):
        if isinstance(value, (list, tuple, np.ndarray)):
            array = np.asarray(value, dtype=float)
            if array.shape not in ((1,), (1, 1)):
                raise traitlets.TraitError(f"b2 is the output neuron's one bias: a number, or shape "
                                           f"(1, 1); got shape {array.shape}")
            value = float(array.reshape(-1)[0])
        return super().validate(obj, value)


class _Activation(traitlets.Unicode):
    """The hidden layer's activation: "identity" (none) or "relu"."""

    def validate(self, obj, value):
        if value not in ACTIVATIONS:
            raise traitlets.TraitError(
                f"{type(obj).__name__}.activation must be \"identity\" (no activation: the two layers "
                f"collapse into one, a straight line) or \"relu\" (max(0, z) on the hidden layer, "
                f"which bends the line); got {value!r}")
        return super().validate(obj, value)


def _interval(name, value):
    lo, hi = (float(v) for v in value)
    if not (np.isfinite([lo, hi]).all() and lo < hi):
        raise ValueError(f"{name} must be two finite numbers, the smaller first; got {tuple(value)!r}")
    return [lo, hi]


class EscapeWidget(Widget):
    """EscapeWidget(W1=(1, -1), b1=(0, 1), W2=(1, 0.5), b2=-0.5, activation="identity",
    xlim=(-3, 3), ylim=(-4.5, 4.5))

    Try to escape the line  (chapter 3): a network with one input, two hidden neurons and
    one output, y_hat = W2 f(W1 x + b1) + b2, drawn for x in `xlim`, with a slider for every
    weight and bias and a switch for the hidden layer's activation f.

    With no activation (f(z) = z, "identity") the two layers collapse into one,
    y_hat = w x + b with w = W2 W1 and b = W2 b1 + b2, a straight line whatever the
    sliders say; the widget shows that w and b live. With "relu", f(z) = max(0, z), the line
    bends where a hidden neuron's z = w x + b crosses 0.

    W1 and b1 (shape (2, 1), or 2 numbers) hold the hidden neurons' weights and biases, W2
    (shape (1, 2), or 2 numbers) the output neuron's weights, b2 its bias. In Jupyter they
    follow the sliders (as flat lists), `widget.activation` follows the switch,
    `widget.network` is the matching mathnn Network, `widget.y(x)` its output,
    `widget.collapsed` the one layer it collapses to (no activation only) and
    `widget.bends` the inputs where the output bends.
    """
    _esm = esm("escape")
    _css = css("escape")
    W1 = _Pair((2, 1), "the hidden layer's weights, one row per hidden neuron").tag(sync=True)
    b1 = _Pair((2, 1), "the hidden neurons' biases").tag(sync=True)
    W2 = _Pair((1, 2), "the output neuron's weights, one column per hidden neuron").tag(sync=True)
    b2 = _OutputBias(0.0).tag(sync=True)
    activation = _Activation("identity").tag(sync=True)
    xlim = traitlets.List(traitlets.Float()).tag(sync=True)
    ylim = traitlets.List(traitlets.Float()).tag(sync=True)

    def __init__(self, W1=(1.0, -1.0), b1=(0.0, 1.0), W2=(1.0, 0.5), b2=-0.5, activation="identity",
                 xlim=(-3.0, 3.0), ylim=(-4.5, 4.5), **kwargs):
        limits = {name: [-3, 3, 0.1] for name in ("W1", "b1", "W2", "b2")}
        super().__init__(limits=limits, W1=W1, b1=b1, W2=W2, b2=b2, activation=activation,
                         xlim=_interval("xlim", xlim), ylim=_interval("ylim", ylim), **kwargs)

    def __repr__(self):
        return super().__repr__()[:-1] + f", activation={self.activation!r})"

    @property
    def network(self):
        """The network: 1 input -> 2 hidden neurons (the activation) -> 1 output (identity)."""
        hidden = Dense.from_weights(np.array(self.W1)[:, None], self.b1, self.activation)
        return Network([hidden, Dense.from_weights([self.W2], [self.b2])])

    @property
    def collapsed(self):
        """The one layer the network equals with no activation: W = W2 W1, b = W2 b1 + b2.

        A `Dense` layer with W and b of shape (1, 1): the line y_hat = w x + b.
        """
        if self.activation == "relu":
            raise ValueError("a ReLU network does not collapse: max(0, z) between the layers bends "
                             "the line, so no single layer w x + b computes it. Set "
                             "widget.activation = \"identity\" to collapse the network")
        return self.network.collapse()

    def y(self, x):
        """The output y_hat for the input x: a number, or an array of inputs (same shape)."""
        x = np.asarray(x, dtype=float)
        out = self.network.forward(x.reshape(1, -1))[0].reshape(x.shape)
        return float(out) if out.ndim == 0 else out

    def slopes(self, x):
        """The output's slope d(y_hat)/dx at the inputs x (an array), by backpropagation.

        Where a hidden neuron's z is exactly 0, ReLU's slope is taken as 0 (chapter 4).
        """
        net = self.network
        x = np.asarray(x, dtype=float).reshape(1, -1)
        net.forward(x)
        return net.backward(np.ones_like(x))[0]

    @property
    def bends(self):
        """The inputs x where the output bends, from left to right (none without activation).

        A bend can only sit where a hidden neuron's z = w x + b crosses 0, x = -b/w; it is
        one where the slope on its left differs from the slope on its right.
        """
        W1, b1 = np.array(self.W1), np.array(self.b1)
        crossings = sorted({float(-b / w) + 0.0 for w, b in zip(W1, b1) if w != 0})  # + 0.0: no -0.0
        crossings = [c for i, c in enumerate(crossings) if i == 0 or c - crossings[i - 1] > 1e-9]
        if self.activation == "identity" or not crossings:
            return []
        # one point inside each straight piece: before the first crossing, between, after the last
        edges = [crossings[0] - 1.0] + crossings + [crossings[-1] + 1.0]
        slopes = self.slopes([(a + b) / 2 for a, b in zip(edges, edges[1:])])
        return [c for c, left, right in zip(crossings, slopes, slopes[1:]) if abs(right - left) > 1e-9]
