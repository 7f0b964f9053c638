"""What the screen shows at a moment, as plain data: the board.

The Qt screen renders a :class:`Board` and nothing else; every decision about
what to say (which sessions, which words, which order of cards) is made here,
without Qt, so it can be tested at any moment of the day.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import PurePosixPath

from kiosk.colours import avatar_colour, initials
from kiosk.notices import clock_notice
from kiosk.schedule import Day, Kind, Schedule, Session, Speaker
from kiosk.timeline import Phase, Status, Timeline
from kiosk.words import Words, words_for


class Mode(str, Enum):
    """The screen's main layouts."""

    WELCOME = "welcome"
    """Before the first item of the event."""
    SESSION = "session"
    BREAK = "break"
    BETWEEN_DAYS = "between-days"
    """A night (or days) between two days of the event."""
    THANKS = "thanks"
    """After the last item."""
    CLOCK_OFF = "clock-off"
    """A real clock far from the event: the programme without now, next or countdowns."""


class RowState(str, Enum):
    PAST = "past"
    CURRENT = "current"
    NEXT = "next"
    LATER = "later"


@dataclass(frozen=True)
class Header:
    title: str
    subtitle: str | None
    date: str
    venue: str | None
    clock: str
    room: str | None
    """The room of a room-door screen."""


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None


@dataclass(frozen=True)
class Item:
    """A session as the Now and Next panels show it."""

    title: str
    short_title: str
    """The title without the words that all items beside it share (see Board.now_heading)."""
    kind: Kind
    time: str
    """``11.15 – 12.00`` on the screen's clock."""
    speakers: tuple[Person, ...]
    room: str | None
    note: str | None
    planned: str | None
    """``gepland 11.00 – 11.45`` when a delay moved the session, else None."""


@dataclass(frozen=True)
class NowItem(Item):
    description: str | None
    remaining: str
    """``nog 12 min``"""
    progress: float
    """How much of the session has passed, 0 to 1."""


@dataclass(frozen=True)
class NextItem(Item):
    countdown: str
    """``over 25 min``"""
    soon: bool
    """True in the last five minutes before it starts."""


@dataclass(frozen=True)
class RowEntry:
    title: str
    room: str | None
    cancelled: bool
    note: str | None


@dataclass(frozen=True)
class ProgrammeRow:
    """One line of the programme column: one start time, one or more parallel items."""

    time: str
    heading: str | None
    """What parallel items' titles share (``Interactieve sessie``), said once; else None."""
    entries: tuple[RowEntry, ...]
    state: RowState
    kind: Kind


@dataclass(frozen=True)
class Card:
    """A speaker card shown during breaks."""

    speaker_id: str
    name: str
    role: str | None
    photo: PurePosixPath | None
    initials: str
    colour: str
    when: str
    """``Spreekt om 14.00 · Lezing Hugo de Jonge``"""
    upcoming: bool


@dataclass(frozen=True)
class Banner:
    """The large line of a break, a welcome, a thank-you or a night between days."""

    heading: str
    line: str | None
    countdown: str | None = None


@dataclass(frozen=True)
class Board:
    """Everything the screen shows at one moment (except which card: see card_index)."""

    mode: Mode
    header: Header
    now: tuple[NowItem, ...]
    now_heading: str | None
    """What the titles of parallel running items share (``Interactieve sessie``), or None."""
    next: tuple[NextItem, ...]
    next_heading: str | None
    programme: tuple[ProgrammeRow, ...]
    focus: int
    """The programme row to keep in view: the current one, else the next."""
    programme_date: str
    """The day the programme column shows, in words, on a multi-day event; else empty."""
    banner: Banner | None
    cards: tuple[Card, ...]
    card_seconds: float
    """How long each card (and each announcement) stays."""
    announcements: tuple[str, ...]
    """The announcements that apply now; they rotate like the cards."""
    notice: str | None
    """A staff notice about the clock, or None."""
    words: Words


SOON = dt.timedelta(minutes=5)


