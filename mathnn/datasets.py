"""Data sets, returned with samples as columns: X (n_in, m), Y (n_out, m)  (chapters 6-10).

scikit-learn and most data files keep samples in rows; here they are transposed
once, at this boundary, so every other function sees one sample per column.
"""
import gzip
from pathlib import Path

import numpy as np

from ._checks import check_rng, positive


def four_students():
    """The pass/fail table of chapter 6: hours of study and GPA for four students.

    The source article's table was an image that did not survive, so these values are
    ours, chosen to be plausible. Returns X (2, 4): row 0 hours, row 1 GPA; Y (1, 4):
    1 = pass, 0 = fail.
    """
    X = np.array([[7.0, 2.0, 5.0, 1.0],
                  [3.5, 2.1, 3.8, 3.0]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])
    return X, Y


def one_hot(labels, k):
    """Labels (m,) with values 0..k-1 -> Y (k, m) with Y[labels[j], j] = 1."""
    labels = np.asarray(labels)
    k = positive("k", k, int)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D array of whole numbers; got shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= k):
        raise ValueError(f"labels must lie in 0..{k - 1}; got {labels.min()}..{labels.max()}")
    Y = np.zeros((k, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def _two_classes(points_0, points_1, rng):
    """Stack two (m_c, 2) clouds into X (2, m), Y (1, m), in a shuffled order."""
    X = np.vstack([points_0, points_1]).T
    Y = np.concatenate([np.zeros(len(points_0)), np.ones(len(points_1))])[None, :]
    order = rng.permutation(X.shape[1])
    return X[:, order], Y[:, order]


def _check_toy(m, noise, rng):
    check_rng(rng)
    m = positive("m", m, int)
    if m < 2:
        raise ValueError(f"m must be at least 2 (one sample per class); got {m}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a number >= 0; got {noise!r}")
    return m // 2, m - m // 2


def moons(m, rng, noise=0.1):
    """Two interleaving half circles. Returns X (2, m), Y (1, m)."""
    m0, m1 = _check_toy(m, noise, rng)
    t0, t1 = np.linspace(0, np.pi, m0), np.linspace(0, np.pi, m1)
    upper = np.c_[np.cos(t0), np.sin(t0)]
    lower = np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]
    return _two_classes(upper + noise * rng.standard_normal(upper.shape),
                        lower + noise * rng.standard_normal(lower.shape), rng)


def circles(m, rng, noise=0.05, factor=0.5):
    """A small circle (class 1) inside a large one (class 0). Returns X (2, m), Y (1, m)."""
    m0, m1 = _check_toy(m, noise, rng)
    t0 = np.linspace(0, 2 * np.pi, m0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, m1, endpoint=False)
    outer = np.c_[np.cos(t0), np.sin(t0)]
    inner = factor * np.c_[np.cos(t1), np.sin(t1)]
    return _two_classes(outer + noise * rng.standard_normal(outer.shape),
                        inner + noise * rng.standard_normal(inner.shape), rng)


def xor(m, rng, noise=0.1):
    """Points near the four corners (+-1, +-1); class 1 where the signs differ (XOR)."""
    _check_toy(m, noise, rng)
    corners = rng.choice([-1.0, 1.0], size=(2, m))
    Y = (corners[0] != corners[1]).astype(float)[None, :]
    return corners + noise * rng.standard_normal((2, m)), Y


def spirals(m, rng, noise=0.1, turns=1.5):
    """Two interleaved spirals, one per class. Returns X (2, m), Y (1, m)."""
    m0, m1 = _check_toy(m, noise, rng)
    arms = []
    for n, phase in ((m0, 0.0), (m1, np.pi)):
        t = np.linspace(0.1, 1.0, n)
        angle = 2 * np.pi * turns * t + phase
        arms.append(np.c_[t * np.cos(angle), t * np.sin(angle)] + noise * rng.standard_normal((n, 2)))
    return _two_classes(arms[0], arms[1], rng)


def digits():
    """The 1,797 8x8 handwritten digits (UCI, via scikit-learn; see mathnn/data/README.md).

    Returns X (64, 1797) with pixels scaled to [0, 1] (the raw 0..16 divided by 16),
    Y (10, 1797) one-hot, and labels (1797,) with the digit 0..9 of each column.
    Pixel i of a sample is row i // 8, column i % 8 of its image.
    """
    with gzip.open(Path(__file__).parent / "data" / "digits.csv.gz", "rt") as f:
        table = np.loadtxt(f, delimiter=",")
    labels = table[:, -1].astype(int)
    return table[:, :-1].T / 16.0, one_hot(labels, 10), labels


def split(X, Y, test_fraction, rng):
    """Shuffle the m columns with `rng` and split them: returns X_train, Y_train, X_test, Y_test."""
    check_rng(rng)
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1; got {test_fraction!r}")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"X and Y must have the same number of columns (samples); "
                         f"got X {X.shape} and Y {Y.shape}")
    order = rng.permutation(X.shape[1])
    n_test = int(round(test_fraction * X.shape[1]))
    test, train = order[:n_test], order[n_test:]
    return X[:, train], Y[:, train], X[:, test], Y[:, test]
