"""mathnn.js computes what mathnn computes: seeded random cases through both, compared.

The cases are made here with numpy (seeded), answered by mathnn and, in Node, by
mathnn.js (tests/parity.mjs), and compared:

- elementwise functions without cancellation (identity, relu, tanh, sigmoid, softmax and
  the 0/1 derivatives): every entry within a relative error of 1e-12, and exactly where
  the Python is exactly 0 or the function is exact;
- everything else: the max-norm relative error max|js - py| / max|py| <= 1e-12 (exactly
  equal where the Python array is all zeros). Formulas such as 1 - tanh(z)^2 cancel, so a
  one-ulp difference in tanh between numpy and V8 is a large *entrywise* relative error in
  a tiny entry even though both sides are right to the precision of the formula.
- training: 50 SGD steps from the same weights over the same batches end with weights
  within 1e-10 of mathnn.train's.
- TwinRandom, the generator both sides have (chapter 11): from the same seed, the same
  32-bit numbers, permutations and choices exactly, and the same normals within a
  relative error of 1e-12 each (log and cos may round differently by an ulp); from it, the
  same data sets (moons, circles, xor, spirals: X within 1e-12, labels exactly), the same
  split (exactly) and the same random starting weights of a Dense layer (within 1e-12);
  and the playground's whole run, data to trained network with one TwinRandom, in the page's
  order (a permutation per epoch), within 1e-10 of mathnn.train's.

The same suite runs twice: on mathnn.js, and on the inlined copy every widget carries.
Run `python tests/test_parity.py` to print the case counts and the largest errors.
"""
import json
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import mathnn as nn
from mathnn.widgets import ENGINE, ENGINE_INLINE

HERE = Path(__file__).resolve().parent
ENGINE_PATH = Path(nn.__file__).parent / "widgets" / "mathnn.js"
PER_FUNCTION = 250
TOL, TRAIN_TOL = 1e-12, 1e-10
ACTIVATIONS = ["identity", "relu", "tanh", "sigmoid", "softmax"]
ELEMENTWISE = {"identity", "identity_prime", "relu", "relu_prime", "tanh", "sigmoid", "softmax"}
SPECIAL = [1000.0, -1000.0, 0.0, -0.0, 37.0, -37.0, 709.0, -745.0, 1e-300]


def _shape(rng):
    """A shape (rows, columns): 1x1, 1xm and nx1 as often as general ones."""
    n, m = int(rng.integers(1, 7)), int(rng.integers(1, 9))
    return [(1, 1), (1, m), (n, 1), (n, m)][int(rng.integers(4))]


