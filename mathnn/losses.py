"""Loss functions: one number for how wrong the predictions are  (chapters 7 and 9).

Y_hat (the network's output) and Y (the labels) have shape (n_out, m), one column per
sample. Every loss is the mean over the m samples of a per-sample loss (summed over the
n_out rows), and every gradient is dL/dY_hat of that mean, so it carries the factor 1/m.

Probabilities are clipped to [EPS, 1 - EPS] before a logarithm, so p = 0 or p = 1 gives a
large but finite loss instead of inf or NaN.
"""
import numpy as np

from ._checks import (as_matrix, check_labels_01, check_one_hot, check_probabilities, check_same_shape)

EPS = 1e-12


def _clip(P):
    return np.clip(P, EPS, 1.0 - EPS)


def _bce(Y_hat, Y):
    P = _clip(Y_hat)
    return -np.sum(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)) / Y.shape[1]


def _softmax_ce(Y_hat, Y):
    return -np.sum(Y * np.log(np.maximum(Y_hat, EPS))) / Y.shape[1]  # log 1 = 0 needs no upper clip


def _mse(Y_hat, Y):
    return np.sum((Y_hat - Y) ** 2) / Y.shape[1]


def _bce_prime(Y_hat, Y):
    P = _clip(Y_hat)
    return (P - Y) / (P * (1.0 - P)) / Y.shape[1]


def _softmax_ce_prime(Y_hat, Y):
    return -Y / _clip(Y_hat) / Y.shape[1]


def _mse_prime(Y_hat, Y):
    return 2.0 * (Y_hat - Y) / Y.shape[1]


def _checked(Y_hat, Y, labels_01=False, probabilities=False):
    Y_hat, Y = as_matrix("Y_hat", Y_hat), as_matrix("Y", Y)
    check_same_shape(Y_hat, Y)
    if labels_01:
        check_labels_01(Y)
    if probabilities:
        check_probabilities(Y_hat)
    return Y_hat, Y


def _checked_one_hot(Y_hat, Y):
    Y_hat, Y = _checked(Y_hat, Y, labels_01=True, probabilities=True)
    check_one_hot(Y)
    return Y_hat, Y


def binary_cross_entropy(Y_hat, Y):
    """L = -(1/m) sum [ y log p + (1 - y) log(1 - p) ], with p = Y_hat.

    Y_hat: (n_out, m) probabilities in [0, 1]; Y: (n_out, m) labels, each 0 or 1.
    """
    return _bce(*_checked(Y_hat, Y, labels_01=True, probabilities=True))


def binary_cross_entropy_prime(Y_hat, Y):
    """dL/dY_hat = (1/m) (p - y) / (p (1 - p)), shape (n_out, m)."""
    return _bce_prime(*_checked(Y_hat, Y, labels_01=True, probabilities=True))


def softmax_cross_entropy(Y_hat, Y):
    """L = -(1/m) sum_j sum_i y_ij log p_ij, for softmax outputs and one-hot labels.

    Y_hat: (k, m), each column a probability distribution over k classes (softmax output);
    Y: (k, m) one-hot, a single 1 in each column.
    """
    return _softmax_ce(*_checked_one_hot(Y_hat, Y))


def softmax_cross_entropy_prime(Y_hat, Y):
    """dL/dY_hat = -(1/m) y / p, shape (k, m)."""
    return _softmax_ce_prime(*_checked_one_hot(Y_hat, Y))


def mean_squared_error(Y_hat, Y):
    """L = (1/m) sum (y_hat - y)^2, summed over the n_out rows. Shapes (n_out, m)."""
    return _mse(*_checked(Y_hat, Y))


def mean_squared_error_prime(Y_hat, Y):
    """dL/dY_hat = (2/m) (y_hat - y), shape (n_out, m)."""
    return _mse_prime(*_checked(Y_hat, Y))


# name -> (L, dL/dY_hat, and their unchecked forms for the training loop)
LOSSES = {
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_prime, _bce, _bce_prime),
    "softmax_cross_entropy": (softmax_cross_entropy, softmax_cross_entropy_prime,
                              _softmax_ce, _softmax_ce_prime),
    "mean_squared_error": (mean_squared_error, mean_squared_error_prime, _mse, _mse_prime),
}


def get_loss(name):
    """Look up a loss by name: returns (L, dL/dY_hat, unchecked L, unchecked dL/dY_hat)."""
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; known: {', '.join(LOSSES)}")
    return LOSSES[name]
