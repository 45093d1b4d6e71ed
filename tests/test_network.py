import numpy as np
import pytest

import mathnn as nn


def _net(rng, out_act="sigmoid", sizes=(3, 5, 4, 2)):
    acts = ["tanh", "relu"] + [out_act]
    layers = [nn.Dense(a, b, act, rng=rng) for a, b, act in zip(sizes, sizes[1:], acts)]
    for layer in layers:
        layer.b = rng.normal(size=layer.b.shape) * 0.5
    return nn.Network(layers)


def test_forward_is_the_layers_in_order():
    rng = np.random.default_rng(0)
    net = _net(rng)
    X = rng.normal(size=(3, 6))
    A = X
    for layer in net.layers:
        A = layer.f(layer.W @ A + layer.b)
    assert np.array_equal(net.forward(X), A)
    assert "Dense(n_in=3, n_out=5, activation='tanh')" in repr(net)


@pytest.mark.parametrize("out_act, loss", [("sigmoid", "binary_cross_entropy"),
                                           ("softmax", "softmax_cross_entropy"),
                                           ("identity", "mean_squared_error")])
def test_whole_network_gradients(out_act, loss):
    rng = np.random.default_rng(1)
    net = _net(rng, out_act)
    X = rng.normal(size=(3, 7))
    Y = nn.one_hot(rng.integers(0, 2, 7), 2)
    L, L_prime, _, _ = nn.get_loss(loss)

    def f(_):
        return L(net.forward(X), Y)

    dX = net.backward(L_prime(net.forward(X), Y))
    grads = [(layer.dW.copy(), layer.db.copy()) for layer in net.layers]
    for layer, (dW, db) in zip(net.layers, grads):
        assert nn.gradient_check(f, layer.W, dW) <= 1e-7
        assert nn.gradient_check(f, layer.b, db) <= 1e-7
    assert nn.gradient_check(lambda x: L(net.forward(x), Y), X.copy(), dX) <= 1e-7


def test_layers_must_chain():
    with pytest.raises(ValueError, match=r"layer 1 gives 4 outputs but layer 2 takes 5 inputs \(W2 has shape \(2, 5\); it needs shape \(2, 4\)\)"):
        nn.Network([nn.Dense(3, 4), nn.Dense(5, 2)])
    with pytest.raises(ValueError, match="at least one layer"):
        nn.Network([])


def test_forward_checks_input():
    net = nn.Network([nn.Dense(3, 4), nn.Dense(4, 2)])
    with pytest.raises(ValueError, match=r"W has shape \(4, 3\), so X needs 3 rows"):
        net.forward(np.ones((2, 5)))
    with pytest.raises(ValueError, match="NaN"):
        net.forward(np.full((3, 1), np.nan))


def test_a_stack_of_linear_layers_collapses_into_one():
    rng = np.random.default_rng(4)
    net = nn.Network([nn.Dense(2, 4, rng=rng), nn.Dense(4, 3, rng=rng), nn.Dense(3, 1, rng=rng)])
    for layer in net.layers:
        layer.b = rng.normal(size=layer.b.shape)
    single = net.collapse()
    assert single.W.shape == (1, 2) and single.b.shape == (1, 1)
    X = rng.normal(size=(2, 50))
    assert np.allclose(single.forward(X), net.forward(X))
    net.layers[1].activation = "relu"
    with pytest.raises(ValueError, match="only linear layers collapse into one; layer 2 has the activation 'relu'"):
        net.collapse()
