"""The descent widget: gradient descent on one weight, live  (chapter 8).

Also the stop rules and the JavaScript that both descent widgets share (`descend`,
`descent_esm`, `descent_css`); the two-weight widget is in descent2d.py.
"""
import math

import numpy as np
import traitlets

from .._checks import positive
from ..layers import Dense
from ..losses import mean_squared_error, mean_squared_error_prime
from ._base import _HERE, Numbers, Slider, WholeSlider, Widget, css, esm

# What the stop rules call being at the bottom: within CLOSE * tol of the lowest loss.
CLOSE = 100
# The chart of the loss above its lowest value spans this many powers of ten above the
# largest value on the plotted curve; a run whose loss leaves its top has "ran off".
HEADROOM = 10
REASONS = ("converged", "stalled", "ran off", "rising", "falling", "mixed")


def descent_esm(name):
    """A descent widget's JavaScript: mathnn.js, common.js, descent_common.js, name.js."""
    own = (_HERE / f"{name}.js").read_text()
    base = esm(name)
    return base[:len(base) - len(own)] + (_HERE / "descent_common.js").read_text() + "\n" + own


def descent_css(name=None):
    """A descent widget's CSS: widgets.css, descent.css, and name.css if given."""
    return css("descent") + ((_HERE / f"{name}.css").read_text() if name else "")


def descend(step, loss, start, tol, max_steps, lowest, top):
    """Gradient descent from `start`, p <- step(p), with the widgets' stop rules.

    After each step it stops when
    - the loss is no finite number, or more than `top` above its lowest value `lowest` (off
      the top of the widget's chart of the loss): "ran off";
    - the loss changed by less than `tol` in the step: "converged" if the loss is within
      CLOSE * tol of its lowest value, "stalled" if it is not: it stopped changing away from
      the bottom (one weight at lr = 1/a jumps to the same height on the other side);
    and after `max_steps` steps it says how the loss went: "rising" (up at every step),
    "falling" (down at every step) or "mixed". The page runs the same rules
    (descent_common.js). Returns (the points visited, start first; the reason).
    """
    path, losses = [start], [loss(start)]
    for _ in range(max_steps):
        path.append(step(path[-1]))
        losses.append(loss(path[-1]))
        value = losses[-1]
        if not np.isfinite(value) or value - lowest > top:
            return path, "ran off"
        if abs(losses[-2] - value) < tol:
            return path, "converged" if value - lowest <= CLOSE * tol else "stalled"
    up = sum(after > before for before, after in zip(losses, losses[1:]))
    return path, "rising" if up == max_steps else "falling" if up == 0 else "mixed"


def _power_of_ten(value, up):
    """The power of ten just above (up) or below a positive value."""
    k = math.log10(value)
    return 10.0 ** (math.ceil(k) if up else math.floor(k))


def loss_chart_limits(tol, largest):
    """[bottom, top] of the chart of the loss above its lowest value: from a hundredth of
    the tolerance's power of ten to HEADROOM powers of ten above `largest`."""
    return [_power_of_ten(tol, up=False) / 100, _power_of_ten(largest, up=True) * 10.0 ** HEADROOM]


