"""iCalendar (``.ics``), as calendars and some conference tools export a programme.

Each VEVENT is a session: DTSTART and DTEND (or DURATION) with a TZID, in UTC or floating
(the event's zone), SUMMARY the title, LOCATION the room, DESCRIPTION the text,
CATEGORIES the kind, UID the id, STATUS:CANCELLED a cancellation. Repeats (RRULE, RDATE)
are expanded with recurring-ical-events; a repeat without end runs as far as the rest of
the programme. The icalendar library reads the values; the content lines are scanned
here too, so every property is reported at its line (the first line of a folded one).
"""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from kiosk.formats.model import At, Entry, Format, Programme, Value, zone
from kiosk.formats.text import excerpt, one_line, plain_text
from kiosk.i18n import Message, Plural, _
from kiosk.schedule import DEFAULT_TIMEZONE

MAX_REPEATS = 1000
"""Occurrences of one repeating event; more is a calendar, not a programme."""
MAX_SESSIONS = 20_000
_NAME = re.compile(r"[A-Za-z0-9-]+")
_VALUE = re.compile(r'(?:[^:"]|"[^"]*")*:(.*)', re.DOTALL)
"""A content line's value: after the first ':' that is not inside a quoted parameter."""
_GOT = re.compile(r"[Gg]ot:? '?(.*?)'?$")
_LINE_IN_ERROR = re.compile(r"parsed into parts: '(.*?)': ")
MOMENTS = frozenset({"DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE", "DTSTAMP",
                     "CREATED", "LAST-MODIFIED", "COMPLETED"})
