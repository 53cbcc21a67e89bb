"""Tone toward a person: how the words about that person in a sentence read, not the whole sentence.

:func:`tone_toward` scores each target (a sentence and the span of a person's
mention in it) with multinomial logistic regressions trained by
``scripts/train_tone_model.py`` on the NewsMTSC training sentences, whose human
coders judged the sentiment of each sentence toward one named person (Hamborg &
Donnay 2021). Its features describe the sentence as seen from the mention
(:func:`target_features`):

* words of the sentence with the mention replaced by ``_t_`` and every other
  target of the same sentence (another row with the same ``text``) by ``_p_``,
  so that "_t_ praised _p_" and "_p_ praised _t_" differ; word pairs;
* the five words on each side of the mention, the nearest one or two apart,
  and the words of the clause that holds it (cut at punctuation and at
  conjunctions and relative pronouns);
* whether the person speaks: a speech verb (the model's own list, saved with it)
  among the three words after the mention or the two before it, and whether that
  goes with a quotation; whether the mention stands inside quotation marks; how
  far into the sentence it stands;
* the words between the mention and the nearest other person, and which of the
  two comes first ("_t_ accused _p_" against "_p_ accused _t_");
* VADER scores of the whole sentence and of that clause, and the VADER lexicon
  values of the other words binned by side, distance from the mention (1–3,
  4–8, 9 or more words) and sign, each flipped when a negation stands in the
  three words before it.

The model is the mean of the class probabilities of its members, linear models
over the same features (a logistic regression and one over naive-Bayes-weighted
features, whose weights are folded into its coefficients). It ships as package
data (``analysis/resources/tone_model.npz``): the vocabulary, inverse document
frequencies, scaling, the members' coefficients, class offsets, the speech verbs
and a JSON metadata record with the training data's SHA-256, the library
versions, the choices made by cross-validation and the agreement with the coders
on the NewsMTSC dev files. Scoring needs only numpy: the TF-IDF transform and
the softmaxes are the few lines below, checked against scikit-learn by the
training script.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.core.checks import require_columns
from analysis.core.config import resource_path
from analysis.core.errors import SentimentError
from analysis.text.vader import VaderScorer

MODEL_FILE = "tone_model.npz"
#: Labels of :func:`tone_toward`, in the order of the model's classes (-1, 0, 1).
TONE_LABELS = ("negative", "neutral", "positive")
TARGET = "_t_"
OTHER = "_p_"
#: Words on each side of the mention that count as its neighbourhood.
WINDOW = 5

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|[^\w\s]")
_NEGATIONS = frozenset({"not", "no", "never", "n't", "without", "nor", "neither", "hardly", "cannot", "nobody", "nothing"})
_CLAUSE_PUNCTUATION = frozenset(",;:\u2014\u2013()\u201c\u201d\"")
_QUOTE_MARKS = frozenset("\"\u201c\u201d")
#: Words after (before) the mention in which a speech verb makes the person a speaker.
_SPEECH_AFTER, _SPEECH_BEFORE = 3, 2
#: Words between the mention and the nearest other person that become features.
_BETWEEN = 6
_CLAUSE_WORDS = frozenset({"but", "while", "although", "though", "whereas", "however", "and", "who", "which", "because", "after",
                           "as", "that"})
#: Word distances from the mention that share a bin of lexicon values: 1–3, 4–8, 9 or more.
_NEAR, _MIDDLE = 3, 8
N_DENSE = 3 + 3 + 12 + 4


@dataclass(frozen=True)
class ToneModel:
    """A trained tone model: TF-IDF vocabulary and weights, dense-feature scaling, its members' coefficients, class
    offsets, and the speech verbs its speaker features were trained with."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    dense_weight: float
    coef: np.ndarray          # (members, 3, n_sparse + N_DENSE)
    intercept: np.ndarray     # (members, 3)
    offsets: np.ndarray       # (3,) added to the log-probabilities before the label is chosen
    speech_verbs: frozenset[str]
    metadata: dict[str, Any]

    def save(self, path: Path) -> None:
        """Write the model as one compressed npz file (no pickles)."""
        def text(value: str) -> np.ndarray:
            return np.frombuffer(value.encode("utf-8"), dtype=np.uint8)
        words = "\n".join(sorted(self.vocabulary, key=self.vocabulary.__getitem__))
        np.savez_compressed(path, vocabulary=text(words), idf=self.idf.astype(np.float32),
                            dense_mean=self.dense_mean, dense_scale=self.dense_scale, dense_weight=np.float64(self.dense_weight),
                            coef=self.coef.astype(np.float32), intercept=self.intercept, offsets=self.offsets,
                            speech_verbs=text("\n".join(sorted(self.speech_verbs))),
                            metadata=text(json.dumps(self.metadata, indent=1)))

    @classmethod
    def load(cls, path: Path) -> ToneModel:
        """Read a model written by :meth:`save`."""
        def text(name: str) -> str:
            return data[name].tobytes().decode("utf-8")
        with np.load(path, allow_pickle=False) as data:
            words = text("vocabulary").split("\n")
            return cls(vocabulary={word: i for i, word in enumerate(words)}, idf=data["idf"].astype(np.float64),
                       dense_mean=data["dense_mean"], dense_scale=data["dense_scale"], dense_weight=float(data["dense_weight"]),
                       coef=data["coef"].astype(np.float64), intercept=data["intercept"], offsets=data["offsets"],
                       speech_verbs=frozenset(text("speech_verbs").split("\n")), metadata=json.loads(text("metadata")))

    def matrix(self, sparse_features: Sequence[list[str]], dense: np.ndarray) -> sp.csr_matrix:
        """The model's input rows: sublinear TF-IDF of the feature strings (l2-normed), then the scaled dense features."""
        indptr, indices, values = [0], [], []
        vocabulary, idf = self.vocabulary, self.idf
        for features in sparse_features:
            counts: dict[int, int] = {}
            for feature in features:
                j = vocabulary.get(feature)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            weights = [(1.0 + math.log(c)) * idf[j] for j, c in counts.items()]
            norm = math.sqrt(sum(w * w for w in weights)) or 1.0
            indices.extend(counts)
            values.extend(w / norm for w in weights)
            indptr.append(len(indices))
        words = sp.csr_matrix((values, indices, indptr), shape=(len(sparse_features), len(vocabulary)))
        scaled = (dense - self.dense_mean) / self.dense_scale * self.dense_weight
        return sp.hstack([words, sp.csr_matrix(scaled)], format="csr")

    def probabilities(self, sparse_features: Sequence[list[str]], dense: np.ndarray) -> np.ndarray:
        """Class probabilities (negative, neutral, positive) per row: the mean over the members of the softmax of
        their linear scores."""
        matrix = self.matrix(sparse_features, dense)
        total = np.zeros((matrix.shape[0], 3))
        for coef, intercept in zip(self.coef, self.intercept):
            scores = matrix @ coef.T + intercept
            scores -= scores.max(axis=1, keepdims=True)
            exp = np.exp(scores)
            total += exp / exp.sum(axis=1, keepdims=True)
        return total / len(self.coef)

    def labels(self, probabilities: np.ndarray) -> np.ndarray:
        """Index of the chosen class per row: the most probable after the class offsets chosen by cross-validation."""
        with np.errstate(divide="ignore"):
            return np.argmax(np.log(probabilities) + self.offsets, axis=1)


