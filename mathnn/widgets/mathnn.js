// mathnn.js: the book's math in JavaScript, the twin of the Python package `mathnn`.
//
// Same names as the Python, one function per equation, no DOM. Every widget computes
// through this module, and `make test` runs it against the Python on seeded random cases
// (tests/test_parity.py), so a number a reader sees in a widget is the number mathnn computes.
//
// Notation (appendix A): a matrix is an array of rows, so [[1, 2, 3], [4, 5, 6]] has shape
// (2, 3). A layer's W has shape (n_out, n_in) (row j: the weights of neuron j), b has shape
// (n_out, 1), samples are columns (X has shape (n_in, m)), and a layer computes
// Z = W X + b, A = f(Z). Y are the labels and Y_hat the network's output; dW means dL/dW.

// ---------------------------------------------------------------------------------------
// Matrices: arrays of rows
// ---------------------------------------------------------------------------------------

// (rows, columns) of a matrix.
export function shape(M) {
  return [M.length, M.length ? M[0].length : 0];
}

// "(2, 3)": a shape as the book writes it.
export function shape_text(M) {
  return `(${shape(M).join(", ")})`;
}

// A matrix of the given shape, every entry f(i, j).
export function from_function(rows, cols, f) {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));
}

// f applied to every entry.
export function map(M, f) {
  return M.map((row) => row.map(f));
}

// f(A_ij, B_ij) for every entry of two matrices of the same shape.
export function map2(A, B, f) {
  return A.map((row, i) => row.map((a, j) => f(a, B[i][j])));
}

// A matrix product: (A B)_ij = sum_k A_ik B_kj. A: (r, n), B: (n, c) -> (r, c).
export function matmul(A, B) {
  const n = B.length, c = n ? B[0].length : 0;
  return A.map((a) => {
    const out = new Array(c).fill(0);
    for (let k = 0; k < n; k++) {
      const Bk = B[k], aik = a[k];
      for (let j = 0; j < c; j++) out[j] += aik * Bk[j];
    }
    return out;
  });
}

// The transpose: (M^T)_ij = M_ji.
export function transpose(M) {
  const [rows, cols] = shape(M);
  const T = [];
  for (let i = 0; i < cols; i++) {
    const row = [];
    for (let j = 0; j < rows; j++) row.push(M[j][i]);
    T.push(row);
  }
  return T;
}

// The sum of every entry.
export function total(M) {
  let s = 0;
  for (const row of M) for (const v of row) s += v;
  return s;
}

// Each row summed: (n, m) -> (n, 1). This is how db sums dZ over the m samples.
export function sum_rows(M) {
  return M.map((row) => [row.reduce((s, v) => s + v, 0)]);
}

// The columns `order` of M, in that order: X[:, order] in numpy.
export function columns(M, order) {
  return M.map((row) => order.map((j) => row[j]));
}

// Refuse a value that is not a matrix of finite numbers, naming it in the book's notation.
export function check_matrix(name, M) {
  if (!Array.isArray(M) || !M.length || !M.every((r) => Array.isArray(r) && r.length === M[0].length && r.length))
    throw new Error(`${name} must be a matrix: a non-empty array of rows of equal length`);
  for (const row of M)
    for (const v of row)
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new Error(`${name} contains ${v}; every value must be a finite number`);
  return M;
}

// ---------------------------------------------------------------------------------------
// One neuron (chapter 1)
// ---------------------------------------------------------------------------------------

// One neuron without activation: f(x) = w x + b.
export function neuron(x, w, b) {
  return w * x + b;
}

// ---------------------------------------------------------------------------------------
// Activations a = f(z) and their derivatives f'(z) (chapter 4). Elementwise on a matrix Z,
// except softmax, which normalises each column (one column per sample).
// ---------------------------------------------------------------------------------------

// Linear activation: f(z) = z.
export function identity(Z) {
  return Z;
}

