// The backpropagation stepper (chapter 9): the four students' network, 2 inputs (hours, GPA)
// -> 3 hidden neurons, no activation -> 1 sigmoid output, with the binary cross-entropy over
// the m = 4 students, one operation at a time. Previous / Next (and the step slider) move
// through twelve steps, five forward and seven backward. Each step shows its equation in the
// book's notation, then with the current numbers in it (one student's column, or all four),
// and lights up the neurons and weights of the diagram that the step uses.
//
// The backward pass is written as the chapter writes it, and as mathnn computes it: dZ is
// dL/dZ of the mean loss, the 1/m inside, so dZ2 = (Y_hat - Y)/m, dW = dZ A^T, db = the row
// sums of dZ. With one student shown, the equations follow that student's own slopes,
// dz2 = y_hat - y (column i of dZ2 times m), and dW and db are the mean of the students'
// shares. Every number comes from mathnn.js: the forward pass and the loss from mnn.Network
// and mnn.binary_cross_entropy, the gradients from the layers' own _dZ and _set_grads,
// started as mnn.train starts them for a sigmoid output with binary cross-entropy.
const M_ = 4;
const D = 4; // decimals of every computed number (the chapter prints them rounded to 4)

// ----- numbers and symbols as HTML --------------------------------------------------------

const val = (v) => fmt(v, D);
// a weight or an input, as short as it is exact: 7, 3.5, 0.25, 0.045
const par = (v) => {
  for (const d of [0, 1, 2, 3]) if (Number(v.toFixed(d)) === v) return fmt(v, d);
  return fmt(v, D);
};
const factor = (text, v) => (v < 0 ? `(${text})` : text);
const plusTerm = (text, v) => `${v < 0 ? "\u2212" : "+"} ${text.replace("\u2212", "")}`;

// A symbol in the book's notation: S("Z", {sub: 1, i: 2, T: true, d: true}) is dZ_1^(2)T.
function S(letter, { sub = "", i = null, T = false, d = false } = {}) {
  const sup = (i !== null ? `(${i})` : "") + (T ? "T" : "");
  return `${d ? "d" : ""}<i>${letter}</i>${sub !== "" ? `<sub>${sub}</sub>` : ""}${sup ? `<sup>${sup}</sup>` : ""}`;
}

// A matrix in brackets, its name underneath. `show` formats each entry.
function matrix(M, name, { show = val, cls = "", q = "", column = "" } = {}) {
  const rows = M.map((row) => `<tr>${row.map((v) => `<td>${show(v)}</td>`).join("")}</tr>`).join("");
  return `<span class="mnn-st-term ${cls}"${q ? ` data-q="${q}"` : ""}${column ? ` data-column="${column}"` : ""}>` +
    `<span class="mnn-st-bracket"><table class="mnn-st-matrix"><tbody>${rows}</tbody></table></span>` +
    `<span class="mnn-st-name">${name}</span></span>`;
}
const op = (s, cls = "") => `<span class="mnn-st-op ${cls}">${s}</span>`;
const line = (...parts) => `<div class="mnn-st-line">${parts.join("")}</div>`;
// parts that stay together on one line: an operator and the term it joins
const g = (...parts) => `<span class="mnn-st-group">${parts.join("")}</span>`;
// prose inside a line of numbers, free to wrap
const equals = (res) => g(op("="), res);
const text = (s) => `<span class="mnn-st-text">${s}</span>`;
const result = (M, name, q, show = val) => matrix(M, name, { show, cls: "mnn-st-result", q });

