"""Training by mini-batch gradient descent  (chapters 8, 9 and 10)."""
import numpy as np

from ._checks import (as_matrix, check_labels_01, check_one_hot, check_rng, check_rows,
                      positive)
from .losses import get_loss

# Output activation and loss whose combined gradient is dL/dZ = (Y_hat - Y) / m.
_FUSED = {("sigmoid", "binary_cross_entropy"), ("softmax", "softmax_cross_entropy")}


def train(network, X, Y, loss, lr, epochs, batch_size=None, rng=None, print_every=None):
    """Mini-batch gradient descent; returns the loss history, one number per epoch.

    For each epoch: shuffle the m columns of X and Y with `rng` (no shuffle if rng is None),
    then for each batch of `batch_size` columns:

    - Y_hat = network(X_b), and backpropagate dL/dY_hat;
    - W <- W - lr dW and b <- b - lr db, in every layer.

    A sigmoid output with binary cross-entropy, or a softmax output with softmax
    cross-entropy, starts backpropagation from dL/dZ = (Y_hat - Y) / m (chapter 9).

    X: (n_in, m); Y: (n_out, m); loss: a name from `mathnn.LOSSES`; lr > 0; epochs >= 1;
    batch_size: 1..m (None: all m samples at once). history[k] is the mean loss over the
    batches of epoch k. `print_every=k` prints the loss every k epochs.
    """
    layers = network.layers
    X = as_matrix("X", X, layers[0].W.dtype)
    Y = as_matrix("Y", Y, layers[0].W.dtype)
    check_rows(X, layers[0].n_in, layers[0].W.shape)
    m = X.shape[1]
    if Y.shape != (layers[-1].n_out, m):
        raise ValueError(f"the network gives {layers[-1].n_out} outputs for each of the {m} "
                         f"samples of X, so Y must have shape ({layers[-1].n_out}, {m}); "
                         f"got Y with shape {Y.shape}")
    _, _, loss_fn, loss_prime = get_loss(loss)
    if loss != "mean_squared_error":
        check_labels_01(Y)
    if loss == "softmax_cross_entropy":
        check_one_hot(Y)
    lr = positive("lr", lr)
    epochs = positive("epochs", epochs, int)
    batch_size = m if batch_size is None else positive("batch_size", batch_size, int)
    if rng is not None:
        check_rng(rng)
    fused = (layers[-1].activation, loss) in _FUSED

    history = []
    for epoch in range(1, epochs + 1):
        X_e, Y_e = X, Y
        if rng is not None:  # shuffle the samples (columns), keeping each X with its Y
            order = rng.permutation(m)
            X_e, Y_e = X[:, order], Y[:, order]
        total = 0.0
        for start in range(0, m, batch_size):
            X_b, Y_b = X_e[:, start:start + batch_size], Y_e[:, start:start + batch_size]
            n = X_b.shape[1]
            Y_hat = network._forward(X_b)
            total += loss_fn(Y_hat, Y_b) * n
            dZ = (Y_hat - Y_b) / n if fused else layers[-1]._dZ(loss_prime(Y_hat, Y_b))
            for l in range(len(layers) - 1, -1, -1):  # backward, updating as we go
                layer = layers[l]
                layer._set_grads(dZ)
                if l > 0:  # the input layer needs no dX; use W before its update
                    dZ = layers[l - 1]._dZ(layer.W.T @ dZ)
                layer.W -= lr * layer.dW
                layer.b -= lr * layer.db
        history.append(total / m)
        if print_every and epoch % print_every == 0:
            print(f"epoch {epoch:4d}   loss {history[-1]:.4f}")
    return history