class BoardMaker:
    """Makes boards for one schedule; build once per schedule, call :meth:`board` per tick."""

    def __init__(
        self, schedule: Schedule, room: str | None = None, check_clock: bool = False
    ) -> None:
        """``check_clock``: the moments come from the real clock, so a date far from the
        event means the clock is wrong (see kiosk.notices.clock_notice)."""
        self.schedule = only_room(schedule, room) if room else schedule
        self.room = room
        self.check_clock = check_clock
        self.timeline = Timeline(self.schedule)
        self.words = words_for(self.schedule.event.language)
        self._first_start = min(
            (s.start for s in self.schedule.sessions if not s.cancelled), default=None)

    def board(self, moment: dt.datetime) -> Board:
        status = self.timeline.status(moment)
        local = self.schedule.local(moment)
        words = self.words
        notice = clock_notice(self.schedule, moment, words) if self.check_clock else None
        if notice is not None:  # show the programme as planned, nothing that needs the time
            first = self.schedule.days[0]
            midnight = dt.datetime.combine(first.date, dt.time(), self.schedule.event.timezone)
            status = Status(at=midnight, phase=Phase.BEFORE, current=(), next=(), day=first)
        mode = Mode.CLOCK_OFF if notice else self._mode(status)
        day = status.day if status.day and mode is not Mode.BETWEEN_DAYS else \
            self._day_to_show(status)
        event = self.schedule.event
        header = Header(
            title=event.title,
            subtitle=event.subtitle,
            date=words.date(local.date()),
            venue=event.venue,
            clock=words.clock(local),
            room=self.room,
        )
        programme, focus = self._programme(day, status) if day else ((), 0)
        cards = self._cards(moment) if mode in (Mode.BREAK, Mode.WELCOME) else ()
        now_heading, now_titles = shared_start([s.title for s in status.current])
        upcoming = status.next if mode is not Mode.THANKS else ()
        next_heading, next_titles = shared_start([s.title for s in upcoming])
        return Board(
            mode=mode,
            header=header,
            now=tuple(self._now_item(s, short, moment)
                      for s, short in zip(status.current, now_titles, strict=True)),
            now_heading=now_heading,
            next=tuple(self._next_item(s, short, moment)
                       for s, short in zip(upcoming, next_titles, strict=True)),
            next_heading=next_heading,
            programme=programme,
            focus=focus,
            programme_date=words.day_and_month(day.date)
            if day and len(self.schedule.days) > 1 else "",
            banner=self._banner(mode, status, moment),
            cards=cards,
            card_seconds=self.schedule.display.card_seconds,
            announcements=tuple(a.text for a in self.schedule.announcements
                                if a.applies_at(moment)),
            notice=notice,
            words=words,
        )

    # -- pieces ------------------------------------------------------------

    def _mode(self, status: Status) -> Mode:
        if status.phase is Phase.SESSION:
            return Mode.SESSION
        if status.phase is Phase.BREAK:
            return Mode.BREAK
        if status.phase is Phase.AFTER:
            return Mode.THANKS
        first = self._first_start
        return Mode.WELCOME if first is None or status.at < first else Mode.BETWEEN_DAYS

    def _day_to_show(self, status: Status) -> Day | None:
        """Outside the event's days (or between them): the day of the next item, or the
        last day once all is over."""
        if status.next:
            return self.schedule.day_of(self.schedule.local(status.next[0].start).date())
        return self.schedule.days[-1] if self.schedule.days else None

    def _clock(self, moment: dt.datetime) -> str:
        return self.words.clock(self.schedule.local(moment))

    def _range(self, start: dt.datetime, end: dt.datetime) -> str:
        return f"{self._clock(start)} – {self._clock(end)}"

    def _item_fields(self, session: Session, short_title: str) -> dict[str, object]:
        planned = None
        if session.delay:
            planned = self.words.planned.format(
                time=self._range(session.scheduled_start, session.scheduled_end))
        return {
            "title": session.title,
            "short_title": short_title,
            "kind": session.kind,
            "time": self._range(session.start, session.end),
            "speakers": tuple(Person(s.name, s.role) for s in session.speakers),
            "room": session.room,
            "note": session.note,
            "planned": planned,
        }

    def _now_item(self, session: Session, short_title: str, moment: dt.datetime) -> NowItem:
        total = (session.end - session.start).total_seconds()
        # Whole minutes, like everything else on the board: it changes once a minute.
        passed = (moment.replace(second=0, microsecond=0) - session.start).total_seconds()
        left = _whole_minutes(session.end - moment)
        return NowItem(
            **self._item_fields(session, short_title),  # type: ignore[arg-type]
            description=session.description,
            remaining=self.words.minutes_left.format(duration=self.words.duration(left)),
            progress=round(min(max(passed / total, 0.0), 1.0), 3),
        )

    def _next_item(self, session: Session, short_title: str, moment: dt.datetime) -> NextItem:
        until = session.start - moment
        minutes = _whole_minutes(until)
        local_day = self.schedule.local(moment).date()
        start_day = self.schedule.local(session.start).date()
        if start_day != local_day:
            countdown = f"{self.words.weekday(start_day)} {self._clock(session.start)}"
        else:
            countdown = self.words.starts_in.format(duration=self.words.duration(minutes))
        return NextItem(
            **self._item_fields(session, short_title),  # type: ignore[arg-type]
            countdown=countdown,
            soon=until <= SOON,
        )

    def _programme(self, day: Day, status: Status) -> tuple[tuple[ProgrammeRow, ...], int]:
        current = set(map(id, status.current))
        upcoming = set(map(id, status.next))
        groups: dict[dt.datetime, list[Session]] = {}
        for session in day.sessions:
            groups.setdefault(session.start, []).append(session)
        rows: list[ProgrammeRow] = []
        focus: int | None = None
        for start, sessions in groups.items():
            live = [s for s in sessions if not s.cancelled]
            if any(id(s) in current for s in sessions):
                state = RowState.CURRENT
            elif any(id(s) in upcoming for s in sessions):
                state = RowState.NEXT
            elif (live and all(s.end <= status.at for s in live)) or (
                not live and start <= status.at
            ):
                state = RowState.PAST
            else:
                state = RowState.LATER
            if focus is None and state in (RowState.CURRENT, RowState.NEXT):
                focus = len(rows)
            heading, titles = shared_start([s.title for s in sessions])
            rows.append(ProgrammeRow(
                time=self._clock(start),
                heading=heading,
                entries=tuple(RowEntry(title, s.room, s.cancelled, s.note)
                              for title, s in zip(titles, sessions, strict=True)),
                state=state,
                kind=sessions[0].kind,
            ))
        if focus is None:
            focus = len(rows) - 1 if rows and rows[-1].state is RowState.PAST else 0
        return tuple(rows), focus

    def _banner(self, mode: Mode, status: Status, moment: dt.datetime) -> Banner | None:
        words = self.words
        if mode is Mode.BREAK:
            if status.current:
                item = status.current[0]
                line = words.until.format(time=self._clock(max(s.end for s in status.current)))
                return Banner(heading=item.title, line=line)
            resume = self._clock(status.next[0].start)
            return Banner(heading=words.pause, line=words.resumes_at.format(time=resume))
        if mode is Mode.WELCOME and status.next:
            first = status.next[0]
            template = (words.doors_open_at if first.kind is Kind.WALK_IN
                        else words.programme_starts_at)
            minutes = _whole_minutes(first.start - moment)
            return Banner(
                heading=words.welcome,
                line=template.format(time=self._clock(first.start)),
                countdown=words.starts_in.format(duration=words.duration(minutes)),
            )
        if mode is Mode.BETWEEN_DAYS and status.next:
            start = status.next[0].start
            day = self.schedule.local(start).date()
            tomorrow = self.schedule.local(moment).date() + dt.timedelta(days=1)
            return Banner(
                heading=words.see_you_tomorrow if day == tomorrow
                else words.see_you_on.format(weekday=words.weekday(day)),
                line=words.resumes_on.format(weekday=words.weekday(day), time=self._clock(start)),
            )
        if mode is Mode.THANKS:
            return Banner(heading=words.thanks, line=words.thanks_line)
        if mode is Mode.CLOCK_OFF:
            event = self.schedule.event
            return Banner(heading=words.date(self.schedule.days[0].date),
                          line=event.venue or event.subtitle)
        return None

    def _cards(self, moment: dt.datetime) -> tuple[Card, ...]:
        """Speakers still to come first, in order of appearance; then those who spoke."""
        appearances: dict[str, list[Session]] = {}
        people: dict[str, Speaker] = {}
        for session in self.schedule.sessions:
            if session.cancelled:
                continue
            for speaker in session.speakers:
                appearances.setdefault(speaker.id, []).append(session)
                people[speaker.id] = speaker
        to_come: list[tuple[dt.datetime, int, Card]] = []
        spoke: list[tuple[dt.datetime, int, Card]] = []
        for order, (speaker_id, sessions) in enumerate(appearances.items()):
            speaker = people[speaker_id]
            later = [s for s in sessions if s.end > moment]
            if later:
                session, template = later[0], self.words.speaks_at
            else:
                session, template = sessions[-1], self.words.spoke_at
            card = Card(
                speaker_id=speaker_id,
                name=speaker.name,
                role=speaker.role,
                photo=speaker.photo,
                initials=initials(speaker.name),
                colour=avatar_colour(speaker.name),
                when=f"{self._when(template, session.start, moment)} · {session.title}",
                upcoming=bool(later),
            )
            if later:
                to_come.append((later[0].start, order, card))
            else:
                spoke.append((sessions[0].start, order, card))
        return tuple(card for *_, card in sorted(to_come) + sorted(spoke))

    def _when(self, template: str, start: dt.datetime, moment: dt.datetime) -> str:
        text = template.format(time=self._clock(start))
        day = self.schedule.local(start).date()
        if day != self.schedule.local(moment).date():
            text = f"{text} ({self.words.weekday(day)})"
        return text


