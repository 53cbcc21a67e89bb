"""Term frequencies, distinctive terms, collocations, KWIC and framing markers on small inline texts."""

from __future__ import annotations

import math
import re
from collections import Counter

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures
from nltk.probability import FreqDist

from analysis import (
    TermsError,
    collocations,
    distinctive_terms,
    framing_markers,
    kwic,
    load_framing_markers,
    load_stopwords,
    term_frequencies,
    weighted_log_odds,
)
from analysis.measures.terms import (
    _ngram_terms,
    bigram_counts,
    check_framing_markers,
    concordance,
    keep_acronyms,
    literal_prefix,
    load_acronyms,
    load_reporting_words,
    runs_from_tokens,
    scaled_min_count,
    score_collocations,
    sentence_runs,
    top_distinctive_terms,
    top_terms,
)
from analysis.text.splitter import split_sentences
from analysis.text.tokens import tokenize
from analysis.viz import (
    distinctive_terms_caption,
    framing_markers_caption,
    kwic_caption,
    plot_distinctive_terms,
    plot_framing_markers,
    plot_top_terms,
    source_colors,
    top_terms_caption,
)


def _articles(*rows: tuple[str, str]) -> pd.DataFrame:
    """Articles from ``(source, text)`` pairs."""
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))],
                         "source": [s for s, _ in rows], "text": [t for _, t in rows]})


def _counts(table: pd.DataFrame, **where: object) -> dict[str, int]:
    for column, value in where.items():
        table = table[table[column] == value]
    return dict(zip(table["term"], table["count"]))


# ---------------------------------------------------------------- term frequencies


def test_counts_doc_freq_and_per_10k_by_hand():
    articles = _articles(("A", "The cat sat. The cat ran."), ("A", "A cat slept."), ("B", "A dog ran!"))
    table = term_frequencies(articles)
    assert table.columns.tolist() == ["source", "n", "term", "count", "doc_freq", "per_10k",
                                      "group_tokens", "group_ngrams", "group_docs"]
    assert _counts(table, source="A") == {"cat": 3, "sat": 1, "ran": 1, "slept": 1}
    assert _counts(table, source="B") == {"dog": 1, "ran": 1}
    cat = table[(table["source"] == "A") & (table["term"] == "cat")].iloc[0]
    assert (cat["doc_freq"], cat["group_tokens"], cat["group_docs"]) == (2, 6, 2)
    assert cat["per_10k"] == pytest.approx(3 / 6 * 10_000)


def test_per_10k_of_words_sums_to_10000_in_every_group(seed_articles):
    table = term_frequencies(seed_articles, ngram=(1, 2))
    words = table[table["n"] == 1]
    assert words.groupby("source")["per_10k"].sum().tolist() == pytest.approx([10_000] * 3)
    assert (words.groupby("source")["count"].sum() == words.groupby("source")["group_tokens"].first()).all()
    bigrams = table[table["n"] == 2]
    assert bigrams["per_10k"].tolist() == pytest.approx((bigrams["count"] * 10_000 / bigrams["group_tokens"]).tolist())
    assert (bigrams.groupby("source")["count"].sum() == bigrams.groupby("source")["group_ngrams"].first()).all()


@pytest.mark.parametrize(
    "text, bigrams",
    [
        ("Alpha beta. Gamma delta.", {"alpha beta", "gamma delta"}),
        ("Alpha beta\n\nGamma delta", {"alpha beta", "gamma delta"}),
        ("Peace talks 2025 resumed quickly.", {"peace talks", "resumed quickly"}),
        ("Moscow, Kyiv and Washington.", {"moscow kyiv"}),
    ],
)
def test_ngrams_never_cross_a_sentence_or_a_number(text, bigrams):
    table = term_frequencies(_articles(("A", text)), ngram=(2, 2))
    assert set(table["term"]) == bigrams


@pytest.mark.parametrize(
    "text, words",
    [
        ("Russia's talks", {"russia": 1, "talks": 1}),
        ("The Russians' view", {"russians": 1, "view": 1}),
        ("US-Russia talks and the US", {"us-russia": 1, "talks": 1, "us": 1}),
        ("Kremlin-backed media; KREMLIN", {"kremlin-backed": 1, "media": 1, "kremlin": 1}),
        ("It's what they don't say", {"say": 1}),
        ("U.S. officials met U.K. envoys", {"u.s.": 1, "officials": 1, "met": 1, "u.k.": 1, "envoys": 1}),
    ],
)
def test_possessives_and_hyphenated_words(text, words):
    assert _counts(term_frequencies(_articles(("A", text)))) == words


@pytest.mark.parametrize(
    "policy, ngram, text, expected",
    [
        ("edges", (2, 2), "the war of the world", set()),
        ("all", (2, 2), "the war of the world", {"the war", "war of", "the world"}),
        ("edges", (3, 3), "Secretary of State spoke", {"secretary of state"}),
        ("all", (3, 3), "it is of the war", {"of the war"}),
        ("edges", (3, 3), "it is of the war", set()),
    ],
)
def test_stopword_ngrams_are_dropped(policy, ngram, text, expected):
    table = term_frequencies(_articles(("A", text)), ngram=ngram, ngram_stopwords=policy)
    assert set(table["term"]) == expected


def test_stopword_additions_and_no_stopwords():
    articles = _articles(("A", "The envoy said the talks went well, officials said."))
    default = _counts(term_frequencies(articles))
    extra = _counts(term_frequencies(articles, stopwords=load_stopwords(["said"])))
    none = _counts(term_frequencies(articles, stopwords=()))
    assert default["said"] == 2 and "said" not in extra and "the" not in default
    assert none["the"] == 2 and sum(none.values()) == 9


def test_stem_passes_through_to_the_tokenizer():
    articles = _articles(("A", "Running negotiations; he runs, they ran and were running."))
    counts = _counts(term_frequencies(articles, stem=True))
    assert counts["run"] == 3 and counts["negoti"] == 1
    assert "were" not in counts, "stopwords are recognised after stemming too"


