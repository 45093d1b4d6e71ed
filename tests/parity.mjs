// Runs mathnn.js on the cases tests/test_parity.py writes, and writes back its answers.
//
//   node tests/parity.mjs MODULE.js CASES.json ANSWERS.json
//
// MODULE.js is mathnn.js itself, or a widget's inlined copy of it ending in
// `export default mnn;`. It is imported from its text, so it needs no package.json.
import { readFileSync, writeFileSync } from "node:fs";

const [modulePath, casesPath, answersPath] = process.argv.slice(2);
const source = readFileSync(modulePath, "utf8");
const imported = await import("data:text/javascript," + encodeURIComponent(source));
const mnn = imported.default ?? imported;

// A network from [[W, b, activation], ...].
const network = (layers) => new mnn.Network(layers.map(([W, b, f]) => mnn.Dense.from_weights(W, b, f)));

const run = {
  // mnn[name](...args): the activations, their derivatives, the losses and their gradients.
  fn: ({ name, args }) => mnn[name](...args),
  dense_forward: ({ W, b, activation, X }) => {
    const layer = mnn.Dense.from_weights(W, b, activation);
    const A = layer.forward(X);
    return { Z: layer.Z, A };
  },
  dense_backward: ({ W, b, activation, X, dA }) => {
    const layer = mnn.Dense.from_weights(W, b, activation);
    layer.forward(X);
    const dX = layer.backward(dA);
    return { dW: layer.dW, db: layer.db, dX };
  },
  network: ({ layers, X, dA }) => {
    const net = network(layers);
    const Y_hat = net.forward(X);
    const dX = net.backward(dA);
    return { Y_hat, dX, dW: net.layers.map((l) => l.dW), db: net.layers.map((l) => l.db) };
  },
  collapse: ({ layers }) => {
    const layer = network(layers).collapse();
    return { W: layer.W, b: layer.b };
  },
  sgd_step: ({ layers, X, dA, lr }) => {
    const net = network(layers);
    net.forward(X);
    net.backward(dA);
    mnn.sgd_step(net, lr);
    return { W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
  },
  train: ({ layers, X, Y, loss, lr, epochs, batch_size, orders }) => {
    const net = network(layers);
    const history = mnn.train(net, X, Y, loss, lr, epochs, batch_size, orders);
    return { history, W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
  },
  // TwinRandom from a seed: its streams, in this order.
  twin_stream: ({ seed, n_ints, normal_shape, perm_n, choice_values, choice_shape }) => {
    const r = new mnn.TwinRandom(seed);
    const ints = Array.from({ length: n_ints }, () => r.next_uint32());
    return { ints, normals: r.standard_normal(normal_shape),
             permutation: r.permutation(perm_n), choice: r.choice(choice_values, choice_shape),
             one: r.standard_normal(), state: r.state };
  },
  dataset: ({ name, m, seed, noise }) => {
    const [X, Y] = mnn[name](m, new mnn.TwinRandom(seed), noise);
    return { X, Y };
  },
  dense_random: ({ n_in, n_out, activation, seed }) => {
    const layer = new mnn.Dense(n_in, n_out, activation, new mnn.TwinRandom(seed));
    return { W: layer.W, b: layer.b };
  },
  split: ({ X, Y, test_fraction, seed }) => {
    const [X_train, Y_train, X_test, Y_test] = mnn.split(X, Y, test_fraction, new mnn.TwinRandom(seed));
    return { X_train, Y_train, X_test, Y_test };
  },
  // The playground's run, as its page does it: one TwinRandom for the data, the split, the
  // starting weights and, epoch by epoch, the order of the training points.
  twin_train: ({ name, m, noise, hidden, activation, loss, lr, batch_size, epochs, seed, test_fraction }) => {
    const rng = new mnn.TwinRandom(seed);
    const [X, Y] = mnn[name](m, rng, noise);
    const [X_train, Y_train, X_test, Y_test] = mnn.split(X, Y, test_fraction, rng);
    const sizes = [2, ...hidden, 1];
    const net = new mnn.Network(sizes.slice(1).map((n_out, l) =>
      new mnn.Dense(sizes[l], n_out, l < hidden.length ? activation : "sigmoid", rng)));
    const history = [];
    for (let e = 0; e < epochs; e++)
      history.push(...mnn.train(net, X_train, Y_train, loss, lr, 1, batch_size, [rng.permutation(X_train[0].length)]));
    const [L] = mnn.get_loss(loss);
    return { history, final: [L(net.forward(X_train), Y_train), L(net.forward(X_test), Y_test)],
             W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
  },
  // A call that must be refused: its error message, to compare with the Python's.
  error: ({ call }) => {
    try {
      run[call.kind](call);
    } catch (e) {
      return { error: e.message };
    }
    return { error: null };
  },
};

const cases = JSON.parse(readFileSync(casesPath, "utf8"));
writeFileSync(answersPath, JSON.stringify(cases.map((c) => run[c.kind](c))));
