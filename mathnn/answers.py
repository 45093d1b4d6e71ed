"""Checking a reader's answer: a typed one (the book's answer boxes) or one computed in code::

    parse_answer("[1.53, 9.09]")          -> [[1.53, 9.09]]   (always rows of numbers)
    check_answer(value, expected, mistakes=[(message, value), ...], tol=0.01, name="z",
                 hint="one entry per neuron")                      -> Verdict
    check_function(my_fn, mathnn_fn, cases)                       -> Verdict

The rules, the same in mathnn/widgets/check.js (tests/test_answers.py holds them together):

- An answer is correct when it has the expected shape and every entry is within `tol` of
  the expected one. A number, or a vector typed as a row or as a column, has the shape of
  a vector with as many entries (z of shape (4, 1) may be typed `[1, 2, 3, 4]`).
- Otherwise, if it equals one of the known mistakes (same rule), the verdict names that
  mistake: "you forgot the bias".
- Otherwise, if its shape is wrong, the verdict says so in the book's notation: "z has one
  entry per neuron: 4 numbers, you gave 3".
- Otherwise it is "not yet", with the first entry that is off.

Where one number is expected, 9,610 is read as the book prints it, 9610.

The expected value and the mistakes are computed by mathnn when a notebook executes, never
typed; AnswerWidget refuses a mistake that the tolerance cannot tell from the answer.
"""
import math
import re

import numpy as np

NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?(/(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)?$")  # 2, -0.5, 1e-3, 2/5
FORMAT_HELP = "Type a number (0.25 or 1/4), a vector ([1.5, -2]) or a matrix, its rows separated by ; ([1, 2; 3, 4])."
DECIMAL_COMMA = " A decimal takes a point: 2.5, not 2,5."
THOUSANDS = re.compile(r"^\s*[+\-\u2212]?\d{1,3}(,\d{3})+(\.\d+)?\s*$")  # 9,610 or 1,234.5


class AnswerError(ValueError):
    """Typed text that is not a number, a vector or a matrix."""


class Verdict:
    """The outcome of a check: `kind` is "correct", "mistake", "shape", "wrong" or "unreadable".

    True when correct; shows as its message.
    """

    def __init__(self, kind, message):
        self.kind, self.message = kind, message

    @property
    def correct(self):
        return self.kind == "correct"

    def __bool__(self):
        return self.correct

    def __repr__(self):
        return self.message

    def __eq__(self, other):
        return isinstance(other, Verdict) and (self.kind, self.message) == (other.kind, other.message)


def parse_answer(text):
    """Typed text as rows of numbers: "0.5" -> [[0.5]], "[1, 2]" -> [[1, 2]], "[1; 2]" -> [[1], [2]].

    Entries are separated by commas or spaces, rows by ";", a new line or "], ["; an entry may
    be a fraction, 2/5. The minus sign may be "-" or "−". Raises AnswerError with a message
    for the reader otherwise.
    """
    text = str(text).replace("\u2212", "-").strip()
    if not text:
        raise AnswerError("Nothing to check yet. " + FORMAT_HELP)
    text = re.sub(r"\]\s*,?\s*\[", ";", text)  # [[1, 2], [3, 4]] -> [[1, 2; 3, 4]]
    text = re.sub(r"[\[\]()]", " ", text)
    rows = [row for row in re.split(r"[;\n]", text) if row.strip()]
    grid = []
    for row in rows:
        tokens = [t for t in re.split(r"[,\s]+", row) if t]
        for token in tokens:
            if not NUMBER.match(token):
                raise AnswerError(f'"{token}" is not a number. ' + FORMAT_HELP)
        if tokens:
            grid.append([_number(t) for t in tokens])
    if not grid:
        raise AnswerError("Nothing to check yet. " + FORMAT_HELP)
    for i, row in enumerate(grid[1:], start=2):
        if len(row) != len(grid[0]):
            raise AnswerError(f"Every row needs as many entries as the first: row 1 has {len(grid[0])}, "
                              f"row {i} has {len(row)}.")
    return grid


def _number(token):
    """A typed entry as a float: "2.5" or "2/5"; a fraction over 0 is inf or nan, as in JavaScript."""
    top, _, bottom = token.partition("/")
    if not bottom:
        return float(top)
    a, b = float(top), float(bottom)
    return a / b if b else (float("nan") if a == 0 else math.copysign(math.inf, a))


def as_grid(value):
    """A number, vector or matrix (or typed text) as rows of floats, the form the rules compare."""
    if isinstance(value, str):
        return parse_answer(value)
    array = np.asarray(value, dtype=float)
    if array.ndim > 2:
        raise ValueError(f"an answer is a number, a vector or a matrix; got shape {array.shape}")
    return np.atleast_2d(array).tolist()


def _is_vector(rows, cols):
    return rows == 1 or cols == 1


def _same_shape(given, expected):
    """Same shape, a vector (a number is one) matching a vector of as many entries either way."""
    r, c, R, C = len(given), len(given[0]), len(expected), len(expected[0])
    if _is_vector(r, c) and _is_vector(R, C):
        return r * c == R * C
    return (r, c) == (R, C)


def _flat(grid):
    return [v for row in grid for v in row]


def _first_off(given, expected, tol):
    """The index of the first entry further than tol from the expected one, else None."""
    for i, (g, e) in enumerate(zip(_flat(given), _flat(expected))):
        if not abs(g - e) <= tol:
            return i
    return None


def _matches(given, expected, tol):
    return _same_shape(given, expected) and _first_off(given, expected, tol) is None


def _shape_message(given, expected, name, hint):
    r, c, R, C = len(given), len(given[0]), len(expected), len(expected[0])
    if R * C == 1:
        return f"{name} is one number; you gave {r * c}."
    if _is_vector(R, C):
        what = f"{name} has {hint}: {R * C} numbers" if hint else f"{name} has {R * C} entries"
        return f"{what}, you gave {r * c}."
    what = f"{name} is {R}\u00d7{C} ({hint})" if hint else f"{name} is {R}\u00d7{C}"
    return f"{what}; you gave {r}\u00d7{c}."


def _entry(i, expected, name):
    R, C = len(expected), len(expected[0])
    if R * C == 1:
        return name
    if _is_vector(R, C):
        return f"entry {i + 1} of {name}"
    return f"entry ({i // C + 1}, {i % C + 1}) of {name}"


def check_answer(value, expected, mistakes=(), tol=0.01, name="the answer", hint=""):
    """Check an answer, typed (a string) or computed (a number or array), the way the book's boxes do.

    expected: the right value (computed by mathnn). mistakes: (message, value) pairs, the
    values a known mistake gives. tol: each entry may be this far from the expected one.
    name: the answer's symbol in the book's notation ("z"); hint: what its shape means
    ("one entry per neuron"). Returns a Verdict: true when correct, its message otherwise.
    """
    expected = as_grid(expected)
    if isinstance(value, str) and len(expected) * len(expected[0]) == 1 and THOUSANDS.match(value):
        value = value.replace(",", "")  # one number, written as the book prints it: 9,610
    try:
        given = as_grid(value)
    except AnswerError as error:
        return Verdict("unreadable", str(error))
    if not np.isfinite(_flat(given)).all():
        return Verdict("unreadable", f"{name} must be finite numbers; the answer holds NaN or inf.")
    tol_text = f"{tol:g}"
    if _matches(given, expected, tol):
        every = "" if len(expected) * len(expected[0]) == 1 else "every entry is "
        return Verdict("correct", f"Correct: {every}within {tol_text} of {name}.")
    for message, mistaken in mistakes:
        if _matches(given, as_grid(mistaken), tol):
            return Verdict("mistake", f"Not yet: {message}")
    if not _same_shape(given, expected):
        comma = DECIMAL_COMMA if isinstance(value, str) and re.search(r"\d,\d", value) else ""
        return Verdict("shape", f"Not yet: {_shape_message(given, expected, name, hint)}{comma}")
    i = _first_off(given, expected, tol)
    return Verdict("wrong", f"Not yet: {_entry(i, expected, name)} is off by more than {tol_text}.")


def _show(value):
    return str(np.round(np.asarray(value, dtype=float), 4).tolist())


def check_function(f, reference, cases, tol=1e-8, name=None):
    """Test the reader's function `f` against mathnn's `reference` on `cases` (tuples of arguments).

    Each case calls both with the same arguments (copies, so neither sees the other's
    changes) and compares what they return, entry by entry within `tol` (a tuple of arrays
    is compared part by part). Returns a Verdict: how many cases matched, or the first
    mismatch with its inputs.
    """
    name = name or f"mathnn.{getattr(reference, '__qualname__', 'function')}"
    for n, args in enumerate(cases, start=1):
        inputs = ", ".join(_show(a) for a in args)
        expected = reference(*[np.array(a, dtype=float) for a in args])
        try:
            got = f(*[np.array(a, dtype=float) for a in args])
        except Exception as error:  # the reader's code: report any failure as a verdict
            return Verdict("wrong", f"Case {n}: for inputs {inputs} your function raised "
                                    f"{type(error).__name__}: {error}")
        parts = isinstance(expected, tuple)
        got_parts, expected_parts = (got, expected) if parts else ((got,), (expected,))
        if parts and (not isinstance(got, tuple) or len(got) != len(expected)):
            return Verdict("shape", f"Case {n}: {name} returns {len(expected)} values; yours returned "
                                    f"{len(got) if isinstance(got, tuple) else 1}.")
        for g, e in zip(got_parts, expected_parts):
            g, e = np.asarray(g, dtype=float), np.asarray(e, dtype=float)
            if g.shape != e.shape:
                return Verdict("shape", f"Case {n}: for inputs {inputs} your function returned shape "
                                        f"{g.shape}; {name} returns {e.shape}.")
            if not np.allclose(g, e, rtol=0, atol=tol):
                return Verdict("wrong", f"Case {n}: for inputs {inputs} your function returned {_show(g)}; "
                                        f"{name} returns {_show(e)}.")
    return Verdict("correct", f"Correct: {f'all {len(cases)} cases match' if len(cases) > 1 else 'the case matches'} {name} (within {tol:g}).")
