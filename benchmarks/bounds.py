"""The bound on the slowest valid input: the time to read and to draw the largest files
kiosk accepts (issue 12), each as the screen meets it.

- the largest schedule.yaml ``kiosk check`` accepts: 1 MiB of sessions whose every text is
  as long as the schema allows (tests/support/fuzz.py ``longest_texts``);
- the schedule.yaml with the most sessions: 1 MiB of short ones (a generated festival of
  a week in 60 rooms, tests/support/festival.py), the most nodes for the reader;
- the largest imported export: a frab XML of about 20 MiB (tests/support/format_programmes).

For each: reading it (kiosk.reader, in-process, median of several runs) and drawing the
busiest moment of its day at 1920x1080 (kiosk.screen.picture.render, the snapshot's path).
The screen reads in its worker thread (kiosk.screen.reading), so reading never stops the
clock or the fades; drawing happens in the UI thread and is bounded by what fits.

    .venv/bin/python benchmarks/bounds.py [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from kiosk.formats import MAX_IMPORT_BYTES  # noqa: E402
from kiosk.reader import MAX_BYTES, ReadResult, read_schedule  # noqa: E402
from kiosk.screen.picture import render  # noqa: E402
from support import format_programmes as gen  # noqa: E402
from support import fuzz  # noqa: E402
from support.festival import festival  # noqa: E402
from support.timing import median_seconds  # noqa: E402


def largest_export(limit: int) -> str:
    """A frab XML export just under ``limit`` bytes: many rooms, long abstracts."""
    words = "harbour crane container tide quay rope knot buoy lighthouse ferry dock anchor "
    programme = gen.generate(7, days=6, rooms=40, per_room=14)
    for session in programme.sessions():
        session.abstract = (words * 40)[:2400]
    text = gen.frab_xml(programme)
    while len(text.encode()) < limit * 0.9:  # more days until it is about the limit
        programme = gen.generate(7, days=len(programme.days) + 2, rooms=40, per_room=14)
        for session in programme.sessions():
            session.abstract = (words * 40)[:2400]
        text = gen.frab_xml(programme)
    return text


def most_sessions(limit: int) -> str:
    """A festival of as many short sessions as fit in ``limit`` bytes."""
    sessions, text = 1000, festival(sessions=1000)
    while True:
        more = festival(days=7, rooms=60, sessions=sessions + 250)
        if len(more.encode()) > limit:
            return text
        sessions, text = sessions + 250, more


def busiest(result: ReadResult) -> dt.datetime:
    """The moment of the first day with the most sessions running."""
    day = result.schedule.days[0]
    starts = sorted({s.start for s in day.sessions})
    return max(starts, key=lambda moment: sum(s.start <= moment < s.end
                                              for s in day.sessions)) + dt.timedelta(minutes=5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bounds-"))
    files = {
        "schedule.yaml, every text at its limit": (folder / "schedule.yaml",
                                                   fuzz.longest_texts(MAX_BYTES), MAX_BYTES),
        "schedule.yaml, short sessions": (folder / "festival.yaml", most_sessions(MAX_BYTES),
                                          MAX_BYTES),
        "frab XML export": (folder / "export.xml", largest_export(MAX_IMPORT_BYTES),
                            MAX_IMPORT_BYTES),
    }
    out = sys.stdout
    out.write("| file | size | limit | read | draw (1920×1080) |\n|---|--:|--:|--:|--:|\n")
    for name, (path, text, limit) in files.items():
        path.write_text(text, encoding="utf-8")
        read = median_seconds(lambda path=path: read_schedule(path), runs)
        result = read_schedule(path)
        moment = busiest(result)
        draw = median_seconds(lambda result=result, path=path, moment=moment:
                       render(result, path, moment, (1920, 1080))[1].close(), runs)
        out.write(f"| {name} ({len(result.schedule.sessions):,} sessions) | "
                  f"{path.stat().st_size / 2**20:.1f} MiB | {limit / 2**20:.0f} MiB | "
                  f"{read:.2f} s | {draw:.2f} s |\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
