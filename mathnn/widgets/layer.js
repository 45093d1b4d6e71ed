// The layer widget (chapter 2): a slider for every input, weight and bias of a small layer;
// the diagram (edge width = |weight|, blue solid = positive, orange dashed = negative),
// the matrix product W x + b = z with the current numbers, and z on each neuron.
export default {
  render({ model, el }) {
    const layout = () => [model.get("W").length, model.get("W")[0].length, model.get("limits")];
    return mount(model, el, ["W", "b", "x", "limits"], layout, () => {
      const limits = model.get("limits");
      const nOut = model.get("W").length, nIn = model.get("W")[0].length;
      const width = 360, rowH = 64, height = Math.max(nIn, nOut) * rowH + 24;
      const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, class: "mnn-diagram", role: "img" });
      const yOf = (i, n) => 12 + (height - 24) * (n === 1 ? 0.5 : (i + 0.5) / n);
      const xIn = 50, xOut = width - 70;
      const edges = [], inputs = [], neurons = [];
      for (let j = 0; j < nOut; j++) {
        edges.push([]);
        for (let k = 0; k < nIn; k++) {
          const e = svgEl("line", { x1: xIn, y1: yOf(k, nIn), x2: xOut, y2: yOf(j, nOut), class: "mnn-edge" });
          svg.append(e);
          edges[j].push(e);
        }
      }
      const node = (x, y, cls) => {
        const g = svgEl("g", { class: cls });
        g.append(svgEl("circle", { cx: x, cy: y, r: 24 }));
        const name = Object.assign(svgEl("text", { x, y: y - 4, "text-anchor": "middle", class: "mnn-node-name" }), {});
        const value = svgEl("text", { x, y: y + 12, "text-anchor": "middle", class: "mnn-node-value" });
        g.append(name, value);
        svg.append(g);
        return { name, value };
      };
      for (let k = 0; k < nIn; k++) inputs.push(node(xIn, yOf(k, nIn), "mnn-input"));
      for (let j = 0; j < nOut; j++) neurons.push(node(xOut, yOf(j, nOut), "mnn-neuron-node"));
      const matrices = h("div", { class: "mnn-matrices", "aria-live": "polite" });

      // Sliders: inputs x_k, weights W[j][k] (input k -> neuron j), biases b_j.
      const set = (name, j, k) => (v) => {
        const value = structuredClone(model.get(name));
        if (k === undefined) value[j] = v; else value[j][k] = v;
        model.set(name, value);
        model.save_changes();
      };
      const groups = { x: [], W: [], b: [] };
      for (let k = 0; k < nIn; k++)
        groups.x.push(slider(`<i>x</i><sub>${k + 1}</sub>`, limits.x, model.get("x")[k], set("x", k),
                             `input x${k + 1}`));
      for (let j = 0; j < nOut; j++)
        for (let k = 0; k < nIn; k++)
          groups.W.push(slider(`<i>w</i><sub>${j + 1}${k + 1}</sub>`, limits.W, model.get("W")[j][k],
                               set("W", j, k), `weight w${j + 1}${k + 1}, from input x${k + 1} to neuron ${j + 1}`));
      for (let j = 0; j < nOut; j++)
        groups.b.push(slider(`<i>b</i><sub>${j + 1}</sub>`, limits.b, model.get("b")[j], set("b", j),
                             `bias b${j + 1} of neuron ${j + 1}`));

      const column = (values, cls = "") =>
        `<span class="mnn-bracket"><table class="mnn-matrix ${cls}">${values.map((row) => `<tr>${[].concat(row).map((v) => `<td>${fmt(v)}</td>`).join("")}</tr>`).join("")}</table></span>`;

      function draw() {
        const W = model.get("W"), b = model.get("b"), x = model.get("x");
        const z = mnn.Dense.from_weights(W, b.map((v) => [v])).forward(x.map((v) => [v])).map((row) => row[0]);
        const wMax = Math.max(1e-9, ...W.flat().map(Math.abs));
        W.forEach((row, j) => row.forEach((w, k) => {
          const e = edges[j][k];
          e.setAttribute("stroke-width", (0.5 + (5 * Math.abs(w)) / wMax).toFixed(2));
          e.setAttribute("class", `mnn-edge ${w >= 0 ? "mnn-pos" : "mnn-neg"}`);
        }));
        inputs.forEach((n, k) => { n.name.textContent = `x${k + 1}`; n.value.textContent = fmt(x[k]); });
        neurons.forEach((n, j) => { n.name.textContent = `z${j + 1}`; n.value.textContent = fmt(z[j]); });
        matrices.innerHTML =
          `<span class="mnn-term"><i>W</i>${column(W)}</span><span class="mnn-op"></span>` +
          `<span class="mnn-term"><i>x</i>${column(x)}</span><span class="mnn-op">+</span>` +
          `<span class="mnn-term"><i>b</i>${column(b)}</span><span class="mnn-op">=</span>` +
          `<span class="mnn-term"><i>z</i>${column(z, "mnn-result")}</span>`;
        svg.setAttribute("aria-label", `A layer of ${nOut} neurons with ${nIn} inputs. ` +
          z.map((v, j) => `Neuron ${j + 1}: z${j + 1} = ${W[j].map((w, k) => `${fmt(w)} times ${fmt(x[k])}`).join(" plus ")} plus ${fmt(b[j])} = ${fmt(v)}.`).join(" "));
        groups.x.forEach((s, k) => s.set(x[k]));
        groups.W.forEach((s, i) => s.set(W[Math.floor(i / nIn)][i % nIn]));
        groups.b.forEach((s, j) => s.set(b[j]));
      }
      const fieldset = (legend, items, columns, cls) => h("fieldset", { class: `mnn-group ${cls}` }, [
        h("legend", {}, [legend]),
        h("div", { class: "mnn-group-grid", style: `grid-template-columns: repeat(${columns}, 1fr)` },
          items.map((s) => s.el)),
      ]);
      return { root: h("div", { class: "mnn-widget mnn-layer" }, [
        h("div", { class: "mnn-row" }, [svg, matrices]),
        h("div", { class: "mnn-grouped" }, [
          // the weight sliders sit where their numbers sit in W: row j = neuron j, column k = input k
          fieldset("weights W (row j: neuron j; column k: input k)", groups.W, nIn, "mnn-weights"),
          fieldset("inputs x", groups.x, 1, "mnn-inputs"),
          fieldset("biases b", groups.b, 1, "mnn-biases"),
        ]),
      ]), draw };
    });
  },
};
