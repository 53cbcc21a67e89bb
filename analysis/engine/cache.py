"""Parquet caches of intermediate tables, safe to share between processes.

Two kinds:

* :class:`ArticleCache` keeps the rows a stage derived from each article, under a
  key of that article's id and text. A rerun reads the rows of unchanged
  articles and recomputes only the rest (per-article granularity).
* :class:`TableCache` keeps whole tables under one key (the loaded corpus,
  keyed by the bytes of its files).

A cache entry is a Parquet file plus a JSON marker written after it, holding the
file's SHA-256 (and the article keys it covers). The marker is the commit: a
Parquet file without one is a partial write and is ignored; a file whose
checksum does not match is corrupt, and its entry is deleted and rebuilt, never
read. Writers never modify an existing entry, so concurrent runs (notebooks
rendered in parallel) at worst compute the same article twice; an entry merged
away by another process's compaction while being read is looked up again. A marker that is
not a JSON object with the expected fields counts as corrupt too. A cache that
cannot be written (its path is a file, the disk is full, the folder is read-only)
raises :class:`CacheError` naming the folder and what to do.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import uuid
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.config import CACHE_DIR
from analysis.core.errors import CacheError

ARTICLE_KEY = "article_key"
DEFAULT_CACHE_DIR = CACHE_DIR
_MAX_SHARDS = 64
#: Most articles one compacted entry holds: a chunked reader (:class:`ArticleReader`) holds one entry at a time.
_COMPACT_KEYS = 2_000
_READ_ATTEMPTS = 3  # listings of a folder whose entries another process is compacting
_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)
_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


def _write_problem(folder: Path, error: OSError) -> CacheError:
    """The :class:`CacheError` for ``error``, raised while writing an entry into ``folder``."""
    fix = ("delete the cache folder to start it afresh (make clean), or choose another one "
           "(--cache DIR on the command line, cache_dir= in Python; cache_dir=None computes without a cache)")
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        return CacheError(f"cache folder {folder}: {blocking} is a file, not a folder; move the file away or {fix}.")
    if error.errno in _NO_SPACE:
        return CacheError(f"cache folder {folder}: no space left on its disk; free some space, or {fix}.")
    if error.errno in _READ_ONLY:
        return CacheError(f"cache folder {folder}: not writable ({error.strerror}); make it writable, or {fix}.")
    return CacheError(f"cache folder {folder}: cannot write an entry ({error}); {fix}.")


def fingerprint(*parts: Any) -> str:
    """A short stable hash of JSON-serialisable ``parts`` (parameters, versions)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:20]


def article_keys(articles: pd.DataFrame) -> pd.Series:
    """The cache key of each article: a hash of its ``doc_id`` and ``text``."""
    return pd.Series(
        [hashlib.sha256(f"{d}\0{t}".encode()).hexdigest()[:32] for d, t in zip(articles["doc_id"], articles["text"], strict=True)],
        index=articles.index,
        name=ARTICLE_KEY,
    )


#: Checksums this process has computed, by file, size and modification time: an entry is never modified once
#: written, so a file seen unchanged is not read again to list the entries (a warm run lists each stage twice).
_CHECKED: dict[tuple[str, int, int], str] = {}


