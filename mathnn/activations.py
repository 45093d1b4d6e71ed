"""Activation functions a = f(z) and their derivatives f'(z)  (chapter 4).

Every function works elementwise on an array Z of any shape, except `softmax`, which
normalises each column (one column per sample). The derivatives take the same Z the
function took, so a layer can compute dZ = dA * f'(Z) in backpropagation.
"""
import numpy as np


def identity(Z):
    """Linear activation: f(z) = z."""
    return Z


def identity_prime(Z):
    """f'(z) = 1."""
    return np.ones_like(Z)


def relu(Z):
    """Rectified linear unit: f(z) = max(0, z)."""
    return np.maximum(Z, 0.0)


def relu_prime(Z):
    """f'(z) = 1 if z > 0 else 0 (we choose 0 at the kink z = 0)."""
    return (Z > 0).astype(Z.dtype)


def tanh(Z):
    """Hyperbolic tangent: f(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1)."""
    return np.tanh(Z)


def tanh_prime(Z):
    """f'(z) = 1 - tanh(z)^2, computed as 4 sigmoid'(2z).

    The two are equal, since tanh(z) = 2 sigmoid(2z) - 1 (exercise 4.2). The second keeps
    full precision where tanh(z) is close to 1 or -1 and 1 - tanh(z)^2 would cancel.
    """
    return 4.0 * sigmoid_prime(2.0 * Z)


def sigmoid(Z):
    """Logistic sigmoid: f(z) = 1 / (1 + e^-z), in (0, 1).

    Computed as exp(-log(1 + e^-z)) with `np.logaddexp`, which never overflows: any
    float64 z, even -1000 or 1000, gives no warning, and tiny results keep full precision.
    """
    return np.exp(-np.logaddexp(0.0, -Z))


def sigmoid_prime(Z):
    """f'(z) = f(z) (1 - f(z)), computed as f(z) f(-z).

    The two are equal, since 1 - sigmoid(z) = sigmoid(-z). The second keeps full precision
    where sigmoid(z) is close to 1 and 1 - sigmoid(z) would cancel.
    """
    return sigmoid(Z) * sigmoid(-Z)


def softmax(Z):
    """Softmax over each column: a_i = e^{z_i} / sum_k e^{z_k}.

    Z has shape (n_out, m), one column per sample; each column of the result is positive
    and sums to 1. Subtracting the column maximum first changes nothing mathematically
    and keeps e^z from overflowing.
    """
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def softmax_backward(A, dA):
    """dZ from dA through softmax, column by column: dZ = A * (dA - sum_i dA_i A_i).

    Softmax mixes the entries of a column, so its derivative is a matrix (the Jacobian
    diag(a) - a a^T); this is that matrix times dA, without building it.
    """
    return A * (dA - (dA * A).sum(axis=0, keepdims=True))


# name -> (f, f'). softmax has no elementwise derivative: layers use softmax_backward.
ACTIVATIONS = {
    "identity": (identity, identity_prime),
    "relu": (relu, relu_prime),
    "tanh": (tanh, tanh_prime),
    "sigmoid": (sigmoid, sigmoid_prime),
    "softmax": (softmax, None),
}


def get_activation(name):
    """Look up an activation by name: returns (f, f'). Raises ValueError for unknown names."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]
