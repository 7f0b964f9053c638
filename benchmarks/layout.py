"""The layout's cost: a new board laid out, the screen idle while a session runs, and a
2,000-session festival's first frame.

    python benchmarks/layout.py [--runs 30] [--idle-seconds 125] [--quick]

Runs offscreen (it sets QT_QPA_PLATFORM=offscreen itself) and prints a Markdown table
with the commands and numbers (the "Layout" section of BENCHMARKS.md).

- *A new board laid out* (target: at most 50 ms, median, at 1920x1080): the time of
  ``ScreenWindow.show_board`` (the arrangement, every region's scene, the widgets placed),
  without painting, for the bundled day at 11.20, the multi-room test day at 11.00
  (six rooms) and the festival at 14.20 (38 rooms). "Cold" is a window that never laid
  out this schedule (its first frame); "next minute" is the tick a minute later, the
  same window (what the screen does all day). Painting is measured apart (``grab``).
- *Idle CPU while a session runs* (target: at most 0.5 % of a core): the screen of
  ``kiosk run --at 11:20`` (the real ticker, on a clock that runs at real speed, no
  cards), in this process, for ``--idle-seconds`` of wall time: process CPU time
  (user + system) per minute of wall time.
- *Festival first frame* (target: within 1.5 s): the wall time of ``kiosk snapshot``
  on the festival at 2024-06-13T14:20 (1920x1080), from process start to the PNG
  written: reading 2,000 sessions, the board, the layout and the first paint.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from festival import festival  # noqa: E402
from PySide6 import __version__ as pyside_version  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer, qVersion  # noqa: E402

from kiosk.board import BoardMaker, rotation  # noqa: E402
from kiosk.clock import RunningClock  # noqa: E402
from kiosk.reader import ReadResult, parse_schedule, read_schedule  # noqa: E402
from kiosk.screen.app import Screen  # noqa: E402
from kiosk.screen.picture import application, build_window  # noqa: E402
from kiosk.screen.source import FileSource  # noqa: E402
from kiosk.screen.window import ScreenWindow  # noqa: E402

AMSTERDAM = dt.timezone(dt.timedelta(hours=2))


def days() -> list[tuple[str, ReadResult, dt.datetime]]:
    real = read_schedule(ROOT / "schedule.yaml")
    multiroom = read_schedule(ROOT / "tests" / "data" / "multiroom.yaml")
    many = parse_schedule(festival(), source="festival.yaml")
    return [
        ("bundled day, 11.20", real, dt.datetime(2024, 4, 15, 11, 20, tzinfo=AMSTERDAM)),
        ("multi-room day, 11.00", multiroom,
         dt.datetime(2025, 3, 20, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
        ("festival, 14.20", many, dt.datetime(2024, 6, 13, 14, 20, tzinfo=AMSTERDAM)),
    ]


def window_for(result: ReadResult, size: tuple[int, int]) -> tuple[ScreenWindow, BoardMaker]:
    window, maker = build_window(result, None, None)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.setFixedSize(*size)
    window.show()
    return window, maker


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def layout_times(result: ReadResult, moment: dt.datetime, runs: int,
                 size: tuple[int, int] = (1920, 1080)) -> dict[str, list[float]]:
    """Milliseconds: a cold layout (a new window), the next minute's, and a paint."""
    cold: list[float] = []
    tick: list[float] = []
    paint: list[float] = []
    later = moment + dt.timedelta(minutes=1)
    for _ in range(runs):
        window, maker = window_for(result, size)
        board, following = maker.board(moment), maker.board(later)
        cold.append(timed(lambda w=window, b=board: w.show_board(b, rotation(moment, 12))))
        paint.append(timed(window.grab))
        tick.append(timed(lambda w=window, b=following: w.show_board(b, rotation(later, 12))))
        window.allow_close()
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents()
    return {"cold": cold, "next minute": tick, "paint": paint}


def pump(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def idle_cpu(seconds: float) -> float:
    """CPU seconds per minute of wall time of a screen showing a session (11.20)."""
    source_file = ROOT / "schedule.yaml"
    clock = RunningClock(dt.datetime(2024, 4, 15, 11, 20, tzinfo=AMSTERDAM), speed=1)
    screen = Screen(FileSource(source_file), read_schedule(source_file), clock, room=None)
    screen.window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    screen.window.resize(1920, 1080)
    screen.window.show()
    screen.start()
    pump(5)  # the first frame and the file watcher settle
    wall, cpu = time.monotonic(), time.process_time()
    pump(seconds)
    used = time.process_time() - cpu
    elapsed = time.monotonic() - wall
    screen.ticker.stop()
    screen.source.stop()
    screen.window.allow_close()
    screen.window.close()
    return used / elapsed * 60


def festival_first_frame(runs: int) -> list[float]:
    kiosk = Path(sys.executable).parent / "kiosk"
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        schedule = Path(folder) / "festival.yaml"
        schedule.write_text(festival(), encoding="utf-8")
        command = [str(kiosk), "snapshot", str(schedule), "--at", "2024-06-13T14:20",
                   "--output", str(Path(folder) / "festival.png")]
        subprocess.run(command, check=True, capture_output=True)  # warm the page cache
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return times


def spread(values: list[float], unit: str, digits: int = 1) -> str:
    return (f"**{statistics.median(values):.{digits}f} {unit}** "
            f"({min(values):.{digits}f}–{max(values):.{digits}f}, n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--idle-seconds", type=float, default=125.0)
    parser.add_argument("--quick", action="store_true", help="few runs, a short idle window")
    options = parser.parse_args()
    runs = 5 if options.quick else options.runs
    idle = 20.0 if options.quick else options.idle_seconds
    application()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                            capture_output=True, check=False).stdout.strip() or "?"
    lines = [
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, kiosk {commit}, "
        f"Python {platform.python_version()}, PySide6 {pyside_version} (Qt {qVersion()}), "
        f"{platform.machine()}, {os.cpu_count()} cores; "
        f"`{' '.join(['python', 'benchmarks/layout.py', *sys.argv[1:]])}`.",
        "",
        "| Figure | Result | Target |",
        "|---|---|---|",
    ]
    for name, result, moment in days():
        found = layout_times(result, moment, runs)
        lines += [
            f"| A new board laid out, 1920×1080, {name}: cold (first frame) | "
            f"{spread(found['cold'], 'ms')} | ≤ 50 ms |",
            f"| … the next minute's board, same window | "
            f"{spread(found['next minute'], 'ms')} | ≤ 50 ms |",
            f"| … painting it (`grab`) | {spread(found['paint'], 'ms')} | – |",
        ]
        sys.stdout.write("\n".join(lines) + "\n")
        lines = []
    per_minute = idle_cpu(idle)
    lines.append(f"| Idle CPU while a session runs (11.20, {idle:.0f} s of wall time) | "
                 f"**{per_minute:.3f} s/min** = {per_minute / 60 * 100:.2f} % of a core | "
                 f"≤ 0.5 % of a core |")
    frames = festival_first_frame(max(3, runs // 6))
    lines.append(f"| Festival (2,000 sessions) first frame: `kiosk snapshot` wall time | "
                 f"{spread(frames, 's', 2)} | ≤ 1.5 s |")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
