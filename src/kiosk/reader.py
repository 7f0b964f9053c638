"""schedule.yaml to :class:`~kiosk.schedule.Schedule`, with every problem at its line.

The reader checks the whole file and reports every problem at once, each as
``FILE:LINE:COL: message``. It never raises anything but :class:`ScheduleError`
(and :class:`ScheduleFileError` when the file cannot be opened at all).
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import itertools
import os
import posixpath
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

from kiosk.schedule import (
    DEFAULT_TIMEZONE,
    LANGUAGES,
    Announcement,
    Day,
    Display,
    Event,
    Kind,
    Schedule,
    Session,
    Speaker,
    zone_name,
)
from kiosk.yamltree import Mapping, Node, Refused, Scalar, Sequence, TreeError, compose

MAX_BYTES = 1024 * 1024
"""Far above any real programme (the 2,000-session test festival is ~300 KiB)."""
MAX_IMPORT_BYTES = 20 * 1024 * 1024
"""An export from a conference system (kiosk.formats): a large congress exports several MiB."""

HINT_BUDGET = 3_000_000
"""The "did you mean" work (names compared x letters squared) one file may cost: dozens of
hints against a festival's 800 speakers, not minutes of difflib for thousands of unknown
names against thousands of listed ones."""

_CLOCK = re.compile(r"(\d{1,2})[:.](\d{1,9})")
"""At most 9 digits of minutes: int() refuses strings of more than 4,300 (ValueError)."""
_RANGE = re.compile(r"\s*([^\s\-–—]+)\s*[-–—]\s*(\S+)\s*")
"""The start runs to the first dash (a lazy ``\\S+?`` made '1-----...- x' quadratic)."""
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OFFSET = re.compile(r"(?:UTC)?([+-])(\d{2}):?(\d{2})")
"""A fixed offset from UTC, as exports without a time zone name give it: +01:00, UTC-05:30."""
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_INTEGER = re.compile(r"[+-]?\d{1,9}")
"""At most 9 digits, as in _CLOCK."""
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029]")
"""Characters a schedule never holds: control characters, non-characters, and U+2028 and
U+2029, which YAML counts as line breaks and editors do not (the line numbers would drift)."""
DAY_MINUTES = 24 * 60
EVENING = 18 * 60
MORNING = 6 * 60
"""A session that starts at EVENING or later and ends at MORNING or earlier, with its end
before its start (23.30 - 00.30), ends the next morning."""
NIGHT_LIMIT = 12 * 60
"""A day's ``until:`` (how far into the next morning it runs) is at most this."""
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful, for a warning) in a schedule file."""

    line: int
    column: int
    message: str
    warning: bool = False

    def format(self, source: str) -> str:
        """The problem as ``FILE:LINE:COL: [warning: ]message``, the form editors jump to."""
        label = "warning: " if self.warning else ""
        return f"{source}:{self.line}:{self.column}: {label}{self.message}"


class ScheduleFileError(Exception):
    """The schedule file cannot be opened or read at all (exit status 2)."""


class ScheduleError(Exception):
    """The schedule file's content is not a valid schedule (exit status 1)."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(sorted(problems, key=lambda p: (p.line, p.column)))
        self.errors = tuple(p for p in self.problems if not p.warning)
        first = self.errors[0] if self.errors else self.problems[0]
        super().__init__(first.format(source))

    def lines(self) -> list[str]:
        return [p.format(self.source) for p in self.problems]


@dataclass(frozen=True)
class ReadResult:
    """A valid schedule and the warnings about it."""

    schedule: Schedule
    warnings: tuple[Problem, ...]
    source: str

    def warning_lines(self) -> list[str]:
        return [p.format(self.source) for p in self.warnings]


