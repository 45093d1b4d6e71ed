// The two-parameter descent widget (chapter 8): the loss of the neuron y_hat = w x + b over
// its weight and its bias, L(w, b) = mean((w x_i + b - y_i)^2), as contour lines on the
// (w, b) plane (each line half as high above the lowest loss as the one around it), and the
// path of (w, b) <- (w, b) - lr (dL/dw, dL/db) from (w0, b0), run with the stop rules of
// descent_common.js; beside it the loss after each step, on a log axis. Python sends the
// lowest point (best) and the bowl's two curvatures (lambda_1 >= lambda_2): every step
// multiplies the distance to the lowest point by r_i = 1 - 2 lr lambda_i along each of the
// bowl's two directions, so the steep one (lambda_1) decides when the path zigzags and when
// it diverges.
const GRID = 60; // cells per side of the grid the contour lines are traced on

export default {
  render({ model, el }) {
    const names = ["lr", "w0", "b0", "max_steps", "tol", "x", "y", "wlim", "blim", "llim", "best", "curvatures", "limits"];
    const layout = () => ["x", "y", "wlim", "blim", "llim", "best", "curvatures", "limits"].map((n) => model.get(n));
    return mount(model, el, names, layout, () => {
      const limits = model.get("limits"), wlim = model.get("wlim"), blim = model.get("blim"), llim = model.get("llim");
      const best = model.get("best"), [steep, gentle] = model.get("curvatures");
      // The neuron as a mathnn layer, W of shape (1, 1); its loss L, one step and the run:
      // descent_common.js.
      const { L, run } = descentModel(([w, b]) => mnn.Dense.from_weights([[w]], [[b]]),
                                      (layer) => [layer.W[0][0], layer.b[0][0]], [model.get("x")], [model.get("y")]);
      const lossBest = L(best);

      // The contour map: w and b on the same scale, so the path's first step (the gradient)
      // stands at right angles to the contour line through the start.
      const width = 360, height = width - 56 + 48;
      const map = plot({ width, height, xlim: wlim, ylim: blim, xlabel: "weight w", ylabel: "bias b" });
      map.svg.classList.add("mnn-contour-map");
      const drawing = map.svg.lastChild;
      const grid = [];  // grid[i][j] = L - L* at (w_i, b_j)
      for (let i = 0; i <= GRID; i++) {
        const w = wlim[0] + ((wlim[1] - wlim[0]) * i) / GRID;
        grid.push([]);
        for (let j = 0; j <= GRID; j++) grid[i].push(L([w, blim[0] + ((blim[1] - blim[0]) * j) / GRID]) - lossBest);
      }
      let level = 1.6 * Math.max(...grid.map((col) => Math.max(...col)));
      for (let k = 0; k < 16; k++) {
        level /= 2;
        drawing.append(svgEl("path", { class: "mnn-contour", d: contour(grid, level, map, wlim, blim) }));
      }
      const [bx, by] = [map.X(best[0]), map.Y(best[1])];
      drawing.append(svgEl("path", { class: "mnn-best-mark", d: `M${bx - 6},${by}H${bx + 6}M${bx},${by - 6}V${by + 6}` }));
      const pathEl = svgEl("polyline", { class: "mnn-path", fill: "none" });
      const dots = svgEl("g", { class: "mnn-path-dots" });
      drawing.append(pathEl, dots);

      const report = h("p", { class: "mnn-equation", "aria-live": "polite" });
      const why = h("p", { class: "mnn-note mnn-why" });
      const chartBox = h("div", { class: "mnn-chart-box" });
      const sliders = traitSliders(model, { lr: "learning rate \u03b7", w0: "start w\u2080", b0: "start b\u2080", max_steps: "step limit" });
      const setLr = (v) => { model.set("lr", v); model.save_changes(); };
      const oneStep = 1 / (2 * steep), diverge = 1 / steep;
      sliderMarks(sliders.lr, limits.lr, [
        { value: oneStep, text: `${fmt(oneStep, 3)}<br>across in 1 step`,
          name: `1/(2\u03bb\u2081) = ${fmt(oneStep, 3)}: at this rate one step crosses the steep direction ` +
                `exactly to the valley floor (r\u2081 = 0)` },
        { value: diverge, text: `${fmt(diverge, 3)}<br>diverges`,
          name: `1/\u03bb\u2081 = ${fmt(diverge, 3)}: past this rate the zigzag across the valley grows ` +
                `and the descent diverges` },
      ], setLr);
      const buttons = stepButtons(model);
      const rates = h("p", { class: "mnn-note mnn-rate" });

      function draw() {
        const lr = model.get("lr"), tol = model.get("tol"), maxSteps = model.get("max_steps");
        const { path, losses, reason } = run({ start: [model.get("w0"), model.get("b0")], lr, tol, maxSteps, lowest: lossBest, top: llim[1] });
        const steps = path.length - 1, [w, b] = path[steps];
        const cw = (v) => Math.max(wlim[0] - 1e3, Math.min(wlim[1] + 1e3, v));
        const cb = (v) => Math.max(blim[0] - 1e3, Math.min(blim[1] + 1e3, v));
        pathEl.setAttribute("points", path.map((p) => `${map.X(cw(p[0]))},${map.Y(cb(p[1]))}`).join(" "));
        dots.replaceChildren(...path.map((p, i) => svgEl("circle", {
          cx: map.X(cw(p[0])), cy: map.Y(cb(p[1])), r: i === steps ? 5 : i === 0 ? 4 : 2.5,
          class: i === steps ? "mnn-point" : i === 0 ? "mnn-start" : "mnn-bias" })));

        const r1 = 1 - 2 * lr * steep, r2 = 1 - 2 * lr * gentle;
        const reasonText = stopReason({ reason, losses, tol, lowest: lossBest, top: llim[1],
          hint: "past \u03b7 = 1/\u03bb\u2081 each step overshoots across the valley more than the last",
          stalledHint: Math.abs(1 + r1) < 0.01 ? "each step jumps across the valley to about the same height."
                                               : "the steps along the valley floor have become tiny." });
        report.innerHTML = `After <b>${plural(steps, "step")}</b>: <i>w</i> = ${num(w, 3)}, <i>b</i> = ${num(b, 3)}, ` +
          `<i>L</i>(<i>w</i>, <i>b</i>) = ${num(losses[steps], 4)}. Stopped because ${reasonText.short}.`;
        report.dataset.reason = reason;
        why.textContent = reasonText.long;
        rates.innerHTML = `Across the valley (the steep direction, \u03bb\u2081 = ${fmt(steep, 3)}) each step ` +
          `multiplies the distance to the lowest point by <i>r</i>\u2081 = 1 \u2212 2\u03b7\u03bb\u2081 = <b>${fmt(r1, 3)}</b>; ` +
          `along it (gentle, \u03bb\u2082 = ${fmt(gentle, 3)}) by <i>r</i>\u2082 = <b>${fmt(r2, 3)}</b>. ` +
          `A negative <i>r</i> flips sides every step: a zigzag.`;
        rates.dataset.r = `${r1} ${r2}`;

        const excess = losses.map((v) => v - lossBest);
        chartBox.replaceChildren(lossChart({ width: 270, height: 300, excess, llim, ylabel: "L \u2212 lowest L, log scale", xmax: Math.max(5, maxSteps),
          label: `How far the loss is above its lowest value after each step, on a log scale: ` +
                 `${amount(excess[0])} at the start, ${amount(Math.max(excess[steps], 0))} after ${plural(steps, "step")}.` }));
        map.svg.setAttribute("aria-label", `Contour lines of the loss over the weight w and the bias b: a long ` +
          `narrow valley around the lowest point, w = ${fmt(best[0], 3)}, b = ${fmt(best[1], 3)}. The path of ` +
          `gradient descent at learning rate ${fmt(lr)} from w = ${fmt(path[0][0])}, b = ${fmt(path[0][1])}: ` +
          `${plural(steps, "step")}, ending at w = ${num(w, 3)}, b = ${num(b, 3)}; stopped because ${reasonText.short}.`);
        for (const name in sliders) sliders[name].set(model.get(name));
        sliders.lr.el.querySelector("input").setAttribute("aria-valuetext", `${fmt(lr)}: r\u2081 = ${fmt(r1)}, r\u2082 = ${fmt(r2)}`);
        buttons.update(reason);
      }
      return { root: h("div", { class: "mnn-widget mnn-descent2d" }, [
        h("div", { class: "mnn-row mnn-charts" }, [map.svg, chartBox]), report, why,
        h("div", { class: "mnn-sliders" }, Object.values(sliders).map((s) => s.el)),
        buttons.el, rates,
      ]), draw };
    });
  },
};

