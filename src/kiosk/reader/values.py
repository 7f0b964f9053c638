"""How each kind of value of schedule.yaml is read from the text as written.

Each reading returns the value, or a :class:`Fault` saying in one line what is wrong with
the text; the checker reports it at the value's line and column. Digits are ASCII digits
only: ``١٠:٠٠`` is not a time, whatever Python's ``\\d`` would say.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from kiosk.i18n import Message, _, languages
from kiosk.reader.decode import CONTROL
from kiosk.schedule import Kind

Hint = Callable[[str, Collection[str]], Message]
"""Gives " (did you mean 'x'?)" for a word among choices, or ''."""


def _lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled when it is first used: those that only word a mistake
    need not cost every start of ``kiosk check``."""
    return functools.cache(lambda: re.compile(pattern, flags))


CLOCK = re.compile(r"([0-9]{1,2})[:.]([0-9]{1,9})")
"""At most 9 digits of minutes: int() refuses strings of more than 4,300 (ValueError)."""
DASHES = "\\-\u2010-\u2015\u2212"
"""Every dash a keyboard, a word processor or a web page makes: hyphen, en and em dash,
minus sign."""
RANGE = re.compile(f"\\s*([^\\s{DASHES}]+)\\s*[{DASHES}]\\s*(\\S+)\\s*")
"""The start runs to the first dash (a lazy ``\\S+?`` made '1-----...- x' quadratic)."""
_LIKE_CLOCK = _lazy(r"([0-9]{1,2})(?:(?:[:.,hHuU]|\s?[hu]\s?)([0-9]{2})(?::[0-9]{2})?)?")
"""A time as people write it when not like 10.15: 10, 10h15, 10u15, 10,15, 10:15:00, 1015."""
_FOUR_DIGITS = _lazy(r"([0-9]{2})([0-9]{2})")
_CLOCK_LIKE_WORD = _lazy(r"[0-9][0-9:.,hHuU]*")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_WHOLE = re.compile(r"[+-]?[0-9]{1,9}")
"""At most 9 digits, as in CLOCK."""
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_OFFSET = re.compile(r"(?:UTC)?([+-])([0-9]{2}):?([0-9]{2})")
"""A fixed offset from UTC, as exports without a time zone name give it: +01:00, UTC-05:30."""
_LOOSE_OFFSET = _lazy(r"(?:UTC|GMT)?\s*([+-])\s*([0-9]{1,2})(?::?([0-9]{2}))?",
                           re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
_SPACES = re.compile(r"\s+")
_TRUE = frozenset({"true", "yes", "on", "ja"})
_FALSE = frozenset({"false", "no", "off", "nee"})
MAX_OFFSET = dt.timedelta(hours=14)
"""The largest offset from UTC any place on Earth uses."""


INVISIBLE = re.compile("[\u180e\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069]")
"""Characters that show as nothing, which text pasted from a web page, a mail or a chat
brings along: zero-width spaces, word joiners, direction marks. In a text they are dropped
(they show as nothing either way); in a word kiosk reads (a key, a time, a speaker id) they
would make it another word that looks the same, so there they are an error at their column."""


ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff]")
"""Spaces YAML does not count as spaces (a non-breaking space from a word processor or a web
page, a zero-width space): in the indentation or after a colon they look like a space and
are text."""


CURLY = "“”‘’„‚«»"
"""The quotes a word processor makes: text to YAML, not quotes."""


def in_curly_quotes(value: str) -> bool:
    """Whether ``value`` is wrapped in a word processor's quotes, like “Lunch”."""
    return len(value) >= 2 and value[0] in CURLY and value[-1] in CURLY


KEY_JUNK = re.compile(f"{INVISIBLE.pattern}|{ODD_SPACE.pattern}")
"""What a key never holds: invisible characters and special spaces."""


@dataclass(frozen=True)
class Fault:
    """What is wrong with a value, in one line."""

    message: Message


