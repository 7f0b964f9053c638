"""How fast kiosk reads programme exports, beside the same programme as schedule.yaml.

Generates (into a temporary folder) a 31C3-sized frab XML export (4 days, 4 rooms, about
140 events with real-length abstracts and descriptions, about 350 KB) and a 20-room,
3-day pretalx JSON export, each with the same programme as schedule.yaml, then measures
``kiosk check FILE`` as a user runs it (a new process, median of several runs) and the
reading alone, in-process. Targets (issue 10): the XML checked in at most 0.5 s, the JSON
in at most 1 s.

    .venv/bin/python benchmarks/formats.py [--runs 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from kiosk.reader import read_schedule  # noqa: E402
from support import format_programmes as gen  # noqa: E402
from support.timing import median_seconds  # noqa: E402

WORDS = ("harbour", "crane", "container", "tide", "quay", "rope", "knot", "buoy", "lighthouse",
         "ferry", "dock", "anchor", "signal", "chart", "compass", "beacon", "pier", "hull",
         "mast", "sail")
TARGETS = {"31c3-sized.xml": 0.5, "pretalx-20-rooms.json": 1.0}


def prose(seed: int, words: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(words)) + "."


def congress() -> gen.Programme:
    """4 days, 4 rooms, ~140 events, with abstracts of ~1,500 characters as 31C3 had."""
    programme = gen.generate(31, days=4, rooms=4, per_room=13)
    for session in programme.sessions():
        session.abstract = prose(session.id, 330)
        if session.id % 4 == 0:  # some write Markdown, as pretalx's editor does
            session.abstract += "\n\n* **bold** point\n* a [link](https://example.org)"
    return programme


def pretalx() -> gen.Programme:
    programme = gen.generate(20, days=3, rooms=20, per_room=10)
    for session in programme.sessions():
        session.abstract = prose(session.id, 80)
        if session.id % 4 == 0:
            session.abstract += "\n\n* **bold** point\n* a [link](https://example.org)"
    return programme


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    kiosk = Path(sys.executable).parent / "kiosk"
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        files: list[tuple[str, Path, int]] = []
        for name, programme, writer in (
            ("31c3-sized.xml", congress(), gen.frab_xml),
            ("pretalx-20-rooms.json", pretalx(), gen.pretalx_json),
        ):
            path = Path(folder) / name
            path.write_text(writer(programme), encoding="utf-8")
            same = path.with_suffix(".yaml")
            same.write_text(gen.yaml_of(programme), encoding="utf-8")
            count = len(programme.sessions())
            files += [(name, path, count), (f"  same as YAML ({name})", same, count)]
        for label, path, count in files:
            read_schedule(path)  # warm the file cache and the imports
            check = median_seconds(lambda p=path: subprocess.run(
                [str(kiosk), "check", str(p)], check=True, capture_output=True), options.runs)
            read = median_seconds(lambda p=path: read_schedule(p), options.runs)
            target = TARGETS.get(label)
            verdict = "" if target is None else ("met" if check <= target else "MISSED")
            rows.append((label, count, path.stat().st_size // 1024, check, read, target, verdict))
    print(f"{'file':42} {'sessions':>8} {'KiB':>6} {'check':>8} {'read':>8} {'target':>7}")  # noqa: T201
    for label, count, size, check, read, target, verdict in rows:
        shown = f"{target:.1f} s" if target is not None else ""
        print(f"{label:42} {count:8d} {size:6d} {check:7.3f}s {read:7.3f}s {shown:>7} "  # noqa: T201
              f"{verdict}")
    return 0 if all(v != "MISSED" for *_, v in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
