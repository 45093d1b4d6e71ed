"""How fast does mathnn train an MLP on the digits, against a hand-written NumPy loop?

    .venv/bin/python tools/bench.py [--threads N]     (or: make bench; under a minute)

What is measured: the wall time of one training epoch (time.perf_counter around it) of
the same MLP, 64-64-10 and 64-256-256-10 (hidden layers ReLU, softmax output, softmax
cross-entropy averaged over the batch, plain SGD with lr = 0.1, float64), at batch 32 and
at full batch, on the 1,438 training digits, by:

    mathnn       mathnn.train(network, X, Y, ..., epochs=1, batch_size, rng=None)
    ref+loss     a hand-written NumPy loop that also computes each batch's loss, as
                 mathnn.train does for its loss history: the reference for the ratios
    ref          the same loop without the loss (the bare reference)
    matmul-only  only the matrix products of an epoch with the same shapes (forward
                 W @ A, backward dZ @ A.T and W.T @ dZ): the floor
    sklearn      MLPClassifier(solver="sgd", momentum=0, alpha=0).partial_fit, one epoch
    torch        PyTorch on the CPU in float64, if it is installed (skipped otherwise)

Every implementation starts from the same weights (those of the seeded mathnn network)
and sees the same batches: each epoch, one seeded permutation of the training samples is
applied outside the timed region, and each implementation takes the batches in order.
After warm-up epochs, each round times one epoch of every implementation, in an order
that rotates from round to round. We report the median ms/epoch and, as ratios, the
median over rounds of t_impl / t_ref in the same round (paired, so a slow moment of the
machine affects both). After the timed epochs: the test accuracy of each, and the
largest |W - W_ref| between its weights and the bare reference's (a correctness check:
same weights and batches should give the same numbers, to rounding).

Threads: by default every BLAS (numpy's and scipy's OpenBLAS) and torch run on ONE thread.
On this 2-vCPU machine a second BLAS thread makes small products stall: a 64x64 @ 64x1438
product takes 0.25 ms on one thread and about 16 ms on two, once the second vCPU is
throttled, and such stalls swamp what we measure. `--threads N` sets another count (the
same for numpy's BLAS and torch); the header prints the counts in force.
"""
import argparse
import os
import platform
import statistics
import time
import warnings

import numpy as np
import sklearn
import threadpoolctl
from sklearn.neural_network import MLPClassifier

import mathnn

try:
    import torch
except ImportError:
    torch = None

LR = 0.1
NETS = [(64, 64, 10), (64, 256, 256, 10)]
BATCHES = [32, None]  # None: full batch
WARMUP = 3
ROUNDS = {((64, 64, 10), 32): 61, ((64, 64, 10), None): 101,
          ((64, 256, 256, 10), 32): 31, ((64, 256, 256, 10), None): 51}
GOALS = {"small": ("ref+loss", 1.15), "large": ("matmul-only", 1.3)}


# ---------------------------------------------------------------- the data and batches

def load_data():
    """Training and test sets, samples as columns: Xtr (64, 1438), Ytr (10, 1438), ..."""
    X, Y, _ = mathnn.digits()
    return mathnn.split(X, Y, 0.2, np.random.default_rng(0))


def batch_slices(m, batch_size):
    """The column ranges of the batches of one epoch, in order (the last may be short)."""
    return [slice(start, start + batch_size) for start in range(0, m, batch_size)]


# ---------------------------------------------------------------- the reference loop

