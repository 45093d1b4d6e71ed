"""The backpropagation stepper: the four students' network, one operation at a time  (chapter 9)."""
import numpy as np
import traitlets

from ..datasets import four_students
from ..examples import student_network
from ..layers import Dense
from ..losses import binary_cross_entropy
from ..network import Network
from ._base import Numbers, WholeSlider, Widget, css, esm

# The twelve steps, in order: what each computes, in the book's notation (chapter 9).
STEPS = (
    ("Z1", "Z1 = W1 X + b1"),
    ("A1", "A1 = f1(Z1) = Z1"),
    ("Z2", "Z2 = W2 A1 + b2"),
    ("Y_hat", "Y_hat = sigma(Z2)"),
    ("L", "L = -(1/m) sum [Y log Y_hat + (1 - Y) log(1 - Y_hat)]"),
    ("dZ2", "dZ2 = (Y_hat - Y) / m"),
    ("dW2", "dW2 = dZ2 A1^T"),
    ("db2", "db2 = row sums of dZ2"),
    ("dA1", "dA1 = W2^T dZ2"),
    ("dZ1", "dZ1 = dA1 * f1'(Z1) = dA1"),
    ("dW1", "dW1 = dZ1 X^T"),
    ("db1", "db1 = row sums of dZ1"),
)
M = 4  # the four students


class _Matrix(Numbers):
    """A matrix of the book's shape, e.g. W1 (3, 2); a bias column may also be a flat list.

    `shape` is its shape, `notation` the same in the book's letters, e.g. "(n_out, n_in)",
    and `meaning` says what it holds. A bias
    (`flat=True`) is kept as the flat list of its n_out numbers (the brief's b1 (3)); the
    column (n_out, 1) is taken too.
    """

    def __init__(self, shape, notation, meaning, flat=False, **kwargs):
        self.shape, self.notation, self.meaning, self.flat = shape, notation, meaning, flat
        super().__init__(ndim=1 if flat else 2, **kwargs)

    def validate(self, obj, value):
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            array = None  # Numbers says what it must be
        if array is not None:
            ok = array.shape == self.shape or (self.flat and array.shape == (self.shape[0],))
            if not ok:
                n = self.shape[0]
                also = f", or be a list of {n} number{'s' if n > 1 else ''}" if self.flat else ""
                raise traitlets.TraitError(
                    f"{self.name} must have shape {self.notation} = {self.shape}{also}: {self.meaning} "
                    f"(the network is 2 -> 3 -> 1, fed the {M} students); got shape {array.shape}")
            value = array.reshape(-1) if self.flat else array
        return super().validate(obj, value)


