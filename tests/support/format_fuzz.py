"""Fuzzing the importers: mutated exports, random bytes that look like a format, hostile
documents. The property (:func:`check`): ``parse_schedule`` gives a schedule, or raises
ScheduleError whose problems lie inside the document, and never anything else."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from kiosk import i18n
from kiosk.reader import Problem, ScheduleError, parse_schedule

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
SAMPLES = {path.name: path.read_bytes() for path in sorted(DATA.glob("*.*"))}
PREFIXES = (b"<?xml version='1.0'?>\n<schedule>", b'{"schedule": {"conference": ',
            b"BEGIN:VCALENDAR\r\n", b"datum;begin;eind;titel\n", b"<schedule><day date='",
            b"\xef\xbb\xbf")
TOKENS = (b"<", b">", b"</event>", b"<event id='1'>", b"&amp;", b"&#0;", b"&#x110000;",
          b'"', b"{", b"}", b"[", b"]", b",", b":", b";", b"\r\n", b"\n ", b"\t", b"\\u",
          b"\\ud800", b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n", b"RRULE:FREQ=SECONDLY\r\n",
          b"DTSTART:99991231T235959Z\r\n", b"00:00", b"99:99", b"1:23:59", b"-1", b"9" * 30,
          b"\x00", b"\xff", b"\xc3", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"<![CDATA[x]]>")


DUTCH = i18n.translations("nl")
MAX_MESSAGE = 600
"""Characters of a problem's message at most: the values it quotes are cut short."""


@dataclass(frozen=True)
class Outcome:
    valid: bool
    seconds: float


def check(data: bytes, name: str, bound: float | None = None) -> Outcome:
    """Read ``data`` as the file ``name``; fail unless it is a schedule or a clean error."""
    started = time.process_time()
    problems: tuple[Problem, ...] = ()
    try:
        parse_schedule(data, source=name)
    except ScheduleError as error:
        problems = error.problems
        assert problems, data[:200]
    lines = data.count(b"\n") + data.count(b"\r") + 2
    for problem in problems:
        assert 1 <= problem.line <= lines, (problem, lines)
        assert problem.column >= 1, problem
        assert problem.message, problem
        for said in (problem.message, problem.message.say(DUTCH)):
            assert "\n" not in said, problem
            assert "\r" not in said, problem
            assert len(said) <= MAX_MESSAGE, problem
            said.encode("utf-8")  # no lone surrogate, which no output could write
    seconds = time.process_time() - started
    if bound is not None:
        assert seconds < bound, f"{seconds:.2f} s for {len(data)} bytes"
    return Outcome(not problems, seconds)


@st.composite
def mutated_exports(draw: st.DrawFn) -> tuple[bytes, str]:
    """A sample export after a few careless edits: bytes or lines removed, repeated,
    swapped, replaced by tokens of the formats; the file keeps its name."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    data = bytearray(SAMPLES[name])
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(("delete", "insert", "flip", "line", "repeat", "cut")))
        if action == "delete":
            del data[where:where + draw(st.integers(1, 40))]
        elif action == "insert":
            data[where:where] = draw(st.sampled_from(TOKENS))
        elif action == "flip":
            if data:
                data[where] = draw(st.integers(0, 255))
        elif action == "line":
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            del lines[index]
            data = bytearray(b"\n".join(lines))
        elif action == "repeat":
            data[where:where] = data[where:where + draw(st.integers(1, 400))]
        else:
            data = data[:where]
    return bytes(data), name


@st.composite
def random_exports(draw: st.DrawFn) -> tuple[bytes, str]:
    """Random bytes after a prefix that makes them look like one of the formats."""
    prefix = draw(st.sampled_from(PREFIXES))
    body = draw(st.lists(st.one_of(st.binary(max_size=20), st.sampled_from(TOKENS)),
                         max_size=40))
    name = draw(st.sampled_from(("x.xml", "x.json", "x.ics", "x.csv", "export", "s.yaml")))
    return prefix + b"".join(body), name


def hostile() -> dict[str, tuple[bytes, str]]:
    """Documents made to cost time or memory."""
    deep_xml = b"<schedule>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</schedule>"
    deep_json = b'{"schedule": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    events = b"".join(
        b"<event id='%d' guid='g%d'><date>2024-12-27T11:00:00+01:00</date><duration>00:30"
        b"</duration><title>T</title></event>" % (i, i) for i in range(20_000))
    many = (b"<schedule><day date='2024-12-27'><room name='r'>" + events
            + b"</room></day></schedule>")
    seconds = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20240101T000000Z\r\n"
               b"DTEND:20240101T000001Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:s\r\nEND:VEVENT\r\n"
               b"END:VCALENDAR\r\n")
    long_cell = b"datum;begin;eind;titel\n18-09-2025;09.30;10.00;" + b"x" * 5_000_000 + b"\n"
    quotes = b"datum;begin;eind;titel\n" + b'"' * 1_000_000
    long_duration = (b"<schedule><day date='2024-12-27'><room name='r'><event id='1'><date>"
                     b"2024-12-27T11:00:00+01:00</date><duration>999:59</duration><title>T"
                     b"</title></event></room></day></schedule>")
    return {
        "deep xml": (deep_xml, "x.xml"), "deep json": (deep_json, "x.json"),
        "20,000 events": (many, "x.xml"), "every second forever": (seconds, "x.ics"),
        "5 MB cell": (long_cell, "x.csv"), "a million quotes": (quotes, "x.csv"),
        "a 999-hour session": (long_duration, "x.xml"),
    }


def main() -> int:
    """A long run: ``python tests/support/format_fuzz.py --examples 3000``."""
    import argparse
    import sys

    from hypothesis import HealthCheck, given, settings

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--examples", type=int, default=3000)
    options = parser.parse_args()
    failures: list[str] = []
    for strategy in (mutated_exports(), random_exports()):
        @settings(max_examples=options.examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def run(case: tuple[bytes, str]) -> None:
            try:
                check(*case, bound=5.0)
            except AssertionError as error:  # collect, do not stop: the run counts them all
                failures.append(f"{case[1]}: {error!s:.300}")

        run()
    for name, (data, file_name) in hostile().items():
        try:
            check(data, file_name, bound=10.0)
        except AssertionError as error:
            failures.append(f"{name}: {error!s:.300}")
    sys.stdout.write(f"{2 * options.examples + len(hostile())} documents, "
                     f"{len(failures)} failures\n" + "".join(f"  {f}\n" for f in failures))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
