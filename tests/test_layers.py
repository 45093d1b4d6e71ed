import numpy as np
import pytest
from hypothesis import given, strategies as st

import mathnn as nn

ACTS = ["identity", "relu", "tanh", "sigmoid", "softmax"]


def test_neuron_scalars_and_arrays():
    assert nn.neuron(2.0, 3.0, 1.0) == 7.0
    assert nn.neuron(0.0, 5.0, 0.0) == 0.0  # without a bias, x = 0 always gives 0
    assert nn.neuron(np.array([0.0, 1.0, 2.0]), 2.0, -1.0).tolist() == [-1.0, 1.0, 3.0]


def test_forward_is_W_X_plus_b_then_f():
    W = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]])
    b = [0.1, -0.2]
    X = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, -1.0]])
    layer = nn.Dense.from_weights(W, b, activation="relu")
    Z = W @ X + np.array([[0.1], [-0.2]])
    assert np.array_equal(layer.forward(X), np.maximum(Z, 0))
    assert layer.b.shape == (2, 1) and (layer.n_in, layer.n_out) == (3, 2)
    assert repr(layer) == "Dense(n_in=3, n_out=2, activation='relu')"


@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 7), st.sampled_from(ACTS))
def test_shapes(n_in, n_out, m, act):
    layer = nn.Dense(n_in, n_out, act, rng=np.random.default_rng(0))
    assert layer.W.shape == (n_out, n_in) and layer.b.shape == (n_out, 1)
    A = layer.forward(np.ones((n_in, m)))
    assert A.shape == (n_out, m)
    dX = layer.backward(np.ones((n_out, m)))
    assert dX.shape == (n_in, m) and layer.dW.shape == layer.W.shape and layer.db.shape == layer.b.shape


@pytest.mark.parametrize("act", ACTS)
def test_gradients_match_central_differences(act):
    rng = np.random.default_rng(4)
    layer = nn.Dense(3, 4, act, rng=rng)
    layer.b = rng.normal(size=(4, 1))
    X = rng.normal(size=(3, 5))
    G = rng.normal(size=(4, 5))  # L = sum(G * A) has dL/dA = G

    def L(_):
        return float((layer.forward(X) * G).sum())

    layer.forward(X)
    dX = layer.backward(G)
    dW, db = layer.dW.copy(), layer.db.copy()
    assert nn.gradient_check(L, layer.W, dW) <= 1e-7
    assert nn.gradient_check(L, layer.b, db) <= 1e-7
    assert nn.gradient_check(lambda x: float((layer.forward(x) * G).sum()), X.copy(), dX) <= 1e-7


def test_backward_assigns_not_accumulates():
    layer = nn.Dense(2, 3, "tanh", rng=np.random.default_rng(5))
    X, G = np.ones((2, 4)), np.ones((3, 4))
    layer.forward(X)
    first = (layer.backward(G), layer.dW.copy(), layer.db.copy())
    second = (layer.backward(G), layer.dW, layer.db)
    for a, b in zip(first, second):
        assert np.array_equal(a, b)


def test_seeded_init_is_repeatable_and_scaled():
    a = nn.Dense(100, 50, "relu", rng=np.random.default_rng(7))
    b = nn.Dense(100, 50, "relu", rng=np.random.default_rng(7))
    assert np.array_equal(a.W, b.W) and np.all(a.b == 0)
    assert a.W.std() == pytest.approx(np.sqrt(2 / 100), rel=0.1)  # He scaling for ReLU
    assert nn.Dense(100, 50, "tanh", rng=np.random.default_rng(7)).W.std() == pytest.approx(0.1, rel=0.1)


def test_float32():
    layer = nn.Dense(3, 2, "sigmoid", rng=np.random.default_rng(0), dtype=np.float32)
    assert layer.forward(np.ones((3, 4))).dtype == np.float32


def test_bad_input():
    layer = nn.Dense.from_weights(np.ones((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match=r"W has shape \(4, 3\), so X needs 3 rows, one per input; got X with shape \(2, 5\)"):
        layer.forward(np.ones((2, 5)))
    with pytest.raises(ValueError, match="NaN or inf"):
        layer.forward(np.full((3, 1), np.inf))
    with pytest.raises(ValueError, match=r"2-D array.*got 1-D with shape \(3,\)"):
        layer.forward(np.ones(3))
    with pytest.raises(ValueError, match=r"b must have shape \(4, 1\), one bias per neuron; got b with shape \(3, 1\)"):
        nn.Dense.from_weights(np.ones((4, 3)), np.zeros(3))
    with pytest.raises(ValueError, match="unknown activation 'Relu'"):
        nn.Dense(3, 4, "Relu")
    with pytest.raises(ValueError, match="n_out must be a positive whole number; got 0"):
        nn.Dense(3, 0)
    with pytest.raises(ValueError, match="forward"):
        nn.Dense(3, 4).backward(np.ones((4, 1)))
    layer.forward(np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"dA must have the shape of A, \(n_out, m\) = \(4, 2\); got \(2, 4\)"):
        layer.backward(np.ones((2, 4)))