// f'(z) = 1.
export function identity_prime(Z) {
  return map(Z, () => 1);
}

// Rectified linear unit: f(z) = max(0, z).
export function relu(Z) {
  return map(Z, (z) => (z < 0 ? 0 : z));
}

// f'(z) = 1 if z > 0 else 0 (we choose 0 at the kink z = 0).
export function relu_prime(Z) {
  return map(Z, (z) => (z > 0 ? 1 : 0));
}

// Hyperbolic tangent: f(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1).
export function tanh(Z) {
  return map(Z, Math.tanh);
}

// f'(z) = 1 - tanh(z)^2, computed as 4 sigmoid'(2z): equal, since tanh(z) = 2 sigmoid(2z) - 1,
// and full precision where tanh(z) is close to 1 or -1 and 1 - tanh(z)^2 would cancel.
export function tanh_prime(Z) {
  return map(Z, (z) => 4 * sigma_product(2 * z));
}

// log(e^x + e^y) without overflow, computed exactly as numpy's np.logaddexp.
export function logaddexp(x, y) {
  if (x === y) return x + Math.LN2;
  const d = x - y;
  if (d > 0) return x + Math.log1p(Math.exp(-d));
  if (d <= 0) return y + Math.log1p(Math.exp(d));
  return d; // NaN
}

// One sigmoid value, 1 / (1 + e^-z), as exp(-log(1 + e^-z)): no overflow for any z.
function sigma(z) {
  return Math.exp(-logaddexp(0, -z));
}

// Logistic sigmoid: f(z) = 1 / (1 + e^-z), in (0, 1). Same stable form as the Python.
export function sigmoid(Z) {
  return map(Z, sigma);
}

// f'(z) = f(z) (1 - f(z)), computed as f(z) f(-z): equal, since 1 - sigmoid(z) = sigmoid(-z),
// and full precision where sigmoid(z) is close to 1 and 1 - sigmoid(z) would cancel.
export function sigmoid_prime(Z) {
  return map(Z, sigma_product);
}

// sigma(z) sigma(-z): the numbers of the two calls, with log(1 + e^-|z|) computed once.
function sigma_product(z) {
  if (Number.isNaN(z)) return z;
  const L = z === 0 ? Math.LN2 : Math.log1p(Math.exp(-Math.abs(z)));
  const [a, b] = z > 0 ? [L, z + L] : z < 0 ? [-z + L, L] : [L, L];
  return Math.exp(-a) * Math.exp(-b);
}

// Softmax over each column: a_i = e^(z_i - max z) / sum_k e^(z_k - max z). Z: (k, m).
export function softmax(Z) {
  const E = transpose(Z).map((col) => {
    const top = Math.max(...col);
    const e = col.map((z) => Math.exp(z - top));
    const s = e.reduce((acc, v) => acc + v, 0);
    return e.map((v) => v / s);
  });
  return transpose(E);
}

// dZ from dA through softmax, column by column: dZ = A * (dA - sum_i dA_i A_i).
export function softmax_backward(A, dA) {
  const [k, m] = shape(A);
  const dot = new Array(m).fill(0); // sum_i dA_i A_i, one number per column
  for (let i = 0; i < k; i++) for (let j = 0; j < m; j++) dot[j] += dA[i][j] * A[i][j];
  return A.map((row, i) => row.map((a, j) => a * (dA[i][j] - dot[j])));
}

// name -> [f, f']. softmax has no elementwise derivative: layers use softmax_backward.
export const ACTIVATIONS = {
  identity: [identity, identity_prime],
  relu: [relu, relu_prime],
  tanh: [tanh, tanh_prime],
  sigmoid: [sigmoid, sigmoid_prime],
  softmax: [softmax, null],
};

// Look up an activation by name: returns [f, f'].
export function get_activation(name) {
  if (!(name in ACTIVATIONS))
    throw new Error(`unknown activation '${name}'; known: ${Object.keys(ACTIVATIONS).join(", ")}`);
  return ACTIVATIONS[name];
}

