"""Shared fixtures: the project's seed corpus, and the shared corpora when present."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.config import RAW_DATA_DIR, SHARED_DIR
from analysis.io.clean import line_text
from analysis.io.furniture import restore_text
from analysis.text.splitter import PARAGRAPH_SEPARATOR

WAR_NEWS_CSV = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
VADER_NYT = SHARED_DIR / "validation" / "vader_nyt" / "nytEditorialSnippets_GroundTruth.txt"
SAMPLE_SIZE = 2000


def shared_file(path: Path) -> Path:
    """``path`` inside ../shared, or skip the test when the shared folder is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only beside a developer's or CI's checkout)")
    return path


def assert_fragments_balance(corpus) -> None:
    """Every loaded article's text after line cleaning (its kept lines, as the text holds them, joined by blank
    lines) is its ``text`` with its ``fragments`` put back: kept + removed characters = characters read."""
    kept_lines = corpus.cleaning[corpus.cleaning["kept"]].groupby("path", sort=False)["line"].agg(list)
    fragments = {doc_id: list(zip(rows["start"], rows["end"], rows["fragment"], strict=True))
                 for doc_id, rows in corpus.fragments.groupby("doc_id", sort=False)}
    assert set(fragments) <= set(corpus.articles["doc_id"])
    for doc_id, path, text in zip(corpus.articles["doc_id"], corpus.articles["path"], corpus.articles["text"], strict=True):
        read = PARAGRAPH_SEPARATOR.join(line_text(line)[0] for line in kept_lines.get(path, []))
        removed = fragments.get(doc_id, [])
        assert restore_text(text, removed) == read, doc_id
        assert len(text) + sum(end - start for start, end, _ in removed) == len(read), doc_id


@pytest.fixture(scope="session")
def seed_articles():
    from analysis import load_corpus

    return load_corpus(RAW_DATA_DIR, progress=False)


@pytest.fixture(scope="session")
def seed_corpus():
    from analysis import read_corpus

    return read_corpus(RAW_DATA_DIR, progress=False)


def fixed_sample(table: pd.DataFrame, n: int = SAMPLE_SIZE) -> pd.DataFrame:
    """The ``n`` rows of ``table`` whose ``id`` has the smallest SHA-256 digest, in id order: the same sample on
    every machine and pandas version (as ``scripts/sample_corpus.py`` draws it for rendering)."""
    digest = table["id"].astype(str).map(lambda i: hashlib.sha256(i.encode()).hexdigest())
    chosen = table.loc[digest.sort_values(kind="stable").index[:n]]
    return chosen.sort_values("id", key=lambda ids: ids.astype(int), ignore_index=True)


@pytest.fixture(scope="session")
def war_news_sample_csv(tmp_path_factory) -> Path:
    """A fixed 2,000-article sample of the shared corpus as a CSV of its raw rows, written once per session."""
    raw = pd.read_csv(shared_file(WAR_NEWS_CSV), dtype=str, keep_default_na=False)
    path = tmp_path_factory.mktemp("war_news") / "war_news_sample.csv"
    fixed_sample(raw).to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def war_news_sample(war_news_sample_csv):
    """The sample loaded as a researcher would (every default: furniture and repetition rules, near-duplicates)."""
    from analysis import read_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the sample holds a few rows without text: recorded in skipped
        return read_corpus(war_news_sample_csv, on_error="skip", progress=False)