def reference_epoch(Ws, bs, X, Y, batch_size, lr, with_loss):
    """One epoch of SGD over the columns of X in order, updating Ws and bs in place.

    Ws[l]: (n_out, n_in), bs[l]: (n_out, 1); ReLU hidden layers, softmax output,
    mean softmax cross-entropy, whose gradient at Z_L is (P - Y) / n.
    """
    total = 0.0
    for batch in batch_slices(X.shape[1], batch_size):
        A, Y_b = X[:, batch], Y[:, batch]
        As = [A]  # the input of each layer
        for W, b in zip(Ws[:-1], bs[:-1]):
            A = np.maximum(W @ A + b, 0.0)
            As.append(A)
        Z = Ws[-1] @ A + bs[-1]
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
        P = E / E.sum(axis=0, keepdims=True)
        if with_loss:
            total += -np.sum(Y_b * np.log(np.maximum(P, 1e-12)))
        dZ = (P - Y_b) / Y_b.shape[1]
        for l in range(len(Ws) - 1, -1, -1):
            dW, db = dZ @ As[l].T, dZ.sum(axis=1, keepdims=True)
            if l > 0:
                dZ = (Ws[l].T @ dZ) * (As[l] > 0)  # A > 0 exactly where Z > 0
            Ws[l] -= lr * dW
            bs[l] -= lr * db
    return total / X.shape[1]


def reference_predict(Ws, bs, X):
    """The predicted class of each column of X."""
    A = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        A = np.maximum(W @ A + b, 0.0)
    return (Ws[-1] @ A + bs[-1]).argmax(axis=0)


# ---------------------------------------------------------------- the implementations
# Each is a small object: start(X, Y) once; epoch(X, Y) trains one epoch on the columns
# of X, Y in order (the only timed call); predict(X); weights() -> [(W, b), ...] in our
# (n_out, n_in) and (n_out, 1) shapes.

class Mathnn:
    def __init__(self, sizes, batch_size):
        rng = np.random.default_rng(1)
        acts = ["relu"] * (len(sizes) - 2) + ["softmax"]
        self.net = mathnn.Network([mathnn.Dense(n_in, n_out, act, rng)
                                   for n_in, n_out, act in zip(sizes, sizes[1:], acts)])
        self.batch_size = batch_size

    def start(self, X, Y):
        pass

    def epoch(self, X, Y):
        mathnn.train(self.net, X, Y, "softmax_cross_entropy", LR, epochs=1,
                     batch_size=self.batch_size, rng=None)

    def predict(self, X):
        return self.net.forward(X).argmax(axis=0)

    def weights(self):
        return [(layer.W, layer.b) for layer in self.net.layers]


class Reference:
    def __init__(self, init, batch_size, with_loss):
        self.Ws = [W.copy() for W, _ in init]
        self.bs = [b.copy() for _, b in init]
        self.batch_size, self.with_loss = batch_size, with_loss

    def start(self, X, Y):
        pass

    def epoch(self, X, Y):
        reference_epoch(self.Ws, self.bs, X, Y, self.batch_size, LR, self.with_loss)

    def predict(self, X):
        return reference_predict(self.Ws, self.bs, X)

    def weights(self):
        return list(zip(self.Ws, self.bs))


class MatmulOnly:
    """Only the products of an epoch, on arrays of the right shapes (values irrelevant)."""

    def __init__(self, init, batch_size):
        self.Ws = [W.copy() for W, _ in init]
        self.batch_size = batch_size

    def start(self, X, Y):
        rng = np.random.default_rng(2)
        self.batches = []  # per batch: the inputs As of the layers and their dZs
        for batch in batch_slices(X.shape[1], self.batch_size):
            n = X[:, batch].shape[1]
            As = [None] + [rng.standard_normal((W.shape[1], n)) for W in self.Ws[1:]]
            dZs = [rng.standard_normal((W.shape[0], n)) for W in self.Ws]
            self.batches.append((batch, As, dZs))

    def epoch(self, X, Y):
        for batch, As, dZs in self.batches:
            As = [X[:, batch]] + As[1:]
            for W, A in zip(self.Ws, As):
                W @ A
            for l in range(len(self.Ws) - 1, -1, -1):
                dZs[l] @ As[l].T
                if l > 0:
                    self.Ws[l].T @ dZs[l]

    def predict(self, X):
        return None

    def weights(self):
        return None


