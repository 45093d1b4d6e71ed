// The many-bump widget (chapter 4): n bumps side by side follow a target curve g(x).
// Bump k is two sigmoid neurons of steepness w: one steps up at s_k with output weight +h_k,
// the other steps down at s_(k+1) with output weight -h_k. The steps s come from Python
// (fixed), the target as points (x, g(x)) from Python too; the sliders set the heights h_k
// and the shared w. The network's output is computed by mathnn.js at the target's inputs,
// and the widget reports the largest gap |y(x) - g(x)| among them, and where it is.
export default {
  render({ model, el }) {
    const names = ["h", "w", "s", "target", "goal", "xlim", "ylim", "limits"];
    const layout = () => ["s", "target", "xlim", "ylim", "limits"].map((name) => model.get(name));
    return mount(model, el, names, layout, () => {
      const limits = model.get("limits"), s = model.get("s"), n = s.length - 1;
      const pts = model.get("target"), xs = pts.map((q) => q[0]), gs = pts.map((q) => q[1]);
      const xlim = model.get("xlim"), ylim = model.get("ylim");
      const bumps = Array.from({ length: n }, (_, k) => k);
      const partClass = (k) => `mnn-bumps-part mnn-bumps-part-${k % 2 ? "even" : "odd"}`;
      const sub = (name, k) => `<i>${name}</i><sub>${k + 1}</sub>`;
      const subscripted = (name, k) => [  // the same in SVG text: name italic, k + 1 lowered
        Object.assign(svgEl("tspan", { "font-style": "italic" }), { textContent: name }),
        Object.assign(svgEl("tspan", { "baseline-shift": "sub" }), { textContent: `${k + 1}` })];

      // The network 1 -> 2 len(ks) sigmoid neurons -> 1 of the bumps ks: first each bump's
      // step up (b = -w s_k), then each one's step down (b = -w s_(k+1)), as in Python.
      const network = (ks) => {
        const w = model.get("w"), h = model.get("h");
        const steps = [...ks.map((k) => s[k]), ...ks.map((k) => s[k + 1])];
        return new mnn.Network([
          mnn.Dense.from_weights(steps.map(() => [w]), steps.map((t) => [-w * t]), "sigmoid"),
          mnn.Dense.from_weights([[...ks.map((k) => h[k]), ...ks.map((k) => -h[k])]], [[0]]),
        ]);
      };

      const p = plot({ width: 520, height: 300, xlim, ylim, xlabel: "input x", ylabel: "output y(x)" });
      const layer = p.svg.lastChild; // the clipped drawing area
      const path = (cls) => layer.appendChild(svgEl("path", { class: cls, fill: "none" }));
      const parts = bumps.map((k) => path(partClass(k)));
      const total = path("mnn-line mnn-bumps-sum");
      const target = path("mnn-bumps-target");
      const gapLine = path("mnn-bumps-gap");
      const gapLabel = svgEl("text", { class: "mnn-tick mnn-bumps-gap-label" });
      const labels = bumps.map(() => svgEl("text", { class: "mnn-tick mnn-bumps-number", "text-anchor": "middle" }));
      p.svg.append(gapLabel, ...labels);

      // A polyline through (xs[i], ys[i]), clamped as plot() clamps its curves.
      function trace(el, ys) {
        let d = "";
        for (let i = 0; i < xs.length; i++) {
          const y = Math.max(ylim[0] - 1e3, Math.min(ylim[1] + 1e3, ys[i]));
          d += `${i ? "L" : "M"}${p.X(xs[i]).toFixed(2)},${p.Y(y).toFixed(2)}`;
        }
        el.setAttribute("d", d);
      }
      trace(target, gs);

      // A legend key: a short line in a curve's style.
      const key = (cls) => {
        const svg = svgEl("svg", { class: "mnn-key", viewBox: "0 0 36 12", width: 36, height: 12, "aria-hidden": "true" });
        svg.append(svgEl("line", { x1: 2, y1: 6, x2: 34, y2: 6, class: cls }));
        return svg;
      };
      const which = (odd) => bumps.filter((k) => (k % 2 === 0) === odd).map((k) => k + 1);
      const legend = h("ul", { class: "mnn-legend" }, [
        h("li", {}, [key("mnn-bumps-target"), "target g(x)"]),
        ...[true, false].filter((odd) => which(odd).length).map((odd) => h("li", {}, [
          key(partClass(odd ? 0 : 1)), `${which(odd).length > 1 ? "bumps" : "bump"} ${which(odd).join(", ")}`])),
        h("li", {}, [key("mnn-bumps-sum"), "their sum y(x)"]),
        h("li", {}, [key("mnn-bumps-gap"), "largest gap"])]);

      const readout = h("p", { class: "mnn-equation mnn-bumps-readout", "aria-live": "polite" });
      const wSlider = slider("steepness <i>w</i>", limits.w, model.get("w"), (v) => {
        model.set("w", v);
        model.save_changes();
      }, `steepness w of all ${2 * n} neurons`);
      const hSliders = [], notes = [];
      const groups = bumps.map((k) => {
        hSliders.push(slider(sub("h", k), limits.h, model.get("h")[k], (v) => {
          const h = model.get("h").slice();
          h[k] = v;
          model.set("h", h);
          model.save_changes();
        }, `height h${k + 1} of bump ${k + 1}`));
        notes.push(h("p", { class: "mnn-note" }));
        return h("fieldset", { class: "mnn-group" }, [
          h("legend", {}, [key(partClass(k)), ` bump ${k + 1}`]), hSliders[k].el, notes[k]]);
      });

      function draw() {
        const hs = model.get("h"), goal = model.get("goal");
        const net = network(bumps);
        const ys = net.forward([xs])[0];
        const b = net.layers[0].b; // the biases mathnn uses: -w s, steps up then steps down
        bumps.forEach((k) => trace(parts[k], network([k]).forward([xs])[0]));
        trace(total, ys);

        // the largest gap |y(x) - g(x)| among the target's points, and where it is
        let worst = 0;
        for (let i = 1; i < xs.length; i++)
          if (Math.abs(ys[i] - gs[i]) > Math.abs(ys[worst] - gs[worst])) worst = i;
        const gap = Math.abs(ys[worst] - gs[worst]), shown = fmt(gap, 3);
        const gx = p.X(xs[worst]), gy1 = p.Y(ys[worst]), gy2 = p.Y(gs[worst]);
        gapLine.setAttribute("d", `M${gx - 5},${gy1}H${gx + 5}M${gx},${gy1}V${gy2}M${gx - 5},${gy2}H${gx + 5}`);
        const right = xs[worst] < (xlim[0] + xlim[1]) / 2;
        gapLabel.setAttribute("x", gx + (right ? 8 : -8));
        gapLabel.setAttribute("y", (gy1 + gy2) / 2 + 4);
        gapLabel.setAttribute("text-anchor", right ? "start" : "end");
        gapLabel.textContent = "largest gap";

        // each bump's height name, h_k, at the foot of the plot in the middle of its piece of x
        bumps.forEach((k) => {
          const x0 = p.X(Math.max(s[k], xlim[0])), x1 = p.X(Math.min(s[k + 1], xlim[1]));
          labels[k].setAttribute("x", (x0 + x1) / 2);
          labels[k].setAttribute("y", p.Y(ylim[0]) - 6);
          labels[k].replaceChildren(...subscripted("h", k));
        });

        const reached = goal !== null && goal !== undefined && Number(shown.replace("\u2212", "-")) < goal;
        const verdict = goal === null || goal === undefined ? ""
          : reached ? ` Goal reached: ${shown} is below ${fmt(goal)}.` : ` Goal: below ${fmt(goal)}; not yet.`;
        readout.innerHTML = `Largest gap max |<i>y</i>(<i>x</i>) \u2212 <i>g</i>(<i>x</i>)| = <b>${shown}</b>, ` +
          `at <i>x</i> = ${fmt(xs[worst])}.` + (reached ? ` <b class="mnn-bumps-goal">\u2713 ${verdict.trim()}</b>` : verdict);
        readout.classList.toggle("mnn-bumps-reached", reached);

        wSlider.set(model.get("w"));
        bumps.forEach((k) => {
          hSliders[k].set(hs[k]);
          const where = (t) => (t < xlim[0] || t > xlim[1] ? " (off the plot)" : "");
          notes[k].innerHTML = `up at <i>s</i> = ${fmt(s[k])}${where(s[k])}: <i>b</i> = ${fmt(b[k][0], 1)}<br>` +
            `down at <i>s</i> = ${fmt(s[k + 1])}${where(s[k + 1])}: <i>b</i> = ${fmt(b[n + k][0], 1)}`;
        });
        p.svg.setAttribute("aria-label", `${n} bumps of height ${hs.map((v) => fmt(v)).join(", ")} and their sum ` +
          `(thick), against the target curve (dashed), for x from ${fmt(xlim[0])} to ${fmt(xlim[1])}. The largest ` +
          `gap between them is ${shown}, at x = ${fmt(xs[worst])}.`);
      }
      return { root: h("div", { class: "mnn-widget mnn-bumps" }, [
        p.svg, legend, readout, h("div", { class: "mnn-sliders mnn-bumps-w" }, [wSlider.el]),
        h("div", { class: "mnn-grouped" }, groups)]), draw };
    });
  },
};
