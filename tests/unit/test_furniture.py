"""Furniture inside article texts: one case per rule and near-misses that must stay, then the shared corpus."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.core.errors import CorpusError
from analysis.io.furniture import (
    FRAGMENT_COLUMNS,
    REPEATED_BOILERPLATE,
    Fragment,
    clean_texts,
    furniture_by_source,
    furniture_spans,
    remove_fragments,
    repeated_fragments,
    restore_text,
)
from analysis.text.splitter import sentence_spans


def _clean(text: str) -> tuple[str, list[tuple[str, str]]]:
    kept, removed = remove_fragments(text, furniture_spans(text))
    assert len(kept) + sum(f.end - f.start for f in removed) == len(text)
    return kept, [(f.rule, text[f.start:f.end].strip()) for f in removed]


@pytest.mark.parametrize(
    "text, kept, removed",
    [
        # photo credits and the captions they close
        ("Troops held the line. A woman sits in her flat in Kharkiv, Ukraine, Thursday, Aug. 18, 2022. "
         "(AP Photo/Andrii Marienko) The shelling went on.",
         "Troops held the line. The shelling went on.",
         [("image_caption", "A woman sits in her flat in Kharkiv, Ukraine, Thursday, Aug. 18, 2022."),
          ("photo_credit", "(AP Photo/Andrii Marienko)")]),
        ("Talks stalled. FILE - Brittney Griner is escorted to a court room in Khimki, Russia, Tuesday, July 26, 2022. "
         "Closing arguments are set for Thursday.(AP Photo/Alexander Zemlianichenko, Pool, File) The court sat.",
         "Talks stalled. The court sat.",
         [("image_caption", "FILE - Brittney Griner is escorted to a court room in Khimki, Russia, Tuesday, July 26, 2022. "
                            "Closing arguments are set for Thursday."),
          ("photo_credit", "(AP Photo/Alexander Zemlianichenko, Pool, File)")]),
        ("Drones hit the base. (Jason Sweeney/U.S. Army via AP) Officials said more would follow.",
         "Officials said more would follow.",
         [("image_caption", "Drones hit the base."), ("photo_credit", "(Jason Sweeney/U.S. Army via AP)")]),
        ("He fled in March. Tymofiy in the basement in Kutuzivka. Photograph: Ed Ram/The Guardian She made up her mind.",
         "He fled in March. She made up her mind.",
         [("image_caption", "Tymofiy in the basement in Kutuzivka."), ("photo_credit", "Photograph: Ed Ram/The Guardian")]),
        ("Biden must work with China. Anna Moneymaker/Getty Images He contended that tariffs hurt.",
         "He contended that tariffs hurt.",
         [("image_caption", "Biden must work with China."), ("photo_credit", "Anna Moneymaker/Getty Images")]),
        ("Ron DeSantis, governor of Florida. Photographer: Eva Marie Uzcategui/Bloomberg via Getty Images Since the bill passed, "
         "protests grew.",
         "Since the bill passed, protests grew.",
         [("image_caption", "Ron DeSantis, governor of Florida."),
          ("photo_credit", "Photographer: Eva Marie Uzcategui/Bloomberg via Getty Images")]),
        # embeds: an Instagram post's credit line, a graphic's lone label, a related-link marker
        ("Navka said without elaboration. A post shared by Tatiana Navka (@tatiana_navka) on May 12, 2020 at 8:55am PDT "
         "News of Peskov spread.",
         "Navka said without elaboration. News of Peskov spread.",
         [("embed", "A post shared by Tatiana Navka (@tatiana_navka) on May 12, 2020 at 8:55am PDT")]),
        ("Timukhin also shared an image of the two: A post shared by Max Timukhin (@timukhinmax) Artists followed.",
         "Timukhin also shared an image of the two: Artists followed.",
         [("embed", "A post shared by Max Timukhin (@timukhinmax)")]),
        ("Civilians were told to stay in cellars. Interactive Interactive Striuk estimated that 13,000 people remained.",
         "Civilians were told to stay in cellars. Striuk estimated that 13,000 people remained.",
         [("embed", "Interactive Interactive")]),
        ("said Polis. RELATED: State Senate Passes Ukraine Resolution The vote was unanimous.",
         "said Polis. State Senate Passes Ukraine Resolution The vote was unanimous.", [("embed", "RELATED:")]),
        # a caption without a credit: a photo's dateline closes the sentence
        ("Prices rose again. A Ukrainian serviceman walks by a destroyed building in Borodyanka, Ukraine, Wednesday, April 6, 2022. "
         "The mayor asked for help.",
         "Prices rose again. The mayor asked for help.",
         [("image_caption", "A Ukrainian serviceman walks by a destroyed building in Borodyanka, Ukraine, Wednesday, April 6, 2022.")]),
        ("Biden spoke for an hour. President Joe Biden speaks at the National League of Cities Congressional City Conference, "
         "Monday, March 14, 2022, in Washington. He said the war would be long.",
         "Biden spoke for an hour. He said the war would be long.",
         [("image_caption", "President Joe Biden speaks at the National League of Cities Congressional City Conference, "
                            "Monday, March 14, 2022, in Washington.")]),
        # appeals
        ('Putin spoke. Want all the latest news and analysis from Ukraine? Sign up to our World News Bulletin here '
         '"We will fight," he said.',
         'Putin spoke. "We will fight," he said.',
         [("appeal", "Want all the latest news and analysis from Ukraine? Sign up to our World News Bulletin here")]),
        ("Smoke rose over the city. Click here to follow our live blog with the latest updates The footage shows fires.",
         "Smoke rose over the city. The footage shows fires.",
         [("appeal", "Click here to follow our live blog with the latest updates")]),
        ("The fire service helped. Follow BBC West Midlands on Facebook, Twitter and Instagram. "
         "Send your story ideas to: newsonline.westmidlands@bbc.co.uk",
         "The fire service helped.",
         [("appeal", "Follow BBC West Midlands on Facebook, Twitter and Instagram. "
                     "Send your story ideas to: newsonline.westmidlands@bbc.co.uk")]),
        ("The city is destroyed. For all the latest updates on the Ukraine invasion follow our live blog here "
         '"There is no electricity," he said.',
         'The city is destroyed. "There is no electricity," he said.',
         [("appeal", "For all the latest updates on the Ukraine invasion follow our live blog here")]),
        ("Voters want change. Download the ABC News app and select \"The Note\" as an item of interest to receive "
         "the day's sharpest political analysis. The race is close.",
         "Voters want change. The race is close.",
         [("appeal", "Download the ABC News app and select \"The Note\" as an item of interest to receive "
                     "the day's sharpest political analysis.")]),
        ("At least 130 were rescued. Read more at CBSNews.com>>", "At least 130 were rescued.",
         [("appeal", "Read more at CBSNews.com>>")]),
        # copyright lines and the BBC's external-linking note
        ("Lviv recorded its first deaths on Monday. © 2022 BBC. The BBC is not responsible for the content of external sites. "
         "Read about our approach to external linking.",
         "Lviv recorded its first deaths on Monday.",
         [("copyright", "© 2022 BBC."),
          ("external_linking", "The BBC is not responsible for the content of external sites. "
                               "Read about our approach to external linking.")]),
        ('Peskov said, "These claims are lies." (© Copyright 2020 CBS Broadcasting Inc. All Rights Reserved. '
         "The Associated Press contributed to this report.)",
         'Peskov said, "These claims are lies."',
         [("copyright", "(© Copyright 2020 CBS Broadcasting Inc. All Rights Reserved."),
          ("contributor_note", "The Associated Press contributed to this report.)")]),
        # contributor notes
        ("The talks will resume. ___ Andrew Wilks contributed reporting from Istanbul. ___ Follow AP's coverage of the war "
         "at https://apnews.com/hub/russia-ukraine",
         "The talks will resume.",
         [("contributor_note", "___ Andrew Wilks contributed reporting from Istanbul."),
          ("appeal", "___ Follow AP's coverage of the war at https://apnews.com/hub/russia-ukraine")]),
        ("Kyiv was calm. Fox News' Peter Aitken and The Associated Press contributed to this report.", "Kyiv was calm.",
         [("contributor_note", "Fox News' Peter Aitken and The Associated Press contributed to this report.")]),
    ],
)
def test_furniture_rules_remove_the_fragment_and_keep_the_article(text, kept, removed):
    kept_text, removed_fragments = _clean(text)
    assert kept_text == kept
    assert sorted(removed_fragments) == sorted(removed)


@pytest.mark.parametrize(
    "text",
    [
        "The photographer Evgeniy Maloletka, who worked for AP in Mariupol, said the images were real.",
        "Photos taken by Chris McGrath for Getty Images on Sunday are now going viral on social media.",
        "Thousands of men rushed to sign up for the draft, officials said.",
        "Sign up for the draft, the general urged the crowd.",
        "For years, residents were told to follow the evacuation orders here.",
        "Follow the money, investigators said.",
        'The agency said its footage carried a "© 2022 Reuters" notice and sued the broadcaster.',
        'He wrote "All rights reserved" on every page of the manuscript, the court heard.',
        "Copyright 2022 law changes were passed by parliament.",
        "Russia invaded Ukraine on Feb. 24, 2022.",
        "On Thursday, Aug. 18, 2022, the shelling resumed in Kharkiv.",
        "The Associated Press reported that the talks collapsed.",
        "Germany and France contributed troops to the mission.",
        "Ukraine's allies contributed to this report's main finding, the UN said.",
        "Read more books, the minister told pupils.",
        "Russian bombardments spread more carnage.",
        "The newsletter editor was arrested in Moscow on Tuesday.",
        "Zelensky urged people to follow official channels on Telegram.",
        "The army posted a new offensive. Interactive maps show the front line moving east.",
        "Senators sit on the Commerce, Justice, Science, and Related Agencies subcommittee.",
        "She said a post shared on Twitter was fake.",
    ],
)
def test_near_misses_are_article_text_and_stay(text):
    kept, removed = _clean(text)
    assert removed == []
    assert kept == text


@pytest.mark.parametrize(
    "text, fragments, kept, removed",
    [
        ("a. F b.", ["F"], "a. b.", ["F "]),
        ("F a.", ["F"], "a.", ["F "]),
        ("a. F", ["F"], "a.", [" F"]),
        ("p1\n\nF\n\np2", ["F"], "p1\n\np2", ["F\n\n"]),
        ("a. F\n\nb.", ["F"], "a.\n\nb.", [" F"]),
        ("a. F1 F2 b.", ["F1", "F2"], "a. b.", ["F1 F2 "]),
        ("  F1 F2  ", ["F1", "F2"], "", ["  F1 F2  "]),
        ("p1\n\nF1 F2\n\np2", ["F1", "F2"], "p1\n\np2", ["F1 F2\n\n"]),
    ],
)
def test_removal_takes_the_whitespace_that_would_double_up(text, fragments, kept, removed):
    spans = [Fragment(text.index(f), text.index(f) + len(f), "appeal") for f in fragments]
    kept_text, removed_fragments = remove_fragments(text, spans)
    assert kept_text == kept
    assert [text[f.start:f.end] for f in removed_fragments] == removed


def test_overlapping_fragments_are_removed_once_by_the_rule_that_takes_precedence():
    text = "One. Two three four. Five."
    spans = [Fragment(5, 20, "repeated_boilerplate"), Fragment(9, 14, "copyright")]
    kept, removed = remove_fragments(text, spans)
    assert kept == "One. Five."
    assert [(f.rule, text[f.start:f.end]) for f in removed] == [
        ("repeated_boilerplate", "Two "), ("copyright", "three"), ("repeated_boilerplate", " four. ")]


def _outlet_articles() -> pd.DataFrame:
    """Outlet A repeats a sign-off in 12 articles; A and B share a quote in 6 each; every other sentence is unique."""
    rows = []
    for i in range(12):
        quote = ' "We will not give up our land to anyone," the mayor said.' if i < 6 else ""
        rows.append(("A", f"a{i}", f"Story number {i} of outlet A reports event {i} in detail.{quote} "
                                   "The Kyiv Daily Bulletin is published every morning by our team."))
    for i in range(6):
        rows.append(("B", f"b{i}", f"Outlet B covers story {i} from the front line today. "
                                   '"We will not give up our land to anyone," the mayor said.'))
    return pd.DataFrame(rows, columns=["source", "doc_id", "text"])


def test_repetition_rule_finds_one_outlets_boilerplate_only():
    table = repeated_fragments(_outlet_articles(), min_articles=5)
    assert table[["source", "fragment", "n_articles", "n_elsewhere"]].values.tolist() == [
        ["A", "The Kyiv Daily Bulletin is published every morning by our team.", 12, 0]]


def test_repetition_rule_never_removes_a_sentence_that_occurs_once():
    articles = _outlet_articles()
    kept, report = clean_texts(articles, boilerplate=repeated_fragments(articles, min_articles=5))
    assert set(report["rule"]) == {REPEATED_BOILERPLATE}
    assert report["fragment"].str.strip().eq("The Kyiv Daily Bulletin is published every morning by our team.").all()
    for text, cleaned in zip(articles["text"], kept, strict=True):
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if articles["text"].str.contains(sentence, regex=False).sum() == 1:
                assert sentence in cleaned


def test_clean_texts_report_has_offsets_into_the_text_read():
    articles = pd.DataFrame({"doc_id": ["d1"], "source": ["BBC"],
                             "text": ["Lviv was hit on Monday. © 2022 BBC. Read about our approach to external linking."]})
    kept, report = clean_texts(articles, boilerplate=pd.DataFrame(columns=["source", "fragment"]))
    assert list(report.columns) == FRAGMENT_COLUMNS
    text = articles.loc[0, "text"]
    assert all(text[s:e] == f for s, e, f in zip(report["start"], report["end"], report["fragment"], strict=True))
    assert kept[0] == "Lviv was hit on Monday."
    assert len(kept[0]) + (report["end"] - report["start"]).sum() == len(text)


@pytest.mark.parametrize("options", [{"min_articles": 1}, {"min_share": 0}, {"min_share": 1.5}, {"min_words": 0}])
def test_repetition_rule_rejects_options_that_make_no_sense(options):
    with pytest.raises(CorpusError, match="min_articles"):
        repeated_fragments(_outlet_articles(), **options)


def test_articles_without_the_needed_columns_are_refused():
    with pytest.raises(CorpusError, match="lack column"):
        clean_texts(pd.DataFrame({"doc_id": ["d1"], "text": ["x"]}))


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
    "newsletter here": r"newsletters? here",
    "click here": r"\b[Cc]lick [Hh]ere\b",
    "live blog": r"\blive blog\b",
    "Follow … on Facebook/Twitter": r"\bFollow [^.]{0,60}\bon (?:Facebook|Twitter)",
    "contributed to this report": r"contributed to this report",
}
# Printed, not asserted: reporters' bios go only by repetition, which needs more articles than a sample holds
# (the whole corpus: 77 to 0, benchmarks/bench_corpora.py); "Fox News Digital" is mostly attribution ("told Fox News Digital").
REPORTED_PHRASES = {
    "reporter for Fox News Digital": r"reporter for Fox News Digital",
    "Fox News Digital": r"Fox News Digital",
}


@pytest.fixture(scope="module")
def sample(war_news_sample) -> pd.DataFrame:
    """The shared fixed sample's articles as line cleaning left them: furniture removal undone from its report."""
    articles, fragments = war_news_sample.articles, war_news_sample.fragments
    removed = {d: list(zip(g["start"], g["end"], g["fragment"], strict=True)) for d, g in fragments.groupby("doc_id")}
    texts = [restore_text(text, removed.get(doc_id, [])) for doc_id, text in zip(articles["doc_id"], articles["text"],
                                                                                  strict=True)]
    return articles.assign(text=texts)


