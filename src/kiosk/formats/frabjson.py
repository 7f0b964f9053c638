"""frab / pretalx schedule JSON (``schedule.json``, voc/schedule's ``schema.json``).

``schedule.conference.days[].rooms{name: [events]}``; voc's schedule 2 (the CCC hub's
export) has its events in one list, ``schedule.events``, each with a ``start`` and ``end``
date and time, a ``room`` object and ``participants``. Every value is read with its
position: the json module's own pure-Python object and array parsers are driven by a
scanner of ours that records where each value starts (the standard decoder forgets it),
so a problem in a value is reported at its line and column, not only syntax errors.
"""

from __future__ import annotations

import codecs
import json
import json.decoder
import json.scanner
from dataclasses import dataclass
from typing import Any, Union

from kiosk.formats import frab
from kiosk.formats.model import At, Format, LineIndex, Person, Programme, Value
from kiosk.formats.syntax import json_complaint
from kiosk.formats.text import excerpt, one_line, pick_language
from kiosk.i18n import _

MAX_DEPTH = 64
"""Deeper than any export; the bound keeps Python's stack safe from hostile nesting."""

JValue = Union[str, None, bool, "list[J]", "dict[str, J]"]


@dataclass(slots=True)
class J:
    """A JSON value with the offset where it starts; numbers keep their text."""

    value: JValue
    offset: int


class _TooDeep(Exception):
    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


class _Scanner:
    """Reads one JSON text into :class:`J` values."""

    def __init__(self) -> None:
        self.depth = 0
        self.memo: dict[str, str] = {}
        self.duplicates: list[tuple[str, J]] = []

    def pairs(self, pairs: list[tuple[str, J]]) -> dict[str, J]:
        found: dict[str, J] = {}
        for key, value in pairs:
            if key in found:
                self.duplicates.append((key, value))
                continue
            found[key] = value
        return found

    def scan(self, text: str, index: int) -> tuple[J, int]:
        try:
            char = text[index]
        except IndexError:
            raise StopIteration(index) from None
        if char == '"':
            value, end = json.decoder.scanstring(text, index + 1, True)  # type: ignore[attr-defined]
            return J(value, index), end
        if char in "{[":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _TooDeep(index)
            result: Any
            if char == "{":
                result, end = json.decoder.JSONObject(  # type: ignore[attr-defined]
                    (text, index + 1), True, self.scan, None, self.pairs, self.memo)
            else:
                result, end = json.decoder.JSONArray(  # type: ignore[attr-defined]
                    (text, index + 1), self.scan)
            self.depth -= 1
            return J(result, index), end
        for word, meaning in (("null", None), ("true", True), ("false", False)):
            if text.startswith(word, index):
                return J(meaning, index), index + len(word)
        number = json.scanner.NUMBER_RE.match(text, index)
        if number is not None:
            return J(number.group(), index), number.end()
        raise StopIteration(index)


def parse(text: str) -> tuple[J, list[tuple[str, J]]]:
    """The JSON value of ``text`` and the repeated keys; raises json.JSONDecodeError, or
    ValueError with the offset for nesting deeper than MAX_DEPTH."""
    scanner = _Scanner()
    whitespace = json.decoder.WHITESPACE  # type: ignore[attr-defined]
    start = whitespace.match(text, 0).end()
    try:
        value, end = scanner.scan(text, start)
    except StopIteration as stop:
        raise json.JSONDecodeError("Expecting value", text, stop.value) from None
    except _TooDeep as deep:
        raise ValueError(deep.offset) from None
    end = whitespace.match(text, end).end()
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value, scanner.duplicates


class _Reader:
    def __init__(self, text: str, programme: Programme, language: str | None) -> None:
        self.lines = LineIndex(text)
        self.programme = programme
        self.language = language

    def at(self, node: J) -> At:
        return self.lines.at(node.offset)

    def text(self, node: J | None) -> Value | None:
        """A value as text: strings, numbers, true/false, a name per language; else None."""
        if node is None or node.value is None:
            return None
        value = node.value
        if isinstance(value, bool):
            return Value("true" if value else "false", self.at(node))
        if isinstance(value, str):
            return Value(value, self.at(node))
        if isinstance(value, dict):
            texts = {k: v.value for k, v in value.items() if isinstance(v.value, str)}
            picked = pick_language(texts, self.language)
            return Value(picked, self.at(node)) if picked is not None else None
        return None

    def mapping(self, node: J | None, what: str) -> dict[str, J] | None:
        if node is None:
            return None
        if not isinstance(node.value, dict):
            # TRANSLATORS: {braces} is {...}, written as a value because of its braces.
            self.programme.error(self.at(node), _("{what} must be an object ({braces})",
                                                  what=what, braces="{...}"))
            return None
        return node.value

    def sequence(self, node: J | None, what: str) -> list[J]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.programme.error(self.at(node), _("{what} must be a list ([...])", what=what))
            return []
        return node.value


