// The neuron widget (chapter 1): sliders for w, b and x redraw f(x) = w x + b.
//
// The output axis runs from -6 to 6, so that slopes stay visible (the widest range the
// sliders allow, -12 to 12, flattened every line); an output beyond it shows as an arrow at
// the plot's edge, with its value. The weight is drawn as a rise over a run of 1: from the
// point (x, f(x)), one step of 1 in x changes the output by w.
const YLIM = [-6, 6];

export default {
  render({ model, el }) {
    return mount(model, el, ["w", "b", "x", "limits"], () => model.get("limits"), () => {
      const xlim = model.get("limits").x.slice(0, 2);
      const p = plot({ width: 420, height: 440, xlim, ylim: YLIM, xlabel: "input x", ylabel: "output f(x)" });
      const line = p.curve("mnn-line");
      const layer = p.svg.lastChild; // the clipped drawing area
      const run = svgEl("path", { class: "mnn-run", fill: "none" });
      const rise = svgEl("path", { class: "mnn-rise", fill: "none" });
      const runLabel = svgEl("text", { class: "mnn-triangle-label", "text-anchor": "middle" });
      const riseLabel = svgEl("text", { class: "mnn-triangle-label" });
      layer.append(run, rise);
      p.svg.append(runLabel, riseLabel);
      const bias = svgEl("path", { class: "mnn-bias-mark" }); // a diamond at (0, b)
      const point = p.dot("mnn-point", 6);
      const offscale = svgEl("g", { class: "mnn-offscale" });
      p.svg.append(bias, offscale);
      const equation = h("p", { class: "mnn-equation", "aria-live": "polite" });
      const sliders = traitSliders(model, { w: "weight w", b: "bias b", x: "input x" });
      const inside = (y) => y >= YLIM[0] && y <= YLIM[1];

      function drawTriangle(x, y, w) {
        // one step of 1 in x (to the right, or to the left at the right edge), then w up
        const dx = x + 1 <= xlim[1] ? 1 : -1;
        const x1 = x + dx, y1 = mnn.neuron(x1, w, model.get("b"));
        run.setAttribute("d", `M${p.X(x)},${p.Y(y)}H${p.X(x1)}`);
        rise.setAttribute("d", `M${p.X(x1)},${p.Y(y)}V${p.Y(y1)}`);
        const show = inside(y) && inside(y1);
        for (const e of [run, rise, runLabel, riseLabel]) e.style.display = show ? "" : "none";
        runLabel.setAttribute("x", (p.X(x) + p.X(x1)) / 2);
        runLabel.setAttribute("y", p.Y(y) + (w >= 0 ? 15 : -6));
        runLabel.textContent = "1";
        riseLabel.setAttribute("x", p.X(x1) + (dx > 0 ? 5 : -5));
        riseLabel.setAttribute("y", (p.Y(y) + p.Y(y1)) / 2 + 4);
        riseLabel.setAttribute("text-anchor", dx > 0 ? "start" : "end");
        riseLabel.textContent = `w = ${fmt(w)}`;
      }

      function drawOffscale(x, y) {
        // the output beyond the plot: an arrow at the edge it left through, with the value
        offscale.replaceChildren();
        if (inside(y)) return;
        const top = y > YLIM[1], X = p.X(x), Y = p.Y(top ? YLIM[1] : YLIM[0]);
        const back = top ? Y + 12 : Y - 12; // the arrow's tip at the edge, pointing out
        offscale.append(svgEl("path", { d: `M${X},${Y}L${X - 7},${back}L${X + 7},${back}Z`, class: "mnn-arrow" }),
          Object.assign(svgEl("text", { x: X + 10, y: top ? Y + 12 : Y - 4, class: "mnn-triangle-label" }),
                        { textContent: `f(x) = ${fmt(y)}` }));
      }

      function draw() {
        const w = model.get("w"), b = model.get("b"), x = model.get("x");
        const y = mnn.neuron(x, w, b);
        line((t) => mnn.neuron(t, w, b));
        const bx = p.X(0), by = p.Y(b);
        bias.setAttribute("d", `M${bx},${by - 6}L${bx + 6},${by}L${bx},${by + 6}L${bx - 6},${by}Z`);
        point(x, Math.max(YLIM[0] - 1, Math.min(YLIM[1] + 1, y)));
        drawTriangle(x, y, w);
        drawOffscale(x, y);
        equation.innerHTML = `<i>f</i>(<i>x</i>) = ${fmt(w)}<i>x</i> ${signed(b)}` +
          ` &nbsp;&nbsp; so &nbsp;&nbsp; <i>f</i>(${fmt(x)}) = ${fmt(w)} \u00d7 ${fmt(x)} ${signed(b)} = <b>${fmt(y)}</b>`;
        p.svg.setAttribute("aria-label", `The line f(x) = ${fmt(w)}x ${signed(b)}: it rises by the weight, ` +
          `${fmt(w)}, for each step of 1 in x, and crosses the vertical axis at the bias, ${fmt(b)}; ` +
          `at x = ${fmt(x)} it gives ${fmt(y)}${inside(y) ? "" : ", beyond the plot"}.`);
        for (const name in sliders) sliders[name].set(model.get(name));
      }
      return { root: h("div", { class: "mnn-widget mnn-neuron" }, [
        p.svg, equation, h("div", { class: "mnn-sliders" }, Object.values(sliders).map((s) => s.el)),
      ]), draw };
    });
  },
};
