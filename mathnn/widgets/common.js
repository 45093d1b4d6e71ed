// Shared drawing helpers for mathnn's widgets. Each widget's JavaScript (its anywidget
// `_esm`) is mathnn.js (as `mnn`), then this file, then the widget's own file, so the
// helpers travel with every widget and work on the static page with no server. They draw;
// the math is mathnn.js's.

const SVG_NS = "http://www.w3.org/2000/svg";
// Ids this module makes (clip paths, sliders' labels): each widget module on a page starts
// a million past the one before, so two kinds of widget on one page never share an id.
let mnnCounter = globalThis.mnnIdBase = (globalThis.mnnIdBase ?? 0) + 1e6;

// An HTML element: h("p", {class: "x"}, ["text", child]).
function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

// An SVG element.
function svgEl(tag, attrs = {}) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

// A number for display: fixed digits, a true minus sign, no "-0.00".
function fmt(v, digits = 2) {
  const s = Number(v).toFixed(digits);
  return (/^-0\.?0*$/.test(s) ? s.slice(1) : s).replace("-", "\u2212");
}

// "+ 0.50" or "\u2212 0.50": a term that follows another in an equation.
function signed(v, digits = 2) {
  return (v < 0 ? "\u2212 " : "+ ") + fmt(Math.abs(v), digits);
}

// A labelled range slider with a numeric readout. Keyboard: arrows, Page Up/Down, Home/End.
// `label` is shown (HTML allowed, e.g. w<sub>12</sub>); `name`, read by screen readers,
// defaults to the label's text. `limits` is [min, max, step]; `onInput(value)` runs as
// the reader drags.
function slider(label, limits, value, onInput, name) {
  const id = `mnn-slider-${++mnnCounter}`;
  const [min, max, step] = limits;
  const digits = step >= 1 ? 0 : 2;
  const labelEl = h("label", { for: id });
  labelEl.innerHTML = label;
  // data-lm-suppress-shortcuts: in JupyterLab the arrow keys move the slider, not the notebook
  const input = h("input", { type: "range", id, min, max, step, value, "data-lm-suppress-shortcuts": "true",
                             "aria-label": name || labelEl.textContent });
  const readout = h("output", { for: id, class: "mnn-readout", "aria-hidden": "true" }, [fmt(value, digits)]);
  input.addEventListener("input", () => onInput(Number(input.value)));
  const el = h("div", { class: "mnn-slider" }, [labelEl, input, readout]);
  return {
    el,
    set(v) {
      input.value = v;
      readout.textContent = fmt(v, digits);
      input.setAttribute("aria-valuetext", fmt(v, digits));
    },
  };
}

// One slider per scalar trait: `labels` maps a trait name to its label. Dragging sets the
// trait (and, in Jupyter, Python's value); returns {name: slider}.
function traitSliders(model, labels) {
  const limits = model.get("limits"), sliders = {};
  for (const [name, label] of Object.entries(labels)) {
    sliders[name] = slider(label, limits[name], model.get(name), (v) => {
      model.set(name, v);
      model.save_changes();
    });
  }
  return sliders;
}

