"""Who is quoted on real seed text: the aggregates, the longest quotations, and the charts and captions at 2 and 30 outlets."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import analysis  # noqa: E402
from analysis import viz  # noqa: E402
from analysis.core.errors import QuoteError  # noqa: E402
from analysis.measures.quotes.tables import OTHER_SPEAKERS  # noqa: E402
from analysis.reports.audit import MAX_PIXELS, png_size  # noqa: E402
from analysis.text.tokens import count_words  # noqa: E402
from analysis.viz.style import report_style  # noqa: E402

EUROPEAN = "European news site (unidentified)"


@pytest.fixture(scope="module")
def seed_tables():
    """The seeds' quotations, mentions and scored sentences, and the actor list."""
    articles = analysis.load_corpus(analysis.core.config.RAW_DATA_DIR, progress=False)
    sentences = analysis.split_sentences(articles)
    mentions = analysis.find_mentions(articles, sentences=sentences, progress=False)
    quotes = analysis.find_quotes(articles, sentences=sentences, mentions=mentions, progress=False)
    scored = analysis.mentioned_sentences(analysis.score_sentences(sentences, progress=False), mentions)
    return articles, quotes, mentions, scored, analysis.load_actors()


def _outlets(n: int, articles: pd.DataFrame) -> pd.DataFrame:
    """``n`` outlets of one or more seed articles each (the seeds copied under new ids), the first outlets largest."""
    rows = []
    for i in range(n):
        for copy in range(1 + (i < 3)):
            seed = articles.iloc[(i + copy) % len(articles)]
            rows.append(seed.to_dict() | {"doc_id": f"{seed['doc_id']}-{i}-{copy}", "source": f"Outlet number {i:02d}"})
    return pd.DataFrame(rows).astype({"source": "string", "doc_id": "string"})


# ------------------------------------------------------------------ aggregates on the seeds


def test_quote_counts_on_the_seeds_add_up(seed_tables):
    articles, quotes, _, _, actors = seed_tables
    counts = analysis.quote_counts(quotes, articles, actors=actors)
    assert counts["n_quotes"].sum() == len(quotes)
    assert counts["n_quoted_words"].sum() == sum(count_words(q) for q in quotes["quote"])
    assert counts.groupby("source")["share_of_quoted_words"].sum().round(9).eq(1).all()
    # the European site's article is an interview with Dmitriev: he speaks most of its quoted words
    european = counts[counts["source"] == EUROPEAN].set_index("actor")["share_of_quoted_words"]
    assert european.idxmax() == "Kirill Dmitriev" and european.max() > 0.5
    by_country = analysis.quote_counts(quotes, articles, who="country", actors=actors)
    country_of = dict(zip(actors["name"], actors["country"], strict=True))
    expected = counts.assign(country=counts["actor"].map(lambda a: country_of.get(a, OTHER_SPEAKERS)))
    assert (by_country.set_index(["source", "country"])["n_quoted_words"].sort_index()
            .equals(expected.groupby(["source", "country"])["n_quoted_words"].sum().sort_index()))


def test_every_listed_actor_has_a_country():
    actors = analysis.load_actors()
    assert actors["country"].fillna("").str.strip().ne("").all()


def test_longest_quotes_of_each_actor(seed_tables):
    articles, quotes, _, _, _ = seed_tables
    longest = analysis.longest_quotes(quotes, articles, n=2, max_chars=None)
    marked = quotes[quotes["actor"].notna() & quotes["kind"].isin(["direct", "partial"]) & (quotes["attribution"] == "explicit")
                    & ~quotes["quote"].str.contains("[\"\u201c\u201d\u201e\u00ab\u00bb]")]
    assert set(longest["actor"]) == set(marked["actor"])
    # every row can be checked: the whole sentence holds the whole quotation and the words naming its speaker
    assert all(q in s and w in s for q, w, s in zip(longest["quote"], longest["speaker_text"], longest["sentence"], strict=True))
    for actor, rows in longest.groupby("actor", sort=False):
        lengths = sorted((count_words(q) for q in marked.loc[marked["actor"] == actor, "quote"]), reverse=True)[:2]
        assert rows["n_quoted_words"].tolist() == lengths
        assert rows["quote_rank"].tolist() == list(range(1, len(lengths) + 1))
    totals = marked.assign(n=marked["quote"].map(count_words)).groupby("actor")["n"].sum()
    assert longest["actor"].drop_duplicates().tolist() == sorted(totals.index, key=lambda a: (-totals[a], a))
    sources = dict(zip(articles["doc_id"], articles["source"], strict=True))
    assert (longest["source"] == longest["doc_id"].map(sources)).all()
    urls = dict(zip(articles["doc_id"], articles["url"], strict=True))
    assert longest["url"].fillna("").equals(longest["doc_id"].map(urls).astype("string").fillna(""))
    assert longest["title"].notna().all()


def test_quotations_joined_over_reopened_marks_are_left_out_unless_asked_for():
    text = ('Zelensky spoke on Monday. "We are ready to talk about peace, and we are ready now. "We will not give up any '
            'land to anyone, ever, under any pressure," Zelensky said. "We want peace," Zelensky added.')
    articles = pd.DataFrame({"doc_id": ["z"], "source": ["S"], "text": [text]})
    quotes = analysis.find_quotes(articles, progress=False)
    joined = quotes["quote"].str.contains('"')
    assert joined.sum() == 1 and (~joined).sum() == 1
    longest = analysis.longest_quotes(quotes, articles, max_chars=None)
    assert longest["quote"].tolist() == quotes.loc[~joined, "quote"].tolist()
    assert analysis.longest_quotes(quotes, articles, max_chars=None, joined=True)["quote"].tolist() == [
        quotes.loc[joined, "quote"].iloc[0], quotes.loc[~joined, "quote"].iloc[0]]


