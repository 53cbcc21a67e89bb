"""Near-duplicate articles: the same wire copy under several mastheads, updates of one story.

Two articles are near-duplicates when the Jaccard similarity of their sets of
word shingles (``shingle_words`` consecutive lower-cased words, 5 by default)
reaches ``threshold``. MinHash LSH (:mod:`datasketch`, fixed seed) only proposes
candidate pairs; every candidate is then checked on the exact shingle sets, so a
pair is never joined on an estimate. Near-duplicates form groups transitively.
Where one LSH bucket holds very many articles (template briefs), each is checked
against the bucket's earliest and its nearest earlier articles only
(:data:`BUCKET_LIMIT`), so that the work grows linearly with the corpus.

Articles are ordered by ``published`` (undated last), ties broken by ``doc_id``
in natural order (``"9" < "10"``): "first" and "earlier" follow that order, so
for dates without a time two articles of one day are ordered by their ids.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from functools import partial

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from analysis.core.errors import CorpusError
from analysis.core.parallel import parallel_map, size_chunks
from analysis.core.schema import TABLES, conform, returns

DUPLICATE_COLUMNS = list(TABLES["duplicates"].columns)
REPRINT_COLUMNS = list(TABLES["reprint_pairs"].columns)

_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"(\d+)")
# LSH proposes pairs from this far below the threshold, so that pairs just above it are rarely missed.
_LSH_MARGIN = 0.15
_SHINGLE_BASE = 1_000_003
#: Texts shorter than this in all are read in this process: starting others would cost more than it saves.
MIN_PARALLEL_CHARS = 2_000_000


class _WordIds(dict[str, int]):
    """The CRC-32 of each word, computed once: a dict is the cheapest cache to look up; emptied when it grows large."""

    limit = 1 << 18

    def __missing__(self, word: str) -> int:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = zlib.crc32(word.encode())
        return value


_WORD_IDS = _WordIds()
#: A long text is read in pieces of about this many characters, cut at spaces (no word holds one).
_PIECE = 1 << 16


def _pieces(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        cut = text.find(" ", start + _PIECE) if len(text) - start > _PIECE else -1
        end = len(text) if cut < 0 else cut
        yield text[start:end] if start or end < len(text) else text
        start = end


def _mix(ids: np.ndarray, width: int) -> np.ndarray:
    """The 32-bit hash of each run of ``width`` consecutive word ids."""
    count = len(ids) - width + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for k in range(width):
        mixed += ids[k:k + count] * np.uint64(pow(_SHINGLE_BASE, k, 1 << 64))
    return ((mixed >> np.uint64(32)) ^ (mixed & np.uint64(0xFFFFFFFF))).astype(np.uint32)


def shingle_hashes(text: str, *, words: int = 5) -> np.ndarray:
    """The sorted, distinct 32-bit hashes of the ``words``-word shingles of ``text``.

    Words are the lower-cased ``\\w+`` runs; a shingle's hash combines the CRC-32
    of its words by position (deterministic, vectorised). A text shorter than
    ``words`` words gives one shingle of all its words; one without words, none.
    A long text is read in pieces, the last words of one starting the shingles of
    the next, so that it never becomes one list of all its words.
    """
    parts: list[np.ndarray] = []
    carry = np.empty(0, dtype=np.uint64)  # the words read whose shingles are not complete yet
    for piece in _pieces(text):
        tokens = _WORD.findall(piece.casefold())
        if not tokens:
            continue
        ids = np.concatenate([carry, np.fromiter(map(_WORD_IDS.__getitem__, tokens), dtype=np.uint64, count=len(tokens))])
        if len(ids) >= words:
            parts.append(_mix(ids, words))
            ids = ids[len(ids) - words + 1:]
        carry = ids
    if not parts:
        if not len(carry):
            return np.empty(0, dtype=np.uint32)
        parts.append(_mix(carry, len(carry)))
    return np.unique(np.concatenate(parts))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of distinct hashes (0.0 when both are empty)."""
    shared = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


def _natural_key(doc_id: str) -> tuple[object, ...]:
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(doc_id))


def _chronological(articles: pd.DataFrame) -> list[int]:
    """Row positions of ``articles`` from the earliest published (undated last), ties by natural ``doc_id``."""
    published = pd.to_datetime(articles["published"], errors="coerce")
    keys = [(pd.isna(p), p if not pd.isna(p) else pd.Timestamp.min, _natural_key(str(d)))
            for p, d in zip(published, articles["doc_id"], strict=True)]
    return sorted(range(len(keys)), key=keys.__getitem__)


