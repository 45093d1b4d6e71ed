"""The answer checker: mathnn.answers (Python) and its twin check.js (the page's answer boxes).

Unit tests of the rules and messages, then parity: seeded cases of typed answers (right,
rounded, a known mistake, a wrong shape, a transpose, unreadable text) checked by both,
which must give the same verdict with the same message, character for character.
"""
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import mathnn as nn
from mathnn.answers import AnswerError, check_answer, check_function, parse_answer
from mathnn.widgets import AnswerWidget

CHECK_JS = Path(nn.__file__).parent / "widgets" / "check.js"
W = np.array([[0.5, -1.0], [2.0, 0.25], [1.5, 3.0]])
x = np.array([[2.0], [-1.0]])
b = np.array([[0.1], [0.2], [0.3]])
Z = W @ x + b
MISTAKES = [("you forgot the bias", W @ x), ("that is the sum of the weights", W.sum(axis=1, keepdims=True))]


def verdict(text, expected=Z, mistakes=MISTAKES, tol=0.01):
    return check_answer(text, expected, mistakes, tol=tol, name="z", hint="one entry per neuron")


@pytest.mark.parametrize("text,grid", [
    ("0.25", [[0.25]]), ("[1.5, -2]", [[1.5, -2.0]]), ("1.5 \u22122", [[1.5, -2.0]]),
    ("[1; 2]", [[1.0], [2.0]]), ("[[1], [2]]", [[1.0], [2.0]]), ("1\n2", [[1.0], [2.0]]),
    ("[1, 2; 3, 4]", [[1.0, 2.0], [3.0, 4.0]]), ("[[1, 2], [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]),
    ("(1e-3, .5, +2.)", [[0.001, 0.5, 2.0]]), ("[1/4, -3/2]", [[0.25, -1.5]]),
])
def test_parse_reads_numbers_vectors_columns_and_matrices(text, grid):
    assert parse_answer(text) == grid


@pytest.mark.parametrize("text,message", [
    ("", "Nothing to check yet."), ("[ ]", "Nothing to check yet."), ("1.5.3", '"1.5.3" is not a number.'),
    ("x = 2", '"x" is not a number.'), ("[1, 2; 3]", "row 1 has 2, row 2 has 1."),
])
def test_parse_explains_what_it_cannot_read(text, message):
    with pytest.raises(AnswerError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_answer(text)


def test_the_right_answer_as_a_row_a_column_or_rounded_is_correct():
    assert verdict(Z.ravel().tolist()).correct
    assert verdict("[2.1, 3.95, 0.3]").correct
    assert verdict("2.1; 3.95; 0.3").correct
    assert verdict("[2.104, 3.946, 0.296]").message == "Correct: every entry is within 0.01 of z."
    assert check_answer("0.504", 0.5, name="p").message == "Correct: within 0.01 of p."


def test_a_known_mistake_is_named():
    v = verdict((W @ x).ravel().tolist())
    assert (v.kind, v.message) == ("mistake", "Not yet: you forgot the bias")
    assert not v


def test_one_number_may_be_written_with_thousands_separators():
    assert check_answer("9,610", 9610, name="n", tol=0.5).correct
    assert check_answer("1,234.5", 1234.5, name="n").correct
    assert check_answer("9,610", [9, 610], name="v").correct  # a vector stays two numbers


def test_a_decimal_comma_gets_a_hint():
    assert check_answer("2,5", 2.5, name="f(x)").message == \
        "Not yet: f(x) is one number; you gave 2. A decimal takes a point: 2.5, not 2,5."
    assert check_answer("[2, 5]", 2.5, name="f(x)").message == "Not yet: f(x) is one number; you gave 2."


def test_a_wrong_shape_is_explained_in_the_books_notation():
    assert verdict("[2.1, 3.95]").message == "Not yet: z has one entry per neuron: 3 numbers, you gave 2."
    assert check_answer("[1, 2]", 0.5, name="L").message == "Not yet: L is one number; you gave 2."
    assert check_answer("[1, 2, 3, 4, 5, 6]", W, name="W", hint="one row per neuron").message == \
        "Not yet: W is 3\u00d72 (one row per neuron); you gave 1\u00d76."


def test_a_wrong_entry_is_located():
    assert verdict("[2.1, 3.95, 0.5]").message == "Not yet: entry 3 of z is off by more than 0.01."
    assert check_answer("[0.5, -1; 2, 0.25; 1.5, 2]", W, name="W").message == \
        "Not yet: entry (3, 2) of W is off by more than 0.01."
    assert check_answer("1", 0.5, name="p").message == "Not yet: p is off by more than 0.01."


def test_nan_and_inf_are_refused_with_a_message():
    assert verdict("[1e999, 1, 1]").kind == "unreadable"
    assert verdict(np.array([np.nan, 1, 1])).message == "z must be finite numbers; the answer holds NaN or inf."


def test_the_widget_refuses_mistakes_it_could_not_tell_apart():
    with pytest.raises(ValueError, match="gives the answer itself within tol=0.01"):
        AnswerWidget("z?", Z, [("tiny slip", Z + 0.001)])
    with pytest.raises(ValueError, match="give the same value"):
        AnswerWidget("z?", Z, [("one", W @ x), ("two", W @ x + 0.001)])
    with pytest.raises(ValueError, match="finite"):
        AnswerWidget("z?", [np.nan])
    with pytest.raises(ValueError, match="tol must be a positive number"):
        AnswerWidget("z?", Z, tol=0)


def test_the_widget_checks_what_the_reader_typed_with_the_same_rules():
    widget = AnswerWidget("z = Wx + b?", Z, MISTAKES, name="z", hint="one entry per neuron")
    assert widget.verdict is None
    widget.answer = "[2.1, 3.95, 0.3]"
    assert widget.verdict.correct
    widget.answer = "[2, 3.75, 0]"
    assert widget.verdict.message == "Not yet: you forgot the bias"
    assert widget.tol_text == "0.01" and widget.expected == Z.tolist()


def test_check_function_reports_the_first_mismatch_with_its_inputs():
    cases = [(np.array([[0.0, 1.0]]),), (np.array([[-2.0]]),)]
    assert str(check_function(lambda z: 1 / (1 + np.exp(-z)), nn.sigmoid, cases)) == \
        "Correct: all 2 cases match mathnn.sigmoid (within 1e-08)."
    wrong = check_function(lambda z: 1 / (1 + np.exp(z)), nn.sigmoid, cases)
    assert wrong.kind == "wrong"
    assert str(wrong) == ("Case 1: for inputs [[0.0, 1.0]] your function returned [[0.5, 0.2689]]; "
                          "mathnn.sigmoid returns [[0.5, 0.7311]].")
    assert check_function(lambda z: z.T, nn.relu, cases).kind == "shape"
    raised = check_function(lambda z: 1 / 0, nn.relu, cases)
    assert str(raised).endswith("your function raised ZeroDivisionError: division by zero")


def test_check_function_compares_each_part_of_a_tuple():
    def reference(a, b):
        return a + b, a * b
    assert check_function(lambda a, b: (a + b, a * b), reference, [(1.0, 2.0)], name="f").correct
    assert str(check_function(lambda a, b: a + b, reference, [(1.0, 2.0)], name="f")) == \
        "Case 1: f returns 2 values; yours returned 1."
    assert "your function returned 3.0; f returns 2.0" in str(
        check_function(lambda a, b: (a + b, a + b), reference, [(1.0, 2.0)], name="f"))


def _typed(rng, value, style):
    """The value typed by a reader: as a row, a column, nested brackets, with a true minus, rounded."""
    grid = np.atleast_2d(value)
    digits = int(rng.integers(2, 6))
    num = lambda v: f"{v:.{digits}f}".replace("-", "\u2212" if style % 2 else "-")
    if style == 0:
        return ", ".join(num(v) for v in grid.ravel())
    if style == 1:
        return "[" + "; ".join(", ".join(num(v) for v in row) for row in grid) + "]"
    if style == 2:
        return "[" + ", ".join("[" + ", ".join(num(v) for v in row) + "]" for row in grid) + "]"
    return "\n".join(" ".join(num(v) for v in row) for row in grid)


def parity_cases(seed=20261202, n=300):
    rng = np.random.default_rng(seed)
    junk = ["", "  ", "abc", "1.2.3", "[1, 2; 3]", "1e999", "nan", "[", "--1", "1,,2", "(1 2)", "\u22120",
            "1/2", "3/0", "0/0", "-1/0", "2,5", "[1/2, 3/4]", "1//2", "1/2/3", "2,5; 1,5",
            "9,610", "1,234.5", "-4,810", "12,34", " 1,000,000 "]
    cases = []
    for i in range(n):
        shape = [(1, 1), (1, 3), (4, 1), (2, 3), (3, 2)][i % 5]
        expected = rng.normal(0, 3, shape)
        tol = float(rng.choice([0.01, 0.005, 0.1, 1e-3, 1e-5]))
        mistakes = [["you forgot the bias", (expected + 1.5).tolist()],
                    ["sign: you went up the slope", (-expected - 0.7).tolist()]]
        if shape[0] > 1 and shape[1] > 1:
            mistakes.append(["that is the transpose", expected.T.tolist()])
        kind = i % 8
        if kind == 0:
            text = _typed(rng, expected, int(rng.integers(4)))
        elif kind == 1:
            text = _typed(rng, np.asarray(mistakes[int(rng.integers(len(mistakes)))][1]), int(rng.integers(4)))
        elif kind == 2:
            text = _typed(rng, expected.ravel()[:-1] if expected.size > 1 else np.ones(2), int(rng.integers(4)))
        elif kind == 3:
            off = expected.copy()
            off.flat[int(rng.integers(off.size))] += float(rng.choice([1, -1])) * tol * 3
            text = _typed(rng, off, int(rng.integers(4)))
        elif kind == 4:
            text = junk[i // 8 % len(junk)]
        elif kind == 5:
            text = _typed(rng, expected + tol * 0.9, 0)
        elif kind == 6:
            text = _typed(rng, expected.T, int(rng.integers(4)))
        else:
            text = _typed(rng, rng.normal(0, 3, (int(rng.integers(1, 4)), int(rng.integers(1, 4)))), int(rng.integers(4)))
        cases.append({"text": text, "expected": expected.tolist(), "mistakes": mistakes, "tol": tol,
                      "tol_text": f"{tol:g}", "name": ["z", "W", "p", "dW"][i % 4],
                      "hint": ["", "one entry per neuron", "one row per neuron"][i % 3]})
    return cases


RUN_CHECKS = """
import { readFileSync } from "node:fs";
const check = await import("data:text/javascript," + encodeURIComponent(readFileSync(process.argv[1], "utf8")));
const cases = JSON.parse(readFileSync(0, "utf8"));
console.log(JSON.stringify(cases.map((c) => check.checkAnswer(c.text, c.expected, c.mistakes, c.tol, c.tol_text, c.name, c.hint))));
"""


def test_check_js_gives_the_same_verdicts_and_messages_as_mathnn_answers():
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is needed to run check.js (apt-get install -y nodejs)")
    cases = parity_cases()
    out = subprocess.run([node, "--input-type=module", "-e", RUN_CHECKS, str(CHECK_JS)],
                         input=json.dumps(cases), capture_output=True, text=True, check=True)
    js = json.loads(out.stdout)
    kinds = {}
    for case, answer in zip(cases, js):
        py = check_answer(case["text"], case["expected"], [tuple(m) for m in case["mistakes"]],
                          tol=case["tol"], name=case["name"], hint=case["hint"])
        assert (answer["kind"], answer["message"]) == (py.kind, py.message), case
        kinds[py.kind] = kinds.get(py.kind, 0) + 1
    assert len(cases) >= 300 and all(kinds.get(k, 0) >= 20 for k in ("correct", "mistake", "shape", "wrong", "unreadable")), kinds
