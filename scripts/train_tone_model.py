"""Train the tone-toward-a-person model shipped as analysis/resources/tone_model.npz.

Run: ``.venv/bin/python scripts/train_tone_model.py [--data ../shared/validation/newsmtsc] [--out analysis/resources/tone_model.npz]``.

Reads the NewsMTSC training sentences (``train.jsonl``: sentence, the mention's
span, the coders' polarity toward that person; see the folder's README), turns
each into :func:`analysis.measures.tone.target_features`, and fits scikit-learn's
multinomial logistic regression on sublinear TF-IDF of the feature strings plus
the standardised dense features; the model averages the probabilities of its
members: that regression, and optionally a second one over the same features
weighted by their naive-Bayes log-count ratios (NB-LR, Wang & Manning 2012; the
weights are folded into its coefficients).

Augmentation (train only): most training sentences have one target, so other
people they name stay words, while in use every actor a sentence names is marked
as another person. Each training row whose sentence names someone else from
train.jsonl's own mentions can be added a second time with those names marked so
(words kept as features must be in two given rows, or in two such copies).

Every choice is made by 5-fold cross-validation on the training file alone,
folds grouped by sentence (a sentence naming two people never sits on both
sides; augmented copies are made of the training folds only, the held-out fold is
scored as given): the regularisation ``C``, the augmentation, the members, then
the class offsets added to the log-probabilities that maximise the
cross-validated macro-F1 (the classes are unbalanced). The dev files are read
only after the model is fixed, to report how far it agrees with the coders. The
NewsMTSC test splits are not used.

Deterministic: newton-cg has no random state, the folds are not shuffled, and
the grid is fixed, so the same data and library versions give the same file (the
metadata records both, with the training file's SHA-256).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import platform
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from analysis.core.config import RESOURCES_DIR, SHARED_DIR
from analysis.measures.quotes.speech import load_speech_words
from analysis.measures.tone import MODEL_FILE, ToneModel, agreement, read_newsmtsc, target_features, target_matrix, tone_toward
from analysis.text.vader import VaderScorer

DEFAULT_DATA = SHARED_DIR / "validation" / "newsmtsc"
CLASSES = (-1, 0, 1)
C_GRID = (1.0, 3.0)
DENSE_WEIGHT = 0.3
MIN_DF = 2
AUGMENT = (False, True)
MEMBERS = (("lr",), ("lr", "nb"))
OFFSET_GRID = np.round(np.arange(-0.6, 0.61, 0.1), 2)
FOLDS = 5


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _identity(features: list[str]) -> list[str]:
    return features


def nb_weights(words, y: np.ndarray) -> np.ndarray:
    """Per word feature, the largest absolute log-count ratio of its presence in one class against the others (NB-LR)."""
    present = (words > 0).astype(np.float64)
    ratios = []
    for label in CLASSES:
        inside = np.asarray(present[y == label].sum(axis=0)).ravel() + 1
        outside = np.asarray(present[y != label].sum(axis=0)).ravel() + 1
        ratios.append(np.log(inside / inside.sum()) - np.log(outside / outside.sum()))
    return np.abs(np.array(ratios)).max(axis=0)


def vocabulary(sparse_rows: list[list[str]], n_given: int) -> list[str]:
    """Feature strings in at least :data:`MIN_DF` of the given rows, or of their masked copies (the rows from
    ``n_given`` on): a copy repeats most of its sentence, so it does not count towards the same string twice."""
    def frequent(rows: list[list[str]]) -> set[str]:
        counts: dict[str, int] = {}
        for row in rows:
            for feature in set(row):
                counts[feature] = counts.get(feature, 0) + 1
        return {feature for feature, count in counts.items() if count >= MIN_DF}
    return sorted(frequent(sparse_rows[:n_given]) | frequent(sparse_rows[n_given:]))


def fit(sparse_rows: list[list[str]], dense: np.ndarray, y: np.ndarray, *, c: float, members: tuple[str, ...],
        speech_verbs: frozenset[str], n_given: int | None = None) -> ToneModel:
    """Fit the vectoriser, the scaler and each member's regression; the result as a :class:`ToneModel` (offsets zero).
    Rows from ``n_given`` on are masked copies of given rows."""
    vectorizer = TfidfVectorizer(analyzer=_identity, vocabulary=vocabulary(sparse_rows, n_given or len(sparse_rows)),
                                 sublinear_tf=True)
    words = vectorizer.fit_transform(sparse_rows)
    scaler = StandardScaler().fit(dense)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    n_words = words.shape[1]
    model = ToneModel(vocabulary={w: int(i) for w, i in vectorizer.vocabulary_.items()}, idf=vectorizer.idf_,
                      dense_mean=scaler.mean_, dense_scale=scale, dense_weight=DENSE_WEIGHT,
                      coef=np.zeros((0, 3, n_words + dense.shape[1])), intercept=np.zeros((0, 3)), offsets=np.zeros(3),
                      speech_verbs=speech_verbs, metadata={})
    matrix = model.matrix(sparse_rows, dense)
    difference = abs(matrix[:, :n_words] - words).max()
    assert difference < 1e-12, f"the package's TF-IDF differs from scikit-learn's by {difference}"
    coefs, intercepts = [], []
    for member in members:
        weights = np.concatenate([nb_weights(words, y) if member == "nb" else np.ones(n_words), np.ones(dense.shape[1])])
        regression = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", solver="newton-cg")
        regression.fit(matrix @ sp.diags(weights), y)
        assert tuple(regression.classes_) == CLASSES
        coefs.append(regression.coef_ * weights)
        intercepts.append(regression.intercept_)
    return ToneModel(**{**model.__dict__, "coef": np.array(coefs), "intercept": np.array(intercepts)})


def person_names(mentions: pd.Series) -> re.Pattern[str]:
    """The capitalised mentions of the training file (four letters or more) and their last words, as one pattern."""
    names = set()
    for mention in mentions:
        mention = mention.strip(" \"'\u201c\u201d")
        last = mention.split()[-1] if mention.split() else ""
        names |= {name for name in (mention, last if last.isalpha() else "") if len(name) >= 4 and name[0].isupper()}
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")


def masked_copies(train: pd.DataFrame, names: re.Pattern[str], speech_verbs: frozenset[str]) -> tuple[list[list[str]], np.ndarray]:
    """:func:`target_features` of every training row with every other occurrence of a training name marked as another
    person, beside the other targets of its sentence."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for text, start, end in zip(train["text"], train["start"], train["end"]):
        spans.setdefault(text, []).append((start, end))
    sparse_rows, dense_rows = [], []
    for text, start, end in zip(train["text"], train["start"], train["end"]):
        others = [(a, b) for a, b in spans[text] if (a, b) != (start, end) and (b <= start or a >= end)]
        for match in names.finditer(text):
            a, b = match.span()
            if (b <= start or a >= end) and not any(a < q and b > p for p, q in others):
                others.append((a, b))
        features, dense = target_features(text, start, end, others, speech_verbs=speech_verbs)
        sparse_rows.append(features)
        dense_rows.append(dense)
    return sparse_rows, np.array(dense_rows, dtype=np.float64)