// ----- the steps --------------------------------------------------------------------------
// Each step: what it computes (q, as in Python's STEPS), forward or backward, a title, which
// diagram elements it lights (node ids, edge groups), and render(c, s) -> {eq, lines, note,
// nodes}: the equation, the lines with numbers, a note, and the value each lit node shows for
// student s (s is a column index, or null for all four students).
const H = ["h1", "h2", "h3"], IN = ["x1", "x2"];
const AVERAGED = ["L", "dW2", "db2", "dW1", "db1"]; // one number (or matrix) for all the students
const OVER_M = "<sup>1</sup>\u2044<sub><i>m</i></sub>";
// what one student's view shows instead of a column of dZ2, dA1, dZ1: their own slope, dz2^(i) ...
const OWN = { dZ2: ["z", 2], dA1: ["a", 1], dZ1: ["z", 1] };
const STEPS = [
  { q: "Z1", dir: "forward", title: "the hidden layer's scores", nodes: [...IN, ...H], edges: ["W1"],
    render(c, s) {
      if (s === null) return {
        eq: `${S("Z", { sub: 1 })} = ${S("W", { sub: 1 })}${S("X")} + ${S("b", { sub: 1 })}`,
        lines: [line(matrix(c.W1, S("W", { sub: 1 }), { show: par }), matrix(c.X, S("X"), { show: par }), g(op("+"),
                     matrix(c.b1, S("b", { sub: 1 }), { show: par })), equals(result(c.Z1, S("Z", { sub: 1 }), "Z1")))],
        note: `One column per student. ${S("b", { sub: 1 })} is added to every column.` };
      const x = col(c.X, s), z = col(c.Z1, s), i = s + 1;
      return {
        eq: `${S("z", { sub: 1, i })} = ${S("W", { sub: 1 })}${S("x", { i })} + ${S("b", { sub: 1 })}`,
        lines: [line(matrix(c.W1, S("W", { sub: 1 }), { show: par }), matrix(x, S("x", { i }), { show: par }), g(op("+"),
                     matrix(c.b1, S("b", { sub: 1 }), { show: par })), equals(result(z, S("z", { sub: 1, i }), "Z1"))),
                sums(c.W1.map((w, j) => [`hidden neuron ${j + 1}`,
                  w.map((wk, k) => `${factor(par(wk), wk)} \u00d7 ${factor(par(x[k][0]), x[k][0])}`).join(" + ") +
                  ` ${plusTerm(par(c.b1[j][0]), c.b1[j][0])}`, z[j][0]]))],
        note: `Row <i>j</i> of ${S("W", { sub: 1 })} weighs this student's hours and GPA for hidden neuron <i>j</i>, ` +
              `which adds its bias.`,
        nodes: { x1: par(x[0][0]), x2: par(x[1][0]), h1: z[0][0], h2: z[1][0], h3: z[2][0] } };
    } },
  { q: "A1", dir: "forward", title: "the hidden layer's activation", nodes: H, edges: [],
    render(c, s) {
      const one = s !== null, i = one ? s + 1 : null;
      const Z = one ? col(c.Z1, s) : c.Z1, A = one ? col(c.A1, s) : c.A1;
      const z = one ? S("z", { sub: 1, i }) : S("Z", { sub: 1 }), a = one ? S("a", { sub: 1, i }) : S("A", { sub: 1 });
      return {
        eq: `${a} = <i>f</i><sub>1</sub>(${z}) = ${z}`,
        lines: [line(op(`<i>f</i><sub>1</sub>`), op("("), matrix(Z, z), op(")"), equals(result(A, a, "A1")))],
        note: `No activation on the hidden layer, <i>f</i><sub>1</sub>(<i>z</i>) = <i>z</i>: the numbers pass ` +
              `through unchanged. A tanh or ReLU here would bend them (the end of this chapter).`,
        nodes: one ? nodeValues(H, A) : {} };
    } },
  { q: "Z2", dir: "forward", title: "the output's score", nodes: [...H, "out"], edges: ["W2"],
    render(c, s) {
      if (s === null) return {
        eq: `${S("Z", { sub: 2 })} = ${S("W", { sub: 2 })}${S("A", { sub: 1 })} + ${S("b", { sub: 2 })}`,
        lines: [line(matrix(c.W2, S("W", { sub: 2 }), { show: par }), matrix(c.A1, S("A", { sub: 1 })), g(op("+"),
                     matrix(c.b2, S("b", { sub: 2 }), { show: par })), equals(result(c.Z2, S("Z", { sub: 2 }), "Z2")))],
        note: "The output neuron weighs the three hidden values of each student and adds its bias." };
      const a = col(c.A1, s), z = col(c.Z2, s), i = s + 1;
      return {
        eq: `${S("z", { sub: 2, i })} = ${S("W", { sub: 2 })}${S("a", { sub: 1, i })} + ${S("b", { sub: 2 })}`,
        lines: [line(matrix(c.W2, S("W", { sub: 2 }), { show: par }), matrix(a, S("a", { sub: 1, i })), g(op("+"),
                     matrix(c.b2, S("b", { sub: 2 }), { show: par })), equals(result(z, S("z", { sub: 2, i }), "Z2"))),
                sums([["output", c.W2[0].map((w, j) => `${factor(par(w), w)} \u00d7 ${factor(val(a[j][0]), a[j][0])}`).join(" + ") +
                  ` ${plusTerm(par(c.b2[0][0]), c.b2[0][0])}`, z[0][0]]])],
        note: "The output neuron weighs the three hidden values and adds its bias.",
        nodes: { ...nodeValues(H, a), out: z[0][0] } };
    } },
  { q: "Y_hat", dir: "forward", title: "the probability of passing", nodes: ["out"], edges: [],
    render(c, s) {
      if (s === null) return {
        eq: `${S("\u0176")} = \u03c3(${S("Z", { sub: 2 })})`,
        lines: [line(op("\u03c3"), op("("), matrix(c.Z2, S("Z", { sub: 2 })), op(")"), equals(result(c.Y_hat, S("\u0176"), "Y_hat")))],
        note: "The sigmoid turns each student's score into a probability of passing." };
      const z = c.Z2[0][s], p = c.Y_hat[0][s], i = s + 1;
      return {
        eq: `${S("\u0177", { i })} = \u03c3(${S("z", { sub: 2, i })}) = 1 / (1 + <i>e</i><sup>\u2212<i>z</i></sup>)`,
        lines: [line(op(`\u03c3(${val(z)}) = 1 / (1 + <i>e</i><sup>${val(-z)}</sup>)`),
                     equals(result([[p]], S("\u0177", { i }), "Y_hat")))],
        note: "The sigmoid turns the score into this student's probability of passing.",
        nodes: { out: p } };
    } },
  { q: "L", dir: "forward", title: "the loss", nodes: ["out", "loss"], edges: ["out-loss"],
    render(c, s) {
      const eq = `<i>L</i> = \u2212<sup>1</sup>\u2044<sub><i>m</i></sub> \u2211<sub><i>i</i></sub> ` +
        `[${S("y", { i: "i" })} log ${S("\u0177", { i: "i" })} + (1 \u2212 ${S("y", { i: "i" })}) log(1 \u2212 ${S("\u0177", { i: "i" })})]`;
      const mean = line(...c.losses.map((v, k) => g(op(k ? "+" : `<i>L</i> = 1/${c.m} (`),
        op(`<span class="${k === s ? "mnn-st-this" : ""}">${val(v)}</span>`), k === c.m - 1 ? op(")") : "")),
        equals(result([[c.L]], "<i>L</i>", "L")));
      if (s === null) return { eq, lines: [mean],
        note: "Each student's loss is \u2212log of the probability the network gave to the right answer; <i>L</i> is their mean." };
      const i = s + 1, y = c.Y[0][s], p = c.Y_hat[0][s];
      const own = y === 1 ? `\u2212log ${S("\u0177", { i })} = \u2212log ${val(p)}`
        : `\u2212log(1 \u2212 ${S("\u0177", { i })}) = \u2212log(1 \u2212 ${val(p)})`;
      return { eq, lines: [line(text(`student ${i} ${y === 1 ? "passed" : "failed"} (${S("y", { i })} = ${y}): ` +
                                     `their loss is ${own} = <span class="mnn-st-this">${val(c.losses[s])}</span>`)), mean],
        note: "The mean over the four students: the one number that training makes smaller.",
        nodes: { out: p, loss: c.L } };
    } },
  // The backward steps. With all four students: the matrices of the mean loss, the 1/m inside
  // dZ, as the chapter and mathnn write them. With one student: that student's own slopes
  // (dz2 = y_hat - y, the slope of their own loss), each beside their column of the matrix
  // (the own slope over m), and dW and db as the mean of the students' shares.
  { q: "dZ2", dir: "backward", title: "the output's blame", nodes: ["out", "loss"], edges: ["out-loss"],
    render(c, s) {
      if (s === null) return {
        eq: `${S("Z", { sub: 2, d: true })} = ${OVER_M} (${S("\u0176")} \u2212 ${S("Y")})`,
        lines: [line(matrix(c.Y_hat, S("\u0176")), g(op("\u2212"), matrix(c.Y, S("Y"), { show: par })),
                     equals(matrix(c.own.dZ2, `${S("\u0176")} \u2212 ${S("Y")}`))),
                line(matrix(c.own.dZ2, `${S("\u0176")} \u2212 ${S("Y")}`), g(op("/"), op(`<i>m</i> = ${c.m}`)),
                     equals(result(c.dZ2, S("Z", { sub: 2, d: true }), "dZ2")))],
        note: "Sigmoid and cross-entropy together: column <i>i</i> is student <i>i</i>'s prediction minus " +
              "their label, over <i>m</i>, because the loss is the mean over the <i>m</i> students. " +
              "The 1/<i>m</i> enters here, once, and every step after this one inherits it." };
      const i = s + 1;
      return {
        eq: `${S("z", { sub: 2, i, d: true })} = ${S("\u0177", { i })} \u2212 ${S("y", { i })}`,
        lines: [line(matrix([[c.Y_hat[0][s]]], S("\u0177", { i })), g(op("\u2212"), matrix([[c.Y[0][s]]], S("y", { i }), { show: par })),
                     equals(result(col(c.own.dZ2, s), S("z", { sub: 2, i, d: true }), "dZ2"))),
                columnOf(c, "dZ2", s)],
        note: "Sigmoid and cross-entropy together: the slope of this student's own loss with respect to their " +
              "score is the prediction minus the label. The loss is the mean over the <i>m</i> students, so " +
              `column ${i} of ${S("Z", { sub: 2, d: true })} (choose \u201call four\u201d) is this slope over <i>m</i>.`,
        nodes: { out: c.own.dZ2[0][s] } };
    } },
  { q: "dW2", dir: "backward", title: "the output weights' slopes", nodes: [...H, "out"], edges: ["W2"],
    render(c, s) {
      const name = S("W", { sub: 2, d: true });
      const eq = `${name} = ${S("Z", { sub: 2, d: true })}${S("A", { sub: 1, T: true })}`;
      if (s === null) return { eq,
        lines: [line(matrix(c.dZ2, S("Z", { sub: 2, d: true })), matrix(mnn.transpose(c.A1), S("A", { sub: 1, T: true })),
                     equals(result(c.dW2, name, "dW2")))],
        note: "Weight <i>j</i>'s slope: the output's blame times hidden value <i>j</i>, added over the students; " +
              `the 1/<i>m</i> inside ${S("Z", { sub: 2, d: true })} makes the sum a mean.` };
      const i = s + 1, share = (k) => mnn.matmul(col(c.own.dZ2, k), mnn.transpose(col(c.A1, k)));
      return {
        eq: `${eq} = ${OVER_M} \u2211<sub><i>i</i></sub> ${S("z", { sub: 2, i: "i", d: true })}${S("a", { sub: 1, i: "i", T: true })}`,
        lines: [line(text(`student ${i}'s share:`), matrix(col(c.own.dZ2, s), S("z", { sub: 2, i, d: true })),
                     matrix(mnn.transpose(col(c.A1, s)), S("a", { sub: 1, i, T: true })),
                     equals(matrix(share(s), `share ${i}`))),
                shares(c, share, s, result(c.dW2, name, "dW2"))],
        note: "Each weight's slope: the output's blame times the hidden value that weight carried, averaged " +
              "over the students. Each share uses the student's own slope; the mean's 1/<i>m</i> comes once, at the end.",
        nodes: { ...nodeValues(H, col(c.A1, s)), out: c.own.dZ2[0][s] } };
    } },
  { q: "db2", dir: "backward", title: "the output bias's slope", nodes: ["out"], edges: [],
    render(c, s) {
      const name = S("b", { sub: 2, d: true }), dZ = S("Z", { sub: 2, d: true });
      if (s === null) return {
        eq: `${name} = the row sums of ${dZ}`,
        lines: [rowSums(c.dZ2, dZ, result(c.db2, name, "db2"))],
        note: "The bias is a weight whose input is always 1: its slope is the blame itself, added over the " +
              `students, a mean because of the 1/<i>m</i> inside ${dZ}.` };
      return {
        eq: `${name} = the row sums of ${dZ} = ${OVER_M} \u2211<sub><i>i</i></sub> ${S("z", { sub: 2, i: "i", d: true })}`,
        lines: [columnSum(c, c.own.dZ2, s, result(c.db2, name, "db2"))],
        note: "The bias is a weight whose input is always 1: its slope is the students' own blame, averaged.",
        nodes: { out: c.own.dZ2[0][s] } };
    } },
  { q: "dA1", dir: "backward", title: "the blame passed back to the hidden layer", nodes: ["out", ...H], edges: ["W2"],
    render(c, s) {
      const one = s !== null, i = one ? s + 1 : null;
      const dz = one ? col(c.own.dZ2, s) : c.dZ2, da = one ? col(c.own.dA1, s) : c.dA1;
      const dzName = one ? S("z", { sub: 2, i, d: true }) : S("Z", { sub: 2, d: true });
      const daName = one ? S("a", { sub: 1, i, d: true }) : S("A", { sub: 1, d: true });
      const same = c.W2[0].every((w) => w === c.W2[0][0]);
      return {
        eq: `${daName} = ${S("W", { sub: 2, T: true })}${dzName}`,
        lines: [line(matrix(mnn.transpose(c.W2), S("W", { sub: 2, T: true }), { show: par }), matrix(dz, dzName),
                     equals(result(da, daName, "dA1"))),
                ...(one ? [columnOf(c, "dA1", s)] : [])],
        note: (one ? "Each hidden neuron gets this student's blame times the weight that joins them; over <i>m</i>, " +
                     `it is column ${i} of ${S("A", { sub: 1, d: true })}.`
                   : "Each hidden neuron gets the output's blame times the weight that joins them, one column per student.") +
              (same ? ` The three weights of ${S("W", { sub: 2 })} are equal, so the three neurons get the same blame.` : ""),
        nodes: one ? { out: c.own.dZ2[0][s], ...nodeValues(H, da) } : {} };
    } },
  { q: "dZ1", dir: "backward", title: "through the hidden activation", nodes: H, edges: [],
    render(c, s) {
      const one = s !== null, i = one ? s + 1 : null;
      const pick = (M) => (one ? col(M, s) : M);
      const da = one ? S("a", { sub: 1, i, d: true }) : S("A", { sub: 1, d: true });
      const dz = one ? S("z", { sub: 1, i, d: true }) : S("Z", { sub: 1, d: true });
      const z = one ? S("z", { sub: 1, i }) : S("Z", { sub: 1 });
      return {
        eq: `${dz} = ${da} \u2299 <i>f</i>\u2032<sub>1</sub>(${z}) = ${da}`,
        lines: [line(matrix(pick(one ? c.own.dA1 : c.dA1), da), op("\u2299"),
                     matrix(pick(c.fp1), `<i>f</i>\u2032<sub>1</sub>(${z})`, { show: par }),
                     equals(result(pick(one ? c.own.dZ1 : c.dZ1), dz, "dZ1"))),
                ...(one ? [columnOf(c, "dZ1", s)] : [])],
        note: "No activation: <i>f</i>\u2032<sub>1</sub>(<i>z</i>) = 1, so the blame passes through unchanged. " +
              "With tanh it would be scaled by each neuron's own slope (exercise 9.3)." +
              (one ? ` Over <i>m</i>, it is column ${i} of ${S("Z", { sub: 1, d: true })}.` : ""),
        nodes: one ? nodeValues(H, col(c.own.dZ1, s)) : {} };
    } },
  { q: "dW1", dir: "backward", title: "the hidden weights' slopes", nodes: [...IN, ...H], edges: ["W1"],
    render(c, s) {
      const name = S("W", { sub: 1, d: true });
      const eq = `${name} = ${S("Z", { sub: 1, d: true })}${S("X", { T: true })}`;
      if (s === null) return { eq,
        lines: [line(matrix(c.dZ1, S("Z", { sub: 1, d: true })), matrix(mnn.transpose(c.X), S("X", { T: true }), { show: par }),
                     equals(result(c.dW1, name, "dW1")))],
        note: "Row <i>j</i>, column <i>k</i>: hidden neuron <i>j</i>'s blame times input <i>k</i>, added over the " +
              `students; the 1/<i>m</i> inside ${S("Z", { sub: 1, d: true })} makes the sum a mean.` };
      const i = s + 1, share = (k) => mnn.matmul(col(c.own.dZ1, k), mnn.transpose(col(c.X, k)));
      return {
        eq: `${eq} = ${OVER_M} \u2211<sub><i>i</i></sub> ${S("z", { sub: 1, i: "i", d: true })}${S("x", { i: "i", T: true })}`,
        lines: [line(text(`student ${i}'s share:`), matrix(col(c.own.dZ1, s), S("z", { sub: 1, i, d: true })),
                     matrix(mnn.transpose(col(c.X, s)), S("x", { i, T: true }), { show: par }), equals(matrix(share(s), `share ${i}`))),
                shares(c, share, s, result(c.dW1, name, "dW1"))],
        note: "Row <i>j</i>, column <i>k</i>: hidden neuron <i>j</i>'s blame times input <i>k</i>, averaged over the students.",
        nodes: { x1: par(c.X[0][s]), x2: par(c.X[1][s]), ...nodeValues(H, col(c.own.dZ1, s)) } };
    } },
  { q: "db1", dir: "backward", title: "the hidden biases' slopes", nodes: H, edges: [],
    render(c, s) {
      const name = S("b", { sub: 1, d: true }), dZ = S("Z", { sub: 1, d: true });
      if (s === null) return {
        eq: `${name} = the row sums of ${dZ}`,
        lines: [rowSums(c.dZ1, dZ, result(c.db1, name, "db1"))],
        note: `Each hidden bias: its neuron's blame, added over the students, a mean because of the 1/<i>m</i> inside ${dZ}.` };
      return {
        eq: `${name} = the row sums of ${dZ} = ${OVER_M} \u2211<sub><i>i</i></sub> ${S("z", { sub: 1, i: "i", d: true })}`,
        lines: [columnSum(c, c.own.dZ1, s, result(c.db1, name, "db1"))],
        note: "Each hidden bias: its neuron's own blame from each student, averaged over the students.",
        nodes: nodeValues(H, col(c.own.dZ1, s)) };
    } },
];

