"""Every caption, fed ties, nothing (n = 0) and one of a kind (n = 1): what it says must be true of the table.

Tables are built by hand here (the columns each caption reads), so each case
states its data and the words the caption owes the reader.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from analysis import viz
from analysis.viz import actors as actor_viz
from analysis.viz import overview as overview_viz

# ------------------------------------------------------------------- sentiment


def _by_source(*rows: tuple[str, int, float, float, float, float, bool]) -> pd.DataFrame:
    """sentiment_by_source rows: (source, n_articles, mean, ci_low, ci_high, share_negative, small_n)."""
    table = pd.DataFrame(rows, columns=["source", "n_articles", "mean_compound", "ci_low", "ci_high", "share_negative",
                                        "small_n"])
    return table.assign(n_sentences=table["n_articles"] * 10)


@pytest.mark.parametrize("table, said, not_said", [
    (_by_source(), ["No scored sentence"], ["most positive"]),
    (_by_source(("A", 1, 0.2, float("nan"), float("nan"), 0.3, True)),
     ["1 article and 10 sentences from 1 source", "one article has no interval",
      "Small n: A (1 article), fewer than 3 articles, so"], ["mean is", "articles each"]),
    (_by_source(("A", 5, -0.1, -0.2, 0.0, 0.4, False), ("B", 5, -0.1, -0.3, 0.1, 0.4, False)),
     ["Every source with 3 or more articles has the same mean (−0.10)"], ["most positive mean is"]),
    (_by_source(("A", 5, 0.1, 0.05, 0.15, 0.4, False), ("B", 5, 0.1, 0.0, 0.2, 0.3, False),
                ("C", 5, -0.2, -0.3, -0.1, 0.6, False)),
     ["the most positive mean is A and B's (+0.10)", "the most negative C's (−0.20)", "do not overlap"], []),
    (_by_source(("A", 5, 0.1, -0.1, 0.3, 0.4, False), ("B", 5, -0.1, -0.3, 0.1, 0.4, False),
                ("C", 1, 0.9, float("nan"), float("nan"), 0.0, True)),
     ["the most positive mean is A's (+0.10)", "overlap, so this sample does not tell them apart", "Small n: C"],
     ["C's (+0.90)"]),
])
def test_mean_by_source_caption(table, said, not_said):
    caption = viz.mean_by_source_caption(table)
    assert all(s in caption for s in said), caption
    assert not any(s in caption for s in not_said), caption


@pytest.mark.parametrize("table, said", [
    (_by_source(("A", 5, 0, 0, 0, 0.5, False), ("B", 5, 0, 0, 0, 0.5, False)),
     "the largest share of negative sentences is A and B's (50% each)"),
    (_by_source(("A", 5, 0, 0, 0, 0.5, False), ("B", 1, 0, 0, 0, 0.9, True), ("C", 4, 0, 0, 0, 0.2, False)),
     "the largest share of negative sentences is A's (50%)"),
])
def test_label_shares_caption_names_ties_and_ignores_small_n(table, said):
    assert said in viz.label_shares_caption(table)


def test_label_shares_caption_with_one_source_claims_no_ranking():
    caption = viz.label_shares_caption(_by_source(("A", 5, 0, 0, 0, 0.5, False)))
    assert "largest share" not in caption


@pytest.mark.parametrize("n_sentences, said", [(0, "No scored sentence"), (1, "of the 1 sentence score exactly 0")])
def test_compound_distribution_caption_at_zero_and_one(n_sentences, said):
    sentences = pd.DataFrame({"source": ["A"] * n_sentences, "compound": [0.0] * n_sentences})
    assert said in viz.compound_distribution_caption(sentences)


def _articles(published: list[str | None], inferred: list[bool]) -> pd.DataFrame:
    return pd.DataFrame({"published": pd.to_datetime(published), "published_inferred": inferred})


def _over_time(*rows: tuple[str, str, int, bool, int]) -> pd.DataFrame:
    """sentiment_over_time rows: (source, period, n_articles, small_n, n_inferred)."""
    table = pd.DataFrame(rows, columns=["source", "period", "n_articles", "small_n", "n_inferred"])
    return table.assign(period=pd.to_datetime(table["period"]))


@pytest.mark.parametrize("over_time, articles, said", [
    (_over_time(), _articles([None], [False]), ["over 0 dated articles", "nothing to plot"]),
    (_over_time(("A", "2025-04-01", 1, True, 1)), _articles(["2025-04-02"], [True]),
     ["over 1 dated article", "The only date is inferred", "1 of the 1 point rest on fewer than 3 articles",
      "labelled with its number of articles"]),
    (_over_time(*[("A", f"2025-{m:02d}-01", 5, False, 0) for m in range(1, 13)],
                *[("B", f"2025-{m:02d}-01", 5, False, 0) for m in range(1, 12)]),
     _articles(["2025-01-02"] * 115, [False] * 115),
     ["Every date is stated", "in the CSV beside the chart"]),
])
def test_tone_over_time_caption(over_time, articles, said):
    caption = viz.tone_over_time_caption(over_time, articles, freq="M")
    assert all(s in caption for s in said), caption


def _by_period(counts: dict[tuple[str, str], tuple[int, int]]) -> pd.DataFrame:
    rows = [(s, pd.Timestamp(m), n, i) for (s, m), (n, i) in counts.items()]
    table = pd.DataFrame(rows, columns=["source", "period", "n_articles", "n_inferred"])
    return table.assign(share_of_source=table["n_articles"] / table.groupby("source")["n_articles"].transform("sum"))


@pytest.mark.parametrize("counts, said, not_said", [
    ({}, ["No article has a date"], []),
    ({("A", "2025-03-01"): (12, 0), ("A", "2025-04-01"): (2, 0), ("B", "2025-03-01"): (2, 0),
      ("B", "2025-04-01"): (12, 0)},
     ["busiest in March 2025 and April 2025 (14 articles each)"], ["differs"]),  # a tie in the pooled peak
    ({("A", "2025-03-01"): (12, 0), ("A", "2025-04-01"): (3, 0), ("B", "2025-03-01"): (2, 0),
      ("B", "2025-04-01"): (9, 0)},
     ["busiest in March 2025 (14 articles)", "differs: B (April 2025 (9 articles))"], ["A (March"]),
    ({("A", "2025-03-01"): (2, 1), ("B", "2025-04-01"): (1, 0)},  # too few articles to name a source's peak
     ["1 of 3 dates is inferred"], ["differs"]),
])
def test_attention_caption(counts, said, not_said):
    caption = viz.attention_caption(_by_period(counts), freq="M") if counts else viz.attention_caption(
        _by_period({}).iloc[0:0], freq="M")
    assert all(s in caption for s in said), caption
    assert not any(s in caption for s in not_said), caption


@pytest.mark.parametrize("n_rank, said", [(0, "no extremes to show"), (1, "The 1 most positive and most negative sentence")])
def test_extremes_caption_at_zero_and_one(n_rank, said):
    assert said in viz.extremes_caption(pd.DataFrame({"rank": list(range(1, n_rank + 1))}))


# -------------------------------------------------------------------- overview


@pytest.mark.parametrize("n_dated, n_inferred, n_undated, said", [
    (0, 0, 0, "Every date is stated in its article."),
    (1, 1, 0, "The only date is inferred from the events described, not stated: hatched in charts, marked ~ in tables."),
    (3, 3, 0, "All 3 dates are inferred from the events described, not stated: hatched in charts, marked ~ in tables."),
    (5, 1, 1, "1 of 5 dates is inferred from the events described, not stated: hatched in charts, marked ~ in tables. "
              "1 undated article is left out."),
    (5, 0, 2, "2 undated articles are left out."),
])
def test_dates_note(n_dated, n_inferred, n_undated, said):
    assert overview_viz.dates_note(n_dated, n_inferred, n_undated) == said


@pytest.mark.parametrize("counts, said", [
    ({"A": (5, 0, 0), "B": (4, 0, 0)}, "9 articles from 2 sources."),
    ({"A": (1, 1, 0)}, "1 article from 1 source. The only date is inferred"),
    ({"A": (5, 2, 1), "B": (2, 0, 0)}, "7 articles from 2 sources. 2 of 6 dates are inferred"),
])
def test_articles_by_source_caption_counts_dates(counts, said):
    table = pd.DataFrame([(s, n, i, u) for s, (n, i, u) in counts.items()],
                         columns=["source", "n_articles", "n_inferred", "n_undated"])
    assert viz.articles_by_source_caption(table).startswith(said)


# ----------------------------------------------------------------------- terms


def _frequencies(rows: list[tuple[str, str, int]], docs: int = 3) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["source", "term", "count"])
    return table.assign(per_10k=table["count"] * 100.0, group_docs=docs)


@pytest.mark.parametrize("rows, said", [
    ([("A", "war", 5), ("A", "peace", 5), ("A", "talks", 5), ("A", "deal", 5), ("A", "kyiv", 1)],
     "A (3 articles): deal (500), peace (500), talks (500), war (500)"),  # the tie at third place is shown whole
    ([("A", "war", 1)], "A (3 articles): war (100)"),
])
def test_top_terms_caption_includes_ties(rows, said):
    assert said in viz.top_terms_caption(_frequencies(rows))


def test_top_terms_caption_without_terms():
    assert viz.top_terms_caption(_frequencies([])) == "No term occurs often enough to be shown."


def _markers(*rows: tuple[str, str, int]) -> pd.DataFrame:
    """framing_markers rows of one concept: (source, variant, count)."""
    table = pd.DataFrame(rows, columns=["source", "variant", "count"])
    return table.assign(concept="capital", frame="", n_docs=1, share=0.0, group_docs=1)


@pytest.mark.parametrize("rows, said, not_said", [
    ([("A", "Kyiv", 0), ("A", "Kiev", 0)], ["None of the framing markers"], []),
    ([("RT", "Lviv", 2), ("RT", "Lvov", 2)], ["no source with 3 or more mentions prefers one variant",  # 2 of 4 is a tie
                                               "tie in RT: 'Lviv' and 'Lvov' equally (2 each of 4)"], ["writes"]),
    ([("RT", "Lviv", 1), ("RT", "Lvov", 1)], ["fewer than 3 mentions in RT"], ["writes", "tie"]),
    ([("A", "Lviv", 3), ("A", "Lvov", 0), ("RT", "Lviv", 3), ("RT", "Lvov", 3)],
     ["capital: A writes 'Lviv' (3 of 3); tie in RT"], ["1 of the"]),
    ([("A", "Kyiv", 9), ("A", "Kiev", 1), ("B", "Kyiv", 4), ("B", "Kiev", 0), ("C", "Kyiv", 0), ("C", "Kiev", 5)],
     ["2 of the 3 sources with 3 or more mentions mostly write 'Kyiv'", "C writes 'Kiev' (5 of 5)"], ["A writes"]),
    ([("A", "Kyiv", 1), ("A", "Kiev", 0)], ["fewer than 3 mentions in A"], ["writes"]),
    ([("A", "Kyiv", 4), ("A", "Kiev", 0)], ["capital: A writes 'Kyiv' (4 of 4)"], ["1 of the 1"]),
])
def test_framing_markers_caption(rows, said, not_said):
    caption = viz.framing_markers_caption(_markers(*rows))
    assert all(s in caption for s in said), caption
    assert not any(s in caption for s in not_said), caption


@pytest.mark.parametrize("n_lines, said", [
    (0, "'Kiev' does not occur"),
    (1, "'Kiev': 1 occurrence in 1 article (A 1)"),
    (3, "'Kiev': 3 occurrences in 2 articles (A 2; B 1)"),
])
def test_kwic_caption_counts(n_lines, said):
    lines = pd.DataFrame({"doc_id": ["d1", "d1", "d2"][:n_lines], "source": ["A", "A", "B"][:n_lines]})
    assert viz.kwic_caption(lines, "Kiev").startswith(said)


def test_collocations_caption_names_the_measure_the_minimum_and_the_empty_sources():
    table = pd.DataFrame({"source": ["A"], "measure": ["likelihood_ratio"]})
    table.attrs["min_count"] = {"A": 3, "B": 5}
    caption = viz.collocations_caption(table)
    assert "log-likelihood ratio" in caption and "at least 3 to 5 times" in caption
    assert "1 collocation from 1 source" in caption and "No phrase reaches the minimum in B." in caption
    assert "No two-word phrase" in viz.collocations_caption(table.iloc[0:0])


# ---------------------------------------------------------------------- actors


def _pairs(*rows: tuple[str, str, int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["actor_a", "actor_b", "n_together", "n_articles"]).assign(unit="sentence")


@pytest.mark.parametrize("pairs, said", [
    (_pairs(), "of 0 co-occurring pairs in the corpus. Being named"),
    (_pairs(("A", "B", 1, 1)), "The most frequent pair is A and B (1 sentence in 1 article)"),
    (_pairs(("A", "B", 4, 2), ("A", "C", 4, 3), ("B", "C", 1, 1)),
     "The most frequent pairs are A and B; A and C (4 sentences each)"),
])
def test_cooccurrence_caption_names_ties(pairs, said):
    assert said in viz.cooccurrence_network_caption(pairs, nx.Graph())


@pytest.mark.parametrize("n_candidates, shown, said", [
    (0, 25, "no candidate to add"),
    (1, 25, "The only name-like phrase that no alias"),
    (3, 25, "All 3 name-like phrases"),
    (30, 25, "The 25 most frequent of 30 name-like phrases"),
])
def test_candidates_caption(n_candidates, shown, said):
    assert said in actor_viz.candidates_caption(pd.DataFrame({"candidate": ["x"] * n_candidates}), shown)


@pytest.mark.parametrize("small, said", [
    ([], "grey crosses: the mean VADER compound of the same whole sentences"),
    ([True, False], "1 of the 2 estimates rest on fewer than 3 articles"),
])
def test_actor_tone_caption(small, said):
    tone = pd.DataFrame({"small_n": small or [False]})
    caption = viz.actor_tone_caption(tone)
    assert said in caption and ("Hollow" in caption) == any(small)
    assert viz.actor_tone_caption(tone.iloc[0:0]) == "No listed actor is named in a scored sentence."
