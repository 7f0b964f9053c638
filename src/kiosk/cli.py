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
import difflib
import os
import re
import sys
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from kiosk.i18n import (
    ENGLISH,
    NOTHING,
    Message,
    Plural,
    Translations,
    _,
    say,
    speak_for_the_command_line,
)
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
    MIN_SPEED,
    RunOptions,
    SnapshotOptions,
    UsageError,
    When,
)

if TYPE_CHECKING:  # the command imports only what the asked-for command needs
    from datetime import datetime
    from pathlib import Path

    from kiosk.reader import ReadResult
    from kiosk.schedule import Schedule, Session
    from kiosk.timeline import Status

COMMANDS = ("check", "now", "run", "snapshot", "import")

ARGPARSE_WORDS = (
    _("usage: "), _("options"), _("positional arguments"), _("show this help message and exit"),
    _("%(prog)s: error: %(message)s\n"), _("the following arguments are required: %s"),
    _("unrecognized arguments: %s"), _("argument %(argument_name)s: %(message)s"),
    _("invalid choice: %(value)r (choose from %(choices)s)"), _("expected one argument"),
    _("invalid %(type)s value: %(value)r"),
    _("ambiguous option: %(option)s could match %(matches)s"),
)
"""argparse's own words that people meet: argparse looks them up in the current gettext
domain, kiosk's while the command runs (kiosk.i18n.speak_for_the_command_line), so they are
in kiosk's catalogues; listing them here is what puts them there."""

_language: Translations = ENGLISH
"""The language of this run of the command line (the locale's)."""


def said(text: str) -> str:
    """A message in the command line's language."""
    return say(text, _language)


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
    global _language
    _language = speak_for_the_command_line()
    args = list(sys.argv[1:] if argv is None else argv)
    parser, commands = _parser()
    if _command(args) == "run" and args[:1] != ["run"]:
        if args and _mistyped_command(args[0]):
            close = difflib.get_close_matches(args[0].lower(), COMMANDS, n=1, cutoff=0.6)
            parser.error(said(_(
                "'{word}' is neither a command nor a file{hint}: the commands are {commands}",
                word=args[0], commands=", ".join(COMMANDS),
                hint=_(" (did you mean '{word}'?)", word=close[0]) if close else NOTHING)))
        args = ["run", *args]
    arguments, extra = parser.parse_known_args(args)
    if extra:  # said by the command's own parser, with its usage, not kiosk's
        commands[arguments.command].error(
            said(_("unrecognized arguments: %s")) % " ".join(extra))
    from kiosk.reader import ScheduleError, ScheduleFileError

    try:
        status: int = arguments.handler(arguments)
    except UsageError as error:
        print(f"kiosk: {said(error.args[0]) if error.args else ''}", file=sys.stderr)
        return EXIT_UNUSABLE
    except ScheduleFileError as error:
        print(said(error.args[0]) if error.args else "", file=sys.stderr)
        return EXIT_UNUSABLE
    except ScheduleError as error:
        for line in error.lines(_language):
            print(line, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # kiosk now | head: the reader has all it wanted, nothing failed
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return status


def _mistyped_command(word: str) -> bool:
    """Whether ``kiosk WORD`` names no file and looks like a command (``kiosk chek``), not
    like the schedule's file or URL that bare ``kiosk FILE`` runs."""
    return re.fullmatch(r"[A-Za-z][A-Za-z_-]{0,30}", word) is not None \
        and not os.path.lexists(word)


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """kiosk's parser, and each command's own (which says a mistake in its arguments)."""
    from kiosk import __version__

    parser = argparse.ArgumentParser(
        prog="kiosk",
        description=said(_("The lobby screen of an event: what is on now, what comes next, "
                           "and who is speaking. Bare 'kiosk' means 'kiosk run "
                           "schedule.yaml'.")),
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}",
                        help=said(_("show the version of kiosk and exit")))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def file_argument(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "file", nargs="?", default=DEFAULT_FILE, metavar="FILE", type=_name,
            help=said(_("the schedule file (default: ./{file})", file=DEFAULT_FILE)),
        )

    def at_argument(command: argparse.ArgumentParser, required: bool, what: Message) -> None:
        command.add_argument(
            "--at", type=_when, required=required, metavar="WHEN",
            help=said(_("{what}: 2024-04-15T11:20 (seconds allowed, a space instead of T "
                        "too), or 11:20 on the event's first day; in the event's time zone",
                        what=what)),
        )

    check = commands.add_parser(
        "check", help=said(_("check a schedule file and list every problem")),
        description=said(_("Check a schedule file. Prints every problem as FILE:LINE:COL: "
                           "message and exits 1, or a one-line summary and exits 0; exits 2 if "
                           "the file cannot be read.")),
    )
    file_argument(check)
    check.set_defaults(handler=_check)

    now = commands.add_parser(
        "now", help=said(_("print what is on now and next")),
        description=said(_("Print what is on at a moment (now, by default): the phase, the "
                           "running items and the next ones.")),
    )
    file_argument(now)
    at_argument(now, required=False, what=_("the moment to ask about instead of now"))
    now.add_argument("--json", action="store_true",
                     help=said(_("print one JSON object (stable, in English)")))
    now.set_defaults(handler=_now)

    run = commands.add_parser(
        "run", help=said(_("open the screen (the default command)")),
        description=said(_("Open the lobby screen, fullscreen on the primary monitor.")),
    )
    file_argument(run)
    run.add_argument("--windowed", action="store_true",
                     help=said(_("a window instead of fullscreen")))
    at_argument(run, required=False, what=_("start the clock at this moment and let it run on"))
    run.add_argument("--room", metavar="NAME", type=_room, help=said(_(
        "room-door mode: only this room's sessions (and those without a room)")))
    run.add_argument("--speed", type=_speed, default=1.0, metavar="N", help=said(_(
        "rehearsal: play the day at N times real speed (with --at: from then)")))
    run.add_argument("--poll", type=_poll, default=DEFAULT_POLL_SECONDS, metavar="SECONDS",
                     help=said(_("for a schedule or an imported programme at a URL: how often "
                                 "to ask for a new version (default: {seconds:g})",
                                 seconds=DEFAULT_POLL_SECONDS)))
    run.add_argument("--screen", metavar="N|NAME", help=said(_(
        "the monitor, by number (0 is the first) or name (default: primary)")))
    run.set_defaults(handler=_run)

    snapshot = commands.add_parser(
        "snapshot", help=said(_("render the screen at a moment into a picture")),
        description=said(_("Render exactly what the screen shows at a moment into a picture "
                           "(PNG, JPEG, ... as the name of --output ends); needs no display.")),
    )
    file_argument(snapshot)
    at_argument(snapshot, required=True, what=_("the moment to show"))
    snapshot.add_argument("--size", type=_size, default=DEFAULT_SIZE, metavar="WxH",
                          help=said(_("the screen size in pixels (default: {width}x{height})",
                                      width=DEFAULT_SIZE[0], height=DEFAULT_SIZE[1])))
    snapshot.add_argument("--output", required=True, metavar="PICTURE", type=_name,
                          help=said(_("the file to write: a .png, .jpg, ...")))
    snapshot.add_argument("--room", metavar="NAME", type=_room,
                          help=said(_("room-door mode, as for run")))
    snapshot.add_argument("--layout", metavar="JSON", type=_name, help=said(_(
        "also write what was drawn where (every text, its region, role and box) into this "
        "JSON file")))
    snapshot.set_defaults(handler=_snapshot)
    _import_parser(commands)
    return parser, dict(commands.choices)


