// Shared by the two descent widgets of chapter 8, one weight (descent.js) and two
// (descent2d.js): the run with its stop rules, number formats, the chart of the loss after
// each step on a log axis, marks under the learning-rate slider, the step buttons. They run
// and draw; every number comes from mathnn.js (as `mnn`) or from the widget's traits.

// ----- numbers as a reader wants them -------------------------------------------------

const SUPERSCRIPT = { "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074", "5": "\u2075",
                      "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079", "-": "\u207b" };
const superscript = (n) => String(n).replace(/[0-9-]/g, (c) => SUPERSCRIPT[c]);

// Scientific notation: 6.6·10⁷, −4.3·10⁴, 10⁻⁶ (a power of ten alone).
function sci(v, digits = 1) {
  if (v === 0) return "0";
  if (!Number.isFinite(v)) return v > 0 ? "\u221e" : "\u2212\u221e";
  const [exact, e0] = v.toExponential().split("e");
  if (exact === "1" || exact === "-1") return `${exact === "-1" ? "\u2212" : ""}10${superscript(Number(e0))}`;
  const [mantissa, e] = v.toExponential(digits).split("e");
  return `${mantissa.replace("-", "\u2212")}\u00b710${superscript(Number(e))}`;
}

// A weight or a loss: fixed digits while they fit (1.782), scientific when huge (6.6·10⁷).
function num(v, digits = 2) {
  return Math.abs(v) >= 1e4 || !Number.isFinite(v) ? sci(v) : fmt(v, digits);
}

// An amount that may be tiny or huge (a change of the loss): 0.0312, 2.6·10⁻⁵, 1.6·10⁹.
function amount(v) {
  return v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4) ? sci(v) : fmt(v, 4);
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// ----- the run and why it stopped ------------------------------------------------------

// Gradient descent from `start`: p <- step(p), with the book's stop rules, the same as
// Python's (mathnn/widgets/descent.py, `descend`). After each step it stops when
//  - the loss is no finite number, or more than `top` above its lowest value `lowest`, that
//    is, above the top of the chart of the loss: "ran off";
//  - the loss changed by less than `tol` in the step: "converged" if the loss is within
//    100 tol of its lowest value, "stalled" if not (it stopped changing away from the bottom);
// and after `maxSteps` steps it says how the loss went: "rising" (up at every step),
// "falling" (down at every step) or "mixed".
function descend({ start, step, loss, tol, maxSteps, lowest, top }) {
  const path = [start], losses = [loss(start)];
  for (let t = 0; t < maxSteps; t++) {
    const p = step(path[t]);
    path.push(p);
    losses.push(loss(p));
    const value = losses[t + 1];
    if (!Number.isFinite(value) || value - lowest > top) return { path, losses, reason: "ran off" };
    if (Math.abs(losses[t] - value) < tol)
      return { path, losses, reason: value - lowest <= 100 * tol ? "converged" : "stalled" };
  }
  const up = ups(losses);
  return { path, losses, reason: up === maxSteps ? "rising" : up === 0 ? "falling" : "mixed" };
}

// How many steps raised the loss.
function ups(losses) {
  let n = 0;
  for (let t = 1; t < losses.length; t++) if (losses[t] > losses[t - 1]) n++;
  return n;
}

// Why the run stopped, in words: `short` for the live report, `long` for the note under it.
// `hint` says why the loss rises (past the divergence rate); `stalledHint` why it stopped
// changing away from the bottom.
function stopReason({ reason, losses, tol, lowest, top, hint, stalledHint }) {
  const steps = losses.length - 1, last = losses[steps], up = ups(losses);
  const above = last - lowest, change = losses[steps - 1] - last;
  const lowestText = `its lowest value, ${num(lowest, 4)}`;
  if (reason === "converged")
    return { short: "the loss stopped changing, close to its lowest value",
             long: `The loss changed by less than ${sci(tol)} in the last step, and it is within ` +
                   `${sci(100 * tol)} of ${lowestText}.` };
  if (reason === "stalled")
    return { short: "the loss stopped changing, but this is not the bottom",
             long: `The loss changed by less than ${sci(tol)} in the last step, yet it is still ` +
                   `${amount(above)} above ${lowestText}: ${stalledHint} \u201cThe loss stopped ` +
                   `changing\u201d is not \u201cwe are at the bottom\u201d.` };
  if (reason === "ran off")
    return { short: `the loss left the top of the chart at step ${steps}: the run ran off`,
             long: `At step ${steps} the loss was more than ${sci(top)} above ${lowestText}, off the top ` +
                   `of the chart. It went up at ${up === steps ? "every step" : `${up} of the ${steps} steps`}: ${hint}.` };
  if (reason === "rising")
    return { short: `the step limit was reached; the loss went up at every step: ${hint}`,
             long: `The loss went up at every step, by ${amount(-change)} in the last one. ` +
                   `More steps only take it higher.` };
  if (reason === "falling")
    return { short: "the step limit was reached while the loss was still falling",
             long: `The loss was still falling, by ${amount(change)} in the last step: ` +
                   `more steps would take it lower.` };
  const lastRose = change < 0;
  return { short: `the step limit was reached; the loss went up at ${up} of the ${steps} steps` +
                  (lastRose ? ", the last one too" : ""),
           long: lastRose ? `The loss went up at the last step, by ${amount(-change)}: ${hint}.`
                          : `The loss fell at the last step, by ${amount(change)}.` };
}

