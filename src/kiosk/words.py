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
    programme: str
    minutes_left: str
    starts_in: str
    starting_now: str
    until: str
    resumes_at: str
    pause: str
    speaks_at: str
    spoke_at: str
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
    planned: str
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
    programme="Programma",
    minutes_left="nog {duration}",
    starts_in="over {duration}",
    starting_now="begint nu",
    until="tot {time}",
    resumes_at="om {time} gaan we verder",
    pause="Pauze",
    speaks_at="Spreekt om {time}",
    spoke_at="Sprak om {time}",
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
    planned="gepland {time}",
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
    programme="Programme",
    minutes_left="{duration} left",
    starts_in="in {duration}",
    starting_now="starting now",
    until="until {time}",
    resumes_at="we continue at {time}",
    pause="Break",
    speaks_at="Speaks at {time}",
    spoke_at="Spoke at {time}",
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
    planned="planned {time}",
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
