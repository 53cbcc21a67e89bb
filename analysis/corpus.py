"""Load a corpus from files into one tidy table of articles.

Supported inputs, as one file or a folder searched recursively:

* page captures ``.txt`` / ``.md``: plain-text copies of web pages, cleaned line
  by line (:mod:`analysis.clean`), metadata read from the capture;
* ``.html`` / ``.htm``: main text and metadata extracted with trafilatura;
* tables ``.csv`` / ``.jsonl`` / ``.parquet`` (also ``.csv.gz`` and other
  compressed forms pandas reads): one article per row.

Metadata comes from a manifest where one is given (or found), else from the
capture itself, else it stays missing: nothing is invented.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import charset_normalizer
import pandas as pd
from tqdm.auto import tqdm

from analysis.clean import CleanCapture, clean_capture
from analysis.checks import parse_flag
from analysis.errors import CorpusError
from analysis.schema import TABLES, conform
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
    ``skipped``: one row per file, row or article left out, columns ``path``,
    ``doc_id`` (missing for unreadable files) and ``reason``.
    """

    articles: pd.DataFrame
    cleaning: pd.DataFrame
    skipped: pd.DataFrame


@dataclass
class _Article:
    doc_id: str
    path: str
    file: Path
    encoding: str | None
    cleaned: CleanCapture
    metadata: dict[str, Any]


# --------------------------------------------------------------------------- files


def _suffix(path: Path) -> str:
    """The format suffix of ``path``, looking through a compression suffix (``x.csv.gz`` → ``.csv``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in _COMPRESSION_SUFFIXES:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def _is_corpus_file(path: Path) -> bool:
    return _suffix(path) in CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES


def _list_files(root: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    """Corpus files under ``root``, and the files passed over with the reason."""
    files, passed = [], []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.name == MANIFEST_NAME:
            continue
        if _NOT_ARTICLES.match(path.name):
            passed.append({"path": str(path), "doc_id": None, "reason": "documentation file, not an article"})
        elif _is_corpus_file(path):
            files.append(path)
        else:
            passed.append({"path": str(path), "doc_id": None,
                           "reason": f"unsupported file type {path.suffix!r}; supported: "
                                     + ", ".join(CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES)})
    return files, passed


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a text file: UTF-8 when it is, else the encoding charset-normalizer detects.

    Returns the text and the encoding used. Raises :class:`CorpusError` for an
    empty or binary file.
    """
    if not data.strip():
        raise CorpusError(f"{path}: the file is empty. Remove it from the corpus folder or fill it with the article text.")
    if data.startswith((b"\xef\xbb\xbf",)):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorpusError(f"{path}: this is a binary file, not text. Convert it to .txt, .html, .csv, .jsonl or .parquet, or remove it.")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise CorpusError(f"{path}: the bytes are not text in any encoding charset-normalizer knows. Re-save the file as UTF-8.")
    return str(best), best.encoding


def _read_text_file(path: Path) -> tuple[str, str]:
    return decode_bytes(path.read_bytes(), path)


def _doc_id_for_file(path: Path, root: Path) -> str:
    relative = path.relative_to(root) if path != root else Path(path.name)
    return relative.with_suffix("").as_posix()


def _read_capture(path: Path, root: Path) -> Iterator[_Article]:
    text, encoding = _read_text_file(path)
    cleaned = clean_capture(text)
    yield _Article(
        doc_id=_doc_id_for_file(path, root),
        path=str(path),
        file=path.resolve(),
        encoding=encoding,
        cleaned=cleaned,
        metadata={"title": cleaned.title, "published": cleaned.published, "translated_from": cleaned.translated_from},
    )


_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)


def _read_html(path: Path, root: Path) -> Iterator[_Article]:
    import trafilatura

    html, encoding = _read_text_file(path)
    document = trafilatura.bare_extraction(
        html, with_metadata=True, favor_recall=True, include_comments=False,
        date_extraction_params={"extensive_search": False},
    )
    if document is None or not (document.text or "").strip():
        raise CorpusError(f"{path}: trafilatura found no article text in this HTML page. Check that the file is a saved article page.")
    cleaned = clean_capture(document.text)
    lang = _HTML_LANG.search(html)
    yield _Article(
        doc_id=_doc_id_for_file(path, root),
        path=str(path),
        file=path.resolve(),
        encoding=encoding,
        cleaned=cleaned,
        metadata={
            "title": document.title or cleaned.title,
            "published": pd.Timestamp(document.date) if document.date else cleaned.published,
            "url": document.url,
            "source": document.sitename,
            "language": lang.group(1).lower() if lang else None,
            "translated_from": cleaned.translated_from,
        },
    )