// ---------------------------------------------------------------------------------------
// Losses (chapters 7 and 9). Y_hat and Y have shape (n_out, m); every loss is the mean over
// the m samples, every gradient dL/dY_hat of that mean (so it carries 1/m). Probabilities
// are clipped to [EPS, 1 - EPS] before a logarithm, as in the Python.
// ---------------------------------------------------------------------------------------

export const EPS = 1e-12;

function clip(p) {
  return Math.min(Math.max(p, EPS), 1 - EPS);
}

function samples(Y) {
  return Y[0].length;
}

function check_pair(Y_hat, Y) {
  check_matrix("Y_hat", Y_hat);
  check_matrix("Y", Y);
  const [a, b] = [shape(Y_hat), shape(Y)];
  if (a[0] !== b[0] || a[1] !== b[1])
    throw new Error(`Y_hat and Y must have the same shape (n_out, m), one column per sample; ` +
                    `got Y_hat ${shape_text(Y_hat)} and Y ${shape_text(Y)}`);
}

function check_labels_01(Y) {
  for (const row of Y) for (const y of row)
    if (y !== 0 && y !== 1) throw new Error(`labels Y must be 0 or 1; got ${y}`);
}

function check_probabilities(Y_hat) {
  for (const row of Y_hat) for (const p of row)
    if (p < 0 || p > 1) throw new Error(`Y_hat must hold probabilities in [0, 1]; got ${p}`);
}

// L = -(1/m) sum [ y log p + (1 - y) log(1 - p) ], with p = Y_hat.
export function binary_cross_entropy(Y_hat, Y) {
  check_pair(Y_hat, Y);
  check_labels_01(Y);
  check_probabilities(Y_hat);
  return -total(map2(Y_hat, Y, (p, y) => y * Math.log(clip(p)) + (1 - y) * Math.log(1 - clip(p)))) / samples(Y);
}

// dL/dY_hat = (1/m) (p - y) / (p (1 - p)).
export function binary_cross_entropy_prime(Y_hat, Y) {
  check_pair(Y_hat, Y);
  check_labels_01(Y);
  check_probabilities(Y_hat);
  const m = samples(Y);
  return map2(Y_hat, Y, (p, y) => (clip(p) - y) / (clip(p) * (1 - clip(p))) / m);
}

function check_one_hot(Y) {
  check_labels_01(Y);
  for (const col of transpose(Y))
    if (col.reduce((s, y) => s + y, 0) !== 1)
      throw new Error("Y must be one-hot: exactly one 1 in each column (sample)");
}

// L = -(1/m) sum_j sum_i y_ij log p_ij, for softmax outputs and one-hot labels.
export function softmax_cross_entropy(Y_hat, Y) {
  check_pair(Y_hat, Y);
  check_one_hot(Y);
  check_probabilities(Y_hat);
  return -total(map2(Y_hat, Y, (p, y) => y * Math.log(Math.max(p, EPS)))) / samples(Y);
}

// dL/dY_hat = -(1/m) y / p.
export function softmax_cross_entropy_prime(Y_hat, Y) {
  check_pair(Y_hat, Y);
  check_one_hot(Y);
  check_probabilities(Y_hat);
  const m = samples(Y);
  return map2(Y_hat, Y, (p, y) => -y / clip(p) / m);
}

// L = (1/m) sum (y_hat - y)^2, summed over the n_out rows.
export function mean_squared_error(Y_hat, Y) {
  check_pair(Y_hat, Y);
  return total(map2(Y_hat, Y, (p, y) => (p - y) * (p - y))) / samples(Y);
}

// dL/dY_hat = (2/m) (y_hat - y).
export function mean_squared_error_prime(Y_hat, Y) {
  check_pair(Y_hat, Y);
  const m = samples(Y);
  return map2(Y_hat, Y, (p, y) => (2 * (p - y)) / m);
}

