"""Curated metadata beside a corpus: a manifest of one row per file or one row per outlet, merged into each article."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from analysis.core.checks import parse_flag
from analysis.core.errors import CorpusError
from analysis.io.clean import remove_headline
from analysis.io.dates import parse_date
from analysis.io.files import MANIFEST_NAME, follow_link
from analysis.io.records import ReadArticle, cell_value, shown
from analysis.io.tables import ARTICLE_COLUMNS, read_text_table

METADATA_FIELDS = ("source", "url", "title", "published", "published_inferred", "language", "translated_from")


def _manifest_file(cell: Any, root: Path, *, follow_links: bool) -> tuple[str | None, str | None]:
    """The key (real path, printable) of the corpus file a manifest cell names, or None and what is wrong."""
    if pd.isna(cell):
        return None, "the 'file' cell is empty"
    path = root / str(cell)
    if os.path.relpath(os.path.normpath(path), os.path.normpath(root)).startswith(os.pardir):
        return None, f"{cell!r} lies outside the corpus folder {root}"
    real, problem = follow_link(path)
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
        table, _ = read_text_table(manifest, ".csv")
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


def find_manifest(root: Path) -> Path | None:
    """The manifest ``sources.csv`` in the corpus folder ``root`` or its parent, if there is one."""
    for candidate in (root / MANIFEST_NAME, root.parent / MANIFEST_NAME):
        if candidate.is_file():
            return candidate
    return None



def _manifest_column(name: str) -> str:
    """The articles column of a manifest's extra column: its name, or ``manifest_<name>`` for a name the loader uses."""
    return f"manifest_{name}" if name in ARTICLE_COLUMNS else name


def _merge_manifest(article: ReadArticle, manifest_row: Mapping[str, Any] | None) -> None:
    """Complete ``article.metadata`` with the manifest's core fields and ``article.extra`` with its other
    columns (the manifest's values win), then settle ``published``, ``published_inferred`` and ``source``."""
    metadata = {k: v for k, v in article.metadata.items() if cell_value(v) is not None}
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


def _check_outlets(rows: Mapping[str, Any], articles: list[ReadArticle], manifest_path: Path | None) -> None:
    """CorpusError when no source of an outlet manifest is an article's source: most likely a file manifest
    whose ``file`` column is misnamed, and otherwise a manifest that would add nothing."""
    found = {str(a.metadata.get("source")) for a in articles if a.metadata.get("source") is not None}
    if not found & set(rows):
        raise CorpusError(f"{manifest_path}: read as an outlet manifest (a 'source' column and no 'file' column), but "
                          f"none of its sources {sorted(rows)[:5]} is an article's source (the articles' sources are "
                          f"{sorted(found)[:5] or 'missing'}). Write each outlet as the articles name it, or, for one row "
                          "per file, name the column of file names 'file'.")


def add_metadata(articles: list[ReadArticle], manifest: pd.DataFrame | None, manifest_path: Path | None) -> None:
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


def outlets_from_folders(articles: list[ReadArticle], root: Path) -> list[str]:
    """Name the outlet of each article that names none after the sub-folder of ``root`` holding its file.

    For a corpus without a manifest kept as one sub-folder per outlet (``news/BBC/…``,
    ``news/Reuters/…``). Articles at the top of ``root`` and articles whose file or
    page names an outlet keep theirs. Returns the folder names used, sorted.
    """
    real_root = root.resolve()
    used = set()
    for article in articles:
        if article.metadata.get("source") or not article.file.is_relative_to(real_root):
            continue
        parts = article.file.relative_to(real_root).parts
        if len(parts) > 1:
            article.metadata["source"] = shown(parts[0])
            used.add(article.metadata["source"])
    return sorted(used)