def _read_table_file(path: Path) -> pd.DataFrame:
    suffix = _suffix(path)
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        if suffix == ".jsonl":
            return pd.read_json(path, lines=True, dtype=False)
        return pd.read_parquet(path)
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


def _read_table(path: Path, root: Path, columns: Mapping[str, str], progress: bool) -> Iterator[_Article | CorpusError]:
    table = _read_table_file(path)
    mapping = _resolve_table_columns(table, columns, path)
    stem = _doc_id_for_file(path, root)
    records = table.to_dict("records")
    for row_number, row in enumerate(tqdm(records, desc=f"Cleaning {path.name}", unit="article", disable=not progress), 1):
        doc_id = str(row[mapping["doc_id"]]) if "doc_id" in mapping else f"{stem}:{row_number}"
        text = row[mapping["text"]]
        if not isinstance(text, str) or not text.strip():
            yield CorpusError(f"{path}: row {row_number} (doc_id {doc_id}) has no text in column {mapping['text']!r}.")
            continue
        metadata = {f: row[c] for f, c in mapping.items() if f not in ("doc_id", "text")}
        yield _Article(doc_id=doc_id, path=f"{path}#{row_number}", file=path.resolve(), encoding=None, cleaned=clean_capture(text), metadata=metadata)


# ------------------------------------------------------------------------ manifest


def read_manifest(manifest: Path, root: Path) -> pd.DataFrame:
    """Read and check a manifest of curated metadata, one row per corpus file.

    The manifest is a CSV with a ``file`` column (path relative to the corpus
    folder ``root``) and any of ``source``, ``url``, ``title``, ``published``
    (a date), ``published_inferred`` (true/false), ``language``,
    ``translated_from``; other columns are carried into the articles table.
    Empty cells mean "not known here". Returns the table indexed by resolved path.
    """
    try:
        table = pd.read_csv(manifest, dtype=str, keep_default_na=False, na_values=[""])
    except Exception as exc:
        raise CorpusError(f"{manifest}: the manifest is not a readable CSV ({type(exc).__name__}: {exc}).") from exc
    if "file" not in table.columns:
        raise CorpusError(f"{manifest}: the manifest needs a 'file' column naming each file relative to "
                          f"{root}; its columns are {list(table.columns)}.")
    problems = []
    resolved = []
    for line_no, row in zip(range(2, len(table) + 2), table.to_dict("records")):
        where = f"{manifest}, line {line_no}"
        file_path = (root / str(row["file"])).resolve()
        resolved.append(file_path)
        if pd.isna(row["file"]):
            problems.append(f"{where}: the 'file' cell is empty")
        elif not file_path.is_relative_to(root.resolve()):
            problems.append(f"{where}: {row['file']!r} lies outside the corpus folder {root}")
        elif not file_path.exists():
            problems.append(f"{where}: {row['file']!r} does not exist in {root}")
        if "published" in table.columns and not pd.isna(row["published"]):
            if pd.isna(pd.to_datetime(row["published"], errors="coerce")):
                problems.append(f"{where}: published {row['published']!r} is not a date (write YYYY-MM-DD)")
        if "published_inferred" in table.columns:
            try:
                parse_flag(row["published_inferred"])
            except ValueError as exc:
                problems.append(f"{where}: published_inferred {exc}")
    table.index = pd.Index([str(p) for p in resolved], name="resolved_path")
    duplicated = table.index[table.index.duplicated()].unique()
    problems += [f"{manifest}: {p} is listed more than once" for p in duplicated]
    if problems:
        raise CorpusError("the manifest has problems; fix these rows:\n  " + "\n  ".join(problems))
    return table


