"""The descent widgets of chapter 8, Python side: one weight (DescentWidget) and two
(Descent2DWidget). Their paths against a direct numpy computation, their stop reasons in
every regime of the learning rate, refusals, and their JavaScript: it computes through
mathnn.js only, reads only synced traits, and (run in Node) gives the same paths and stop
reasons as the Python."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import traitlets

from widget_js import assert_assembled, traits_read, traits_sent
import mathnn as nn
from mathnn.widgets import ENGINE_INLINE
from mathnn.widgets.descent import CLOSE, DescentWidget, descend
from mathnn.widgets.descent2d import Descent2DWidget

JS = Path(nn.__file__).parent / "widgets"
FILES = ["descent.js", "descent2d.js", "descent_common.js"]


def chapter_data():
    """Chapter 8's eight points."""
    rng = np.random.default_rng(8)
    x = np.linspace(-1.5, 1.5, 8)
    return x, 1.6 * x + 0.3 * rng.standard_normal(8)


@pytest.fixture
def one():
    x, y = chapter_data()
    return DescentWidget(x=x, y=y, w0=-0.5, lr=0.05, tol=1e-6, max_steps=30)


@pytest.fixture
def two():
    x, y = chapter_data()
    return Descent2DWidget(x=x + 2, y=y, w0=0.0, b0=0.0, lr=0.15, max_steps=30)


def numpy_path(x, y, b, w0, lr, steps):
    """Plain numpy: w <- w - lr mean(2 (w x + b - y) x), `steps` times."""
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] - lr * np.mean(2 * (ws[-1] * x + b - y) * x))
    return np.array(ws)


# ----- one weight -------------------------------------------------------------------------

def test_the_parabola_its_bottom_and_the_rate(one):
    x, y = chapter_data()
    a = np.mean(x ** 2)
    w_best = np.sum(x * y) / np.sum(x * x)
    assert one.curvature == pytest.approx(a, rel=1e-15)
    assert one.w_best == pytest.approx(w_best, rel=1e-14)  # one step at 1/(2a) lands there
    assert one.loss_best == pytest.approx(np.mean((w_best * x - y) ** 2), rel=1e-14)
    for w in (-1.0, 0.5, 3.0):  # L(w) = a (w - w*)^2 + c
        assert one.loss(w) == pytest.approx(a * (w - w_best) ** 2 + one.loss_best, rel=1e-13)
        assert one.gradient(w) == pytest.approx(2 * a * (w - w_best), rel=1e-12)
    one.lr = 0.3
    assert one.rate == pytest.approx(1 - 2 * 0.3 * a)
    limits = one.limits
    assert limits["lr"] == [0.01, round(1.3 / a, 2), 0.01] and limits["max_steps"] == [1, 60, 1]
    assert limits["lr"][0] < 1 / (2 * a) < 1 / a < limits["lr"][1]  # both marks on the slider
    lo, hi = one.llim
    assert lo == pytest.approx(1e-8) and hi == pytest.approx(1e12)  # 10^(tol - 2) to 10^10 above the curve


