// The layer widget (chapter 2): a slider for every input, weight and bias of a small layer.
//
// Three views of z = W x + b that light up together: the diagram (edge k -> j drawn from
// W_jk: width grows with |W_jk| on a fixed scale, blue solid = positive, orange dashed =
// negative, grey dotted = zero, faint when its input x_k is 0 and so carries nothing), the
// matrix product with the current numbers, and each neuron's sum written out. Focusing or
// hovering a slider, an edge or a matrix entry highlights the same weight in all three.
export default {
  render({ model, el }) {
    const layout = () => [model.get("W").length, model.get("W")[0].length, model.get("limits")];
    return mount(model, el, ["W", "b", "x", "limits"], layout, () => {
      const limits = model.get("limits");
      const nOut = model.get("W").length, nIn = model.get("W")[0].length;
      const wScale = Math.max(Math.abs(limits.W[0]), Math.abs(limits.W[1])); // fixed: one weight never thins another
      const width = 360, rowH = 64, height = Math.max(nIn, nOut) * rowH + 24;
      const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, class: "mnn-diagram", role: "img" });
      const yOf = (i, n) => 12 + (height - 24) * (n === 1 ? 0.5 : (i + 0.5) / n);
      const xIn = 50, xOut = width - 70;
      const edges = [], inputs = [], neurons = [];
      for (let j = 0; j < nOut; j++) {
        edges.push([]);
        for (let k = 0; k < nIn; k++) {
          const e = svgEl("line", { x1: xIn, y1: yOf(k, nIn), x2: xOut, y2: yOf(j, nOut), class: "mnn-edge",
                                    "data-j": j, "data-k": k });
          svg.append(e);
          edges[j].push(e);
        }
      }
      const node = (x, y, cls) => {
        const g = svgEl("g", { class: cls });
        g.append(svgEl("circle", { cx: x, cy: y, r: 24 }));
        const name = svgEl("text", { x, y: y - 4, "text-anchor": "middle", class: "mnn-node-name" });
        const value = svgEl("text", { x, y: y + 12, "text-anchor": "middle", class: "mnn-node-value" });
        g.append(name, value);
        svg.append(g);
        return { g, name, value };
      };
      for (let k = 0; k < nIn; k++) inputs.push(node(xIn, yOf(k, nIn), "mnn-input"));
      for (let j = 0; j < nOut; j++) neurons.push(node(xOut, yOf(j, nOut), "mnn-neuron-node"));

      // the matrix product, each bracket named underneath; screen readers get `said` instead
      const matrices = h("div", { class: "mnn-matrices", "aria-hidden": "true" });
      const sums = h("ol", { class: "mnn-sums", "aria-hidden": "true" });
      const said = h("p", { class: "mnn-sr-only", "aria-live": "polite" });

      // Sliders: inputs x_k, weights W[j][k] (input k -> neuron j), biases b_j.
      const set = (name, j, k) => (v) => {
        const value = model.get(name).map((row) => (Array.isArray(row) ? row.slice() : row));
        if (k === undefined) value[j] = v; else value[j][k] = v;
        model.set(name, value);
        model.save_changes();
      };
      const groups = { x: [], W: [], b: [] };
      for (let k = 0; k < nIn; k++)
        groups.x.push(slider(`<i>x</i><sub>${k + 1}</sub>`, limits.x, model.get("x")[k], set("x", k), `input x${k + 1}`));
      for (let j = 0; j < nOut; j++)
        for (let k = 0; k < nIn; k++)
          groups.W.push(slider(`<i>w</i><sub>${j + 1}${k + 1}</sub>`, limits.W, model.get("W")[j][k],
                               set("W", j, k), `weight w${j + 1}${k + 1}, from input x${k + 1} to neuron ${j + 1}`));
      for (let j = 0; j < nOut; j++)
        groups.b.push(slider(`<i>b</i><sub>${j + 1}</sub>`, limits.b, model.get("b")[j], set("b", j), `bias b${j + 1} of neuron ${j + 1}`));

      // Highlighting: everything marked data-hi="w12" (or x1, or b0) lights up together when
      // one of them is hovered or focused, and stays lit while its slider is dragged.
      let current = null;
      const paint = () => root.querySelectorAll("[data-hi]").forEach((e) =>
        e.classList.toggle("mnn-hi", current !== null && e.getAttribute("data-hi").split(" ").includes(current)));
      const lights = (element, key) => {
        for (const on of ["mouseenter", "focusin"]) element.addEventListener(on, () => { current = key; paint(); });
        for (const off of ["mouseleave", "focusout"]) element.addEventListener(off, () => { current = null; paint(); });
      };
      groups.W.forEach((s, i) => { s.el.setAttribute("data-hi", `w${Math.floor(i / nIn)}${i % nIn}`); lights(s.el, s.el.getAttribute("data-hi")); });
      groups.x.forEach((s, k) => { s.el.setAttribute("data-hi", `x${k}`); lights(s.el, `x${k}`); });
      groups.b.forEach((s, j) => { s.el.setAttribute("data-hi", `b${j}`); lights(s.el, `b${j}`); });
      edges.forEach((row, j) => row.forEach((e, k) => { e.setAttribute("data-hi", `w${j}${k} x${k}`); lights(e, `w${j}${k}`); }));
      inputs.forEach((n, k) => n.g.setAttribute("data-hi", `x${k}`));
      neurons.forEach((n, j) => n.g.setAttribute("data-hi", `b${j}`));

      const cell = (v, key) => `<td${key ? ` data-hi="${key}"` : ""}>${fmt(v)}</td>`;
      const bracket = (name, rows, cls = "") =>
        `<span class="mnn-term"><span class="mnn-bracket"><table class="mnn-matrix ${cls}">${rows.join("")}</table></span>` +
        `<span class="mnn-name">${name}</span></span>`;
      const factor = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));

      function draw() {
        const W = model.get("W"), b = model.get("b"), x = model.get("x");
        const layer = mnn.Dense.from_weights(W, b.map((v) => [v]));
        const z = layer.forward(x.map((v) => [v])).map((row) => row[0]);
        W.forEach((row, j) => row.forEach((w, k) => {
          const e = edges[j][k];
          e.setAttribute("stroke-width", (0.8 + (5 * Math.abs(w)) / wScale).toFixed(2));
          e.classList.remove("mnn-pos", "mnn-neg", "mnn-zero");
          e.classList.add(w > 0 ? "mnn-pos" : w < 0 ? "mnn-neg" : "mnn-zero");
          e.classList.toggle("mnn-idle", x[k] === 0); // its input is 0: this weight carries nothing now
        }));
        inputs.forEach((n, k) => { n.name.textContent = `x${k + 1}`; n.value.textContent = fmt(x[k]); });
        neurons.forEach((n, j) => { n.name.textContent = `z${j + 1}`; n.value.textContent = fmt(z[j]); });
        matrices.innerHTML =
          bracket("W", W.map((row, j) => `<tr>${row.map((w, k) => cell(w, `w${j}${k}`)).join("")}</tr>`)) +
          `<span class="mnn-op"></span>` +
          bracket("x", x.map((v, k) => `<tr>${cell(v, `x${k}`)}</tr>`)) + `<span class="mnn-op">+</span>` +
          bracket("b", b.map((v, j) => `<tr>${cell(v, `b${j}`)}</tr>`)) + `<span class="mnn-op">=</span>` +
          bracket("z", z.map((v) => `<tr>${cell(v)}</tr>`), "mnn-result");
        sums.innerHTML = z.map((v, j) => `<li><i>z</i><sub>${j + 1}</sub> = ` +
          W[j].map((w, k) => `<span data-hi="w${j}${k} x${k}">${factor(w)} \u00d7 ${factor(x[k])}</span>`).join(" + ") +
          ` <span data-hi="b${j}">${signed(b[j])}</span> = <b>${fmt(v)}</b></li>`).join("");
        said.textContent = z.map((v, j) => `z${j + 1} = ${fmt(v)}`).join(", ");
        svg.setAttribute("aria-label", `A layer of ${nOut} neurons with ${nIn} inputs. ` +
          z.map((v, j) => `Neuron ${j + 1}: z${j + 1} = ${W[j].map((w, k) => `${fmt(w)} times ${fmt(x[k])}`).join(" plus ")} plus ${fmt(b[j])} = ${fmt(v)}.`).join(" "));
        groups.x.forEach((s, k) => s.set(x[k]));
        groups.W.forEach((s, i) => s.set(W[Math.floor(i / nIn)][i % nIn]));
        groups.b.forEach((s, j) => s.set(b[j]));
        paint();
      }
      const fieldset = (legend, items, columns, cls) => h("fieldset", { class: `mnn-group ${cls}` }, [
        h("legend", {}, [legend]),
        h("div", { class: "mnn-group-grid", style: `--mnn-columns: ${columns}` }, items.map((s) => s.el)),
      ]);
      const root = h("div", { class: "mnn-widget mnn-layer" }, [
        h("div", { class: "mnn-row" }, [svg, h("div", { class: "mnn-math" }, [matrices, sums, said])]),
        h("div", { class: "mnn-grouped" }, [
          // the weight sliders sit where their numbers sit in W: row j = neuron j, column k = input k
          fieldset("weights W (row j: neuron j; column k: input k)", groups.W, nIn, "mnn-weights"),
          fieldset("inputs x", groups.x, 1, "mnn-inputs"),
          fieldset("biases b", groups.b, 1, "mnn-biases"),
        ]),
      ]);
      return { root, draw };
    });
  },
};
