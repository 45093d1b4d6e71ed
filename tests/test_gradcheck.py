import numpy as np
import pytest

import mathnn as nn


def test_numerical_gradient_of_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = nn.numerical_gradient(lambda v: float((v ** 3).sum()), x)
    assert g == pytest.approx(3 * x ** 2, rel=1e-9)
    assert np.array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # put back exactly
    assert nn.numerical_gradient(lambda v: v ** 2, 3.0) == pytest.approx(6.0)


def test_relative_error():
    assert nn.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert nn.relative_error([0.0], [0.0]) == 0.0
    assert nn.relative_error([1.0], [3.0]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same shape"):
        nn.relative_error([1.0], [1.0, 2.0])


def test_gradient_check_catches_a_wrong_gradient():
    x = np.linspace(-1, 1, 5)
    assert nn.gradient_check(lambda v: float((v ** 2).sum()), x, 2 * x) < 1e-9
    assert nn.gradient_check(lambda v: float((v ** 2).sum()), x, 2.1 * x) > 1e-2


def test_bad_input():
    with pytest.raises(ValueError, match="float numpy array"):
        nn.numerical_gradient(lambda v: 0.0, np.array([1, 2]))
    with pytest.raises(ValueError, match="eps must be positive"):
        nn.numerical_gradient(lambda v: 0.0, np.zeros(2), eps=0)