def _check(articles: pd.DataFrame, threshold: float, num_perm: int, shingle_words: int) -> None:
    missing = [c for c in ("doc_id", "source", "published", "text") if c not in articles.columns]
    if missing:
        raise CorpusError(f"articles lack column(s) {missing}; pass the table analysis.load_corpus returns.")
    if articles["doc_id"].duplicated().any():
        repeated = articles.loc[articles["doc_id"].duplicated(), "doc_id"].unique()[:5].tolist()
        raise CorpusError(f"doc_id values {repeated} occur more than once; each article needs its own id.")
    if not 0 < threshold <= 1 or num_perm < 16 or shingle_words < 1:
        raise CorpusError(f"threshold={threshold}, num_perm={num_perm}, shingle_words={shingle_words}: the threshold "
                          "is a Jaccard similarity in (0, 1], num_perm at least 16 and shingle_words at least 1.")


_MINHASH_BATCH = 1 << 14


def minhash_values(hashes: Sequence[np.ndarray], *, num_perm: int, seed: int) -> np.ndarray:
    """The MinHash values (datasketch, ``hashfunc=int``) of each article's shingle hashes, one row per article.

    Each article's hashes go to ``update_batch`` in batches, so that a long text
    never needs an array of all its shingles by ``num_perm``; the minimum is the same.
    """
    base = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    values = np.empty((len(hashes), num_perm), dtype=np.uint64)
    for row, article in enumerate(hashes):
        minhash = base.copy()
        for start in range(0, len(article), _MINHASH_BATCH):
            minhash.update_batch(article[start:start + _MINHASH_BATCH].tolist())
        values[row] = minhash.hashvalues
    return values


