"""The layer widget: z = W x + b with a slider for every number  (chapter 2)."""
import numpy as np
import traitlets

from ..layers import Dense
from ._base import Numbers, Widget, css, esm


class LayerWidget(Widget):
    """LayerWidget(W, b, x)

    Sliders for every input, weight and bias of a small layer: z = W x + b.

    W: (n_out, n_in) nested list, b: n_out numbers, x: n_in numbers (one sample).
    In Jupyter, `widget.layer` is the `mathnn.Dense` layer with the current W and b, and
    `widget.z` its output for the current x, shape (n_out,). Assign W, b or x to move the
    sliders; to give the layer another shape, set all three at once with `set_layer`.
    """
    _esm = esm("layer")
    _css = css("layer")
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
