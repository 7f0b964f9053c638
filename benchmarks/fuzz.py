"""Fuzzing the schedule reader, the long run: the generators and the property of
tests/support/fuzz.py (shared with the short run in tests/test_fuzz.py), for minutes.

    python benchmarks/fuzz.py [--minutes N] [--seed S] [--out FILE]

The property (``check``): ``parse_schedule`` returns a ReadResult or raises its own
ScheduleError, every problem at a line and column inside the text (and, where a message
names a character or a key, that character or key stands there), within a time bound
(:func:`time_bound`), never any other exception.

The long run feeds it, until N minutes (default 10) are up, batches of five kinds of
documents, each on both YAML loaders (libyaml's C parser and PyYAML's pure-Python one):

  mutated          the real schedule.yaml after careless edits: lines dropped, doubled,
                   swapped and re-indented, characters flipped, typed or deleted (tabs,
                   colons, quotes, & * # - [ {, non-ASCII, NUL, U+2028, BOM), CR or CRLF
                   line ends, other encodings;
  random-yaml      random trees of mappings, lists and scalars, keys often the real names;
  schedule-shaped  random schedules (event, speakers, sessions or days, announcements,
                   display) whose values are mostly plausible, sometimes anything;
  bytes            random bytes, and the real file with random bytes spliced in;
  hostile          billion laughs, 10,000-deep nesting, files of 1 MiB and 1 MiB + 1 byte,
                   1 MiB lines and values, tens of thousands of keys, aliases, anchors and
                   unknown speakers ("did you mean" against thousands of names).

It uses hypothesis (one seeded run per batch, so a failure is shrunk to a small example),
measures every document's time, samples the Python heap peak (tracemalloc) of some, prints
a Markdown summary (also written to FILE with --out) and exits with status 1 if any
document broke the property.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import hypothesis
import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from kiosk.reader import MAX_BYTES, ScheduleError, parse_schedule  # noqa: E402
from support.fuzz import (  # noqa: E402
    HOSTILE,
    HOSTILE_FULL,
    LOADERS,
    Data,
    Outcome,
    check,
    hostile_documents,
    mutated_schedules,
    photo_folder,
    random_bytes,
    random_yaml_documents,
    shaped_documents,
    size_of,
    using_loader,
)


def time_bound(size: int, loader: str) -> float:
    """Seconds a document of ``size`` bytes may take: 2 s, plus 3 s per MiB on libyaml or
    25 s per MiB on the pure-Python parser (several times slower). The slowest documents
    of the last long run are in benchmarks/FUZZ_RESULT.md: about a quarter of the bound."""
    per_mib = 3.0 if loader == "libyaml" else 25.0
    return 2.0 + per_mib * size / MAX_BYTES


# -- the long run -------------------------------------------------------------------------


KINDS: dict[str, Callable[[], st.SearchStrategy[tuple[str, Data]]]] = {
    "mutated": lambda: mutated_schedules().map(lambda data: ("", data)),
    "random-yaml": lambda: random_yaml_documents(20_000).map(lambda data: ("", data)),
    "schedule-shaped": lambda: shaped_documents().map(lambda data: ("", data)),
    "bytes": lambda: random_bytes().map(lambda data: ("", data)),
    "hostile": hostile_documents,
}
BATCH = {"mutated": 300, "random-yaml": 300, "schedule-shaped": 300, "bytes": 300,
         "hostile": 12}
"""Examples per hypothesis run; hostile documents are up to 1 MiB, the others small."""
MEMORY_EVERY = {"hostile": 3}
"""Measure the heap peak (tracemalloc, slow) of every n-th document of a kind (default 25)."""


@dataclass
class Tally:
    tried: int = 0
    valid: int = 0
    rejected: int = 0
    slowest: float = 0.0
    slowest_what: str = ""
    slowest_size: int = 0
    peak: int = 0
    peak_what: str = ""
    sampled: int = 0
    biggest: int = 0


@dataclass
class Failure:
    kind: str
    loader: str
    what: str
    document: str
    error: str


@dataclass
class HandMade:
    name: str
    loader: str
    size: int
    valid: bool
    seconds: float
    peak: int


@dataclass
class Report:
    hand_made: list[HandMade] = field(default_factory=list)
    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    hostile: dict[tuple[str, str], Tally] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    batches: int = 0


def _record(tally: Tally, outcome: Outcome, size: int, what: str) -> None:
    tally.tried += 1
    tally.valid += outcome.valid
    tally.rejected += not outcome.valid
    tally.biggest = max(tally.biggest, size)
    if outcome.seconds > tally.slowest:
        tally.slowest, tally.slowest_what, tally.slowest_size = outcome.seconds, what, size


def heap_peak(data: Data, folder: Path | None) -> int:
    """The Python heap's peak while reading ``data``, in bytes."""
    tracemalloc.start()
    try:
        with contextlib.suppress(ScheduleError):
            parse_schedule(data, source="fuzz.yaml", folder=folder)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run_batch(kind: str, loader: str, batch_seed: int, report: Report, folder: Path) -> None:
    """One seeded hypothesis run of ``BATCH[kind]`` documents of ``kind`` on ``loader``."""
    tally = report.tallies.setdefault((kind, loader), Tally())
    every = MEMORY_EVERY.get(kind, 25)
    last: dict[str, tuple[str, Data]] = {}

    @settings(max_examples=BATCH[kind], database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=(Phase.generate, Phase.shrink),
              report_multiple_bugs=False)
    @seed(batch_seed)
    @given(KINDS[kind](), st.booleans())
    def run(document: tuple[str, Data], in_folder: bool) -> None:
        what, data = document
        last["document"] = document
        size = size_of(data)
        where = folder if in_folder else None
        with using_loader(loader):
            outcome = check(data, where, time_bound(size, loader))
            _record(tally, outcome, size, what or kind)
            if what:
                _record(report.hostile.setdefault((what, loader), Tally()), outcome, size, what)
            if tally.tried % every == 0:
                peak = heap_peak(data, where)
                tally.sampled += 1
                if peak > tally.peak:
                    tally.peak, tally.peak_what = peak, f"{what or kind} ({size:,} bytes)"
                if what:
                    hostile = report.hostile[(what, loader)]
                    hostile.peak = max(hostile.peak, peak)

    try:
        run()
    except Exception as error:  # the shrunk failing document is the last one tried
        what, data = last.get("document", ("?", ""))
        shown = repr(data) if len(data) <= 400 else (
            f"{data[:200]!r} ... {data[-100:]!r} ({len(data):,} in all)")
        report.failures.append(Failure(kind, loader, what or kind, shown,
                                       "".join(traceback.format_exception_only(error)).strip()))
    report.batches += 1