// The contour line L - L* = level through the grid, by marching squares: in each cell, the
// points where the level crosses its edges (found by straight-line interpolation between
// the corners) are joined by a segment. Returns an SVG path.
function contour(grid, level, map, wlim, blim) {
  const n = grid.length - 1;
  const wAt = (i) => wlim[0] + ((wlim[1] - wlim[0]) * i) / n, bAt = (j) => blim[0] + ((blim[1] - blim[0]) * j) / n;
  let d = "";
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // corners in order around the cell, and the crossing on each edge between them
      const corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const crossings = [];
      for (let e = 0; e < 4; e++) {
        const [p, q] = [corners[e], corners[(e + 1) % 4]];
        const vp = grid[p[0]][p[1]] - level, vq = grid[q[0]][q[1]] - level;
        if ((vp < 0) === (vq < 0)) continue;
        const t = vp / (vp - vq);
        crossings.push([map.X(wAt(p[0] + t * (q[0] - p[0]))), map.Y(bAt(p[1] + t * (q[1] - p[1])))]);
      }
      for (let k = 0; k + 1 < crossings.length; k += 2)
        d += `M${crossings[k][0].toFixed(1)},${crossings[k][1].toFixed(1)}L${crossings[k + 1][0].toFixed(1)},${crossings[k + 1][1].toFixed(1)}`;
    }
  }
  return d;
}
