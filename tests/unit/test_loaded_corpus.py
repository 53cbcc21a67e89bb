"""Loading wires in furniture removal and near-duplicates: the fragments and duplicates tables, the options that
turn the rules off, one story counted once (``dedupe``), and what the overview says; then the shared corpus."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import analyze, read_corpus, viz
from analysis.core.errors import PipelineError
from analysis.core.schema import TABLES
from analysis.io.duplicates import reprint_pairs, reprint_sentence
from analysis.io.furniture import REPEATED_BOILERPLATE, furniture_by_source, restore_text
from analysis.measures.overview import filter_counts, filter_sentence, headline_sentence, repeated_passages
from analysis.text.splitter import sentence_spans
from tests.conftest import assert_fragments_balance

CAPTION = ("A woman sits in her flat in Kharkiv, Ukraine, Thursday, Aug. 18, 2022. (AP Photo/Andrii Marienko) ")
STOCK = ("Russia sent troops into Ukraine on February 24, citing Kiev's failure to implement the Minsk agreements, "
         "designed to give the regions of Donetsk and Lugansk special status within the Ukrainian state.")
WIRE = (
    "Six more ships carrying agricultural cargo held up by the war in Ukraine received authorization on Sunday to leave "
    "the country's Black Sea coast. The loaded vessels were cleared to depart from Chornomorsk and Odesa, according to "
    "the Joint Coordination Center, which oversees an international deal intended to get some 20 million tons of grain "
    "out of Ukraine. Ukraine, Russia, Turkey and the United Nations signed the agreements last month to create a sea "
    "corridor that would allow cargo ships to travel safely out of ports that the Russian military had blockaded."
)
TOPICS = ["grain", "ports", "prisoners", "sanctions", "energy", "refugees", "drones", "mines", "rail", "power",
          "water", "schools", "talks", "front", "ceasefire"]
CITIES = ["Kyiv", "Odesa", "Lviv", "Kharkiv", "Dnipro", "Mykolaiv", "Poltava", "Sumy", "Chernihiv", "Zhytomyr",
          "Vinnytsia", "Uzhhorod", "Rivne", "Lutsk", "Ternopil"]
PEOPLE = ["the mayor", "a minister", "an adviser", "the governor", "a spokesman"]


def _story(i: int) -> str:
    """A short article of its own: every five-word run holds a word no other story has at that place."""
    topic, city, person = TOPICS[i], CITIES[i], PEOPLE[i % len(PEOPLE)]
    return (f"Talks on {topic} in {city} went on for {i + 2} days, and {person} of {city} said progress on "
            f"{topic} was slow. Officials from {city} expect {i + 3} more rounds on {topic} before {person} returns.")


def _rows() -> pd.DataFrame:
    """Twelve RT articles closing on the same stock paragraph, three BBC articles with furniture, and wire copy."""
    rows = [(f"rt{i}", "RT", f"2022-03-{i + 1:02d}", f"{_story(i)} {STOCK}") for i in range(12)]
    rows += [
        ("bbc1", "BBC", "2022-03-01", f"{_story(12)} {CAPTION}The shelling went on. © 2022 BBC. "
                                      "Read about our approach to external linking."),
        ("bbc2", "BBC", "2022-03-02", f"{_story(13)} Follow BBC West Midlands on Facebook, Twitter and Instagram."),
        ("bbc3", "BBC", "2022-03-03", f"{_story(14)} {STOCK}"),  # the stock paragraph once elsewhere
        ("ap1", "CBS News", "2022-08-07", WIRE),
        ("ap2", "Fox News", "2022-08-08", "Grain ships are moving. " + WIRE),
        ("ap3", "CNN", "2022-08-07", WIRE + " The center said so."),
    ]
    return pd.DataFrame(rows, columns=["id", "source", "date", "text"])


@pytest.fixture(scope="module")
def table_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "news.csv"
    _rows().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def corpus(table_path):
    return read_corpus(table_path, progress=False)


def test_in_text_furniture_is_removed_and_every_fragment_recorded(corpus):
    assert corpus.fragments.columns.tolist() == list(TABLES["fragments"].columns)
    texts = corpus.articles.set_index("doc_id")["text"]
    assert texts["bbc1"] == f"{_story(12)} The shelling went on."
    assert texts["bbc2"] == _story(13)
    by_rule = corpus.fragments.groupby("doc_id")["rule"].agg(sorted)
    assert by_rule["bbc1"] == ["copyright", "external_linking", "image_caption", "photo_credit"]
    assert by_rule["bbc2"] == ["appeal"]
    assert_fragments_balance(corpus)
    n_words = corpus.articles.set_index("doc_id")["n_words"]
    assert n_words["bbc2"] == len(re.findall(r"\w+", _story(13)))


def test_the_repetition_rule_removes_an_outlets_stock_paragraph_and_the_overview_lists_it(corpus):
    texts = corpus.articles.set_index("doc_id")["text"]
    assert all(STOCK not in texts[f"rt{i}"] for i in range(12))
    assert STOCK in texts["bbc3"]  # another outlet's single use of it stays
    passages = repeated_passages(corpus.fragments, corpus.articles)
    assert passages.values.tolist() == [["RT", STOCK, 12]]


def test_the_rules_can_be_turned_off(table_path):
    kept = read_corpus(table_path, remove_repeated=False, progress=False)
    assert STOCK in kept.articles.set_index("doc_id").loc["rt0", "text"]
    assert REPEATED_BOILERPLATE not in set(kept.fragments["rule"])
    assert "photo_credit" in set(kept.fragments["rule"])
    bare = read_corpus(table_path, remove_furniture=False, remove_repeated=False, progress=False)
    assert bare.fragments.empty
    assert "(AP Photo/Andrii Marienko)" in bare.articles.set_index("doc_id").loc["bbc1", "text"]
    only_repeated = read_corpus(table_path, remove_furniture=False, progress=False)
    assert set(only_repeated.fragments["rule"]) == {REPEATED_BOILERPLATE}


def test_an_article_that_is_all_furniture_is_left_out_and_recorded(tmp_path):
    rows = _rows()
    rows.loc[len(rows)] = ["credit", "BBC", "2022-03-04", "(AP Photo/Andrii Marienko)"]
    rows.to_csv(tmp_path / "news.csv", index=False)
    with pytest.warns(UserWarning):
        loaded = read_corpus(tmp_path / "news.csv", on_error="skip", progress=False)
    assert "credit" not in set(loaded.articles["doc_id"]) | set(loaded.fragments["doc_id"])
    assert "no article text is left after removing furniture" in loaded.skipped.set_index("doc_id").loc["credit", "reason"]
    with pytest.raises(Exception, match="no article text is left after removing furniture.*on_error='skip'"):
        read_corpus(tmp_path / "news.csv", progress=False)


def test_wire_copy_is_grouped_with_its_first_outlet(corpus):
    assert corpus.duplicates.columns.tolist() == list(TABLES["duplicates"].columns)
    dups = corpus.duplicates.set_index("doc_id")
    assert dups.loc[["ap1", "ap2", "ap3"], "dup_group"].tolist() == ["ap1"] * 3
    assert dups.loc[["ap2", "ap3"], "first_source"].tolist() == ["CBS News", "CBS News"]
    assert dups.loc[["ap2", "ap3"], "reprint_of"].tolist() == ["ap1", "ap1"]
    assert (dups.drop(["ap1", "ap2", "ap3"])["group_size"] == 1).all()
    pairs = reprint_pairs(corpus.duplicates, corpus.articles)
    assert pairs.values.tolist() == [["CNN", "CBS News", 1, 1], ["Fox News", "CBS News", 1, 0]]
    assert reprint_sentence(corpus.duplicates).startswith("2 articles share text with an earlier article from another outlet")


def test_dedupe_counts_each_story_once_in_every_table(table_path):
    result = analyze(table_path, cache_dir=None, n_jobs=1, progress=False)
    assert set(result.fragments["doc_id"]) < set(result.articles["doc_id"])
    once = result.select(dedupe=True)
    assert set(result.articles["doc_id"]) - set(once.articles["doc_id"]) == {"ap2", "ap3"}
    assert once.articles.attrs["deduplicated"] == 2
    for name in ("sentences", "sentence_tokens", "mentions", "fragments", "duplicates"):
        assert set(getattr(once, name)["doc_id"]) <= set(once.articles["doc_id"]), name
    assert not set(once.sentences["doc_id"]) & {"ap2", "ap3"}
    fox = result.select(sources=["Fox News", "CNN"], dedupe=True)  # the first of the selection stands for its group
    assert fox.articles["doc_id"].tolist() == ["ap3"]
    assert result.select().articles.equals(result.articles)


def test_analyze_takes_the_loading_options_and_refuses_them_for_a_loaded_corpus(table_path, corpus):
    filtered = analyze(table_path, cache_dir=None, n_jobs=1, progress=False, where="source == 'BBC'")
    assert filtered.articles["doc_id"].tolist() == ["bbc1", "bbc2", "bbc3"]
    assert filter_counts("source == 'BBC'", filtered.articles, filtered.skipped).values.tolist() == [
        ["source == 'BBC'", 18, 3, 15]]
    assert filter_sentence(filter_counts("", corpus.articles, corpus.skipped), 18).startswith("No filter")
    with pytest.raises(PipelineError, match="apply when loading"):
        analyze(corpus, cache_dir=None, where="source == 'BBC'")


def test_the_overview_tables_and_charts_of_furniture_and_wire_copy(corpus):
    by_source = furniture_by_source(corpus.fragments, corpus.articles)
    assert by_source.columns.tolist() == list(TABLES["furniture_by_source"].columns)
    bbc = by_source[by_source["source"] == "BBC"].set_index("rule")
    read = corpus.articles.loc[corpus.articles["source"] == "BBC", "text"].str.len().sum() + bbc["n_chars"].sum()
    assert bbc["share_of_chars"].sum() == pytest.approx(bbc["n_chars"].sum() / read)
    passages = repeated_passages(corpus.fragments, corpus.articles)
    assert "1 passage that an outlet repeats" in viz.furniture_caption(by_source, passages)
    pairs = reprint_pairs(corpus.duplicates, corpus.articles)
    caption = viz.wire_copy_caption(pairs, reprint_sentence(corpus.duplicates))
    assert "1 article appeared the same day" in caption and "without a direction" in caption
    for figure in (viz.plot_furniture_by_source(by_source), viz.plot_wire_copy(pairs),
                   viz.plot_furniture_by_source(by_source.iloc[:0]), viz.plot_wire_copy(pairs.iloc[:0])):
        assert figure.axes
    labels = [t.get_text() for t in viz.plot_wire_copy(pairs).axes[0].get_yticklabels()]
    assert sorted(labels) == ["CBS News & CNN, same day", "Fox News reprints CBS News"]


def test_the_headline_sentence_counts_the_headlines_found_in_the_texts(seed_corpus):
    sentence = headline_sentence(seed_corpus.cleaning, seed_corpus.articles)
    assert sentence.startswith("Headlines are kept as titles (5 of 5 articles have one) and not scored")
    assert sentence.endswith("4 article texts repeated their headline as a line; the cleaning rule 'headline' removed "
                             "it from the text.")
    one = headline_sentence(seed_corpus.cleaning, seed_corpus.articles.iloc[[0]])
    assert one.endswith("1 article text repeated its headline as a line; the cleaning rule 'headline' removed it "
                        "from the text.")
    assert headline_sentence(seed_corpus.cleaning.iloc[:0], seed_corpus.articles).endswith(
        "No article text repeated its headline.")


# ------------------------------------------------------------------ shared corpus (slow)

# Phrases that are furniture wherever they occur in the shared corpus (checked by reading their contexts).
FURNITURE_PHRASES = {
    "(AP Photo/…)": r"\(AP Photo\b",
    "(… via AP)": r"\bvia AP\)",
    "…/Getty Images": r"(?:/|\bvia )\s*Getty Images",
    "Photograph: …": r"\bPhotograph: ",
    "external linking": r"approach to external linking",
    "© / all rights reserved": r"©|[Aa]ll [Rr]ights [Rr]eserved",
    "Sign up": r"\bSign up\b|\bSIGN UP\b",
    "click here": r"\b[Cc]lick [Hh]ere\b",
    "live blog": r"\blive blog\b",
    "contributed to this report": r"contributed to this report",
}


@pytest.fixture(scope="module")
def raw_sample(war_news_sample_csv) -> pd.DataFrame:
    return pd.read_csv(war_news_sample_csv, dtype=str, keep_default_na=False)


@pytest.mark.slow
def test_sample_keeps_the_metadata_columns_typed(war_news_sample, raw_sample):
    articles = war_news_sample.articles
    assert len(articles) + len(war_news_sample.skipped) == len(raw_sample) == 2000
    assert war_news_sample.skipped["reason"].str.contains("no text|duplicate: same text as").all()
    assert articles["source"].nunique() == 14 and articles["published"].notna().all() and articles["doc_id"].is_unique
    assert str(articles["text_type"].dtype) == "string"
    assert str(articles["author_marked_offtopic"].dtype) == "Int64"
    raw = raw_sample.set_index("id")
    assert articles["text_type"].tolist() == raw.loc[articles["doc_id"], "text_type"].tolist()
    offtopic = raw.loc[articles["doc_id"], "author_marked_offtopic"].astype(int)
    assert articles["author_marked_offtopic"].tolist() == offtopic.tolist()


@pytest.mark.slow
def test_sample_furniture_phrases_fall_by_ninety_percent(war_news_sample, raw_sample):
    rows = []
    for name, pattern in FURNITURE_PHRASES.items():
        compiled = re.compile(pattern)
        rows.append((name, int(raw_sample["text"].str.count(compiled).sum()),
                     int(war_news_sample.articles["text"].str.count(compiled).sum())))
    table = pd.DataFrame(rows, columns=["phrase", "before", "after"])
    print("\n" + table.to_string(index=False))
    counted = table[table["before"] >= 5]
    assert len(counted) >= 7, "the sample should hold most furniture phrases"
    assert (counted["after"] <= 0.1 * counted["before"]).all(), counted


@pytest.mark.slow
def test_sample_every_removed_fragment_is_accounted_for(war_news_sample):
    assert len(war_news_sample.fragments) > 500
    assert_fragments_balance(war_news_sample)
    cleaning = war_news_sample.cleaning
    read = cleaning["line"].str.len().sum()
    kept_lines = cleaning.loc[cleaning["kept"], "line"].str.len().sum()
    assert kept_lines + cleaning.loc[~cleaning["kept"], "line"].str.len().sum() == read
    summary = furniture_by_source(war_news_sample.fragments, war_news_sample.articles)
    assert summary["n_chars"].sum() == (war_news_sample.fragments["end"] - war_news_sample.fragments["start"]).sum()


@pytest.mark.slow
def test_sample_sentences_found_once_are_all_kept_by_the_repetition_rule(war_news_sample):
    articles, fragments = war_news_sample.articles, war_news_sample.fragments
    assert (fragments["rule"] == REPEATED_BOILERPLATE).sum() > 20
    by_doc = {d: list(zip(g["start"], g["end"], g["fragment"], strict=True)) for d, g in fragments.groupby("doc_id")}
    read = {d: restore_text(t, by_doc.get(d, [])) for d, t in zip(articles["doc_id"], articles["text"], strict=True)}
    sentences = [(d, text[s:e], s, e) for d, text in read.items() for s, e in sentence_spans(text)]
    counts = pd.Series([sentence for _, sentence, _, _ in sentences]).value_counts()
    repeated = fragments[fragments["rule"] == REPEATED_BOILERPLATE]
    spans = {d: list(zip(g["start"], g["end"], strict=True)) for d, g in repeated.groupby("doc_id")}
    once = [(d, s, e) for d, sentence, s, e in sentences if counts[sentence] == 1]
    assert len(once) > 20_000
    assert [(d, s, e) for d, s, e in once if any(s < fe and fs < e for fs, fe in spans.get(d, ()))] == []


def test_captions_say_when_there_is_nothing_to_chart(seed_corpus):
    by_source = furniture_by_source(seed_corpus.fragments, seed_corpus.articles)
    assert viz.furniture_caption(by_source, repeated_passages(seed_corpus.fragments, seed_corpus.articles)) == (
        "No fragment was removed from inside the texts (no chart).")
    caption = viz.wire_copy_caption(reprint_pairs(seed_corpus.duplicates, seed_corpus.articles),
                                    reprint_sentence(seed_corpus.duplicates))
    assert caption == ("0 articles share text with an earlier article from another outlet; 0 groups of near-duplicates "
                       "(dedupe= counts each once). No chart: no outlet repeats an earlier article of another outlet.")


def test_the_cache_gives_back_the_new_tables_and_typed_metadata(tmp_path, table_path):
    typed = _rows().assign(rank=[str(i) for i in range(18)], paywall=["yes", "no"] * 9, seen="2022-03-01")
    typed.to_csv(tmp_path / "typed.csv", index=False)
    first = analyze(tmp_path / "typed.csv", cache_dir=tmp_path / "cache", n_jobs=1, progress=False)
    again = analyze(tmp_path / "typed.csv", cache_dir=tmp_path / "cache", n_jobs=1, progress=False)
    assert first.articles[["rank", "paywall", "seen"]].dtypes.astype(str).tolist() == ["Int64", "boolean", "datetime64[ns]"]
    for name in ("articles", "skipped", "fragments", "duplicates"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name), obj=name)
