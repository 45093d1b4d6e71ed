"""The digit widget: draw a digit, and the chapter's network reads it  (chapter 10).

The UCI digits (`mathnn.digits()`) were made from forms scanned at 32 x 32 black-and-white
pixels: each 4 x 4 block of a scan became one pixel of the 8 x 8 image, the number of its
inked pixels, 0 to 16. The reader draws on such a 32 x 32 grid; `block_counts` makes the
8 x 8 image from it by the same rule, and the network reads counts / 16, as it was trained.
The page counts with the same rule (digit.js, `block_counts`: data preparation, not network
math) and computes the probabilities with mathnn.js.
"""
import numpy as np
import traitlets

from ..layers import Dense
from ..network import Network
from ._base import Numbers, ReadOnlyList, Widget, css, esm

SIDE = 32  # the scanned forms: 32 x 32 pixels, each inked (1) or not (0)
BLOCK = 4  # each 4 x 4 block of the scan became one pixel of the image
CELLS = SIDE // BLOCK  # 8: the image is 8 x 8
FULL = BLOCK * BLOCK  # 16: the count of a block with every pixel inked
# A stand-in for a test image (the data set keeps only the counts, not the scans): each
# block gets as many inked pixels as its count, those where the counts, interpolated
# smoothly over the grid, are largest, so that the strokes join up as in a scan; of pixels
# where they are equal, the one ranked first here (nearer the block's centre) is inked
# first. digit.js uses the same rule and the same TIE.
TIE = np.array([[12, 4, 5, 13], [11, 0, 1, 6], [10, 3, 2, 7], [15, 9, 8, 14]])


def _drawing(drawing):
    """A drawing as a (32, 32) array of 0 and 1; from 1024 numbers (row by row) or (32, 32)."""
    array = np.asarray(drawing)
    if array.dtype == bool:
        array = array.astype(int)
    if array.shape not in ((SIDE * SIDE,), (SIDE, SIDE)):
        raise ValueError(f"a drawing is {SIDE} x {SIDE} pixels: {SIDE * SIDE} zeros and ones, row by "
                         f"row, or an array of shape ({SIDE}, {SIDE}); got shape {array.shape}")
    if not np.isin(array, (0, 1)).all():
        raise ValueError("a drawing's pixels are 0 (paper) or 1 (ink); got "
                         f"{sorted(set(np.unique(array).tolist()) - {0, 1})[:3]}")
    return array.astype(int).reshape(SIDE, SIDE)


def _counts(counts):
    """8 x 8 counts as an (8, 8) int array; from 64 numbers (pixel i: row i // 8, column i % 8)."""
    array = np.asarray(counts, dtype=float)
    if array.shape not in ((CELLS * CELLS,), (CELLS, CELLS)):
        raise ValueError(f"an image is {CELLS} x {CELLS} counts: 64 numbers or shape ({CELLS}, {CELLS}); "
                         f"got shape {array.shape}")
    if not (np.all(array == np.round(array)) and array.min() >= 0 and array.max() <= FULL):
        raise ValueError(f"counts are whole numbers from 0 to {FULL} (inked pixels in a "
                         f"{BLOCK} x {BLOCK} block); got values from {array.min():g} to {array.max():g}")
    return array.astype(int).reshape(CELLS, CELLS)


def block_counts(drawing):
    """The 8 x 8 image of a 32 x 32 drawing, made as the UCI digits were: the number of inked
    pixels in each 4 x 4 block, 0 to 16. Returns an (8, 8) int array."""
    return _drawing(drawing).reshape(CELLS, BLOCK, CELLS, BLOCK).sum(axis=(1, 3))


def smooth(counts):
    """The counts interpolated at every pixel of the 32 x 32 grid, times 64 (whole numbers).

    Bilinear interpolation between the centres of the 8 x 8 blocks (beyond the outermost
    centres, the edge's value): pixel y's centre lies (2y - 3) / 8 of a block past the
    first block's centre, so every weight is a whole number of eighths. Returns (32, 32).
    """
    c = _counts(counts)
    u = 2 * np.arange(SIDE) - 3  # 8 x each pixel's position, in blocks from the first centre
    i = u // 8
    f = u - 8 * i  # the eighths past block i's centre
    lo, hi = np.clip(i, 0, CELLS - 1), np.clip(i + 1, 0, CELLS - 1)
    rows = (8 - f)[:, None] * c[lo] + f[:, None] * c[hi]  # (32, 8): down the columns, x 8
    return rows[:, lo] * (8 - f) + rows[:, hi] * f  # (32, 32): then along the rows, x 64


