"""A format's :class:`~kiosk.formats.model.Programme` as the schedule.yaml-shaped tree.

This is where every format meets: the same people become one speaker, ids are checked
for repeats, types become kinds, and each session is placed on the day it belongs to,
with the day's ``until:`` when its night runs past midnight (see canonical-tree.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Mapping as TypeTable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from kiosk.formats import kinds as kind_tables
from kiosk.formats.model import (
    At,
    Entry,
    Imported,
    ImportedSession,
    ImportedSpeaker,
    Person,
    Programme,
    Value,
    slug,
)
from kiosk.reader.check import DAY_MINUTES, EVENING, MORNING, NIGHT_LIMIT
from kiosk.schedule import Kind
from kiosk.yamltree import Mapping, Node, Scalar, Sequence


@dataclass
class _Speaker:
    id: str
    person: Person
    aliases: set[str] = field(default_factory=set)


@dataclass
class _Placed:
    """An entry on its day, with its start and end in minutes from that day's midnight."""

    entry: Entry
    start: int
    end: int
    kind: Kind | None
    kind_note: str | None
    speaker_ids: list[str]


def title_from(source: str) -> str:
    """An event title for a source that names none (a spreadsheet): its file name."""
    path = urlsplit(source).path if "://" in source else source.replace("\\", "/")
    name = PurePosixPath(path).stem.replace("_", " ").strip()
    return name or "Programma"


def assemble(
    programme: Programme, source: str, kinds: TypeTable[str, Kind] | None = None
) -> Imported:
    """The tree of ``programme`` with its sessions' and people's identifiers."""
    builder = _Builder(programme, kinds)
    return builder.build(source)


