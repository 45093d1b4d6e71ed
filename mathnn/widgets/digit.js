// The digit widget (chapter 10): the reader draws a digit on a 32 x 32 grid (mouse, touch or
// keyboard) and the chapter's trained network reads it, live.
//
// The drawing becomes the 8 x 8 image the network reads exactly as the UCI digits were
// made from their 32 x 32 scans: each 4 x 4 block gives the number of its inked pixels,
// 0 to 16 (block_counts below; mathnn/widgets/digit.py does the same, and the tests check
// that they agree). That counting, and the division of the counts by 16 that
// mathnn.digits() also does, are data preparation; the network's math is mathnn.js's
// (mnn.Dense.from_weights, relu, softmax, Network.forward). "Show me a test digit" draws a
// stand-in for a real test image: the data set keeps only the counts, so each block gets
// as many inked pixels as its count, where the counts interpolated over the grid are
// largest (stand_in, with the same rule and the same TIE as the Python).
const SIDE = 32; // the grid, like the scanned forms: 32 x 32 pixels, inked (1) or not (0)
const BLOCK = 4; // each 4 x 4 block becomes one pixel of the image
const CELLS = 8; // so the image is 8 x 8
const FULL = 16; // a block's count with all of its pixels inked
const TIE = [[12, 4, 5, 13], [11, 0, 1, 6], [10, 3, 2, 7], [15, 9, 8, 14]]; // of equals, inked first
const BRUSH = 1; // the brush inks the pixels within 1 of the pointer's: 3 x 3 pixels

// The 8 x 8 counts of a drawing (1024 zeros and ones, row by row): counts[r][c] is the
// number of inked pixels in the block of rows 4r..4r+3 and columns 4c..4c+3.
export function block_counts(drawing) {
  const counts = Array.from({ length: CELLS }, () => new Array(CELLS).fill(0));
  for (let i = 0; i < SIDE * SIDE; i++) {
    if (!drawing[i]) continue;
    const row = Math.floor(i / SIDE), col = i % SIDE;
    counts[Math.floor(row / BLOCK)][Math.floor(col / BLOCK)] += 1;
  }
  return counts;
}

// The counts interpolated at every pixel of the grid, times 64 (whole numbers, so exactly
// the Python's): bilinear between the centres of the 8 x 8 blocks, the edge's value beyond
// the outermost ones. Pixel y's centre is (2y - 3) / 8 of a block past the first centre.
export function smooth(counts) {
  const c = counts.length === CELLS * CELLS ? Array.from({ length: CELLS }, (_, r) => counts.slice(r * CELLS, (r + 1) * CELLS)) : counts;
  const clampCell = (i) => Math.min(CELLS - 1, Math.max(0, i));
  const at = Array.from({ length: SIDE }, (_, y) => {
    const u = 2 * y - 3, i = Math.floor(u / 8);
    return { lo: clampCell(i), hi: clampCell(i + 1), f: u - 8 * i };
  });
  return at.map((a) => at.map((b) =>
    ((8 - a.f) * c[a.lo][b.lo] + a.f * c[a.hi][b.lo]) * (8 - b.f) + ((8 - a.f) * c[a.lo][b.hi] + a.f * c[a.hi][b.hi]) * b.f));
}

// A drawing whose block counts are `counts` (8 x 8, or 64 numbers row by row): in each
// block the `count` pixels where smooth() is largest are inked (of equals, first in TIE).
export function stand_in(counts) {
  const flat = counts.flat(), value = smooth(flat), drawing = new Array(SIDE * SIDE).fill(0);
  for (let R = 0; R < CELLS; R++) {
    for (let C = 0; C < CELLS; C++) {
      const pixels = [];
      for (let r = 0; r < BLOCK; r++)
        for (let c = 0; c < BLOCK; c++)
          pixels.push({ row: BLOCK * R + r, col: BLOCK * C + c, tie: TIE[r][c] });
      pixels.sort((a, b) => value[b.row][b.col] - value[a.row][a.col] || a.tie - b.tie);
      for (const p of pixels.slice(0, flat[R * CELLS + C])) drawing[p.row * SIDE + p.col] = 1;
    }
  }
  return drawing;
}

// The chapter's network, 64 -> h ReLU -> 10 softmax, from the stored weights (b as columns).
export function network_of(W1, b1, W2, b2) {
  return new mnn.Network([
    mnn.Dense.from_weights(W1, b1.map((v) => [v]), "relu"),
    mnn.Dense.from_weights(W2, b2.map((v) => [v]), "softmax"),
  ]);
}

