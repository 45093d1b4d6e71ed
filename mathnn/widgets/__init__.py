"""Slider widgets that work in Jupyter and on the static book page  (chapters 1-4 and 8-11),
and the answer box of every chapter's exercises.

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
from ._base import ENGINE, ENGINE_INLINE, Numbers, ReadOnlyList, Slider, WholeSlider, Widget, inline_engine
from .answer import AnswerWidget
from .bump import BumpWidget
from .bumps import BumpsWidget
from .descent import DescentWidget
from .descent2d import Descent2DWidget
from .digit import DigitWidget
from .escape import EscapeWidget
from .layer import LayerWidget
from .neuron import NeuronWidget
from .playground import PlaygroundWidget
from .stepper import StepperWidget
