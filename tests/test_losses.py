import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

import mathnn as nn


def test_source_chain_5815():
    # source 001: score 5.815 -> p = 0.997 -> loss 0.003005, because it rounded p first
    p = nn.sigmoid(np.array([[5.815]]))
    assert round(float(p[0, 0]), 3) == 0.997
    assert round(nn.binary_cross_entropy(np.array([[0.997]]), [[1.0]]), 6) == 0.003005
    assert round(nn.binary_cross_entropy(p, [[1.0]]), 5) == 0.00298


def test_bce_by_hand():
    Y_hat, Y = np.array([[0.9, 0.2, 0.6]]), np.array([[1.0, 0.0, 0.0]])
    by_hand = -(np.log(0.9) + np.log(0.8) + np.log(0.4)) / 3
    assert nn.binary_cross_entropy(Y_hat, Y) == pytest.approx(by_hand, rel=1e-15)


def test_mse_and_softmax_ce_by_hand():
    assert nn.mean_squared_error([[1.0, 2.0], [0.0, 0.0]], [[0.0, 0.0], [1.0, 0.0]]) == 3.0
    Y_hat = np.array([[0.7, 0.1], [0.2, 0.8], [0.1, 0.1]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    assert nn.softmax_cross_entropy(Y_hat, Y) == pytest.approx(-(np.log(0.7) + np.log(0.8)) / 2)


@pytest.mark.parametrize("name", list(nn.LOSSES))
def test_gradient_matches_central_differences(name):
    rng = np.random.default_rng(3)
    if name == "softmax_cross_entropy":
        Y_hat = nn.softmax(rng.normal(size=(4, 5)))
        Y = nn.one_hot(rng.integers(0, 4, 5), 4)
    else:
        Y_hat = rng.uniform(0.05, 0.95, size=(2, 5))
        Y = (rng.uniform(size=(2, 5)) < 0.5).astype(float)
    L, L_prime, _, _ = nn.get_loss(name)
    assert nn.gradient_check(lambda P: L(P, Y), Y_hat.copy(), L_prime(Y_hat, Y)) <= 1e-7


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_finite_at_certain_predictions(p):
    for y in (0.0, 1.0):
        assert np.isfinite(nn.binary_cross_entropy([[p]], [[y]]))
        assert np.all(np.isfinite(nn.binary_cross_entropy_prime([[p]], [[y]])))
    assert nn.binary_cross_entropy([[1.0]], [[1.0]]) == pytest.approx(0.0, abs=1e-11)
    Y = np.array([[1.0], [0.0]])
    assert np.isfinite(nn.softmax_cross_entropy(np.array([[p], [1 - p]]), Y))
    assert np.all(np.isfinite(nn.softmax_cross_entropy_prime(np.array([[p], [1 - p]]), Y)))


def test_bad_labels_and_shapes():
    with pytest.raises(ValueError, match=r"labels Y must be 0 or 1; got \[0.5, 2.0\]"):
        nn.binary_cross_entropy([[0.3, 0.4, 0.5]], [[0.5, 1.0, 2.0]])
    with pytest.raises(ValueError, match=r"same shape \(n_out, m\).*Y_hat \(1, 3\) and Y \(3, 1\)"):
        nn.binary_cross_entropy([[0.3, 0.4, 0.5]], [[1.0], [0.0], [1.0]])
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        nn.binary_cross_entropy([[1.5]], [[1.0]])
    with pytest.raises(ValueError, match="one-hot"):
        nn.softmax_cross_entropy([[0.5, 0.5], [0.5, 0.5]], [[1.0, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="NaN or inf"):
        nn.mean_squared_error([[np.nan]], [[1.0]])
    with pytest.raises(ValueError, match="2-D"):
        nn.mean_squared_error([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="array of numbers"):
        nn.mean_squared_error([["a"]], [[1.0]])
    with pytest.raises(ValueError, match="unknown loss 'bce'; known: binary_cross_entropy"):
        nn.get_loss("bce")


probs = arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 6)),
               elements=st.floats(0, 1))


@given(probs, st.data())
def test_losses_are_non_negative(Y_hat, data):
    Y = data.draw(arrays(np.float64, Y_hat.shape, elements=st.sampled_from([0.0, 1.0])))
    assert nn.binary_cross_entropy(Y_hat, Y) >= 0
    assert nn.mean_squared_error(Y_hat, Y) >= 0
    one_hot = np.zeros_like(Y_hat)
    one_hot[0] = 1.0
    assert nn.softmax_cross_entropy(Y_hat, one_hot) >= 0
