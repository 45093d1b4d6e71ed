"""The backpropagation stepper's Python side (chapter 9): the four students' network, forward
and backward one step at a time, every value computed with mathnn, and the same numbers
from the widget's JavaScript (run in Node)."""
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
import traitlets

import mathnn as nn
from mathnn.widgets import ENGINE_INLINE
from mathnn.widgets.stepper import STEPS, StepperWidget, step_values

JS = Path(nn.__file__).parent / "widgets"
NAMES = [name for name, _ in STEPS]


def _by_hand(W1, b1, W2, b2, X, Y):
    """Chapter 9's cells, line by line: the forward pass, then the backward pass in matrix form
    (dZ = dL/dZ of the mean loss, the 1/m inside)."""
    W1, b1, W2, b2, X, Y = (np.array(a, dtype=float) for a in (W1, b1, W2, b2, X, Y))
    b1, b2 = b1.reshape(-1, 1), b2.reshape(-1, 1)
    m = X.shape[1]
    A0 = X
    Z1 = W1 @ A0 + b1
    A1 = Z1
    Z2 = W2 @ A1 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    L = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
    dZ2 = (A2 - Y) / m
    dW2 = dZ2 @ A1.T
    db2 = dZ2.sum(axis=1, keepdims=True)
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * 1.0
    dW1 = dZ1 @ A0.T
    db1 = dZ1.sum(axis=1, keepdims=True)
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "Y_hat": A2, "L": L, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def _random_settings(rng, widget):
    """Slider values anywhere in their ranges, on the sliders' steps, as the page sends them."""
    lo, hi, step = widget.limits["W1"]
    W1 = np.round(rng.uniform(lo, hi, (3, 2)) / step) * step
    lo, hi, step = widget.limits["W2"]
    W2 = np.round(rng.uniform(lo, hi, (1, 3)) / step) * step
    X = np.array(widget.X)
    for row, name in enumerate(("hours", "GPA")):
        lo, hi, step = widget.limits[name]
        X[row] = np.clip(np.round(rng.uniform(lo, hi, 4) / step) * step, lo, hi)
    return {"W1": W1.round(2).tolist(), "W2": W2.round(1).tolist(), "X": X.round(1).tolist()}


