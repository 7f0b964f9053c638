"""Every word the screen says of its own, in each language it speaks (nl and en).

The programme's own texts (titles, roles) come from schedule.yaml; everything
else the screen writes comes from here, so a language is added in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """The screen's vocabulary in one language."""

    language: str
    clock_separator: str
    now: str
    next: str
    now_here: str
    """The Now label of a room-door screen."""
    next_here: str
    programme: str
    minutes_left: str
    starts_in: str
    starting_now: str
    until: str
    resumes_at: str
    pause: str
    speaks_at: str
    spoke_at: str
    soon_at: str
    """A speaker card in the last minutes before their session: ``Straks om 15.15``."""
    soon_in: str
    """The same with the room: ``Straks om 15.15 in Zaal 2``."""
    welcome: str
    doors_open_at: str
    programme_starts_at: str
    thanks: str
    thanks_line: str
    resumes_on: str
    see_you_tomorrow: str
    see_you_on: str
    cancelled: str
    more: str
    rest_one: str
    """The line under a programme cut short: one more item."""
    rest: str
    """The same for several: ``nog 4 items tot 17.00``."""
    page: str
    """Which page of a list that pages: ``1/3``."""
    planned: str
    planned_end: str
    """A session that runs over: its planned end, beside the new one."""
    delayed: str
    """The badge of a session that starts late: ``+15``."""
    early: str
    """The badge of a session that starts early: ``−5``."""
    runs_over: str
    """The badge of a session that runs over its planned end."""
    rehearsal: str
    kept_at_line: str
    kept: str
    file_gone: str
    check_clock: str
    hours: str
    minutes: str
    weekdays: tuple[str, ...]
    months: tuple[str, ...]

    def clock(self, moment: dt.datetime) -> str:
        """A wall-clock time the local way: 11.20 in Dutch, 11:20 in English."""
        return f"{moment.hour:02d}{self.clock_separator}{moment.minute:02d}"

    def date(self, day: dt.date) -> str:
        """A date in words: maandag 15 april 2024 / Monday 15 April 2024."""
        return f"{self.weekdays[day.weekday()]} {day.day} {self.months[day.month - 1]} {day.year}"

    def day_and_month(self, day: dt.date) -> str:
        """maandag 15 april / Monday 15 April"""
        return f"{self.weekdays[day.weekday()]} {day.day} {self.months[day.month - 1]}"

    def weekday(self, day: dt.date) -> str:
        return self.weekdays[day.weekday()]

    def rehearsal_badge(self, speed: float) -> str:
        """REPETITIE, with the speed when it is not real time: REPETITIE ×60."""
        return self.rehearsal + (f" ×{speed:g}" if speed != 1 else "")

    def rest_of(self, count: int, time: str) -> str:
        """The line that ends a list cut short: nog 4 items tot 17.00."""
        return (self.rest_one if count == 1 else self.rest).format(count=count, time=time)

    def duration(self, minutes: int) -> str:
        """Whole minutes as 25 min, 1 uur 5 min / 1 h 5 min."""
        hours, rest = divmod(max(minutes, 0), 60)
        if not hours:
            return f"{rest} {self.minutes}"
        if not rest:
            return f"{hours} {self.hours}"
        return f"{hours} {self.hours} {rest} {self.minutes}"


DUTCH = Words(
    language="nl",
    clock_separator=".",
    now="Nu",
    next="Hierna",
    now_here="Nu hier",
    next_here="Straks hier",
    programme="Programma",
    minutes_left="nog {duration}",
    starts_in="over {duration}",
    starting_now="begint nu",
    until="tot {time}",
    resumes_at="om {time} gaan we verder",
    pause="Pauze",
    speaks_at="Spreekt om {time}",
    spoke_at="Sprak om {time}",
    soon_at="Straks om {time}",
    soon_in="Straks om {time} in {room}",
    welcome="Welkom",
    doors_open_at="De deuren gaan open om {time}",
    programme_starts_at="Het programma begint om {time}",
    thanks="Bedankt voor uw komst",
    thanks_line="Wel thuis!",
    resumes_on="{weekday} om {time} gaan we verder",
    see_you_tomorrow="Tot morgen",
    see_you_on="Tot {weekday}",
    cancelled="Vervalt",
    more="+ {count} meer",
    rest_one="nog 1 item tot {time}",
    rest="nog {count} items tot {time}",
    page="{page}/{pages}",
    planned="gepland {time}",
    planned_end="gepland tot {time}",
    delayed="+{minutes}",
    early="−{minutes}",
    runs_over="loopt uit",
    rehearsal="REPETITIE",
    kept_at_line="{file} regel {line}: {message} — vorige versie blijft staan",
    kept="{file}: {message} — vorige versie blijft staan",
    file_gone="{file} is niet te lezen — vorige versie blijft staan",
    check_clock="Klok controleren: deze computer zegt {today}, het evenement is op {event}",
    hours="uur",
    minutes="min",
    weekdays=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
            "september", "oktober", "november", "december"),
)

ENGLISH = Words(
    language="en",
    clock_separator=":",
    now="Now",
    next="Next",
    now_here="Now here",
    next_here="Next here",
    programme="Programme",
    minutes_left="{duration} left",
    starts_in="in {duration}",
    starting_now="starting now",
    until="until {time}",
    resumes_at="we continue at {time}",
    pause="Break",
    speaks_at="Speaks at {time}",
    spoke_at="Spoke at {time}",
    soon_at="Soon, at {time}",
    soon_in="Soon, at {time} in {room}",
    welcome="Welcome",
    doors_open_at="Doors open at {time}",
    programme_starts_at="The programme starts at {time}",
    thanks="Thank you for coming",
    thanks_line="Safe travels home!",
    resumes_on="We continue on {weekday} at {time}",
    see_you_tomorrow="See you tomorrow",
    see_you_on="See you on {weekday}",
    cancelled="Cancelled",
    more="+ {count} more",
    rest_one="1 more item until {time}",
    rest="{count} more items until {time}",
    page="{page}/{pages}",
    planned="planned {time}",
    planned_end="planned until {time}",
    delayed="+{minutes}",
    early="−{minutes}",
    runs_over="running over",
    rehearsal="REHEARSAL",
    kept_at_line="{file} line {line}: {message} — the previous version stays",
    kept="{file}: {message} — the previous version stays",
    file_gone="{file} cannot be read — the previous version stays",
    check_clock="Check the clock: this computer says {today}, the event is on {event}",
    hours="h",
    minutes="min",
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    months=("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),
)

_BY_LANGUAGE = {words.language: words for words in (DUTCH, ENGLISH)}


def words_for(language: str) -> Words:
    """The vocabulary of ``language`` (one of kiosk.schedule.LANGUAGES)."""
    return _BY_LANGUAGE[language]
