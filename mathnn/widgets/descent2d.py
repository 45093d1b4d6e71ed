"""The two-parameter descent widget: gradient descent on a weight and a bias  (chapter 8)."""
import numpy as np
import traitlets

from .._checks import positive
from ..layers import Dense
from ..losses import mean_squared_error, mean_squared_error_prime
from ._base import Numbers, Slider, WholeSlider, Widget
from .descent import descend, descent_css, descent_esm, loss_chart_limits


class Descent2DWidget(Widget):
    """Descent2DWidget(x, y, w0=0.0, b0=0.0, lr=0.05, tol=1e-6, max_steps=30)

    Gradient descent on a weight and a bias at once  (chapter 8).

    The neuron y_hat = w x + b and its loss over both, L(w, b) = mean((w x_i + b - y_i)^2),
    drawn as contour lines on the (w, b) plane, with the path of
    (w, b) <- (w, b) - lr (dL/dw, dL/db) from (w0, b0), under the stop rules of
    `mathnn.widgets.descent.descend`. The loss is a bowl,
    L = L* + lambda_1 u_1^2 + lambda_2 u_2^2, with u_1, u_2 the distances from the lowest
    point along its steep and its gentle direction (`curvatures`: lambda_1 >= lambda_2, the
    eigenvalues of [[mean x^2, mean x], [mean x, 1]]). Every step multiplies u_i by
    r_i = 1 - 2 lr lambda_i (`rates`): the steep direction sets the largest safe rate,
    1/lambda_1, and near it the path zigzags across the valley while it creeps along it.

    In Jupyter, `widget.run()` gives the points (w, b) visited and why the descent stopped;
    `widget.path()` the points alone.
    """
    _esm = descent_esm("descent2d")
    _css = descent_css("descent2d")
    x = Numbers().tag(sync=True)
    y = Numbers().tag(sync=True)
    w0 = Slider(0.0).tag(sync=True)
    b0 = Slider(0.0).tag(sync=True)
    lr = Slider(0.05).tag(sync=True)
    tol = traitlets.Float(1e-6).tag(sync=True)
    max_steps = WholeSlider(30).tag(sync=True)
    wlim = traitlets.List(traitlets.Float()).tag(sync=True)  # the plotted range of w
    blim = traitlets.List(traitlets.Float()).tag(sync=True)  # and of b, as long
    llim = traitlets.List(traitlets.Float()).tag(sync=True)  # the log chart's range of L - L*
    best = traitlets.List(traitlets.Float()).tag(sync=True)  # (w*, b*), the lowest point
    curvatures = traitlets.List(traitlets.Float()).tag(sync=True)  # lambda_1 >= lambda_2

    def __init__(self, x, y, w0=0.0, b0=0.0, lr=0.05, tol=1e-6, max_steps=30, **kwargs):
        # w0, b0 and lr get their sliders' ranges from the data (_fit_ranges)
        super().__init__(limits={"max_steps": [1, 100, 1]}, **self._checked(x, y), w0=w0, b0=b0,
                         lr=lr, tol=tol, max_steps=max_steps, **kwargs)

    @staticmethod
    def _checked(x, y):
        x, y = (np.asarray(a, dtype=float).reshape(-1) for a in (x, y))
        if x.shape != y.shape or x.size < 2 or np.ptp(x) == 0:
            raise ValueError(f"x and y need the same number of samples, at least 2, and x not all "
                             f"the same (else w and b cannot be told apart); got {x.size} and {y.size}")
        return {"x": x.tolist(), "y": y.tolist()}

    def set_data(self, x, y):
        """Set the data x, y (one number per sample) together."""
        values = self._checked(x, y)
        with self.hold_sync(), self.hold_trait_notifications():
            for name in "xy":
                self.set_trait(name, values[name])

    @traitlets.validate("x", "y")
    def _one_y_per_x(self, proposal):
        x, y = (proposal.value if proposal.trait.name == n else getattr(self, n) for n in "xy")
        if x and y and len(x) != len(y):
            raise traitlets.TraitError(f"x and y need one number per sample each; this would make "
                                       f"{len(x)} and {len(y)}. Set both at once: widget.set_data(x, y)")
        if proposal.trait.name == "x" and (len(proposal.value) < 2 or np.ptp(proposal.value) == 0):
            raise traitlets.TraitError("x needs at least two different values: else w and b "
                                       "cannot be told apart")
        return proposal.value

    @traitlets.validate("tol")
    def _positive_tol(self, proposal):
        if not (np.isfinite(proposal.value) and proposal.value > 0):
            raise traitlets.TraitError(f"tol must be a positive number; got {proposal.value!r}")
        return proposal.value

    @traitlets.observe("x", "y")
    def _fit_ranges(self, change=None):
        """The lowest point, the bowl's curvatures and the sliders' ranges follow the data.

        The plot is a square that holds the lowest point and (0, 0) (w and b on the same
        scale, so the gradient stands at right angles to the contour lines); lr runs up
        past 1/lambda_1, where the descent diverges. w0, b0 and lr keep their values, moved
        into the new ranges if they fall outside.
        """
        x, y = np.array(self.x), np.array(self.y)
        design = np.stack([x, np.ones_like(x)], axis=1)
        w_best, b_best = (float(v) for v in np.linalg.lstsq(design, y, rcond=None)[0])
        M = design.T @ design / len(x)  # L = L* + (p - p*)^T M (p - p*)
        steep, gentle = (float(v) for v in np.linalg.eigvalsh(M)[::-1])
        # a square centred between (0, 0) and the lowest point, holding both with room
        half = max(1.0, float(np.ceil(1.5 * max(abs(w_best), abs(b_best)))) / 2)
        wlim = [round(w_best / 2 - half, 1), round(w_best / 2 + half, 1)]
        blim = [round(b_best / 2 - half, 1), round(b_best / 2 + half, 1)]
        lr_max = float(f"{1.3 / steep:.2g}")  # past 1/lambda_1 it diverges
        lr_step = float(10.0 ** (np.floor(np.log10(lr_max)) - 1))
        with self.hold_sync():
            self.best, self.curvatures = [w_best, b_best], [steep, gentle]
            self.limits = {**self.limits, "lr": [lr_step, lr_max, lr_step],
                           "w0": [*wlim, 0.1], "b0": [*blim, 0.1]}
            self.wlim, self.blim = wlim, blim
            self.w0, self.b0 = (min(max(v, lo), hi) for v, (lo, hi) in ((self.w0, wlim), (self.b0, blim)))
            self.lr = min(max(self.lr, lr_step), lr_max)
            self._fit_chart()

    @traitlets.observe("tol")
    def _fit_chart(self, change=None):
        """The log chart of L - L*: from below the tolerance to far above the plot's corners."""
        if self.wlim:
            corners = max(self.loss(w, b) for w in self.wlim for b in self.blim)
            self.llim = loss_chart_limits(self.tol, corners - self.loss_best)

    def _neuron(self, w, b):
        """The neuron y_hat = w x + b as a layer, W of shape (1, 1), with its output on the data."""
        layer = Dense.from_weights([[w]], [b])
        return layer, layer.forward([self.x])

    def loss(self, w, b):
        """L(w, b) = mean((w x + b - y)^2), the mean squared error of the neuron."""
        with np.errstate(over="ignore", invalid="ignore"):
            try:
                return float(mean_squared_error(self._neuron(w, b)[1], [self.y]))
            except ValueError:  # w, b or the output is no finite number
                return np.inf

    def gradient(self, w, b):
        """(dL/dw, dL/db), by backpropagation through the layer: its dW and db."""
        layer, Y_hat = self._neuron(w, b)
        layer.backward(mean_squared_error_prime(Y_hat, [self.y]))
        return float(layer.dW[0, 0]), float(layer.db[0, 0])

    def step(self, w, b, lr=None):
        """One step of gradient descent from (w, b): (w, b) - lr (dL/dw, dL/db)."""
        lr = self.lr if lr is None else lr
        dw, db = self.gradient(w, b)
        with np.errstate(over="ignore", invalid="ignore"):
            return float(w - lr * dw), float(b - lr * db)

    @property
    def loss_best(self):
        """L*, the lowest loss, at (w*, b*) = `best`."""
        return self.loss(*self.best)

    @property
    def rates(self):
        """(r_1, r_2) = 1 - 2 lr lambda_i: what each step multiplies the distance to the lowest
        point by, across the valley (steep) and along it (gentle), from any start."""
        return tuple(1 - 2 * self.lr * c for c in self.curvatures)

    def run(self, lr=None, w0=None, b0=None, max_steps=None):
        """The descent the page shows: (the points (w, b) visited, (w0, b0) first; why it
        stopped, as in `mathnn.widgets.descent.descend`). lr, w0, b0 and max_steps default to
        the widget's; others may be given, also outside the sliders' ranges."""
        lr = self.lr if lr is None else positive("lr", lr)
        max_steps = self.max_steps if max_steps is None else positive("max_steps", max_steps, int)
        start = (self.w0 if w0 is None else float(w0), self.b0 if b0 is None else float(b0))
        if not np.all(np.isfinite(start)):
            raise ValueError(f"w0 and b0 must be finite numbers; got {start}")
        return descend(lambda p: self.step(*p, lr), lambda p: self.loss(*p), start, self.tol,
                       max_steps, self.loss_best, self.llim[1])

    def path(self):
        """The points (w, b) visited, (w0, b0) first, with the same stop rules as the page."""
        return self.run()[0]