// The ten probabilities for 8 x 8 counts: the input is the column (64, 1) of counts / 16,
// pixel i at row i // 8, column i % 8, as mathnn.digits() gives the images.
export function read_digit(network, counts) {
  const X = counts.flat().map((c) => [c / FULL]);
  return network.forward(X).map((row) => row[0]);
}

// Ink (1) or erase (0) the brush's pixels around (row, col).
function stamp(pixels, row, col, value) {
  for (let r = row - BRUSH; r <= row + BRUSH; r++)
    for (let c = col - BRUSH; c <= col + BRUSH; c++)
      if (r >= 0 && r < SIDE && c >= 0 && c < SIDE) pixels[r * SIDE + c] = value;
}

// The brush dragged from point a to point b (in pixels, x to the right, y down): stamped
// every half pixel, so that a fast stroke has no gaps.
function segment(pixels, a, b, value) {
  const steps = Math.max(1, Math.ceil(2 * Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y))));
  for (let s = 0; s <= steps; s++) {
    const x = a.x + ((b.x - a.x) * s) / steps, y = a.y + ((b.y - a.y) * s) / steps;
    stamp(pixels, Math.floor(y), Math.floor(x), value);
  }
}

// The inked pixels as one SVG path: a rectangle for each run of ink along a row.
function inkPath(pixels) {
  let d = "";
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      if (!pixels[r * SIDE + c]) continue;
      let end = c;
      while (end + 1 < SIDE && pixels[r * SIDE + end + 1]) end++;
      d += `M${c} ${r}h${end - c + 1}v1h-${end - c + 1}z`;
      c = end;
    }
  }
  return d;
}

const article = (d) => (d === 8 ? "an" : "a");
const sameCounts = (counts, flat) => counts.flat().every((c, i) => c === flat[i]);