def _find_manifest(root: Path) -> Path | None:
    for candidate in (root / MANIFEST_NAME, root.parent / MANIFEST_NAME):
        if candidate.is_file():
            return candidate
    return None


# -------------------------------------------------------------------------- loading


def _metadata_row(article: _Article, manifest_row: Mapping[str, Any] | None) -> dict[str, Any]:
    metadata = {k: v for k, v in article.metadata.items() if v is not None and not (isinstance(v, float) and pd.isna(v))}
    inferred = False
    if manifest_row is not None:
        for key, value in manifest_row.items():
            if key != "file" and not pd.isna(value):
                metadata[key] = value
        inferred = bool(parse_flag(manifest_row.get("published_inferred")))
    published = pd.to_datetime(metadata.get("published"), errors="coerce", format="mixed") if metadata.get("published") is not None else pd.NaT
    metadata["published"] = published
    metadata["published_inferred"] = inferred and not pd.isna(published)
    if not metadata.get("source") and metadata.get("url"):
        metadata["source"] = urlparse(str(metadata["url"])).hostname
    return metadata


def _build_articles(articles: list[_Article], manifest: pd.DataFrame | None) -> pd.DataFrame:
    rows = []
    for article in articles:
        key = str(article.file)
        manifest_row = manifest.loc[key].to_dict() if manifest is not None and key in manifest.index else None
        row = {"doc_id": article.doc_id, "path": article.path, "encoding": article.encoding, "text": article.cleaned.text}
        row.update(_metadata_row(article, manifest_row))
        row["n_words"] = count_words(row["text"])
        rows.append(row)
    table = pd.DataFrame(rows)
    extra = [c for c in table.columns if c not in ARTICLE_COLUMNS]
    table = table.reindex(columns=ARTICLE_COLUMNS + extra)
    table["published"] = pd.to_datetime(table["published"], errors="coerce")
    table["published_inferred"] = table["published_inferred"].fillna(False).astype(bool)
    table["n_words"] = table["n_words"].fillna(0).astype("int64")
    return conform(table, "articles", extra=extra).astype({c: "string" for c in extra})


def _cleaning_table(articles: list[_Article]) -> pd.DataFrame:
    rows = [
        (a.doc_id, a.path, v.line_no, v.raw, v.kept, v.rule, v.zone)
        for a in articles
        for v in a.cleaned.lines
    ]
    return conform(pd.DataFrame(rows, columns=CLEANING_COLUMNS), "cleaning")


