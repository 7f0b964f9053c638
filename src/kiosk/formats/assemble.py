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
    zone,
)
from kiosk.formats.text import excerpt
from kiosk.i18n import Message, Plural, _
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
    kind_note: Message | None
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
        timezone = programme.timezone
        self.zone_name = timezone.text if timezone is not None else ""
        self.zone = zone(self.zone_name) if self.zone_name else None
        self.moved_ends: dict[int, tuple[dt.datetime, dt.timedelta]] = {}
        """Entries whose end was moved past their start, by id(): the end the source gives
        and how far it was moved."""

    def build(self, source: str) -> Imported:
        programme = self.programme
        entries = programme.entries
        if not entries:
            if not any(not p.warning for p in programme.problems):
                programme.error(programme.at, _("no sessions found in this {format} file",
                                                format=programme.format.value))
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
                self.programme.warn(person.at, _(
                    "person '{id}' is named '{name}' here and '{first}' on line {line}: shown "
                    "as '{first}'", id=excerpt(person.id), name=excerpt(person.name),
                    first=excerpt(known.person.name), line=known.person.at.line))
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

    # -- the night the clocks go back ---------------------------------------

    def clock_change(self, entry: Entry, end: dt.datetime, end_second: bool) -> None:
        """One warning for a session at a time the clock shows twice: kiosk reads such a
        time as the first (schedule.yaml cannot say which), so what the source says and what
        the screen shows are told apart here, where the source is known."""
        zone_name = self.zone_name
        start_back, end_back = _repeated(entry.start, self.zone), _repeated(end, self.zone)
        at = entry.time_at
        moved = self.moved_ends.get(id(entry))
        if moved is not None:
            source_end, back = moved
            self.programme.warn(at, _(
                "this session ends at the second {end:%H.%M} on {date} in {zone} (the clocks "
                "go back), which kiosk would read as before it starts: it is shown until "
                "{shown:%H.%M}, {shift} late", end=source_end, date=source_end.date(),
                zone=zone_name, shown=end, shift=_shift(back)))
            return
        if start_back is None and end_back is None:
            return
        second_start = entry.moments and entry.second_time
        second_end = entry.moments and end_second and end_back is not None
        if start_back is not None and second_start and second_end:
            self.programme.warn(at, _(
                "this session is at the second {start:%H.%M} - {end:%H.%M} on {date} in {zone} "
                "(the clocks go back), but kiosk reads those times as the first: it is "
                "{shift} early on the screen", start=entry.start, end=end,
                date=entry.start.date(), zone=zone_name, shift=_shift(start_back)))
        elif start_back is not None and second_start:
            self.programme.warn(at, _(
                "this session starts at the second {start:%H.%M} on {date} in {zone} (the "
                "clocks go back), but kiosk reads that time as the first: it starts {shift} "
                "early on the screen", start=entry.start, date=entry.start.date(),
                zone=zone_name, shift=_shift(start_back)))
        elif end_back is not None and second_end:
            self.programme.warn(at, _(
                "this session ends at the second {end:%H.%M} on {date} in {zone} (the clocks "
                "go back), but kiosk reads that time as the first: it ends {shift} early on "
                "the screen", end=end, date=end.date(), zone=zone_name,
                shift=_shift(end_back)))
        elif entry.moments:
            return  # the first time, as the source says: shown as it is
        elif start_back is not None and end_back is not None:
            self.programme.warn(at, _(
                "{start:%H.%M} and {end:%H.%M} happen twice on {date} in {zone} (the clocks go "
                "back): both are read as the first time, in summer time", start=entry.start,
                end=end, date=entry.start.date(), zone=zone_name))
        else:
            moment = entry.start if start_back is not None else end
            time = _hhmm(_minutes(moment))
            self.programme.warn(at, _(
                "{time} happens twice on {date} in {zone} (the clocks go back): it is read as "
                "the first time, in summer time", time=time, date=moment.date(), zone=zone_name))

    def end_past_start(self, entry: Entry) -> None:
        """A session that starts before the clocks go back and ends the second time the
        clock shows a time up to its start (02.30 summer time to 02.15 winter time) would
        end before it starts on the clock: its end is shown as if the clocks had not gone
        back (03.15), so it is shown, too long rather than not at all."""
        if not (entry.moments and entry.end_second_time and not entry.second_time
                and entry.end <= entry.start):
            return
        back = _repeated(entry.end, self.zone)
        if back is not None:
            self.moved_ends[id(entry)] = (entry.end, back)
            entry.end += back

    # -- kinds -------------------------------------------------------------

    def kind(self, entry: Entry) -> tuple[Kind | None, Message | None]:
        if entry.type is None or not entry.type.text:
            return None, None
        text = entry.type.text
        if entry.spreadsheet_kind:
            kind = kind_tables.KIOSK_WORDS.get(text.casefold())
            if kind is None and self.kinds:
                kind = kind_tables.choose(text, self.kinds).kind
            if kind is None:
                names = ", ".join(kind_tables.KIOSK_WORDS)
                self.programme.error(entry.type.at, _("unknown kind '{kind}': use one of {kinds}",
                                                      kind=excerpt(text), kinds=names))
            return kind, None
        choice = kind_tables.choose(text, self.kinds)
        if choice.how == "default":
            if text not in self.unknown_types:
                self.unknown_types.add(text)
                self.programme.warn(entry.type.at, _("type '{type}' is not one of kiosk's "
                                                     "kinds: shown as a talk (give it a kind in "
                                                     "kinds:)", type=excerpt(text)))
            return choice.kind, _("type '{type}' is unknown: a talk", type=excerpt(text))
        return choice.kind, _("type '{type}'", type=excerpt(text))

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
                    programme.warn(entry.id.at, _("session id '{id}' is used again (first on "
                                                  "line {line}): to change one of them in "
                                                  "schedule.yaml, name it by its guid or "
                                                  "code", id=excerpt(entry.id.text),
                                                  line=first.line))
            self.end_past_start(entry)
            if entry.end <= entry.start:
                programme.warn(entry.time_at, _("'{title}' takes no time (it ends when it "
                                                "starts): left out", title=_title(entry)))
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
                        programme.error(entry.time_at, _(
                            "starts at {start:%H.%M} on {date}, while this day's night runs "
                            "until {night:%H.%M} on {next}: kiosk cannot tell the two apart; put "
                            "it on the day before", start=entry.start, date=date,
                            night=max(e.start for e in night),
                            next=date + dt.timedelta(days=1)))
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
            clipped = end > limit
            if clipped:
                programme.warn(entry.time_at, _clipped(entry, limit))
                end = limit
            end = max(end, start + 1)  # a session shorter than a minute still shows
            self.clock_change(entry, midnight + dt.timedelta(minutes=end),
                              entry.end_second_time and not clipped)
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


