"""Which files of a corpus folder are read: discovery, links, special files and what is passed over."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.core.errors import CorpusError
from analysis.io.records import OnError, printable_error, shown, skip_record

CAPTURE_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz", ".zip", ".zst")
MANIFEST_NAME = "sources.csv"
_NOT_ARTICLES = re.compile(r"^(readme|license|licence|provenance|changelog)(\.\w+)?$", re.I)


def format_suffix(path: Path) -> str:
    """The format suffix of ``path``, looking through a compression suffix (``x.csv.gz`` → ``.csv``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in COMPRESSION_SUFFIXES:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def is_corpus_file(path: Path) -> bool:
    """Whether ``path`` is named like a file the loader reads (capture, HTML page or table)."""
    return format_suffix(path) in CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES


_SPECIAL_FILES: list[tuple[Callable[[int], bool], str]] = [
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
]


def special_file_reason(mode: int) -> str:
    kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "not a regular file")
    return f"is {kind}, not a regular file: it holds no article and reading it could wait forever. Remove it from the corpus folder."


_LINK_LOOP = "is a symbolic link loop: following it never reaches a file. Fix or remove the link"


def follow_link(path: Path) -> tuple[Path | None, str | None]:
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
    if not is_corpus_file(path):
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
            real, problem = follow_link(path) if entry.is_symlink() else (real_folder / entry.name, None)
            try:
                mode = real.stat().st_mode if real is not None else 0
            except OSError as exc:
                real, problem = None, f"cannot be read ({exc.strerror or exc})"
            if real is None:
                _refuse_or_pass(listing, path, problem, refuse=is_corpus_file(path))
                continue
            outside = entry.is_symlink() and not follow_links and not real.is_relative_to(real_root)
            if stat.S_ISDIR(mode):
                if outside:
                    _refuse_or_pass(listing, path, _outside_reason(real, root), refuse=True)
                elif real in searched:
                    reason = f"leads to the folder {shown(real)}, already searched as {shown(searched[real])}."
                    listing.passed.append(skip_record(path, None, reason))
                else:
                    searched[real] = path
                    folders.append((path, real))
            elif not stat.S_ISREG(mode):
                listing.passed.append(skip_record(path, None, special_file_reason(mode)))
            elif reason := _name_reason(path):
                listing.passed.append(skip_record(path, None, reason))
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
        listing.passed.append(skip_record(path, None, f"{reason}."))


def corpus_files(root_path: Path, *, on_error: OnError, follow_links: bool) -> tuple[list[Path], list[dict[str, Any]], Path]:
    """The files to read under ``root_path`` (a folder or one file), what is left out so far, and the corpus folder."""
    if not os.path.lexists(root_path):
        raise CorpusError(f"{root_path}: no such file or folder. Check the path (relative paths start at {Path.cwd()}).")
    real, problem = follow_link(root_path)
    if real is None:
        raise CorpusError(f"{root_path}: {problem}.")
    mode = real.stat().st_mode
    if stat.S_ISDIR(mode):
        listing = _list_files(root_path, follow_links=follow_links)
        skipped = listing.passed
        for path, reason in listing.refused:
            if on_error == "raise":
                raise printable_error(CorpusError(f"{path}: {reason}, or pass on_error='skip' to leave it out and record it."))
            skipped.append(skip_record(path, None, f"{path}: {reason}."))
        return listing.files, skipped, root_path
    if not stat.S_ISREG(mode):
        raise CorpusError(f"{root_path}: {special_file_reason(mode)}.")
    if not is_corpus_file(root_path):
        raise CorpusError(f"{root_path}: unsupported file type {root_path.suffix!r}; use one of "
                          f"{', '.join(CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES)}.")
    return [root_path], [], root_path.parent