// column k of M, as a matrix (n, 1)
function col(M, k) {
  return mnn.columns(M, [k]);
}

// {h1: v1, h2: v2, ...} from a column
function nodeValues(ids, column) {
  return Object.fromEntries(ids.map((id, j) => [id, column[j][0]]));
}

// One neuron's sum written out per line: [who, the terms, the result].
function sums(rows) {
  return `<ul class="mnn-st-sums">${rows.map(([who, terms, v]) =>
    `<li>${who}: ${terms} = <b>${val(v)}</b></li>`).join("")}</ul>`;
}

// (1/m)(share 1 + ... + share m) = result, student s's share marked
function shares(c, share, s, res) {
  return sumOf(c.m, (k) => matrix(share(k), `share ${k + 1}`, { cls: k === s ? "mnn-st-this" : "" }), res, "= ");
}

// (1/m)(dz^(1) + ... + dz^(m)) = result: the students' own slopes, averaged, student s marked
function columnSum(c, own, s, res) {
  const l = own.length === 1 ? 2 : 1;
  return sumOf(c.m, (k) => matrix(col(own, k), S("z", { sub: l, i: k + 1, d: true }), { cls: k === s ? "mnn-st-this" : "" }), res, "");
}

// the row sums of dZ = result
function rowSums(dZ, name, res) {
  return line(op("the row sums of"), matrix(dZ, name), equals(res));
}

