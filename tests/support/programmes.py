"""Generated conference programmes for the screen's property tests: what real organisers
write, with the awkward parts on purpose (long Dutch compounds and names, six-speaker
panels, parallel rooms, notes, cancellations, delays and talks that run over, long
announcements), as kiosk.schedule model objects.

``programmes()`` draws a Schedule; ``moments(schedule)`` draws the moments that matter
for it: before the day, at each boundary, in the middle of a session, in a break, after.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from kiosk.schedule import (
    Announcement,
    Day,
    Display,
    Event,
    Kind,
    Schedule,
    Session,
    Speaker,
)

ZONE = ZoneInfo("Europe/Amsterdam")
FIRST_DAY = dt.date(2025, 3, 20)

WORDS = (
    "Ervaringsdeskundigheidsbijeenkomst", "bestaanszekerheid", "gezondheidsverschillen",
    "wijkverpleging", "schuldhulpverlening", "arbeidsmarktdiscriminatie",
    "mantelzorgondersteuning", "jeugdgezondheidszorg", "Noord-Brabant", "e-health",
    "co-creatie", "huisarts", "preventie", "samenwerking", "jongerenwerk", "armoede",
    "wonen", "zorg", "werk", "wijk", "Kansrijke", "Start", "coronacrisis", "gemeenten",
    "zorgverzekeraars", "onderzoek", "praktijk", "in", "de", "het", "van", "en", "met",
    "voor", "over", "naar", "een", "als", "tussen", "wie", "betaalt", "morgen?", "Lezing:",
    "Paneldiscussie:", "(deel 2)", "Sociaal-Economische", "Gezondheidszorginnovatie",
    "10.000", "stappen", "Pharos", "GGD", "Hogeschool", "Universiteit",
)
ROOMS = (
    "Grote zaal", "Zaal 1", "Zaal 2", "Zaal 3", "Studio Domtoren", "Ronde Tafelzaal",
    "Ervaringsdeskundigenzaal", "Auditorium Noord (eerste verdieping)", "Bibliotheek",
    "Foyer", "Zaal 12",
)
FIRST_NAMES = ("Anouk", "Gerrit-Jan", "Esra", "Maximiliaan", "Ibrahim", "Joke", "Karel",
               "Chantal", "Dirk-Jan", "Henriëtte", "Bo")
LAST_NAMES = ("van der Velde-Hoogendoorn", "Hendriksen", "Yıldız",
              "Wolfswinkel-Bartholomeus", "El Amrani", "Verschuren-Bakker", "Timmermans",
              "Ramdin", "Groeneveld", "de Vries", "Oostenbrugge-Zwanenburg")
ROLES = (
    "directeur Landelijk Kenniscentrum Wijkgerichte Gezondheidszorg",
    "wethouder Zorg, Welzijn en Volksgezondheid gemeente Amersfoort",
    "ervaringsdeskundige", "huisarts en kaderarts ouderengeneeskunde",
    "lector Armoede en Gezondheid, Hogeschool Utrecht", "dagvoorzitter",
    "voorzitter Raad van Bestuur Zorggroep Midden-Nederland en lid van de Raad van "
    "Toezicht van de Stichting Samenwerkende Ziekenhuizen",
)
NOTES = (
    "Verplaatst naar zaal 2", "Helaas afgezegd wegens ziekte",
    "Verplaatst naar de Ervaringsdeskundigenzaal wegens een lekkage in de grote zaal; "
    "volg de bordjes", "Vol", "Vragen via de QR-code op uw badge", "Let op: begint later",
)
ANNOUNCEMENTS = (
    "De lunch is in de foyer",
    "Wifi: Jaarbeurs-Gast, wachtwoord wijkzorg2025",
    "De lunch wordt geserveerd in de foyer op de eerste verdieping; vegetarische en halal "
    "maaltijden staan bij de ingang van de foyer. Wilt u uw dienblad na afloop "
    "terugzetten in de karren?",
    "Garderobe en toiletten vindt u naast de hoofdingang",
)
TALKS = (Kind.TALK, Kind.TALK, Kind.WORKSHOP, Kind.PANEL, Kind.CEREMONY)
BREAKS = (Kind.BREAK, Kind.LUNCH, Kind.WALK_IN, Kind.DRINKS)


@st.composite
def texts(draw: st.DrawFn, low: int, high: int) -> str:
    """A text of ``low`` to ``high`` characters, of words like the programme's own."""
    length = draw(st.integers(low, high))
    words: list[str] = []
    while len(" ".join(words)) < length:
        words.append(draw(st.sampled_from(WORDS)))
    text = " ".join(words)[:length].strip()
    return text + "e" * (low - len(text))


@st.composite
def speakers(draw: st.DrawFn, count: int) -> tuple[Speaker, ...]:
    pool: list[Speaker] = []
    for number in range(count):
        name = f"{draw(st.sampled_from(FIRST_NAMES))} {draw(st.sampled_from(LAST_NAMES))}"
        role = draw(st.none() | st.sampled_from(ROLES))
        pool.append(Speaker(id=f"s{number}", name=name, role=role))
    return tuple(pool)