class Sklearn:
    """MLPClassifier with plain SGD, no L2, fed our weights; samples in rows for sklearn."""

    def __init__(self, init, batch_size):
        self.init = init
        self.clf = MLPClassifier(
            hidden_layer_sizes=tuple(W.shape[0] for W, _ in init[:-1]), activation="relu",
            solver="sgd", learning_rate="constant", learning_rate_init=LR, momentum=0.0,
            nesterovs_momentum=False, alpha=0.0, batch_size=batch_size, shuffle=False,
            random_state=0)

    def start(self, X, Y):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # The first partial_fit builds the model; its epoch is then overwritten.
            self.clf.partial_fit(X.T, Y.argmax(axis=0), classes=np.arange(Y.shape[0]))
        for coef, intercept, (W, b) in zip(self.clf.coefs_, self.clf.intercepts_, self.init):
            coef[...] = W.T  # sklearn keeps (n_in, n_out)
            intercept[...] = b[:, 0]

    def epoch(self, X, Y):
        self.clf.partial_fit(X, Y)

    def predict(self, X):
        return self.clf.predict(X.T)

    def weights(self):
        return [(c.T, i[:, None]) for c, i in zip(self.clf.coefs_, self.clf.intercepts_)]


class Torch:
    """nn.Sequential of nn.Linear (weight (n_out, n_in), as ours) and ReLU, float64."""

    def __init__(self, init, batch_size):
        layers = []
        for W, b in init:
            linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(W))
                linear.bias.copy_(torch.from_numpy(b[:, 0]))
            layers += [linear, torch.nn.ReLU()]
        self.model = torch.nn.Sequential(*layers[:-1])
        self.opt = torch.optim.SGD(self.model.parameters(), lr=LR, momentum=0.0)
        self.batch_size = batch_size

    def start(self, X, Y):
        pass

    def epoch(self, X, labels):
        for batch in batch_slices(X.shape[0], self.batch_size):
            self.opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(self.model(X[batch]), labels[batch])
            loss.backward()
            self.opt.step()

    def predict(self, X):
        with torch.no_grad():
            return self.model(torch.from_numpy(X.T.copy())).argmax(dim=1).numpy()

    def weights(self):
        linears = [m for m in self.model if isinstance(m, torch.nn.Linear)]
        return [(m.weight.detach().numpy(), m.bias.detach().numpy()[:, None]) for m in linears]


def layout(name, X, Y):
    """The permuted epoch data in the form an implementation takes (made outside timing)."""
    if name == "sklearn":
        return np.ascontiguousarray(X.T), Y.argmax(axis=0)
    if name == "torch":
        return torch.from_numpy(np.ascontiguousarray(X.T)), torch.from_numpy(Y.argmax(axis=0))
    return X, Y


def implementations(sizes, batch_size):
    """name -> implementation, all starting from the weights of the seeded mathnn net."""
    first = Mathnn(sizes, batch_size)
    init = [(W.copy(), b.copy()) for W, b in first.weights()]
    impls = {"mathnn": first,
             "ref+loss": Reference(init, batch_size, with_loss=True),
             "ref": Reference(init, batch_size, with_loss=False),
             "matmul-only": MatmulOnly(init, batch_size),
             "sklearn": Sklearn(init, batch_size)}
    if torch is not None:
        impls["torch"] = Torch(init, batch_size)
    return impls


# ---------------------------------------------------------------- timing and report

def run(sizes, batch_size, data, rounds):
    """Warm-up epochs, then `rounds` rounds of one timed epoch each; returns result rows."""
    Xtr, Ytr, Xte, Yte = data
    m = Xtr.shape[1]
    impls = implementations(sizes, batch_size or m)
    for impl in impls.values():
        impl.start(Xtr, Ytr)
    names = list(impls)
    times = {name: [] for name in names}
    perm_rng = np.random.default_rng(3)
    for r in range(-WARMUP, rounds):
        order = perm_rng.permutation(m)
        X, Y = Xtr[:, order], Ytr[:, order]
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            Xi, Yi = layout(name, X, Y)
            t0 = time.perf_counter()
            impls[name].epoch(Xi, Yi)
            t1 = time.perf_counter()
            if r >= 0:
                times[name].append(1000 * (t1 - t0))
    return [row(name, impls, times, Xte, Yte) for name in names]


