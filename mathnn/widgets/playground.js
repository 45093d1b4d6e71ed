// The playground (chapter 11): a network 2 -> hidden layers -> 1 sigmoid output, trained on
// two classes of points in the plane, in the page, with mathnn.js.
//
// Everything random comes from one mnn.TwinRandom(seed), in the order mathnn's Python uses
// it: the data (mnn.moons, circles, xor or spirals), the split (mnn.split), the starting
// weights (new mnn.Dense(n_in, n_out, activation, rng), layer by layer), and one permutation
// of the training points per epoch, which mnn.train takes as that epoch's order. So the
// "Copy as Python" code (the same text as PlaygroundWidget.code()) trains the same network
// to the same numbers. Training runs in chunks of about BUDGET_MS per animation frame; after
// every epoch the losses on the training and test points are computed (mnn.*), and a loss or
// weight that is not a finite number stops it: the last good network stays on screen and
// the page says what happened. On the book's own page (not in Jupyter) the first playground
// keeps its settings in the address (location.hash), so a setting can be shared as a link.

const GRID = 40; // the plane is drawn from the network's output at GRID x GRID points
const BUDGET_MS = 10; // training time per animation frame; the rest of the frame draws
const TINT = 0.45; // the strongest colour of a heat map, as a share of the class colour
const HASH = "#playground:";
let hashOwner = null; // on a book page, the first playground owns the address's hash

