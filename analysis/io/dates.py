"""Dates as written in captures, tables and manifests, read into timestamps (or refused with the reason)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import dateutil.parser
import numpy as np
import pandas as pd

from analysis.io.records import cell_value

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_RELATIVE_DATES = frozenset({"now", "today", "tomorrow", "yesterday"})
# Text parsed against two default dates gives two years when it names none ("12:30", "Monday").
_DEFAULT_DATES = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))


def _naive(stamp: pd.Timestamp) -> pd.Timestamp | None:
    if pd.isna(stamp):
        return None
    return stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo is not None else stamp


def parse_date(value: Any) -> pd.Timestamp | None:
    """A date cell as a timestamp; None when the cell is empty.

    Takes dates and timestamps (one with a time zone is converted to UTC, then
    made naive) and text that names a year: ``2022-03-01``, ``1 March 2022``,
    ``March 2022`` (its first day). Raises ValueError saying why for a number
    (seconds? days? ``YYYYMMDD``?), text relative to the day it is read
    (``today``, ``now``, ``12:30``) and text that is no date.
    """
    if cell_value(value) is None:
        return None
    if isinstance(value, (dt.date, np.datetime64)):
        return _naive(pd.Timestamp(value))
    if not isinstance(value, str):
        kind = "a number: seconds? days? YYYYMMDD?" if isinstance(value, (int, float, np.number)) else f"a {type(value).__name__}"
        raise ValueError(f"{value!r} ({kind}), not a date; store dates as text YYYY-MM-DD or as a date type")
    text = value.strip()
    if not text:
        return None
    if text.lower() in _RELATIVE_DATES:
        raise ValueError(f"{value!r}, which means a different day each time the corpus is loaded; write the date as YYYY-MM-DD")
    try:
        if _ISO_DATE.fullmatch(text):
            return _naive(pd.Timestamp(text))
        first, second = (dateutil.parser.parse(text, default=default) for default in _DEFAULT_DATES)
    except (ValueError, OverflowError):
        raise ValueError(f"{value!r}, which is not a date; write it as YYYY-MM-DD") from None
    if first.year != second.year:
        raise ValueError(f"{value!r}, which names no year; write the date as YYYY-MM-DD")
    return _naive(pd.Timestamp(first))
