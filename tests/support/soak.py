"""Soak: a real screen plays a generated 3-day festival at rehearsal speed for days of
event time, while its schedule file is saved, broken, deleted and restored, its clock
jumps and its window changes shape; it must never raise, never make Qt warn, not grow
in memory, and show the right thing at every sampled moment.

This is the driver, shared by the short soak of the test suite (tests/test_soak.py) and
the long one of ``python benchmarks/soak.py``, which runs offscreen, prints a summary and
exits with status 1 if anything went wrong.

How it drives the screen: two kiosks (a lobby screen and a room-door screen) follow the
same schedule.yaml in a temporary folder, each with its own FileSource, on one rehearsal
clock. Between steps the clock runs at rehearsal speed while the Qt event loop runs (the
screens' own timers tick, speaker cards fade, file watchers fire); at each step the clock
stands still, moves on a few minutes, something may happen to the file, the window or the
clock, and what each screen shows is compared with what the schedule says for that moment:
``Timeline(last valid version).status(moment)`` for the board (mode, Now, Next, programme,
clock, staff notice), and the window's visible texts against the board (the items each
panel lists, in order, a page at a time; banner, speaker card, announcement).
Whether each board fits its window is measured too, and reported apart.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import os
import random
import sys
import time
import traceback
import tracemalloc
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QEventLoop,
    QObject,
    QTimer,
)

from kiosk.board import Mode, Region, only_room, rotation
from kiosk.notices import Rejection
from kiosk.reader import ReadResult, ScheduleError, ScheduleFileError, read_schedule
from kiosk.schedule import Schedule, Session
from kiosk.screen.app import Screen
from kiosk.screen.picture import application, settle
from kiosk.screen.record import problems as layout_problems
from kiosk.screen.source import FileSource
from kiosk.timeline import Phase, Timeline
from kiosk.words import words_for
from support.festival import festival

SIZES = ((1920, 1080), (1080, 1920), (1280, 720))
"""Landscape, portrait and a small landscape screen; the windows cycle through them."""
FAKE_MONOTONIC = 1000.0
"""The tickers' monotonic clock during jump checks: it stands still, the wall clock jumps."""
ACTIONS = ("save", "invalid", "delete", "f5", "jump", "resize")
"""What can happen at a step besides time passing (a deleted file is restored later)."""
MAX_GROWTH_MB = 8.0
"""The most resident memory may grow from the baseline (after the warm-up) to the end."""


# -- the clock --------------------------------------------------------------------------


class SoakClock:
    """A rehearsal clock the soak drives: it stands still while the driver steps it, and
    runs at ``speed`` while the event loop runs between steps."""

    is_real = False

    def __init__(self, start: dt.datetime, speed: float) -> None:
        self.speed = speed
        self._moment = start
        self._since: float | None = None

    def now(self) -> dt.datetime:
        if self._since is None:
            return self._moment
        return self._moment + dt.timedelta(seconds=(time.monotonic() - self._since) * self.speed)

    def run(self) -> None:
        self._moment = self.now()
        self._since = time.monotonic()

    def freeze(self) -> None:
        self._moment = self.now()
        self._since = None

    def set(self, moment: dt.datetime) -> None:
        self._moment = moment


# -- the schedule file: versions, breakages and ways to save -----------------------------


