"""Article metadata beyond the core fields: a table's unmapped columns and a manifest's extra columns.

Each such column is typed by looking at all of its values at once (so a column
does not change type from one row to the next):

* every value an integer (``0``, ``-12``, or an integer of a typed table) →
  ``Int64`` (pandas' integer type that can hold missing values);
* every value a number → ``float64``;
* every value ``true``/``false``/``yes``/``no`` (any case) or a boolean → ``boolean``;
* every value an ISO date (``2022-03-01``, ``2022-03-01T12:30:00Z``) or a date →
  ``datetime64[ns]`` (a time zone converted to UTC, then dropped, as for ``published``);
* anything else → ``string`` (a list or object of a JSON table as its JSON text).

Missing values (empty or blank cells, ``null``, NaN) are ignored for the decision and stay
missing. A column with no value at all is ``string``.
"""

from __future__ import annotations

import datetime as dt
import json
import numbers
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

INTEGER, FLOAT, BOOLEAN, DATETIME, STRING = "Int64", "float64", "boolean", "datetime64[ns]", "string"
_INTEGER_TEXT = re.compile(r"[+-]?\d+")
_FLOAT_TEXT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_ISO_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_FLAGS = {"true": True, "yes": True, "false": False, "no": False}


def _missing(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (np.ndim(value) == 0 and bool(pd.isna(value)))


def _is_integer(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_INTEGER_TEXT.fullmatch(value.strip()))
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _is_number(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_FLOAT_TEXT.fullmatch(value.strip()))
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_flag(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_)) or (isinstance(value, str) and value.strip().lower() in _FLAGS)


def _is_date(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_ISO_DATE_TEXT.fullmatch(value.strip()))
    return isinstance(value, (dt.date, np.datetime64))


def _flag(value: Any) -> bool:
    return bool(value) if not isinstance(value, str) else _FLAGS[value.strip().lower()]


def _timestamp(value: Any) -> pd.Timestamp:
    stamp = pd.Timestamp(value.strip() if isinstance(value, str) else value)
    return stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo is not None else stamp


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict, tuple, np.ndarray)):
        return json.dumps(value.tolist() if isinstance(value, np.ndarray) else value, ensure_ascii=False, default=str)
    return str(value)


# (dtype, does every present value fit, how a value is converted), tried in order
_KINDS = (
    (INTEGER, _is_integer, lambda v: int(v.strip()) if isinstance(v, str) else int(v)),
    (FLOAT, _is_number, lambda v: float(v.strip()) if isinstance(v, str) else float(v)),
    (BOOLEAN, _is_flag, _flag),
    (DATETIME, _is_date, _timestamp),
)


def infer_dtype(values: Sequence[Any]) -> str:
    """The type of a metadata column holding ``values`` (see the module docstring)."""
    present = [v for v in values if not _missing(v)]
    if not present:
        return STRING
    return next((dtype for dtype, fits, _ in _KINDS if all(map(fits, present))), STRING)


def typed_column(values: Sequence[Any]) -> pd.Series:
    """``values`` as one typed column (:func:`infer_dtype`), missing values as ``<NA>``/``NaT``/NaN."""
    dtype = infer_dtype(values)
    convert = next((c for d, _, c in _KINDS if d == dtype), _text)
    converted = [None if _missing(v) else convert(v) for v in values]
    if dtype == DATETIME:
        return pd.Series(pd.to_datetime(pd.Series(converted, dtype=object)), dtype=DATETIME)
    if dtype == FLOAT:
        return pd.Series([np.nan if v is None else v for v in converted], dtype=FLOAT)
    return pd.Series(converted, dtype=dtype)
