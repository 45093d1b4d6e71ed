"""The descent widget: gradient descent on one weight, live  (chapter 8)."""
import numpy as np
import traitlets

from ..layers import Dense
from ..losses import mean_squared_error, mean_squared_error_prime
from ._base import Numbers, Slider, WholeSlider, Widget, esm


class DescentWidget(Widget):
    """DescentWidget(x, y, b=0.0, w0=0.0, lr=0.1, tol=1e-6, max_steps=30)

    Gradient descent on one weight, live  (chapter 8).

    The neuron y_hat = w x + b (b fixed) and the loss L(w) = mean((w x_i + b - y_i)^2) on
    the data x, y. From w0, repeat w <- w - lr dL/dw until the loss falls by less than
    `tol` in one step, or `max_steps` steps. In Jupyter, `widget.path()` runs the same
    descent in Python and returns the weights visited.
    """
    _esm = esm("descent")
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