// Student s's own slope over m is their column of the all-four view's matrix (q: dZ2, dA1 or dZ1).
function columnOf(c, q, s) {
  const [letter, sub] = OWN[q], i = s + 1;
  return line(matrix(col(c.own[q], s), S(letter, { sub, i, d: true })), g(op("/"), op(`<i>m</i> = ${c.m}`)),
              equals(matrix(col(c[q], s), `column ${i} of ${S(letter.toUpperCase(), { sub, d: true })}`, { column: q })));
}

// lead 1/m ( term 1 + ... + term m ) = res, each operator kept on a line with its term
function sumOf(m, term, res, lead) {
  const parts = [];
  for (let k = 0; k < m; k++)
    parts.push(g(k ? op("+") : op(`${lead}1/${m}`) + op("(", "mnn-st-paren"), term(k), k === m - 1 ? op(")", "mnn-st-paren") : ""));
  return line(...parts, equals(res));
}

// ----- the numbers: every one from mathnn.js -----------------------------------------------

function compute(model) {
  const W1 = model.get("W1"), W2 = model.get("W2"), X = model.get("X"), Y = model.get("Y");
  const b1 = model.get("b1").map((v) => [v]), b2 = model.get("b2").map((v) => [v]); // columns (n_out, 1)
  const hidden = mnn.Dense.from_weights(W1, b1, "identity");
  const output = mnn.Dense.from_weights(W2, b2, "sigmoid");
  const Y_hat = new mnn.Network([hidden, output]).forward(X);
  const m = X[0].length;
  const L = mnn.binary_cross_entropy(Y_hat, Y);
  const losses = Y[0].map((_, k) => mnn.binary_cross_entropy(col(Y_hat, k), col(Y, k))); // each student's own
  // backward, as the chapter writes it and mnn.train computes it for a sigmoid output with
  // binary cross-entropy: dZ = dL/dZ of the mean loss, the 1/m inside
  const dZ2 = mnn.map2(Y_hat, Y, (p, y) => (p - y) / m);
  output._set_grads(dZ2); // dW2 = dZ2 A1^T, db2 = the row sums of dZ2
  const dA1 = mnn.matmul(mnn.transpose(output.W), dZ2);
  const dZ1 = hidden._dZ(dA1); // dA1 * f1'(Z1)
  hidden._set_grads(dZ1); // dW1 = dZ1 X^T, db1 = the row sums of dZ1
  // each student's own slopes (the one-student view): dz2 = y_hat - y, back through the same layers
  const own = { dZ2: mnn.map2(Y_hat, Y, (p, y) => p - y) };
  own.dA1 = mnn.matmul(mnn.transpose(output.W), own.dZ2);
  own.dZ1 = hidden._dZ(own.dA1);
  return { W1, b1, W2, b2, X, Y, m, Z1: hidden.Z, A1: hidden.A, Z2: output.Z, Y_hat, L, losses,
           dZ2, dW2: output.dW, db2: output.db, dA1, fp1: mnn.identity_prime(hidden.Z), dZ1,
           dW1: hidden.dW, db1: hidden.db, own };
}

