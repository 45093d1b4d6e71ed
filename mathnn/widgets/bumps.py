"""The many-bump widget: a target curve followed by bumps of steep sigmoids  (chapter 4)."""
import operator

import numpy as np
import traitlets

from ..layers import Dense
from ..network import Network
from ._base import Numbers, Slider, Widget, css, esm


class BumpsWidget(Widget):
    """BumpsWidget(target, n=6, w=None, h=None, goal=None, xlim=(0.0, 1.0), points=401)

    n bumps side by side approximate a target curve g(x) on xlim  (chapter 4).

    Bump k is two sigmoid neurons with the same steepness w: one steps up at s_k (output
    weight +h_k), the other steps down at s_(k+1) (output weight -h_k), so between the two
    steps the output is about h_k. The steps s_0 < s_1 < ... < s_n cut xlim into n equal
    pieces, except that the two outer ones are moved out by the width of xlim (to -1 and 2
    for [0, 1]), so that the output does not drop at the ends. Each neuron is described by
    where it steps, s = -b/w, so its bias is b = -w s.

    target: the curve to follow, a function of a numpy array (sampled at `points` evenly
        spaced inputs of xlim), or the points [(x, g(x)), ...] themselves.
    n: the number of bumps (1 to 12); the hidden layer has 2n neurons.
    w: the steepness of every neuron (default 40 n, as chapter 4 builds its bumps).
    h: the n heights (default 0.5 each): the sliders.
    goal: optional; the page says whether the largest gap is below it.

    The page draws the target dashed, each bump, their sum y(x) thick, and says the largest
    gap max over x of abs(y(x) - g(x)) over the target's points, marking where it is.

    In Jupyter, `widget.network` is the matching mathnn Network (1 -> 2n sigmoid -> 1
    identity: the n steps up, then the n steps down), `widget.y(x)` its output,
    `widget.b` the 2n biases -w s and `widget.max_error()` the largest gap, all computed
    with mathnn.
    """
    _esm = esm("bumps")
    _css = css("bumps")
    h = Numbers().tag(sync=True)
    w = Slider(240.0).tag(sync=True)
    s = Numbers().tag(sync=True)  # the n + 1 step positions, increasing
    target = Numbers(ndim=2).tag(sync=True)  # the points [x, g(x)], x increasing
    goal = traitlets.Float(None, allow_none=True).tag(sync=True)
    xlim = traitlets.List(traitlets.Float()).tag(sync=True)
    ylim = traitlets.List(traitlets.Float()).tag(sync=True)  # shows every curve the sliders allow

    H_LIMITS = [-0.5, 1.5, 0.01]
    W_LIMITS = [10, 500, 10]
    MAX_BUMPS = 12

    def __init__(self, target, n=6, w=None, h=None, goal=None, xlim=(0.0, 1.0), points=401, **kwargs):
        try:
            n = operator.index(n)
        except TypeError:
            raise ValueError(f"n, the number of bumps, must be a whole number; got {n!r}") from None
        if not 1 <= n <= self.MAX_BUMPS:
            raise ValueError(f"n, the number of bumps, must be 1 to {self.MAX_BUMPS}; got {n}")
        lo, hi = (float(v) for v in xlim)
        if not (np.isfinite([lo, hi]).all() and lo < hi):
            raise ValueError(f"xlim must be (low, high) with low < high; got {tuple(xlim)}")
        points = self._sampled(target, lo, hi, points)
        steps = np.linspace(lo, hi, n + 1)
        steps[0], steps[-1] = lo - (hi - lo), hi + (hi - lo)  # the outer steps, moved out
        h = [0.5] * n if h is None else np.asarray(h, dtype=float).reshape(-1).tolist()
        if len(h) != n:
            raise ValueError(f"h needs one height per bump: {n} numbers; got {len(h)}")
        g = points[:, 1]
        ylim = [min(self.H_LIMITS[0], 0.0, float(g.min())), max(self.H_LIMITS[1], float(g.max()))]
        super().__init__(limits={"h": self.H_LIMITS, "w": self.W_LIMITS}, s=steps.tolist(), h=h,
                         w=40.0 * n if w is None else w, target=points.tolist(), goal=goal,
                         xlim=[lo, hi], ylim=ylim, **kwargs)

    @staticmethod
    def _sampled(target, lo, hi, points):
        """The target as an (m, 2) array of points (x, g(x)), checked."""
        if callable(target):
            if operator.index(points) < 2:
                raise ValueError(f"points must be at least 2; got {points}")
            x = np.linspace(lo, hi, points)
            g = np.asarray(target(x), dtype=float)
            if g.shape != x.shape:
                raise ValueError(f"target(x) must give one number per input: shape {x.shape}; "
                                 f"got shape {g.shape}")
            target = np.column_stack([x, g])
        target = np.asarray(target, dtype=float)
        if target.ndim != 2 or target.shape[1] != 2 or len(target) < 2:
            raise ValueError("target must be a function of x or a list of at least 2 points (x, g(x))")
        if not np.isfinite(target).all():
            raise ValueError("target must give finite numbers")
        if not np.all(np.diff(target[:, 0]) > 0):
            raise ValueError("the target's points must have increasing x")
        return target

    @traitlets.validate("h", "s")
    def _one_height_per_bump(self, proposal):
        h = proposal.value if proposal.trait.name == "h" else self.h
        s = proposal.value if proposal.trait.name == "s" else self.s
        if h and s and len(h) + 1 != len(s):
            raise traitlets.TraitError(
                f"h needs one height per bump ({len(s) - 1} numbers) and s one step more than h; "
                f"this would make {len(h)} heights and {len(s)} steps. For another number of bumps, "
                f"make a new widget: BumpsWidget(target, n=...)")
        if proposal.trait.name == "s" and not np.all(np.diff(proposal.value) > 0):
            raise traitlets.TraitError(f"the steps s must increase; got {list(proposal.value)}")
        return proposal.value

    @traitlets.validate("target")
    def _points(self, proposal):
        self._sampled(proposal.value, 0.0, 1.0, 2)  # refuses points it cannot draw
        return proposal.value

    @traitlets.validate("goal")
    def _positive(self, proposal):
        if proposal.value is not None and not (np.isfinite(proposal.value) and proposal.value > 0):
            raise traitlets.TraitError(f"goal must be a positive number (or None); got {proposal.value}")
        return proposal.value

    @property
    def n(self):
        """The number of bumps."""
        return len(self.h)

    @property
    def b(self):
        """The 2n biases b = -w s: the n steps up (at s_0 ... s_(n-1)), then the n down (s_1 ... s_n)."""
        s = np.array(self.s)
        return -self.w * np.concatenate([s[:-1], s[1:]])

    @property
    def network(self):
        """The network 1 -> 2n sigmoid neurons -> 1 output: bump k is neurons k and n + k."""
        h = np.array(self.h)
        hidden = Dense.from_weights(np.full((2 * self.n, 1), self.w), self.b, "sigmoid")
        return Network([hidden, Dense.from_weights(np.concatenate([h, -h])[None, :], [0.0])])

    def y(self, x):
        """The output for inputs x of shape (m,); returns shape (m,)."""
        x = np.asarray(x, dtype=float).reshape(1, -1)
        if not np.isfinite(x).all():
            raise ValueError("x must hold finite numbers")
        return self.network.forward(x)[0]

    def max_error(self):
        """The largest gap max over x of abs(y(x) - g(x)) over the target's points: what the page shows."""
        x, g = np.array(self.target).T
        return float(np.max(np.abs(self.y(x) - g)))