def macro_f1(y: np.ndarray, labels: np.ndarray) -> float:
    return float(f1_score(y, labels, labels=list(CLASSES), average="macro"))


def cross_validated(rows, copies, y, groups, *, c: float, members: tuple[str, ...],
                    speech_verbs: frozenset[str]) -> np.ndarray:
    """Out-of-fold class probabilities of the rows as given, every fold fitted from scratch (on the training fold's
    rows and, when ``copies`` is given, their masked copies)."""
    sparse_rows, dense = rows
    probabilities = np.zeros((len(y), 3))
    for train, test in GroupKFold(FOLDS).split(dense, y, groups):
        fold_rows, fold_dense, fold_y = [sparse_rows[i] for i in train], dense[train], y[train]
        if copies is not None:
            changed = [i for i in train if copies[0][i] != sparse_rows[i]]
            fold_rows += [copies[0][i] for i in changed]
            fold_dense, fold_y = np.vstack([fold_dense, copies[1][changed]]), np.concatenate([fold_y, y[changed]])
        model = fit(fold_rows, fold_dense, fold_y, c=c, members=members, speech_verbs=speech_verbs, n_given=len(train))
        probabilities[test] = model.probabilities([sparse_rows[i] for i in test], dense[test])
    return probabilities


def scores(y: np.ndarray, labels: np.ndarray, several: np.ndarray) -> tuple[float, float, float]:
    """Macro-F1 over all rows, over the rows of sentences naming several targets, and their mean: the criterion of every
    choice, as the model must serve both the real-world mix (dev_rw) and sentences naming several people (dev_mt)."""
    overall, among_several = macro_f1(y, labels), macro_f1(y[several], labels[several])
    return overall, among_several, (overall + among_several) / 2


def _three(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.4f}" for v in values)


