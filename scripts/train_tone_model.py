"""Train the tone-toward-a-person model shipped as analysis/resources/tone_model.npz.

Run: ``.venv/bin/python scripts/train_tone_model.py [--data ../shared/validation/newsmtsc] [--out analysis/resources/tone_model.npz]``.

Reads the NewsMTSC training sentences (``train.jsonl``: sentence, the mention's
span, the coders' polarity toward that person; see the folder's README), turns
each into :func:`analysis.measures.tone.target_features`, and fits scikit-learn's
multinomial logistic regression on sublinear TF-IDF of the feature strings plus
the standardised dense features. Every choice is made by 5-fold cross-validation
on the training file alone, folds grouped by sentence (a sentence naming two
people never sits on both sides): the regularisation ``C``, the weight of the
dense features, then the class offsets added to the log-probabilities that
maximise the cross-validated macro-F1 (the classes are unbalanced). The dev files
are read only after the model is fixed, to report how far it agrees with the
coders. The NewsMTSC test splits are not used.

Deterministic: lbfgs has no random state, the folds are not shuffled, and the
grid is fixed, so the same data and library versions give the same file (the
metadata records both, with the training file's SHA-256).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import platform
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from analysis.core.config import RESOURCES_DIR, SHARED_DIR
from analysis.measures.tone import MODEL_FILE, ToneModel, agreement, read_newsmtsc, target_matrix, tone_toward
from analysis.text.vader import VaderScorer

DEFAULT_DATA = SHARED_DIR / "validation" / "newsmtsc"
CLASSES = (-1, 0, 1)
C_GRID = (1.0, 3.0)
DENSE_WEIGHTS = (0.3,)
OFFSET_GRID = np.round(np.arange(-0.6, 0.61, 0.1), 2)
FOLDS = 5


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _identity(features: list[str]) -> list[str]:
    return features


def fit(sparse_rows: list[list[str]], dense: np.ndarray, y: np.ndarray, *, c: float, dense_weight: float) -> ToneModel:
    """Fit the vectoriser, the scaler and the regression; the result as a :class:`ToneModel` (offsets zero)."""
    vectorizer = TfidfVectorizer(analyzer=_identity, min_df=2, sublinear_tf=True)
    words = vectorizer.fit_transform(sparse_rows)
    scaler = StandardScaler().fit(dense)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = ToneModel(vocabulary={w: int(i) for w, i in vectorizer.vocabulary_.items()}, idf=vectorizer.idf_,
                      dense_mean=scaler.mean_, dense_scale=scale, dense_weight=dense_weight,
                      coef=np.zeros((3, words.shape[1] + dense.shape[1])), intercept=np.zeros(3), offsets=np.zeros(3), metadata={})
    matrix = model.matrix(sparse_rows, dense)
    difference = abs(matrix[:, :words.shape[1]] - words).max()
    assert difference < 1e-12, f"the package's TF-IDF differs from scikit-learn's by {difference}"
    regression = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    regression.fit(matrix, y)
    assert tuple(regression.classes_) == CLASSES
    return ToneModel(**{**model.__dict__, "coef": regression.coef_, "intercept": regression.intercept_})


def macro_f1(y: np.ndarray, labels: np.ndarray) -> float:
    return float(f1_score(y, labels, labels=list(CLASSES), average="macro"))


def cross_validated(sparse_rows, dense, y, groups, *, c: float, dense_weight: float) -> np.ndarray:
    """Out-of-fold class probabilities, every fold fitted from scratch."""
    probabilities = np.zeros((len(y), 3))
    for train, test in GroupKFold(FOLDS).split(dense, y, groups):
        model = fit([sparse_rows[i] for i in train], dense[train], y[train], c=c, dense_weight=dense_weight)
        probabilities[test] = model.probabilities([sparse_rows[i] for i in test], dense[test])
    return probabilities


def best_offsets(probabilities: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Offsets for neutral and positive (negative fixed at 0) that maximise macro-F1 on out-of-fold probabilities."""
    logp = np.log(probabilities)
    best = (np.zeros(3), macro_f1(y, np.array(CLASSES)[logp.argmax(1)]))
    for neutral, positive in itertools.product(OFFSET_GRID, OFFSET_GRID):
        offsets = np.array([0.0, neutral, positive])
        score = macro_f1(y, np.array(CLASSES)[(logp + offsets).argmax(1)])
        if score > best[1] + 1e-9:
            best = (offsets, score)
    return best


