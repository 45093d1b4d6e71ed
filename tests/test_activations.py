import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

import mathnn as nn

ELEMENTWISE = ["identity", "relu", "tanh", "sigmoid"]
floats = st.floats(-1e3, 1e3, allow_nan=False)


@pytest.fixture
def Z():
    # keep away from relu's kink at 0, where no derivative exists
    Z = np.random.default_rng(1).normal(size=(4, 6)) * 3
    return np.where(np.abs(Z) < 1e-3, 0.5, Z)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_differences(name, Z):
    f, f_prime = nn.get_activation(name)
    # f is elementwise, so d(sum f(Z))/dZ_ij = f'(Z_ij)
    assert nn.gradient_check(lambda z: f(z).sum(), Z.copy(), f_prime(Z)) <= 1e-7


def test_softmax_backward_matches_central_differences(Z):
    G = np.random.default_rng(2).normal(size=Z.shape)  # an arbitrary upstream dL/dA
    analytic = nn.softmax_backward(nn.softmax(Z), G)
    assert nn.gradient_check(lambda z: (nn.softmax(z) * G).sum(), Z.copy(), analytic) <= 1e-7


def test_known_values():
    z = np.array([-2.0, 0.0, 3.0])
    assert nn.relu(z).tolist() == [0.0, 0.0, 3.0]
    assert nn.relu_prime(z).tolist() == [0.0, 0.0, 1.0]
    assert nn.identity(z) is z and nn.identity_prime(z).tolist() == [1.0, 1.0, 1.0]
    assert nn.sigmoid(np.array(0.0)) == 0.5
    assert nn.sigmoid(np.array(5.815)) == pytest.approx(0.99702638841, abs=1e-11)
    assert nn.tanh(z) == pytest.approx(np.tanh(z))
    # the four calculator steps of chapter 4: negate, exponentiate, add 1, invert
    assert nn.sigmoid(np.array(1.3)) == pytest.approx(1 / (1 + np.exp(-1 * 1.3)), rel=1e-15)


def test_sigmoid_extremes_no_warning_full_precision():
    z = np.array([-1000.0, -745.0, -40.0, 40.0, 1000.0, -np.finfo(float).max, np.finfo(float).max])
    s = nn.sigmoid(z)  # pytest turns any RuntimeWarning into an error
    assert s[0] == 0.0 and s[4] == 1.0 and s[-2] == 0.0 and s[-1] == 1.0
    assert s[2] == pytest.approx(np.exp(-40.0), rel=1e-12)  # tiny values keep their digits
    assert np.all(np.isfinite(nn.sigmoid_prime(z)))


def test_softmax_extremes_and_shift_invariance():
    Z = np.array([[1000.0, -1000.0], [0.0, -999.0], [-1000.0, -1001.0]])
    A = nn.softmax(Z)
    assert np.all(np.isfinite(A)) and A.sum(axis=0) == pytest.approx([1.0, 1.0])
    assert nn.softmax(Z + 7.0) == pytest.approx(A)


def test_unknown_activation_lists_known():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'.*identity, relu, tanh, sigmoid, softmax"):
        nn.get_activation("sigmod")


@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=floats))
def test_sigmoid_range_and_symmetry(Z):
    S = nn.sigmoid(Z)
    assert np.all((S >= 0) & (S <= 1))
    assert np.allclose(nn.sigmoid(-Z), 1 - S, atol=1e-15)
    assert np.all(nn.sigmoid_prime(Z) <= 0.25)


@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=floats))
def test_softmax_columns_are_distributions(Z):
    A = nn.softmax(Z)
    assert A.shape == Z.shape
    assert np.all(A >= 0) and np.allclose(A.sum(axis=0), 1.0)


@given(arrays(np.float64, st.integers(0, 20), elements=floats))
def test_elementwise_activations_keep_shape(z):
    for name in ELEMENTWISE:
        f, f_prime = nn.get_activation(name)
        assert f(z).shape == z.shape and f_prime(z).shape == z.shape
    assert np.all(np.abs(nn.tanh(z)) <= 1) and np.all(nn.relu(z) >= 0)
