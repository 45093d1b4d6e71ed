"""Checking a gradient by finite differences  (chapter 9)."""
import numpy as np

from ._checks import positive


def numerical_gradient(f, x, eps=1e-6):
    """Central differences: df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps).

    f: a function of x returning one number. x: a float array of any shape, nudged in place
    one entry at a time (and put back), so f may also read x from elsewhere, e.g. a
    layer's own W. A plain number x is allowed too. Returns an array shaped like x.
    The error is of order eps^2, so float64 and eps = 1e-6 give about 10 correct digits.
    """
    eps = positive("eps", eps)
    if np.ndim(x) == 0:
        return (f(x + eps) - f(x - eps)) / (2 * eps)
    if not (isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating)):
        raise ValueError("x must be a float numpy array (it is nudged in place); "
                         f"got {type(x).__name__} of {getattr(x, 'dtype', 'no dtype')}")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||), 0 when both are 0: how far two gradients disagree."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"the two gradients must have the same shape; got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def gradient_check(f, x, analytic, eps=1e-6):
    """Relative error between an analytic gradient and `numerical_gradient(f, x, eps)`.

    Below about 1e-7 in float64 the analytic gradient is right; a bug gives 1e-2 or more.
    """
    return relative_error(analytic, numerical_gradient(f, x, eps))
