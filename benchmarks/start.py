"""How fast kiosk starts, against the least a program of its kind pays, as ratios measured
in one run:

- ``kiosk snapshot`` of the real day (11.20, 1920x1080, offscreen) against a bare
  ``python -c "from PySide6.QtWidgets import QApplication; QApplication([])"``
  (target: at most 2.5 times);
- ``kiosk check`` of the real day against ``python -c "import yaml"`` (at most 2 times);
- ``kiosk now --json`` beside them (at most 0.5 s; it was a unit test's bound once).

    .venv/bin/python benchmarks/start.py [--runs N] [--doc] [--breakdown]

The commands run in rounds, one of each per round in turn, after a warm-up round (which
also compiles the bytecode, kept in a temporary PYTHONPYCACHEPREFIX), so a busy spell of
the machine falls on all of them alike; each figure is the median of N
rounds (default 9), the ratio that of two medians. ``--doc`` writes the table into
BENCHMARKS.md (between its START RATIOS markers); ``--breakdown`` also says what the
snapshot's time goes to: its imports (``python -X importtime``, by top-level package)
and its phases (cProfile, cumulative seconds of the functions that matter). The full
run of benchmarks/run.py runs this too.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCHEDULE = REPO / "schedule.yaml"
DOC = REPO / "BENCHMARKS.md"
DOC_BEGIN = "<!-- BEGIN START RATIOS (written by benchmarks/start.py) -->"
DOC_END = "<!-- END START RATIOS -->"
AT = "11:20"

TARGETS = {"snapshot": 2.5, "check": 2.0}
"""The most each command may cost, as a multiple of its baseline."""
NOW_TARGET_S = 0.5


@dataclass(frozen=True)
class Pair:
    name: str
    command: list[str]
    baseline: list[str]
    label: str
    baseline_label: str


def pairs(python: str, kiosk: str, png: Path) -> list[Pair]:
    return [
        Pair("snapshot",
             [kiosk, "snapshot", str(SCHEDULE), "--at", AT, "--output", str(png)],
             [python, "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"],
             f"`kiosk snapshot --at {AT}` (real day, 1920×1080)",
             "`QApplication([])` only"),
        Pair("check", [kiosk, "check", str(SCHEDULE)], [python, "-c", "import yaml"],
             "`kiosk check` (real day)", "`import yaml` only"),
    ]


def environment(bytecode: Path) -> dict[str, str]:
    """Offscreen, with compiled bytecode kept in ``bytecode`` (as an installed package has
    it: pip compiles on install), also where PYTHONDONTWRITEBYTECODE is set, which would
    have every run compile kiosk's sources again."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONDONTWRITEBYTECODE")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds from just before the process starts to its exit, and the CPU seconds
    (user and system) it used; it must succeed."""
    with tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"start.py: {' '.join(command)} exited {process.returncode}: "
                             f"{errors.read().decode(errors='replace')[-500:]}")
    return seconds, usage.ru_utime + usage.ru_stime


def measure(runs: int, python: str, kiosk: str) -> dict[str, object]:
    """Every command ``runs`` times in interleaved rounds; medians, ratios, samples."""
    with tempfile.TemporaryDirectory(prefix="kiosk-start-") as work:
        env = environment(Path(work) / "bytecode")
        png = Path(work) / "snapshot.png"
        chosen = pairs(python, kiosk, png)
        commands = {f"{p.name}": p.command for p in chosen}
        commands |= {f"{p.name}_baseline": p.baseline for p in chosen}
        commands["now"] = [kiosk, "now", str(SCHEDULE), "--at", AT, "--json"]
        samples: dict[str, list[float]] = defaultdict(list)
        cpu: dict[str, list[float]] = defaultdict(list)
        for round_ in range(runs + 1):
            for name, command in commands.items():
                seconds, used = timed(command, env)
                if round_:  # the first round warms the page cache and compiles
                    samples[name].append(seconds)
                    cpu[name].append(used)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "runs": runs,
        "load": round(os.getloadavg()[0], 1),
        "medians_s": {name: round(value, 4) for name, value in medians.items()},
        "ranges_s": {name: [round(min(v), 4), round(max(v), 4)] for name, v in samples.items()},
        "cpu_medians_s": {name: round(value, 4) for name, value in cpu_medians.items()},
        "ratios": {p.name: round(medians[p.name] / medians[f"{p.name}_baseline"], 2)
                   for p in chosen},
        "cpu_ratios": {p.name: round(cpu_medians[p.name] / cpu_medians[f"{p.name}_baseline"], 2)
                       for p in chosen},
        "labels": {p.name: (p.label, p.baseline_label) for p in chosen},
    }


def table(result: dict[str, object]) -> str:
    medians: dict[str, float] = result["medians_s"]  # type: ignore[assignment]
    ranges: dict[str, list[float]] = result["ranges_s"]  # type: ignore[assignment]
    ratios: dict[str, float] = result["ratios"]  # type: ignore[assignment]
    cpu: dict[str, float] = result["cpu_medians_s"]  # type: ignore[assignment]
    cpu_ratios: dict[str, float] = result["cpu_ratios"]  # type: ignore[assignment]
    labels: dict[str, tuple[str, str]] = result["labels"]  # type: ignore[assignment]

    def cell(name: str) -> str:
        low, high = ranges[name]
        return f"**{medians[name]:.3f} s** ({low:.3f}–{high:.3f}); CPU {cpu[name]:.3f} s"

    lines = [
        f"Measured {result['date']}: {result['runs']} interleaved rounds after a warm-up, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {result['load']} at the end. Wall time: median "
        "(min–max); CPU: the median of user + system seconds, which a busy machine moves "
        "less.",
        "",
        "| Command | kiosk | Baseline | Ratio of medians (wall) | Target | Met? | "
        "Ratio (CPU) |",
        "|---|---|---|--:|---|---|--:|",
    ]
    for name, target in TARGETS.items():
        label, baseline = labels[name]
        verdict = "met" if ratios[name] <= target else "**missed**"
        lines.append(f"| {label} | {cell(name)} | {baseline}: {cell(name + '_baseline')} | "
                     f"**{ratios[name]:.2f}×** | ≤ {target:g}× | {verdict} | "
                     f"{cpu_ratios[name]:.2f}× |")
    verdict = "met" if medians["now"] <= NOW_TARGET_S else "**missed**"
    lines.append(f"| `kiosk now --at {AT} --json` (real day) | {cell('now')} | – | – | "
                 f"≤ {NOW_TARGET_S:g} s | {verdict} | – |")
    return "\n".join(lines)


def update_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    head, rest = doc.split(DOC_BEGIN, 1)
    _, tail = rest.split(DOC_END, 1)
    DOC.write_text(f"{head}{DOC_BEGIN}\n{text}\n{DOC_END}{tail}", encoding="utf-8")


# -- what the snapshot's time goes to ------------------------------------------------------


PHASES = {
    "snapshot": "the whole command after its imports",
    "read_schedule": "reading and checking schedule.yaml",
    "application": "QApplication and the bundled fonts",
    "build_window": "building the window (widgets, stylesheet)",
    "show_board": "showing the board",
    "fit": "fitting the text to the screen",
    "settle": "letting layouts settle (event loop rounds)",
    "grab": "grabbing the window into an image",
    "save": "writing the PNG",
}


def imports(python: str, env: dict[str, str], png: Path) -> list[tuple[float, str]]:
    """Import seconds of a snapshot by who asked for them, largest first: each module's own
    time goes to the innermost package above it (or itself) that is not the standard
    library: a third-party package with all it loads (``segno`` with the urllib and email
    it imports), a kiosk module with the standard library it is first to import; what no
    such package asked for (Python's own start, ``site``) to ``python``."""
    code = ("import sys; from kiosk.cli import main; "
            f"sys.exit(main(['snapshot', {str(SCHEDULE)!r}, '--at', {AT!r}, "
            f"'--output', {str(png)!r}]))")
    result = subprocess.run([python, "-X", "importtime", "-c", code], env=env,
                            capture_output=True, text=True, check=True)
    # importtime prints a module after the modules it imported, indented one level more.
    Node = tuple[str, float, list[Any]]
    pending: list[tuple[int, Node]] = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \| ( *)(\S+)", line)
        if not match:
            continue
        depth = len(match.group(2)) // 2
        children: list[Node] = []
        while pending and pending[-1][0] > depth:
            children.insert(0, pending.pop()[1])
        pending.append((depth, (match.group(3), int(match.group(1)) / 1e6, children)))
    totals: dict[str, float] = defaultdict(float)

    def charge(node: Node, owner: str) -> None:
        name, own, children = node
        root = name.split(".")[0]
        if root == "kiosk":
            owner = name
        elif root not in STDLIB:
            owner = root
        totals[owner] += own
        for child in children:
            charge(child, owner)

    for _, node in pending:
        charge(node, "python")
    return sorted(((seconds, name) for name, seconds in totals.items()), reverse=True)


STDLIB = sys.stdlib_module_names | {"__editable___kiosk_0_1_0_finder", "site",
                                     "sitecustomize", "encodings"}


def phases(env: dict[str, str], png: Path) -> list[tuple[float, str]]:
    """Cumulative seconds of the snapshot's phases, from cProfile of one run in-process."""
    os.environ.update(env)
    from kiosk.cli import main

    profile = cProfile.Profile()
    profile.enable()
    main(["snapshot", str(SCHEDULE), "--at", AT, "--output", str(png)])
    profile.disable()
    stats = pstats.Stats(profile)
    found: dict[str, float] = {}
    for (file, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        cumulative = row[3]
        name = re.sub(r"^<method '(\w+)' of .*>$", r"\1", function)
        if name in PHASES and ("kiosk" in file or file == "~"):
            found[name] = max(found.get(name, 0.0), cumulative)
    return [(found.get(name, 0.0), f"{name}: {what}") for name, what in PHASES.items()]


def breakdown(python: str) -> str:
    with tempfile.TemporaryDirectory(prefix="kiosk-start-") as work:
        env = environment(Path(work) / "bytecode")
        png = Path(work) / "snapshot.png"
        imports(python, env, png)  # compiles
        imported = imports(python, env, png)
        ran = phases(env, png)
    lines = ["Imports of `kiosk snapshot` (`-X importtime`, by who asked for them: a package "
             "with all it imports; one run, inflated by the measuring; "
             f"{sum(s for s, _ in imported) * 1000:.0f} ms in all):", ""]
    lines += [f"- {seconds * 1000:.0f} ms {name}" for seconds, name in imported[:16]]
    lines += ["", "Its phases after the imports (cProfile, cumulative; one run, inflated "
              "by the profiler):", ""]
    lines += [f"- {seconds * 1000:.0f} ms {name}" for seconds, name in ran]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="rounds to measure (default 9)")
    parser.add_argument("--doc", action="store_true", help="write the table into BENCHMARKS.md")
    parser.add_argument("--breakdown", action="store_true",
                        help="also say what the snapshot's time goes to")
    options = parser.parse_args()
    python = sys.executable
    kiosk = str(Path(python).with_name("kiosk"))
    text = table(measure(options.runs, python, kiosk))
    if options.doc:
        update_doc(text)
    sys.stdout.write(text + "\n")
    if options.breakdown:
        sys.stdout.write("\n" + breakdown(python) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
