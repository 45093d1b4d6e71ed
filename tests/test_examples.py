import numpy as np
import pytest

import mathnn as nn
from mathnn import examples


def test_layer_3_4_has_the_sources_numbers():
    layer = examples.layer_3_4()
    assert layer.W.shape == (4, 3)
    assert layer.W[1, 1] == 9.0 and layer.W.max() == 9.0  # W22, the largest weight
    assert layer.b[:, 0].tolist() == [0.13, 0.14, 0.15, 0.16]


def test_network_3_4_2_shapes():
    net = examples.network_3_4_2()
    assert net.forward(np.ones((3, 5))).shape == (2, 5)


def test_student_network_scores_5_815_for_the_first_student():
    X, Y = nn.four_students()
    net = examples.student_network()
    hidden, output = net.layers
    z = output.W @ hidden.forward(X[:, :1]) + output.b
    assert z[0, 0] == pytest.approx(5.815, abs=1e-12)
    assert round(float(net.forward(X[:, :1])[0, 0]), 3) == 0.997