def best_offsets(probabilities: np.ndarray, y: np.ndarray, several: np.ndarray) -> tuple[np.ndarray, tuple[float, float, float]]:
    """Offsets for neutral and positive (negative fixed at 0) that maximise the criterion of :func:`scores` on
    out-of-fold probabilities."""
    logp = np.log(probabilities)
    best = (np.zeros(3), scores(y, np.array(CLASSES)[logp.argmax(1)], several))
    for neutral, positive in itertools.product(OFFSET_GRID, OFFSET_GRID):
        offsets = np.array([0.0, neutral, positive])
        score = scores(y, np.array(CLASSES)[(logp + offsets).argmax(1)], several)
        if score[2] > best[1][2] + 1e-9:
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
    speech_verbs = frozenset(load_speech_words().verbs)
    rows = target_matrix(train, speech_verbs)
    copies = masked_copies(train, person_names(train["mention"]), speech_verbs)
    y = train["polarity"].to_numpy()
    groups = train["text"].factorize()[0]
    several = train.groupby("text")["text"].transform("size").to_numpy() > 1
    print(f"{len(train):,} training targets in {groups.max() + 1:,} sentences ({several.sum():,} in sentences naming several "
          f"targets); {FOLDS}-fold cross-validation by sentence", flush=True)
    grid = {}
    for c, augment in itertools.product(C_GRID, AUGMENT):
        member_probabilities = {member: cross_validated(rows, copies if augment else None, y, groups, c=c, members=(member,),
                                                        speech_verbs=speech_verbs)
                                for member in sorted({m for members in MEMBERS for m in members})}
        for members in MEMBERS:  # the model's probabilities are the mean of its members'
            probabilities = np.mean([member_probabilities[m] for m in members], axis=0)
            grid[(c, augment, members)] = (scores(y, np.array(CLASSES)[probabilities.argmax(1)], several), probabilities)
            print(f"  C={c:g} augmented={augment} members={'+'.join(members)}: cross-validated macro-F1 "
                  f"{_three(grid[(c, augment, members)][0])} (all / sentences naming several targets / mean)", flush=True)
    (c, augment, members), (cv_scores, cv_probabilities) = max(grid.items(), key=lambda item: item[1][0][2])
    offsets, cv_scores_offsets = best_offsets(cv_probabilities, y, several)
    print(f"chosen C={c:g}, augmented={augment}, members={'+'.join(members)}; class offsets {offsets.tolist()} move "
          f"cross-validated macro-F1 {_three(cv_scores)} -> {_three(cv_scores_offsets)}", flush=True)
    sparse_rows, dense, fit_y = rows[0], rows[1], y
    if augment:
        changed = [i for i in range(len(y)) if copies[0][i] != sparse_rows[i]]
        sparse_rows = sparse_rows + [copies[0][i] for i in changed]
        dense, fit_y = np.vstack([dense, copies[1][changed]]), np.concatenate([y, y[changed]])
    model = fit(sparse_rows, dense, fit_y, c=c, members=members, speech_verbs=speech_verbs, n_given=len(y))
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
        "model": "mean probabilities of multinomial logistic regressions (scikit-learn; members: "
                 f"{'+'.join(members)}, nb = naive-Bayes-weighted features) over sublinear TF-IDF of target-aware feature "
                 "strings and standardised VADER/position features; see analysis/measures/tone.py",
        "training_data": {"file": "newsmtsc/train.jsonl", "sha256": sha256(train_file), "targets": len(train),
                          "source": "Hamborg & Donnay (2021), NewsMTSC, EACL; fhamborg/NewsMTSC newsmtsc-rw-hf/train.jsonl"},
        "choices": {"C": c, "augmented": augment, "members": list(members), "dense_weight": DENSE_WEIGHT,
                    "class_weight": "balanced", "min_df": MIN_DF, "class_offsets": offsets.tolist(),
                    "grid": {f"C={k[0]:g},augmented={k[1]},members={'+'.join(k[2])}": [round(x, 4) for x in v[0]]
                             for k, v in grid.items()},
                    "grid_columns": ["cv_macro_f1", "cv_macro_f1_sentences_naming_several_targets", "mean (the criterion)"],
                    "cross_validation": f"{FOLDS}-fold GroupKFold by sentence on train.jsonl",
                    "cv_macro_f1": round(cv_scores[0], 4), "cv_macro_f1_several_targets": round(cv_scores[1], 4),
                    "cv_macro_f1_with_offsets": round(cv_scores_offsets[0], 4),
                    "cv_macro_f1_several_targets_with_offsets": round(cv_scores_offsets[1], 4)},
        "dev": dev,
        "features": len(model.vocabulary),
        "speech_verbs": {"source": "the [verbs] of analysis/resources/speech_verbs_en.txt at training time (saved in the model)",
                         "count": len(speech_verbs),
                         "sha256": hashlib.sha256("\n".join(sorted(speech_verbs)).encode("utf-8")).hexdigest()},
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
