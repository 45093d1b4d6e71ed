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