def test_long_quotations_are_shortened_at_a_word(seed_tables):
    articles, quotes, _, _, _ = seed_tables
    whole = analysis.longest_quotes(quotes, articles, n=1, max_chars=None)
    short = analysis.longest_quotes(quotes, articles, n=1, max_chars=60)
    assert short["n_quoted_words"].equals(whole["n_quoted_words"])
    for full, cut in zip(whole["quote"], short["quote"], strict=True):
        assert cut == full if len(full) <= 60 else (cut.endswith("\u2026") and full.startswith(cut[:-1]) and len(cut) <= 61)
    with pytest.raises(QuoteError, match="n=0"):
        analysis.longest_quotes(quotes, articles, n=0)


# ------------------------------------------------------------------ charts and captions at 2 and 30 outlets


@pytest.mark.parametrize("n_outlets, n_pages", [(2, 1), pytest.param(30, 3, marks=pytest.mark.heavy)])
def test_charts_and_captions_at_2_and_30_outlets(seed_tables, n_outlets, n_pages):
    _, _, _, _, actors = seed_tables
    articles = _outlets(n_outlets, seed_tables[0])
    sentences = analysis.split_sentences(articles)
    mentions = analysis.find_mentions(articles, sentences=sentences, progress=False)
    quotes = analysis.find_quotes(articles, sentences=sentences, mentions=mentions, progress=False)
    scored = analysis.mentioned_sentences(analysis.score_sentences(sentences, progress=False), mentions)
    counts = analysis.quote_counts(quotes, articles, actors=actors)
    shown = viz.most_quoted(counts, 8)
    colors = viz.source_colors(articles["source"])
    labels = analysis.actor_labels(actors)
    figures = viz.plot_quoted_share(counts, shown, labels, colors)
    assert len(figures) == n_pages
    titles = [ax.get_title(loc="left") for fig in figures for ax in fig.axes if ax.get_visible()]
    assert len(titles) == n_outlets and titles[0].startswith("Outlet number 00 (2 articles)")
    tone = analysis.quote_tone(quotes, mentions, scored, articles, n_boot=50)
    figures += viz.plot_quote_tone(tone, shown, labels, colors)
    for fig in figures:
        png = io.BytesIO()
        with report_style():
            fig.savefig(png, format="png")
        assert max(png_size(png.getvalue()[:24])) <= MAX_PIXELS
    plt.close("all")
    caption = viz.quoted_share_caption(counts, shown, articles)
    assert f"{len(quotes):,} quotations" in caption and f"in {n_outlets} sources" in caption
    assert f"{counts['n_quoted_words'].sum():,} quoted words" in caption
    quoted = tone[(tone["tone_of"] == "quoted") & tone["actor"].isin(shown)]
    assert f"{quoted['n_texts'].sum():,} quotations" in viz.quote_tone_caption(tone, shown)


def test_captions_without_quotations():
    articles = pd.DataFrame({"doc_id": ["a", "b"], "source": ["A", "B"], "text": ["Nothing said here.", "Nor here."]})
    quotes = analysis.find_quotes(articles, progress=False)
    counts = analysis.quote_counts(quotes, articles)
    assert viz.quoted_share_caption(counts, [], articles) == "No quotation was found in the 2 articles."
    longest = analysis.longest_quotes(quotes, articles)
    assert viz.longest_quotes_caption(longest, n=3) == ("No listed actor is quoted in quotation marks, named next to the "
                                                        "quotation, in these articles.")
    speakers = analysis.quote_counts(quotes, articles, who="speaker")
    assert viz.unlisted_speakers_caption(speakers, n=5) == "No quotation was found, so no one is quoted."
    assert viz.candidate_speakers_caption(analysis.candidate_speakers(quotes)) == "Every person quoted by name is on the actor list."
    assert len(viz.plot_unlisted_speakers(speakers, {})) == 1
    assert len(viz.plot_quoted_share(counts, [], None, {})) == 1
    plt.close("all")


def test_a_silent_outlet_is_named_not_drawn(seed_tables):
    articles, quotes, _, _, actors = seed_tables
    silent = pd.DataFrame({"doc_id": ["quiet"], "source": ["Quiet Times"], "text": ["Nobody is quoted in this article at all."]})
    both = pd.concat([articles, silent], ignore_index=True)
    counts = analysis.quote_counts(quotes, both, actors=actors)
    assert "Not drawn, no quotation found: Quiet Times." in viz.quoted_share_caption(counts, viz.most_quoted(counts), both)


def test_the_longest_quotations_caption_says_when_a_cell_is_cut():
    speech = " ".join(["word"] * 150)
    longest = pd.DataFrame({"actor": ["Boris Johnson"], "quote": [speech], "sentence": ["BORIS JOHNSON: " + speech]})
    assert viz.longest_quotes_caption(longest, n=3).endswith(
        "a quotation or sentence of more than 100 words shows its first 100 here and how many follow (2 cells).")
    assert "shows its first" not in viz.longest_quotes_caption(longest.assign(quote="Short.", sentence="Short."), n=3)
