// The escape widget (chapter 3): a network 1 -> 2 hidden neurons -> 1 output,
// y_hat = W2 f(W1 x + b1) + b2, with a slider for each of its seven numbers and a switch for
// the hidden layer's activation f. With none (identity) it collapses to the line
// y_hat = w x + b, w = W2 W1, b = W2 b1 + b2 (mnn.Network.collapse), shown live; with ReLU
// it bends where a hidden neuron's z = w x + b crosses 0, and the bends are marked.
export default {
  render({ model, el }) {
    const names = ["W1", "b1", "W2", "b2", "activation", "xlim", "ylim", "limits"];
    const layout = () => [model.get("xlim"), model.get("ylim"), model.get("limits")];
    return mount(model, el, names, layout, () => {
      const limits = model.get("limits"), xlim = model.get("xlim"), ylim = model.get("ylim");
      const p = plot({ width: 520, height: 300, xlim, ylim, xlabel: "input x", ylabel: "output \u0177" });
      const line = p.curve("mnn-line");
      const marks = svgEl("g", { class: "mnn-bends" });
      p.svg.lastChild.append(marks);
      // the inputs the curve is drawn at: the same n + 1 points as p.curve samples
      const N = 240;
      const xs = Array.from({ length: N + 1 }, (_, i) => xlim[0] + ((xlim[1] - xlim[0]) * i) / N);

      // The network with the current numbers, as mathnn layers (W1 (2, 1), b1 (2, 1), W2 (1, 2)).
      const network = () => new mnn.Network([
        mnn.Dense.from_weights(model.get("W1").map((w) => [w]), model.get("b1").map((b) => [b]),
                               model.get("activation")),
        mnn.Dense.from_weights([model.get("W2")], [[model.get("b2")]]),
      ]);
      // The output's slope dy_hat/dx at the inputs `at`, by backpropagation through it.
      const slopes = (net, at) => {
        net.forward([at]);
        return net.backward([at.map(() => 1)])[0];
      };

      // The switch: two radio buttons (arrow keys move between them, as in any radio group).
      const group = `mnn-activation-${++mnnCounter}`;
      const radios = {};
      const choice = (value, text) => {
        // data-lm-suppress-shortcuts: in JupyterLab the arrow keys move the switch, not the notebook
        const input = h("input", { type: "radio", name: group, value, "data-lm-suppress-shortcuts": "true" });
        input.addEventListener("change", () => {
          if (!input.checked) return;
          model.set("activation", value);
          model.save_changes();
        });
        radios[value] = input;
        return h("label", {}, [input, text]);
      };
      const toggle = h("fieldset", { class: "mnn-group mnn-toggle" }, [
        h("legend", {}, ["activation f on the hidden layer"]),
        choice("identity", "no activation, f(z) = z"),
        choice("relu", "ReLU, f(z) = max(0, z)"),
      ]);

      // Sliders, grouped by neuron; each number named by its place in W1, b1, W2, b2.
      const set = (name, j) => (v) => {
        if (j === undefined) model.set(name, v);
        else {
          const value = model.get(name).slice();
          value[j] = v;
          model.set(name, value);
        }
        model.save_changes();
      };
      const entry = (m, l, idx) => `(<i>${m}</i><sub>${l}</sub>)<sub>${idx}</sub>`;
      const hidden = [0, 1].map((j) => [
        slider(entry("W", 1, `${j + 1}1`), limits.W1, model.get("W1")[j], set("W1", j),
               `weight (W1)${j + 1}1, from x to hidden neuron ${j + 1}`),
        slider(entry("b", 1, j + 1), limits.b1, model.get("b1")[j], set("b1", j),
               `bias (b1)${j + 1} of hidden neuron ${j + 1}`),
      ]);
      const output = [
        slider(entry("W", 2, "11"), limits.W2, model.get("W2")[0], set("W2", 0),
               "weight (W2)11, from hidden neuron 1 to the output"),
        slider(entry("W", 2, "12"), limits.W2, model.get("W2")[1], set("W2", 1),
               "weight (W2)12, from hidden neuron 2 to the output"),
        slider("<i>b</i><sub>2</sub>", limits.b2, model.get("b2"), set("b2"), "bias b2 of the output neuron"),
      ];
      const notes = [0, 1].map(() => h("p", { class: "mnn-note" }));
      const fieldset = (legend, sliders, note) => h("fieldset", { class: "mnn-group" }, [
        h("legend", {}, [legend]), h("div", { class: "mnn-group-grid" }, sliders.map((s) => s.el)),
        ...(note ? [note] : [])]);

      const status = h("p", { class: "mnn-equation mnn-status", "aria-live": "polite" });
      const detail = h("p", { class: "mnn-note mnn-detail" });

      const inView = (x) => x > xlim[0] + 1e-9 && x < xlim[1] - 1e-9;
      const list = (items) => items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
      const factor = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));

      function draw() {
        const W1 = model.get("W1"), b1 = model.get("b1"), W2 = model.get("W2"), b2 = model.get("b2");
        const relu = model.get("activation") === "relu";
        const net = network();
        const ys = net.forward([xs])[0];
        let i = 0;
        line(() => ys[i++], N); // p.curve asks for the points in order, x = xs[0], xs[1], ...
        const range = `x = ${fmt(xlim[0])} to ${fmt(xlim[1])}`;

        // Each hidden neuron's sum z_j = w x + b, and where it crosses 0 (a possible bend).
        notes.forEach((note, j) => {
          const z = `<i>z</i><sub>${j + 1}</sub>`;
          note.innerHTML = W1[j] === 0 ? `${z} = ${fmt(b1[j])} for every <i>x</i>: it never crosses 0`
            : `${z} = ${fmt(W1[j])}<i>x</i> ${signed(b1[j])} crosses 0 at <i>x</i> = ${fmt(-b1[j] / W1[j])}` +
              (relu ? `; ReLU makes it 0 to the ${W1[j] > 0 ? "left" : "right"}` : "");
        });

        let said, picture;
        if (!relu) {
          const one = net.collapse(); // the single layer: W = W2 W1, b = W2 b1 + b2
          const w = one.W[0][0], b = one.b[0][0];
          said = `No activation: with these weights the output is the line \u0177 = ${fmt(w)}x ${signed(b)}; whatever the weights, it stays one straight line.`;
          detail.innerHTML = `Collapsed: \u0177 = <i>wx</i> + <i>b</i> with ` +
            `<i>w</i> = <i>W</i><sub>2</sub><i>W</i><sub>1</sub> = ${fmt(W2[0])} \u00b7 ${factor(W1[0])} + ` +
            `${factor(W2[1])} \u00b7 ${factor(W1[1])} = <b class="mnn-collapsed-w">${fmt(w)}</b> and ` +
            `<i>b</i> = <i>W</i><sub>2</sub><i>b</i><sub>1</sub> + <i>b</i><sub>2</sub> = ${fmt(W2[0])} \u00b7 ` +
            `${factor(b1[0])} + ${factor(W2[1])} \u00b7 ${factor(b1[1])} ${signed(b2)} = <b class="mnn-collapsed-b">${fmt(b)}</b>.`;
          picture = `with no activation: the straight line \u0177 = ${fmt(w)}x ${signed(b)}`;
          marks.replaceChildren();
        } else {
          // The output is straight between the crossings in view; it bends at a crossing
          // where the slopes on its two sides differ (a neuron with output weight 0, or two
          // neurons cancelling, leave no bend).
          const cross = W1.map((w, j) => (w === 0 ? null : -b1[j] / w)).filter((c) => c !== null && inView(c))
            .sort((a, c) => a - c).filter((c, k, all) => k === 0 || c - all[k - 1] > 1e-9);
          const edges = [xlim[0], ...cross, xlim[1]];
          const s = slopes(net, edges.slice(1).map((c, k) => (edges[k] + c) / 2));
          const bends = cross.filter((_, k) => Math.abs(s[k + 1] - s[k]) > 1e-9);
          const pieces = s.filter((v, k) => k === 0 || Math.abs(v - s[k - 1]) > 1e-9);
          const at = list(bends.map((c) => `x = ${fmt(c)}`));
          const slopeText = pieces.map((v) => fmt(v)).join(", ");
          if (bends.length) {
            said = `ReLU: the output bends at ${at}.`;
            detail.innerHTML = `It bends where a hidden neuron\u2019s sum <i>z</i> crosses 0 (written under its sliders), ` +
              `if the output uses that neuron. Slopes from left to right: <span class="mnn-slopes">${slopeText}</span>. ` +
              `No single line \u0177 = <i>wx</i> + <i>b</i> draws this: the network does not collapse.`;
            picture = `with ReLU: a line that bends at ${at}; slopes ${slopeText} from left to right`;
          } else {
            said = `ReLU: no bend between x = ${fmt(xlim[0])} and ${fmt(xlim[1])}, so here the output is still a straight line.`;
            detail.innerHTML = `Slope <span class="mnn-slopes">${slopeText}</span> all along. ` + (cross.length
              ? "A hidden neuron\u2019s sum <i>z</i> crosses 0 in view, but the output does not bend there: " +
                "its output weight is 0, or two bends cancel."
              : "No hidden neuron\u2019s sum <i>z</i> crosses 0 in view: to bend the output, bring a crossing " +
                "(written under each neuron\u2019s sliders) into view.");
            picture = `with ReLU: no bend in view, a straight line of slope ${slopeText}`;
          }
          const bendYs = bends.length ? net.forward([bends])[0] : [];
          marks.replaceChildren(...bends.flatMap((c, k) => [
            svgEl("line", { class: "mnn-bend-guide", x1: p.X(c), x2: p.X(c), y1: p.Y(ylim[0]), y2: p.Y(ylim[1]) }),
            svgEl("circle", { class: "mnn-bend", cx: p.X(c), cy: p.Y(Math.max(ylim[0] - 1, Math.min(ylim[1] + 1, bendYs[k]))), r: 5, "data-x": c }),
          ]));
        }
        status.textContent = said;
        const beyond = ys.some((y) => y < ylim[0] || y > ylim[1])
          ? `; part of it runs beyond the plot, which shows \u0177 from ${fmt(ylim[0])} to ${fmt(ylim[1])}` : "";
        p.svg.setAttribute("aria-label", `The network's output \u0177 for ${range}, ${picture}${beyond}.`);
        radios.identity.checked = !relu;
        radios.relu.checked = relu;
        hidden.forEach((row, j) => { row[0].set(W1[j]); row[1].set(b1[j]); });
        output[0].set(W2[0]); output[1].set(W2[1]); output[2].set(b2);
      }
      return { root: h("div", { class: "mnn-widget mnn-escape" }, [
        toggle, p.svg, status, detail,
        h("div", { class: "mnn-grouped" }, [
          fieldset("hidden neuron 1", hidden[0], notes[0]),
          fieldset("hidden neuron 2", hidden[1], notes[1]),
          fieldset("output neuron", output),
        ]),
      ]), draw };
    });
  },
};
