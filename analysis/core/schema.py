"""The tables the library produces: every column declared once, with its type, meaning and unit.

As in PUDL's field metadata, a column means the same wherever it appears:
:data:`FIELDS` declares each column name once, and :data:`TABLES` lists which
columns each table has, in order. Every producer ends with :func:`conform`
(columns in order, types as declared), and every producer's docstring lists its
columns from here (:func:`returns`), so code, types and documentation cannot
drift apart.

A table grouped by an article column (``by="source"`` by default) has a
``GROUP`` placeholder in its column list; :func:`conform` names it after the
grouping column, or drops it when the table is not grouped.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from analysis.core.errors import SchemaError

#: Placeholder for the grouping column of grouped tables (``source`` unless ``by=`` says otherwise).
GROUP = "<by>"
#: How a missing source is shown in every grouped table and chart.
MISSING_SOURCE = "(unknown source)"


@dataclass(frozen=True)
class Field:
    """One column: pandas dtype, what a value means, and its unit when it has one."""

    dtype: str
    description: str
    unit: str = ""

    def describe(self, name: str) -> str:
        unit = f"; {self.unit}" if self.unit else ""
        return f"``{name}`` ({self.dtype}{unit}): {self.description}"


_STR, _INT, _FLOAT, _BOOL, _DATE = "string", "int64", "float64", "bool", "datetime64[ns]"
_SCORE = "VADER compound score, -1 most negative … +1 most positive"

FIELDS: dict[str, Field] = {
    GROUP: Field(_STR, "the group: the value of the article column named by ``by=`` (``source`` by default); "
                       f"missing values are shown as ``{MISSING_SOURCE}``"),
    # articles
    "doc_id": Field(_STR, "article id: the file path below the corpus folder without extension, the table's id "
                          "column, or ``<file>:<row>``"),
    "source": Field(_STR, "outlet that published the article"),
    "url": Field(_STR, "address of the article"),
    "title": Field(_STR, "headline"),
    "published": Field(_DATE, "publication date, NaT when unknown"),
    "published_inferred": Field(_BOOL, "the date was inferred from the events described, not stated"),
    "language": Field(_STR, "language of the text", "ISO 639-1 code"),
    "translated_from": Field(_STR, "language of the original when a translation notice says so (``und`` when it "
                                   "does not name it)", "ISO 639-1 code"),
    "text": Field(_STR, "text as written: the article (paragraphs separated by a blank line) or the sentence"),
    "n_words": Field(_INT, "word tokens, numbers included", "words"),
    "path": Field(_STR, "file the article was read from (``file#row`` for tables)"),
    "encoding": Field(_STR, "detected encoding of the file (missing for tables)"),
    # cleaning and loading
    "line_no": Field(_INT, "line number in the raw file (or in the extracted text for HTML and tables)", "1-based"),
    "line": Field(_STR, "raw line as read"),
    "kept": Field(_BOOL, "cleaning kept the line"),
    "rule": Field(_STR, "``kept``, or the cleaning rule that removed the line (``navigation``, ``breadcrumb``, "
                        "``headline``…) or the fragment (``photo_credit``, ``repeated_boilerplate``…)"),
    "zone": Field(_STR, "part of the page: ``header``, ``body`` or ``footer``"),
    "repair": Field(_STR, "what ftfy changed to repair mis-decoded text (mojibake) on the line; missing when nothing"),
    "reason": Field(_STR, "why the file, row or article was left out, and how to fix it"),
    "fragment": Field(_STR, "text removed from inside an article, with the whitespace it took (for repeated "
                            "passages: the passage)"),
    # near-duplicates
    "dup_group": Field(_STR, "the ``doc_id`` of the first article of the article's near-duplicate group (an "
                             "article without near-duplicates is its own group)"),
    "group_size": Field(_INT, "articles in the near-duplicate group", "articles"),
    "first_doc_id": Field(_STR, "the group's earliest article (by date, then ``doc_id`` in natural order)"),
    "first_source": Field(_STR, "outlet of the group's earliest article"),
    "similarity": Field(_FLOAT, "Jaccard similarity of the article's 5-word shingles with the group's first article "
                                "(1.0 for the first)", "0 … 1"),
    "is_reprint": Field(_BOOL, "near-duplicate of an earlier article from another outlet"),
    "reprint_of": Field(_STR, "the earliest article of another outlet it near-duplicates; missing when not a reprint"),
    "reprinted_source": Field(_STR, "outlet of the earlier article"),
    "n_same_day": Field(_INT, "of those, published the same day as the earlier article (which came first is then "
                              "a guess: dates are by day)", "articles"),
    # sentences, tokens, scores
    "sentence_id": Field(_INT, "position of the sentence in its article", "0-based"),
    "start": Field(_INT, "offset of the first character in the article's ``text`` (for a removed fragment: in the "
                         "text after line cleaning, before in-text furniture was removed)", "characters"),
    "end": Field(_INT, "offset after the last character, counted as ``start`` is", "characters"),
    "position": Field(_INT, "position of the token in its sentence, after dropped tokens", "0-based"),
    "token": Field(_STR, "word token as :func:`analysis.tokenize` gives it"),
    "tokens": Field(_STR, "the sentence's tokens (numbers kept), joined by single spaces"),
    "neg": Field(_FLOAT, "share of the text VADER reads as negative", "0 … 1"),
    "neu": Field(_FLOAT, "share of the text VADER reads as neutral", "0 … 1"),
    "pos": Field(_FLOAT, "share of the text VADER reads as positive", "0 … 1"),
    "compound": Field(_FLOAT, _SCORE),
    "label": Field(_STR, "``positive``, ``neutral`` or ``negative`` at the compound cut-offs"),
    # aggregates shared by many tables
    "n_articles": Field(_INT, "articles counted", "articles"),
    "n_sentences": Field(_INT, "sentences counted", "sentences"),
    "mean_compound": Field(_FLOAT, "mean of the sentences' compound scores; " + _SCORE),
    "ci_low": Field(_FLOAT, "lower end of the bootstrap interval of the mean (NaN with one resampling unit)"),
    "ci_high": Field(_FLOAT, "upper end of the bootstrap interval of the mean (NaN with one resampling unit)"),
    "share_positive": Field(_FLOAT, "share of sentences labelled positive", "0 … 1"),
    "share_neutral": Field(_FLOAT, "share of sentences labelled neutral", "0 … 1"),
    "share_negative": Field(_FLOAT, "share of sentences labelled negative", "0 … 1"),
    "small_n": Field(_BOOL, "fewer articles than ``min_articles``: read as single examples"),
    "period": Field(_DATE, "start of the period of publication (weeks start on Monday)"),
    "n_inferred": Field(_INT, "articles whose date is inferred, not stated", "articles"),
    "polarity": Field(_STR, "``most positive`` or ``most negative``"),
    "rank": Field(_INT, "rank within its group", "1 = first"),
    # actors
    "name": Field(_STR, "canonical name of the actor"),
    "role": Field(_STR, "what the actor is (office, function)"),
    "country": Field(_STR, "country the actor speaks for"),
    "aliases": Field("object", "list of every spelling that counts as the actor"),
    "anchored": Field("object", "list of ambiguous forms (\"Johnson\", \"May\") that count only in an article that also "
                                "names the actor unambiguously, and no other actor sharing the form"),
    "case_sensitive": Field(_BOOL, "aliases count only as written (capitals matter)"),
    "exclude": Field("object", "list of phrases that never count (\"Hunter Biden\" for Biden)"),
    "actor": Field(_STR, "canonical name of the actor (see the actor list)"),
    "matched_text": Field(_STR, "the alias as written in the text, possessive included"),
    "n_mentions": Field(_INT, "mentions counted", "mentions"),
    "n_group_articles": Field(_INT, "articles of the group", "articles"),
    "n_group_words": Field(_INT, "words of the group's articles", "words"),
    "mentions_per_1000_words": Field(_FLOAT, "mentions per 1,000 words of the group", "per 1,000 words"),
    "share_of_mentions": Field(_FLOAT, "the actor's share of all actor mentions in the group (share of voice; NaN "
                                       "when the group names no actor)", "0 … 1"),
    "share_of_articles": Field(_FLOAT, "share of the group's articles naming the actor", "0 … 1"),
    "actor_a": Field(_STR, "first actor of the pair (alphabetically)"),
    "actor_b": Field(_STR, "second actor of the pair"),
    "unit": Field(_STR, "what counts as together: ``sentence`` or ``article``"),
    "n_together": Field(_INT, "units naming both actors", "sentences or articles"),
    "candidate": Field(_STR, "name-like phrase no alias of the actor list covers"),
    "example": Field(_STR, "its first occurrence with about 60 characters either side"),
    "example_doc_id": Field(_STR, "article of the example"),
    # quotations
    "quote": Field(_STR, "the quoted words as written (marks excluded)"),
    "kind": Field(_STR, "``direct`` (in quotation marks), ``partial`` (a few quoted words in the writer's sentence) "
                        "or ``indirect`` (reported speech without marks)"),
    "speaker_text": Field(_STR, "the words naming the speaker as written (\"he\", \"the Kremlin spokesman\"); "
                                "missing when unattributed"),
    "n_quotes": Field(_INT, "quotations counted", "quotations"),
    "n_quoted_words": Field(_INT, "words inside the quotations", "words"),
    "n_group_quoted_words": Field(_INT, "all quoted words of the group", "words"),
    "share_of_quoted_words": Field(_FLOAT, "the speaker's share of the group's quoted words", "0 … 1"),
    "tone_of": Field(_STR, "``quoted``: the actor's quoted words; ``mentioned``: the sentences naming the actor"),
    "n_texts": Field(_INT, "quotations or sentences averaged"),
    # tone toward a person (analysis.tone_toward)
    "tone": Field(_FLOAT, "tone of the sentence toward the person mentioned, P(positive) − P(negative) under the tone "
                          "model (analysis.tone_toward)", "-1 … +1"),
    "tone_label": Field(_STR, "``positive``, ``neutral`` or ``negative``: the tone model's class for the person mentioned"),
    "mean_tone": Field(_FLOAT, "mean tone toward the actor of the sentences naming them (analysis.tone_toward; a "
                               "sentence naming the actor twice counts once, with the mean of its mentions)", "-1 … +1"),
    "tone_ci_low": Field(_FLOAT, "lower end of the bootstrap interval of ``mean_tone`` (NaN with one resampling unit)"),
    "tone_ci_high": Field(_FLOAT, "upper end of the bootstrap interval of ``mean_tone`` (NaN with one resampling unit)"),
    "quote_rank": Field(_INT, "rank of the quotation among the actor's, longest first", "1 = longest"),
    # terms
    "n": Field(_INT, "n-gram order (1 words, 2 bigrams…)"),
    "term": Field(_STR, "lower-case words joined by a space"),
    "count": Field(_INT, "occurrences in the group", "occurrences"),
    "doc_freq": Field(_INT, "articles of the group containing the term", "articles"),
    "per_10k": Field(_FLOAT, "occurrences per 10,000 words of the group", "per 10,000 words"),
    "group_tokens": Field(_INT, "the group's words, stopwords and numbers excluded (the denominator of per_10k)",
                          "words"),
    "group_ngrams": Field(_INT, "n-grams of this order counted in the group (before ``min_count``)", "n-grams"),
    "group_docs": Field(_INT, "articles in the group", "articles"),
    "count_others": Field(_INT, "occurrences in all the other groups together", "occurrences"),
    "log_odds": Field(_FLOAT, "weighted log-odds ratio of the group against the others, shrunk by the prior; the same "
                              "for every term one side never uses, so not an effect size", "natural log"),
    "z": Field(_FLOAT, "log-odds divided by its standard deviation: ranks terms within a group; grows with the group's "
                       "size, so not comparable across groups of different sizes"),
    "log_ratio": Field(_FLOAT, "effect size: how many times as often, per word, the group uses the term as the others, "
                               "each count plus 0.5", "log2: 1 twice as often, -1 half as often"),
    "bigram": Field(_STR, "two words joined by a space"),
    "word1": Field(_STR, "first word of the bigram"),
    "word2": Field(_STR, "second word of the bigram"),
    "score": Field(_FLOAT, "value of the association measure"),
    "measure": Field(_STR, "association measure of the score"),
    "left": Field(_STR, "words before the match"),
    "match": Field(_STR, "the matched text as written"),
    "right": Field(_STR, "words after the match"),
    "concept": Field(_STR, "what is named (a place, an event)"),
    "variant": Field(_STR, "one way of naming it"),
    "frame": Field(_STR, "what choosing the variant signals"),
    "n_docs": Field(_INT, "articles of the group using the variant", "articles"),
    "share": Field(_FLOAT, "the variant's share of the concept's occurrences in the group (NaN when none)",
                   "0 … 1"),
    # overview
    "median_words": Field(_FLOAT, "median words per article", "words"),
    "q1": Field(_FLOAT, "first quartile (linear interpolation between order statistics)"),
    "median": Field(_FLOAT, "median (linear interpolation between the two middle values)"),
    "q3": Field(_FLOAT, "third quartile (linear interpolation between order statistics)"),
    "whisker_low": Field(_FLOAT, "lowest value within 1.5 interquartile ranges below the first quartile"),
    "whisker_high": Field(_FLOAT, "highest value within 1.5 interquartile ranges above the third quartile"),
    "n_undated": Field(_INT, "articles without a publication date", "articles"),
    "first_published": Field(_DATE, "earliest publication date"),
    "last_published": Field(_DATE, "latest publication date"),
    "month": Field(_DATE, "first day of the calendar month"),
    "share_of_source": Field(_FLOAT, "the period's share of the source's dated articles (its attention to the story "
                                     "over time)", "0 … 1"),
    "first_inferred": Field(_BOOL, "every article of the earliest date has an inferred date"),
    "last_inferred": Field(_BOOL, "every article of the latest date has an inferred date"),
    "n_lines": Field(_INT, "non-blank raw lines", "lines"),
    "n_removed": Field(_INT, "non-blank raw lines removed by cleaning", "lines"),
    "share_removed": Field(_FLOAT, "share of non-blank raw lines removed", "0 … 1"),
    "n_fragments": Field(_INT, "fragments removed from inside articles", "fragments"),
    "n_chars": Field(_INT, "characters removed", "characters"),
    "share_of_chars": Field(_FLOAT, "share of the group's characters after line cleaning", "0 … 1"),
    "n_elsewhere": Field(_INT, "articles of other outlets holding the passage", "articles"),
    "column": Field(_STR, "an article column beyond the core ones (a table's unmapped column or a manifest's)"),
    "dtype": Field(_STR, "pandas type inferred from the whole column: ``Int64``, ``float64``, ``boolean``, "
                         "``datetime64[ns]`` or ``string``"),
    "n_present": Field(_INT, "articles with a value", "articles"),
    "n_distinct": Field(_INT, "distinct values", "values"),
    "examples": Field(_STR, "up to three of the most frequent values, most frequent first, joined by `` | ``"),
    "clause": Field(_STR, "one top-level ``and`` clause of the ``where`` filter, as written"),
    "n_before": Field(_INT, "articles the clause was applied to (those earlier clauses kept)", "articles"),
    "n_kept": Field(_INT, "articles the clause kept", "articles"),
    "n_dropped": Field(_INT, "articles the clause left out", "articles"),
    # statistics
    "n_clusters": Field(_INT, "resampling units (articles) in the group"),
    "n_values": Field(_INT, "values averaged"),
    "mean": Field(_FLOAT, "mean of the values"),
}


@dataclass(frozen=True)
class Table:
    """A table the library returns: what one row is, its columns in order, and the fields that mean something
    else in this table than in :data:`FIELDS` (``fields``: name → :class:`Field`)."""

    row: str
    columns: tuple[str, ...]
    fields: Mapping[str, Field] = field(default_factory=dict)

    def field_of(self, column: str) -> Field:
        """The :class:`Field` of ``column`` in this table: its own override, else the shared declaration."""
        return self.fields.get(column) or FIELDS[column]


_SUMMARY = ("n_articles", "n_sentences", "mean_compound", "ci_low", "ci_high",
            "share_positive", "share_neutral", "share_negative")

TABLES: dict[str, Table] = {
    "articles": Table("one row per article", ("doc_id", "source", "url", "title", "published", "published_inferred",
                                              "language", "translated_from", "text", "n_words", "path", "encoding")),
    "cleaning": Table("one row per raw line of every article", ("doc_id", "path", "line_no", "line", "kept", "rule",
                                                                 "zone", "repair")),
    "skipped": Table("one row per file, row or article left out of the corpus", ("path", "doc_id", "reason")),
    "fragments": Table("one row per fragment removed from inside an article, in article and text order",
                       ("doc_id", "start", "end", "rule", "fragment")),
    "duplicates": Table("one row per article, in the articles' order",
                        ("doc_id", "dup_group", "group_size", "first_doc_id", "first_source", "similarity",
                         "is_reprint", "reprint_of")),
    "reprint_pairs": Table("one row per outlet and earlier outlet it reprints, most articles first",
                           ("source", "reprinted_source", "n_articles", "n_same_day")),
    "repeated_fragments": Table("one row per outlet and sentence it repeats, most articles first within an outlet",
                                ("source", "fragment", "n_articles", "n_elsewhere")),
    "furniture_by_source": Table("one row per outlet and in-text rule that removed something",
                                 ("source", "rule", "n_fragments", "n_articles", "n_chars", "share_of_chars")),
    "repeated_passages": Table("one row per outlet and passage the repetition rule removed, most articles first",
                               ("source", "fragment", "n_articles")),
    "metadata_columns": Table("one row per article column beyond the core ones, in the articles' column order",
                              ("column", "dtype", "n_present", "n_distinct", "examples")),
    "filter_counts": Table("one row per top-level clause of the ``where`` filter, in the order written",
                           ("clause", "n_before", "n_kept", "n_dropped")),
    "sentences": Table("one row per sentence", ("doc_id", "sentence_id", "text", "start", "end")),
    "scored_sentences": Table("one row per sentence, with VADER's scores",
                              ("doc_id", "sentence_id", "text", "start", "end", "neg", "neu", "pos", "compound",
                               "label")),
    "sentence_scores": Table("one row per sentence, with VADER's scores but no label (the cached form)",
                             ("doc_id", "sentence_id", "text", "start", "end", "neg", "neu", "pos", "compound")),
    "tokens": Table("one row per token", ("doc_id", "sentence_id", "position", "token")),
    "sentence_tokens": Table("one row per sentence, its tokens joined", ("doc_id", "sentence_id", "tokens")),
    "mentions": Table("one row per mention, in article and text order",
                      ("doc_id", "sentence_id", "actor", "matched_text", "start", "end")),
    "toned_mentions": Table("one row per mention, in article and text order, with the tone toward the person (the "
                            "cached form)", ("doc_id", "sentence_id", "actor", "matched_text", "start", "end", "tone", "tone_label")),
    "quotes": Table("one row per quotation, in article and text order",
                    ("doc_id", "sentence_id", "start", "end", "quote", "kind", "speaker_text", "actor")),
    "quote_counts_by_actor": Table("one row per group and speaker quoted in it",
                                   (GROUP, "actor", "n_quotes", "n_quoted_words", "n_articles", "n_group_articles",
                                    "n_group_quoted_words", "share_of_quoted_words")),
    "quote_counts_by_country": Table("one row per group and country quoted in it",
                                     (GROUP, "country", "n_quotes", "n_quoted_words", "n_articles", "n_group_articles",
                                      "n_group_quoted_words", "share_of_quoted_words")),
    "longest_quotes": Table("one row per actor and rank, actors with most quoted words first",
                            ("actor", "quote_rank", GROUP, "published", "published_inferred", "title", "url", "kind",
                             "n_quoted_words", "quote", "doc_id")),
    "quote_tone": Table("one row per group, actor and tone_of",
                        (GROUP, "actor", "tone_of", "n_articles", "n_texts", "mean_compound", "ci_low", "ci_high",
                         "small_n")),
    "actors": Table("one row per actor of the list",
                    ("name", "label", "role", "country", "aliases", "anchored", "case_sensitive", "exclude"),
                    {"label": Field(_STR, "short name of the actor shown in charts (default: the name's last word)")}),
    "mention_counts": Table("one row per group and actor",
                            (GROUP, "actor", "n_mentions", "n_articles", "n_group_articles", "n_group_words",
                             "mentions_per_1000_words", "share_of_mentions", "share_of_articles")),
    "cooccurrence": Table("one row per pair of actors named together, most frequent first",
                          ("actor_a", "actor_b", "unit", "n_together", "n_articles")),
    "actor_tone": Table("one row per group and actor named in a scored sentence",
                        (GROUP, "actor", "n_articles", "n_sentences", "mean_compound", "ci_low", "ci_high",
                         "small_n", "mean_tone", "tone_ci_low", "tone_ci_high")),
    "candidates": Table("one row per name-like phrase, most frequent first",
                        ("candidate", "n_mentions", "n_articles", "example", "example_doc_id")),
    "term_frequencies": Table("one row per group, n-gram order and term",
                              (GROUP, "n", "term", "count", "doc_freq", "per_10k", "group_tokens", "group_ngrams",
                               "group_docs")),
    "distinctive_terms": Table("one row per group, n-gram order and term",
                               (GROUP, "n", "term", "count", "count_others", "log_odds", "z", "log_ratio", "group_docs")),
    "collocations": Table("one row per group and bigram, strongest first",
                          (GROUP, "rank", "bigram", "word1", "word2", "count", "score", "measure")),
    "kwic": Table("one row per occurrence, in article order",
                  ("doc_id", GROUP, "left", "match", "right", "start", "end")),
    "concordance": Table("one row per occurrence, by date then article order",
                         ("doc_id", GROUP, "published", "published_inferred", "title", "url", "left", "match", "right",
                          "start", "end")),
    "top_terms": Table("one row per group and term shown, most frequent first",
                       (GROUP, "rank", "n", "term", "count", "doc_freq", "per_10k", "group_tokens", "group_ngrams",
                        "group_docs")),
    "framing_markers": Table("one row per group, concept and variant",
                             (GROUP, "concept", "variant", "frame", "count", "n_docs", "share", "group_docs")),
    "sentiment_by_article": Table("one row per article with scored sentences",
                                  ("doc_id", "source", "title", "published", "published_inferred", *_SUMMARY)),
    "sentiment_by_source": Table("one row per source", ("source", *_SUMMARY, "small_n")),
    "sentiment_over_time": Table("one row per source and period with dated articles",
                                 ("source", "period", *_SUMMARY, "small_n", "n_inferred")),
    "compound_box": Table("one row per source with scored sentences",
                          ("source", "n_sentences", "whisker_low", "q1", "median", "q3", "whisker_high")),
    "sentiment_extremes": Table("one row per source, polarity and rank",
                                ("source", "polarity", "rank", "compound", "text", "doc_id", "sentence_id", "title")),
    "articles_by_source": Table("one row per source, most articles first",
                                ("source", "n_articles", "n_words", "median_words", "n_undated", "n_inferred",
                                 "first_published", "last_published")),
    "articles_by_month": Table("one row per source and calendar month", ("source", "month", "n_articles")),
    "articles_by_period": Table("one row per source and period, periods without articles included",
                                ("source", "period", "n_articles", "n_inferred", "share_of_source")),
    "published_range": Table("one row per source with a dated article, most articles first",
                             ("source", "first_published", "first_inferred", "last_published", "last_inferred")),
    "cleaning_by_article": Table("one row per article and cleaning verdict (blank lines not counted)",
                                 ("doc_id", "source", "rule", "n_lines", "n_words")),
    "removed_share": Table("one row per article", ("doc_id", "source", "n_lines", "n_removed", "share_removed")),
    "removed_by_rule": Table("one row per cleaning rule that removed lines, most lines first",
                             ("rule", "n_lines", "n_words", "n_articles")),
    "bootstrap_ci": Table("one row per group", (GROUP, "n_clusters", "n_values", "mean", "ci_low", "ci_high")),
}


def dtypes(name: str, *, group: str | None = None) -> dict[str, str]:
    """Column → pandas dtype of table ``name``; its group column is named ``group``, or left out when None."""
    types: dict[str, str] = {}
    table = TABLES[name]
    for column in table.columns:
        if column != GROUP:
            types[column] = table.field_of(column).dtype
        elif group is not None:
            types[group] = FIELDS[GROUP].dtype
    return types


def conform(frame: pd.DataFrame, name: str, *, group: str | None = None, extra: Sequence[str] = ()) -> pd.DataFrame:
    """``frame`` as table ``name``: its declared columns in order with their declared types, then ``extra``.

    ``group`` names the grouping column of a grouped table (None: the table is not
    grouped and has no such column). Raises ``KeyError`` naming a declared column
    the frame lacks: that is a bug in the producer, not bad input.
    """
    types = dtypes(name, group=group)
    missing = [c for c in types if c not in frame.columns]
    if missing:
        raise KeyError(f"table {name!r} is missing declared column(s) {missing}")
    # a date column keeps its time zone when it has one
    types = {c: t for c, t in types.items() if not (t == _DATE and isinstance(frame[c].dtype, pd.DatetimeTZDtype))}
    return frame[[*dtypes(name, group=group), *extra]].astype(types)


def empty(name: str, *, group: str | None = None) -> pd.DataFrame:
    """An empty table ``name`` with its declared columns and types."""
    return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in dtypes(name, group=group).items()})


def describe(name: str, *, group: str = "source") -> str:
    """The columns of table ``name`` as a docstring paragraph (numpydoc ``Returns`` style)."""
    table = TABLES[name]
    lines = [f"DataFrame, {table.row}, with columns"]
    for column in table.columns:
        lines.append("    " + table.field_of(column).describe(group if column == GROUP else column))
    return "\n".join(lines)


Function = TypeVar("Function", bound=Callable[..., object])


def returns(name: str, *, group: str = "source") -> Callable[[Function], Function]:
    """Decorator: append the columns of table ``name`` to the function's docstring (its ``Returns`` section),
    and record the table on the function (``function.__table__``) for the schema test."""

    def document(function: Function) -> Function:
        doc = (function.__doc__ or "").rstrip()
        function.__doc__ = f"{doc}\n\n    Returns\n    -------\n    " + describe(name, group=group).replace("\n", "\n    ")
        function.__table__ = name  # type: ignore[attr-defined]
        return function

    return document


def _is_typed(series: pd.Series, dtype: str) -> bool:
    if dtype == _STR:
        return isinstance(series.dtype, pd.StringDtype)
    if dtype == _DATE:
        return pd.api.types.is_datetime64_any_dtype(series.dtype)
    return str(series.dtype) == dtype


def typed(frame: pd.DataFrame, name: str, *, what: str | None = None) -> pd.DataFrame:
    """``frame`` with each column of table ``name`` that it has in its declared type (other columns as they are).

    Returns ``frame`` itself when every such column has its type already (text of any
    string storage counts as typed). Raises :class:`SchemaError` naming the column a
    value of which cannot take the type (e.g. a missing ``sentence_id``).
    """
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"the {what or name} table must be a pandas DataFrame, not {type(frame).__name__}.")
    declared = dtypes(name, group=None)
    wrong = {c: t for c, t in declared.items() if c in frame.columns and not _is_typed(frame[c], t)}
    if not wrong:
        return frame
    try:
        return frame.astype(wrong)
    except (ValueError, TypeError) as error:
        wanted = ", ".join(f"{c} as {t}" for c, t in wrong.items())
        raise SchemaError(f"the {what or name} table: a column cannot be read as declared ({wanted}): {error}. "
                          "Make the table with the library's functions, or fix that column.") from error


def enters(**tables: str) -> Callable[[Function], Function]:
    """Decorator: type the DataFrame arguments named in ``tables`` (argument → table name) as they enter the function
    (:func:`typed`), so the function and everything it calls can trust the declared types of their columns."""

    def at_the_door(function: Function) -> Function:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            for argument, table in tables.items():
                value = bound.arguments.get(argument)
                if isinstance(value, pd.DataFrame):
                    bound.arguments[argument] = typed(value, table, what=argument.replace("_", " "))
            return function(*bound.args, **bound.kwargs)

        return wrapper  # type: ignore[return-value]

    return at_the_door
