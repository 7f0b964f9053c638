"""The hold rule: a new version of schedule.yaml that may be half written waits.

A network share, a USB stick or a slow editor writes a file in parts: the first part, a
pause of up to a few seconds, then the rest. The part on its own is often a valid schedule
(the programme cut off after the sessions written so far), and shown to attendees it would
be a lie. Nothing in the file says whether it is finished, but a half file has a telling
shape: it ends somewhere else than the version on screen did, and what it lacks is the end
of the file, which is the rest of the day. So a valid version is shown at once when

- it ends as the version on screen ends (its last TAIL_LINES non-blank lines are the same),
  or it is the version on screen with lines added at the end, ending in a line break;
- and it keeps the session running now and more than half of the sessions still to come
  (a session is known by its planned start and its room, so a new title, a delay, a note
  or a cancellation is no loss);

and otherwise it is held: the file is read again once it has been quiet (no change of
size, time or identity) for QUIET_SECONDS, and whatever it holds then is shown. Every
normal edit on the day (a delay, a note, a new title, a cancellation, an announcement added
at the end) shows at once; an edit of the file's last lines, or one that removes what is on
now or most of what is to come, shows a few seconds later. Versions that are not valid are
never held: they never reach attendees anyway (the staff notice says why).

Pure: no Qt, no clock of its own; the source says how long the file has been quiet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.schedule import Schedule, Session
from kiosk.timeline import Timeline

QUIET_SECONDS = 4.0
"""A held version is shown once the file has not changed for this long (a slow writer
pauses up to about 3 s between parts)."""
TAIL_LINES = 3
"""How many of the last non-blank lines must stay the same (one line alone, like
``kind: talk``, is found all over a file; three in a row only at its end)."""


@dataclass(frozen=True)
class Version:
    """One version of a schedule file: its bytes and the schedule they make."""

    data: bytes
    schedule: Schedule


def tail(data: bytes, lines: int = TAIL_LINES) -> tuple[bytes, ...]:
    """The last ``lines`` non-blank lines of ``data``, without their trailing spaces."""
    found: list[bytes] = []
    for line in reversed(data.splitlines()):
        stripped = line.rstrip()
        if stripped:
            found.append(stripped)
            if len(found) == lines:
                break
    return tuple(reversed(found))


def appended(shown: bytes, candidate: bytes) -> bool:
    """``candidate`` is ``shown`` with whole lines added at its end."""
    head = shown.rstrip()
    return (candidate.startswith(head) and len(candidate.rstrip()) > len(head)
            and candidate.endswith((b"\n", b"\r")))


def _slot(session: Session) -> tuple[dt.datetime, str | None]:
    return session.scheduled_start, session.room


def hold_reason(shown: Version, candidate: Version, moment: dt.datetime,
                quiet_seconds: float) -> str | None:
    """Why ``candidate`` must wait before it replaces ``shown`` at ``moment``, or None
    when it may be shown now; ``quiet_seconds``: how long the file has not changed."""
    if quiet_seconds >= QUIET_SECONDS or candidate.data == shown.data:
        return None
    if tail(candidate.data) != tail(shown.data) and not appended(shown.data, candidate.data):
        return "it ends differently from the version on screen"
    slots = {_slot(session) for session in candidate.schedule.sessions}
    running = Timeline(shown.schedule).status(moment).current
    if any(_slot(session) not in slots for session in running):
        return "the session running now is not in it"
    to_come = [s for s in shown.schedule.sessions if not s.cancelled and s.end > moment]
    missing = sum(_slot(session) not in slots for session in to_come)
    if missing and missing * 2 >= len(to_come):
        return f"{missing} of the {len(to_come)} sessions still to come are not in it"
    return None
