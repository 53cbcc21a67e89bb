"""``where=``: keep the articles whose columns pass a small, safe filter expression.

The expression is read with Python's :mod:`ast` and never evaluated as code. It
is made of comparisons of a column with literal values::

    text_type == "full_text" and author_marked_offtopic == 0
    source in ["BBC", "Reuters"] and published >= "2022-02-24"
    not (n_words < 100 or language != "en")

* a comparison: ``column OP literal`` with ``==``, ``!=``, ``<``, ``<=``, ``>``,
  ``>=``, or ``column in [literals]`` / ``column not in [literals]``; the column is
  an articles column (core field or metadata) named as written;
* literals: text in quotes, numbers, ``True``/``False``, and ``None`` (``== None``
  keeps the articles without a value, ``!= None`` those with one); a date column
  is compared with a date written as text (``"2022-03-01"``);
* ``and``, ``or``, ``not`` and parentheses combine comparisons.

Column names are Python identifiers (letters, digits, ``_``); map or rename a
column named otherwise before loading.

A comparison on a missing value is false, whatever the operator (``x != "a"``
drops the articles without ``x``); ``not`` turns it true. Unknown columns, a
literal of the wrong type for its column, and anything else (function calls,
arithmetic, attribute access) raise :class:`analysis.CorpusError` saying where.

The top-level ``and`` clauses are applied in the order written; each article left
out is charged to the first clause it fails (:func:`apply_where`), so a report can
say what each clause kept and dropped.
"""

from __future__ import annotations

import ast
import difflib
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from pandas.api import types

from analysis.core.errors import CorpusError
from analysis.core.schema import conform, returns
from analysis.io.tables import TABLE_COLUMN_DEFAULTS

_OPERATORS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_SYMBOLS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
            ast.In: "in", ast.NotIn: "not in"}
_SINGLE_EQUALS = re.compile(r"(?<![=!<>])=(?!=)(?=(?:[^'\"]|'[^']*'|\"[^\"]*\")*$)")  # an = outside quotes
_HELP = ('write comparisons of a column with literal values, such as text_type == "full_text" and '
         "author_marked_offtopic == 0, combined with and/or/not and parentheses")


@dataclass(frozen=True)
class Clause:
    """One top-level ``and`` clause: its text as written and its parsed expression."""

    text: str
    node: ast.expr


def _error(expression: str, node: ast.AST | None, problem: str, columns: list[str] | None = None, *,
           fixed: bool = False) -> CorpusError:
    """The error of ``expression`` at ``node``: ``problem``, then the general fix unless ``fixed`` (the problem says it)."""
    where = f", at position {node.col_offset + 1}" if node is not None and hasattr(node, "col_offset") else ""
    listed = f" The articles' columns are {columns}." if columns is not None else ""
    return CorpusError(f"where={expression!r}{where}: {problem}.{'' if fixed else f' Fix: {_HELP}.'}{listed}")


def parse_where(expression: str) -> list[Clause]:
    """The top-level ``and`` clauses of ``expression``, in order; [] for an empty expression.

    Checks the syntax only (columns are checked against a table by :func:`apply_where`).
    """
    if not isinstance(expression, str):
        raise CorpusError(f"where={expression!r}: give the filter as text, e.g. where='text_type == \"full_text\"'.")
    if not expression.strip():
        return []
    try:
        tree = ast.parse(expression.strip(), mode="eval").body
    except SyntaxError as exc:
        single = _SINGLE_EQUALS.search(expression.strip())
        if single:
            raise CorpusError(f"where={expression!r}, at position {single.start() + 1}: '=' sets a value; to compare, "
                              "write '==' (e.g. source == 'BBC').") from None
        raise CorpusError(f"where={expression!r}, at position {max(exc.offset or 1, 1)}: not a valid expression "
                          f"({exc.msg}). Fix: {_HELP}.") from None
    text = expression.strip()
    _check_node(text, tree)
    nodes = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
    return [Clause(ast.get_source_segment(text, node) or ast.unparse(node), node) for node in nodes]