// name -> [L, dL/dY_hat].
export const LOSSES = {
  binary_cross_entropy: [binary_cross_entropy, binary_cross_entropy_prime],
  softmax_cross_entropy: [softmax_cross_entropy, softmax_cross_entropy_prime],
  mean_squared_error: [mean_squared_error, mean_squared_error_prime],
};

// Look up a loss by name: returns [L, dL/dY_hat].
export function get_loss(name) {
  if (!(name in LOSSES))
    throw new Error(`unknown loss '${name}'; known: ${Object.keys(LOSSES).join(", ")}`);
  return LOSSES[name];
}

// ---------------------------------------------------------------------------------------
// A layer and a network (chapters 2, 3, 5 and 9)
// ---------------------------------------------------------------------------------------

// A fully connected layer: Z = W X + b, then A = f(Z). W: (n_out, n_in); b: (n_out, 1).
// forward(X) keeps X, Z and A; backward(dA) keeps dW and db and returns dX.
export class Dense {
  // A layer with the given weights W (n_out, n_in) and biases b (n_out, 1).
  static from_weights(W, b, activation = "identity") {
    return new Dense(W, b, activation);
  }

  // new Dense(W, b, activation), or a random start as in the Python, new Dense(n_in, n_out,
  // activation, rng): W = sqrt(2 / n_in for ReLU, else 1 / n_in) * normals, b = 0.
  constructor(W, b, activation = "identity", rng = null) {
    if (typeof W === "number" || typeof b === "number") {
      const n_in = W, n_out = b;
      for (const [name, n] of [["n_in", n_in], ["n_out", n_out]])
        if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number; got ${n}`);
      get_activation(activation);
      check_rng(rng);
      const scale = Math.sqrt((activation === "relu" ? 2 : 1) / n_in);
      W = map(rng.standard_normal([n_out, n_in]), (z) => scale * z);
      b = from_function(n_out, 1, () => 0);
    }
    check_matrix("W", W);
    check_matrix("b", b);
    if (b.length !== W.length || b[0].length !== 1)
      throw new Error(`W has shape ${shape_text(W)}, so b must have shape (${W.length}, 1), ` +
                      `one bias per neuron; got b with shape ${shape_text(b)}`);
    [this.f, this.f_prime] = get_activation(activation);
    Object.assign(this, { W, b, activation });
  }

  get n_in() { return this.W[0].length; }

  get n_out() { return this.W.length; }

  // A = f(W X + b). X: (n_in, m) -> A: (n_out, m).
  forward(X) {
    check_matrix("X", X);
    if (X.length !== this.n_in)
      throw new Error(`W has shape ${shape_text(this.W)}, so X needs ${this.n_in} rows, one per ` +
                      `input; got X with shape ${shape_text(X)}`);
    return this._forward(X);
  }

  _forward(X) {
    this.X = X;
    this.Z = matmul(this.W, X); // + b, in place
    this.Z.forEach((row, j) => { for (let k = 0; k < row.length; k++) row[k] += this.b[j][0]; });
    this.A = this.f(this.Z);
    return this.A;
  }

  // dZ = dA * f'(Z); dW = dZ X^T; db = dZ summed over samples; returns dX = W^T dZ.
  backward(dA) {
    if (!this.A) throw new Error("call forward(X) before backward(dA)");
    check_matrix("dA", dA);
    if (dA.length !== this.A.length || dA[0].length !== this.A[0].length)
      throw new Error(`dA must have the shape of A, (n_out, m) = ${shape_text(this.A)}; got ${shape_text(dA)}`);
    return this._backward(dA);
  }

  _backward(dA) {
    const dZ = this._dZ(dA);
    this._set_grads(dZ);
    return matmul(transpose(this.W), dZ);
  }

  _dZ(dA) {
    if (this.f_prime === null) return softmax_backward(this.A, dA); // softmax: its Jacobian
    return map2(dA, this.f_prime(this.Z), (d, fp) => d * fp);
  }

  _set_grads(dZ) {
    this.dW = matmul(dZ, transpose(this.X));
    this.db = sum_rows(dZ);
  }
}

// Layers applied in turn: A_0 = X, A_l = f_l(W_l A_(l-1) + b_l), Y_hat = A_L.
export class Network {
  constructor(layers) {
    if (!layers.length) throw new Error("a Network needs at least one layer");
    layers.slice(1).forEach((layer, i) => {
      if (layer.n_in !== layers[i].n_out)
        throw new Error(`layers do not chain: layer ${i + 1} gives ${layers[i].n_out} outputs but ` +
                        `layer ${i + 2} takes ${layer.n_in} inputs (W${i + 2} has shape ` +
                        `${shape_text(layer.W)}; it needs shape (${layer.n_out}, ${layers[i].n_out}))`);
    });
    this.layers = layers;
  }

  // Y_hat = A_L, computed layer by layer. X: (n_in, m) -> (n_out, m).
  forward(X) {
    let A = this.layers[0].forward(X);
    for (const layer of this.layers.slice(1)) A = layer._forward(A);
    return A;
  }

  // The one layer a stack of linear layers equals (chapter 3): from W = I and b = 0,
  // layer by layer, W <- W_l W and b <- W_l b + b_l. A nonlinear layer is refused.
  collapse() {
    this.layers.forEach((layer, i) => {
      if (layer.activation !== "identity")
        throw new Error(`only linear layers collapse into one; layer ${i + 1} has the activation '${layer.activation}'`);
    });
    const n = this.layers[0].n_in;
    let W = from_function(n, n, (i, j) => (i === j ? 1 : 0)), b = from_function(n, 1, () => 0);
    for (const layer of this.layers) {
      b = matmul(layer.W, b).map((row, j) => [row[0] + layer.b[j][0]]);
      W = matmul(layer.W, W);
    }
    return Dense.from_weights(W, b);
  }

  // Backpropagate dA = dL/dY_hat through every layer, last to first; returns dL/dX.
  backward(dA) {
    const last = this.layers.length - 1;
    dA = this.layers[last].backward(dA);
    for (let l = last - 1; l >= 0; l--) dA = this.layers[l]._backward(dA);
    return dA;
  }
}

// ---------------------------------------------------------------------------------------
// Learning (chapters 8, 9 and 10)
// ---------------------------------------------------------------------------------------

// One step of gradient descent on one layer: W <- W - lr dW, b <- b - lr db.
export function sgd_update(layer, lr) {
  layer.W = map2(layer.W, layer.dW, (w, d) => w - lr * d);
  layer.b = map2(layer.b, layer.db, (b, d) => b - lr * d);
}

// One step of gradient descent on every layer of a network, after its backward pass.
export function sgd_step(network, lr) {
  for (const layer of network.layers) sgd_update(layer, lr);
}

// Output activation and loss whose combined gradient is dL/dZ = (Y_hat - Y) / m.
const FUSED = ["sigmoid binary_cross_entropy", "softmax softmax_cross_entropy"];

// Mini-batch gradient descent, as mathnn.train: returns the loss history, one number per epoch.
//
// Each epoch takes the m columns of X and Y in the order orders[epoch] (all in their own
// order if `orders` is null), in batches of `batch_size` columns (null: all m at once), and
// for each batch: Y_hat = network(X_b), backpropagate, then W <- W - lr dW and b <- b - lr db
// in every layer. history[k] is the mean loss over the batches of epoch k.
export function train(network, X, Y, loss, lr, epochs, batch_size = null, orders = null) {
  const layers = network.layers, L = layers.length;
  const m = X[0].length, size = batch_size ?? m;
  const [loss_fn, loss_prime] = get_loss(loss);
  const fused = FUSED.includes(`${layers[L - 1].activation} ${loss}`);
  const history = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const X_e = orders ? columns(X, orders[epoch]) : X;
    const Y_e = orders ? columns(Y, orders[epoch]) : Y;
    let sum = 0;
    for (let start = 0; start < m; start += size) {
      const whole = start === 0 && size >= m; // one batch of every column: no copy
      const X_b = whole ? X_e : X_e.map((row) => row.slice(start, start + size));
      const Y_b = whole ? Y_e : Y_e.map((row) => row.slice(start, start + size)), n = X_b[0].length;
      const Y_hat = network.forward(X_b);
      sum += loss_fn(Y_hat, Y_b) * n;
      let dZ = fused ? map2(Y_hat, Y_b, (p, y) => (p - y) / n) : layers[L - 1]._dZ(loss_prime(Y_hat, Y_b));
      for (let l = L - 1; l >= 0; l--) { // backward, updating as we go
        const layer = layers[l];
        layer._set_grads(dZ);
        if (l > 0) dZ = layers[l - 1]._dZ(matmul(transpose(layer.W), dZ)); // W before its update
        sgd_update(layer, lr);
      }
    }
    history.push(sum / m);
  }
  return history;
}


// ---------------------------------------------------------------------------------------
// Random numbers both sides can repeat, and the toy data sets (chapters 6 to 11)
// ---------------------------------------------------------------------------------------

// TwinRandom(seed): mathnn.TwinRandom's generator, step by step (mathnn/twin.py describes it),
// so that a page's data, weights and batch orders can be rebuilt in Python.
export class TwinRandom {
  constructor(seed) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xFFFFFFFF)
      throw new Error(`seed must be a whole number from 0 to 2**32 - 1; got ${seed}`);
    this.seed = this.state = seed;
  }

  // The next 32-bit whole number (mulberry32; sums and products mod 2^32).
  next_uint32() {
    let t = (this.state = (this.state + 0x6D2B79F5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  // u in [0, 1): the next draw / 2^32.
  _uniform() {
    return this.next_uint32() / 4294967296;
  }

  // A number (size null), an array (size n) or a matrix (size [rows, cols]), row by row.
  _fill(draw, size) {
    if (size === null) return draw();
    return typeof size === "number" ? Array.from({ length: size }, draw) : from_function(size[0], size[1], draw);
  }

  // Normal numbers by Box-Muller, the cosine half: z = sqrt(-2 log(1 - u1)) cos(2 pi u2).
  standard_normal(size = null) {
    return this._fill(() => {
      const u1 = this._uniform(), u2 = this._uniform();
      return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }, size);
  }

  // 0..n-1 shuffled by Fisher-Yates: for i = n - 1 down to 1, swap i and j = floor(u (i + 1)).
  permutation(n) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this._uniform() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }

  // Entries of the array `values` drawn with replacement: values[floor(u k)], k values.
  choice(values, size = null) {
    return this._fill(() => values[Math.floor(this._uniform() * values.length)], size);
  }
}

function check_rng(rng) {
  if (!(rng instanceof TwinRandom))
    throw new Error(`rng must be a TwinRandom, e.g. rng = new mnn.TwinRandom(0); got ${rng}`);
}

// numpy's linspace, computed as it does: start + i * step, the last one stop itself.
function linspace(start, stop, num, endpoint = true) {
  const div = endpoint ? num - 1 : num, step = (stop - start) / div;
  const y = Array.from({ length: num }, (_, i) => (div > 0 ? i * step : i * (stop - start)) + start);
  if (endpoint && num > 1) y[num - 1] = stop;
  return y;
}

// mathnn.datasets' checks; returns the class sizes m // 2 and m - m // 2.
function check_toy(m, noise, rng) {
  check_rng(rng);
  const fail = (text) => { throw new Error(`m must be ${text}; got ${m}`); };
  if (typeof m !== "number" || !Number.isFinite(m)) fail("a positive number");
  if (!Number.isInteger(m)) fail("a whole number");
  if (m <= 0) fail("positive");
  if (m < 2) fail("at least 2 (one sample per class)");
  if (typeof noise !== "number" || !(noise >= 0) || noise === Infinity)
    throw new Error(`noise must be a number >= 0; got ${noise}`);
  return [Math.floor(m / 2), m - Math.floor(m / 2)];
}

// Points (one per row) plus noise times normal numbers; two classes of them as X (2, m) and
// Y (1, m), class 0 first, in the order of one permutation.
function with_noise(points, noise, rng) {
  const N = rng.standard_normal([points.length, 2]);
  return points.map((p, i) => [p[0] + noise * N[i][0], p[1] + noise * N[i][1]]);
}

function two_classes(points_0, points_1, rng) {
  const points = points_0.concat(points_1), order = rng.permutation(points.length);
  return [columns([points.map((p) => p[0]), points.map((p) => p[1])], order),
          columns([points.map((_, j) => (j < points_0.length ? 0 : 1))], order)];
}

// The data sets of mathnn.datasets: [X (2, m), Y (1, m)], drawn from rng as there.
export function moons(m, rng, noise = 0.1) {
  const [m0, m1] = check_toy(m, noise, rng);
  const upper = linspace(0, Math.PI, m0).map((t) => [Math.cos(t), Math.sin(t)]);
  const lower = linspace(0, Math.PI, m1).map((t) => [1 - Math.cos(t), 0.5 - Math.sin(t)]);
  return two_classes(with_noise(upper, noise, rng), with_noise(lower, noise, rng), rng);
}

export function circles(m, rng, noise = 0.05, factor = 0.5) {
  const [m0, m1] = check_toy(m, noise, rng);
  const ring = (n, r) => linspace(0, 2 * Math.PI, n, false).map((t) => [r * Math.cos(t), r * Math.sin(t)]);
  return two_classes(with_noise(ring(m0, 1), noise, rng), with_noise(ring(m1, factor), noise, rng), rng);
}

export function xor(m, rng, noise = 0.1) {
  check_toy(m, noise, rng);
  const corners = rng.choice([-1, 1], [2, m]), N = rng.standard_normal([2, m]);
  return [map2(corners, N, (c, z) => c + noise * z), [corners[0].map((c, j) => (c !== corners[1][j] ? 1 : 0))]];
}

export function spirals(m, rng, noise = 0.1, turns = 1.5) {
  const [m0, m1] = check_toy(m, noise, rng);
  const arm = (n, phase) => linspace(0.1, 1.0, n).map((t) => {
    const angle = 2 * Math.PI * turns * t + phase;
    return [t * Math.cos(angle), t * Math.sin(angle)];
  });
  const arm0 = with_noise(arm(m0, 0), noise, rng);
  return two_classes(arm0, with_noise(arm(m1, Math.PI), noise, rng), rng);
}

// Shuffle the m columns with rng and split them: [X_train, Y_train, X_test, Y_test], the
// first round(test_fraction m) shuffled columns (Python's round: halves to even) for testing.
export function split(X, Y, test_fraction, rng) {
  check_rng(rng);
  if (!(test_fraction > 0 && test_fraction < 1))
    throw new Error(`test_fraction must lie strictly between 0 and 1; got ${test_fraction}`);
  const m = X[0].length;
  if (m !== Y[0].length)
    throw new Error(`X and Y must have the same number of columns (samples); got X ${shape_text(X)} and Y ${shape_text(Y)}`);
  const order = rng.permutation(m), x = test_fraction * m;
  let n_test = Math.round(x);
  if (n_test - x === 0.5 && n_test % 2) n_test -= 1;
  const test = order.slice(0, n_test), train = order.slice(n_test);
  return [columns(X, train), columns(Y, train), columns(X, test), columns(Y, test)];
}
