"""Tone toward a person (analysis.tone_toward): the shipped model on inline sentences, its input checks and its file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import SentimentError, tone_toward
from analysis.measures.tone import ToneModel, agreement, load_tone_model, target_features


def targets(*rows: tuple[str, str]) -> pd.DataFrame:
    """One row per (sentence, mention): the span is the mention's first occurrence in the sentence."""
    return pd.DataFrame([{"text": text, "start": text.index(name), "end": text.index(name) + len(name), "who": name}
                         for text, name in rows])


PRAISE_AND_ATTACK = [
    "Zelensky thanked the brave volunteers for their heroic work, while Putin was condemned for the brutal killing of civilians.",
    "Critics accused Johnson of lying to parliament, but Merkel was praised for her calm and wise leadership.",
]


@pytest.mark.parametrize("sentence", PRAISE_AND_ATTACK)
def test_one_sentence_praising_one_person_and_attacking_another_gives_them_different_tones(sentence):
    praised, attacked = ("Zelensky", "Putin") if "Zelensky" in sentence else ("Merkel", "Johnson")
    scored = tone_toward(targets((sentence, praised), (sentence, attacked))).set_index("who")
    assert scored.loc[praised, "tone_label"] == "positive"
    assert scored.loc[attacked, "tone_label"] == "negative"
    assert scored.loc[praised, "tone"] > 0 > scored.loc[attacked, "tone"]


def test_rows_come_back_in_order_with_their_columns_and_a_tone_in_range():
    sentence = "The minister met Blinken in Geneva on Tuesday."
    table = targets((PRAISE_AND_ATTACK[0], "Putin"), (sentence, "Blinken"), (PRAISE_AND_ATTACK[0], "Zelensky"))
    table.index = [7, 3, 5]
    scored = tone_toward(table)
    assert list(scored.index) == [7, 3, 5]
    assert list(scored.columns) == ["text", "start", "end", "who", "tone", "tone_label"]
    assert scored["tone"].between(-1, 1).all()
    assert set(scored["tone_label"]) <= {"negative", "neutral", "positive"}
    assert scored.loc[3, "tone_label"] == "neutral"


def test_the_words_about_the_person_count_not_the_whole_sentence():
    # The same two clauses, the person named in one or the other.
    text = "Russia launched a horrific and deadly assault on Mariupol, and Macron called for calm talks."
    scored = tone_toward(targets((text, "Macron"), (text, "Russia"))).set_index("who")
    assert scored.loc["Russia", "tone"] < scored.loc["Macron", "tone"]


def test_other_people_in_the_sentence_are_marked_apart_from_the_target():
    text = "Biden praised Scholz."
    start = text.index("Scholz")
    alone, _ = target_features(text, 0, 5)
    with_other, _ = target_features(text, 0, 5, others=[(start, start + 6)])
    assert "r2_praised_scholz" in alone and "r2_praised__p_" in with_other


def test_a_person_who_speaks_is_marked_as_the_speaker_and_the_words_between_two_people_by_their_order():
    text = '"We will not give up," Zelensky said after Putin threatened Kyiv.'
    zelensky, putin = (text.index("Zelensky"), text.index("Zelensky") + 8), (text.index("Putin"), text.index("Putin") + 5)
    speaker, _ = target_features(text, *zelensky, others=[putin], speech_verbs=frozenset({"said"}))
    other, _ = target_features(text, *putin, others=[zelensky], speech_verbs=frozenset({"said"}))
    assert {"speaks_after", "speaks_quote", "order_tp", "b_tp_said", "b_tp_after"} <= set(speaker)
    assert "speaks_after" not in other and {"order_pt", "b_pt_said"} <= set(other)
    unlisted, _ = target_features(text, *zelensky, others=[putin])
    assert "speaks_after" not in unlisted  # the speech verbs are the model's own list


def test_inside_a_quotation_is_told_apart_from_outside_it():
    text = 'He said "Biden is weak" on Monday.'
    inside, _ = target_features(text, text.index("Biden"), text.index("Biden") + 5)
    outside, _ = target_features(text, 0, 2)
    assert "inside_quote" in inside and "inside_quote" not in outside and "quoted" in outside


def test_the_model_is_the_mean_of_its_members_probabilities():
    model = load_tone_model()
    assert model.coef.ndim == 3 and model.coef.shape[:2] == (len(model.intercept), 3)
    table = targets((PRAISE_AND_ATTACK[0], "Putin"), (PRAISE_AND_ATTACK[0], "Zelensky"))
    each = [ToneModel(**{**model.__dict__, "coef": model.coef[[i]], "intercept": model.intercept[[i]]}) for i in range(len(model.coef))]
    tones = [tone_toward(table, model=member)["tone"].to_numpy() for member in each]
    np.testing.assert_allclose(tone_toward(table, model=model)["tone"], np.mean(tones, axis=0), atol=1e-12)


def test_empty_table_gets_the_columns():
    scored = tone_toward(pd.DataFrame({"text": [], "start": [], "end": []}))
    assert list(scored.columns) == ["text", "start", "end", "tone", "tone_label"] and scored.empty


@pytest.mark.parametrize(("start", "end"), [(5, 3), (-1, 2), (0, 99), (None, 2)])
def test_a_span_outside_the_sentence_is_refused_with_the_row(start, end):
    with pytest.raises(SentimentError, match=r"index 0.*0 <= start < end <= len\(text\)"):
        tone_toward(pd.DataFrame({"text": ["Putin spoke."], "start": [start], "end": [end]}))


def test_missing_columns_are_named():
    with pytest.raises(SentimentError, match=r"no column\(s\) \['start', 'end'\]"):
        tone_toward(pd.DataFrame({"text": ["Putin spoke."]}))


def test_the_model_file_round_trips_and_records_its_training_data_and_dev_agreement(tmp_path):
    model = load_tone_model()
    meta = model.metadata
    assert len(meta["training_data"]["sha256"]) == 64
    assert {"dev_rw", "dev_mt"} <= set(meta["dev"])
    assert meta["dev"]["dev_rw"]["tone_toward"]["macro_f1"] > meta["dev"]["dev_rw"]["whole_sentence_vader"]["macro_f1"]
    model.save(tmp_path / "m.npz")
    again = ToneModel.load(tmp_path / "m.npz")
    table = targets((PRAISE_AND_ATTACK[1], "Johnson"), (PRAISE_AND_ATTACK[1], "Merkel"))
    np.testing.assert_array_equal(tone_toward(table, model=again)["tone"], tone_toward(table, model=model)["tone"])
    assert again.metadata == meta
    assert again.speech_verbs == model.speech_verbs and {"said", "told"} <= model.speech_verbs


def test_agreement_is_macro_f1_over_the_three_classes():
    scores = agreement([-1, -1, 0, 1], ["negative", "neutral", "neutral", "negative"])
    # negative: tp 1, 2 predicted, 2 true -> 0.5; neutral: tp 1, 2 predicted, 1 true -> 2/3; positive: 0
    assert scores == {"macro_f1": round((0.5 + 2 / 3) / 3, 4), "f1_negative": 0.5, "f1_neutral": 0.6667, "f1_positive": 0.0}
