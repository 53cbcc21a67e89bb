"""Corpus shapes a researcher brings, built on the fly: the rows of the shape matrix.

Each builder writes a corpus into a folder and returns the path to give
``--corpus`` (a file or the folder). The texts are written here, in English unless
the shape is about languages; nothing is committed. ``SHAPES`` names them;
``SMALL`` are the ones quick enough for the unit suite.
"""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.core.config import RAW_DATA_DIR, SOURCES_MANIFEST

ACTORS = ["Vladimir Putin", "Volodymyr Zelensky", "Donald Trump", "Steve Witkoff", "Dmitry Peskov", "Kirill Dmitriev"]
VERBS = ["said", "told reporters", "warned", "insisted", "argued"]
CLAIMS = ["the talks in Istanbul had made real progress", "the sanctions were hurting ordinary families",
          "a ceasefire was possible before winter", "the proposal was a dangerous trap",
          "the negotiations would continue next week", "the attack on the city was a terrible crime",
          "the new agreement was a great success for both sides", "nobody trusted the other side any more"]
SCENES = ["Delegations met again in Geneva on Tuesday.", "Shelling continued near the front line overnight.",
          "Energy prices rose sharply across Europe.", "Officials described the mood as cautious but constructive.",
          "The Kremlin dismissed the report as false.", "Kyiv asked its partners for more air defence systems."]

GERMAN = ("Die Verhandlungen in Genf wurden am Dienstag ohne Ergebnis abgebrochen. Die Delegationen wollen sich "
          "nach Angaben der Regierung in der nächsten Woche wieder treffen. Der Kanzler sagte, die Lage an der "
          "Front sei weiterhin sehr ernst und die Sanktionen würden verschärft. Die Opposition kritisierte die "
          "Regierung scharf und forderte mehr Unterstützung für die Ukraine.")
RUSSIAN = ("Переговоры в Женеве во вторник завершились без результата. По словам представителя правительства, "
           "делегации снова встретятся на следующей неделе. Путин заявил, что ситуация остается сложной, а "
           "санкции против России не достигли своей цели. Песков сообщил журналистам, что Кремль готов к диалогу.")
FRENCH = ("Les négociations à Genève se sont terminées mardi sans résultat. Selon le gouvernement, les délégations "
          "se retrouveront la semaine prochaine. Le président a déclaré que la situation restait très grave et que "
          "les sanctions seraient renforcées contre la Russie.")


def english_text(rng: random.Random, sentences: int = 8) -> str:
    """An English news text: scenes and attributed claims naming the actors, in two paragraphs."""
    lines = []
    for i in range(sentences):
        if i % 2:
            lines.append(rng.choice(SCENES))
        else:
            actor = rng.choice(ACTORS)
            claim = rng.choice(CLAIMS)
            lines.append(f'"{claim[0].upper()}{claim[1:]}," {actor} {rng.choice(VERBS)}.' if rng.random() < 0.5
                         else f"{actor} {rng.choice(VERBS)} that {claim}.")
    half = len(lines) // 2
    return " ".join(lines[:half]) + "\n\n" + " ".join(lines[half:])


def write_table(path: Path, rows: list[dict[str, object]]) -> Path:
    """``rows`` as a CSV (or JSON lines for ``.jsonl``) at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        return path
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def news_rows(outlets: list[str], per_outlet: int, *, seed: int = 0, dated: bool = True, sentences: int = 8,
              texts: Callable[[random.Random, int], str] | None = None) -> list[dict[str, object]]:
    """``per_outlet`` articles for each outlet: ``id``, ``source``, ``title``, ``date`` (when ``dated``), ``text``."""
    rng = random.Random(seed)
    rows = []
    for o, outlet in enumerate(outlets):
        for i in range(per_outlet):
            row: dict[str, object] = {"id": f"{outlet}-{i}", "source": outlet, "title": f"Report {i} from {outlet}"}
            if dated:
                row["date"] = f"2022-{3 + (i + o) % 6:02d}-{1 + (7 * i + o) % 27:02d}"
            row["text"] = texts(rng, i) if texts else english_text(rng, sentences)
            rows.append(row)
    return rows


# ---------------------------------------------------------------------------------- the shapes


def one_article(folder: Path) -> Path:
    """One capture, given as the file itself (no manifest beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(RAW_DATA_DIR / "004_1a873a9b7cb4f533.txt", folder / "article.txt"))


