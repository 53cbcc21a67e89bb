"""Pin environment.yml's packages to the versions of uv.lock, so that conda installs what uv installs.

Run by ``make lock`` after ``uv lock``: every ``- name<op>version`` line of environment.yml's
dependencies whose package uv.lock holds becomes ``- name==<locked version>`` (of a package
locked at one version per Python range, the version for Python 3.11); other lines (python,
pip, comments) are kept as they are. Exits 1 naming any package of environment.yml the
lock lacks (a dependency added to one file but not the other).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<indent>\s*-\s+)(?P<name>[A-Za-z0-9_.\-]+)(?P<extras>\[[^\]]*\])?\s*(?P<spec>[<>=!~].*)?$")
NOT_LOCKED = {"python", "pip"}


def normalized(name: str) -> str:
    """A package name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def main() -> int:
    locked: dict[str, str] = {}
    for package in tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))["package"]:
        if "version" in package:  # a package locked at several versions (one per Python range) gets the oldest's,
            name = normalized(package["name"])  # the one uv installs on Python 3.11, the oldest supported
            locked[name] = min(locked.get(name, package["version"]), package["version"], key=_version_key)
    path = ROOT / "environment.yml"
    lines, missing, section = [], [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            section = line.split(":", 1)[0]
        found = LINE.match(line)
        if section == "dependencies" and found and found["name"] not in NOT_LOCKED:
            name = normalized(found["name"])
            if name in locked:
                line = f"{found['indent']}{found['name']}=={locked[name]}"
            else:
                missing.append(found["name"])
        lines.append(line)
    if missing:
        print(f"environment.yml names {missing}, which uv.lock does not hold: add them to pyproject.toml "
              "(or remove them from environment.yml) and run make lock again.", file=sys.stderr)
        return 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"environment.yml pinned to uv.lock ({len(locked)} locked packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
