"""A network: layers applied one after another  (chapters 3, 5 and 9)."""
import numpy as np

from ._checks import as_matrix, check_chain, check_rows


class Network:
    """Layers applied in turn  (chapters 3, 5, 9).

    A_0 = X, then A_l = f_l(W_l A_{l-1} + b_l) for l = 1, ..., L, and Y_hat = A_L.

    `layers` is a list of `Dense` layers whose sizes chain: layer l takes as many inputs
    as layer l-1 gives outputs. X: (n_in of layer 1, m) -> Y_hat: (n_out of layer L, m).
    """

    def __init__(self, layers):
        self.layers = list(layers)
        if not self.layers:
            raise ValueError("a Network needs at least one layer")
        for l, (prev, layer) in enumerate(zip(self.layers, self.layers[1:]), start=2):
            check_chain(l, prev.n_out, layer.W.shape)

    def forward(self, X):
        """Y_hat = A_L, computed layer by layer. X: (n_in, m) -> (n_out, m)."""
        first = self.layers[0]
        X = as_matrix("X", X, first.W.dtype)
        check_rows(X, first.n_in, first.W.shape)
        return self._forward(X)

    def _forward(self, A):
        for layer in self.layers:
            A = layer._forward(A)
        return A

    def backward(self, dA):
        """Backpropagate dA = dL/dY_hat through every layer (last to first); returns dL/dX.

        Each layer keeps its own dW and db.
        """
        dA = self.layers[-1].backward(dA)  # checks dA once; the rest is unchecked
        for layer in reversed(self.layers[:-1]):
            dA = layer._backward(dA)
        return dA

    def collapse(self):
        """The one layer a stack of linear layers equals (chapter 3): W = W_L ... W_1, b likewise.

        Layer by layer, from W = I and b = 0: W <- W_l W and b <- W_l b + b_l. Only layers
        without an activation (identity) collapse; a nonlinear one is refused.
        """
        for l, layer in enumerate(self.layers, start=1):
            if layer.activation != "identity":
                raise ValueError(f"only linear layers collapse into one; layer {l} has the "
                                 f"activation {layer.activation!r}")
        from .layers import Dense  # layers imports nothing from here; this keeps it that way
        n_in = self.layers[0].n_in
        W, b = np.eye(n_in, dtype=self.layers[0].W.dtype), np.zeros((n_in, 1), dtype=self.layers[0].W.dtype)
        for layer in self.layers:
            W, b = layer.W @ W, layer.W @ b + layer.b
        return Dense.from_weights(W, b)

    def __repr__(self):
        inner = ",\n  ".join(repr(layer) for layer in self.layers)
        return f"Network([\n  {inner}\n])"
