"""The playground: train a small network on 2-D data, in the page and in Python  (chapter 11)."""
from dataclasses import dataclass, field

import numpy as np
import traitlets

from .. import datasets
from ..layers import Dense
from ..losses import get_loss
from ..network import Network
from ..train import train
from ..twin import TwinRandom
from ._base import ReadOnlyList, Slider, WholeSlider, Widget, css, esm

DATASETS = ("moons", "circles", "xor", "spirals")
ACTIVATIONS = ("identity", "relu", "tanh", "sigmoid")
LOSSES = ("binary_cross_entropy", "mean_squared_error")
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100, None)  # None: every training point at once
MAX_LAYERS, MAX_NEURONS, MAX_EPOCHS = 4, 8, 20000
TEST_FRACTION = 0.2


def _number(x):
    """A float as Python writes it (repr), e.g. 0.15, 1.0; the page writes it the same way."""
    return repr(float(x))


def python_code(dataset, noise, points, hidden, activation, loss, lr, batch_size, seed, epochs,
                test_fraction=TEST_FRACTION):
    """The mathnn code that rebuilds and trains the playground's network (the page's
    "Copy as Python" gives the same text)."""
    sizes = [2, *hidden, 1]
    layers = [f'    nn.Dense({n_in}, {n_out}, "{activation if l < len(hidden) else "sigmoid"}", rng),'
              for l, (n_in, n_out) in enumerate(zip(sizes, sizes[1:]))]
    batch = "None" if batch_size is None else str(batch_size)
    if epochs:
        training = [f'history = nn.train(net, X_train, Y_train, "{loss}", lr={_number(lr)}, epochs={epochs},',
                    f"                   batch_size={batch}, rng=rng)"]
    else:
        training = ["# epoch 0: not trained yet"]
    return "\n".join([
        "# The playground's network (chapter 11), rebuilt with mathnn: the same data, starting",
        "# weights and mini-batch order (nn.TwinRandom is the page's random generator).",
        "import mathnn as nn",
        "",
        f"rng = nn.TwinRandom({seed})",
        f"X, Y = nn.{dataset}({points}, rng, noise={_number(noise)})",
        f"X_train, Y_train, X_test, Y_test = nn.split(X, Y, {_number(test_fraction)}, rng)",
        "net = nn.Network([",
        *layers,
        "])",
        *training,
        f"train_loss = nn.{loss}(net.forward(X_train), Y_train)",
        f"test_loss = nn.{loss}(net.forward(X_test), Y_test)",
        f'print(f"epoch {epochs}: train loss {{train_loss:.12g}}, test loss {{test_loss:.12g}}")',
        "",
    ])


@dataclass
class PlaygroundRun:
    """What `PlaygroundWidget.run()` returns: the trained network, its data, and the losses.

    train[k] and test[k] are the mean losses on the training and test points after epoch k
    (train[0], test[0]: before training). blew_up is the epoch at which the loss or a weight
    stopped being a finite number (training stopped there; the network is kept as it was
    after the epoch before), or None.
    """
    network: Network
    X_train: np.ndarray = field(repr=False)
    Y_train: np.ndarray = field(repr=False)
    X_test: np.ndarray = field(repr=False)
    Y_test: np.ndarray = field(repr=False)
    train: list = field(repr=False)
    test: list = field(repr=False)
    blew_up: int = None

    @property
    def epochs(self):
        """How many epochs were trained (without the one that blew up, if any)."""
        return len(self.train) - 1

    def __repr__(self):
        blown = f", blew up at epoch {self.blew_up}" if self.blew_up else ""
        return (f"PlaygroundRun(epochs={self.epochs}: train loss {self.train[-1]:.12g}, "
                f"test loss {self.test[-1]:.12g}{blown})")


class _Choice(traitlets.Unicode):
    """One of a few names, refused otherwise with the list and what they mean."""

    def __init__(self, choices, meaning, default, **kwargs):
        self.choices, self.meaning = choices, meaning
        super().__init__(default, **kwargs)

    def validate(self, obj, value):
        if value not in self.choices:
            raise traitlets.TraitError(f"{type(obj).__name__}.{self.name} is {self.meaning}: one of "
                                       f"{', '.join(repr(c) for c in self.choices)}; got {value!r}")
        return super().validate(obj, value)