// ----- the diagram: 2 -> 3 -> 1 -> loss ------------------------------------------------------

const POS = { x1: [50, 80], x2: [50, 170], h1: [158, 56], h2: [158, 125], h3: [158, 194], out: [262, 125], loss: [327, 125] };
const NAMES = { x1: ["x", "1"], x2: ["x", "2"], h1: ["h", "1"], h2: ["h", "2"], h3: ["h", "3"], out: ["\u0177", ""], loss: ["L", ""] };
const R = 23;

function diagram() {
  const svg = svgEl("svg", { viewBox: "0 0 350 228", class: "mnn-st-diagram", role: "img" });
  const arrowId = `mnn-st-arrow-${++mnnCounter}`;
  const defs = svgEl("defs");
  const marker = svgEl("marker", { id: arrowId, viewBox: "0 0 10 10", refX: 5, refY: 5, markerWidth: 10, markerHeight: 10,
                                   orient: "auto", markerUnits: "userSpaceOnUse" });
  marker.append(svgEl("path", { d: "M0,0L10,5L0,10Z", class: "mnn-st-arrowhead" }));
  defs.append(marker);
  svg.append(defs);
  const direction = svgEl("text", { x: 175, y: 16, "text-anchor": "middle", class: "mnn-st-direction" });
  svg.append(direction);
  for (const [id, text] of [["x1", "hours"], ["x2", "GPA"]]) // what the inputs are
    svg.append(Object.assign(svgEl("text", { x: POS[id][0], y: POS[id][1] - R - 6, "text-anchor": "middle", class: "mnn-st-caption" }), { textContent: text }));
  const edges = {};
  const edge = (id, from, to, group) => {
    const e = svgEl("path", { class: "mnn-st-edge", "data-edge": id, "data-group": group, fill: "none" });
    e.ends = [POS[from], POS[to]];
    svg.append(e);
    edges[id] = e;
  };
  for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) edge(`W1-${j + 1}${k + 1}`, IN[k], H[j], "W1");
  for (let j = 0; j < 3; j++) edge(`W2-1${j + 1}`, H[j], "out", "W2");
  edge("out-loss", "out", "loss", "out-loss");
  const nodes = {};
  for (const id of Object.keys(POS)) {
    const [x, y] = POS[id];
    const g = svgEl("g", { class: "mnn-st-node", "data-node": id });
    g.append(id === "loss" ? svgEl("rect", { x: x - 20, y: y - R, width: 40, height: 2 * R, rx: 5 }) : svgEl("circle", { cx: x, cy: y, r: R }));
    const name = svgEl("text", { x, y: y - 3, "text-anchor": "middle", class: "mnn-st-node-name" });
    name.innerHTML = `${NAMES[id][0]}<tspan class="mnn-st-sub" dy="3">${NAMES[id][1]}</tspan>`;
    const value = svgEl("text", { x, y: y + 13, "text-anchor": "middle", class: "mnn-st-node-value" });
    g.append(name, value);
    svg.append(g);
    nodes[id] = { g, value };
  }
  return { svg, edges, nodes, direction, arrowId };
}

