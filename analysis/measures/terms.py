"""What each outlet talks about: term frequencies, distinctive terms, collocations,
keywords in context and framing markers.

Words come from :mod:`analysis.text`: every article is split into sentences with
its sentence splitter and each sentence into words with
:func:`analysis.text.tokens.tokenize`, once, and all n-gram orders are built from those
words. An n-gram never crosses a sentence boundary, nor a number (numbers are not
terms). Terms are lower-cased words joined by one space (``special military
operation``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as re_constants
from re import _parser as re_parser
from typing import Literal
from urllib.parse import urlparse

import ahocorasick
import numpy as np
import pandas as pd
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures
from nltk.probability import FreqDist

from analysis.core.checks import one_of, positive_int, require_columns, require_texts
from analysis.core.config import read_resource_lines, resource_path
from analysis.core.errors import TermsError
from analysis.core.progress import progress_bar
from analysis.core.schema import MISSING_SOURCE, WHY_EMPTY, conform, empty, returns
from analysis.io.furniture import restore_text
from analysis.text.normalize import normalize_text
from analysis.text.splitter import sentence_spans
from analysis.text.tokens import load_stopwords, stem_word, tokenize

FRAMING_MARKERS_FILE = "framing_markers.csv"
FRAMING_COLUMNS = ["concept", "variant", "frame", "pattern"]
REPORTING_WORDS_FILE = "reporting_words_en.txt"
ACRONYMS_FILE = "acronyms_en.txt"
#: Added to each count of the ``log_ratio`` effect size of :func:`weighted_log_odds` (the Jeffreys prior).
LOG_RATIO_PSEUDO_COUNT = 0.5

NgramStopwords = Literal["edges", "all"]
CollocationMeasure = Literal["pmi", "likelihood_ratio", "t_score"]
_MEASURES = {"pmi": BigramAssocMeasures.pmi, "likelihood_ratio": BigramAssocMeasures.likelihood_ratio,
             "t_score": BigramAssocMeasures.student_t}
#: Words per step of the collocations' minimum count: a group of up to 50,000 words needs 3 occurrences,
#: of 1,000,000 words 20 (see :func:`scaled_min_count`).
WORDS_PER_MIN_COUNT = 50_000
_CAPITALS = re.compile(r"[A-Z][A-Z.]")

# --------------------------------------------------------------------------- input


def _check_articles(articles: pd.DataFrame, by: str | None, what: str) -> None:
    """Raise :class:`TermsError` when ``articles`` lacks a column ``what`` needs or has texts missing."""
    require_columns(articles, ["doc_id", "text"] + ([by] if by is not None else []), what="articles",
                    fix=f"{what} needs the table analysis.load_corpus returns, or name the grouping column with "
                        "by=... (None for no groups)", error=TermsError)
    require_texts(articles, what=what, error=TermsError)


def _group_labels(articles: pd.DataFrame, by: str | None) -> list[str]:
    """The group of every article: the ``by`` column as text, missing values shown as ``(unknown source)``."""
    if by is None:
        return [""] * len(articles)
    return [MISSING_SOURCE if pd.isna(value) else str(value) for value in articles[by]]


def _conform_grouped(table: pd.DataFrame, name: str, by: str | None) -> pd.DataFrame:
    """``table`` (grouped in a column named ``group``) as table ``name``, the group column named ``by`` or dropped."""
    table = table.drop(columns="group") if by is None else table.rename(columns={"group": by})
    return conform(table, name, group=by)


def _stopword_set(stopwords: Iterable[str] | None, stem: bool) -> frozenset[str]:
    """``stopwords`` (``None``: the shipped list) in the form tokens take, stemmed when ``stem``."""
    words = load_stopwords() if stopwords is None else frozenset(w.lower() for w in stopwords)
    return frozenset(tokenize(" ".join(words), stem=True)) if stem else words


def _check_ngram(ngram: tuple[int, int]) -> range:
    try:
        low, high = (int(v) for v in ngram)
    except (TypeError, ValueError):
        raise TermsError(f"ngram={ngram!r}: give the smallest and largest n-gram order, e.g. (1, 2).") from None
    if not 1 <= low <= high:
        raise TermsError(f"ngram={ngram!r}: orders must satisfy 1 <= smallest <= largest, e.g. (1, 1) or (1, 3).")
    return range(low, high + 1)


# ----------------------------------------------------------------------- n-grams


def runs_from_tokens(tokens: Iterable[str], *, stem: bool = False) -> list[list[str]]:
    """Cut one sentence's tokens (numbers kept) into word runs where a number stood, dropping the numbers."""
    runs: list[list[str]] = []
    run: list[str] = []
    for token in tokens:
        if token[0].isdigit():
            if run:
                runs.append(run)
                run = []
        else:
            run.append(stem_word(token) if stem else token)
    if run:
        runs.append(run)
    return runs


def sentence_runs(text: str, *, stem: bool = False) -> list[list[str]]:
    """The word runs of ``text``: the tokens of each sentence, also cut where a number stood.

    Tokens are those of :func:`analysis.text.tokens.tokenize` with no stopword removed
    (lower-cased, possessives dropped, hyphenated words and initialisms kept
    whole); numbers end a run and are not kept, so ``on 5 May`` gives
    ``[["on"], ["may"]]``.
    """
    return [run for start, end in sentence_spans(text)
            for run in runs_from_tokens(tokenize(text[start:end], keep_numbers=True), stem=stem)]


def _ngram_terms(run: Sequence[str], n: int, stop: frozenset[str], policy: NgramStopwords) -> list[str]:
    """The n-grams of one word run kept under the stopword ``policy``, as space-joined strings."""
    if n == 1:
        return [token for token in run if token not in stop]
    grams = zip(*(run[i:] for i in range(n)))
    if policy == "edges":
        return [" ".join(g) for g in grams if g[0] not in stop and g[-1] not in stop]
    return [" ".join(g) for g in grams if not all(token in stop for token in g)]


def _require_sentence_tokens(sentence_tokens: pd.DataFrame) -> None:
    require_columns(sentence_tokens, ["doc_id", "tokens"], what="sentence tokens",
                    fix="pass analysis.analyze(...).sentence_tokens (one row per sentence; the one-row-per-token "
                        "table of analysis.tokens_table cannot be used: its tokens were filtered)", error=TermsError)


def _documents(articles: pd.DataFrame, by: str | None, what: str, progress: bool, *, stem: bool,
               sentence_tokens: pd.DataFrame | None) -> Iterator[tuple[str, list[list[str]]]]:
    """``(group, word runs)`` of every article, with a progress bar; runs from ``sentence_tokens`` when given."""
    _check_articles(articles, by, what)
    labels = _group_labels(articles, by)
    if sentence_tokens is None:
        documents: Iterable[list[list[str]]] = (sentence_runs(text, stem=stem) for text in articles["text"])
    else:
        _require_sentence_tokens(sentence_tokens)
        by_doc = sentence_tokens.groupby(sentence_tokens["doc_id"].astype(str), sort=False)["tokens"].agg(list)
        documents = ([run for sentence in by_doc.get(str(doc_id), []) for run in runs_from_tokens(sentence.split(), stem=stem)]
                     for doc_id in articles["doc_id"])
    yield from progress_bar(zip(labels, documents), total=len(labels), desc=what, unit="article", disable=not progress)


# ------------------------------------------------------ acronyms and reporting words


def load_reporting_words(path: str | Path | None = None) -> frozenset[str]:
    """The news reporting words top-term charts leave out ("said", "would", "also", "told"…), lower-cased.

    ``None`` reads the shipped ``reporting_words_en.txt`` (a project's
    ``data/reporting_words_en.txt`` overrides it); a path reads that file (one word a line, ``#`` comments).
    """
    if path is None:
        return frozenset(word.lower() for word in read_resource_lines(REPORTING_WORDS_FILE))
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TermsError(f"{path}: cannot read the reporting-word list ({exc}); give a text file, one word a line.") from exc
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def load_acronyms(path: str | Path | None = None) -> dict[str, str]:
    """Every spelling of the listed acronyms → the form terms show it in (``U.S.`` → ``US``, ``nato`` → ``NATO``).

    ``None`` reads the shipped ``acronyms_en.txt`` (a project's ``data/`` copy
    overrides it). Each line is ``FORM: spelling, spelling``; spellings count
    only as written, so a lower-case one (``nato``) is needed to match any case.
    """
    source = resource_path(ACRONYMS_FILE) if path is None else Path(path)
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TermsError(f"{source}: cannot read the acronym list ({exc}).") from exc
    forms: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        form, _, rest = line.partition(":")
        spellings = [form.strip(), *(s.strip() for s in rest.split(",") if s.strip())]
        if not form.strip() or any(" " in spelling for spelling in spellings):
            raise TermsError(f"{source}, line {number}: {line!r}: write one acronym, a colon, then its other spellings "
                             "separated by commas (e.g. 'US: U.S.'), each a single word.")
        forms.update({spelling: form.strip() for spelling in spellings})
    return forms