def test_min_count_is_corpus_wide_and_by_none_counts_the_whole_corpus():
    articles = _articles(("A", "Kyiv talks. Kyiv."), ("B", "Kyiv summit."), ("B", "Summit talks."))
    table = term_frequencies(articles, min_count=3)
    assert set(zip(table["source"], table["term"], table["count"])) == {("A", "kyiv", 2), ("B", "kyiv", 1)}
    whole = term_frequencies(articles, by=None)
    assert "source" not in whole.columns
    assert _counts(whole) == {"kyiv": 3, "talks": 2, "summit": 2}


def test_missing_sources_form_their_own_group():
    articles = _articles(("A", "Kyiv."), ("A", "Kiev."))
    articles.loc[1, "source"] = None
    assert sorted(term_frequencies(articles)["source"]) == ["(unknown source)", "A"]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"by": "outlet"}, "no column"),
        ({"ngram": (2, 1)}, "smallest"),
        ({"ngram": 2}, "smallest and largest"),
        ({"min_count": 0}, "at least 1"),
        ({"ngram_stopwords": "some"}, "use one of"),
    ],
)
def test_term_frequencies_bad_options(options, message):
    with pytest.raises(TermsError, match=message):
        term_frequencies(_articles(("A", "text")), **options)


def test_input_is_not_mutated(seed_articles):
    before = seed_articles.copy()
    term_frequencies(seed_articles, ngram=(1, 2))
    framing_markers(seed_articles)
    pd.testing.assert_frame_equal(seed_articles, before)


# --------------------------------------------------------------- distinctive terms


def _toy_frequencies() -> pd.DataFrame:
    counts = {("A", "kiev"): 9, ("A", "war"): 3, ("A", "talks"): 4,
              ("B", "kyiv"): 6, ("B", "war"): 5, ("B", "talks"): 2,
              ("C", "kyiv"): 2, ("C", "war"): 1, ("C", "talks"): 7, ("C", "kiev"): 1}
    rows = [{"source": g, "n": 1, "term": t, "count": c} for (g, t), c in counts.items()]
    table = pd.DataFrame(rows)
    totals = table.groupby("source")["count"].sum()
    return table.assign(group_ngrams=table["source"].map(totals), group_docs=1)


def _fightin_words(counts: dict[tuple[str, str], int], group: str, term: str, a0: float | None) -> tuple[float, float]:
    """Monroe et al.'s formula written out with plain arithmetic."""
    groups = {g for g, _ in counts}
    terms = {t for _, t in counts}
    y = {(g, t): counts.get((g, t), 0) for g in groups for t in terms}
    corpus = sum(y.values())
    y_w = sum(y[g, term] for g in groups)
    a0 = corpus if a0 is None else a0
    a_w = a0 * y_w / corpus
    y_i = y[group, term]
    n_i = sum(y[group, t] for t in terms)
    y_j = y_w - y_i
    n_j = corpus - n_i
    delta = math.log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - math.log((y_j + a_w) / (n_j + a0 - y_j - a_w))
    return delta, delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))


@pytest.mark.parametrize("prior_strength", [None, 10.0, 0.5])
def test_weighted_log_odds_matches_the_formula(prior_strength):
    toy = _toy_frequencies()
    counts = {(g, t): c for g, t, c in zip(toy["source"], toy["term"], toy["count"])}
    result = weighted_log_odds(toy, prior_strength=prior_strength)
    assert len(result) == 3 * 4, "every group gets every term, unused ones with count 0"
    for row in result.itertuples():
        log_odds, z = _fightin_words(counts, row.source, row.term, prior_strength)
        assert (row.log_odds, row.z) == (pytest.approx(log_odds), pytest.approx(z)), (row.source, row.term)
        assert row.count + row.count_others == sum(c for (_, t), c in counts.items() if t == row.term)
        n_i = sum(c for (g, _), c in counts.items() if g == row.source)
        n_j = sum(counts.values()) - n_i
        assert row.log_ratio == pytest.approx(math.log2((row.count + 0.5) / n_i) - math.log2((row.count_others + 0.5) / n_j))


def _frequencies(counts: dict[tuple[str, str], int]) -> pd.DataFrame:
    table = pd.DataFrame([{"source": g, "n": 1, "term": t, "count": c} for (g, t), c in counts.items()])
    return table.assign(group_ngrams=table["source"].map(table.groupby("source")["count"].sum()), group_docs=1)


@pytest.mark.parametrize("prior_strength", [None, 1000.0, 10.0])
def test_log_ratio_does_not_saturate_where_log_odds_does(prior_strength):
    # A alone uses "often" 37 times and "seldom" 20 times; both groups use the rest alike
    counts = {("A", "often"): 37, ("A", "seldom"): 20, ("A", "war"): 500, ("B", "war"): 900,
              ("A", "talks"): 443, ("B", "talks"): 1100}
    result = weighted_log_odds(_frequencies(counts), prior_strength=prior_strength).set_index(["source", "term"])
    often, seldom = result.loc[("A", "often")], result.loc[("A", "seldom")]
    # the prior grows with the count it is added to ((y + a_w) / a_w = 1 + N / a_0), so log_odds barely moves
    assert often["log_odds"] == pytest.approx(seldom["log_odds"], rel=0.01)
    assert often["log_ratio"] - seldom["log_ratio"] == pytest.approx(math.log2(37.5 / 20.5))  # 0.87
    assert often["z"] > seldom["z"]


def test_z_grows_with_the_group_size_and_log_ratio_does_not():
    small = {("A", "kiev"): 20, ("A", "war"): 80, ("B", "kiev"): 10, ("B", "war"): 190, ("C", "kiev"): 5, ("C", "war"): 95}
    large = {(g, t): c * (10 if g == "A" else 1) for (g, t), c in small.items()}  # A ten times larger, same rates
    kiev = [weighted_log_odds(_frequencies(counts)).set_index(["source", "term"]).loc[("A", "kiev")] for counts in (small, large)]
    assert kiev[1]["z"] > 1.3 * kiev[0]["z"]  # 3.3 against 2.4
    assert kiev[1]["log_ratio"] == pytest.approx(kiev[0]["log_ratio"], abs=0.05)


