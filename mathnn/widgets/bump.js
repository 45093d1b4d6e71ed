// The bump widget (chapter 4): y(x) = sum_j v_j sigmoid(w_j x + b_j). Sliders for every
// w_j, b_j (hidden neuron j) and v_j (its weight into the output). Each neuron's part
// v_j sigmoid(w_j x + b_j) is drawn in its own colour and line style, their sum thick, a
// target to match dashed; a legend names them. Beside each b_j the widget shows where the
// neuron steps, s_j = -b_j / w_j, and under its sliders which way it steps. The y-range is
// the smallest box (the `ylim` trait) grown in steps of 0.5 until every curve fits.
const GRID = 200; // the curves are drawn through GRID + 1 evenly spaced inputs
const STYLES = 4; // neuron j's part has style (j mod 4) + 1 (bump.css)

export default {
  render({ model, el }) {
    const names = ["w", "b", "v", "target", "xlim", "ylim", "limits"];
    const layout = () => [model.get("w").length, model.get("xlim"), model.get("limits")];
    return mount(model, el, names, layout, () => {
      const limits = model.get("limits");
      const n = model.get("w").length;
      const xlim = model.get("xlim");
      const grid = Array.from({ length: GRID + 1 }, (_, i) => xlim[0] + ((xlim[1] - xlim[0]) * i) / GRID);
      const partClass = (j) => `mnn-bump-part mnn-bump-part-${(j % STYLES) + 1}`;
      const digits = (v) => (Number.isInteger(v) ? 0 : 2); // w and b step by 1: whole numbers
      const num = (v) => fmt(v, digits(v));
      const sub = (name, j) => `<i>${name}</i><sub>${j + 1}</sub>`;
      const subscripted = (name, j) => [  // the same in SVG text: name italic, j + 1 lowered
        Object.assign(svgEl("tspan", { "font-style": "italic" }), { textContent: name }),
        Object.assign(svgEl("tspan", { "baseline-shift": "sub" }), { textContent: `${j + 1}` })];

      // The network 1 -> sigmoid neurons j in `js` -> 1 linear output (mathnn.js).
      const network = (js) => {
        const w = model.get("w"), b = model.get("b"), v = model.get("v");
        return new mnn.Network([
          mnn.Dense.from_weights(js.map((j) => [w[j]]), js.map((j) => [b[j]]), "sigmoid"),
          mnn.Dense.from_weights([js.map((j) => v[j])], [[0]]),
        ]);
      };
      const outputs = (js) => network(js).forward([grid])[0]; // y at every grid input
      const all = Array.from({ length: n }, (_, j) => j);

      // A legend key: a short line in a curve's style.
      const key = (cls) => {
        const svg = svgEl("svg", { class: "mnn-key", viewBox: "0 0 36 12", width: 36, height: 12, "aria-hidden": "true" });
        svg.append(svgEl("line", { x1: 2, y1: 6, x2: 34, y2: 6, class: cls }));
        return svg;
      };
      const targetItem = h("li", {}, [key("mnn-bump-target"), "target"]);
      const legend = h("ul", { class: "mnn-legend" }, [
        ...all.map((j) => h("li", {}, [key(partClass(j)), `neuron ${j + 1}'s part`])),
        h("li", {}, [key("mnn-bump-sum"), "their sum y(x)"]), targetItem]);

      // The plot; drawn anew (sliders kept) when the curves need another y-range.
      const box = h("div", { class: "mnn-plot-box" });
      let view = null;
      function plotFor(ylim) {
        const k = ylim.join(" ");
        if (view && view.key === k) return view;
        const p = plot({ width: 520, height: 300, xlim, ylim, xlabel: "input x", ylabel: "output y(x)" });
        const layer = p.svg.lastChild; // the clipped drawing area
        const path = (cls) => layer.appendChild(svgEl("path", { class: cls, fill: "none" }));
        const marks = all.map((j) => {
          const g = svgEl("g", { class: "mnn-bump-mark" });
          g.append(svgEl("line", { class: partClass(j) }), svgEl("text", { class: "mnn-tick", "text-anchor": "middle" }));
          p.svg.append(g);
          return g;
        });
        view = { key: k, p, ylim, parts: all.map((j) => path(partClass(j))), total: path("mnn-line mnn-bump-sum"),
                 target: path("mnn-bump-target"), marks };
        box.replaceChildren(p.svg);
        return view;
      }
      // A polyline through (xs[i], ys[i]), clamped as plot() clamps its curves.
      function trace(el, { p, ylim }, xs, ys) {
        let d = "";
        for (let i = 0; i < xs.length; i++) {
          const y = Math.max(ylim[0] - 1e3, Math.min(ylim[1] + 1e3, ys[i]));
          d += `${i ? "L" : "M"}${p.X(xs[i]).toFixed(2)},${p.Y(y).toFixed(2)}`;
        }
        el.setAttribute("d", d);
      }

      const set = (name, j) => (v) => {
        const value = model.get(name).slice();
        value[j] = v;
        model.set(name, value);
        model.save_changes();
      };
      const groups = [], sliders = [], stepsAt = [], notes = [];
      for (let j = 0; j < n; j++) {
        const row = [
          slider(sub("w", j), limits.w, model.get("w")[j], set("w", j), `weight w${j + 1} of neuron ${j + 1}`),
          slider(sub("b", j), limits.b, model.get("b")[j], set("b", j), `bias b${j + 1} of neuron ${j + 1}`),
          slider(sub("v", j), limits.v, model.get("v")[j], set("v", j), `output weight v${j + 1} of neuron ${j + 1}`),
        ];
        const stepAt = h("p", { class: "mnn-note mnn-bump-s" });
        const note = h("p", { class: "mnn-note" });
        sliders.push(row);
        stepsAt.push(stepAt);
        notes.push(note);
        groups.push(h("fieldset", { class: "mnn-group" }, [
          h("legend", {}, [key(partClass(j)), ` neuron ${j + 1}`]),
          h("div", { class: "mnn-group-grid" }, [row[0].el, row[1].el, stepAt, row[2].el]), note]));
      }
      const equation = h("p", { class: "mnn-equation", "aria-live": "polite" });

      // What neuron j does, in words: where it steps and which way, or why it does not.
      function describe(j, w, b, v) {
        if (w[j] === 0) {
          const flat = network([j]).forward([[0]])[0][0]; // v sigmoid(0 x + b) = v sigmoid(b)
          return {
            html: `${sub("w", j)} = 0: no step, a flat line at ${sub("v", j)}\u00b7\u03c3(${sub("b", j)}) = ` +
                  `${fmt(v[j])}\u00b7\u03c3(${num(b[j])}) = ${fmt(flat)}`,
            text: `w${j + 1} = 0: no step, a flat line at v${j + 1}\u00b7\u03c3(b${j + 1}) = ` +
                  `${fmt(v[j])}\u00b7\u03c3(${num(b[j])}) = ${fmt(flat)}`,
          };
        }
        const s = -b[j] / w[j]; // the step: where w x + b = 0
        const off = s < xlim[0] || s > xlim[1] ? " (off the plot)" : "";
        if (v[j] === 0) {
          const text = `v${j + 1} = 0: switched off, adds 0 everywhere`;
          return { html: text.replace(`v${j + 1}`, sub("v", j)), text };
        }
        // far left of the step the sigmoid is 0 (w > 0) or 1 (w < 0); far right the other
        const [from, to] = w[j] > 0 ? [0, v[j]] : [v[j], 0];
        const text = `steps ${to > from ? "up" : "down"} at x = ${fmt(s)}${off}, from ${fmt(from)} to ${fmt(to)}`;
        return { html: text, text };
      }

      function draw() {
        const w = model.get("w"), b = model.get("b"), v = model.get("v"), pts = model.get("target");
        const parts = all.map((j) => outputs([j]));
        const total = outputs(all);
        // the smallest box that holds the `ylim` box and every curve, in steps of 0.5
        const ys = [...total, ...parts.flat(), ...pts.map((q) => q[1])];
        const box0 = model.get("ylim");
        const ylim = [Math.min(box0[0], Math.floor((Math.min(...ys) - 0.05) * 2) / 2),
                      Math.max(box0[1], Math.ceil((Math.max(...ys) + 0.05) * 2) / 2)];
        const view = plotFor(ylim), p = view.p;
        parts.forEach((part, j) => trace(view.parts[j], view, grid, part));
        trace(view.total, view, grid, total);
        trace(view.target, view, pts.map((q) => q[0]), pts.map((q) => q[1]));
        targetItem.hidden = !pts.length;
        const said = all.map((j) => describe(j, w, b, v));
        all.forEach((j) => {
          sliders[j][0].set(w[j]); sliders[j][1].set(b[j]); sliders[j][2].set(v[j]);
          notes[j].innerHTML = said[j].html;
          const s = w[j] === 0 ? null : -b[j] / w[j];
          const off = s !== null && (s < xlim[0] || s > xlim[1]);
          stepsAt[j].innerHTML = s === null ? `no step: ${sub("w", j)} = 0`
            : `step at ${sub("s", j)} = \u2212${sub("b", j)}/${sub("w", j)} = ${fmt(s)}${off ? " (off the plot)" : ""}`;
          // a mark on the x-axis where the neuron steps
          const mark = view.marks[j];
          mark.style.display = s === null || off ? "none" : "";
          if (s !== null && !off) {
            const x = p.X(s), y = p.Y(ylim[0]);
            const [line, label] = mark.children;
            for (const [a, val] of [["x1", x], ["x2", x], ["y1", y], ["y2", y - 12]]) line.setAttribute(a, val);
            label.setAttribute("x", x);
            label.setAttribute("y", y - 15);
            label.replaceChildren(...subscripted("s", j));
          }
        });
        equation.innerHTML = "<i>y</i>(<i>x</i>) = " + all.map((j) =>
          `${j ? ` ${signed(v[j])}` : fmt(v[j])}\u00b7\u03c3(${num(w[j])}<i>x</i> ${signed(b[j], digits(b[j]))})`).join("");
        p.svg.setAttribute("aria-label", `The sum of ${n} sigmoid neurons (thick) and each neuron's part, ` +
          `for x from ${fmt(xlim[0])} to ${fmt(xlim[1])}, y from ${fmt(ylim[0], 1)} to ${fmt(ylim[1], 1)}` +
          `${pts.length ? ", with the target dashed" : ""}. ` + said.map((d, j) => `Neuron ${j + 1}: ${d.text}.`).join(" "));
      }
      return { root: h("div", { class: "mnn-widget mnn-bump" }, [box, legend, equation, h("div", { class: "mnn-grouped" }, groups)]), draw };
    });
  },
};