@returns("sentence_tokens")
def keep_acronyms(
    sentence_tokens: pd.DataFrame, sentences: pd.DataFrame, *, acronyms: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """``sentence_tokens`` with listed acronyms as written instead of lower-cased (``US`` for ``US`` and ``U.S.``).

    The cached tokens are lower-cased, which merges "US" with the pronoun "us":
    sentences whose text holds a spelling with capitals (``sentences``: the
    ``text`` of each ``doc_id``, ``sentence_id``) are tokenised again from their
    text, keeping the case of listed spellings only; lower-case spellings
    (``nato``) are mapped in every sentence. ``acronyms`` maps spelling → form
    (:func:`load_acronyms`; ``None`` for the shipped list). Pass the result to
    :func:`term_frequencies` or :func:`collocations` as ``sentence_tokens=``.
    """
    forms = load_acronyms() if acronyms is None else dict(acronyms)
    require_columns(sentences, ["doc_id", "sentence_id", "text"], what="sentences",
                    fix="pass analysis.analyze(...).sentences", error=TermsError)
    lower = {spelling: form for spelling, form in forms.items() if spelling == spelling.lower()}
    cased = sorted((s for s in forms if s != s.lower()), key=len, reverse=True)
    table = sentence_tokens[["doc_id", "sentence_id", "tokens"]].reset_index(drop=True)
    tokens = table["tokens"].to_numpy(dtype=object).copy()
    if lower:
        for i, split in enumerate(t.split() for t in tokens):
            if not lower.keys().isdisjoint(split):
                tokens[i] = " ".join(lower.get(t, t) for t in split)
    if cased:
        pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, cased)) + r")(?!\w)")
        # a cheap first look: two capitals (or a capital and a dot) in a row, or a listed mixed-case spelling
        mixed = [re.escape(s) for s in cased if not _CAPITALS.match(s)]
        quick = re.compile("|".join([_CAPITALS.pattern, *mixed]))
        texts = table[["doc_id", "sentence_id"]].merge(sentences[["doc_id", "sentence_id", "text"]], how="left",
                                                        on=["doc_id", "sentence_id"], validate="one_to_one")["text"]
        for i, text in enumerate(texts.fillna("").tolist()):
            if quick.search(text) and pattern.search(text):
                tokens[i] = " ".join(forms.get(t) or lower.get(t.lower(), t.lower())
                                     for t in tokenize(text, keep_numbers=True, lowercase=False))
    table = table.assign(tokens=tokens)
    return conform(table, "sentence_tokens")


# ---------------------------------------------------------------- term frequencies


@dataclass
class _FlatTokens:
    """Every article's word runs end to end: ``codes`` index ``vocabulary`` (-1 ends a run), ``article`` says whose
    each token is; article ``a`` is in group ``group_of[a]`` of ``groups``; ``labels`` are all articles' groups."""

    codes: np.ndarray
    article: np.ndarray
    vocabulary: np.ndarray
    group_of: np.ndarray
    groups: list[str]
    labels: list[str]


def _flat_tokens(articles: pd.DataFrame, by: str | None, what: str, progress: bool, *, stem: bool,
                 sentence_tokens: pd.DataFrame | None) -> _FlatTokens:
    """The word runs of every article as :class:`_FlatTokens`; from ``sentence_tokens`` without tokenising when given."""
    _check_articles(articles, by, what)
    labels = _group_labels(articles, by)
    groups = list(dict.fromkeys(labels))
    group_of = pd.Index(groups).get_indexer(labels).astype(np.int64)
    words: list[str] = []
    owners: list[int] = []
    if sentence_tokens is None:
        for index, (_, runs) in enumerate(_documents(articles, by, what, progress, stem=stem, sentence_tokens=None)):
            for run in runs:
                words += [*run, _RUN_BREAK]
                owners += [index] * (len(run) + 1)
        numbers, stem = False, False  # runs hold no numbers and are stemmed already
    else:
        _require_sentence_tokens(sentence_tokens)
        docs = pd.DataFrame({"doc_id": articles["doc_id"].astype(str).to_numpy(), "article": np.arange(len(articles))})
        rows = docs.merge(pd.DataFrame({"doc_id": sentence_tokens["doc_id"].astype(str).to_numpy(),
                                        "tokens": sentence_tokens["tokens"].to_numpy()}), on="doc_id")
        for index, sentence in zip(rows["article"].tolist(), rows["tokens"].tolist()):
            split = sentence.split()
            words += [*split, _RUN_BREAK]
            owners += [index] * (len(split) + 1)
        numbers = True
    codes, vocabulary = pd.factorize(np.array(words, dtype=object))
    forms = [_RUN_BREAK if word == _RUN_BREAK or (numbers and word[0].isdigit()) else stem_word(word) if stem else word
             for word in vocabulary]
    merged, vocabulary = pd.factorize(np.array(forms, dtype=object))
    breaks = np.array([form == _RUN_BREAK for form in vocabulary] + [True], dtype=bool)  # (numpy drops a trailing NUL)
    codes = merged[codes] if len(codes) else codes.astype(np.int64)
    codes = np.where(breaks[codes], -1, codes).astype(np.int64)
    return _FlatTokens(codes, np.array(owners, dtype=np.int64), vocabulary, group_of, groups, labels)


@dataclass
class _Counts:
    """Occurrences of each (n-gram, group) row: in its group, and of its n-gram in the whole corpus."""

    group: np.ndarray
    corpus: np.ndarray


_NgramCounts = tuple[np.ndarray, np.ndarray, _Counts, np.ndarray, Callable[[np.ndarray], list[str]]]