def test_starts_with_the_chapters_network_and_students():
    widget = StepperWidget()
    net, (X, Y) = nn.examples.student_network(), nn.four_students()
    assert widget.W1 == net.layers[0].W.tolist() and widget.W2 == net.layers[1].W.tolist()
    assert widget.b1 == net.layers[0].b[:, 0].tolist() and widget.b2 == [0.0]
    assert widget.X == X.tolist() and widget.Y == Y.tolist()
    assert (widget.step, widget.student, widget.quantity) == (1, 1, "Z1")
    assert NAMES == ["Z1", "A1", "Z2", "Y_hat", "L", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
    state = widget.get_state()
    assert state["W1"] == widget.W1 and state["step"] == 1 and state["limits"]["step"] == [1, 12, 1]
    assert repr(widget).startswith("StepperWidget(W1=[[0.25, 0.31], [0.12, 0.45], [0.18, -0.22]], b1=")
    assert repr(widget).endswith("step=1, student=1)")
    # the book's shapes are taken too: b as a column, numpy arrays
    same = StepperWidget(W1=net.layers[0].W, b1=net.layers[0].b, W2=net.layers[1].W, b2=[[0.0]], X=X, Y=Y)
    assert repr(same) == repr(widget)


def test_values_are_mathnns_forward_and_backward_and_the_chapters_by_hand():
    widget = StepperWidget()
    values = widget.values()
    assert list(values) == NAMES
    # mathnn's Network, forward then backward from dL/dY_hat, as chapter 9 runs it
    net, (X, Y) = nn.examples.student_network(), nn.four_students()
    Y_hat = net.forward(X)
    dL_dY_hat = nn.binary_cross_entropy_prime(Y_hat, Y)
    net.backward(dL_dY_hat)
    hidden, output = net.layers
    m = X.shape[1]
    assert np.allclose(values["Y_hat"], Y_hat, rtol=1e-15, atol=0)
    assert values["L"] == nn.binary_cross_entropy(Y_hat, Y)
    for name, ours in [("dW1", hidden.dW), ("db1", hidden.db), ("dW2", output.dW), ("db2", output.db)]:
        assert values[name].shape == ours.shape
        assert np.allclose(values[name], ours, rtol=1e-12, atol=0), name
    # dZ2, dA1, dZ1: mathnn's dL/dZ2, dL/dA1, dL/dZ1 of the mean loss, the 1/m inside
    assert np.array_equal(values["dZ2"], (Y_hat - Y) / m)  # as mathnn.train starts it
    dZ2 = output._dZ(dL_dY_hat)  # the general first step: dL/dY_hat times the sigmoid's slope
    assert np.allclose(values["dZ2"], dZ2, rtol=1e-12, atol=0)
    assert np.allclose(values["dA1"], output.W.T @ dZ2, rtol=1e-12, atol=0)
    assert np.allclose(values["dZ1"], hidden._dZ(output.W.T @ dZ2), rtol=1e-12, atol=0)
    assert values["dZ2"].round(4).tolist() == [[-0.0007, 0.2274, -0.0019, 0.2261]]
    direct = step_values(hidden.W, hidden.b, output.W, output.b, X, Y)  # the same, without a widget
    assert all(np.array_equal(direct[name], values[name]) for name in NAMES)
    # the chapter's by-hand lines, and its printed numbers
    hand = _by_hand(widget.W1, widget.b1, widget.W2, widget.b2, X, Y)
    for name in NAMES:
        assert np.allclose(values[name], hand[name], rtol=1e-12, atol=1e-15), name
    assert values["Z2"][0, 0] == pytest.approx(5.815)  # the source's score for the first student
    assert values["dW1"].round(4).tolist() == [[0.6662, 1.1459]] * 3
    assert values["db1"].round(4).tolist() == [[0.4508]] * 3
    assert values["dW2"].round(4).tolist() == [[0.5443, 0.5866, -0.1119]]


def test_the_three_rows_of_dW1_are_equal_because_W2_is_all_ones():
    widget = StepperWidget()
    dW1 = widget.values()["dW1"]
    assert np.array_equal(dW1[0], dW1[1]) and np.array_equal(dW1[1], dW1[2])
    widget.W2 = [[1.0, 0.0, 0.5]]  # row j of dW1 is W2's weight j times one common row
    values = widget.values()
    dW1_new, common = values["dW1"], values["dZ2"] @ np.array(widget.X).T
    assert np.allclose(dW1_new, np.array([[1.0], [0.0], [0.5]]) * common, rtol=1e-12)
    assert not dW1_new[1].any() and np.allclose(dW1_new[2], dW1_new[0] / 2, rtol=1e-12)
    assert not np.allclose(dW1_new[0], dW1[0])  # the common row moved too: the forward pass changed


def test_values_follow_the_page_anywhere_in_the_sliders_ranges():
    """Whatever the reader sets, the values are mathnn's: the chapter's lines, mathnn.train's
    gradients (which start from (Y_hat - Y)/m), and Network.backward's where the sigmoid is
    not saturated (past that, dL/dY_hat is clipped, and train's fused start is the right one)."""
    rng = np.random.default_rng(9)
    widget = StepperWidget()
    for _ in range(40):
        settings = _random_settings(rng, widget)
        widget.set_state(settings)
        values = widget.values()
        hand = _by_hand(widget.W1, widget.b1, widget.W2, widget.b2, widget.X, widget.Y)
        for name in NAMES:
            if name != "L":  # by hand the loss is not clipped; mathnn's is
                assert np.allclose(values[name], hand[name], rtol=1e-9, atol=1e-12), name
        assert values["L"] == nn.binary_cross_entropy(values["Y_hat"], np.array(widget.Y))
        assert values["L"] == pytest.approx(nn.binary_cross_entropy(hand["Y_hat"], np.array(widget.Y)), rel=1e-12)
        trained = widget.network  # one epoch of mathnn.train keeps each layer's dW and db
        nn.train(trained, np.array(widget.X), np.array(widget.Y), "binary_cross_entropy", lr=1e-300, epochs=1)
        for layer, l in zip(trained.layers, "12"):
            assert np.array_equal(values[f"dW{l}"], layer.dW) and np.array_equal(values[f"db{l}"], layer.db)
        if np.abs(values["Z2"]).max() < 20:
            net = widget.network
            net.backward(nn.binary_cross_entropy_prime(net.forward(np.array(widget.X)), np.array(widget.Y)))
            for layer, l in zip(net.layers, "12"):
                assert np.allclose(values[f"dW{l}"], layer.dW, rtol=1e-6, atol=1e-12)
                assert np.allclose(values[f"db{l}"], layer.db, rtol=1e-6, atol=1e-12)


def test_python_changes_reach_the_page_or_are_refused_in_the_books_terms():
    widget = StepperWidget()
    with pytest.raises(traitlets.TraitError, match=r"W1 must have shape \(n_out, n_in\) = \(3, 2\): the hidden layer's "
                                                   r"weights.*got shape \(2, 3\)"):
        widget.W1 = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]
    with pytest.raises(traitlets.TraitError, match=r"b1 must have shape \(n_out, 1\) = \(3, 1\), or be a list of 3 "
                                                   r"numbers.*got shape \(2,\)"):
        widget.b1 = [0.0, 1.0]
    with pytest.raises(traitlets.TraitError, match=r"W2 must have shape \(n_out, n_in\) = \(1, 3\).*got shape \(3,\)"):
        widget.W2 = [1.0, 1.0, 1.0]
    with pytest.raises(traitlets.TraitError, match=r"b2 must have shape \(n_out, 1\) = \(1, 1\), or be a list of 1 number:"):
        widget.b2 = [[0.0, 1.0]]
    with pytest.raises(traitlets.TraitError, match=r"X must have shape \(n_in, m\) = \(2, 4\): the inputs, one column "
                                                   r"per student.*got shape \(4, 2\)"):
        widget.X = np.array(widget.X).T
    with pytest.raises(traitlets.TraitError, match=r"Y must have shape \(n_out, m\) = \(1, 4\).*got shape \(4,\)"):
        widget.Y = [1.0, 0.0, 1.0, 0.0]
    with pytest.raises(traitlets.TraitError, match=r"Y holds the labels: each 0 \(fail\) or 1 \(pass\)"):
        widget.Y = [[1.0, 0.5, 1.0, 0.0]]
    with pytest.raises(traitlets.TraitError, match=r"StepperWidget.W1: 1.5 is outside its slider's range, -1 to 1"):
        widget.W1 = [[1.5, 0.0], [0.0, 0.0], [0.0, 0.0]]
    with pytest.raises(traitlets.TraitError, match=r"StepperWidget.W2: -3 is outside its slider's range, -2 to 2"):
        widget.W2 = [[-3.0, 0.0, 0.0]]
    with pytest.raises(traitlets.TraitError, match=r"StepperWidget.X: student 2's GPA, 4.5, is outside its slider's range, 0 to 4"):
        widget.X = [[7.0, 2.0, 5.0, 1.0], [3.5, 4.5, 3.8, 3.0]]
    with pytest.raises(traitlets.TraitError, match=r"StepperWidget.X: 12 is outside its slider's range, 0 to 10"):
        widget.X = [[12.0, 2.0, 5.0, 1.0], [3.5, 2.1, 3.8, 3.0]]
    with pytest.raises(traitlets.TraitError, match=r"StepperWidget.step: 13 is outside its slider's range, 1 to 12"):
        widget.step = 13
    with pytest.raises(traitlets.TraitError, match=r"StepperWidget.student: 5 is outside"):
        widget.student = 5
    with pytest.raises(traitlets.TraitError, match="finite numbers"):
        widget.b1 = [0.0, float("nan"), 0.0]
    for edit in (lambda: widget.W1[0].__setitem__(0, 0.5), lambda: widget.X[1].append(3.0), lambda: widget.b1.sort()):
        with pytest.raises(TypeError, match="cannot be changed in place.*Assign a new list"):
            edit()
    assert repr(widget) == repr(StepperWidget())  # nothing above changed it
    widget.set_state({"step": 11, "student": 0, "W1": [[0.5, 0.0], [0.0, 0.5], [0.1, 0.1]]})  # as the page sends them
    assert widget.quantity == "dW1" and widget.network.layers[0].W[1, 1] == 0.5
    widget.b1 = np.array([[0.1], [0.2], [0.3]])  # the book's column, kept as the list the page shows
    assert widget.get_state()["b1"] == [0.1, 0.2, 0.3]


