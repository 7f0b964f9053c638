"""YAML syntax errors, said as what the organiser did and how to fix it, at their line."""

from __future__ import annotations

import re

import yaml

from kiosk.reader.problems import Problem


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    """The problem a parser's syntax error stands for."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (error.problem or "").strip()
    if problem == "found character that cannot start any token":
        # libyaml (the C loader) does not name the character as the Python loader does.
        lines = re.split(r"\r\n?|\n", text)  # YAML's line breaks
        found = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
        if found:
            problem = f"found character {found!r} that cannot start any token"
    if "'\\t'" in problem or "tab character" in problem:
        message = "a tab character: indent with spaces"
    elif problem in (
        "mapping values are not allowed here",  # the Python loader
        "mapping values are not allowed in this context",  # libyaml
    ):
        message = "a ':' where no key can start here: put text that holds ': ' in quotes"
    elif problem.startswith(("found character '@'", "found character '`'")):
        message = f"{problem}: put the text in quotes"
    else:
        context = (error.context or "").strip()
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Problem(line, column, message)