def one_outlet(folder: Path) -> Path:
    """One newspaper's archive: a CSV of 12 dated articles, all of one outlet."""
    return write_table(folder / "archive.csv", news_rows(["The Daily Record"], 12))


def no_manifest(folder: Path) -> Path:
    """The seed captures copied into a folder without their ``sources.csv``."""
    folder.mkdir(parents=True, exist_ok=True)
    for capture in sorted(RAW_DATA_DIR.glob("*.txt")):
        shutil.copy(capture, folder / capture.name)
    return folder


def no_dates(folder: Path) -> Path:
    """Three outlets, four articles each, and no date anywhere."""
    return write_table(folder / "undated.csv", news_rows(["Alpha News", "Beta Daily", "Gamma Wire"], 4, dated=False))


def all_dates_inferred(folder: Path) -> Path:
    """The seed captures with a manifest that marks every date as inferred."""
    no_manifest(folder)
    with SOURCES_MANIFEST.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["published_inferred"] = "true"
    write_table(folder / "sources.csv", rows)
    return folder


def outlet_folders(folder: Path) -> Path:
    """One sub-folder per outlet, plain-text captures inside, no manifest."""
    rng = random.Random(1)
    for outlet in ("Alpha News", "Beta Daily", "Gamma Wire"):
        for i in range(3):
            path = folder / outlet / f"story-{i}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"Story {i} of {outlet}\n\n{english_text(rng)}\n", encoding="utf-8")
    return folder


def mixed_formats(folder: Path) -> Path:
    """A capture, an HTML page, a CSV and a JSON-lines table in one folder, no manifest."""
    rng = random.Random(2)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(RAW_DATA_DIR / "001_59afda3a659f64a4.txt", folder / "capture.txt")
    paragraphs = "".join(f"<p>{p}</p>" for p in english_text(rng, 10).split("\n\n"))
    (folder / "page.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Talks resume in Geneva</title>"
        "<meta property='og:site_name' content='Delta Post'><meta name='date' content='2022-04-02'></head>"
        f"<body><article><h1>Talks resume in Geneva</h1>{paragraphs}</article></body></html>", encoding="utf-8")
    write_table(folder / "wire.csv", news_rows(["Epsilon Wire"], 3, seed=3))
    write_table(folder / "feed.jsonl", news_rows(["Zeta Online"], 3, seed=4))
    return folder


def template_briefs(n: int, *, outlets: int = 14, seed: int = 0) -> pd.DataFrame:
    """``n`` briefs of three of a dozen template sentences each (an articles table, ``outlets`` outlets, 90 days):
    most briefs share a MinHash band with most others, the near-duplicates' worst case (100,000 made 12 GB of
    candidate pairs before buckets were bounded)."""
    pick = random.Random(seed)
    templates = [f"The ministry said on {day} that {k} shells hit the {place} region overnight, officials reported."
                 for day, k, place in zip(["Monday", "Tuesday", "Wednesday", "Thursday"] * 3, range(3, 15),
                                          ["Kharkiv", "Donetsk", "Odesa"] * 4, strict=True)]
    return pd.DataFrame({"doc_id": [str(i) for i in range(n)], "source": [f"outlet {i % outlets}" for i in range(n)],
                         "published": pd.Timestamp("2022-03-01") + pd.to_timedelta([i % 90 for i in range(n)], unit="D"),
                         "text": [" ".join(pick.sample(templates, 3)) for _ in range(n)]})


def thirty_outlets(folder: Path) -> Path:
    """30 outlets of 3 to 8 dated articles each, in one CSV."""
    rows = []
    for o in range(30):
        rows += news_rows([f"Outlet {o + 1:02d} {'Times' if o % 2 else 'Herald'}"], 3 + o % 6, seed=o)
    return write_table(folder / "thirty.csv", rows)