// ----- a neuron, its loss, one step, the run --------------------------------------------

// A neuron as a mathnn layer, `neuronAt(p)` for the parameters p (w, or [w, b]), on the
// data X, Y: its loss L(p) = mean((y_hat - y)^2), the layer after backpropagation (its dW,
// db), one step of descent p <- p - lr dp, and run(): the descent from `start` with the stop
// rules above. `read(layer)` gives the parameters back from a layer.
function descentModel(neuronAt, read, X, Y) {
  const finite = (p) => [].concat(p).every(Number.isFinite);
  const L = (p) => (finite(p) ? mnn.mean_squared_error(neuronAt(p).forward(X), Y) : Infinity);
  const backward = (p) => {
    const layer = neuronAt(p);
    layer.backward(mnn.mean_squared_error_prime(layer.forward(X), Y));
    return layer;
  };
  const step = (p, lr) => {
    const layer = backward(p);
    mnn.sgd_update(layer, lr);
    return read(layer);
  };
  const run = ({ start, lr, tol, maxSteps, lowest, top }) =>
    descend({ start, step: (p) => step(p, lr), loss: L, tol, maxSteps, lowest, top });
  return { L, backward, step, run };
}

// ----- the loss after each step, on a log axis -----------------------------------------

// A chart of L - L*, how far the loss is above its lowest value, after each step 0..n, on a
// log axis from llim[0] to llim[1] (powers of ten). A run that multiplies the distance to
// the bottom by r at every step multiplies L - L* by r², and shows as a straight line.
// Values at or below llim[0] sit on the floor, hollow. Returns the <svg>.
function lossChart({ width, height, excess, xmax, llim, label, ylabel }) {
  const pad = { left: 60, right: 12, top: 12, bottom: 36 };
  const kLo = exponent(llim[0]), kHi = exponent(llim[1]);
  const X = (t) => pad.left + (t / xmax) * (width - pad.left - pad.right);
  const Yk = (k) => height - pad.bottom - ((k - kLo) / (kHi - kLo)) * (height - pad.top - pad.bottom);
  // pixel height of a value: its power of ten (a log axis is a drawing choice, not the math)
  const Y = (v) => Yk(v > llim[0] ? Math.min(Math.log10(v), kHi + 1) : kLo);
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, class: "mnn-plot mnn-loss-chart", role: "img",
                             "aria-label": label, "data-x-domain": `0 ${xmax}`, "data-x-range": `${X(0)} ${X(xmax)}`,
                             "data-y-scale": "log10", "data-y-domain": `${kLo} ${kHi}`,
                             "data-y-range": `${Yk(kLo)} ${Yk(kHi)}` });
  const every = Math.max(1, Math.ceil((kHi - kLo) / 7));
  for (let k = Math.ceil(kLo / every) * every; k <= kHi; k += every) {
    svg.append(svgEl("line", { x1: X(0), x2: X(xmax), y1: Yk(k), y2: Yk(k), class: k === kLo ? "mnn-axis" : "mnn-grid" }));
    svg.append(Object.assign(svgEl("text", { x: pad.left - 6, y: Yk(k) + 4, class: "mnn-tick", "text-anchor": "end" }),
                             { textContent: k === 0 ? "1" : `10${superscript(k)}` }));
  }
  const xt = ticks([0, xmax]);
  for (const t of xt) {
    svg.append(svgEl("line", { x1: X(t), x2: X(t), y1: Yk(kLo), y2: Yk(kHi), class: t === 0 ? "mnn-axis" : "mnn-grid" }));
    svg.append(Object.assign(svgEl("text", { x: X(t), y: height - pad.bottom + 14, class: "mnn-tick", "text-anchor": "middle" }),
                             { textContent: fmt(t, xt.digits) }));
  }
  svg.append(Object.assign(svgEl("text", { x: (X(0) + X(xmax)) / 2, y: height - 4, class: "mnn-label", "text-anchor": "middle" }),
                           { textContent: "step" }));
  const mid = (Yk(kLo) + Yk(kHi)) / 2;
  svg.append(Object.assign(svgEl("text", { x: 12, y: mid, class: "mnn-label", "text-anchor": "middle", transform: `rotate(-90 12 ${mid})` }),
                           { textContent: ylabel }));
  const clipId = `mnn-clip-${++mnnCounter}`;
  const clip = svgEl("clipPath", { id: clipId });
  clip.append(svgEl("rect", { x: pad.left - 4, y: pad.top - 4, width: width - pad.left - pad.right + 8,
                              height: height - pad.top - pad.bottom + 8 }));
  const layer = svgEl("g", { "clip-path": `url(#${clipId})` });
  svg.append(clip, layer);
  const points = excess.map((v, t) => `${X(t).toFixed(2)},${Y(v).toFixed(2)}`);
  layer.append(svgEl("polyline", { class: "mnn-history", fill: "none", points: points.join(" ") }));
  excess.forEach((v, t) => layer.append(svgEl("circle", {
    cx: X(t), cy: Y(v), r: 2.6, class: v > llim[0] ? "mnn-history-dot" : "mnn-history-dot mnn-floor" })));
  return svg;
}

