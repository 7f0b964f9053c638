"""The ``kiosk`` command: check, now, run and snapshot.

``check`` and ``now`` never import Qt, so they answer in a fraction of a
second on any machine; ``run`` and ``snapshot`` load the screen on demand and
hand it a RunOptions or SnapshotOptions (kiosk.options). Each command imports
only what it needs. Exit status (kiosk.options): 0 fine, 1 the schedule is not
valid, 2 a file or argument that cannot be read or used.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kiosk.options import (
    DEFAULT_FILE,
    DEFAULT_POLL_SECONDS,
    DEFAULT_SIZE,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNUSABLE,
    MAX_POLL_SECONDS,
    MAX_SIDE,
    MAX_SPEED,
    MIN_POLL_SECONDS,
    MIN_SIDE,
    RunOptions,
    SnapshotOptions,
    UsageError,
    When,
)

if TYPE_CHECKING:  # the command imports only what the asked-for command needs
    from datetime import datetime

    from kiosk.reader import ReadResult
    from kiosk.schedule import Schedule, Session
    from kiosk.timeline import Status

COMMANDS = ("check", "now", "run", "snapshot", "import")


def console() -> None:
    """The ``kiosk`` console script and ``python -m kiosk``: run :func:`main` and exit."""
    status = main()
    if _command(sys.argv[1:]) in ("check", "now", "snapshot"):
        # All is said (and the PNG written, the window closed): tearing down the modules,
        # and Qt after a snapshot, would cost a sixth of the command's time (10 ms of
        # check, 50 to 70 ms of snapshot here) for nothing a finished command needs.
        with contextlib.suppress(OSError):  # a closed pipe: nothing more can be said
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


def _command(args: Sequence[str]) -> str:
    """The command that ``args`` name: bare ``kiosk`` and ``kiosk FILE`` mean run."""
    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        return args[0]
    return "run"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kiosk`` command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if _command(args) == "run" and args[:1] != ["run"]:
        args = ["run", *args]
    parser = _parser()
    arguments = parser.parse_args(args)
    from kiosk.reader import ScheduleError, ScheduleFileError

    try:
        status: int = arguments.handler(arguments)
    except UsageError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except ScheduleFileError as error:
        print(error, file=sys.stderr)
        return EXIT_UNUSABLE
    except ScheduleError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # kiosk now | head: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    return status


def _parser() -> argparse.ArgumentParser:
    from kiosk import __version__

    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="The lobby screen of an event: what is on now, what comes next, "
        "and who is speaking. Bare 'kiosk' means 'kiosk run schedule.yaml'.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def file_argument(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "file", nargs="?", default=DEFAULT_FILE, metavar="FILE",
            help=f"the schedule file (default: ./{DEFAULT_FILE})",
        )

    def at_argument(command: argparse.ArgumentParser, required: bool, what: str) -> None:
        command.add_argument(
            "--at", type=_when, required=required, metavar="WHEN",
            help=f"{what}: 2024-04-15T11:20 (seconds allowed, a space instead of T too), "
            "or 11:20 on the event's first day; in the event's time zone",
        )

    check = commands.add_parser(
        "check", help="check a schedule file and list every problem",
        description="Check a schedule file. Prints every problem as FILE:LINE:COL: message "
        "and exits 1, or a one-line summary and exits 0; exits 2 if the file cannot be read.",
    )
    file_argument(check)
    check.set_defaults(handler=_check)

    now = commands.add_parser(
        "now", help="print what is on now and next",
        description="Print what is on at a moment (now, by default): the phase, the running "
        "items and the next ones.",
    )
    file_argument(now)
    at_argument(now, required=False, what="the moment to ask about instead of now")
    now.add_argument("--json", action="store_true", help="print one JSON object (stable)")
    now.set_defaults(handler=_now)

    run = commands.add_parser(
        "run", help="open the screen (the default command)",
        description="Open the lobby screen, fullscreen on the primary monitor.",
    )
    file_argument(run)
    run.add_argument("--windowed", action="store_true", help="a window instead of fullscreen")
    at_argument(run, required=False, what="start the clock at this moment and let it run on")
    run.add_argument("--room", metavar="NAME",
                     help="room-door mode: only this room's sessions (and those without a room)")
    run.add_argument("--speed", type=_speed, default=1.0, metavar="N",
                     help="rehearsal: play the day at N times real speed (with --at: from then)")
    run.add_argument("--poll", type=_poll, default=DEFAULT_POLL_SECONDS, metavar="SECONDS",
                     help="for a schedule at a URL: how often to ask for a new version "
                     f"(default: {DEFAULT_POLL_SECONDS:g})")
    run.add_argument("--screen", metavar="N|NAME",
                     help="the monitor, by number (0 is the first) or name (default: primary)")
    run.set_defaults(handler=_run)

    snapshot = commands.add_parser(
        "snapshot", help="render the screen at a moment into a PNG",
        description="Render exactly what the screen shows at a moment into a PNG file; "
        "needs no display.",
    )
    file_argument(snapshot)
    at_argument(snapshot, required=True, what="the moment to show")
    snapshot.add_argument("--size", type=_size, default=DEFAULT_SIZE, metavar="WxH",
                          help="the screen size in pixels (default: "
                          f"{DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]})")
    snapshot.add_argument("--output", required=True, metavar="PNG", help="the file to write")
    snapshot.add_argument("--room", metavar="NAME", help="room-door mode, as for run")
    snapshot.add_argument("--layout", metavar="JSON",
                          help="also write what was drawn where (every text, its region, "
                          "role and box) into this JSON file")
    snapshot.set_defaults(handler=_snapshot)
    _import_parser(commands)
    return parser


def _import_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "import", help="write a programme from pretalx, frab, a calendar or a spreadsheet "
        "as schedule.yaml",
        description="Read a programme export (frab/pentabarf XML, frab/pretalx JSON, "
        "iCalendar .ics, or CSV) from a file or URL and write it as a complete, commented "
        "schedule.yaml; prints it when --output is not given.",
    )
    command.add_argument("source", metavar="SOURCE", help="the export's file or http(s) URL")
    command.add_argument("--output", metavar="FILE",
                         help="the schedule.yaml to write (default: print it)")
    command.add_argument("--force", action="store_true",
                         help="replace --output if it exists (it may hold the day's changes)")
    command.add_argument("--timezone", metavar="ZONE",
                         help="the time zone for a source that names none (a spreadsheet; "
                         "default Europe/Amsterdam)")
    command.set_defaults(handler=_import)


def _import(options: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.formats.importing import convert, fetch, write

    try:
        conversion = convert(fetch(options.source), options.source, options.timezone)
    except ValueError as error:
        raise UsageError(str(error)) from None
    for line in conversion.result.warning_lines():
        print(line, file=sys.stderr)
    if options.output is None:
        sys.stdout.write(conversion.text)
        return EXIT_OK
    try:
        write(conversion.text, Path(options.output), options.force)
    except OSError as error:
        raise UsageError(str(error) if isinstance(error, FileExistsError)
                         else f"{options.output}: {error.strerror or error}") from None
    schedule = conversion.result.schedule
    print(f"{options.output}: {len(schedule.sessions)} sessions on {len(schedule.days)} "
          f"{'day' if len(schedule.days) == 1 else 'days'} from {options.source}")
    return EXIT_OK


def _when(text: str) -> When:
    try:
        return When.parse(text)
    except UsageError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("--at: ")) from None


def _poll(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not MIN_POLL_SECONDS <= seconds <= MAX_POLL_SECONDS:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds from "
                                         f"{MIN_POLL_SECONDS:g} to {MAX_POLL_SECONDS:g}")
    return seconds


def _speed(text: str) -> float:
    try:
        speed = float(text)
    except ValueError:
        speed = 0
    if not 0 < speed <= MAX_SPEED:
        raise argparse.ArgumentTypeError(f"'{text}' is not a speed from 0.01 to {MAX_SPEED:g}")
    return speed


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,5})[xX×](\d{3,5})", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080")
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise argparse.ArgumentTypeError(
            f"'{text}': width and height must be {MIN_SIDE} to {MAX_SIDE}")
    return width, height


def _read(path: str) -> ReadResult:
    from kiosk.reader import read_schedule

    result = read_schedule(path)
    for line in result.warning_lines():
        print(line, file=sys.stderr)
    return result


def _check(arguments: argparse.Namespace) -> int:
    result = _read(arguments.file)
    schedule = result.schedule
    days = len(schedule.days)
    sessions = len(schedule.sessions)
    speakers = len(schedule.speakers)
    warnings = len(result.warnings)
    print(
        f"{arguments.file}: OK: {days} {'day' if days == 1 else 'days'}, "
        f"{sessions} {'session' if sessions == 1 else 'sessions'}, "
        f"{speakers} {'speaker' if speakers == 1 else 'speakers'}"
        + (f", {warnings} {'warning' if warnings == 1 else 'warnings'}" if warnings else "")
    )
    return EXIT_OK


def _now(arguments: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.timeline import Timeline

    schedule = _read(arguments.file).schedule
    if arguments.at is not None:
        moment = arguments.at.resolve(schedule)
    else:
        moment = dt.datetime.now(dt.timezone.utc)
    status = Timeline(schedule).status(moment)
    if arguments.json:
        import json

        print(json.dumps(status_json(schedule, status), ensure_ascii=False, indent=2))
    else:
        print(_status_text(schedule, status))
    return EXIT_OK


def status_json(schedule: Schedule, status: Status) -> dict[str, Any]:
    """The status as the stable JSON object of ``kiosk now --json``."""

    def iso(moment: datetime) -> str:
        return schedule.local(moment).isoformat()

    def item(session: Session) -> dict[str, Any]:
        return {
            "title": session.title,
            "kind": session.kind.value,
            "start": iso(session.start),
            "end": iso(session.end),
            "scheduled_start": iso(session.scheduled_start),
            "scheduled_end": iso(session.scheduled_end),
            "room": session.room,
            "note": session.note,
            "speakers": [{"name": s.name, "role": s.role} for s in session.speakers],
        }

    return {
        "at": iso(status.at),
        "phase": status.phase.value,
        "current": [item(s) for s in status.current],
        "next": [item(s) for s in status.next],
    }


def _status_text(schedule: Schedule, status: Status) -> str:
    from kiosk.schedule import zone_name

    def clock(moment: datetime) -> str:
        return f"{schedule.local(moment):%H.%M}"

    def line(label: str, session: Session) -> str:
        text = f"{label:<6}{clock(session.start)}–{clock(session.end)}  {session.title}"
        if session.room:
            text += f"  [{session.room}]"
        people = ", ".join(
            f"{s.name} ({s.role})" if s.role else s.name for s in session.speakers
        )
        return text + (f" — {people}" if people else "")

    local = schedule.local(status.at)
    lines = [f"{local:%Y-%m-%d %H.%M} {zone_name(schedule.event.timezone)}: {status.phase.value}"]
    lines += [line("now", s) for s in status.current]
    lines += [line("next", s) for s in status.next]
    if not status.current and not status.next:
        lines.append("the programme is over")
    return "\n".join(lines)


def run_options(arguments: argparse.Namespace) -> RunOptions:
    """The options of ``kiosk run``, from its parsed arguments."""
    return RunOptions(source=arguments.file, windowed=arguments.windowed, at=arguments.at,
                      speed=arguments.speed, room=arguments.room, screen=arguments.screen,
                      poll_seconds=arguments.poll)


def snapshot_options(arguments: argparse.Namespace) -> SnapshotOptions:
    """The options of ``kiosk snapshot``, from its parsed arguments."""
    return SnapshotOptions(file=arguments.file, at=arguments.at, output=arguments.output,
                           size=arguments.size, room=arguments.room, layout=arguments.layout)


def _run(arguments: argparse.Namespace) -> int:
    from kiosk.screen.app import run

    return run(run_options(arguments))


def _snapshot(arguments: argparse.Namespace) -> int:
    from kiosk.screen.app import snapshot

    return snapshot(snapshot_options(arguments))