class Draft:
    """A version of the festival's text: lines replaced, lines added after others, a tail."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.replaced: dict[int, str] = {}
        self.after: defaultdict[int, list[str]] = defaultdict(list)
        self.tail: list[str] = []
        self.edits: list[str] = []

    def copy(self) -> Draft:
        twin = Draft(self.lines)
        twin.replaced = dict(self.replaced)
        twin.after = defaultdict(list, {k: list(v) for k, v in self.after.items()})
        twin.tail = list(self.tail)
        twin.edits = list(self.edits)
        return twin

    def text(self) -> str:
        out: list[str] = []
        for index, line in enumerate(self.lines):
            out.append(self.replaced.get(index, line))
            out.extend(self.after.get(index, ()))
        out.extend(self.tail)
        return "\n".join(out) + "\n"


class Festival:
    """The generated festival's text and where its parts are, to write versions of it."""

    def __init__(self, text: str, schedule: Schedule) -> None:
        self.lines = text.splitlines()
        self.sessions = [i for i, line in enumerate(self.lines)
                         if line.startswith("      - time: ")]
        self.event_line = next(i for i, line in enumerate(self.lines)
                               if line.startswith("  timezone: "))
        self.dates = [day.date for day in schedule.days]
        for index in self.sessions:
            assert self.lines[index + 1].startswith("        title: ")
            assert self.lines[index + 2].startswith("        kind: ")

    def version(self, number: int, rng: random.Random) -> Draft:
        """A valid version: one session retitled with the version number, and a few other
        edits of the kinds staff make on the day (a delay, a cancellation, ...)."""
        draft = Draft(self.lines)
        chosen = rng.sample(self.sessions, 4)
        title = chosen[0] + 1
        draft.replaced[title] = f"{self.lines[title]} (versie {number})"
        draft.edits.append("retitle")
        edits = rng.sample(("delay", "cancel", "note", "accent", "url", "language",
                            "announcements", "display"), rng.randint(0, 3))
        for edit, session in zip(edits, (*chosen[1:], *chosen[1:]), strict=False):
            draft.edits.append(edit)
            if edit == "delay":
                # Only delays that keep the order of the day: a negative one (or one
                # smaller than the delay running before it) makes a later item start before
                # an earlier one, and kiosk.reader._apply_delays does not sort the day again,
                # so the programme column lists, say, 10.00 above 09.55.
                draft.after[session].append(
                    f"        delay: {rng.choice((5, 10, 15, 20, 30, 45))}")
            elif edit == "cancel":
                draft.after[session].append("        cancelled: true")
            elif edit == "note":
                draft.after[session].append("        note: Verplaatst naar de foyer")
            elif edit == "accent":
                colour = rng.choice(("#3fa7d6", "#e4572e", "#59cd90", "#fac05e"))
                draft.after[self.event_line].append(f'  accent: "{colour}"')
            elif edit == "url":
                draft.after[self.event_line].append(
                    f"  url: https://example.org/festival/{number}")
            elif edit == "language":
                draft.after[self.event_line].append("  language: en")
            elif edit == "announcements":
                draft.tail += ["announcements:"]
                for day in rng.sample(self.dates, min(2, len(self.dates))):
                    start = rng.randint(8, 14)
                    draft.tail += [f"  - text: Versie {number} – de lunch is in de foyer",
                                   f"    from: {day} {start:02d}.00",
                                   f"    until: {day} {start + rng.randint(1, 6):02d}.30"]
                draft.tail += ['  - text: "Wifi: festival, wachtwoord stad2024"']
            elif edit == "display":
                draft.tail += ["display:", f"  card_seconds: {rng.choice((5, 8, 20))}"]
        return draft

    def broken(self, valid: Draft, rng: random.Random) -> tuple[str, bytes]:
        """A save that is not a valid schedule (or a half-written one that may be)."""
        kind = rng.choice(("syntax", "unknown key", "bad time", "unknown kind", "tab",
                           "duplicate key", "empty", "bytes", "half"))
        draft = valid.copy()
        session = rng.choice(self.sessions)
        if kind == "syntax":
            draft.replaced[session + 1] = '        title: "niet afgesloten'
        elif kind == "unknown key":
            draft.after[session].append("        speeker: s1")
        elif kind == "bad time":
            draft.replaced[session] = "      - time: 10.00 - 10.75"
        elif kind == "unknown kind":
            draft.replaced[session + 2] = "        kind: voordracht"  # lezing is Dutch for talk
        elif kind == "tab":
            draft.after[session].append("\tnote: met een tab")
        elif kind == "duplicate key":
            draft.after[session].append("        title: Nog een titel")
        data = draft.text().encode("utf-8")
        if kind == "empty":
            data = b""
        elif kind == "bytes":
            data = data.replace(b"title: ", b"title: \xff", 1)
        elif kind == "half":
            data = data[: len(data) // 2]
        return kind, data


def in_place(path: Path, data: bytes) -> None:
    with path.open("r+b") as stream:
        stream.write(data)
        stream.truncate()


def truncate_and_write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def temp_and_rename(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def delete_and_create(path: Path, data: bytes) -> None:
    path.unlink()
    path.write_bytes(data)


SAVES: tuple[Callable[[Path, bytes], None], ...] = (
    in_place, truncate_and_write, temp_and_rename, delete_and_create)


# -- the event loop, memory, exceptions ------------------------------------------------


def pump(ms: int) -> None:
    """Run the Qt event loop for ``ms`` milliseconds (timers, animations, watchers,
    deferred deletes)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(ready: Callable[[], bool], timeout_ms: int) -> bool:
    deadline = time.monotonic() + timeout_ms / 1000
    while not ready():
        if time.monotonic() > deadline:
            return False
        pump(10)
    return True


def _status_mb(key: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    """Resident memory now, after deferred deletes, a full collection and malloc_trim,
    so that memory freed but kept by the allocator does not count."""
    pump(50)
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: no trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return _status_mb("VmRSS")


def peak_mb() -> float:
    return _status_mb("VmHWM")


class Exceptions:
    """Every exception that reaches sys.excepthook (PySide6 reports exceptions raised in
    slots and event handlers there, and goes on); the previous hook still sees them."""

    def __init__(self) -> None:
        self.caught: list[str] = []
        self._previous = sys.excepthook

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self._hook

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def _hook(self, kind: type[BaseException], value: BaseException,
              trace: TracebackType | None) -> None:
        if len(self.caught) < 20:
            self.caught.append("".join(traceback.format_exception(kind, value, trace)))
        self._previous(kind, value, trace)


# -- the soak ---------------------------------------------------------------------------


@dataclass
class SoakOptions:
    days: int = 3
    rooms: int = 40
    sessions: int = 2000
    speakers: int = 800
    seed: int = 1
    door: str | None = "Zaal 1"
    """A second screen, at the door of this room (None: the lobby screen alone)."""
    speed: float = 120.0
    """Rehearsal speed while the event loop runs between steps."""
    step_minutes: tuple[int, int] = (1, 30)
    """Each step moves the clock this many minutes on (and a random part of one)."""
    run_ms: int = 100
    """Real time the event loop runs between steps, with the clock running."""
    chances: dict[str, float] = field(default_factory=lambda: {
        "save": 0.10, "invalid": 0.05, "delete": 0.02, "f5": 0.03, "jump": 0.04,
        "resize": 0.04})
    event_days: float = 7.0
    """Event time to play after the warm-up (at least)."""
    wall_minutes: float = 10.0
    """Wall time to run after the warm-up (at least)."""
    max_steps: int | None = None
    """Stop after this many steps after the warm-up, whatever the time."""
    save_timeout_ms: int = 30_000
    max_failures: int = 10
    """Stop after this many wrong screens (the rest would mostly repeat them)."""
    warm_up_pass: bool = True
    """Warm up over a whole pass of the event (else: every mode at every size, and every
    action once, which a short soak makes do with)."""
    tracemalloc: bool = False


@dataclass
class SoakReport:
    steps: int = 0
    warm_up_steps: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    """save, invalid (kinds too), delete, restore, f5, jump, resize, rewind."""
    modes: dict[str, Counter[str]] = field(default_factory=dict)
    """Per screen, how many sampled moments showed each mode."""
    failures: list[str] = field(default_factory=list)
    failure_count: int = 0
    exceptions: list[str] = field(default_factory=list)
    event_time: dt.timedelta = dt.timedelta()
    """Event time played after the warm-up (jumps and rewinds not counted)."""
    wall_seconds: float = 0.0
    warm_up_seconds: float = 0.0
    rss_start: float = 0.0
    rss_baseline: float = 0.0
    rss_end: float = 0.0
    rss_peak: float = 0.0
    rss_passes: list[float] = field(default_factory=list)
    """After the baseline, at the end of each pass through the event."""
    objects: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per screen, the window's QObjects at the baseline and at the end."""
    python_objects: tuple[int, int] = (0, 0)
    tick_ms: array[float] = field(default_factory=lambda: array("d"))
    """Each screen's tick with the layout it causes, at the steps (not in between)."""
    save_ms: array[float] = field(default_factory=lambda: array("d"))
    """From writing a save to both screens showing it (or its notice)."""
    heap_growth: list[str] = field(default_factory=list)
    extra_reads: int = 0
    """Reads beyond one per save (harmless if they agree; each step checks that)."""
    squeezed: Counter[str] = field(default_factory=Counter)
    """Sampled boards whose layout breaks the screen's guarantees (kiosk.screen.record:
    an overlap, a cut text that must be whole, a text out of its region, a cut text with
    room left): by screen, size, mode and the first problem. Not counted as wrong screens
    (see tests/test_soak.py)."""
    squeezed_at: list[str] = field(default_factory=list)
    """The first few of them: when and where."""
    overfull: Counter[str] = field(default_factory=Counter)
    """Not used since the layout fits by construction (kept for the report's shape)."""

    @property
    def growth_mb(self) -> float:
        return self.rss_end - self.rss_baseline

    def fail(self, message: str, limit: int) -> None:
        self.failure_count += 1
        if len(self.failures) < limit:
            self.failures.append(message)


class View:
    """One screen of the soak and what it must show."""

    def __init__(self, name: str, room: str | None, screen: Screen) -> None:
        self.name = name
        self.room = room
        self.screen = screen
        self.schedule: Schedule | None = None
        self.titles: set[str] = set()
        """Every session's title: a text that names a session on the screen."""
        self.timeline: Timeline | None = None
        self.first_start: dt.datetime | None = None
        self.emissions = 0
        self.last = ""
        self.confirmed = 0
        """Emissions when the last save was seen followed: more later are extra reads."""
        screen.source.loaded.connect(self._loaded)
        screen.source.rejected.connect(self._rejected)

    def _loaded(self, _result: object) -> None:
        self.emissions += 1
        self.last = "loaded"

    def _rejected(self, _rejection: object) -> None:
        self.emissions += 1
        self.last = "rejected"

    def follow(self, schedule: Schedule) -> None:
        """The version this screen must show from now on."""
        own = only_room(schedule, self.room) if self.room else schedule
        self.schedule = own
        self.titles = {s.title for s in own.sessions}
        self.timeline = Timeline(own)
        self.first_start = min((s.start for s in own.sessions if not s.cancelled),
                               default=None)


class Soak:
    """Runs the soak in ``folder``; see the module's description."""

    def __init__(self, folder: Path, options: SoakOptions) -> None:
        self.options = options
        self.rng = random.Random(options.seed)
        self.report = SoakReport()
        self.exceptions = Exceptions()
        self.path = folder / "schedule.yaml"
        text = festival(options.days, options.rooms, options.sessions, options.speakers,
                        options.seed)
        self.path.write_text(text, encoding="utf-8")
        first = read_schedule(self.path)
        self.festival = Festival(text, first.schedule)
        self.draft = Draft(self.festival.lines)
        self.versions = 0
        self.valid: ReadResult = first
        """The last valid version written: what the screens must show."""
        self.notice = ""
        """The staff notice the screens must show: the last save's, if it was refused."""
        self.missing_steps = 0
        self.step_number = 0
        self.sizes = 0
        zone = first.schedule.event.timezone
        days = first.schedule.days
        self.start = dt.datetime.combine(days[0].date - dt.timedelta(days=1), dt.time(20),
                                         zone)
        self.end = dt.datetime.combine(days[-1].date + dt.timedelta(days=1), dt.time(8), zone)
        self.clock = SoakClock(self.start, options.speed)
        self.views: list[View] = []
        rooms = [("lobby", None)] + ([("door", options.door)] if options.door else [])
        for number, (name, room) in enumerate(rooms):
            screen = Screen(FileSource(self.path), first, self.clock, room)
            view = View(name, room, screen)
            view.follow(first.schedule)
            self.views.append(view)
            self.report.modes[name] = Counter()
            screen.window.resize(*SIZES[number % len(SIZES)])
            screen.window.show()
            screen.start()
        settle()

    # -- running ------------------------------------------------------------------

    def run(self) -> SoakReport:
        report = self.report
        options = self.options
        self.exceptions.install()
        started = time.monotonic()
        try:
            report.rss_start = rss_mb()
            self._warm_up()
            report.warm_up_steps = self.step_number
            report.warm_up_seconds = time.monotonic() - started
            report.rss_baseline = self._measure()
            report.objects = {v.name: (self._qobjects(v), 0) for v in self.views}
            python_start = len(gc.get_objects())
            if options.tracemalloc:
                tracemalloc.start(10)
            heap = tracemalloc.take_snapshot() if options.tracemalloc else None
            measured = time.monotonic()
            report.event_time = dt.timedelta()
            steps = 0
            while not self._stopped():
                wall = (time.monotonic() - measured) / 60
                if (report.event_time.total_seconds() >= options.event_days * 86400
                        and wall >= options.wall_minutes):
                    break
                if options.max_steps is not None and steps >= options.max_steps:
                    break
                self.step()
                steps += 1
            if heap is not None:
                growth = tracemalloc.take_snapshot().compare_to(heap, "lineno")
                report.heap_growth = [str(stat) for stat in growth[:8]]
                tracemalloc.stop()
            report.rss_end = self._measure()
            report.objects = {v.name: (report.objects[v.name][0], self._qobjects(v))
                              for v in self.views}
            report.python_objects = (python_start, len(gc.get_objects()))
        except Exception:  # raised by a call of the screen's code (a tick), or a bug here
            self.exceptions.caught.append(f"at step {self.step_number}, the soak stopped: "
                                          + traceback.format_exc())
        finally:
            report.wall_seconds = time.monotonic() - started
            report.steps = self.step_number
            report.rss_end = report.rss_end or rss_mb()  # stopped early: as it is
            report.rss_peak = peak_mb()
            self.exceptions.uninstall()
            report.exceptions = list(self.exceptions.caught)
        return report

    def close(self) -> None:
        for view in self.views:
            screen = view.screen
            screen.ticker.stop()
            screen.source.stop()
            screen.window.allow_close()
            screen.window.close()
            screen.window.deleteLater()
            screen.source.deleteLater()
        self.views = []
        pump(20)

    def _stopped(self) -> bool:
        return self.report.failure_count >= self.options.max_failures

    def _warm_up(self) -> None:
        """Every mode at every size, every action once, then a whole pass of the event
        (unless told otherwise): what is allocated once (fonts at each size, widgets for
        the most parallel sessions, icons, layouts) is allocated before the baseline."""
        probes = self._probes()
        for _ in SIZES:
            self._resize()
            for moment in probes:
                self.clock.set(moment)
                self._tick_all()
                self._check("warm-up")
        self.clock.set(self.start)
        forced = list(ACTIONS)
        while forced and not self._stopped():
            self.step(forced.pop(0))
        while (self.options.warm_up_pass and self.clock.now() < self.end - dt.timedelta(hours=1)
               and not self._stopped()):
            self.step()
        while self.missing_steps and not self._stopped():
            self.step()

    def _probes(self) -> list[dt.datetime]:
        """Few moments that show each mode each screen can show."""
        shows: dict[dt.datetime, set[tuple[str, Mode]]] = {}
        moment = self.start + dt.timedelta(minutes=2)
        while moment < self.end:
            shows[moment] = {(v.name, self._expected_mode(v, moment)) for v in self.views}
            moment += dt.timedelta(minutes=5)
        missing = set().union(*shows.values())
        chosen: list[dt.datetime] = []
        while missing:
            best = max(shows, key=lambda m: len(shows[m] & missing))
            chosen.append(best)
            missing -= shows[best]
        return sorted(chosen)

    def step(self, action: str | None = None) -> None:
        """Let the event loop run with the clock running, then move the clock on, maybe
        do something, and check every screen."""
        self.step_number += 1
        options = self.options
        report = self.report
        self.clock.run()
        before = self.clock.now()
        pump(options.run_ms)
        self.clock.freeze()
        report.event_time += self.clock.now() - before
        low, high = options.step_minutes
        self._advance(dt.timedelta(minutes=self.rng.randint(low, high) + self.rng.random()))
        if action == "delete" and self.missing_steps:
            action = None
        if action is None:
            action = self._choose()
        ticked = False
        if self.missing_steps:
            self.missing_steps -= 1
            if not self.missing_steps:
                self._save_valid(truncate_and_write)
                report.actions["restore"] += 1
        if action == "save":
            self._save_valid(self.rng.choice(SAVES))
        elif action == "invalid":
            self._save_invalid()
        elif action == "delete":
            self._delete()
        elif action == "f5":
            self._f5()
        elif action == "jump":
            self._jump()
            ticked = True
        elif action == "resize":
            self._resize()
        if action and action != "resize":
            report.actions[action] += 1
        if not ticked:
            self._tick_all()
        self._check(action or "step")

    def _choose(self) -> str | None:
        roll = self.rng.random()
        for action, chance in self.options.chances.items():
            if action == "delete" and self.missing_steps:
                continue
            if roll < chance:
                return action
            roll -= chance
        return None

    def _advance(self, delta: dt.timedelta) -> None:
        self.report.event_time += delta
        moment = self.clock.now() + delta
        if moment >= self.end:  # the event is over: rehearse it again from the start
            moment = self.start + dt.timedelta(minutes=self.rng.randint(0, 120))
            self.report.actions["rewind"] += 1
            if self.report.rss_baseline:
                self.report.rss_passes.append(self._measure())
        self.clock.set(moment)

    def _tick_all(self) -> None:
        for view in self.views:
            started = time.perf_counter()
            view.screen.ticker.tick()
            settle()
            self.report.tick_ms.append((time.perf_counter() - started) * 1000)

    # -- what happens -------------------------------------------------------------

    def _write(self, data: bytes, save: Callable[[Path, bytes], None]) -> None:
        if save in (in_place, delete_and_create) and not self.path.exists():
            save = truncate_and_write
        save(self.path, data)

    def _save_valid(self, save: Callable[[Path, bytes], None]) -> None:
        self.versions += 1
        draft = self.festival.version(self.versions, self.rng)
        counts = self._counts()
        started = time.monotonic()
        self._write(draft.text().encode("utf-8"), save)
        self.draft = draft
        self._expect(f"save {self.versions} ({save.__name__}, {'+'.join(draft.edits)})",
                     counts, started, must_be_valid=True)
        self.missing_steps = 0

    def _save_invalid(self) -> None:
        kind, data = self.festival.broken(self.draft, self.rng)
        self.report.actions[f"invalid: {kind}"] += 1
        counts = self._counts()
        started = time.monotonic()
        self._write(data, self.rng.choice(SAVES))
        self._expect(f"invalid save ({kind})", counts, started,
                     must_be_valid=False if kind != "half" else None)

    def _delete(self) -> None:
        counts = self._counts()
        started = time.monotonic()
        self.path.unlink()
        self._expect("deleted file", counts, started, must_be_valid=False)
        self.missing_steps = self.rng.randint(1, 3)

    def _f5(self) -> None:
        counts = self._counts()
        started = time.monotonic()
        for view in self.views:
            view.screen.source.reload()
        self._expect("F5", counts, started, must_be_valid=None)

    def _counts(self) -> list[int]:
        """Emissions before a save; any since the last save was followed are extra reads."""
        for view in self.views:
            self.report.extra_reads += view.emissions - view.confirmed
            view.confirmed = view.emissions
        return [v.emissions for v in self.views]

    def _expect(self, what: str, counts: list[int], started: float,
                must_be_valid: bool | None) -> None:
        """Work out what the screens must show after a save (by reading the file as the
        screens do) and wait until both have followed it."""
        try:
            result: ReadResult | None = read_schedule(self.path)
        except (ScheduleError, ScheduleFileError) as error:
            result = None
            words = words_for(self.valid.schedule.event.language)
            self.notice = Rejection.of(error, self.path.name).notice(words)
        if must_be_valid is not None and (result is not None) != must_be_valid:
            self.report.fail(f"{what}: the reader {'took' if result else 'refused'} it",
                             self.options.max_failures)
        self.report.actions["taken" if result is not None else "refused"] += 1
        if result is not None:
            self.valid = result
            self.notice = ""
            for view in self.views:
                view.follow(result.schedule)
        outcome = "loaded" if result is not None else "rejected"

        def followed() -> bool:
            return all(v.emissions > count and v.last == outcome
                       for v, count in zip(self.views, counts, strict=True))

        if wait_until(followed, self.options.save_timeout_ms):
            self.report.save_ms.append((time.monotonic() - started) * 1000)
        for view, count in zip(self.views, counts, strict=True):
            if not (view.emissions > count and view.last == outcome):
                self._fail(view, f"{what}: not followed within "
                           f"{self.options.save_timeout_ms} ms (last read: {view.last})")
            elif result is not None and view.screen.result.schedule != result.schedule:
                self._fail(view, f"{what}: the screen took another version")
            # One read per save is the rule; a late second read must at least agree (the
            # checks at the following steps would see it otherwise).
            self.report.extra_reads += view.emissions - count - 1
            view.confirmed = view.emissions

    def _jump(self) -> None:
        """The wall clock jumps (as NTP or a person would move it): the tickers' jump
        check must notice it and catch up at once."""
        hours = self.rng.choice((-6, -3, -1, 1, 2, 5, 12))
        moment = self.clock.now() + dt.timedelta(hours=hours, minutes=self.rng.randint(0, 59))
        if not self.start <= moment < self.end:
            moment = self.clock.now() - dt.timedelta(hours=hours)
        for view in self.views:
            ticker = view.screen.ticker
            ticker._monotonic = lambda: FAKE_MONOTONIC
            ticker.check_jump()  # take the offset as it is now
            if ticker.check_jump():
                self._fail(view, "a jump was seen while the clock stood still")
        self.clock.set(moment)
        for view in self.views:
            if not view.screen.ticker.check_jump():
                self._fail(view, f"a jump of {hours:+d} h was not noticed")
            settle()

    def _measure(self) -> float:
        """Resident memory with the screens in one and the same state: each window at its
        first size (a window's backing store alone is 8 MB at 1920x1080) showing the
        evening before the event."""
        for number, view in enumerate(self.views):
            view.screen.window.resize(*SIZES[number % len(SIZES)])
        moment = self.clock.now()
        self.clock.set(self.start)
        self._tick_all()
        rss = rss_mb()
        self.clock.set(moment)
        self._tick_all()
        return rss

    def _resize(self) -> None:
        self.report.actions["resize"] += 1
        self.sizes += 1
        for number, view in enumerate(self.views):
            view.screen.window.resize(*SIZES[(self.sizes + number) % len(SIZES)])
        settle()

    # -- checking -----------------------------------------------------------------

    def _expected_mode(self, view: View, moment: dt.datetime) -> Mode:
        assert view.timeline is not None
        phase = view.timeline.status(moment).phase
        if phase is Phase.SESSION:
            return Mode.SESSION
        if phase is Phase.BREAK:
            return Mode.BREAK
        if phase is Phase.AFTER:
            return Mode.THANKS
        first = view.first_start
        if first is None or moment < first:
            return Mode.WELCOME
        # A later day's welcome starts at 06.00 that day (at midnight if its programme
        # starts before then); the night before, the screen is between days.
        status = view.timeline.status(moment)
        schedule = view.timeline.schedule
        coming = schedule.session_day(status.next[0])
        local = schedule.local(moment)
        early = any(schedule.local(s.start).time() < dt.time(6)
                    for day in schedule.days if day.date == coming
                    for s in day.sessions if not s.cancelled)
        welcome_from = dt.datetime.combine(coming, dt.time() if early else dt.time(6),
                                           local.tzinfo)
        return Mode.WELCOME if local >= welcome_from else Mode.BETWEEN_DAYS

    def _check(self, what: str) -> None:
        pump(1)  # what the event loop does next: queued shows, deferred deletes, layout
        moment = self.clock.now()
        for view in self.views:
            problems = self._problems(view, moment)
            if problems:
                self._fail(view, f"{what}: " + "; ".join(problems))
            self._measure_fit(view)

    def _measure_fit(self, view: View) -> None:
        """Count the board if what the window shows breaks the screen's guarantees (see
        kiosk.screen.record.problems: overlaps, cut texts, text out of its region...)."""
        window = view.screen.window
        board = window.board
        assert board is not None
        found = layout_problems(window.planned())
        if not found:
            return
        where = f"{view.name} {window.width()}x{window.height()} {board.mode.value}"
        self.report.squeezed[f"{where}: {found[0]}"] += 1
        if len(self.report.squeezed_at) < 5:
            local = self.valid.schedule.local(self.clock.now())
            self.report.squeezed_at.append(
                f"step {self.step_number}, {where}, {local:%a %Y-%m-%d %H:%M:%S}: "
                + "; ".join(found[:3]))

    def _lists(self, view: View) -> list[tuple[str, Region, list[tuple[str, ...]]]]:
        """The window's lists of items: name, region, and this board's items, each with
        the texts that name it."""
        window = view.screen.window
        board = window.board
        assert board is not None
        return [
            ("Now", Region.NOW, [(i.title, i.short_title) for i in board.now]
             + [(i.title,) for i in board.now_cancelled]),
            ("Next", Region.NEXT, [(i.title, i.short_title) for i in board.next]
             + [(i.title,) for i in board.next_cancelled]),
        ]

    def _problems(self, view: View, moment: dt.datetime) -> list[str]:
        """How what ``view`` shows differs from what it must show at ``moment``."""
        assert view.timeline is not None
        window = view.screen.window
        board = window.board
        if board is None:
            return ["no board"]
        status = view.timeline.status(moment)
        mode = self._expected_mode(view, moment)
        self.report.modes[view.name][board.mode.value] += 1
        problems: list[str] = []

        def differ(what: str, shown: object, wanted: object) -> None:
            if shown != wanted:
                problems.append(f"{what} {shown!r}, not {wanted!r}")

        differ("mode", board.mode, mode)
        differ("now", [i.title for i in board.now], [s.title for s in status.current])
        differ("next", [i.title for i in board.next],
               [s.title for s in status.next] if mode is not Mode.THANKS else [])
        schedule = self.valid.schedule
        clock = words_for(schedule.event.language).clock(schedule.local(moment))
        differ("board clock", board.header.clock, clock)
        header = Region.DOOR if view.screen.room else Region.HEADER
        differ("clock", window.texts(header, "clock"), [clock])
        shown_notice = window.notice.text()
        head = self.notice.split(": ", 1)[0]  # what happens, the file and the line
        if not (shown_notice.endswith("…") and shown_notice.startswith(head)
                and self.notice.startswith(shown_notice.removesuffix("…").rstrip())):
            differ("notice", shown_notice, self.notice)  # whole, or cut in its message only
        differ("notice shown", window.notice.isVisibleTo(window), bool(self.notice))
        differ("Now panel shown", window.now.isVisibleTo(window), mode is Mode.SESSION)
        # The board says which regions show; a full screen may leave Next out (what runs
        # comes first), never show one the board did not ask for.
        differ("Next on the board", Region.NEXT in board.regions,
               bool(board.next) and mode is not Mode.WELCOME)
        differ("regions shown", {r for r in Region if window.shows(r)} - set(board.regions)
               - {Region.NOTICE}, set())
        for name, region, items in self._lists(view):
            if not window.shows(region):
                continue
            # A page of the items, in order: the titles shown are items that follow one
            # another.
            shown = window.texts(region, "title", full=True)
            names = [next((i for i, texts in enumerate(items) if title in texts), None)
                     for title in shown]
            if not shown or None in names or names != list(
                    range(names[0] or 0, (names[0] or 0) + len(names))):
                problems.append(f"{name} shows {shown!r}, not a page of "
                                f"{[texts[0] for texts in items]!r}")
        if window.shows(Region.PROGRAMME):
            titles = {row.title for row in board.programme} | {
                row.short_title for row in board.programme} | {
                f"{row.heading}:" for row in board.programme if row.heading}
            stray = [t for t in window.texts(Region.PROGRAMME, "title", full=True)
                     if t not in titles]
            if stray:
                problems.append(f"programme shows {stray!r}, not rows of the board")
        assert view.schedule is not None
        own = view.schedule
        day = status.day
        if day is None or mode is Mode.BETWEEN_DAYS:  # the day it resumes; the last, after
            day = (own.day_of(own.local(status.next[0].start).date()) if status.next
                   else own.days[-1] if own.days else None)
        if day is not None:
            words = words_for(own.event.language)
            groups: dict[dt.datetime, list[Session]] = {}
            for session in day.sessions:
                groups.setdefault(session.start, []).append(session)

            def marker(sessions: list[Session]) -> str:
                if any(s in status.current for s in sessions):
                    return "current"
                return "next" if any(s in status.next for s in sessions) else ""

            differ("programme", [
                (row.time, row.title, row.cancelled,
                 row.state.value if row.state.value in ("current", "next") else "")
                for row in board.programme
            ], [
                (words.clock(own.local(s.scheduled_start)), s.title, s.cancelled, marker([s]))
                for s in sorted(day.sessions, key=lambda s: s.scheduled_start)
            ])
        differ("banner shown", window.banner.isVisibleTo(window), board.banner is not None)
        if board.banner is not None:
            differ("banner", window.texts(Region.BANNER, "title", full=True)[:1],
                   [board.banner.heading])
        if board.cards and window.shows(Region.CARD):  # cards give way on a full screen
            index = rotation(moment, board.card_seconds) % len(board.cards)
            differ("card", window.cards.card, board.cards[index])
        if board.announcements:
            index = rotation(moment, board.card_seconds) % len(board.announcements)
            differ("announcement", window.texts(Region.ANNOUNCEMENT, "announcement",
                                                full=True), [board.announcements[index]])
        return problems

    def _fail(self, view: View, message: str) -> None:
        local = self.valid.schedule.local(self.clock.now())
        self.report.fail(f"step {self.step_number}, {view.name} screen at "
                         f"{local:%a %Y-%m-%d %H:%M:%S}: {message}", self.options.max_failures)

    @staticmethod
    def _qobjects(view: View) -> int:
        return sum(1 for _ in view.screen.window.findChildren(QObject))


def soak(folder: Path, options: SoakOptions) -> SoakReport:
    """Run a soak with ``options`` in ``folder`` (a temporary folder) and report."""
    application()
    driver = Soak(folder, options)
    try:
        return driver.run()
    finally:
        driver.close()
