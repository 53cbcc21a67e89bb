"""Report tables of quotations: who is quoted how much, in what tone, and at what length."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from analysis.core.checks import article_groups, require_columns
from analysis.core.errors import QuoteError
from analysis.core.schema import conform, empty, returns
from analysis.measures.actors import ActorsLike, actor_sentiment, load_actors
from analysis.measures.quotes.extract import KINDS
from analysis.measures.quotes.marks import DOUBLE_MARK
from analysis.measures.quotes.speakers import person_keys
from analysis.measures.sentiment import score_sentences
from analysis.measures.stats import grouped_bootstrap_ci, small_n
from analysis.text.splitter import sentence_spans
from analysis.text.tokens import count_words

#: The row of :func:`quote_counts` for quoted words of no listed actor (unlisted or unknown speakers).
OTHER_SPEAKERS = "(unlisted or unknown)"
#: The row of ``quote_counts(who="speaker")`` for quoted words of no named person (organisations, unnamed and unknown speakers).
UNNAMED_SPEAKERS = "(no named person)"
Who = Literal["actor", "country", "speaker"]


def _quote_groups(quotes: pd.DataFrame, articles: pd.DataFrame, by: str | None) -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """Quotations with their group column, the column's name, and each group's articles."""
    require_columns(quotes, ["doc_id", "quote", "kind", "actor"],
                    what="quotes",
                    fix="make it with analysis.find_quotes(articles)", error=QuoteError)
    docs, column = article_groups(articles, by, error=QuoteError)
    quoted = quotes.assign(doc_id=quotes["doc_id"].astype(str))
    unknown = sorted(set(quoted["doc_id"]) - set(docs["doc_id"]))
    if unknown:
        raise QuoteError(f"{int(quoted['doc_id'].isin(unknown).sum())} quotation(s) belong to {len(unknown)} article(s) not "
                         f"in the articles table (first: {unknown[:3]}); pass the articles the quotations were found in.")
    return quoted.merge(docs, on="doc_id", how="left", validate="many_to_one"), column, docs


def speaker_persons(quotes: pd.DataFrame) -> pd.Series:
    """Each quotation's person as :func:`quote_counts` counts them with ``who="speaker"``: the actor for a listed one,
    else the person of the ``speaker`` column, names written alone joined to the one fuller name that ends with them
    across ``quotes`` (:func:`analysis.measures.quotes.speakers.person_keys`: "Peskov" with "Dmitry Peskov"); missing
    for no named person."""
    require_columns(quotes, ["actor", "speaker"], what="quotes", fix="make it with analysis.find_quotes(articles)", error=QuoteError)
    unlisted = quotes["speaker"].astype("string").where(quotes["actor"].isna())
    keys = person_keys(unlisted.dropna().unique())
    return quotes["actor"].astype("string").fillna(unlisted.map(keys, na_action="ignore").astype("string"))


def _speakers(quoted: pd.DataFrame, who: Who, actors: ActorsLike) -> pd.Series:
    """Each quotation's actor, the actor's country, or the person speaking; :data:`OTHER_SPEAKERS` (or
    :data:`UNNAMED_SPEAKERS`) for none."""
    if who not in ("actor", "country", "speaker"):
        raise QuoteError(f"who={who!r}: count quotations per 'actor', per 'country' or per 'speaker'.")
    if who == "speaker":
        return speaker_persons(quoted).fillna(UNNAMED_SPEAKERS)
    speaker = quoted["actor"].astype("string")
    if who == "country":
        table = load_actors(actors)
        countries = dict(zip(table["name"].astype(str), table["country"].astype(str), strict=True))
        unknown = sorted(set(speaker.dropna()) - set(countries))
        if unknown:
            raise QuoteError(f"actor(s) {unknown[:3]} of the quotations are not in the actor list given; pass the list "
                             "the quotations were attributed with (actors=…).")
        speaker = speaker.map(lambda a: countries.get(a) or "(no country)" if isinstance(a, str) else pd.NA).astype("string")
    return speaker.fillna(OTHER_SPEAKERS)


def quote_counts(
    quotes: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str | None = "source",
    who: Who = "actor",
    kinds: Sequence[str] = KINDS,
    actors: ActorsLike = None,
) -> pd.DataFrame:
    """How often, and at what length, each group of articles quotes each actor (or country, or person).

    Quoted words are the word tokens of each quotation's ``quote`` (numbers included,
    as :func:`analysis.text.tokens.count_words` counts). Quotations of no listed actor
    (unlisted or unattributed speakers) form the row :data:`OTHER_SPEAKERS`, so each
    group's shares add up to 1. ``who="country"`` sums actors by their ``country`` in the
    actor list ``actors`` (None: the shipped list). ``who="speaker"`` counts every named
    person, listed or not (:func:`speaker_persons`), and names the people off the list
    instead of pooling them; quotations of no named person (organisations, unnamed
    officials, unknown speakers) form the row :data:`UNNAMED_SPEAKERS`. ``kinds`` keeps
    some kinds only, e.g. ``("direct", "partial")`` for words in quotation marks.

    Returns
    -------
    DataFrame, one row per group and speaker quoted in it, sorted by group then speaker, with columns
        the ``by`` column (string; ``corpus`` when ``by`` is None), ``actor``, ``country``
        or ``speaker`` and ``listed`` (string; bool, the speaker is on the actor list),
        ``n_quotes`` (int), ``n_quoted_words`` (int), ``n_articles``
        (int, articles of the group quoting the speaker), ``n_group_articles`` (int),
        ``n_group_quoted_words`` (int, all quoted words in the group),
        ``share_of_quoted_words`` (float, ``n_quoted_words / n_group_quoted_words``).
    """
    bad = sorted(set(kinds) - set(KINDS))
    if bad or not kinds:
        raise QuoteError(f"kinds={list(kinds)!r}: choose among {list(KINDS)}.")
    quoted, group, docs = _quote_groups(quotes, articles, by)
    quoted = quoted[quoted["kind"].isin(list(kinds))]
    quoted = quoted.assign(**{who: _speakers(quoted, who, actors),
                              "n_words": quoted["quote"].astype(str).map(count_words).astype("int64")})
    keys = [group, who, "listed"] if who == "speaker" else [group, who]
    if who == "speaker":
        quoted["listed"] = quoted["actor"].notna()
    counts = (quoted.groupby(keys)
              .agg(n_quotes=("doc_id", "size"), n_quoted_words=("n_words", "sum"), n_articles=("doc_id", "nunique"))
              .reset_index())
    counts = counts.merge(docs.groupby(group).size().rename("n_group_articles").reset_index(), on=group, how="left")
    counts["n_group_quoted_words"] = counts.groupby(group)["n_quoted_words"].transform("sum")
    counts["share_of_quoted_words"] = (counts["n_quoted_words"].astype(float)
                                       / counts["n_group_quoted_words"].where(counts["n_group_quoted_words"] > 0))
    counts = counts.sort_values([group, who], ignore_index=True)
    return conform(counts, f"quote_counts_by_{who}", group=group)


@returns("quote_tone")
def quote_tone(
    quotes: pd.DataFrame,
    mentions: pd.DataFrame,
    scored_sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str | None = "source",
    min_articles: int = 3,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Tone of what each actor is quoted as saying beside the tone of the sentences that name them.

    ``quoted``: the mean VADER compound score of each attributed quotation's words, scored
    as written (:func:`analysis.score_sentences` of the ``quote`` texts). ``mentioned``:
    :func:`analysis.actor_sentiment` of ``mentions`` over ``scored_sentences``, the
    sentences naming the actor (quotations included). Intervals resample whole articles
    (:func:`analysis.measures.stats.grouped_bootstrap_ci`); ``articles`` supplies the ``by`` column.
    """
    quoted, group, _ = _quote_groups(quotes, articles, by)
    quoted = quoted[quoted["actor"].notna()]
    parts = []
    if len(quoted):
        scores = score_sentences(quoted[["doc_id", "quote"]].rename(columns={"quote": "text"}), progress=False)
        quoted = quoted.assign(compound=scores["compound"].to_numpy())
        said = grouped_bootstrap_ci(quoted, "compound", by=[group, "actor"], cluster="doc_id", n_boot=n_boot, seed=seed, level=level)
        said = said.rename(columns={"n_clusters": "n_articles", "n_values": "n_texts", "mean": "mean_compound"})
        said["tone_of"] = "quoted"
        parts.append(said)
    named = actor_sentiment(mentions, scored_sentences, articles, by=by, min_articles=min_articles, n_boot=n_boot, seed=seed, level=level)
    parts.append(named.rename(columns={"n_sentences": "n_texts"}).assign(tone_of="mentioned"))
    tone = pd.concat(parts, ignore_index=True)
    tone["small_n"] = small_n(tone["n_articles"], min_articles)
    return conform(tone.sort_values([group, "actor", "tone_of"], ignore_index=True), "quote_tone", group=group)