def shared_start(titles: list[str]) -> tuple[str | None, list[str]]:
    """Split the words that several titles start with from the rest of each title.

    ``Interactieve sessie Casper Gelderblom`` and ``Interactieve sessie huisarts ...``
    give ``Interactieve sessie`` once and ``Casper Gelderblom``, ``huisarts ...``.
    A single title, or titles with nothing in common, stay as they are.
    """
    if len(titles) < 2:
        return None, titles
    split = [title.split() for title in titles]
    shared = 0
    while all(len(words) > shared + 1 for words in split) and len(
            {words[shared] for words in split}) == 1:
        shared += 1
    if not shared:
        return None, titles
    return " ".join(split[0][:shared]), [" ".join(words[shared:]) for words in split]


def rotation(moment: dt.datetime, seconds: float) -> int:
    """How many card periods of ``seconds`` have passed since the epoch at ``moment``.

    The card (and announcement) shown is this modulo their number: a function of the
    wall clock alone, so every screen in the lobby shows the same card at the same time.
    """
    return math.floor(moment.timestamp() / seconds)


def card_index(moment: dt.datetime, count: int, seconds: float) -> int:
    """Which of ``count`` cards shows at ``moment``."""
    return rotation(moment, seconds) % count if count > 0 else 0


def next_card_change(moment: dt.datetime, seconds: float) -> dt.datetime:
    """The moment the card shown at ``moment`` gives way to the next."""
    stamp = moment.timestamp()
    following = (math.floor(stamp / seconds) + 1) * seconds
    return moment + dt.timedelta(seconds=following - stamp)