@lru_cache(maxsize=1)
def _scorer() -> VaderScorer:
    return VaderScorer()


@lru_cache(maxsize=4)
def load_tone_model(path: str | None = None) -> ToneModel:
    """The shipped tone model (a project's ``data/tone_model.npz`` overrides it), or the one at ``path``."""
    file = Path(path) if path else resource_path(MODEL_FILE)
    if not file.is_file():
        raise SentimentError(f"no tone model at {file}; reinstall the package, or train one with scripts/train_tone_model.py.")
    return ToneModel.load(file)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased words and punctuation marks of ``text`` with their character spans (curly apostrophes made straight)."""
    lowered = text.lower().replace("\u2019", "'")
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): lower each word instead
        return [(m.group().lower().replace("\u2019", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(lowered)]


def _masked(tokens: list[tuple[str, int, int]], start: int, end: int, others: Sequence[tuple[int, int]]) -> tuple[list[str], int]:
    """The words with the target's tokens made one ``_t_`` and each other target's one ``_p_``; the target's index."""
    words: list[str] = []
    at = -1
    last_other = None
    for word, a, b in tokens:
        if a < end and b > start:
            if at < 0:
                at = len(words)
                words.append(TARGET)
            continue
        hit = next((span for span in others if a < span[1] and b > span[0]), None)
        if hit is not None:
            if hit != last_other:
                words.append(OTHER)
            last_other = hit
            continue
        last_other = None
        words.append(word)
    if at < 0:  # a span between tokens (whitespace): the target sits before the next word
        at = sum(1 for _, a, _ in tokens if a < start)
        words.insert(at, TARGET)
    return words, at


