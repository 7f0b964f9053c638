"""What the screen shows at a moment, as plain data: the board.

The Qt screen renders a :class:`Board` and nothing else; every decision about
what to say (which regions, which sessions, which words, which order of cards, what
a list cut short says) is made here, without Qt, so it can be tested at any moment of
the day. The screen only measures: how many of the rows given here fit, and with
:func:`pages` and :func:`programme_window` (rules that are pure too) which ones show.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
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


class Region(str, Enum):
    """The parts of the screen; their names are those of ``kiosk snapshot --layout``."""

    HEADER = "header"
    """The event's title, the clock and the date (a lobby screen)."""
    DOOR = "door"
    """The header of a room-door screen: the room's name, largest of all."""
    NOW = "now"
    NEXT = "next"
    PROGRAMME = "programme"
    BANNER = "banner"
    """The large words of a break, a welcome, a night between days or the thank-you."""
    CARD = "card"
    """A speaker card (they rotate)."""
    ANNOUNCEMENT = "announcement"
    NOTICE = "notice"
    """A staff notice in the corner."""


class RowState(str, Enum):
    PAST = "past"
    CURRENT = "current"
    NEXT = "next"
    LATER = "later"


class BadgeKind(str, Enum):
    CANCELLED = "cancelled"
    DELAYED = "delayed"
    """Starts later (or earlier) than planned."""
    RUNS_OVER = "runs-over"
    """Started on time and ends later than planned."""


@dataclass(frozen=True)
class Badge:
    """A session's status, shown as a coloured badge: ``Vervalt``, ``+15``, ``loopt uit``."""

    kind: BadgeKind
    text: str


@dataclass(frozen=True)
class Header:
    title: str
    line: str | None
    """Subtitle and venue on one line (``Bestaanszekerheid in werk en wijk · De Royal``)."""
    date: str
    clock: str
    room: str | None
    """The room of a room-door screen."""


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None


@dataclass(frozen=True)
class Item:
    """A session as the Now and Next regions show it."""

    title: str
    short_title: str
    """The title without the words that all items beside it share (see Board.now_label)."""
    kind: Kind
    time: str
    """``11.15 – 12.00`` on the screen's clock (the expected times)."""
    start: str
    """``11.15``"""
    speakers: tuple[Person, ...]
    room: str | None
    note: str | None
    planned: str | None
    """``gepland 11.00 – 11.45`` when a delay moved the session, ``gepland tot 11.15`` when it
    runs over; else None."""
    badge: Badge | None
    description: str | None


@dataclass(frozen=True)
class NowItem(Item):
    remaining: str
    """``nog 12 min``"""
    remaining_widest: str
    """The widest ``remaining`` this session will show: room for it is kept, so the
    layout does not move as minutes pass."""
    progress: float
    """How much of the session has passed, 0 to 1."""


@dataclass(frozen=True)
class NextItem(Item):
    countdown: str
    """``over 25 min``, or ``dinsdag 09.30`` for a later day."""
    countdown_widest: str
    soon: bool
    """True in the last five minutes before it starts."""


@dataclass(frozen=True)
class ProgrammeRow:
    """One session of the programme list, a departure board's line: time, title, room,
    status. Parallel sessions are rows of their own, under one time."""

    time: str
    """The planned start, ``11.15``."""
    first: bool
    """The first row of its time: the others under it leave the time out."""
    title: str
    short_title: str
    """The title without the words the rows of its time all start with (``heading``)."""
    heading: str | None
    """On the first row of a time whose titles share their first words (``Interactieve
    sessie``): those words, said once above the rows; else None."""
    kind: Kind
    room: str | None
    note: str | None
    badge: Badge | None
    state: RowState
    rest: str
    """What to say when the list ends after this row: ``nog 4 items tot 17.00`` ("" for
    the last row)."""

    @property
    def cancelled(self) -> bool:
        return self.badge is not None and self.badge.kind is BadgeKind.CANCELLED


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
    """``Spreekt om 14.00``, ``Straks om 15.15 in Zaal 2``, ``Sprak om 11.15``"""
    session: str
    """The title of that session."""
    upcoming: bool


@dataclass(frozen=True)
class Banner:
    """The large line of a break, a welcome, a thank-you or a night between days."""

    heading: str
    line: str | None
    countdown: str | None = None
    badge: Badge | None = None
    """A room door during a cancelled session: ``Vervalt`` (the heading is its title)."""
    large: bool = False
    """The whole screen's message (the thank-you, a wrong clock): centred and larger."""


