"""What a widget's JavaScript reads from its model and sends back, read from its source.

Shared by the widget tests: each checks that its page reads only traits Python syncs
(so a value set in Python always reaches the drawing) and sends back only the ones it owns.
"""
import re
from pathlib import Path

from mathnn.widgets import ENGINE_INLINE

JS = Path(__file__).resolve().parent.parent / "mathnn" / "widgets"


def _names(group):
    return {n.strip().strip('"') for n in group.split(",") if n.strip()}


def traits_read(source):
    """Traits the code reads: model.get("x"), "change:x", and the name lists it watches
    (mount(model, el, [...]), const names = [...], [...].map((name) => model.get(name)))."""
    used = set(re.findall(r'model\.get\("(\w+)"\)', source)) | set(re.findall(r'"change:(\w+)"', source))
    for pattern in (r'(?:mount\(model, el, |const names = )\[([^\]]*)\]',
                    r'\[([^\]]*)\]\.map\(\(name\) => model\.get\(name\)\)'):
        for group in re.findall(pattern, source):
            used |= _names(group)
    return used


def traits_sent(source):
    """Traits the code sets: model.set("x", ...)."""
    return set(re.findall(r'model\.set\("(\w+)"', source))


def assert_assembled(widget, name, engine=True):
    """The widget's module is mathnn.js inlined (unless it computes nothing), common.js,
    then its own file, with one default export; its CSS ends with its own stylesheet."""
    esm = widget._esm
    assert esm.startswith((ENGINE_INLINE if engine else "") + (JS / "common.js").read_text())
    assert esm.endswith((JS / f"{name}.js").read_text()) and esm.count("export default") == 1
    if (JS / f"{name}.css").exists():
        assert widget._css.endswith((JS / f"{name}.css").read_text())
    return esm
