"""What a reader says about a schedule file: problems at their line, and the result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.i18n import ENGLISH, Message, Plural, Translations, _
from kiosk.schedule import Schedule
from kiosk.yamltree import Node

MAX_PROBLEMS = 100
"""A file with more problems than this is not read further: the first ones are what to fix,
and a hostile file (hundreds of thousands of aliases) must not cost seconds and megabytes."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful, for a warning) in a schedule file."""

    line: int
    column: int
    message: Message
    warning: bool = False
    source: str | None = None
    """The file the problem is in, when not the one being read (an imported programme)."""

    def format(self, source: str, translations: Translations = ENGLISH) -> str:
        """The problem as ``FILE:LINE:COL: [warning: ]message``, the form editors jump to,
        in the language of ``translations`` (English by default, as the log keeps it)."""
        label = WARNING.say(translations) if self.warning else ""
        return (f"{self.source or source}:{self.line}:{self.column}: "
                f"{label}{self.message.say(translations)}")


WARNING = _("warning: ")


class ScheduleFileError(Exception):
    """The schedule file cannot be opened or read at all (exit status 2)."""


class ScheduleError(Exception):
    """The schedule file's content is not a valid schedule (exit status 1)."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(sorted(problems, key=order))
        self.errors = tuple(p for p in self.problems if not p.warning)
        first = self.errors[0] if self.errors else self.problems[0]
        super().__init__(first.format(source))

    def lines(self, translations: Translations = ENGLISH) -> list[str]:
        return [p.format(self.source, translations) for p in self.problems]


@dataclass(frozen=True)
class ReadResult:
    """A valid schedule and the warnings about it."""

    schedule: Schedule
    warnings: tuple[Problem, ...]
    source: str

    def warning_lines(self, translations: Translations = ENGLISH) -> list[str]:
        return [p.format(self.source, translations) for p in self.warnings]


def order(problem: Problem) -> tuple[bool, str, int, int]:
    """Problems in line order: those of the file being read first, then each other file's."""
    return problem.source is not None, problem.source or "", problem.line, problem.column


class TooManyProblems(Exception):
    """Raised by Problems.add once MAX_PROBLEMS are collected: reading stops there."""


class Problems:
    """The problems of one file, collected as the reading finds them.

    At most ``limit`` errors: the next one stops the reading (TooManyProblems). At most
    ``limit`` warnings are kept, and the rest counted: warnings never make a file invalid.
    """

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.items: list[Problem] = []
        self.limit = limit
        self._errors = 0
        self._warnings = 0
        self._more_warnings = 0

    def add(self, problem: Problem) -> None:
        if problem.warning:
            if self._warnings >= self.limit:
                self._more_warnings += 1
                return
            self._warnings += 1
            self.items.append(problem)
            return
        self.items.append(problem)
        self._errors += 1
        if self._errors >= self.limit:
            self.items.append(Problem(problem.line, problem.column, _(
                "and more: reading stops after {count} problems; fix these first",
                count=self.limit)))
            raise TooManyProblems

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def error(self, node: Node, message: Message) -> None:
        self.add(Problem(node.line, node.column, message, source=node.origin))

    def warn(self, node: Node, message: Message) -> None:
        self.add(Problem(node.line, node.column, message, warning=True, source=node.origin))

    @property
    def has_errors(self) -> bool:
        return self._errors > 0

    def all(self) -> list[Problem]:
        """Every problem kept, with a last warning that counts those not kept."""
        if not self._more_warnings:
            return list(self.items)
        last = max((p for p in self.items if p.warning), key=order)
        return [*self.items, Problem(last.line, last.column, Plural(
            "and {count} more warning", "and {count} more warnings", self._more_warnings),
            warning=True, source=last.source)]

    def warnings(self) -> tuple[Problem, ...]:
        return tuple(sorted((p for p in self.all() if p.warning), key=order))