BURN_IN_STEPS = ((0, 0), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))
BURN_IN_MINUTES = 4


def burn_in_shift(moment: dt.datetime) -> tuple[int, int]:
    """Which way the whole layout is shifted, a step every few minutes, against burn-in.

    A function of the wall clock, so it needs no state and every screen agrees.
    """
    step = math.floor(moment.timestamp() / 60 / BURN_IN_MINUTES) % len(BURN_IN_STEPS)
    return BURN_IN_STEPS[step]


def next_minute(moment: dt.datetime) -> dt.datetime:
    """The next full minute after ``moment``: every programme time lies on one."""
    floor = moment.replace(second=0, microsecond=0)
    return floor + dt.timedelta(minutes=1)


def only_room(schedule: Schedule, room: str) -> Schedule:
    """The schedule of a room-door screen: that room's sessions and those without a room."""
    wanted = room.casefold()
    days = tuple(
        replace(day, sessions=tuple(
            s for s in day.sessions if s.room is None or s.room.casefold() == wanted))
        for day in schedule.days
    )
    return replace(schedule, days=tuple(day for day in days if day.sessions))


def _whole_minutes(delta: dt.timedelta) -> int:
    """Minutes rounded up, as a countdown shows them (40 min at 11.20:00 until 12.00)."""
    return max(0, math.ceil(delta.total_seconds() / 60))
