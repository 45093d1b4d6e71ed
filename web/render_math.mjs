// Renders TeX to HTML with KaTeX at build time, for web/static_math.py.
//
// Reads one JSON object per line on stdin, {"tex": "...", "display": true}, and writes one
// per line on stdout: {"html": "..."} or {"error": "..."}. The HTML carries MathML for
// screen readers (KaTeX's "htmlAndMathml" output), so the page needs KaTeX's stylesheet and
// fonts but no JavaScript.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

// katex.min.js is a UMD bundle: run it with a CommonJS `module` to get the library.
const module = { exports: {} };
new Function("module", "exports", readFileSync(new URL("katex/katex.min.js", import.meta.url), "utf8"))(
  module, module.exports);
const katex = module.exports;

for await (const line of createInterface({ input: process.stdin })) {
  const { tex, display } = JSON.parse(line);
  let answer;
  try {
    answer = { html: katex.renderToString(tex, { displayMode: display, output: "htmlAndMathml", throwOnError: true }) };
  } catch (error) {
    answer = { error: error.message };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
