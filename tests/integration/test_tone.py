"""The shipped tone model against the NewsMTSC dev files (../shared): the figures its metadata records, reproduced."""

from __future__ import annotations

import pytest

from analysis import tone_toward
from analysis.core.config import SHARED_DIR
from analysis.measures.tone import agreement, load_tone_model, read_newsmtsc
from tests.conftest import shared_file

NEWSMTSC = SHARED_DIR / "validation" / "newsmtsc"


@pytest.mark.parametrize("name", ["dev_rw", "dev_mt"])
def test_the_shipped_model_agrees_with_the_coders_as_its_metadata_says_and_beats_whole_sentence_vader(name):
    dev = read_newsmtsc(shared_file(NEWSMTSC / f"{name}.jsonl"))
    recorded = load_tone_model().metadata["dev"][name]
    scores = agreement(dev["polarity"], tone_toward(dev)["tone_label"])
    assert scores == recorded["tone_toward"]
    assert scores["macro_f1"] > recorded["whole_sentence_vader"]["macro_f1"] + 0.09
