"""Generated programmes written in each import format, for round trips, fuzzing and the
benchmark (benchmarks/formats.py).

A :class:`Programme` is what a conference system holds: days with sessions in rooms, each
with its moments, people and type. The writers put it into frab XML, pretalx JSON,
iCalendar and CSV as those systems write them; ``expected`` says what kiosk must show.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

TITLES = ("Opening", "Containers & cranes", "Night owls: a podium", "yes", "null", "#hashtag",
          "Ropes 'n' knots", "\"Quoted\" talk", "10:15", "Workshop — solder", "- dash first",
          "Ünïcödé ✓", "a: b", "[brackets]", "{braces}", "Ends with colon:", "Lunch",
          "* star", "@mention", "%percent", "Tab\there", "  spaced  out  ")
TYPES = ("lecture", "workshop", "podium", "lightning_talk", "meeting", "other", "Talk",
         "Keynote", "Coffee break", "Lunch")
NAMES = ("Mira de Zwaan", "Teun Bakker", "Sanne Oost", "Joost van Dijk", "Ilse Maas",
         "Ana Öztürk", "Brian O'Neill", "Dana Li")
ABSTRACTS = ("", "Plain words.", "**Bold** and _italic_ and [a link](https://x.example).",
             "<p>HTML <b>para</b></p><ul><li>one</li><li>two</li></ul>", "Line one\nLine two",
             "Tom & Jerry <3")
CSV_KINDS = {"lecture": "lezing", "workshop": "workshop", "podium": "paneel",
             "lightning_talk": "lezing", "meeting": "paneel", "other": "lezing",
             "Talk": "talk", "Keynote": "lezing", "Coffee break": "pauze", "Lunch": "lunch"}


@dataclass
class Session:
    id: int
    start: dt.datetime
    """Aware, in the programme's zone."""
    minutes: int
    room: str
    title: str
    type: str
    people: list[int]
    abstract: str

    @property
    def end(self) -> dt.datetime:
        return (self.start.astimezone(dt.timezone.utc)
                + dt.timedelta(minutes=self.minutes)).astimezone(self.start.tzinfo)

    @property
    def guid(self) -> str:
        return f"5d1f0a8e-3c2b-4f1e-9a6d-{self.id:012d}"


@dataclass
class Day:
    date: dt.date
    sessions: list[Session] = field(default_factory=list)


@dataclass
class Programme:
    title: str
    zone: str
    days: list[Day]

    @property
    def tz(self) -> dt.tzinfo:
        return ZoneInfo(self.zone)

    def sessions(self) -> list[Session]:
        return [s for d in self.days for s in d.sessions]


def generate(seed: int, days: int = 2, rooms: int = 3, per_room: int = 5,
             zone: str = "Europe/Berlin", nights: bool = True) -> Programme:
    """A programme: each room's sessions follow one another from 09.00 or later, and a
    room's evening may run past midnight into the night (until 04.00 at most)."""
    rng = random.Random(seed)
    tz = ZoneInfo(zone)
    # December to February: no clock change inside the programme (a spreadsheet gives only
    # wall-clock times, so a session across one would differ from the source by an hour).
    first = dt.date(2024, 12, 1) + dt.timedelta(days=rng.randrange(0, 80))
    programme = Programme(f"Generated congress {seed}", zone, [])
    number = 1000
    for index in range(days):
        date = first + dt.timedelta(days=index)
        day = Day(date)
        for room_number in range(rooms):
            room = f"Saal {room_number + 1}"
            clock = dt.datetime.combine(date, dt.time(9 + rng.randrange(0, 3)), tz)
            latest = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(4), tz) if nights \
                else dt.datetime.combine(date, dt.time(23, 30), tz)
            for _ in range(per_room):
                clock = clock + dt.timedelta(minutes=rng.choice((0, 0, 15, 30, 120, 300)))
                minutes = rng.choice((15, 30, 45, 60, 90))
                if (clock + dt.timedelta(minutes=minutes)) > latest:
                    break
                number += 1
                day.sessions.append(Session(
                    id=number, start=clock, minutes=minutes, room=room,
                    title=f"{rng.choice(TITLES)} {number}" if rng.random() < 0.9
                    else rng.choice(TITLES),
                    type=rng.choice(TYPES),
                    people=rng.sample(range(len(NAMES)), rng.randrange(0, 3)),
                    abstract=rng.choice(ABSTRACTS),
                ))
                clock = clock + dt.timedelta(minutes=minutes)
        day.sessions.sort(key=lambda s: (s.start, s.room))
        programme.days.append(day)
    return programme


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def frab_xml(programme: Programme) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<schedule>", "  <version>1.0</version>",
             "  <conference>", f"    <title>{escape(programme.title)}</title>",
             f"    <time_zone_name>{programme.zone}</time_zone_name>", "  </conference>"]
    for index, day in enumerate(programme.days, start=1):
        start = dt.datetime.combine(day.date, dt.time(9), programme.tz)
        end = dt.datetime.combine(day.date + dt.timedelta(days=1), dt.time(4), programme.tz)
        parts.append(f'  <day index="{index}" date="{day.date}" start="{start.isoformat()}" '
                     f'end="{end.isoformat()}">')
        for room in sorted({s.room for s in day.sessions}):
            parts.append(f"    <room name={quoteattr(room)}>")
            for s in (s for s in day.sessions if s.room == room):
                parts += [
                    f'      <event id="{s.id}" guid="{s.guid}">',
                    f"        <date>{s.start.isoformat()}</date>",
                    f"        <start>{s.start:%H:%M}</start>",
                    f"        <duration>{_hhmm(s.minutes)}</duration>",
                    f"        <room>{escape(room)}</room>",
                    f"        <title>{escape(s.title)}</title>",
                    "        <subtitle/>",
                    f"        <type>{escape(s.type)}</type>",
                    f"        <abstract>{escape(s.abstract)}</abstract>",
                    "        <persons>",
                    *(f'          <person id="{p + 1}">{escape(NAMES[p])}</person>'
                      for p in s.people),
                    "        </persons>",
                    "      </event>",
                ]
            parts.append("    </room>")
        parts.append("  </day>")
    parts.append("</schedule>")
    return "\n".join(parts) + "\n"


