"""Load a corpus from files into one tidy table of articles.

Supported inputs, as one file or a folder searched recursively:

* page captures ``.txt`` / ``.md``: plain-text copies of web pages, cleaned line
  by line (:mod:`analysis.clean`), metadata read from the capture;
* ``.html`` / ``.htm``: main text and metadata extracted with trafilatura;
* tables ``.csv`` / ``.jsonl`` / ``.parquet`` (also ``.csv.gz`` and other
  compressed forms pandas reads): one article per row.

Metadata comes from a manifest where one is given (or found), else from the
capture itself, else it stays missing: nothing is invented.

Nothing found vanishes: every entry under the path is loaded or recorded in
``skipped`` with its reason, except hidden entries (a name starting with ``.``)
and the manifest. Symbolic links are followed inside the corpus folder only;
one leading out of it is refused unless ``follow_links=True``.
"""

from __future__ import annotations

import bz2
import codecs
import datetime as dt
import errno
import gzip
import hashlib
import io
import json
import lzma
import os
import re
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal
from urllib.parse import urlparse

import chardet
import dateutil.parser
import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.checks import parse_flag
from analysis.clean import KEPT, CleanCapture, clean_capture, remove_headline
from analysis.duplicates import near_duplicates
from analysis.errors import CorpusError
from analysis.extras import typed_column
from analysis.filters import apply_where, parse_where
from analysis.furniture import clean_texts
from analysis.progress import progress_bar
from analysis.schema import TABLES, conform, dtypes, empty
from analysis.text import count_words, has_words

CAPTURE_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
_COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz", ".zip", ".zst")
MANIFEST_NAME = "sources.csv"
_NOT_ARTICLES = re.compile(r"^(readme|license|licence|provenance|changelog)(\.\w+)?$", re.I)

ARTICLE_COLUMNS = list(TABLES["articles"].columns)
METADATA_FIELDS = ("source", "url", "title", "published", "published_inferred", "language", "translated_from")
_TABLE_COLUMN_DEFAULTS: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id"),
    "text": ("text", "body", "content"),
    "source": ("source", "outlet"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "published": ("published", "date"),
    "language": ("language", "lang"),
    "translated_from": ("translated_from",),
}
CLEANING_COLUMNS = list(TABLES["cleaning"].columns)
SKIPPED_COLUMNS = list(TABLES["skipped"].columns)

OnError = Literal["raise", "skip"]


@dataclass
class LoadedCorpus:
    """Everything :func:`read_corpus` produces.

    ``articles``: see :func:`load_corpus`. ``cleaning``: see :func:`cleaning_report`.
    ``skipped``: one row per file, row or article left out, columns ``path``
    (``file#row`` for a table row), ``doc_id`` (missing for unreadable files) and
    ``reason`` (what is wrong and how to fix it; ``left out by the filter <clause>``
    for an article ``where=`` left out, naming the first top-level clause it failed).
    ``fragments``: one row per fragment removed from inside an article's text by
    the in-text furniture rules and the repetition rule (:mod:`analysis.furniture`;
    table ``fragments`` of :mod:`analysis.schema`), in article and text order.
    ``duplicates``: :func:`analysis.duplicates.near_duplicates` of the articles, one
    row per article. The cleaning report is ``cleaning`` (lines) plus ``fragments``.

    Two counts always balance:

    * entries read = ``len(articles) + len(skipped)``, where an entry is each
      file, link or special file under the path (hidden ones and the manifest
      aside), except that a readable table counts once per row;
    * characters read = characters kept + characters removed, in two steps.
      Lines: the characters read of an article are those of its decoded text
      (for HTML, the text trafilatura extracted; for a table, the cell) less its
      line breaks: the sum of ``len(line)`` over its ``cleaning`` rows, one per
      line. They are kept when the row is ``kept`` and the article is in
      ``articles``, removed otherwise (by the row's ``rule``, or with the whole
      article when its ``path`` is in ``skipped``). Files skipped before decoding
      have no rows. Fragments: the kept lines of an article in ``articles``,
      normalised and joined by blank lines (its text after line cleaning), are
      its ``text`` with its ``fragments`` taken out at their offsets: putting
      each back (:func:`analysis.furniture.restore_text`) gives that text again,
      so its length is ``len(text)`` plus the fragments' lengths.
    """

    articles: pd.DataFrame
    cleaning: pd.DataFrame
    skipped: pd.DataFrame
    fragments: pd.DataFrame
    duplicates: pd.DataFrame


@dataclass
class _Article:
    """One article as read: ``metadata`` holds the core fields found, ``extra`` a table's other columns."""

    doc_id: str
    path: str
    file: Path
    encoding: str | None
    cleaned: CleanCapture
    metadata: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- files