def whole_sentence_labels(texts: pd.Series) -> pd.Series:
    """VADER compound of the whole sentence with the ±0.05 cut-offs: the tone the actor report used before."""
    scorer = VaderScorer()
    compound = texts.map(lambda t: scorer.polarity_scores(t)["compound"])
    return pd.Series(np.select([compound >= 0.05, compound <= -0.05], ["positive", "negative"], "neutral"), index=texts.index)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"folder with train.jsonl and the dev files ({DEFAULT_DATA})")
    parser.add_argument("--out", type=Path, default=RESOURCES_DIR / MODEL_FILE, help="model file to write")
    args = parser.parse_args(argv)
    train_file = args.data / "train.jsonl"
    if not train_file.is_file():
        print(f"{train_file} is absent: the NewsMTSC files live in ../shared/validation/newsmtsc.", file=sys.stderr)
        return 1
    train = read_newsmtsc(train_file)
    sparse_rows, dense = target_matrix(train)
    y = train["polarity"].to_numpy()
    groups = train["text"].factorize()[0]
    print(f"{len(train):,} training targets in {groups.max() + 1:,} sentences; {FOLDS}-fold cross-validation by sentence", flush=True)
    grid = {}
    for c, weight in itertools.product(C_GRID, DENSE_WEIGHTS):
        probabilities = cross_validated(sparse_rows, dense, y, groups, c=c, dense_weight=weight)
        grid[(c, weight)] = (macro_f1(y, np.array(CLASSES)[probabilities.argmax(1)]), probabilities)
        print(f"  C={c:g} dense weight={weight:g}: cross-validated macro-F1 {grid[(c, weight)][0]:.4f}", flush=True)
    (c, weight), (cv_f1, cv_probabilities) = max(grid.items(), key=lambda item: item[1][0])
    offsets, cv_f1_offsets = best_offsets(cv_probabilities, y)
    print(f"chosen C={c:g}, dense weight={weight:g}; class offsets {offsets.tolist()} raise cross-validated macro-F1 "
          f"{cv_f1:.4f} -> {cv_f1_offsets:.4f}", flush=True)
    model = fit(sparse_rows, dense, y, c=c, dense_weight=weight)
    model = ToneModel(**{**model.__dict__, "offsets": offsets})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    model = ToneModel.load(args.out)  # score the dev files with the model as shipped (float32 weights)
    dev = {}
    for name in ("dev_rw", "dev_mt"):
        frame = read_newsmtsc(args.data / f"{name}.jsonl")
        dev[name] = {"n": len(frame), "tone_toward": agreement(frame["polarity"], tone_toward(frame, model=model)["tone_label"]),
                     "whole_sentence_vader": agreement(frame["polarity"], whole_sentence_labels(frame["text"]))}
        print(f"{name}: tone_toward macro-F1 {dev[name]['tone_toward']['macro_f1']:.3f}, "
              f"whole-sentence VADER {dev[name]['whole_sentence_vader']['macro_f1']:.3f}", flush=True)
    metadata = {
        "model": "multinomial logistic regression (scikit-learn) over sublinear TF-IDF of target-aware feature strings "
                 "and standardised VADER/position features; see analysis/measures/tone.py",
        "training_data": {"file": "newsmtsc/train.jsonl", "sha256": sha256(train_file), "targets": len(train),
                          "source": "Hamborg & Donnay (2021), NewsMTSC, EACL; fhamborg/NewsMTSC newsmtsc-rw-hf/train.jsonl"},
        "choices": {"C": c, "dense_weight": weight, "class_weight": "balanced", "min_df": 2, "class_offsets": offsets.tolist(),
                    "grid": {f"C={k[0]:g},dense_weight={k[1]:g}": round(v[0], 4) for k, v in grid.items()},
                    "cross_validation": f"{FOLDS}-fold GroupKFold by sentence on train.jsonl",
                    "cv_macro_f1": round(cv_f1, 4), "cv_macro_f1_with_offsets": round(cv_f1_offsets, 4)},
        "dev": dev,
        "features": len(model.vocabulary),
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__},
        "trained_by": "scripts/train_tone_model.py",
    }
    model = ToneModel(**{**model.__dict__, "metadata": metadata})
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, {len(model.vocabulary):,} word features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
