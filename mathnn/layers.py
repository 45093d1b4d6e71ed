"""One neuron and a fully connected layer of neurons  (chapters 1, 2, 4 and 9)."""
import numpy as np

from ._checks import as_matrix, check_rng, check_rows
from .activations import get_activation, softmax_backward


def neuron(x, w, b):
    """One neuron without activation: f(x) = w x + b  (chapter 1).

    Works for numbers and, elementwise, for arrays of the same or broadcastable shapes.
    """
    return np.multiply(w, x) + b


class Dense:
    """A fully connected layer: Z = W X + b, then A = f(Z)  (chapters 2, 4, 9).

    Shapes (samples are columns):

    - W: (n_out, n_in); row j holds the weights of neuron j
    - b: (n_out, 1); added to every column (B in the text is b repeated m times)
    - X: (n_in, m) gives Z and A: (n_out, m)

    `backward(dA)` takes dA = dL/dA and returns dX = dL/dX; it stores dW = dL/dW and
    db = dL/db on the layer (assigned, not accumulated).
    """

    def __init__(self, n_in, n_out, activation="identity", rng=None, dtype=np.float64):
        for name, n in (("n_in", n_in), ("n_out", n_out)):
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"{name} must be a positive whole number; got {n!r}")
        self.activation = activation
        self.f, self.f_prime = get_activation(activation)
        rng = np.random.default_rng() if rng is None else rng
        check_rng(rng)
        # He scaling for ReLU, Glorot-style 1/n_in otherwise: keeps Z of order 1.
        scale = np.sqrt((2.0 if activation == "relu" else 1.0) / n_in)
        self.W = (scale * rng.standard_normal((n_out, n_in))).astype(dtype)
        self.b = np.zeros((n_out, 1), dtype=dtype)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)

    @classmethod
    def from_weights(cls, W, b, activation="identity", dtype=np.float64):
        """Build a layer with given weights W (n_out, n_in) and biases b (n_out, 1).

        b may also be a flat list of n_out numbers; it is made a column.
        """
        W = as_matrix("W", W, dtype)
        b = np.asarray(b, dtype=dtype)
        if b.ndim == 1:
            b = b.reshape(-1, 1)
        b = as_matrix("b", b, dtype)
        if b.shape != (W.shape[0], 1):
            raise ValueError(f"W has shape {W.shape}, so b must have shape ({W.shape[0]}, 1), "
                             f"one bias per neuron; got b with shape {b.shape}")
        layer = cls(W.shape[1], W.shape[0], activation, np.random.default_rng(0), dtype)
        layer.W, layer.b = W, b
        return layer

    @property
    def n_in(self):
        return self.W.shape[1]

    @property
    def n_out(self):
        return self.W.shape[0]

    def forward(self, X):
        """A = f(W X + b). X: (n_in, m) -> A: (n_out, m)."""
        X = as_matrix("X", X, self.W.dtype)
        check_rows(X, self.n_in, self.W.shape)
        return self._forward(X)

    def _forward(self, X):
        self.X = X
        self.Z = self.W @ X + self.b
        self.A = self.f(self.Z)
        return self.A

    def backward(self, dA):
        """dZ = dA * f'(Z); dW = dZ X^T; db = dZ summed over samples; returns dX = W^T dZ.

        dA: (n_out, m), the same shape as the A of the last `forward`.
        """
        if not hasattr(self, "A"):
            raise ValueError("call forward(X) before backward(dA)")
        dA = as_matrix("dA", dA, self.W.dtype)
        if dA.shape != self.A.shape:
            raise ValueError(f"dA must have the shape of A, (n_out, m) = {self.A.shape}; "
                             f"got {dA.shape}")
        return self._backward(dA)

    def _backward(self, dA):
        dZ = self._dZ(dA)
        self._set_grads(dZ)
        return self.W.T @ dZ

    def _dZ(self, dA):
        if self.f_prime is None:  # softmax mixes a column: use its Jacobian
            return softmax_backward(self.A, dA)
        return dA * self.f_prime(self.Z)

    def _set_grads(self, dZ):
        self.dW = dZ @ self.X.T
        self.db = dZ.sum(axis=1, keepdims=True)

    def __repr__(self):
        return f"Dense(n_in={self.n_in}, n_out={self.n_out}, activation={self.activation!r})"