@dataclass(frozen=True)
class Board:
    """Everything the screen shows at one moment (except which card, announcement or page:
    see :func:`rotation`)."""

    mode: Mode
    regions: tuple[Region, ...]
    """The regions to show, in no particular order (the screen arranges them)."""
    header: Header
    now: tuple[NowItem, ...]
    now_label: str
    """``Nu``, ``Nu · Interactieve sessie`` (what the titles share), ``Nu hier`` at a door."""
    now_word: str
    """The label without what the titles share (``Nu``): the screen shows it, and the items'
    whole titles, when ``now_label`` does not fit on one line."""
    now_cancelled: tuple[Item, ...]
    """Sessions that were planned for now and are cancelled: Now lists them, as cancelled."""
    next: tuple[NextItem, ...]
    next_label: str
    next_word: str
    """As ``now_word``, for ``next_label``."""
    next_cancelled: tuple[Item, ...]
    """Cancelled sessions that were planned to start with the next ones."""
    programme: tuple[ProgrammeRow, ...]
    focus: int
    """The programme row to start from: the first current one, else the first next one."""
    programme_label: str
    """``Programma``, or the day in words on a multi-day event."""
    banner: Banner | None
    cards: tuple[Card, ...]
    card_seconds: float
    """How long each card (and each announcement, and each page of a list) stays."""
    announcements: tuple[str, ...]
    """The announcements that apply now; they rotate like the cards."""
    notice: str | None
    """A staff notice about the clock, or None."""
    url: str | None
    """The event's web address, for the QR code."""
    accent: str | None
    words: Words

    @property
    def now_heading(self) -> str | None:
        """What the titles of parallel running items share, or None."""
        return _shared(self.now)

    @property
    def next_heading(self) -> str | None:
        return _shared(self.next)


def _shared(items: Sequence[Item]) -> str | None:
    return shared_start([i.title for i in items])[0]