def _check_node(expression: str, node: ast.expr) -> None:
    """Raise unless ``node`` is built only of comparisons of a column with literals, and/or/not."""
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check_node(expression, value)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check_node(expression, node.operand)
    elif isinstance(node, ast.Compare):
        if len(node.ops) != 1:
            raise _error(expression, node, "one comparison at a time (write a <= x and x <= b, not a <= x <= b)")
        if not isinstance(node.left, ast.Name):
            raise _error(expression, node.left, "the left side of a comparison must be a column name")
        _literal(expression, node.comparators[0], listed=isinstance(node.ops[0], (ast.In, ast.NotIn)))
    else:
        raise _error(expression, node, f"{ast.unparse(node)!r} is not a comparison")


def _literal(expression: str, node: ast.expr, *, listed: bool) -> Any:
    """The value of a literal (a list of them after ``in``); CorpusError for anything else."""
    if listed:
        if not isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            raise _error(expression, node, "'in' and 'not in' take a list of literals, e.g. [\"BBC\", \"CNN\"]")
        return [_literal(expression, item, listed=False) for item in node.elts]
    try:
        value = ast.literal_eval(node)
    except ValueError:
        raise _error(expression, node, f"{ast.unparse(node)!r} is not a literal (text in quotes, a number, True, "
                                       "False or None)") from None
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise _error(expression, node, f"{ast.unparse(node)!r} is not a single literal")
    return value


def _kind(series: pd.Series) -> str:
    if types.is_bool_dtype(series.dtype):
        return "boolean"
    if types.is_numeric_dtype(series.dtype):
        return "number"
    if types.is_datetime64_any_dtype(series.dtype):
        return "date"
    return "text"


def _value_for(expression: str, node: ast.expr, value: Any, column: str, kind: str) -> Any:
    """``value`` as ``column`` holds its values; CorpusError when it cannot be one."""
    fits = {"boolean": isinstance(value, bool),
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "text": isinstance(value, str),
            "date": isinstance(value, str)}[kind]
    if not fits:
        example = {"boolean": "True or False", "number": "a number such as 0", "text": 'text in quotes such as "BBC"',
                   "date": 'a date in quotes such as "2022-03-01"'}[kind]
        raise _error(expression, node, f"column {column!r} holds {kind} values, so compare it with {example}, "
                                       f"not {value!r}")
    if kind == "date":
        try:
            return pd.Timestamp(value)
        except ValueError:
            raise _error(expression, node, f"{value!r} is not a date; write it as YYYY-MM-DD") from None
    return value


def _evaluate(expression: str, node: ast.expr, articles: pd.DataFrame) -> pd.Series:
    """The rows of ``articles`` for which ``node`` holds (a bool Series on its index)."""
    if isinstance(node, ast.BoolOp):
        results = [_evaluate(expression, value, articles) for value in node.values]
        combined = results[0]
        for result in results[1:]:
            combined = combined & result if isinstance(node.op, ast.And) else combined | result
        return combined
    if isinstance(node, ast.UnaryOp):
        return ~_evaluate(expression, node.operand, articles)
    assert isinstance(node, ast.Compare) and isinstance(node.left, ast.Name)  # checked by parse_where
    column, op, right = node.left.id, type(node.ops[0]), node.comparators[0]
    if column not in articles.columns:
        problem = _unknown_column(column, list(articles.columns))
        raise _error(expression, node.left, problem, list(articles.columns), fixed="write" in problem)
    series = articles[column]
    kind = _kind(series)
    value = _literal(expression, right, listed=op in (ast.In, ast.NotIn))
    present = series.notna().to_numpy(dtype=bool)
    if value is None:
        if op not in (ast.Eq, ast.NotEq):
            raise _error(expression, right, f"None (no value) can only be compared with == or !=, not {_SYMBOLS[op]}")
        return pd.Series(~present if op is ast.Eq else present, index=articles.index)
    if kind == "text" and op in (ast.Eq, ast.NotEq, ast.In, ast.NotIn):
        _check_text_values(expression, right, column, series, value if isinstance(value, list) else [value])
    if op in (ast.In, ast.NotIn):
        values = [_value_for(expression, right, v, column, kind) for v in value]
        inside = series.isin(values).fillna(False).to_numpy(dtype=bool)
        return pd.Series((inside if op is ast.In else ~inside) & present, index=articles.index)
    compared = _OPERATORS[op](series, _value_for(expression, right, value, column, kind))
    return pd.Series(pd.array(compared, dtype="boolean").fillna(False).to_numpy(dtype=bool) & present,
                     index=articles.index)