def _clause(words: list[str], at: int) -> tuple[int, int]:
    """The span of words around ``at`` up to the nearest clause punctuation or clause word on each side."""
    def boundary(word: str) -> bool:
        return word in _CLAUSE_PUNCTUATION or word in _CLAUSE_WORDS
    first = at
    while first > 0 and not boundary(words[first - 1]):
        first -= 1
    last = at + 1
    while last < len(words) and not boundary(words[last]):
        last += 1
    return first, last


def _lexicon_bins(words: list[str], at: int, lexicon: dict[str, float]) -> list[float]:
    """VADER lexicon values of the words other than the target, by side, distance bin and sign (negations flip them)."""
    bins = [0.0] * 12
    for i, word in enumerate(words):
        value = lexicon.get(word)
        if value is None or i == at:
            continue
        if any(w in _NEGATIONS or w.endswith("n't") for w in words[max(0, i - 3):i]):
            value = -0.74 * value
        distance = abs(i - at)
        band = 0 if distance <= _NEAR else 1 if distance <= _MIDDLE else 2
        side = 0 if i < at else 1
        bins[(side * 3 + band) * 2 + (0 if value > 0 else 1)] += abs(value) / 4
    return bins


def _speaker_features(words: list[str], at: int, speech_verbs: frozenset[str]) -> list[str]:
    """Whether the person at ``at`` speaks (a speech verb next to the mention), with a quotation or from inside one, and
    how far into the sentence the mention stands."""
    after = any(w in speech_verbs for w in words[at + 1:at + 1 + _SPEECH_AFTER])
    before = any(w in speech_verbs for w in words[max(0, at - _SPEECH_BEFORE):at])
    quoted = any(w in _QUOTE_MARKS for w in words)
    inside = sum(w in _QUOTE_MARKS for w in words[:at]) % 2 == 1
    features = [f"at_{min(at, 5)}"]
    features += ["speaks_after"] * after + ["speaks_before"] * before + ["quoted"] * quoted + ["inside_quote"] * inside
    if (after or before) and quoted and not inside:
        features.append("speaks_quote")
    return features


def _other_person_features(words: list[str], at: int) -> list[str]:
    """The words between the mention and the nearest other person, and which of the two comes first."""
    others = [i for i, word in enumerate(words) if word == OTHER]
    if not others:
        return []
    nearest = min(others, key=lambda i: abs(i - at))
    order = "tp" if at < nearest else "pt"
    between = words[min(at, nearest) + 1:max(at, nearest)][:_BETWEEN]
    return [f"order_{order}"] + [f"b_{order}_{w}" for w in between]


def target_features(text: str, start: int, end: int, others: Sequence[tuple[int, int]] = (),
                    tokens: list[tuple[str, int, int]] | None = None,
                    sentence: dict[str, float] | None = None,
                    speech_verbs: frozenset[str] = frozenset()) -> tuple[list[str], list[float]]:
    """The model's view of one target: feature strings (words by role) and the :data:`N_DENSE` numbers.

    ``others`` are the spans of the other people named in the sentence;
    ``tokens`` the sentence's :func:`_tokens` and ``sentence`` its VADER scores, when computed already;
    ``speech_verbs`` the words that make the person a speaker (the model's :attr:`ToneModel.speech_verbs`).
    """
    words, at = _masked(_tokens(text) if tokens is None else tokens, start, end, others)
    left, right = words[max(0, at - WINDOW):at], words[at + 1:at + 1 + WINDOW]
    first, last = _clause(words, at)
    features = ["s_" + w for w in words]
    features += ["s2_" + a + "_" + b for a, b in zip(words, words[1:])]
    features += ["l_" + w for w in left] + ["r_" + w for w in right]
    if left:
        features.append("l1_" + left[-1])
    if right:
        features.append("r1_" + right[0])
    if len(right) > 1:
        features.append("r2_" + right[0] + "_" + right[1])
    if len(left) > 1:
        features.append("l2_" + left[-2] + "_" + left[-1])
    clause_words = [w for w in words[first:last] if w != TARGET]
    features += ["c_" + w for w in clause_words]
    features += _speaker_features(words, at, speech_verbs) + _other_person_features(words, at)
    scorer = _scorer()
    sentence = sentence or scorer.polarity_scores(text)
    clause = scorer.polarity_scores(" ".join(w for w in clause_words if w != OTHER))
    dense = [sentence["compound"], sentence["pos"], sentence["neg"], clause["compound"], clause["pos"], clause["neg"]]
    dense += _lexicon_bins(words, at, scorer.lexicon)
    dense += [at / max(len(words), 1), float(at == 0), float(len(words) > 40), float(OTHER in words)]
    return features, dense


