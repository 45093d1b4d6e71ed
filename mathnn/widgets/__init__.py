"""Slider widgets that work in Jupyter and on the static book page  (chapters 1, 2, 4, 8).

Each widget is an anywidget: a Python class whose traitlets (`w`, `b`, ...) are real
Python values in Jupyter, plus JavaScript that draws the picture in the browser. Every
widget computes through mathnn.js, the JavaScript twin of this package (tested against it
by tests/test_parity.py), and draws with the helpers in common.js.

A widget's JavaScript (its `_esm`) is one self-contained ES module: mathnn.js inlined as
`const mnn = ...`, then common.js, then the widget's own file. Jupyter runs it as it is.
The widget's state, code included, is saved in the notebook when it is executed, so the
sliders keep working on the rendered page with no kernel; there the book loads mathnn.js
once, as a module, in place of the inlined copy (web/widget_host.py).
"""
import re
from pathlib import Path

import anywidget
import numpy as np
import traitlets

from ..layers import Dense, neuron
from ..losses import mean_squared_error, mean_squared_error_prime
from ..network import Network

_HERE = Path(__file__).parent


def inline_engine(source):
    """The ES module mathnn.js as one statement, `const mnn = (() => {...})();`.

    Its `export function f` / `export const c` / `export class C` lines become plain
    declarations inside a function that returns them all, so `mnn.f` means the same as
    after `import * as mnn from "./mathnn.js"`.
    """
    names = re.findall(r"^export (?:function|const|class) (\w+)", source, flags=re.M)
    body = re.sub(r"^export ", "", source, flags=re.M)
    return f"const mnn = (() => {{\n{body}\nreturn {{ {', '.join(names)} }};\n}})();\n"


ENGINE = (_HERE / "mathnn.js").read_text()
ENGINE_INLINE = inline_engine(ENGINE)  # how every widget's _esm begins


def _esm(name):
    """The widget's JavaScript: mathnn.js inlined, the shared helpers, the widget's module."""
    return ENGINE_INLINE + (_HERE / "common.js").read_text() + "\n" + (_HERE / f"{name}.js").read_text()


class ReadOnlyList(list):
    """A widget's list of numbers, which cannot be changed in place.

    In Jupyter only assigning a trait reaches the page; `widget.w[0] = 5` would change
    Python's copy alone, so it is refused with this message instead.
    """

    def _refuse(self, *args, **kwargs):
        raise TypeError("a widget's numbers cannot be changed in place: the page would not "
                        "follow. Assign a new list instead, e.g. widget.w = [1.0, 2.0]")

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = sort = reverse = clear = _refuse


def _read_only(value):
    return ReadOnlyList(_read_only(v) for v in value) if isinstance(value, list) else value


def _check_limits(widget, name, values):
    """Refuse a value outside its slider's range: the page could not show it truly."""
    limits = widget.limits.get(name) if isinstance(widget.limits, dict) else None
    if not limits:
        return
    lo, hi = limits[0], limits[1]
    for value in values:
        if not lo <= value <= hi:
            raise traitlets.TraitError(f"{type(widget).__name__}.{name}: {value:g} is outside its "
                                       f"slider's range, {lo:g} to {hi:g}")


class Slider(traitlets.Float):
    """A number shown by a slider: refused outside the slider's range, `limits[name]`."""

    def validate(self, obj, value):
        value = super().validate(obj, value)
        _check_limits(obj, self.name, [value])
        return value


class WholeSlider(traitlets.Int):
    """A whole number shown by a slider: refused outside the slider's range."""

    def validate(self, obj, value):
        value = super().validate(obj, value)
        _check_limits(obj, self.name, [value])
        return value


class Numbers(traitlets.TraitType):
    """A list (ndim=1) or a list of lists (ndim=2) of finite numbers, read-only once set.

    With a slider for each entry (`limits[name]`), every entry must lie in its range.
    """
    default_value = ReadOnlyList()

    def __init__(self, ndim=1, **kwargs):
        self.ndim = ndim
        super().__init__(**kwargs)

    def validate(self, obj, value):
        kind = "a list of numbers" if self.ndim == 1 else "a list of lists of numbers (a matrix)"
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise traitlets.TraitError(f"{self.name} must be {kind}; got {value!r}") from None
        if array.ndim != self.ndim or array.size == 0:
            raise traitlets.TraitError(f"{self.name} must be {kind}; got {value!r}")
        if not np.isfinite(array).all():
            raise traitlets.TraitError(f"{self.name} must hold finite numbers; got {value!r}")
        _check_limits(obj, self.name, array.ravel())
        return _read_only(array.tolist())


