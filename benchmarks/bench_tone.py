"""Tone toward a person against human coders: ``analysis.tone_toward`` beside whole-sentence VADER and a TF-IDF baseline.

Run: ``.venv/bin/python benchmarks/bench_tone.py`` (skips when ../shared is absent).

On the NewsMTSC dev files (``dev_rw``: the real-world mix of news sentences;
``dev_mt``: sentences naming two or more people; see
../shared/validation/newsmtsc/README.md) it prints the macro-F1 and the F1 of each
class against the coders' polarity for three methods:

* ``tone_toward``: the shipped model (analysis/resources/tone_model.npz);
* ``whole-sentence VADER``: the compound of the whole sentence with the ±0.05
  cut-offs, the same for every person the sentence names (what the actor
  report showed before);
* ``TF-IDF baseline``: scikit-learn's logistic regression over TF-IDF of the
  six words on each side of the mention and of the sentence, with the VADER
  scores of both as four extra columns each, trained here on train.jsonl.

Then the time per 1,000 mentions of each, scoring both dev files together
(each method timed as the best of three runs of CPU time in this process; the
baseline's time excludes its training). The NewsMTSC test splits are not used.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from analysis.core.config import SHARED_DIR
from analysis.measures.tone import TONE_LABELS, agreement, load_tone_model, read_newsmtsc, tone_toward
from analysis.text.vader import VaderScorer

DATA = SHARED_DIR / "validation" / "newsmtsc"
SCORER = VaderScorer()


def vader_labels(compound: np.ndarray) -> np.ndarray:
    return np.select([compound >= 0.05, compound <= -0.05], ["positive", "negative"], "neutral")


def whole_sentence(targets: pd.DataFrame) -> np.ndarray:
    return vader_labels(np.array([SCORER.polarity_scores(text)["compound"] for text in targets["text"]]))


class TfidfBaseline:
    """Logistic regression over TF-IDF of the words around the mention and of the sentence, plus VADER scores of both."""

    def __init__(self, train: pd.DataFrame, window: int = 6) -> None:
        self.window = window
        self.around = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        self.sentence = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        self.around.fit(self._around(train))
        self.sentence.fit(train["text"])
        self.model = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced").fit(self._matrix(train), train["polarity"])

    def _around(self, targets: pd.DataFrame) -> list[str]:
        return [" ".join(text[:start].split()[-self.window:] + text[end:].split()[:self.window])
                for text, start, end in zip(targets["text"], targets["start"], targets["end"])]

    @staticmethod
    def _vader(texts: list[str]) -> np.ndarray:
        return np.array([[SCORER.polarity_scores(t)[k] for k in ("neg", "neu", "pos", "compound")] for t in texts])

    def _matrix(self, targets: pd.DataFrame) -> sp.csr_matrix:
        around, texts = self._around(targets), targets["text"].tolist()
        return sp.hstack([self.around.transform(around), self.sentence.transform(texts),
                          sp.csr_matrix(self._vader(around)), sp.csr_matrix(self._vader(texts))], format="csr")

    def __call__(self, targets: pd.DataFrame) -> np.ndarray:
        return np.array(TONE_LABELS)[self.model.predict(self._matrix(targets)) + 1]


def cpu_ms_per_1000(method: Callable[[pd.DataFrame], object], targets: pd.DataFrame) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        method(targets)
        best = min(best, time.process_time() - start)
    return best / len(targets) * 1000 * 1000


def main() -> int:
    if not (DATA / "train.jsonl").exists():
        print(f"skipped: {DATA} is absent")
        return 0
    dev = {name: read_newsmtsc(DATA / f"{name}.jsonl") for name in ("dev_rw", "dev_mt")}
    baseline = TfidfBaseline(read_newsmtsc(DATA / "train.jsonl"))
    load_tone_model()  # loading the model file is not timed
    methods = {"tone_toward": lambda t: tone_toward(t)["tone_label"].to_numpy(), "whole-sentence VADER": whole_sentence,
               "TF-IDF baseline": baseline}
    print(f"{'method':<22}{'file':<8}{'macro-F1':>9}{'F1 neg':>8}{'F1 neu':>8}{'F1 pos':>8}")
    for name, method in methods.items():
        for file, targets in dev.items():
            scores = agreement(targets["polarity"], method(targets))
            print(f"{name:<22}{file:<8}{scores['macro_f1']:>9.3f}{scores['f1_negative']:>8.3f}{scores['f1_neutral']:>8.3f}"
                  f"{scores['f1_positive']:>8.3f}")
    both = pd.concat(dev.values(), ignore_index=True)
    times = {name: cpu_ms_per_1000(method, both) for name, method in methods.items()}
    print(f"\nCPU time per 1,000 mentions ({len(both):,} mentions of both dev files, best of 3):")
    for name, ms in times.items():
        print(f"  {name:<22}{ms:>8.0f} ms   {ms / times['whole-sentence VADER']:.1f}x whole-sentence VADER")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