@pytest.fixture(scope="module")
def cleaned(sample) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    boilerplate = repeated_fragments(sample, min_articles=5)
    kept, report = clean_texts(sample, boilerplate=boilerplate)
    return kept, report, boilerplate


@pytest.mark.slow
def test_sample_furniture_phrases_fall_by_ninety_percent(sample, cleaned):
    kept = cleaned[0]
    rows = []
    for name, pattern in {**FURNITURE_PHRASES, **REPORTED_PHRASES}.items():
        compiled = re.compile(pattern)
        before = int(sample["text"].str.count(compiled).sum())
        after = int(kept.str.count(compiled).sum())
        rows.append((name, before, after))
    table = pd.DataFrame(rows, columns=["phrase", "before", "after"])
    print("\n" + table.to_string(index=False))
    counted = table[table["phrase"].isin(FURNITURE_PHRASES) & (table["before"] >= 5)]
    assert len(counted) >= 8, "the sample should hold most furniture phrases"
    assert (counted["after"] <= 0.1 * counted["before"]).all(), counted


@pytest.mark.slow
def test_sample_every_removed_character_is_accounted_for(sample, cleaned):
    kept, report, _ = cleaned
    texts = sample.set_index("doc_id")["text"]
    removed = (report["end"] - report["start"]).groupby(report["doc_id"]).sum()
    per_article = kept.str.len().to_numpy() + sample["doc_id"].map(removed).fillna(0).to_numpy()
    assert (per_article == sample["text"].str.len().to_numpy()).all()
    assert all(texts[d][s:e] == f for d, s, e, f in report[["doc_id", "start", "end", "fragment"]].itertuples(index=False))
    summary = furniture_by_source(report, sample.assign(text=kept))
    assert summary["n_chars"].sum() == removed.sum()


@pytest.mark.slow
def test_sample_sentences_found_once_are_never_removed_as_boilerplate(sample, cleaned):
    _, report, boilerplate = cleaned
    assert len(boilerplate) > 0
    sentences = [(doc_id, text[s:e], s, e) for doc_id, text in zip(sample["doc_id"], sample["text"], strict=True)
                 for s, e in sentence_spans(text)]
    counts = pd.Series([sentence for _, sentence, _, _ in sentences]).value_counts()
    boilerplate_spans = report[report["rule"] == REPEATED_BOILERPLATE].groupby("doc_id")[["start", "end"]]
    spans = {doc_id: list(zip(g["start"], g["end"], strict=True)) for doc_id, g in boilerplate_spans}
    once = [(d, s, e) for d, sentence, s, e in sentences if counts[sentence] == 1]
    assert len(once) > 10_000
    overlapping = [(d, s, e) for d, s, e in once if any(s < fe and fs < e for fs, fe in spans.get(d, ()))]
    assert overlapping == []
