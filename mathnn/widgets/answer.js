// The answer box (every chapter): the reader types a number, a vector or a matrix, presses
// Check (or Enter), and reads the verdict of check.js (the twin of mathnn.answers): correct,
// a named mistake, a wrong shape, or not yet. The verdict is a live region, so screen
// readers announce it, and starts with a word and a sign, not a colour alone.

// What to type, from the expected shape: "4 numbers", "a 2×3 matrix".
function expectedForm(expected, name, tol) {
  const [R, C] = [expected.length, expected[0].length];
  if (R * C === 1) return `${name} is a number; within ${tol} of it counts.`;
  const form = R === 1 || C === 1 ? `${R * C} numbers in brackets, e.g. [1.5, \u22122${R * C > 2 ? ", \u2026" : ""}]`
    : `a ${R}\u00d7${C} matrix, its rows separated by \u201c;\u201d`;
  return `${name}: ${form}; each entry within ${tol} counts.`;
}

export default {
  render({ model, el }) {
    const names = ["question", "expected", "mistakes", "tol", "tol_text", "name", "hint"];
    return mount(model, el, names, () => names.map((n) => model.get(n)), () => {
      const id = `mnn-answer-${++mnnCounter}`;
      const label = h("label", { for: id, class: "mnn-answer-question" });
      label.innerHTML = model.get("question");
      const input = h("input", { type: "text", id, class: "mnn-answer-input", autocomplete: "off",
                                 spellcheck: "false", "aria-describedby": `${id}-help`,
                                 "data-lm-suppress-shortcuts": "true" });
      const button = h("button", { type: "button", class: "mnn-answer-check" }, ["Check"]);
      const help = h("p", { class: "mnn-answer-help", id: `${id}-help` },
        [expectedForm(model.get("expected"), model.get("name"), model.get("tol_text"))]);
      const verdict = h("p", { class: "mnn-verdict", role: "status", "aria-live": "polite" });
      const run = () => {
        const text = input.value;
        const { kind, message } = check.checkAnswer(text, model.get("expected"), model.get("mistakes"),
          model.get("tol"), model.get("tol_text"), model.get("name"), model.get("hint"));
        verdict.dataset.kind = kind;
        verdict.textContent = (kind === "correct" ? "\u2713 " : "\u2717 ") + message;
        model.set("answer", text);
        model.save_changes();
      };
      button.addEventListener("click", run);
      input.addEventListener("keydown", (event) => { if (event.key === "Enter") run(); });
      return {
        root: h("div", { class: "mnn-widget mnn-answer" }, [label, h("div", { class: "mnn-answer-row" }, [input, button]), help, verdict]),
        draw() {},
      };
    });
  },
};
