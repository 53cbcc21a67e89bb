"""The rule-based sentence splitter: hard cases, the span contract, linear time, agreement with Punkt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.errors import AnalysisError
from analysis.text.splitter import PARAGRAPH_SEPARATOR, boundary_offsets, punkt_sentence_spans, sentence_spans
from tests.conftest import WAR_NEWS_CSV, shared_file

JUDGED = Path(__file__).parents[1] / "data" / "splitter_judged.tsv"

# (text, its sentences written by hand). Issue 15's traps first.
HARD_CASES: list[tuple[str, list[str]]] = [
    ("He is No. 2 in the polls. Biden is first.", ["He is No. 2 in the polls.", "Biden is first."]),
    ("Asked about it, he said no. Then he left.", ["Asked about it, he said no.", "Then he left."]),
    ("Sens. Graham and Blumenthal wrote to the president.", ["Sens. Graham and Blumenthal wrote to the president."]),
    ("He flew to the U.S. The next day he left.", ["He flew to the U.S.", "The next day he left."]),
    ("He spoke to the U.S. Senate on Monday.", ["He spoke to the U.S. Senate on Monday."]),
    ("Rep. Darrell Issa (R-Calif.) said he would vote no.", ["Rep. Darrell Issa (R-Calif.) said he would vote no."]),
    ("Sen. Lindsey Graham (R-S.C.) agreed. The vote is Monday.", ["Sen. Lindsey Graham (R-S.C.) agreed.", "The vote is Monday."]),
    ("The fire hit Fresno, Calif. The town was evacuated.", ["The fire hit Fresno, Calif.", "The town was evacuated."]),
    ("Sens. Joe Manchin, D-W.Va., and Susan Collins, R-Maine, agreed.", ["Sens. Joe Manchin, D-W.Va., and Susan Collins, R-Maine, agreed."]),
    ("Johnny B. Goode played the guitar. He was good.", ["Johnny B. Goode played the guitar.", "He was good."]),
    ("It was Plan B. Then it failed too.", ["It was Plan B.", "Then it failed too."]),
    ("J.R.R. Tolkien wrote it. The N.B.A. season starts.", ["J.R.R. Tolkien wrote it.", "The N.B.A. season starts."]),
    ("President George H.W. Bush signed it.", ["President George H.W. Bush signed it."]),
    ('"We will win." He left the room.', ['"We will win."', "He left the room."]),
    ('"We will win," he said. "Never give up."', ['"We will win," he said.', '"Never give up."']),
    ('"Why?" she asked. He shrugged.', ['"Why?" she asked.', "He shrugged."]),
    ('He shouted "Slava Ukraini!" for a minute.', ['He shouted "Slava Ukraini!" for a minute.']),
    ("Really?! Yes!! Fine.", ["Really?!", "Yes!!", "Fine."]),
    ("He waited... Then he left.", ["He waited...", "Then he left."]),
    ("He waited... and waited.", ["He waited... and waited."]),
    ("The question is ... Vladimir Putin's war.", ["The question is ... Vladimir Putin's war."]),
    ("We stayed\u2026 But nobody came.", ["We stayed\u2026", "But nobody came."]),
    ('Stoltenberg said. "... We are ready to engage."', ["Stoltenberg said.", '"... We are ready to engage."']),
    ("They made clowns of themselves [...] It is a joke.", ["They made clowns of themselves [...]", "It is a joke."]),
    ("She flew to the U.S.. She stayed there.", ["She flew to the U.S..", "She stayed there."]),
    ("The talks ended at 5 p.m. The next round is Friday.", ["The talks ended at 5 p.m.", "The next round is Friday."]),
    ("The talks ended at 5 p.m. on Friday.", ["The talks ended at 5 p.m. on Friday."]),
    ("He was born on Jan. 6, 1990. He died in 2022. It was sad.", ["He was born on Jan. 6, 1990.", "He died in 2022.", "It was sad."]),
    ("The rate rose 3.5 percent. It fell later.", ["The rate rose 3.5 percent.", "It fell later."]),
    ("They moved to Washington, D.C. \"We are ready,\" he said.", ["They moved to Washington, D.C.", '"We are ready," he said.']),
    ("It angered the U.S.' allies. Nobody knew.", ["It angered the U.S.' allies.", "Nobody knew."]),
    ('He said "no." (He left.) Then he came back.', ['He said "no."', "(He left.)", "Then he came back."]),
    ('He said: "They broke the law."Full video here.', ['He said: "They broke the law."', "Full video here."]),
    ('Putin said."What we showed was true," he added.', ["Putin said.", '"What we showed was true," he added.']),
    ("He told the FT. Mrs May agreed.", ["He told the FT.", "Mrs May agreed."]),
    ("He fell ill. Doctors came.", ["He fell ill.", "Doctors came."]),
    ("Consumer watchdog Which? has said so.", ["Consumer watchdog Which? has said so."]),
    ("Warner Bros. Discovery said so.", ["Warner Bros. Discovery said so."]),
    ("Visit example.com. It is free.", ["Visit example.com.", "It is free."]),
    ("Headline without stop\n\nFirst paragraph. Second one.", ["Headline without stop", "First paragraph.", "Second one."]),
    ("  Leading space. And a tail  \n", ["Leading space.", "And a tail"]),
    ("", []),
]


def spans_contract_violations(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """What in ``spans`` breaks the contract of ``sentence_spans`` on ``text`` (empty when none)."""
    problems = []
    covered = [0] * len(text)
    previous_end = 0
    for start, end in spans:
        sentence = text[start:end]
        if not sentence or sentence != sentence.strip():
            problems.append(f"span {(start, end)} is empty or has whitespace around it: {sentence!r}")
        if start < previous_end:
            problems.append(f"span {(start, end)} overlaps or precedes the one before (ending at {previous_end})")
        if PARAGRAPH_SEPARATOR in sentence:
            problems.append(f"span {(start, end)} crosses a paragraph break")
        previous_end = end
        for i in range(start, end):
            covered[i] += 1
    problems += [f"character {i} ({text[i]!r}) is in {n} spans" for i, n in enumerate(covered) if n != 1 and not text[i].isspace()]
    return problems


def judged_decisions(judged: pd.DataFrame, split: Callable[[str], list[tuple[int, int]]]) -> pd.Series:
    """Whether ``split`` puts a boundary at each judged row's ``position`` in its ``window`` (bool, row order)."""
    return pd.Series(
        [position in boundary_offsets(window, split(window)) for window, position in zip(judged["window"], judged["position"])],
        index=judged.index,
    )


