"""The playground's Python side (chapter 11): run() trains as the page does, code() is mathnn
code that does the same, and settings the page cannot show are refused."""
import contextlib
import io
import re
from pathlib import Path

import numpy as np
import pytest
import traitlets

from widget_js import assert_assembled, traits_read, traits_sent
import mathnn as nn
from mathnn.widgets.playground import (BATCH_SIZES, LEARNING_RATES, MAX_EPOCHS, PlaygroundRun,
                                       PlaygroundWidget, python_code)

JS = Path(nn.__file__).parent / "widgets"
PRINTED = re.compile(r"epoch (\d+): train loss (\S+), test loss (\S+)")


def _execute(code):
    """Run the copied code as a reader would; returns (its namespace, the losses it prints)."""
    out, namespace = io.StringIO(), {}
    with contextlib.redirect_stdout(out):
        exec(code, namespace)
    epoch, train_loss, test_loss = PRINTED.fullmatch(out.getvalue().strip()).groups()
    return namespace, int(epoch), float(train_loss), float(test_loss)


SETTINGS = [  # the defaults, then other data, networks, losses and batch sizes
    {},
    {"dataset": "circles", "noise": 0.2, "points": 120, "hidden": [6], "activation": "relu",
     "loss": "mean_squared_error", "lr": 1.0, "batch_size": None, "seed": 5, "epochs": 25},
    {"dataset": "xor", "hidden": [], "lr": 0.03, "batch_size": 1, "seed": 0, "epochs": 3},
    {"dataset": "spirals", "noise": 0.0, "points": 90, "hidden": [8, 8, 8, 8], "activation": "sigmoid",
     "batch_size": 20, "seed": 99, "epochs": 7},
    {"dataset": "moons", "hidden": [3, 1], "activation": "identity", "lr": 0.1, "batch_size": 100, "epochs": 12},
]


@pytest.mark.parametrize("settings", SETTINGS)
def test_the_copied_code_rebuilds_and_trains_the_same_network(settings):
    widget = PlaygroundWidget(**settings)
    run = widget.run()
    namespace, epoch, train_loss, test_loss = _execute(widget.code())
    assert epoch == widget.epochs == run.epochs
    # numpy may add the same numbers in another order from one run to the next (by an ulp),
    # so the two agree to the 12 digits printed, or within 1e-9
    assert train_loss == pytest.approx(run.train[-1], rel=1e-9) and test_loss == pytest.approx(run.test[-1], rel=1e-9)
    for theirs, ours in zip(namespace["net"].layers, run.network.layers):
        assert np.allclose(theirs.W, ours.W, rtol=1e-9, atol=1e-12) and theirs.activation == ours.activation
    assert np.array_equal(namespace["X_train"], run.X_train) and np.array_equal(namespace["Y_test"], run.Y_test)
    if widget.epochs:
        assert namespace["history"] == pytest.approx(_batch_losses(widget), rel=1e-9)


def _batch_losses(widget):
    rng, X_train, Y_train, _, _, net = widget.start()
    return nn.train(net, X_train, Y_train, widget.loss, widget.lr, widget.epochs, widget.batch_size, rng)


def test_run_is_the_pages_recipe_step_by_step():
    widget = PlaygroundWidget(hidden=[4], epochs=5, seed=3)
    rng = nn.TwinRandom(3)  # by hand: data, split, weights, then one permutation per epoch
    X, Y = nn.moons(250, rng, noise=0.1)
    X_train, Y_train, X_test, Y_test = nn.split(X, Y, 0.2, rng)
    net = nn.Network([nn.Dense(2, 4, "tanh", rng), nn.Dense(4, 1, "sigmoid", rng)])
    train, test = [], []
    for _ in range(6):
        train.append(nn.binary_cross_entropy(net.forward(X_train), Y_train))
        test.append(nn.binary_cross_entropy(net.forward(X_test), Y_test))
        nn.train(net, X_train, Y_train, "binary_cross_entropy", 0.3, 1, 10, rng)
    run = widget.run()
    assert isinstance(run, PlaygroundRun) and run.epochs == 5 and run.blew_up is None
    assert run.train == pytest.approx(train, rel=1e-12) and run.test == pytest.approx(test, rel=1e-12)
    assert (run.X_train.shape, run.X_test.shape) == ((2, 200), (2, 50))
    assert re.fullmatch(r"PlaygroundRun\(epochs=5: train loss [\d.]+, test loss [\d.]+\)", repr(run))
    assert widget.run(epochs=0).train == [train[0]]


