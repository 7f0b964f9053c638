"""Every word the screen says of its own, in the event's language.

The programme's own texts (titles, roles) come from schedule.yaml; everything else the
screen writes comes from here. The words are English messages (kiosk.i18n) said in each
language by its gettext catalogue, so a language is added by adding its catalogue.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from kiosk.i18n import Message, Plural, _, translations


@dataclass(frozen=True)
class Words:
    """The screen's vocabulary in one language."""

    language: str
    clock_format: str
    """A wall-clock time: ``{hours}:{minutes}`` (11:20), ``{hours}.{minutes}`` in Dutch."""
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
        return self.clock_format.format(hours=f"{moment.hour:02d}",
                                        minutes=f"{moment.minute:02d}")

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
        form = translations(self.language).ngettext(REST_OF[0], REST_OF[1], count)
        return form.format(count=count, time=time)

    def duration(self, minutes: int) -> str:
        """Whole minutes as 25 min, 1 uur 5 min / 1 h 5 min."""
        hours, rest = divmod(max(minutes, 0), 60)
        if not hours:
            return f"{rest} {self.minutes}"
        if not rest:
            return f"{hours} {self.hours}"
        return f"{hours} {self.hours} {rest} {self.minutes}"


VOCABULARY: dict[str, Message] = {
    # TRANSLATORS: how the screen writes a clock time; Dutch writes 11.20.
    "clock_format": _("{hours}:{minutes}"),
    "now": _('Now'),
    "next": _('Next'),
    "now_here": _('Now here'),
    "next_here": _('Next here'),
    "programme": _('Programme'),
    "minutes_left": _('{duration} left'),
    "starts_in": _('in {duration}'),
    "starting_now": _('starting now'),
    "until": _('until {time}'),
    "resumes_at": _('we continue at {time}'),
    "pause": _('Break'),
    "speaks_at": _('Speaks at {time}'),
    "spoke_at": _('Spoke at {time}'),
    "soon_at": _('Soon, at {time}'),
    "soon_in": _('Soon, at {time} in {room}'),
    "welcome": _('Welcome'),
    "doors_open_at": _('Doors open at {time}'),
    "programme_starts_at": _('The programme starts at {time}'),
    "thanks": _('Thank you for coming'),
    "thanks_line": _('Safe travels home!'),
    "resumes_on": _('We continue on {weekday} at {time}'),
    "see_you_tomorrow": _('See you tomorrow'),
    "see_you_on": _('See you on {weekday}'),
    "cancelled": _('Cancelled'),
    "more": _('+ {count} more'),
    "page": _('{page}/{pages}'),
    "planned": _('planned {time}'),
    "planned_end": _('planned until {time}'),
    "delayed": _('+{minutes}'),
    "early": _('−{minutes}'),
    "runs_over": _('running over'),
    "rehearsal": _('REHEARSAL'),
    "kept_at_line": _('The previous version stays — {file} line {line}: {message}'),
    "kept": _('The previous version stays — {file}: {message}'),
    "file_gone": _('{file} cannot be read — the previous version stays'),
    "check_clock": _('Check the clock: this computer says {today}, the event is on {event}'),
    "hours": _('h'),
    "minutes": _('min'),
}
"""Each one-word field of Words, in English (the msgid its catalogue translates)."""

WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday"))
MONTHS = (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"),
          _("August"), _("September"), _("October"), _("November"), _("December"))
REST_OF = ("{count} more item until {time}", "{count} more items until {time}")
_REST_OF = Plural("{count} more item until {time}", "{count} more items until {time}", 2,
                  time="")
"""REST_OF marked for the catalogues (Words.rest_of says it with ngettext, by the count)."""


@functools.cache
def words_for(language: str) -> Words:
    """The vocabulary of ``language`` (one of kiosk.i18n.languages())."""
    said = translations(language)
    return Words(
        language=language,
        weekdays=tuple(day.say(said) for day in WEEKDAYS),
        months=tuple(month.say(said) for month in MONTHS),
        **{name: word.say(said) for name, word in VOCABULARY.items()},
    )