class _Widget(anywidget.AnyWidget):
    """What every widget shares: its CSS, and the range of each slider (`limits`).

    Pass `limits` to `super().__init__` before the values, so that they are checked.
    """
    _css = (_HERE / "widgets.css").read_text()
    limits = traitlets.Dict().tag(sync=True)  # name -> [min, max, step] for each slider

    def __repr__(self):
        """The class and its slider values, e.g. NeuronWidget(w=1.5, b=0.5, x=1.0)."""
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.limits)
        return f"{type(self).__name__}({values})"


class NeuronWidget(_Widget):
    """NeuronWidget(w=1.0, b=0.0, x=1.0)

    Sliders for f(x) = w x + b: the line, the bias where it meets x = 0, and f(x).

    In Jupyter, `widget.w`, `widget.b` and `widget.x` follow the sliders, and
    `widget.y` is f(x) computed by `mathnn.neuron`.
    """
    _esm = _esm("neuron")
    w = Slider(1.0).tag(sync=True)
    b = Slider(0.0).tag(sync=True)
    x = Slider(1.0).tag(sync=True)

    def __init__(self, w=1.0, b=0.0, x=1.0, **kwargs):
        limits = {"w": [-3, 3, 0.1], "b": [-3, 3, 0.1], "x": [-3, 3, 0.1]}
        super().__init__(limits=limits, w=w, b=b, x=x, **kwargs)

    @property
    def y(self):
        """f(x) = w x + b at the current slider values."""
        return neuron(self.x, self.w, self.b)


class LayerWidget(_Widget):
    """LayerWidget(W, b, x)

    Sliders for every input, weight and bias of a small layer: z = W x + b.

    W: (n_out, n_in) nested list, b: n_out numbers, x: n_in numbers (one sample).
    In Jupyter, `widget.layer` is the `mathnn.Dense` layer with the current W and b, and
    `widget.z` its output for the current x, shape (n_out,). Assign W, b or x to move the
    sliders; to give the layer another shape, set all three at once with `set_layer`.
    """
    _esm = _esm("layer")
    W = Numbers(ndim=2).tag(sync=True)
    b = Numbers().tag(sync=True)
    x = Numbers().tag(sync=True)

    def __init__(self, W, b, x, **kwargs):
        limits = {"W": [-3, 3, 0.1], "b": [-3, 3, 0.1], "x": [-3, 3, 0.1]}
        super().__init__(limits=limits, **self._checked(W, b, x), **kwargs)

    @staticmethod
    def _checked(W, b, x):
        layer = Dense.from_weights(W, b)  # checks the shapes, in the book's notation
        x = np.asarray(x, dtype=float).reshape(-1)
        if x.shape != (layer.n_in,):
            raise ValueError(f"W has shape {layer.W.shape}, so x needs {layer.n_in} numbers, "
                             f"one per input; got {x.shape[0]}")
        return {"W": layer.W.tolist(), "b": layer.b[:, 0].tolist(), "x": x.tolist()}

    def set_layer(self, W, b, x):
        """Set W (n_out, n_in), b (n_out numbers) and x (n_in numbers) together."""
        values = self._checked(W, b, x)
        with self.hold_sync(), self.hold_trait_notifications():  # one message to the page
            for name in ("W", "b", "x"):
                self.set_trait(name, values[name])

    @traitlets.validate("W", "b", "x")
    def _same_layer(self, proposal):
        """A new W, b or x must fit the other two (checked when all are set)."""
        W, b, x = (np.asarray(proposal.value if proposal.trait.name == n else getattr(self, n))
                   for n in ("W", "b", "x"))
        if b.size and x.size and W.shape != (b.size, x.size):
            raise traitlets.TraitError(
                f"W has shape {W.shape}, but b has {b.size} numbers and x has {x.size}: W must have "
                f"shape (n_out, n_in) = ({b.size}, {x.size}). To change the layer's shape, set all "
                f"three at once: widget.set_layer(W, b, x)")
        return proposal.value

    @property
    def layer(self):
        """The `Dense` layer with the current W and b."""
        return Dense.from_weights(self.W, self.b)

    @property
    def z(self):
        """z = W x + b for the current x, shape (n_out,)."""
        return self.layer.forward(np.array(self.x)[:, None])[:, 0]


