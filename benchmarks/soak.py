"""Soak, the long run: a real screen plays a generated 3-day festival at rehearsal speed
for days of event time, while its schedule file is saved, broken, deleted and restored,
its clock jumps and its window changes shape (the driver is tests/support/soak.py, which
the short soak of the test suite runs too; its docstring says how it drives the screen).

    python benchmarks/soak.py [--days-of-event N] [--minutes M] [--rooms R] [--sessions S]
                              [--speakers P] [--seed K] [--max-steps N] [--tracemalloc]

Runs offscreen (it sets QT_QPA_PLATFORM=offscreen itself), prints a summary and exits
with status 1 if anything went wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from array import array
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QtMsgType,
    qInstallMessageHandler,
    qVersion,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import kiosk  # noqa: E402
from kiosk.screen.picture import application  # noqa: E402
from support.soak import MAX_GROWTH_MB, SoakOptions, SoakReport, soak  # noqa: E402


def _percentile(values: array[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def source_state() -> str:
    """The commit, and the files of src/ that differ from it (the code this run loaded)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], capture_output=True, text=True, check=False,
                                  cwd=ROOT).stdout.strip()
        except OSError:
            return ""
    commit = git("rev-parse", "--short", "HEAD") or "?"
    changed = git("status", "--porcelain", "--", "src").splitlines()
    return commit + (f" + changes to {', '.join(line[3:] for line in changed)}" if changed
                     else ", src/ as committed")


def summary(report: SoakReport, options: SoakOptions, qt_warnings: list[str],
            log_warnings: int, command: str, source: str) -> list[str]:
    actions = report.actions
    invalid = ", ".join(f"{name.split(': ')[1]} {count}" for name, count in sorted(actions.items())
                        if name.startswith("invalid: "))
    lines = [
        f"command:        {command}",
        f"date:           {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"versions:       kiosk {kiosk.__version__} ({source}), Python "
        f"{platform.python_version()}, PySide6 {pyside_version}, Qt {qVersion()}, "
        f"{platform.platform()}",
        f"festival:       {options.days} days, {options.rooms} rooms, {options.sessions} "
        f"sessions, {options.speakers} speakers (seed {options.seed}); screens: lobby"
        + (f" + door of {options.door}" if options.door else ""),
        f"clock:          ×{options.speed:g} while the event loop runs {options.run_ms} ms per "
        f"step; steps of {options.step_minutes[0]}-{options.step_minutes[1]} min",
        f"steps:          {report.steps} ({report.warm_up_steps} warm-up), sampled moments "
        f"checked: {sum(sum(c.values()) for c in report.modes.values())}",
        f"event time:     {report.event_time.total_seconds() / 86400:.1f} days after the "
        f"warm-up, {actions['rewind']} rewinds to the evening before",
        f"wall time:      {report.wall_seconds / 60:.1f} min ({report.warm_up_seconds / 60:.1f} "
        f"warm-up)",
        f"saves:          {actions['save']} valid, {actions['restore']} restores after a "
        f"deletion, {actions['f5']} F5",
        f"broken saves:   {actions['invalid']} ({invalid}), {actions['delete']} deletions",
        f"reads:          {actions['taken']} taken, {actions['refused']} refused (by the "
        f"reader, as the screens must: a half-written file can be a valid schedule)",
        f"jumps:          {actions['jump']}",
        f"resizes:        {actions['resize']} (1920x1080, 1080x1920, 1280x720)",
    ]
    for name, modes in report.modes.items():
        lines.append(f"modes ({name}):".ljust(16) + ", ".join(
            f"{mode} {count}" for mode, count in modes.most_common()))
    lines += [
        f"tick+layout:    median {statistics.median(report.tick_ms or [0]):.0f} ms, p95 "
        f"{_percentile(report.tick_ms, 0.95):.0f} ms, max {max(report.tick_ms or [0]):.0f} ms",
        f"save shown in:  median {statistics.median(report.save_ms or [0]):.0f} ms, max "
        f"{max(report.save_ms or [0]):.0f} ms; reads beyond one per save: "
        f"{report.extra_reads}",
        f"RSS:            start {report.rss_start:.1f} MB, baseline {report.rss_baseline:.1f} MB "
        f"(after the warm-up), end {report.rss_end:.1f} MB, peak {report.rss_peak:.1f} MB; "
        f"growth {report.growth_mb:+.1f} MB (limit {MAX_GROWTH_MB:g})",
        "RSS per pass:   " + (", ".join(f"{mb:.1f}" for mb in report.rss_passes) or "-")
        + " MB (at the end of each pass after the baseline, in the same state)",
        "QObjects:       " + ", ".join(f"{name} {start} -> {end}"
                                       for name, (start, end) in report.objects.items()),
        f"Python objects: {report.python_objects[0]} -> {report.python_objects[1]}",
        f"exceptions:     {len(report.exceptions)}",
        f"Qt warnings:    {len(qt_warnings)}",
        f"log warnings:   {log_warnings} (kiosk's own: refused saves, clock jumps)",
        f"squeezed:       {sum(report.squeezed.values())} sampled boards did not fit although "
        f"a denser level was left" + "".join(f"; {where}: {count}" for where, count
                                             in sorted(report.squeezed.items())),
        *[f"  {where}" for where in report.squeezed_at],
        f"overfull:       {sum(report.overfull.values())} did not fit at the densest level"
        + "".join(f"; {where}: {count}" for where, count in sorted(report.overfull.items())),
        f"wrong screens:  {report.failure_count}",
    ]
    lines += [f"  {failure}" for failure in report.failures]
    lines += [f"  Qt: {message}" for message in qt_warnings[:10]]
    lines += [f"  {text}" for text in report.exceptions[:5]]
    if report.heap_growth:
        lines.append("Python heap growth (tracemalloc, top lines):")
        lines += [f"  {stat}" for stat in report.heap_growth]
    return lines


def main(argv: list[str] | None = None) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    source = source_state()  # as close as can be to when kiosk was imported
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--days-of-event", type=float, default=7.0,
                        help="event time to play after the warm-up, in days (default 7)")
    parser.add_argument("--minutes", type=float, default=10.0,
                        help="wall time to run after the warm-up, at least (default 10)")
    parser.add_argument("--rooms", type=int, default=40)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=800)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also compare the Python heap (slower)")
    args = parser.parse_args(argv)
    options = SoakOptions(rooms=args.rooms, sessions=args.sessions, speakers=args.speakers,
                          seed=args.seed, event_days=args.days_of_event,
                          wall_minutes=args.minutes, max_steps=args.max_steps,
                          tracemalloc=args.tracemalloc)
    qt_warnings: list[str] = []

    def on_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            qt_warnings.append(message[:500])

    class Count(logging.Handler):
        warnings = 0

        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                Count.warnings += 1

    logger = logging.getLogger("kiosk")
    logger.addHandler(Count())
    logger.propagate = False
    qInstallMessageHandler(on_message)
    application()
    command = " ".join(["python", "benchmarks/soak.py", *(argv or sys.argv[1:])])
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as folder:
        report = soak(Path(folder), options)
    lines = summary(report, options, qt_warnings, Count.warnings, command, source)
    ok = (not report.failure_count and not report.exceptions and not qt_warnings
          and report.growth_mb < MAX_GROWTH_MB)
    lines.append(f"result:         {'PASS' if ok else 'FAIL'}")
    sys.stdout.write("\n".join(lines) + "\n")
    QCoreApplication.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
