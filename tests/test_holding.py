"""The hold rule (kiosk.holding): a half-written schedule.yaml never reaches attendees, a
normal save shows at once. Pure: tested at many moments and cut points, without Qt."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REAL_SCHEDULE
from kiosk.holding import QUIET_SECONDS, Version, appended, hold_reason, tail
from kiosk.reader import ScheduleError, parse_schedule
from kiosk.schedule import Schedule

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REAL = REAL_SCHEDULE.read_bytes()
DAY_START = dt.datetime(2024, 4, 15, 8, 0, tzinfo=AMSTERDAM)
MINUTES = 11 * 60
"""From 08.00 to 19.00: before, during and after the day."""
SOON = 0.2
"""How quiet the file is when read right after a save (seconds)."""


def version(data: bytes) -> Version:
    return Version(data, parse_schedule(data, source="schedule.yaml").schedule)


def valid(data: bytes) -> Schedule | None:
    try:
        return parse_schedule(data, source="schedule.yaml").schedule
    except ScheduleError:
        return None


SHOWN = version(REAL)
SESSION_STARTS = [m.start() for m in re.finditer(rb"^  - time: ", REAL, re.MULTILINE)]


def at(minute: int) -> dt.datetime:
    return DAY_START + dt.timedelta(minutes=minute)


def cut_points(data: bytes) -> list[int]:
    """Every line end, and a few places inside lines."""
    ends = [m.end() for m in re.finditer(rb"\n", data)]
    return sorted({*ends, *(end - 3 for end in ends if end > 3)})


def test_tail_and_appended() -> None:
    assert tail(b"a\n\nb  \nc\n\n  \n") == (b"a", b"b", b"c")
    assert tail(b"only\n") == (b"only",)
    assert appended(b"a\nb\n", b"a\nb\nc\n")
    assert not appended(b"a\nb\n", b"a\nb\nc")  # no line break at the end: maybe half a line
    assert not appended(b"a\nb\n", b"a\nb\n\n")  # nothing added
    assert not appended(b"a\nb\n", b"a\nc\nb\n")


@pytest.mark.parametrize("cut", cut_points(REAL))
def test_every_valid_part_of_the_file_is_held(cut: int) -> None:
    part = REAL[:cut]
    schedule = valid(part)
    if schedule is None or schedule == SHOWN.schedule:
        return  # refused anyway, or the same programme (only trailing blank lines cut)
    for minute in range(0, MINUTES, 30):
        assert hold_reason(SHOWN, Version(part, schedule), at(minute), SOON) is not None, (
            cut, minute)


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(min_value=1, max_value=len(REAL) - 1),
       minute=st.integers(min_value=0, max_value=MINUTES),
       edit=st.sampled_from(range(len(SESSION_STARTS))))
def test_a_part_of_an_edited_version_is_held(cut: int, minute: int, edit: int) -> None:
    # The organiser changed one session's title; the save arrives in two parts.
    start = SESSION_STARTS[edit]
    line_end = REAL.index(b"\n", REAL.index(b"title:", start))
    new = REAL[:line_end] + b" (gewijzigd)" + REAL[line_end:]
    part = new[:cut]
    schedule = valid(part)
    if schedule is None or schedule == valid(new):
        return
    assert hold_reason(SHOWN, Version(part, schedule), at(minute), SOON) is not None


def edits() -> list[tuple[str, bytes]]:
    """Normal saves on the day: each session retitled, delayed, noted and cancelled."""
    found: list[tuple[str, bytes]] = []
    for number, start in enumerate(SESSION_STARTS):
        line_end = REAL.index(b"\n", REAL.index(b"title:", start))
        for name, extra in (("title", b" (nieuw)"), ("delay", b"\n    delay: 10"),
                            ("note", b"\n    note: Verplaatst naar zaal 2"),
                            ("cancelled", b"\n    cancelled: true")):
            found.append((f"{name} {number}", REAL[:line_end] + extra + REAL[line_end:]))
    found.append(("announcement", REAL + b"\nannouncements:\n  - text: De lunch is in de foyer\n"))
    return found


@pytest.mark.parametrize(("name", "data"), edits(), ids=[name for name, _ in edits()])
def test_a_normal_save_shows_at_once_at_any_moment(name: str, data: bytes) -> None:
    edited = version(data)
    last = name.endswith(f" {len(SESSION_STARTS) - 1}")
    for minute in range(0, MINUTES, 10):
        reason = hold_reason(SHOWN, edited, at(minute), SOON)
        if last:  # an edit of the file's last lines waits, whatever it is
            assert reason == "it ends differently from the version on screen"
        else:
            assert reason is None, (minute, reason)


def test_a_held_version_is_shown_once_the_file_is_quiet() -> None:
    part = version(REAL[:SESSION_STARTS[6]])
    assert hold_reason(SHOWN, part, at(200), QUIET_SECONDS - 0.01) is not None
    assert hold_reason(SHOWN, part, at(200), QUIET_SECONDS) is None


def without_session(number: int) -> bytes:
    start = SESSION_STARTS[number]
    return REAL[:start] + REAL[SESSION_STARTS[number + 1]:]


def test_removing_the_running_session_waits_but_a_past_one_does_not() -> None:
    # Lezing Dennis Martens runs 11.15 - 12.00.
    number = next(i for i, s in enumerate(SHOWN.schedule.sessions)
                  if s.title == "Lezing Dennis Martens")
    removed = version(without_session(number))
    assert hold_reason(SHOWN, removed, at(200), SOON) == "the session running now is not in it"
    assert hold_reason(SHOWN, removed, at(300), SOON) is None  # 13.00: it is over


def test_removing_most_of_what_is_to_come_waits() -> None:
    # At 16.00 two items are still to come (16.15 Afronding, 16.30 borrel)... and the
    # workshops running until 16.15: remove every one but the last, keeping the tail.
    keep_last = REAL[:SESSION_STARTS[4]] + REAL[SESSION_STARTS[-1]:]
    shorter = version(keep_last)
    reason = hold_reason(SHOWN, shorter, at(120), SOON)  # 10.00
    assert reason is not None
    assert reason.endswith("sessions still to come are not in it")
    assert hold_reason(SHOWN, shorter, at(120), QUIET_SECONDS) is None


def two_days(second: int) -> bytes:
    """Two days, each ending in the same three lines (a drinks at 17.00)."""
    def day(date: str, count: int) -> str:
        sessions = "".join(f"      - time: {9 + i:02d}.00 - {9 + i:02d}.45\n"
                           f"        title: Lezing {date} {i}\n" for i in range(count))
        return (f"  - date: {date}\n    sessions:\n{sessions}"
                "      - time: 17.00 - 18.00\n        title: Borrel\n        kind: drinks\n")
    return ("event:\n  title: Twee dagen\ndays:\n" + day("2024-04-15", 4)
            + day("2024-04-16", second)).encode()


def test_a_part_that_ends_like_the_whole_is_caught_by_what_it_lacks() -> None:
    whole = version(two_days(4))
    first_day = two_days(4)[:two_days(4).index(b"  - date: 2024-04-16")]
    part = version(first_day)
    assert tail(part.data) == tail(whole.data)  # the end alone cannot tell
    assert hold_reason(whole, part, at(60), SOON) is not None  # 09.00 on the first day
    on_day_two = dt.datetime(2024, 4, 16, 9, 30, tzinfo=AMSTERDAM)
    assert hold_reason(whole, part, on_day_two, SOON) is not None


def test_the_same_bytes_are_never_held() -> None:
    assert hold_reason(SHOWN, SHOWN, at(200), 0.0) is None


def test_the_new_core_modules_import_no_qt() -> None:
    code = ("import sys\nimport kiosk.files, kiosk.copies, kiosk.holding\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert (result.returncode, result.stdout) == (0, "[]\n"), result.stderr