class BumpWidget(_Widget):
    """BumpWidget(w, b, v, target=(), xlim=(0.0, 1.0), ylim=(-0.5, 1.5))

    Build curves from sigmoids: y(x) = sum_j v_j sigmoid(w_j x + b_j)  (chapter 4).

    w, b, v: one number per hidden neuron (input weight, bias, output weight).
    target: optional (x, y) points of a curve to imitate, drawn dashed.
    In Jupyter, `widget.network` is the matching mathnn Network (1 -> n sigmoid -> 1
    identity) and `widget.y(x)` its output.
    """
    _esm = _esm("bump")
    w = Numbers().tag(sync=True)
    b = Numbers().tag(sync=True)
    v = Numbers().tag(sync=True)
    target = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    xlim = traitlets.List(traitlets.Float()).tag(sync=True)
    ylim = traitlets.List(traitlets.Float()).tag(sync=True)

    def __init__(self, w, b, v, target=(), xlim=(0.0, 1.0), ylim=(-0.5, 1.5), **kwargs):
        limits = {"w": [-100, 100, 1], "b": [-100, 100, 1], "v": [-2, 2, 0.05]}
        super().__init__(limits=limits, **self._checked(w, b, v),
                         target=[[float(x), float(y)] for x, y in target],
                         xlim=list(xlim), ylim=list(ylim), **kwargs)

    @staticmethod
    def _checked(w, b, v):
        w, b, v = (np.asarray(a, dtype=float).reshape(-1) for a in (w, b, v))
        if not len(w) == len(b) == len(v) >= 1:
            raise ValueError(f"w, b and v need one number per hidden neuron each; got "
                             f"{len(w)}, {len(b)} and {len(v)}")
        return {"w": w.tolist(), "b": b.tolist(), "v": v.tolist()}

    def set_neurons(self, w, b, v):
        """Set every neuron's w, b and v together (to change how many neurons there are)."""
        values = self._checked(w, b, v)
        with self.hold_sync(), self.hold_trait_notifications():
            for name in "wbv":
                self.set_trait(name, values[name])

    @traitlets.validate("w", "b", "v")
    def _one_number_per_neuron(self, proposal):
        lengths = [len(proposal.value if proposal.trait.name == n else getattr(self, n)) for n in "wbv"]
        if min(lengths) and len(set(lengths)) > 1:
            raise traitlets.TraitError(
                f"w, b and v need one number per hidden neuron each; this would make "
                f"{lengths[0]}, {lengths[1]} and {lengths[2]}. To change the number of neurons, "
                f"set all three at once: widget.set_neurons(w, b, v)")
        return proposal.value

    @property
    def network(self):
        """The network 1 -> n sigmoid neurons -> 1 output, with the current sliders."""
        hidden = Dense.from_weights(np.array(self.w)[:, None], self.b, "sigmoid")
        return Network([hidden, Dense.from_weights([self.v], [0.0])])

    def y(self, x):
        """The output for inputs x of shape (m,); returns shape (m,)."""
        return self.network.forward(np.asarray(x, dtype=float).reshape(1, -1))[0]