"""Properties whose value is a date and time."""
USED = frozenset({"DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION", "DESCRIPTION",
                  "CATEGORIES", "UID", "STATUS", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"})
"""The properties of an event that kiosk reads; a broken other one is left out."""


@dataclass
class _Component:
    """Where a VEVENT and its properties are in the file."""

    at: At
    lines: dict[str, At] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    """Each property's value as written (its first occurrence, unfolded)."""

    def where(self, name: str) -> At:
        return self.lines.get(name.upper(), self.at)

    def value(self, name: str) -> str:
        return self.values.get(name.upper(), "")


def _scan(text: str, programme: Programme
          ) -> tuple[list[_Component], dict[str, At], list[tuple[int, str]]]:
    """The VEVENTs' positions, the calendar's own properties' lines, and every content line
    (unfolded) with its number; problems for lines that are not content lines."""
    events: list[_Component] = []
    calendar: dict[str, At] = {}
    stack: list[str] = []
    physical = text.split("\n")
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(physical, start=1):
        line = line.removesuffix("\r")
        if line[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
        elif line.strip():
            logical.append((number, line))
    for number, line in logical:
        match = _NAME.match(line)
        rest = line[match.end():] if match else line
        if match is None or rest[:1] not in (":", ";"):
            programme.error(At(number, 1), _("not an iCalendar line (NAME:value): '{line}'",
                                             line=excerpt(line)))
            continue
        name = match.group().upper()
        if name == "BEGIN":
            what = rest.partition(":")[2].strip().upper()
            stack.append(what)
            if what == "VEVENT":
                events.append(_Component(At(number, 1)))
        elif name == "END":
            if stack:
                stack.pop()
        elif stack and stack[-1] == "VEVENT" and events:
            if name not in events[-1].lines:
                events[-1].lines[name] = At(number, 1)
                value = _VALUE.match(rest)
                events[-1].values[name] = value.group(1) if value else ""
        elif stack == ["VCALENDAR"]:
            calendar.setdefault(name, At(number, 1))
    return events, calendar, logical


def read(data: bytes, source: str, fallback_zone: str | None = None,
         language: str | None = None) -> Programme:
    """The programme of an iCalendar file; problems at their lines."""
    import icalendar

    programme = Programme(Format.ICAL, At(1, 1))
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        programme.error(At(data.count(b"\n", 0, error.start) + 1, 1),
                        _("the file is not UTF-8 text, as iCalendar must be"))
        return programme
    if "\0" in text:
        programme.error(At(text[:text.index("\0")].count("\n") + 1, 1),
                        _("the file holds binary data (a NUL byte), not a calendar"))
        return programme
    positions, calendar_lines, lines = _scan(text, programme)
    if programme.problems:
        return programme
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        quoted = _LINE_IN_ERROR.search(str(error))
        numbers = [n for n, line in lines if quoted is not None and line == quoted.group(1)]
        if numbers:
            programme.error(At(numbers[0], 1), _UNREADABLE_LINE)
        else:
            programme.error(At(1, 1), _("not readable as iCalendar: {error}",
                                        error=excerpt(error)))
        return programme
    if not calendars:
        programme.error(At(1, 1), _("no calendar (BEGIN:VCALENDAR) in the file"))
        return programme
    calendar = calendars[0]
    components = list(calendar.walk("VEVENT"))
    if len(components) != len(positions):  # not expected; positions fall back to the start
        positions = [_Component(At(1, 1)) for _ in components]
    reader = _Reader(programme, calendar, calendar_lines, fallback_zone, language)
    reader.read(list(zip(components, positions, strict=True)))
    return programme


_UNREADABLE_LINE = _("this line cannot be read: after its name, each ;PARAMETER=value must be "
                     "complete, and a value with ':' or ';' in it in double quotes")


def _value_problem(name: str | None, complaint: str,
                   where: _Component) -> tuple[At, Message, bool]:
    """Where a property that icalendar could not read is, what is wrong with it, and
    whether kiosk needs it (else it is left out with a warning)."""
    if name is None:  # the whole line: its name is in icalendar's complaint
        quoted = _LINE_IN_ERROR.search(complaint)
        found = _NAME.match(quoted.group(1)) if quoted else None
        if found is None:
            return where.at, _UNREADABLE_LINE, True
        name = found.group()
        message = _UNREADABLE_LINE
    else:
        message = _value_message(name, complaint, excerpt(where.value(name)))
    used = name.upper() in USED
    if not used:
        message = _("{problem}; kiosk does not use {name}, so it is left out", problem=message,
                    name=name)
    return where.where(name), message, used


def _value_message(name: str, complaint: str, value: str) -> Message:
    if name.upper() in MOMENTS:
        return _("{name}: '{value}' is not a date and time like 20250918T093000", name=name,
                 value=value)
    if name.upper() == "DURATION":
        return _("DURATION: '{value}' is not a duration like PT1H30M", value=value)
    if name.upper() == "RRULE":
        got = _GOT.search(complaint)
        return _("RRULE: '{part}' cannot be read in the repeat rule '{value}' (a rule is like "
                 "FREQ=WEEKLY;COUNT=4)", part=excerpt(got.group(1)) if got else value,
                 value=value)
    return _("{name}: '{value}' cannot be read ({detail})", name=name, value=value,
             detail=excerpt(complaint))


class _Reader:
    def __init__(self, programme: Programme, calendar: Any, lines: dict[str, At],
                 fallback: str | None, language: str | None) -> None:
        self.programme = programme
        self.calendar = calendar
        self.lines = lines
        self.fallback = fallback or DEFAULT_TIMEZONE
        self.language = language
        self.zone: dt.tzinfo = zone(self.fallback) or dt.timezone.utc
        self.warned_utc = False

    def text(self, component: Any, name: str) -> str | None:
        value = component.get(name)
        if value is None:
            return None
        if isinstance(value, list):
            value = value[0] if value else None
        return str(value) if value is not None else None

    def choose_zone(self, events: list[tuple[Any, _Component]]) -> None:
        """The event's zone: X-WR-TIMEZONE, else the TZID of the first start that names
        one kiosk knows (by IANA name, Windows name or the VTIMEZONE's X-LIC-LOCATION),
        else the fallback, with a warning when the calendar names a zone kiosk does not
        know (its times are then shown in the fallback's)."""
        programme = self.programme
        named = self.text(self.calendar, "X-WR-TIMEZONE")
        candidates: list[tuple[str, At]] = []
        if named is not None and named.strip():
            candidates.append((named.strip(), self.lines.get("X-WR-TIMEZONE", At(1, 1))))
        for component, where in events:
            start = _get(component, "DTSTART")
            tzid = start.params.get("TZID") if start is not None else None
            if tzid and str(tzid).strip():
                candidates.append((str(tzid).strip(), where.where("DTSTART")))
        for name, at in candidates:
            found = iana_name(name, self.locations)
            if found is not None:
                self.zone = zone(found) or self.zone
                programme.timezone = Value(found, at)
                return
        programme.timezone = Value(self.fallback, At(1, 1))
        if candidates:
            name, at = candidates[0]
            programme.warn(at, _("time zone '{name}' is not one kiosk knows: the times are "
                                 "shown in {zone} (kiosk import --timezone, or event.timezone "
                                 "in an importing schedule.yaml, names another)",
                                 name=excerpt(name), zone=self.fallback))

    @property
    def locations(self) -> dict[str, str]:
        """Each VTIMEZONE's TZID -> its X-LIC-LOCATION (the IANA name some calendars add)."""
        found: dict[str, str] = {}
        for timezone in self.calendar.walk("VTIMEZONE"):
            tzid, location = self.text(timezone, "TZID"), self.text(timezone, "X-LIC-LOCATION")
            if tzid and location:
                found[tzid.strip()] = location.strip()
        return found

    def read(self, events: list[tuple[Any, _Component]]) -> None:
        import recurring_ical_events

        programme = self.programme
        name = self.text(self.calendar, "X-WR-CALNAME") or self.text(self.calendar, "NAME")
        if name and one_line(name):
            at = self.lines.get("X-WR-CALNAME", self.lines.get("NAME", At(1, 1)))
            programme.title = Value(one_line(name), at)
        self.choose_zone(events)
        for component, where in events:
            for property_name, complaint in getattr(component, "errors", ()):
                spot, message, needed = _value_problem(property_name, str(complaint), where)
                if needed:
                    programme.error(spot, message)
                else:
                    programme.warn(spot, message)
        if any(not problem.warning for problem in programme.problems):
            return
        singles = [(c, w) for c, w in events if not _repeats(c)]
        overrides = {(str(_get(c, "UID")), _key(_get(c, "RECURRENCE-ID"))): (c, w)
                     for c, w in events if _get(c, "RECURRENCE-ID") is not None}
        horizon = max((self.moment(c, "DTEND") or self.moment(c, "DTSTART") or dt.datetime.min
                       for c, _where in singles if self.moment(c, "DTSTART") is not None),
                      default=None)
        for component, where in events:
            if _repeats(component):
                self.repeat(component, where, overrides, horizon, recurring_ical_events)
            elif _get(component, "RECURRENCE-ID") is None or not any(
                    _repeats(c) and str(_get(c, "UID")) == str(_get(component, "UID"))
                    for c, _where in events):
                self.add(component, where, None)
            if len(programme.entries) > MAX_SESSIONS:
                programme.error(where.at, _("more than {count} sessions: not a programme",
                                            count=MAX_SESSIONS))
                programme.entries.clear()
                return

    def repeat(self, component: Any, where: _Component,
               overrides: dict[tuple[str, str], tuple[Any, _Component]],
               horizon: dt.datetime | None, library: Any) -> None:
        import icalendar

        first = self.moment(component, "DTSTART")
        if first is None:
            self.add(component, where, None)
            return
        uid = str(_get(component, "UID"))
        series = icalendar.Calendar()
        for timezone in self.calendar.walk("VTIMEZONE"):
            series.add_component(timezone)
        series.add_component(component)
        for (override_uid, _moment), (override, _spot) in overrides.items():
            if override_uid == uid:
                series.add_component(override)
        rule = component.get("RRULE")
        rules = rule if isinstance(rule, list) else [rule] if rule is not None else []
        endless = any("COUNT" not in r and "UNTIL" not in r for r in rules)
        limit = horizon if endless and horizon is not None and horizon > first else None
        if endless and limit is None:
            limit = first + dt.timedelta(days=7)
        try:
            # From the DTSTART as written: the library compares a naive time with the event's
            # own zone, so the wall-clock start would skip the first time of a UTC series.
            written = getattr(_get(component, "DTSTART"), "dt", first)
            occurrences = library.of(series).after(written - dt.timedelta(seconds=1))
            found = list(itertools.islice(occurrences, MAX_REPEATS + 1))
        except Exception as error:  # the library raises its own kinds for broken rules
            value = where.value("RRULE")
            if "FREQ=" not in value.upper():
                message = _("RRULE: a repeat rule needs FREQ= (like FREQ=WEEKLY;COUNT=4)")
            else:
                message = _("RRULE: the repeat rule '{value}' cannot be turned into dates "
                            "({detail})", value=excerpt(value), detail=excerpt(error))
            self.programme.error(where.where("RRULE"), message)
            return
        if len(found) > MAX_REPEATS and not endless:
            self.programme.warn(where.where("RRULE"), _("repeats more than {count} times: the "
                                                        "first {count} are shown",
                                                        count=MAX_REPEATS))
        shown = 0
        for occurrence in found[:MAX_REPEATS]:
            start = self.moment(occurrence, "DTSTART")
            if start is None or (limit is not None and start >= limit):
                break
            key = _key(_get(occurrence, "RECURRENCE-ID") or _get(occurrence, "DTSTART"))
            spot = overrides.get((uid, key), (None, where))[1]
            self.add(occurrence, spot, f"{uid}/{start:%Y%m%dT%H%M}")
            shown += 1
        if endless and limit is not None:
            self.programme.warn(where.where("RRULE"), Plural(
                "repeats without end: shown until {until:%Y-%m-%d %H.%M} (once)",
                "repeats without end: shown until {until:%Y-%m-%d %H.%M} ({count} times)",
                shown, until=limit))

    def moment(self, component: Any, name: str) -> dt.datetime | None:
        """A property's time on the event's wall clock (naive); None for a date or nothing."""
        value = component.get(name)
        if value is None:
            return None
        moment = getattr(value, "dt", None)
        if not isinstance(moment, dt.datetime):
            return None
        if moment.tzinfo is None:
            return moment.replace(microsecond=0)
        return moment.astimezone(self.zone).replace(tzinfo=None, microsecond=0)

    def local(self, moment: object) -> dt.datetime | None:
        """An aware moment in the event's zone (its fold tells the second time the clock
        shows a time); None for a floating time, a date or nothing."""
        if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
            return None
        return moment.astimezone(self.zone)

    def add(self, component: Any, where: _Component, occurrence_id: str | None) -> None:
        programme = self.programme
        start_value = _get(component, "DTSTART")
        if start_value is None:
            programme.error(where.at, _("the event has no DTSTART"))
            return
        moment = getattr(start_value, "dt", None)
        if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
            programme.warn(where.where("DTSTART"),
                           _("an all-day event is not a session: left out"))
            return
        start = self.moment(component, "DTSTART")
        if start is None:
            programme.error(where.where("DTSTART"), _("DTSTART is not a date and time"))
            return
        if (isinstance(moment, dt.datetime) and moment.utcoffset() == dt.timedelta()
                and programme.timezone is not None and programme.timezone.at == At(1, 1)
                and not self.warned_utc):
            self.warned_utc = True
            programme.warn(where.where("DTSTART"), _("the calendar gives its times in UTC and "
                                                     "names no time zone: they are shown in "
                                                     "{zone}", zone=self.fallback))
        start_local = self.local(moment)
        end = self.moment(component, "DTEND")
        end_local = self.local(getattr(_get(component, "DTEND"), "dt", None))
        if end is None:
            duration = _get(component, "DURATION")
            span = getattr(duration, "dt", None)
            end = start + span if isinstance(span, dt.timedelta) else start
            if start_local is not None:  # the time that passes, also over a clock change
                end_local = (start_local.astimezone(dt.timezone.utc)
                             + (span if isinstance(span, dt.timedelta) else dt.timedelta())
                             ).astimezone(self.zone)
                end = end_local.replace(tzinfo=None, microsecond=0)
        summary = self.text(component, "SUMMARY")
        if not one_line(summary or ""):
            programme.error(where.where("SUMMARY"), _(
                "the event has no title: give it a SUMMARY (the title in the calendar)"))
            return
        categories = component.get("CATEGORIES")
        category = None
        if categories is not None:
            for group in categories if isinstance(categories, list) else [categories]:
                cats = getattr(group, "cats", None) or []
                if cats:
                    category = str(cats[0])
                    break
        uid = self.text(component, "UID")
        description = self.text(component, "DESCRIPTION")
        location = self.text(component, "LOCATION")
        status = self.text(component, "STATUS")
        programme.entries.append(Entry(
            at=where.at,
            start=start,
            end=end,
            time_at=where.where("DTSTART"),
            title=Value(one_line(summary or ""), where.where("SUMMARY")),
            id=(Value(occurrence_id or one_line(uid), where.where("UID"))
                if uid is not None and one_line(uid) else None),
            type=Value(category, where.where("CATEGORIES")) if category else None,
            description=(Value(plain_text(description), where.where("DESCRIPTION"))
                         if description and plain_text(description) else None),
            room=(Value(one_line(location), where.where("LOCATION"))
                  if location and one_line(location) else None),
            cancelled=(where.where("STATUS")
                       if status is not None and status.strip().upper() == "CANCELLED" else None),
            second_time=bool(start_local is not None and start_local.fold),
            end_second_time=bool(end_local is not None and end_local.fold),
            moments=start_local is not None and end_local is not None,
        ))


def iana_name(tzid: str, locations: dict[str, str] | None = None) -> str | None:
    """The IANA name of a calendar's zone name, or None: the name itself, a Windows name
    (Outlook's 'W. Europe Standard Time'), the IANA name at the end of a path
    ('/freeassociation.sourceforge.net/Tzfile/Europe/Amsterdam'), or the VTIMEZONE's
    X-LIC-LOCATION."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = tzid.strip().strip('"').strip()
    tried = [name, WINDOWS_TO_OLSON.get(name, ""), (locations or {}).get(name, "")]
    parts = name.split("/")
    tried += ["/".join(parts[index:]) for index in range(1, len(parts) - 1)]
    return next((c for c in tried if c and zone(c) is not None), None)


def _get(component: Any, name: str) -> Any:
    """A property that should appear once; the first where a broken file repeats it."""
    value = component.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _repeats(component: Any) -> bool:
    return component.get("RRULE") is not None or component.get("RDATE") is not None


def _key(value: Any) -> str:
    moment = getattr(value, "dt", value)
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.timezone.utc)
        return f"{moment:%Y%m%dT%H%M%S}"
    return str(moment)