def _ngram_counts(flat: _FlatTokens, n: int, is_stop: np.ndarray, policy: NgramStopwords) -> _NgramCounts:
    """The ``n``-grams kept under ``policy``: distinct (n-gram, group) rows with their code, group, counts (in the
    group and the corpus) and articles, and a function giving an n-gram's text from its code."""
    size = len(flat.codes) - n + 1
    if size <= 0:
        nothing = np.empty(0, dtype=np.int64)
        return nothing, nothing, _Counts(nothing, nothing), nothing, lambda codes: []
    window = [flat.codes[k:k + size] for k in range(n)]
    valid = np.logical_and.reduce([w >= 0 for w in window])
    stops = [is_stop[np.maximum(w, 0)] for w in window]
    keep = valid & (~stops[0] & ~stops[-1] if n == 1 or policy == "edges" else ~np.logical_and.reduce(stops))
    ids, _ = pd.factorize(window[0][keep])  # n-gram codes 0, 1, 2… in order of first occurrence
    parts = [window[0][keep]]
    for w in window[1:]:
        ids, _ = pd.factorize(ids * len(flat.vocabulary) + w[keep])
        parts.append(w[keep])
    # codes are numbered in order of first occurrence, so a first occurrence is where the running maximum grows
    firsts = np.flatnonzero(ids > np.concatenate(([-1], np.maximum.accumulate(ids)[:-1])))
    tokens = [part[firsts] for part in parts]
    article = flat.article[:size][keep]
    n_groups, n_articles = len(flat.groups), len(flat.group_of)
    pair_codes, pairs = pd.factorize(ids * n_groups + flat.group_of[article])
    pair_count = np.bincount(pair_codes, minlength=len(pairs))
    doc_pairs = pd.unique(ids * n_articles + article)
    doc_codes, doc_keys = pd.factorize((doc_pairs // n_articles) * n_groups + flat.group_of[doc_pairs % n_articles])
    docs = np.bincount(doc_codes, minlength=len(doc_keys))[pd.Index(doc_keys).get_indexer(pairs)]
    ngram = pairs // n_groups
    corpus = np.bincount(ngram, weights=pair_count, minlength=len(firsts)).astype(np.int64)
    vocabulary = flat.vocabulary

    def texts(codes: np.ndarray) -> list[str]:
        joined = vocabulary[tokens[0][codes]]
        for part in tokens[1:]:
            joined = joined + " " + vocabulary[part[codes]]
        return joined.tolist()

    return ngram, pairs % n_groups, _Counts(pair_count, corpus[ngram]), docs, texts


@returns("term_frequencies")
def term_frequencies(
    articles: pd.DataFrame,
    *,
    by: str | None = "source",
    ngram: tuple[int, int] = (1, 1),
    min_count: int = 1,
    stopwords: Iterable[str] | None = None,
    ngram_stopwords: NgramStopwords = "edges",
    stem: bool = False,
    sentence_tokens: pd.DataFrame | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """How often each term occurs in each group of articles.

    Parameters
    ----------
    articles
        A table with ``doc_id``, ``text`` and the ``by`` column, as
        :func:`analysis.load_corpus` returns.
    by
        The column whose values form the groups (``None``: the whole corpus as one).
        Missing values form the group ``(unknown source)``.
    ngram
        Smallest and largest n-gram order: ``(1, 1)`` words, ``(1, 2)`` words and
        bigrams, ``(2, 3)`` bigrams and trigrams. N-grams never cross a sentence.
    min_count
        Terms seen fewer times than this in the whole corpus are left out (of
        every group, so a term is either in the table for all groups or for none).
    stopwords
        Words that are not terms: ``None`` is the shipped English list; add your
        own with ``analysis.load_stopwords(["said", "told"])``; ``()`` keeps all.
    ngram_stopwords
        Which n-grams of two words or more are dropped: ``"edges"`` (default) those
        that begin or end with a stopword, so ``secretary of state`` stays and
        ``of the`` and ``the war`` go; ``"all"`` only those made of stopwords alone.
    stem
        Reduce words with the Snowball stemmer (passed to :func:`analysis.text.tokens.tokenize`);
        the stopwords are stemmed too, so they are still recognised.
    progress
        Show a progress bar over the articles.

    The group column is absent when ``by`` is None. Sorted by group, ``n`` and descending ``count``.
    """
    orders = _check_ngram(ngram)
    positive_int("min_count", min_count, error=TermsError)
    one_of("ngram_stopwords", ngram_stopwords, ("edges", "all"), error=TermsError)
    stop = _stopword_set(stopwords, stem)
    flat = _flat_tokens(articles, by, "Counting terms", progress, stem=stem, sentence_tokens=sentence_tokens)
    is_stop = np.array([form in stop for form in flat.vocabulary], dtype=bool)
    group_docs = Counter(flat.labels)
    word = flat.codes >= 0
    group_tokens = Counter(dict(zip(flat.groups, np.bincount(flat.group_of[flat.article[word & ~is_stop[np.maximum(flat.codes, 0)]]],
                                                                  minlength=len(flat.groups)).tolist())))
    counted = {n: _ngram_counts(flat, n, is_stop, ngram_stopwords) for n in orders}
    frames = []
    for g, group in enumerate(flat.groups):
        for n in orders:
            ngrams, group_codes, count, docs, text_of = counted[n]
            mine = group_codes == g
            kept = mine & (count.corpus >= min_count) if min_count > 1 else mine
            frames.append(pd.DataFrame({"term": text_of(ngrams[kept]), "count": count.group[kept].tolist(),
                                        "doc_freq": docs[kept].tolist(), "group": group, "n": n,
                                        "group_ngrams": int(count.group[mine].sum())}))
    empty = pd.DataFrame({"term": [], "count": [], "doc_freq": [], "group": [], "n": [], "group_ngrams": []})
    table = pd.concat([empty, *frames], ignore_index=True)
    tokens = table["group"].map(group_tokens).astype("int64")
    table = table.assign(per_10k=table["count"].astype("int64") * 10_000 / tokens.where(tokens > 0),
                         group_tokens=tokens, group_docs=table["group"].map(group_docs).astype("int64"))
    table = table.sort_values(["group", "n", "count", "term"], ascending=[True, True, False, True], ignore_index=True)
    return _conform_grouped(table, "term_frequencies", by)


def _edge_words(term: str) -> tuple[str, str]:
    words = term.split()
    return words[0].lower(), words[-1].lower()


def _contains(phrase: str, part: str) -> bool:
    """Whether ``part`` is a run of whole words inside the longer ``phrase``."""
    return phrase != part and f" {part} " in f" {phrase} "


def _pick_terms(rows: pd.DataFrame, top: int, share: float) -> list[int]:
    """The index labels of the ``top`` rows to show, a phrase shown once rather than with its parts.

    ``rows`` is one group's table, most frequent first. A shorter term is left out
    when a shown phrase containing it accounts for at least ``share`` of its count.
    """
    shown: list[tuple[int, str, int]] = []
    for label, term, count in zip(rows.index, rows["term"], rows["count"]):
        if any(_contains(phrase, term) and n >= share * count for _, phrase, n in shown):
            continue
        shown = [(i, t, n) for i, t, n in shown if not (_contains(term, t) and count >= share * n)]
        shown.append((label, term, count))
        if len(shown) >= top:
            break
    return [label for label, _, _ in shown]


@returns("top_terms")
def top_terms(
    frequencies: pd.DataFrame,
    *,
    by: str | None = "source",
    top: int = 15,
    exclude: Iterable[str] | None = None,
    phrase_share: float = 0.5,
) -> pd.DataFrame:
    """Each group's ``top`` most frequent terms as a reader should see them.

    ``frequencies`` is :func:`term_frequencies`'s table. Terms that begin or end
    with a word of ``exclude`` are left out (``None``: the shipped news reporting
    words, :func:`load_reporting_words`; ``()`` keeps all). A phrase is shown once
    rather than with its parts: ``united`` and ``states`` are left out beside
    ``united states`` when the phrase accounts for at least ``phrase_share`` of
    their count. Sorted by group and rank (most frequent first, ties by term).
    """
    positive_int("top", top, error=TermsError)
    if not 0 < phrase_share <= 1:
        raise TermsError(f"phrase_share={phrase_share!r}: give the share of a word's count its phrase must hold, in (0, 1].")
    words = load_reporting_words() if exclude is None else frozenset(w.lower() for w in exclude)
    group = by if by is not None else "_group"
    table = frequencies if by is not None else frequencies.assign(_group="")
    distinct = pd.Series(table["term"].unique())
    allowed = dict(zip(distinct, [first not in words and last not in words for first, last in distinct.map(_edge_words)]))
    kept = table.loc[table["term"].map(allowed).to_numpy(dtype=bool)]
    # a phrase can push out at most two of its parts, so a few times ``top`` candidates per group are enough
    kept = kept.sort_values([group, "count", "term"], ascending=[True, False, True], kind="stable")
    kept = kept.groupby(group, sort=False).head(4 * top + 20)
    picked = [label for _, rows in kept.groupby(group, sort=True) for label in _pick_terms(rows, top, phrase_share)]
    chosen = kept.loc[picked]
    chosen = chosen.assign(rank=chosen.groupby(group).cumcount() + 1)
    if by is None:
        chosen = chosen.drop(columns="_group")
    return conform(chosen.reset_index(drop=True), "top_terms", group=by)


# --------------------------------------------------------------- distinctive terms


@returns("distinctive_terms")
def top_distinctive_terms(
    distinctive: pd.DataFrame, *, by: str = "source", top: int = 15, phrase_share: float = 0.5
) -> pd.DataFrame:
    """Each group's ``top`` distinctive terms (highest ``z``, used in the group), a phrase shown once rather than with its parts.

    ``distinctive`` is :func:`weighted_log_odds`'s table; as in :func:`top_terms`,
    a shorter term is left out when a shown phrase containing it accounts for at
    least ``phrase_share`` of its count in the group. Reporting words are kept: a
    word one group uses more than the others says something about it.
    Sorted by group and descending ``z``.
    """
    positive_int("top", top, error=TermsError)
    used = distinctive.loc[(distinctive["count"] > 0) & (distinctive["z"] > 0)]
    used = used.sort_values([by, "z", "term"], ascending=[True, False, True], kind="stable")
    picked = [label for _, rows in used.groupby(by, sort=True) for label in _pick_terms(rows, top, phrase_share)]
    shown = conform(used.loc[picked].reset_index(drop=True), "distinctive_terms", group=by)
    shown.attrs = dict(distinctive.attrs)
    return shown



@returns("distinctive_terms")
def weighted_log_odds(
    frequencies: pd.DataFrame,
    *,
    by: str = "source",
    prior_strength: float | None = None,
) -> pd.DataFrame:
    """Weighted log-odds ratio of every term for each group against all the other groups.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", with an informative
    Dirichlet prior. For term ``w``, group ``i`` and the rest ``j`` (all other
    groups pooled), with ``y`` counts, ``n`` totals and the prior
    ``a_w = prior_strength * y_w / N`` (``y_w``, ``N``: corpus-wide count and total,
    so the prior pseudo-counts sum to ``a_0 = prior_strength``)::

        log_odds = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w))
                 - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
        z = log_odds / sqrt(1 / (y_wi + a_w) + 1 / (y_wj + a_w))
        log_ratio = log2((y_wi + 0.5) / n_i) - log2((y_wj + 0.5) / n_j)

    ``z`` ranks the terms within a group. It is not comparable across groups of
    different sizes: the same rates give a larger ``z`` in a larger group.

    ``log_odds`` is not an effect size: a prior proportional to the term's own
    count, as here at any ``prior_strength`` (and as in scattertext's scaled
    priors), gives every term that one side never uses the same value
    (``(y + a_w) / a_w = 1 + N / a_0`` whatever ``y``): 37 uses and 20 uses of a
    term no other group uses get the same ``log_odds``. ``log_ratio`` is the
    effect size: the binary log of how many times as often, per word, the group
    uses the term as all the others, with ``LOG_RATIO_PSEUDO_COUNT`` (0.5, the
    Jeffreys prior) added to each count, so that it stays finite and keeps growing
    with the count when one side never uses the term (1: twice as often; -1: half
    as often; 37 against none is log2(37.5 / 20.5) = 0.87 above 20 against none).

    Each n-gram order is a separate vocabulary; a group with no term of some
    order in ``frequencies`` (all below ``min_count``) sits out that order.

    Parameters
    ----------
    frequencies
        The table :func:`term_frequencies` returns, grouped ``by`` a column. With
        fewer than two groups there is nothing to compare: the table is empty and
        ``attrs["why_empty"]`` says why, for a report to show.
    by
        The group column of ``frequencies``.
    prior_strength
        ``a_0``, the total weight of the prior, in pseudo-counts. ``None``
        (default) uses the corpus total ``N``, so each term's prior is its
        corpus-wide count (the empirical-Bayes choice of tidylo): strong enough
        that a term seen a handful of times cannot top the list. Smaller values
        (e.g. 1,000) shrink less, letting rarer terms through.

    Terms a group never uses are included, with ``count`` 0 and negative ``log_odds``
    and ``log_ratio``. Sorted by group, ``n`` and descending ``z``.
    """
    require_columns(frequencies, [by, "n", "term", "count", "group_ngrams", "group_docs"], what="term frequencies",
                    fix=f"pass what analysis.term_frequencies(articles, by={by!r}) returns", error=TermsError)
    if prior_strength is not None and not prior_strength > 0:
        raise TermsError(f"prior_strength={prior_strength!r}: give a positive number of pseudo-counts, or None.")
    groups = sorted(frequencies[by].dropna().astype(str).unique())
    if len(groups) < 2:
        table = empty("distinctive_terms", group=by)
        table.attrs[WHY_EMPTY] = (f"Distinctive terms compare each {by} with all the others, and these articles come from "
                                  f"{'one ' + by + ', ' + groups[0] if groups else f'no {by} with terms'}: there is nothing "
                                  "to compare, so none are shown. Its most frequent terms and collocations describe it.")
        return table
    totals = frequencies[[by, "n", "group_ngrams", "group_docs"]].drop_duplicates([by, "n"])
    wide = frequencies.pivot_table(index=["n", "term"], columns=by, values="count", fill_value=0, aggfunc="sum", observed=True)
    # a group none of whose n-grams of some order reached min_count sits out that order,
    # and an order left with a single group has nothing to compare
    table = wide.stack().rename("count").reset_index().merge(totals, on=[by, "n"], how="inner")
    table = table[table.groupby("n")[by].transform("nunique") >= 2]
    corpus_total = table["n"].map(totals.groupby("n")["group_ngrams"].sum())
    term_total = table.groupby(["n", "term"])["count"].transform("sum")
    a0 = corpus_total if prior_strength is None else pd.Series(float(prior_strength), index=table.index)
    a_w = a0 * term_total / corpus_total
    y_i, n_i = table["count"], table["group_ngrams"]
    y_j, n_j = term_total - y_i, corpus_total - n_i
    log_odds = np.log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - np.log((y_j + a_w) / (n_j + a0 - y_j - a_w))
    z = log_odds / np.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
    log_ratio = np.log2((y_i + LOG_RATIO_PSEUDO_COUNT) / n_i) - np.log2((y_j + LOG_RATIO_PSEUDO_COUNT) / n_j)
    table = table.assign(count_others=y_j, log_odds=log_odds, z=z, log_ratio=log_ratio)
    table = table.sort_values([by, "n", "z", "term"], ascending=[True, True, False, True], ignore_index=True)
    return conform(table, "distinctive_terms", group=by)


@returns("distinctive_terms")
def distinctive_terms(
    articles: pd.DataFrame,
    *,
    by: str = "source",
    ngram: tuple[int, int] = (1, 1),
    min_count: int = 5,
    prior_strength: float | None = None,
    stopwords: Iterable[str] | None = None,
    ngram_stopwords: NgramStopwords = "edges",
    stem: bool = False,
    sentence_tokens: pd.DataFrame | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """The terms that set each group apart from all the others (one against the rest).

    :func:`term_frequencies` then :func:`weighted_log_odds`; see those for the
    parameters, the formula and ``prior_strength``. Terms seen fewer than
    ``min_count`` times in the whole corpus are left out. Works for any number of
    groups (empty, saying why in ``attrs["why_empty"]``, with fewer than two).

    A large ``z`` says a group uses a term more than the others *in this sample*.
    On a small corpus (a few articles per group) it is a description, not a test
    of significance: one article's pet phrase can reach a high z, and the z-scores
    of thousands of terms are not corrected for multiple comparisons.
    """
    frequencies = term_frequencies(articles, by=by, ngram=ngram, min_count=min_count, stopwords=stopwords,
                                   ngram_stopwords=ngram_stopwords, stem=stem, sentence_tokens=sentence_tokens, progress=progress)
    return weighted_log_odds(frequencies, by=by, prior_strength=prior_strength)


# ------------------------------------------------------------------- collocations


@returns("collocations")
def collocations(
    articles: pd.DataFrame,
    *,
    by: str | None = "source",
    measure: CollocationMeasure = "likelihood_ratio",
    min_count: int | None = None,
    top: int | None = 20,
    stopwords: Iterable[str] | None = None,
    stem: bool = False,
    sentence_tokens: pd.DataFrame | None = None,
    progress: bool = False,
    references: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The strongest two-word collocations of each group, scored with NLTK's association measures.

    Words and bigrams are counted within sentences, article by article, and
    scored by NLTK's ``BigramCollocationFinder`` (which needs no downloaded
    data); bigrams containing a stopword are left out, and so are bigrams seen
    fewer than ``min_count`` times in the group. Word counts, the measures'
    marginals, include stopwords.

    Parameters
    ----------
    by
        Group column; ``None`` scores the whole corpus at once.
    measure
        ``"likelihood_ratio"`` (Dunning's log-likelihood, the default: reliable at
        low counts, favours pairs that are both frequent and exclusive),
        ``"t_score"`` (Student's t: favours frequent pairs) or ``"pmi"`` (pointwise
        mutual information, in bits: favours rare, exclusive pairs, so a pair seen
        twice can top the list).
    min_count
        Fewest occurrences of a bigram in its group; ``None`` scales it with the
        group's words (:func:`scaled_min_count`: 3 up to 50,000 words, 20 at a
        million). The counts used are in ``table.attrs["min_count"]`` by group.
    top
        How many bigrams to keep per group (``None``: all).
    stopwords, stem, sentence_tokens, progress
        As in :func:`term_frequencies`.
    references
        The outlets' self-references (:func:`self_references`): a phrase that is one
        ("ABC news", "told CNN") is left out before ranking; how many, by group, is in
        ``table.attrs["self_references"]``.

    The group column is absent when ``by`` is None.
    """
    one_of("measure", measure, _MEASURES, error=TermsError)
    if min_count is not None:
        positive_int("min_count", min_count, error=TermsError)
    if top is not None:
        positive_int("top", top, error=TermsError)
    counts = bigram_counts(articles, by=by, stem=stem, sentence_tokens=sentence_tokens, progress=progress)
    return score_collocations(counts, by=by, measure=measure, min_count=min_count, top=top, stopwords=stopwords,
                              references=references)


@dataclass
class BigramCounts:
    """Words and bigrams counted per group, within word runs (:func:`bigram_counts`).

    ``words[group]``: a Series of counts indexed by word (every word, stopwords
    included, numbers not). ``bigrams[group]``: a DataFrame with columns ``word1``,
    ``word2`` (the words of a pair adjacent in a run) and ``count`` (int64), one
    row per distinct pair. Counts of chunks of a corpus add up to those of the
    whole (``a + b``), so collocations can be scored from counts kept per chunk
    (:func:`score_collocations`). ``stem`` says whether the words were stemmed.
    """

    words: dict[str, pd.Series] = field(default_factory=dict)
    bigrams: dict[str, pd.DataFrame] = field(default_factory=dict)
    stem: bool = False

    def __add__(self, other: BigramCounts) -> BigramCounts:
        if self.stem != other.stem:
            raise TermsError("cannot add bigram counts of stemmed words to counts of words as written; count both with the same stem=.")
        total = BigramCounts(dict(self.words), dict(self.bigrams), self.stem)
        for group, words in other.words.items():
            if group not in total.words:
                total.words[group], total.bigrams[group] = words, other.bigrams[group]
                continue
            total.words[group] = pd.concat([total.words[group], words]).groupby(level=0, sort=False).sum()
            both = pd.concat([total.bigrams[group], other.bigrams[group]], ignore_index=True)
            total.bigrams[group] = both.groupby(["word1", "word2"], sort=False, as_index=False)["count"].sum()
        return total


_RUN_BREAK = "\0"  # stands between two sentences, and for a number, in a group's token list


def bigram_counts(
    articles: pd.DataFrame,
    *,
    by: str | None = "source",
    stem: bool = False,
    sentence_tokens: pd.DataFrame | None = None,
    progress: bool = False,
) -> BigramCounts:
    """The words and bigrams of each group's word runs, counted (what :func:`collocations` scores).

    Arguments as in :func:`term_frequencies`. With ``sentence_tokens`` nothing is
    tokenised again: each group's sentences are laid end to end, numbers and
    sentence ends replaced by a break, and words and pairs counted as integer codes.
    """
    if sentence_tokens is None:
        runs = ((group, run) for group, doc in _documents(articles, by, "Finding collocations", progress, stem=stem,
                                                            sentence_tokens=None) for run in doc)
        by_group: dict[str, list[str]] = defaultdict(list)
        for group, run in runs:
            by_group[group] += [*run, _RUN_BREAK]
        return _count_runs(by_group, stem=False, stemmed=stem)
    _check_articles(articles, by, "Finding collocations")
    _require_sentence_tokens(sentence_tokens)
    docs = pd.DataFrame({"doc_id": articles["doc_id"].astype(str).to_numpy(), "group": _group_labels(articles, by)})
    rows = docs.merge(pd.DataFrame({"doc_id": sentence_tokens["doc_id"].astype(str).to_numpy(),
                                    "tokens": sentence_tokens["tokens"].to_numpy()}), on="doc_id")
    tokens: dict[str, list[str]] = {}
    for group, sentences in rows.groupby("group", sort=False)["tokens"]:
        joined = f" {_RUN_BREAK} ".join(sentences)
        if joined.count(_RUN_BREAK) >= len(sentences):  # a token holds the break character: count run by run
            return _count_runs(_group_runs(rows, stem), stem=False, stemmed=stem)
        tokens[group] = joined.split()
    return _count_runs(tokens, stem=stem, stemmed=stem)


def _group_runs(rows: pd.DataFrame, stem: bool) -> dict[str, list[str]]:
    """Each group's runs end to end, a break after each (the slow way, for tokens holding the break)."""
    by_group: dict[str, list[str]] = defaultdict(list)
    for group, sentence in zip(rows["group"], rows["tokens"]):
        for run in runs_from_tokens(sentence.split(), stem=stem):
            by_group[group] += [*run, _RUN_BREAK]
    return by_group


def _count_runs(tokens: Mapping[str, list[str]], *, stem: bool, stemmed: bool) -> BigramCounts:
    """Counts of each group's token list, runs separated by :data:`_RUN_BREAK`; a token starting with a digit
    breaks a run too (it is a number), and the others are stemmed when ``stem``. ``stemmed`` is recorded."""
    counts = BigramCounts(stem=stemmed)
    for group, words in tokens.items():
        codes, vocabulary = pd.factorize(np.array(words, dtype=object))
        forms = [_RUN_BREAK if word == _RUN_BREAK or word[0].isdigit() else stem_word(word) if stem else word for word in vocabulary]
        merged, vocabulary = pd.factorize(np.array(forms, dtype=object))
        codes = merged[codes]
        breaks = np.array([form == _RUN_BREAK for form in vocabulary], dtype=bool)  # (numpy drops a trailing NUL)
        codes = np.where(breaks[codes], -1, codes).astype(np.int64) if breaks.any() else codes.astype(np.int64)
        n_words = np.bincount(codes[codes >= 0], minlength=len(vocabulary))
        if not n_words.any():
            continue
        counts.words[group] = pd.Series(n_words[n_words > 0], index=pd.Index(vocabulary[n_words > 0], dtype=object))
        first, second = codes[:-1], codes[1:]
        inside = (first >= 0) & (second >= 0)
        pairs, n_pairs = np.unique(first[inside] * len(vocabulary) + second[inside], return_counts=True)
        counts.bigrams[group] = pd.DataFrame({"word1": vocabulary[pairs // len(vocabulary)],
                                              "word2": vocabulary[pairs % len(vocabulary)], "count": n_pairs.astype(np.int64)})
    return counts


@returns("collocations")
def score_collocations(
    counts: BigramCounts,
    *,
    by: str | None = "source",
    measure: CollocationMeasure = "likelihood_ratio",
    min_count: int | None = None,
    top: int | None = 20,
    stopwords: Iterable[str] | None = None,
    references: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`collocations` from counts already made (:func:`bigram_counts`, or their sum over chunks).

    Arguments as in :func:`collocations`; ``by`` only names the group column.
    Bigrams below the group's minimum count or holding a stopword are left out
    before NLTK's ``BigramCollocationFinder`` scores the rest, which gives the
    scores and the order it gives after its own filters.
    """
    one_of("measure", measure, _MEASURES, error=TermsError)
    stop = _stopword_set(stopwords, counts.stem)
    rows = []
    used: dict[str, int] = {}
    left_out: dict[str, int] = {}
    for group in sorted(counts.words):
        words = counts.words[group]
        word_fd = FreqDist(dict(zip(words.index.tolist(), words.tolist())))
        used[group] = min_count if min_count is not None else scaled_min_count(word_fd.N())
        pairs = counts.bigrams[group]
        pairs = pairs[(pairs["count"] >= used[group]).to_numpy()]
        pairs = pairs[~(pairs["word1"].isin(stop) | pairs["word2"].isin(stop)).to_numpy()]
        kept = FreqDist(dict(zip(zip(pairs["word1"].tolist(), pairs["word2"].tolist()), pairs["count"].tolist())))
        finder = BigramCollocationFinder(word_fd, kept)
        scored = finder.score_ngrams(_MEASURES[measure])
        if references is not None and scored:
            rules = self_reference_rules(pd.Series([f"{a} {b}".lower() for (a, b), _ in scored]),
                                         pd.Series([group] * len(scored)), references)
            left_out[group] = int(rules.notna().sum())
            scored = [pair for pair, rule in zip(scored, rules.isna(), strict=True) if rule]
        for rank, ((word1, word2), score) in enumerate(scored[:top] if top else scored, 1):
            rows.append((group, rank, f"{word1} {word2}", word1, word2, kept[word1, word2], score, measure))
    table = pd.DataFrame(rows, columns=["group", "rank", "bigram", "word1", "word2", "count", "score", "measure"])
    table = _conform_grouped(table, "collocations", by)
    table.attrs["min_count"] = used
    if references is not None:
        table.attrs["self_references"] = left_out
    return table


def scaled_min_count(n_words: int, *, words_per_step: int = WORDS_PER_MIN_COUNT, floor: int = 3) -> int:
    """The fewest occurrences a collocation needs in a group of ``n_words`` words.

    One per ``words_per_step`` words, and at least ``floor``.
    """
    return max(floor, math.ceil(n_words / words_per_step))


# --------------------------------------------------------------------------- KWIC


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A case-insensitive pattern for ``phrase`` as whole words, any run of whitespace between them.

    ``Kiev`` matches ``Kiev``, ``KIEV``, ``Kiev's`` and ``pro-Kiev`` but not
    ``Kievan``; ``special military operation`` also matches across a line break;
    an apostrophe matches a straight or a curly one.
    """
    words = normalize_text(phrase).split()
    if not words:
        raise TermsError(f"phrase {phrase!r}: give at least one word to look for.")
    escaped = (re.escape(word).replace("'", "['\u2018\u2019]") for word in words)
    return re.compile(r"(?<!\w)" + r"\s+".join(escaped) + r"(?!\w)", re.IGNORECASE)


@returns("kwic")
def kwic(
    articles: pd.DataFrame,
    term_or_phrase: str,
    *,
    window: int = 8,
    by: str | None = "source",
) -> pd.DataFrame:
    """Every occurrence of a word or phrase with the words around it (keyword in context).

    Matching ignores case, takes a multi-word phrase with any whitespace between
    its words, and respects word boundaries (``Kiev`` does not match ``Kievan``);
    see :func:`phrase_pattern`.

    Parameters
    ----------
    window
        Words of context kept on each side (line breaks shown as spaces).
    by
        A column carried into the result to say where each line comes from
        (``None``: none).

    The group column is absent when ``by`` is None.
    """
    positive_int("window", window, error=TermsError)
    _check_articles(articles, by, "kwic")
    pattern = phrase_pattern(term_or_phrase)
    rows = []
    for doc_id, group, text in zip(articles["doc_id"], _group_labels(articles, by), articles["text"], strict=True):
        for match in pattern.finditer(text):
            left = " ".join(text[: match.start()].rsplit(None, window)[-window:])
            right = " ".join(text[match.end() :].split(None, window)[:window])
            rows.append((doc_id, group, left, " ".join(match.group().split()), right, match.start(), match.end()))
    table = pd.DataFrame(rows, columns=["doc_id", "group", "left", "match", "right", "start", "end"])
    return _conform_grouped(table, "kwic", by)


@returns("concordance")
def concordance(lines: pd.DataFrame, articles: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """:func:`kwic` lines with their article's date, title and address, by date then article and position.

    ``lines`` is :func:`kwic`'s table grouped ``by`` the same column; ``articles``
    supplies ``published``, ``published_inferred``, ``title`` and ``url`` (missing
    columns are left empty). Undated articles come last.
    """
    require_columns(lines, ["doc_id", by, "left", "match", "right", "start", "end"], what="KWIC lines",
                    fix=f"pass what analysis.kwic(articles, term, by={by!r}) returns", error=TermsError)
    if lines.empty:
        return empty("concordance", group=by)
    metadata = articles.reindex(columns=["doc_id", "published", "published_inferred", "title", "url"])
    metadata = metadata.assign(doc_id=metadata["doc_id"].astype("string"),
                               published_inferred=metadata["published_inferred"].fillna(False).astype(bool))
    table = lines.assign(doc_id=lines["doc_id"].astype("string")).merge(metadata, on="doc_id", how="left",
                                                                        validate="many_to_one")
    table = table.assign(published_inferred=table["published_inferred"].fillna(False).astype(bool))
    table = table.sort_values(["published", "doc_id", "start"], na_position="last", kind="stable")
    return conform(table.reset_index(drop=True), "concordance", group=by)


#: The most concordance lines a page holds; beyond, :func:`shown_lines` picks an even share of each group's.
MAX_CONCORDANCE_LINES = 10_000


def shown_lines(lines: pd.DataFrame, *, limit: int = MAX_CONCORDANCE_LINES, by: str = "source") -> pd.DataFrame:
    """The concordance lines a page shows: all of them up to ``limit``; beyond, each group's earliest lines in turn
    (one of each group, then a second of each…), so every group is in the table and none crowds out the others.
    Kept in the order of ``lines`` (by date)."""
    if len(lines) <= limit:
        return lines
    turn = lines.groupby(by, sort=False).cumcount()
    keep = turn.sort_values(kind="stable").index[:limit]
    return lines.loc[lines.index.isin(keep)]


# ---------------------------------------------------------------- framing markers


def check_framing_markers(markers: pd.DataFrame, where: str = "the framing-marker table") -> pd.DataFrame:
    """Check a framing-marker table and return it with a compiled ``regex`` column added.

    The table has one row per variant: ``concept`` (what is named), ``variant``
    (one way of naming it), ``frame`` (what choosing it signals) and ``pattern``
    (optional regular expression, matched ignoring case; empty means the variant
    as whole words, see :func:`phrase_pattern`). Each concept needs at least two
    variants. Raises :class:`TermsError` listing every problem with its line.
    """
    require_columns(markers, FRAMING_COLUMNS, what=where,
                    fix=f"the columns must be {FRAMING_COLUMNS} (pattern may be left empty)", error=TermsError)
    problems: list[str] = []
    regexes: list[re.Pattern[str] | None] = []
    for line, row in zip(range(2, len(markers) + 2), markers.to_dict("records")):
        for column in ("concept", "variant", "frame"):
            if pd.isna(row[column]) or not str(row[column]).strip():
                problems.append(f"line {line}: the {column!r} cell is empty")
        regex = None
        if not pd.isna(row["pattern"]) and str(row["pattern"]).strip():
            try:
                regex = re.compile(str(row["pattern"]), re.IGNORECASE)
            except re.error as exc:
                problems.append(f"line {line}: pattern {row['pattern']!r} is not a valid regular expression ({exc})")
        elif not pd.isna(row["variant"]) and str(row["variant"]).strip():
            regex = phrase_pattern(str(row["variant"]))
        regexes.append(regex)
    keys = markers[["concept", "variant"]].astype("string").apply(lambda s: s.str.strip().str.lower())
    for concept, variant in keys[keys.duplicated()].itertuples(index=False):
        problems.append(f"variant {variant!r} of {concept!r} is listed more than once")
    sizes = keys.groupby("concept").size()
    problems += [f"concept {c!r} has a single variant; add the one(s) it is an alternative to"
                 for c in sizes[sizes < 2].index]
    if problems:
        raise TermsError(f"{where} has problems; fix these rows:\n  " + "\n  ".join(problems))
    checked = markers[FRAMING_COLUMNS].astype("string").reset_index(drop=True)
    return checked.assign(regex=regexes)


def load_framing_markers(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a framing-marker CSV (``None``: the shipped ``analysis/resources/framing_markers.csv``).

    Returns the table of :func:`check_framing_markers`: columns ``concept``,
    ``variant``, ``frame``, ``pattern`` (string) and ``regex`` (compiled pattern).
    Edit a copy of the shipped file to add markers; its columns are documented there.
    """
    csv = resource_path(FRAMING_MARKERS_FILE) if path is None else Path(path)
    try:
        table = pd.read_csv(csv, dtype=str, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise TermsError(f"{csv}: no such framing-marker file. Give the path of a CSV with columns "
                         f"{FRAMING_COLUMNS}, or None for the shipped one.") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise TermsError(f"{csv}: not a readable CSV ({exc}). Check its quoting and that it is UTF-8.") from exc
    return check_framing_markers(table, where=str(csv))


@returns("framing_markers")
def framing_markers(
    articles: pd.DataFrame,
    *,
    by: str = "source",
    markers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How often each group uses each variant of each framing marker.

    Parameters
    ----------
    markers
        A table of paired variants (see :func:`check_framing_markers`); ``None``
        is the shipped table (:func:`load_framing_markers`).

    Zero counts are included, in the marker table's order.
    """
    _check_articles(articles, by, "framing_markers")
    markers = load_framing_markers() if markers is None else check_framing_markers(markers)
    labels = _group_labels(articles, by)
    group_docs = Counter(labels)
    scanner = _MarkerScanner(markers["regex"].tolist())
    counts: list[Counter[str]] = [Counter() for _ in range(len(markers))]
    docs: list[Counter[str]] = [Counter() for _ in range(len(markers))]
    for group, text in zip(labels, articles["text"].tolist()):
        for index, found in scanner.counts(text).items():
            counts[index][group] += found
            docs[index][group] += 1
    rows = [(group, concept, variant, frame, counts[i][group], docs[i][group], group_docs[group])
            for i, (concept, variant, frame) in enumerate(markers[["concept", "variant", "frame"]].itertuples(index=False))
            for group in sorted(group_docs)]
    table = pd.DataFrame(rows, columns=["group", "concept", "variant", "frame", "count", "n_docs", "group_docs"])
    concept_total = table.groupby(["group", "concept"], sort=False)["count"].transform("sum")
    table = table.assign(share=table["count"] / concept_total.where(concept_total > 0))
    return _conform_grouped(table, "framing_markers", by)


# Characters that match an ASCII letter when a pattern ignores case but do not lower-case to it ("İ" is
# "i" to the regex engine and two characters to str.lower; dotless "ı" is "i", long "ſ" is "s"): a text
# holding one is scanned with every pattern.
_FOLD_BREAKERS = re.compile("[\u0130\u0131\u017f]")
_ZERO_WIDTH = (re_constants.ASSERT, re_constants.ASSERT_NOT, re_constants.AT)


def literal_prefix(regex: re.Pattern[str]) -> str:
    """The lower-cased ASCII text every match of ``regex`` starts with ('' when there is none or it cannot be read).

    Leading zero-width assertions (look-behinds, ``\\b``) are passed over; the prefix
    ends at the first element that is not a literal ASCII character (a class, a
    repeat, an alternation), so ``(?<!\\w)invasions?`` gives ``invasion``.
    """
    try:
        parsed = list(re_parser.parse(regex.pattern, regex.flags))
    except Exception:  # a private module: read what it can, scan with the pattern otherwise
        return ""
    prefix: list[str] = []
    items = iter(parsed)
    for op, value in items:
        if op in _ZERO_WIDTH and not prefix:
            continue
        if op is re_constants.SUBPATTERN and not value[1] and not value[2]:  # a group that changes no flag
            items = iter(list(value[3]) + list(items))
            continue
        if op is not re_constants.LITERAL or value >= 128:
            break
        prefix.append(chr(value).lower())
    return "".join(prefix)


class _MarkerScanner:
    """Counts the matches of many patterns in a text, as ``len(list(pattern.finditer(text)))`` would, in one pass.

    Each pattern with a literal prefix (:func:`literal_prefix`) is tried only
    where one Aho-Corasick pass over the lower-cased text finds its prefix; the
    matches ``finditer`` would give are then the leftmost one at or after the end
    of the previous, so the counts are the same. Patterns without a prefix, and
    texts holding a character lower-casing cannot fold (:data:`_FOLD_BREAKERS`),
    are scanned with the pattern.
    """

    def __init__(self, regexes: Sequence[re.Pattern[str] | None]) -> None:
        self.regexes = list(regexes)
        self.by_prefix: dict[str, list[int]] = defaultdict(list)
        self.unprefixed: list[int] = []
        for index, regex in enumerate(self.regexes):
            if regex is None:
                continue
            prefix = literal_prefix(regex)
            (self.by_prefix[prefix] if prefix else self.unprefixed).append(index)
        self.automaton = ahocorasick.Automaton()
        for prefix in self.by_prefix:
            self.automaton.add_word(prefix, prefix)
        if self.by_prefix:
            self.automaton.make_automaton()

    def counts(self, text: str) -> dict[int, int]:
        """The number of matches of each pattern (by index) that matches ``text`` at least once."""
        folded = text.lower()
        if len(folded) != len(text) or (not text.isascii() and _FOLD_BREAKERS.search(text)):
            return self._scan(text, [i for indexes in self.by_prefix.values() for i in indexes] + self.unprefixed)
        found = self._scan(text, self.unprefixed)
        if not self.by_prefix:
            return found
        starts: dict[str, list[int]] = defaultdict(list)
        for end, prefix in self.automaton.iter(folded):
            starts[prefix].append(end - len(prefix) + 1)
        for prefix, positions in starts.items():
            for index in self.by_prefix[prefix]:
                match = self.regexes[index].match
                n, resume = 0, 0
                for start in positions:
                    if start >= resume and (hit := match(text, start)):
                        n, resume = n + 1, hit.end()
                if n:
                    found[index] = n
        return found

    def _scan(self, text: str, indexes: Iterable[int]) -> dict[int, int]:
        found = {}
        for index in indexes:
            n = sum(1 for _ in self.regexes[index].finditer(text))
            if n:
                found[index] = n
        return found


# ------------------------------------------------------------ house style and self-reference

HONORIFICS_FILE = "honorifics_en.txt"
_DOTTED_INITIALISM = re.compile(r"^(?:[a-z]\.){2,}$")


def load_honorifics(path: str | Path | None = None) -> frozenset[str]:
    """The honorifics :func:`normalise_names` drops (``mr``, ``ms``, ``dr``…), lower-case, without a stop.

    ``None`` reads the shipped ``honorifics_en.txt`` (a project's ``data/`` copy overrides it).
    """
    if path is None:
        return frozenset(word.lower().rstrip(".") for word in read_resource_lines(HONORIFICS_FILE))
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TermsError(f"{path}: cannot read the honorifics list ({exc}); give a text file, one word a line.") from exc
    return frozenset(line.strip().lower().rstrip(".") for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _normal_token(token: str, honorifics: frozenset[str]) -> str | None:
    """A token as terms count it: ``None`` for an honorific or an initial, a dotted initialism without its dots."""
    if token in honorifics or (len(token) == 1 and token.isalpha() and token.islower()):
        return None
    if "." in token and _DOTTED_INITIALISM.match(token):
        return token.replace(".", "")
    return token


@returns("sentence_tokens")
def normalise_names(sentence_tokens: pd.DataFrame, *, honorifics: Iterable[str] | None = None) -> pd.DataFrame:
    """``sentence_tokens`` with house style taken out of names: honorifics and initials dropped, initialisms undotted.

    Outlets write the same people differently ("Mr. Putin", "Vladimir V. Putin" in
    one, "Putin", "Vladimir Putin" in another), which makes "mr putin" or "v putin"
    distinctive of a style, not of coverage. Each sentence's tokens lose the
    ``honorifics`` (``None``: :func:`load_honorifics`) and one-letter lower-case
    tokens (a middle initial: "v"; "a" and "i" are stopwords anyway), so "mr putin"
    counts as "putin" and "vladimir v putin" as "vladimir putin"; a dotted
    initialism a listed acronym did not claim ("w.n.b.a.") is written without its
    dots ("wnba"). Acronyms kept as written by :func:`keep_acronyms` ("US") are
    untouched, so apply this after it.
    """
    _require_sentence_tokens(sentence_tokens)
    titles = load_honorifics() if honorifics is None else frozenset(w.lower().rstrip(".") for w in honorifics)
    table = sentence_tokens.reset_index(drop=True)
    tokens = table["tokens"].to_numpy(dtype=object).copy()
    for i, sentence in enumerate(tokens):
        split = sentence.split()
        normal = [_normal_token(token, titles) for token in split]
        if normal != split:
            tokens[i] = " ".join(token for token in normal if token is not None)
    return conform(table.assign(tokens=tokens), "sentence_tokens")


#: Words that introduce a source of information ("told Reuters", "according to CNN"): a term of one of these
#: followed by a word of an outlet's name or address is the outlet naming itself or another as a source.
_ATTRIBUTION_WORDS = ("told", "tells", "telling", "via", "according")
#: Parts of a web address that name no one (``www``, top-level and second-level domains).
_ADDRESS_PARTS = frozenset({"www", "com", "org", "net", "co", "uk", "edu", "gov", "int", "news", "html", "amp", "m"})
# Who signs a photo credit: the agency before "Photo/" (AP's "(AP Photo/Name)", whose last part is the photographer),
# else the last part after a slash ("(Name/Getty Images)", "Name/Getty Images") or the agency after "via".
_AGENCY_PHOTO = re.compile(r"\(\s*([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*)?)\s+Photo\s*/")
_AGENCY_LAST = re.compile(r"(?:/|\bvia\s)\s*([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,2})\s*\)?\s*$")
#: The share of the credit lines an agency must sign to count as a credit line (a photographer signs few).
CREDIT_SHARE = 0.01


def _words_of(text: str) -> tuple[str, ...]:
    return tuple(tokenize(normalize_text(text)))


def _address_labels(url: object) -> list[str]:
    host = urlparse(str(url)).netloc.lower() if isinstance(url, str) and "//" in url else ""
    return [label for label in host.split(":")[0].split(".") if label]


def _credit_names(fragments: pd.DataFrame | None) -> Counter[str]:
    """Agencies signing the photo credits removed from the texts (``AP Photo/…``, ``…/Getty Images``, ``via AP``)."""
    found: Counter[str] = Counter()
    if fragments is None or fragments.empty:
        return found
    credits = fragments.loc[fragments["rule"] == "photo_credit", "fragment"].astype(str)
    for credit in (c.strip() for c in credits):
        match = _AGENCY_PHOTO.search(credit) or _AGENCY_LAST.search(credit)
        if match and _words_of(match.group(1)):
            found[" ".join(_words_of(match.group(1)))] += 1
    minimum = max(3, math.ceil(CREDIT_SHARE * len(credits)))
    return Counter({name: n for name, n in found.items() if n >= minimum})


#: A capitalised word that follows an outlet's name at least this often, and in at least half of its uses in the
#: outlet's texts, is part of a brand ("Fox News Digital"): a self-reference like the name.
BRAND_MIN_COUNT, BRAND_SHARE = 10, 0.5


def _brand_words(articles: pd.DataFrame, names: Mapping[str, list[str]], by: str) -> list[tuple[str, str]]:
    """``(group, word)`` for each capitalised word that continues the group's name in its own texts ("Digital" after
    "Fox News"), most of whose uses are there: see :data:`BRAND_MIN_COUNT`, :data:`BRAND_SHARE`."""
    found = []
    texts = pd.Series(articles["text"].astype(str).to_numpy(), index=_group_labels(articles, by))
    for group, name in names.items():
        words = [w for w in name if w != "the"] or name
        if not words or group not in texts.index:
            continue
        joined = "\n".join(texts.loc[[group]].tolist())
        after = Counter(m.group(1) for m in re.finditer(r"(?i:\b" + r"\W+".join(map(re.escape, words)) + r")'?s?\s+([A-Z][a-z]+)\b",
                                                        joined))
        for word, n in after.items():
            if n >= BRAND_MIN_COUNT and n >= BRAND_SHARE * len(re.findall(rf"\b{re.escape(word)}\b", joined, re.IGNORECASE)):
                found.append((group, word.lower()))
    return found


def self_references(articles: pd.DataFrame, fragments: pd.DataFrame | None = None, *, by: str = "source") -> pd.DataFrame:
    """The terms by which a corpus's outlets name themselves, derived from its own outlet names and addresses.

    An outlet's name in its own text ("Fox News", "told CNN"), its web address
    ("express.co.uk" read as "express co uk") and the agencies signing its photo
    credits say who published the article, not what it covers; left in, they top
    the outlet's distinctive terms. The rules, for any corpus:

    * ``outlet name``: every outlet's name (a leading "the" dropped), in every group;
    * ``told + outlet``: an attribution word ("told", "to", "according", "via")
      followed by the main label of an outlet's address or a word of its name
      in that label and in no other outlet's name ("told fox", "told huffpost";
      not "told news"), in every group;
    * ``web address``: two or more consecutive labels of an outlet's address
      ("co uk", "express co", "nytimes com"), in every group, and its main label
      alone ("dailymail") in the outlet's own group;
    * ``own name``: two or more consecutive words of the outlet's own name ("new
      york" for The New York Times), and a word of it that is also in its address
      ("fox" and "news" for foxnews.com, "times" but not "new" for nytimes.com), in
      its own group only (elsewhere the word may be news: "the times", "a mirror");
    * ``credit line``: an agency signing at least 1% of the photo credits removed
      from the texts (``fragments``, the loader's fragment report; "AP",
      "getty images"), in every group;
    * ``own name`` too: a capitalised word that follows the outlet's name in its
      own texts at least ten times and in at least half of its uses there: a
      brand ("Digital" of "Fox News Digital") or a byline ("Dana" of "CNN's Dana
      Bash"), in its own group (needs ``text``).

    Returns
    -------
    DataFrame, one row per rule and phrase, with columns
        ``phrase`` (string: lower-case words joined by a space; a term holding it as
        whole words is a self-reference), ``group`` (string: the group it applies
        to, missing for every group), ``rule`` (string: which of the rules above).
    """
    require_columns(articles, [by], what="articles", fix="pass the articles table analysis.load_corpus returns",
                    error=TermsError)
    stop = load_stopwords()
    rows: list[tuple[str, str | None, str]] = []
    urls = articles["url"] if "url" in articles.columns else pd.Series([None] * len(articles), index=articles.index)
    labels_of: dict[str, Counter[str]] = defaultdict(Counter)
    for group, url in zip(_group_labels(articles, by), urls):
        labels = _address_labels(url)
        if labels:
            labels_of[group][".".join(labels)] += 1
    names = {group: list(_words_of(group)) for group in sorted(set(_group_labels(articles, by)))}
    shared = {w for w, n in Counter(w for words in names.values() for w in set(words)).items() if n > 1}
    for group, name in names.items():
        if name and name[0] == "the" and len(name) > 1:
            name = name[1:]
        if not name:
            continue
        rows.append((" ".join(name), None, "outlet name"))
        hosts = [host for host, _ in labels_of[group].most_common(3)]
        mains = []
        for host in hosts:
            parts = [label for label in host.split(".") if label != "www"]
            mains += [label for label in parts if label not in _ADDRESS_PARTS and label not in stop and len(label) > 1]
            rows += [(" ".join(parts[i:j]), None, "web address") for i in range(len(parts))
                     for j in range(i + 2, len(parts) + 1)]
        rows += [(label, group, "web address") for label in dict.fromkeys(mains)]
        own = [w for w in name if w not in stop and len(w) > 1 and (not mains or any(w in main for main in mains))]
        rows += [(" ".join(name[i:j]), group, "own name") for i in range(len(name)) for j in range(i + 2, len(name) + 1)]
        rows += [(word, group, "own name") for word in own]
        heads = dict.fromkeys([*mains, *(w for w in own if w not in shared)])
        rows += [(f"{word} {head}", None, "told + outlet") for word in _ATTRIBUTION_WORDS for head in heads
                 if head not in stop]
    rows += [(name, None, "credit line") for name in _credit_names(fragments)]
    if "text" in articles.columns:
        rows += [(word, group, "own name") for group, word in _brand_words(articles, names, by)]
    table = pd.DataFrame(rows, columns=["phrase", "group", "rule"]).drop_duplicates(["phrase", "group"])
    return table.astype({"phrase": "string", "group": "string", "rule": "string"}).reset_index(drop=True)


def self_reference_rules(terms: pd.Series, groups: pd.Series, references: pd.DataFrame) -> pd.Series:
    """For each ``terms[i]`` of group ``groups[i]``: the rule of :func:`self_references` that makes it one, else missing.

    Each distinct term is read once, so a table of millions of rows is quick.
    """
    everywhere: dict[str, str] = {}
    own: dict[tuple[str, str], str] = {}
    for phrase, group, rule in references[["phrase", "group", "rule"]].itertuples(index=False):
        if pd.isna(group):
            everywhere.setdefault(str(phrase), str(rule))
        else:
            own.setdefault((str(group), str(phrase)), str(rule))
    own_phrases = {phrase for _, phrase in own}
    longest = max((len(p.split()) for p in references["phrase"].astype(str)), default=1)

    def runs(term: str) -> tuple[str | None, tuple[str, ...]]:
        words = term.lower().split()
        found = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + longest) + 1)]
        rule = next((everywhere[run] for run in found if run in everywhere), None)
        return rule, tuple(run for run in found if run in own_phrases)

    codes, distinct = pd.factorize(terms.astype(str))
    read = [runs(term) for term in distinct]
    rules: list[str | None] = []
    for code, group in zip(codes, groups.astype(str)):
        rule, mine = read[code] if code >= 0 else (None, ())
        if rule is None and mine:
            rule = next((own[(group, run)] for run in mine if (group, run) in own), None)
        rules.append(rule)
    return pd.Series(rules, index=terms.index, dtype="string")


def drop_self_references(table: pd.DataFrame, references: pd.DataFrame, *,
                         by: str = "source") -> tuple[pd.DataFrame, pd.DataFrame]:
    """``table`` (any table of terms grouped ``by``) without the rows whose term is a self-reference, and those rows.

    See :func:`self_references`. Returns ``(kept, left_out)``: ``kept`` has the
    columns of ``table``; ``left_out`` has ``by``, ``term`` and ``rule`` (string:
    the rule that leaves the term out), for a caption to count.
    """
    require_columns(table, [by, "term"], what="terms", fix="pass a table of terms grouped by source", error=TermsError)
    rules = self_reference_rules(table["term"], table[by], references)
    dropped = rules.notna().to_numpy()
    left_out = table.loc[dropped, [by, "term"]].assign(rule=rules[dropped]).reset_index(drop=True)
    return table.loc[~dropped], left_out


# ------------------------------------------------------------ framing before and after furniture removal


def _restored(articles: pd.DataFrame, fragments: pd.DataFrame) -> pd.Series:
    """Each article's text as read, before in-text furniture was removed (``fragments`` put back in place)."""
    texts = articles["text"].astype(str)
    if fragments is None or fragments.empty:
        return texts
    removed = fragments.sort_values(["doc_id", "start"], kind="stable").groupby(fragments["doc_id"].astype(str))
    by_doc = {doc: list(zip(rows["start"], rows["end"], rows["fragment"])) for doc, rows in removed}
    return pd.Series([restore_text(text, by_doc[str(doc)]) if str(doc) in by_doc else text
                      for doc, text in zip(articles["doc_id"], texts)], index=articles.index)


@returns("framing_before_removal")
def framing_before_removal(
    articles: pd.DataFrame,
    fragments: pd.DataFrame,
    *,
    by: str = "source",
    markers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`framing_markers` of the texts as read beside those after furniture removal, and what removed the difference.

    ``articles`` are the loaded articles (texts after in-text furniture and the
    repetition rule were removed) and ``fragments`` the loader's fragment report
    (``doc_id``, ``start``, ``end``, ``rule``, ``fragment``): putting the fragments
    back gives the texts as read. A stock paragraph the repetition rule takes out of
    hundreds of an outlet's articles can hold hundreds of an outlet's "Kiev".

    The table is :func:`framing_markers`' with three columns more (below).
    """
    markers = load_framing_markers() if markers is None else check_framing_markers(markers)
    after = framing_markers(articles, by=by, markers=markers)
    before = framing_markers(articles.assign(text=_restored(articles, fragments)), by=by, markers=markers)
    keys = [by, "concept", "variant"]
    table = after.merge(before[[*keys, "count"]].rename(columns={"count": "count_raw"}), on=keys, how="left")
    scanner = _MarkerScanner(markers["regex"].tolist())
    groups = dict(zip(articles["doc_id"].astype(str), _group_labels(articles, by)))
    removed: Counter[tuple[str, str, str]] = Counter()
    variants = markers["variant"].tolist()
    concepts = markers["concept"].tolist()
    if fragments is not None and len(fragments):
        for doc, rule, fragment in zip(fragments["doc_id"].astype(str), fragments["rule"], fragments["fragment"]):
            if doc not in groups:
                continue
            for index, n in scanner.counts(str(fragment)).items():
                removed[(groups[doc], f"{concepts[index]}\0{variants[index]}", str(rule))] += n
    by_variant: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for (group, variant, rule), n in removed.items():
        by_variant[(group, variant)].append((rule, n))
    described = [sorted(by_variant.get((str(g), f"{c}\0{v}"), []), key=lambda rn: (-rn[1], rn[0]))
                 for g, c, v in zip(table[by], table["concept"], table["variant"])]
    table["count_raw"] = table["count_raw"].fillna(0).astype("int64")
    table["count_removed"] = pd.Series([sum(n for _, n in parts) for parts in described], index=table.index, dtype="int64")
    table["removed_by"] = pd.Series(["; ".join(f"{rule} {n:,}" for rule, n in parts) for parts in described],
                                    index=table.index, dtype="string")
    return conform(table, "framing_before_removal", group=by)