def _checked_sha256(path: Path) -> str:
    """:func:`_file_sha256` of ``path``, computed once per process for the same file, size and modification time."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _CHECKED:
        _CHECKED[key] = _file_sha256(path)
    return _CHECKED[key]


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_entry(folder: Path, table: pd.DataFrame, marker: Mapping[str, Any]) -> Path:
    """Write ``table`` and then its JSON marker (with checksum) atomically; returns the Parquet path.

    Raises :class:`CacheError` when the folder cannot be written; nothing partial is left behind.
    """
    name = uuid.uuid4().hex
    parquet, tmp = folder / f"{name}.parquet", folder / f".{name}.parquet.tmp"
    marker_tmp = folder / f".{name}.json.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        table.to_parquet(tmp, index=False)
        os.replace(tmp, parquet)
        marker_tmp.write_text(json.dumps({**marker, "sha256": _file_sha256(parquet)}), encoding="utf-8")
        os.replace(marker_tmp, folder / f"{name}.json")
    except OSError as error:
        for partial in (tmp, parquet, marker_tmp):
            try:
                partial.unlink(missing_ok=True)
            except OSError:
                pass  # the folder itself is unusable: nothing was written into it
        raise _write_problem(folder, error) from error
    return parquet


def _read_marker(path: Path, fields: Mapping[str, type]) -> dict[str, Any] | None:
    """The marker at ``path`` if it is a JSON object with a ``sha256`` text and each of ``fields`` of its type."""
    try:
        marker = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    expected = {"sha256": str, **fields}
    if not isinstance(marker, dict) or not all(isinstance(marker.get(k), t) for k, t in expected.items()):
        return None
    return marker


def _oldest_first(paths: Iterable[Path]) -> list[Path]:
    """``paths`` by modification time, leaving out those removed meanwhile (by another process)."""
    dated = []
    for path in paths:
        try:
            dated.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            continue
    return [path for _, path in sorted(dated)]


def _valid_entries(folder: Path, fields: Mapping[str, type]) -> list[tuple[Path, dict[str, Any]]]:
    """Committed, uncorrupted entries of ``folder`` (oldest first) whose markers hold ``fields``
    (name: type); corrupt ones are removed."""
    entries = []
    for marker_path in _oldest_first(folder.glob("*.json")) if folder.is_dir() else []:
        parquet = marker_path.with_suffix(".parquet")
        marker = _read_marker(marker_path, fields)
        try:
            intact = marker is not None and parquet.is_file() and _checked_sha256(parquet) == marker["sha256"]
        except OSError:
            intact = False
        if intact:
            entries.append((parquet, marker))
        else:
            warnings.warn(f"cache entry {parquet} is corrupt or incomplete; it is deleted and will be rebuilt", stacklevel=3)
            for stale in (parquet, marker_path):
                stale.unlink(missing_ok=True)
    return entries


_ARTICLE_FIELDS = {"keys": list}


class ArticleCache:
    """Per-article rows of one stage, under ``root/stage/fingerprint``.

    ``fingerprint`` should hash everything besides the article that affects the
    rows: the stage's parameters and the library version.
    """

    def __init__(self, root: str | Path, stage: str, fingerprint: str) -> None:
        self.folder = Path(root) / stage / fingerprint

    def read(self, keys: Iterable[str]) -> tuple[pd.DataFrame | None, set[str]]:
        """The cached rows of the articles in ``keys`` (with an ``article_key`` column), and the keys not cached.

        An entry that another process compacts away while it is read sends the lookup back to
        the listing (a few times; then the keys count as not cached).
        """
        wanted = set(keys)
        for _ in range(_READ_ATTEMPTS):
            try:
                return self._read(wanted)
            except FileNotFoundError:
                continue
        return None, wanted

    def _read(self, wanted: set[str]) -> tuple[pd.DataFrame | None, set[str]]:
        found: dict[str, Path] = {}
        for parquet, marker in _valid_entries(self.folder, _ARTICLE_FIELDS):
            for key in wanted.intersection(marker["keys"]):
                found.setdefault(key, parquet)
        by_file: dict[Path, set[str]] = {}
        for key, parquet in found.items():
            by_file.setdefault(parquet, set()).add(key)
        parts = []
        for parquet, file_keys in by_file.items():
            table = pd.read_parquet(parquet)
            parts.append(table[table[ARTICLE_KEY].isin(file_keys)])
        rows = pd.concat(parts, ignore_index=True) if parts else None
        return rows, wanted - set(found)

    def write(self, rows: pd.DataFrame, keys: Iterable[str]) -> None:
        """Store ``rows`` (with an ``article_key`` column) as the complete output for ``keys``.

        Keys with no rows are stored too, so an article with no mentions is not recomputed.
        """
        _write_entry(self.folder, rows, {"keys": sorted(set(keys))})
        self._compact()

    def reader(self) -> ArticleReader:
        """A reader of this stage's rows chunk by chunk."""
        return ArticleReader(self)

    def _compact(self) -> None:
        """When there are many entries, merge runs of consecutive small ones (oldest first) into entries of
        up to ``_COMPACT_KEYS`` articles, keeping each key's first copy.

        Entries are written chunk by chunk in the articles' order, so a merged entry holds neighbouring
        articles and a reader going through the articles in order holds one entry at a time.
        """
        if len(list(self.folder.glob("*.json"))) <= _MAX_SHARDS:
            return
        runs: list[list[tuple[Path, dict[str, Any]]]] = [[]]
        for parquet, marker in _valid_entries(self.folder, _ARTICLE_FIELDS):
            size = len(marker["keys"])
            if runs[-1] and sum(len(m["keys"]) for _, m in runs[-1]) + size > _COMPACT_KEYS:
                runs.append([])
            runs[-1].append((parquet, marker))
        for run in (run for run in runs if len(run) > 1):
            self._merge(run)

    def _merge(self, entries: list[tuple[Path, dict[str, Any]]]) -> None:
        """Write ``entries`` as one entry (each key's rows from its first entry), then delete them."""
        seen: set[str] = set()
        parts = []
        for parquet, marker in entries:
            fresh = set(marker["keys"]) - seen
            table = pd.read_parquet(parquet)
            parts.append(table[table[ARTICLE_KEY].isin(fresh)])
            seen |= fresh
        rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({ARTICLE_KEY: []})
        _write_entry(self.folder, rows, {"keys": sorted(seen)})
        for parquet, _ in entries:  # the marker first: a reader never sees a marker without its file
            parquet.with_suffix(".json").unlink(missing_ok=True)
            parquet.unlink(missing_ok=True)