// ----- the widget -----------------------------------------------------------------------------

export default {
  render({ model, el }) {
    const names = ["W1", "b1", "W2", "b2", "X", "Y", "step", "student", "limits"];
    return mount(model, el, names, () => model.get("limits"), () => {
      const limits = model.get("limits"), n = STEPS.length;
      const d = diagram();

      // step controls: Previous, the step slider, Next (buttons: Enter and Space; slider: arrow keys)
      const go = (k) => {
        const next = Math.max(1, Math.min(n, k));
        if (next === model.get("step")) return;
        model.set("step", next);
        model.save_changes();
      };
      const prev = h("button", { type: "button", class: "mnn-st-button mnn-st-prev" }, ["\u25c0 Previous"]);
      const next = h("button", { type: "button", class: "mnn-st-button mnn-st-next" }, ["Next \u25b6"]);
      prev.addEventListener("click", () => go(model.get("step") - 1));
      next.addEventListener("click", () => go(model.get("step") + 1));
      const stepSlider = slider(`step (of ${n})`, limits.step, model.get("step"), go, "step");
      stepSlider.el.classList.add("mnn-st-step");
      const controls = h("div", { class: "mnn-st-controls" }, [prev, stepSlider.el, next]);

      // whose numbers: one student's column, or all four
      const group = `mnn-st-student-${++mnnCounter}`;
      const radios = [];
      const choice = (value, text) => {
        const input = h("input", { type: "radio", name: group, value: String(value) });
        input.addEventListener("change", () => {
          if (!input.checked) return;
          model.set("student", value);
          model.save_changes();
        });
        radios.push(input);
        return h("label", {}, [input, text]);
      };
      const students = h("fieldset", { class: "mnn-group mnn-st-students" }, [
        h("legend", {}, ["show the numbers of"]),
        ...Array.from({ length: M_ }, (_, k) => choice(k + 1, `student ${k + 1}`)), choice(0, "all four"),
      ]);

      // the step: header, equation, numbers, note
      const header = h("p", { class: "mnn-st-header" });
      const equation = h("p", { class: "mnn-st-equation" });
      const numbers = h("div", { class: "mnn-st-numbers" });
      const note = h("p", { class: "mnn-note mnn-st-note" });
      const said = h("p", { class: "mnn-sr-only", "aria-live": "polite" });

      // sliders: W1, W2, and the shown student's hours and GPA
      const setEntry = (name, j, k) => (v) => {
        const value = model.get(name).map((row) => row.slice());
        value[j][k] = v;
        model.set(name, value);
        model.save_changes();
      };
      const w1 = [], w2 = [];
      const inputs = ["hours", "GPA"];
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 2; k++)
          w1.push(slider(`<i>w</i><sub>${j + 1}${k + 1}</sub>`, limits.W1, model.get("W1")[j][k], setEntry("W1", j, k),
                         `W1 row ${j + 1}, column ${k + 1}: hidden neuron ${j + 1}'s weight for ${inputs[k]}`));
      for (let j = 0; j < 3; j++)
        w2.push(slider(`<i>w</i><sub>1${j + 1}</sub>`, limits.W2, model.get("W2")[0][j], setEntry("W2", 0, j),
                       `W2 row 1, column ${j + 1}: the output's weight for hidden neuron ${j + 1}`));
      const xs = [0, 1].map((k) => slider(inputs[k], limits[inputs[k]], model.get("X")[k][0], (v) => {
        if (model.get("student") > 0) setEntry("X", k, model.get("student") - 1)(v);
      }, inputs[k]));
      const fieldset = (legend, items, cls) => {
        const f = h("fieldset", { class: `mnn-group ${cls}` }, [h("legend", {}), ...items]);
        f.firstChild.innerHTML = legend;
        return f;
      };
      const inputsHint = h("p", { class: "mnn-note" }, ["Pick one student above to change their hours and GPA."]);
      const inputsBox = fieldset("the inputs", [...xs.map((s) => s.el), inputsHint], "mnn-st-inputs");
      const sliders = h("div", { class: "mnn-st-sliders" }, [
        fieldset(`${S("W", { sub: 1 })}: row <i>j</i> = hidden neuron <i>j</i>, columns hours, GPA`,
                 [h("div", { class: "mnn-st-grid" }, w1.map((s) => s.el))], "mnn-st-w1"), // laid out as W1 is
        fieldset(`${S("W", { sub: 2 })}: one weight per hidden neuron`, w2.map((s) => s.el), "mnn-st-w2"),
        inputsBox,
      ]);

      function draw() {
        const step = model.get("step"), student = model.get("student");
        const s = student === 0 ? null : student - 1;
        const c = compute(model);
        const st = STEPS[step - 1], shown = st.render(c, s);
        const backward = st.dir === "backward";

        // the diagram: lit nodes and edges, arrows along the pass's direction
        const lit = new Set(st.nodes);
        for (const [id, node] of Object.entries(d.nodes)) {
          node.g.classList.toggle("mnn-st-on", lit.has(id));
          const v = (shown.nodes || {})[id];
          node.value.textContent = v === undefined ? "" : typeof v === "string" ? v : fmt(v, 3);
        }
        for (const e of Object.values(d.edges)) {
          const on = st.edges.includes(e.getAttribute("data-group"));
          const [a, b] = backward ? [e.ends[1], e.ends[0]] : e.ends;
          const dx = b[0] - a[0], dy = b[1] - a[1], len = Math.hypot(dx, dy), ux = dx / len, uy = dy / len;
          const from = [a[0] + ux * R, a[1] + uy * R], to = [b[0] - ux * R, b[1] - uy * R];
          const mid = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
          e.setAttribute("d", `M${from[0].toFixed(1)},${from[1].toFixed(1)}L${mid[0].toFixed(1)},${mid[1].toFixed(1)}L${to[0].toFixed(1)},${to[1].toFixed(1)}`);
          e.classList.toggle("mnn-st-on", on);
          if (on) e.setAttribute("marker-mid", `url(#${d.arrowId})`);
          else e.removeAttribute("marker-mid");
          // the weight it carries: thicker when larger, dashed when negative
          const id = e.getAttribute("data-edge");
          const w = id.startsWith("W1") ? c.W1[+id[3] - 1][+id[4] - 1] : id.startsWith("W2") ? c.W2[0][+id[4] - 1] : 1;
          const scale = id.startsWith("W1") ? limits.W1[1] : limits.W2[1];
          e.setAttribute("stroke-width", (1.2 + (3 * Math.abs(w)) / scale + (on ? 1.5 : 0)).toFixed(2));
          e.classList.remove("mnn-pos", "mnn-neg", "mnn-zero");
          e.classList.add(w > 0 ? "mnn-pos" : w < 0 ? "mnn-neg" : "mnn-zero");
        }
        d.direction.textContent = backward ? "\u2190 backward pass" : "forward pass \u2192";
        const litText = [...st.edges.map((g) => ({ W1: "the weights W1", W2: "the weights W2", "out-loss": "the link from the output to the loss" })[g]),
                         ...st.nodes.map((id) => ({ x1: "input hours", x2: "input GPA", h1: "hidden neuron 1", h2: "hidden neuron 2",
                                                    h3: "hidden neuron 3", out: "the output", loss: "the loss" })[id])];
        d.svg.setAttribute("aria-label", `The network: inputs hours and GPA, three hidden neurons, one output, ` +
          `then the loss. Step ${step}, ${st.dir}, uses ${litText.join(", ")}.`);

        // the step
        header.innerHTML = `<span class="mnn-st-badge mnn-st-${st.dir}">${st.dir}</span> ` +
          `Step ${step} of ${n}: ${st.title}`;
        equation.innerHTML = shown.eq;
        numbers.innerHTML = shown.lines.join("");
        numbers.dataset.step = st.q;
        note.innerHTML = shown.note;
        const res = numbers.querySelector(".mnn-st-result");
        const own = s !== null && OWN[st.q]; // one student's own slope, not a column of the matrix
        said.textContent = `Step ${step} of ${n}, ${st.dir}: ` +
          `${own ? `student ${s + 1}'s own d${OWN[st.q][0]}${OWN[st.q][1]}` : st.q.replace("_hat", " hat")} = ` +
          `${[...res.querySelectorAll("td")].map((td) => td.textContent).join(", ")}` +
          `${s === null || own || AVERAGED.includes(st.q) ? "" : ` (student ${s + 1})`}.`;

        // controls follow the model
        stepSlider.set(step);
        stepSlider.el.querySelector("input").setAttribute("aria-valuetext", `step ${step} of ${n}: ${st.dir}, ${st.q.replace("_hat", " hat")}`);
        prev.setAttribute("aria-disabled", String(step === 1));
        next.setAttribute("aria-disabled", String(step === n));
        radios.forEach((r) => { r.checked = Number(r.value) === student; });
        const W1 = model.get("W1"), W2 = model.get("W2"), X = model.get("X");
        w1.forEach((sl, i) => sl.set(W1[Math.floor(i / 2)][i % 2]));
        w2.forEach((sl, j) => sl.set(W2[0][j]));
        inputsBox.firstChild.innerHTML = s === null ? "the inputs" : `student ${s + 1}'s inputs, ${S("x", { i: s + 1 })}`;
        xs.forEach((sl, k) => {
          sl.el.hidden = s === null;
          if (s !== null) sl.set(X[k][s]);
          sl.el.querySelector("input").setAttribute("aria-label", s === null ? inputs[k]
            : `student ${s + 1}'s ${k === 0 ? "hours of study" : "GPA"}`);
        });
        inputsHint.hidden = s !== null;
      }

      const root = h("div", { class: "mnn-widget mnn-stepper" }, [
        controls,
        h("div", { class: "mnn-st-main" }, [d.svg, h("div", { class: "mnn-st-step-box" }, [header, equation, numbers, note])]),
        said, students, sliders,
      ]);
      return { root, draw };
    });
  },
};
