"""YAML syntax errors, said as what the organiser did and how to fix it, at the line they did it.

The parsers report where they gave up ("could not find expected ':'", "expected <block end>"),
which is often a line after the mistake and always in a parser's words. This module looks
at the lines the parser read last and names the mistake people make: no space after a colon
or a dash, a line indented unlike its neighbours, a quote or a brace never closed, curly
quotes from a word processor, a colon in an unquoted text, a tab.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from kiosk.i18n import Message, Plural, _
from kiosk.reader.problems import Problem
from kiosk.reader.values import CURLY, ODD_SPACE
from kiosk.schema import SECTIONS

KEYS = frozenset(key.name for section in SECTIONS.values() for key in section.keys)
"""Every key of schedule.yaml: what "title:Lezing" is recognised by."""

_STRUCTURE_SPOT = re.compile(
    f"^[ {ODD_SPACE.pattern[1:-1]}]*(?:-[ {ODD_SPACE.pattern[1:-1]}]+)?"
    r"(?:[^\s:#'\"][^:#]*?:)?")
"""A line up to where its indentation, its '- ' and its key end: where an odd space breaks
the structure."""
_NO_SPACE = re.compile(r"(\s*(?:-\s+)?)([A-Za-z_]+):(?=[^\s:/])")
"""A key with text right after its colon: ``title:Lezing``, ``- time:11.00`` (not ``http://``)."""
_DASH = re.compile(r"(\s*)-(?=[A-Za-z_]+:)")
"""A list item with no space after its dash: ``-time: 10.00``."""
_KEY = re.compile(r"(\s*)(?:-\s+)?([^\s#'\"][^:#]*?):(?:\s|$)")
"""A line's key, for its indentation: the column where the key itself starts."""
_INNER_KEY = re.compile(r"(.*\S)\s+([A-Za-z_]+):(?:\s|$)")
"""A key's name and colon after other text, inside the text of the key before it."""
_VALUE = re.compile(r"\s*(?:-\s+)?([A-Za-z_]+):\s+(.*)")

_STRUCTURE = (
    "mapping values are not allowed",
    "could not find expected ':'",
    "did not find expected '-' indicator",
    "did not find expected key",
    "expected <block end>",
    "did not find expected node content",
    "expected a single document",
)
"""What the parsers say when a line does not fit the structure around it."""


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    """The problem a parser's syntax error stands for, at the line of the mistake."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = re.split(r"\r\n?|\n", text)  # YAML's line breaks
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    context_mark = error.context_mark
    start = context_mark.line + 1 if context_mark is not None else line

    def at(number: int, where: int, message: Message) -> Problem:
        # A parser that ran into the end of the text marks the line after the last one.
        if number > len(lines):
            number, where = len(lines), len(lines[-1]) + 1
        return Problem(number, where, message)

    if "'\\t'" in problem or "tab character" in problem or (
            problem.startswith("found character") and _char(lines, line, column) == "\t"):
        return at(line, column, _("a tab character: indent with spaces"))
    if context == "while scanning a quoted scalar" and context_mark is not None:
        quote = _char(lines, context_mark.line + 1, context_mark.column + 1) or '"'
        return at(context_mark.line + 1, context_mark.column + 1, _(
            "the quote {quote} opened here is never closed: put a {quote} at the end of the "
            "text", quote=quote))
    if context.startswith("while parsing a flow"):
        opener = _open_bracket(lines, line, column)
        if opener is not None:
            number, where, opened = opener
            return at(number, where, _(
                "the {opened} opened here is never closed: put a {closer} after its last "
                "item (or put text that holds ',' or ':' in quotes)", opened=opened,
                closer="}" if opened == "{" else "]"))
    if not any(problem.startswith(words) for words in _STRUCTURE):
        if problem.startswith(("found character '@'", "found character '`'")):
            return at(line, column, _("a text cannot start with '{char}': put the whole text "
                                      "in quotes", char=problem[len("found character '")]))
        found = _char(lines, line, column)
        if problem.startswith("found character") and found:
            return at(line, column, _("a text cannot start with '{char}': put the whole text "
                                      "in quotes", char=found))
        return at(line, column, _("this line cannot be read: check its indentation, its "
                                  "colons and its quotes"))
    for number in range(max(1, start - 1), min(line, len(lines)) + 1):
        found_problem = _odd_space_on(lines, number)
        if found_problem is not None:
            return found_problem
    for number in range(max(1, start - 1), min(line, len(lines)) + 1):
        found_problem = _mistake_on(lines, number)
        if found_problem is not None:
            return found_problem
    indentation = _indentation(lines, line)
    if indentation is not None:
        return indentation
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_text(lines, line, column)
    return at(line, column, _("this line does not fit the lines above it: check that it is "
                              "indented like the other keys of its item"))


def _open_bracket(lines: list[str], line: int, column: int) -> tuple[int, int, str] | None:
    """The innermost '{' or '[' still open where the parser stopped: (line, column, char)."""
    stack: list[tuple[int, int, str]] = []
    for number, text in enumerate(lines[:line], start=1):
        quote = ""
        for index, char in enumerate(text[: column - 1] if number == line else text):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"" and (index == 0 or text[index - 1] in " \t,[{:"):
                quote = char
            elif char == "#" and (index == 0 or text[index - 1] in " \t"):
                break
            elif char in "{[":
                stack.append((number, index + 1, char))
            elif char in "}]" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _char(lines: list[str], line: int, column: int) -> str:
    if 1 <= line <= len(lines):
        return lines[line - 1][column - 1:column]
    return ""


def _mistake_on(lines: list[str], number: int) -> Problem | None:
    """A mistake people make, if line ``number`` shows one: curly quotes, no space after a
    colon or after a dash."""
    text = lines[number - 1]
    content = text.split(" #", 1)[0]
    curly = next((i for i, char in enumerate(content) if char in CURLY), None)
    if curly is not None and ":" in content[curly:]:
        return Problem(number, curly + 1, _(
            "curly quotes ({quotes}) are not quotes in YAML, so the ':' in this text starts a "
            "new key: put straight quotes (\") around the text", quotes=content[curly]))
    dash = _DASH.match(content)
    if dash is not None:
        return Problem(number, len(dash.group(1)) + 1, _(
            "a space is needed after '-': write - {rest}",
            rest=content[len(dash.group(1)) + 1:].strip()))
    glued = _NO_SPACE.match(content)
    if glued is not None and glued.group(2) in KEYS:
        key = glued.group(2)
        rest = content[glued.end():].strip()
        return Problem(number, glued.end() + 1, _(
            "a space is needed after '{key}:': write {key}: {rest}", key=key, rest=rest))
    return None


def _odd_space_on(lines: list[str], number: int) -> Problem | None:
    """An odd space (see ODD_SPACE) in line ``number``'s indentation, after its '-' or right
    after its key's colon."""
    text = lines[number - 1]
    spot = _STRUCTURE_SPOT.match(text)
    end = spot.end() if spot is not None else 0
    odd = ODD_SPACE.search(text, 0, end + 1)
    if odd is None:
        return None
    code = ord(odd.group())
    if odd.group() in "\u200b\u2060\ufeff":
        return Problem(number, odd.start() + 1, _(
            "an invisible character (U+{code:04X}) that editors do not show breaks this line: "
            "delete it", code=code))
    return Problem(number, odd.start() + 1, _(
        "a non-breaking or other special space (U+{code:04X}) where YAML needs an ordinary "
        "space: delete it and type a space", code=code))


def _indents(lines: list[str], before: int) -> Iterator[tuple[int, int]]:
    """(line number, column of its key) of the lines with a key before line ``before``,
    nearest first; blank lines and comments are skipped."""
    for number in range(before - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        key = _KEY.match(text)
        if key is not None:
            yield number, text.index(key.group(2))


def _indentation(lines: list[str], line: int) -> Problem | None:
    """A line indented unlike the keys of the item above it: too far, or too little to be
    one of them and not little enough to be the next item."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    if not text.strip():
        return None
    spaces = len(text) - len(text.lstrip(" "))
    marker = text.lstrip(" ").startswith("- ")
    if marker:
        above = _item_above(lines, line, spaces)
        if above is None and _opens_below(lines, line, spaces):
            return None  # the first item of a list, under its key: the trouble is elsewhere
        if above is not None and above[1] != spaces:
            return Problem(line, spaces + 1, Plural(
                "this item is indented {count} space, the item above it (line {above}) "
                "{dash}: indent them alike",
                "this item is indented {count} spaces, the item above it (line {above}) "
                "{dash}: indent them alike", spaces, above=above[0], dash=above[1]))
    for number, key_column in _indents(lines, line):
        if key_column == spaces and not marker:
            return None  # it stands under a key: the trouble is elsewhere
        item = lines[number - 1]
        dash = len(item) - len(item.lstrip(" "))
        if marker and spaces == dash:
            return None  # the next item of the same list
        if spaces != key_column:
            return Problem(line, spaces + 1, Plural(
                "this line is indented {count} space, the keys of the item above it "
                "(line {above}) {keys}: indent them alike",
                "this line is indented {count} spaces, the keys of the item above it "
                "(line {above}) {keys}: indent them alike", spaces, above=number,
                keys=key_column))
        return None
    return None


def _opens_below(lines: list[str], line: int, spaces: int) -> bool:
    """Whether the nearest line with text above line ``line`` is a key with nothing after
    its colon, less indented than ``spaces``: the place a list may start."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1].split(" #", 1)[0].rstrip()
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        return text.endswith(":") and len(text) - len(text.lstrip(" ")) < spaces
    return False


def _item_above(lines: list[str], line: int, spaces: int) -> tuple[int, int] | None:
    """(line number, column of its '-') of the list item nearest above line ``line``, of its
    own list where one is indented as far as ``spaces`` or less (a deeper one is a list inside
    an item), else of any."""
    nearest: tuple[int, int] | None = None
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if not text.lstrip(" ").startswith("- "):
            continue
        dash = len(text) - len(text.lstrip(" "))
        if dash <= spaces:
            return number, dash
        nearest = nearest or (number, dash)
    return nearest


def _colon_in_text(lines: list[str], line: int, column: int) -> Problem:
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    value = _VALUE.match(text)
    if value is not None:
        key, rest = value.groups()
        inner = _INNER_KEY.match(rest)
        if inner is not None and inner.group(2) in KEYS:  # time: 10.00 - 11.00 title: A
            where = text.index(rest) + inner.start(2)
            return Problem(line, where + 1, _(
                "'{inner}:' starts a new key inside the text of {key}: put it on a line of its "
                "own, indented like {key}: (or, if it is part of the text, put the whole text "
                "in quotes)", inner=inner.group(2), key=key))
        return Problem(line, column, _(
            "the text of {key}: holds ': ', which starts a new key: put the whole text in "
            "quotes, {key}: \"{text}\"", key=key, text=rest.strip().replace('"', "'")))
    return Problem(line, column, _("a ':' where no key can start here: put text that holds "
                                   "': ' in quotes"))