def pretalx_json(programme: Programme) -> str:
    days = []
    for index, day in enumerate(programme.days, start=1):
        rooms: dict[str, list[dict[str, object]]] = {}
        for s in day.sessions:
            rooms.setdefault(s.room, []).append({
                "id": s.id, "guid": s.guid, "code": f"C{s.id:05d}", "logo": "",
                "date": s.start.isoformat(), "start": f"{s.start:%H:%M}",
                "duration": _hhmm(s.minutes), "room": s.room, "slug": f"gen-{s.id}",
                "url": f"https://pretalx.example/gen/talk/C{s.id:05d}/", "title": s.title,
                "subtitle": "", "track": None, "type": s.type, "language": "en",
                "abstract": s.abstract, "description": "", "recording_license": "",
                "do_not_record": False,
                "persons": [{"code": f"P{p:05d}", "name": NAMES[p], "avatar": None,
                             "biography": None, "public_name": NAMES[p]} for p in s.people],
                "links": [], "attachments": [],
            })
        start = dt.datetime.combine(day.date, dt.time(4), programme.tz)
        days.append({"index": index, "date": day.date.isoformat(),
                     "day_start": start.isoformat(),
                     "day_end": (start + dt.timedelta(hours=23, minutes=59)).isoformat(),
                     "rooms": rooms})
    return json.dumps({"$schema": "https://c3voc.de/schedule/schema.json",
                       "generator": {"name": "pretalx", "version": "2025.1"},
                       "schedule": {"version": "1.0", "base_url": "https://pretalx.example/",
                                    "conference": {"acronym": "gen", "title": programme.title,
                                                   "time_zone_name": programme.zone,
                                                   "days": days}}},
                      indent=2, ensure_ascii=False) + "\n"


def _ics_text(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    out: list[str] = []
    data = line.encode("utf-8")
    while len(data) > 75:
        cut = 75 if not out else 74
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never inside a character
            cut -= 1
        out.append(data[:cut].decode("utf-8"))
        data = data[cut:]
    out.append(data.decode("utf-8"))
    return [out[0], *(" " + part for part in out[1:])]


def icalendar(programme: Programme) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kiosk tests//generated//EN",
             f"X-WR-CALNAME:{_ics_text(programme.title)}", f"X-WR-TIMEZONE:{programme.zone}"]
    for s in programme.sessions():
        lines += ["BEGIN:VEVENT", f"UID:{s.guid}", "DTSTAMP:20240101T000000Z",
                  f"DTSTART;TZID={programme.zone}:{s.start:%Y%m%dT%H%M%S}",
                  f"DTEND;TZID={programme.zone}:{s.end:%Y%m%dT%H%M%S}",
                  f"SUMMARY:{_ics_text(s.title)}", f"LOCATION:{_ics_text(s.room)}",
                  f"CATEGORIES:{_ics_text(s.type)}"]
        if s.abstract:
            lines.append(f"DESCRIPTION:{_ics_text(s.abstract)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(f"{part}\r\n" for line in lines for part in _fold(line))


def _csv_cell(text: str) -> str:
    if any(c in text for c in ';"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def spreadsheet(programme: Programme) -> str:
    lines = ["Datum;Begin;Eind;Titel;Zaal;Sprekers;Soort;Omschrijving;id"]
    for s in programme.sessions():
        lines.append(";".join(_csv_cell(c) for c in (
            f"{s.start:%d-%m-%Y}", f"{s.start:%H.%M}", f"{s.end:%H.%M}", s.title, s.room,
            " | ".join(NAMES[p] for p in s.people), CSV_KINDS[s.type], s.abstract.split("\n")[0]
            if "<" not in s.abstract and "*" not in s.abstract else "", str(s.id))))
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


WRITERS = {"xml": frab_xml, "json": pretalx_json, "ics": icalendar, "csv": spreadsheet}


def yaml_of(programme: Programme) -> str:
    """The same programme as a hand-written schedule.yaml (for the benchmark)."""
    lines = ["event:", f"  title: {json.dumps(programme.title)}", f"  timezone: {programme.zone}",
             "speakers:"]
    lines += [f"  p{i}: {{name: {json.dumps(name)}}}" for i, name in enumerate(NAMES)]
    lines.append("days:")
    for day in programme.days:
        lines += [f"  - date: {day.date}", "    until: 04.00", "    sessions:"]
        for s in day.sessions:
            people = ", ".join(f"p{p}" for p in s.people)
            lines += [f"      - time: {s.start:%H.%M} - {s.end:%H.%M}",
                      f"        title: {json.dumps(s.title)}",
                      f"        room: {s.room}", f"        speakers: [{people}]",
                      f"        id: \"{s.id}\""]
    return "\n".join(lines) + "\n"