// The power of ten of a power of ten (llim's ends are), for the axis's layout.
const exponent = (v) => Math.round(Math.log10(v));

// ----- marks under the learning-rate slider, and the step buttons ----------------------

// Marks under a slider at special values: small buttons that set the value, placed where
// the slider's thumb stands at that value (a range input's thumb, 16 px, travels its width
// less one thumb). Each mark: {value, text (HTML, shown: its name too), name (what it means,
// which screen readers add)}. The slider points to a sentence that lists the marks
// (aria-describedby), so keyboard and screen-reader users get them as text too.
function sliderMarks(slider, limits, marks, pick) {
  const [min, max] = limits, input = slider.el.querySelector("input");
  const strip = h("div", { class: "mnn-marks" });
  const shown = marks.filter((m) => m.value >= min && m.value <= max);
  const said = [];
  for (const m of shown) {
    const f = (m.value - min) / (max - min);
    const about = h("span", { id: `mnn-mark-${++mnnCounter}`, class: "mnn-sr-only" }, [`${m.name}; press to set it`]);
    const button = h("button", { type: "button", class: "mnn-mark", "aria-describedby": about.id,
                                 style: `left: calc(8px + (100% - 16px) * ${f.toFixed(4)})` });
    button.innerHTML = m.text;
    button.addEventListener("click", () => pick(m.value));
    strip.append(button, about);
    said.push(m.name);
  }
  const text = h("span", { id: `mnn-marks-${++mnnCounter}`, class: "mnn-sr-only" }, [`Marks: ${said.join("; ")}.`]);
  input.setAttribute("aria-describedby", text.id);
  slider.el.append(strip, text);
  return strip;
}

// "One more step" (the step limit + 1: the path grows from its end) and "back to step 1".
function stepButtons(model) {
  const arrow = (c) => h("span", { "aria-hidden": "true" }, [c]);
  const more = h("button", { type: "button", class: "mnn-button" }, ["1 step ", arrow("\u25b8")]);
  const back = h("button", { type: "button", class: "mnn-button" }, [arrow("\u25c2\u25c2 "), "back to step 1"]);
  const about = h("span", { id: `mnn-steps-${++mnnCounter}`, class: "mnn-sr-only" },
                  ["1 step takes one more step from the end of the path (the step limit goes up by 1); " +
                   "back to step 1 sets the step limit to 1."]);
  more.setAttribute("aria-describedby", about.id);
  back.setAttribute("aria-describedby", about.id);
  const set = (n) => { model.set("max_steps", n); model.save_changes(); };
  more.addEventListener("click", () => set(model.get("max_steps") + 1));
  back.addEventListener("click", () => set(model.get("limits").max_steps[0]));
  const status = h("span", { class: "mnn-step-status" });
  return {
    el: h("div", { class: "mnn-buttons" }, [more, back, status, about]),
    // the run has stopped for good (tolerance, ran off) or the step limit is at its top
    update(reason) {
      const top = model.get("limits").max_steps[1], n = model.get("max_steps");
      const over = reason === "converged" || reason === "stalled" || reason === "ran off";
      more.disabled = over || n >= top;
      back.disabled = n <= model.get("limits").max_steps[0];
      status.textContent = over ? "the run has stopped: more steps change nothing"
        : n >= top ? `${top} steps is the most` : "";
    },
  };
}