def test_distinctive_terms_rank_each_group_against_the_rest():
    articles = _articles(("RU", "Kiev talks. Kiev said. Kiev again."), ("UA", "Kyiv talks. Kyiv said. Kyiv again."),
                         ("EU", "Brussels talks. Kyiv said. Brussels again."))
    result = distinctive_terms(articles, min_count=1)
    top = result.groupby("source").head(1).set_index("source")["term"].to_dict()
    assert top == {"RU": "kiev", "UA": "kyiv", "EU": "brussels"}
    assert result.columns.tolist() == ["source", "n", "term", "count", "count_others", "log_odds", "z", "log_ratio", "group_docs"]


def test_a_group_without_terms_of_an_order_sits_out_that_order():
    articles = _articles(("A", "Kyiv talks. Kyiv talks. Kiev."), ("B", "Kiev summit. Kiev."), ("C", "Kyiv talks."))
    frequencies = term_frequencies(articles, ngram=(1, 2), min_count=2)
    assert set(frequencies.loc[frequencies["n"] == 2, "source"]) == {"A", "C"}
    result = weighted_log_odds(frequencies)
    assert set(result.loc[result["n"] == 1, "source"]) == {"A", "B", "C"}
    assert set(result.loc[result["n"] == 2, "source"]) == {"A", "C"}
    bigram = result[(result["n"] == 2) & (result["source"] == "A")].iloc[0]
    assert (bigram["term"], bigram["count"], bigram["count_others"]) == ("kyiv talks", 2, 1)


def test_distinctive_terms_of_one_group_are_empty_and_say_why():
    """One newspaper's archive: nothing to compare, so no distinctive terms, and the chart and caption say why."""
    from analysis import viz

    table = distinctive_terms(_articles(("A", "Kyiv talks."), ("A", "Kyiv.")), min_count=1)
    assert table.empty and list(table.columns)[:3] == ["source", "n", "term"]
    assert "one source, A" in table.attrs["why_empty"]
    shown = top_distinctive_terms(table)
    assert viz.distinctive_terms_caption(shown) == table.attrs["why_empty"]
    [figure] = viz.plot_distinctive_terms(shown, {"A": "#000000"})
    assert "Nothing to compare" in " ".join(text.get_text() for text in figure.axes[0].texts)


# ------------------------------------------------------------------- collocations


def test_collocation_pmi_by_hand():
    articles = _articles(("A", "New York is big. New York is old. York is new."))
    table = collocations(articles, measure="pmi", min_count=1)
    # words: new 3, york 3, is 3, big 1, old 1 (11); "new york" twice; every other pair has the stopword "is"
    assert table[["bigram", "count"]].values.tolist() == [["new york", 2]]
    assert table["score"].iloc[0] == pytest.approx(math.log2(2 * 11 / (3 * 3)))


def test_collocations_stay_within_sentences_and_groups():
    articles = _articles(("A", "White House. House prices rose. White House said."), ("B", "White paper."))
    table = collocations(articles, measure="likelihood_ratio", min_count=1, top=None)
    assert set(zip(table["source"], table["bigram"])) == {
        ("A", "white house"), ("A", "house prices"), ("A", "prices rose"), ("A", "house said"), ("B", "white paper")}
    assert table.loc[table["bigram"] == "white house", "count"].item() == 2
    assert set(collocations(articles, min_count=2, by=None)["bigram"]) == {"white house"}


def test_collocations_leave_out_the_outlets_naming_themselves_before_ranking():
    from analysis import viz
    from analysis.measures.terms import self_references

    articles = _articles(("ABC News", "Biden told ABC News that talks went on. ABC News asked again. Talks went on."),
                         ("CNN", "White House talks went on. White House aides told CNN nothing."))
    references = self_references(articles.assign(url=["https://abcnews.go.com/a", "https://www.cnn.com/b"]))
    every = collocations(articles, min_count=1, top=None)
    kept = collocations(articles, min_count=1, top=None, references=references)
    assert {"abc news", "told abc"} <= set(every["bigram"].str.lower()) and "told cnn" in set(every["bigram"].str.lower())
    assert not {"abc news", "told abc", "told cnn"} & set(kept["bigram"].str.lower())
    assert {"white house", "talks went", "house talks"} <= set(kept["bigram"].str.lower()) <= set(every["bigram"].str.lower())
    assert kept.groupby("source")["rank"].apply(list).map(lambda r: r == list(range(1, len(r) + 1))).all()
    left_out = kept.attrs["self_references"]
    assert sum(left_out.values()) == len(every) - len(kept) and left_out["ABC News"] >= 2 and left_out["CNN"] >= 1
    assert f"Left out by rule, as in the term charts: {len(every) - len(kept)} phrases by which outlets name" in \
        viz.collocations_caption(kept)


def test_collocations_bad_measure():
    with pytest.raises(TermsError, match="use one of"):
        collocations(_articles(("A", "text")), measure="dice")


# --------------------------------------------------------------------------- KWIC


@pytest.mark.parametrize(
    "text, phrase, matches",
    [
        ("Kiev and Kievan Rus", "Kiev", ["Kiev"]),
        ("KIEV's mayor; pro-Kiev media", "kiev", ["KIEV", "Kiev"]),
        ("the Kievan state", "Kiev", []),
        ("a special  military\noperation began", "special military operation", ["special military operation"]),
        ("special military operations", "special military operation", []),
        ("U.S. officials and US talks", "U.S.", ["U.S."]),
        ("Russia\u2019s war", "Russia's war", ["Russia\u2019s war"]),
    ],
)
def test_kwic_matches(text, phrase, matches):
    assert kwic(_articles(("A", text)), phrase)["match"].tolist() == matches