class DescentWidget(Widget):
    """DescentWidget(x, y, b=0.0, w0=0.0, lr=0.1, tol=1e-6, max_steps=30)

    Gradient descent on one weight, live  (chapter 8).

    The neuron y_hat = w x + b (b fixed) and the loss L(w) = mean((w x_i + b - y_i)^2) on
    the data x, y, which is a (w - w*)^2 + c with a = mean(x^2). From w0, repeat
    w <- w - lr dL/dw with the stop rules of `descend`. Every step multiplies the distance
    to w* by r = 1 - 2 lr a (`rate`), whatever the start: one step lands on w* at
    lr = 1/(2a), and past lr = 1/a the descent diverges; the slider is marked at both.
    The "1 step" button raises the step limit by one: the path grows from its end.

    In Jupyter, `widget.run()` runs the same descent in Python and returns the weights
    visited and why it stopped; `widget.path()` the weights alone.
    """
    _esm = descent_esm("descent")
    _css = descent_css()
    x = Numbers().tag(sync=True)
    y = Numbers().tag(sync=True)
    b = traitlets.Float(0.0).tag(sync=True)
    w0 = Slider(0.0).tag(sync=True)
    lr = Slider(0.1).tag(sync=True)
    tol = traitlets.Float(1e-6).tag(sync=True)
    max_steps = WholeSlider(30).tag(sync=True)
    wlim = traitlets.List(traitlets.Float()).tag(sync=True)  # the curve's range of w
    llim = traitlets.List(traitlets.Float()).tag(sync=True)  # the log chart's range of L - L*

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

    @traitlets.validate("tol")
    def _positive_tol(self, proposal):
        if not (np.isfinite(proposal.value) and proposal.value > 0):
            raise traitlets.TraitError(f"tol must be a positive number; got {proposal.value!r}")
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
            self._fit_chart()

    @traitlets.observe("tol")
    def _fit_chart(self, change=None):
        """The log chart of L - L*: from below the tolerance to far above the curve's top."""
        if self.wlim:
            largest = max(self.loss(w) for w in self.wlim) - self.loss_best
            self.llim = loss_chart_limits(self.tol, largest)

    def _neuron(self, w):
        """The neuron y_hat = w x + b as a layer, with its output on the data."""
        layer = Dense.from_weights([[w]], [self.b])
        return layer, layer.forward([self.x])

    def loss(self, w):
        """L(w) = mean((w x + b - y)^2), the mean squared error of the neuron with weight w."""
        with np.errstate(over="ignore", invalid="ignore"):
            try:
                return float(mean_squared_error(self._neuron(w)[1], [self.y]))
            except ValueError:  # w, or w x, is no finite number
                return math.inf

    def gradient(self, w):
        """dL/dw = 2 mean((w x + b - y) x), by backpropagation through the layer."""
        layer, Y_hat = self._neuron(w)
        layer.backward(mean_squared_error_prime(Y_hat, [self.y]))
        return float(layer.dW[0, 0])

    def step(self, w, lr=None):
        """One step of gradient descent from w: w - lr dL/dw (lr: the widget's own if None)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return float(w - (self.lr if lr is None else lr) * self.gradient(w))

    @property
    def curvature(self):
        """a = mean(x^2), in L(w) = a (w - w*)^2 + c: the mean squared error of x against 0."""
        return float(mean_squared_error([self.x], [[0.0] * len(self.x)]))

    @property
    def w_best(self):
        """w*, where the loss is lowest: one step at the rate 1/(2a) lands there from anywhere."""
        return self.step(0.0, 1 / (2 * self.curvature))

    @property
    def loss_best(self):
        """c = L(w*), the lowest loss."""
        return self.loss(self.w_best)

    @property
    def rate(self):
        """r = 1 - 2 lr a: every step multiplies the distance to w* by r, from any start."""
        return 1 - 2 * self.lr * self.curvature

    def run(self, lr=None, w0=None, max_steps=None):
        """The descent the page shows: (the weights visited, w0 first; why it stopped).

        Why it stopped is one of "converged", "stalled", "ran off", "rising", "falling",
        "mixed" (see `descend`). lr, w0 and max_steps default to the widget's; others may be
        given, also outside the sliders' ranges (lr > 0, max_steps >= 1).
        """
        lr = self.lr if lr is None else positive("lr", lr)
        max_steps = self.max_steps if max_steps is None else positive("max_steps", max_steps, int)
        w0 = self.w0 if w0 is None else float(w0)
        if not np.isfinite(w0):
            raise ValueError(f"w0 must be a finite number; got {w0!r}")
        return descend(lambda w: self.step(w, lr), self.loss, w0, self.tol, max_steps,
                       self.loss_best, self.llim[1])

    def path(self):
        """The weights visited, w0 first, with the same stop rules as the page (`run`)."""
        return self.run()[0]