class _Hidden(traitlets.TraitType):
    """The hidden layers' sizes, first to last: 0 to 4 layers of 1 to 8 neurons."""
    default_value = ReadOnlyList([4, 4])

    def validate(self, obj, value):
        sizes = list(value) if isinstance(value, (list, tuple, np.ndarray)) else None
        ok = sizes is not None and len(sizes) <= MAX_LAYERS and all(
            isinstance(n, (int, np.integer)) and not isinstance(n, bool) and 1 <= n <= MAX_NEURONS for n in sizes)
        if not ok:
            raise traitlets.TraitError(
                f"hidden lists the number of neurons in each hidden layer, first to last: 0 to "
                f"{MAX_LAYERS} layers of 1 to {MAX_NEURONS} neurons, e.g. hidden=[8, 8] (or [] for "
                f"none); got {value!r}")
        return ReadOnlyList(int(n) for n in sizes)


class _OneOf(traitlets.TraitType):
    """A number from a short list (what the page's menu offers)."""

    def __init__(self, choices, meaning, default, **kwargs):
        self.choices, self.meaning = choices, meaning
        super().__init__(default, allow_none=None in choices, **kwargs)

    def validate(self, obj, value):
        if isinstance(value, bool) or value not in self.choices or (value is not None and not np.isfinite(value)):
            shown = ", ".join("None (all at once)" if c is None else f"{c:g}" for c in self.choices)
            raise traitlets.TraitError(f"{type(obj).__name__}.{self.name} is {self.meaning}, one of the "
                                       f"page's choices: {shown}; got {value!r}")
        return value if value is None else type(self.choices[0])(value)


