"""Near-duplicates at scale: template briefs of 4,000 to 64,000 articles, and the shared corpus with and without the
bucket limit.

Run: ``.venv/bin/python benchmarks/bench_duplicates.py [--sizes 4000 16000 64000]``. In one run:

1. Briefs of three of a dozen template sentences each (the shape that once made 12 GB of candidate pairs: most
   briefs share a MinHash band with most others), ``near_duplicates`` in a fresh subprocess per size: wall
   seconds and peak resident memory, and each size's seconds per article as a ratio to the smallest size's
   (linear time: about 1; all pairs: the size ratio).
2. The shared 13k corpus (skipped when ../shared is absent): ``near_duplicates`` with the default
   ``BUCKET_LIMIT`` and with a limit larger than any bucket (every pair of a bucket proposed), seconds of both
   and whether the two tables are identical.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

from analysis.core.config import PROJ_ROOT

sys.path.insert(0, str(PROJ_ROOT))
from tests.shapes import template_briefs  # noqa: E402

SHARED_CORPUS = PROJ_ROOT.parent / "shared" / "corpus" / "ukraine_war_news_2022"


def _one_size(n: int) -> dict[str, float]:
    from analysis.io.duplicates import near_duplicates

    articles = template_briefs(n)
    start = time.perf_counter()
    dups = near_duplicates(articles)
    return {"n": n, "seconds": time.perf_counter() - start, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "groups": int(dups["dup_group"].nunique()), "reprints": int(dups["is_reprint"].sum())}


def briefs(sizes: list[int]) -> None:
    print("== template briefs (a fresh process per size)")
    rows = []
    for n in sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    base = rows[0]["seconds"] / rows[0]["n"]
    for row in rows:
        print(f"{row['n']:>8,} briefs  {row['seconds']:7.1f} s  peak {row['peak_mib']:6.0f} MiB  "
              f"s/article x{row['seconds'] / row['n'] / base:5.2f} of {rows[0]['n']:,}  "
              f"groups {row['groups']:,}  reprints {row['reprints']:,}")


def shared() -> None:
    if not SHARED_CORPUS.exists():
        print("== shared corpus: skipped (../shared is absent)")
        return
    import analysis
    from analysis.io import duplicates

    articles = analysis.load_corpus(SHARED_CORPUS, on_error="skip", progress=False)
    tables = {}
    for limit in (duplicates.BUCKET_LIMIT, len(articles)):
        duplicates.BUCKET_LIMIT = limit
        start = time.perf_counter()
        tables[limit] = duplicates.near_duplicates(articles)
        print(f"== shared corpus, {len(articles):,} articles, bucket limit {limit:,}: {time.perf_counter() - start:.1f} s, "
              f"{int((tables[limit]['group_size'] > 1).sum()):,} articles in groups, {int(tables[limit]['is_reprint'].sum())} reprints")
    first, every = tables.values()
    print(f"tables identical: {first.equals(every)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 16000, 64000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one_size(args.one)))
        return
    briefs(args.sizes)
    shared()


if __name__ == "__main__":
    main()
