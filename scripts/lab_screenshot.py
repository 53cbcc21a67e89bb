"""Open a notebook in JupyterLab in headless Chromium, run it, and check that its charts are not stretched.

Run: ``.venv/bin/python scripts/lab_screenshot.py [notebooks/explore.ipynb] --out /tmp/news-lab``.

Starts JupyterLab on the loopback interface (a private token, no browser of its own, the app
exposed to the page's scripts), opens the notebook in Chromium (see ``screenshots.py``), runs
every cell through JupyterLab's own command, waits for the images, then prints each image's
natural size (its pixels) and the size JupyterLab shows it at, saves a screenshot, and exits 1
when an image is shown wider than it was drawn (stretched: blurred, with oversized text).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import Page, browser, find_chromium  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
IMAGES = """(() => Array.from(document.querySelectorAll('.jp-OutputArea img, .jp-OutputArea .widget-image'))
  .filter(img => img.naturalWidth > 0)
  .map(img => ({natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
                styled: img.style.width || '', cell: img.closest('.jp-Cell') ? 1 : 0})))()"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_lab(port: int, token: str, home: Path) -> subprocess.Popen:
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), MPLBACKEND="module://matplotlib_inline.backend_inline")
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
               f"--ServerApp.root_dir={PROJECT}", "--ServerApp.allow_root=True"]
    lab = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2):
                return lab
        except OSError:
            time.sleep(0.5)
    lab.terminate()
    raise RuntimeError("JupyterLab did not answer within 60 s")


def _evaluate(page: Page, expression: str) -> object:
    result = page.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
    return result.get("result", {}).get("value")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", default="notebooks/explore.ipynb", help="notebook, relative to the project")
    parser.add_argument("--out", type=Path, default=Path("/tmp/news-lab"), help="where the screenshot goes")
    parser.add_argument("--width", type=int, default=1600, help="browser width in CSS pixels (default 1600)")
    parser.add_argument("--wait", type=float, default=180, help="seconds to wait for the images (default 180)")
    args = parser.parse_args(argv)
    port, token = _free_port(), secrets.token_hex(16)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lab-home-") as home:
        lab = _start_lab(port, token, Path(home))
        try:
            with browser(find_chromium()) as devtools:
                page = Page(devtools)
                page.call("Page.enable")
                page.call("Emulation.setDeviceMetricsOverride", width=args.width, height=1400, deviceScaleFactor=1,
                          mobile=False)
                page.call("Page.navigate", url=f"http://127.0.0.1:{port}/lab/tree/{args.notebook}?token={token}")
                page.wait_for("Page.loadEventFired")
                deadline = time.monotonic() + 60
                while not _evaluate(page, "!!(window.jupyterapp && document.querySelector('.jp-Notebook'))"):
                    if time.monotonic() > deadline:
                        raise RuntimeError("the notebook did not open in JupyterLab within 60 s")
                    time.sleep(1)
                time.sleep(3)  # the kernel starts
                _evaluate(page, "window.jupyterapp.commands.execute('notebook:run-all-cells')")
                deadline, images = time.monotonic() + args.wait, []
                while time.monotonic() < deadline:
                    images = _evaluate(page, IMAGES) or []
                    if images and not _evaluate(page, "!!document.querySelector('.jp-InputArea-prompt')?.textContent"
                                                      ".includes('*')"):
                        break
                    time.sleep(2)
                time.sleep(2)
                images = _evaluate(page, IMAGES) or []
                shot = args.out / f"{Path(args.notebook).stem}-lab.png"
                height = int(page.call("Page.getLayoutMetrics")["cssContentSize"]["height"])
                shot.write_bytes(page.capture(0, args.width, min(height, 4000)))
                page.close()
        finally:
            lab.terminate()
            lab.wait(timeout=20)
    print(json.dumps(images, indent=1))
    stretched = [image for image in images if image["shown"] > image["natural"] + 1 or
                 (image["styled"].endswith("px") and image["shown"] > float(image["styled"][:-2]) + 1)]
    print(f"{len(images)} image(s); stretched: {len(stretched)}; screenshot: {shot}")
    return 1 if stretched or not images else 0


if __name__ == "__main__":
    sys.exit(main())