def text(value: str, what: str, max_length: int | None, one_line: bool) -> str | Fault:
    """A text as shown: stripped, and for one-line texts with every run of white space
    (a line break of a folded block, a tab written as an escape) made one space."""
    control = CONTROL.search(value)
    if control is not None:  # written as an escape ("\0", "\x07"): the file itself was fine
        return Fault(_("{what} holds a control character (U+{code:04X}): remove it",
                       what=what, code=ord(control.group())))
    value = INVISIBLE.sub("", value)
    shown = _SPACES.sub(" ", value).strip() if one_line else value.strip()
    if max_length is not None and len(shown) > max_length:
        return Fault(_("{what} is {length} characters long: at most {most} fit; shorten it",
                       what=what, length=len(shown), most=max_length))
    return shown


def clock(value: str, what: str, allow_midnight: bool) -> int | Fault:
    """Minutes after midnight of a wall-clock time like 10.15 or 10:15."""
    match = CLOCK.fullmatch(value)
    if match is None:
        meant = like_clock(value)
        if meant is not None:
            return Fault(_("{what} time '{value}' is not a time like 10.15 or 10:15: write "
                           "{meant}", what=what, value=value, meant=meant))
        return Fault(_("{what} time '{value}' is not a time like 10.15 or 10:15",
                       what=what, value=value))
    hours, minutes = int(match.group(1)), int(match.group(2))
    if len(match.group(2)) == 1:  # 10.5: 10.05, or half past ten written as a decimal?
        return Fault(_("{what} time '{value}': minutes need two digits (like "
                       "{hours}.0{minutes} or {hours}.{minutes}0)", what=what, value=value,
                       hours=hours, minutes=minutes))
    if len(match.group(2)) != 2:
        return Fault(_("{what} time '{value}': minutes need two digits (like "
                       "{hours}.{minutes})", what=what, value=value, hours=hours,
                       minutes=match.group(2)[:2]))
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_midnight)):
        return Fault(_("{what} time '{value}' does not exist: use 00.00 to {last}",
                       what=what, value=value, last="24.00" if allow_midnight else "23.59"))
    return hours * 60 + minutes


def like_clock(value: str) -> str | None:
    """The time ``value`` was probably meant as, written like 10.15, if it is a time written
    otherwise (``9h00``, ``0900``, ``10,15``, ``10:15:00``, ``9``); else None."""
    four = _FOUR_DIGITS().fullmatch(value)
    match = _LIKE_CLOCK().fullmatch(value) if four is None else four
    if match is None:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        return None
    return f"{hours:02d}.{minutes:02d}"


def time_range(value: str) -> tuple[str, str, int, int] | Fault:
    """The start and end as written in ``10.15 - 10.45``, and where each starts in
    ``value``."""
    match = RANGE.fullmatch(value)
    if match is None:
        # '09.00 tot 10.00', '9 to 10', '09.00 -- 10.00': two times, and something between
        words = _CLOCK_LIKE_WORD().findall(value)
        meant = [like_clock(word.rstrip(".:,")) or "" for word in words]
        if len(meant) == 2 and all(meant):
            return Fault(_("time must be a range like 10.15 - 10.45, found '{value}': write "
                           "{start} - {end}", value=value, start=meant[0], end=meant[1]))
        return Fault(_("time must be a range like 10.15 - 10.45, found '{value}'", value=value))
    start, end = match.groups()
    return start, end, match.start(1), match.start(2)


def date(value: str, what: str) -> dt.date | Fault:
    try:
        if not DATE.fullmatch(value):
            raise ValueError(value)
        return iso_date(value)
    except ValueError:
        if DATE.fullmatch(value) and not _on_the_calendar(value):
            return Fault(_("{what}: {value} is not a day of the calendar (that month has no "
                           "such day)", what=what, value=value))
        meant = like_date(value)
        if meant is not None:
            return Fault(_("{what} must be a date like 2024-04-15, found '{value}': write "
                           "{meant}", what=what, value=value, meant=meant))
        return Fault(_("{what} must be a date like 2024-04-15, found '{value}'",
                       what=what, value=value))


_MONTHS = {name: number for number, names in enumerate((
    ("jan", "januari", "january"), ("feb", "februari", "february"), ("mrt", "maart", "mar",
                                                                        "march"),
    ("apr", "april"), ("mei", "may"), ("jun", "juni", "june"), ("jul", "juli", "july"),
    ("aug", "augustus", "august"), ("sep", "sept", "september"), ("okt", "oktober", "oct",
                                                                  "october"),
    ("nov", "november"), ("dec", "december")), start=1) for name in names}