def _matrix(rng, shape, special=True):
    """Normal numbers of a random scale, with z = +-1000, +-0 and other extremes mixed in."""
    M = rng.normal(0.0, [0.1, 1.0, 10.0][int(rng.integers(3))], shape)
    if special and rng.random() < 0.4:
        M.flat[rng.integers(M.size, size=max(1, M.size // 3))] = rng.choice(SPECIAL, max(1, M.size // 3))
    return M


def _probabilities(rng, shape):
    """Probabilities in [0, 1], with exact 0 and 1 mixed in."""
    P = rng.random(shape)
    if rng.random() < 0.5:
        P.flat[rng.integers(P.size, size=max(1, P.size // 3))] = rng.choice([0.0, 1.0, 1e-15, 1 - 1e-15])
    return P


def _labels(rng, shape):
    return rng.integers(0, 2, shape).astype(float)


def _one_hot(rng, shape):
    return nn.one_hot(rng.integers(0, shape[0], shape[1]), shape[0])


def _loss_args(rng, name):
    shape = _shape(rng)
    if name.startswith("binary"):
        return [_probabilities(rng, shape), _labels(rng, shape)]
    if name.startswith("softmax_cross"):
        Z = _matrix(rng, shape)
        return [nn.softmax(Z) if rng.random() < 0.7 else _probabilities(rng, shape), _one_hot(rng, shape)]
    return [_matrix(rng, shape), _matrix(rng, shape, special=False)]


def _layers(rng, sizes, activations):
    return [[_matrix(rng, (n_out, n_in), special=False) * 0.7, _matrix(rng, (n_out, 1), special=False), f]
            for n_in, n_out, f in zip(sizes, sizes[1:], activations)]


def _network(layers):
    return nn.Network([nn.Dense.from_weights(W, b, f) for W, b, f in layers])


def make_cases(seed=20261202):
    """Every case: (kind, function name, its arguments) as dicts for JSON."""
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(PER_FUNCTION):
        cases.append({"kind": "fn", "name": "neuron", "args": [float(v) for v in _matrix(rng, (3,)).tolist()]})
    for f in ACTIVATIONS:
        for name in ([f, f + "_prime"] if f != "softmax" else ["softmax"]):
            cases += [{"kind": "fn", "name": name, "args": [_matrix(rng, _shape(rng))]} for _ in range(PER_FUNCTION)]
    for _ in range(PER_FUNCTION):
        shape = _shape(rng)
        cases.append({"kind": "fn", "name": "softmax_backward",
                      "args": [nn.softmax(_matrix(rng, shape)), _matrix(rng, shape)]})
    for loss in nn.LOSSES:
        for name in (loss, loss + "_prime"):
            cases += [{"kind": "fn", "name": name, "args": _loss_args(rng, loss)} for _ in range(PER_FUNCTION)]
    for kind in ("dense_forward", "dense_backward"):
        for i in range(2 * PER_FUNCTION):
            (n_in, m), n_out = _shape(rng), int(rng.integers(1, 7))
            W, b, f = _layers(rng, [n_in, n_out], [ACTIVATIONS[i % 5]])[0]
            case = {"kind": kind, "W": _matrix(rng, W.shape), "b": b, "activation": f,
                    "X": _matrix(rng, (n_in, m))}
            if kind == "dense_backward":
                case["dA"] = _matrix(rng, (n_out, m), special=False)
            cases.append(case)
    for kind in ("network", "sgd_step"):
        for _ in range(PER_FUNCTION):
            sizes = [int(s) for s in rng.integers(1, 7, int(rng.integers(2, 6)))]
            m = int(rng.integers(1, 9))
            layers = _layers(rng, sizes, rng.choice(ACTIVATIONS, len(sizes) - 1).tolist())
            case = {"kind": kind, "layers": layers, "X": _matrix(rng, (sizes[0], m), special=False),
                    "dA": _matrix(rng, (sizes[-1], m), special=False)}
            if kind == "sgd_step":
                case["lr"] = float(rng.choice([0.01, 0.1, 0.5]))
            cases.append(case)
    for _ in range(PER_FUNCTION):
        sizes = [int(s) for s in rng.integers(1, 7, int(rng.integers(2, 6)))]
        cases.append({"kind": "collapse", "layers": _layers(rng, sizes, ["identity"] * (len(sizes) - 1))})
    cases += _training_cases(rng)
    cases += _twin_cases(rng)
    cases += _error_cases()
    return cases


DATASETS = ["moons", "circles", "xor", "spirals"]


def _seed(rng):
    """A 32-bit seed: the edges 0 and 2**32 - 1 now and then, random ones otherwise."""
    return int(rng.choice([0, 1, 2**32 - 1])) if rng.random() < 0.1 else int(rng.integers(2**32))


def _twin_cases(rng):
    """TwinRandom's streams, and what mathnn draws with it: data sets, splits, Dense starts,
    and the playground's training runs."""
    cases = []
    for _ in range(PER_FUNCTION):
        r, c = _shape(rng)
        cases.append({"kind": "twin_stream", "seed": _seed(rng), "n_ints": int(rng.integers(1, 20)),
                      "normal_shape": [r, c],
                      "perm_n": int(rng.integers(1, 40)), "choice_values": rng.normal(0, 1, int(rng.integers(1, 6))),
                      "choice_shape": list(_shape(rng))})
    for i in range(PER_FUNCTION):
        cases.append({"kind": "dataset", "name": DATASETS[i % 4], "m": int(rng.choice([2, 3, 4, 5, 10, 51, 200, 300])),
                      "seed": _seed(rng), "noise": float(rng.choice([0.0, 0.05, 0.1, 0.3, 0.5]))})
    for i in range(PER_FUNCTION):
        cases.append({"kind": "dense_random", "n_in": int(rng.integers(1, 9)), "n_out": int(rng.integers(1, 9)),
                      "activation": ACTIVATIONS[i % 4], "seed": _seed(rng)})
    for _ in range(PER_FUNCTION):
        m = int(rng.integers(2, 40))
        X = rng.normal(0, 1, (int(rng.integers(1, 4)), m))
        cases.append({"kind": "split", "X": X, "Y": _labels(rng, (1, m)), "seed": _seed(rng),
                      "test_fraction": float(rng.choice([0.1, 0.2, 0.25, 0.5, 0.7]))})  # 0.5 m: halves round to even
    setups = [  # the playground: data set, points, noise, hidden, activation, loss, lr, batch size, epochs
        ("moons", 250, 0.1, [8, 8], "tanh", "binary_cross_entropy", 0.3, None, 40),
        ("moons", 120, 0.2, [4, 4], "tanh", "binary_cross_entropy", 0.3, 10, 15),
        ("circles", 100, 0.05, [6], "relu", "mean_squared_error", 0.3, 5, 12),
        ("xor", 80, 0.1, [], "tanh", "binary_cross_entropy", 1.0, 20, 20),
        ("xor", 90, 0.15, [3, 5, 2], "sigmoid", "mean_squared_error", 1.0, 7, 10),
        ("spirals", 150, 0.05, [8, 8, 8], "relu", "binary_cross_entropy", 0.1, 10, 10),
        ("spirals", 101, 0.0, [2], "identity", "binary_cross_entropy", 0.03, 1, 3),
        ("circles", 60, 0.3, [8, 8, 8, 8], "tanh", "mean_squared_error", 0.1, None, 30),
    ]
    for name, m, noise, hidden, activation, loss, lr, batch, epochs in setups:
        cases.append({"kind": "twin_train", "name": name, "m": m, "noise": noise, "hidden": hidden,
                      "activation": activation, "loss": loss, "lr": lr, "batch_size": batch, "epochs": epochs,
                      "seed": _seed(rng), "test_fraction": 0.2})
    return cases


def _training_cases(rng):
    """50 SGD steps each: m = 20 samples in batches of 4 for 10 epochs, fused and not."""
    setups = [  # sizes, activations, loss, shuffled?
        ([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "binary_cross_entropy", False),
        ([2, 8, 8, 1], ["relu", "relu", "sigmoid"], "binary_cross_entropy", True),
        ([4, 6, 3], ["sigmoid", "softmax"], "softmax_cross_entropy", True),
        ([3, 5, 2], ["tanh", "identity"], "mean_squared_error", False),
        ([2, 4, 1], ["relu", "sigmoid"], "mean_squared_error", True),
        ([1, 1], ["identity"], "mean_squared_error", False),
    ]
    cases = []
    for sizes, activations, loss, shuffled in setups:
        m, epochs, batch = 20, 10, 4
        X = rng.normal(0, 1, (sizes[0], m))
        if loss == "softmax_cross_entropy":
            Y = _one_hot(rng, (sizes[-1], m))
        elif loss == "binary_cross_entropy":
            Y = _labels(rng, (1, m))
        else:
            Y = rng.normal(0, 1, (sizes[-1], m))
        seed = int(rng.integers(1 << 30)) if shuffled else None
        cases.append({"kind": "train", "layers": _layers(rng, sizes, activations), "X": X, "Y": Y,
                      "loss": loss, "lr": 0.1, "epochs": epochs, "batch_size": batch, "seed": seed})
    return cases


def _error_cases():
    """Calls both sides must refuse, with the same message in the book's notation."""
    W43, b4 = np.ones((4, 3)), np.zeros((4, 1))
    calls = [
        {"kind": "dense_forward", "W": W43, "b": b4, "activation": "identity", "X": np.ones((2, 5))},
        {"kind": "dense_forward", "W": W43, "b": np.zeros((3, 1)), "activation": "identity", "X": np.ones((3, 1))},
        {"kind": "network", "layers": [[W43, b4, "relu"], [np.ones((2, 3)), np.zeros((2, 1)), "identity"]],
         "X": np.ones((3, 1)), "dA": np.ones((2, 1))},
        {"kind": "fn", "name": "mean_squared_error", "args": [np.ones((1, 3)), np.ones((1, 4))]},
        {"kind": "fn", "name": "softmax_cross_entropy", "args": [np.full((2, 2), 0.5), np.ones((2, 2))]},
        {"kind": "dense_forward", "W": W43, "b": b4, "activation": "swish", "X": np.ones((3, 1))},
        {"kind": "collapse", "layers": [[W43, b4, "identity"], [np.ones((2, 4)), np.zeros((2, 1)), "relu"]]},
        {"kind": "dataset", "name": "moons", "m": 1, "seed": 0, "noise": 0.1},
        {"kind": "dataset", "name": "spirals", "m": 2.5, "seed": 0, "noise": 0.1},
        {"kind": "dataset", "name": "circles", "m": 0, "seed": 0, "noise": 0.1},
        {"kind": "dataset", "name": "xor", "m": 10, "seed": 0, "noise": -0.5},
        {"kind": "dataset", "name": "moons", "m": 10, "seed": -1, "noise": 0.1},
        {"kind": "dataset", "name": "moons", "m": 10, "seed": 2**32, "noise": 0.1},
        {"kind": "split", "X": np.ones((2, 4)), "Y": np.ones((1, 4)), "seed": 0, "test_fraction": 1.5},
        {"kind": "split", "X": np.ones((2, 4)), "Y": np.ones((1, 3)), "seed": 0, "test_fraction": 0.5},
        {"kind": "dense_random", "n_in": 0, "n_out": 3, "activation": "relu", "seed": 0},
        {"kind": "dense_random", "n_in": 2, "n_out": 3, "activation": "swish", "seed": 0},
    ]
    return [{"kind": "error", "call": call} for call in calls]


# ----- the Python side ------------------------------------------------------------------

def _orders(seed, m, epochs):
    """The column orders mathnn.train draws with default_rng(seed): one permutation an epoch."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(m) for _ in range(epochs)]


def python_answer(case):
    kind = case["kind"]
    if kind == "error":
        try:
            python_answer(case["call"])
        except ValueError as e:
            return {"error": str(e)}
        return {"error": None}
    if kind == "fn":
        return getattr(nn, case["name"])(*[np.asarray(a) for a in case["args"]])
    if kind in TWIN:
        return TWIN[kind](case)
    if kind in ("dense_forward", "dense_backward"):
        layer = nn.Dense.from_weights(case["W"], case["b"], case["activation"])
        A = layer.forward(case["X"])
        if kind == "dense_forward":
            return {"Z": layer.Z, "A": A}
        dX = layer.backward(case["dA"])
        return {"dW": layer.dW, "db": layer.db, "dX": dX}
    net = _network(case["layers"])
    if kind == "network":
        Y_hat = net.forward(case["X"])
        dX = net.backward(case["dA"])
        return {"Y_hat": Y_hat, "dX": dX, "dW": [l.dW for l in net.layers], "db": [l.db for l in net.layers]}
    if kind == "sgd_step":
        net.forward(case["X"])
        net.backward(case["dA"])
        return {"W": [l.W - case["lr"] * l.dW for l in net.layers],
                "b": [l.b - case["lr"] * l.db for l in net.layers]}
    if kind == "collapse":
        layer = net.collapse()
        return {"W": layer.W, "b": layer.b}
    if kind == "train":
        rng = None if case["seed"] is None else np.random.default_rng(case["seed"])
        history = nn.train(net, case["X"], case["Y"], case["loss"], case["lr"], case["epochs"],
                           case["batch_size"], rng)
        return {"history": history, "W": [l.W for l in net.layers], "b": [l.b for l in net.layers]}
    raise ValueError(kind)


def _twin_stream(case):
    r = nn.TwinRandom(case["seed"])
    return {"ints": [r.next_uint32() for _ in range(case["n_ints"])],
            "normals": r.standard_normal(tuple(case["normal_shape"])), "permutation": r.permutation(case["perm_n"]),
            "choice": r.choice(case["choice_values"], tuple(case["choice_shape"])), "one": r.standard_normal(),
            "state": r.state}


def _dataset(case):
    X, Y = getattr(nn, case["name"])(case["m"], nn.TwinRandom(case["seed"]), noise=case["noise"])
    return {"X": X, "Y": Y}


def _dense_random(case):
    layer = nn.Dense(case["n_in"], case["n_out"], case["activation"], nn.TwinRandom(case["seed"]))
    return {"W": layer.W, "b": layer.b}


def _split(case):
    parts = nn.split(case["X"], case["Y"], case["test_fraction"], nn.TwinRandom(case["seed"]))
    return dict(zip(["X_train", "Y_train", "X_test", "Y_test"], parts))


def _twin_train(case):
    """The copied code of the playground: one TwinRandom for data, split, weights and batches."""
    rng = nn.TwinRandom(case["seed"])
    X, Y = getattr(nn, case["name"])(case["m"], rng, noise=case["noise"])
    X_train, Y_train, X_test, Y_test = nn.split(X, Y, case["test_fraction"], rng)
    sizes = [2, *case["hidden"], 1]
    activations = [case["activation"]] * len(case["hidden"]) + ["sigmoid"]
    net = nn.Network([nn.Dense(a, b, f, rng) for a, b, f in zip(sizes, sizes[1:], activations)])
    history = nn.train(net, X_train, Y_train, case["loss"], case["lr"], case["epochs"], case["batch_size"], rng)
    loss = getattr(nn, case["loss"])
    return {"history": history, "final": [loss(net.forward(X_train), Y_train), loss(net.forward(X_test), Y_test)],
            "W": [l.W for l in net.layers], "b": [l.b for l in net.layers]}


TWIN = {"twin_stream": _twin_stream, "dataset": _dataset, "dense_random": _dense_random, "split": _split,
        "twin_train": _twin_train}
# how each array of a TwinRandom answer is compared: "exact", "entry" (each entry within
# TOL, relative), or "norm" (max-norm relative error within TOL)
TWIN_RULES = {"ints": "exact", "permutation": "exact", "choice": "exact", "state": "exact",
              "normals": "entry", "one": "entry", "X": "norm", "Y": "exact", "W": "entry", "b": "exact",
              "X_train": "exact", "Y_train": "exact", "X_test": "exact", "Y_test": "exact"}


def _jsonable(case):
    """The case as JS receives it: arrays as lists; a training seed as its column orders."""
    case = dict(case)
    if case["kind"] == "train":
        orders = None if case["seed"] is None else _orders(case["seed"], case["X"].shape[1], case["epochs"])
        case["orders"] = None if orders is None else [o.tolist() for o in orders]
    if case["kind"] == "error":
        case["call"] = _jsonable(case["call"])

    def plain(v):
        if isinstance(v, np.ndarray):
            return v.tolist()
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        return v
    return {k: plain(v) for k, v in case.items()}


# ----- running and comparing ------------------------------------------------------------

def run_js(module_source, cases):
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: the parity suite runs mathnn.js in it. "
                    "Install it with `apt-get install -y nodejs` (.ci/run does this).")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "module.js").write_text(module_source)
        (tmp / "cases.json").write_text(json.dumps([_jsonable(c) for c in cases]))
        subprocess.run([node, str(HERE / "parity.mjs"), str(tmp / "module.js"), str(tmp / "cases.json"),
                        str(tmp / "answers.json")], check=True, capture_output=True, text=True)
        return json.loads((tmp / "answers.json").read_text())


def relative_error(js, py, elementwise=False):
    """max |js - py| / |py|, entry by entry or (max-norm) over the whole array.

    Where the scale is 0 the JS must be exactly 0 too (an infinite error otherwise).
    """
    js, py = np.asarray(js, dtype=float), np.asarray(py, dtype=float)
    assert js.shape == py.shape, f"shape {js.shape} from JS, {py.shape} from Python"
    diff = np.abs(js - py)
    scale = np.abs(py) if elementwise else np.full(py.shape, np.max(np.abs(py), initial=0.0))
    safe = np.where(scale > 0, scale, 1.0)
    return float(np.max(np.where(scale > 0, diff / safe, np.where(diff > 0, np.inf, 0.0)), initial=0.0))


def _pairs(js, py):
    """(name, JS array, Python array) for each array of a dict answer; a list of matrices
    (one per layer: W, b, dW, db) gives one pair per layer, named W1, W2, ..."""
    for key, value in py.items():
        if isinstance(value, list) and key not in ("history", "final", "ints"):
            yield from ((f"{key}{l}", a, b) for l, (a, b) in enumerate(zip(js[key], value), 1))
        else:
            yield key, js[key], value


def compare(cases, answers):
    """name -> (number of cases, largest error); fails on the first mismatch."""
    report = {}
    for case, js in zip(cases, answers):
        py = python_answer(case)
        name = case["name"] if case["kind"] == "fn" else case["kind"]
        if case["kind"] == "error":
            assert py["error"] and js["error"] == py["error"], f"messages differ: JS {js}, Python {py}"
            err, tol = 0.0, 0.0
        elif case["kind"] in ("train", "twin_train"):  # weights: absolute; losses: relative
            err = max(relative_error(a, b) if k in ("history", "final") else float(np.max(np.abs(np.asarray(a) - b)))
                      for k, a, b in _pairs(js, py))
            tol = TRAIN_TOL
        elif case["kind"] in TWIN:
            errors = {k: relative_error(a, b, elementwise=TWIN_RULES[k] == "entry") for k, a, b in _pairs(js, py)}
            exact = [k for k in py if TWIN_RULES[k] == "exact" and errors[k] != 0.0]
            assert not exact, f"{case['kind']}: {exact} differ on {_jsonable(case)}: JS {js}, Python {py}"
            err, tol = max(errors.values()), TOL
        elif isinstance(py, dict):
            err, tol = max(relative_error(a, b) for _, a, b in _pairs(js, py)), TOL
        else:
            err, tol = relative_error(js, py, name in ELEMENTWISE), TOL
        assert err <= tol, f"{name}: error {err:.3g} > {tol} on {_jsonable(case)}: JS {js}, Python {py}"
        n, worst = report.get(name, (0, 0.0))
        report[name] = (n + 1, max(worst, err))
    return report


CASES = make_cases()
MODULES = {"mathnn.js": ENGINE, "inlined in every widget": ENGINE_INLINE + "export default mnn;\n"}


@pytest.mark.parametrize("module", MODULES)
def test_javascript_computes_what_mathnn_computes(module):
    report = compare(CASES, run_js(MODULES[module], CASES))
    counts = Counter({name: n for name, (n, _) in report.items()})
    too_few = {name: n for name, n in counts.items() if n < 200 and name not in ("train", "twin_train", "error")}
    assert not too_few, f"fewer than 200 cases: {too_few}"
    assert counts["train"] >= 6 and counts["twin_train"] >= 6 and counts["error"] >= 16
    assert {"twin_stream", "dataset", "dense_random", "split"} <= set(counts)


def test_the_inlined_copy_exports_every_name():
    exported = re.findall(r"^export (?:function|const|class) (\w+)", ENGINE, flags=re.M)
    returned = re.search(r"return \{ ([\w, ]+) \};\n\}\)\(\);\n$", ENGINE_INLINE).group(1).split(", ")
    assert returned == exported and len(exported) == len(set(exported))
    assert {"neuron", "sigmoid", "softmax_backward", "Dense", "Network", "sgd_step", "train", "TwinRandom",
            "moons", "circles", "xor", "spirals", "split"} <= set(exported)


if __name__ == "__main__":
    for module, source in MODULES.items():
        print(f"--- {module}")
        for name, (n, worst) in compare(CASES, run_js(source, CASES)).items():
            print(f"{name:32s} {n:5d} cases   largest error {worst:.2e}")
