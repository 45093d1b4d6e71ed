"""The digit widget's Python side (chapter 10): the reader's 32 x 32 drawing becomes the 8 x 8
image the UCI digits were made as, and the chapter's network reads it with mathnn."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import numpy as np
import pytest
import traitlets

from widget_js import assert_assembled, traits_read, traits_sent
import mathnn as nn
from mathnn.widgets.digit import DigitWidget, block_counts, chapter_tests, smooth, stand_in

ROOT = Path(__file__).resolve().parent.parent
JS = Path(nn.__file__).parent / "widgets"
CHAPTER = ROOT / "book" / "10-digits.ipynb"


def _network(rng, hidden=64):
    return nn.Network([nn.Dense(64, hidden, "relu", rng), nn.Dense(hidden, 10, "softmax", rng)])


@pytest.fixture(scope="module")
def data():
    """The chapter's test set: digits(), split with default_rng(0), as chapter 10 does."""
    X, Y, _ = nn.digits()
    _, _, X_test, Y_test = nn.split(X, Y, 0.2, np.random.default_rng(0))
    return X_test, Y_test.argmax(axis=0)


@pytest.fixture
def widget(data):
    """An untrained network misreads most images: store only the first of each digit."""
    return DigitWidget(_network(np.random.default_rng(5)), *data, misread=False)


