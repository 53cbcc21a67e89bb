"""Screenshot every page of rendered runs in headless Chromium, as a reader's browser shows them.

Run: ``.venv/bin/python scripts/screenshots.py RUN_DIR [RUN_DIR ...] --out /tmp/news-screenshots``
(``make screenshots`` renders the seed corpus and a fixed 2,000-article sample first).

Each HTML page of a run (``index.html`` and one per report) is opened at a
desktop width and captured top to bottom in tiles of ``--tile`` pixels
(``<run>/<page>-01.png``, ``-02.png``…), so a long report can be read tile by tile.
Chromium is driven over the DevTools protocol (``websocket-client``, a Jupyter
dependency); it runs with a fresh, empty profile, no network services and no
sandbox. While a page is open the browser measures what only a browser can:
tables wider than their box or the page, and concordance contexts whose text is
wider than the cell that clips it (a word cut on screen); the measurements are
written to ``<out>/<run>/layout.json``. Then :func:`analysis.reports.audit.audit_run`
checks each run (with the articles and fragment report of the corpus it names in
``run.json``, and the measurements) and its findings are printed; the exit status
is 1 when a check fails.
"""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import websocket

from analysis import read_corpus
from analysis.reports.audit import audit_run

#: What the browser measures on each page (see the module docstring); returns a list of findings as dicts.
MEASURE = """
(() => {
  const found = [], page = document.documentElement.clientWidth;
  document.querySelectorAll("table").forEach((table, i) => {
    const box = table.closest("div.rt") || table.parentElement;
    const head = table.querySelector("th");
    const name = (box && box.id) || (head ? head.textContent.trim() : "table " + (i + 1));
    const right = table.getBoundingClientRect().right;
    if (table.scrollWidth > box.clientWidth + 1 || right > page + 1) {
      found.push({kind: "wide table", table: name, width: Math.round(table.scrollWidth),
                  box: Math.round(Math.min(box.clientWidth, page))});
    }
  });
  let cut = 0, example = "";
  document.querySelectorAll(".rt.kwic td.kwic-left, .rt.kwic td.kwic-right").forEach((cell) => {
    if (cell.offsetParent === null) return;
    const inner = cell.firstElementChild || cell;
    if (inner.scrollWidth > inner.clientWidth + 1 || cell.scrollWidth > cell.clientWidth + 1) {
      cut += 1; if (!example) example = cell.textContent.trim();
    }
  });
  if (cut) found.push({kind: "cut context", count: cut, text: example});
  return found;
})()
"""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--remote-debugging-port=0"]


def find_chromium() -> str:
    """The Chromium executable (Debian's ``chromium`` package), or exit saying how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("No Chromium found: install it with `apt-get install -y chromium`.")


@contextmanager
def browser(executable: str) -> Iterator[str]:
    """Start headless Chromium with an empty profile; yield its DevTools HTTP address; stop it."""
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
    process = subprocess.Popen([executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        for _ in range(200):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("Chromium did not open its DevTools port within 20 s")
        yield f"http://127.0.0.1:{port_file.read_text().split()[0]}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


class Page:
    """One browser tab spoken to over the DevTools protocol."""

    def __init__(self, devtools: str) -> None:
        request = urllib.request.Request(f"{devtools}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(request, timeout=10) as response:
            target = json.load(response)
        self.socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.ids = itertools.count(1)

    def call(self, method: str, **params: object) -> dict:
        """Send one command and return its result, skipping the events that arrive meanwhile."""
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, event: str) -> None:
        while json.loads(self.socket.recv()).get("method") != event:
            pass

    def open(self, path: Path, width: int) -> int:
        """Load ``path`` at ``width`` CSS pixels; return the page's full height."""
        self.call("Page.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=1000, deviceScaleFactor=1, mobile=False)
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")
        time.sleep(0.5)  # the tables' script and image decoding
        return int(self.call("Page.getLayoutMetrics")["cssContentSize"]["height"])

    def measure(self) -> list[dict]:
        """The page's layout faults as the browser lays it out (:data:`MEASURE`)."""
        result = self.call("Runtime.evaluate", expression=MEASURE, returnByValue=True)
        return result.get("result", {}).get("value") or []

    def capture(self, top: int, width: int, height: int) -> bytes:
        clip = {"x": 0, "y": top, "width": width, "height": height, "scale": 1}
        result = self.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)
        return base64.b64decode(result["data"])

    def close(self) -> None:
        self.socket.close()


def _pages(run: Path) -> list[Path]:
    """The HTML pages of a run: the index, the reports, and the pages reports wrote into their folders (one per outlet)."""
    pages = sorted(run.glob("*.html"), key=lambda p: (p.name != "index.html", p.name))
    return pages + sorted(run.glob("*/*.html"))


def screenshot_run(devtools: str, run: Path, out: Path, *, width: int, tile: int) -> dict[str, list[dict]]:
    """Capture every HTML page of ``run`` into ``out/<run name>/`` and measure its layout; return the measurements
    by page (also written to ``out/<run name>/layout.json``)."""
    folder = out / run.name
    folder.mkdir(parents=True, exist_ok=True)
    layout: dict[str, list[dict]] = {}
    for page_file in _pages(run):
        page = Page(devtools)
        name = page_file.relative_to(run).as_posix()
        try:
            height = page.open(page_file, width)
            layout[name] = page.measure()
            stem = name.removesuffix(".html").replace("/", "--")
            for number, top in enumerate(range(0, height, tile), 1):
                png = folder / f"{stem}-{number:02d}.png"
                png.write_bytes(page.capture(top, width, min(tile, height - top)))
        finally:
            page.close()
        print(f"{page_file.relative_to(run.parent)}: {height:,} px tall, {-(-height // tile)} tile(s)")
    (folder / "layout.json").write_text(json.dumps(layout, indent=1, ensure_ascii=False), encoding="utf-8")
    return layout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, help="rendered run folders (each with an index.html)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/news-screenshots"), help="where the PNGs go")
    parser.add_argument("--width", type=int, default=1280, help="browser width in CSS pixels (default 1280)")
    parser.add_argument("--tile", type=int, default=1600, help="height of one screenshot in pixels (default 1600)")
    args = parser.parse_args(argv)
    missing = [str(run) for run in args.runs if not (run / "index.html").is_file()]
    if missing:
        sys.exit(f"not a rendered run (no index.html): {', '.join(missing)}")
    layouts = {}
    with browser(find_chromium()) as devtools:
        for run in args.runs:
            layouts[run] = screenshot_run(devtools, run, args.out, width=args.width, tile=args.tile)
    failed = False
    for run in args.runs:
        corpus = json.loads((run / "run.json").read_text(encoding="utf-8"))["corpus"]
        loaded = read_corpus(corpus, on_error="skip", progress=False)
        findings = audit_run(run, loaded.articles, fragments=loaded.fragments, layout=layouts[run])
        print(f"\n{run}: {'every check passed' if not findings else f'{len(findings)} problem(s)'}")
        for finding in findings:
            print(f"  - {finding}")
        failed |= bool(findings)
    print(f"\nScreenshots in {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