def stand_in(counts):
    """A 32 x 32 drawing whose block counts are `counts` (64 numbers or (8, 8), 0 to 16): in
    each block, the `count` pixels where `smooth` is largest (ties: first in TIE) are inked.
    Returns a (32, 32) array of 0 and 1."""
    c = _counts(counts)
    per_block = lambda a: a.reshape(CELLS, BLOCK, CELLS, BLOCK).transpose(0, 2, 1, 3).reshape(CELLS, CELLS, FULL)
    value = per_block(smooth(c))
    tie = np.broadcast_to(TIE.reshape(FULL), value.shape)
    rank = np.argsort(np.lexsort((tie, -value), axis=-1), axis=-1)  # 0 for the pixel inked first
    inked = (rank < c[:, :, None]).astype(int)
    return inked.reshape(CELLS, CELLS, BLOCK, BLOCK).transpose(0, 2, 1, 3).reshape(SIDE, SIDE)


def chapter_tests(X_test, labels_test, per_digit=1, network=None):
    """Test images to store in the widget: the first `per_digit` of each digit, and, with a
    network, every one it misreads; in the test set's order.

    X_test: (64, m) pixels = counts / 16, as `mathnn.digits()` gives them. Returns
    (counts (k, 64) ints, labels (k,), columns (k,): where each image is in X_test).
    """
    X_test, labels_test = np.asarray(X_test, dtype=float), np.asarray(labels_test)
    if X_test.ndim != 2 or X_test.shape[0] != CELLS * CELLS or labels_test.shape != (X_test.shape[1],):
        raise ValueError(f"X_test must have shape (64, m), one image per column, and labels_test one "
                         f"label per column; got {X_test.shape} and {labels_test.shape}")
    counts = X_test.T * FULL
    if not (np.all(counts == np.round(counts)) and counts.min() >= 0 and counts.max() <= FULL):
        raise ValueError("X_test must hold the digits' pixels as mathnn.digits() gives them, "
                         "counts / 16 (whole counts from 0 to 16, divided by 16)")
    missing = [d for d in range(10) if not np.any(labels_test == d)]
    if missing:
        raise ValueError(f"the test set needs at least one image of each digit; none of {missing}")
    columns = {int(j) for d in range(10) for j in np.flatnonzero(labels_test == d)[:per_digit]}
    if network is not None:
        columns |= {int(j) for j in np.flatnonzero(network.forward(X_test).argmax(axis=0) != labels_test)}
    columns = sorted(columns)
    return counts[columns].astype(int), labels_test[columns].astype(int), np.array(columns)


class _Drawing(Numbers):
    """The 32 x 32 drawing: 1024 zeros and ones, row by row (a (32, 32) array is taken too)."""

    def validate(self, obj, value):
        try:
            value = _drawing(value).reshape(-1).tolist()
        except (ValueError, TypeError) as e:
            raise traitlets.TraitError(f"{type(obj).__name__}.{self.name}: {e}") from None
        return ReadOnlyList(int(v) for v in super().validate(obj, value))


class _Whole(Numbers):
    """Whole numbers from `low` to `high`, kept as ints: one list (ndim=1) or a matrix (ndim=2)."""

    def __init__(self, low, high, meaning, ndim=1, **kwargs):
        self.low, self.high, self.meaning = low, high, meaning
        super().__init__(ndim=ndim, **kwargs)

    def validate(self, obj, value):
        value = super().validate(obj, value)
        array = np.array(value)
        if not (np.all(array == np.round(array)) and array.min() >= self.low and array.max() <= self.high):
            raise traitlets.TraitError(f"{type(obj).__name__}.{self.name} holds {self.meaning}: whole "
                                       f"numbers from {self.low} to {self.high}")
        return _as_ints(value)


def _as_ints(value):
    return ReadOnlyList(_as_ints(v) for v in value) if isinstance(value, list) else int(value)