def test_a_blow_up_stops_training_and_keeps_the_last_good_network():
    # no activation, learning rate 3, full batch: each step overshoots more than the last
    widget = PlaygroundWidget(hidden=[8, 8], activation="identity", lr=3.0, batch_size=None, epochs=100)
    run = widget.run()
    assert run.blew_up is not None and run.epochs == run.blew_up - 1 < 100
    assert np.isfinite(run.train).all() and np.isfinite(run.test).all()
    assert all(np.isfinite(layer.W).all() for layer in run.network.layers)
    assert f"blew up at epoch {run.blew_up}" in repr(run)
    again = widget.run(epochs=run.epochs)  # the last good epoch, with nothing to report
    assert again.blew_up is None and again.train[-1] == pytest.approx(run.train[-1], rel=1e-9)
    _, epoch, train_loss, _ = _execute(PlaygroundWidget(**{**widget.settings, "epochs": run.epochs}).code())
    assert epoch == run.epochs and train_loss == pytest.approx(run.train[-1], rel=1e-9)
    with np.errstate(all="ignore"):  # one more epoch in Python: the weights overflow the network's sums
        beyond = PlaygroundWidget(**{**widget.settings, "epochs": run.blew_up})
        rng, X_train, Y_train, _, _, net = beyond.start()
        nn.train(net, X_train, Y_train, beyond.loss, beyond.lr, beyond.epochs, None, rng)
        assert not np.isfinite(net._forward(X_train)).all()
        with pytest.raises(ValueError, match="Y_hat contains NaN or inf"):
            nn.binary_cross_entropy(net.forward(X_train), Y_train)


def test_defaults_state_and_what_the_page_sends():
    widget = PlaygroundWidget()
    assert repr(widget) == ("PlaygroundWidget(dataset='moons', noise=0.1, points=250, hidden=[4, 4], "
                            "activation='tanh', loss='binary_cross_entropy', lr=0.3, batch_size=10, seed=1, epochs=0)")
    state = widget.get_state()
    assert state["hidden"] == [4, 4] and state["batch_size"] == 10 and state["test_fraction"] == 0.2
    assert state["options"]["lr"] == list(LEARNING_RATES) and state["options"]["batch_size"] == list(BATCH_SIZES)
    assert state["limits"]["epochs"] == [0, MAX_EPOCHS, 1] and state["limits"]["neurons"] == [1, 8, 1]
    widget.set_state({"lr": 1.0, "batch_size": None, "hidden": [8, 2, 1], "epochs": 0})  # the reader's choices
    assert (widget.lr, widget.batch_size, widget.hidden) == (1.0, None, [8, 2, 1])
    widget.set_state({"epochs": 40})  # the page paused at epoch 40
    assert widget.epochs == 40 and "epochs=40," in widget.code()
    assert widget.settings == {"dataset": "moons", "noise": 0.1, "points": 250, "hidden": [8, 2, 1],
                               "activation": "tanh", "loss": "binary_cross_entropy", "lr": 1.0,
                               "batch_size": None, "seed": 1}
    assert isinstance(PlaygroundWidget(lr=1).lr, float) and PlaygroundWidget(hidden=np.array([3])).hidden == [3]


def test_code_reads_as_the_chapter_shows_it():
    code = python_code("moons", 0.15, 250, [8, 8], "tanh", "binary_cross_entropy", 0.3, 10, 1, 120)
    assert code.splitlines()[4:] == [
        "rng = nn.TwinRandom(1)",
        "X, Y = nn.moons(250, rng, noise=0.15)",
        "X_train, Y_train, X_test, Y_test = nn.split(X, Y, 0.2, rng)",
        "net = nn.Network([",
        '    nn.Dense(2, 8, "tanh", rng),',
        '    nn.Dense(8, 8, "tanh", rng),',
        '    nn.Dense(8, 1, "sigmoid", rng),',
        "])",
        'history = nn.train(net, X_train, Y_train, "binary_cross_entropy", lr=0.3, epochs=120,',
        "                   batch_size=10, rng=rng)",
        "train_loss = nn.binary_cross_entropy(net.forward(X_train), Y_train)",
        "test_loss = nn.binary_cross_entropy(net.forward(X_test), Y_test)",
        'print(f"epoch 120: train loss {train_loss:.12g}, test loss {test_loss:.12g}")',
    ]
    untrained = python_code("xor", 0.0, 50, [], "relu", "mean_squared_error", 10.0, None, 0, 0)
    assert "# epoch 0: not trained yet" in untrained and "nn.train" not in untrained
    assert "noise=0.0" in untrained and '    nn.Dense(2, 1, "sigmoid", rng),' in untrained


