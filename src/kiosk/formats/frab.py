"""What frab's XML and JSON exports share: their events, durations, dates and time zones.

Both formats are read into :class:`RawEvent` records of positioned texts; this module
turns those into :class:`~kiosk.formats.model.Entry` records on the event's wall clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kiosk.formats.model import At, Entry, Person, Programme, Value, offset_name, zone
from kiosk.formats.text import excerpt, one_line, plain_text
from kiosk.i18n import _
from kiosk.schedule import DEFAULT_TIMEZONE

_DURATION = re.compile(r"\s*(?:(\d{1,3}):)?(\d{1,3}):(\d{2})\s*")
"""HH:MM, H:MM, and pretalx's D:HH:MM for what lasts a day or more."""
_CLOCK = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*")
_DATETIME = re.compile(r"\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?"
                       r"(?:Z|[+-]\d{2}:?\d{2})?\s*", re.IGNORECASE)
_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})\s*")

MAX_DURATION = 31 * 24 * 60
"""Minutes; a longer session is a mistake in the export."""


@dataclass
class RawEvent:
    """An event of a frab export as positioned texts, before any of it is interpreted."""

    at: At
    fields: dict[str, Value]
    persons: list[Person] = field(default_factory=list)
    day: dt.date | None = None
    day_start: dt.datetime | None = None
    room: Value | None = None
    """The room the event is listed under (its own <room> comes first)."""


def duration(text: str) -> int | None:
    """Minutes of a frab or pretalx duration (00:30, 1:30, 1:02:30 = one day 2 h 30), or None."""
    match = _DURATION.fullmatch(text)
    if match is None:
        return None
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    if minutes > 59 or (match.group(1) is not None and hours > 23):
        return None
    return (days * 24 + hours) * 60 + minutes


def moment(text: str) -> dt.datetime | None:
    """A date and time as ISO 8601 (2024-12-27T11:00:00+01:00, Z for UTC), naive when it
    gives no offset; None when it is not one."""
    if not _DATETIME.fullmatch(text):
        return None
    cleaned = text.strip().replace(" ", "T", 1)
    cleaned = re.sub(r"[zZ]$", "+00:00", cleaned)
    cleaned = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", cleaned)
    cleaned = re.sub(r"(\.\d{6})\d+", r"\1", cleaned)
    try:
        value = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    if not dt.MINYEAR < value.year < dt.MAXYEAR:
        return None
    return value


def date(text: str) -> dt.date | None:
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    try:
        value = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return value if dt.MINYEAR < value.year < dt.MAXYEAR else None


