"""The Parquet caches: hits, per-article misses, partial and corrupt entries, folders that cannot be written."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.errors import CacheError
from analysis.engine.cache import ARTICLE_KEY, ArticleCache, TableCache, article_keys, fingerprint


def _rows(keys: list[str]) -> pd.DataFrame:
    return pd.DataFrame({ARTICLE_KEY: [k for k in keys for _ in range(2)], "value": range(2 * len(keys))})


def test_article_keys_change_with_text_and_id():
    articles = pd.DataFrame({"doc_id": ["a", "b", "a"], "text": ["x", "x", "y"]})
    keys = article_keys(articles)
    assert keys.nunique() == 3
    assert article_keys(articles.iloc[[0]]).iloc[0] == keys.iloc[0]


def test_fingerprint_is_stable_and_parameter_sensitive():
    assert fingerprint({"a": 1, "b": 2}, "0.1") == fingerprint({"b": 2, "a": 1}, "0.1")
    assert fingerprint({"a": 1}, "0.1") != fingerprint({"a": 2}, "0.1")


def test_article_cache_returns_hits_and_names_misses(tmp_path):
    cache = ArticleCache(tmp_path, "stage", "f")
    cache.write(_rows(["k1", "k2"]), ["k1", "k2", "empty"])
    rows, missing = cache.read(["k1", "empty", "k3"])
    assert missing == {"k3"}
    assert rows[ARTICLE_KEY].tolist() == ["k1", "k1"]
    assert rows["value"].tolist() == [0, 1]


def test_partial_entry_without_marker_is_ignored(tmp_path):
    cache = ArticleCache(tmp_path, "stage", "f")
    cache.write(_rows(["k1"]), ["k1"])
    [marker] = cache.folder.glob("*.json")
    marker.unlink()
    _, missing = cache.read(["k1"])
    assert missing == {"k1"}


def test_corrupt_entry_is_deleted_and_reported(tmp_path):
    cache = ArticleCache(tmp_path, "stage", "f")
    cache.write(_rows(["k1"]), ["k1"])
    [parquet] = cache.folder.glob("*.parquet")
    parquet.write_bytes(parquet.read_bytes()[:-10] + b"0123456789")
    with pytest.warns(UserWarning, match="corrupt or incomplete"):
        rows, missing = cache.read(["k1"])
    assert rows is None and missing == {"k1"}
    assert not list(cache.folder.iterdir())


def test_many_entries_are_compacted_without_losing_keys(tmp_path, monkeypatch):
    monkeypatch.setattr("analysis.engine.cache._MAX_SHARDS", 3)
    cache = ArticleCache(tmp_path, "stage", "f")
    for i in range(5):
        cache.write(_rows([f"k{i}"]), [f"k{i}"])
    assert len(list(cache.folder.glob("*.parquet"))) <= 3
    rows, missing = cache.read([f"k{i}" for i in range(5)])
    assert missing == set() and sorted(rows[ARTICLE_KEY].unique()) == [f"k{i}" for i in range(5)]


def test_table_cache_round_trip_and_incomplete_set(tmp_path):
    cache = TableCache(tmp_path, "load", "key")
    assert cache.read(["articles"]) is None
    cache.write({"articles": pd.DataFrame({"a": [1, 2]})})
    assert cache.read(["articles", "cleaning"]) is None
    assert cache.read(["articles"])["articles"]["a"].tolist() == [1, 2]


@pytest.mark.parametrize("marker", ["null", "[]", '"text"', "{}", '{"keys": ["k1"]}', '{"keys": ["k1"], "sha256": null}',
                                    '{"keys": "k1", "sha256": "SHA"}', '{"sha256": "SHA"}'])
def test_a_marker_that_is_not_an_entry_object_counts_as_corrupt(tmp_path, marker):
    cache = ArticleCache(tmp_path, "stage", "f")
    cache.write(_rows(["k1"]), ["k1"])
    [marker_path] = cache.folder.glob("*.json")
    sha = json.loads(marker_path.read_text())["sha256"]
    marker_path.write_text(marker.replace("SHA", sha))
    with pytest.warns(UserWarning, match="corrupt or incomplete"):
        rows, missing = cache.read(["k1"])
    assert rows is None and missing == {"k1"}
    assert not list(cache.folder.iterdir())


def test_a_table_marker_without_a_name_counts_as_corrupt(tmp_path):
    cache = TableCache(tmp_path, "load", "key")
    cache.write({"articles": pd.DataFrame({"a": [1]})})
    [marker_path] = cache.folder.glob("*.json")
    marker_path.write_text(json.dumps({"sha256": json.loads(marker_path.read_text())["sha256"], "name": None}))
    with pytest.warns(UserWarning, match="corrupt or incomplete"):
        assert cache.read(["articles"]) is None


@pytest.mark.parametrize("blocked", ["root", "stage"])
def test_a_cache_path_that_is_a_file_is_named(tmp_path, blocked):
    root = tmp_path / "cache"
    if blocked == "root":
        root.write_text("not a folder")
        file = root
    else:
        root.mkdir()
        file = root / "stage"
        file.write_text("not a folder")
    cache = ArticleCache(root, "stage", "f")
    assert cache.read(["k1"]) == (None, {"k1"})  # nothing to read is not an error
    with pytest.raises(CacheError, match=f"{re.escape(str(file))} is a file, not a folder"):
        cache.write(_rows(["k1"]), ["k1"])
    assert file.read_text() == "not a folder"


@pytest.mark.parametrize("code, message", [
    (errno.ENOSPC, "no space left on its disk; free some space"),
    (errno.EROFS, "not writable"),
    (errno.EACCES, "not writable"),
    (errno.EIO, "cannot write an entry"),
])
def test_a_failed_write_names_the_folder_and_the_fix_and_leaves_nothing(tmp_path, monkeypatch, code, message):
    def fails_part_way(table, path, **kwargs):
        Path(path).write_bytes(b"PAR1 half a file")  # what a filling disk leaves
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", fails_part_way)
    cache = ArticleCache(tmp_path, "stage", "f")
    with pytest.raises(CacheError) as error:
        cache.write(_rows(["k1"]), ["k1"])
    assert str(cache.folder) in str(error.value) and message in str(error.value)
    assert "--cache DIR" in str(error.value)
    assert list(cache.folder.iterdir()) == []  # no partial file left to fill the disk further


def test_entries_compacted_away_by_another_process_during_a_read_are_found_again(tmp_path, monkeypatch):
    monkeypatch.setattr("analysis.engine.cache._MAX_SHARDS", 3)
    reader, other = ArticleCache(tmp_path, "stage", "f"), ArticleCache(tmp_path, "stage", "f")
    for i in range(3):
        reader.write(_rows([f"k{i}"]), [f"k{i}"])
    read_parquet = pd.read_parquet
    compactions = []

    def compacted_first(path, *args, **kwargs):  # the other process compacts between the listing and the read
        if not compactions:
            compactions.append(path)
            other.write(_rows(["k3"]), ["k3"])  # its fourth entry: it merges all four and deletes the shards
        return read_parquet(path, *args, **kwargs)

    monkeypatch.setattr(pd, "read_parquet", compacted_first)
    rows, missing = reader.read(["k0", "k1", "k2", "k3"])
    assert compactions and not Path(compactions[0]).exists()  # the file listed first was gone when read
    assert missing == set() and sorted(rows[ARTICLE_KEY].unique()) == ["k0", "k1", "k2", "k3"]


def test_compaction_merges_neighbouring_entries_up_to_a_bounded_size(tmp_path, monkeypatch):
    monkeypatch.setattr("analysis.engine.cache._MAX_SHARDS", 4)
    monkeypatch.setattr("analysis.engine.cache._COMPACT_KEYS", 6)
    cache = ArticleCache(tmp_path, "stage", "f")
    for i in range(0, 10, 2):  # five entries of two articles each, written in the articles' order
        cache.write(_rows([f"k{i}", f"k{i + 1}"]), [f"k{i}", f"k{i + 1}"])
    markers = [json.loads(p.read_text()) for p in cache.folder.glob("*.json")]
    assert sorted(len(m["keys"]) for m in markers) == [4, 6]  # k0..k5 and k6..k9: bounded, and neighbours together
    rows, missing = cache.read([f"k{i}" for i in range(10)])
    assert missing == set() and sorted(rows[ARTICLE_KEY]) == sorted(f"k{i}" for i in range(10) for _ in range(2))


def test_reader_reads_chunks_in_order_opening_each_entry_once(tmp_path, monkeypatch):
    cache = ArticleCache(tmp_path, "stage", "f")
    for i in range(0, 6, 3):
        cache.write(_rows([f"k{i}", f"k{i + 1}", f"k{i + 2}"]), [f"k{i}", f"k{i + 1}", f"k{i + 2}"])
    opened: list[str] = []
    read_parquet = pd.read_parquet
    monkeypatch.setattr(pd, "read_parquet", lambda path, *a, **k: opened.append(str(path)) or read_parquet(path, *a, **k))
    reader = cache.reader()
    assert reader.missing(["k0", "k9"]) == {"k9"}
    chunks = [reader.read(keys) for keys in (["k0", "k1"], ["k2", "k3"], ["k4", "k5"], ["k9"])]
    assert [sorted(set(c[ARTICLE_KEY])) for c in chunks] == [["k0", "k1"], ["k2", "k3"], ["k4", "k5"], []]
    assert len(opened) == len(set(opened)) == 2
