import sys
from collections import Counter

import numpy as np
import pytest

import mathnn as nn

train_module = sys.modules["mathnn.train"]  # mathnn.train itself is the function


def _xor_net(seed):
    rng = np.random.default_rng(seed)
    return nn.Network([nn.Dense(2, 8, "tanh", rng), nn.Dense(8, 1, "sigmoid", rng)]), rng


def test_learns_xor():
    net, rng = _xor_net(0)
    X, Y = nn.xor(200, rng)
    history = nn.train(net, X, Y, "binary_cross_entropy", lr=0.5, epochs=300, batch_size=32, rng=rng)
    assert len(history) == 300
    assert history[0] > 0.6 and history[-1] < 0.01
    accuracy = np.mean((net.forward(X) > 0.5) == Y)
    assert accuracy == 1.0


def test_learns_moons_with_softmax():
    rng = np.random.default_rng(1)
    X, Y = nn.moons(300, rng, noise=0.1)
    Y2 = nn.one_hot(Y[0].astype(int), 2)
    net = nn.Network([nn.Dense(2, 16, "relu", rng), nn.Dense(16, 2, "softmax", rng)])
    history = nn.train(net, X, Y2, "softmax_cross_entropy", lr=0.3, epochs=200, batch_size=16, rng=rng)
    assert history[-1] < 0.05
    assert np.mean(net.forward(X).argmax(axis=0) == Y[0]) >= 0.99


def test_same_seed_same_losses_to_the_last_bit():
    runs = []
    for _ in range(2):
        net, rng = _xor_net(42)
        X, Y = nn.xor(100, rng)
        runs.append((nn.train(net, X, Y, "binary_cross_entropy", 0.3, 20, 10, rng), net.layers[0].W))
    assert runs[0][0] == runs[1][0]
    assert np.array_equal(runs[0][1], runs[1][1])


@pytest.mark.parametrize("out_act, loss", [("sigmoid", "binary_cross_entropy"),
                                           ("softmax", "softmax_cross_entropy"),
                                           ("tanh", "mean_squared_error")])
def test_one_step_equals_backward_by_the_chain_rule(out_act, loss):
    # the training loop's shortcut dL/dZ = (Y_hat - Y)/m must equal the general path
    rng = np.random.default_rng(2)
    layers = [nn.Dense(3, 4, "relu", rng), nn.Dense(4, 2, out_act, rng)]
    X, Y = rng.normal(size=(3, 6)), nn.one_hot(rng.integers(0, 2, 6), 2)
    net = nn.Network(layers)
    L, L_prime, _, _ = nn.get_loss(loss)
    loss_before = L(net.forward(X), Y)
    net.backward(L_prime(net.forward(X), Y))
    expected = [(l.W - 0.1 * l.dW, l.b - 0.1 * l.db) for l in layers]
    history = nn.train(net, X, Y, loss, lr=0.1, epochs=1)
    assert history == [pytest.approx(loss_before, rel=1e-14)]
    for layer, (W, b) in zip(layers, expected):
        assert layer.W == pytest.approx(W, rel=1e-12, abs=1e-15)
        assert layer.b == pytest.approx(b, rel=1e-12, abs=1e-15)


def test_vectorised_one_forward_per_batch(monkeypatch):
    net, rng = _xor_net(3)
    X, Y = nn.xor(100, rng)
    calls = []
    real = net._forward
    monkeypatch.setattr(net, "_forward", lambda A: calls.append(A.shape[1]) or real(A))
    nn.train(net, X, Y, "binary_cross_entropy", 0.1, epochs=2, batch_size=32, rng=rng)
    assert calls == [32, 32, 32, 4] * 2


def test_print_every(capsys):
    net, rng = _xor_net(4)
    X, Y = nn.xor(40, rng)
    nn.train(net, X, Y, "binary_cross_entropy", 0.1, epochs=4, rng=rng, print_every=2)
    assert capsys.readouterr().out.splitlines()[0].startswith("epoch    2   loss 0.")


