"""One call from a corpus to every table the reports use: cached, parallel, and on Dask.

``analyze(corpus)`` loads the corpus (or takes loaded articles), splits every
article into sentences, scores them with VADER, tokenises them, finds the
actors they name and the quotations they carry. The per-article work runs in chunks:

* ``engine="pandas"``: chunks of articles over a pool of processes on this
  machine (all cores by default), streamed so that only the results are held;
* ``engine="dask"``: the same chunk functions as ``map_partitions`` over a Dask
  DataFrame on a ``dask.distributed`` cluster (a ``LocalCluster`` by default, or
  the scheduler address given), for corpora beyond one machine.

Both give identical tables, identical to one process. With a ``cache_dir`` the
loaded corpus is cached under a hash of its files' bytes, and each stage's rows
are cached per article under a hash of the article's id and text, the stage's
parameters and the library's source: an unchanged corpus loads from the cache,
and a changed article recomputes only that article (see :mod:`analysis.engine.cache`).

Two ways to the tables:

* ``analyze(corpus)`` returns an :class:`Analysis` holding every table whole:
  simple, but its memory grows with the number of sentences;
* ``prepare(corpus)`` computes what the cache lacks (written chunk by chunk as it
  arrives) and returns an :class:`AnalysisStore`: the loaded corpus and the
  per-article cache, read a chunk of articles at a time with
  :meth:`AnalysisStore.chunks`. The reports fold those chunks into aggregates
  (:mod:`analysis.engine.aggregates`), so a report kernel never holds a per-sentence
  table. ``analyze`` is ``prepare(...).collect()``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from analysis.core.checks import positive_int, process_count, require_columns
from analysis.core.config import PACKAGE_DIR
from analysis.core.errors import PipelineError
from analysis.core.parallel import parallel_map
from analysis.core.progress import progress_bar
from analysis.core.schema import conform, empty, typed
from analysis.engine.cache import ARTICLE_KEY, DEFAULT_CACHE_DIR, ArticleCache, ArticleReader, TableCache, article_keys, fingerprint
from analysis.io.duplicates import dedupe as keep_first_of_groups
from analysis.io.duplicates import near_duplicates
from analysis.io.language import DETECT, is_english
from analysis.io.load import LoadedCorpus, filter_articles, input_files, read_corpus
from analysis.io.records import shown
from analysis.measures.actors import find_mentions, load_actors
from analysis.measures.quotes.extract import find_quotes
from analysis.measures.quotes.speech import load_speech_words
from analysis.measures.sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD, label_scores, score_sentences
from analysis.measures.tone import mention_tone
from analysis.text.splitter import split_sentences
from analysis.text.tokens import tokenize

Engine = Literal["pandas", "dask"]
#: Each per-article stage of ``analyze`` and the table (:mod:`analysis.core.schema`) its rows form.
STAGES = {"sentences": "sentence_scores", "sentence_tokens": "sentence_tokens", "mentions": "toned_mentions", "quotes": "quotes"}
_ROW_ORDER = {"sentences": "sentence_id", "sentence_tokens": "sentence_id", "mentions": "start", "quotes": "start"}
SpeechWordsPath = str | Path | None


@dataclass(frozen=True)
class Analysis:
    """Every table the reports use, for one corpus.

    ``articles``: see :func:`analysis.load_corpus`. ``cleaning``: see
    :func:`analysis.cleaning_report` (empty when ``analyze`` was given a table).
    ``skipped``: ``path``, ``doc_id``, ``reason`` of everything left out.
    ``sentences``: :func:`analysis.score_sentences` of every article (table
    ``scored_sentences`` of :mod:`analysis.core.schema`). ``sentence_tokens``: one row
    per sentence, its :func:`analysis.tokenize` tokens with numbers kept, joined
    by spaces (what :func:`analysis.term_frequencies` reads as ``sentence_tokens=``).
    ``mentions``: :func:`analysis.find_mentions` of every article, with ``tone`` and
    ``tone_label`` toward each person (:func:`analysis.measures.tone.mention_tone`).
    ``quotes``: :func:`analysis.find_quotes` of every article.
    ``fragments``: what furniture removal took from inside each article, and
    ``duplicates``: each article's near-duplicate group (see
    :class:`analysis.LoadedCorpus`). Rows follow the order of ``articles``. The
    texts analysed are the bodies: titles are not scored, tokenised or searched.
    """

    articles: pd.DataFrame
    cleaning: pd.DataFrame
    skipped: pd.DataFrame
    fragments: pd.DataFrame
    duplicates: pd.DataFrame
    sentences: pd.DataFrame
    sentence_tokens: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame

    def select(
        self,
        *,
        sources: Iterable[str] | None = None,
        start: str | pd.Timestamp | None = None,
        end: str | pd.Timestamp | None = None,
        dedupe: bool = False,
    ) -> Analysis:
        """The same analysis restricted to some sources and dates (see :func:`analysis.filter_articles`).

        ``dedupe=True`` then keeps one article per near-duplicate group, the
        earliest selected (:func:`analysis.io.duplicates.dedupe`), so that a story
        reprinted by several outlets counts once; ``articles.attrs["deduplicated"]``
        says how many were left out. Every other table keeps the rows of the
        articles kept (``duplicates`` keeps its rows as computed on the whole corpus).
        """
        articles = select_articles(self.articles, self.duplicates, sources=sources, start=start, end=end, dedupe=dedupe)
        keep = set(articles["doc_id"])
        tables = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("articles", "skipped")}
        return replace(self, articles=articles,
                       **{name: table[table["doc_id"].isin(keep)].reset_index(drop=True) for name, table in tables.items()})


def select_articles(
    articles: pd.DataFrame,
    duplicates: pd.DataFrame,
    *,
    sources: Iterable[str] | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    dedupe: bool = False,
) -> pd.DataFrame:
    """The rows of ``articles`` of some sources and dates, one per near-duplicate group with ``dedupe`` (see :meth:`Analysis.select`)."""
    selected = filter_articles(articles, sources=sources, start=start, end=end)
    return keep_first_of_groups(selected, duplicates) if dedupe else selected


# ----------------------------------------------------------------- chunk functions


def sentences_part(articles: pd.DataFrame) -> pd.DataFrame:
    """The sentences of a chunk of articles, scored (VADER's four scores, no label)."""
    scored = score_sentences(split_sentences(articles), n_jobs=1, progress=False)
    return scored.drop(columns="label")


def sentence_tokens_part(sentences: pd.DataFrame) -> pd.DataFrame:
    """Each sentence's tokens (numbers kept), joined by spaces."""
    joined = [" ".join(tokenize(text, keep_numbers=True)) for text in sentences["text"]]
    return pd.DataFrame({"doc_id": sentences["doc_id"], "sentence_id": sentences["sentence_id"], "tokens": joined})


def mentions_part(articles: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """The actor mentions of a chunk of articles, placed in their sentences, with the tone toward each (:func:`analysis.tone_toward`)."""
    return conform(mention_tone(find_mentions(articles, actors, sentences=sentences, progress=False), sentences), "toned_mentions")


def quotes_part(articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, actors: pd.DataFrame,
                speech_words: SpeechWordsPath) -> pd.DataFrame:
    """The quotations of a chunk of articles, attributed to the actors of ``mentions``."""
    return find_quotes(articles, actors, sentences=sentences, mentions=mentions, speech_words=speech_words, progress=False)


def stage_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles every per-article stage reads: the English ones (:func:`analysis.io.language.is_english`).

    Scores, tokens, mentions and quotations rest on English word lists; an article in
    another language gets no row in any stage, and the reports count it apart.
    """
    return articles.loc[is_english(articles).to_numpy()]


def process_chunk(articles: pd.DataFrame, actors: pd.DataFrame, speech_words: SpeechWordsPath = None) -> dict[str, pd.DataFrame]:
    """Every stage's rows for one chunk of articles (``doc_id``, ``text``)."""
    scored = sentences_part(articles)
    mentions = mentions_part(articles, scored, actors)
    return {"sentences": scored, "sentence_tokens": sentence_tokens_part(scored), "mentions": mentions,
            "quotes": quotes_part(articles, scored, mentions, actors, speech_words)}


# ------------------------------------------------------------------------- engines


def _chunks(articles: pd.DataFrame, chunk_size: int) -> list[pd.DataFrame]:
    return [articles.iloc[i : i + chunk_size] for i in range(0, len(articles), chunk_size)]


def _run_pandas(todo: pd.DataFrame, actors: pd.DataFrame, speech_words: SpeechWordsPath, *, n_jobs: int, chunk_size: int,
                progress: bool) -> Iterator[tuple[pd.DataFrame, dict[str, pd.DataFrame]]]:
    """``(chunk, tables)`` for each chunk, in order, computed over ``n_jobs`` processes."""
    chunks = _chunks(todo, chunk_size)
    with progress_bar(total=len(todo), desc="Analysing articles", unit="article", disable=not progress) as bar:
        for chunk, tables in zip(chunks, parallel_map(process_chunk, chunks, [actors] * len(chunks), [speech_words] * len(chunks),
                                                      n_jobs=n_jobs)):
            bar.update(len(chunk))
            yield chunk, tables


def _run_dask(todo: pd.DataFrame, actors: pd.DataFrame, speech_words: SpeechWordsPath, *, n_jobs: int, chunk_size: int,
              scheduler: str | None, progress: bool) -> Iterator[tuple[pd.DataFrame, dict[str, pd.DataFrame]]]:
    """The same tables as ``_run_pandas``, as Dask ``map_partitions`` on a distributed cluster."""
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    npartitions = max(1, -(-len(todo) // chunk_size))
    meta = {name: empty(STAGES[name]) for name in STAGES}
    with dask.config.set({"dataframe.convert-string": False}):
        parts = dd.from_pandas(todo, npartitions=npartitions, sort=False)
        scored = parts.map_partitions(sentences_part, meta=meta["sentences"])
        tokens = scored.map_partitions(sentence_tokens_part, meta=meta["sentence_tokens"])
        mentions = dd.map_partitions(mentions_part, parts, scored, actors, meta=meta["mentions"], align_dataframes=False)
        quotes = dd.map_partitions(quotes_part, parts, scored, mentions, actors, speech_words, meta=meta["quotes"],
                                   align_dataframes=False)
        with contextlib.ExitStack() as stack:
            cluster = scheduler or stack.enter_context(
                LocalCluster(n_workers=n_jobs, threads_per_worker=1, processes=True, dashboard_address=None))
            client = stack.enter_context(Client(cluster))
            if progress:
                print(f"Dask: {npartitions} partitions on {client.scheduler.address}", flush=True)
            computed = dask.compute(scored, tokens, mentions, quotes)
    yield todo, dict(zip(STAGES, computed, strict=True))


# ------------------------------------------------------------------------- loading


@lru_cache(maxsize=1)
def library_fingerprint() -> str:
    """A hash of the library's computing source and resources: cache entries die with any change to them.

    The presentation layers (``viz/``, ``reports/``) do not shape the cached tables and are left out.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        parts = path.relative_to(PACKAGE_DIR).parts
        if path.is_file() and path.suffix != ".pyc" and not {"__pycache__", "viz", "reports"} & set(parts):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _corpus_key(path: Path, options: Mapping[str, Any]) -> str:
    """A hash of every file loading reads for ``path`` (the manifest included) and of the load options."""
    digest = hashlib.sha256()
    for file in input_files(path, manifest=options.get("manifest"), follow_links=bool(options.get("follow_links"))):
        digest.update(shown(file.resolve()).encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return fingerprint(digest.hexdigest(), {k: str(v) for k, v in options.items()}, library_fingerprint())


def _near_duplicates(articles: pd.DataFrame, cache_dir: Path | None) -> pd.DataFrame:
    """:func:`analysis.io.duplicates.near_duplicates` of an articles table, cached under a hash of the columns it reads."""
    if cache_dir is None:
        return near_duplicates(articles)
    read = pd.util.hash_pandas_object(articles[["doc_id", "text", "source", "published"]].astype("string"), index=False)
    cache = TableCache(cache_dir, "duplicates", fingerprint(hashlib.sha256(read.to_numpy().tobytes()).hexdigest(),
                                                           library_fingerprint()))
    cached = cache.read(["duplicates"])
    if cached is not None:
        return cached["duplicates"]
    duplicates = near_duplicates(articles)
    cache.write({"duplicates": duplicates})
    return duplicates


def _load(corpus: str | Path | LoadedCorpus | pd.DataFrame, cache_dir: Path | None, progress: bool,
          load_options: Mapping[str, Any]) -> tuple[LoadedCorpus, str | None]:
    """The loaded corpus, and the key of its entry in the corpus cache (None when it has none)."""
    if isinstance(corpus, LoadedCorpus):
        return corpus, None
    if isinstance(corpus, pd.DataFrame):
        require_columns(corpus, ["doc_id", "text"], what="articles",
                        fix="pass analysis.load_corpus's table or a path", error=PipelineError)
        skipped = pd.DataFrame(corpus.attrs.get("skipped", []), columns=list(empty("skipped").columns))
        defaults = {"source": pd.NA, "title": pd.NA, "published": pd.NaT, "published_inferred": False}
        known = typed(corpus.assign(**{c: v for c, v in defaults.items() if c not in corpus.columns}), "articles")
        return LoadedCorpus(known, empty("cleaning"), conform(skipped, "skipped"), empty("fragments"),
                            _near_duplicates(known, cache_dir)), None
    path = Path(corpus).expanduser()
    if cache_dir is None or not path.exists():
        return read_corpus(path, progress=progress, **load_options), None
    key = _corpus_key(path, load_options)
    cache = TableCache(cache_dir, "corpus", key)
    names = [f.name for f in fields(LoadedCorpus)]
    cached = cache.read(names)
    if cached is not None:
        return LoadedCorpus(**cached), key
    loaded = read_corpus(path, progress=progress, **load_options)
    cache.write({name: getattr(loaded, name) for name in names})
    return loaded, key


# ------------------------------------------------------------------------- analyze


def _ordered(name: str, table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``table`` sorted into the articles' order, then by position within each article."""
    position = pd.Series(range(len(articles)), index=articles["doc_id"])
    order = table["doc_id"].map(position)
    return (table.assign(_order=order.to_numpy()).sort_values(["_order", _ROW_ORDER[name]], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


class _HeldRows:
    """A stage's rows held in memory (no cache folder), with the reading interface of :class:`ArticleReader`."""

    def __init__(self, rows: pd.DataFrame) -> None:
        self._rows = rows
        self._positions = rows.groupby(ARTICLE_KEY, sort=False).indices if len(rows) else {}

    def missing(self, keys: Iterable[str]) -> set[str]:
        return {key for key in keys if key not in self._positions}

    def read(self, keys: Iterable[str]) -> pd.DataFrame:
        found = [self._positions[key] for key in keys if key in self._positions]
        return self._rows.iloc[np.concatenate(found)] if found else self._rows.iloc[:0]


#: Options of :func:`analysis.read_corpus` that :class:`AnalysisOptions` passes on when loading a corpus path.
LOAD_OPTIONS = ("manifest", "columns", "where", "remove_furniture", "remove_repeated", "on_error", "follow_links", "language")
_LOAD_DEFAULTS = {"on_error": "skip", "remove_furniture": True, "remove_repeated": True}


def _is_read_default(name: str, value: Any) -> bool:
    """Whether loading option ``name`` is given as :func:`analysis.read_corpus`'s default (no filter, no column map,
    languages detected): left out of :attr:`AnalysisOptions.load`, so that giving the default changes no key (a
    notebook passing ``language="detect"`` opens the run's store instead of loading the corpus again)."""
    return (name in ("where", "columns") and not value) or (name == "language" and str(value).strip().lower() == DETECT)


@dataclass(frozen=True)
class AnalysisOptions:
    """Every option of one analysis, in one frozen object that the :class:`AnalysisStore` owns.

    What the stages compute (and so each stage's cache key, :meth:`stage_key`):
    ``actors`` (the table of :func:`analysis.load_actors`; give a path or entries to
    :meth:`from_keywords`), ``speech_words`` (a speech-word list for quotations, see
    :func:`analysis.measures.quotes.speech.load_speech_words`; None: the shipped one).
    ``positive``, ``negative``: the VADER label cut-offs (see :func:`analysis.label_scores`),
    applied when reading, so not part of any key. How the work runs: ``engine``
    (``"pandas"``: processes on this machine; ``"dask"``: a ``dask.distributed`` cluster at
    ``scheduler``, or a ``LocalCluster``), ``n_jobs`` (processes or Dask workers for every
    step, computing and folding; None: every core this process may use), ``chunk_size``
    (articles per pool task or Dask partition), ``cache_dir`` (the Parquet cache, default
    ``data/interim/cache``; None computes everything and keeps it in memory),
    ``progress``. How a corpus path loads: ``load`` (the options of
    :func:`analysis.read_corpus` named in :data:`LOAD_OPTIONS`, e.g. ``where``, ``columns``,
    ``manifest``; ``on_error`` is ``"skip"`` unless given, so bad files are recorded in
    ``skipped``).
    """

    actors: pd.DataFrame = field(default_factory=load_actors, compare=False, repr=False)
    speech_words: str | None = None
    positive: float = POSITIVE_THRESHOLD
    negative: float = NEGATIVE_THRESHOLD
    engine: Engine = "pandas"
    n_jobs: int | None = None
    chunk_size: int = 200
    scheduler: str | None = None
    cache_dir: Path | None = DEFAULT_CACHE_DIR
    progress: bool = True
    load: Mapping[str, Any] = field(default_factory=lambda: dict(_LOAD_DEFAULTS))

    def __post_init__(self) -> None:
        if self.engine not in ("pandas", "dask"):
            raise PipelineError(f"engine={self.engine!r}: use 'pandas' (this machine) or 'dask' (a dask.distributed cluster).")
        positive_int("chunk_size", self.chunk_size, error=PipelineError)
        process_count(self.n_jobs, error=PipelineError)
        label_scores(pd.DataFrame({"compound": []}), positive=self.positive, negative=self.negative)  # checks the cut-offs
        unknown = sorted(set(self.load) - set(LOAD_OPTIONS))
        if unknown:
            raise PipelineError(f"unknown option(s) {unknown}: the options are {sorted(_OPTION_NAMES)} and the loading "
                                f"options {list(LOAD_OPTIONS)}.")

    @classmethod
    def from_keywords(cls, **keywords: Any) -> AnalysisOptions:
        """The options named in ``keywords`` (the fields, plus loading options by name); the rest as defaults.

        ``actors`` may be anything :func:`analysis.load_actors` takes; ``cache_dir`` and
        ``speech_words`` a path. Raises :class:`PipelineError` naming an unknown option.
        """
        fields_ = {k: v for k, v in keywords.items() if k in _OPTION_NAMES}
        given = {k: v for k, v in keywords.items() if k not in _OPTION_NAMES and v is not None}
        load = {**_LOAD_DEFAULTS, **{k: v for k, v in given.items() if not _is_read_default(k, v)}}
        if isinstance(load.get("columns"), Mapping):
            load["columns"] = dict(load["columns"])
        fields_["actors"] = load_actors(fields_.get("actors"))
        if fields_.get("speech_words") is not None:
            fields_["speech_words"] = str(Path(fields_["speech_words"]).expanduser())
        if fields_.get("cache_dir") is not None:
            fields_["cache_dir"] = Path(fields_["cache_dir"])
        return cls(**fields_, load=load)

    def replace(self, **keywords: Any) -> AnalysisOptions:
        """These options with some changed (named as in :meth:`from_keywords`)."""
        current = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "load"}
        return AnalysisOptions.from_keywords(**{**current, **dict(self.load), **keywords})

    @property
    def jobs(self) -> int:
        """The number of processes or workers: ``n_jobs``, or every core this process may use."""
        return process_count(self.n_jobs, error=PipelineError)

    @property
    def loads_as_given(self) -> bool:
        """Whether the loading options are the defaults (a loaded corpus or a table can then be taken as it is)."""
        return not self.load.get("where") and bool(self.load.get("remove_furniture", True)) and bool(
            self.load.get("remove_repeated", True))

    def stage_key(self, name: str) -> str:
        """The cache key of stage ``name``: a hash of what its rows depend on besides the article (the library's
        source, the actor list for mentions and quotations, the speech words for quotations)."""
        parts: dict[str, tuple[Any, ...]] = {
            "sentences": (), "sentence_tokens": (), "mentions": (self.actors.to_json(),),
            "quotes": (self.actors.to_json(), load_speech_words(self.speech_words).key()),
        }
        return fingerprint(name, *parts[name], library_fingerprint())

    def to_json(self) -> dict[str, Any]:
        """The options as JSON-ready values (what a run manifest records); :meth:`from_json` reads them back."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["actors"] = [{k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}
                            for row in self.actors.to_dict("records")]
        values["cache_dir"] = None if self.cache_dir is None else str(self.cache_dir)
        values["load"] = dict(self.load)
        return values

    @classmethod
    def from_json(cls, values: Mapping[str, Any]) -> AnalysisOptions:
        """The options :meth:`to_json` wrote."""
        return cls.from_keywords(**{k: v for k, v in values.items() if k != "load"}, **values.get("load", {}))


_OPTION_NAMES = frozenset(f.name for f in fields(AnalysisOptions)) - {"load"}


@dataclass(frozen=True)
class AnalysisStore:
    """An analysed corpus whose per-sentence tables stay in the per-article cache, read a chunk of articles at a time.

    :func:`prepare` makes it: the corpus loaded (``loaded``), every article's
    stages computed and written to the cache. :meth:`chunks` then yields each
    chunk of articles with its stages' rows (what :func:`analysis.engine.aggregates.aggregate`
    folds into report tables, holding one chunk at a time); :meth:`collect`
    concatenates them into an :class:`Analysis`, the whole tables of
    :func:`analyze`. ``keys``: each article's cache key; ``options``: the
    :class:`AnalysisOptions` the stages were computed with (a chunk missing from the
    cache is computed again with the same ones). Without a cache folder
    (``cache_dir=None``) the stages' rows are held in memory instead.
    """

    corpus: LoadedCorpus
    keys: pd.Series
    stages: Mapping[str, ArticleCache | pd.DataFrame]
    options: AnalysisOptions = field(default_factory=AnalysisOptions)
    run: _Run | None = None

    @property
    def articles(self) -> pd.DataFrame:
        """The loaded articles (see :func:`analysis.load_corpus`)."""
        return self.corpus.articles

    @cached_property
    def loaded(self) -> LoadedCorpus:
        """The loaded corpus; a store opened from a run manifest reads its cleaning report and fragments from the
        corpus cache only when first asked for (most reports never need them)."""
        if self.run is None or not self.run.lazy or self.options.cache_dir is None:
            return self.corpus
        cached = TableCache(self.options.cache_dir, "corpus", self.run.corpus_key).read(list(_LAZY_CORPUS_TABLES))
        if cached is None:
            raise PipelineError(f"the corpus cache entry {self.run.corpus_key} is gone; render again, or prepare {self.run.corpus}.")
        return replace(self.corpus, **cached)

    @property
    def actors(self) -> pd.DataFrame:
        """The actor list of the mentions and quotations."""
        return self.options.actors

    @property
    def positive(self) -> float:
        return self.options.positive

    @property
    def negative(self) -> float:
        return self.options.negative

    @property
    def n_jobs(self) -> int:
        """Processes or Dask workers for the work on this store (the options' ``n_jobs``, or every core)."""
        return self.options.jobs

    def with_labels(self, *, positive: float, negative: float) -> AnalysisStore:
        """The same store with other label cut-offs (labels are made when reading, so nothing is recomputed)."""
        return replace(self, options=replace(self.options, positive=positive, negative=negative))

    def select(self, *, sources: Iterable[str] | None = None, start: str | pd.Timestamp | None = None,
               end: str | pd.Timestamp | None = None, dedupe: bool = False) -> pd.DataFrame:
        """The articles of some sources and dates, as :meth:`Analysis.select` keeps them."""
        return select_articles(self.articles, self.corpus.duplicates, sources=sources, start=start, end=end, dedupe=dedupe)

    def subset(self, articles: pd.DataFrame, *, stages: Iterable[str] = tuple(STAGES)) -> AnalysisStore:
        """A store of ``articles`` (some of this one's) and ``stages`` only: small to send to a Dask worker, which
        reads the same cache (the stages' rows held in memory are cut to those articles)."""
        positions = pd.Index(self.articles["doc_id"]).get_indexer(articles["doc_id"])
        if (positions < 0).any():
            raise PipelineError("subset: some articles are not in the store; pick them from store.articles.")
        keys = self.keys.iloc[positions]
        names = list(stages)
        held = {name: self.stages[name] for name in names}
        for name, stage in held.items():
            if isinstance(stage, pd.DataFrame):
                held[name] = stage[stage[ARTICLE_KEY].isin(set(keys))].reset_index(drop=True)
        loaded = LoadedCorpus(articles.reset_index(drop=True), empty("cleaning"), empty("skipped"), empty("fragments"),
                              empty("duplicates"))
        return AnalysisStore(corpus=loaded, keys=keys.reset_index(drop=True), stages=held, options=self.options)

    def chunks(
        self,
        articles: pd.DataFrame | None = None,
        *,
        chunk_size: int = 500,
        stages: Iterable[str] = tuple(STAGES),
    ) -> Iterator[tuple[pd.DataFrame, dict[str, pd.DataFrame]]]:
        """``(chunk, tables)`` for each chunk of ``chunk_size`` of ``articles`` (default: all), in their order.

        ``tables`` maps each of ``stages`` to its rows for the chunk's articles, ordered as in
        :func:`analyze` (``sentences`` labelled at the store's cut-offs). A chunk with an article missing
        from the cache (deleted meanwhile) is computed again, with the store's options.
        """
        articles = self.articles if articles is None else articles
        positive_int("chunk_size", chunk_size, error=PipelineError)
        names = list(stages)
        key_of = dict(zip(self.articles["doc_id"], self.keys, strict=True))
        readers = {name: _reader(self.stages[name]) for name in names}
        for first in range(0, len(articles), chunk_size):
            chunk = articles.iloc[first : first + chunk_size]
            keys = [key_of[d] for d in stage_articles(chunk)["doc_id"]]
            if any(readers[name].missing(keys) for name in names):
                tables = process_chunk(stage_articles(chunk)[["doc_id", "text"]], self.actors, self.options.speech_words)
            else:
                tables = {name: readers[name].read(keys).drop(columns=ARTICLE_KEY) for name in names}
            ordered = {name: _ordered(name, conform(tables[name], STAGES[name]), chunk) for name in names}
            if "sentences" in ordered:
                ordered["sentences"] = label_scores(ordered["sentences"], positive=self.positive, negative=self.negative)
            yield chunk, ordered

    def collect(self, *, chunk_size: int = 2_000) -> Analysis:
        """Every table whole, as :func:`analyze` returns them."""
        parts: dict[str, list[pd.DataFrame]] = {name: [] for name in STAGES}
        for _, tables in self.chunks(chunk_size=chunk_size):
            for name, table in tables.items():
                parts[name].append(table)
        computed = {name: pd.concat(tables, ignore_index=True) if tables else empty(STAGES[name]) for name, tables in parts.items()}
        if not parts["sentences"]:  # no article: the empty table still has its label column
            computed["sentences"] = label_scores(computed["sentences"], positive=self.positive, negative=self.negative)
        loaded = self.loaded
        return Analysis(articles=loaded.articles, cleaning=loaded.cleaning, skipped=loaded.skipped, fragments=loaded.fragments,
                        duplicates=loaded.duplicates, **computed)


    def write_manifest(self) -> Path:
        """Write the run manifest of this store into its cache folder and return its path.

        The manifest (JSON) names the corpus, the key of the loaded corpus in the cache and the
        options: :func:`open_store` opens the same store from it without reading or hashing the
        corpus files again (what each report notebook of a render does). Only a store prepared
        from a corpus path with a cache folder has one.
        """
        if self.run is None or self.options.cache_dir is None:
            raise PipelineError("write_manifest: only a store prepared from a corpus path with a cache folder has a run "
                                "manifest; give prepare() a path and a cache_dir.")
        record = {"corpus": self.run.corpus, "corpus_key": self.run.corpus_key, "n_articles": len(self.articles),
                  "options": self.options.to_json()}
        text = json.dumps(record, sort_keys=True, default=str)
        path = self.options.cache_dir / "runs" / f"{fingerprint(text)}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        return path


#: Tables of the loaded corpus that a store opened from a run manifest reads only when asked for.
_LAZY_CORPUS_TABLES = ("cleaning", "fragments")


@dataclass(frozen=True)
class _Run:
    """Where a store's loaded corpus is: the corpus path and the key of its entry in the corpus cache."""

    corpus: str
    corpus_key: str
    lazy: bool = False


def open_store(manifest: str | Path, **keywords: Any) -> AnalysisStore:
    """The store a run manifest (:meth:`AnalysisStore.write_manifest`) names, without reading the corpus files.

    ``keywords`` change options as in :func:`prepare`: label cut-offs apply as the store is
    read; any option that changes what a stage computes or how the corpus loads (another
    actor list, ``where=``) prepares the corpus again with those options (computing only
    what the cache lacks). A manifest whose cached corpus is gone is prepared again too.
    """
    path = Path(manifest)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        recorded = AnalysisOptions.from_json(record["options"])
        corpus, corpus_key = str(record["corpus"]), str(record["corpus_key"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PipelineError(f"run manifest {path}: cannot be read ({error}); render the reports again, or open the "
                            "corpus by its path.") from error
    options = recorded.replace(**keywords) if keywords else recorded
    same = (dict(options.load) == dict(recorded.load)
            and all(options.stage_key(name) == recorded.stage_key(name) for name in STAGES))
    held = [f.name for f in fields(LoadedCorpus) if f.name not in _LAZY_CORPUS_TABLES]
    cached = TableCache(options.cache_dir, "corpus", corpus_key).read(held) if same else None
    if cached is None:
        return prepare(corpus, options)
    loaded = LoadedCorpus(**cached, **{name: empty(name) for name in _LAZY_CORPUS_TABLES})
    keys = article_keys(loaded.articles)
    stages = {name: ArticleCache(options.cache_dir, name, options.stage_key(name)) for name in STAGES}
    return AnalysisStore(corpus=loaded, keys=keys, stages=stages, options=options, run=_Run(corpus, corpus_key, lazy=True))


def _reader(stage: ArticleCache | pd.DataFrame) -> ArticleReader | _HeldRows:
    return _HeldRows(stage) if isinstance(stage, pd.DataFrame) else stage.reader()


def prepare(
    corpus: str | Path | LoadedCorpus | pd.DataFrame,
    options: AnalysisOptions | None = None,
    **keywords: Any,
) -> AnalysisStore:
    """Load ``corpus`` and compute what the cache lacks, without holding the per-sentence tables.

    ``corpus``: a corpus path (loaded with :func:`analysis.read_corpus` and the loading
    options), a :class:`analysis.LoadedCorpus`, or an articles table. The options are
    ``options`` (an :class:`AnalysisOptions`), with ``keywords`` changing some of them
    (see :class:`AnalysisOptions` for every name, e.g. ``actors=``, ``cache_dir=``,
    ``n_jobs=``, ``where=``). The articles not cached are computed chunk by chunk and
    written to the cache as each chunk arrives; only the loaded corpus is held. Returns
    the :class:`AnalysisStore` to read the tables from (chunk by chunk, or whole with
    :meth:`AnalysisStore.collect`).
    """
    options = options.replace(**keywords) if options is not None and keywords else (
        options or AnalysisOptions.from_keywords(**keywords))
    if isinstance(corpus, (LoadedCorpus, pd.DataFrame)) and not options.loads_as_given:
        raise PipelineError("where=, remove_furniture= and remove_repeated= apply when loading: pass a corpus path, "
                            "or load it with analysis.read_corpus(path, where=...) and pass the result.")
    cache_root = options.cache_dir
    loaded, corpus_key = _load(corpus, cache_root, options.progress, options.load)
    articles = loaded.articles
    keys = article_keys(articles)
    key_of = dict(zip(articles["doc_id"], keys, strict=True))
    analysed = keys[is_english(articles).to_numpy()]
    caches = {name: ArticleCache(cache_root, name, options.stage_key(name)) for name in STAGES} if cache_root else {}
    missing = {name: caches[name].reader().missing(analysed) if caches else set(analysed) for name in STAGES}
    todo_keys = set().union(*missing.values())
    todo = articles.loc[keys.isin(todo_keys).to_numpy(), ["doc_id", "text"]]
    if options.progress:
        done = ", ".join(f"{name} {len(analysed) - len(missing[name]):,}" for name in STAGES)
        other = f" ({len(articles) - len(analysed):,} not in English: not analysed)" if len(analysed) < len(articles) else ""
        tqdm.write(f"{len(articles):,} articles{other}; from the cache: {done}; to compute: {len(todo):,} ({options.engine} engine)")

    held: dict[str, list[pd.DataFrame]] = {name: [empty(STAGES[name]).assign(**{ARTICLE_KEY: pd.Series([], dtype=str)})]
                                           for name in STAGES}
    if len(todo):
        run: Callable[..., Iterator[tuple[pd.DataFrame, dict[str, pd.DataFrame]]]]
        run = _run_dask if options.engine == "dask" else _run_pandas
        extra = {"scheduler": options.scheduler} if options.engine == "dask" else {}
        for chunk, tables in run(todo, options.actors, options.speech_words, n_jobs=options.jobs, chunk_size=options.chunk_size,
                                 progress=options.progress, **extra):
            # this chunk's keys only: a map or isin over every article's key, per chunk, made a large corpus quadratic
            chunk_key_of = {d: key_of[d] for d in chunk["doc_id"]}
            for name in STAGES:
                table = conform(tables[name], STAGES[name])
                row_keys = table["doc_id"].map(chunk_key_of)
                wanted = [k for k in chunk_key_of.values() if k in missing[name]]
                needed = row_keys.isin(wanted).to_numpy()
                rows = table[needed].assign(**{ARTICLE_KEY: row_keys[needed]})
                if caches:
                    caches[name].write(rows, wanted)
                else:
                    held[name].append(rows)
    stages: dict[str, ArticleCache | pd.DataFrame] = (
        dict(caches) if caches else {name: pd.concat(parts, ignore_index=True) for name, parts in held.items()})
    return AnalysisStore(corpus=loaded, keys=keys, stages=stages, options=options,
                         run=_Run(str(Path(corpus).expanduser().resolve()), corpus_key) if corpus_key else None)


def analyze(
    corpus: str | Path | LoadedCorpus | pd.DataFrame,
    options: AnalysisOptions | None = None,
    **keywords: Any,
) -> Analysis:
    """Load ``corpus`` and compute every table the reports use, reusing the cache: ``prepare(...).collect()``.

    Arguments as :func:`prepare` (every option is described in :class:`AnalysisOptions`).
    The whole per-sentence tables are held in memory: for a large corpus, use
    :func:`prepare` and read them chunk by chunk, or fold them into report tables
    with :func:`analysis.engine.aggregates.aggregate`.

    Returns
    -------
    Analysis
        ``articles``, ``cleaning``, ``skipped``, ``fragments``, ``duplicates``,
        ``sentences``, ``sentence_tokens``, ``mentions``, ``quotes``: see :class:`Analysis`.
    """
    return prepare(corpus, options, **keywords).collect()
