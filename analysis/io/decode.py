"""Bytes to text: UTF-8 when it is, UTF-16 with or without a byte-order mark, else the encoding chardet finds;
compressed files decompressed."""

from __future__ import annotations

import bz2
import codecs
import gzip
import lzma
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO

import chardet

from analysis.core.errors import CorpusError
from analysis.io.files import COMPRESSION_SUFFIXES

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
    _refuse_compressed(data, path)
    has_bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM):] if has_bom else data
    if b"\x00" in body[:8192] and not body.startswith(_UTF16_BOMS):
        utf16 = _utf16_without_bom(body)
        if utf16 is not None:
            return utf16
        raise CorpusError(f"{path}: this is a binary file, not text (it holds NUL bytes and is not UTF-16). Convert it to "
                          ".txt, .html, .csv, .jsonl or .parquet, or remove it.")
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


#: The first bytes of compressed files, and the suffix a name needs for each to be read decompressed (None: not read).
_COMPRESSED_MAGIC = {b"\x1f\x8b": ("gzip", ".gz"), b"BZh": ("bzip2", ".bz2"), b"\xfd7zXZ\x00": ("xz", ".xz"),
                     b"PK\x03\x04": ("zip", None), b"\x28\xb5\x2f\xfd": ("zstd", None)}


def _refuse_compressed(data: bytes, path: str | os.PathLike[str]) -> None:
    """CorpusError when ``data`` (not decompressed: its name has no compression suffix) is a compressed file."""
    for magic, (kind, suffix) in _COMPRESSED_MAGIC.items():
        if data.startswith(magic):
            name = Path(path).name
            fix = (f"name it {name}{suffix} and it is read decompressed, or decompress it" if suffix else
                   "decompress it (gzip, bzip2 and xz files are read when their name ends in .gz, .bz2 or .xz)")
            raise CorpusError(f"{path}: this file is {kind}-compressed, but its name does not say so: {fix}.")


#: Fewer byte pairs than this are too few to tell UTF-16 from a binary file.
_UTF16_MIN_PAIRS = 16


def _utf16_without_bom(body: bytes) -> tuple[str, str] | None:
    """``body`` decoded as UTF-16 without a byte-order mark, when its NUL bytes say so: in UTF-16 text they fall
    almost all on one side of each byte pair (the high byte of ASCII), in binary files on both; a tenth of the
    pairs at least hold one (the spaces and punctuation of any script), in a file of at least 16 pairs. None otherwise."""
    sample = body[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if len(body) % 2 or pairs < _UTF16_MIN_PAIRS or max(even, odd) < 0.1 * pairs or min(even, odd) > 0.02 * max(even, odd):
        return None
    codec = "utf-16-be" if even > odd else "utf-16-le"
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return None
    return (text, codec) if "\x00" not in text else None


def read_text_file(path: Path) -> tuple[str, str]:
    """A capture or page as text (see :func:`decode_bytes`), decompressed first when gzip, bzip2 or xz."""
    compression = path.suffix.lower()
    if compression in COMPRESSION_SUFFIXES and compression not in _DECOMPRESSORS:
        raise CorpusError(f"{path}: pages and captures compressed as {compression} are not read (gzip, bzip2 and xz are). "
                          "Decompress it, or compress it with gzip.")
    return decode_bytes(table_bytes(path), path)


_DECOMPRESSORS: dict[str, Callable[..., IO[bytes]]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def table_bytes(path: Path) -> bytes:
    """The bytes of a text file (CSV, JSONL, capture, page), decompressed (gzip, bzip2, xz)."""
    compression = path.suffix.lower()
    if compression in _DECOMPRESSORS:
        with _DECOMPRESSORS[compression](path, "rb") as stream:
            return stream.read()
    if compression in COMPRESSION_SUFFIXES:
        raise CorpusError(f"{path}: the table is not UTF-8 text, and {compression} files are only read as UTF-8. "
                          "Decompress it, or re-save it as UTF-8.")
    return path.read_bytes()
