// The bump widget (chapter 4): y(x) = sum_j v_j sigmoid(w_j x + b_j). Sliders for every
// w_j, b_j (hidden neuron j) and v_j (its weight into the output); the thin curves are
// each neuron's contribution, the thick one their sum, the dashed one a target to match.
export default {
  render({ model, el }) {
    const names = ["w", "b", "v", "target", "xlim", "ylim", "limits"];
    const layout = () => [model.get("w").length, model.get("xlim"), model.get("ylim"), model.get("limits")];
    return mount(model, el, names, layout, () => {
      const limits = model.get("limits");
      const n = model.get("w").length;
      const xlim = model.get("xlim"), ylim = model.get("ylim");
      const p = plot({ width: 520, height: 300, xlim, ylim, xlabel: "input x", ylabel: "output y(x)" });
      const target = p.curve("mnn-line-2");
      const parts = Array.from({ length: n }, () => p.curve("mnn-part"));
      const total = p.curve("mnn-line");
      // The network 1 -> sigmoid neurons j in `js` -> 1 linear output, as a function of x.
      const network = (js) => {
        const w = model.get("w"), b = model.get("b"), v = model.get("v");
        const net = new mnn.Network([
          mnn.Dense.from_weights(js.map((j) => [w[j]]), js.map((j) => [b[j]]), "sigmoid"),
          mnn.Dense.from_weights([js.map((j) => v[j])], [[0]]),
        ]);
        return (x) => net.forward([[x]])[0][0];
      };
      const set = (name, j) => (v) => {
        const value = model.get(name).slice();
        value[j] = v;
        model.set(name, value);
        model.save_changes();
      };
      const groups = [], sliders = [], steps = [];
      for (let j = 0; j < n; j++) {
        const row = [
          slider(`<i>w</i><sub>${j + 1}</sub>`, limits.w, model.get("w")[j], set("w", j), `weight w${j + 1} of neuron ${j + 1}`),
          slider(`<i>b</i><sub>${j + 1}</sub>`, limits.b, model.get("b")[j], set("b", j), `bias b${j + 1} of neuron ${j + 1}`),
          slider(`<i>v</i><sub>${j + 1}</sub>`, limits.v, model.get("v")[j], set("v", j), `output weight v${j + 1} of neuron ${j + 1}`),
        ];
        const step = h("p", { class: "mnn-note" });
        sliders.push(row);
        steps.push(step);
        groups.push(h("fieldset", { class: "mnn-group" }, [
          h("legend", {}, [`neuron ${j + 1}`]), h("div", { class: "mnn-group-grid" }, row.map((s) => s.el)), step]));
      }
      const equation = h("p", { class: "mnn-equation", "aria-live": "polite" });
      function draw() {
        const w = model.get("w"), b = model.get("b"), v = model.get("v"), pts = model.get("target");
        parts.forEach((part, j) => part(network([j])));
        total(network(w.map((_, j) => j)));
        if (pts.length) {
          const xs = pts.map((q) => q[0]), ys = pts.map((q) => q[1]);
          target((x) => {  // piecewise-linear through the target points
            let i = xs.findIndex((t) => t >= x);
            if (i <= 0) return ys[Math.max(i, 0)];
            return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1])) / (xs[i] - xs[i - 1]);
          });
        }
        sliders.forEach((row, j) => { row[0].set(w[j]); row[1].set(b[j]); row[2].set(v[j]); });
        steps.forEach((s, j) => {
          s.textContent = w[j] === 0 ? "w = 0: a flat line at v/2"
            : `steps up at x = \u2212b/w = ${fmt(-b[j] / w[j])}, from ${fmt(w[j] > 0 ? 0 : v[j])} to ${fmt(w[j] > 0 ? v[j] : 0)}`;
        });
        equation.innerHTML = "<i>y</i>(<i>x</i>) = " + w.map((wj, j) =>
          `${j ? " + " : ""}${fmt(v[j])}\u00b7\u03c3(${fmt(wj)}<i>x</i> ${signed(b[j])})`).join("");
        p.svg.setAttribute("aria-label", `The sum of ${n} sigmoid neurons. ` + w.map((wj, j) =>
          `Neuron ${j + 1} ${steps[j].textContent}.`).join(" "));
      }
      return { root: h("div", { class: "mnn-widget mnn-bump" }, [p.svg, equation, h("div", { class: "mnn-grouped" }, groups)]), draw };
    });
  },
};
