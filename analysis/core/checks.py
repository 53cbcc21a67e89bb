"""Input validation shared by every module: one home for the checks and their messages.

Each check raises the calling module's own error class (``error=``), so a user
catches :class:`analysis.ActorError` from actor functions and so on, while the
wording is written once.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from analysis.core.errors import AnalysisError, SchemaError
from analysis.core.parallel import available_cores

ErrorType = type[AnalysisError]


def require_columns(table: pd.DataFrame, columns: Sequence[str], *, what: str, fix: str,
                    error: ErrorType = SchemaError) -> None:
    """Raise ``error`` naming the columns of ``columns`` that the ``what`` table lacks, and how to make it."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise error(f"the {what} table has no column(s) {missing} (its columns are {list(table.columns)}); {fix}.")


def require_unique_ids(table: pd.DataFrame, *, what: str = "articles", column: str = "doc_id",
                       error: ErrorType = SchemaError) -> None:
    """Raise ``error`` when ``column`` repeats a value: ids must name one row each."""
    repeated = table[column][table[column].duplicated()].unique()[:3].tolist()
    if repeated:
        raise error(f"{column}(s) {repeated} appear more than once in the {what} table; ids must be unique.")


def require_texts(articles: pd.DataFrame, *, what: str, error: ErrorType = SchemaError) -> None:
    """Raise ``error`` when an article's ``text`` is missing or not a string."""
    bad = ~articles["text"].map(lambda t: isinstance(t, str))
    if bad.any():
        ids = articles.loc[bad, "doc_id"].tolist()[:5] if "doc_id" in articles.columns else []
        raise error(f"{what}: {int(bad.sum())} article(s) have no text (first: {ids}). "
                    "Drop them or fill their 'text' column, e.g. by loading the corpus with analysis.load_corpus.")


def positive_int(name: str, value: Any, *, error: ErrorType = AnalysisError) -> int:
    """``value`` when it is a whole number of at least 1, else ``error``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise error(f"{name}={value!r}: give a whole number of at least 1.")
    return int(value)


def process_count(n_jobs: Any, *, error: ErrorType = AnalysisError) -> int:
    """The number of processes for ``n_jobs``: every core this process may use for None, else a positive integer."""
    if n_jobs is None:
        return available_cores()
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs < 1:
        raise error(f"n_jobs={n_jobs!r}: give a positive number of processes, or None for every core.")
    return int(n_jobs)


def one_of(name: str, value: Any, choices: Iterable[Any], *, error: ErrorType = AnalysisError) -> None:
    """Raise ``error`` when ``value`` is not among ``choices``."""
    options = list(choices)
    if value not in options:
        raise error(f"{name}={value!r}: use one of {options}.")


def parse_flag(value: Any) -> bool | None:
    """A true/false cell of a hand-written table (``true``/``yes``/``1``…); None when empty; ValueError otherwise."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "y"):
        return True
    if text in ("false", "no", "0", "n"):
        return False
    raise ValueError(f"{value!r} is not true/false")


def article_groups(articles: pd.DataFrame, by: str | None, *, error: type[AnalysisError]) -> tuple[pd.DataFrame, str]:
    """``doc_id`` (str) and group of every article, and the group column's name (``corpus`` when ``by`` is
    None: one group, "all articles"); a missing group reads ``(unknown <by>)``. Raises ``error`` when the
    table lacks ``doc_id`` or ``by``, or an id repeats."""
    column = "corpus" if by is None else by
    require_columns(articles, ["doc_id"] + ([] if by is None else [by]),
                    what="articles",
                    fix="pass the table from analysis.load_corpus" + ("" if by is None else ", or name another column as by="),
                    error=error)
    require_unique_ids(articles, error=error)
    groups = "all articles" if by is None else articles[by].astype("string").fillna(f"(unknown {by})")
    return pd.DataFrame({"doc_id": articles["doc_id"], column: groups}), column