class DescentWidget(_Widget):
    """DescentWidget(x, y, b=0.0, w0=0.0, lr=0.1, tol=1e-6, max_steps=30)

    Gradient descent on one weight, live  (chapter 8).

    The neuron y_hat = w x + b (b fixed) and the loss L(w) = mean((w x_i + b - y_i)^2) on
    the data x, y. From w0, repeat w <- w - lr dL/dw until the loss falls by less than
    `tol` in one step, or `max_steps` steps. In Jupyter, `widget.path()` runs the same
    descent in Python and returns the weights visited.
    """
    _esm = _esm("descent")
    x = Numbers().tag(sync=True)
    y = Numbers().tag(sync=True)
    b = traitlets.Float(0.0).tag(sync=True)
    w0 = Slider(0.0).tag(sync=True)
    lr = Slider(0.1).tag(sync=True)
    tol = traitlets.Float(1e-6).tag(sync=True)
    max_steps = WholeSlider(30).tag(sync=True)
    wlim = traitlets.List(traitlets.Float()).tag(sync=True)

    def __init__(self, x, y, b=0.0, w0=0.0, lr=0.1, tol=1e-6, max_steps=30, **kwargs):
        # w0 and lr get their sliders' ranges from the data (_fit_ranges, when all are set)
        super().__init__(limits={"max_steps": [1, 60, 1]}, **self._checked(x, y, b), w0=w0,
                         lr=lr, tol=tol, max_steps=max_steps, **kwargs)

    @staticmethod
    def _checked(x, y, b):
        x, y = (np.asarray(a, dtype=float).reshape(-1) for a in (x, y))
        if x.shape != y.shape or x.size == 0 or not np.any(x):
            raise ValueError(f"x and y need the same number of samples, and x not all 0; "
                             f"got {x.size} and {y.size}")
        return {"x": x.tolist(), "y": y.tolist(), "b": float(b)}

    def set_data(self, x, y, b=0.0):
        """Set the data x, y (one number per sample) and the bias b together."""
        values = self._checked(x, y, b)
        with self.hold_sync(), self.hold_trait_notifications():
            for name in "xyb":
                self.set_trait(name, values[name])

    @traitlets.validate("x", "y")
    def _one_y_per_x(self, proposal):
        x, y = (proposal.value if proposal.trait.name == n else getattr(self, n) for n in "xy")
        if x and y and len(x) != len(y):
            raise traitlets.TraitError(f"x and y need one number per sample each; this would make "
                                       f"{len(x)} and {len(y)}. Set both at once: widget.set_data(x, y, b)")
        if proposal.trait.name == "x" and not np.any(proposal.value):
            raise traitlets.TraitError("x must not be all 0: the loss would not depend on w")
        return proposal.value

    @traitlets.observe("x", "y", "b")
    def _fit_ranges(self, change=None):
        """The sliders' ranges follow the data: w0 around the best w, lr up past 1/mean(x^2).

        w0 and lr keep their values, moved into the new ranges if they fall outside.
        """
        x, y = np.array(self.x), np.array(self.y)
        w_best = float(np.mean((y - self.b) * x) / np.mean(x ** 2))
        half = round(max(2.0, 1.5 * abs(self.w0 - w_best)), 1)
        lo, hi = round(w_best - half, 1), round(w_best + half, 1)
        lr_max = round(float(1.3 / np.mean(x ** 2)), 2)  # past 1/mean(x^2) it diverges
        with self.hold_sync():
            self.limits = {**self.limits, "lr": [0.01, lr_max, 0.01], "w0": [lo, hi, 0.1]}
            self.wlim = [lo, hi]
            self.w0, self.lr = min(max(self.w0, lo), hi), min(max(self.lr, 0.01), lr_max)

    def _neuron(self, w):
        """The neuron y_hat = w x + b as a layer, with its output on the data."""
        layer = Dense.from_weights([[w]], [self.b])
        return layer, layer.forward([self.x])

    def loss(self, w):
        """L(w) = mean((w x + b - y)^2), the mean squared error of the neuron with weight w."""
        return float(mean_squared_error(self._neuron(w)[1], [self.y]))

    def gradient(self, w):
        """dL/dw = 2 mean((w x + b - y) x), by backpropagation through the layer."""
        layer, Y_hat = self._neuron(w)
        layer.backward(mean_squared_error_prime(Y_hat, [self.y]))
        return float(layer.dW[0, 0])

    def path(self):
        """The weights visited, w0 first, with the same stopping rule as the page."""
        ws = [self.w0]
        for _ in range(self.max_steps):
            w = ws[-1]
            ws.append(w - self.lr * self.gradient(w))
            if abs(ws[-1]) > 1e6 or not np.isfinite(self.loss(ws[-1])):
                break
            if abs(self.loss(w) - self.loss(ws[-1])) < self.tol:
                break
        return ws