def _uci_counts(drawing):
    """The UCI rule, written out: the number of ON pixels in each 4 x 4 block."""
    pixels = np.asarray(drawing).reshape(32, 32)
    counts = np.zeros((8, 8), dtype=int)
    for r in range(32):
        for c in range(32):
            if pixels[r, c] == 1:
                counts[r // 4, c // 4] += 1
    return counts


def test_downsampling_is_the_uci_rule_on_random_drawings():
    rng = np.random.default_rng(0)
    for _ in range(200):
        drawing = (rng.random(1024) < rng.random()).astype(int)
        counts = block_counts(drawing)
        assert counts.shape == (8, 8) and counts.dtype.kind == "i"
        assert np.array_equal(counts, _uci_counts(drawing))
        assert np.array_equal(block_counts(drawing.reshape(32, 32)), counts)  # either shape
        assert np.array_equal(block_counts(drawing.astype(bool)), counts)
    assert block_counts(np.ones(1024, dtype=int)).tolist() == [[16] * 8] * 8
    # one pixel lands in the block of its row // 4 and column // 4, as pixel 8r + c of the image
    drawing = np.zeros((32, 32), dtype=int)
    drawing[13, 30] = 1
    assert np.flatnonzero(block_counts(drawing).reshape(64)).tolist() == [3 * 8 + 7]


def test_a_stand_in_has_exactly_the_counts_it_stands_for(data):
    rng = np.random.default_rng(1)
    X_test, _ = data
    for counts in [*rng.integers(0, 17, (100, 64)), *(16 * X_test.T[:50]).astype(int)]:
        drawing = stand_in(counts)
        assert drawing.shape == (32, 32) and set(np.unique(drawing)) <= {0, 1}
        assert np.array_equal(block_counts(drawing).reshape(64), counts)
    assert stand_in(np.zeros(64)).sum() == 0 and stand_in(np.full(64, 16)).sum() == 1024
    # the ink goes where the neighbours have ink: a half-full block beside a full one inks
    # its side toward it
    counts = np.zeros((8, 8), dtype=int)
    counts[3, 3], counts[3, 4] = 16, 8
    block = stand_in(counts)[12:16, 16:20]
    assert block[:, 0].all() and block[:, :2].sum() > block[:, 2:].sum()
    # smooth() is the bilinear interpolation of the counts between the blocks' centres, x 64
    assert np.array_equal(smooth(np.full(64, 5)), np.full((32, 32), 5 * 64))
    ramp = np.tile(np.arange(8) * 2, 8)  # 0, 2, ..., 14 along each row
    row = smooth(ramp)[10] / 64
    centres = 4 * np.arange(8) + 1.5  # block j's centre, between its pixels 4j + 1 and 4j + 2
    assert np.allclose(np.interp(np.arange(32), centres, np.arange(8) * 2), row)


def test_probabilities_are_mathnns_forward_pass(data):
    rng = np.random.default_rng(2)
    net = _network(rng, hidden=32)
    widget = DigitWidget(net, *data, decimals=None)  # the weights as they are
    for _ in range(20):
        drawing = (rng.random(1024) < 0.3).astype(int)
        widget.set_state({"drawing": drawing.tolist()})  # what the page sends after a stroke
        x = _uci_counts(drawing).reshape(64, 1) / 16
        assert np.array_equal(widget.inputs, x)
        expected = net.forward(x)[:, 0]
        assert np.array_equal(widget.probabilities(), expected)
        assert widget.answer == int(np.argmax(expected))
    # stored rounded (the default, a lighter page): the widget IS the rounded network, and
    # Python and the page compute with the same numbers
    rounded = DigitWidget(net, *data)
    assert rounded.decimals == 4
    layers = rounded.network.layers
    assert np.array_equal(layers[0].W, np.round(net.layers[0].W, 4))
    assert np.array_equal(layers[1].b, np.round(net.layers[1].b, 4))
    assert [layer.activation for layer in layers] == ["relu", "softmax"]
    rounded.load(block_counts(drawing))
    assert np.array_equal(rounded.probabilities(), rounded.network.forward(x)[:, 0])
    assert np.abs(rounded.probabilities() - expected).max() < 1e-3


def test_the_stored_test_digits_are_real_test_images(data):
    X_test, labels_test = data
    net = _network(np.random.default_rng(3), hidden=8)
    nn.train(net, X_test, nn.one_hot(labels_test, 10), "softmax_cross_entropy", lr=0.5, epochs=5,
             batch_size=32, rng=np.random.default_rng(3))  # a network that misreads a few
    widget = DigitWidget(net, X_test, labels_test)
    columns, labels = np.array(widget.test_columns), np.array(widget.test_labels)
    assert np.array_equal(np.array(widget.tests), np.round(16 * X_test[:, columns].T))
    assert np.array_equal(labels, labels_test[columns])
    assert sorted(set(labels)) == list(range(10))  # every digit at least once
    first = sorted(int(np.flatnonzero(labels_test == d)[0]) for d in range(10))
    wrong = np.flatnonzero(widget.network.forward(X_test).argmax(axis=0) != labels_test)
    assert 0 < len(wrong) < 100 and columns.tolist() == sorted(set(first) | set(wrong.tolist()))
    two = DigitWidget(net, X_test, labels_test, per_digit=2, misread=False)
    assert len(two.tests) == 20 and np.all(np.bincount(two.test_labels) == 2)
    # the widget starts with the first of them in the grid, and says what it is
    assert widget.test_shown == 0 and widget.label == labels[0]
    assert np.array_equal(widget.counts.reshape(64), widget.tests[0])
    widget.show_test(4)
    assert widget.label == labels[4] and np.array_equal(widget.counts.reshape(64), widget.tests[4])


def test_the_chapters_widget_carries_the_chapters_trained_network_and_test_images(data):
    """The widget saved in chapter 10 holds `net` (trained as the chapter trains it), rounded,
    and real images of the chapter's test set."""
    X, Y, _ = nn.digits()
    rng = np.random.default_rng(0)
    X_rest, Y_rest, X_test, Y_test = nn.split(X, Y, 0.2, rng)  # the test set, touched once
    X_train, Y_train, _, _ = nn.split(X_rest, Y_rest, 0.2, rng)  # and the validation set
    r = np.random.default_rng(1)
    net = nn.Network([nn.Dense(64, 64, "relu", r), nn.Dense(64, 10, "softmax", r)])
    nn.train(net, X_train, Y_train, "softmax_cross_entropy", lr=0.5, epochs=30, batch_size=32, rng=r)
    notebook = nbformat.read(CHAPTER, as_version=4)
    states = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    saved = [m["state"] for m in states.values()
             if m["state"].get("_anywidget_id") == "mathnn.widgets.digit.DigitWidget"]
    assert len(saved) == 1
    traits = saved[0]
    expected = DigitWidget(net, X_test, Y_test.argmax(axis=0))
    for name in ("W1", "b1", "W2", "b2", "tests", "test_labels", "test_columns", "test_shown", "drawing"):
        assert traits[name] == getattr(expected, name), f"the chapter's widget has another {name}"
    assert traits["_esm"] == DigitWidget._esm and traits["_css"] == DigitWidget._css  # not stale


def test_a_drawing_follows_the_page_and_python(widget):
    assert widget.test_shown == 0
    widget.clear()
    assert sum(widget.drawing) == 0 and widget.test_shown == -1 and widget.label is None
    drawing = np.zeros((32, 32), dtype=int)
    drawing[4:28, 14:17] = 1  # a 1, three pixels wide
    widget.drawing = drawing  # a (32, 32) array is taken, kept as 1024 numbers
    assert widget.get_state()["drawing"] == drawing.reshape(-1).tolist()
    assert widget.counts[:, 3].tolist() == [0, 8, 8, 8, 8, 8, 8, 0]
    # a test image from the page's button: drawing and test_shown arrive together
    widget.set_state({"drawing": stand_in(widget.tests[2]).reshape(-1).tolist(), "test_shown": 2})
    assert widget.test_shown == 2 and widget.label == widget.test_labels[2]
    # a stroke that changes its counts makes it the reader's drawing; one that does not, not
    pixels = np.array(widget.drawing)
    widget.set_state({"drawing": np.where(np.arange(1024) == int(np.argmax(pixels)), 1, pixels).tolist()})
    assert widget.test_shown == 2
    widget.set_state({"drawing": np.maximum(pixels, np.arange(1024) < 64).astype(int).tolist()})
    assert widget.test_shown == -1
    widget.load(widget.tests[5])  # any counts: a stand-in
    assert np.array_equal(widget.counts.reshape(64), widget.tests[5]) and widget.test_shown == -1
    widget.test_shown = 7  # from Python: the grid follows
    assert np.array_equal(widget.counts.reshape(64), widget.tests[7])
    assert repr(widget).startswith("DigitWidget(64 -> 64 relu -> 10 softmax, 10 test images; showing test image")


def test_refusals_say_what_the_page_needs(widget, data):
    X_test, labels_test = data
    with pytest.raises(ValueError, match=r'Dense\(64, h, "relu"\) then Dense\(h, 10, "softmax"\)'):
        DigitWidget(nn.Network([nn.Dense(64, 10, "softmax", np.random.default_rng(0))]), X_test, labels_test)
    with pytest.raises(ValueError, match="Dense"):
        DigitWidget("net", X_test, labels_test)
    with pytest.raises(ValueError, match=r"counts / 16"):
        DigitWidget(_network(np.random.default_rng(0)), X_test * 0.9, labels_test)
    with pytest.raises(ValueError, match=r"at least one image of each digit; none of \[7\]"):
        keep = labels_test != 7
        DigitWidget(_network(np.random.default_rng(0)), X_test[:, keep], labels_test[keep])
    with pytest.raises(ValueError, match=r"shape \(64, m\)"):
        chapter_tests(X_test[:10], labels_test)
    for bad in ([0, 1] * 10, np.zeros((16, 64)), "ink"):
        with pytest.raises(traitlets.TraitError, match=r"DigitWidget.drawing: a drawing is 32 x 32 pixels"):
            widget.drawing = bad
    with pytest.raises(traitlets.TraitError, match=r"pixels are 0 \(paper\) or 1 \(ink\); got \[2\]"):
        widget.drawing = [2] + [0] * 1023
    with pytest.raises(ValueError, match="whole numbers from 0 to 16"):
        widget.load(np.full(64, 17))
    with pytest.raises(ValueError, match=r"64 numbers or shape \(8, 8\)"):
        widget.load(np.zeros(63))
    for edit in (lambda: widget.drawing.__setitem__(0, 1), lambda: widget.W1[0].__setitem__(0, 1.0),
                 lambda: widget.tests.append([0] * 64), lambda: widget.b2.sort()):
        with pytest.raises(TypeError, match="cannot be changed in place"):
            edit()
    with pytest.raises(traitlets.TraitError, match=r"W1 \(h, 64\).*set all four at once: widget.set_network"):
        widget.W1 = np.zeros((32, 64))
    with pytest.raises(traitlets.TraitError, match=r"b2 \(1,\)"):
        widget.b2 = [0.0]
    with pytest.raises(traitlets.TraitError, match="finite numbers"):
        widget.b1 = [float("nan")] * 64
    with pytest.raises(traitlets.TraitError, match=r"test_shown is a stored test image, 0 to 9, or -1"):
        widget.test_shown = 10
    with pytest.raises(traitlets.TraitError, match="whole numbers from 0 to 9"):
        widget.test_labels = [10] * 10
    with pytest.raises(traitlets.TraitError, match="one entry per test image"):
        widget.test_labels = [1, 2]
    with pytest.raises(traitlets.TraitError, match="whole numbers from 0 to 16"):
        widget.tests = [[17] * 64] * 10
    with pytest.raises(traitlets.TraitError, match=r"one image per row, 64 counts each; got shape \(10, 63\)"):
        widget.tests = [[0] * 63] * 10
    assert len(widget.b1) == 64 and widget.test_shown == 0  # nothing above changed it
    smaller = _network(np.random.default_rng(9), hidden=16)
    widget.set_network(smaller)  # another hidden size, all at once
    assert widget.network.layers[0].W.shape == (16, 64)
    assert np.allclose(widget.probabilities(), smaller.forward(widget.inputs)[:, 0], atol=1e-3)


def test_javascript_reads_only_synced_traits(widget):
    esm = assert_assembled(widget, "digit")
    synced, used, sent = set(widget.keys), traits_read(esm), traits_sent(esm)
    assert {"W1", "b1", "W2", "b2", "drawing", "tests", "test_labels", "test_columns", "test_shown"} <= used
    assert used <= synced, f"the page reads {used - synced}, which Python never sends"
    assert sent == {"drawing", "test_shown"}


def test_no_math_in_the_javascript_beyond_the_block_counting():
    """It draws. The network is mathnn.js's; its own arithmetic is the documented data
    preparation (block_counts, counts / 16, the stand-in) and pixel coordinates."""
    source = (JS / "digit.js").read_text()
    for call in ("mnn.Network", "mnn.Dense.from_weights", '"relu"', '"softmax"', ".forward(X)"):
        assert call in source
    math = re.findall(r"Math\.(?:exp|log|log1p|tanh|pow|sqrt|hypot)\b|\*\*|\.reduce\(|Math\.max\(0,\s*z", source)
    assert not math, f"digit.js computes {math} itself instead of calling mathnn.js"
    assert source.count("[c / FULL]") == 1  # the inputs: the column of counts / 16, once


@pytest.fixture(scope="module")
def node_results(data, tmp_path_factory):
    """block_counts, stand_in, smooth and the forward pass of the page's module, run in Node."""
    if not shutil.which("node"):
        pytest.skip("Node.js is missing: apt-get install -y nodejs")
    X_test, labels_test = data
    widget = DigitWidget(_network(np.random.default_rng(4)), X_test, labels_test)
    rng = np.random.default_rng(6)
    cases = {"drawings": [(rng.random(1024) < rng.random()).astype(int).tolist() for _ in range(100)],
             "counts": rng.integers(0, 17, (60, 64)).tolist() + (16 * X_test.T[:60]).astype(int).tolist(),
             "weights": [widget.W1, widget.b1, widget.W2, widget.b2]}
    folder = tmp_path_factory.mktemp("digit")
    (folder / "widget.mjs").write_text(widget._esm)
    (folder / "cases.json").write_text(json.dumps(cases))
    (folder / "run.mjs").write_text("""
import * as widget from "./widget.mjs";
import fs from "fs";
const cases = JSON.parse(fs.readFileSync(new URL("./cases.json", import.meta.url)));
const net = widget.network_of(...cases.weights);
console.log(JSON.stringify({
  counts: cases.drawings.map(widget.block_counts), stand_ins: cases.counts.map(widget.stand_in),
  smooth: cases.counts.map(widget.smooth), probabilities: cases.counts.map((c) => widget.read_digit(net, c)),
}));
""")
    out = subprocess.run(["node", str(folder / "run.mjs")], capture_output=True, text=True, check=True)
    return widget, cases, json.loads(out.stdout)


def test_the_page_counts_as_python_does(node_results):
    _, cases, js = node_results
    for drawing, counts in zip(cases["drawings"], js["counts"]):
        assert counts == block_counts(drawing).tolist()
    for counts, drawing, smoothed in zip(cases["counts"], js["stand_ins"], js["smooth"]):
        assert drawing == stand_in(counts).reshape(-1).tolist()
        assert smoothed == smooth(counts).tolist()


def test_the_pages_probabilities_are_mathnns(node_results):
    widget, cases, js = node_results
    expected = widget.network.forward(np.array(cases["counts"]).T / 16).T
    assert np.abs(np.array(js["probabilities"]) - expected).max() < 1e-12
