"""frab / pentabarf schedule XML (``schedule.xml`` of frab, pretalx and others).

The shape (voc/schedule's ``schedule.xml.xsd``): ``<schedule>`` with ``<conference>`` and
``<day date index start end>``, each with ``<room name>`` holding ``<event id guid>``.
The XML comes from outside, so it is parsed without a DTD, without network, without
resolving entities and with libxml2's bounds on size kept; a file that declares entities
is refused before it is parsed at all.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from kiosk.formats import frab
from kiosk.formats.detect import wide_codec
from kiosk.formats.model import At, Format, LineIndex, Person, Programme, Value
from kiosk.formats.syntax import xml_complaint
from kiosk.formats.text import excerpt, one_line
from kiosk.i18n import _

_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_FIELDS = ("room", "title", "subtitle", "type", "date", "start", "duration", "abstract",
           "description", "slug", "end")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, remove_comments=True,
                           remove_pis=True, recover=False)


class _Locator:
    """Columns for lxml's elements, which know only their line: the start tag's '<' in the
    text, found in document order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text)
        self.cursor = 0
        self.patterns: dict[str, re.Pattern[str]] = {}

    def element(self, element: etree._Element) -> At:
        line = element.sourceline or 1
        name = etree.QName(element).localname
        pattern = self.patterns.get(name)
        if pattern is None:
            pattern = re.compile(rf"<(?:[\w.-]+:)?{re.escape(name)}(?=[\s/>])")
            self.patterns[name] = pattern
        match = pattern.search(self.text, self.cursor)
        if match is not None:
            at = self.lines.at(match.start())
            if at.line <= line:
                self.cursor = match.end()
                return at
        return At(line, 1)

    def attribute(self, element: etree._Element, at: At, name: str) -> At:
        start = self.lines.starts[at.line - 1] + at.column - 1
        end = self.text.find(">", start)
        match = re.compile(rf"\s{re.escape(name)}\s*=").search(
            self.text, start, end if end >= 0 else len(self.text))
        return self.lines.at(match.start() + 1) if match is not None else at


def read(data: bytes, source: str, fallback_zone: str | None = None) -> Programme:
    """The programme of a frab XML export; problems at their lines in the file."""
    programme = Programme(Format.XML, At(1, 1))
    # Looked for in the text, not the bytes: in UTF-16 the declaration's bytes differ.
    head = data.decode(wide_codec(data) or "latin-1", "replace")
    declared = _ENTITY.search(head)
    if declared is not None:
        line = head.count("\n", 0, declared.start()) + 1
        programme.error(At(line, 1), _("the file declares an XML entity (<!ENTITY ...>), "
                                       "which schedule exports never do: refused, nothing of "
                                       "it is read"))
        return programme
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position
        programme.error(At(max(line, 1), max(column, 1)), xml_complaint(error, data))
        return programme
    except (ValueError, etree.LxmlError) as error:
        programme.error(At(1, 1), _("not readable as XML: {error}", error=excerpt(error)))
        return programme
    encoding = root.getroottree().docinfo.encoding or "utf-8"
    try:
        text = data.decode(encoding, "replace")
    except LookupError:
        text = data.decode("utf-8", "replace")
    locate = _Locator(text)
    root_at = locate.element(root)
    programme.at = root_at
    if etree.QName(root).localname != "schedule":
        programme.error(root_at, _("not a frab schedule: the XML starts with <{name}>, not "
                                   "<schedule>", name=excerpt(etree.QName(root).localname)))
        return programme
    for node in root.iter(etree.Entity):
        programme.error(At(node.sourceline or 1, 1), _(
            "entity {entity} is not read: a schedule export holds text, not entities",
            entity=excerpt(node.text)))
    if programme.problems:
        return programme
    events: list[frab.RawEvent] = []
    zone_name: Value | None = None
    for child in root:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name == "conference":
            zone_name = _conference(child, locate, programme)
        elif name == "day":
            _day(child, locate, programme, events)
    frab.Events(programme, zone_name, fallback_zone).read(events)
    return programme


def _text(element: etree._Element) -> str:
    return "".join(t for t in element.itertext(with_tail=False) if isinstance(t, str))


def _conference(node: etree._Element, locate: _Locator, programme: Programme) -> Value | None:
    at = locate.element(node)
    zone_name: Value | None = None
    for child in node:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        child_at = locate.element(child)
        value = Value(one_line(_text(child)), child_at)
        if name == "title" and value.text:
            programme.title = value
        elif name == "subtitle" and value.text:
            programme.subtitle = value
        elif name == "url" and value.text.startswith(("http://", "https://")):
            programme.url = value
        elif name == "time_zone_name" and value.text:
            zone_name = value
    if programme.title is None:
        programme.warn(at, _("the conference has no <title>: named after the file"))
    return zone_name


def _day(node: etree._Element, locate: _Locator, programme: Programme,
         events: list[frab.RawEvent]) -> None:
    at = locate.element(node)
    date = None
    text = node.get("date")
    if text is not None:
        date = frab.date(text)
        if date is None:
            programme.error(locate.attribute(node, at, "date"), _(
                "day date '{value}' is not a date like 2024-12-27", value=excerpt(text)))
            return
    start = frab.moment(node.get("start") or "")
    end = frab.moment(node.get("end") or "")
    date = programme.declare_day(at, date, start, end)
    for room in node:
        if not isinstance(room.tag, str) or etree.QName(room).localname != "room":
            continue
        room_at = locate.element(room)
        room_name = room.get("name")
        room_value = (Value(one_line(room_name), locate.attribute(room, room_at, "name"))
                      if room_name else None)
        for event in room:
            if isinstance(event.tag, str) and etree.QName(event).localname == "event":
                events.append(_event(event, locate, date, start, room_value))


def _event(node: etree._Element, locate: _Locator, day: dt.date | None,
           day_start: dt.datetime | None, room: Value | None) -> frab.RawEvent:
    at = locate.element(node)
    fields: dict[str, Value] = {}
    for key in ("id", "guid", "code"):
        value = node.get(key)
        if value is not None and value.strip():
            fields[key] = Value(one_line(value), locate.attribute(node, at, key))
    persons: list[Person] = []
    for child in node:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        child_at = locate.element(child)
        if name in _FIELDS and name not in fields:
            fields[name] = Value(_text(child), child_at)
        elif name == "persons":
            for person in child:
                if isinstance(person.tag, str) and etree.QName(person).localname == "person":
                    person_at = locate.element(person)
                    person_name = one_line(_text(person))
                    if person_name:
                        persons.append(_person(person, person_name, person_at))
    return frab.RawEvent(at, fields, persons, day, day_start, room)


def _person(node: etree._Element, name: str, at: At) -> Person:
    ids = [one_line(str(node.get(key))) for key in ("id", "code", "guid")
           if node.get(key) is not None and one_line(str(node.get(key)))]
    return Person(name=name, at=at, id=ids[0] if ids else None, aliases=tuple(ids[1:]))
