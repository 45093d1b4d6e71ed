"""Argument checks shared by the public entry points.

Each public function checks its arguments once, here, so that a mistake is reported in
the book's notation (shapes as (n_out, n_in), samples as columns) instead of as a numpy
traceback from deep inside. The inner training loop calls unchecked code.
"""
import numpy as np

from .twin import TwinRandom


def as_matrix(name, value, dtype=np.float64):
    """Return `value` as a finite 2-D float array, or raise ValueError naming `name`."""
    try:
        M = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers; got {type(value).__name__}") from None
    if M.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (rows x columns, samples as columns); "
                         f"got {M.ndim}-D with shape {M.shape}")
    check_finite(name, M)
    return M


def check_finite(name, M):
    """Raise ValueError if `M` holds NaN or inf."""
    if not np.isfinite(M).all():
        raise ValueError(f"{name} contains NaN or inf; every value must be a finite number")


def check_rows(X, n_in, W_shape, name="X"):
    """Raise ValueError unless X has n_in rows (one per input of a layer whose W has W_shape)."""
    if X.shape[0] != n_in:
        raise ValueError(f"W has shape {W_shape}, so {name} needs {n_in} rows, one per input; "
                         f"got {name} with shape {X.shape}")


def check_chain(l, n_prev_out, W_shape):
    """Raise ValueError unless layer l (W of shape W_shape) takes the n_prev_out outputs of layer l-1."""
    if W_shape[1] != n_prev_out:
        raise ValueError(
            f"layers do not chain: layer {l - 1} gives {n_prev_out} outputs but layer {l} "
            f"takes {W_shape[1]} inputs (W{l} has shape {W_shape}; it needs shape "
            f"({W_shape[0]}, {n_prev_out}))")


def check_same_shape(Y_hat, Y):
    """Raise ValueError unless prediction and labels have the same (n_out, m) shape."""
    if Y_hat.shape != Y.shape:
        raise ValueError(f"Y_hat and Y must have the same shape (n_out, m), one column per "
                         f"sample; got Y_hat {Y_hat.shape} and Y {Y.shape}")


def check_labels_01(Y):
    """Raise ValueError unless every label is 0 or 1."""
    is_01 = (Y == 0.0) | (Y == 1.0)
    if not is_01.all():
        bad = np.unique(Y[~is_01])[:5]
        raise ValueError(f"labels Y must be 0 or 1; got {bad.tolist()}")


def check_one_hot(Y):
    """Raise ValueError unless each column of Y (already 0/1) holds exactly one 1."""
    if not np.all(Y.sum(axis=0) == 1):
        raise ValueError("Y must be one-hot: exactly one 1 in each column (sample)")


def check_probabilities(Y_hat):
    """Raise ValueError unless every predicted probability lies in [0, 1]."""
    if Y_hat.min() < 0.0 or Y_hat.max() > 1.0:
        raise ValueError(f"Y_hat must hold probabilities in [0, 1]; got values from "
                         f"{Y_hat.min():.4g} to {Y_hat.max():.4g}")


def positive(name, value, kind=float):
    """Return `value` as a positive `kind` (int or float), or raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a positive number; got {value!r}")
    if kind is int and int(value) != value:
        raise ValueError(f"{name} must be a whole number; got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be positive; got {value!r}")
    return kind(value)


def check_rng(rng):
    """Raise ValueError unless rng is a numpy Generator or a mathnn.TwinRandom (randomness
    is always explicit)."""
    if not isinstance(rng, (np.random.Generator, TwinRandom)):
        raise ValueError(f"rng must be a numpy random Generator, e.g. "
                         f"rng = np.random.default_rng(0), or a mathnn.TwinRandom(seed) "
                         f"(the generator mathnn.js shares, chapter 11); got {rng!r}")