class Events:
    """Turns the raw events of one export into entries, in one time zone."""

    def __init__(self, programme: Programme, zone_name: Value | None,
                 fallback: str | None = None) -> None:
        self.programme = programme
        self.zone_name = zone_name
        self.fallback = fallback or DEFAULT_TIMEZONE
        self.zone: dt.tzinfo | None = None
        self.warned_offset = False

    def choose_zone(self, events: list[RawEvent]) -> dt.tzinfo:
        """The event's zone: the export's zone name, else the offset of its first date."""
        programme = self.programme
        if self.zone_name is not None and self.zone_name.text.strip():
            name = one_line(self.zone_name.text)
            programme.timezone = Value(name, self.zone_name.at)
            found = zone(name)
            if found is not None:
                return found
            # The checker reports the unknown name at its place; the offsets still hold.
        for event in events:
            value = event.fields.get("date")
            if value is None:
                continue
            start = moment(value.text)
            offset = start.utcoffset() if start is not None else None
            if offset is not None:
                if programme.timezone is None:
                    programme.timezone = Value(offset_name(offset), value.at)
                return dt.timezone(offset)
        fallback = zone(self.fallback) or dt.timezone.utc
        if programme.timezone is None:
            programme.timezone = Value(self.fallback, programme.at)
        return fallback

    def read(self, events: list[RawEvent]) -> None:
        self.zone = self.choose_zone(events)
        ends = self.programme.day_ends
        for day, end in ends.items():
            if end.tzinfo is not None:
                ends[day] = end.astimezone(self.zone).replace(tzinfo=None)
        for event in events:
            entry = self.entry(event)
            if entry is not None:
                self.programme.entries.append(entry)

    def local(self, value: dt.datetime, at: At) -> tuple[dt.datetime, bool]:
        """A moment on the event's wall clock (naive), and whether it is the second time
        the clock shows that time."""
        assert self.zone is not None
        if value.tzinfo is None:
            return value, False
        if (isinstance(self.zone, dt.timezone) and value.utcoffset() != self.zone.utcoffset(None)
                and not self.warned_offset):
            self.warned_offset = True
            first = offset_name(self.zone.utcoffset(None))
            here = offset_name(value.utcoffset() or dt.timedelta())
            self.programme.warn(at, _("this date is at UTC{here}, the first one at UTC{first} "
                                      "and the file names no time zone: times are shown at "
                                      "UTC{first}", here=here, first=first))
        local = value.astimezone(self.zone)
        return local.replace(tzinfo=None, fold=0), bool(local.fold)

    def aware(self, wall: dt.datetime) -> dt.datetime:
        assert self.zone is not None
        return wall.replace(tzinfo=self.zone)

    def entry(self, event: RawEvent) -> Entry | None:
        programme = self.programme
        fields = event.fields
        start_value = fields.get("date") or fields.get("start")
        if start_value is None:
            programme.error(event.at, _("the session has no date or start"))
            return None
        start: dt.datetime | None = None
        second = False
        exact = False
        if "date" in fields:
            found = moment(fields["date"].text)
            if found is None:
                programme.error(fields["date"].at, _(
                    "date '{value}' is not a date and time like 2024-12-27T11:00:00+01:00",
                    value=excerpt(fields["date"].text)))
                return None
            exact = found.tzinfo is not None
            if found.tzinfo is None:
                found = self.aware(found)
            start, second = self.local(found, fields["date"].at)
            aware_start = found
        else:
            start = self.wall_start(event, fields["start"])
            if start is None:
                return None
            aware_start = self.aware(start)
        ending = self.end(event, aware_start, exact)
        if ending is None:
            return None
        end, end_second, exact = ending
        title = fields.get("title")
        title_value = Value(one_line(title.text), title.at) if title is not None else None
        if title is None:
            programme.error(event.at, _("the session has no title"))
            return None
        identifier = fields.get("id") or fields.get("code") or fields.get("guid")
        aliases = tuple(one_line(fields[key].text) for key in ("guid", "code", "slug")
                        if key in fields and fields[key] is not identifier
                        and one_line(fields[key].text))
        description = None
        for key in ("abstract", "description", "subtitle"):
            words = plain_text(fields[key].text) if key in fields else ""
            if words:
                description = Value(words, fields[key].at)
                break
        room = fields.get("room") or event.room
        return Entry(
            at=event.at,
            start=start,
            end=end,
            time_at=start_value.at,
            title=title_value,
            id=Value(one_line(identifier.text), identifier.at) if identifier is not None else None,
            aliases=aliases,
            day=event.day,
            type=fields.get("type"),
            speakers=event.persons,
            description=description,
            room=Value(one_line(room.text), room.at) if room is not None else None,
            second_time=second,
            end_second_time=end_second,
            moments=exact,
        )

    def wall_start(self, event: RawEvent, value: Value) -> dt.datetime | None:
        """An event's start from its day and <start> (an export without full dates)."""
        match = _CLOCK.fullmatch(value.text)
        if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            self.programme.error(value.at, _("start '{value}' is not a time like 11:00",
                                             value=excerpt(value.text)))
            return None
        if event.day is None:
            self.programme.error(value.at, _("the session has a start but no date, and its "
                                             "day has no date"))
            return None
        start = dt.datetime.combine(event.day, dt.time(int(match.group(1)), int(match.group(2))))
        if event.day_start is not None:
            day_start, _second = self.local(event.day_start, value.at)
            if start < day_start:  # before the day begins: the night after it
                start += dt.timedelta(days=1)
        return start

    def end(self, event: RawEvent, start: dt.datetime,
            exact: bool) -> tuple[dt.datetime, bool, bool] | None:
        """The end on the wall clock, whether it is the second time the clock shows it, and
        whether both times are moments of the source (``exact``: the start is)."""
        fields = event.fields
        if "duration" in fields:
            value = fields["duration"]
            minutes = duration(value.text)
            if minutes is None:
                self.programme.error(value.at, _(
                    "duration '{value}' is not a duration like 00:30, 1:30 or 1:02:30 "
                    "(days:hours:minutes)", value=excerpt(value.text)))
                return None
            if minutes > MAX_DURATION:
                self.programme.error(value.at, _("duration '{value}' is more than {days} days",
                                                 value=excerpt(value.text),
                                                 days=MAX_DURATION // (24 * 60)))
                return None
            end = start + dt.timedelta(minutes=minutes)
        elif "end" in fields:
            found = moment(fields["end"].text)
            if found is None:
                self.programme.error(fields["end"].at, _(
                    "end '{value}' is not a date and time like 2024-12-27T12:00:00+01:00",
                    value=excerpt(fields["end"].text)))
                return None
            exact = exact and found.tzinfo is not None
            end = found if found.tzinfo is not None else self.aware(found)
        else:
            self.programme.error(event.at, _("the session has no duration"))
            return None
        assert self.zone is not None
        local = end.astimezone(self.zone)
        return local.replace(tzinfo=None, fold=0), bool(local.fold), exact
