"""The answer box: the reader types a number, vector or matrix and learns if it is right  (every chapter)."""
import numpy as np
import traitlets

from ..answers import _matches, as_grid, check_answer
from ._base import Widget, css, esm


class AnswerWidget(Widget):
    """AnswerWidget(question, expected, mistakes=(), tol=0.01, name="the answer", hint="")

    A box for a typed answer and a Check button. The verdict (mathnn.answers.check_answer's
    rules, run in the page by check.js) says correct, names a known mistake, or explains a
    wrong shape, in a live region that screen readers announce.

    expected: the right value, computed by mathnn (never typed). mistakes: (message, value)
    pairs, each the value a known mistake gives, also computed. In Jupyter, `widget.answer`
    is the text last checked and `widget.verdict` its Verdict.
    """
    _esm = esm("answer", modules=["check"], engine=False)  # checks, computes nothing
    _css = css("answer")
    question = traitlets.Unicode().tag(sync=True)
    expected = traitlets.List().tag(sync=True)  # rows of numbers
    mistakes = traitlets.List().tag(sync=True)  # [[message, rows of numbers], ...]
    tol = traitlets.Float(0.01).tag(sync=True)
    tol_text = traitlets.Unicode().tag(sync=True)  # tol as Python writes it, for the messages
    name = traitlets.Unicode("the answer").tag(sync=True)
    hint = traitlets.Unicode().tag(sync=True)
    answer = traitlets.Unicode().tag(sync=True)  # what the reader last checked

    def __init__(self, question, expected, mistakes=(), tol=0.01, name="the answer", hint="", **kwargs):
        if not tol > 0:
            raise ValueError(f"tol must be a positive number; got {tol!r}")
        expected = _finite_grid("expected", expected)
        checked = []
        for message, value in mistakes:
            grid = _finite_grid(f"the mistake {message!r}", value)
            if _matches(grid, expected, tol):
                raise ValueError(f"the mistake {message!r} gives the answer itself within tol={tol:g}: "
                                 "the checker could not tell them apart")
            for other, other_grid in checked:
                if _matches(grid, other_grid, tol):
                    raise ValueError(f"the mistakes {other!r} and {message!r} give the same value within "
                                     f"tol={tol:g}: the checker could not tell them apart")
            checked.append((message, grid))
        super().__init__(question=question, expected=expected, mistakes=[list(m) for m in checked],
                         tol=tol, tol_text=f"{tol:g}", name=name, hint=hint, **kwargs)

    @property
    def verdict(self):
        """check_answer on the text last checked (None before the first check)."""
        if not self.answer:
            return None
        return check_answer(self.answer, self.expected, [tuple(m) for m in self.mistakes],
                            tol=self.tol, name=self.name, hint=self.hint)

    def __repr__(self):
        return f"AnswerWidget({self.question!r}, answer={self.answer!r})"


def _finite_grid(what, value):
    grid = as_grid(value)
    if not np.isfinite(np.asarray(grid, dtype=float)).all():
        raise ValueError(f"{what} must be finite numbers; got {value!r}")
    return grid
