"""Report tables of quotations: who is quoted how much, in what tone, and at what length."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from analysis.core.checks import article_groups, require_columns
from analysis.core.errors import QuoteError
from analysis.core.schema import conform, returns
from analysis.measures.actors import ActorsLike, actor_sentiment, load_actors
from analysis.measures.quotes.extract import KINDS
from analysis.measures.quotes.marks import DOUBLE_MARK
from analysis.measures.sentiment import score_sentences
from analysis.measures.stats import grouped_bootstrap_ci, small_n
from analysis.text.tokens import count_words

#: The row of :func:`quote_counts` for quoted words of no listed actor (unlisted or unknown speakers).
OTHER_SPEAKERS = "(unlisted or unknown)"
Who = Literal["actor", "country"]


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


def _speakers(quoted: pd.DataFrame, who: Who, actors: ActorsLike) -> pd.Series:
    """Each quotation's actor, or the actor's country; :data:`OTHER_SPEAKERS` for none."""
    if who not in ("actor", "country"):
        raise QuoteError(f"who={who!r}: count quotations per 'actor' or per 'country'.")
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
    """How often, and at what length, each group of articles quotes each actor (or country).

    Quoted words are the word tokens of each quotation's ``quote`` (numbers included,
    as :func:`analysis.text.tokens.count_words` counts). Quotations of no listed actor
    (unlisted or unattributed speakers) form the row :data:`OTHER_SPEAKERS`, so each
    group's shares add up to 1. ``who="country"`` sums actors by their ``country`` in the
    actor list ``actors`` (None: the shipped list). ``kinds`` keeps some kinds only, e.g.
    ``("direct", "partial")`` for words in quotation marks.

    Returns
    -------
    DataFrame, one row per group and speaker quoted in it, sorted by group then speaker, with columns
        the ``by`` column (string; ``corpus`` when ``by`` is None), ``actor`` or
        ``country`` (string), ``n_quotes`` (int), ``n_quoted_words`` (int), ``n_articles``
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
    counts = (quoted.groupby([group, who])
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
    max_chars: int | None = 400,
    joined: bool = False,
) -> pd.DataFrame:
    """The ``n`` longest quotations of each listed actor (in quoted words), with the article they are in.

    ``kinds`` keeps the quotations in marks by default (the actor's own words; add
    ``"indirect"`` for reported speech). ``joined=False`` leaves out quotations holding a
    double quotation mark or guillemet: several quotations joined over reopened marks,
    which a closing mark lost by the scrape can join to unrelated text (the longest would
    be those). ``max_chars`` shortens each ``quote`` to about
    that many characters, at a word, ending with "…" (None: whole); ``n_quoted_words``
    counts the whole quotation. Ties go to the earlier article and position. ``articles``
    supplies the ``by`` column and ``published``, ``title`` and ``url`` where it has them.
    """
    if n < 1 or (max_chars is not None and max_chars < 1):
        raise QuoteError(f"n={n!r}, max_chars={max_chars!r}: give at least 1 (max_chars None keeps whole quotations).")
    bad = sorted(set(kinds) - set(KINDS))
    if bad or not kinds:
        raise QuoteError(f"kinds={list(kinds)!r}: choose among {list(KINDS)}.")
    quoted, group, _ = _quote_groups(quotes, articles, by)
    keep = quoted["actor"].notna() & quoted["kind"].isin(list(kinds))
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
    meta = meta[["doc_id", *(c for c in ("published", "published_inferred", "title", "url") if c in meta.columns)]]
    top = top.merge(meta, on="doc_id", how="left", validate="many_to_one")
    for column, default in (("published", pd.NaT), ("published_inferred", False), ("title", pd.NA), ("url", pd.NA)):
        if column not in top.columns:
            top[column] = default
    if max_chars is not None:
        top["quote"] = top["quote"].astype(str).map(lambda q: _shortened(q, max_chars))
    return conform(top, "longest_quotes", group=group)


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with "…", when longer."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:") + "…"