@pytest.mark.parametrize("regime, factor, steps, reason", [
    ("creeps: below 1/(2a)", 0.1, 30, "falling"),
    ("creeps, then settles", 0.4, 60, "converged"),
    ("one step to the bottom: 1/(2a)", 0.5, 30, "converged"),
    ("zigzags in: between 1/(2a) and 1/a", 0.8, 60, "converged"),
    ("zigzags in, slowly", 0.97, 30, "falling"),
    ("jumps to the same height: 1/a exactly", 1.0, 30, "stalled"),
    ("zigzags out: between 1/a and 2/a", 1.05, 30, "rising"),
    ("zigzags out, fast: between 1/a and 2/a", 1.3, 60, "ran off"),
    ("at 2/a", 2.0, 60, "ran off"),
    ("far beyond 2/a", 50.0, 60, "ran off"),
])
def test_paths_and_stop_reasons_in_every_regime(one, regime, factor, steps, reason):
    x, y = chapter_data()
    a = np.mean(x ** 2)
    lr = factor / a
    ws, why = one.run(lr=lr, max_steps=steps)
    assert why == reason, regime
    expected = numpy_path(x, y, 0.0, -0.5, lr, len(ws) - 1)
    assert np.allclose(ws, expected, rtol=1e-11, atol=1e-12)
    # every step multiplies the distance to w* by r = 1 - 2 lr a, from any start
    d = np.array(ws) - one.w_best
    r = 1 - 2 * lr * a
    assert np.allclose(d[1:], r * d[:-1], rtol=1e-9, atol=1e-12)
    losses = [one.loss(w) for w in ws]
    excess = losses[-1] - one.loss_best
    if reason == "falling":
        assert len(ws) == steps + 1 and all(l1 < l0 for l0, l1 in zip(losses, losses[1:]))
    if reason == "converged":
        assert abs(losses[-2] - losses[-1]) < one.tol and excess <= CLOSE * one.tol
    if reason == "stalled":  # the review's case: the loss stopped changing, far from the bottom
        assert len(ws) == 2 and excess > 1 and abs(losses[0] - losses[1]) < one.tol
        assert (ws[1] - one.w_best) == pytest.approx(-(ws[0] - one.w_best))
    if reason == "rising":
        assert len(ws) == steps + 1 and all(l1 > l0 for l0, l1 in zip(losses, losses[1:]))
        assert excess < one.llim[1]
    if reason == "ran off":
        assert len(ws) <= steps + 1 and not excess <= one.llim[1]
        assert all(l < one.loss_best + one.llim[1] for l in losses[:-1])


def test_the_rate_does_not_depend_on_the_start(one):
    """r = 1 - 2 lr a has no w0 in it: from every start, the same regime and the same r."""
    a = one.curvature
    for lr, reason in [(0.3 / a, "converged"), (1.1 / a, "rising")]:
        for w0 in (-1.5, 0.0, 4.0, 5.0):
            ws, why = one.run(lr=lr, w0=w0, max_steps=20)
            assert why == reason
            d = np.array(ws) - one.w_best
            assert np.allclose(d[1:] / d[:-1], 1 - 2 * lr * a, rtol=1e-6)


def test_the_widget_runs_what_its_sliders_say(one):
    one.set_state({"lr": 0.93, "w0": 0.5, "max_steps": 60})  # what a drag sends
    ws, why = one.run()
    assert one.path() == ws and ws[0] == 0.5 and len(ws) <= 61 and why == "converged"
    assert one.run(max_steps=5) == (ws[:6], "falling")  # one more step grows the path from its end
    assert one.run(max_steps=6)[0][:6] == ws[:6]


def test_descend_itself():
    """The stop rules on a made-up loss: each reason, in the order they are checked."""
    run = lambda losses, **kw: descend(lambda k: k + 1, lambda k: losses[k], 0, **{
        "tol": 1e-3, "max_steps": len(losses) - 1, "lowest": 0.0, "top": 100.0, **kw})
    assert run([5, 4, 3, 2]) == ([0, 1, 2, 3], "falling")
    assert run([1, 2, 4, 8]) == ([0, 1, 2, 3], "rising")
    assert run([3, 2, 4, 5]) == ([0, 1, 2, 3], "mixed")
    assert run([1, 2, 200, 300]) == ([0, 1, 2], "ran off")
    assert run([1, 2, float("nan"), 3]) == ([0, 1, 2], "ran off")
    assert run([1, 0.05, 0.0501, 1]) == ([0, 1, 2], "converged")  # within 100 tol of the lowest
    assert run([5, 3, 3.0005, 1]) == ([0, 1, 2], "stalled")  # stopped changing, 3 above


# ----- two weights -----------------------------------------------------------------------

def numpy_path_2d(x, y, start, lr, steps):
    """Plain numpy: (w, b) <- (w, b) - lr (mean(2 e x), mean(2 e)) with e = w x + b - y."""
    ps = [np.array(start, dtype=float)]
    for _ in range(steps):
        w, b = ps[-1]
        e = w * x + b - y
        ps.append(ps[-1] - lr * np.array([np.mean(2 * e * x), np.mean(2 * e)]))
    return np.array(ps)