@returns("longest_quotes")
def longest_quotes(
    quotes: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str = "source",
    n: int = 3,
    kinds: Sequence[str] = ("direct", "partial"),
    max_chars: int | None = None,
    joined: bool = False,
) -> pd.DataFrame:
    """The ``n`` longest quotations of each listed actor (in quoted words) whose speaker is named next to them, with the
    words naming the speaker and the whole sentence, so that a reader can check each attribution.

    Only quotations attributed ``explicit``: the actor is named in the speaker's words, in the
    quotation's sentence or the one before ("…," Peskov said; Dmitriev added: "…"), never
    through "he", a role or a quotation continuing another. ``kinds`` keeps the quotations in
    marks by default (the actor's own words; add ``"indirect"`` for reported speech).
    ``joined=False`` leaves out quotations holding a double quotation mark or guillemet:
    several quotations joined over reopened marks, which a closing mark lost by the scrape can
    join to unrelated text. ``sentence`` is the text from the start of the sentence where the
    quotation or its speaker's words begin to the end of the sentence where they end (the
    article's own sentences, :func:`analysis.text.splitter.sentence_spans`). ``max_chars``
    shortens ``quote`` and ``sentence`` to about that many characters, at a word, ending with
    "…" (None, the default: whole); ``n_quoted_words`` counts the whole quotation. Ties go to
    the earlier article and position. ``articles`` supplies the ``text``, the ``by`` column
    and ``published``, ``title`` and ``url`` where it has them.
    """
    if n < 1 or (max_chars is not None and max_chars < 1):
        raise QuoteError(f"n={n!r}, max_chars={max_chars!r}: give at least 1 (max_chars None keeps whole quotations).")
    bad = sorted(set(kinds) - set(KINDS))
    if bad or not kinds:
        raise QuoteError(f"kinds={list(kinds)!r}: choose among {list(KINDS)}.")
    require_columns(quotes, ["start", "end", "speaker_text", "speaker_start", "speaker_end", "attribution"], what="quotes",
                    fix="make it with analysis.find_quotes(articles)", error=QuoteError)
    require_columns(articles, ["text"], what="articles", fix="pass the table from analysis.load_corpus", error=QuoteError)
    quoted, group, _ = _quote_groups(quotes, articles, by)
    keep = quoted["actor"].notna() & quoted["kind"].isin(list(kinds)) & (quoted["attribution"] == "explicit").fillna(False)
    if not joined:
        keep &= ~quoted["quote"].astype(str).str.contains(DOUBLE_MARK)
    quoted = quoted[keep].reset_index(drop=True)
    quoted["n_quoted_words"] = quoted["quote"].astype(str).map(count_words).astype("int64")
    totals = quoted.groupby("actor")["n_quoted_words"].sum()
    quoted["_total"] = quoted["actor"].map(totals)
    quoted["_order"] = range(len(quoted))
    top = (quoted.sort_values(["_total", "actor", "n_quoted_words", "_order"], ascending=[False, True, False, True], kind="stable")
           .groupby("actor", sort=False).head(n).reset_index(drop=True))
    top["quote_rank"] = top.groupby("actor", sort=False).cumcount() + 1
    meta = articles.assign(doc_id=articles["doc_id"].astype(str))
    texts = dict(zip(meta["doc_id"], meta["text"], strict=True))
    top["sentence"] = [_sentences_around(texts[d], min(s, p), max(e, q)) for d, s, e, p, q in
                       zip(top["doc_id"], top["start"], top["end"], top["speaker_start"].fillna(top["start"]),
                           top["speaker_end"].fillna(top["end"]), strict=True)] if len(top) else pd.Series(dtype="string")
    meta = meta[["doc_id", *(c for c in ("published", "published_inferred", "title", "url") if c in meta.columns)]]
    top = top.merge(meta, on="doc_id", how="left", validate="many_to_one")
    for column, default in (("published", pd.NaT), ("published_inferred", False), ("title", pd.NA), ("url", pd.NA)):
        if column not in top.columns:
            top[column] = default
    if max_chars is not None:
        for column in ("quote", "sentence"):
            top[column] = top[column].astype(str).map(lambda q: _shortened(q, max_chars))
    return conform(top, "longest_quotes", group=group)