// A number as Python's repr() writes a float: 0.15, 1.0, 10.0.
function pyNumber(x) {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

// A number as Python's f"{x:.12g}" writes it: 12 significant digits, no trailing zeros.
function g12(x) {
  const [mantissa, exponent] = x.toExponential(11).split("e");
  const e = Number(exponent);
  const strip = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (e < -4 || e >= 12) return `${strip(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return strip(x.toFixed(11 - e));
}

// A loss for the eye: three significant digits.
function short(x) {
  return x.toPrecision(3);
}

// The mathnn code that rebuilds and trains this network: the same text as
// mathnn.widgets.playground.python_code (PlaygroundWidget.code()).
function pythonCode(s, epochs, testFraction) {
  const sizes = [2, ...s.hidden, 1];
  const layers = sizes.slice(1).map((n_out, l) =>
    `    nn.Dense(${sizes[l]}, ${n_out}, "${l < s.hidden.length ? s.activation : "sigmoid"}", rng),`);
  const batch = s.batch_size === null ? "None" : String(s.batch_size);
  const training = epochs
    ? [`history = nn.train(net, X_train, Y_train, "${s.loss}", lr=${pyNumber(s.lr)}, epochs=${epochs},`,
       `                   batch_size=${batch}, rng=rng)`]
    : ["# epoch 0: not trained yet"];
  return [
    "# The playground's network (chapter 11), rebuilt with mathnn: the same data, starting",
    "# weights and mini-batch order (nn.TwinRandom is the page's random generator).",
    "import mathnn as nn",
    "",
    `rng = nn.TwinRandom(${s.seed})`,
    `X, Y = nn.${s.dataset}(${s.points}, rng, noise=${pyNumber(s.noise)})`,
    `X_train, Y_train, X_test, Y_test = nn.split(X, Y, ${pyNumber(testFraction)}, rng)`,
    "net = nn.Network([",
    ...layers,
    "])",
    ...training,
    `train_loss = nn.${s.loss}(net.forward(X_train), Y_train)`,
    `test_loss = nn.${s.loss}(net.forward(X_test), Y_test)`,
    `print(f"epoch ${epochs}: train loss {train_loss:.12g}, test loss {test_loss:.12g}")`,
    "",
  ].join("\n");
}

const NAMES = { moons: "moons", circles: "circles", xor: "XOR", spirals: "spirals",
                identity: "none, f(z) = z", relu: "ReLU", tanh: "tanh", sigmoid: "sigmoid",
                binary_cross_entropy: "binary cross-entropy", mean_squared_error: "mean squared error" };
const SETTINGS = ["dataset", "noise", "points", "seed", "hidden", "activation", "loss", "lr", "batch_size"];

// "#playground:dataset=moons&noise=0.1&...": the settings and epochs, or null.
function hashText(s, epochs) {
  return HASH + [`dataset=${s.dataset}`, `noise=${s.noise}`, `points=${s.points}`, `hidden=${s.hidden.join("-")}`,
    `activation=${s.activation}`, `loss=${s.loss}`, `lr=${s.lr}`, `batch=${s.batch_size ?? "all"}`,
    `seed=${s.seed}`, `epochs=${epochs}`].join("&");
}

// The settings a hash holds, each checked against the menus and slider ranges (anything
// else is left out): {name: value}.
function readHash(hash, options, limits) {
  if (!hash.startsWith(HASH)) return null;
  const found = {};
  const within = (name, v) => v >= limits[name][0] && v <= limits[name][1] && (name === "noise" || Number.isInteger(v));
  for (const part of decodeURIComponent(hash.slice(HASH.length)).split("&")) {
    const [key, text = ""] = part.split("=");
    const v = Number(text);
    if (["dataset", "activation", "loss"].includes(key) && options[key].includes(text)) found[key] = text;
    else if (key === "lr" && options.lr.includes(v)) found.lr = v;
    else if (key === "batch") {
      if (text === "all") found.batch_size = null;
      else if (options.batch_size.includes(v)) found.batch_size = v;
    } else if (["noise", "points", "seed", "epochs"].includes(key) && text !== "" && Number.isFinite(v) && within(key, v))
      found[key] = v;
    else if (key === "hidden") {
      const sizes = text ? text.split("-").map(Number) : [];
      if (sizes.length <= limits.layers[1] && sizes.every((n) => Number.isInteger(n) && n >= limits.neurons[0] && n <= limits.neurons[1]))
        found.hidden = sizes;
    }
  }
  return found;
}

// "#1f5fa8" -> [31, 95, 168] (any CSS colour, through a canvas).
function rgb(color, ctx) {
  ctx.fillStyle = "#808080";
  ctx.fillStyle = color.trim() || "#808080";
  const hex = ctx.fillStyle;
  return /^#[0-9a-f]{6}$/i.test(hex) ? [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) : [128, 128, 128];
}

// Paint `values` (GRID x GRID, row by row from the top) on a canvas: t = value / scale,
// clipped to [-1, 1], blue for t > 0, orange for t < 0, the page's background at 0.
function paint(ctx, values, scale, colours) {
  const image = ctx.createImageData(GRID, GRID), d = image.data, { pos, neg, panel } = colours;
  for (let k = 0; k < values.length; k++) {
    const v = values[k] / scale, t = v > 1 ? 1 : v < -1 ? -1 : v || 0; // (an overflow, NaN, shows as 0)
    const c = t >= 0 ? pos : neg, a = Math.abs(t) * TINT;
    d[4 * k] = panel[0] + (c[0] - panel[0]) * a;
    d[4 * k + 1] = panel[1] + (c[1] - panel[1]) * a;
    d[4 * k + 2] = panel[2] + (c[2] - panel[2]) * a;
    d[4 * k + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

// The line where the output crosses 1/2 (marching squares on the grid), as an SVG path in
// pixels of a square `size` wide: between two neighbouring grid points whose outputs lie on
// either side of 1/2, the crossing is placed by linear interpolation.
function boundaryPath(P, size) {
  const cell = size / GRID, parts = [], cuts = [];
  const cut = (i1, j1, i2, j2) => { // the crossing on the edge from grid point (i1, j1) to (i2, j2), if any
    const a = P[i1 * GRID + j1] - 0.5, b = P[i2 * GRID + j2] - 0.5;
    if ((a >= 0) === (b >= 0) || Number.isNaN(a + b)) return;
    const s = a / (a - b);
    cuts.push(((j1 + (j2 - j1) * s) + 0.5) * cell, ((i1 + (i2 - i1) * s) + 0.5) * cell);
  };
  for (let i = 0; i < GRID - 1; i++) {
    for (let j = 0; j < GRID - 1; j++) {
      cuts.length = 0;
      cut(i, j, i, j + 1);
      cut(i, j + 1, i + 1, j + 1);
      cut(i + 1, j + 1, i + 1, j);
      cut(i + 1, j, i, j);
      for (let k = 0; k + 3 < cuts.length; k += 4)
        parts.push(`M${cuts[k].toFixed(1)},${cuts[k + 1].toFixed(1)}L${cuts[k + 2].toFixed(1)},${cuts[k + 3].toFixed(1)}`);
    }
  }
  return parts.join("");
}

// The smallest of 1, 2, 5 times a power of ten that is >= v (an axis end).
function niceUp(v) {
  let p = 1;
  while (p > v) p /= 10;
  while (p * 10 <= v) p *= 10;
  return [1, 2, 5, 10].map((k) => k * p).find((x) => x >= v);
}

function build(model, owner) {
  const limits = model.get("limits"), options = model.get("options");
  const settings = () => Object.fromEntries(SETTINGS.map((n) => [n, model.get(n)]));
  const root = h("div", { class: "mnn-widget mnn-playground", "data-state": "paused" });
  const probe = document.createElement("canvas").getContext("2d");

  // ----- the controls ---------------------------------------------------------------------
  const setSetting = (name, value) => {
    cancel();
    model.set(name, value);
    model.set("epochs", 0);
    model.save_changes();
  };
  const radios = (name, legend) => {
    const group = `mnn-pg-${name}-${++mnnCounter}`, inputs = {};
    const labels = options[name].map((value) => {
      const input = h("input", { type: "radio", name: group, value });
      input.addEventListener("change", () => input.checked && setSetting(name, value));
      inputs[value] = input;
      return h("label", {}, [input, NAMES[value]]);
    });
    return { el: h("fieldset", { class: "mnn-pg-radios" }, [h("legend", {}, [legend]), ...labels]),
             set: (v) => { for (const [value, input] of Object.entries(inputs)) input.checked = value === v; } };
  };
  // A menu of `values` (names, numbers, or null for "all"); each option's value is its text.
  const menu = (name, label, values, text) => {
    const id = `mnn-pg-${name}-${++mnnCounter}`;
    const key = (v) => (v === null ? "all" : String(v));
    const select = h("select", { id, "aria-label": label }, values.map((v) => h("option", { value: key(v) }, [text(v)])));
    select.addEventListener("change", () => setSetting(name, values.find((v) => key(v) === select.value)));
    return { el: h("div", { class: "mnn-pg-menu" }, [h("label", { for: id }, [label]), select]),
             set: (v) => { select.value = key(v); } };
  };
  const dataset = radios("dataset", "data set");
  const loss = radios("loss", "loss");
  const sliders = {
    noise: slider("noise", limits.noise, model.get("noise"), (v) => setSetting("noise", v)),
    points: slider("points", limits.points, model.get("points"), (v) => setSetting("points", v), "number of points"),
    seed: slider("seed", limits.seed, model.get("seed"), (v) => setSetting("seed", v), "seed of the random generator"),
    layers: slider("hidden layers", limits.layers, model.get("hidden").length, (n) => {
      const sizes = model.get("hidden").slice(0, n);
      while (sizes.length < n) sizes.push(sizes.length ? sizes[sizes.length - 1] : 4);
      setSetting("hidden", sizes);
    }, "number of hidden layers"),
  };
  const activation = menu("activation", "activation", options.activation, (v) => NAMES[v]);
  const lr = menu("lr", "learning rate", options.lr, (v) => String(v));
  const batch = menu("batch_size", "batch size", options.batch_size, (v) => (v === null ? "all (full batch)" : String(v)));
  const neuronBox = h("div", { class: "mnn-pg-neurons" });
  let neuronSliders = [];
  const setNeurons = (sizes) => {
    if (neuronSliders.length !== sizes.length) {
      neuronSliders = sizes.map((n, l) => slider(`layer ${l + 1}`, limits.neurons, n, (v) => {
        const now = model.get("hidden").slice();
        now[l] = v;
        setSetting("hidden", now);
      }, `neurons in hidden layer ${l + 1}`));
      const note = sizes.length ? [h("p", { class: "mnn-note" }, ["neurons in each hidden layer"])] : [];
      neuronBox.replaceChildren(...note, ...neuronSliders.map((s) => s.el));
    }
    sizes.forEach((n, l) => neuronSliders[l].set(n));
  };
  const controls = h("div", { class: "mnn-pg-controls" }, [
    h("fieldset", { class: "mnn-group" }, [h("legend", {}, ["Data"]), dataset.el, sliders.noise.el, sliders.points.el, sliders.seed.el]),
    h("fieldset", { class: "mnn-group" }, [h("legend", {}, ["Network"]), sliders.layers.el, neuronBox, activation.el]),
    h("fieldset", { class: "mnn-group" }, [h("legend", {}, ["Training"]),
      h("div", { class: "mnn-pg-training" }, [loss.el, h("div", { class: "mnn-pg-menus" }, [lr.el, batch.el])])]),
  ]);

  const button = (text, cls, onClick) => {
    const b = h("button", { type: "button", class: `mnn-pg-button ${cls}` }, [text]);
    b.addEventListener("click", onClick);
    return b;
  };
  const trainButton = button("Train", "mnn-pg-run", () => (running ? halt() : start(null)));
  const stepButton = button("Step", "mnn-pg-step", () => {
    if (running || run.blew) return;
    const ok = trainEpoch();
    draw();
    halt(ok ? null : "blew");
  });
  const resetButton = button("Reset", "mnn-pg-reset", () => {
    cancel();
    run = makeRun(settings());
    drawPoints();
    halt();
  });
  const counter = h("span", { class: "mnn-pg-epoch" });
  const status = h("p", { class: "mnn-pg-status", "aria-live": "polite" });

  // ----- the plane: the output as a heat map, the boundary, the points -------------------
  const S = 320, M = { left: 34, top: 6, right: 6, bottom: 26 }, side = S - M.left - M.right;
  const H = M.top + side + M.bottom;
  const planeCanvas = h("canvas", { width: GRID, height: GRID, class: "mnn-pg-heat", "aria-hidden": "true" });
  Object.assign(planeCanvas.style, { left: `${(100 * M.left) / S}%`, top: `${(100 * M.top) / H}%`,
                                     width: `${(100 * side) / S}%`, height: `${(100 * side) / H}%` });
  const planeSvg = svgEl("svg", { viewBox: `0 0 ${S} ${H}`, class: "mnn-pg-overlay", "aria-hidden": "true" });
  const plane = h("div", { class: "mnn-pg-plane", role: "img", style: `aspect-ratio: ${S} / ${H}` }, [planeCanvas, planeSvg]);
  const planeCtx = planeCanvas.getContext("2d");
  const frame = svgEl("g"), pointsG = svgEl("g", { class: "mnn-pg-points" });
  const boundary = svgEl("path", { class: "mnn-pg-boundary", fill: "none" });
  const drawing = svgEl("g", { transform: `translate(${M.left} ${M.top})` });
  drawing.append(boundary, pointsG);
  planeSvg.append(frame, drawing);
  const legend = h("p", { class: "mnn-note mnn-pg-legend" });
  legend.innerHTML = `<svg viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="4.5" class="mnn-pg-c1"/></svg> class 1 ` +
    `<svg viewBox="0 0 12 12" aria-hidden="true"><rect x="1.5" y="1.5" width="9" height="9" class="mnn-pg-c0"/></svg> class 0; ` +
    `filled: a training point, hollow: a test point. The background is the network\u2019s output: blue ` +
    `towards 1, orange towards 0; the line is where it equals 1/2, the decision boundary.`;

  // ----- each hidden neuron's output -----------------------------------------------------
  const network = h("div", { class: "mnn-pg-network", role: "img" });
  let neuronCanvases = [];

  // ----- the loss curves -----------------------------------------------------------------
  const chartBox = h("div", { class: "mnn-pg-chart" });
  const chartLegend = h("p", { class: "mnn-note mnn-pg-legend" });
  chartLegend.innerHTML = `<svg viewBox="0 0 24 8" aria-hidden="true"><line x1="0" y1="4" x2="24" y2="4" class="mnn-pg-train-line"/></svg> ` +
    `loss on the training points \u00a0 <svg viewBox="0 0 24 8" aria-hidden="true"><line x1="0" y1="4" x2="24" y2="4" class="mnn-pg-test-line"/></svg> ` +
    `loss on the test points, after each epoch`;
  let chart = null;

  // ----- exact numbers, Python, the address ------------------------------------------------
  const exact = h("p", { class: "mnn-note mnn-pg-exact" });
  const code = h("pre", { class: "mnn-pg-code", hidden: "" });
  const copyNote = h("p", { class: "mnn-note mnn-pg-copied", "aria-live": "polite" });
  const copy = (text, what) => {
    const done = () => { copyNote.textContent = `${what} copied to the clipboard.`; };
    const failed = () => { copyNote.textContent = `Select the ${what.toLowerCase()} below and copy it (this page may not use the clipboard).`; };
    try {
      navigator.clipboard.writeText(text).then(done, failed);
    } catch {
      failed();
    }
  };
  const codeButton = button("Copy as Python", "mnn-pg-python", () => {
    code.textContent = pythonCode(settings(), run.epoch, model.get("test_fraction"));
    code.hidden = false;
    copy(code.textContent, "Python code");
  });
  const link = h("input", { type: "text", readonly: "", class: "mnn-pg-link", "aria-label": "link to this setting", hidden: "" });
  const linkButton = button("Copy link", "mnn-pg-copylink", () => {
    writeHash(true);
    link.value = location.href;
    link.hidden = false;
    copy(location.href, "Link");
  });

  root.append(controls,
    h("div", { class: "mnn-pg-buttons" }, [trainButton, stepButton, resetButton, counter]),
    status,
    h("div", { class: "mnn-pg-views" }, [h("div", { class: "mnn-pg-plane-box" }, [plane]), network]),
    legend, chartBox, chartLegend, exact,
    h("div", { class: "mnn-pg-buttons" }, [codeButton, ...(owner ? [linkButton] : [])]),
    copyNote, link, code);

  // ----- training ------------------------------------------------------------------------
  let run = null, running = false, target = null, rafId = 0, known = null;

  // The data, the split and the starting network for settings s, from TwinRandom(seed).
  function makeRun(s) {
    const rng = new mnn.TwinRandom(s.seed);
    const [X, Y] = mnn[s.dataset](s.points, rng, s.noise);
    const [Xtr, Ytr, Xte, Yte] = mnn.split(X, Y, model.get("test_fraction"), rng);
    const sizes = [2, ...s.hidden, 1];
    const layers = sizes.slice(1).map((n_out, l) =>
      new mnn.Dense(sizes[l], n_out, l < s.hidden.length ? s.activation : "sigmoid", rng));
    const r = { key: JSON.stringify(s), s, rng, X, Y, Xtr, Ytr, Xte, Yte, net: new mnn.Network(layers),
                lossFn: mnn.get_loss(s.loss)[0], epoch: 0, train: [], test: [], blew: null };
    const [a, b] = losses(r);
    r.train.push(a);
    r.test.push(b);
    // the square of the plane shown: around the data, a little wider
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let j = 0; j < X[0].length; j++) {
      x0 = Math.min(x0, X[0][j]); x1 = Math.max(x1, X[0][j]);
      y0 = Math.min(y0, X[1][j]); y1 = Math.max(y1, X[1][j]);
    }
    const half = 0.55 * Math.max(x1 - x0, y1 - y0) + 0.15, cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    r.xlim = [cx - half, cx + half];
    r.ylim = [cy - half, cy + half];
    const step = (2 * half) / GRID, grid = [[], []];
    for (let i = 0; i < GRID; i++)
      for (let j = 0; j < GRID; j++) {
        grid[0].push(r.xlim[0] + (j + 0.5) * step);
        grid[1].push(r.ylim[1] - (i + 0.5) * step);
      }
    r.grid = grid;
    return r;
  }

  // The losses on the training and test points now.
  function losses(r) {
    return [r.lossFn(r.net.forward(r.Xtr), r.Ytr), r.lossFn(r.net.forward(r.Xte), r.Yte)];
  }

  const finite = (M) => M.every((row) => row.every(Number.isFinite));

  // One epoch, as mathnn.train: one permutation of the training points from the rng, then
  // the mini-batches in that order. Returns false if the loss blew up (the network is put
  // back as it was after the epoch before).
  function trainEpoch() {
    const r = run, saved = r.net.layers.map((l) => [l.W, l.b]); // sgd_update makes new arrays
    let ok = true;
    try {
      const order = r.rng.permutation(r.Xtr[0].length);
      const history = mnn.train(r.net, r.Xtr, r.Ytr, r.s.loss, r.s.lr, 1, r.s.batch_size, [order]);
      ok = Number.isFinite(history[0]) && r.net.layers.every((l) => finite(l.W) && finite(l.b));
      if (ok) {
        const [a, b] = losses(r);
        ok = Number.isFinite(a) && Number.isFinite(b);
        if (ok) {
          r.epoch += 1;
          r.train.push(a);
          r.test.push(b);
        }
      }
    } catch (error) {
      if (!/finite number/.test(error.message)) throw error; // a NaN or an infinity reached mathnn.js's checks
      ok = false;
    }
    if (!ok) {
      r.net.layers.forEach((l, i) => { [l.W, l.b] = saved[i]; });
      r.blew = r.epoch + 1;
    }
    return ok;
  }

  const goal = () => target ?? limits.epochs[1];

  function tick() {
    rafId = 0;
    if (!running) return;
    const t0 = performance.now();
    let ok = true;
    do ok = trainEpoch();
    while (ok && run.epoch < goal() && performance.now() - t0 < BUDGET_MS);
    root.dataset.frames = Number(root.dataset.frames || 0) + 1;
    draw();
    if (!ok) return halt("blew");
    if (run.epoch >= goal()) return halt(target === null ? "limit" : null);
    rafId = requestAnimationFrame(tick);
  }

  function start(until) {
    if (run.blew || run.epoch >= limits.epochs[1]) return;
    running = true;
    target = until;
    root.dataset.state = "running";
    trainButton.textContent = "Pause";
    stepButton.disabled = true;
    status.textContent = until === null ? "Training." : `Training to epoch ${until}.`;
    if (!rafId) rafId = requestAnimationFrame(tick);
  }

  function cancel() {
    running = false;
    target = null;
    if (rafId) cancelAnimationFrame(rafId);
    rafId = 0;
  }

  // Stop (paused, done, blown up or at the limit): Python learns the epoch, the page says
  // where the training stands.
  function halt(reason = null) {
    cancel();
    known = run.epoch;
    model.set("epochs", run.epoch);
    model.save_changes();
    announce(reason);
    writeHash(false);
  }

  function announce(reason) {
    const r = run, e = r.epoch, tr = short(r.train[e]), te = short(r.test[e]);
    root.dataset.state = r.blew ? "blown" : "paused";
    trainButton.textContent = "Train";
    trainButton.disabled = stepButton.disabled = !!r.blew || e >= limits.epochs[1];
    if (r.blew) {
      status.textContent = `The loss blew up at epoch ${r.blew} with learning rate ${r.s.lr}: each step ` +
        `overshot, the weights grew until they were no longer numbers, and training stopped. The ` +
        `network after epoch ${e} is shown. Lower the learning rate, or press Reset.`;
    } else if (reason === "limit") {
      status.textContent = `Epoch ${e}, the playground\u2019s limit: train loss ${tr}, test loss ${te}.`;
    } else {
      status.textContent = e ? `Epoch ${e}: train loss ${tr}, test loss ${te}.`
        : `Epoch 0, not trained yet: train loss ${tr}, test loss ${te}. Press Train or Step.`;
    }
    if (!code.hidden) code.textContent = pythonCode(r.s, e, model.get("test_fraction"));
  }

  // ----- drawing -------------------------------------------------------------------------
  const colours = () => {
    const style = getComputedStyle(root);
    return { pos: rgb(style.getPropertyValue("--mnn-pos"), probe), neg: rgb(style.getPropertyValue("--mnn-neg"), probe),
             panel: rgb(style.getPropertyValue("--mnn-panel"), probe) };
  };

  // The points and the axes: once per data set.
  function drawPoints() {
    const r = run, { xlim, ylim } = r, px = (x) => ((x - xlim[0]) / (xlim[1] - xlim[0])) * side;
    const py = (y) => ((ylim[1] - y) / (ylim[1] - ylim[0])) * side;
    const shapes = [];
    const add = (X, Y, set) => X[0].forEach((x, j) => {
      const y = X[1][j], label = Y[0][j], cx = px(x), cy = py(y);
      const attrs = { class: `mnn-pg-point mnn-pg-${set} mnn-pg-c${label}`, "data-x": x, "data-y": y, "data-label": label };
      shapes.push(label === 1 ? svgEl("circle", { ...attrs, cx, cy, r: 4 })
        : svgEl("rect", { ...attrs, x: cx - 3.5, y: cy - 3.5, width: 7, height: 7 }));
    });
    add(r.Xtr, r.Ytr, "train");
    add(r.Xte, r.Yte, "test");
    pointsG.replaceChildren(...shapes);
    const box = svgEl("rect", { x: M.left, y: M.top, width: side, height: side, class: "mnn-pg-frame", fill: "none" });
    const labels = [];
    for (const t of ticks(xlim)) labels.push(Object.assign(svgEl("text", { x: M.left + px(t), y: H - 10, class: "mnn-tick", "text-anchor": "middle" }), { textContent: fmt(t, ticks(xlim).digits) }));
    for (const t of ticks(ylim)) labels.push(Object.assign(svgEl("text", { x: M.left - 5, y: M.top + py(t) + 4, class: "mnn-tick", "text-anchor": "end" }), { textContent: fmt(t, ticks(ylim).digits) }));
    frame.replaceChildren(box, ...labels);
    planeSvg.setAttribute("data-x-domain", xlim.join(" "));
    planeSvg.setAttribute("data-y-domain", ylim.join(" "));
    planeSvg.setAttribute("data-side", side);
    // one small heat map per hidden neuron, a column per layer
    neuronCanvases = r.net.layers.slice(0, -1).map(() => []);
    network.replaceChildren(...r.net.layers.slice(0, -1).map((layer, l) => h("div", { class: "mnn-pg-layer" }, [
      h("span", { class: "mnn-pg-layer-name" }, [`layer ${l + 1}`]),
      ...layer.W.map(() => {
        const c = h("canvas", { width: GRID, height: GRID, class: "mnn-pg-neuron" });
        neuronCanvases[l].push(c.getContext("2d"));
        return c;
      })])));
    network.hidden = r.net.layers.length === 1;
    chart = null;
  }

  // The output over the plane, each hidden neuron's output, the loss curves, the numbers.
  function draw() {
    const r = run, e = r.epoch, col = colours();
    const P = r.net.forward(r.grid)[0];
    paint(planeCtx, P.map((p) => 2 * p - 1), 1, col); // p = 1 full blue, p = 0 full orange
    boundary.setAttribute("d", boundaryPath(P, side));
    r.net.layers.slice(0, -1).forEach((layer, l) => layer.A.forEach((a, j) => {
      let scale = 1; // tanh and sigmoid lie in [-1, 1]; ReLU and no activation: each its own largest value
      if (r.s.activation === "relu" || r.s.activation === "identity") {
        let top = 0;
        for (const v of a) top = Math.max(top, Math.abs(v));
        scale = top || 1;
      }
      paint(neuronCanvases[l][j], a, scale, col);
    }));
    const m = `${r.Xtr[0].length} training and ${r.Xte[0].length} test points`;
    plane.setAttribute("aria-label", `The ${NAMES[r.s.dataset]} data, ${m}, on the network\u2019s output after ` +
      `epoch ${e}: blue where it is near 1 (class 1), orange near 0 (class 0), a line where it is 1/2.`);
    network.setAttribute("aria-label", `Each hidden neuron\u2019s output over the plane after epoch ${e}: ` +
      `${r.s.hidden.length} hidden layers of ${r.s.hidden.join(", ")} neurons, ${r.s.activation}.`);
    drawChart(r);
    counter.textContent = `epoch ${e}`;
    exact.textContent = `epoch ${e}: train loss ${g12(r.train[e])}, test loss ${g12(r.test[e])}`;
  }

  function drawChart(r) {
    const e = r.epoch;
    let top = 0;
    for (let k = 0; k <= e; k++) top = Math.max(top, r.train[k], r.test[k]);
    const xmax = niceUp(Math.max(e, 10)), ymax = niceUp(top);
    if (!chart || chart.xmax !== xmax || chart.ymax !== ymax) {
      const p = plot({ width: 420, height: 170, xlim: [0, xmax], ylim: [0, ymax], xlabel: "epoch", ylabel: "loss" });
      const trainPath = svgEl("path", { class: "mnn-pg-train-line", fill: "none" });
      const testPath = svgEl("path", { class: "mnn-pg-test-line", fill: "none" });
      p.svg.lastChild.append(trainPath, testPath);
      chart = { xmax, ymax, p, trainPath, testPath };
      chartBox.replaceChildren(p.svg);
    }
    const stride = Math.max(1, Math.ceil(e / 400)), at = [];
    for (let k = 0; k < e; k += stride) at.push(k); // at most about 400 points, and the last epoch
    at.push(e);
    const path = (values) => at.map((k, i) => `${i ? "L" : "M"}${chart.p.X(k).toFixed(2)},${chart.p.Y(values[k]).toFixed(2)}`).join("");
    chart.trainPath.setAttribute("d", path(r.train));
    chart.testPath.setAttribute("d", path(r.test));
    chart.p.svg.setAttribute("aria-label", `The loss after each epoch, from epoch 0 to ${e}: on the ` +
      `training points from ${short(r.train[0])} to ${short(r.train[e])}, on the test points from ` +
      `${short(r.test[0])} to ${short(r.test[e])}.`);
  }

  // ----- the address (the first playground of a book page only) -------------------------
  function writeHash(force) {
    if (!owner || (running && !force)) return;
    const text = hashText(run.s, run.epoch);
    if (location.hash !== text) history.replaceState(null, "", text);
  }

  // ----- following the traits --------------------------------------------------------------
  let pending = false;
  function sync() {
    pending = false;
    const s = settings(), key = JSON.stringify(s);
    dataset.set(s.dataset); loss.set(s.loss); activation.set(s.activation); lr.set(s.lr); batch.set(s.batch_size);
    for (const name of ["noise", "points", "seed"]) sliders[name].set(s[name]);
    sliders.layers.set(s.hidden.length);
    setNeurons(s.hidden);
    if (!run || run.key !== key) {
      cancel();
      run = makeRun(s);
      drawPoints();
      known = null;
    }
    const want = model.get("epochs");
    if (want !== known) { // set from Python, or a new start: show the network after `want` epochs
      known = want;
      cancel();
      if (want < run.epoch || run.blew) {
        run = makeRun(s);
        drawPoints();
      }
      if (want > run.epoch) {
        draw();
        return start(want);
      }
    }
    draw();
    if (!running) {
      announce(null);
      writeHash(false);
    }
  }

  return {
    root,
    draw() {
      if (pending) return;
      pending = true;
      queueMicrotask(sync);
    },
    stop: cancel,
  };
}

export default {
  render({ model, el }) {
    // On the book's own page (web/host.js renders into a .mnn-host element), not in Jupyter,
    // the first playground keeps its setting in the address, and a shared link restores it.
    const isStatic = !!el.closest(".mnn-host");
    const owner = isStatic && (hashOwner === null || !hashOwner.isConnected);
    if (owner) hashOwner = el;
    const names = ["dataset", "noise", "points", "seed", "hidden", "activation", "loss", "lr", "batch_size",
                   "epochs", "test_fraction", "options", "limits"];
    const layout = () => [model.get("limits"), model.get("options")];
    let view = null;
    if (owner) {
      const found = readHash(location.hash, model.get("options"), model.get("limits"));
      if (found && Object.keys(found).length) {
        for (const [name, value] of Object.entries(found)) model.set(name, value);
        if (!("epochs" in found)) model.set("epochs", 0);
        requestAnimationFrame(() => el.scrollIntoView({ block: "start" }));
      }
    }
    const unmount = mount(model, el, names, layout, () => {
      view?.stop();
      view = build(model, owner);
      return view;
    });
    const theme = new MutationObserver(() => view?.draw());
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => {
      unmount();
      theme.disconnect();
      view?.stop();
    };
  },
};
