"""Slider widgets that work in Jupyter and on the static book page  (chapters 1-2).

Each widget is an anywidget: a Python class whose traitlets (`w`, `b`, ...) are real
Python values in Jupyter, plus JavaScript that draws the picture in the browser. The
JavaScript (shared helpers in common.js, then the widget's own file) is saved with the
widget's state when a notebook is executed, so the sliders keep working on the rendered
page with no kernel: the browser redraws by itself.
"""
from pathlib import Path

import anywidget
import numpy as np
import traitlets

from ..layers import Dense, neuron

_HERE = Path(__file__).parent


def _esm(name):
    """The widget's JavaScript: the shared helpers followed by the widget's own module."""
    return (_HERE / "common.js").read_text() + "\n" + (_HERE / f"{name}.js").read_text()


class _Widget(anywidget.AnyWidget):
    _css = (_HERE / "widgets.css").read_text()
    limits = traitlets.Dict().tag(sync=True)  # name -> [min, max, step] for each slider


class NeuronWidget(_Widget):
    """Sliders for f(x) = w x + b: the line, the bias where it meets x = 0, and f(x).

    In Jupyter, `widget.w`, `widget.b` and `widget.x` follow the sliders, and
    `widget.y` is f(x) computed by `mathnn.neuron`.
    """
    _esm = _esm("neuron")
    w = traitlets.Float(1.0).tag(sync=True)
    b = traitlets.Float(0.0).tag(sync=True)
    x = traitlets.Float(1.0).tag(sync=True)

    def __init__(self, w=1.0, b=0.0, x=1.0, **kwargs):
        limits = {"w": [-3, 3, 0.1], "b": [-3, 3, 0.1], "x": [-3, 3, 0.1]}
        super().__init__(w=w, b=b, x=x, limits=limits, **kwargs)

    @property
    def y(self):
        """f(x) = w x + b at the current slider values."""
        return neuron(self.x, self.w, self.b)


class LayerWidget(_Widget):
    """Sliders for every input, weight and bias of a small layer: z = W x + b.

    W: (n_out, n_in) nested list, b: n_out numbers, x: n_in numbers (one sample).
    In Jupyter, `widget.layer` is the `mathnn.Dense` layer with the current W and b, and
    `widget.z` its output for the current x, shape (n_out,).
    """
    _esm = _esm("layer")
    W = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    b = traitlets.List(traitlets.Float()).tag(sync=True)
    x = traitlets.List(traitlets.Float()).tag(sync=True)

    def __init__(self, W, b, x, **kwargs):
        layer = Dense.from_weights(W, b)  # checks the shapes, in the book's notation
        x = np.asarray(x, dtype=float).reshape(-1)
        if x.shape != (layer.n_in,):
            raise ValueError(f"W has shape {layer.W.shape}, so x needs {layer.n_in} numbers, "
                             f"one per input; got {x.shape[0]}")
        limits = {"W": [-3, 3, 0.1], "b": [-3, 3, 0.1], "x": [-3, 3, 0.1]}
        super().__init__(W=layer.W.tolist(), b=layer.b[:, 0].tolist(), x=x.tolist(),
                         limits=limits, **kwargs)

    @property
    def layer(self):
        """The `Dense` layer with the current W and b."""
        return Dense.from_weights(self.W, self.b)

    @property
    def z(self):
        """z = W x + b for the current x, shape (n_out,)."""
        return self.layer.forward(np.array(self.x)[:, None])[:, 0]