def at(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), ZONE) + dt.timedelta(minutes=minutes)


@st.composite
def day_of(draw: st.DrawFn, date: dt.date, rooms: tuple[str | None, ...],
           people: tuple[Speaker, ...]) -> Day:
    """A day: slots of parallel sessions, one per room, breaks in between."""
    wanted = draw(st.integers(1, 40))
    clock = draw(st.integers(7 * 12, 11 * 12)) * 5
    sessions: list[Session] = []
    while len(sessions) < wanted and clock < 22 * 60:
        length = draw(st.integers(3, 18)) * 5
        end = min(clock + length, 23 * 60 + 55)
        kinds: tuple[Kind, ...]
        if draw(st.integers(0, 5)) == 0:  # a break for everyone
            kinds, parallel = BREAKS, 1
            slot_rooms: tuple[str | None, ...] = (None,)
        else:
            kinds = TALKS
            parallel = draw(st.integers(1, len(rooms)))
            slot_rooms = rooms[:parallel]
        for room in slot_rooms:
            if len(sessions) >= wanted:
                break
            kind = draw(st.sampled_from(kinds))
            delay = draw(st.sampled_from((0, 0, 0, 0, 5, 10, 15, 30)))
            over = draw(st.sampled_from((0, 0, 0, 0, 0, 10))) if not delay else 0
            cancelled = draw(st.integers(0, 9)) == 0 and kind in TALKS
            chosen = () if kind in BREAKS else tuple(
                draw(st.lists(st.sampled_from(people), max_size=9, unique_by=lambda p: p.id))
                if people else ())
            sessions.append(Session(
                title=draw(texts(3, 150)),
                kind=kind,
                start=at(date, clock + delay),
                end=at(date, end + delay + over),
                scheduled_start=at(date, clock),
                scheduled_end=at(date, end),
                speakers=chosen,
                description=draw(st.none() | texts(20, 600)),
                room=room,
                cancelled=cancelled,
                note=draw(st.none() | st.none() | st.sampled_from(NOTES)),
                line=len(sessions) + 1,
            ))
        clock = end + draw(st.sampled_from((0, 0, 5, 15, 30)))
    sessions.sort(key=lambda s: s.start)
    return Day(date=date, sessions=tuple(sessions))


@st.composite
def programmes(draw: st.DrawFn) -> Schedule:
    """A conference programme: one or three days, one to eight parallel rooms."""
    count = draw(st.integers(1, 8))
    rooms: tuple[str | None, ...] = tuple(
        draw(st.lists(st.sampled_from(ROOMS), min_size=count, max_size=count, unique=True)))
    if count == 1 and draw(st.booleans()):
        rooms = (None,)  # a one-room event that names no rooms
    people = draw(speakers(draw(st.integers(0, 14))))
    days = tuple(draw(day_of(FIRST_DAY + dt.timedelta(days=offset), rooms, people))
                 for offset in range(draw(st.sampled_from((1, 3)))))
    event = Event(
        title=draw(texts(5, 150)),
        subtitle=draw(st.none() | texts(5, 150)),
        venue=draw(st.none() | st.sampled_from(("Beatrixgebouw, Jaarbeurs Utrecht",
                                                "De Royal, Heerlen"))),
        timezone=ZONE,
        language=draw(st.sampled_from(("nl", "en"))),
        url=draw(st.none() | st.just("https://example.org/congres/2025")),
        accent=draw(st.none() | st.sampled_from(("#1a7f5a", "#3fa7d6", "#e4572e"))),
    )
    notices = tuple(
        Announcement(text, starts=None, ends=None)
        for text in draw(st.lists(st.sampled_from(ANNOUNCEMENTS), max_size=3, unique=True)))
    return Schedule(event=event, days=days, speakers=people, announcements=notices,
                    display=Display())


def moments_that_matter(schedule: Schedule) -> list[dt.datetime]:
    """Before the first item, at each boundary and between, in breaks, after the last."""
    found: set[dt.datetime] = set()
    for day in schedule.days[:2]:
        for session in day.sessions[:24]:
            found |= {session.start, session.end, session.start + (session.end - session.start) / 2,
                      session.scheduled_start, session.end + dt.timedelta(minutes=7)}
    first = min(s.start for s in schedule.sessions)
    last = max(s.end for s in schedule.sessions)
    found |= {first - dt.timedelta(minutes=30), last + dt.timedelta(minutes=30)}
    if len(schedule.days) > 1:
        found.add(at(schedule.days[0].date, 23 * 60 + 30))
    return sorted(m.replace(second=0, microsecond=0) for m in found)


@st.composite
def moments(draw: st.DrawFn, schedule: Schedule, count: int = 2) -> list[dt.datetime]:
    return draw(st.lists(st.sampled_from(moments_that_matter(schedule)), min_size=1,
                         max_size=count, unique=True))