class DigitWidget(Widget):
    """DigitWidget(network, X_test, labels_test, per_digit=1, misread=True, decimals=4)

    Draw a digit and read it with the chapter's trained network  (chapter 10).

    The reader draws on a 32 x 32 grid with the mouse, a finger or the keyboard. The page
    turns the drawing into the 8 x 8 image the network reads, as the UCI digits were made
    (`block_counts`: inked pixels per 4 x 4 block, 0 to 16), and shows the network's ten
    probabilities for counts / 16. "Show me a test digit" loads real test images in turn
    into the grid, as stand-ins with the same counts (`stand_in`), and says their labels:
    the first `per_digit` of each digit in X_test (pixels = counts / 16, as
    `mathnn.digits()` gives them) and, with `misread`, every one the network misreads.

    network: the chapter's trained Network, Dense(64, h, "relu") then Dense(h, 10,
    "softmax"). Its weights are stored in the page rounded to `decimals` decimals (a
    lighter page); `widget.network` is that rounded network, and it is the one the page and
    `widget.probabilities()` use.

    In Jupyter, `widget.drawing` (1024 zeros and ones, row by row) follows the reader's
    strokes; `widget.counts` is its 8 x 8 image, `widget.probabilities()` the network's ten
    probabilities (mathnn's forward pass) and `widget.answer` the most probable digit.
    `widget.load(counts)` draws a stand-in for any 8 x 8 counts, `widget.show_test(k)`
    loads stored test image k, `widget.clear()` clears the grid.
    """
    _esm = esm("digit")
    _css = css("digit")
    W1 = Numbers(ndim=2).tag(sync=True)  # (h, 64): the hidden layer's weights
    b1 = Numbers().tag(sync=True)  # (h,): its biases, b1 as a flat list
    W2 = Numbers(ndim=2).tag(sync=True)  # (10, h): the output layer's weights
    b2 = Numbers().tag(sync=True)  # (10,)
    drawing = _Drawing(default_value=[0] * (SIDE * SIDE)).tag(sync=True)  # 1024 zeros and ones, row by row
    tests = _Whole(0, FULL, "the test images' counts", ndim=2).tag(sync=True)  # (k, 64)
    test_labels = _Whole(0, 9, "the test images' digits").tag(sync=True)  # (k,)
    test_columns = _Whole(0, 10 ** 9, "the test images' columns in the test set").tag(sync=True)
    test_shown = traitlets.Int(-1).tag(sync=True)  # the stored test image in the grid, or -1

    def __init__(self, network, X_test, labels_test, per_digit=1, misread=True, decimals=4, **kwargs):
        weights = self._weights(network, decimals)
        tests, labels, columns = chapter_tests(X_test, labels_test, per_digit,
                                               self._network(weights) if misread else None)
        super().__init__(**weights, tests=tests.tolist(),
                         test_labels=labels.tolist(), test_columns=columns.tolist(), **kwargs)
        self.decimals = decimals  # the stored weights' rounding (None: not rounded)
        self.show_test(0)

    # ----- the network ------------------------------------------------------------------

    @staticmethod
    def _weights(network, decimals):
        layers = getattr(network, "layers", None)
        ok = (layers is not None and len(layers) == 2 and all(isinstance(l, Dense) for l in layers)
              and [l.activation for l in layers] == ["relu", "softmax"]
              and layers[0].n_in == CELLS * CELLS and layers[1].n_out == 10)
        if not ok:
            raise ValueError("network must be the chapter's kind of Network: Dense(64, h, \"relu\") "
                             "then Dense(h, 10, \"softmax\")")
        r = (lambda a: np.asarray(a, dtype=float)) if decimals is None else (lambda a: np.round(a, decimals))
        (W1, b1), (W2, b2) = ((r(l.W), r(l.b)) for l in layers)
        return {"W1": W1.tolist(), "b1": b1[:, 0].tolist(), "W2": W2.tolist(), "b2": b2[:, 0].tolist()}

    def set_network(self, network, decimals=4):
        """Set another network (any hidden size h) at once: W1, b1, W2, b2 together."""
        values = self._weights(network, decimals)
        with self.hold_sync(), self.hold_trait_notifications():
            for name, value in values.items():
                self.set_trait(name, value)
        self.decimals = decimals

    @traitlets.validate("W1", "b1", "W2", "b2")
    def _shapes(self, proposal):
        shapes = {n: np.shape(proposal.value if proposal.trait.name == n else getattr(self, n))
                  for n in ("W1", "b1", "W2", "b2")}
        if not all(shapes.values()):  # still being built
            return proposal.value
        h = shapes["W1"][0]
        want = {"W1": (h, CELLS * CELLS), "b1": (h,), "W2": (10, h), "b2": (10,)}
        if shapes != want:
            raise traitlets.TraitError(
                f"the network is 64 -> h (relu) -> 10 (softmax): W1 (h, 64), b1 (h,), W2 (10, h), "
                f"b2 (10,); this would make {', '.join(f'{n} {s}' for n, s in shapes.items())}. "
                f"To change h, set all four at once: widget.set_network(network)")
        return proposal.value

    @staticmethod
    def _network(weights):
        return Network([Dense.from_weights(weights["W1"], weights["b1"], "relu"),
                        Dense.from_weights(weights["W2"], weights["b2"], "softmax")])

    @property
    def network(self):
        """The network the page runs: 64 -> h ReLU -> 10 softmax, with the stored weights."""
        return self._network({name: getattr(self, name) for name in ("W1", "b1", "W2", "b2")})

    # ----- the drawing and what the network reads ----------------------------------------

    @property
    def counts(self):
        """The drawing's 8 x 8 image: inked pixels in each 4 x 4 block, an (8, 8) int array."""
        return block_counts(self.drawing)

    @property
    def inputs(self):
        """The network's input: the 64 counts / 16 as a column (64, 1), pixel i = row i // 8,
        column i % 8, as in mathnn.digits()."""
        return self.counts.reshape(CELLS * CELLS, 1) / FULL

    def probabilities(self):
        """The network's ten probabilities for the drawing (mathnn's forward pass), shape (10,)."""
        return self.network.forward(self.inputs)[:, 0]

    @property
    def answer(self):
        """The most probable digit."""
        return int(np.argmax(self.probabilities()))

    @property
    def label(self):
        """The true digit of the test image in the grid, or None for the reader's own drawing."""
        return None if self.test_shown < 0 else self.test_labels[self.test_shown]

    def load(self, counts):
        """Draw a stand-in for an 8 x 8 image (`stand_in`): its block counts are `counts`."""
        self.drawing = stand_in(counts)

    def show_test(self, k):
        """Load stored test image k into the grid, as the page's button does (the same as
        `widget.test_shown = k`)."""
        with self.hold_sync():
            self.test_shown = k
            self._load_the_test_image({})

    def clear(self):
        """An empty grid."""
        self.drawing = [0] * (SIDE * SIDE)

    @traitlets.validate("test_shown")
    def _a_stored_test(self, proposal):
        k, n = proposal.value, len(self.tests)
        if not -1 <= k < n:
            raise traitlets.TraitError(f"test_shown is a stored test image, 0 to {n - 1}, or -1 for "
                                       f"the reader's own drawing; got {k}")
        return k

    @traitlets.validate("tests", "test_labels", "test_columns")
    def _one_label_per_test(self, proposal):
        value = proposal.value
        lengths = [len(value if proposal.trait.name == n else getattr(self, n))
                   for n in ("tests", "test_labels", "test_columns")]
        if proposal.trait.name == "tests" and np.shape(value)[1] != CELLS * CELLS:
            raise traitlets.TraitError(f"tests holds one image per row, 64 counts each; got shape "
                                       f"{np.shape(value)}")
        if min(lengths) and len(set(lengths)) > 1:
            raise traitlets.TraitError("tests, test_labels and test_columns need one entry per test "
                                       f"image each; this would make {lengths[0]}, {lengths[1]} and "
                                       f"{lengths[2]}. Make a new widget to store other test images")
        return value

    @traitlets.observe("test_shown")
    def _load_the_test_image(self, change):
        """test_shown = k puts stored test image k in the grid (if its counts are not there)."""
        k = self.test_shown
        if k >= 0 and not np.array_equal(self.counts.reshape(-1), self.tests[k]):
            self.drawing = stand_in(self.tests[k])

    @traitlets.observe("drawing")
    def _still_the_test_image(self, change):
        """A stroke that changes the counts makes the grid the reader's drawing (as on the page)."""
        k = self.test_shown
        if k >= 0 and not np.array_equal(self.counts.reshape(-1), self.tests[k]):
            self.test_shown = -1

    def __repr__(self):
        inked = sum(self.drawing)
        shown = f"test image {self.test_columns[self.test_shown]}" if self.test_shown >= 0 else "a drawing"
        return (f"DigitWidget(64 -> {len(self.b1)} relu -> 10 softmax, {len(self.tests)} test images; "
                f"showing {shown}, {inked} of {SIDE * SIDE} pixels inked)")