def _candidate_pairs(hashes: Sequence[np.ndarray], *, threshold: float, num_perm: int, seed: int,
                     rank: Sequence[int] | None = None) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, that MinHash LSH proposes as possibly at least ``threshold`` similar (see :func:`_lsh_pairs`)."""
    codes = _lsh_pairs(minhash_values(hashes, num_perm=num_perm, seed=seed), np.array([len(h) > 0 for h in hashes], dtype=bool),
                       threshold=threshold, num_perm=num_perm, rank=rank)
    return {(int(code // len(hashes)), int(code % len(hashes))) for code in codes}


#: A band's bucket of more than ``2 * BUCKET_LIMIT + 1`` articles pairs each one with the bucket's first ``BUCKET_LIMIT``
#: articles in time and the ``BUCKET_LIMIT`` just before it, not with every other: template briefs sharing one band
#: (100,000 of them made 12 GB of candidate pairs) cost pairs in proportion to their number, not to its square.
BUCKET_LIMIT = 8


def _band_pairs(rows: np.ndarray, buckets: np.ndarray, n: int) -> np.ndarray:
    """The candidate pairs of one band as codes ``i * n + j`` (``i < j``), from its ``rows`` sorted by bucket and, in
    each bucket, by time (see :data:`BUCKET_LIMIT`)."""
    starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
    start = np.repeat(starts, np.diff(np.r_[starts, len(rows)]))  # each row's bucket start
    place = np.arange(len(rows)) - start  # each row's place in its bucket
    codes = []
    for step in range(1, BUCKET_LIMIT + 1):  # the articles just before
        later = np.flatnonzero(place >= step)
        codes.append(_codes(rows[later], rows[later - step], n))
    for first in range(BUCKET_LIMIT):  # the bucket's first articles, for those farther from them
        later = np.flatnonzero(place > first + BUCKET_LIMIT)
        codes.append(_codes(rows[later], rows[start[later] + first], n))
    return _distinct(np.concatenate(codes))


def _distinct(codes: np.ndarray) -> np.ndarray:
    """``codes`` sorted, each once (by sorting: numpy's hashing ``unique`` is several times slower on these)."""
    codes = np.sort(codes)
    return codes[np.r_[True, codes[1:] != codes[:-1]]] if len(codes) else codes


def _codes(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    return np.minimum(a, b) * n + np.maximum(a, b)


def _buckets(band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's bucket (rows with equal values in ``band`` share one) and each bucket's size: sorted with
    ``lexsort``, as a hash table of equal keys (thousands of template briefs) would slow to a crawl."""
    order = np.lexsort(band.T[::-1])
    ordered = band[order]
    bucket = np.cumsum(np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1)]) - 1
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = bucket
    return inverse, np.bincount(bucket)


def _lsh_pairs(values: np.ndarray, nonempty: np.ndarray, *, threshold: float, num_perm: int,
               rank: Sequence[int] | None = None) -> np.ndarray:
    """The codes ``i * n + j`` (``i < j``, ``n`` articles), sorted, of the pairs of articles with shingles
    (``nonempty``) that MinHash LSH proposes, from their MinHash ``values`` (one row per article); ``rank`` gives each
    article's place in time (default: its row).

    The pairs ``MinHashLSH`` would return when queried with every article it holds,
    found without it: two articles are a candidate when their MinHash values agree
    on every row of one band (datasketch's bands for the threshold), so the
    articles are grouped by each band's values in turn with numpy. A bucket of more
    than ``2 * BUCKET_LIMIT + 1`` articles gives fewer pairs (:data:`BUCKET_LIMIT`).
    """
    lsh = MinHashLSH(threshold=max(threshold - _LSH_MARGIN, 0.05), num_perm=num_perm)
    present = np.flatnonzero(nonempty).astype(np.int64)
    if len(present) < 2:
        return np.empty(0, dtype=np.int64)
    values = values[present]
    place = np.arange(len(nonempty)) if rank is None else np.asarray(rank)
    codes = np.empty(0, dtype=np.int64)
    for start, end in lsh.hashranges:
        inverse, sizes = _buckets(values[:, start:end])
        shared = sizes[inverse] > 1
        if shared.any():
            rows, buckets = present[shared], inverse[shared]
            order = np.lexsort((place[rows], buckets))  # by bucket, each bucket in time order
            codes = _distinct(np.concatenate([codes, _band_pairs(rows[order], buckets[order], len(nonempty))]))
    return codes


def _signatures(texts: list[str], *, words: int, num_perm: int, seed: int) -> tuple[list[np.ndarray], np.ndarray]:
    """The shingle hashes of each text and their MinHash values (one row per text)."""
    hashes = [shingle_hashes(text, words=words) for text in texts]
    return hashes, minhash_values(hashes, num_perm=num_perm, seed=seed)


class _Joined:
    """Candidate pairs checked and joined one by one: the groups (union-find, each led by its earliest article) and
    each article's earliest near-duplicate from another outlet (``reprint_of``).

    A pair is checked on its exact shingle sets only when it could change either: two articles already in one group
    whose earlier one is no earlier reprint source of the later are skipped, so that a group of thousands of
    near-identical briefs is not compared pair by pair.
    """

    def __init__(self, hashes: Sequence[np.ndarray], sources: Sequence[object], rank: Sequence[int], threshold: float):
        self.hashes, self.rank, self.threshold = hashes, rank, threshold
        self.outlet = pd.factorize(pd.Series(sources, dtype=object), use_na_sentinel=True)[0].tolist()
        self.root = list(range(len(hashes)))
        self.reprint_of: list[int | None] = [None] * len(hashes)

    def find(self, i: int) -> int:
        root = self.root
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    def offer(self, i: int, j: int) -> None:
        rank = self.rank
        early, late = (i, j) if rank[i] < rank[j] else (j, i)
        before = self.reprint_of[late]
        reprint = (self.outlet[early] >= 0 and self.outlet[late] >= 0 and self.outlet[early] != self.outlet[late]
                   and (before is None or rank[early] < rank[before]))
        a, b = self.find(i), self.find(j)
        if (a == b and not reprint) or jaccard(self.hashes[i], self.hashes[j]) < self.threshold:
            return
        if a != b:
            self.root[max(a, b, key=rank.__getitem__)] = min(a, b, key=rank.__getitem__)
        if reprint:
            self.reprint_of[late] = early

    def firsts(self) -> list[int]:
        """Each article's group's earliest article."""
        return [self.find(i) for i in range(len(self.root))]


@returns("duplicates")
def near_duplicates(
    articles: pd.DataFrame,
    *,
    threshold: float = 0.3,
    num_perm: int = 128,
    shingle_words: int = 5,
    seed: int = 1,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Group near-duplicate articles and say which ones reprint an earlier article of another outlet.

    Parameters
    ----------
    articles
        The table :func:`analysis.load_corpus` returns (``doc_id``, ``source``,
        ``published``, ``text`` are used); run it on texts cleaned of furniture.
    threshold
        Jaccard similarity of the shingle sets from which two articles are near-duplicates.
    num_perm, seed
        MinHash permutations and their seed (fixed: the result is the same on every run).
    shingle_words
        Words per shingle.
    n_jobs
        Processes that compute the shingles and MinHash values of a large corpus
        (the result is the same for any number).

    ``similarity`` is exact (not MinHash's estimate) and may be below ``threshold``
    when the article joined its group through another member.
    """
    _check(articles, threshold, num_perm, shingle_words)
    order = _chronological(articles)
    rank = [0] * len(order)
    for position, row in enumerate(order):
        rank[row] = position
    hashes: list[np.ndarray] = [np.empty(0, dtype=np.uint32)] * len(articles)
    candidates = np.empty(0, dtype=np.int64)
    if len(articles) > 1:  # one article has no pair
        texts = articles["text"].fillna("").tolist()
        chunks = [texts[chunk] for chunk in size_chunks([len(t) for t in texts], n_jobs, min_size=MIN_PARALLEL_CHARS)]
        signatures = list(parallel_map(partial(_signatures, words=shingle_words, num_perm=num_perm, seed=seed), chunks,
                                       n_jobs=n_jobs))
        hashes = [h for chunk_hashes, _ in signatures for h in chunk_hashes]
        candidates = _lsh_pairs(np.concatenate([values for _, values in signatures]),
                                np.array([len(h) > 0 for h in hashes], dtype=bool), threshold=threshold, num_perm=num_perm,
                                rank=rank)
    sources = articles["source"].tolist()
    joined = _Joined(hashes, sources, rank, threshold)
    for i, j in zip(*np.divmod(candidates, len(articles)), strict=True):
        joined.offer(int(i), int(j))
    first, reprint_of = joined.firsts(), joined.reprint_of
    doc_ids = articles["doc_id"].astype(str).tolist()
    sizes = pd.Series(first).map(pd.Series(first).value_counts())
    table = pd.DataFrame({
        "doc_id": doc_ids,
        "dup_group": [doc_ids[f] for f in first],
        "group_size": sizes.to_numpy(),
        "first_doc_id": [doc_ids[f] for f in first],
        "first_source": [sources[f] for f in first],
        "similarity": [1.0 if f == i else jaccard(hashes[i], hashes[f]) for i, f in enumerate(first)],
        "is_reprint": [r is not None for r in reprint_of],
        "reprint_of": [doc_ids[r] if r is not None else None for r in reprint_of],
    })
    return conform(table, "duplicates")


@returns("reprint_pairs")
def reprint_pairs(dups: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Who reprints whom: the data of the overview's wire-copy chart.

    ``source`` is the outlet whose articles repeat earlier text, ``reprinted_source``
    the outlet of the earlier article, ``n_articles`` the articles of ``source`` that
    near-duplicate an earlier ``reprinted_source`` article; only the articles of
    ``articles`` are counted, each against the article it reprints.
    """
    meta = articles.set_index(articles["doc_id"].astype(str))[["source", "published"]]
    reprints = dups.loc[dups["is_reprint"], ["doc_id", "reprint_of"]].astype(str)
    reprints = reprints[reprints["doc_id"].isin(meta.index) & reprints["reprint_of"].isin(meta.index)]
    late = meta.loc[reprints["doc_id"]].reset_index(drop=True)
    early = meta.loc[reprints["reprint_of"]].reset_index(drop=True)
    table = pd.DataFrame({
        "source": late["source"],
        "reprinted_source": early["source"],
        "same_day": (pd.to_datetime(late["published"]).dt.normalize() == pd.to_datetime(early["published"]).dt.normalize()),
    })
    counts = (table.groupby(["source", "reprinted_source"])
              .agg(n_articles=("same_day", "size"), n_same_day=("same_day", "sum"))
              .reset_index()
              .sort_values(["n_articles", "source", "reprinted_source"], ascending=[False, True, True]))
    return conform(counts.reset_index(drop=True), "reprint_pairs")


def dedupe(articles: pd.DataFrame, dups: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with one article per near-duplicate group, so that a story counts once.

    Of each group's articles present in ``articles``, the earliest is kept (in the
    order of :func:`near_duplicates`): on the whole corpus that is the group's
    first; on a selection (some outlets, some dates) it is the first selected.
    ``attrs["deduplicated"]`` holds how many articles were left out.
    """
    group = articles["doc_id"].astype(str).map(dups.set_index(dups["doc_id"].astype(str))["dup_group"])
    group = group.fillna(articles["doc_id"].astype(str))  # an article unknown to ``dups`` is its own group
    earliest = pd.Series(0, index=articles.index)
    earliest.iloc[_chronological(articles)] = range(len(articles))
    keep = earliest.groupby(group.to_numpy()).transform("min") == earliest
    kept = articles.loc[keep].reset_index(drop=True)
    kept.attrs = {**articles.attrs, "deduplicated": int((~keep).sum())}
    return kept


def reprint_sentence(dups: pd.DataFrame) -> str:
    """The overview's line on wire copy, e.g. ``"412 articles share text with an earlier article from another outlet."``"""
    n = int(dups["is_reprint"].sum())
    groups = int((dups["group_size"] > 1).groupby(dups["dup_group"]).any().sum())
    return (f"{n} article{'s' if n != 1 else ''} share{'s' if n == 1 else ''} text with an earlier article from another "
            f"outlet; {groups} group{'s' if groups != 1 else ''} of near-duplicates (dedupe= counts each once).")
