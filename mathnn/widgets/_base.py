"""What every widget shares: its JavaScript (mathnn.js, common.js, its own file), its
CSS, and the traits that keep Python and the page in step (see the package's docstring).
"""
import re
from pathlib import Path

import anywidget
import numpy as np
import traitlets

_HERE = Path(__file__).parent


def inline_engine(source, as_name="mnn"):
    """An ES module (mathnn.js) as one statement, `const mnn = (() => {...})();`.

    Its `export function f` / `export const c` / `export class C` lines become plain
    declarations inside a function that returns them all, so `mnn.f` means the same as
    after `import * as mnn from "./mathnn.js"`.
    """
    names = re.findall(r"^export (?:function|const|class) (\w+)", source, flags=re.M)
    body = re.sub(r"^export ", "", source, flags=re.M)
    return f"const {as_name} = (() => {{\n{body}\nreturn {{ {', '.join(names)} }};\n}})();\n"


ENGINE = (_HERE / "mathnn.js").read_text()
ENGINE_INLINE = inline_engine(ENGINE)  # how every widget's _esm begins


def esm(name, modules=(), engine=True):
    """The widget's JavaScript: mathnn.js inlined, the shared helpers, the widget's module.

    `modules` are other pure ES modules beside it (e.g. "check": check.js), each inlined
    before the widget's file as `const check = ...`. A widget that computes nothing with
    mathnn.js (the answer box) passes engine=False and goes without it.
    """
    inlined = "".join(inline_engine((_HERE / f"{m}.js").read_text(), m) for m in modules)
    return ((ENGINE_INLINE if engine else "") + (_HERE / "common.js").read_text() + "\n" + inlined
            + (_HERE / f"{name}.js").read_text())


def css(name=None):
    """The widget's CSS: the shared widgets.css, then the widget's own name.css if given."""
    return (_HERE / "widgets.css").read_text() + ((_HERE / f"{name}.css").read_text() if name else "")


class ReadOnlyList(list):
    """A widget's list of numbers, which cannot be changed in place.

    In Jupyter only assigning a trait reaches the page; `widget.w[0] = 5` would change
    Python's copy alone, so it is refused with this message instead.
    """

    def _refuse(self, *args, **kwargs):
        raise TypeError("a widget's numbers cannot be changed in place: the page would not "
                        "follow. Assign a new list instead, e.g. widget.w = [1.0, 2.0]")

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = sort = reverse = clear = _refuse


def _read_only(value):
    return ReadOnlyList(_read_only(v) for v in value) if isinstance(value, list) else value


def _check_limits(widget, name, values):
    """Refuse a value outside its slider's range: the page could not show it truly."""
    limits = widget.limits.get(name) if isinstance(widget.limits, dict) else None
    if not limits:
        return
    lo, hi = limits[0], limits[1]
    for value in values:
        if not lo <= value <= hi:
            raise traitlets.TraitError(f"{type(widget).__name__}.{name}: {value:g} is outside its "
                                       f"slider's range, {lo:g} to {hi:g}")


class Slider(traitlets.Float):
    """A number shown by a slider: refused outside the slider's range, `limits[name]`."""

    def validate(self, obj, value):
        value = super().validate(obj, value)
        _check_limits(obj, self.name, [value])
        return value


class WholeSlider(traitlets.Int):
    """A whole number shown by a slider: refused outside the slider's range."""

    def validate(self, obj, value):
        value = super().validate(obj, value)
        _check_limits(obj, self.name, [value])
        return value


class Numbers(traitlets.TraitType):
    """A list (ndim=1) or a list of lists (ndim=2) of finite numbers, read-only once set.

    With a slider for each entry (`limits[name]`), every entry must lie in its range.
    """
    default_value = ReadOnlyList()

    def __init__(self, ndim=1, **kwargs):
        self.ndim = ndim
        super().__init__(**kwargs)

    def validate(self, obj, value):
        kind = "a list of numbers" if self.ndim == 1 else "a list of lists of numbers (a matrix)"
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise traitlets.TraitError(f"{self.name} must be {kind}; got {value!r}") from None
        if array.ndim != self.ndim or array.size == 0:
            raise traitlets.TraitError(f"{self.name} must be {kind}; got {value!r}")
        if not np.isfinite(array).all():
            raise traitlets.TraitError(f"{self.name} must hold finite numbers; got {value!r}")
        _check_limits(obj, self.name, array.ravel())
        return _read_only(array.tolist())


class Widget(anywidget.AnyWidget):
    """What every widget shares: its CSS, and the range of each slider (`limits`).

    Pass `limits` to `super().__init__` before the values, so that they are checked.
    """
    _css = css()  # a widget with a stylesheet of its own sets _css = css("its-name")
    limits = traitlets.Dict().tag(sync=True)  # name -> [min, max, step] for each slider

    def __repr__(self):
        """The class and its slider values, e.g. NeuronWidget(w=1.5, b=0.5, x=1.0)."""
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.limits)
        return f"{type(self).__name__}({values})"