class _Builder:
    def __init__(self, programme: Programme, kinds: TypeTable[str, Kind] | None) -> None:
        self.programme = programme
        self.kinds = kinds
        self.speakers: dict[str, _Speaker] = {}
        """By the person's key: the source's id, else their name."""
        self.speaker_ids: set[str] = set()
        self.unknown_types: set[str] = set()
        self.until: dict[dt.date, int] = {}
        """A day's until: in minutes after midnight, for days whose night runs on."""
        self.nodes: dict[str, Mapping] = {}

    def build(self, source: str) -> Imported:
        programme = self.programme
        entries = programme.entries
        if not entries:
            if not any(not p.warning for p in programme.problems):
                programme.error(programme.at, f"no sessions found in this {programme.format.value} "
                                "file")
            return Imported(programme.format, source, None, tuple(programme.problems))
        placed_by_day = self.place(entries)
        root = Mapping(programme.at.line, programme.at.column)
        root.items.append(_item("event", self.event(source), programme.at))
        sessions: list[ImportedSession] = []
        days = Sequence(*_pos(entries[0].at))
        for date in sorted(placed_by_day):
            placed = placed_by_day[date]
            if placed:
                days.items.append(self.day(date, placed, sessions))
        speakers = self.speakers_node()
        if speakers is not None:
            root.items.append(_item("speakers", speakers, programme.at))
        root.items.append(_item("days", days, entries[0].at))
        return Imported(
            format=programme.format,
            source=source,
            root=root,
            problems=tuple(programme.problems),
            sessions=tuple(sessions),
            aliases=_unambiguous(
                (alias, s.id) for s in sessions if s.id is not None for alias in s.aliases
                if alias != s.id),
            speakers=tuple(
                ImportedSpeaker(s.id, s.person.name, tuple(sorted(s.aliases)), self.nodes[s.id])
                for s in self.speakers.values()),
            speaker_aliases=_unambiguous(
                (alias, s.id) for s in self.speakers.values() for alias in s.aliases
                if alias != s.id),
        )

    # -- the event ---------------------------------------------------------

    def event(self, source: str) -> Mapping:
        programme = self.programme
        title = programme.title or Value(title_from(source), programme.at)
        event = Mapping(*_pos(title.at))
        event.items.append(_text_item("title", title))
        for key, value in (("subtitle", programme.subtitle), ("venue", programme.venue),
                           ("timezone", programme.timezone), ("language", programme.language),
                           ("url", programme.url)):
            if value is not None and value.text:
                event.items.append(_text_item(key, value))
        return event

    # -- people ------------------------------------------------------------

    def speaker(self, person: Person) -> str:
        key = f"id:{person.id}" if person.id is not None else f"name:{person.name.casefold()}"
        known = self.speakers.get(key)
        if known is not None:
            if known.person.name != person.name and person.id is not None:
                self.programme.warn(person.at, f"person '{person.id}' is named "
                                    f"'{person.name}' here and '{known.person.name}' on line "
                                    f"{known.person.at.line}: shown as '{known.person.name}'")
            known.aliases.update(person.aliases)
            return known.id
        wanted = person.id if person.id is not None else slug(person.name)
        speaker_id, number = wanted, 1
        while speaker_id in self.speaker_ids:
            number += 1
            speaker_id = f"{wanted}-{number}"
        self.speaker_ids.add(speaker_id)
        aliases = {*person.aliases, person.name}
        self.speakers[key] = _Speaker(speaker_id, person, aliases)
        return speaker_id

    def speakers_node(self) -> Mapping | None:
        if not self.speakers:
            return None
        first = next(iter(self.speakers.values())).person.at
        node = Mapping(*_pos(first))
        for speaker in self.speakers.values():
            at = speaker.person.at
            details = Mapping(*_pos(at))
            details.items.append(_text_item("name", Value(speaker.person.name, at)))
            node.items.append((Scalar(at.line, at.column, speaker.id, False), details))
            self.nodes[speaker.id] = details
        return node

    # -- kinds -------------------------------------------------------------

    def kind(self, entry: Entry) -> tuple[Kind | None, str | None]:
        if entry.type is None or not entry.type.text:
            return None, None
        text = entry.type.text
        if entry.spreadsheet_kind:
            kind = kind_tables.KIOSK_WORDS.get(text.casefold())
            if kind is None and self.kinds:
                kind = kind_tables.choose(text, self.kinds).kind
            if kind is None:
                names = ", ".join(kind_tables.KIOSK_WORDS)
                self.programme.error(entry.type.at, f"unknown kind '{text}': use one of {names}")
            return kind, None
        choice = kind_tables.choose(text, self.kinds)
        if choice.how == "default":
            if text not in self.unknown_types:
                self.unknown_types.add(text)
                self.programme.warn(entry.type.at, f"type '{text}' is not one of kiosk's kinds: "
                                    "shown as a talk (give it a kind in kinds:)")
            return choice.kind, f"type '{text}' is unknown: a talk"
        return choice.kind, f"type '{text}'"

    # -- days --------------------------------------------------------------

    def place(self, entries: list[Entry]) -> dict[dt.date, list[_Placed]]:
        """Every entry on the day it belongs to; problems for what cannot be shown."""
        programme = self.programme
        daytime = {e.day for e in entries if e.day is not None}
        daytime.update(e.start.date() for e in entries
                       if e.day is None and _minutes(e.start) >= MORNING)
        by_day: dict[dt.date, list[Entry]] = {}
        seen_ids: dict[str, At] = {}
        for entry in entries:
            if entry.id is not None:
                first = seen_ids.setdefault(entry.id.text, entry.id.at)
                if first is not entry.id.at:
                    programme.warn(entry.id.at, f"session id '{entry.id.text}' is used again "
                                   f"(first on line {first.line}): changes by this id apply to "
                                   "the first")
            if entry.end <= entry.start:
                programme.warn(entry.time_at, f"'{entry.title.text if entry.title else ''}' "
                               "takes no time (it ends when it starts): left out")
                continue
            by_day.setdefault(_day_of(entry, daytime), []).append(entry)
        return {date: self.night(date, day_entries) for date, day_entries in by_day.items()}

    def night(self, date: dt.date, entries: list[Entry]) -> list[_Placed]:
        programme = self.programme
        midnight = dt.datetime.combine(date, dt.time())
        own = [e for e in entries if e.start.date() == date]
        night = [e for e in entries if e.start.date() != date]
        if night:
            lowest = max(_minutes(e.start) for e in night) + 1
            highest = min([NIGHT_LIMIT, *(_minutes(e.start) for e in own)])
            if lowest > highest:
                for entry in own:
                    if _minutes(entry.start) < lowest:
                        programme.error(entry.time_at, f"starts at {_clock(entry.start)} on "
                                        f"{date}, while this day's night runs until "
                                        f"{_clock(max(e.start for e in night))} on "
                                        f"{date + dt.timedelta(days=1)}: kiosk cannot tell the "
                                        "two apart; put it on the day before")
                own = [e for e in own if _minutes(e.start) >= lowest]
                highest = min([NIGHT_LIMIT, *(_minutes(e.start) for e in own)])
            declared = programme.day_ends.get(date)
            hour = -(-lowest // 60) * 60
            if (declared is not None and declared.date() == date + dt.timedelta(days=1)
                    and lowest <= _minutes(declared) <= highest):
                self.until[date] = _minutes(declared)
            else:
                self.until[date] = hour if hour <= highest else lowest
        placed: list[_Placed] = []
        for entry in own + night:
            start = _span(midnight, entry.start)
            end = _span(midnight, entry.end)
            if start >= DAY_MINUTES:
                limit = 2 * DAY_MINUTES
            elif start >= EVENING:
                limit = DAY_MINUTES + MORNING
            else:
                limit = DAY_MINUTES
            if end > limit:
                programme.warn(entry.time_at, _clipped(entry, limit))
                end = limit
            end = max(end, start + 1)  # a session shorter than a minute still shows
            if entry.second_time:
                programme.warn(entry.time_at, f"starts at {_clock(entry.start)} the second time "
                               "the clock shows it (the clocks go back): shown an hour earlier")
            kind, note = self.kind(entry)
            speaker_ids = list(dict.fromkeys(self.speaker(p) for p in entry.speakers))
            placed.append(_Placed(entry, start, end, kind, note, speaker_ids))
        placed.sort(key=lambda p: (p.start, p.entry.room.text if p.entry.room else ""))
        return placed

    def day(self, date: dt.date, placed: list[_Placed],
            sessions: list[ImportedSession]) -> Mapping:
        at = self.programme.day_positions.get(date, placed[0].entry.at)
        day = Mapping(*_pos(at))
        day.items.append(_item("date", Scalar(at.line, at.column, date.isoformat()), at))
        until = self.until.get(date)
        if until is not None:
            day.items.append(_item("until", Scalar(at.line, at.column, _hhmm(until)), at))
        items = Sequence(*_pos(placed[0].entry.at))
        for p in placed:
            node = self.session(p)
            items.items.append(node)
            entry = p.entry
            sessions.append(ImportedSession(
                id=entry.id.text if entry.id is not None else None,
                aliases=entry.aliases,
                node=node,
                day=date,
                kind=p.kind or Kind.TALK,
                kind_note=p.kind_note,
            ))
        day.items.append(_item("sessions", items, placed[0].entry.at))
        return day

    def session(self, placed: _Placed) -> Mapping:
        entry = placed.entry
        node = Mapping(*_pos(entry.at))
        items = node.items
        if entry.id is not None:
            items.append(_text_item("id", entry.id))
        night = placed.start >= DAY_MINUTES
        start = placed.start - DAY_MINUTES if night else placed.start
        end = placed.end - DAY_MINUTES if night or placed.end > DAY_MINUTES else placed.end
        time = f"{_hhmm(start)} - {_hhmm(end, midnight=True)}"
        items.append(_item("time", Scalar(entry.time_at.line, entry.time_at.column, time),
                           entry.time_at))
        if entry.title is not None:
            items.append(_text_item("title", entry.title))
        else:
            items.append(_item("title", Scalar(entry.at.line, entry.at.column, "", False),
                               entry.at))
        if placed.kind is not None and entry.type is not None:
            items.append(_item("kind", Scalar(entry.type.at.line, entry.type.at.column,
                                              placed.kind.value), entry.type.at))
        if placed.speaker_ids:
            first = entry.speakers[0].at
            people = Sequence(*_pos(first))
            for person, speaker_id in zip(entry.speakers, placed.speaker_ids, strict=False):
                people.items.append(Scalar(person.at.line, person.at.column, speaker_id, False))
            items.append(_item("speakers", people, first))
        for key, value in (("description", entry.description), ("room", entry.room)):
            if value is not None and value.text:
                items.append(_text_item(key, value))
        if entry.cancelled is not None:
            items.append(_item("cancelled", Scalar(entry.cancelled.line, entry.cancelled.column,
                                                   "true"), entry.cancelled))
        return node


def _day_of(entry: Entry, daytime: set[dt.date]) -> dt.date:
    """The day an entry belongs to: the source's day, or the evening before for an early
    morning session after a day with a programme of its own."""
    date = entry.start.date()
    if entry.day is not None:
        after = date - entry.day
        if after == dt.timedelta() or (after == dt.timedelta(days=1)
                                        and _minutes(entry.start) < NIGHT_LIMIT):
            return entry.day
        return date
    before = date - dt.timedelta(days=1)
    if _minutes(entry.start) < MORNING and before in daytime:
        return before
    return date


def _clipped(entry: Entry, limit: int) -> str:
    shown = _hhmm(limit, midnight=True)
    rule = ("a session across midnight must start at 18.00 or later and end by 06.00"
            if limit == DAY_MINUTES else "kiosk shows a session on one day and its night")
    return (f"'{entry.title.text if entry.title else ''}' runs until "
            f"{entry.end:%Y-%m-%d %H.%M}: shown until {shown} ({rule})")


def _minutes(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


def _span(midnight: dt.datetime, moment: dt.datetime) -> int:
    return int((moment - midnight).total_seconds() // 60)


def _hhmm(minutes: int, midnight: bool = False) -> str:
    if midnight and minutes == DAY_MINUTES:
        return "24.00"
    minutes %= DAY_MINUTES
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def _clock(moment: dt.datetime) -> str:
    return f"{moment:%H.%M}"


def _pos(at: At) -> tuple[int, int]:
    return at.line, at.column


def _item(key: str, value: Node, at: At) -> tuple[Node, Node]:
    return Scalar(at.line, at.column, key), value


def _text_item(key: str, value: Value) -> tuple[Node, Node]:
    return _item(key, Scalar(value.at.line, value.at.column, value.text, False), value.at)


def _unambiguous(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    found: dict[str, str | None] = {}
    for alias, target in pairs:
        found[alias] = target if found.get(alias, target) == target else None
    return {alias: target for alias, target in found.items() if target is not None}
