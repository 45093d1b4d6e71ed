import matplotlib.pyplot as plt
import numpy as np
import pytest

import mathnn as nn
from mathnn import plots


def test_plot_neuron_marks_the_bias():
    ax = plots.plot_neuron(2.0, 1.0)
    line, dot = ax.lines[0], ax.lines[-1]
    assert np.allclose(line.get_ydata(), 2.0 * line.get_xdata() + 1.0)
    assert (dot.get_xdata()[0], dot.get_ydata()[0]) == (0, 1.0)
    plt.close("all")


def test_network_diagram_draws_every_weight_from_W():
    W = np.array([[1.0, -2.0, 0.5], [0.0, 9.0, -1.0]])
    ax = plots.draw_network([(W, [0.13, 0.14])])
    edges = [l for l in ax.lines]
    assert len(edges) == W.size
    texts = [t.get_text() for t in ax.texts]
    for w in W.ravel():
        assert f"{w:g}" in texts
    assert "b=0.13" in texts and "b=0.14" in texts
    negative = [e for e in edges if e.get_linestyle() == "--"]
    assert len(negative) == (W < 0).sum()
    widest = max(edges, key=lambda e: e.get_linewidth())
    assert widest.get_linewidth() == 3.6  # the largest |w| (9) gets the thickest edge
    plt.close("all")


def test_network_diagram_from_network_and_decision_boundary():
    rng = np.random.default_rng(0)
    net = nn.Network([nn.Dense(2, 3, "tanh", rng), nn.Dense(3, 1, "sigmoid", rng)])
    ax = plots.draw_network(net, show_weights=False, input_names=["hours", "GPA"])
    assert len(ax.lines) == 2 * 3 + 3 * 1
    assert "hours" in [t.get_text() for t in ax.texts]
    X, Y = nn.xor(40, rng)
    ax = plots.plot_decision_boundary(net, X, Y)
    assert len(ax.collections) >= 3
    plt.close("all")


def test_network_diagram_refuses_bad_shapes():
    with pytest.raises(ValueError, match=r"layer 1: W must be 2-D \(n_out, n_in\) with one bias per row; got W \(2, 3\) and 3 biases"):
        plots.draw_network([(np.ones((2, 3)), [0, 0, 0])])
    with pytest.raises(ValueError, match=r"layers do not chain: layer 1 gives 2 outputs but layer 2 takes 3 inputs \(W2 has shape \(1, 3\); it needs shape \(1, 2\)\)"):
        plots.draw_network([(np.ones((2, 3)), [0, 0]), (np.ones((1, 3)), [0])])
