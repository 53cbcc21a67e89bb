"""Tables of articles (CSV, JSONL, Parquet, compressed or not), one article per row, columns mapped to fields."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.errors import CorpusError
from analysis.core.parallel import parallel_map, size_chunks
from analysis.core.progress import progress_bar
from analysis.core.schema import TABLES
from analysis.io.clean import CleanCapture, clean_capture
from analysis.io.dates import parse_date
from analysis.io.decode import decode_bytes, table_bytes
from analysis.io.files import format_suffix
from analysis.io.records import ReadArticle, SkippedRow, cell_value, doc_id_for_file, shown

ARTICLE_COLUMNS = list(TABLES["articles"].columns)
#: Each field and the table columns it is read from when ``columns=`` does not name one, in order.
TABLE_COLUMN_DEFAULTS: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id"),
    "text": ("text", "body", "content"),
    "source": ("source", "outlet"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "published": ("published", "date"),
    "language": ("language", "lang"),
    "translated_from": ("translated_from",),
}

#: Column of a JSONL table holding, for a line that is not a JSON object, why it is not.
_ROW_PROBLEM = "\0row problem"


def _parse_jsonl(text: str) -> pd.DataFrame:
    """One row per non-blank line, values as written (no type or date guessing, integers of any size);
    a line that is not a JSON object becomes a row holding only its problem, so it is skipped, not lost."""
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            record = {_ROW_PROBLEM: f"line {number} is not valid JSON ({exc})"}
        if not isinstance(record, dict):
            record = {_ROW_PROBLEM: f"line {number} holds a {type(record).__name__}, not an object with named fields"}
        records.append(record)
    return pd.DataFrame.from_records(records) if records else pd.DataFrame()


def _parse_table(source: Path | io.StringIO, suffix: str, cells: type) -> pd.DataFrame:
    if suffix == ".csv":
        return pd.read_csv(source, dtype=cells, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    text = source.getvalue() if isinstance(source, io.StringIO) else source.read_text(encoding="utf-8-sig")
    return _parse_jsonl(text)


def read_text_table(path: Path, suffix: str, *, cells: type = str) -> tuple[pd.DataFrame, str]:
    """A CSV or JSONL table and its encoding: UTF-8 (a byte-order mark dropped), else detected as for text files.

    A CSV's cells are strings (missing when empty), in columns of type ``cells``:
    ``object`` (Python strings) is read twice as fast as ``str`` (Arrow) when every
    cell is to be read as a Python string anyway.
    """
    try:
        return _parse_table(path, suffix, cells), "utf-8"
    except UnicodeDecodeError:
        text, encoding = decode_bytes(table_bytes(path), path)
        return _parse_table(io.StringIO(text), suffix, cells), encoding


def _read_table_file(path: Path) -> tuple[pd.DataFrame, str | None]:
    """The table in ``path`` and the encoding its text was read in (None for Parquet)."""
    suffix = format_suffix(path)
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path), None
        return read_text_table(path, suffix, cells=object)
    except CorpusError:
        raise
    except UnicodeEncodeError as exc:  # a JSON escape of half a surrogate pair (\ud800) is no character
        raise CorpusError(f"{path}: holds {exc.object[exc.start:exc.end]!r}, half of a UTF-16 surrogate pair, which "
                          "is not a character (in JSON, an escape such as \\ud800 without its pair). Fix or remove it.") from exc
    except pd.errors.EmptyDataError as exc:
        raise CorpusError(f"{path}: the file is empty (no header, no rows): it holds no article. Write the table into "
                          "it, or remove it from the corpus folder.") from exc
    except Exception as exc:  # pandas raises many parser errors; name the file and the cause
        raise CorpusError(f"{path}: cannot be read as {suffix[1:].upper()} ({type(exc).__name__}: {exc}). "
                          "Check the file's format, or give it the right extension.") from exc


def _resolve_table_columns(table: pd.DataFrame, columns: Mapping[str, str], path: Path) -> dict[str, str]:
    """Map our field names to the table's column names, from ``columns`` or the usual names."""
    unknown = set(columns) - set(TABLE_COLUMN_DEFAULTS)
    if unknown:
        raise CorpusError(f"columns={dict(columns)!r}: unknown field(s) {sorted(unknown)}; "
                          f"the fields you can map are {sorted(TABLE_COLUMN_DEFAULTS)}.")
    resolved: dict[str, str] = {}
    for field_name, candidates in TABLE_COLUMN_DEFAULTS.items():
        if field_name in columns:
            if columns[field_name] not in table.columns:
                raise CorpusError(f"{path}: has no column {columns[field_name]!r} (mapped to {field_name!r}). "
                                  f"Its columns are {list(table.columns)}.")
            resolved[field_name] = columns[field_name]
        else:
            found = next((c for c in candidates if c in table.columns), None)
            if found:
                resolved[field_name] = found
    if "text" not in resolved:
        raise CorpusError(f"{path}: no text column. Its columns are {list(table.columns)}; "
                          "name the one holding the article text with columns={'text': 'COLUMN'}.")
    return resolved