def _import_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "import", help=said(_("write a programme from pretalx, frab, a calendar or a "
                              "spreadsheet as schedule.yaml")),
        description=said(_("Read a programme export (frab/pentabarf XML, frab/pretalx JSON, "
                           "iCalendar .ics, or CSV) from a file or URL and write it as a "
                           "complete, commented schedule.yaml; prints it when --output is not "
                           "given.")),
    )
    command.add_argument("source", metavar="SOURCE", type=_name,
                         help=said(_("the export's file or http(s) URL")))
    command.add_argument("--output", metavar="FILE", type=_name,
                         help=said(_("the schedule.yaml to write (default: print it)")))
    command.add_argument("--force", action="store_true", help=said(_(
        "replace --output if it exists (it may hold the day's changes)")))
    command.add_argument("--timezone", metavar="ZONE", type=_zone, help=said(_(
        "the time zone for a source that names none (a spreadsheet; default "
        "Europe/Amsterdam)")))
    command.set_defaults(handler=_import)


def _import(options: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.fetching import fetch
    from kiosk.files import file_reason
    from kiosk.formats.importing import convert, write

    if options.output is not None:  # before the source is fetched and converted for nothing
        _check_output(Path(options.output))
    try:
        conversion = convert(fetch(options.source), options.source, options.timezone,
                             translations=_language)
    except ValueError as error:
        raise UsageError(error.args[0] if error.args else str(error)) from None
    for line in conversion.result.warning_lines(_language):
        print(line, file=sys.stderr)
    if options.output is None:
        sys.stdout.write(conversion.text)
        return EXIT_OK
    try:
        write(conversion.text, Path(options.output), options.force)
    except OSError as error:
        raise UsageError(error.args[0] if isinstance(error, FileExistsError) and error.args
                         else _("{file}: {reason}", file=options.output,
                                reason=file_reason(error))) from None
    schedule = conversion.result.schedule
    print(said(_("{file}: {sessions} on {days} from {source}", file=options.output,
                 sessions=Plural("{count} session", "{count} sessions", len(schedule.sessions)),
                 days=Plural("{count} day", "{count} days", len(schedule.days)),
                 source=options.source)))
    return EXIT_OK


def _check_output(output: Path) -> None:
    """Refuse an ``--output`` that cannot be written, whatever the source holds."""
    folder = output.parent
    if output.is_dir():
        raise UsageError(_("cannot write {name}: it is a folder: name the file to write, "
                           "like {example}", name=output, example=output / DEFAULT_FILE))
    if not folder.is_dir():
        raise UsageError(_("cannot write {name}: there is no folder {folder}", name=output,
                           folder=folder))


def _name(text: str) -> str:
    """A file's name (or URL) as typed: anything but nothing."""
    if not text.strip():
        raise argparse.ArgumentTypeError(said(_("the name is empty")))
    return text


def _room(text: str) -> str:
    """A room's name as typed, without the spaces around it."""
    if not text.strip():
        raise argparse.ArgumentTypeError(said(_("the room's name is empty")))
    return text.strip()


def _zone(text: str) -> str:
    """``--timezone``: a time zone as schedule.yaml's ``event.timezone`` takes it."""
    from kiosk.reader.values import Fault, timezone

    def hint(word: str, choices: Collection[str]) -> Message:
        close = difflib.get_close_matches(word, list(choices), n=1) if len(word) < 80 else []
        return _(" (did you mean '{word}'?)", word=close[0]) if close else NOTHING

    zone = timezone(text, hint)
    if isinstance(zone, Fault):
        raise argparse.ArgumentTypeError(said(zone.message))
    return text


def _when(text: str) -> When:
    try:
        return When.parse(text)
    except UsageError as error:
        raise argparse.ArgumentTypeError(said(error.args[0]).removeprefix("--at: ")) \
            from None


def _poll(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not MIN_POLL_SECONDS <= seconds <= MAX_POLL_SECONDS:
        raise argparse.ArgumentTypeError(said(_(
            "'{text}' is not a number of seconds from {low:g} to {high:g}", text=text,
            low=MIN_POLL_SECONDS, high=MAX_POLL_SECONDS)))
    return seconds


def _speed(text: str) -> float:
    try:
        speed = float(text)
    except ValueError:
        speed = 0
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise argparse.ArgumentTypeError(said(_("'{text}' is not a speed from {low:g} to "
                                                "{high:g}", text=text, low=MIN_SPEED,
                                                high=MAX_SPEED)))
    return speed


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{1,9})[xX×](\d{1,9})", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(said(_("'{text}' is not a size like 1920x1080",
                                                text=text)))
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise argparse.ArgumentTypeError(said(_(
            "'{text}': width and height must be {low} to {high}", text=text, low=MIN_SIDE,
            high=MAX_SIDE)))
    return width, height