def row(name, impls, times, Xte, Yte):
    """One line of the table: timings, paired ratios, accuracy and weight difference."""
    def paired(ref):
        return statistics.median(t / s for t, s in zip(times[name], times[ref]))
    predicted = impls[name].predict(Xte)
    accuracy = None if predicted is None else float(np.mean(predicted == Yte.argmax(axis=0)))
    mine, ref = impls[name].weights(), impls["ref"].weights()
    diff = None if mine is None else max(
        float(np.abs(a - b).max()) for pair, ref_pair in zip(mine, ref)
        for a, b in zip(pair, ref_pair))
    return {"name": name, "ms": statistics.median(times[name]), "vs_ref_loss": paired("ref+loss"),
            "vs_ref": paired("ref"), "vs_matmul": paired("matmul-only"),
            "accuracy": accuracy, "diff": diff}


def environment():
    """Versions and thread counts, in a few lines."""
    blas = [f"{d['internal_api']} {d['version']} (threads={d['num_threads']})"
            for d in threadpoolctl.threadpool_info() if d["user_api"] == "blas"]
    lines = [f"python {platform.python_version()}, numpy {np.__version__}, "
             f"scikit-learn {sklearn.__version__}, os.cpu_count() = {os.cpu_count()}",
             f"numpy BLAS: {', '.join(blas) or 'unknown'}"]
    if torch is None:
        lines.append("torch: not installed, skipped")
    else:
        lines.append(f"torch {torch.__version__} found (threads={torch.get_num_threads()})")
    return "\n".join(lines)


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def print_table(results):
    header = (f"{'implementation':<12} {'net':<15} {'batch':>5} {'ms/epoch':>9} "
              f"{'/ref+loss':>9} {'/ref':>6} {'/matmul':>8} {'test acc':>8} {'max|W-W_ref|':>13}")
    print(header)
    print("-" * len(header))
    for (sizes, batch), rows in results:
        net = "-".join(map(str, sizes))
        for r in rows:
            print(f"{r['name']:<12} {net:<15} {batch:>5} {r['ms']:>9.2f} "
                  f"{r['vs_ref_loss']:>9.2f} {r['vs_ref']:>6.2f} {r['vs_matmul']:>8.2f} "
                  f"{fmt(r['accuracy'], '.4f'):>8} {fmt(r['diff'], '.1e'):>13}")
        print()


def print_goals(results):
    print("Goals for mathnn (paired median ratios):")
    for (sizes, batch), rows in results:
        kind = "small" if sizes == NETS[0] else "large"
        ref, limit = GOALS[kind]
        ratio = next(r for r in rows if r["name"] == "mathnn")[
            "vs_ref_loss" if ref == "ref+loss" else "vs_matmul"]
        verdict = "met" if ratio <= limit else "NOT met"
        print(f"  {'-'.join(map(str, sizes)):<15} batch {batch:>5}: mathnn / {ref} = "
              f"{ratio:.3f} (goal <= {limit}): {verdict}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for numpy's BLAS and for torch (default 1)")
    threads = parser.parse_args().threads
    with threadpoolctl.threadpool_limits(limits=threads, user_api="blas"):
        if torch is not None:
            torch.set_num_threads(threads)
        benchmark()


def benchmark():
    print(environment())
    print(f"lr {LR}, float64, {WARMUP} warm-up epochs, then the rounds of",
          ", ".join(f"{'-'.join(map(str, s))}/batch {b or 'full'}: {n}"
                    for (s, b), n in ROUNDS.items()))
    print("ratios: median over rounds of t / t_ref in the same round; the primary one is "
          "/ref+loss\n(the reference that also computes each batch's loss, as mathnn.train "
          "does); /ref is the bare loop.\n")
    data = load_data()
    results = []
    for sizes in NETS:
        for batch_size in BATCHES:
            rows = run(sizes, batch_size, data, ROUNDS[(sizes, batch_size)])
            results.append(((sizes, batch_size or data[0].shape[1]), rows))
    print_table(results)
    print_goals(results)


if __name__ == "__main__":
    main()