def test_the_bowl_its_lowest_point_and_curvatures(two):
    x, y = chapter_data()
    x = x + 2
    w_best, b_best = np.polyfit(x, y, 1)
    assert two.best == pytest.approx([w_best, b_best], rel=1e-12)
    M = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    steep, gentle = sorted(np.linalg.eigvalsh(M))[::-1]
    assert two.curvatures == pytest.approx([steep, gentle], rel=1e-12)
    assert steep / gentle > 30  # inputs away from 0: a long narrow valley
    p = np.array([0.3, -1.0])
    d = p - np.array(two.best)
    assert two.loss(*p) == pytest.approx(two.loss_best + d @ M @ d, rel=1e-12)
    e = p[0] * x + p[1] - y
    assert two.gradient(*p) == pytest.approx((np.mean(2 * e * x), np.mean(2 * e)), rel=1e-12)
    assert two.gradient(*p) == pytest.approx(nn.numerical_gradient(lambda v: two.loss(*v), p), rel=1e-6)
    assert two.rates == pytest.approx((1 - 2 * 0.15 * steep, 1 - 2 * 0.15 * gentle))
    lr_lo, lr_hi, _ = two.limits["lr"]
    assert lr_lo < 1 / (2 * steep) < 1 / steep < lr_hi  # both marks on the slider
    (w_lo, w_hi), (b_lo, b_hi) = two.wlim, two.blim
    assert w_hi - w_lo == pytest.approx(b_hi - b_lo)  # a square: w and b on the same scale
    assert w_lo < 0 < w_hi and b_lo < 0 < b_hi and w_lo < w_best < w_hi and b_lo < b_best < b_hi


@pytest.mark.parametrize("factor, steps, reason", [
    (0.2, 30, "falling"),    # zigzags across (r1 < 0 only past 1/(2 lambda_1)); creeps along
    (0.87, 100, "falling"),  # zigzags across, creeps along the floor
    (1.04, 60, "mixed"),     # falls while the gentle direction dominates, then rises
    (1.3, 100, "ran off"),
    (2.5, 100, "ran off"),   # far beyond the slider
])
def test_2d_paths_and_stop_reasons(two, factor, steps, reason):
    x, y = chapter_data()
    lr = factor / two.curvatures[0]
    path, why = two.run(lr=lr, max_steps=steps)
    assert why == reason
    expected = numpy_path_2d(x + 2, y, (0.0, 0.0), lr, len(path) - 1)
    assert np.allclose(path, expected, rtol=1e-11, atol=1e-12)
    losses = [two.loss(*p) for p in path]
    if reason == "mixed":
        assert losses[5] < losses[0] and losses[-1] > losses[-2]


def test_2d_converges_in_a_round_bowl_and_stalls_in_a_narrow_one():
    x, y = chapter_data()
    round_bowl = Descent2DWidget(x=x, y=y, w0=-1.0, b0=1.0, lr=0.4, max_steps=100)  # x centred: mean x = 0
    steep, gentle = round_bowl.curvatures
    assert steep / gentle < 1.1
    path, why = round_bowl.run()
    assert why == "converged" and len(path) < 20
    narrow = Descent2DWidget(x=x + 2, y=y, w0=0.0, b0=0.0, lr=0.01, max_steps=100, tol=0.015)
    path, why = narrow.run()
    assert why == "stalled"  # the loss changes by < tol along the valley floor, far from the bottom
    assert narrow.loss(*path[-1]) - narrow.loss_best > CLOSE * narrow.tol


# ----- refusals --------------------------------------------------------------------------