def test_kwic_context_and_offsets():
    text = "one two three Kiev four five six.\n\nThen Kiev"
    table = kwic(_articles(("A", text)), "kiev", window=2)
    assert table.columns.tolist() == ["doc_id", "source", "left", "match", "right", "start", "end"]
    assert table[["left", "match", "right"]].values.tolist() == [["two three", "Kiev", "four five"],
                                                                 ["six. Then", "Kiev", ""]]
    assert [text[s:e] for s, e in zip(table["start"], table["end"])] == ["Kiev", "Kiev"]


@pytest.mark.parametrize("phrase, window", [("   ", 5), ("Kiev", 0)])
def test_kwic_bad_input(phrase, window):
    with pytest.raises(TermsError):
        kwic(_articles(("A", "Kiev")), phrase, window=window)


def test_kwic_caption_counts_occurrences_articles_and_groups():
    articles = _articles(("A", "Kiev. Kiev again."), ("B", "Kiev"), ("B", "Kyiv"))
    assert kwic_caption(kwic(articles, "Kiev"), "Kiev").startswith("'Kiev': 3 occurrences in 2 articles (A 2; B 1)")
    assert kwic_caption(kwic(articles, "Odesa"), "Odesa").startswith("'Odesa' does not occur")


def test_concordance_adds_date_title_and_address_and_orders_by_date():
    articles = _articles(("A", "Kiev said no."), ("B", "In Kiev, and Kiev again.")).assign(
        published=pd.to_datetime(["2022-03-02", "2022-03-01"]), published_inferred=[True, False],
        title=["T0", "T1"], url=["https://a/0", None])
    table = concordance(kwic(articles, "Kiev"), articles)
    assert table.columns.tolist() == ["doc_id", "source", "published", "published_inferred", "title", "url", "left",
                                      "match", "right", "start", "end"]
    assert table["doc_id"].tolist() == ["d1", "d1", "d0"]  # by date, then position
    assert table["published_inferred"].tolist() == [False, False, True]
    assert table["left"].tolist() == ["In", "In Kiev, and", ""]
    assert concordance(kwic(articles, "Odesa"), articles).empty


# --------------------------------------------------------- what top-term charts show