def test_javascript_reads_only_synced_traits():
    widget = StepperWidget()
    esm = widget._esm
    assert esm.startswith(ENGINE_INLINE + (JS / "common.js").read_text())
    assert esm.count("export default") == 1
    synced = set(widget.keys)
    used = set(re.findall(r'model\.get\("(\w+)"\)', esm)) | set(re.findall(r'"change:(\w+)"', esm))
    names_watched = re.findall(r'(?:mount\(model, el, |const names = )\[([^\]]*)\]', esm)
    used |= {n.strip().strip('"') for group in names_watched for n in group.split(",")}
    assert {"W1", "b1", "W2", "b2", "X", "Y", "step", "student", "limits"} <= used
    assert used <= synced, f"the page reads {used - synced}, which Python never sends"


def test_javascript_computes_through_mathnn_js():
    """The widget draws; its math is mathnn.js's (tested against the Python by test_parity)."""
    source = (JS / "stepper.js").read_text()
    assert "mnn.Network" in source and "mnn.binary_cross_entropy" in source and "_set_grads" in source
    math = re.findall(r"Math\.(?:exp|log|log1p|tanh|pow)\b|\*\*|\.reduce\(", source)
    assert not math, f"stepper.js computes {math} itself instead of calling mathnn.js"
    # the page's steps are Python's, in the same order
    assert re.findall(r'^  \{ q: "(\w+)"', source, flags=re.M) == NAMES


# ----- the widget's own JavaScript, in Node: the same numbers, and every step shown ----------

