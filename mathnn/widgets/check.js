// Checking a typed answer: the JavaScript twin of mathnn/answers.py (parse_answer,
// check_answer), the same rules and the same messages; tests/test_parity.py runs both on
// the same cases. No DOM: answer.js draws the box.
//
//   parseAnswer("[1.53, 9.09]")  -> [[1.53, 9.09]]        (always rows of numbers; throws
//                                                           an Error with a message if not)
//   checkAnswer(text, expected, mistakes, tol, tolText, name, hint) -> {kind, message}
//       kind: "correct", "mistake", "shape", "wrong" or "unreadable"

export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?(\/(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)?$/; // 2, -0.5, 1e-3, 2/5
export const FORMAT_HELP = "Type a number (0.25 or 1/4), a vector ([1.5, -2]) or a matrix, its rows separated by ; ([1, 2; 3, 4]).";
export const DECIMAL_COMMA = " A decimal takes a point: 2.5, not 2,5.";
export const THOUSANDS = /^\s*[+\-\u2212]?\d{1,3}(,\d{3})+(\.\d+)?\s*$/; // 9,610 or 1,234.5

// A typed entry as a number: "2.5" or "2/5" (a fraction over 0 is Infinity or NaN).
const number = (token) => token.split("/").map(Number).reduce((a, b) => a / b);

// Typed text as rows of numbers. Entries are separated by commas or spaces, rows by ";", a
// new line or "], ["; an entry may be a fraction, 2/5; the minus sign may be "-" or "\u2212".
export function parseAnswer(text) {
  text = String(text).replaceAll("\u2212", "-").trim();
  if (!text) throw new Error("Nothing to check yet. " + FORMAT_HELP);
  text = text.replace(/\]\s*,?\s*\[/g, ";").replace(/[\[\]()]/g, " ");
  const grid = [];
  for (const row of text.split(/[;\n]/).filter((r) => r.trim())) {
    const tokens = row.split(/[,\s]+/).filter((t) => t);
    for (const token of tokens) {
      if (!NUMBER.test(token)) throw new Error(`"${token}" is not a number. ` + FORMAT_HELP);
    }
    if (tokens.length) grid.push(tokens.map(number));
  }
  if (!grid.length) throw new Error("Nothing to check yet. " + FORMAT_HELP);
  grid.forEach((row, i) => {
    if (row.length !== grid[0].length) {
      throw new Error(`Every row needs as many entries as the first: row 1 has ${grid[0].length}, row ${i + 1} has ${row.length}.`);
    }
  });
  return grid;
}

const isVector = (rows, cols) => rows === 1 || cols === 1;
const flat = (grid) => grid.flat();

// Same shape; a vector (a number is one) matches a vector of as many entries, row or column.
export function sameShape(given, expected) {
  const [r, c, R, C] = [given.length, given[0].length, expected.length, expected[0].length];
  if (isVector(r, c) && isVector(R, C)) return r * c === R * C;
  return r === R && c === C;
}

// The index of the first entry further than tol from the expected one, or -1.
function firstOff(given, expected, tol) {
  const g = flat(given), e = flat(expected);
  return g.findIndex((v, i) => !(Math.abs(v - e[i]) <= tol));
}

export function matches(given, expected, tol) {
  return sameShape(given, expected) && firstOff(given, expected, tol) === -1;
}

function shapeMessage(given, expected, name, hint) {
  const [r, c, R, C] = [given.length, given[0].length, expected.length, expected[0].length];
  if (R * C === 1) return `${name} is one number; you gave ${r * c}.`;
  if (isVector(R, C)) {
    const what = hint ? `${name} has ${hint}: ${R * C} numbers` : `${name} has ${R * C} entries`;
    return `${what}, you gave ${r * c}.`;
  }
  const what = hint ? `${name} is ${R}\u00d7${C} (${hint})` : `${name} is ${R}\u00d7${C}`;
  return `${what}; you gave ${r}\u00d7${c}.`;
}

function entry(i, expected, name) {
  const [R, C] = [expected.length, expected[0].length];
  if (R * C === 1) return name;
  if (isVector(R, C)) return `entry ${i + 1} of ${name}`;
  return `entry (${Math.floor(i / C) + 1}, ${(i % C) + 1}) of ${name}`;
}

// The verdict on typed `text`: expected and each mistake's value are rows of numbers,
// mistakes [[message, rows], ...]; tolText is tol as Python writes it ("0.01"). Where one
// number is expected, 9,610 is read as 9610.
export function checkAnswer(text, expected, mistakes, tol, tolText, name, hint) {
  let given;
  // one number, written as the book prints it: 9,610
  if (expected.length * expected[0].length === 1 && THOUSANDS.test(text)) text = text.replaceAll(",", "");
  try {
    given = parseAnswer(text);
  } catch (error) {
    return { kind: "unreadable", message: error.message };
  }
  if (!flat(given).every(Number.isFinite)) {
    return { kind: "unreadable", message: `${name} must be finite numbers; the answer holds NaN or inf.` };
  }
  if (matches(given, expected, tol)) {
    const every = expected.length * expected[0].length === 1 ? "" : "every entry is ";
    return { kind: "correct", message: `Correct: ${every}within ${tolText} of ${name}.` };
  }
  for (const [message, value] of mistakes) {
    if (matches(given, value, tol)) return { kind: "mistake", message: `Not yet: ${message}` };
  }
  if (!sameShape(given, expected)) {
    const comma = /\d,\d/.test(text) ? DECIMAL_COMMA : "";
    return { kind: "shape", message: `Not yet: ${shapeMessage(given, expected, name, hint)}${comma}` };
  }
  return { kind: "wrong", message: `Not yet: ${entry(firstOff(given, expected, tol), expected, name)} is off by more than ${tolText}.` };
}