def _read(path: str) -> ReadResult:
    result = read_source(path)
    for line in result.warning_lines(_language):
        print(line, file=sys.stderr)
    return result


def read_source(spec: str) -> ReadResult:
    """The schedule a command names: a file, or an http(s) URL (fetched only then)."""
    from kiosk.reader.imports import is_url

    if is_url(spec):
        from kiosk.fetching import read_url

        return read_url(spec)
    from kiosk.reader import read_schedule

    return read_schedule(spec)


def _check(arguments: argparse.Namespace) -> int:
    result = _read(arguments.file)
    schedule = result.schedule
    days = Plural("{count} day", "{count} days", len(schedule.days))
    sessions = Plural("{count} session", "{count} sessions", len(schedule.sessions))
    speakers = Plural("{count} speaker", "{count} speakers", len(schedule.speakers))
    if result.warnings:
        warnings = Plural("{count} warning", "{count} warnings", len(result.warnings))
        summary = _("{file}: OK: {days}, {sessions}, {speakers}, {warnings}", file=arguments.file,
                    days=days, sessions=sessions, speakers=speakers, warnings=warnings)
    else:
        summary = _("{file}: OK: {days}, {sessions}, {speakers}", file=arguments.file,
                    days=days, sessions=sessions, speakers=speakers)
    print(said(summary))
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

    now, upcoming = said(_("now")), said(_("next"))
    width = max(6, len(now) + 1, len(upcoming) + 1)  # the labels line up in any language

    def line(label: str, session: Session) -> str:
        text = f"{label:<{width}}{clock(session.start)}–{clock(session.end)}  {session.title}"
        if session.room:
            text += f"  [{session.room}]"
        people = ", ".join(
            f"{s.name} ({s.role})" if s.role else s.name for s in session.speakers
        )
        return text + (f" — {people}" if people else "")

    local = schedule.local(status.at)
    phase = said(PHASES[status.phase.value])
    lines = [f"{local:%Y-%m-%d %H.%M} {zone_name(schedule.event.timezone)}: {phase}"]
    lines += [line(now, s) for s in status.current]
    lines += [line(upcoming, s) for s in status.next]
    if not status.current and not status.next:
        lines.append(said(_("the programme is over")))
    return "\n".join(lines)


PHASES = {"before": _("before"), "session": _("session"), "break": _("break"),
          "after": _("after")}
"""The phases as ``kiosk now`` says them (the JSON keeps the English names)."""


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
    from kiosk.screen.picture import snapshot

    return snapshot(snapshot_options(arguments))
