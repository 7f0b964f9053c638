"""Reading a schedule into :class:`~kiosk.schedule.Schedule`, with every problem at its line.

The reading has three steps, each in its own module: decoding (bytes to text to a node tree:
:mod:`kiosk.reader.decode`, :mod:`kiosk.yamltree`), checking the tree against the schema
(:mod:`kiosk.schema`, :mod:`kiosk.reader.check`) and building the model
(:mod:`kiosk.reader.build`). Other formats make the same tree and join at checking
(:func:`parse_tree`). Every problem of a file is reported at once, each as
``FILE:LINE:COL: message``; nothing is raised but :class:`ScheduleError` (and
:class:`ScheduleFileError` when the file cannot be opened at all).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from kiosk.files import FileTooLarge, file_reason, read_regular_file
from kiosk.i18n import _
from kiosk.reader.build import Builder
from kiosk.reader.check import Checker
from kiosk.reader.decode import MAX_BYTES, decode, too_large
from kiosk.reader.imports import Fetching, ImportReader
from kiosk.reader.problems import (
    Problem,
    Problems,
    ReadResult,
    ScheduleError,
    ScheduleFileError,
    TooManyProblems,
)
from kiosk.yamltree import Mapping, Node, Scalar, TreeError, compose

MAX_IMPORT_BYTES = 20 * 1024 * 1024
"""An export from a conference system (kiosk.formats): a large congress exports several MiB.
schedule.yaml itself stays limited to MAX_BYTES (decode refuses more)."""

__all__ = [
    "MAX_BYTES",
    "MAX_IMPORT_BYTES",
    "Problem",
    "ReadResult",
    "ScheduleError",
    "ScheduleFileError",
    "parse_schedule",
    "parse_tree",
    "read_schedule",
]


def read_schedule(path: str | os.PathLike[str], imports: ImportReader | None = None
                  ) -> ReadResult:
    """Read and check the schedule file at ``path``.

    Raises ScheduleFileError when it (or the programme it imports) cannot be opened,
    ScheduleError when its content is not a valid schedule.
    """
    path = Path(path)
    try:
        data = read_regular_file(path, MAX_IMPORT_BYTES)
    except FileTooLarge:  # refused from its size, before a byte of it is read
        raise too_large(str(path), MAX_IMPORT_BYTES) from None
    except OSError as error:
        raise ScheduleFileError(_("{path}: cannot read the schedule file: {reason}",
                                  path=path, reason=file_reason(error))) from None
    return parse_schedule(data, source=str(path), folder=path.parent, imports=imports)


def parse_schedule(data: bytes | str, source: str, folder: Path | None = None,
                   imports: ImportReader | None = None) -> ReadResult:
    """Check ``data`` (the content of a schedule file) and build the schedule.

    ``folder`` is where photos are looked up; None (a schedule fetched from a
    URL) skips the check that photo files exist. ``imports`` reads the programme a
    schedule.yaml imports (``import: from:``); by default it is read or fetched now.
    """
    from kiosk.formats.detect import Format, detect

    found = detect(data, source)
    if found is not Format.YAML:  # an export of a conference system, a calendar, a spreadsheet
        from kiosk.formats import read_imported

        return read_imported(data, source, folder, found)
    text = decode(data, source)
    problems = Problems()
    try:
        root, tree_problems = compose(text, limit=problems.limit)
    except TreeError as error:
        raise ScheduleError(source, [Problem(p.line, p.column, p.message)
                                     for p in (*error.earlier, error.problem)]) from None
    except yaml.MarkedYAMLError as error:
        from kiosk.reader.syntax import syntax_problem  # only a file with a mistake needs it

        raise ScheduleError(source, [syntax_problem(error, text)]) from None
    except yaml.YAMLError as error:  # unmarked: only reader errors, which decode excludes
        raise ScheduleError(source, [Problem(1, 1, _("not readable as YAML: {error}",
                                                    error=str(error)))]) from None
    problems_of_tree = [Problem(p.line, p.column, p.message) for p in tree_problems]
    lines = re.split(r"\r\n?|\n", text)
    if isinstance(root, Mapping) and any(
            isinstance(key, Scalar) and key.value == "import" for key, _value in root.items):
        from kiosk.formats.overlay import read_with_import

        return read_with_import(root, source, folder, problems_of_tree, lines,
                                imports or Fetching())
    return parse_tree(root, source, folder, problems_of_tree, lines=lines)


def parse_tree(
    root: Node | None,
    source: str,
    folder: Path | None = None,
    problems: Iterable[Problem] = (),
    lines: list[str] | None = None,
) -> ReadResult:
    """Check a schedule given as a node tree (from YAML, or from another format shaped
    like schedule.yaml) and build it; ``problems`` are those found while making the tree.

    Every format goes through here, so a session means the same whatever file it came from.
    ``lines``: the text of a YAML file by line (YAML's line breaks), for the doubts only
    the text shows.
    """
    found = Problems()
    try:
        found.extend(problems)
        checked = Checker(found, folder, lines).schedule(root)
        schedule = None
        if checked is not None:
            schedule = Builder(checked.event.timezone, found).schedule(checked)
    except TooManyProblems:
        raise ScheduleError(source, found.all()) from None
    if schedule is None or found.has_errors:
        raise ScheduleError(source, found.all())
    return ReadResult(schedule, found.warnings(), source)