def _checked_targets(targets: pd.DataFrame) -> pd.DataFrame:
    require_columns(targets, ["text", "start", "end"], what="targets",
                    fix="give one row per mention: the sentence as 'text' and the mention's character span as 'start', 'end'",
                    error=SentimentError)
    if targets.empty:
        return targets
    text_ok = targets["text"].map(lambda t: isinstance(t, str))
    start = pd.to_numeric(targets["start"], errors="coerce")
    end = pd.to_numeric(targets["end"], errors="coerce")
    lengths = targets["text"].where(text_ok, "").str.len()
    bad = ~text_ok | start.isna() | end.isna() | (start < 0) | (end <= start) | (end > lengths)
    if bad.any():
        row = targets.loc[bad].iloc[0]
        raise SentimentError(f"{int(bad.sum())} target row(s) have no text or a span outside it (first: index {bad.idxmax()!r}, "
                             f"start {row['start']!r}, end {row['end']!r}); 'start' and 'end' must be character offsets with "
                             "0 <= start < end <= len(text).")
    return targets


def target_matrix(targets: pd.DataFrame, speech_verbs: frozenset[str]) -> tuple[list[list[str]], np.ndarray]:
    """:func:`target_features` of every row; other rows with the same ``text`` (and ``doc_id``, when the table has
    one) are the other people in its sentence."""
    texts = targets["text"].tolist()
    starts = targets["start"].astype(int).tolist()
    ends = targets["end"].astype(int).tolist()
    keys = list(zip(targets["doc_id"].astype(str), texts)) if "doc_id" in targets.columns else texts
    spans: dict[object, list[tuple[int, int]]] = {}
    for key, start, end in zip(keys, starts, ends):
        spans.setdefault(key, []).append((start, end))
    seen: dict[str, tuple[list[tuple[str, int, int]], dict[str, float]]] = {}
    sparse_rows, dense_rows = [], []
    for key, text, start, end in zip(keys, texts, starts, ends):
        if text not in seen:
            seen[text] = (_tokens(text), _scorer().polarity_scores(text))
        tokens, sentence = seen[text]
        others = [(a, b) for a, b in spans[key] if (a, b) != (start, end) and (b <= start or a >= end)]
        features, dense = target_features(text, start, end, others, tokens, sentence, speech_verbs)
        sparse_rows.append(features)
        dense_rows.append(dense)
    return sparse_rows, np.array(dense_rows, dtype=np.float64).reshape(len(dense_rows), N_DENSE)


def tone_toward(targets: pd.DataFrame, *, model: ToneModel | None = None) -> pd.DataFrame:
    """Tone of each sentence toward the person named at ``start:end``, judged on the words about that person.

    ``targets`` has one row per mention: ``text`` (the sentence), ``start`` and
    ``end`` (the mention's character span in it); other columns are kept. Rows
    with the same ``text`` (and the same ``doc_id``, when the table has that
    column) are taken as the people the sentence names, so each is scored with
    the others marked as other people: pass every mention of a sentence
    together. Returns the same rows, in order, plus ``tone`` (P(positive) −
    P(negative) under the model, −1…1) and ``tone_label`` (``negative``,
    ``neutral`` or ``positive``, the most probable class after the offsets chosen
    by cross-validation on the training data).

    How far this agrees with human coders is in ``load_tone_model().metadata``
    (measured on NewsMTSC dev sentences, US political news; not on your corpus).
    """
    targets = _checked_targets(targets)
    model = model or load_tone_model()
    out = targets.copy()
    if targets.empty:
        out["tone"] = pd.Series(dtype="float64")
        out["tone_label"] = pd.Series(dtype="object")
        return out
    probabilities = model.probabilities(*target_matrix(targets, model.speech_verbs))
    out["tone"] = probabilities[:, 2] - probabilities[:, 0]
    out["tone_label"] = np.array(TONE_LABELS, dtype=object)[model.labels(probabilities)]
    return out