def run_hand_made(report: Report, folder: Path) -> None:
    """Every hand-made hostile document once on each loader, with its heap peak."""
    for name, make in {**HOSTILE, **HOSTILE_FULL}.items():
        data = make()
        size = size_of(data)
        for loader in LOADERS:
            with using_loader(loader):
                try:
                    outcome = check(data, folder, time_bound(size, loader))
                except Exception as error:
                    report.failures.append(Failure(
                        "hand-made", loader, name, f"{name} ({size:,} bytes)",
                        "".join(traceback.format_exception_only(error)).strip()))
                    continue
                report.hand_made.append(HandMade(name, loader, size, outcome.valid,
                                                 outcome.seconds, heap_peak(data, folder)))


def long_run(minutes: float, run_seed: int, folder: Path) -> Report:
    report = Report()
    deadline = time.monotonic() + minutes * 60
    run_hand_made(report, folder)
    batch = 0
    while time.monotonic() < deadline:
        for kind in KINDS:
            for loader in LOADERS:
                if time.monotonic() >= deadline:
                    break
                run_batch(kind, loader, run_seed * 1_000_003 + batch, report, folder)
                batch += 1
    return report


def _versions() -> list[str]:
    try:
        from yaml import _yaml

        libyaml = f"libyaml {_yaml.get_version_string()}"
    except ImportError:
        libyaml = "no libyaml"
    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                                capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        commit = "?"
    return [
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- PyYAML {yaml.__version__} with {libyaml}; hypothesis {hypothesis.__version__}",
        f"- kiosk at {commit or '?'}",
    ]


