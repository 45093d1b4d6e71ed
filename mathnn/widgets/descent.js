// The descent widget (chapter 8): gradient descent on one weight w of the neuron
// y_hat = w x + b, loss L(w) = mean((w x_i + b - y_i)^2). It runs w <- w - lr dL/dw from w0
// until the loss falls by less than `tol` in a step, or `max_steps` steps, and draws the
// path on the loss curve and the loss after every step.
export default {
  render({ model, el }) {
    const names = ["lr", "w0", "max_steps", "tol", "x", "y", "b", "wlim", "limits"];
    const layout = () => ["x", "y", "b", "wlim", "limits"].map((n) => model.get(n));
    return mount(model, el, names, layout, () => {
      const limits = model.get("limits");
      const xs = model.get("x"), ys = model.get("y"), b = model.get("b");
      // The neuron y_hat = w x + b as a mathnn layer, its loss, and one step of descent.
      const X = [xs], Y = [ys];
      const neuronAt = (w) => mnn.Dense.from_weights([[w]], [[b]]);
      const L = (w) => mnn.mean_squared_error(neuronAt(w).forward(X), Y);
      const step = (w, lr) => {
        const layer = neuronAt(w);
        layer.backward(mnn.mean_squared_error_prime(layer.forward(X), Y));
        mnn.sgd_update(layer, lr);
        return layer.W[0][0];
      };
      const wlim = model.get("wlim");
      const lmax = Math.max(L(wlim[0]), L(wlim[1]));
      const curve = plot({ width: 520, height: 260, xlim: wlim, ylim: [0, lmax * 1.05], xlabel: "weight w", ylabel: "loss L(w)" });
      curve.curve("mnn-line")(L);
      const pathEl = svgEl("polyline", { class: "mnn-path", fill: "none" });
      const dots = svgEl("g", { class: "mnn-path-dots" });
      curve.svg.lastChild.append(pathEl, dots);
      const history = plot({ width: 520, height: 190, xlim: [0, limits.max_steps[1]], ylim: [0, lmax * 1.05], xlabel: "step", ylabel: "loss" });
      const histEl = svgEl("polyline", { class: "mnn-line", fill: "none" });
      history.svg.lastChild.append(histEl);
      const report = h("p", { class: "mnn-equation", "aria-live": "polite" });
      const sliders = traitSliders(model, { lr: "learning rate \u03b7", w0: "start w\u2080", max_steps: "step limit" });
      function run() {
        const lr = model.get("lr"), tol = model.get("tol"), maxSteps = model.get("max_steps");
        const ws = [model.get("w0")];
        let reason = "step limit";
        for (let t = 0; t < maxSteps; t++) {
          const w = ws[ws.length - 1], next = step(w, lr);
          ws.push(next);
          if (Math.abs(next) > 1e6 || !Number.isFinite(L(next))) { reason = "blew up"; break; }
          if (Math.abs(L(w) - L(next)) < tol) { reason = "tolerance"; break; }
        }
        return { ws, reason };
      }
      function draw() {
        const { ws, reason } = run();
        const clampL = (w) => Math.min(L(w), lmax * 2);
        const clampW = (w) => Math.max(wlim[0] - 1e3, Math.min(wlim[1] + 1e3, w));
        pathEl.setAttribute("points", ws.map((w) => `${curve.X(clampW(w))},${curve.Y(clampL(w))}`).join(" "));
        dots.replaceChildren(...ws.map((w, i) => svgEl("circle", { cx: curve.X(clampW(w)), cy: curve.Y(clampL(w)), r: i === ws.length - 1 ? 5 : 3, class: i === ws.length - 1 ? "mnn-point" : "mnn-bias" })));
        histEl.setAttribute("points", ws.map((w, i) => `${history.X(i)},${history.Y(clampL(w))}`).join(" "));
        const last = ws[ws.length - 1], steps = ws.length - 1;
        const why = reason === "tolerance" ? `the loss fell by less than ${model.get("tol")} in one step`
          : reason === "blew up" ? "the weight ran off to infinity" : "the step limit was reached";
        report.innerHTML = `After <b>${steps}</b> steps: <i>w</i> = ${fmt(last, 3)}, <i>L</i>(<i>w</i>) = ${fmt(L(last), 4)}. Stopped because ${why}.`;
        curve.svg.setAttribute("aria-label", `Gradient descent with learning rate ${fmt(model.get("lr"))} from w = ${fmt(ws[0])}: ${steps} steps, ending at w = ${fmt(last, 3)} with loss ${fmt(L(last), 4)}; stopped because ${why}.`);
        for (const name in sliders) sliders[name].set(model.get(name));
      }
      return { root: h("div", { class: "mnn-widget mnn-descent" }, [
        curve.svg, report, history.svg, h("div", { class: "mnn-sliders" }, Object.values(sliders).map((s) => s.el)),
      ]), draw };
    });
  },
};
