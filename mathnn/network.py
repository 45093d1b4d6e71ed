"""A network: layers applied one after another  (chapters 3, 5 and 9)."""
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

    def __repr__(self):
        inner = ",\n  ".join(repr(layer) for layer in self.layers)
        return f"Network([\n  {inner}\n])"
