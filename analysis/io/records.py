"""What reading a corpus file yields: an article as read, a table row left out, and ``skipped`` rows."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis.core.errors import CorpusError
from analysis.io.clean import CleanCapture

OnError = Literal["raise", "skip"]


@dataclass
class ReadArticle:
    """One article as read: ``metadata`` holds the core fields found, ``extra`` a table's other columns."""

    doc_id: str
    path: str
    file: Path
    encoding: str | None
    cleaned: CleanCapture
    metadata: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SkippedRow:
    """A table row left out, with the error that says why."""

    path: str
    doc_id: str
    error: CorpusError


def shown(text: str | os.PathLike[str]) -> str:
    """``text`` (often a path) printable and storable: bytes of a non-UTF-8 file name as ``\\xe9`` escapes."""
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def skip_record(path: str | os.PathLike[str], doc_id: str | None, reason: str) -> dict[str, Any]:
    """A row of the ``skipped`` table."""
    return {"path": shown(path), "doc_id": doc_id, "reason": shown(reason)}


def printable_error(error: CorpusError) -> CorpusError:
    """``error``, or the same message with non-UTF-8 file-name bytes escaped so it can be printed."""
    message = str(error)
    return error if message == shown(message) else CorpusError(shown(message))


def doc_id_for_file(path: Path, root: Path) -> str:
    """The ``doc_id`` of the article in ``path``: its path below the corpus folder ``root`` without extension."""
    relative = path.relative_to(root) if path != root else Path(path.name)
    return shown(relative.with_suffix("").as_posix())


def cell_value(value: Any) -> Any:
    """A table cell, None when missing."""
    if isinstance(value, str):  # most cells: answered without numpy
        return value
    return None if value is None or (np.ndim(value) == 0 and pd.isna(value)) else value