def test_refusals(one, two):
    for widget in (one, two):
        with pytest.raises(ValueError, match="lr must be positive"):
            widget.run(lr=0.0)
        with pytest.raises(ValueError, match="lr must be positive"):
            widget.run(lr=-0.1)
        with pytest.raises(ValueError, match="max_steps must be positive"):
            widget.run(max_steps=0)
        with pytest.raises(ValueError, match="max_steps must be a whole number"):
            widget.run(max_steps=2.5)
        with pytest.raises(traitlets.TraitError, match="tol must be a positive number"):
            widget.tol = 0.0
        with pytest.raises(traitlets.TraitError, match="is outside its slider's range"):
            widget.lr = 10.0
        with pytest.raises(traitlets.TraitError, match="is outside its slider's range"):
            widget.max_steps = 1000
        with pytest.raises(TypeError, match="cannot be changed in place"):
            widget.x[0] = 3.0
        with pytest.raises(traitlets.TraitError, match="Set both at once"):
            widget.x = [1.0, 2.0]
    with pytest.raises(ValueError, match="w0 must be a finite number"):
        one.run(w0=float("inf"))
    with pytest.raises(traitlets.TraitError, match="Descent2DWidget.b0: 50 is outside"):
        two.b0 = 50.0
    with pytest.raises(ValueError, match="x not all the same"):
        Descent2DWidget(x=[1.0, 1.0, 1.0], y=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x not all the same"):
        two.set_data([2.0] * 8, list(two.y))
    with pytest.raises(traitlets.TraitError, match="two different values"):
        two.x = [2.0] * 8
    assert two.run()[1] == "falling"  # nothing above changed it


def test_new_data_move_everything(two):
    x, y = chapter_data()
    two.set_data(x, y)  # centred inputs: a round bowl
    assert two.best == pytest.approx(list(np.polyfit(x, y, 1)), rel=1e-12)
    assert two.limits["w0"][0] <= two.w0 <= two.limits["w0"][1]
    assert two.llim[1] > 1e10
    one = DescentWidget(x=x, y=y, tol=1e-6)
    one.tol = 1e-9  # the chart's floor follows the tolerance
    assert one.llim[0] == pytest.approx(1e-11)


# ----- the JavaScript ----------------------------------------------------------------------

@pytest.mark.parametrize("name", FILES)
def test_javascript_computes_through_mathnn_js(name):
    """The widgets run and draw; their math is mathnn.js's. The one logarithm is a drawing
    choice: the log axis turns a loss into a pixel height (lossChart's Y and its ends)."""
    source = (JS / name).read_text()
    assert "mnn." in source
    math = re.findall(r"Math\.(?:exp|log|log1p|log2|tanh|pow|sqrt|hypot|cbrt)\b|\*\*|\.reduce\(", source)
    assert not math, f"{name} computes {math} itself instead of calling mathnn.js"
    logs = [line.strip() for line in source.splitlines() if "Math.log10" in line]
    if name == "descent_common.js":
        assert len(logs) == 2 and logs[0].startswith("const Y = (v) => Yk(") and \
            logs[1].startswith("const exponent = (v) => Math.round(Math.log10(v))"), logs
    else:
        assert logs == []


@pytest.mark.parametrize("widget", [DescentWidget([1.0, 2.0], [1.0, 2.0]),
                                    Descent2DWidget([1.0, 2.0], [1.0, 2.0])], ids=lambda w: type(w).__name__)
def test_javascript_reads_only_synced_traits(widget):
    # mathnn.js inlined, the shared helpers, the descent widgets' helpers, the widget's module
    esm = assert_assembled(widget, "descent" if isinstance(widget, DescentWidget) else "descent2d")
    assert (JS / "descent_common.js").read_text() in esm
    synced = set(widget.keys)
    used = traits_read(esm) | traits_sent(esm)
    assert used and used <= synced, f"the page reads {used - synced}, which Python never sends"
    assert "descent" in widget._css and ".mnn-marks" in widget._css


NODE = shutil.which("node")
NODE_SCRIPT = """
%s
%s
%s
// the widgets' own lines (descent.js, descent2d.js) that make their neuron and its run
const cases = JSON.parse(process.argv[2]);
const out = cases.map((c) => {
  if (c.kind === 1) {
    const X = [c.x], Y = [c.y];
    const { L, step, run } = descentModel((w) => mnn.Dense.from_weights([[w]], [[c.b]]), (layer) => layer.W[0][0], X, Y);
    const a = mnn.mean_squared_error(X, [c.x.map(() => 0)]);
    const wBest = step(0, 1 / (2 * a)), lossBest = L(wBest);
    const { path, reason } = run({ start: c.w0, lr: c.lr, tol: c.tol, maxSteps: c.max_steps, lowest: lossBest, top: c.top });
    return { path, reason, a, best: wBest, lowest: lossBest };
  }
  const { L, run } = descentModel(([w, b]) => mnn.Dense.from_weights([[w]], [[b]]),
                                  (layer) => [layer.W[0][0], layer.b[0][0]], [c.x], [c.y]);
  const lossBest = L(c.best);
  const { path, reason } = run({ start: c.start, lr: c.lr, tol: c.tol, maxSteps: c.max_steps, lowest: lossBest, top: c.top });
  return { path, reason, lowest: lossBest };
});
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="Node.js is missing: apt-get install -y nodejs")
def test_the_page_runs_the_same_descent_as_python(tmp_path):
    """The JavaScript that runs on the page (descent_common.js, with mathnn.js), in Node:
    the same points and the same stop reason as Python, in every regime."""
    one, two = DescentWidget(*chapter_data(), w0=-0.5), Descent2DWidget(chapter_data()[0] + 2, chapter_data()[1])
    a, steep = one.curvature, two.curvatures[0]
    cases, expected = [], []
    for factor in (0.05, 0.3, 0.5, 0.8, 0.97, 1.0, 1.05, 1.3, 2.0, 40.0):
        for w0, steps in ((-0.5, 30), (4.0, 60)):
            cases.append({"kind": 1, "x": one.x, "y": one.y, "b": one.b, "w0": w0, "lr": factor / a,
                          "tol": one.tol, "max_steps": steps, "top": one.llim[1]})
            expected.append(one.run(lr=factor / a, w0=w0, max_steps=steps))
    for factor in (0.05, 0.5, 0.9, 1.04, 1.3, 3.0):
        for start in ((0.0, 0.0), (5.0, -8.0)):
            cases.append({"kind": 2, "x": two.x, "y": two.y, "best": two.best, "start": start,
                          "lr": factor / steep, "tol": two.tol, "max_steps": 100, "top": two.llim[1]})
            expected.append(two.run(lr=factor / steep, w0=start[0], b0=start[1], max_steps=100))
    # the Node script repeats the widgets' own lines: they must still be the widgets' lines
    for name, lines in {"descent.js": ["descentModel((w) => mnn.Dense.from_weights([[w]], [[b]]),",
                                       "(layer) => layer.W[0][0], X, Y);",
                                       "const a = mnn.mean_squared_error(X, [xs.map(() => 0)]);",
                                       "const wBest = step(0, oneStep), lossBest = L(wBest);",
                                       "run({ start: model.get(\"w0\"), lr, tol, maxSteps, lowest: lossBest, top: llim[1] })"],
                        "descent2d.js": ["descentModel(([w, b]) => mnn.Dense.from_weights([[w]], [[b]]),",
                                         "(layer) => [layer.W[0][0], layer.b[0][0]], [model.get(\"x\")], [model.get(\"y\")]);",
                                         "const lossBest = L(best);",
                                         "run({ start: [model.get(\"w0\"), model.get(\"b0\")], lr, tol, maxSteps, lowest: lossBest, top: llim[1] })"]}.items():
        source = (JS / name).read_text()
        for line in lines:
            assert line in source, f"{name} no longer has `{line}`: update this test's Node script"
    script = tmp_path / "run.mjs"
    script.write_text(NODE_SCRIPT % (ENGINE_INLINE, (JS / "common.js").read_text(),
                                     (JS / "descent_common.js").read_text()))
    result = subprocess.run([NODE, str(script), json.dumps(cases)], capture_output=True, text=True, check=True)
    answers = json.loads(result.stdout)
    reasons = set()
    for case, (path, reason), js in zip(cases, expected, answers):
        assert js["reason"] == reason, case
        assert np.allclose(np.array(js["path"], dtype=float), np.array(path, dtype=float), rtol=1e-9, atol=1e-12)
        reasons.add(reason)
        if case["kind"] == 1:
            assert js["a"] == pytest.approx(one.curvature, rel=1e-14)
            assert js["best"] == pytest.approx(one.w_best, rel=1e-14)
            assert js["lowest"] == pytest.approx(one.loss_best, rel=1e-13)
        else:
            assert js["lowest"] == pytest.approx(two.loss_best, rel=1e-12)
    assert reasons == {"converged", "stalled", "ran off", "rising", "falling", "mixed"}