def summary(report: Report, command: str, minutes: float, run_seed: int,
            started: dt.datetime, seconds: float) -> str:
    tried = sum(t.tried for t in report.tallies.values()) + len(report.hand_made)
    lines = [
        "# Fuzzing the schedule reader: last long run",
        "",
        f"- command: `{command}`",
        f"- date: {started:%Y-%m-%d %H:%M} UTC, ran {seconds / 60:.1f} min "
        f"(asked {minutes:g}), seed {run_seed}, {report.batches} hypothesis runs",
        *_versions(),
        "",
        f"**{tried:,} documents, {len(report.failures)} broke the property** "
        "(an exception other than ScheduleError, a problem outside the text, or a document "
        "over its time bound).",
        "",
        "Each document was read on both loaders, libyaml's C parser and PyYAML's pure-Python "
        "one, within a time bound of 2 s plus 3 s per MiB (libyaml) or 25 s per MiB (pure "
        "Python). Heap peaks are tracemalloc's (the Python heap while reading one document), "
        "for every hand-made document and a sample of the generated ones.",
        "",
        "| kind | loader | documents | valid | rejected | largest (bytes) | slowest | "
        "heap peak (sampled) |",
        "|---|---|--:|--:|--:|--:|--:|---|",
    ]
    for (kind, loader), t in report.tallies.items():
        peak = f"{t.peak / 2**20:.1f} MiB, {t.peak_what} (of {t.sampled})" if t.sampled else "-"
        lines.append(f"| {kind} | {loader} | {t.tried:,} | {t.valid:,} | {t.rejected:,} | "
                     f"{t.biggest:,} | {t.slowest:.3f} s ({t.slowest_what}, "
                     f"{t.slowest_size:,} bytes) | {peak} |")
    lines += ["", "Hand-made hostile documents, each once per loader:", "",
              "| document | loader | bytes | valid | time | heap peak |",
              "|---|---|--:|--:|--:|--:|"]
    lines += [f"| {h.name} | {h.loader} | {h.size:,} | {'yes' if h.valid else 'no'} | "
              f"{h.seconds:.3f} s | {h.peak / 2**20:.1f} MiB |" for h in report.hand_made]
    lines += ["", "Random hostile documents by form:", "",
              "| form | loader | documents | valid | largest (bytes) | slowest | heap peak |",
              "|---|---|--:|--:|--:|--:|--:|"]
    for (what, loader), t in sorted(report.hostile.items()):
        peak = f"{t.peak / 2**20:.1f} MiB" if t.peak else "-"
        lines.append(f"| {what} | {loader} | {t.tried:,} | {t.valid:,} | {t.biggest:,} | "
                     f"{t.slowest:.3f} s | {peak} |")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    slowest = max(report.tallies.values(), key=lambda t: t.slowest, default=Tally())
    heaviest = max(report.tallies.values(), key=lambda t: t.peak, default=Tally())
    slow_made = max(report.hand_made, key=lambda h: h.seconds, default=None)
    big_made = max(report.hand_made, key=lambda h: h.peak, default=None)
    lines += [
        "",
        f"- slowest generated document: {slowest.slowest:.3f} s ({slowest.slowest_what}, "
        f"{slowest.slowest_size:,} bytes)",
        f"- highest sampled heap peak of a generated document: "
        f"{heaviest.peak / 2**20:.1f} MiB ({heaviest.peak_what})",
        f"- the run's peak resident memory: {rss:.0f} MiB",
        *([f"- slowest hand-made document: {slow_made.seconds:.3f} s ({slow_made.name}, "
           f"{slow_made.loader})",
           f"- highest heap peak of a hand-made document: {big_made.peak / 2**20:.1f} MiB "
           f"({big_made.name}, {big_made.loader})"] if slow_made and big_made else []),
        f"- exceptions and property failures: {len(report.failures)}",
    ]
    for failure in report.failures:
        lines += ["", f"## FAILURE: {failure.kind} on {failure.loader} ({failure.what})", "",
                  "```", failure.error[:2000], failure.document, "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float, default=10.0, help="how long (default 10)")
    parser.add_argument("--seed", type=int, default=None, help="default: from the clock")
    parser.add_argument("--out", type=Path, default=None, help="also write the summary here")
    args = parser.parse_args(argv)
    run_seed = args.seed if args.seed is not None else int(time.time()) % 100_000
    command = " ".join(["python", "benchmarks/fuzz.py", *(argv or sys.argv[1:])])
    started = dt.datetime.now(dt.timezone.utc)
    clock = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-") as folder:
        report = long_run(args.minutes, run_seed, photo_folder(Path(folder)))
    text = summary(report, command, args.minutes, run_seed, started, time.monotonic() - clock)
    sys.stdout.write(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