// A plot box: maps data coordinates to SVG pixels, draws axes, and clips its curves.
function plot({ width = 420, height = 280, xlim, ylim, xlabel = "x", ylabel = "y", title }) {
  const pad = { left: 44, right: 12, top: 12, bottom: 36 };
  const X = (x) => pad.left + ((x - xlim[0]) / (xlim[1] - xlim[0])) * (width - pad.left - pad.right);
  const Y = (y) => height - pad.bottom - ((y - ylim[0]) / (ylim[1] - ylim[0])) * (height - pad.top - pad.bottom);
  // The mapping, for anyone reading the drawing back as numbers (the browser tests do):
  // data x in data-x-domain maps linearly onto pixels data-x-range, and likewise for y.
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, class: "mnn-plot", role: "img",
                             "data-x-domain": xlim.join(" "), "data-x-range": `${X(xlim[0])} ${X(xlim[1])}`,
                             "data-y-domain": ylim.join(" "), "data-y-range": `${Y(ylim[0])} ${Y(ylim[1])}` });
  if (title) svg.setAttribute("aria-label", title);
  const clipId = `mnn-clip-${++mnnCounter}`;
  const clip = svgEl("clipPath", { id: clipId });
  clip.append(svgEl("rect", { x: pad.left, y: pad.top, width: width - pad.left - pad.right,
                              height: height - pad.top - pad.bottom }));
  svg.append(clip);
  const xt = ticks(xlim), yt = ticks(ylim);
  for (const t of xt) {
    svg.append(svgEl("line", { x1: X(t), x2: X(t), y1: Y(ylim[0]), y2: Y(ylim[1]), class: t === 0 ? "mnn-axis" : "mnn-grid" }));
    svg.append(Object.assign(svgEl("text", { x: X(t), y: height - pad.bottom + 14, class: "mnn-tick", "text-anchor": "middle" }), { textContent: fmt(t, xt.digits) }));
  }
  for (const t of yt) {
    svg.append(svgEl("line", { x1: X(xlim[0]), x2: X(xlim[1]), y1: Y(t), y2: Y(t), class: t === 0 ? "mnn-axis" : "mnn-grid" }));
    svg.append(Object.assign(svgEl("text", { x: pad.left - 6, y: Y(t) + 4, class: "mnn-tick", "text-anchor": "end" }), { textContent: fmt(t, yt.digits) }));
  }
  svg.append(Object.assign(svgEl("text", { x: (X(xlim[0]) + X(xlim[1])) / 2, y: height - 4, class: "mnn-label", "text-anchor": "middle" }), { textContent: xlabel }));
  svg.append(Object.assign(svgEl("text", { x: 12, y: (Y(ylim[0]) + Y(ylim[1])) / 2, class: "mnn-label", "text-anchor": "middle", transform: `rotate(-90 12 ${(Y(ylim[0]) + Y(ylim[1])) / 2})` }), { textContent: ylabel }));
  const layer = svgEl("g", { "clip-path": `url(#${clipId})` });
  svg.append(layer);
  return {
    svg, X, Y,
    // A curve y = f(x) sampled at n points, as a path element with class `cls`.
    curve(cls) {
      const path = svgEl("path", { class: cls, fill: "none" });
      layer.append(path);
      return (f, n = 200) => {
        let d = "";
        for (let i = 0; i <= n; i++) {
          const x = xlim[0] + ((xlim[1] - xlim[0]) * i) / n;
          d += `${i ? "L" : "M"}${X(x).toFixed(2)},${Y(Math.max(ylim[0] - 1e3, Math.min(ylim[1] + 1e3, f(x)))).toFixed(2)}`;
        }
        path.setAttribute("d", d);
      };
    },
    // A dot with class `cls`; returns a function that moves it to (x, y).
    dot(cls, r = 5) {
      const c = svgEl("circle", { r, class: cls });
      layer.append(c);
      return (x, y) => { c.setAttribute("cx", X(x)); c.setAttribute("cy", Y(y)); };
    },
  };
}

// About 5 to 10 tick positions at a "nice" step (1, 2 or 5 times a power of ten), and
// the number of decimals their labels need.
function ticks([lo, hi]) {
  const raw = (hi - lo) / 6, power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * power).find((s) => s >= raw);
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const out = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) out.push(+t.toFixed(digits));
  out.digits = digits;
  return out;
}

// Show a widget in `el` and keep it current, whatever changes it: a slider here, or Python
// in Jupyter. `build()` makes the widget's elements from the model and returns
// {root, draw}; draw() runs whenever a trait in `names` changes. If `layout()` gives
// another value too (the layer got another shape, the data changed), the widget is first
// built anew, so what it shows always matches every trait. Returns the cleanup function.
function mount(model, el, names, layout, build) {
  let key = null, view = null;
  const update = () => {
    const k = JSON.stringify(layout());
    if (k !== key) {
      key = k;
      view = build();
      el.replaceChildren(view.root);
    }
    view.draw();
  };
  update();
  for (const n of names) model.on(`change:${n}`, update);
  return () => { for (const n of names) model.off(`change:${n}`, update); };
}