def test_bad_arguments():
    net, rng = _xor_net(5)
    X, Y = nn.xor(20, rng)
    args = dict(loss="binary_cross_entropy", lr=0.1, epochs=1)
    cases = [
        (dict(lr=0), "lr must be positive; got 0"),
        (dict(lr=-1.0), "lr must be positive"),
        (dict(lr="fast"), "lr must be a positive number"),
        (dict(epochs=0), "epochs must be positive"),
        (dict(epochs=2.5), "epochs must be a whole number"),
        (dict(batch_size=0), "batch_size must be positive"),
        (dict(loss="hinge"), "unknown loss 'hinge'"),
    ]
    for change, message in cases:
        with pytest.raises(ValueError, match=message):
            nn.train(net, X, Y, **{**args, **change})
    with pytest.raises(ValueError, match=r"so Y must have shape \(1, 20\); got Y with shape \(1, 19\)"):
        nn.train(net, X, Y[:, :19], **args)
    with pytest.raises(ValueError, match="labels Y must be 0 or 1"):
        nn.train(net, X, Y * 2, **args)
    with pytest.raises(ValueError, match=r"so X needs 2 rows"):
        nn.train(net, X[:1], Y, **args)
    X_nan = X.copy()
    X_nan[0, 3] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        nn.train(net, X_nan, Y, **args)
    with pytest.raises(ValueError, match="one-hot"):
        soft = nn.Network([nn.Dense(2, 2, "softmax")])
        nn.train(soft, X, np.ones((2, 20)), "softmax_cross_entropy", 0.1, 1)


def _reference_epoch(Ws, bs, X, Y, order, lr, batch):
    """A plain hand-written NumPy loop: relu hidden layer, softmax output, cross-entropy."""
    (W1, W2), (b1, b2) = Ws, bs
    X, Y = X[:, order], Y[:, order]
    for s in range(0, X.shape[1], batch):
        Xb, Yb = X[:, s:s + batch], Y[:, s:s + batch]
        Z1 = W1 @ Xb + b1
        A1 = np.maximum(Z1, 0)
        Z2 = W2 @ A1 + b2
        E = np.exp(Z2 - Z2.max(axis=0))
        P = E / E.sum(axis=0)
        dZ2 = (P - Yb) / Xb.shape[1]
        dW2, db2 = dZ2 @ A1.T, dZ2.sum(axis=1, keepdims=True)
        dZ1 = (W2.T @ dZ2) * (Z1 > 0)
        dW1, db1 = dZ1 @ Xb.T, dZ1.sum(axis=1, keepdims=True)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2


def test_training_does_the_arithmetic_once_per_batch(monkeypatch):
    """Per batch, train runs each layer forward once and backward once, and nothing else.

    The argument checks run once per call, not per batch, and the output layer's dZ is the
    fused (Y_hat - Y) / n, so only the hidden layer computes one; the weights it ends with
    are the hand-written loop's above (to 1e-12: BLAS may round differently from one array
    to the next). Counted, not timed: `make bench` measures the time.
    """
    counts = Counter()

    def counted(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)
        return wrapper

    for name in ("_forward", "_set_grads", "_dZ"):
        monkeypatch.setattr(nn.Dense, name, counted(name, getattr(nn.Dense, name)))
    monkeypatch.setattr(train_module, "as_matrix", counted("as_matrix", train_module.as_matrix))
    X, Y, _ = nn.digits()
    X, Y = X[:, :1024], Y[:, :1024]
    rng = np.random.default_rng(0)
    net = nn.Network([nn.Dense(64, 64, "relu", rng), nn.Dense(64, 10, "softmax", rng)])
    Ws, bs = [l.W.copy() for l in net.layers], [l.b.copy() for l in net.layers]
    nn.train(net, X, Y, "softmax_cross_entropy", lr=0.05, epochs=2, batch_size=32)
    batches = 2 * 1024 // 32
    assert counts == {"_forward": 2 * batches, "_set_grads": 2 * batches, "_dZ": batches, "as_matrix": 2}
    for _ in range(2):
        _reference_epoch(Ws, bs, X, Y, np.arange(1024), 0.05, 32)
    for layer, W, b in zip(net.layers, Ws, bs):
        assert np.allclose(layer.W, W, rtol=0, atol=1e-12) and np.allclose(layer.b, b, rtol=0, atol=1e-12)

