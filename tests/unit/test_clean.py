"""Cleaning rules, one line per case, and the seeds labelled by hand."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from analysis.io.clean import clean_capture, parse_date_line, repair_mojibake, translation_notice_language

BODY = (
    "The first paragraph of the article is long enough to count as running text, with a full stop.\n\n"
    "A second paragraph follows here and it also has more than ten words in it.\n"
)


def _rule_of(line: str, *, before: bool = True) -> str:
    """The rule cleaning applies to ``line`` placed before (header) or after (footer) a body."""
    capture = f"{line}\n\n{BODY}" if before else f"{BODY}\n{line}\n"
    verdicts = clean_capture(capture).lines
    return next(v.rule for v in verdicts if v.raw == line)


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Skip to main content", "navigation"),
        ("Advertisement", "navigation"),
        ("Live broadcast", "navigation"),
        ("Select important", "navigation"),
        ("On", "navigation"),
        ("Off", "navigation"),
        ("Share on Facebook", "navigation"),
        ("Start of article", "navigation"),
        ("Home > Global Politic > A headline of some words", "breadcrumb"),
        ("News › Europe › Another story of the day", "breadcrumb"),
        ("Saturday, April 5, 2025", "date_line"),
        ("5 April 2025 14:30", "date_line"),
        ("2025-04-05", "date_line"),
        ("Переведено сервисом «Яндекс Переводчик»", "translation_notice"),
        ("Machine translated from Ukrainian by DeepL", "translation_notice"),
        ("We use cookies to improve your experience. By continuing you agree.", "cookie_notice"),
        ("На нашем сайте используются cookie-файлы.", "cookie_notice"),
        ("Main Headline Of The Story", "kept"),
    ],
)
def test_header_line_rules(line, rule):
    assert _rule_of(line) == rule


@pytest.mark.parametrize(
    "line, rule",
    [
        ("RELATED ARTICLES", "related_marker"),
        ("Most Popular", "related_marker"),
        ("Read also:", "related_marker"),
        ("Следующая новость", "foreign_language"),
        ("The author is a correspondent in Kyiv.", "kept"),
    ],
)
def test_footer_line_rules(line, rule):
    assert _rule_of(line, before=False) == rule


def test_lines_after_a_related_marker_are_the_tail():
    capture = BODY + "\nRELATED ARTICLES\n\nPutin says talks will go on for a long while yet, officials say.\nKremlin reacts to talks\n"
    rules = {v.raw: v.rule for v in clean_capture(capture).lines}
    assert rules["Putin says talks will go on for a long while yet, officials say."] == "related_tail"
    assert rules["Kremlin reacts to talks"] == "related_tail"


def test_glued_breadcrumb_is_removed_and_gives_the_title():
    capture = "HomeWorldEuropeSummit ends without a deal\n\nSummit ends without a deal\n\n" + BODY
    cleaned = clean_capture(capture)
    assert cleaned.lines[0].rule == "breadcrumb_glued"
    assert cleaned.title == "Summit ends without a deal"
    assert cleaned.text.count("Summit ends without a deal") == 1


def test_table_of_contents_goes_and_the_body_heading_stays():
    capture = ("What happened\nWhat comes next\n\n" + BODY + "\nWhat happened\n\n" + BODY + "\nWhat comes next\n\n" + BODY)
    cleaned = clean_capture(capture)
    assert [v.rule for v in cleaned.lines[:2]] == ["table_of_contents", "table_of_contents"]
    assert cleaned.text.count("What happened") == 1 and cleaned.text.count("What comes next") == 1


def test_repeated_headline_kept_once():
    cleaned = clean_capture("Big Story\n\nBig Story\n\n" + BODY)
    assert cleaned.title == "Big Story"
    assert cleaned.text.count("Big Story") == 1


def test_section_headings_and_short_lines_in_the_body_stay():
    capture = BODY + "\nWhat was achieved\n\n" + BODY + "\nOn\n\n" + BODY
    cleaned = clean_capture(capture)
    assert "What was achieved" in cleaned.text
    assert [v.rule for v in cleaned.lines if v.raw == "On"] == ["navigation"]


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Yes.", "kept"),  # a one-word answer between article paragraphs
        ("No!", "kept"),
        ("OK.", "kept"),
        ("No. 2 in the polls", "kept"),
        ("No", "navigation"),  # a button: no sentence stop
        ("Advertisement", "navigation"),
        ("Share.", "navigation"),
    ],
)
def test_short_lines_between_paragraphs(line, rule):
    capture = f"{BODY}\n{line}\n\n{BODY}"
    assert [v.rule for v in clean_capture(capture).lines if v.raw == line] == [rule]


def test_a_reply_outside_the_body_is_still_navigation():
    assert _rule_of("Yes.") == "navigation" and _rule_of("No.", before=False) == "navigation"


def test_text_without_paragraphs_is_kept_whole():
    cleaned = clean_capture("Short line one\nShort line two")
    assert cleaned.text == "Short line one\n\nShort line two"


def test_a_cyrillic_quote_inside_the_body_is_kept():
    capture = BODY + "\nЭто цитата из статьи.\n\n" + BODY
    assert "Это цитата из статьи." in clean_capture(capture).text


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Saturday, April 5, 2025", pd.Timestamp("2025-04-05")),
        ("Apr. 5, 2025, 10:30 am EST", pd.Timestamp("2025-04-05")),
        ("05.04.2025", pd.Timestamp("2025-04-05")),
        ("April 31, 2025", None),
        ("April 5, 2025 was a Saturday", None),
    ],
)
def test_parse_date_line(line, expected):
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    "line, language",
    [
        ("Переведено сервисом «Яндекс Переводчик»", "ru"),
        ("Translated from Russian by Yandex Translate", "ru"),
        ("This article was machine translated by DeepL", "und"),
        ("The treaty was translated from Russian into English by the ministry over three long days.", None),
    ],
)
def test_translation_notice_language(line, language):
    assert translation_notice_language(line) == language


# ------------------------------------------------------------------ robustness


def _seconds(function, *args) -> float:
    """The fastest of two runs (the machine is shared: the minimum is the least disturbed)."""
    times = []
    for _ in range(2):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def _capture(n_lines: int) -> str:
    """Distinct lines, each starting with capitalised words glued together (the shape a glued breadcrumb has)."""
    return "\n".join(f"HomeWorldLine {i} says the talks went on for two days, and progress was made." for i in range(n_lines))


def test_cleaning_time_is_linear_in_lines():
    """Eight times the lines take about eight times as long (it once grew with their square: 64 times)."""
    small, large = _seconds(clean_capture, _capture(1_000)), _seconds(clean_capture, _capture(8_000))
    assert large / small < 24, (small, large)


@pytest.mark.heavy
def test_cleaning_time_is_linear_in_the_length_of_one_line():
    """A table cell of megabytes on one line: four times the characters, about four times the time."""
    sentence = "The delegations met again, and said the talks would go on \u2014 \u201cslowly\u201d. "
    small, large = (_seconds(clean_capture, sentence * (n // len(sentence))) for n in (250_000, 1_000_000))
    assert large / small < 10, (small, large)


@pytest.mark.parametrize(
    "line, repaired",
    [
        ("President Zelenskyâ€™s office", "President Zelensky\u2019s office"),
        ("cafÃ©", "café"),
        ("Ã¼ber Ã„rger", "über Ärger"),
        ("Р—РµР»РµРЅСЃСЊРєРёР№ Р·Р°СЏРІРёРІ", "Зеленський заявив"),
        ("ZaÅ¼Ã³Å‚Ä‡", "Zażółć"),
        ("Зеленський заявив, що Україна готова до переговорів. Її позиція відома.", None),
        ("L\u2019été à Genève \u2014 « très agréable », dit-il.", None),
        ("Die Straße ist schön und grün, sagte der Bürgermeister.", None),
        ("Zażółć gęślą jaźń, powiedział minister.", None),
        ("Переговоры продолжались два дня \u2014 «Известия».", None),
    ],
)
def test_mojibake_is_repaired_and_text_left_alone(line, repaired):
    text, repair = repair_mojibake(line)
    assert (text, repair is not None) == ((repaired, True) if repaired else (line, False))


def test_the_repair_is_on_the_line_verdict_and_the_raw_line_kept():
    cleaned = clean_capture("President Zelenskyâ€™s office said the talks went on for two days, and progress was made.")
    [verdict] = cleaned.lines
    assert verdict.raw.endswith("made.") and "â€™" in verdict.raw
    assert verdict.text.startswith("President Zelensky's office") and verdict.repair == "encode sloppy-windows-1252, decode utf-8"
