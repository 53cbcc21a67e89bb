"""Write a fixed sample of the shared 13,028-article corpus as a small CSV outside the repository.

Run: ``.venv/bin/python scripts/sample_corpus.py [--n 2000] [--out /tmp/news-samples]``.

The sample is the ``n`` articles whose id has the smallest SHA-256 digest, so it
is the same on every machine and with every pandas version (no random state).
It keeps the corpus's own columns; ``load_corpus`` reads it as a table. The
shared corpus stays where it is: this writes only to ``--out`` (never into the
repository; the texts belong to their outlets).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import pandas as pd

from analysis.core.config import SHARED_DIR

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
DEFAULT_OUT = Path("/tmp/news-samples")


def fixed_sample(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` rows of ``table`` whose ``id`` has the smallest SHA-256 digest, in id order."""
    digest = table["id"].astype(str).map(lambda i: hashlib.sha256(i.encode()).hexdigest())
    return table.loc[digest.sort_values(kind="stable").index[:n]].sort_values("id", ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles in the sample (default 2000)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder to write to (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: the shared corpus lives beside the checkout (../shared).", file=sys.stderr)
        return 1
    out = args.out.resolve()
    if out.is_relative_to(Path(__file__).resolve().parents[1]):
        print(f"{out} is inside the repository; the shared texts must not be copied there.", file=sys.stderr)
        return 1
    sample = fixed_sample(pd.read_csv(CORPUS), args.n)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"ukraine_war_news_{args.n}.csv"
    sample.to_csv(path, index=False)
    counts = sample["source"].value_counts()
    print(f"{path}: {len(sample):,} articles, {len(counts)} sources, {sample['date'].min()} to {sample['date'].max()}")
    print(", ".join(f"{s} {n}" for s, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