def mixed_languages(folder: Path) -> Path:
    """Two English outlets, a German and a Russian outlet and one French article in an English outlet;
    no ``language`` column: every article's language is detected."""
    rows = news_rows(["Alpha News", "Beta Daily"], 4, seed=5)
    rows += news_rows(["Berliner Blatt"], 4, seed=6, texts=lambda rng, i: GERMAN)
    rows += news_rows(["Moskovsky Vestnik"], 4, seed=7, texts=lambda rng, i: RUSSIAN)
    rows[0]["text"] = FRENCH
    for i, row in enumerate(rows):  # each text its own, so none is dropped as a duplicate
        row["text"] = str(row["text"]).replace(".", f" ({i}).", 1)
    return write_table(folder / "languages.csv", rows)


def short_articles(folder: Path, n: int = 100_000) -> Path:
    """``n`` short dated articles (three sentences each), as briefs of real news: consecutive sentences of the shared
    corpus's articles, each brief with its article's outlet and date (14 outlets). Without ../shared, sentences of
    words drawn at random from the seed captures (briefs made of a few template sentences would all be near-duplicates
    of each other, which no real corpus is)."""
    import pandas as pd

    from analysis.core.config import SHARED_DIR

    shared = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
    rng = random.Random(8)
    rows: list[dict[str, object]] = []
    if shared.exists():
        table = pd.read_csv(shared, dtype=str, keep_default_na=False)
        for article in table.itertuples():
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", article.text) if len(s.split()) >= 5]
            for start in range(0, len(sentences) - 2, 3):
                rows.append({"id": str(len(rows)), "source": article.source, "date": article.date,
                             "title": f"Brief {len(rows)}", "text": " ".join(sentences[start:start + 3])})
                if len(rows) == n:
                    return write_table(folder / "short.csv", rows)
    words = sorted({w for capture in RAW_DATA_DIR.glob("*.txt") for w in re.findall(r"[A-Za-z]{3,}", capture.read_text())})
    while len(rows) < n:
        text = " ".join(" ".join(rng.choices(words, k=14)).capitalize() + "." for _ in range(3))
        rows.append({"id": str(len(rows)), "source": f"Outlet {1 + len(rows) % 12}",
                     "date": f"2022-{1 + len(rows) % 12:02d}-{1 + len(rows) % 28:02d}", "title": f"Brief {len(rows)}", "text": text})
    return write_table(folder / "short.csv", rows)


#: Every shape of the matrix, by name.
SHAPES: dict[str, Callable[[Path], Path]] = {
    "one_article": one_article,
    "one_outlet": one_outlet,
    "no_manifest": no_manifest,
    "no_dates": no_dates,
    "all_dates_inferred": all_dates_inferred,
    "outlet_folders": outlet_folders,
    "mixed_formats": mixed_formats,
    "thirty_outlets": thirty_outlets,
    "mixed_languages": mixed_languages,
    "short_articles": short_articles,
}
#: Shapes small enough to run every report on in the unit suite.
SMALL = ("one_article", "one_outlet", "no_manifest", "no_dates", "all_dates_inferred", "outlet_folders",
         "mixed_formats", "mixed_languages")


def run_notebook(notebook: Path, parameters: dict[str, object]) -> dict[str, object]:
    """Run ``notebook``'s code cells in this process, as papermill would (``parameters`` after its
    ``parameters`` cell), and return the namespace; the first failing cell raises with its number."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat

    namespace: dict[str, object] = {"__name__": "__main__"}
    cells = [cell for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]
    try:
        for number, cell in enumerate(cells):
            source = cell.source
            if "parameters" in cell.metadata.get("tags", []):
                source += "\n" + "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
            try:
                exec(compile(source, f"{notebook.stem}[{number}]", "exec"), namespace)  # noqa: S102
            except Exception as error:
                raise AssertionError(f"{notebook.name}, code cell {number}:\n{source}\n-> {type(error).__name__}: {error}") from error
    finally:
        plt.close("all")
    return namespace