def read(data: bytes, source: str, fallback_zone: str | None = None,
         language: str | None = None) -> Programme:
    """The programme of a frab or pretalx JSON export; problems at their line and column."""
    programme = Programme(Format.JSON, At(1, 1))
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[data.rfind(b"\n", 0, error.start) + 1:error.start]
                     .decode("utf-8", "replace")) + 1
        programme.error(At(line, column), _("the file is not UTF-8 text, as JSON must be"))
        return programme
    lines = LineIndex(text)
    try:
        root, duplicates = parse(text)
    except json.JSONDecodeError as error:
        programme.error(lines.at(error.pos), json_complaint(error.msg, text, error.pos))
        return programme
    except ValueError as error:
        programme.error(lines.at(int(error.args[0])), _("nested more than {depth} levels deep",
                                                        depth=MAX_DEPTH))
        return programme
    reader = _Reader(text, programme, language)
    for key, value in duplicates:
        programme.warn(reader.at(value), _("key '{key}' is given twice in one object: the "
                                           "first is read", key=excerpt(key)))
    programme.at = reader.at(root)
    top = reader.mapping(root, _("the file"))
    if top is not None and "schedule" not in top:
        programme.error(programme.at, _("not a frab or pretalx schedule: it has no "
                                        "\"schedule\" at the top (use the export "
                                        "schedule.json)"))
    schedule = (reader.mapping(top.get("schedule"), "schedule")
                if top is not None else None)
    if schedule is None:
        return programme
    conference = reader.mapping(schedule.get("conference"), "schedule.conference")
    if conference is None:
        if "conference" not in schedule:
            programme.error(reader.at(root), _("the schedule has no \"conference\""))
        return programme
    title = reader.text(conference.get("title"))
    if title is not None and one_line(title.text):
        programme.title = Value(one_line(title.text), title.at)
    else:
        programme.warn(reader.at(root), _("the conference has no title: named after the file"))
    url = reader.text(conference.get("url"))
    if url is not None and url.text.startswith(("http://", "https://")):
        programme.url = url
    zone_name = reader.text(conference.get("time_zone_name"))
    events: list[frab.RawEvent] = []
    for day_node in reader.sequence(conference.get("days"), "conference.days"):
        _day(reader, day_node, events)
    if not events:  # voc's schedule 2 (the CCC hub's): one list of events beside the days
        for event_node in reader.sequence(schedule.get("events"), "schedule.events"):
            raw = _event(reader, event_node, None)
            if raw is not None:
                events.append(raw)
    frab.Events(programme, zone_name, fallback_zone).read(events)
    return programme


def _day(reader: _Reader, node: J, events: list[frab.RawEvent]) -> None:
    day = reader.mapping(node, _("a day"))
    if day is None:
        return
    programme = reader.programme
    at = reader.at(node)
    date = None
    date_text = reader.text(day.get("date"))
    if date_text is not None:
        date = frab.date(date_text.text)
        if date is None:
            programme.error(date_text.at, _("day date '{value}' is not a date like 2024-12-27",
                                            value=excerpt(date_text.text)))
            return
    start_text = reader.text(day.get("day_start") or day.get("start"))
    end_text = reader.text(day.get("day_end") or day.get("end"))
    start = frab.moment(start_text.text) if start_text is not None else None
    end = frab.moment(end_text.text) if end_text is not None else None
    date = programme.declare_day(at, date, start, end)
    rooms = reader.mapping(day.get("rooms"), _("a day's rooms"))
    for room_name, room_events in (rooms or {}).items():
        room = Value(one_line(room_name), reader.at(room_events)) if room_name.strip() else None
        for event in reader.sequence(room_events, _("room '{room}'", room=excerpt(room_name))):
            raw = _event(reader, event, room)
            if raw is not None:
                raw.day, raw.day_start = date, start
                events.append(raw)


_FIELDS = ("id", "guid", "code", "date", "start", "duration", "end", "room", "title",
           "subtitle", "type", "abstract", "description", "slug")


def _event(reader: _Reader, node: J, room: Value | None) -> frab.RawEvent | None:
    event = reader.mapping(node, _("an event"))
    if event is None:
        return None
    fields: dict[str, Value] = {}
    for key in _FIELDS:
        value = reader.text(event.get(key))
        if value is not None and value.text.strip():
            fields[key] = value
    room_node = event.get("room")
    if room_node is not None and isinstance(room_node.value, dict):  # schedule 2: {name: ...}
        fields.pop("room", None)
        named = reader.text(room_node.value.get("name"))
        if named is not None and named.text.strip():
            fields["room"] = named
    if "date" not in fields and "start" in fields and frab.moment(fields["start"].text):
        fields["date"] = fields.pop("start")  # schedule 2: start is a date and time
    persons: list[Person] = []
    people = "participants" if "persons" not in event else "persons"
    for person_node in reader.sequence(event.get(people), people):
        person = reader.mapping(person_node, _("a person"))
        if person is None:
            continue
        name = reader.text(person.get("public_name")) or reader.text(person.get("name")) \
            or reader.text(person.get("full_public_name"))
        if name is None or not one_line(name.text):
            continue
        values = (reader.text(person.get(key)) for key in ("id", "code", "guid"))
        ids = [one_line(v.text) for v in values if v is not None and one_line(v.text)]
        persons.append(Person(one_line(name.text), reader.at(person_node),
                              ids[0] if ids else None, tuple(ids[1:])))
    return frab.RawEvent(reader.at(node), fields, persons, room=room)
