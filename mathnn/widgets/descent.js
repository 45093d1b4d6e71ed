// The descent widget (chapter 8): gradient descent on one weight w of the neuron
// y_hat = w x + b (b fixed), with the loss L(w) = mean((w x_i + b - y_i)^2) = a (w - w*)^2 + c.
// It runs w <- w - lr dL/dw from w0 with the stop rules of descent_common.js, and draws the
// path on the loss curve (with the tangent that made the last step), the loss after each
// step on a log axis, and marks on the learning-rate slider at the one-step rate 1/(2a)
// (r = 0) and the divergence rate 1/a (r = -1), where r = 1 - 2 lr a multiplies the
// distance to w* at every step, whatever the start.
export default {
  render({ model, el }) {
    const names = ["lr", "w0", "max_steps", "tol", "x", "y", "b", "wlim", "llim", "limits"];
    const layout = () => ["x", "y", "b", "wlim", "llim", "limits"].map((n) => model.get(n));
    return mount(model, el, names, layout, () => {
      const limits = model.get("limits"), wlim = model.get("wlim"), llim = model.get("llim");
      const xs = model.get("x"), ys = model.get("y"), b = model.get("b");
      // The neuron as a mathnn layer; its loss L, one step and the run: descent_common.js.
      const X = [xs], Y = [ys];
      const { L, backward, step, run } = descentModel((w) => mnn.Dense.from_weights([[w]], [[b]]),
                                                      (layer) => layer.W[0][0], X, Y);
      const slope = (w) => backward(w).dW[0][0];
      // a = mean(x^2), the mean squared error of the inputs against 0. One step at the rate
      // 1/(2a) lands on the best weight w* from anywhere (r = 0): that is how we find it.
      const a = mnn.mean_squared_error(X, [xs.map(() => 0)]);
      const oneStep = 1 / (2 * a), diverge = 1 / a;
      const wBest = step(0, oneStep), lossBest = L(wBest);

      const lmax = Math.max(L(wlim[0]), L(wlim[1]));
      const curve = plot({ width: 520, height: 260, xlim: wlim, ylim: [0, lmax * 1.05], xlabel: "weight w", ylabel: "loss L(w)" });
      curve.curve("mnn-line")(L);
      const drawing = curve.svg.lastChild;
      const bottom = svgEl("g", { class: "mnn-best" });
      bottom.append(svgEl("line", { x1: curve.X(wBest), x2: curve.X(wBest), y1: curve.Y(0), y2: curve.Y(lossBest), class: "mnn-best-line" }),
        Object.assign(svgEl("text", { x: curve.X(wBest) + 4, y: curve.Y(0) - 5, class: "mnn-best-label" }), { textContent: "w*" }));
      const tangent = svgEl("line", { class: "mnn-tangent" });
      const pathEl = svgEl("polyline", { class: "mnn-path", fill: "none" });
      const dots = svgEl("g", { class: "mnn-path-dots" });
      drawing.append(bottom, tangent, pathEl, dots);

      const report = h("p", { class: "mnn-equation", "aria-live": "polite" });
      const why = h("p", { class: "mnn-note mnn-why" });
      const chartBox = h("div", { class: "mnn-chart-box" });
      const sliders = traitSliders(model, { lr: "learning rate \u03b7", w0: "start w\u2080", max_steps: "step limit" });
      const setLr = (v) => { model.set("lr", v); model.save_changes(); };
      sliderMarks(sliders.lr, limits.lr, [
        { value: oneStep, text: `${fmt(oneStep)}<br><i>w</i>* in 1 step`,
          name: `1/(2a) = ${fmt(oneStep, 3)}: at this rate one step lands on the best weight w* (r = 0)` },
        { value: diverge, text: `${fmt(diverge)}<br>diverges`,
          name: `1/a = ${fmt(diverge, 3)}: past this rate the descent diverges (r below \u22121)` },
      ], setLr);
      const buttons = stepButtons(model);
      const rate = h("p", { class: "mnn-note mnn-rate" });

      // r = 1 - 2 lr a, and what it means for the path, in words
      const regime = (r) => (r > 1e-9 ? "it creeps in from one side"
        : r >= -1e-9 ? "one step lands on w*"
        : r > -1 + 1e-9 ? "it zigzags across w* and closes in"
        : r >= -1 - 1e-9 ? "it jumps to the same height on the other side, for ever"
        : "it zigzags further out at every step: it diverges");

      function draw() {
        const lr = model.get("lr"), tol = model.get("tol"), maxSteps = model.get("max_steps");
        const { path: ws, losses, reason } = run({ start: model.get("w0"), lr, tol, maxSteps, lowest: lossBest, top: llim[1] });
        const steps = ws.length - 1, last = ws[steps];
        // the path on the curve; far-off points are drawn just outside the plot
        const cw = (w) => Math.max(wlim[0] - 1e3, Math.min(wlim[1] + 1e3, w));
        const cl = (v) => Math.min(v, lmax * 3);
        pathEl.setAttribute("points", ws.map((w, i) => `${curve.X(cw(w))},${curve.Y(cl(losses[i]))}`).join(" "));
        dots.replaceChildren(...ws.map((w, i) => svgEl("circle", {
          cx: curve.X(cw(w)), cy: curve.Y(cl(losses[i])), r: i === steps ? 5 : 3, class: i === steps ? "mnn-point" : "mnn-bias" })));
        // the tangent at the start of the last step: the step follows it down, the curve bends up
        const w1 = ws[steps - 1], g = slope(w1);
        const end = losses[steps - 1] + g * (last - w1);
        tangent.setAttribute("x1", curve.X(cw(w1)));
        tangent.setAttribute("y1", curve.Y(cl(losses[steps - 1])));
        tangent.setAttribute("x2", curve.X(cw(last)));
        tangent.setAttribute("y2", curve.Y(Math.max(-lmax, Math.min(end, lmax * 3))));

        const r = step(wBest + 1, lr) - wBest;  // the distance 1 after one step: r = 1 - 2 lr a
        const reasonText = stopReason({ reason, losses, tol, lowest: lossBest, top: llim[1],
          hint: "past \u03b7 = 1/a each step overshoots more than the last",
          stalledHint: (last - wBest) * (w1 - wBest) < 0 ? "each step jumps across the valley to about the same height."
                                                          : "the steps have become tiny." });
        report.innerHTML = `After <b>${plural(steps, "step")}</b>: <i>w</i> = ${num(last, 3)}, ` +
          `<i>L</i>(<i>w</i>) = ${num(losses[steps], 4)}. Stopped because ${reasonText.short}.`;
        report.dataset.reason = reason;
        why.textContent = reasonText.long;
        rate.innerHTML = `Each step multiplies the distance to <i>w</i>* = ${fmt(wBest, 3)} by ` +
          `<i>r</i> = 1 \u2212 2\u03b7<i>a</i> = <b>${fmt(r, 3)}</b>: ${regime(r)}. ` +
          `No <i>w</i>\u2080 in it: the same from every start. (<i>a</i> = mean(<i>x</i>\u00b2) = ${fmt(a, 3)}.)`;
        rate.dataset.r = r;

        const excess = losses.map((v) => v - lossBest);
        chartBox.replaceChildren(lossChart({ width: 520, height: 240, excess, llim, ylabel: "L(w) \u2212 L(w*), log scale",
          xmax: Math.max(5, maxSteps),
          label: `How far the loss is above its lowest value after each step, on a log scale: ` +
                 `${amount(excess[0])} at the start, ${amount(Math.max(excess[steps], 0))} after ${plural(steps, "step")}.` }));
        curve.svg.setAttribute("aria-label", `The loss curve with gradient descent from w = ${fmt(ws[0])} at ` +
          `learning rate ${fmt(lr)}: ${plural(steps, "step")}, ending at w = ${num(last, 3)} with loss ` +
          `${num(losses[steps], 4)}; stopped because ${reasonText.short}.`);
        for (const name in sliders) sliders[name].set(model.get(name));
        sliders.lr.el.querySelector("input").setAttribute("aria-valuetext", `${fmt(lr)}: r = ${fmt(r)}, ${regime(r)}`);
        buttons.update(reason);
      }
      return { root: h("div", { class: "mnn-widget mnn-descent" }, [
        curve.svg, report, why, chartBox,
        h("div", { class: "mnn-sliders" }, Object.values(sliders).map((s) => s.el)),
        buttons.el, rate,
      ]), draw };
    });
  },
};