class PlaygroundWidget(Widget):
    """PlaygroundWidget(dataset="moons", noise=0.1, points=250, hidden=(4, 4), activation="tanh",
    loss="binary_cross_entropy", lr=0.3, batch_size=10, seed=1, epochs=0)

    A playground  (chapter 11): two classes of points in the plane (`mathnn.moons`,
    `circles`, `xor` or `spirals`, with `points` points and `noise`), a fifth of them kept
    for testing; a network 2 -> hidden layers (`hidden`, each with `activation`) -> 1
    sigmoid output, trained by mini-batch gradient descent (`loss`, `lr`, `batch_size`)
    for `epochs` epochs. The page trains it as the reader presses Train, Step or Reset,
    with mathnn.js, and draws the network's output over the plane (the decision boundary),
    each hidden neuron's output, and the loss on the training and test points after every
    epoch. A loss that stops being a number stops the training, and the page says why.

    Everything random (the data, the split, the starting weights, the mini-batch orders)
    comes from one `mathnn.TwinRandom(seed)`, in that order, which mathnn.js has too; so
    `run()` repeats the page's training in Python, to the same numbers, and `code()` gives
    mathnn code that does it (the page's "Copy as Python" gives the same text).

    In Jupyter the traits follow the page, `epochs` whenever the training pauses; set
    one from Python and the page shows that network, trained for `epochs` epochs.
    """
    _esm = esm("playground")
    _css = css("playground")
    dataset = _Choice(DATASETS, "the data set", "moons").tag(sync=True)
    noise = Slider(0.1).tag(sync=True)
    points = WholeSlider(250).tag(sync=True)
    seed = WholeSlider(1).tag(sync=True)
    hidden = _Hidden().tag(sync=True)
    activation = _Choice(ACTIVATIONS, "the hidden layers' activation", "tanh").tag(sync=True)
    loss = _Choice(LOSSES, "the loss", "binary_cross_entropy").tag(sync=True)
    lr = _OneOf(LEARNING_RATES, "the learning rate", 0.3).tag(sync=True)
    batch_size = _OneOf(BATCH_SIZES, "the number of training points in a mini-batch", 10).tag(sync=True)
    epochs = WholeSlider(0).tag(sync=True)
    test_fraction = traitlets.Float(TEST_FRACTION, read_only=True).tag(sync=True)
    options = traitlets.Dict(read_only=True).tag(sync=True)  # the page's menus

    def __init__(self, dataset="moons", noise=0.1, points=250, hidden=(4, 4), activation="tanh",
                 loss="binary_cross_entropy", lr=0.3, batch_size=10, seed=1, epochs=0, **kwargs):
        limits = {"noise": [0, 0.5, 0.05], "points": [50, 500, 10], "seed": [0, 99, 1],
                  "epochs": [0, MAX_EPOCHS, 1], "layers": [0, MAX_LAYERS, 1], "neurons": [1, MAX_NEURONS, 1]}
        super().__init__(limits=limits, dataset=dataset, noise=noise, points=points, hidden=hidden,
                         activation=activation, loss=loss, lr=lr, batch_size=batch_size, seed=seed,
                         epochs=epochs, **kwargs)
        self.set_trait("options", {"dataset": list(DATASETS), "activation": list(ACTIVATIONS),
                                   "loss": list(LOSSES), "lr": list(LEARNING_RATES),
                                   "batch_size": list(BATCH_SIZES)})

    SETTINGS = ("dataset", "noise", "points", "hidden", "activation", "loss", "lr", "batch_size", "seed")

    @property
    def settings(self):
        """The settings, name -> value (everything but `epochs`)."""
        return {name: getattr(self, name) for name in self.SETTINGS}

    def __repr__(self):
        values = ", ".join(f"{name}={value!r}" for name, value in self.settings.items())
        return f"PlaygroundWidget({values}, epochs={self.epochs})"

    def code(self):
        """mathnn code that rebuilds the data and network and trains them for `epochs` epochs,
        as the page does, and prints the final losses: the page's "Copy as Python"."""
        return python_code(**self.settings, epochs=self.epochs, test_fraction=self.test_fraction)

    def start(self):
        """The page's starting point: (rng, X_train, Y_train, X_test, Y_test, network), with
        the TwinRandom as it is after drawing the data, the split and the weights."""
        rng = TwinRandom(self.seed)
        X, Y = getattr(datasets, self.dataset)(self.points, rng, noise=self.noise)
        X_train, Y_train, X_test, Y_test = datasets.split(X, Y, self.test_fraction, rng)
        sizes = [2, *self.hidden, 1]
        activations = [self.activation] * len(self.hidden) + ["sigmoid"]
        net = Network([Dense(n_in, n_out, f, rng) for n_in, n_out, f in zip(sizes, sizes[1:], activations)])
        return rng, X_train, Y_train, X_test, Y_test, net

    def run(self, epochs=None):
        """Train as the page does, for `epochs` epochs (default: the widget's), one at a time;
        returns a PlaygroundRun with the losses after every epoch.

        After each epoch the losses on the training and test points are computed; if one of
        them, the epoch's mean batch loss or a weight is not a finite number, the loss blew
        up: training stops, the network is put back as it was after the epoch before, and
        `blew_up` says at which epoch.
        """
        epochs = self.epochs if epochs is None else epochs
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or not 0 <= epochs <= MAX_EPOCHS:
            raise ValueError(f"epochs must be a whole number from 0 to {MAX_EPOCHS}; got {epochs!r}")
        rng, X_train, Y_train, X_test, Y_test, net = self.start()
        loss = get_loss(self.loss)[2]  # unchecked: a blow-up gives nan here, not an exception

        def losses():
            return loss(net._forward(X_train), Y_train), loss(net._forward(X_test), Y_test)
        first = losses()
        out = PlaygroundRun(net, X_train, Y_train, X_test, Y_test, [float(first[0])], [float(first[1])])
        with np.errstate(all="ignore"):
            for epoch in range(1, epochs + 1):
                before = [(layer.W.copy(), layer.b.copy()) for layer in net.layers]
                history = train(net, X_train, Y_train, self.loss, self.lr, 1, self.batch_size, rng)
                after = losses()
                weights = all(np.isfinite(layer.W).all() and np.isfinite(layer.b).all() for layer in net.layers)
                if not (weights and np.isfinite([*history, *after]).all()):
                    for layer, (W, b) in zip(net.layers, before):
                        layer.W, layer.b = W, b
                    out.blew_up = epoch
                    break
                out.train.append(float(after[0]))
                out.test.append(float(after[1]))
        return out
