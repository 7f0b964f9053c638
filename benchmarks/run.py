"""kiosk's benchmarks, with their baselines, in one command.

    .venv/bin/python benchmarks/run.py            # the full run (about 20 minutes)
    .venv/bin/python benchmarks/run.py --quick    # a fast check of the harness (~4 min)

Every figure is taken from outside, on whole processes, as a person at the screen would
feel it; each is the median of several runs (min and max beside it), and the baselines
(``python -c "import PySide6.QtWidgets"`` and Debian's Chromium showing the same
programme as a static page) are measured in the same run, one after another, so that
the comparison holds on a noisy machine. See BENCHMARKS.md for what each figure means.

The run starts its own Xvfb (1920x1080, on the first free display from :91), watches
its screen with the X DAMAGE extension (xprobe.py), and stops every process it started.
It writes benchmarks/results/latest.json (every sample) and latest.md (the table), and
prints the table; a full run also puts the table into BENCHMARKS.md. A --quick run writes
results/quick.json and quick.md (and its pictures into results/quick/) instead.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

import baseline_page  # noqa: E402
import start as start_ratios  # noqa: E402
import xprobe  # noqa: E402

from support import festival  # noqa: E402

RESULTS = HERE / "results"
SCHEDULE = REPO / "schedule.yaml"
SIZE = (1920, 1080)
SESSION_AT = "11:20"  # Lezing Dennis Martens: only the clock changes
BREAK_AT = "10:20"  # the walk-in: speaker cards every 12 s with a 500 ms cross-fade
HOUR_AT = "10:15"  # one hour from here crosses the walk-in, the welcome and two talks
FESTIVAL_AT = "2024-06-13T14:20"
FESTIVAL_ROOM = "Zaal 8"
DOC = REPO / "BENCHMARKS.md"
DOC_BEGIN = "<!-- BEGIN RESULTS (written by benchmarks/run.py) -->"
DOC_END = "<!-- END RESULTS -->"

CHROMIUM_FLAGS = [
    # As the brief for the baseline says, plus what a signage setup adds so that no
    # bar or bubble appears over the page (which would also change the screen later).
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--test-type", "--noerrdialogs", "--hide-scrollbars", "--disable-features=Translate",
    "--no-default-browser-check", "--password-store=basic",
]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)  # noqa: T201


# -- settings -------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    fast_runs: int  # check, now, import: fast commands
    start_runs: int  # snapshot, first frame
    browser_runs: int
    festival_start_runs: int
    reloads: int
    festival_reloads: int
    idle_warmup: float
    idle_window: float
    idle_windows: int
    hour_seconds: float
    quiet: float = 1.5
    """A screen is settled when its pixels stayed the same this long."""


FULL = Plan(fast_runs=10, start_runs=10, browser_runs=7, festival_start_runs=5, reloads=10,
            festival_reloads=5, idle_warmup=20, idle_window=60, idle_windows=3,
            hour_seconds=60)
QUICK = Plan(fast_runs=3, start_runs=3, browser_runs=2, festival_start_runs=2, reloads=3,
             festival_reloads=2, idle_warmup=3, idle_window=15, idle_windows=1,
             hour_seconds=15)


# -- processes ------------------------------------------------------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK")
STARTED: list[subprocess.Popen[bytes]] = []
"""Every process this run started, each the leader of its own process group."""


def spawn(cmd: list[str], env: dict[str, str] | None = None, stderr: Any = None,
          cwd: Path | None = None) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL,
                               stderr=stderr if stderr is not None else subprocess.DEVNULL,
                               start_new_session=True)
    STARTED.append(process)
    return process


def stop(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """End a process we started, and its group (Chromium's helpers), by their id."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # Helpers of the group that outlived their leader.
    deadline = time.monotonic() + grace
    while group_pids(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if group_pids(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    if process in STARTED:
        STARTED.remove(process)


def stop_all() -> None:
    for process in reversed(list(STARTED)):
        with contextlib.suppress(Exception):
            stop(process, grace=2.0)


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def group_pids(pgid: int) -> list[int]:
    """The live processes of a process group (zombies left out)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields and fields[0] != "Z" and int(fields[2]) == pgid:
                pids.append(int(entry))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes and of their children already reaped."""
    ticks = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields:
            ticks += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return ticks / CLK_TCK


def memory(pids: list[int]) -> dict[str, float]:
    """RSS and PSS in MB (MiB), summed over the processes."""
    rss = pss = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
    return {"rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1),
            "processes": len(pids)}


def system_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class Busy:
    """How busy the whole machine (all cores) was between start and end, in per cent."""

    def __init__(self) -> None:
        self.start = system_busy()

    def percent(self) -> float:
        busy, total = system_busy()
        return round(100 * (busy - self.start[0]) / max(1, total - self.start[1]), 1)


class StderrLog:
    """Lines a process writes to stderr, each with the monotonic time it was read."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        assert process.stderr is not None
        self._thread = threading.Thread(target=self._read, args=(process.stderr,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for raw in iter(stream.readline, b""):
            with self._lock:
                self.lines.append((time.monotonic(), raw.decode(errors="replace").rstrip()))

    def first(self, pattern: str, after: float) -> float | None:
        with self._lock:
            for seen, line in self.lines:
                if seen >= after and re.search(pattern, line):
                    return seen
        return None

    def text(self) -> str:
        with self._lock:
            return "\n".join(line for _, line in self.lines)


@dataclass
class Timed:
    wall: float
    returncode: int
    max_rss_mb: float
    cpu: float


def timed(cmd: list[str], env: dict[str, str] | None = None) -> Timed:
    """Run a command to its end: wall time from just before the fork to its exit."""
    with tempfile.TemporaryFile() as errors:
        start = time.monotonic()
        process = spawn(cmd, env=env, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        STARTED.remove(process)
        if group_pids(process.pid):  # helpers left behind (Chromium's): end them
            stop(process)
        if process.returncode != 0:
            errors.seek(0)
            log(f"  {' '.join(cmd[:3])}... exited {process.returncode}: "
                f"{errors.read().decode(errors='replace')[-500:]}")
    return Timed(wall, process.returncode, round(usage.ru_maxrss / 1024, 1),
                 usage.ru_utime + usage.ru_stime)


def summary(values: list[float], digits: int = 3) -> dict[str, Any]:
    clean = [v for v in values if v is not None]
    if not clean:
        return {"median": None, "min": None, "max": None, "n": 0, "runs": values}
    return {"median": round(statistics.median(clean), digits), "min": round(min(clean), digits),
            "max": round(max(clean), digits), "n": len(clean),
            "runs": [round(v, digits) if v is not None else None for v in values]}


# -- the display ----------------------------------------------------------------------


def free_display(first: int = 91) -> int:
    for number in range(first, first + 100):
        if not (Path(f"/tmp/.X{number}-lock").exists()
                or Path(f"/tmp/.X11-unix/X{number}").exists()):
            return number
    raise RuntimeError("no free X display number")


@contextlib.contextmanager
def xvfb() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    number = free_display()
    display = f":{number}"
    process = spawn(["Xvfb", display, "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24",
                     "-nolisten", "tcp", "-br", "-noreset"])
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Xvfb {display} did not start")
        time.sleep(0.05)
    time.sleep(0.2)
    try:
        yield display, process
    finally:
        stop(process)


@dataclass
class Bench:
    plan: Plan
    display: str
    xserver: subprocess.Popen[bytes]
    screen: xprobe.Screen
    work: Path
    kiosk: str
    python: str
    chromium: str | None
    blank: int = 0
    results: dict[str, Any] = field(default_factory=dict)
    pictures: Path = RESULTS
    """Where the pictures of what was timed go."""

    # -- environments ------------------------------------------------------------

    def x_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb")
        return env

    def offscreen_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env["QT_QPA_PLATFORM"] = "offscreen"
        return env

    def profile_dir(self) -> str:
        return tempfile.mkdtemp(prefix="chromium-", dir=self.work)

    def chromium_kiosk(self, page: Path, query: str = "") -> list[str]:
        assert self.chromium
        return [self.chromium, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile_dir()}",
                "--kiosk", "--window-position=0,0", f"--window-size={SIZE[0]},{SIZE[1]}",
                page.as_uri() + query]

    def kiosk_run(self, schedule: Path, at: str, *extra: str) -> list[str]:
        return [self.kiosk, "run", "--at", at, *extra, str(schedule)]

    # -- watching the screen ----------------------------------------------------

    def wait_blank(self, timeout: float = 10.0) -> bool:
        """Wait until the screen is back to the empty root window."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.screen.crc() == self.blank:
                return True
            time.sleep(0.05)
        return False

    def first_frame(self, cmd: list[str], pipe_stderr: bool = False,
                    keep: bool = False, limit: float = 30.0
                    ) -> tuple[dict[str, Any], subprocess.Popen[bytes], StderrLog | None]:
        """Start ``cmd`` on the empty screen and time its frames until the screen settles.

        Returns the figures, and the process (still running if ``keep``).
        """
        if not self.wait_blank():
            log("  warning: the screen was not empty before the start")
        self.screen.clear_damage()
        busy = Busy()
        start = time.monotonic()
        process = spawn(cmd, env=self.x_env(),
                        stderr=subprocess.PIPE if pipe_stderr else subprocess.DEVNULL)
        errors = StderrLog(process) if pipe_stderr else None
        seen = xprobe.watch(self.screen, start, self.plan.quiet, limit, before=self.blank)
        pids = group_pids(process.pid)
        figures = {
            "first_change_s": seen.first_change(self.blank),
            "first_complete_frame_s": seen.first_final(),
            "settled": seen.settled,
            "pictures": seen.distinct(),
            "damage_events": len(seen.frames),
            "memory_after_start": memory(pids),
            "cpu_to_settle_s": round(cpu_seconds(pids), 2),
            "machine_busy_percent": busy.percent(),
            "alive": process.poll() is None,
            "spawned_at": start,
        }
        if not keep:
            stop(process)
        return figures, process, errors

    # -- one figure at a time ---------------------------------------------------

    def series(self, name: str, runs: int, one: Callable[[], Any], warmup: bool = True
               ) -> list[Any]:
        log(f"{name}: {runs} runs" + (" (+1 warm-up)" if warmup else ""))
        if warmup:
            one()
        return [one() for _ in range(runs)]


# -- the benchmarks -------------------------------------------------------------------


def bench_commands(b: Bench, key: str, runs: int,
                   commands: dict[str, tuple[list[str], dict[str, str] | None]]) -> None:
    for name, (cmd, env) in commands.items():
        def one(cmd: list[str] = cmd, env: dict[str, str] | None = env) -> Timed:
            return timed(cmd, env)

        samples = b.series(f"{key}.{name}", runs, one)
        b.results.setdefault(key, {})[name] = {
            "command": " ".join(cmd),
            "wall_s": summary([s.wall for s in samples]),
            "max_rss_mb": summary([s.max_rss_mb for s in samples], 1),
            "cpu_s": summary([s.cpu for s in samples]),
            "failed": sum(s.returncode != 0 for s in samples),
        }


def bench_start(b: Bench, pages: dict[str, Path]) -> None:
    plan = b.plan
    shot = b.work / "snapshot.png"
    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "import_pyside6": ([b.python, "-c", "import PySide6.QtWidgets"], b.offscreen_env()),
        "kiosk_snapshot": ([b.kiosk, "snapshot", "--at", SESSION_AT, "--output", str(shot),
                            str(SCHEDULE)], b.offscreen_env()),
    }
    bench_commands(b, "start", plan.start_runs, commands)
    log("start ratios (benchmarks/start.py)")
    b.results["start_ratios"] = start_ratios.measure(plan.start_runs, b.python, b.kiosk)
    if b.chromium:
        out = b.work / "chromium.png"

        def screenshot() -> Timed:
            return timed([b.chromium or "", *CHROMIUM_FLAGS, "--headless",
                          f"--user-data-dir={b.profile_dir()}",
                          f"--window-size={SIZE[0]},{SIZE[1]}", f"--screenshot={out}",
                          pages["programme.html"].as_uri()])

        samples = b.series("start.chromium_headless_screenshot", plan.browser_runs, screenshot)
        b.results["start"]["chromium_headless_screenshot"] = {
            "command": "chromium --headless --screenshot (flags in run.py)",
            "wall_s": summary([s.wall for s in samples]),
            "max_rss_mb": summary([s.max_rss_mb for s in samples], 1),
            "failed": sum(s.returncode != 0 for s in samples),
        }
    ttff(b, "kiosk_run", plan.start_runs, b.kiosk_run(SCHEDULE, SESSION_AT),
         b.pictures / "kiosk-first-frame.png")
    if b.chromium:
        ttff(b, "chromium_kiosk", plan.browser_runs,
             None, b.pictures / "chromium-first-frame.png", page=pages["programme.html"])


def ttff(b: Bench, name: str, runs: int, cmd: list[str] | None, png: Path | None,
         page: Path | None = None, key: str = "first_frame") -> None:
    def one() -> dict[str, Any]:
        command = cmd if cmd is not None else b.chromium_kiosk(page or Path())
        figures, _, _ = b.first_frame(command)
        return figures

    samples = b.series(f"{key}.{name}", runs, one)
    if png is not None:  # one more, to keep a picture of what was timed
        command = cmd if cmd is not None else b.chromium_kiosk(page or Path())
        _, process, _ = b.first_frame(command, keep=True)
        b.screen.save_png(png)
        stop(process)
    b.results.setdefault(key, {})[name] = {
        "command": " ".join(cmd) if cmd else f"chromium --kiosk {page}",
        "first_complete_frame_s": summary([s["first_complete_frame_s"] for s in samples]),
        "first_change_s": summary([s["first_change_s"] for s in samples]),
        "rss_mb": summary([s["memory_after_start"]["rss_mb"] for s in samples], 1),
        "pss_mb": summary([s["memory_after_start"]["pss_mb"] for s in samples], 1),
        "processes": samples[-1]["memory_after_start"]["processes"],
        "cpu_to_settle_s": summary([s["cpu_to_settle_s"] for s in samples], 2),
        "all_settled": all(s["settled"] for s in samples),
        "samples": samples,
    }


def bench_idle(b: Bench, pages: dict[str, Path]) -> None:
    """CPU per minute while nothing but the clock (or the cards) changes."""
    plan = b.plan
    cases: dict[str, list[str] | Path] = {
        "kiosk_session": b.kiosk_run(SCHEDULE, SESSION_AT),
        "kiosk_cards": b.kiosk_run(SCHEDULE, BREAK_AT),
    }
    if b.chromium:
        cases["chromium_session"] = pages["programme.html"]
        cases["chromium_cards"] = pages["programme-break.html"]
    for name, what in cases.items():
        cmd = what if isinstance(what, list) else b.chromium_kiosk(what)
        log(f"idle.{name}: warm-up {plan.idle_warmup:g} s, "
            f"{plan.idle_windows} x {plan.idle_window:g} s")
        figures, process, _ = b.first_frame(cmd, keep=True)
        time.sleep(plan.idle_warmup)
        windows = []
        for _ in range(plan.idle_windows):
            pids = group_pids(process.pid)
            app0, x0, busy = cpu_seconds(pids), cpu_seconds([b.xserver.pid]), Busy()
            start = time.monotonic()
            time.sleep(plan.idle_window)
            elapsed = time.monotonic() - start
            pids = group_pids(process.pid)
            app = (cpu_seconds(pids) - app0) * 60 / elapsed
            xs = (cpu_seconds([b.xserver.pid]) - x0) * 60 / elapsed
            windows.append({"app_cpu_s_per_min": round(app, 3),
                            "xserver_cpu_s_per_min": round(xs, 3),
                            "machine_busy_percent": busy.percent()})
        final_memory = memory(group_pids(process.pid))
        stop(process)
        app_values = [w["app_cpu_s_per_min"] for w in windows]
        both = [w["app_cpu_s_per_min"] + w["xserver_cpu_s_per_min"] for w in windows]
        b.results.setdefault("idle", {})[name] = {
            "command": " ".join(cmd),
            "app_cpu_s_per_min": summary(app_values),
            "app_percent_of_core": summary([v / 60 * 100 for v in app_values], 2),
            "with_xserver_percent_of_core": summary([v / 60 * 100 for v in both], 2),
            "windows": windows,
            "memory_at_end": final_memory,
            "first_frame": figures["first_complete_frame_s"],
        }


def bench_hour(b: Bench, pages: dict[str, Path]) -> None:
    """Memory after an hour of the day played at 60x (one minute of wall time)."""
    plan = b.plan
    speed = 3600 / plan.hour_seconds  # one hour of the day in hour_seconds
    cases: dict[str, list[str]] = {
        "kiosk": b.kiosk_run(SCHEDULE, HOUR_AT, "--speed", f"{speed:g}"),
    }
    if b.chromium:
        cases["chromium"] = b.chromium_kiosk(pages["programme-break.html"],
                                             f"?speed={speed:g}")
    for name, cmd in cases.items():
        log(f"hour.{name}: {plan.hour_seconds:g} s at {speed:g}x")
        # The played day starts when the process does; it never stands still, so only
        # wait for the first frames, then let the hour run out.
        figures, process, errors = b.first_frame(cmd, keep=True, pipe_stderr=name == "kiosk",
                                                 limit=3.0)
        start = figures["spawned_at"]
        trace = [{"t": round(time.monotonic() - start, 1), **memory(group_pids(process.pid))}]
        while time.monotonic() - start < plan.hour_seconds:
            time.sleep(min(5.0, plan.hour_seconds - (time.monotonic() - start)))
            trace.append({"t": round(time.monotonic() - start, 1),
                          **memory(group_pids(process.pid))})
        pids = group_pids(process.pid)
        cpu = cpu_seconds(pids)
        end_memory = memory(pids)
        alive = process.poll() is None
        stop(process)
        b.results.setdefault("hour", {})[name] = {
            "command": " ".join(cmd),
            "speed": speed,
            "seconds": plan.hour_seconds,
            "after_start": figures["memory_after_start"],
            "after_hour": end_memory,
            "max_rss_mb": max(t["rss_mb"] for t in trace),
            "cpu_s": round(cpu, 2),
            "alive": alive,
            "trace": trace,
            "log_tail": errors.text()[-1500:] if errors else None,
        }


def _edit_session_title(text: str, round_: int) -> str:
    return re.sub(r"title: Lezing Dennis Martens.*", f"title: Lezing Dennis Martens ({round_})",
                  text, count=1)


def _edit_event_title(text: str, round_: int) -> str:
    return re.sub(r"title: Festival van de Stad.*", f"title: Festival van de Stad ({round_})",
                  text, count=1)


def save(path: Path, text: str, style: str) -> float:
    """Save as an editor would; the moment the save is complete."""
    if style == "in-place":
        with path.open("w", encoding="utf-8") as handle:
            handle.write(text)
    else:  # write a temporary file and rename it over the old one (vim, gedit, VS Code)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    return time.monotonic()


def bench_reload(b: Bench, key: str, source: Path, at: str, rounds: int,
                 edit: Callable[[str, int], str], minute_budget: float = 45.0) -> None:
    """From the save of the file to the new frame on screen (and to the log line)."""
    folder = Path(tempfile.mkdtemp(prefix="reload-", dir=b.work))
    path = folder / source.name
    original = source.read_text(encoding="utf-8")
    log(f"reload.{key}: {rounds} saves")
    samples: list[dict[str, Any]] = []
    process: subprocess.Popen[bytes] | None = None
    errors: StderrLog | None = None
    started = 0.0
    counter = 0
    try:
        while len(samples) < rounds:
            # The clock starts at a whole minute; keep every save inside that minute, so
            # that nothing but the edit changes the screen.
            if process is None or time.monotonic() - started > minute_budget:
                if process is not None:
                    stop(process)
                path.write_text(original, encoding="utf-8")
                started = time.monotonic()
                _, process, errors = b.first_frame(b.kiosk_run(path, at), keep=True,
                                                   pipe_stderr=True)
            assert errors is not None
            counter += 1
            style = "in-place" if counter % 2 else "rename"
            before = b.screen.crc()
            b.screen.clear_damage()
            saved = save(path, edit(original, counter), style)
            seen = xprobe.watch(b.screen, saved, b.plan.quiet / 3, 10.0, before=before)
            logged = errors.first(r"reloaded ", saved)
            samples.append({
                "style": style,
                "log_line_s": None if logged is None else round(logged - saved, 3),
                "first_change_s": seen.first_change(before),
                "new_frame_s": seen.first_final(),
                "changed": seen.final is not None and seen.final.crc != before,
                "pictures": seen.distinct(),
            })
    finally:
        if process is not None:
            stop(process)
    b.results.setdefault("reload", {})[key] = {
        "file": str(source.name),
        "at": at,
        "log_line_s": summary([s["log_line_s"] for s in samples]),
        "new_frame_s": summary([s["new_frame_s"] for s in samples]),
        "in_place_new_frame_s": summary([s["new_frame_s"] for s in samples
                                         if s["style"] == "in-place"]),
        "rename_new_frame_s": summary([s["new_frame_s"] for s in samples
                                       if s["style"] == "rename"]),
        "all_changed": all(s["changed"] for s in samples),
        "samples": samples,
    }


def inspect(b: Bench, schedule: Path, when: str, png: Path, size: str = "1920x1080"
            ) -> dict[str, Any]:
    output = subprocess.run(
        [b.python, str(HERE / "inspect_screen.py"), str(schedule), when, str(png),
         "--size", size], env=b.offscreen_env(), capture_output=True, text=True, check=True)
    return json.loads(output.stdout)  # type: ignore[no-any-return]


def bench_scale(b: Bench) -> None:
    plan = b.plan
    path = b.work / "festival.yaml"
    path.write_text(festival.festival(), encoding="utf-8")
    shot = b.work / "festival.png"
    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "check": ([b.kiosk, "check", str(path)], None),
        "now": ([b.kiosk, "now", "--at", FESTIVAL_AT, str(path)], None),
    }
    bench_commands(b, "scale", plan.fast_runs, commands)
    bench_commands(b, "scale", plan.festival_start_runs, {
        "snapshot": ([b.kiosk, "snapshot", "--at", FESTIVAL_AT, "--output", str(shot),
                      str(path)], b.offscreen_env())})
    b.results["scale"]["file"] = {"sessions": 2000, "speakers": 800, "rooms": 40, "days": 3,
                                  "bytes": path.stat().st_size}
    ttff(b, "kiosk_run", plan.festival_start_runs, b.kiosk_run(path, FESTIVAL_AT),
         None, key="scale_first_frame")
    # The same file on a room-door screen: the same parsing, one room's widgets. The
    # difference to the lobby screen above is what the forty rooms' widgets cost.
    ttff(b, "kiosk_run_room", plan.festival_start_runs,
         b.kiosk_run(path, FESTIVAL_AT, "--room", FESTIVAL_ROOM), None, key="scale_first_frame")
    log("scale.programme window")
    b.results["scale"]["screen"] = {
        "landscape": inspect(b, path, FESTIVAL_AT, b.pictures / "festival-1420.png"),
        "portrait": inspect(b, path, FESTIVAL_AT, b.pictures / "festival-1420-portrait.png",
                            "1080x1920"),
        "real_day_landscape": inspect(b, SCHEDULE, SESSION_AT, b.work / "day.png"),
    }
    bench_reload(b, "festival", path, FESTIVAL_AT, plan.festival_reloads, _edit_event_title)


# -- profiles -------------------------------------------------------------------------


def collapse(raw: str, top: int = 35) -> str:
    """py-spy's raw (collapsed) stacks as two lists: inclusive and own share of samples."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        names = [re.sub(r":\d+\)$", ")", frame) for frame in stack.split(";")]
        own[names[-1]] = own.get(names[-1], 0) + samples
        for name in set(names):
            inclusive[name] = inclusive.get(name, 0) + samples
    lines = [f"{total} samples", "", "inclusive:"]
    for name, samples in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{100 * samples / max(total, 1):5.1f} %  {name}")
    lines += ["", "own:"]
    for name, samples in sorted(own.items(), key=lambda kv: -kv[1])[:15]:
        lines.append(f"{100 * samples / max(total, 1):5.1f} %  {name}")
    return "\n".join(lines) + "\n"


def bench_profiles(b: Bench) -> None:
    """Profiles of the figures that miss their targets: written to results/profiles/."""
    out = b.pictures / "profiles"
    out.mkdir(exist_ok=True)
    path = b.work / "festival.yaml"
    if not path.exists():
        path.write_text(festival.festival(), encoding="utf-8")
    tools = Path(b.python).parent
    pyinstrument, pyspy = tools / "pyinstrument", tools / "py-spy"
    if pyinstrument.exists():
        for name, args, env in (
            ("festival-now", ["now", "--at", FESTIVAL_AT, str(path)], None),
            ("festival-snapshot", ["snapshot", "--at", FESTIVAL_AT, "--output",
                                   str(b.work / "p.png"), str(path)], b.offscreen_env()),
        ):
            log(f"profile.{name} (pyinstrument)")
            subprocess.run([str(pyinstrument), "-r", "text", "-o", str(out / f"{name}.txt"),
                            b.kiosk, *args], env=env, capture_output=True, check=False)
    else:
        log("pyinstrument not installed (.venv/bin/pip install pyinstrument): skipped")
    if pyspy.exists():
        log("profile.festival-run (py-spy, 6 s from the start)")
        raw = b.work / "run.raw"
        process = spawn([str(pyspy), "record", "--rate", "250", "--format", "raw", "-o",
                         str(raw), "--duration", "6", "--", *b.kiosk_run(path, FESTIVAL_AT)],
                        env=b.x_env())
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(60)
        stop(process)  # py-spy leaves the profiled kiosk running: end its group
        if raw.exists():
            (out / "festival-run.txt").write_text(collapse(raw.read_text()), encoding="utf-8")
    else:
        log("py-spy not installed (.venv/bin/pip install py-spy): skipped")


# -- facts about the machine ----------------------------------------------------------


def _output(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine(b: Bench) -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpuinfo)
    mhz = re.search(r"cpu MHz\s*:\s*(.*)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text()
    total = re.search(r"MemTotal:\s*(\d+)", meminfo)
    versions = _output([b.python, "-c", "import sys, PySide6, PySide6.QtCore as c; "
                        "print(sys.version.split()[0], PySide6.__version__, c.qVersion())"])
    python, pyside, qt = [*versions.split(), "?", "?", "?"][:3]
    chromium = _output(["/usr/lib/chromium/chromium", "--version"]) if b.chromium else ""
    os_release = Path("/etc/os-release").read_text() if Path("/etc/os-release").exists() else ""
    pretty = re.search(r'PRETTY_NAME="(.*)"', os_release)
    debian = Path("/etc/debian_version").read_text().strip() \
        if Path("/etc/debian_version").exists() else ""
    commit = _output(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = bool(_output(["git", "-C", str(REPO), "status", "--porcelain", "--", "src"]))
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "cpu_mhz": mhz.group(1).strip() if mhz else None,
        "cores": os.cpu_count(),
        "ram_gib": round(int(total.group(1)) / 1024 / 1024, 1) if total else None,
        "kernel": platform.release(),
        "os": f"{pretty.group(1) if pretty else platform.platform()} ({debian})",
        "python": python, "pyside6": pyside, "qt": qt,
        "chromium": chromium.replace("Chromium ", "").split(" built")[0] or None,
        "xvfb": _output(["dpkg-query", "-W", "-f=${Version}", "xvfb"]),
        "kiosk_commit": commit + ("+changes in src/" if dirty else ""),
        "load_average_at_start": Path("/proc/loadavg").read_text().split()[:3],
    }


# -- the table ------------------------------------------------------------------------


def _fmt(s: dict[str, Any] | None, unit: str = "s", digits: int = 2) -> str:
    if not s or s.get("median") is None:
        return "–"
    median, low, high = s["median"], s["min"], s["max"]
    if s["n"] == 1:
        return f"{median:.{digits}f} {unit}"
    return f"**{median:.{digits}f} {unit}** ({low:.{digits}f}–{high:.{digits}f}, n={s['n']})"


def _verdict(value: float | None, target: float) -> str:
    if value is None:
        return "?"
    return "met" if value <= target else "**missed**"


def _get(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _median(data: dict[str, Any], *keys: str) -> float | None:
    value = _get(data, *keys)
    return value.get("median") if isinstance(value, dict) else None


def table(r: dict[str, Any]) -> str:
    m = r["machine"]
    g = _get
    parts: dict[str, Any] = r["parts"] if isinstance(r.get("parts"), dict) else {}
    rows: list[tuple[str, str, str, str, str, str]] = []

    def row(what: str, kiosk: str, imp: str, browser: str, target: str, verdict: str) -> None:
        rows.append((what, kiosk, imp, browser, target, verdict))

    def mem(entry: dict[str, Any] | None) -> str:
        if not entry:
            return "–"
        return f"{entry['rss_mb']:.0f} MB RSS / {entry['pss_mb']:.0f} MB PSS" + (
            f" ({entry['processes']} processes)" if entry.get("processes", 1) > 1 else "")

    start, ff = r.get("start", {}), r.get("first_frame", {})
    row("Start: `kiosk snapshot` wall time (process start to PNG written)",
        _fmt(g(start, "kiosk_snapshot", "wall_s")),
        _fmt(g(start, "import_pyside6", "wall_s")),
        _fmt(g(start, "chromium_headless_screenshot", "wall_s")) + " (`--headless --screenshot`)",
        "–", "")
    ratios = g(r, "start_ratios", "ratios") or {}
    medians = g(r, "start_ratios", "medians_s") or {}
    for name, baseline in (("snapshot", "`QApplication([])`"), ("check", "`import yaml`")):
        target = start_ratios.TARGETS[name]
        ratio = ratios.get(name)
        row(f"Start: `kiosk {name}` as a multiple of {baseline} only (medians, interleaved, "
            "benchmarks/start.py)",
            f"**{ratio:.2f}×** ({medians[name]:.3f} s against "
            f"{medians[name + '_baseline']:.3f} s)" if ratio else "–",
            "–", "–", f"≤ {target:g}×", _verdict(ratio, target))
    first = _median(ff, "kiosk_run", "first_complete_frame_s")
    row("Start: time to first complete frame (`kiosk run`, Xvfb 1920×1080)",
        _fmt(g(ff, "kiosk_run", "first_complete_frame_s")), "–",
        _fmt(g(ff, "chromium_kiosk", "first_complete_frame_s")) + " (`--kiosk` on Xvfb)",
        "≤ 1.0 s", _verdict(first, 1.0))
    rss = _median(ff, "kiosk_run", "rss_mb")
    row("Memory after start",
        f"{_fmt(g(ff, 'kiosk_run', 'rss_mb'), 'MB', 0)} RSS, "
        f"{_fmt(g(ff, 'kiosk_run', 'pss_mb'), 'MB', 0)} PSS",
        f"{_fmt(g(start, 'import_pyside6', 'max_rss_mb'), 'MB', 0)} peak RSS",
        f"{_fmt(g(ff, 'chromium_kiosk', 'rss_mb'), 'MB', 0)} RSS sum, "
        f"{_fmt(g(ff, 'chromium_kiosk', 'pss_mb'), 'MB', 0)} PSS sum, "
        f"{g(ff, 'chromium_kiosk', 'processes') or '?'} processes",
        "≤ 120 MB", _verdict(rss, 120))
    hour = r.get("hour", {})
    hour_rss = g(hour, "kiosk", "after_hour", "rss_mb")
    speed = g(hour, "kiosk", "speed") or 60
    row(f"Memory after one hour of simulated day (10.15–11.15 at {speed:g}×, "
        f"{3600 / speed:g} s)",
        mem(g(hour, "kiosk", "after_hour")) + (
            f"; peak {g(hour, 'kiosk', 'max_rss_mb'):.0f} MB" if hour.get("kiosk") else ""),
        "–",
        mem(g(hour, "chromium", "after_hour")) + f" (break page at {speed:g}×)",
        "≤ 120 MB", _verdict(hour_rss, 120))
    idle = r.get("idle", {})
    for case, label, target in (("session", "a session runs (only the clock changes)", 0.5),
                                ("cards", "break cards rotate (12 s, 500 ms fade)", 3.0)):
        k = g(idle, f"kiosk_{case}")
        c = g(idle, f"chromium_{case}")

        def cell(entry: dict[str, Any] | None) -> str:
            if not entry:
                return "–"
            return (f"{_fmt(entry['app_cpu_s_per_min'], 's/min', 3)} = "
                    f"{entry['app_percent_of_core']['median']:.2f} % of a core "
                    f"(+ X server: {entry['with_xserver_percent_of_core']['median']:.2f} %)")

        value = _median(idle, f"kiosk_{case}", "app_percent_of_core")
        row(f"Idle CPU while {label}", cell(k), "–", cell(c), f"≤ {target:g} % of a core",
            _verdict(value, target))
    reload_ = r.get("reload", {})
    row("Reload: save of schedule.yaml → new frame on screen",
        f"{_fmt(g(reload_, 'day', 'new_frame_s'))}; log line "
        f"{_fmt(g(reload_, 'day', 'log_line_s'))}", "–", "–", "≤ 1 s",
        _verdict(_median(reload_, "day", "new_frame_s"), 1.0))
    scale = r.get("scale", {})
    row("Scale: `kiosk check` (2,000 sessions)", _fmt(g(scale, "check", "wall_s")), "–", "–",
        "≤ 1 s", _verdict(_median(scale, "check", "wall_s"), 1.0))
    row("Scale: `kiosk now` (2,000 sessions)", _fmt(g(scale, "now", "wall_s")), "–", "–",
        "≤ 0.2 s", _verdict(_median(scale, "now", "wall_s"), 0.2))
    row("Scale: `kiosk snapshot` wall time", _fmt(g(scale, "snapshot", "wall_s")), "–", "–",
        "≤ 3.0 s", _verdict(_median(scale, "snapshot", "wall_s"), 3.0))
    sff = r.get("scale_first_frame", {})
    row("Scale: time to first complete frame", _fmt(g(sff, "kiosk_run",
                                                        "first_complete_frame_s")),
        "–", "–", "≤ 1.0 s",
        _verdict(_median(sff, "kiosk_run", "first_complete_frame_s"), 1.0))
    row("Scale: memory after start",
        f"{_fmt(g(sff, 'kiosk_run', 'rss_mb'), 'MB', 0)} RSS", "–", "–", "≤ 120 MB",
        _verdict(_median(sff, "kiosk_run", "rss_mb"), 120))
    row(f"Scale: the same file on a room-door screen (`--room '{FESTIVAL_ROOM}'`): "
        "first frame; memory",
        f"{_fmt(g(sff, 'kiosk_run_room', 'first_complete_frame_s'))}; "
        f"{_fmt(g(sff, 'kiosk_run_room', 'rss_mb'), 'MB', 0)} RSS", "–", "–", "–", "")
    row("Scale: reload (save → new frame)", _fmt(g(reload_, "festival", "new_frame_s")),
        "–", "–", "≤ 1 s", _verdict(_median(reload_, "festival", "new_frame_s"), 1.0))
    land = g(scale, "screen", "landscape")
    if land:
        shown = land["rows_shown"]
        text = (f"{'yes' if land['window_around_now'] else 'no'}: programme column "
                f"{'shown' if land['programme_visible'] else 'hidden'}, "
                f"{shown[1] - shown[0]} whole rows in view (rows {shown[0]}–{shown[1] - 1} of "
                f"{land['programme_rows_today']}, counted from 0; now: row {land['focus_row']}); "
                + (f"Now panel: {land['now_sessions']} sessions as a list, "
                   f"{land.get('now_list_lines_shown')} lines in view"
                   if land.get("now_as_list") else
                   f"Now panel: {land['now_sessions']} sessions side by side, "
                   f"{land['now_column_width_px']} px each"))
        row("Scale: programme column shows a window around now (14.20, 1920×1080)", text,
            "–", "–", "yes", "met" if land["window_around_now"] else "**missed**")
    lines = [
        f"Measured {m['date']} on {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM; "
        f"{m['os']}, kernel {m['kernel']}; Python {m['python']}, PySide6 {m['pyside6']} "
        f"(Qt {m['qt']}), Chromium {m['chromium']}, Xvfb {m['xvfb']}; kiosk "
        f"{m['kiosk_commit']}; mode: {r['mode']}.",
        "",
        "How busy the whole machine was (both cores, everything on it) during each part: "
        + ", ".join(f"{part} {info['machine_busy_percent']:g} % ({info['date']})"
                    for part, info in parts.items()) + ".",
        "",
        "Each cell: **median** (min–max, n runs). RSS counts shared pages in every process "
        "that maps them; PSS shares them out, so a PSS sum is what the processes "
        "together really take.",
        "",
        "| Figure | kiosk | `import PySide6.QtWidgets` only | Chromium (same programme) "
        "| Target | Target met? |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(cells)} |" for cells in rows]
    return "\n".join(lines)


def update_doc(text: str) -> None:
    if not DOC.exists():
        return
    doc = DOC.read_text(encoding="utf-8")
    if DOC_BEGIN not in doc or DOC_END not in doc:
        return
    head, rest = doc.split(DOC_BEGIN, 1)
    _, tail = rest.split(DOC_END, 1)
    DOC.write_text(f"{head}{DOC_BEGIN}\n{text}\n{DOC_END}{tail}", encoding="utf-8")


# -- main -----------------------------------------------------------------------------


def _tool(name: str, near: Path) -> str:
    local = near / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"run.py: {name} not found (install kiosk into the venv first)")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs and shorter idle windows: a check of the harness")
    parser.add_argument("--only", nargs="+", default=None,
                        choices=["start", "idle", "hour", "reload", "scale"],
                        help="run only these parts (the others keep their figures from the "
                        "last run of the same mode in results/latest.json)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium baseline")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the festival's now, snapshot and start "
                        "(needs py-spy and pyinstrument in the venv)")
    parser.add_argument("--no-doc", action="store_true",
                        help="do not write the table into BENCHMARKS.md")
    parser.add_argument("--kiosk", type=Path, default=None, metavar="PATH",
                        help="measure this kiosk command (another checkout's venv/bin/kiosk) "
                        "instead of the one beside this Python; implies --no-doc")
    parser.add_argument("--out", default=None, metavar="NAME",
                        help="write results/NAME.json and results/NAME.md (default: latest; "
                        "quick for --quick, so that a check never overwrites a full run)")
    options = parser.parse_args()
    plan = QUICK if options.quick else FULL
    if options.out is None:
        options.out = "quick" if options.quick else "latest"
    parts = options.only or ["start", "idle", "hour", "reload", "scale"]
    if not shutil.which("Xvfb"):
        raise SystemExit("run.py: Xvfb not found: apt-get install xvfb")
    chromium = None if options.no_browser else shutil.which("chromium")
    if chromium is None and not options.no_browser:
        log("chromium not found (apt-get install chromium): the browser baseline is skipped")
    bin_dir = options.kiosk.parent if options.kiosk else Path(sys.executable).parent
    python = str(bin_dir / "python") if (bin_dir / "python").exists() else sys.executable
    RESULTS.mkdir(exist_ok=True)

    def on_signal(number: int, _frame: object) -> None:
        raise SystemExit(128 + number)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    # Every command runs with compiled bytecode, as an installed kiosk has it (pip compiles
    # on install); where PYTHONDONTWRITEBYTECODE is set each run would compile the sources.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    mode = "quick" if options.quick else "full"
    results: dict[str, Any] = {"mode": mode, "parts": {}}
    fresh: dict[str, Any] = {}
    try:
        pages = baseline_page.write_pages(SCHEDULE, HERE / "baseline")
        with xvfb() as (display, server), xprobe.Screen(display) as screen:
            b = Bench(plan=plan, display=display, xserver=server, screen=screen, work=work,
                      kiosk=str(options.kiosk) if options.kiosk else _tool("kiosk", bin_dir),
                      python=python,
                      chromium=chromium, results=fresh)
            b.blank = screen.crc()
            if options.out != "latest":
                b.pictures = RESULTS / options.out
                b.pictures.mkdir(exist_ok=True)
            results["machine"] = machine(b)
            if options.kiosk:
                results["machine"]["kiosk_commit"] = f"at {options.kiosk}"
            log(f"Xvfb {display} (pid {server.pid}); work in {work}")
            steps: dict[str, Callable[[], None]] = {
                "start": lambda: bench_start(b, pages),
                "idle": lambda: bench_idle(b, pages),
                "hour": lambda: bench_hour(b, pages),
                "reload": lambda: bench_reload(b, "day", SCHEDULE, SESSION_AT, plan.reloads,
                                               _edit_session_title),
                "scale": lambda: bench_scale(b),
            }
            for part in parts:
                busy, begun = Busy(), time.monotonic()
                steps[part]()
                results["parts"][part] = {
                    "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                    "minutes": round((time.monotonic() - begun) / 60, 1),
                    "machine_busy_percent": busy.percent(),
                }
            if options.profile:
                bench_profiles(b)
    finally:
        stop_all()
        shutil.rmtree(work, ignore_errors=True)
    results.update(fresh)
    latest = RESULTS / f"{options.out}.json"
    if options.only is not None and latest.exists():
        # Some parts again: keep the other parts' figures of the last run of the same mode.
        previous = json.loads(latest.read_text(encoding="utf-8"))
        if previous.get("mode") == mode:
            for key, value in previous.items():
                if key in ("reload",) and key in results:
                    results[key] = {**value, **results[key]}
                elif key == "parts" and isinstance(value, dict):
                    results["parts"] = {**value, **results["parts"]}
                elif key not in results:
                    results[key] = value
    latest.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    text = table(results)
    (RESULTS / f"{options.out}.md").write_text(text + "\n", encoding="utf-8")
    if not options.quick and not options.no_doc and not options.kiosk \
            and options.out == "latest":
        update_doc(text)
        if "start_ratios" in fresh:
            start_ratios.update_doc(start_ratios.table(fresh["start_ratios"]))
    print(text)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
