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
        with pytest.raises(ValueError, match=r"rng must be a numpy random Generator, e\.g\. rng = np\.random\.default_rng\(0\), "
                                             r"or a mathnn\.TwinRandom\(seed\)"):
            call()
    with pytest.raises(ValueError, match="rng must be a numpy random Generator"):
        nn.Dense(2, 3, rng=7)
    net = nn.Network([nn.Dense(2, 1, "sigmoid", rng=np.random.default_rng(0))])
    with pytest.raises(ValueError, match="rng must be a numpy random Generator"):
        nn.train(net, np.ones((2, 4)), np.ones((1, 4)), "binary_cross_entropy", 0.1, 1, rng=3)


# ----- TwinRandom: the generator mathnn.js has too (chapter 11) --------------------------

def test_twin_random_is_mulberry32():
    """The first numbers of seed 0 are those of the reference mulberry32 (Math.imul in
    JavaScript); tests/test_parity.py checks mathnn.js's twin against this class."""
    rng = nn.TwinRandom(0)
    assert [rng.next_uint32() for _ in range(3)] == [1144304738, 1416247, 958946056]
    assert rng.state == 3 * 0x6D2B79F5 % 2**32
    top = nn.TwinRandom(2**32 - 1)
    assert 0 <= top.next_uint32() < 2**32 and top.state == (2**32 - 1 + 0x6D2B79F5) % 2**32
    again = nn.TwinRandom(0)
    again.next_uint32()
    u1, u2 = 1416247 / 2**32, 958946056 / 2**32  # the next two: one normal, by Box-Muller
    assert again.standard_normal() == np.sqrt(-2 * np.log(1 - u1)) * np.cos(2 * np.pi * u2)
    assert repr(again) == "TwinRandom(seed=0)"


def test_twin_random_has_numpys_signatures():
    rng = nn.TwinRandom(7)
    assert rng.standard_normal(5).shape == (5,) and isinstance(rng.standard_normal(), float)
    Z = rng.standard_normal(20000)
    assert abs(Z.mean()) < 0.03 and abs(Z.std() - 1) < 0.03
    assert rng.standard_normal((2, 3)).shape == (2, 3)
    # C order: the entries of a (2, 3) array are the next six draws, row by row
    a, b = nn.TwinRandom(3), nn.TwinRandom(3)
    assert a.standard_normal((2, 3)).ravel().tolist() == [b.standard_normal() for _ in range(6)]
    order = rng.permutation(50)
    assert sorted(order.tolist()) == list(range(50)) and order.tolist() != list(range(50))
    assert rng.permutation(1).tolist() == [0] and rng.permutation(0).tolist() == []
    assert sorted(rng.permutation(np.array([5.0, 6.0, 7.0])).tolist()) == [5.0, 6.0, 7.0]
    C = rng.choice([-1.0, 1.0], size=(2, 1000))
    assert C.shape == (2, 1000) and set(np.unique(C)) == {-1.0, 1.0}
    assert rng.choice(3) in (0, 1, 2) and rng.choice([4.5]) == 4.5 and rng.choice(10, 4).shape == (4,)


def test_twin_random_refuses_a_seed_it_cannot_hold():
    for seed in (-1, 2**32, 1.5, "1", True, None):
        with pytest.raises(ValueError, match=r"seed must be a whole number from 0 to 2\*\*32 - 1"):
            nn.TwinRandom(seed)


@pytest.mark.parametrize("make", [nn.moons, nn.circles, nn.xor, nn.spirals])
def test_mathnn_draws_with_a_twin_random_as_with_a_generator(make):
    X, Y = make(101, nn.TwinRandom(4), noise=0.2)
    assert X.shape == (2, 101) and set(np.unique(Y)) == {0.0, 1.0}
    X2, Y2 = make(101, nn.TwinRandom(4), noise=0.2)
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    rng = nn.TwinRandom(5)
    parts = nn.split(X, Y, 0.2, rng)
    assert [p.shape[1] for p in parts] == [81, 81, 20, 20]
    layer = nn.Dense(2, 3, "relu", rng)
    assert layer.W.shape == (3, 2) and not layer.b.any()
    net = nn.Network([layer, nn.Dense(3, 1, "sigmoid", rng)])
    history = nn.train(net, parts[0], parts[1], "binary_cross_entropy", 0.1, 3, 10, rng)
    assert len(history) == 3 and np.isfinite(history).all()
