"""Shared fixtures: the project's seed corpus, and the shared corpora when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import RAW_DATA_DIR, SHARED_DIR

WAR_NEWS_CSV = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
VADER_NYT = SHARED_DIR / "validation" / "vader_nyt" / "nytEditorialSnippets_GroundTruth.txt"


def shared_file(path: Path) -> Path:
    """``path`` inside ../shared, or skip the test when the shared folder is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only beside a developer's or CI's checkout)")
    return path


@pytest.fixture(scope="session")
def seed_articles():
    from analysis import load_corpus

    return load_corpus(RAW_DATA_DIR, progress=False)


@pytest.fixture(scope="session")
def seed_corpus():
    from analysis import read_corpus

    return read_corpus(RAW_DATA_DIR, progress=False)