class StepperWidget(Widget):
    """StepperWidget(W1=None, b1=None, W2=None, b2=None, X=None, Y=None, step=1, student=1)

    Backpropagation one operation at a time  (chapter 9), on the four students' network:
    2 inputs (hours, GPA) -> 3 hidden neurons, no activation -> 1 sigmoid output, with the
    binary cross-entropy over the m = 4 students. Previous / Next (and a slider) move
    through the twelve steps of `STEPS`: five forward (Z1, A1, Z2, Y_hat, L), seven
    backward (dZ2, dW2, db2, dA1, dZ1, dW1, db1). Each step shows its equation in the
    book's notation, then with the current numbers in it, and lights up the neurons and
    weights of the diagram it uses.

    The backward pass is the chapter's "whole network in matrix form", as mathnn computes
    it: dZ = dL/dZ of the mean loss, the 1/m inside, so dZ2 = (Y_hat - Y)/m,
    dW_l = dZ_l A_(l-1)^T, db_l = the row sums of dZ_l, dA1 = W2^T dZ2 and
    dZ1 = dA1 * f1'(Z1). With all four students shown, these are the matrices. With one
    student shown, the equations follow that student's own slopes, dz2^(i) = y_hat^(i) -
    y^(i) (the slope of their own loss), da1^(i) and dz1^(i): column i of dZ2, dA1, dZ1
    times m. dW and db are then shown as the mean of the students' shares,
    dW_l = (1/m) sum_i dz_l^(i) a_(l-1)^(i)T: the same numbers.

    Defaults: `mathnn.examples.student_network()` and `mathnn.four_students()`.
    W1 (3, 2), b1 (3 numbers, or the column (3, 1)), W2 (1, 3), b2 (1 number, or (1, 1)),
    X (2, 4): one column per student, hours then GPA; Y (1, 4): 1 = pass, 0 = fail.
    `step` is the step shown, 1 to 12; `student` the student whose column the equations
    show, 1 to 4, or 0 for all four at once. The page has sliders for W1, W2 and the shown
    student's hours and GPA.

    In Jupyter these follow the page; `widget.values()` gives every step's value computed
    with mathnn (`step_values` does the same for any numbers, without a widget),
    `widget.network` the mathnn Network, `widget.quantity` the name of the step shown.
    """
    _esm = esm("stepper")
    _css = css("stepper")
    W1 = _Matrix((3, 2), "(n_out, n_in)", "the hidden layer's weights, row j for hidden neuron j, "
                 "column k for input k (hours, GPA)").tag(sync=True)
    b1 = _Matrix((3, 1), "(n_out, 1)", "the hidden neurons' biases", flat=True).tag(sync=True)
    W2 = _Matrix((1, 3), "(n_out, n_in)", "the output neuron's weights, one per hidden neuron").tag(sync=True)
    b2 = _Matrix((1, 1), "(n_out, 1)", "the output neuron's bias", flat=True).tag(sync=True)
    X = _Matrix((2, M), "(n_in, m)", "the inputs, one column per student, row 1 hours of study, "
                "row 2 GPA").tag(sync=True)
    Y = _Matrix((1, M), "(n_out, m)", "the labels, 1 (pass) or 0 (fail), one column per student").tag(sync=True)
    step = WholeSlider(1).tag(sync=True)
    student = WholeSlider(1).tag(sync=True)

    def __init__(self, W1=None, b1=None, W2=None, b2=None, X=None, Y=None, step=1, student=1, **kwargs):
        net = student_network()
        X_4, Y_4 = four_students()
        given = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "X": X, "Y": Y}
        defaults = {"W1": net.layers[0].W, "b1": net.layers[0].b, "W2": net.layers[1].W,
                    "b2": net.layers[1].b, "X": X_4, "Y": Y_4}
        values = {name: defaults[name] if value is None else value for name, value in given.items()}
        limits = {"W1": [-1, 1, 0.01], "W2": [-2, 2, 0.1], "X": [0, 10, 0.1],
                  "hours": [0, 10, 0.1], "GPA": [0, 4, 0.1],
                  "step": [1, len(STEPS), 1], "student": [0, M, 1]}
        super().__init__(limits=limits, step=step, student=student, **values, **kwargs)

    @traitlets.validate("X")
    def _hours_and_gpa(self, proposal):
        """Each input within its slider's range: hours 0 to 10, GPA 0 to 4."""
        X = np.asarray(proposal.value)
        for row, name in ((0, "hours"), (1, "GPA")):
            lo, hi = self.limits[name][:2]
            for i, v in enumerate(X[row]):
                if not lo <= v <= hi:
                    raise traitlets.TraitError(f"StepperWidget.X: student {i + 1}'s {name}, {v:g}, is "
                                               f"outside its slider's range, {lo:g} to {hi:g}")
        return proposal.value

    @traitlets.validate("Y")
    def _labels(self, proposal):
        if not all(y in (0.0, 1.0) for y in proposal.value[0]):
            raise traitlets.TraitError(f"Y holds the labels: each 0 (fail) or 1 (pass); got {list(proposal.value[0])}")
        return proposal.value

    def __repr__(self):
        names = ("W1", "b1", "W2", "b2", "X", "Y", "step", "student")
        return f"{type(self).__name__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in names) + ")"

    @property
    def quantity(self):
        """The name of what the step shown computes, e.g. "dW1" at step 11."""
        return STEPS[self.step - 1][0]

    @property
    def network(self):
        """The mathnn Network with the current weights: 2 -> 3 (no activation) -> 1 sigmoid."""
        hidden = Dense.from_weights(self.W1, self.b1)
        return Network([hidden, Dense.from_weights(self.W2, self.b2, "sigmoid")])

    def values(self):
        """Every step's value for the current numbers, computed with mathnn: `step_values`."""
        return step_values(self.W1, self.b1, self.W2, self.b2, self.X, self.Y)


def step_values(W1, b1, W2, b2, X, Y):
    """Every step's value, computed with mathnn: a dict from the names of `STEPS`.

    W1 (3, 2), b1 (3, 1) or 3 numbers, W2 (1, 3), b2 (1, 1) or 1 number, X (2, m), Y (1, m).
    Forward: Z1, A1, Z2, Y_hat (arrays (n, m)) and L (a number). Backward, as chapter 9
    writes it and `mathnn.train` computes it for a sigmoid output with binary
    cross-entropy: the gradients of the mean loss, the 1/m inside dZ. dZ2 = (Y_hat - Y)/m,
    then mathnn's Dense layers: dW2 = dZ2 A1^T and db2 = the row sums of dZ2, dA1 = W2^T dZ2,
    dZ1 = dA1 * f1'(Z1), dW1 = dZ1 X^T and db1 = the row sums of dZ1.

    Student i's own slopes, which the widget shows when one student is chosen, are m times
    column i: dz2^(i) = m dZ2[:, i] = y_hat^(i) - y^(i), and likewise da1^(i) and dz1^(i).
    """
    hidden = Dense.from_weights(W1, np.reshape(b1, (-1, 1)))
    output = Dense.from_weights(W2, np.reshape(b2, (-1, 1)), "sigmoid")
    net = Network([hidden, output])
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    m = X.shape[1]
    Y_hat = net.forward(X)
    L = binary_cross_entropy(Y_hat, Y)
    dZ2 = (Y_hat - Y) / m             # dL/dZ2 of the mean loss, as mathnn.train starts it
    output._set_grads(dZ2)            # dW2 = dZ2 A1^T, db2 = the row sums of dZ2
    dA1 = output.W.T @ dZ2
    dZ1 = hidden._dZ(dA1)             # dA1 * f1'(Z1), with f1' = 1
    hidden._set_grads(dZ1)            # dW1 = dZ1 X^T, db1 = the row sums of dZ1
    return {"Z1": hidden.Z, "A1": hidden.A, "Z2": output.Z, "Y_hat": Y_hat, "L": float(L),
            "dZ2": dZ2, "dW2": output.dW, "db2": output.db, "dA1": dA1, "dZ1": dZ1,
            "dW1": hidden.dW, "db1": hidden.db}