DRIVER = """
import { readFileSync, writeFileSync } from "node:fs";
const { compute, STEPS } = await import(process.argv[2]);
const cases = JSON.parse(readFileSync(process.argv[3], "utf8"));
const out = cases.map((state) => {
  const model = { get: (name) => state[name] };
  const c = compute(model);
  const shown = {};
  for (const step of STEPS)
    for (const s of [null, 0, 1, 2, 3]) {
      const r = step.render(c, s);
      shown[`${step.q} ${s}`] = r.lines.join("");
    }
  return { values: Object.fromEntries(STEPS.map((st) => [st.q, c[st.q]])), own: c.own, shown };
});
writeFileSync(process.argv[4], JSON.stringify(out));
"""


def _run_widget_js(states):
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: install it with `apt-get install -y nodejs` (.ci/run does this)")
    module = StepperWidget._esm.replace("export default {", "const widget = {", 1) + "\nexport { compute, STEPS };\n"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "widget.mjs").write_text(module)
        (tmp / "driver.mjs").write_text(DRIVER)
        (tmp / "cases.json").write_text(json.dumps(states))
        subprocess.run([node, str(tmp / "driver.mjs"), str(tmp / "widget.mjs"), str(tmp / "cases.json"),
                        str(tmp / "out.json")], check=True, capture_output=True, text=True)
        return json.loads((tmp / "out.json").read_text())


def _shown_result(html, name, attribute="data-q"):
    """The numbers of the result matrix `name` in a step's HTML, as floats (or of the matrix
    with another attribute: data-column, one student's column of dZ2, dA1 or dZ1)."""
    table = re.search(rf'{attribute}="{name}">.*?</table>', html, flags=re.S).group(0)
    return [float(t.replace("\u2212", "-")) for t in re.findall(r"<td>([^<]*)</td>", table)]


OWN = ("dZ2", "dA1", "dZ1")  # one student's view shows their own slope: m times their column


def test_the_widgets_javascript_shows_mathnns_numbers_at_every_step():
    rng = np.random.default_rng(4)
    widget = StepperWidget()
    states, expected = [], []
    for k in range(12):
        if k:
            widget.set_state(_random_settings(rng, widget))
        if k == 11:  # the sliders' far corner: scores past 40, the sigmoid saturated
            widget.set_state({"W1": [[1.0, 1.0]] * 3, "W2": [[2.0, 2.0, 2.0]], "X": [[10.0] * 4, [4.0] * 4]})
        states.append({n: v for n, v in widget.get_state().items() if not n.startswith("_")})
        expected.append(widget.values())
    answers = _run_widget_js(states)
    for answer, values, state in zip(answers, expected, states):
        for name in NAMES:
            js, py = np.asarray(answer["values"][name], dtype=float), np.asarray(values[name], dtype=float)
            assert js.shape == py.shape, name
            scale = np.abs(py).max()
            assert np.abs(js - py).max() <= 1e-12 * scale if scale else not js.any(), name
        m = np.shape(values["Y_hat"])[1]
        for name in OWN:  # each student's own slopes: dz2 = y_hat - y, da1 = W2^T dz2, dz1: m dZ's columns
            js, py = np.asarray(answer["own"][name], dtype=float), m * np.asarray(values[name], dtype=float)
            assert js.shape == py.shape and np.allclose(js, py, rtol=1e-12, atol=1e-15), name
        assert np.allclose(answer["own"]["dZ2"], values["Y_hat"] - np.array(state["Y"]), rtol=1e-12, atol=1e-15)
        for step in NAMES:
            for s in ("null", "0", "1", "2", "3"):
                html = answer["shown"][f"{step} {s}"]
                shown = _shown_result(html, step)
                if s == "null" or step in ("L", "dW2", "db2", "dW1", "db1"):
                    value = values[step]  # all four students, or one number for them all
                elif step in OWN:  # the student's own slope; beside it, their column of the matrix
                    value = m * np.asarray(values[step])[:, int(s)]
                    column = _shown_result(html, step, "data-column")
                    assert np.allclose(column, np.asarray(values[step])[:, int(s)], rtol=0, atol=5.0001e-5), (step, s)
                else:
                    value = np.asarray(values[step])[:, int(s)]
                # shown to 4 decimals (a tie at the 5th may round either way: half a unit, plus a hair)
                assert len(shown) == np.size(value) and np.allclose(shown, np.ravel(value), rtol=0, atol=5.0001e-5), (step, s)
            if step in OWN:  # the all-four view has no column of its own
                assert "data-column" not in answer["shown"][f"{step} null"], step
    assert max(np.abs(expected[-1]["Z2"]).max(), 0) > 40 and expected[-1]["dZ2"].tolist() == [[0.0, 0.25, 0.0, 0.25]]
