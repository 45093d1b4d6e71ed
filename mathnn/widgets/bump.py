"""The bump widget: curves built from sigmoid steps  (chapter 4)."""
import numpy as np
import traitlets

from ..layers import Dense
from ..network import Network
from ._base import Numbers, Widget, esm


class BumpWidget(Widget):
    """BumpWidget(w, b, v, target=(), xlim=(0.0, 1.0), ylim=(-0.5, 1.5))

    Build curves from sigmoids: y(x) = sum_j v_j sigmoid(w_j x + b_j)  (chapter 4).

    w, b, v: one number per hidden neuron (input weight, bias, output weight).
    target: optional (x, y) points of a curve to imitate, drawn dashed.
    In Jupyter, `widget.network` is the matching mathnn Network (1 -> n sigmoid -> 1
    identity) and `widget.y(x)` its output.
    """
    _esm = esm("bump")
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
