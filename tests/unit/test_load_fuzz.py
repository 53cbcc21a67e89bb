"""Property-based fuzzing of loading: random bytes, random text and random captures never raise anything
but the project's own error, and nothing is lost (entries and characters balance, see LoadedCorpus)."""

from __future__ import annotations

import json
import re
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import CorpusError, read_corpus
from analysis.io.decode import decode_bytes
from analysis.io.load import LoadedCorpus
from tests.conftest import assert_fragments_balance

GOOD = ("Talks in Washington went on for two days, and both sides said progress was made.\n\n"
        "A second paragraph adds that sanctions were not discussed at any length today.")
LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
FUZZ = settings(max_examples=40, deadline=None)
pytestmark = pytest.mark.heavy

# Lines that cleaning rules act on, to mix with random ones.
LINES = st.sampled_from([
    "", "Skip to main content", "Advertisement", "Home > World > Europe > Summit ends without a deal",
    "HomeWorldEuropeSummit ends without a deal", "Summit ends without a deal", "Saturday, April 5, 2025",
    "Переведено сервисом «Яндекс Переводчик»", "We use cookies. By continuing you agree to our policy.",
    "RELATED ARTICLES", "President Zelenskyâ€™s office said the talks went on for two days, and progress was made.",
    "The first paragraph of the article is long enough to count as running text, with a full stop.",
    "Следующая новость", "# A Markdown headline", "Read also:", "On", "voilÃ le travail", "\u00a0\u200b",
])
CAPTURES = st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=30).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r", "\u2028"]).map(lambda sep: sep.join(lines)))


def _load_both_ways(folder: Path) -> LoadedCorpus:
    """Raise mode raises nothing but CorpusError; skip mode then always loads (the good article is there)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            read_corpus(folder, progress=False)
        except CorpusError:
            pass
        return read_corpus(folder, on_error="skip", progress=False)


def _assert_balanced(corpus: LoadedCorpus, entries: int, texts: dict[str, str | None]) -> None:
    """``texts``: each written path (or ``file#row``) and its text as it must be decoded (None: unknown)."""
    assert len(corpus.articles) + len(corpus.skipped) == entries
    assert "sanctions were not discussed" in " ".join(corpus.articles["text"])
    loaded, skipped = set(corpus.articles["path"]), set(corpus.skipped["path"])
    lengths = corpus.cleaning["line"].str.len()
    for path, text in texts.items():
        rows = corpus.cleaning["path"] == path
        assert path in loaded | skipped or rows.any()
        if rows.any() and text is not None:
            assert lengths[rows].sum() == len(LINE_BREAKS.sub("", text))
        if path in loaded:
            assert rows.any()
    assert set(corpus.cleaning["path"]) <= loaded | skipped
    assert_fragments_balance(corpus)


def _folder_with(name: str, data: bytes) -> tuple[tempfile.TemporaryDirectory, Path]:
    holder = tempfile.TemporaryDirectory()
    folder = Path(holder.name)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / name).write_bytes(data)
    return holder, folder


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes(data):
    holder, folder = _folder_with("fuzz.txt", data)
    with holder:
        corpus = _load_both_ways(folder)
        decoded = corpus.cleaning["path"].eq(str(folder / "fuzz.txt")).any()
        text = decode_bytes(data, "fuzz.txt")[0] if decoded else None
        _assert_balanced(corpus, 2, {str(folder / "good.txt"): GOOD, str(folder / "fuzz.txt"): text})


@FUZZ
@given(text=st.text(max_size=2000))
def test_random_text(text):
    holder, folder = _folder_with("fuzz.txt", text.encode("utf-8"))
    with holder:
        corpus = _load_both_ways(folder)
        _assert_balanced(corpus, 2, {str(folder / "good.txt"): GOOD, str(folder / "fuzz.txt"): text.removeprefix("\ufeff")})


@FUZZ
@given(capture=CAPTURES)
def test_random_captures(capture):
    holder, folder = _folder_with("fuzz.txt", capture.encode("utf-8"))
    with holder:
        corpus = _load_both_ways(folder)
        _assert_balanced(corpus, 2, {str(folder / "good.txt"): GOOD, str(folder / "fuzz.txt"): capture.removeprefix("\ufeff")})


@FUZZ
@given(cells=st.lists(st.one_of(CAPTURES, st.text(max_size=200)), min_size=1, max_size=5),
       dates=st.lists(st.one_of(st.none(), st.text(max_size=12), st.integers(), st.sampled_from(["2022-03-01", "today"])),
                      min_size=5, max_size=5))
def test_random_table_rows(cells, dates):
    rows = [json.dumps({"id": f"r{i}", "text": cell, "date": date}) for i, (cell, date) in enumerate(zip(cells, dates))]
    holder, folder = _folder_with("fuzz.jsonl", "\n".join(rows).encode("utf-8"))
    with holder:
        corpus = _load_both_ways(folder)
        texts = {f"{folder / 'fuzz.jsonl'}#{i}": cell for i, cell in enumerate(cells, 1)}
        _assert_balanced(corpus, 1 + len(cells), {str(folder / "good.txt"): GOOD, **texts})