SOON = dt.timedelta(minutes=5)
"""The last minutes before a session, when its countdown stands out."""
MANY_NOW = 2
"""With more sessions than this running, the programme starts after them and the next ones
(Now and Next list them)."""
MORNING = dt.time(6)
"""Before this the small hours still belong to the evening before (as the reader reads a
night session): at 01.00 the screen says "Tot morgen", not the morning's welcome."""
SOON_CARDS = dt.timedelta(minutes=15)
"""In a break this close to the next session, the cards show its speakers only."""


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
        wanted = room.casefold() if room else None
        self._cancelled = tuple(s for s in self.schedule.sessions if s.cancelled)
        self._cancelled_here = tuple(
            s for s in self.schedule.sessions
            if s.cancelled and wanted is not None and s.room is not None
            and s.room.casefold() == wanted)
        """A door's own cancelled sessions: at their time the door says so."""
        self._rest_lines: dict[dt.date, tuple[str, ...]] = {}
        self._early_days = frozenset(
            day.date for day in self.schedule.days
            if any(self.schedule.local(s.start).time() < MORNING
                   for s in day.sessions if not s.cancelled))
        """Days whose own programme starts before MORNING: their small hours are theirs."""

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
        if mode is Mode.THANKS:
            mode = self._cancelled_mode(moment)
        day = status.day if status.day and mode is not Mode.BETWEEN_DAYS else \
            self._day_to_show(status)
        event = self.schedule.event
        header = Header(
            title=event.title,
            # A no-break space keeps the dot with the words before it when the line wraps.
            line="\u00a0· ".join(p for p in (event.subtitle, event.venue) if p) or None,
            date=words.date(local.date()),
            clock=words.clock(local),
            room=self.room,
        )
        programme, focus = self._programme(day, status) if day else ((), 0)
        upcoming = status.next if mode is not Mode.THANKS else ()
        now = tuple(self._now_item(s, short, moment) for s, short in
                    zip(status.current, shared_start([s.title for s in status.current])[1],
                        strict=True))
        after = tuple(self._next_item(s, short, moment) for s, short in
                      zip(upcoming, shared_start([s.title for s in upcoming])[1], strict=True))
        cards = self._cards(status, moment, mode, day)
        now_cancelled: tuple[Item, ...] = ()
        next_cancelled: tuple[Item, ...] = ()
        if mode is Mode.SESSION and not self.room:
            now_cancelled = tuple(
                Item(**self._item_fields(s, s.title))  # type: ignore[arg-type]
                for s in self._cancelled if s.scheduled_start <= moment < s.scheduled_end)
        if after and not self.room and mode not in (Mode.THANKS, Mode.CLOCK_OFF):
            planned = upcoming[0].scheduled_start
            next_cancelled = tuple(
                Item(**self._item_fields(s, s.title))  # type: ignore[arg-type]
                for s in self._cancelled if s.scheduled_start == planned)
        banner = self._banner(mode, status, moment)
        announcements = tuple(a.text for a in self.schedule.announcements
                              if a.applies_at(moment))
        return Board(
            mode=mode,
            regions=self._regions(mode, now, after, programme, banner, cards,
                                  announcements, notice, now_cancelled),
            header=header,
            now=now,
            now_label=self._label(words.now_here if self.room else words.now, now),
            now_word=words.now_here if self.room else words.now,
            now_cancelled=now_cancelled,
            next=after,
            next_label=self._label(words.next_here if self.room else words.next, after),
            next_word=words.next_here if self.room else words.next,
            next_cancelled=next_cancelled,
            programme=programme,
            focus=focus,
            programme_label=words.day_and_month(day.date)
            if day and len(self.schedule.days) > 1 else words.programme,
            banner=banner,
            cards=cards,
            card_seconds=self.schedule.display.card_seconds,
            announcements=announcements,
            notice=notice,
            url=event.url,
            accent=event.accent,
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
        if first is None or status.at < first:
            return Mode.WELCOME
        # The morning of a later day is that day's welcome; its night before is between days.
        if status.next and self.schedule.session_day(status.next[0]) == self._day_of(status.at):
            return Mode.WELCOME
        return Mode.BETWEEN_DAYS

    def _cancelled_mode(self, moment: dt.datetime) -> Mode:
        """After the last session that takes place: the thank-you, unless cancelled
        sessions were still planned. Then the screen says they are cancelled (a lobby
        lists those of now in Now, a door says "Vervalt"), and before them shows the
        programme with them struck through, never "thank you, go home"."""
        if not self.room and any(s.scheduled_start <= moment < s.scheduled_end
                                 for s in self._cancelled):
            return Mode.SESSION
        if any(s.scheduled_end > moment for s in self._cancelled):
            return Mode.WELCOME
        return Mode.THANKS

    def _regions(self, mode: Mode, now: tuple[NowItem, ...], after: tuple[NextItem, ...],
                 programme: tuple[ProgrammeRow, ...], banner: Banner | None,
                 cards: tuple[Card, ...], announcements: tuple[str, ...],
                 notice: str | None, now_cancelled: tuple[Item, ...] = ()
                 ) -> tuple[Region, ...]:
        regions = [Region.DOOR if self.room else Region.HEADER]
        if mode is Mode.SESSION and (now or now_cancelled):
            regions.append(Region.NOW)
        if banner is not None:
            regions.append(Region.BANNER)
        if cards:
            regions.append(Region.CARD)
        if after and mode not in (Mode.WELCOME, Mode.THANKS, Mode.CLOCK_OFF):
            regions.append(Region.NEXT)
        if programme and self._wants_programme(mode, programme):
            regions.append(Region.PROGRAMME)
        if announcements:
            regions.append(Region.ANNOUNCEMENT)
        if notice:
            regions.append(Region.NOTICE)
        return tuple(regions)

    @staticmethod
    def _wants_programme(mode: Mode, programme: tuple[ProgrammeRow, ...]) -> bool:
        """The programme list, unless it would say no more than Now and Next do."""
        if mode is Mode.THANKS:
            return False
        if mode in (Mode.SESSION, Mode.BREAK):
            return any(row.state is RowState.LATER for row in programme)
        return True

    def _label(self, word: str, items: Sequence[Item]) -> str:
        heading = _shared(items)
        return f"{word} · {heading}" if heading else word

    def _day_to_show(self, status: Status) -> Day | None:
        """Outside the event's days (or between them): the day of the next item, or the
        last day once all is over."""
        if status.next:
            return self.schedule.day_of(self.schedule.session_day(status.next[0]))
        return self.schedule.days[-1] if self.schedule.days else None

    def _clock(self, moment: dt.datetime) -> str:
        return self.words.clock(self.schedule.local(moment))

    def _range(self, start: dt.datetime, end: dt.datetime) -> str:
        return f"{self._clock(start)} – {self._clock(end)}"

    def _badge(self, session: Session) -> Badge | None:
        words = self.words
        if session.cancelled:
            return Badge(BadgeKind.CANCELLED, words.cancelled)
        if session.delay:
            minutes = round(session.delay.total_seconds() / 60)
            template = words.delayed if minutes > 0 else words.early
            return Badge(BadgeKind.DELAYED, template.format(minutes=abs(minutes)))
        if session.end > session.scheduled_end:
            return Badge(BadgeKind.RUNS_OVER, words.runs_over)
        return None

    def _planned(self, session: Session) -> str | None:
        if session.delay:
            return self.words.planned.format(
                time=self._range(session.scheduled_start, session.scheduled_end))
        if session.end != session.scheduled_end:
            return self.words.planned_end.format(time=self._clock(session.scheduled_end))
        return None

    def _room(self, session: Session) -> str | None:
        """Where a session is, unless that is the door the screen hangs at."""
        if self.room is not None and session.room is not None \
                and session.room.casefold() == self.room.casefold():
            return None
        return session.room

    def _item_fields(self, session: Session, short_title: str) -> dict[str, object]:
        return {
            "title": session.title,
            "short_title": short_title,
            "kind": session.kind,
            "time": self._range(session.start, session.end),
            "start": self._clock(session.start),
            "speakers": tuple(Person(s.name, s.role) for s in session.speakers),
            "room": self._room(session),
            "note": session.note,
            "planned": self._planned(session),
            "badge": self._badge(session),
            "description": session.description,
        }

    def _now_item(self, session: Session, short_title: str, moment: dt.datetime) -> NowItem:
        total = (session.end - session.start).total_seconds()
        # Whole minutes, like everything else on the board: it changes once a minute.
        passed = (moment.replace(second=0, microsecond=0) - session.start).total_seconds()
        left = _whole_minutes(session.end - moment)
        template = self.words.minutes_left
        return NowItem(
            **self._item_fields(session, short_title),  # type: ignore[arg-type]
            remaining=template.format(duration=self.words.duration(left)),
            remaining_widest=self._widest(template, _whole_minutes(session.end - session.start)),
            progress=round(min(max(passed / total, 0.0), 1.0), 3),
        )

    def _widest(self, template: str, most: int) -> str:
        """The longest text ``template`` gives for any whole number of minutes up to
        ``most``: a countdown never needs more room than this."""
        candidates = {most, min(most, 9), min(most, 59)}
        hours = most // 60
        if hours:
            candidates |= {min(most, hours * 60 + 59), hours * 60 - 1}
        texts = [template.format(duration=self.words.duration(m)) for m in candidates if m >= 0]
        return max(texts, key=lambda t: (len(t), t))

    def _next_item(self, session: Session, short_title: str, moment: dt.datetime) -> NextItem:
        until = session.start - moment
        minutes = _whole_minutes(until)
        if self.schedule.session_day(session) != self._day_of(moment):
            countdown = f"{self.words.weekday(self.schedule.session_day(session))} " \
                        f"{self._clock(session.start)}"
            widest = countdown
        else:
            countdown = self.words.starts_in.format(duration=self.words.duration(minutes))
            widest = self._widest(self.words.starts_in, minutes)
        return NextItem(
            **self._item_fields(session, short_title),  # type: ignore[arg-type]
            countdown=countdown,
            countdown_widest=widest,
            soon=until <= SOON,
        )

    def _day_of(self, moment: dt.datetime) -> dt.date:
        """The day ``moment`` belongs to as people speak of it: a night belongs to the
        evening before, the night of the programme while it runs, and else the small hours
        before MORNING, unless that day's own programme starts that early."""
        local = self.schedule.local(moment)
        day = self.timeline.day_at(moment)
        if day is not None and day.date != local.date():
            return day.date
        if local.time() < MORNING and (day is None or day.date not in self._early_days):
            return local.date() - dt.timedelta(days=1)
        return local.date()

    def _programme(self, day: Day, status: Status) -> tuple[tuple[ProgrammeRow, ...], int]:
        current = set(map(id, status.current))
        upcoming = set(map(id, status.next))
        # Planned order, as a departure board lists it: a delay shows as a badge.
        sessions = sorted(day.sessions, key=lambda s: s.scheduled_start)
        rests = self._rests(day, sessions)
        groups: dict[dt.datetime, list[Session]] = {}
        for session in sessions:
            groups.setdefault(session.scheduled_start, []).append(session)
        shortened: dict[int, tuple[str | None, str]] = {}
        for group in groups.values():
            heading, titles = shared_start([s.title for s in group])
            for position, (session, title) in enumerate(zip(group, titles, strict=True)):
                shortened[id(session)] = (heading if position == 0 else None, title)
        rows: list[ProgrammeRow] = []
        previous: dt.datetime | None = None
        for index, session in enumerate(sessions):
            if id(session) in current:
                state = RowState.CURRENT
            elif id(session) in upcoming:
                state = RowState.NEXT
            elif (session.end if not session.cancelled else session.scheduled_end) \
                    <= status.at:
                state = RowState.PAST
            else:
                state = RowState.LATER
            heading, short = shortened[id(session)]
            rows.append(ProgrammeRow(
                time=self._clock(session.scheduled_start),
                first=session.scheduled_start != previous,
                title=session.title,
                short_title=short,
                heading=heading,
                kind=session.kind,
                room=self._room(session),
                note=session.note,
                badge=self._badge(session),
                state=state,
                rest=rests[index],
            ))
            previous = session.scheduled_start
        focus = next((i for i, r in enumerate(rows)
                      if r.state in (RowState.CURRENT, RowState.NEXT)), None)
        running = sum(1 for r in rows if r.state is RowState.CURRENT)
        if running > MANY_NOW:
            # Now and Next list them all: the programme goes on with what comes after.
            focus = next((i for i, (r, s) in enumerate(zip(rows, sessions, strict=True))
                          if r.state is RowState.LATER and s.scheduled_start > status.at),
                         focus)
        if focus is None:
            focus = next((i for i, r in enumerate(rows) if r.state is RowState.LATER),
                         max(len(rows) - 1, 0))
        return tuple(rows), focus

    def _rests(self, day: Day, sessions: list[Session]) -> tuple[str, ...]:
        """``nog 4 items tot 17.00`` for each row: what follows it, in one line. They do
        not change with the moment, so they are made once per day."""
        rests = self._rest_lines.get(day.date)
        if rests is None:
            lines: list[str] = []
            live_end: dt.datetime | None = None
            planned_end: dt.datetime | None = None
            for index in range(len(sessions) - 1, -1, -1):
                later = len(sessions) - 1 - index
                end = live_end or planned_end
                lines.append(self.words.rest_of(later, self._clock(end)) if end else "")
                session = sessions[index]
                if not session.cancelled:
                    live_end = max(live_end or session.end, session.end)
                planned_end = max(planned_end or session.scheduled_end, session.scheduled_end)
            rests = tuple(reversed(lines))
            self._rest_lines[day.date] = rests
        return rests

    def _banner(self, mode: Mode, status: Status, moment: dt.datetime) -> Banner | None:
        words = self.words
        cancelled = [s for s in self._cancelled_here
                     if s.scheduled_start <= moment < s.scheduled_end]
        if cancelled and mode is not Mode.SESSION:
            session = cancelled[0]
            return Banner(heading=session.title, line=session.note,
                          badge=Badge(BadgeKind.CANCELLED, words.cancelled))
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
            day = self.schedule.session_day(status.next[0])
            tomorrow = self._day_of(moment) + dt.timedelta(days=1)
            return Banner(
                heading=words.see_you_tomorrow if day == tomorrow
                else words.see_you_on.format(weekday=words.weekday(day)),
                line=words.resumes_on.format(weekday=words.weekday(day), time=self._clock(start)),
            )
        if mode is Mode.THANKS:
            return Banner(heading=words.thanks, line=words.thanks_line, large=True)
        if mode is Mode.CLOCK_OFF:
            event = self.schedule.event
            return Banner(heading=words.date(self.schedule.days[0].date),
                          line=event.venue or event.subtitle, large=True)
        return None

    def _cards(self, status: Status, moment: dt.datetime, mode: Mode,
               day: Day | None) -> tuple[Card, ...]:
        """The speaker cards of a break or a welcome.

        In the last minutes before a session, its speakers (with time and room); else the
        day's speakers still to come, in order of appearance; during drinks, then those
        who spoke too.
        """
        if mode not in (Mode.BREAK, Mode.WELCOME) or day is None:
            return ()
        words = self.words
        if status.next and status.next[0].start - moment <= SOON_CARDS and mode is Mode.BREAK:
            soon: list[Card] = []
            seen: set[str] = set()
            for session in status.next:
                for speaker in session.speakers:
                    if speaker.id in seen:
                        continue
                    seen.add(speaker.id)
                    time = self._clock(session.start)
                    when = words.soon_in.format(time=time, room=session.room) \
                        if session.room and not self.room else words.soon_at.format(time=time)
                    soon.append(_card(speaker, when, session.title, upcoming=True))
            if soon:
                return tuple(soon)
        drinks = any(s.kind is Kind.DRINKS for s in status.current)
        appearances: dict[str, list[Session]] = {}
        people: dict[str, Speaker] = {}
        for session in day.sessions:
            if session.cancelled:
                continue
            for speaker in session.speakers:
                appearances.setdefault(speaker.id, []).append(session)
                people[speaker.id] = speaker
        to_come: list[tuple[dt.datetime, int, Card]] = []
        spoke: list[tuple[dt.datetime, int, Card]] = []
        for order, (speaker_id, sessions) in enumerate(appearances.items()):
            speaker = people[speaker_id]
            later = [s for s in sessions if s.start > moment]
            if later:
                session = later[0]
                when = self._when(words.speaks_at, session, moment)
                to_come.append((session.start, order,
                                _card(speaker, when, session.title, upcoming=True)))
            elif drinks:
                session = sessions[-1]
                when = self._when(words.spoke_at, session, moment)
                spoke.append((sessions[0].start, order,
                              _card(speaker, when, session.title, upcoming=False)))
        return tuple(card for *_, card in sorted(to_come) + sorted(spoke))

    def _when(self, template: str, session: Session, moment: dt.datetime) -> str:
        text = template.format(time=self._clock(session.start))
        day = self.schedule.session_day(session)
        if day != self._day_of(moment):
            text = f"{text} ({self.words.weekday(day)})"
        return text


def _card(speaker: Speaker, when: str, session: str, upcoming: bool) -> Card:
    return Card(
        speaker_id=speaker.id,
        name=speaker.name,
        role=speaker.role,
        photo=speaker.photo,
        initials=initials(speaker.name),
        colour=avatar_colour(speaker.name),
        when=when,
        session=session,
        upcoming=upcoming,
    )


def pages(heights: Sequence[float], space: float, gap: float = 0.0) -> list[range]:
    """Split rows of ``heights`` into pages of at most ``space`` each, whole rows only,
    ``gap`` between rows, as evenly as the fewest pages allow. A row taller than a page
    gets a page of its own."""
    fewest = _fill(heights, space, gap)
    if len(fewest) <= 1:
        return fewest
    # The lowest page height that still needs no more pages: pages of like size.
    low, high = max(heights), space
    for _ in range(30):
        middle = (low + high) / 2
        if len(_fill(heights, middle, gap)) <= len(fewest):
            high = middle
        else:
            low = middle
    return _fill(heights, high, gap)


def _fill(heights: Sequence[float], space: float, gap: float) -> list[range]:
    """Pages filled one after the other while rows fit."""
    result: list[range] = []
    start, used = 0, 0.0
    for index, height in enumerate(heights):
        needed = height if index == start else used + gap + height
        if index > start and needed > space:
            result.append(range(start, index))
            start, used = index, height
        else:
            used = needed
    if heights:
        result.append(range(start, len(heights)))
    return result


@dataclass(frozen=True)
class Window:
    """Which programme rows show: ``rows`` in view, then the ``rest`` line if ``rest``."""

    rows: range
    rest: bool


def programme_window(count: int, focus: int, height: Callable[[int], float], space: float,
                     gap: float, rest_height: float) -> Window:
    """The rows of a programme list that fit ``space``: from the focus on, whole rows while
    they fit; if rows are left over, the last place goes to the rest line (``nog 4 items tot
    17.00``); once the end of the day is in view, rows that passed fill the room above.

    ``height(i)`` measures row i; only rows that may show are measured, so a festival's day
    of hundreds of rows costs no more than a short one.
    """
    if count == 0:
        return Window(range(0), False)
    start = min(focus, count - 1)
    used, end = 0.0, start
    while end < count:
        needed = height(end) + (gap if end > start else 0.0)
        # The rest line must fit after the rows shown, unless this is the last row.
        reserve = rest_height + gap if end + 1 < count else 0.0
        if used + needed + reserve > space:
            break
        used += needed
        end += 1
    if end < count:
        return Window(range(start, end), True)
    while start > 0:
        needed = height(start - 1) + gap
        if used + needed > space:
            break
        used += needed
        start -= 1
    return Window(range(start, end), False)


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