def _drop_unusable(articles: list[_Article], skip: bool) -> tuple[list[_Article], list[dict[str, Any]]]:
    """Remove articles with no sentences, duplicate texts and clashing ids, recording each."""
    kept: list[_Article] = []
    skipped: list[dict[str, Any]] = []
    by_hash: dict[str, str] = {}
    ids: set[str] = set()
    for article in articles:
        problem = None
        if not has_words(article.cleaned.text):
            problem = (f"{article.path}: no article text is left after cleaning "
                       f"(see analysis.cleaning_report for what each line was removed by)")
        elif article.doc_id in ids:
            problem = f"{article.path}: doc_id {article.doc_id!r} is used by another article with different text; ids must be unique"
        if problem:
            if not skip:
                raise CorpusError(problem + ". Pass on_error='skip' to leave it out and record it.")
            skipped.append({"path": article.path, "doc_id": article.doc_id, "reason": problem})
            continue
        digest = hashlib.sha1(article.cleaned.text.encode("utf-8")).hexdigest()
        if digest in by_hash:
            skipped.append({"path": article.path, "doc_id": article.doc_id,
                            "reason": f"duplicate: same text as {by_hash[digest]}"})
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
    on_error: OnError = "raise",
    progress: bool = True,
) -> LoadedCorpus:
    """Load a corpus with its cleaning report and the list of what was left out.

    Arguments are those of :func:`load_corpus`.
    """
    if on_error not in ("raise", "skip"):
        raise CorpusError(f"on_error={on_error!r}: use 'raise' (stop at the first bad file) or 'skip' (record it and go on).")
    root_path = Path(path).expanduser()
    if not root_path.exists():
        raise CorpusError(f"{root_path}: no such file or folder. Check the path (relative paths start at {Path.cwd()}).")
    root = root_path if root_path.is_dir() else root_path.parent
    manifest_path = _find_manifest(root) if manifest is None else (Path(manifest) if manifest else None)
    if manifest_path is not None and not manifest_path.is_file():
        raise CorpusError(f"{manifest_path}: manifest not found. Give the path of a CSV with a 'file' column, or manifest=False.")
    manifest_table = read_manifest(manifest_path, root) if manifest_path is not None else None
    if root_path.is_dir():
        files, skipped = _list_files(root_path)
        files = [f for f in files if manifest_path is None or f.resolve() != manifest_path.resolve()]
        if not files:
            raise CorpusError(f"{root_path}: the folder holds no corpus files "
                              f"({', '.join(CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES)}).")
    else:
        if not _is_corpus_file(root_path):
            raise CorpusError(f"{root_path}: unsupported file type {root_path.suffix!r}; use one of "
                              f"{', '.join(CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES)}.")
        files, skipped = [root_path], []


    loaded: list[_Article] = []
    for file in tqdm(files, desc="Loading corpus", unit="file", disable=not progress or len(files) < 2):
        try:
            for item in _read_file(file, root, columns or {}, progress):
                if isinstance(item, CorpusError):
                    if on_error == "raise":
                        raise item
                    skipped.append({"path": str(file), "doc_id": None, "reason": str(item)})
                else:
                    loaded.append(item)
        except CorpusError as error:
            if on_error == "raise":
                raise
            skipped.append({"path": str(file), "doc_id": None, "reason": str(error)})

    kept, dropped = _drop_unusable(loaded, skip=on_error == "skip")
    skipped += dropped
    if not kept:
        raise CorpusError(f"{root_path}: no article could be loaded. Reasons: "
                          + "; ".join(s["reason"] for s in skipped[:5]))
    if skipped:
        warnings.warn(f"{len(skipped)} file(s) or article(s) left out of the corpus; "
                      "see articles.attrs['skipped'] for each with its reason.", stacklevel=3)
    return LoadedCorpus(
        articles=_build_articles(kept, manifest_table),
        cleaning=_cleaning_table(loaded),
        skipped=conform(pd.DataFrame(skipped, columns=SKIPPED_COLUMNS), "skipped"),
    )


def _read_file(path: Path, root: Path, columns: Mapping[str, str], progress: bool) -> Iterator[_Article | CorpusError]:
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
    on_error: OnError = "raise",
    progress: bool = True,
) -> pd.DataFrame:
    """Load the articles of a corpus: one row per article, cleaned text and metadata.

    Parameters
    ----------
    path
        A corpus file or a folder (searched recursively; hidden files, the
        manifest and README/LICENSE/PROVENANCE files are passed over).
    manifest
        A CSV of curated metadata (see :func:`read_manifest`). ``None`` (default)
        uses ``sources.csv`` in the folder or its parent if there is one;
        ``False`` uses none. Manifest values win over what a capture says.
    columns
        For tables: which column holds each field, e.g.
        ``{"text": "body", "published": "date", "doc_id": "id"}``. Fields left out
        are looked for under their usual names (``text``, ``id``, ``date``…).
    on_error
        ``"raise"`` stops at the first bad file with an error naming it and the
        fix; ``"skip"`` leaves it out and records it in ``attrs["skipped"]``.
        Duplicate texts are always kept once and recorded there.
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
        ``und`` when it does not name it), ``text`` (string: headline once,
        standfirst, body paragraphs and headings, separated by blank lines; NFC,
        straight quotes, one dash, case and punctuation kept), ``n_words`` (int),
        ``path`` (string; ``file#row`` for tables), ``encoding`` (string, the
        file's detected encoding; missing for tables), then any extra manifest
        columns. Missing values are ``<NA>``. ``attrs["skipped"]`` is a list of
        ``{"path", "doc_id", "reason"}`` for everything left out.
    """
    corpus = read_corpus(path, manifest=manifest, columns=columns, on_error=on_error, progress=progress)
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
        removed the line, e.g. ``navigation``, ``breadcrumb``, ``table_of_contents``),
        ``zone`` (string: ``header``, ``body`` or ``footer`` of the page).
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