export default {
  render({ model, el }) {
    const names = ["W1", "b1", "W2", "b2", "drawing", "tests", "test_labels", "test_columns", "test_shown"];
    return mount(model, el, names, () => model.get("tests").length, () => {
      const id = ++mnnCounter;
      let pixels = model.get("drawing").slice();
      let shown = model.get("test_shown");
      let nextTest = shown + 1; // the button shows the stored test images in turn
      let erasing = false, pen = null, frame = 0, committing = false;
      const cursor = { row: SIDE / 2, col: SIDE / 2 };

      let cache = null; // the network, rebuilt only when its weights change
      const network = () => {
        const W = ["W1", "b1", "W2", "b2"].map((n) => model.get(n));
        if (!cache || W.some((w, i) => w !== cache.W[i])) cache = { W, net: network_of(...W) };
        return cache.net;
      };

      // How to draw; the grid's description for screen readers.
      const help = h("p", { class: "mnn-note mnn-digit-help", id: `mnn-digit-help-${id}` }, [
        "Draw a digit on the grid with the mouse or a finger, large and in the middle. With the " +
        "keyboard: Tab to the grid, move the cursor with the arrow keys, press Space or Enter to " +
        "ink under it, hold Shift with the arrow keys to draw as you move, and press Delete or " +
        "Backspace to erase. The Eraser button makes the mouse, Space and Enter erase."]);

      // The 32 x 32 grid: paper, ink, the 4 x 4 blocks, and the keyboard's cursor (the brush).
      const svg = svgEl("svg", { viewBox: `0 0 ${SIDE} ${SIDE}`, class: "mnn-digit-grid", "aria-hidden": "true" });
      const ink = svgEl("path", { class: "mnn-digit-ink" });
      let blocks = "";
      for (let k = BLOCK; k < SIDE; k += BLOCK) blocks += `M${k} 0V${SIDE}M0 ${k}H${SIDE}`;
      const cursorBox = svgEl("rect", { class: "mnn-digit-cursor", width: 2 * BRUSH + 1, height: 2 * BRUSH + 1 });
      svg.append(svgEl("rect", { class: "mnn-digit-paper", width: SIDE, height: SIDE }), ink,
                 svgEl("path", { class: "mnn-digit-blocks", d: blocks }), cursorBox);
      const pad = h("div", {
        class: "mnn-digit-pad", tabindex: "0", role: "application", "aria-roledescription": "drawing grid",
        "aria-label": "Drawing grid, 32 by 32 pixels", "aria-describedby": help.id,
        "data-lm-suppress-shortcuts": "true" }, [svg]);
      const where = h("p", { class: "mnn-sr-only", "aria-live": "polite" });

      const button = (text, onClick, attrs = {}) => {
        const b = h("button", { type: "button", class: "mnn-digit-button", ...attrs }, [text]);
        b.addEventListener("click", onClick);
        return b;
      };
      const clear = button("Clear", () => { pixels.fill(0); commit(); });
      const eraser = button("Eraser", () => {
        erasing = !erasing;
        eraser.setAttribute("aria-pressed", String(erasing));
      }, { "aria-pressed": "false" });
      const test = button("Show me a test digit", () => {
        const tests = model.get("tests"), k = nextTest % tests.length;
        nextTest = k + 1;
        pixels = stand_in(tests[k]);
        shown = k;
        commit();
      });

      // The 8 x 8 image: each block's count, as a number and as a grey level.
      const cells = [];
      const rows = Array.from({ length: CELLS }, () => h("tr", {}, Array.from({ length: CELLS }, () => {
        const text = h("span");
        const td = h("td", {}, [text]);
        cells.push({ td, text });
        return td;
      })));
      const table = h("table", { class: "mnn-digit-counts",
        "aria-label": "The 8 by 8 image the network reads: the inked pixels in each 4 by 4 block, 0 to 16" },
        [h("tbody", {}, rows)]);
      const source = h("p", { class: "mnn-note mnn-digit-source" });

      // The ten probabilities, as bars with their numbers.
      const columns = Array.from({ length: 10 }, (_, d) => {
        const value = h("span", { class: "mnn-digit-p" });
        const bar = h("span", { class: "mnn-digit-bar" });
        const col = h("div", { class: "mnn-digit-col" }, [
          value, h("span", { class: "mnn-digit-track" }, [bar]), h("span", { class: "mnn-digit-d" }, [String(d)])]);
        return { col, value, bar };
      });
      const bars = h("div", { class: "mnn-digit-bars", role: "img" }, columns.map((c) => c.col));
      const key = (cls, text) => h("span", { class: `mnn-digit-key-item ${cls}` }, [h("span", { class: "mnn-digit-key" }, [h("span", { class: "mnn-digit-bar" })]), text]);
      const legend = h("p", { class: "mnn-note mnn-digit-legend", "aria-hidden": "true" }, [
        key("mnn-digit-top", "the network's answer"), key("mnn-digit-true", "the true digit of a test image, if different")]);
      const status = h("p", { class: "mnn-equation mnn-digit-status", "aria-live": "polite" });

      // Everything shown follows `pixels` (and `shown`); announce: also say the result.
      function show(announce) {
        const counts = block_counts(pixels);
        const p = read_digit(network(), counts);
        let top = 0;
        for (let d = 1; d < 10; d++) if (p[d] > p[top]) top = d;
        const inked = counts.flat().filter((c) => c > 0).length;
        ink.setAttribute("d", inkPath(pixels));
        pad.dataset.drawing = pixels.join("");
        counts.flat().forEach((c, i) => {
          cells[i].text.textContent = String(c);
          // the grey level: 0 to 8 from paper up to a mid grey, 9 to 16 from a darker grey up to
          // full ink (digit.css), so that the number stays readable on it in both themes
          const high = c > FULL / 2;
          cells[i].td.style.setProperty("--level", high ? (c - FULL / 2 - 1) / (FULL / 2 - 1) : c / (FULL / 2));
          cells[i].td.className = high ? "mnn-digit-high" : "";
        });
        const label = shown >= 0 ? model.get("test_labels")[shown] : null;
        columns.forEach(({ col, value, bar }, d) => {
          value.textContent = fmt(p[d]);
          bar.style.height = `${100 * p[d]}%`;
          col.classList.toggle("mnn-digit-top", d === top);
          col.classList.toggle("mnn-digit-true", label !== null && d === label && d !== top);
        });
        bars.setAttribute("aria-label", "The network's probability for each digit: " +
          p.map((v, d) => `${d}: ${fmt(v)}`).join(", ") + `. The largest is for ${top}.`);
        const reads = `${article(top)} ${top}, with probability ${fmt(p[top])}`;
        if (label !== null) {
          const column = model.get("test_columns")[shown];
          source.textContent = `Test image ${column} of the chapter's test set, ${article(label)} ${label}. ` +
            "The data set keeps only its 8 \u00d7 8 counts, so the grid shows a stand-in with the same counts.";
          if (announce) status.textContent = `Test image ${column}, ${article(label)} ${label}: the network reads ${reads}.`;
        } else {
          source.textContent = inked ? "Your drawing." : "The grid is empty: draw a digit.";
          if (announce) status.textContent = `${inked ? "The" : "The grid is empty, yet the"} network reads ${reads}.`;
        }
        showCursor();
      }

      function showCursor() {
        cursorBox.setAttribute("x", cursor.col - BRUSH);
        cursorBox.setAttribute("y", cursor.row - BRUSH);
        const here = Math.floor(cursor.row / BLOCK) * CELLS + Math.floor(cursor.col / BLOCK);
        cells.forEach(({ td }, i) => td.classList.toggle("mnn-digit-here", i === here));
      }

      // A stroke or a key press is done: send the drawing (to Python, in Jupyter), and say
      // what the network reads. A stored test image stays "shown" while its counts do.
      function commit() {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        if (shown >= 0 && !sameCounts(block_counts(pixels), model.get("tests")[shown])) shown = -1;
        committing = true;
        model.set("drawing", pixels.slice());
        model.set("test_shown", shown);
        model.save_changes();
        committing = false;
        show(true);
      }
      // While a stroke goes on, redraw once per frame, without announcing.
      const later = () => {
        if (!frame) frame = requestAnimationFrame(() => { frame = 0; show(false); });
      };

      // Mouse and touch (pointer events): press, drag, release.
      const at = (e) => {
        const box = svg.getBoundingClientRect();
        const clamp = (v) => Math.min(SIDE - 0.001, Math.max(0, v));
        return { x: clamp(((e.clientX - box.left) / box.width) * SIDE), y: clamp(((e.clientY - box.top) / box.height) * SIDE) };
      };
      const follow = (p) => { cursor.row = Math.floor(p.y); cursor.col = Math.floor(p.x); };
      svg.addEventListener("pointerdown", (e) => {
        if (e.pointerType === "mouse" && e.button !== 0) return;
        e.preventDefault();
        pad.focus({ preventScroll: true });
        svg.setPointerCapture?.(e.pointerId);
        const p = at(e);
        pen = { id: e.pointerId, last: p, value: erasing ? 0 : 1 };
        segment(pixels, p, p, pen.value);
        follow(p);
        later();
      });
      svg.addEventListener("pointermove", (e) => {
        if (!pen || e.pointerId !== pen.id) return;
        const events = e.getCoalescedEvents?.() ?? [];
        for (const ev of events.length ? events : [e]) {
          const p = at(ev);
          segment(pixels, pen.last, p, pen.value);
          pen.last = p;
        }
        follow(pen.last);
        later();
      });
      const end = (e) => {
        if (!pen || e.pointerId !== pen.id) return;
        pen = null;
        commit();
      };
      for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) svg.addEventListener(type, end);

      // The keyboard: arrows move the cursor (with Shift they draw), Space or Enter inks
      // (or erases, with the Eraser on), Delete or Backspace erases.
      const MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      pad.addEventListener("keydown", (e) => {
        if (e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key in MOVES) {
          e.preventDefault();
          const [dr, dc] = MOVES[e.key];
          cursor.row = Math.min(SIDE - 1, Math.max(0, cursor.row + dr));
          cursor.col = Math.min(SIDE - 1, Math.max(0, cursor.col + dc));
          where.textContent = `Cursor at row ${cursor.row + 1}, column ${cursor.col + 1} of 32.`;
          if (e.shiftKey) {
            stamp(pixels, cursor.row, cursor.col, erasing ? 0 : 1);
            commit();
          } else showCursor();
        } else if (e.key === " " || e.key === "Enter" || e.key === "Delete" || e.key === "Backspace") {
          e.preventDefault();
          stamp(pixels, cursor.row, cursor.col, erasing || e.key === "Delete" || e.key === "Backspace" ? 0 : 1);
          commit();
        }
      });
      const root = h("div", { class: "mnn-widget mnn-digit" });
      pad.addEventListener("focus", () => root.classList.add("mnn-digit-focused"));
      pad.addEventListener("blur", () => root.classList.remove("mnn-digit-focused"));

      function draw() {
        if (committing) return; // commit() shows it, once
        pixels = model.get("drawing").slice();
        shown = model.get("test_shown");
        if (shown >= 0) nextTest = shown + 1;
        show(true);
      }
      root.append(help, h("div", { class: "mnn-digit-row" }, [
        h("div", { class: "mnn-digit-panel mnn-digit-drawing" }, [
          h("p", { class: "mnn-digit-head" }, ["Your drawing, 32 \u00d7 32 pixels"]), pad,
          h("div", { class: "mnn-digit-tools" }, [clear, eraser, test]), where]),
        h("div", { class: "mnn-digit-panel mnn-digit-image" }, [
          h("p", { class: "mnn-digit-head" }, ["What the network reads: ink per 4 \u00d7 4 block, 0 to 16"]),
          table, source]),
      ]), status, h("p", { class: "mnn-digit-head" }, ["The network's ten probabilities"]), bars, legend);
      return { root, draw };
    });
  },
};