class ArticleReader:
    """One stage's cached rows, read chunk by chunk of articles: the entries are listed and checked once,
    and one entry's table is held at a time (the last one read), so a pass over the articles in their
    order reads each entry once and holds one chunk's rows, whatever the size of the corpus."""

    def __init__(self, cache: ArticleCache) -> None:
        self._cache = cache
        self._held: tuple[Path | None, Any] = (None, None)
        self._index()

    def _index(self) -> None:
        self._where: dict[str, Path] = {}
        for parquet, marker in _valid_entries(self._cache.folder, _ARTICLE_FIELDS):
            for key in marker["keys"]:
                self._where.setdefault(key, parquet)

    def missing(self, keys: Iterable[str]) -> set[str]:
        """The keys among ``keys`` that no entry holds."""
        return {key for key in keys if key not in self._where}

    def _table(self, parquet: Path) -> pd.DataFrame:
        if self._held[0] != parquet:
            self._held = (None, None)  # let the previous table go before reading the next
            self._held = (parquet, pd.read_parquet(parquet))
        return self._held[1]

    def read(self, keys: Iterable[str]) -> pd.DataFrame:
        """The rows of the articles ``keys`` (with an ``article_key`` column), entry by entry; keys not cached have none.

        An entry merged away by another process meanwhile sends the reader back to the listing (a few times).
        """
        wanted = list(dict.fromkeys(keys))
        for _ in range(_READ_ATTEMPTS - 1):
            try:
                return self._read(wanted)
            except FileNotFoundError:
                self._held = (None, None)
                self._index()
        return self._read(wanted)

    def _read(self, wanted: list[str]) -> pd.DataFrame:
        by_file: dict[Path, set[str]] = {}
        for key in wanted:
            if key in self._where:
                by_file.setdefault(self._where[key], set()).add(key)
        parts = []
        for parquet, file_keys in by_file.items():
            table = self._table(parquet)
            parts.append(table[table[ARTICLE_KEY].isin(file_keys)])
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({ARTICLE_KEY: pd.Series([], dtype=str)})


class TableCache:
    """Whole tables under one key, in ``root/stage/key``."""

    def __init__(self, root: str | Path, stage: str, key: str) -> None:
        self.folder = Path(root) / stage / key

    def read(self, names: Iterable[str]) -> dict[str, pd.DataFrame] | None:
        """The tables ``names`` if all are cached and intact, else None."""
        entries = {marker["name"]: parquet for parquet, marker in _valid_entries(self.folder, {"name": str})}
        names = list(names)
        if not all(name in entries for name in names):
            return None
        return {name: pd.read_parquet(entries[name]) for name in names}

    def write(self, tables: Mapping[str, pd.DataFrame]) -> None:
        """Store each table of ``tables`` under its name."""
        for name, table in tables.items():
            _write_entry(self.folder, table, {"name": name})