def _sentences_around(text: str, lo: int, hi: int) -> str:
    """The article's sentences from the one holding ``lo`` to the one holding ``hi - 1``, as written."""
    spans = sentence_spans(text) or [(0, len(text))]
    first = max((s for s, _ in spans if s <= lo), default=0)
    last = min((e for _, e in spans if e >= hi), default=len(text))
    return text[first:last].strip()


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with "…", when longer."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:") + "…"


@returns("candidate_speakers")
def candidate_speakers(quotes: pd.DataFrame, *, min_quotes: int = 1) -> pd.DataFrame:
    """The people quoted who are not on the actor list, most quoted words first: entries the list may want.

    A candidate is a person of the quotes table's ``speaker`` column whose quotations no
    listed actor speaks, names written alone joined to the one fuller name ending with them
    (:func:`speaker_persons`). The quotations were attributed with one actor list: find them
    again with an extended list to count the new entries as actors. Only candidates with at
    least ``min_quotes`` quotations are listed. Like :func:`analysis.candidate_actors`, it is a
    list to read, not to add wholesale: a name the text gives wrongly (a scrape joining two
    names) is a candidate too.
    """
    require_columns(quotes, ["doc_id", "quote", "speaker_text", "speaker", "actor"], what="quotes",
                    fix="make it with analysis.find_quotes(articles)", error=QuoteError)
    unlisted = quotes[quotes["actor"].isna() & quotes["speaker"].notna()]
    unlisted = unlisted.assign(candidate=speaker_persons(unlisted).to_numpy(), doc_id=unlisted["doc_id"].astype(str),
                               n_words=unlisted["quote"].astype(str).map(count_words).astype("int64"))
    if unlisted.empty:
        return empty("candidate_speakers")
    table = (unlisted.groupby("candidate", sort=False)
             .agg(n_quotes=("doc_id", "size"), n_quoted_words=("n_words", "sum"), n_articles=("doc_id", "nunique"),
                  forms=("speaker", lambda names: " | ".join(sorted(set(names)))),
                  quote=("quote", "first"), doc_id=("doc_id", "first"))
             .reset_index())
    table = table[table["n_quotes"] >= min_quotes]
    table = table.sort_values(["n_quoted_words", "candidate"], ascending=[False, True], ignore_index=True)
    return conform(table, "candidate_speakers")