@pytest.mark.parametrize(("text", "expected"), HARD_CASES)
def test_hard_cases(text, expected):
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == expected
    assert spans_contract_violations(text, spans) == []


_PIECES = st.sampled_from(
    ["a", "word", "The", "U.S.", "No.", "2", "Calif.", "B.", "said", ".", "...", "\u2026", "?", "!", "?!", '"', "'",
     "(", ")", "]", "\u201d", "\u2019", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "-", ",", ";", "Sens.", "e.g.", "x"]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(_PIECES, max_size=60).map("".join)))
def test_the_contract_holds_on_any_text(text):
    assert spans_contract_violations(text, sentence_spans(text)) == []


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("make", "n_sentences"),
    [
        (lambda n: "a" * n, 1),  # no space, no full stop
        (lambda n: "word " * (n // 5), 1),  # spaces, no full stop
        (lambda n: "." * n, 1),  # one run of full stops
        (lambda n: "!?" * (n // 2), 1),
        (lambda n: '."' * (n // 2), 1),  # stops and closing quotes, never a space
        (lambda n: "U.S." * (n // 4), 1),
        (lambda n: "A." + " " * n + "b.", 1),  # one gap of 10 MB
        (lambda n: "He said. " + '" ' * (n // 2) + "Then.", 2),  # lone closing quotes
        (lambda n: "No." + "\u00a0" * n + "2.", 1),
        (lambda n: " " * n, 0),
    ],
    ids=["letters", "words", "full stops", "!?", 'stop-quote', "U.S.", "long gap", "lone quotes", "No. 2", "spaces"],
)
@pytest.mark.heavy
def test_linear_time_on_10_mb_paragraphs(make, n_sentences):
    """Quadratic work on 10 MB would take hours; pytest-timeout fails the test instead."""
    text = make(10_000_000)
    assert len(sentence_spans(text)) == n_sentences


def test_a_non_string_is_explained():
    with pytest.raises(AnalysisError, match="expected the text as a str, got float"):
        sentence_spans(float("nan"))


def test_boundary_offsets_put_a_closing_quote_on_either_side_in_one_gap():
    text = 'They broke the law."Full video here.'
    before_quote, after_quote = [(0, 19), (19, 36)], [(0, 20), (20, 36)]
    assert boundary_offsets(text, before_quote) == boundary_offsets(text, after_quote) == {19}


def test_the_splitter_is_right_on_at_least_as_many_judged_disagreements_as_punkt():
    """Boundary decisions where the two differed on the 13k corpus when drawn, each judged by hand (benchmarks/README.md)."""
    judged = pd.read_csv(JUDGED, sep="\t", dtype={"window": str, "correct": str, "note": str}, keep_default_na=False)
    assert len(judged) >= 100 and set(judged["correct"]) <= {"break", "no_break"}
    correct = judged["correct"] == "break"
    ours = judged_decisions(judged, sentence_spans)
    punkt = judged_decisions(judged, punkt_sentence_spans)
    print(f"\njudged disagreements right ({len(judged)}): splitter {(ours == correct).sum()}, Punkt {(punkt == correct).sum()}")
    assert (ours == correct).sum() >= (punkt == correct).sum()


@pytest.mark.slow
def test_agreement_with_punkt_on_a_sample_of_the_corpus():
    """Boundaries agree with Punkt's except in the categories the splitter decides differently on purpose.

    On the whole corpus these differ at about 1% of boundaries (benchmarks/README.md);
    a floor of 98% on 300 articles (some 7,000 boundaries) fails when a change moves
    twice that many.
    """
    from analysis.io.clean import clean_capture

    raw = pd.read_csv(shared_file(WAR_NEWS_CSV), usecols=["text"]).dropna().sample(n=300, random_state=15)
    texts = [clean_capture(text).text for text in raw["text"]]
    both = only_ours = only_punkt = 0
    for text in texts:
        ours, punkt = boundary_offsets(text, sentence_spans(text)), boundary_offsets(text, punkt_sentence_spans(text))
        both, only_ours, only_punkt = both + len(ours & punkt), only_ours + len(ours - punkt), only_punkt + len(punkt - ours)
    precision, recall = both / (both + only_ours), both / (both + only_punkt)
    print(f"\nagreement with Punkt on {len(texts)} articles: {both} boundaries in both, precision {precision:.4f}, "
          f"recall {recall:.4f}")
    assert both > 5000
    assert precision >= 0.98 and recall >= 0.98, (precision, recall)
