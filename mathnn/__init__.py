"""mathnn: the equations of *Neural networks from the math up*, one readable function each.

Notation (the book's appendix A): a layer's weights W have shape (n_out, n_in), its
biases b shape (n_out, 1); samples are columns, X (n_in, m); Z = W X + b; A = f(Z);
Y are the labels and Y_hat the network's output; dW means dL/dW.
"""
from .activations import (ACTIVATIONS, get_activation, identity, identity_prime, relu,
                          relu_prime, sigmoid, sigmoid_prime, softmax, softmax_backward,
                          tanh, tanh_prime)
from . import examples
from .answers import Verdict, check_answer, check_function, parse_answer
from .datasets import circles, digits, four_students, moons, one_hot, spirals, split, xor
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .layers import Dense, neuron
from .losses import (LOSSES, binary_cross_entropy, binary_cross_entropy_prime, get_loss,
                     mean_squared_error, mean_squared_error_prime, softmax_cross_entropy,
                     softmax_cross_entropy_prime)
from .network import Network
from .train import train
from .twin import TwinRandom

__version__ = "0.1.0"