def _term_rows(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    """A term_frequencies table from ``(source, term, count)`` rows (one group of 100 words each)."""
    table = pd.DataFrame(rows, columns=["source", "term", "count"])
    return table.assign(n=table["term"].str.count(" ") + 1, doc_freq=1, per_10k=table["count"] * 100.0,
                        group_tokens=100, group_ngrams=100, group_docs=2)


@pytest.mark.parametrize("rows, top, shown", [
    ([("A", "said", 9), ("A", "war", 5), ("A", "told reporters", 4), ("A", "peace", 3)], 3, ["war", "peace"]),
    ([("A", "united", 9), ("A", "states", 8), ("A", "united states", 7), ("A", "war", 6)], 3, ["united states", "war"]),
    ([("A", "new", 20), ("A", "new york", 4), ("A", "war", 6)], 2, ["new", "war"]),  # "new" is mostly not New York
    ([("A", "b", 5), ("A", "a", 5), ("A", "c", 5)], 2, ["a", "b"]),  # ties by term
])
def test_top_terms_leave_out_reporting_words_and_show_a_phrase_once(rows, top, shown):
    assert top_terms(_term_rows(rows), top=top)["term"].tolist() == shown


def test_top_terms_keep_reporting_words_when_asked_and_rank_each_group():
    rows = [("A", "said", 9), ("A", "war", 5), ("B", "peace", 2)]
    table = top_terms(_term_rows(rows), top=2, exclude=())
    assert list(zip(table["source"], table["rank"], table["term"])) == [("A", 1, "said"), ("A", 2, "war"), ("B", 1, "peace")]
    assert "said" in load_reporting_words() and "ukraine" not in load_reporting_words()


def test_a_project_reporting_word_list_overrides_the_shipped_one(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# mine\nwar\n")
    assert load_reporting_words(path) == frozenset({"war"})
    shown = top_terms(_term_rows([("A", "war", 5), ("A", "said", 3)]), exclude=load_reporting_words(path))
    assert shown["term"].tolist() == ["said"]


def test_top_distinctive_terms_show_a_phrase_once():
    distinctive = pd.DataFrame({"source": "A", "n": [1, 1, 2, 1], "term": ["united", "states", "united states", "kiev"],
                                "count": [11, 11, 11, 4], "count_others": [1, 1, 1, 0], "log_odds": 1.0,
                                "z": [2.1, 2.1, 2.1, 1.4], "log_ratio": 1.0, "group_docs": 1})
    assert top_distinctive_terms(distinctive, top=3)["term"].tolist() == ["united states", "kiev"]


def _sentences(*texts: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = pd.DataFrame({"doc_id": "d0", "sentence_id": range(len(texts)), "text": list(texts)})
    tokens = sentences.assign(tokens=[" ".join(tokenize(t, keep_numbers=True)) for t in texts])
    return sentences, tokens[["doc_id", "sentence_id", "tokens"]]


@pytest.mark.parametrize("text, tokens", [
    ("The US and U.S. troops told us.", "the US and US troops told us"),
    ("Nato and NATO and nato met.", "NATO and NATO and NATO met"),
    ("The EU's plan.", "the EU plan"),
    ("Us? We are fine.", "us we are fine"),
    ("US-Russia talks in 2022.", "us-russia talks in 2022"),  # a hyphenated word stays one word
])
def test_acronyms_are_kept_as_written(text, tokens):
    sentences, cached = _sentences(text)
    assert keep_acronyms(cached, sentences)["tokens"].tolist() == [tokens]


def test_acronym_list_lines_are_checked(tmp_path):
    path = tmp_path / "acronyms.txt"
    path.write_text("US: U.S.\nbad line: two words\n")
    with pytest.raises(TermsError, match="line 2"):
        load_acronyms(path)
    path.write_text("WHO\n")
    sentences, cached = _sentences("The WHO said who.")
    assert keep_acronyms(cached, sentences, acronyms=load_acronyms(path))["tokens"].tolist() == ["the WHO said who"]


@pytest.mark.parametrize("n_words, minimum", [(0, 3), (150_000, 3), (150_001, 4), (1_000_000, 20)])
def test_the_collocation_minimum_grows_with_the_group(n_words, minimum):
    assert scaled_min_count(n_words) == minimum


def test_collocations_record_the_minimum_they_used_and_rank_by_t_score():
    articles = _articles(("A", "White House. White House. White House. Red paper."))
    table = collocations(articles, measure="t_score")
    assert table["bigram"].tolist() == ["white house"] and table.attrs["min_count"] == {"A": 3}
    assert table["measure"].tolist() == ["t_score"]


# ---------------------------------------------------------------- framing markers


def test_izvestia_says_kiev_where_the_others_say_kyiv(seed_articles):
    table = framing_markers(seed_articles)
    capital = table[table["concept"] == "capital of Ukraine"].pivot(index="source", columns="variant", values="count")
    assert capital.loc["Izvestia", "Kiev"] > 0 and capital.loc["Izvestia", "Kyiv"] == 0
    others = capital.drop(index="Izvestia")
    assert (others["Kiev"] == 0).all() and others["Kyiv"].sum() > 0
    assert "Izvestia writes 'Kiev'" in framing_markers_caption(table)


@pytest.mark.parametrize(
    "text, variant, count",
    [
        ("Talks in Kyiv. Kyiv's mayor.", "Kyiv", 2),
        ("Chicken Kiev and Kievan Rus", "Kiev", 1),
        ("Fighting in the Donbass and Donbas", "Donbass", 1),
        ("He flew to the Ukraine. The Ukraine is large.", "the Ukraine", 2),
        ("the Ukraine war and the Ukraine issue", "the Ukraine", 0),
        ("the Ukraine war and Ukraine's army", "Ukraine", 1),
        ("World War II, the Cold War and this war", "war", 1),
        ("the special military operation, not a special operation", "special operation", 1),
        ("the Zelensky regime and the Zelenskyy regime", "Zelensky regime", 2),
        ("Zaporizhzhia, Zaporizhia and Zaporozhye", "Zaporizhzhia", 2),
    ],
)
def test_framing_variants(text, variant, count):
    table = framing_markers(_articles(("A", text)))
    assert table.loc[table["variant"] == variant, "count"].item() == count


def test_framing_shares_and_zero_rows():
    table = framing_markers(_articles(("A", "Kiev, Kiev and Kyiv."), ("B", "Nothing here.")))
    capital = table[table["concept"] == "capital of Ukraine"].set_index(["source", "variant"])
    assert capital.loc[("A", "Kiev"), "share"] == pytest.approx(2 / 3)
    assert capital.loc[("A", "Kyiv"), "share"] == pytest.approx(1 / 3)
    assert capital.loc[("B", "Kiev"), "count"] == 0 and pd.isna(capital.loc[("B", "Kiev"), "share"])
    assert len(table) == 2 * len(load_framing_markers())


def test_the_shipped_table_pairs_the_usual_variants():
    markers = load_framing_markers()
    pairs = markers.groupby("concept")["variant"].apply(set)
    for variants in [{"Kyiv", "Kiev"}, {"Donbas", "Donbass"}, {"Kharkiv", "Kharkov"}, {"Odesa", "Odessa"},
                     {"Luhansk", "Lugansk"}, {"special military operation", "invasion", "war"},
                     {"the Ukraine", "Ukraine"}, {"Kyiv regime", "Ukrainian government"}]:
        assert any(variants <= found for found in pairs), variants


@pytest.mark.parametrize(
    "csv, message",
    [
        ("concept,variant,frame\nc,a,x\nc,b,y\n", "no column"),
        ("concept,variant,frame,pattern\nc,a,x,\nc,,y,\n", "line 3: the 'variant' cell is empty"),
        ("concept,variant,frame,pattern\nc,a,x,\nc,A,y,\n", "listed more than once"),
        ("concept,variant,frame,pattern\nc,a,x,(unclosed\nc,b,y,\n", "line 2: pattern"),
        ("concept,variant,frame,pattern\nc,a,x,\nc,b,y,\nd,e,z,\n", "concept 'd' has a single variant"),
        ('concept,variant,frame,pattern\nc,a,"x\n', "not a readable CSV"),
    ],
)
def test_bad_framing_tables_are_explained(tmp_path, csv, message):
    path = tmp_path / "markers.csv"
    path.write_text(csv)
    with pytest.raises(TermsError, match=message):
        load_framing_markers(path)


def test_a_user_table_counts_its_own_markers(tmp_path):
    path = tmp_path / "markers.csv"
    path.write_text("concept,variant,frame,pattern\nleader,Putin,name,\nleader,the Kremlin,metonym,\n")
    table = framing_markers(_articles(("A", "Putin and the  Kremlin; the Kremlin.")), markers=load_framing_markers(path))
    assert dict(zip(table["variant"], table["count"])) == {"Putin": 1, "the Kremlin": 2}


# ------------------------------------------------------------- captions and charts


def test_captions_name_each_group_its_terms_and_its_size(seed_articles):
    frequencies = term_frequencies(seed_articles, min_count=2)
    caption = top_terms_caption(frequencies, top=2)
    best = frequencies[frequencies["source"] == "Izvestia"].nlargest(1, "per_10k").iloc[0]
    assert f"Izvestia (1 article): {best['term']} ({best['per_10k']:.0f})" in caption
    assert "Expert News (3 articles)" in caption
    distinctive = weighted_log_odds(frequencies)
    text = distinctive_terms_caption(distinctive, top=1)
    top = distinctive[distinctive["source"] == "Expert News"].iloc[0]
    assert f"Expert News (3 articles): {top['term']} (z={top['z']:.1f})" in text
    assert "not a significance test" in text
    assert "not comparable across sources of different sizes" in text


def test_framing_caption_skips_unnamed_concepts():
    table = framing_markers(_articles(("A", "Kyiv and Kyiv and Kyiv."), ("B", "Kiev. Kiev. Kiev.")))
    caption = framing_markers_caption(table)
    assert "capital of Ukraine: sources split; A writes 'Kyiv' (3 of 3); B writes 'Kiev' (3 of 3)." in caption
    assert "Donbas" not in caption
    assert framing_markers_caption(framing_markers(_articles(("A", "Nothing.")))).startswith("None of the framing markers")


def test_charts_have_one_panel_per_group_with_sample_sizes(seed_articles):
    colors = source_colors(seed_articles["source"])
    frequencies = term_frequencies(seed_articles, ngram=(1, 2), min_count=2)
    figures = [*plot_top_terms(frequencies, colors, top=5),
               *plot_distinctive_terms(weighted_log_odds(frequencies), colors, top=5)]
    assert len(figures) == 2  # one page each
    for fig in figures:  # most articles first, ties by name
        titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
        assert titles == ["Expert News (n=3)", "European news site (unidentified) (n=1)", "Izvestia (n=1)"]
        assert any(ax.get_xlabel() for ax in fig.axes if ax.get_visible())
    assert "each panel on its own scale" in figures[1].get_suptitle()
    for fig in figures:  # each panel on its own scale: no x axis shared with another panel
        visible = [ax for ax in fig.axes if ax.get_visible()]
        assert not any(visible[0].get_shared_x_axes().joined(visible[0], other) for other in visible[1:])
    izvestia = figures[0].axes[2]
    assert izvestia.patches[0].get_facecolor()[:3] == pytest.approx(plt.matplotlib.colors.to_rgb(colors["Izvestia"]))
    framing = plot_framing_markers(framing_markers(seed_articles), colors)
    assert "capital of Ukraine" in [ax.get_title(loc="left") for page in framing for ax in page.axes]
    plt.close("all")


# ------------------------------------------------------------------ shared corpus


@pytest.mark.slow
def test_rt_says_kiev_far_more_often_than_the_bbc(war_news_sample):
    articles = war_news_sample.articles
    articles = articles[articles["source"].isin(["RT", "BBC"])]
    capital = framing_markers(articles).query("concept == 'capital of Ukraine'").set_index(["source", "variant"])
    assert capital.loc[("RT", "Kiev"), "share"] > 0.5 > capital.loc[("BBC", "Kiev"), "share"]


# ------------------------------------------- one-pass framing markers and bigram counts (issue 12)


def _framing_by_regex(articles: pd.DataFrame, markers: pd.DataFrame) -> dict[tuple[str, str, str], tuple[int, int]]:
    """The reference: every variant's pattern run over every article with ``finditer``, (count, articles) per source."""
    found: dict[tuple[str, str, str], tuple[int, int]] = {}
    for concept, variant, regex in markers[["concept", "variant", "regex"]].itertuples(index=False):
        for source, texts in articles.groupby("source")["text"]:
            counts = [sum(1 for _ in regex.finditer(text)) for text in texts]
            found[source, concept, variant] = (sum(counts), sum(n > 0 for n in counts))
    return found


def _framing_found(table: pd.DataFrame) -> dict[tuple[str, str, str], tuple[int, int]]:
    return {(s, c, v): (int(n), int(d)) for s, c, v, n, d in table[["source", "concept", "variant", "count", "n_docs"]].itertuples(index=False)}


FOLDING_TEXTS = [
    "KYİV and Kyiv",  # dotted capital I: 'i' to the regex engine, two characters to str.lower
    "Kharkıv, the dotless i",  # matches 'kharkiv' ignoring case
    "Odeſa with a long s",  # matches 'odesa' ignoring case
    "\u212ayiv with a Kelvin sign",  # lower-cases to 'kyiv'
    "the Ukraine. the Ukraine war, the ukraine is; Ukraine",  # overlapping variants of one concept
    "Kyiv regime and Kiev   regime and Zelenskyy's regime, Zelensky regime",  # a variant inside another
    "world war, cold war, wars, war-torn, award, warsaw",  # look-behinds and word edges
    "special military operation special operation special\nmilitary operation",
    "Ἀθῆναι ΟΔΟΣ straße",  # other scripts, final sigma
    "",
]


@pytest.mark.parametrize("text", FOLDING_TEXTS)
def test_framing_markers_count_as_each_pattern_run_alone(text):
    articles = pd.DataFrame({"doc_id": ["a", "b"], "source": ["S", "S"], "text": [text, text.upper()]})
    markers = load_framing_markers()
    assert _framing_found(framing_markers(articles)) == _framing_by_regex(articles, markers)


def test_framing_markers_with_patterns_without_a_prefix_count_as_each_pattern_alone():
    markers = pd.DataFrame({"concept": ["c", "c", "c"], "variant": ["a", "b", "d"], "frame": ["x", "y", "z"],
                            "pattern": [r"\b(?:kyiv|kiev)\b", r"[a-z]+ regime", r"(?i:odes)s?a"]})
    articles = pd.DataFrame({"doc_id": ["1", "2"], "source": ["S", "T"],
                             "text": ["Kyiv regime and Kiev regime, Odesa", "ODESSA: the regime of Kiev"]})
    checked = check_framing_markers(markers)
    assert _framing_found(framing_markers(articles, markers=markers)) == _framing_by_regex(articles, checked)


@pytest.mark.parametrize(("pattern", "prefix"), [
    (r"(?<!\w)Kyiv(?!\w)", "kyiv"),
    (r"(?<!world )(?<!cold )(?<!\w)wars?(?!\w)", "war"),
    (r"\bspecial\s+operation", "special"),
    (r"(?:zaporizh)(?:z?h)?ia", "zaporizh"),
    (r"kyiv|kiev", "k"),  # the parser factors out the common start
    (r"odesa|kyiv", ""),
    (r"[Kk]yiv", ""),
    (r"Kyïv", "ky"),
])
def test_literal_prefix_is_what_every_match_starts_with(pattern, prefix):
    assert literal_prefix(re.compile(pattern, re.IGNORECASE)) == prefix


def test_framing_markers_on_the_seed_articles_match_each_pattern_alone(seed_articles):
    assert _framing_found(framing_markers(seed_articles)) == _framing_by_regex(seed_articles, load_framing_markers())


@pytest.mark.slow
def test_framing_markers_on_the_war_news_sample_match_each_pattern_alone(war_news_sample):
    articles = war_news_sample.articles
    assert _framing_found(framing_markers(articles)) == _framing_by_regex(articles, load_framing_markers())


def _collocations_by_nltk(runs_by_group: dict[str, list[list[str]]], stop: frozenset[str], min_count: int, top: int):
    """The reference: NLTK's own finder over FreqDists filled run by run, its own filters."""
    rows = []
    for group in sorted(runs_by_group):
        words, pairs = FreqDist(), FreqDist()
        for run in runs_by_group[group]:
            words.update(run)
            pairs.update(zip(run, run[1:]))
        finder = BigramCollocationFinder(words, pairs)
        finder.apply_freq_filter(min_count)
        finder.apply_word_filter(lambda w: w in stop)
        rows += [(group, f"{a} {b}", finder.ngram_fd[a, b], score)
                 for (a, b), score in finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)[:top]]
    return rows


@pytest.mark.parametrize("stem", [False, True])
def test_collocations_from_bigram_counts_are_nltks(seed_articles, stem):
    sentences = split_sentences(seed_articles)
    tokens = sentences.assign(tokens=[" ".join(tokenize(t, keep_numbers=True)) for t in sentences["text"]])
    found = collocations(seed_articles, min_count=2, top=10, stem=stem, sentence_tokens=tokens[["doc_id", "sentence_id", "tokens"]])
    runs = {source: [run for doc in group["doc_id"] for sentence in tokens.loc[tokens["doc_id"] == doc, "tokens"]
                     for run in runs_from_tokens(sentence.split(), stem=stem)]
            for source, group in seed_articles.groupby("source")}
    stop = frozenset(tokenize(" ".join(load_stopwords()), stem=True)) if stem else load_stopwords()
    expected = _collocations_by_nltk(runs, stop, min_count=2, top=10)
    assert list(found[["source", "bigram", "count", "score"]].itertuples(index=False, name=None)) == expected
    assert len(expected) > 5


def test_bigram_counts_of_chunks_add_up_to_those_of_the_whole(seed_articles):
    whole = bigram_counts(seed_articles)
    parts = bigram_counts(seed_articles.iloc[:2]) + bigram_counts(seed_articles.iloc[2:])
    assert score_collocations(parts, min_count=1, top=None).equals(score_collocations(whole, min_count=1, top=None))
    for source in whole.words:
        assert parts.words[source].sort_index().equals(whole.words[source].sort_index())


def test_bigram_counts_break_runs_at_numbers_and_sentences():
    articles = pd.DataFrame({"doc_id": ["a"], "source": ["S"], "text": ["x"]})
    tokens = pd.DataFrame({"doc_id": ["a", "a"], "sentence_id": [0, 1], "tokens": ["on 5 may troops left", "left troops"]})
    counts = bigram_counts(articles, sentence_tokens=tokens)
    pairs = {(a, b): n for a, b, n in counts.bigrams["S"].itertuples(index=False)}
    assert pairs == {("may", "troops"): 1, ("troops", "left"): 1, ("left", "troops"): 1}
    assert counts.words["S"].to_dict() == {"on": 1, "may": 1, "troops": 2, "left": 2}


def _frequencies_by_counters(articles: pd.DataFrame, ngram: tuple[int, int], stop: frozenset[str], policy: str, min_count: int):
    """The reference: Counters of n-gram strings article by article (the way term_frequencies counted before issue 12)."""
    counts, docs = Counter(), Counter()
    for source, text in zip(articles["source"], articles["text"]):
        runs = sentence_runs(text)
        for n in range(ngram[0], ngram[1] + 1):
            terms = [t for run in runs for t in _ngram_terms(run, n, stop, policy)]
            counts.update((source, n, t) for t in terms)
            docs.update((source, n, t) for t in set(terms))
    corpus = Counter()
    for (_, n, term), count in counts.items():
        corpus[n, term] += count
    return {key: (count, docs[key]) for key, count in counts.items() if corpus[key[1], key[2]] >= min_count}


@pytest.mark.parametrize(("ngram", "policy", "min_count"), [((1, 1), "edges", 1), ((1, 2), "edges", 2), ((2, 3), "all", 1), ((1, 3), "all", 3)])
def test_term_frequencies_equal_counters_of_ngram_strings(seed_articles, ngram, policy, min_count):
    stop = load_stopwords()
    table = term_frequencies(seed_articles, ngram=ngram, ngram_stopwords=policy, min_count=min_count)
    found = {(s, n, t): (c, d) for s, n, t, c, d in table[["source", "n", "term", "count", "doc_freq"]].itertuples(index=False)}
    assert found == _frequencies_by_counters(seed_articles, ngram, stop, policy, min_count)
    assert found


@pytest.mark.parametrize("stem", [False, True])
def test_term_frequencies_from_sentence_tokens_equal_those_from_the_texts(seed_articles, stem):
    sentences = split_sentences(seed_articles)
    tokens = sentences.assign(tokens=[" ".join(tokenize(t, keep_numbers=True)) for t in sentences["text"]])[["doc_id", "sentence_id", "tokens"]]
    from_tokens = term_frequencies(seed_articles, ngram=(1, 2), stem=stem, sentence_tokens=tokens)
    pd.testing.assert_frame_equal(from_tokens, term_frequencies(seed_articles, ngram=(1, 2), stem=stem), check_exact=True)


# ------------------------------------------------------------ house style, self-reference, framing before removal


def test_normalise_names_drops_honorifics_and_initials_and_undots_initialisms():
    from analysis.measures.terms import normalise_names

    tokens = pd.DataFrame({"doc_id": ["a", "a", "b"], "sentence_id": [0, 1, 0],
                           "tokens": ["mr putin met ms griner", "vladimir v putin said", "the w.n.b.a. season US"]})
    assert normalise_names(tokens)["tokens"].tolist() == ["putin met griner", "vladimir putin said",
                                                          "the wnba season US"]


def test_self_references_come_from_the_corpus_own_names_and_addresses():
    from analysis.measures.terms import drop_self_references, self_reference_rules, self_references

    articles = pd.DataFrame({"source": ["Fox News", "Daily Express", "The Guardian", "ABC News"],
                             "url": ["https://www.foxnews.com/a", "https://www.express.co.uk/b",
                                     "https://www.theguardian.com/c", "https://abcnews.go.com/d"]})
    fragments = pd.DataFrame({"doc_id": ["1"] * 7, "start": 0, "end": 1, "rule": "photo_credit",
                              "fragment": ["(AP Photo/Evgeniy Maloletka)", "(AP Photo/Evgeniy Maloletka)",
                                           "Anna Moneymaker/Getty Images", "(Jason Sweeney/U.S. Army via AP)",
                                           "(Chip Somodevilla/Getty Images)", "Photo by Sean Gallup/Getty Images",
                                           "(Sergei Supinsky/AFP)"]})
    references = self_references(articles, fragments)
    terms = pd.DataFrame({"source": ["Fox News", "Fox News", "Fox News", "CNN", "Daily Express", "Daily Express",
                                     "The Guardian", "ABC News", "ABC News", "Fox News", "Fox News", "Fox News"],
                          "term": ["fox news", "told fox", "kyiv", "said fox news", "co uk", "express co", "guardian",
                                   "news", "ABC", "AP", "getty images", "news"]})
    rules = self_reference_rules(terms["term"], terms["source"], references).astype(object).where(lambda r: r.notna(), None)
    assert rules.tolist() == ["outlet name", "told + outlet", None, "outlet name", "web address", "web address",
                              "outlet name", "own name", "own name", "credit line", "credit line", "own name"]
    kept, left_out = drop_self_references(terms, references)
    assert kept["term"].tolist() == ["kyiv"]
    assert len(left_out) == 11 and set(left_out.columns) == {"source", "term", "rule"}
    assert "told news" not in set(references["phrase"])  # "news" is in two outlets' names: no one's attribution
    assert "evgeniy maloletka" not in set(references["phrase"])  # the photographer of "(AP Photo/…)" signs nothing
    assert "afp" not in set(references["phrase"])  # one credit of seven: too few to be the corpus's credit line


def test_framing_counts_before_furniture_removal_name_the_rule(seed_articles):
    from analysis.measures.terms import framing_before_removal

    articles = pd.DataFrame({"doc_id": ["1", "2"], "source": ["RT", "BBC"], "text": ["Kiev said no.", "Kyiv said yes."]})
    raw = "Stock paragraph about Kiev and Kiev. Kiev said no."
    fragments = pd.DataFrame({"doc_id": ["1"], "start": [0], "end": [37], "rule": ["repeated_boilerplate"],
                              "fragment": [raw[:37]]})
    table = framing_before_removal(articles, fragments)
    kiev = table.loc[(table["source"] == "RT") & (table["variant"] == "Kiev")].iloc[0]
    assert (kiev["count_raw"], kiev["count"], kiev["count_removed"], kiev["removed_by"]) == (3, 1, 2, "repeated_boilerplate 2")
    kyiv = table.loc[(table["source"] == "BBC") & (table["variant"] == "Kyiv")].iloc[0]
    assert (kyiv["count_raw"], kyiv["count"], kyiv["removed_by"]) == (1, 1, "")


def test_the_name_of_the_conflict_counts_military_operation_and_war_senses_apart():
    text = ("The special military operation went on. RT calls it a military operation. War crimes were reported, "
            "a new Cold War, fears of nuclear war and World War III, the Syrian civil war, a trade war. The war "
            "in Ukraine is a war of choice. The energy crisis deepened; the Ukraine crisis began in 2014. "
            "US special operations forces trained them.")
    counts = framing_markers(pd.DataFrame({"doc_id": ["1"], "source": ["X"], "text": [text]}))
    found = dict(zip(counts["variant"], counts["count"]))
    assert (found["special military operation"], found["military operation"], found["special operation"]) == (1, 1, 0)
    assert (found["war"], found["crisis"]) == (2, 1)
    assert (found["war crimes"], found["Cold War"], found["nuclear war"], found["world war"], found["civil war"],
            found["trade war, price war, war of words"]) == (1, 1, 1, 1, 1, 1)


def test_a_long_concordance_keeps_every_source_in_the_page():
    from analysis.measures.terms import shown_lines

    lines = pd.DataFrame({"source": ["A"] * 90 + ["B"] * 5 + ["C"] * 5, "left": "x"})
    shown = shown_lines(lines, limit=30)
    assert len(shown) == 30 and shown["source"].value_counts().to_dict() == {"A": 20, "B": 5, "C": 5}
    assert shown.index.is_monotonic_increasing  # in the order of the lines (by date)
    assert shown_lines(lines, limit=100) is lines


def test_a_word_that_continues_an_outlet_name_in_its_own_texts_is_its_brand():
    from analysis.measures.terms import self_references

    texts = ["Officials told Fox News Digital on Monday that talks failed."] * 12 + ["A digital archive opened."] * 2
    articles = pd.DataFrame({"source": "Fox News", "url": "https://www.foxnews.com/x", "text": texts})
    own = self_references(articles).query("rule == 'own name'")["phrase"].tolist()
    assert "digital" in own and "monday" not in own
    fewer = pd.DataFrame({"source": "Fox News", "url": "https://www.foxnews.com/x",
                          "text": texts[:12] + ["A digital archive opened."] * 13})
    assert "digital" not in self_references(fewer)["phrase"].tolist()  # most of its uses are not the brand's