def _suffix(path: Path) -> str:
    """The format suffix of ``path``, looking through a compression suffix (``x.csv.gz`` → ``.csv``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in _COMPRESSION_SUFFIXES:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def _is_corpus_file(path: Path) -> bool:
    return _suffix(path) in CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES


def shown(text: str | os.PathLike[str]) -> str:
    """``text`` (often a path) printable and storable: bytes of a non-UTF-8 file name as ``\\xe9`` escapes."""
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def _record(path: str | os.PathLike[str], doc_id: str | None, reason: str) -> dict[str, Any]:
    """A row of the ``skipped`` table."""
    return {"path": shown(path), "doc_id": doc_id, "reason": shown(reason)}


def _printable(error: CorpusError) -> CorpusError:
    """``error``, or the same message with non-UTF-8 file-name bytes escaped so it can be printed."""
    message = str(error)
    return error if message == shown(message) else CorpusError(shown(message))


_SPECIAL_FILES: list[tuple[Callable[[int], bool], str]] = [
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
]


def _special_file_reason(mode: int) -> str:
    kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "not a regular file")
    return f"is {kind}, not a regular file: it holds no article and reading it could wait forever. Remove it from the corpus folder."


_LINK_LOOP = "is a symbolic link loop: following it never reaches a file. Fix or remove the link"


def _follow(path: Path) -> tuple[Path | None, str | None]:
    """The real path behind ``path`` with every link followed, or None and why it cannot be."""
    try:
        return path.resolve(strict=True), None
    except FileNotFoundError:
        if os.path.islink(path):
            return None, f"is a broken symbolic link: its target {shown(os.readlink(path))} does not exist. Fix or remove the link"
        return None, "does not exist"
    except RuntimeError:  # Python < 3.13 reports a loop this way
        return None, _LINK_LOOP
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, _LINK_LOOP
        return None, f"cannot be followed ({exc.strerror or exc})"
    except ValueError:
        return None, "has a NUL character in its name"


def _outside_reason(target: Path, root: Path) -> str:
    return (f"is a symbolic link to {shown(target)}, outside the corpus folder {shown(root)}: refused, since a corpus "
            "folder from someone else could read any file you can. Copy the file into the folder, or pass "
            "follow_links=True if you trust the folder")


def _name_reason(path: Path) -> str | None:
    """Why a file named like ``path`` is not read as an article, or None when it is a corpus file."""
    if _NOT_ARTICLES.match(path.name):
        return "documentation file, not an article"
    if not _is_corpus_file(path):
        return (f"unsupported file type {shown(path.suffix)!r}; supported: "
                + ", ".join(CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES) + ". Convert it, or remove it from the corpus folder.")
    return None


@dataclass
class _Listing:
    """What a folder holds: ``files`` to read, ``passed`` (recorded whatever ``on_error`` says) and
    ``refused`` (corpus files or folders that cannot be read: raised or recorded as ``on_error`` says)."""

    files: list[Path]
    passed: list[dict[str, Any]]
    refused: list[tuple[Path, str]]


def _list_files(root: Path, *, follow_links: bool) -> _Listing:
    """Every entry under ``root``, sorted, each a corpus file to read or passed over or refused with its reason.

    Folders are searched recursively; a link to a folder is searched once, and
    only when it stays inside ``root`` (or ``follow_links``).
    """
    listing = _Listing([], [], [])
    real_root = root.resolve()
    searched = {real_root: root}  # each real folder and the path it was searched as
    folders = [(root, real_root)]
    while folders:
        folder, real_folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            listing.refused.append((folder, f"the folder cannot be listed ({exc.strerror or exc}). Fix its permissions"))
            continue
        for entry in entries:
            path = folder / entry.name
            if entry.name.startswith(".") or entry.name == MANIFEST_NAME:
                continue
            real, problem = _follow(path) if entry.is_symlink() else (real_folder / entry.name, None)
            try:
                mode = real.stat().st_mode if real is not None else 0
            except OSError as exc:
                real, problem = None, f"cannot be read ({exc.strerror or exc})"
            if real is None:
                _refuse_or_pass(listing, path, problem, refuse=_is_corpus_file(path))
                continue
            outside = entry.is_symlink() and not follow_links and not real.is_relative_to(real_root)
            if stat.S_ISDIR(mode):
                if outside:
                    _refuse_or_pass(listing, path, _outside_reason(real, root), refuse=True)
                elif real in searched:
                    reason = f"leads to the folder {shown(real)}, already searched as {shown(searched[real])}."
                    listing.passed.append(_record(path, None, reason))
                else:
                    searched[real] = path
                    folders.append((path, real))
            elif not stat.S_ISREG(mode):
                listing.passed.append(_record(path, None, _special_file_reason(mode)))
            elif reason := _name_reason(path):
                listing.passed.append(_record(path, None, reason))
            elif outside:
                _refuse_or_pass(listing, path, _outside_reason(real, root), refuse=True)
            else:
                listing.files.append(path)
    listing.files.sort()
    listing.passed.sort(key=lambda row: row["path"])
    return listing


def _refuse_or_pass(listing: _Listing, path: Path, reason: str | None, *, refuse: bool) -> None:
    if refuse:
        listing.refused.append((path, str(reason)))
    else:
        listing.passed.append(_record(path, None, f"{reason}."))


_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_C1_CONTROLS = re.compile("[\x80-\x9f]")  # text never has them; a wrong single-byte code page makes them
_DETECTION_BYTES = 200_000


def decode_bytes(data: bytes, path: str | os.PathLike[str]) -> tuple[str, str]:
    """Decode a text file: UTF-8 when it is, else the encoding chardet finds most likely.

    chardet ranks the candidate encodings on the first 200 kB (then on all of
    the file if none decodes the whole); the first that decodes every byte and
    leaves no C1 control character wins. A UTF-8 byte-order mark before bytes
    that are not UTF-8 is ignored. Returns the text and the encoding used
    (Python's codec name). Raises :class:`CorpusError` for an empty or binary
    file, or bytes that no encoding decodes.
    """
    if not data.strip():
        raise CorpusError(f"{path}: the file is empty. Remove it from the corpus folder or fill it with the article text.")
    has_bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM):] if has_bom else data
    if b"\x00" in body[:8192] and not body.startswith(_UTF16_BOMS):
        raise CorpusError(f"{path}: this is a binary file, not text. Convert it to .txt, .html, .csv, .jsonl or .parquet, or remove it.")
    try:
        return body.decode("utf-8"), "utf-8-sig" if has_bom else "utf-8"
    except UnicodeDecodeError:
        pass
    decodable: list[tuple[str, str]] = []
    for window in (_DETECTION_BYTES, len(body)):
        for guess in chardet.detect_all(body, max_bytes=window, prefer_superset=True):
            try:
                text = body.decode(guess["encoding"] or "")
            except (UnicodeDecodeError, LookupError):
                continue
            encoding = codecs.lookup(guess["encoding"]).name
            if not _C1_CONTROLS.search(text):
                return text, encoding
            decodable.append((text, encoding))
        if decodable or window >= len(body):
            break
    if decodable:
        return decodable[0]
    raise CorpusError(f"{path}: the bytes are not text in any one encoding chardet knows (the file may mix several). "
                      "Re-save the file as UTF-8.")


def _read_text_file(path: Path) -> tuple[str, str]:
    return decode_bytes(path.read_bytes(), path)


def _doc_id_for_file(path: Path, root: Path) -> str:
    relative = path.relative_to(root) if path != root else Path(path.name)
    return shown(relative.with_suffix("").as_posix())


@dataclass
class _Skip:
    """A table row left out, with the error that says why."""

    path: str
    doc_id: str
    error: CorpusError


def _read_capture(path: Path, root: Path) -> Iterator[_Article]:
    text, encoding = _read_text_file(path)
    cleaned = clean_capture(text)
    del text  # the lines hold it now; a capture of millions of lines needs the memory
    yield _Article(
        doc_id=_doc_id_for_file(path, root),
        path=shown(path),
        file=path.resolve(),
        encoding=encoding,
        cleaned=cleaned,
        metadata={"title": cleaned.title, "published": cleaned.published, "translated_from": cleaned.translated_from},
    )


_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)


def _read_html(path: Path, root: Path) -> Iterator[_Article]:
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml_html_clean, which trafilatura's justext needs, not installed
        raise CorpusError(f"{path}: reading HTML needs trafilatura, which cannot be imported ({exc}). Install the "
                          "project's dependencies again (pip install -e .), which include lxml_html_clean.") from exc

    html, encoding = _read_text_file(path)
    document = trafilatura.bare_extraction(
        html, with_metadata=True, favor_recall=True, include_comments=False,
        date_extraction_params={"extensive_search": False},
    )
    if document is None or not (document.text or "").strip():
        raise CorpusError(f"{path}: trafilatura found no article text in this HTML page. Check that the file is a saved article page.")
    cleaned = clean_capture(document.text)
    lang = _HTML_LANG.search(html)
    try:
        published = parse_date(document.date) or cleaned.published
    except ValueError:  # a page's own date meta can hold anything
        published = cleaned.published
    yield _Article(
        doc_id=_doc_id_for_file(path, root),
        path=shown(path),
        file=path.resolve(),
        encoding=encoding,
        cleaned=cleaned,
        metadata={
            "title": document.title or cleaned.title,
            "published": published,
            "url": document.url,
            "source": document.sitename,
            "language": lang.group(1).lower() if lang else None,
            "translated_from": cleaned.translated_from,
        },
    )


_DECOMPRESSORS: dict[str, Callable[..., IO[bytes]]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def _table_bytes(path: Path) -> bytes:
    """The bytes of a CSV or JSONL file, decompressed (gzip, bzip2, xz)."""
    compression = path.suffix.lower()
    if compression in _DECOMPRESSORS:
        with _DECOMPRESSORS[compression](path, "rb") as stream:
            return stream.read()
    if compression in _COMPRESSION_SUFFIXES:
        raise CorpusError(f"{path}: the table is not UTF-8 text, and {compression} files are only read as UTF-8. "
                          "Decompress it, or re-save it as UTF-8.")
    return path.read_bytes()


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


def _parse_table(source: Path | io.StringIO, suffix: str) -> pd.DataFrame:
    if suffix == ".csv":
        return pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    text = source.getvalue() if isinstance(source, io.StringIO) else source.read_text(encoding="utf-8-sig")
    return _parse_jsonl(text)


def _read_text_table(path: Path, suffix: str) -> tuple[pd.DataFrame, str]:
    """A CSV or JSONL table and its encoding: UTF-8 (a byte-order mark dropped), else detected as for text files."""
    try:
        return _parse_table(path, suffix), "utf-8"
    except UnicodeDecodeError:
        text, encoding = decode_bytes(_table_bytes(path), path)
        return _parse_table(io.StringIO(text), suffix), encoding


def _read_table_file(path: Path) -> tuple[pd.DataFrame, str | None]:
    """The table in ``path`` and the encoding its text was read in (None for Parquet)."""
    suffix = _suffix(path)
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path), None
        return _read_text_table(path, suffix)
    except CorpusError:
        raise
    except UnicodeEncodeError as exc:  # a JSON escape of half a surrogate pair (\ud800) is no character
        raise CorpusError(f"{path}: holds {exc.object[exc.start:exc.end]!r}, half of a UTF-16 surrogate pair, which "
                          "is not a character (in JSON, an escape such as \\ud800 without its pair). Fix or remove it.") from exc
    except Exception as exc:  # pandas raises many parser errors; name the file and the cause
        raise CorpusError(f"{path}: cannot be read as {suffix[1:].upper()} ({type(exc).__name__}: {exc}). "
                          "Check the file's format, or give it the right extension.") from exc


def _resolve_table_columns(table: pd.DataFrame, columns: Mapping[str, str], path: Path) -> dict[str, str]:
    """Map our field names to the table's column names, from ``columns`` or the usual names."""
    unknown = set(columns) - set(_TABLE_COLUMN_DEFAULTS)
    if unknown:
        raise CorpusError(f"columns={dict(columns)!r}: unknown field(s) {sorted(unknown)}; "
                          f"the fields you can map are {sorted(_TABLE_COLUMN_DEFAULTS)}.")
    resolved: dict[str, str] = {}
    for field_name, candidates in _TABLE_COLUMN_DEFAULTS.items():
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


def _cell(value: Any) -> Any:
    """A table cell, None when missing."""
    return None if value is None or (np.ndim(value) == 0 and pd.isna(value)) else value


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


def _read_table(path: Path, root: Path, columns: Mapping[str, str], progress: bool) -> Iterator[_Article | _Skip]:
    table, encoding = _read_table_file(path)
    mapping = _resolve_table_columns(table, columns, path)
    extras = _extra_columns(table, mapping)
    stem = _doc_id_for_file(path, root)
    file = path.resolve()
    records = table.to_dict("records")
    del table
    for row_number, record in enumerate(progress_bar(records, desc=f"Cleaning {path.name}", unit="article", disable=not progress), 1):
        row = {field_name: _cell(record[column]) for field_name, column in mapping.items()}
        doc_id = f"{stem}:{row_number}" if row.get("doc_id") is None else str(row["doc_id"])
        row_path = f"{shown(path)}#{row_number}"
        try:
            if _cell(record.get(_ROW_PROBLEM)) is not None:
                raise ValueError(f"cannot be read: {record[_ROW_PROBLEM]}; fix or remove the line")
            text = _row_text(row.pop("text"), mapping["text"])
            if "published" in row:
                row["published"] = _parse_date_cell(row["published"], mapping["published"])
        except ValueError as exc:
            yield _Skip(row_path, doc_id, CorpusError(f"{path}: row {row_number} (doc_id {doc_id}) {exc}."))
            continue
        row.pop("doc_id", None)
        extra = {name: _cell(record.get(column)) for column, name in extras.items()}
        yield _Article(doc_id=doc_id, path=row_path, file=file, encoding=encoding, cleaned=clean_capture(text),
                       metadata=row, extra=extra)


def _parse_date_cell(value: Any, column: str) -> pd.Timestamp | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValueError(f"has {column!r} {exc}; or map another column with columns={{'published': 'COLUMN'}}") from None


# ------------------------------------------------------------------------ manifest


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
    if _cell(value) is None:
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


def _manifest_file(cell: Any, root: Path, *, follow_links: bool) -> tuple[str | None, str | None]:
    """The key (real path, printable) of the corpus file a manifest cell names, or None and what is wrong."""
    if pd.isna(cell):
        return None, "the 'file' cell is empty"
    path = root / str(cell)
    if os.path.relpath(os.path.normpath(path), os.path.normpath(root)).startswith(os.pardir):
        return None, f"{cell!r} lies outside the corpus folder {root}"
    real, problem = _follow(path)
    if real is None:
        return None, f"{cell!r} {problem}" + (f" in {root}" if problem == "does not exist" else "")
    if not follow_links and not real.is_relative_to(root.resolve()):
        return None, f"{cell!r} lies outside the corpus folder {root} (through a symbolic link); pass follow_links=True if you trust it"
    return shown(real), None


def read_manifest(manifest: Path, root: Path, *, follow_links: bool = False) -> pd.DataFrame:
    """Read and check a manifest of curated metadata: one row per corpus file, or one row per outlet.

    A *file manifest* is a CSV with a ``file`` column (path relative to the corpus
    folder ``root``) and any of ``source``, ``url``, ``title``, ``published``
    (a date, see :func:`parse_date`), ``published_inferred`` (true/false),
    ``language``, ``translated_from``; other columns are carried into the
    articles table. Empty cells mean "not known here". A file reached through a
    symbolic link out of ``root`` is refused unless ``follow_links``. Returns the
    table indexed by resolved path (index name ``resolved_path``).

    An *outlet manifest* has no ``file`` column but a ``source`` column: one row
    per outlet, every other column outlet metadata carried into the articles
    table for each article of that source (e.g. ``country``, ``ownership``), the
    way a table with many outlets gets them. Returns it indexed by ``source``.
    """
    try:
        table, _ = _read_text_table(manifest, ".csv")
    except CorpusError:
        raise
    except Exception as exc:
        raise CorpusError(f"{manifest}: the manifest is not a readable CSV ({type(exc).__name__}: {exc}). "
                          "Fix it, or pass manifest=False to load without it.") from exc
    if "file" not in table.columns and "source" in table.columns:
        return _outlet_manifest(table, manifest)
    if "file" not in table.columns:
        raise CorpusError(f"{manifest}: the manifest needs a 'file' column naming each file relative to "
                          f"{root} (one row per file), or a 'source' column (one row per outlet); its columns "
                          f"are {list(table.columns)}.")
    problems = []
    keys = []
    for line_no, row in zip(range(2, len(table) + 2), table.to_dict("records")):
        where = f"{manifest}, line {line_no}"
        key, problem = _manifest_file(row["file"], root, follow_links=follow_links)
        keys.append(key or where)
        if problem:
            problems.append(f"{where}: {problem}")
        if "published" in table.columns:
            try:
                parse_date(row["published"])
            except ValueError as exc:
                problems.append(f"{where}: published is {exc}")
        if "published_inferred" in table.columns:
            try:
                parse_flag(row["published_inferred"])
            except ValueError as exc:
                problems.append(f"{where}: published_inferred {exc}")
    table.index = pd.Index(keys, name="resolved_path")
    duplicated = table.index[table.index.duplicated()].unique()
    problems += [f"{manifest}: {p} is listed more than once" for p in duplicated]
    if problems:
        raise CorpusError("the manifest has problems; fix these rows:\n  " + "\n  ".join(problems))
    return table


def _outlet_manifest(table: pd.DataFrame, manifest: Path) -> pd.DataFrame:
    """An outlet manifest indexed by ``source``; CorpusError naming empty or repeated sources."""
    sources = table["source"].str.strip()
    problems = [f"{manifest}, line {n}: the 'source' cell is empty" for n in np.flatnonzero(sources.isna().to_numpy()) + 2]
    problems += [f"{manifest}: source {s!r} is listed more than once" for s in sources[sources.duplicated()].dropna().unique()]
    if problems:
        raise CorpusError("the manifest has problems; fix these rows:\n  " + "\n  ".join(problems))
    return table.drop(columns="source").set_index(pd.Index(sources, name="source"))


def _find_manifest(root: Path) -> Path | None:
    for candidate in (root / MANIFEST_NAME, root.parent / MANIFEST_NAME):
        if candidate.is_file():
            return candidate
    return None


# -------------------------------------------------------------------------- loading


def _manifest_column(name: str) -> str:
    """The articles column of a manifest's extra column: its name, or ``manifest_<name>`` for a name the loader uses."""
    return f"manifest_{name}" if name in ARTICLE_COLUMNS else name


def _merge_manifest(article: _Article, manifest_row: Mapping[str, Any] | None) -> None:
    """Complete ``article.metadata`` with the manifest's core fields and ``article.extra`` with its other
    columns (the manifest's values win), then settle ``published``, ``published_inferred`` and ``source``."""
    metadata = {k: v for k, v in article.metadata.items() if _cell(v) is not None}
    inferred = False
    if manifest_row is not None:
        for key, value in manifest_row.items():
            if key == "file" or pd.isna(value):
                continue
            if key in METADATA_FIELDS:
                metadata[key] = value
            else:
                article.extra[_manifest_column(key)] = value
        inferred = bool(parse_flag(manifest_row.get("published_inferred")))
    published = parse_date(metadata.get("published"))  # checked when read: the manifest's, a table's, a page's
    metadata["published"] = pd.NaT if published is None else published
    metadata["published_inferred"] = inferred and published is not None
    if not metadata.get("source") and metadata.get("url"):
        metadata["source"] = urlparse(str(metadata["url"])).hostname
    article.metadata = metadata


def _check_outlets(rows: Mapping[str, Any], articles: list[_Article], manifest_path: Path | None) -> None:
    """CorpusError when no source of an outlet manifest is an article's source: most likely a file manifest
    whose ``file`` column is misnamed, and otherwise a manifest that would add nothing."""
    found = {str(a.metadata.get("source")) for a in articles if a.metadata.get("source") is not None}
    if not found & set(rows):
        raise CorpusError(f"{manifest_path}: read as an outlet manifest (a 'source' column and no 'file' column), but "
                          f"none of its sources {sorted(rows)[:5]} is an article's source (the articles' sources are "
                          f"{sorted(found)[:5] or 'missing'}). Write each outlet as the articles name it, or, for one row "
                          "per file, name the column of file names 'file'.")


def _add_metadata(articles: list[_Article], manifest: pd.DataFrame | None, manifest_path: Path | None) -> None:
    """Merge each article's manifest row (of its file, or of its outlet), then remove the headline from its text
    (it is the title)."""
    by_outlet = manifest is not None and manifest.index.name == "source"
    rows = manifest.to_dict("index") if manifest is not None else {}
    found_titles = [article.metadata.get("title") for article in articles]
    for article in articles:
        _merge_manifest(article, None if by_outlet else rows.get(shown(article.file)))
    if by_outlet and articles:
        _check_outlets(rows, articles, manifest_path)
    for article, found_title in zip(articles, found_titles, strict=True):
        if by_outlet:
            outlet = rows.get(article.metadata.get("source"), {})
            article.extra.update({_manifest_column(k): v for k, v in outlet.items() if not pd.isna(v)})
        remove_headline(article.cleaned, (article.metadata.get("title"), found_title, article.cleaned.title))


def _build_articles(articles: list[_Article]) -> pd.DataFrame:
    rows = []
    for article in articles:
        cleaned = article.cleaned
        row = {"doc_id": article.doc_id, "path": article.path, "encoding": article.encoding, "text": cleaned.text}
        row.update(article.metadata)
        row["n_words"] = sum(_count_words(text) for text, rule in zip(cleaned.texts, cleaned.rules) if rule == KEPT)
        rows.append(row)
    table = pd.DataFrame(rows).reindex(columns=ARTICLE_COLUMNS)
    table["published"] = pd.to_datetime(table["published"], errors="coerce")
    table["published_inferred"] = table["published_inferred"].fillna(False).astype(bool)
    table["n_words"] = table["n_words"].fillna(0).astype("int64")
    extra = list(dict.fromkeys(name for article in articles for name in article.extra))
    typed = pd.DataFrame({name: typed_column([a.extra.get(name) for a in articles]) for name in extra},
                         index=table.index)
    return conform(pd.concat([table, typed], axis=1), "articles", extra=extra)


_WORD_COUNT_PIECE = 1 << 16


def _count_words(line: str) -> int:
    """:func:`count_words` of ``line``, counted in pieces cut at spaces (no word spans a space, nor a line
    of the text), so that a line of megabytes never becomes one list of all its words."""
    count, start = 0, 0
    while start < len(line):
        cut = line.find(" ", start + _WORD_COUNT_PIECE)
        end = len(line) if cut < 0 else cut
        count += count_words(line[start:end])
        start = end
    return count


def _cleaning_table(articles: list[_Article]) -> pd.DataFrame:
    sizes = [len(article.cleaned.raw_lines) for article in articles]
    columns: dict[str, Any] = {name: [] for name in ("doc_id", "path", "line", "rule", "zone", "repair")}
    for article, size in zip(articles, sizes):
        cleaned = article.cleaned
        columns["doc_id"] += [article.doc_id] * size
        columns["path"] += [article.path] * size
        columns["line"] += cleaned.raw_lines
        columns["rule"] += cleaned.rules
        columns["zone"] += cleaned.zones
        columns["repair"] += cleaned.repairs
        cleaned.raw_lines = []  # the column holds them now
    columns["line_no"] = np.concatenate([np.arange(1, size + 1, dtype="int64") for size in sizes] or [np.array([], "int64")])
    columns["kept"] = np.array(columns["rule"], dtype=object) == KEPT
    return pd.DataFrame({name: _column(columns[name], dtype) for name, dtype in dtypes("cleaning").items()})


def _column(values: Any, dtype: str) -> Any:
    """``values`` as a pandas array of ``dtype``; strings go through Arrow, which holds them in a third of
    the memory pandas needs to convert a list of them."""
    return pd.array(pa.array(values, type=pa.large_string()) if dtype == "string" else values, dtype=dtype)


def _warn_repairs(articles: list[_Article]) -> None:
    """Say how many lines ftfy repaired, if any: a repair changes text, so it is never silent."""
    repaired = {a.doc_id: sum(r is not None for r in a.cleaned.repairs) for a in articles}
    repaired = {doc_id: n for doc_id, n in repaired.items() if n}
    if repaired:
        examples = ", ".join(list(repaired)[:3])
        warnings.warn(f"mojibake (UTF-8 read in another encoding) repaired with ftfy in {sum(repaired.values())} "
                      f"line(s) of {len(repaired)} article(s) ({examples}…); the cleaning report's 'repair' column "
                      "says what was changed in each line.", stacklevel=4)


def _drop_unusable(articles: list[_Article], skip: bool) -> tuple[list[_Article], list[dict[str, Any]]]:
    """Remove articles with no sentences, duplicate texts and clashing ids, recording each."""
    kept: list[_Article] = []
    skipped: list[dict[str, Any]] = []
    by_hash: dict[str, str] = {}
    ids: set[str] = set()
    for article in articles:
        problem = None
        if not has_words(article.cleaned.text):
            problem = (f"{article.path}: no article text is left after cleaning; check that it holds an article "
                       f"(analysis.cleaning_report says what removed each line)")
        elif article.doc_id in ids:
            problem = (f"{article.path}: doc_id {article.doc_id!r} is used by another article with different text; "
                       "give each article its own id")
        if problem:
            if not skip:
                raise CorpusError(problem + ". Pass on_error='skip' to leave it out and record it.")
            skipped.append(_record(article.path, article.doc_id, problem))
            continue
        digest = hashlib.sha1(article.cleaned.text.encode("utf-8")).hexdigest()
        if digest in by_hash:
            skipped.append(_record(article.path, article.doc_id, f"duplicate: same text as {by_hash[digest]}"))
            continue
        by_hash[digest] = article.doc_id
        ids.add(article.doc_id)
        kept.append(article)
    return kept, skipped


def read_corpus(
    path: str | Path,
    *,
    manifest: str | Path | None | Literal[False] = None,
    columns: Mapping[str, str] | None = None,
    where: str | None = None,
    remove_furniture: bool = True,
    remove_repeated: bool = True,
    on_error: OnError = "raise",
    follow_links: bool = False,
    progress: bool = True,
) -> LoadedCorpus:
    """Load a corpus with its cleaning report, its near-duplicates and the list of what was left out.

    Arguments are those of :func:`load_corpus`. In order: every file is read and
    cleaned line by line; the manifest completes the metadata and the headline
    line goes (it is the title); articles with no text left, the same text twice
    or a clashing id are left out; ``where`` keeps the articles it passes; the
    in-text furniture rules and the repetition rule (over the articles kept)
    remove fragments; near-duplicates are grouped on the texts left.
    """
    if on_error not in ("raise", "skip"):
        raise CorpusError(f"on_error={on_error!r}: use 'raise' (stop at the first bad file) or 'skip' (record it and go on).")
    parse_where(where or "")  # a filter that cannot be read is refused before anything is loaded
    root_path = Path(path).expanduser()
    files, skipped, root = _corpus_files(root_path, on_error=on_error, follow_links=follow_links)
    manifest_path = _find_manifest(root) if manifest is None else (Path(manifest) if manifest else None)
    if manifest_path is not None and not manifest_path.is_file():
        raise CorpusError(f"{manifest_path}: manifest not found. Give the path of a CSV with a 'file' column, or manifest=False.")
    manifest_table = read_manifest(manifest_path, root, follow_links=follow_links) if manifest_path is not None else None
    files = [f for f in files if manifest_path is None or f.resolve() != manifest_path.resolve()]
    if not files and not skipped:
        raise CorpusError(f"{root_path}: the folder holds no corpus files "
                          f"({', '.join(CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES)}).")

    loaded: list[_Article] = []
    for file in progress_bar(files, desc="Loading corpus", unit="file", disable=not progress or len(files) < 2):
        try:
            for item in _read_file(file, root, columns or {}, progress):
                if isinstance(item, _Skip):
                    if on_error == "raise":
                        raise item.error
                    skipped.append(_record(item.path, item.doc_id, str(item.error)))
                else:
                    loaded.append(item)
        except CorpusError as error:
            if on_error == "raise":
                raise _printable(error) from None
            skipped.append(_record(file, None, str(error)))

    _add_metadata(loaded, manifest_table, manifest_path)
    kept, dropped = _drop_unusable(loaded, skip=on_error == "skip")
    skipped += dropped
    if not kept:
        raise CorpusError(f"{shown(root_path)}: no article could be loaded. Reasons: "
                          + "; ".join(s["reason"] for s in skipped[:5]))
    _warn_repairs(loaded)
    articles = _build_articles(kept)
    for article in loaded:  # the table holds the texts now; free them before the lines are copied too
        article.cleaned.text, article.cleaned.texts = "", []
    cleaning = _cleaning_table(loaded)
    del loaded, kept
    articles, filtered = _filter(articles, where, root_path)
    articles, fragments, emptied = _remove_furniture(articles, furniture=remove_furniture, repeated=remove_repeated,
                                                     skip=on_error == "skip")
    if skipped or emptied:
        warnings.warn(f"{len(skipped) + len(emptied)} file(s) or article(s) left out of the corpus"
                      f"{' besides those the filter left out' if filtered else ''}; "
                      "see articles.attrs['skipped'] for each with its reason.", stacklevel=3)
    return LoadedCorpus(
        articles=articles,
        cleaning=cleaning,
        skipped=conform(pd.DataFrame(skipped + filtered + emptied, columns=SKIPPED_COLUMNS), "skipped"),
        fragments=fragments,
        duplicates=near_duplicates(articles),
    )


#: How the ``skipped`` table says an article was left out by ``where=``; the clause follows.
FILTER_REASON = "left out by the filter "


def _filter(articles: pd.DataFrame, where: str | None, root: Path) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The articles ``where`` keeps, and a ``skipped`` row for each one it leaves out."""
    if where is None or not str(where).strip():
        return articles, []
    kept, failed = apply_where(articles, where)
    out = failed.notna().to_numpy()
    records = [_record(path, doc_id, FILTER_REASON + clause) for path, doc_id, clause
               in zip(articles.loc[out, "path"], articles.loc[out, "doc_id"], failed[out], strict=True)]
    if kept.empty:
        counts = failed.value_counts()
        raise CorpusError(f"{shown(root)}: where={where!r} leaves no article out of {len(articles):,} ("
                          + "; ".join(f"{clause}: {n:,} left out" for clause, n in counts.items())
                          + "). Check the values with analysis.load_corpus(...) and loosen the filter.")
    return kept, records


def _remove_furniture(articles: pd.DataFrame, *, furniture: bool, repeated: bool,
                      skip: bool) -> tuple[pd.DataFrame, pd.DataFrame, list[dict[str, Any]]]:
    """The articles with in-text furniture removed, the fragments removed, and a ``skipped`` row for each
    article that furniture was all of (raised instead unless ``skip``)."""
    if not (furniture or repeated):
        return articles, empty("fragments"), []
    texts, fragments = clean_texts(articles, in_text=furniture,
                                   boilerplate=None if repeated else empty("repeated_fragments"))
    changed = articles["doc_id"].isin(fragments["doc_id"]).to_numpy()
    if not changed.any():
        return articles, fragments, []
    articles.loc[changed, "text"] = texts[changed]
    articles.loc[changed, "n_words"] = np.array([_count_words(text) for text in texts[changed]], dtype="int64")
    emptied = changed & (articles["n_words"] == 0).to_numpy()
    if not emptied.any():
        return articles, fragments, []
    reason = ("no article text is left after removing furniture inside the text (the fragments table says what "
              "each rule removed); load with remove_furniture=False or remove_repeated=False to keep it")
    paths = articles.loc[emptied, "path"].tolist()
    if not skip:
        raise CorpusError(f"{paths[0]}: {reason}, or pass on_error='skip' to leave it out and record it.")
    records = [_record(path, doc_id, f"{path}: {reason}.") for path, doc_id in
               zip(paths, articles.loc[emptied, "doc_id"], strict=True)]
    gone = set(articles.loc[emptied, "doc_id"])
    return (articles.loc[~emptied].reset_index(drop=True),
            fragments[~fragments["doc_id"].isin(gone)].reset_index(drop=True), records)


def input_files(path: str | Path, *, manifest: str | Path | None | Literal[False] = None,
                follow_links: bool = False) -> list[Path]:
    """The files :func:`read_corpus` reads for ``path``: its corpus files and the manifest, in a fixed order.

    What a cache key of the loaded corpus must cover; files loading would refuse or
    pass over are not listed, and a path that cannot be loaded gives an empty list.
    """
    try:
        files, _, root = _corpus_files(Path(path).expanduser(), on_error="skip", follow_links=follow_links)
    except CorpusError:
        return []
    manifest_path = _find_manifest(root) if manifest is None else (Path(manifest) if manifest else None)
    return files + ([manifest_path] if manifest_path is not None and manifest_path.is_file() else [])


def _corpus_files(root_path: Path, *, on_error: OnError, follow_links: bool) -> tuple[list[Path], list[dict[str, Any]], Path]:
    """The files to read under ``root_path`` (a folder or one file), what is left out so far, and the corpus folder."""
    if not os.path.lexists(root_path):
        raise CorpusError(f"{root_path}: no such file or folder. Check the path (relative paths start at {Path.cwd()}).")
    real, problem = _follow(root_path)
    if real is None:
        raise CorpusError(f"{root_path}: {problem}.")
    mode = real.stat().st_mode
    if stat.S_ISDIR(mode):
        listing = _list_files(root_path, follow_links=follow_links)
        skipped = listing.passed
        for path, reason in listing.refused:
            if on_error == "raise":
                raise _printable(CorpusError(f"{path}: {reason}, or pass on_error='skip' to leave it out and record it."))
            skipped.append(_record(path, None, f"{path}: {reason}."))
        return listing.files, skipped, root_path
    if not stat.S_ISREG(mode):
        raise CorpusError(f"{root_path}: {_special_file_reason(mode)}.")
    if not _is_corpus_file(root_path):
        raise CorpusError(f"{root_path}: unsupported file type {root_path.suffix!r}; use one of "
                          f"{', '.join(CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES)}.")
    return [root_path], [], root_path.parent


def _read_file(path: Path, root: Path, columns: Mapping[str, str], progress: bool) -> Iterator[_Article | _Skip]:
    suffix = _suffix(path)
    try:
        if suffix in CAPTURE_SUFFIXES:
            yield from _read_capture(path, root)
        elif suffix in HTML_SUFFIXES:
            yield from _read_html(path, root)
        else:
            yield from _read_table(path, root, columns, progress)
    except CorpusError:
        raise
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror or exc}). Check its permissions.") from exc


def load_corpus(
    path: str | Path,
    *,
    manifest: str | Path | None | Literal[False] = None,
    columns: Mapping[str, str] | None = None,
    where: str | None = None,
    remove_furniture: bool = True,
    remove_repeated: bool = True,
    on_error: OnError = "raise",
    follow_links: bool = False,
    progress: bool = True,
) -> pd.DataFrame:
    """Load the articles of a corpus: one row per article, cleaned text and metadata.

    Parameters
    ----------
    path
        A corpus file or a folder (searched recursively; hidden files and the
        manifest are passed over silently; README/LICENSE/PROVENANCE files,
        other file types and special files such as named pipes are passed over
        and recorded in ``attrs["skipped"]``).
    manifest
        A CSV of curated metadata (see :func:`read_manifest`). ``None`` (default)
        uses ``sources.csv`` in the folder or its parent if there is one;
        ``False`` uses none. Manifest values win over what a capture says.
    columns
        For tables: which column holds each field, e.g.
        ``{"text": "body", "published": "date", "doc_id": "id"}``. Fields left out
        are looked for under their usual names (``text``, ``id``, ``date``…).
        Every other column is kept as article metadata, typed from all its
        values (see :mod:`analysis.extras`).
    where
        Keep only the articles this filter passes, e.g.
        ``'text_type == "full_text" and author_marked_offtopic == 0'``: comparisons
        of any articles column with literals, combined with and/or/not (see
        :mod:`analysis.filters`). Applied after the line cleaning and before the
        furniture rules, so ``n_words`` in a filter counts words before in-text
        furniture is removed. Each article left out is recorded in
        ``attrs["skipped"]`` with the clause that dropped it.
    remove_furniture
        Remove furniture inside the texts: photo credits and captions, appeals to
        sign up or follow, copyright lines, contributor notes (see
        :mod:`analysis.furniture`); each fragment is recorded with its rule.
    remove_repeated
        Remove sentences an outlet repeats verbatim across many of its articles
        (at least 10, and 80% of the articles holding the sentence are its own).
        This catches boilerplate no rule names, but also an outlet's stock
        background paragraph (RT's "Russia sent troops into Ukraine on February
        24…"): editorial framing, not furniture. The overview lists what it
        removed per outlet; pass False to keep it.
    on_error
        ``"raise"`` stops at the first bad file with an error naming it and the
        fix; ``"skip"`` leaves it out and records it in ``attrs["skipped"]``.
        Duplicate texts are always kept once and recorded there. A table row
        without text or with a date that is not one (a number, ``today``) is a
        bad row; a broken link or a link loop named like a corpus file is a bad file.
    follow_links
        Symbolic links are followed inside the corpus folder; one that leads
        out of it (to a file or a folder) is refused as a bad file unless this
        is True, since a corpus folder from someone else could otherwise read
        any file you can.
    progress
        Show progress bars (tqdm) for folders of many files and for tables.

    Returns
    -------
    DataFrame, one row per article, with columns
        ``doc_id`` (string: file path below ``path`` without extension, or the
        table's id column, else ``<file>:<row>``), ``source`` (string, outlet),
        ``url`` (string), ``title`` (string), ``published`` (datetime64, NaT when
        unknown), ``published_inferred`` (bool: the date was inferred from the
        content, not stated), ``language`` (string, ISO 639-1), ``translated_from``
        (string, ISO 639-1 of the original when a translation notice says so,
        ``und`` when it does not name it), ``text`` (string: standfirst, body
        paragraphs and headings, separated by blank lines, without furniture; the
        headline is never part of it, it is ``title``; NFC, straight quotes, one
        dash, case and punctuation kept), ``n_words`` (int),
        ``path`` (string; ``file#row`` for tables; bytes of a non-UTF-8 file name
        as ``\\xe9`` escapes), ``encoding`` (string, Python's name of the
        encoding the file was read in, detected when it is not UTF-8; missing
        for Parquet), then the extra columns: a table's unmapped columns, then the
        manifest's, each typed from all its values (``Int64``, ``float64``,
        ``boolean``, ``datetime64[ns]`` or ``string``; one named like a column
        above gets a ``table_`` or ``manifest_`` prefix). ``published`` comes from
        :func:`parse_date`. Missing values are ``<NA>``. ``attrs["skipped"]`` is
        a list of ``{"path", "doc_id", "reason"}`` for everything left out (see
        :class:`LoadedCorpus` for the counts that balance).
    """
    corpus = read_corpus(path, manifest=manifest, columns=columns, where=where, remove_furniture=remove_furniture,
                         remove_repeated=remove_repeated, on_error=on_error, follow_links=follow_links,
                         progress=progress)
    articles = corpus.articles
    articles.attrs["skipped"] = corpus.skipped.to_dict("records")
    return articles


def cleaning_report(corpus: LoadedCorpus | str | Path, **load_options: Any) -> pd.DataFrame:
    """One row per raw line of every article, saying whether cleaning kept it and why not.

    ``corpus`` is a :class:`LoadedCorpus` or a path loaded with ``load_options``
    (those of :func:`load_corpus`).

    Returns
    -------
    DataFrame with columns
        ``doc_id`` (string), ``path`` (string), ``line_no`` (int, 1-based in the
        raw file, or in the extracted text for HTML and tables), ``line`` (string,
        raw text), ``kept`` (bool), ``rule`` (string: ``kept`` or the rule that
        removed the line, e.g. ``navigation``, ``breadcrumb``, ``table_of_contents``,
        ``headline``), ``zone`` (string: ``header``, ``body`` or ``footer`` of the page),
        ``repair`` (string: the steps ftfy took to repair mojibake in the line
        before cleaning, e.g. ``encode sloppy-windows-1252, decode utf-8``;
        missing when the line was read as written). The rows of an article
        account for every character of its text but line breaks (see
        :class:`LoadedCorpus`). What was removed from inside the kept lines is
        the ``fragments`` table of :func:`read_corpus`.
    """
    if not isinstance(corpus, LoadedCorpus):
        corpus = read_corpus(corpus, **load_options)
    return corpus.cleaning


def filter_articles(
    articles: pd.DataFrame,
    *,
    sources: Iterable[str] | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The articles of the given ``sources`` published between ``start`` and ``end`` (inclusive).

    ``None`` (or an empty list) keeps every source; a date bound drops undated
    articles only when one is given. Returns a new frame with the same columns;
    ``attrs["filtered_out"]`` counts what each filter removed. Raises
    :class:`CorpusError` naming the sources that do not exist in the corpus.
    """
    keep = pd.Series(True, index=articles.index)
    counts: dict[str, int] = {}
    if sources:
        wanted = list(sources)
        unknown = sorted(set(wanted) - set(articles["source"].dropna()))
        if unknown:
            raise CorpusError(f"sources {unknown} are not in the corpus; its sources are "
                              f"{sorted(articles['source'].dropna().unique())}.")
        by_source = articles["source"].isin(wanted).fillna(False).astype(bool)
        counts["other sources"] = int((keep & ~by_source).sum())
        keep &= by_source
    for label, bound, compare in (("before start", start, lambda d, b: d >= b), ("after end", end, lambda d, b: d <= b)):
        if bound is not None and str(bound) != "":
            in_range = compare(articles["published"], pd.Timestamp(bound)).fillna(False).astype(bool)
            counts[f"{label} or undated"] = int((keep & ~in_range).sum())
            keep &= in_range
    selected = articles.loc[keep].reset_index(drop=True)
    selected.attrs = {**articles.attrs, "filtered_out": counts}
    return selected