"""Month names in Dutch and English, written out or cut short."""
_YEAR_FIRST = _lazy(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_DAY_FIRST = _lazy(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
_WORDS = _lazy(r"(?:[a-z]+\.?,?\s+)?([0-9]{1,2})\.?\s+([a-z]+)\.?,?\s+([0-9]{4})"
                    r"|(?:[a-z]+\.?,?\s+)?([a-z]+)\.?\s+([0-9]{1,2}),?\s+([0-9]{4})")
"""15 april 2024, ma 15 apr. 2024, April 15, 2024."""


def _on_the_calendar(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def like_date(value: str) -> str | None:
    """The date ``value`` was probably meant as, written like 2024-04-15, where it is a date
    written otherwise: 2024-4-15, 2024/04/15, 15-04-2024 or 15.4.2024 (day first, as in
    Dutch; 04-15-2024 only where the day cannot be the month), 15 april 2024."""
    text = value.strip().lower()
    parts: tuple[int, int, int] | None = None
    if (found := _YEAR_FIRST().fullmatch(text)) is not None:
        parts = int(found.group(1)), int(found.group(2)), int(found.group(3))
    elif (found := _DAY_FIRST().fullmatch(text)) is not None:
        first, second, year = (int(group) for group in found.groups())
        day, month = (second, first) if second > 12 >= first else (first, second)
        parts = year, month, day
    elif (found := _WORDS().fullmatch(text)) is not None:
        day_text, month_name, year_text = (found.group(1, 2, 3) if found.group(1)
                                           else found.group(5, 4, 6))
        named = _MONTHS.get(month_name)
        if named is not None:
            parts = int(year_text), named, int(day_text)
    if parts is None:
        return None
    try:
        return iso_date(f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}").isoformat()
    except ValueError:
        return None


def iso_date(value: str) -> dt.date:
    """A date like 2024-04-15; ValueError for anything else, or for the first or last year
    of the calendar, where a time zone or a 24.00 end would step outside it."""
    day = dt.date.fromisoformat(value)
    if not dt.MINYEAR < day.year < dt.MAXYEAR:
        raise ValueError(value)
    return day


def whole(value: str, what: str, low: int, high: int) -> int | Fault:
    if not _WHOLE.fullmatch(value) or not low <= int(value) <= high:
        return Fault(_("{what} must be a whole number from {low} to {high}, found '{value}'",
                       what=what, low=low, high=high, value=value))
    return int(value)


_MINUTES = _lazy(r"([+-]?[0-9]{1,3})\s*(?:m|min|mins|minute|minutes|minuut|minuten)\.?",
                      re.IGNORECASE)
_HOURS = _lazy(r"([+-]?[0-9]{1,2})\s*(?:h|u|uur|hour|hours)\.?", re.IGNORECASE)
_HOURS_MINUTES = _lazy(r"([+-]?)(0?[0-3])[:.]([0-5][0-9])")
"""0:15, 1.30: a duration; 11.30 is more likely the new start than a delay of 690 minutes."""


def like_minutes(value: str) -> int | None:
    """The minutes a delay written otherwise means: 10 min, 10m, 1 uur, 0:15, 1.30."""
    if (found := _MINUTES().fullmatch(value)) is not None:
        return int(found.group(1))
    if (found := _HOURS().fullmatch(value)) is not None:
        return int(found.group(1)) * 60
    if (found := _HOURS_MINUTES().fullmatch(value)) is not None:
        minutes = int(found.group(2)) * 60 + int(found.group(3))
        return -minutes if found.group(1) == "-" else minutes
    return None


def number(value: str, what: str, low: float, high: float) -> float | Fault:
    if not _NUMBER.fullmatch(value) or not low <= float(value) <= high:
        return Fault(_("{what} must be a number from {low:g} to {high:g}, found '{value}'",
                       what=what, low=low, high=high, value=value))
    return float(value)


def boolean(value: str, what: str) -> bool | Fault:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    return Fault(_("{what} must be true or false, found '{value}'", what=what, value=value))


KIND_WORDS: dict[str, Kind] = {
    **{kind.value: kind for kind in Kind},
    "lezing": Kind.TALK, "paneel": Kind.PANEL, "ceremonie": Kind.CEREMONY,
    "pauze": Kind.BREAK, "inloop": Kind.WALK_IN, "borrel": Kind.DRINKS,
}
"""kiosk's kinds as organisers write them: in English, or in Dutch (workshop and lunch are
the same words)."""


def kind(value: str, hint: Hint) -> Kind | Fault:
    found = KIND_WORDS.get(value.lower())
    if found is not None:
        return found
    names = [k.value for k in Kind]
    return Fault(_("unknown kind '{kind}'{hint}: use one of {kinds}", kind=value,
                   hint=hint(value.lower(), list(KIND_WORDS)), kinds=", ".join(names)))


def language(value: str, hint: Hint) -> str | Fault:
    """One of the languages kiosk has a catalogue for (see kiosk.i18n)."""
    spoken = languages()
    if value.lower() in spoken:
        return value.lower()
    return Fault(_("unknown language '{language}'{hint}: use one of {languages}",
                   language=value, hint=hint(value.lower(), spoken),
                   languages=", ".join(spoken)))


def timezone(value: str, hint: Hint) -> dt.tzinfo | Fault:
    """An IANA time zone, or a fixed offset from UTC (an export that gives only offsets:
    no summer time then)."""
    offset = _OFFSET.fullmatch(value)
    if offset is not None:
        sign, hours, minutes = offset.groups()
        delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
        if delta > MAX_OFFSET or int(minutes) > 59:
            return Fault(_("time zone '{zone}': an offset from UTC is at most 14.00 hours",
                           zone=value))
        return dt.timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        loose = _LOOSE_OFFSET().fullmatch(value.strip())
        if loose is not None:  # UTC+2, GMT+1, +2: not a zone's name (and not 'UTC')
            sign, hours, minutes = loose.groups()
            if int(hours) > 14 or int(minutes or 0) > 59:
                return Fault(_("time zone '{zone}': an offset from UTC is at most 14.00 hours",
                               zone=value))
            written = f"{sign}{int(hours):02d}:{minutes or '00'}"
            return Fault(_("unknown time zone '{zone}': write the offset as {offset} (no "
                           "summer time then), or the zone of the place, like "
                           "Europe/Amsterdam", zone=value, offset=written))
        found = hint(value, available_timezones())
        return Fault(_("unknown time zone '{zone}'{hint}", zone=value,
                       hint=found or _(" (like Europe/Amsterdam)")))


def colour(value: str) -> str | Fault:
    if not _COLOUR.fullmatch(value):
        return Fault(_("event.accent must be a colour like \"#1a7f5a\", found '{value}'",
                       value=value))
    return value.lower()


def url(value: str) -> str | Fault:
    if not _URL.fullmatch(value):
        return Fault(_("event.url must start with http:// or https://, found '{value}'",
                       value=value))
    return value


@dataclass(frozen=True)
class Photo:
    """A photo's path, relative to the schedule's folder, and whether the file is there."""

    relative: PurePosixPath
    found: bool


def photo(value: str, folder: Path | None) -> Photo | Fault:
    """A photo path that stays inside the schedule's folder (None: a URL; not looked up)."""
    posix = value.replace("\\", "/")
    normal = posixpath.normpath(posix)
    if (
        posix.startswith("/")
        or re.match(r"[A-Za-z]:", posix)
        or normal == ".."
        or normal.startswith("../")
    ):
        return Fault(_("photo '{photo}' is outside the schedule's folder: put the photo "
                       "beside schedule.yaml or in a folder below it", photo=value))
    relative = PurePosixPath(normal)
    if folder is None:
        return Photo(relative, found=True)
    resolved = folder.resolve()
    try:
        target = (resolved / relative).resolve()
        found = target.is_file()
    except (OSError, RuntimeError):  # a name too long for the file system, a symlink loop
        target, found = resolved / relative, False
    if not target.is_relative_to(resolved):
        return Fault(_("photo '{photo}' leads outside the schedule's folder", photo=value))
    return Photo(relative, found)
