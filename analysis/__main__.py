"""Command line: ``python -m analysis render [--corpus PATH] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys

from analysis.render import render_reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="render every report notebook to HTML")
    render.add_argument("--corpus", help="corpus file or folder (default: data/raw)")
    render.add_argument("--out", help="output folder (default: reports/<corpus folder name>)")
    args = parser.parse_args(argv)
    out = render_reports(corpus=args.corpus, out=args.out)
    print(f"Reports written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
