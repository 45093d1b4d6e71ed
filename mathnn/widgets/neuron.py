"""The neuron widget: f(x) = w x + b with sliders  (chapter 1)."""
from ..layers import neuron
from ._base import Slider, Widget, css, esm


class NeuronWidget(Widget):
    """NeuronWidget(w=1.0, b=0.0, x=1.0)

    Sliders for f(x) = w x + b: the line on an output axis from -6 to 6 (beyond it an
    arrow), the weight as a rise over a run of 1, the bias where the line meets x = 0.

    In Jupyter, `widget.w`, `widget.b` and `widget.x` follow the sliders, and
    `widget.y` is f(x) computed by `mathnn.neuron`.
    """
    _esm = esm("neuron")
    _css = css("neuron")
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