def _row_text(value: Any, column: str) -> str:
    """The article text in a table cell; ValueError saying what the cell holds instead."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"has no text in column {column!r}; fill the cell or remove the row")
    if not isinstance(value, str):
        raise ValueError(f"holds a value of type {type(value).__name__} in column {column!r}, not text; name the text column "
                         "with columns={'text': 'COLUMN'}")
    return value


def _extra_columns(table: pd.DataFrame, mapping: Mapping[str, str]) -> dict[str, str]:
    """The table's columns not mapped to a field, each with its name in the articles table: its own, or
    ``table_<name>`` when that is a column the loader makes (``path``, ``n_words``…)."""
    mapped = set(mapping.values()) | {_ROW_PROBLEM}
    return {column: f"table_{column}" if column in ARTICLE_COLUMNS else str(column)
            for column in table.columns if column not in mapped}


def read_table(path: Path, root: Path, columns: Mapping[str, str], progress: bool,
               n_jobs: int = 1) -> Iterator[ReadArticle | SkippedRow]:
    """The rows of a table: first every row left out (in row order), then every article, its text cleaned
    (:func:`clean_capture`) over ``n_jobs`` processes when the table is large."""
    table, encoding = _read_table_file(path)
    if table.empty:
        header = f"a header ({', '.join(map(str, table.columns[:8]))})" if len(table.columns) else "no columns"
        raise CorpusError(f"{path}: the table has {header} but no rows: it holds no article. Fill it, or remove it "
                          "from the corpus folder.")
    mapping = _resolve_table_columns(table, columns, path)
    extras = _extra_columns(table, mapping)
    stem = doc_id_for_file(path, root)
    file = path.resolve()
    shown_path = shown(path)
    records = table.to_dict("records")
    del table
    articles: list[ReadArticle] = []
    texts: list[str] = []
    for row_number, record in enumerate(records, 1):
        row = {field_name: cell_value(record[column]) for field_name, column in mapping.items()}
        doc_id = f"{stem}:{row_number}" if row.get("doc_id") is None else str(row["doc_id"])
        row_path = f"{shown_path}#{row_number}"
        try:
            if cell_value(record.get(_ROW_PROBLEM)) is not None:
                raise ValueError(f"cannot be read: {record[_ROW_PROBLEM]}; fix or remove the line")
            text = _row_text(row.pop("text"), mapping["text"])
            if "published" in row:
                row["published"] = _parse_date_cell(row["published"], mapping["published"])
        except ValueError as exc:
            yield SkippedRow(row_path, doc_id, CorpusError(f"{path}: row {row_number} (doc_id {doc_id}) {exc}."))
            continue
        row.pop("doc_id", None)
        extra = {name: cell_value(record.get(column)) for column, name in extras.items()}
        articles.append(ReadArticle(doc_id=doc_id, path=row_path, file=file, encoding=encoding, cleaned=_NOT_CLEANED,
                                    metadata=row, extra=extra))
        texts.append(text)
    del records
    chunks = size_chunks([len(text) for text in texts], n_jobs, min_size=MIN_PARALLEL_CHARS, per_job=8)
    done = 0
    with progress_bar(total=len(texts), desc=f"Cleaning {path.name}", unit="article", disable=not progress) as bar:
        for cleaned in parallel_map(_clean_all, [texts[chunk] for chunk in chunks], n_jobs=n_jobs):
            for article, capture in zip(articles[done:done + len(cleaned)], cleaned, strict=True):
                article.cleaned = capture
            yield from articles[done:done + len(cleaned)]
            done += len(cleaned)
            bar.update(len(cleaned))


#: Tables whose texts are shorter than this in all are cleaned in this process.
MIN_PARALLEL_CHARS = 2_000_000
_NOT_CLEANED = CleanCapture("", [], [], [], [], [])


def _clean_all(texts: list[str]) -> list[CleanCapture]:
    return [clean_capture(text) for text in texts]


def _parse_date_cell(value: Any, column: str) -> pd.Timestamp | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValueError(f"has {column!r} {exc}; or map another column with columns={{'published': 'COLUMN'}}") from None