def read_schedule(path: str | os.PathLike[str]) -> ReadResult:
    """Read and check the schedule file at ``path``.

    Raises ScheduleFileError when it cannot be opened, ScheduleError when its
    content is not a valid schedule.
    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_IMPORT_BYTES + 1)  # YAML stays limited to MAX_BYTES
    except OSError as error:
        reason = error.strerror or str(error)
        raise ScheduleFileError(f"{path}: cannot read the schedule file: {reason}") from None
    return parse_schedule(data, source=str(path), folder=path.parent)


def parse_schedule(data: bytes | str, source: str, folder: Path | None = None) -> ReadResult:
    """Check ``data`` (the content of a schedule file) and build the schedule.

    ``folder`` is where photos are looked up; None (a schedule fetched from a
    URL) skips the check that photo files exist.
    """
    from kiosk.formats.detect import detect
    from kiosk.formats.model import Format

    found = detect(data, source)
    if found is not Format.YAML:  # an export of a conference system, a calendar, a spreadsheet
        from kiosk.formats import read_imported

        return read_imported(data, source, folder, found)
    text = _decode(data, source)
    try:
        root, tree_problems = compose(text)
    except TreeError as error:
        p = error.problem
        raise ScheduleError(source, [Problem(p.line, p.column, p.message)]) from None
    except yaml.MarkedYAMLError as error:
        raise ScheduleError(source, [_syntax_problem(error, text)]) from None
    except yaml.YAMLError as error:  # unmarked: only reader errors, which _decode excludes
        raise ScheduleError(source, [Problem(1, 1, f"not readable as YAML: {error}")]) from None
    return parse_tree(root, source, folder,
                      [Problem(p.line, p.column, p.message) for p in tree_problems])


def parse_tree(
    root: Node | None,
    source: str,
    folder: Path | None = None,
    problems: Iterable[Problem] = (),
) -> ReadResult:
    """Check a schedule given as a node tree (from YAML, or from another format shaped
    like schedule.yaml) and build it; ``problems`` are those found while making the tree.

    Every format goes through here, so a session means the same whatever file it came from.
    """
    checker = _Checker(folder)
    checker.problems.extend(problems)
    schedule = checker.schedule(root)
    if schedule is None or any(not p.warning for p in checker.problems):
        raise ScheduleError(source, checker.problems)
    warnings = tuple(sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return ReadResult(schedule, warnings, source)


def _decode(data: bytes | str, source: str) -> str:
    def fail(line: int, column: int, message: str) -> ScheduleError:
        return ScheduleError(source, [Problem(line, column, message)])

    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_BYTES:
        raise fail(1, 1, f"the file is larger than {MAX_BYTES // 1024} KiB: not a schedule")
    if not data.strip():
        raise fail(1, 1, "the file is empty: a schedule needs at least 'event:' and 'sessions:'")
    data = data.removeprefix(codecs.BOM_UTF8)  # positions count from after it, as YAML's do
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _position(data, nul)
        raise fail(line, column, "the file holds binary data (a NUL byte), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        raise fail(line, column, "the file is not UTF-8 text: save it as UTF-8") from None
    control = _CONTROL.search(text)
    if control is not None:
        line, column = _position(data, len(text[: control.start()].encode("utf-8")))
        code = ord(control.group())
        raise fail(line, column, f"the file holds a control character (U+{code:04X})")
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    head = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # YAML's line breaks
    line_start = head.rfind(b"\n") + 1
    column = len(head[line_start:].decode("utf-8", "replace")) + 1
    return head.count(b"\n") + 1, column


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (error.problem or "").strip()
    if problem == "found character that cannot start any token":
        # libyaml (the C loader) does not name the character as the Python loader does.
        lines = re.split(r"\r\n?|\n", text)  # YAML's line breaks
        found = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
        if found:
            problem = f"found character {found!r} that cannot start any token"
    if "'\\t'" in problem or "tab character" in problem:
        message = "a tab character: indent with spaces"
    elif problem in (
        "mapping values are not allowed here",  # the Python loader
        "mapping values are not allowed in this context",  # libyaml
    ):
        message = "a ':' where no key can start here: put text that holds ': ' in quotes"
    elif problem.startswith(("found character '@'", "found character '`'")):
        message = f"{problem}: put the text in quotes"
    else:
        context = (error.context or "").strip()
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Problem(line, column, message)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping (key: value lines)"
    if isinstance(node, Sequence):
        return "a list"
    return "a single value"


_TOP_KEYS = ("event", "speakers", "sessions", "days", "announcements", "display")
_EVENT_KEYS = (
    "title", "subtitle", "venue", "date", "until", "timezone", "language", "url", "accent",
)
_SPEAKER_KEYS = ("name", "role", "photo")
_SESSION_KEYS = (
    "time", "start", "end", "title", "kind", "speakers", "description", "room",
    "delay", "cancelled", "note", "id",
)
_DAY_KEYS = ("date", "until", "sessions")
_ANNOUNCEMENT_KEYS = ("text", "from", "until")
_DISPLAY_KEYS = ("card_seconds",)


@dataclass
class _PlannedSession:
    """A session as read, before delays are applied."""

    node: Mapping
    title: str
    kind: Kind
    start: dt.datetime
    end: dt.datetime
    speakers: tuple[Speaker, ...]
    description: str | None
    room: str | None
    delay: int | None
    cancelled: bool
    note: str | None
    id: str | None
    day: dt.date | None
    """The day it belongs to when it starts on the next morning (see Checker.night)."""


class _Checker:
    """Walks the node tree once, collecting problems and building the schedule."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.speakers: dict[str, Speaker] = {}
        self.speaker_nodes: dict[str, Node] = {}
        self.speaker_ids: set[str] = set()
        self.speakers_used: set[str] = set()
        self.timezone: dt.tzinfo = ZoneInfo(DEFAULT_TIMEZONE)
        self.hint_budget = HINT_BUDGET
        self._moments: dict[tuple[dt.date, int], tuple[dt.datetime, dt.datetime | None]] = {}

    def did_you_mean(self, word: str, choices: Collection[str]) -> str:
        """The hint of :func:`_did_you_mean` while the file's HINT_BUDGET lasts, else ''."""
        cost = len(choices) * len(word) ** 2
        if cost > self.hint_budget:
            return ""
        self.hint_budget -= cost
        return _did_you_mean(word, choices)

    # -- reporting -------------------------------------------------------

    def error(self, node: Node, message: str) -> None:
        self.problems.append(Problem(node.line, node.column, message))

    def warn(self, node: Node, message: str) -> None:
        self.problems.append(Problem(node.line, node.column, message, warning=True))

    # -- shapes ----------------------------------------------------------

    def fields(
        self, node: Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        """The values of a mapping by key, reporting duplicates, unknown and missing keys."""
        if isinstance(node, Refused):
            return None
        if not isinstance(node, Mapping):
            self.error(node, f"{what} must be a mapping of keys, found {_describe(node)}")
            return None
        values: dict[str, Node] = {}
        first_line: dict[str, int] = {}
        for key_node, value in node.items:
            if not isinstance(key_node, Scalar):
                self.error(key_node, f"a key in {what} must be a plain word")
                continue
            key = key_node.value
            if key in first_line:
                self.error(
                    key_node, f"duplicate key '{key}' (first on line {first_line[key]})"
                )
                continue
            first_line[key] = key_node.line
            if key not in allowed:
                hint = self.did_you_mean(key, allowed)
                known = "" if hint else f" (known keys: {', '.join(allowed)})"
                self.error(key_node, f"unknown key '{key}' in {what}{hint}{known}")
                continue
            values[key] = value
        for key in required:
            if key not in values and key not in first_line:
                self.error(node, f"{what} needs '{key}:'")
        return values

    def text(self, node: Node | None, what: str, required: bool = False) -> str | None:
        """A one-line or multi-line text value, stripped; None when absent or null."""
        if node is None or isinstance(node, Refused):
            return None
        if not isinstance(node, Scalar):
            self.error(node, f"{what} must be text, found {_describe(node)}")
            return None
        if node.is_null or not node.value.strip():
            if required:
                self.error(node, f"{what} is empty")
            return None
        return node.value.strip()

    def scalar(self, node: Node, what: str) -> str | None:
        if isinstance(node, Refused):
            return None
        if not isinstance(node, Scalar) or node.is_null:
            self.error(node, f"{what} must be a single value, found "
                       f"{'nothing' if isinstance(node, Scalar) else _describe(node)}")
            return None
        return node.value.strip()

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        if isinstance(node, Refused):
            return None
        if not isinstance(node, Sequence):
            self.error(node, f"{what} must be a list ('- ' items), found {_describe(node)}")
            return None
        return node.items

    # -- the document ----------------------------------------------------

    def schedule(self, root: Node | None) -> Schedule | None:
        if root is None:
            self.problems.append(Problem(1, 1, "the file holds no schedule (only comments?)"))
            return None
        if not isinstance(root, Mapping):
            self.error(root, f"a schedule must be a mapping with 'event:' at the top, "
                       f"found {_describe(root)}")
            return None
        top = self.fields(root, "the schedule", _TOP_KEYS, required=("event",))
        if top is None:
            return None
        event_node = top.get("event")
        event_fields = (
            self.fields(event_node, "event", _EVENT_KEYS, required=("title",))
            if event_node is not None else None
        )
        event = self.event(event_fields) if event_fields is not None else None
        if "speakers" in top:
            self.read_speakers(top["speakers"])
        display = self.display(top["display"]) if "display" in top else Display()
        days = self.programme(root, top, event_fields or {})
        announcements = (
            self.announcements(top["announcements"], days) if "announcements" in top else ()
        )
        for speaker_id, node in self.speaker_nodes.items():
            if speaker_id not in self.speakers_used:
                self.warn(node, f"speaker '{speaker_id}' is listed but speaks at no session")
        if event is None or days is None:
            return None
        return Schedule(
            event=event,
            days=days,
            speakers=tuple(self.speakers.values()),
            announcements=announcements,
            display=display,
        )

    def event(self, fields: dict[str, Node]) -> Event | None:
        title = self.text(fields.get("title"), "event.title", required=True)
        timezone = self.timezone_of(fields["timezone"]) if "timezone" in fields else self.timezone
        self.timezone = timezone
        language = "nl"
        if "language" in fields:
            value = self.scalar(fields["language"], "event.language")
            if value is not None and value.lower() in LANGUAGES:
                language = value.lower()
            elif value is not None:
                self.error(fields["language"], f"unknown language '{value}': use "
                           f"{' or '.join(LANGUAGES)}{self.did_you_mean(value.lower(), LANGUAGES)}")
        url = self.text(fields.get("url"), "event.url")
        if url is not None and not re.fullmatch(r"https?://\S+", url):
            self.error(fields["url"], f"event.url must start with http:// or https://, "
                       f"found '{url}'")
            url = None
        accent = self.accent(fields["accent"]) if "accent" in fields else None
        if title is None:
            return None
        return Event(
            title=title,
            subtitle=self.text(fields.get("subtitle"), "event.subtitle"),
            venue=self.text(fields.get("venue"), "event.venue"),
            timezone=timezone,
            language=language,
            url=url,
            accent=accent,
        )

    def timezone_of(self, node: Node) -> dt.tzinfo:
        name = self.scalar(node, "event.timezone")
        if name is None:
            return self.timezone
        offset = _OFFSET.fullmatch(name)
        if offset is not None:  # an export that gives only UTC offsets: no summer time then
            sign, hours, minutes = offset.groups()
            delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
            if delta > dt.timedelta(hours=14) or int(minutes) > 59:
                self.error(node, f"time zone '{name}': an offset from UTC is at most 14.00 hours")
                return self.timezone
            return dt.timezone(-delta if sign == "-" else delta)
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            hint = self.did_you_mean(name, available_timezones())
            self.error(node, f"unknown time zone '{name}'{hint or ' (like Europe/Amsterdam)'}")
            return self.timezone

    def accent(self, node: Node) -> str | None:
        if isinstance(node, Scalar) and node.is_null:
            self.error(node, 'event.accent is empty; a colour starts with \'#\', which YAML '
                       'reads as a comment: write it in quotes, accent: "#1a7f5a"')
            return None
        value = self.scalar(node, "event.accent")
        if value is None:
            return None
        if not _COLOUR.fullmatch(value):
            self.error(node, f"event.accent must be a colour like \"#1a7f5a\", found '{value}'")
            return None
        return value.lower()

    def display(self, node: Node) -> Display:
        fields = self.fields(node, "display", _DISPLAY_KEYS)
        if not fields or "card_seconds" not in fields:
            return Display()
        value = self.number(fields["card_seconds"], "display.card_seconds", 3, 600)
        return Display() if value is None else Display(card_seconds=value)

    def number(self, node: Node, what: str, low: float, high: float) -> float | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        if not _NUMBER.fullmatch(value) or not low <= float(value) <= high:
            self.error(node, f"{what} must be a number from {low:g} to {high:g}, found '{value}'")
            return None
        return float(value)

    def integer(self, node: Node, what: str, low: int, high: int) -> int | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        if not _INTEGER.fullmatch(value) or not low <= int(value) <= high:
            self.error(node, f"{what} must be a whole number from {low} to {high}, "
                       f"found '{value}'")
            return None
        return int(value)

    # -- speakers --------------------------------------------------------

    def read_speakers(self, node: Node) -> None:
        if isinstance(node, Scalar) and node.is_null:
            return
        if not isinstance(node, Mapping):
            if not isinstance(node, Refused):
                self.error(node, "speakers must map an id to each speaker's details "
                           f"(roel-wever: then name:, role:), found {_describe(node)}")
            return
        seen: dict[str, int] = {}
        for key_node, value in node.items:
            if not isinstance(key_node, Scalar) or key_node.is_null:
                self.error(key_node, "a speaker id must be a plain word like roel-wever")
                continue
            speaker_id = key_node.value
            if speaker_id in seen:
                self.error(key_node, f"duplicate key '{speaker_id}' (first on line "
                           f"{seen[speaker_id]})")
                continue
            seen[speaker_id] = key_node.line
            self.speaker_ids.add(speaker_id)
            what = f"speaker '{speaker_id}'"
            fields = self.fields(value, what, _SPEAKER_KEYS, required=("name",))
            if fields is None:
                continue
            name = self.text(fields.get("name"), f"{what}: name", required=True)
            photo = self.photo(fields["photo"]) if "photo" in fields else None
            if name is None:
                continue
            self.speakers[speaker_id] = Speaker(
                id=speaker_id,
                name=name,
                role=self.text(fields.get("role"), f"{what}: role"),
                photo=photo,
            )
            self.speaker_nodes[speaker_id] = key_node

    def photo(self, node: Node) -> PurePosixPath | None:
        value = self.text(node, "photo")
        if value is None:
            return None
        posix = value.replace("\\", "/")
        normal = posixpath.normpath(posix)
        if (
            posix.startswith("/")
            or re.match(r"[A-Za-z]:", posix)
            or normal == ".."
            or normal.startswith("../")
        ):
            self.error(node, f"photo '{value}' is outside the schedule's folder: "
                       "put the photo beside schedule.yaml or in a folder below it")
            return None
        relative = PurePosixPath(normal)
        if self.folder is not None:
            folder = self.folder.resolve()
            try:
                target = (folder / relative).resolve()
                found = target.is_file()
            except (OSError, RuntimeError):  # a name too long for the file system, a symlink loop
                target, found = folder / relative, False
            if not target.is_relative_to(folder):
                self.error(node, f"photo '{value}' leads outside the schedule's folder")
                return None
            if not found:
                self.warn(node, f"photo '{value}' not found: the screen shows initials instead")
        return relative

    # -- the programme ---------------------------------------------------

    def programme(
        self, root: Mapping, top: dict[str, Node], event_fields: dict[str, Node]
    ) -> tuple[Day, ...] | None:
        if "days" in top:
            if "date" in event_fields:
                self.error(event_fields["date"], "event.date and days: both given: a one-day "
                           "event uses event.date with sessions:, a longer one days: alone")
            if "sessions" in top:
                self.error(top["sessions"], "sessions: and days: both given: put the sessions "
                           "under their day in days:")
            return self.days(top["days"])
        if "sessions" not in top:
            if "date" in event_fields:
                self.error(event_fields["date"], "no sessions: the programme is missing")
            else:
                self.error(root, "no programme: add event.date with sessions: (one day) "
                           "or days: (several days)")
            return None
        if "date" not in event_fields:
            self.error(top["sessions"], "sessions: needs the day in event.date (like "
                       "date: 2024-04-15), or put them under days:")
            self.sessions(top["sessions"], None)
            return None
        date = self.date(event_fields["date"], "event.date")
        night = self.night(event_fields["until"], "event.until") if "until" in event_fields \
            else None
        day = self.day(date, top["sessions"], night)
        return (day,) if day is not None else None

    def days(self, node: Node) -> tuple[Day, ...] | None:
        items = self.sequence(node, "days")
        if items is None:
            return None
        if not items:
            self.error(node, "days: is empty: the programme needs at least one day")
            return None
        days: list[Day] = []
        ok = True
        seen: dict[dt.date, int] = {}
        for item in items:
            fields = self.fields(item, "a day", _DAY_KEYS, required=("date", "sessions"))
            if fields is None:
                ok = False
                continue
            date = self.date(fields["date"], "date") if "date" in fields else None
            if date is not None and date in seen:
                self.error(fields["date"], f"day {date} is listed twice (first on line "
                           f"{seen[date]})")
                date = None
            elif date is not None:
                seen[date] = fields["date"].line
            if "sessions" not in fields:
                ok = False
                continue
            night = self.night(fields["until"], "until") if "until" in fields else None
            day = self.day(date, fields["sessions"], night)
            if day is None:
                ok = False
            else:
                days.append(day)
        if not ok:
            return None
        return tuple(sorted(days, key=lambda d: d.date))

    def date(self, node: Node, what: str) -> dt.date | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            return _iso_date(value)
        except ValueError:
            self.error(node, f"{what} must be a date like 2024-04-15, found '{value}'")
            return None

    def night(self, node: Node, what: str) -> int | None:
        """Minutes after midnight until which a day runs on into the next morning."""
        value = self.scalar(node, what)
        if value is None:
            return None
        minutes = self.clock(node, value, what, allow_midnight=False)
        if minutes is not None and not 0 < minutes <= NIGHT_LIMIT:
            self.error(node, f"{what}: the day runs on past midnight until this time the next "
                       f"morning: use 00.01 to {_hhmm(NIGHT_LIMIT)}, found '{value}'")
            return None
        return minutes

    def day(self, date: dt.date | None, node: Node, night: int | None = None) -> Day | None:
        planned = self.sessions(node, date, night)
        if planned is None or date is None:
            return None
        if not planned:
            self.error(node, "the programme is empty: add at least one session")
            return None
        self.warn_overlaps(planned)
        # A delay that shrinks (delay: 0 at lunch, a negative one) can change the order.
        return Day(date=date, sessions=tuple(sorted(_apply_delays(planned),
                                                    key=lambda s: s.start)))

    def sessions(
        self, node: Node, date: dt.date | None, night: int | None = None
    ) -> list[_PlannedSession] | None:
        if isinstance(node, Scalar) and node.is_null:
            return []
        items = self.sequence(node, "sessions")
        if items is None:
            return None
        planned: list[_PlannedSession] = []
        ok = True
        for item in items:
            session = self.session(item, date, night)
            if session is None:
                ok = False
            else:
                planned.append(session)
        return planned if ok else None

    def session(
        self, node: Node, date: dt.date | None, night: int | None = None
    ) -> _PlannedSession | None:
        fields = self.fields(node, "a session", _SESSION_KEYS, required=("title",))
        if fields is None:
            return None
        assert isinstance(node, Mapping)
        title = self.text(fields.get("title"), "title", required=True)
        kind = self.kind(fields["kind"]) if "kind" in fields else Kind.TALK
        times = self.times(node, fields, date, night)
        speakers = self.session_speakers(fields["speakers"]) if "speakers" in fields else ()
        delay = self.integer(fields["delay"], "delay (minutes)", -180, 720) if "delay" in fields \
            else None
        cancelled = (
            self.boolean(fields["cancelled"], "cancelled") if "cancelled" in fields else False
        )
        if title is None or kind is None or times is None or speakers is None or cancelled is None:
            return None
        return _PlannedSession(
            node=node,
            title=title,
            kind=kind,
            start=times[0],
            end=times[1],
            speakers=speakers,
            description=self.text(fields.get("description"), "description"),
            room=self.text(fields.get("room"), "room"),
            delay=delay,
            cancelled=cancelled,
            note=self.text(fields.get("note"), "note"),
            id=self.text(fields.get("id"), "id"),
            day=date if date is not None and self.timezone_date(times[0]) != date else None,
        )

    def timezone_date(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.timezone).date()

    def kind(self, node: Node) -> Kind | None:
        value = self.scalar(node, "kind")
        if value is None:
            return None
        try:
            return Kind(value.lower())
        except ValueError:
            names = [k.value for k in Kind]
            self.error(node, f"unknown kind '{value}'{self.did_you_mean(value.lower(), names)}: "
                       f"use one of {', '.join(names)}")
            return None

    def boolean(self, node: Node, what: str) -> bool | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        self.error(node, f"{what} must be true or false, found '{value}'")
        return None

    def session_speakers(self, node: Node) -> tuple[Speaker, ...] | None:
        if isinstance(node, Scalar) and node.is_null:
            return ()
        items = [node] if isinstance(node, Scalar) else self.sequence(node, "speakers")
        if items is None:
            return None
        speakers: list[Speaker] = []
        for item in items:
            speaker_id = self.scalar(item, "a speaker")
            if speaker_id is None:
                continue
            self.speakers_used.add(speaker_id)
            if speaker_id in self.speakers:
                speakers.append(self.speakers[speaker_id])
            elif speaker_id not in self.speaker_ids:  # a listed but broken speaker has its error
                hint = self.did_you_mean(speaker_id, self.speaker_ids) or (
                    " (add it under speakers: at the top of the file)")
                self.error(item, f"unknown speaker '{speaker_id}'{hint}")
        return tuple(speakers) if len(speakers) == len(items) else None

    # -- times -----------------------------------------------------------

    def times(
        self, node: Mapping, fields: dict[str, Node], date: dt.date | None,
        night: int | None = None,
    ) -> tuple[dt.datetime, dt.datetime] | None:
        start_node: Node
        end_node: Node
        if "time" in fields:
            for key in ("start", "end"):
                if key in fields:
                    self.error(fields[key], f"'{key}:' and 'time:' both given: use one of them")
                    return None
            time_node = fields["time"]
            value = self.scalar(time_node, "time")
            if value is None:
                return None
            match = _RANGE.fullmatch(value)
            if match is None:
                self.error(time_node, f"time must be a range like 10.15 - 10.45, found '{value}'")
                return None
            start_text, end_text = match.groups()
            start_node = end_node = time_node
        elif "start" in fields and "end" in fields:
            start_node, end_node = fields["start"], fields["end"]
            start_value = self.scalar(start_node, "start")
            end_value = self.scalar(end_node, "end")
            if start_value is None or end_value is None:  # reported; a blank one is not yet
                return None
            start_text, end_text = start_value, end_value
        else:
            missing = "end:" if "start" in fields else "start:" if "end" in fields else "time:"
            self.error(node, f"a session needs '{missing}'" + (
                " (like time: 10.15 - 10.45)" if missing == "time:" else ""))
            return None
        start = self.clock(start_node, start_text, "start", allow_midnight=False)
        end = self.clock(end_node, end_text, "end", allow_midnight=True)
        if start is None or end is None:
            return None
        if night is not None and start < night:  # the night after the day: the next morning
            start += DAY_MINUTES
            end += DAY_MINUTES
        elif end < start and start >= EVENING and end <= MORNING:  # 23.30 - 00.30
            end += DAY_MINUTES
        if end <= start:
            self.error(end_node, f"the session ends ({_hhmm(end)}) before or when it starts "
                       f"({_hhmm(start)})")
            return None
        if date is None:
            return None
        start_moment = self.moment(start_node, date, start)
        end_moment = self.moment(end_node, date, end)
        if end_moment <= start_moment:  # a start in a spring-forward gap moves past the end
            local_start = start_moment.astimezone(self.timezone)
            self.error(end_node, f"the session ends ({_hhmm(end)}) before or when it starts "
                       f"({local_start:%H.%M}, as {_hhmm(start)} does not exist on {date})")
            return None
        return start_moment, end_moment

    def clock(self, node: Node, text: str, what: str, allow_midnight: bool) -> int | None:
        """Minutes after midnight of a wall-clock time like 10.15 or 10:15."""
        match = _CLOCK.fullmatch(text)
        if match is None:
            self.error(node, f"{what} time '{text}' is not a time like 10.15 or 10:15")
            return None
        hours, minutes = int(match.group(1)), int(match.group(2))
        if len(match.group(2)) != 2:
            self.error(node, f"{what} time '{text}': minutes need two digits "
                       f"(like {hours}.{minutes:02d})")
            return None
        if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_midnight)):
            allowed = "00.00 to 24.00" if allow_midnight else "00.00 to 23.59"
            self.error(node, f"{what} time '{text}' does not exist: use {allowed}")
            return None
        return hours * 60 + minutes

    def moment(self, node: Node, date: dt.date, minutes: int) -> dt.datetime:
        """The UTC moment of a wall-clock time on the event's day, warning inside a DST gap."""
        key = (date, minutes)
        if key not in self._moments:  # a festival repeats its times many thousands of times
            day = date + dt.timedelta(days=minutes // (24 * 60))
            wall = dt.datetime.combine(day, dt.time(minutes // 60 % 24, minutes % 60))
            moment = wall.replace(tzinfo=self.timezone).astimezone(dt.timezone.utc)
            read_as = moment.astimezone(self.timezone).replace(tzinfo=None)
            self._moments[key] = (moment, read_as if read_as != wall else None)
        moment, back = self._moments[key]
        if back is not None:
            self.warn(node, f"{_hhmm(minutes)} does not exist on {date} in "
                      f"{zone_name(self.timezone)} (the clocks jump forward): it is read as "
                      f"{back:%H.%M}")
        return moment

    # -- announcements ---------------------------------------------------

    def announcements(
        self, node: Node, days: tuple[Day, ...] | None
    ) -> tuple[Announcement, ...]:
        if isinstance(node, Scalar) and node.is_null:
            return ()
        items = self.sequence(node, "announcements")
        if items is None:
            return ()
        result: list[Announcement] = []
        for item in items:
            if isinstance(item, Scalar) and not item.is_null:
                result.append(Announcement(text=item.value.strip()))
                continue
            fields = self.fields(item, "an announcement", _ANNOUNCEMENT_KEYS, required=("text",))
            if fields is None:
                continue
            text = self.text(fields.get("text"), "text", required=True)
            starts = self.when(fields["from"], "from", days) if "from" in fields else None
            ends = self.when(fields["until"], "until", days) if "until" in fields else None
            if starts is not None and ends is not None and ends <= starts:
                self.error(fields["until"], "until: is not after from:")
                continue
            if text is not None:
                result.append(Announcement(text=text, starts=starts, ends=ends))
        return tuple(result)

    def when(self, node: Node, what: str, days: tuple[Day, ...] | None) -> dt.datetime | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        parts = value.replace("T", " ").split()
        if len(parts) == 1 and _CLOCK.fullmatch(parts[0]):
            if days is not None and len(days) > 1:
                self.error(node, f"{what}: on a multi-day event give the date too, like "
                           f"{days[0].date} {parts[0]}")
                return None
            date = days[0].date if days else None
            clock_text = parts[0]
        elif len(parts) == 2 and _DATE.fullmatch(parts[0]):
            try:
                date = _iso_date(parts[0])
            except ValueError:
                self.error(node, f"{what}: '{parts[0]}' is not a date like 2024-04-15")
                return None
            clock_text = parts[1]
        else:
            self.error(node, f"{what} must be a time like 12.55 (or a date and time like "
                       f"2024-04-15 12.55), found '{value}'")
            return None
        minutes = self.clock(node, clock_text, what, allow_midnight=True)
        if minutes is None or date is None:
            return None
        return self.moment(node, date, minutes)

    # -- doubts ----------------------------------------------------------

    def warn_overlaps(self, planned: list[_PlannedSession]) -> None:
        by_room: dict[str, list[_PlannedSession]] = {}
        for session in planned:
            if session.room is not None and not session.cancelled:
                by_room.setdefault(session.room.casefold(), []).append(session)
        for sessions in by_room.values():
            sessions.sort(key=lambda s: s.start)
            for earlier, later in itertools.pairwise(sessions):
                if later.start < earlier.end:
                    self.warn(later.node, f"overlaps '{earlier.title}' (line {earlier.node.line}) "
                              f"in room {later.room}")


def _iso_date(text: str) -> dt.date:
    """A date like 2024-04-15; ValueError for anything else, or for the first or last year
    of the calendar, where a time zone or a 24.00 end would step outside it."""
    date = dt.date.fromisoformat(text)
    if not dt.MINYEAR < date.year < dt.MAXYEAR:
        raise ValueError(text)
    return date


def _hhmm(minutes: int) -> str:
    minutes %= DAY_MINUTES
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def _apply_delays(planned: list[_PlannedSession]) -> Iterable[Session]:
    """Sessions of one day in order, each moved by the delay running at it."""
    running = dt.timedelta()
    for item in sorted(planned, key=lambda s: s.start):
        if item.delay is not None:
            running = dt.timedelta(minutes=item.delay)
        yield Session(
            title=item.title,
            kind=item.kind,
            start=item.start + running,
            end=item.end + running,
            scheduled_start=item.start,
            scheduled_end=item.end,
            speakers=item.speakers,
            description=item.description,
            room=item.room,
            cancelled=item.cancelled,
            note=item.note,
            line=item.node.line,
            id=item.id,
            day=item.day,
        )

