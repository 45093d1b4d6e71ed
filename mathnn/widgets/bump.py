"""The bump widget: curves built from sigmoid steps  (chapter 4)."""
import numpy as np
import traitlets

from ..layers import Dense
from ..network import Network
from ._base import Numbers, Widget, css, esm


class BumpWidget(Widget):
    """BumpWidget(w, b, v, target=(), xlim=(0.0, 1.0), ylim=(-0.5, 1.5))

    Build curves from sigmoids: y(x) = sum_j v_j sigmoid(w_j x + b_j)  (chapter 4).

    w, b, v: one number per hidden neuron (input weight, bias, output weight).
    target: optional (x, y) points of a curve to imitate, drawn dashed.
    xlim: the inputs shown. ylim: the smallest range of outputs shown; the plot grows
    beyond it, in steps of 0.5, whenever a curve on it (a neuron's part, the sum, the
    target) would leave it.

    The page draws each neuron's part v_j sigmoid(w_j x + b_j) in its own colour and line
    style, their sum thick, the target dashed, and says where each neuron steps:
    at x = s_j = -b_j / w_j, up or down, from one value to the other.

    In Jupyter, `widget.network` is the matching mathnn Network (1 -> n sigmoid -> 1
    identity), `widget.y(x)` its output, `widget.parts(x)` each neuron's part and
    `widget.steps` the step positions s_j (nan for a neuron with w_j = 0, which does not
    step: it is the flat line v_j sigmoid(b_j)).
    """
    _esm = esm("bump")
    _css = css("bump")
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

    @traitlets.validate("xlim", "ylim")
    def _a_range(self, proposal):
        lo_hi = proposal.value
        if len(lo_hi) != 2 or not np.all(np.isfinite(lo_hi)) or not lo_hi[0] < lo_hi[1]:
            raise traitlets.TraitError(f"{proposal.trait.name} must be (low, high) with low < high; "
                                       f"got {list(lo_hi)}")
        return proposal.value

    @property
    def network(self):
        """The network 1 -> n sigmoid neurons -> 1 output, with the current sliders."""
        hidden = Dense.from_weights(np.array(self.w)[:, None], self.b, "sigmoid")
        return Network([hidden, Dense.from_weights([self.v], [0.0])])

    def y(self, x):
        """The output for inputs x of shape (m,); returns shape (m,)."""
        return self.network.forward(np.asarray(x, dtype=float).reshape(1, -1))[0]

    def parts(self, x):
        """Each neuron's part v_j sigmoid(w_j x + b_j) for inputs x of shape (m,): shape (n, m).

        Their sum over j is y(x)."""
        hidden = self.network.layers[0].forward(np.asarray(x, dtype=float).reshape(1, -1))
        return np.array(self.v)[:, None] * hidden

    @property
    def steps(self):
        """Where each neuron steps, s_j = -b_j / w_j (nan if w_j = 0: no step)."""
        w, b = np.array(self.w), np.array(self.b)
        return np.divide(-b, w, out=np.full_like(w, np.nan), where=w != 0)
