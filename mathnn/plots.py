"""Figures the chapters share: a neuron's line, a network diagram, a decision boundary.

matplotlib only. Each function draws on `ax` (a new figure's axes if None) and returns it.
Colours: blue for positive weights, orange for negative (distinguishable in colour-blind
vision and in greyscale by line style: negative edges are dashed), purple for a bias; the
same as the widgets' (mathnn/widgets/widgets.css), at least 4.5:1 against white.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from ._checks import check_chain

POSITIVE, NEGATIVE, BIAS = "#1f5fa8", "#b35900", "#7b3fa0"
# For signed values (weights) and probabilities: orange (negative, or 0) - white - blue.
DIVERGING = LinearSegmentedColormap.from_list("mathnn", [NEGATIVE, "white", POSITIVE])


def _sharp_figures_in_notebooks():
    """In a Jupyter kernel, draw figures with twice the pixels at the same size on screen, so
    that they stay sharp on a phone and when zoomed (IPython's "retina" PNG format)."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - no IPython: nothing to set
        return
    shell = get_ipython()
    if shell is not None and "IPKernelApp" in shell.config:
        set_matplotlib_formats("retina")


_sharp_figures_in_notebooks()


def _axes(ax, size=(5, 3.5)):
    return plt.subplots(figsize=size)[1] if ax is None else ax


def plot_neuron(w, b, ax=None, x_range=(-3.0, 3.0)):
    """Draw f(x) = w x + b over x_range, marking the bias b where the line meets x = 0."""
    ax = _axes(ax)
    x = np.linspace(*x_range, 201)
    ax.plot(x, w * x + b, color=POSITIVE, lw=2, label=f"f(x) = {w:g}x + {b:g}")
    ax.axhline(0, color="0.7", lw=0.8)
    ax.axvline(0, color="0.7", lw=0.8)
    ax.plot([0], [b], "D", color=BIAS, label=f"f(0) = b = {b:g}")
    ax.set_xlabel("input x")
    ax.set_ylabel("output f(x)")
    ax.legend(loc="upper left", frameon=False)
    return ax


def _as_weights(layers):
    """Accept a Network, a list of Dense layers, or a list of (W, b) pairs."""
    pairs = []
    for l, layer in enumerate(getattr(layers, "layers", layers), start=1):
        W, b = (layer.W, layer.b) if hasattr(layer, "W") else layer
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float).reshape(-1)
        if W.ndim != 2 or b.shape != (W.shape[0],):
            raise ValueError(f"layer {l}: W must be 2-D (n_out, n_in) with one bias per row; "
                             f"got W {W.shape} and {b.size} biases")
        if pairs:
            check_chain(l, pairs[-1][0].shape[0], W.shape)
        pairs.append((W, b))
    return pairs


def draw_network(layers, ax=None, show_weights=True, input_names=None, output_names=None):
    """Draw the network that the weight matrices describe.

    layers: a Network, a list of Dense layers or a list of (W, b) pairs, W of shape
    (n_out, n_in). Edge k -> j is drawn from W[j, k]: its width grows with abs(W[j, k]), blue
    solid if positive, orange dashed if negative; with `show_weights` its value is written
    on it. Each neuron shows its bias b_j.
    """
    pairs = _as_weights(layers)
    sizes = [pairs[0][0].shape[1]] + [W.shape[0] for W, _ in pairs]
    ax = _axes(ax, size=(1.8 + 2.2 * len(pairs), 0.9 + 0.9 * max(sizes)))
    top = max(sizes)
    y = [np.linspace(top - 1, 0, n) if n > 1 else np.array([(top - 1) / 2]) for n in sizes]
    wmax = max(np.abs(W).max() for W, _ in pairs) or 1.0
    for l, (W, b) in enumerate(pairs):
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                w = W[j, k]
                x0, y0, x1, y1 = l, y[l][k], l + 1, y[l + 1][j]
                ax.plot([x0, x1], [y0, y1], color=POSITIVE if w >= 0 else NEGATIVE,
                        ls="-" if w >= 0 else "--", lw=0.6 + 3.0 * abs(w) / wmax, zorder=1)
                if show_weights:
                    # edges into neuron j carry their label at fraction t_j of the way,
                    # so labels of edges leaving one input never pile up together
                    t = 0.5 if W.shape[0] == 1 else 0.22 + 0.56 * j / (W.shape[0] - 1)
                    ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), f"{w:g}", fontsize=8,
                            ha="center", va="center", zorder=3,
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
            ax.text(l + 1, y[l + 1][j] + 0.36, f"b={b[j]:g}", fontsize=8, color="0.25",
                    ha="center", va="bottom", zorder=3,  # above the neuron
                    bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85))
    for l, n in enumerate(sizes):
        ax.scatter(np.full(n, l), y[l], s=700, c="white", edgecolors="0.2", zorder=2)
        names = (input_names if l == 0 else output_names if l == len(sizes) - 1 else None)
        for i in range(n):
            label = names[i] if names else (f"x{i + 1}" if l == 0 else f"n{i + 1}")
            ax.text(l, y[l][i], label, ha="center", va="center", fontsize=9, zorder=4)
    ax.set_xticks(range(len(sizes)),
                  ["input"] + [f"layer {l}" for l in range(1, len(sizes))])
    ax.set_yticks([])
    ax.set_xlim(-0.5, len(sizes) - 0.4)
    ax.set_ylim(-0.7, top - 0.1)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return ax


def plot_decision_boundary(network, X, Y, ax=None, resolution=200, labels=("0", "1")):
    """Shade the plane by the network's output p (one output, in [0, 1]); draw p = 0.5.

    X: (2, m) points, Y: (1, m) labels 0/1, drawn as circles (0, orange) and triangles
    (1, blue); the shading runs from orange (p = 0) through white to blue (p = 1).
    """
    ax = _axes(ax, size=(5, 4))
    pad = 0.1 * (X.max(axis=1) - X.min(axis=1)) + 1e-9
    lo, hi = X.min(axis=1) - pad, X.max(axis=1) + pad
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    P = network.forward(np.vstack([g0.ravel(), g1.ravel()])).reshape(g0.shape)
    shading = ax.contourf(g0, g1, P, levels=np.linspace(0, 1, 11), cmap=DIVERGING, alpha=0.5,
                          vmin=0, vmax=1)
    ax.figure.colorbar(shading, ax=ax, label=f"network output p (chance of class {labels[1]})",
                       ticks=[0, 0.5, 1])
    ax.contour(g0, g1, P, levels=[0.5], colors="0.15", linewidths=1.5)
    y = Y.reshape(-1)
    for cls, marker, color in ((0, "o", NEGATIVE), (1, "^", POSITIVE)):
        ax.scatter(X[0, y == cls], X[1, y == cls], marker=marker, c=color, edgecolors="white",
                   s=45, label=f"class {labels[cls]}")
    ax.legend(loc="best", frameon=True)
    return ax
