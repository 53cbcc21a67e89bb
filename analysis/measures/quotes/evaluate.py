"""Found quotations against hand-labelled ones (``tests/data/quotes_labelled.csv``): pairs, precision and recall."""

from __future__ import annotations

import pandas as pd

from analysis.core.checks import require_columns
from analysis.core.errors import QuoteError
from analysis.measures.quotes.extract import KINDS

LABEL_COLUMNS = ["doc_id", "kind", "quote", "occurrence", "speaker_text", "actor"]


def locate(text: str, words: str, occurrence: int) -> int | None:
    position = -1
    for _ in range(max(occurrence, 1)):
        position = text.find(words, position + 1)
        if position < 0:
            return None
    return position


def match_labelled(quotes: pd.DataFrame, labelled: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Pair found quotations with hand-labelled ones, article by article.

    ``labelled`` has the columns of ``tests/data/quotes_labelled.csv``: ``doc_id``,
    ``kind``, ``quote`` (the first words of the quotation, verbatim), ``occurrence``
    (which occurrence of those words, 1 = first), ``speaker_text`` and ``actor``
    (empty or missing: no listed actor). A labelled quotation covers the located first
    words; a found quotation of the same article matches it when their spans overlap,
    one to one, the nearest start first. Only ``quotes`` of the ``articles`` given count.

    Returns
    -------
    DataFrame, one row per labelled quotation and per unmatched found one, with columns
        ``doc_id`` (string), ``label_kind`` and ``found_kind`` (string, missing on the side
        that has no row), ``label_actor`` and ``found_actor`` (string, missing for no
        actor), ``label_quote`` and ``found_quote`` (string), ``label_speaker`` and
        ``found_speaker`` (string: the person, when the labels and the quotations have a
        ``speaker`` column; missing otherwise), ``matched`` (bool, both sides
        present), ``same_actor`` (bool, matched with equal actors, both missing counting
        as equal), ``same_speaker`` (bool, matched and the found speaker's words hold the
        labelled person's last name: "Parliamentary Speaker Vyacheslav Volodin" is
        "Vyacheslav Volodin"; false where either side names no one).
    """
    require_columns(labelled, LABEL_COLUMNS, what="labelled quotations", fix="see tests/data/README.md for the columns",
                    error=QuoteError)
    require_columns(quotes, ["doc_id", "start", "end", "kind", "actor"],
                    what="quotes",
                    fix="make it with analysis.find_quotes(articles)", error=QuoteError)
    texts = dict(zip(articles["doc_id"].astype(str), articles["text"], strict=True))
    rows: list[dict[str, object]] = []
    found = quotes.assign(doc_id=quotes["doc_id"].astype(str))
    found = found[found["doc_id"].isin(texts)]
    for doc_id, text in texts.items():
        doc_labels = labelled[labelled["doc_id"].astype(str) == doc_id]
        doc_found = found[found["doc_id"] == doc_id]
        free = dict(zip(range(len(doc_found)), zip(doc_found["start"], doc_found["end"], strict=True)))
        records = doc_found.to_dict("records")
        for label in doc_labels.to_dict("records"):
            at = locate(text, str(label["quote"]), int(label["occurrence"]))
            if at is None:
                raise QuoteError(f"labelled quotation {label['quote']!r} (occurrence {label['occurrence']}) is not in the text "
                                 f"of article {doc_id!r}; copy the first words exactly as the loaded text has them.")
            span = (at, at + len(str(label["quote"])))
            overlapping = [k for k, (s, e) in free.items() if s < span[1] and span[0] < e]
            pick = min(overlapping, key=lambda k: abs(free[k][0] - span[0])) if overlapping else None
            row = {"doc_id": doc_id, "label_kind": label["kind"], "label_actor": label["actor"] or None,
                   "label_quote": label["quote"], "label_speaker": label.get("speaker") or None, "found_kind": None,
                   "found_actor": None, "found_quote": None, "found_speaker": None}
            if pick is not None:
                del free[pick]
                row.update(found_kind=records[pick]["kind"], found_actor=records[pick]["actor"], found_quote=records[pick]["quote"],
                           found_speaker=records[pick].get("speaker"))
            rows.append(row)
        for k in free:
            rows.append({"doc_id": doc_id, "label_kind": None, "label_actor": None, "label_quote": None, "label_speaker": None,
                         "found_kind": records[k]["kind"], "found_actor": records[k]["actor"], "found_quote": records[k]["quote"],
                         "found_speaker": records[k].get("speaker")})
    table = pd.DataFrame(rows, columns=["doc_id", "label_kind", "found_kind", "label_actor", "found_actor", "label_quote", "found_quote",
                                        "label_speaker", "found_speaker"])
    table = table.astype({c: "string" for c in table.columns})
    for side in ("label_actor", "found_actor", "label_speaker", "found_speaker"):
        table[side] = table[side].mask(table[side].fillna("").str.strip() == "")
    table["matched"] = table["label_kind"].notna() & table["found_kind"].notna()
    table["same_actor"] = table["matched"] & (table["label_actor"].fillna("") == table["found_actor"].fillna(""))
    table["same_speaker"] = table["matched"] & pd.Series(
        [isinstance(label, str) and isinstance(found, str) and label.split()[-1].lower() in found.lower().split()
         for label, found in zip(table["label_speaker"].astype(object), table["found_speaker"].astype(object), strict=True)],
        index=table.index, dtype=bool)
    return table


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def quote_scores(matches: pd.DataFrame, *, by_kind: bool = False) -> pd.DataFrame:
    """Precision and recall of :func:`match_labelled` pairs, overall or per kind.

    ``extraction`` counts overlapping spans; ``found`` also asks for the same actor
    (both missing is the same); ``actor`` looks only at rows with an actor: found rows
    naming an actor (precision) and labelled rows naming one (recall). Per kind, recall
    reads the labelled kind and precision the found kind.

    Returns
    -------
    DataFrame, one row per measure (and kind), with columns
        ``kind`` (string, ``all`` or a kind), ``measure`` (string: ``extraction``,
        ``found``, ``actor``), ``n_found`` and ``n_labelled`` (int, rows counted on each
        side), ``precision`` and ``recall`` (float; NaN when nothing is counted).
    """
    rows = []
    kinds = ["all", *KINDS] if by_kind else ["all"]
    for kind in kinds:
        found = matches["found_kind"].notna() & ((matches["found_kind"] == kind) if kind != "all" else True)
        labelled = matches["label_kind"].notna() & ((matches["label_kind"] == kind) if kind != "all" else True)
        found, labelled = found.fillna(False).astype(bool), labelled.fillna(False).astype(bool)
        with_actor_found = found & matches["found_actor"].notna()
        with_actor_label = labelled & matches["label_actor"].notna()
        for measure, hit, found_side, label_side in (
            ("extraction", matches["matched"], found, labelled),
            ("found", matches["same_actor"], found, labelled),
            ("actor", matches["same_actor"], with_actor_found, with_actor_label),
        ):
            rows.append({"kind": kind, "measure": measure, "n_found": int(found_side.sum()), "n_labelled": int(label_side.sum()),
                         "precision": _ratio(int((hit & found_side).sum()), int(found_side.sum())),
                         "recall": _ratio(int((hit & label_side).sum()), int(label_side.sum()))})
    return pd.DataFrame(rows).astype({"kind": "string", "measure": "string"})