# ------------------------------------------------------------------ validation

#: NewsMTSC polarity (the coders' judgement) of each label.
POLARITY = dict(zip(TONE_LABELS, (-1, 0, 1)))


def read_newsmtsc(path: str | Path) -> pd.DataFrame:
    """A NewsMTSC jsonl file (Hamborg & Donnay 2021) as ``text``, ``start``, ``end``, ``mention``, ``polarity`` (−1, 0, 1)."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    frame = pd.DataFrame(rows, columns=["sentence", "from", "to", "mention", "polarity"])
    return frame.rename(columns={"sentence": "text", "from": "start", "to": "end"})


def agreement(polarity: Sequence[int], labels: Sequence[str]) -> dict[str, float]:
    """Macro-F1 and per-class F1 of tone ``labels`` against the coders' ``polarity`` (−1, 0, 1)."""
    truth = np.asarray(polarity)
    predicted = np.array([POLARITY[label] for label in labels])
    scores = {}
    for label, value in POLARITY.items():
        true_positive = np.sum((predicted == value) & (truth == value))
        denominator = np.sum(predicted == value) + np.sum(truth == value)
        scores[f"f1_{label}"] = round(float(2 * true_positive / denominator) if denominator else 0.0, 4)
    return {"macro_f1": round(float(np.mean(list(scores.values()))), 4), **scores}


# -------------------------------------------------------------------- mentions


def mention_tone(mentions: pd.DataFrame, sentences: pd.DataFrame, *, model: ToneModel | None = None) -> pd.DataFrame:
    """``mentions`` with the :func:`tone_toward` of each in its sentence: columns ``tone`` and ``tone_label`` added.

    ``mentions`` has ``doc_id``, ``sentence_id``, ``start`` and ``end`` (offsets in
    the article, as :func:`analysis.find_mentions` gives); ``sentences`` has
    ``doc_id``, ``sentence_id``, ``text`` and ``start`` (as
    :func:`analysis.split_sentences` gives). Each sentence is scored with all of
    its mentions, so the other people it names are marked as such.
    """
    require_columns(mentions, ["doc_id", "sentence_id", "start", "end"], what="mentions",
                    fix="make it with analysis.find_mentions(articles)", error=SentimentError)
    require_columns(sentences, ["doc_id", "sentence_id", "text", "start"], what="sentences",
                    fix="make it with analysis.split_sentences(articles)", error=SentimentError)
    keys = ["doc_id", "sentence_id"]
    placed = mentions[[*keys, "start", "end"]].astype({"doc_id": str}).merge(
        sentences[[*keys, "text", "start"]].astype({"doc_id": str}).rename(columns={"start": "sentence_start"}),
        on=keys, how="left", validate="many_to_one")
    if placed["text"].isna().any():
        first = placed.loc[placed["text"].isna()].iloc[0]
        raise SentimentError(f"{int(placed['text'].isna().sum())} mention(s) are in no given sentence (first: doc_id "
                             f"{first['doc_id']!r}, sentence {first['sentence_id']}); pass the sentences of the same articles.")
    # the sentence text is the article's text[start:end]: a mention's span, moved to the sentence, stays inside it
    lengths = placed["text"].str.len()
    start = (placed["start"] - placed["sentence_start"]).clip(0, lengths)
    end = (placed["end"] - placed["sentence_start"]).clip(start, lengths)
    # a span cut to nothing by the clip (a sentence that does not hold its mention) gets the whole sentence's words
    empty = end <= start
    start, end = start.mask(empty, 0), end.mask(empty, lengths)
    scored = tone_toward(pd.DataFrame({"doc_id": placed["doc_id"], "text": placed["text"], "start": start, "end": end}),
                         model=model)
    return mentions.assign(tone=scored["tone"].to_numpy(), tone_label=scored["tone_label"].to_numpy())
