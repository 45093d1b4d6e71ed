import numpy as np
import pytest

import mathnn as nn


@pytest.mark.parametrize("make", [nn.moons, nn.circles, nn.xor, nn.spirals])
def test_toy_sets_shapes_labels_determinism(make):
    X, Y = make(101, np.random.default_rng(0))
    assert X.shape == (2, 101) and Y.shape == (1, 101)
    assert set(np.unique(Y)) == {0.0, 1.0}
    X2, Y2 = make(101, np.random.default_rng(0))
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    with pytest.raises(ValueError, match="m must be at least 2"):
        make(1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="noise must be a number >= 0"):
        make(10, np.random.default_rng(0), noise=-1)


def test_xor_labels_follow_the_signs():
    X, Y = nn.xor(200, np.random.default_rng(1), noise=0.0)
    assert np.array_equal(Y[0], (np.sign(X[0]) != np.sign(X[1])).astype(float))


def test_four_students():
    X, Y = nn.four_students()
    assert X.shape == (2, 4) and Y.shape == (1, 4)
    assert np.all((X[1] >= 0) & (X[1] <= 4))  # GPA on a 0-4 scale
    assert Y.tolist() == [[1.0, 0.0, 1.0, 0.0]]


def test_digits_match_scikit_learn():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    X, Y, labels = nn.digits()
    ref = sklearn_datasets.load_digits()
    assert X.shape == (64, 1797) and Y.shape == (10, 1797)
    assert np.array_equal(X * 16, ref.data.T)  # samples in columns: transposed at the boundary
    assert np.array_equal(labels, ref.target)
    assert np.array_equal(Y.argmax(axis=0), labels)


def test_one_hot_and_split():
    assert nn.one_hot(np.array([2, 0]), 3).tolist() == [[0, 1], [0, 0], [1, 0]]
    with pytest.raises(ValueError, match=r"labels must lie in 0..2; got 0..3"):
        nn.one_hot(np.array([0, 3]), 3)
    with pytest.raises(ValueError, match="whole numbers"):
        nn.one_hot(np.array([0.5]), 3)
    X, Y = np.arange(20.0).reshape(2, 10), np.arange(10.0)[None]
    Xtr, Ytr, Xte, Yte = nn.split(X, Y, 0.3, np.random.default_rng(0))
    assert Xtr.shape == (2, 7) and Xte.shape == (2, 3)
    assert sorted(np.r_[Ytr[0], Yte[0]]) == list(range(10))
    assert np.array_equal(Xtr[0], Ytr[0])  # columns stay paired
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        nn.split(X, Y, 1.0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="same number of columns"):
        nn.split(X, Y[:, :5], 0.5, np.random.default_rng(0))


def test_rng_must_be_a_generator():
    for call in (lambda: nn.moons(10, 0), lambda: nn.xor(10, None),
                 lambda: nn.split(np.ones((2, 4)), np.ones((1, 4)), 0.5, 42)):
        with pytest.raises(ValueError, match=r"rng must be a numpy random Generator, e\.g\. rng = np\.random\.default_rng\(0\)"):
            call()
    with pytest.raises(ValueError, match="rng must be a numpy random Generator"):
        nn.Dense(2, 3, rng=7)
    net = nn.Network([nn.Dense(2, 1, "sigmoid", rng=np.random.default_rng(0))])
    with pytest.raises(ValueError, match="rng must be a numpy random Generator"):
        nn.train(net, np.ones((2, 4)), np.ones((1, 4)), "binary_cross_entropy", 0.1, 1, rng=3)
