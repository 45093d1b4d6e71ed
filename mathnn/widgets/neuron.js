// The neuron widget (chapter 1): sliders for w, b and x redraw f(x) = w x + b.
export default {
  render({ model, el }) {
    return mount(model, el, ["w", "b", "x", "limits"], () => model.get("limits"), () => {
      const limits = model.get("limits");
      // room for every output the sliders allow: |f(x)| <= max|w| max|x| + max|b|
      const big = (r) => Math.max(Math.abs(r[0]), Math.abs(r[1]));
      const yMax = big(limits.w) * big(limits.x) + big(limits.b);
      const p = plot({ xlim: limits.x.slice(0, 2), ylim: [-yMax, yMax], xlabel: "input x", ylabel: "output f(x)" });
      const line = p.curve("mnn-line");
      const bias = p.dot("mnn-bias", 4);
      const point = p.dot("mnn-point", 6);
      const equation = h("p", { class: "mnn-equation", "aria-live": "polite" });
      const sliders = traitSliders(model, { w: "weight w", b: "bias b", x: "input x" });
      function draw() {
        const w = model.get("w"), b = model.get("b"), x = model.get("x");
        const y = mnn.neuron(x, w, b);
        line((t) => mnn.neuron(t, w, b));
        bias(0, b);
        point(x, y);
        equation.innerHTML = `<i>f</i>(<i>x</i>) = ${fmt(w)}<i>x</i> ${signed(b)}` +
          ` &nbsp;&nbsp; so &nbsp;&nbsp; <i>f</i>(${fmt(x)}) = ${fmt(w)} \u00d7 ${fmt(x)} ${signed(b)} = <b>${fmt(y)}</b>`;
        p.svg.setAttribute("aria-label", `The line f(x) = ${fmt(w)}x ${signed(b)}: slope ${fmt(w)}, ` +
          `crossing the vertical axis at the bias ${fmt(b)}; at x = ${fmt(x)} it gives ${fmt(y)}.`);
        for (const name in sliders) sliders[name].set(model.get(name));
      }
      return { root: h("div", { class: "mnn-widget mnn-neuron" }, [
        p.svg, equation, h("div", { class: "mnn-sliders" }, Object.values(sliders).map((s) => s.el)),
      ]), draw };
    });
  },
};