def test_settings_the_page_cannot_show_are_refused():
    widget = PlaygroundWidget()
    refusals = [
        ("dataset", "blobs", r"dataset is the data set: one of 'moons', 'circles', 'xor', 'spirals'; got 'blobs'"),
        ("activation", "softmax", r"activation is the hidden layers' activation: one of 'identity', 'relu', 'tanh', 'sigmoid'"),
        ("loss", "softmax_cross_entropy", r"loss is the loss: one of 'binary_cross_entropy', 'mean_squared_error'"),
        ("lr", 0.5, r"lr is the learning rate, one of the page's choices: 0.001, 0.003, .*, 10; got 0.5"),
        ("lr", True, r"lr is the learning rate"),
        ("batch_size", 3, r"batch_size is the number of training points in a mini-batch, .*None \(all at once\); got 3"),
        ("hidden", [9], r"0 to 4 layers of 1 to 8 neurons, e\.g\. hidden=\[8, 8\] \(or \[\] for none\); got \[9\]"),
        ("hidden", [1, 1, 1, 1, 1], r"0 to 4 layers"),
        ("hidden", [2.5], r"0 to 4 layers"),
        ("hidden", "88", r"0 to 4 layers"),
        ("noise", 0.7, r"PlaygroundWidget.noise: 0.7 is outside its slider's range, 0 to 0.5"),
        ("points", 20, r"PlaygroundWidget.points: 20 is outside"),
        ("seed", 100, r"PlaygroundWidget.seed: 100 is outside"),
        ("epochs", -1, r"PlaygroundWidget.epochs: -1 is outside"),
        ("epochs", MAX_EPOCHS + 1, r"outside its slider's range, 0 to 20000"),
    ]
    for name, value, message in refusals:
        with pytest.raises(traitlets.TraitError, match=message):
            setattr(widget, name, value)
    with pytest.raises(traitlets.TraitError, match="read-only"):
        widget.test_fraction = 0.5
    with pytest.raises(TypeError, match="cannot be changed in place"):
        widget.hidden.append(3)
    with pytest.raises(traitlets.TraitError, match="the data set"):
        PlaygroundWidget(dataset="MOONS")
    for epochs in (-1, 1.5, MAX_EPOCHS + 1):
        with pytest.raises(ValueError, match="epochs must be a whole number from 0 to 20000"):
            widget.run(epochs=epochs)
    assert widget.settings == PlaygroundWidget().settings  # nothing above changed it


def test_javascript_reads_only_synced_traits():
    widget = PlaygroundWidget()
    assert_assembled(widget, "playground")
    synced = set(widget.keys)
    source = (JS / "playground.js").read_text()
    used = traits_read(source)
    settings = re.search(r"const SETTINGS = \[([^\]]*)\]", source).group(1)
    used |= {n.strip().strip('"') for n in settings.split(",")}
    assert {"dataset", "hidden", "lr", "batch_size", "epochs", "test_fraction", "options", "limits"} <= used
    assert used <= synced, f"the page reads {used - synced}, which Python never sends"
    assert traits_sent(source) == {"epochs"}  # the rest goes through setSetting
    assert set(PlaygroundWidget.SETTINGS) == {n.strip().strip('"') for n in settings.split(",")}


def test_widget_computes_through_mathnn_js():
    """It draws; the data, the network, its training and every loss are mathnn.js's."""
    source = (JS / "playground.js").read_text()
    for call in ("new mnn.TwinRandom", "mnn.split", "new mnn.Dense(", "new mnn.Network", "mnn.train(",
                 "mnn.get_loss", ".permutation(", ".forward("):
        assert call in source
    math = re.findall(r"Math\.(?:exp|log\w*|tanh|pow|sqrt|cos|sin)\b|\*\*|\.reduce\(", source)
    assert not math, f"playground.js computes {math} itself instead of calling mathnn.js"