def _unknown_column(column: str, columns: list[str]) -> str:
    """Why ``column`` is unknown: a table column loaded as a field (``date`` is ``published``), or a misspelling."""
    field = next((name for name, usual in TABLE_COLUMN_DEFAULTS.items() if column in usual and name != column), None)
    if field and field in columns:
        return (f"unknown column {column!r}: a table's column {column!r} is loaded as the field {field!r}, so write "
                f"{field} (e.g. {field} {'>= ' + repr('2022-03-01') if field == 'published' else '== ...'})")
    close = difflib.get_close_matches(column, columns, n=1, cutoff=0.75)
    return f"unknown column {column!r}" + (f" (did you mean {close[0]!r}?)" if close else "")


def _check_text_values(expression: str, node: ast.expr, column: str, series: pd.Series, values: list[Any]) -> None:
    """CorpusError for a text value no article has (a misspelled outlet keeps or drops nothing, silently), with the
    closest value the column has."""
    held = series.dropna().astype(str).value_counts()
    absent = [v for v in values if isinstance(v, str) and v not in held.index]
    if not absent:
        return
    by_lower = {str(value).lower(): str(value) for value in held.index}
    hints = []
    for value in absent:
        close = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.6)
        hints.append(f"{value!r}" + (f" (did you mean {by_lower[close[0]]!r}?)" if close else ""))
    shown = ", ".join(repr(v) for v in held.index[:10]) + (f" and {len(held) - 10:,} more" if len(held) > 10 else "")
    raise _error(expression, node, f"no article has {column} {' or '.join(hints)}; the values of {column} are {shown}. "
                                   "Fix the spelling, or leave the value out", fixed=True)


def apply_where(articles: pd.DataFrame, expression: str) -> tuple[pd.DataFrame, pd.Series]:
    """The articles that pass ``expression``, and for each article left out the clause that dropped it.

    Returns the kept rows (index reset) and a string Series, aligned on
    ``articles.index``, holding the text of the first top-level clause each
    article fails (missing for kept articles).
    """
    expression = expression.strip() if isinstance(expression, str) else expression
    failed = pd.Series(pd.NA, index=articles.index, dtype="string")
    for clause in parse_where(expression):
        passes = _evaluate(expression, clause.node, articles)
        failed = failed.mask(failed.isna() & ~passes, clause.text)
    return articles.loc[failed.isna().to_numpy()].reset_index(drop=True), failed


@returns("filter_counts")
def clause_counts(expression: str, n_articles: int, dropped_by: pd.Series) -> pd.DataFrame:
    """What each top-level clause of ``expression`` kept and dropped, in order.

    ``n_articles`` is how many articles the filter was applied to; ``dropped_by``
    holds, for each article left out, the clause that dropped it (as
    :func:`apply_where` gives it, or read back from the ``skipped`` reasons).
    """
    counts = dropped_by.value_counts()
    rows, before = [], n_articles
    for clause in parse_where(expression):
        dropped = int(counts.get(clause.text, 0))
        rows.append((clause.text, before, before - dropped, dropped))
        before -= dropped
    return conform(pd.DataFrame(rows, columns=["clause", "n_before", "n_kept", "n_dropped"]), "filter_counts")
