"""Every error the library raises for bad input: each says what is wrong, where, and how to fix it."""

from __future__ import annotations

import difflib
import sys
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parent.parent)


class AnalysisError(ValueError):
    """Base class of the library's input errors."""


class CorpusError(AnalysisError):
    """A corpus file, folder or manifest that cannot be loaded as asked."""


class SchemaError(AnalysisError):
    """A table that lacks the columns a function needs, or repeats ids that must be unique."""


class SentimentError(AnalysisError):
    """Sentences, articles or options that sentiment scoring and its aggregates cannot use."""


class TermsError(AnalysisError):
    """Articles, options or a framing-marker table that term counting, KWIC or framing markers cannot use."""


class ActorError(AnalysisError):
    """An actor list, mentions table or option that the actor-mention analysis cannot use."""


class QuoteError(AnalysisError):
    """Articles, a speech-word list, a quotations table or options that quotation analysis cannot use."""


class StatsError(AnalysisError):
    """Values or options that the bootstrap and the sample-size checks cannot use."""


class CacheError(AnalysisError):
    """A cache folder that cannot be written: its path is a file, its disk is full, or it is read-only."""


class PipelineError(AnalysisError):
    """``analyze`` was asked something it cannot do (an unknown engine, a bad chunk size…)."""


class RenderError(AnalysisError):
    """Notebooks, parameters or an output folder that a run cannot use as asked.

    ``outcomes`` holds how each report went (:class:`analysis.reports.index.ReportOutcome`)
    when the error came after the notebooks ran (e.g. the run folder could not be
    written), else it is empty.
    """

    def __init__(self, message: str, *, outcomes: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.outcomes = list(outcomes)


_SHOWN: set[tuple[str, type[Warning], str, int]] = set()


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    """Warn once per message and line of the user's code, pointing at that line (see :func:`user_stacklevel`).

    Python's own once-per-line registry is cleared whenever any library changes the
    warning filters (many do, inside their calls), so the same warning came out again
    on every call; this one is kept here, for the life of the process.
    """
    level = user_stacklevel()
    frame = sys._getframe(level - 1)
    key = (message, category, frame.f_code.co_filename, frame.f_lineno)
    if key not in _SHOWN or _action(message, category, frame.f_globals.get("__name__", ""), frame.f_lineno) != "default":
        _SHOWN.add(key)
        warnings.warn(message, category, stacklevel=level)


def _action(message: str, category: type[Warning], module: str, lineno: int) -> str:
    """What the warning filters in force do with this warning (``always``, ``error``, ``ignore``, ``default``…),
    read as :mod:`warnings` reads them: a caller who asked to see every warning sees every one."""
    for action, text, kind, where, line in warnings.filters:
        if ((text is None or text.match(message)) and issubclass(category, kind)
                and (where is None or where.match(module)) and line in (0, lineno)):
            return action
    return warnings.defaultaction


def user_stacklevel() -> int:
    """The ``stacklevel`` for :func:`warnings.warn` that names the first caller outside this package.

    A warning then points at the user's own line (their call of ``load_corpus``,
    ``analyze``…) whatever depth the library warns from, and Python's default filter
    shows it once per such line.
    """
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


def did_you_mean(unknown: Iterable[str], known: Iterable[str], what: str) -> str:
    """A sentence naming each of ``unknown`` that is not a ``what``, with the closest of ``known`` (case ignored)
    when one is close, then the ``known`` ones (the first 20)."""
    choices = {str(name).lower(): str(name) for name in known}
    parts = []
    for name in unknown:
        close = difflib.get_close_matches(str(name).lower(), list(choices), n=1, cutoff=0.6)
        parts.append(f"{name!r}" + (f" (did you mean {choices[close[0]]!r}?)" if close else ""))
    listed = sorted(choices.values())
    shown = ", ".join(map(repr, listed[:20])) + (f" and {len(listed) - 20:,} more" if len(listed) > 20 else "")
    verb = "is not a" if len(parts) == 1 else "are not"
    return f"{', '.join(parts)} {verb} {what}{'' if len(parts) == 1 else 's'} of this corpus; its {what}s are {shown or 'none'}."