def _title(entry: Entry) -> str:
    return excerpt(entry.title.text) if entry.title is not None else ""


def _clipped(entry: Entry, limit: int) -> Message:
    rule = (_("a session across midnight must start at 18.00 or later and end by 06.00")
            if limit == DAY_MINUTES else _("kiosk shows a session on one day and its night"))
    return _("'{title}' runs until {end:%Y-%m-%d %H.%M}: shown until {shown} ({rule})",
             title=_title(entry), end=entry.end, shown=_hhmm(limit, midnight=True), rule=rule)


def _minutes(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


def _span(midnight: dt.datetime, moment: dt.datetime) -> int:
    return int((moment - midnight).total_seconds() // 60)


def _hhmm(minutes: int, midnight: bool = False) -> str:
    if midnight and minutes == DAY_MINUTES:
        return "24.00"
    minutes %= DAY_MINUTES
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def _repeated(wall: dt.datetime, zone: dt.tzinfo | None) -> dt.timedelta | None:
    """How far the clocks go back over ``wall`` when the clock shows it twice in ``zone``
    (the night summer time ends), else None."""
    if zone is None:
        return None
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    back = (first.utcoffset() or dt.timedelta()) - (second.utcoffset() or dt.timedelta())
    if back <= dt.timedelta():  # the same offset, or a time skipped when the clocks go forward
        return None
    return back


def _shift(back: dt.timedelta) -> Message:
    minutes = int(back.total_seconds() // 60)
    if minutes == 60:
        return _("an hour")
    return Plural("{count} minute", "{count} minutes", minutes)


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
