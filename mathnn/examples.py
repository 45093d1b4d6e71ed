"""The example networks the chapters share, with the sources' numbers  (chapters 2, 5-9).

Where a source gives a number we use it; the rest are ours, invented and said to be. The
sources (000, 001, 004) are listed in the book's introduction.
"""
from .layers import Dense
from .network import Network


def layer_3_4(activation="identity"):
    """Source 004's first layer: 3 inputs, 4 neurons, W (4, 3) and b (4, 1).

    From the source: W22 = 9, the largest weight (input 2 -> neuron 2), and the biases
    0.13, 0.14, 0.15, 0.16. Every other weight is ours.
    """
    W1 = [[0.2, 0.8, -0.5],
          [0.5, 9.0, 0.3],
          [-0.7, 0.4, 1.2],
          [0.6, -0.3, 2.5]]
    return Dense.from_weights(W1, [0.13, 0.14, 0.15, 0.16], activation)


def network_3_4_2(hidden="sigmoid", output="sigmoid"):
    """Source 004's 3-4-2 network: `layer_3_4` then a layer of 2 neurons (ours, invented)."""
    W2 = [[0.4, -0.2, 0.7, 0.1],
          [-0.3, 0.05, 0.2, 0.9]]
    return Network([layer_3_4(hidden), Dense.from_weights(W2, [0.1, -0.1], output)])


def student_network():
    """Source 001's pass/fail network before training: 2 inputs, 3 hidden neurons, 1 output.

    Hidden layer: z = W1 x + b1, no activation (weights ours). Output: the three hidden
    values summed (W2 = [1 1 1], b2 = 0), as in the source, then the sigmoid. For the first
    student of `four_students()` (7 hours, GPA 3.5) the score is 5.815, the source's number.
    """
    W1 = [[0.25, 0.31],
          [0.12, 0.45],
          [0.18, -0.22]]
    hidden = Dense.from_weights(W1, [0.05, -0.02, 0.045])
    return Network([hidden, Dense.from_weights([[1.0, 1.0, 1.0]], [0.0], "sigmoid")])
