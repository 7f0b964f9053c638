"""Fuzzing the schedule reader: the document generators and the property, shared by the
short run in the test suite (tests/test_fuzz.py) and the long run of
``python benchmarks/fuzz.py``.

The property (:func:`check`): ``parse_schedule`` returns a ReadResult or raises its own
ScheduleError, every problem at a line and column inside the text (and, where a message
names a character or a key, that character or key stands there), never any other
exception. The long run also bounds each document's time (benchmarks/fuzz.py,
``time_bound``); the suite bounds work and memory instead, never wall-clock time.

The generators, each a hypothesis strategy (see benchmarks/fuzz.py for what each kind
holds): :func:`mutated_schedules` (the real schedule.yaml after careless edits),
:func:`random_yaml_documents`, :func:`shaped_documents` (random schedules),
:func:`random_bytes`, and :func:`hostile_documents` (hostile documents of random size);
``HOSTILE`` and ``HOSTILE_FULL`` are the hand-made hostile documents.
"""


from __future__ import annotations

import ast
import contextlib
import datetime as dt
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import strategies as st

from kiosk import schema, yamltree
from kiosk.reader import MAX_BYTES, Problem, ScheduleError, parse_schedule
from kiosk.schedule import Kind

ROOT = Path(__file__).resolve().parents[2]
REAL_TEXT = (ROOT / "schedule.yaml").read_text(encoding="utf-8")
REAL_LINES = REAL_TEXT.splitlines(keepends=True)

Data = str | bytes
"""What parse_schedule reads: the text, or the bytes of a file."""


# -- the two YAML loaders ---------------------------------------------------------------


class PythonScheduleLoader(yaml.SafeLoader):
    """The schedule loader on PyYAML's pure-Python parser (as tests/conftest.py has it)."""

    compose_tree = yamltree.ScheduleLoader.compose_tree
    _compose = yamltree.ScheduleLoader._compose


LOADERS: dict[str, type] = {"libyaml": yamltree.ScheduleLoader, "python": PythonScheduleLoader}


@contextlib.contextmanager
def using_loader(name: str) -> Iterator[None]:
    """Read with the loader ``name`` (a key of LOADERS) inside the block."""
    saved = yamltree.ScheduleLoader
    yamltree.ScheduleLoader = LOADERS[name]  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        yamltree.ScheduleLoader = saved  # type: ignore[misc]


# -- the property -----------------------------------------------------------------------


_BREAK = re.compile(r"\r\n|\r|\n")
"""YAML's line breaks (the reader refuses U+0085, U+2028 and U+2029 before YAML sees them)."""

_FOUND = re.compile(r"found character ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\") that cannot")
_KEY = re.compile(
    r"(?:unknown key '(.*)' in (?:the schedule|event|speaker '.*'|a session|a day"
    r"|an announcement|display)(?: \(.*)?|duplicate key '(.*)' \(first on line \d+\))",
    re.DOTALL,
)
_YAML_SPACE = re.compile(r"[ \t\r\n]")
"""White space to YAML (not U+00A0 and the others that str.split() splits at)."""
_NODE_STARTS = "'\"&!|>"
"""A key node may start with a quote, an anchor, a tag or a block indicator."""


class PropertyFailure(AssertionError):
    """parse_schedule answered, but not as the property demands."""


@dataclass(frozen=True)
class Outcome:
    valid: bool
    seconds: float
    problems: int


def size_of(data: Data) -> int:
    """The document's size in bytes, as the reader counts it against MAX_BYTES."""
    return len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)


def text_of(data: Data) -> str:
    """The text whose lines and columns the reader's positions count: without the leading
    BOMs (an editor may write two), with each byte that is not UTF-8 read as U+FFFD (as the
    reader places them)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    while raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8", "replace")


def check(data: Data, folder: Path | None = None, bound: float | None = None) -> Outcome:
    """Read ``data`` and check the property; raises PropertyFailure, or whatever other
    exception the reader let out."""
    started = time.perf_counter()
    try:
        result = parse_schedule(data, source="fuzz.yaml", folder=folder)
    except ScheduleError as error:
        seconds = time.perf_counter() - started
        problems = error.problems
        if not error.errors:
            raise PropertyFailure(f"ScheduleError without an error: {error.lines()[:3]}") from None
        error.lines()
        valid = False
    else:
        seconds = time.perf_counter() - started
        problems = result.warnings
        if not all(p.warning for p in problems):
            raise PropertyFailure(f"a valid schedule with errors: {result.warning_lines()[:3]}")
        result.warning_lines()
        valid = True
    check_positions(data, problems)
    if bound is not None and seconds > bound:
        raise PropertyFailure(f"took {seconds:.2f} s (bound {bound:.1f} s)")
    return Outcome(valid, seconds, len(problems))


def check_positions(data: Data, problems: tuple[Problem, ...]) -> None:
    """Every problem inside the text; a named character or key at its position."""
    lines = _BREAK.split(text_of(data))
    for problem in problems:
        line_number, column, message = problem.line, problem.column, problem.message
        if not 1 <= line_number <= len(lines) + 1 or column < 1:
            raise PropertyFailure(f"outside the text ({len(lines)} lines): {problem}")
        if line_number > len(lines):
            continue
        line = lines[line_number - 1]
        if column > len(line) + 1:
            raise PropertyFailure(f"past the end of line {line_number} ({len(line)} "
                                  f"characters): {problem}")
        expected = _character_named(message)
        if expected is not None and not line.startswith(expected, column - 1):
            placed_by_yaml = _FOUND.search(message) is not None
            if not (placed_by_yaml and _pyyaml_starts(line, column, expected)):
                found = line[column - 1:column]
                raise PropertyFailure(f"{found!r} stands there, not {expected!r}: {problem}")
        key = _key_named(message)
        if key is not None:
            word = _YAML_SPACE.split(key, maxsplit=1)[0]  # a plain key folds only at these
            if not (line.startswith(word, column - 1) or line[column - 1:column] in _NODE_STARTS
                    or _pyyaml_starts(line, column, word)):
                found = line[column - 1:column + 20]
                raise PropertyFailure(f"the key is not there ({found!r}): {problem}")


def _pyyaml_starts(line: str, column: int, expected: str) -> bool:
    """Whether ``expected`` stands at ``column`` as PyYAML's pure-Python reader counts
    columns: it does not count U+FEFF (a known quirk; libyaml and the reader's own
    positions do). Only with that loader; otherwise False."""
    c_loader = getattr(yaml, "CSafeLoader", None)
    if "\ufeff" not in line or (c_loader and issubclass(yamltree.ScheduleLoader, c_loader)):
        return False
    counted = 0
    for index, char in enumerate(line[:column + 200]):
        if counted == column - 1 and line.startswith(expected, index):
            return True
        counted += char != "\ufeff"
        if counted >= column:
            return False
    return False


def _character_named(message: str) -> str | None:
    if not message.startswith("the file ") and "found character" not in message:
        return None
    if message.startswith("the file holds binary data (a NUL byte)"):
        return "\0"
    if message.startswith("the file is not UTF-8 text"):
        return "\ufffd"
    control = re.match(r"the file holds a control character \(U\+([0-9A-F]{4,6})\)$", message)
    if control:
        return chr(int(control.group(1), 16))
    if "found character that cannot start any token" in message:
        return "a character named in the message (the reader found none at its position)"
    found = _FOUND.search(message)
    if found:
        named = ast.literal_eval(found.group(1))
        assert isinstance(named, str)
        return named
    return None


def _key_named(message: str) -> str | None:
    if not message.startswith(("unknown key '", "duplicate key '")):
        return None
    match = _KEY.fullmatch(message)
    if match is None:
        return None
    key = match.group(1) if match.group(1) is not None else match.group(2)
    return key if _YAML_SPACE.split(key, maxsplit=1)[0] else None


# -- careless edits of the real schedule --------------------------------------------------


TYPED = (
    "\t", ":", ": ", "'", '"', "&", "&a ", "*", "*a", "#", " #", "-", "- ", "[", "]", "{",
    "}", ",", "?", "? ", "|", ">", "!", "!!str ", "%", "@", "`", "\\", "~", ".", "–", "é",
    "ß", "€", "😀", "\u0301", "\0", "\x01", "\x1b", "\x7f", "\x85", "\xa0", "\u2028",
    "\u2029", "\ufeff", "\ufffe", "\ud800", "\r", "\r\n", "\n", " ", "  ", "---\n", "...\n",
    "<<: *a", "null", "yes", "NO", "24.00", "10.15 - 10.45", "2024-04-15", "0" * 5000,
)
"""What a careless edit types into a line."""

EDITS = ("drop", "duplicate", "swap", "move", "reindent", "flip", "insert", "delete")
WHOLE_FILE = (
    "as is", "as is", "as is", "as is", "as is", "as is", "crlf", "cr", "bom", "bom twice",
    "no final newline", "cp1252", "utf-16",
)


@st.composite
def mutated_schedules(draw: st.DrawFn) -> Data:
    """The real schedule.yaml after one to eight careless edits."""
    lines = list(REAL_LINES)
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            break
        edit = draw(st.sampled_from(EDITS))
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        cut = draw(st.integers(0, len(line)))
        if edit == "drop":
            del lines[index]
        elif edit == "duplicate":
            lines.insert(index, line)
        elif edit in ("swap", "move"):
            other = draw(st.integers(0, len(lines) - 1))
            if edit == "swap":
                lines[index], lines[other] = lines[other], line
            else:
                lines.insert(other, lines.pop(index))
        elif edit == "reindent":
            shift = draw(st.integers(-4, 4))
            indent = len(line) - len(line.lstrip(" "))
            lines[index] = line[min(indent, -shift):] if shift < 0 else " " * shift + line
        elif edit == "flip":
            lines[index] = line[:cut] + draw(st.sampled_from(TYPED)) + line[cut + 1:]
        elif edit == "insert":
            lines[index] = line[:cut] + draw(st.sampled_from(TYPED)) + line[cut:]
        else:
            lines[index] = line[:cut] + line[cut + draw(st.integers(1, 3)):]
    return whole_file(draw(st.sampled_from(WHOLE_FILE)), "".join(lines))


def whole_file(change: str, text: str) -> Data:
    if change == "crlf":
        return text.replace("\n", "\r\n")
    if change == "cr":
        return text.replace("\n", "\r")
    if change == "bom":
        return "\ufeff" + text
    if change == "bom twice":
        return "\ufeff\ufeff" + text
    if change == "no final newline":
        return text.rstrip("\n")
    if change == "cp1252":
        return text.encode("cp1252", "replace")
    if change == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    return text


# -- random YAML --------------------------------------------------------------------------


KEYS = (
    "event", "title", "subtitle", "venue", "date", "timezone", "language", "url", "accent",
    "speakers", "name", "role", "photo", "sessions", "time", "start", "end", "kind",
    "description", "room", "delay", "cancelled", "note", "days", "announcements", "text",
    "from", "until", "display", "card_seconds",
)
SPEAKER_IDS = ("roel-wever", "nicole-ummelen", "ron-meyer", "ann", "b", "é")
SCALARS = (
    "", "~", "null", "Null", "NULL", "true", "false", "yes", "no", "on", "off", "YES", "0",
    "1", "-1", "3", "600", "601", "2.5", ".5", "1e3", "inf", "-180", "720", "721", "+5",
    "10.15", "10:15", "10.15 - 10.45", "10:15-10:45", "10.15 – 10.45", "10.15—10.45",
    "23.59 - 24.00", "00.00 - 00.01", "24.00", "24.01", "10.5 - 11.00", "10.00 - 11.123",
    "11.00 - 10.00", "02.30 - 03.30", "12.55", "2024-04-15 12.55", "2024-04-15T24.00",
    "2024-04-15", "2024-03-31", "2024-10-27", "2024-02-30", "0001-01-01", "0002-01-01",
    "9998-12-31", "9999-12-31", "2024-4-15", "١٠.١٥ - ١١.٠٠", "٢٠٢٤-٠٤-١٥",
    "Europe/Amsterdam", "America/St_Johns", "Pacific/Kiritimati", "Etc/GMT+12", "UTC",
    "Europe/Amsterdm", "../../etc/passwd", "Europe", "zone.tab", "nl", "en", "NL", "nll",
    "https://example.org", "ftp://x", "#1a7f5a", "#FFF", "#12345", "photo.jpg",
    "photos/a.jpg", "loop.jpg", "loop.jpg/a.jpg", "../photo.jpg", "/etc/passwd",
    "C:\\photo.jpg", "a\\..\\..\\b", "photos/" + "p" * 300,
    *SPEAKER_IDS, *(kind.value for kind in Kind), "Workshop", "wokshop",
)


def keys() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(KEYS),
        st.tuples(st.sampled_from(KEYS), st.integers(0, 20)).map(_typo),
        st.text(max_size=12),
    )


def _typo(key_and_where: tuple[str, int]) -> str:
    key, where = key_and_where
    where %= len(key)
    return key[:where] + key[where + 1:] if where % 2 else key[:where] + key[where] + key[where:]


def repeated(max_count: int) -> st.SearchStrategy[str]:
    """A piece repeated many times, with a tail: values that make a regular expression or
    an int() work hard."""
    pieces = st.sampled_from(["-", "0", "1", "9", " ", " -", "1-", ".", "a", "é", "٠", "\\", "/"])
    tails = st.sampled_from(["", " x", "-", "0", ".5", "- 10.00", " - 10.00"])
    return st.builds(lambda piece, count, tail: piece * count + tail,
                     pieces, st.integers(1, max_count), tails)


def scalars(max_repeat: int = 300) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(SCALARS),
        st.text(max_size=20),
        st.from_regex(r"\d{1,3}[.:]\d{1,3} ?[-–—]? ?\d{1,3}[.:]\d{1,3}", fullmatch=True),
        st.dates().map(str),
        repeated(max_repeat),
    )


def yaml_values(max_repeat: int = 300) -> st.SearchStrategy[object]:
    leaves = st.one_of(scalars(max_repeat), st.none(), st.booleans(), st.integers(),
                       st.floats())
    return st.recursive(
        leaves,
        lambda children: st.one_of(st.lists(children, max_size=5),
                                   st.dictionaries(keys(), children, max_size=6)),
        max_leaves=30,
    )


def naive_dump(value: object, indent: int, level: int = 0) -> str:
    """Block YAML without any quoting: what a person might type, often broken."""
    pad = " " * (indent * level)
    if isinstance(value, dict):
        if not value:
            return pad + "{}\n"
        out = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                out.append(f"{pad}{key}:\n{naive_dump(item, indent, level + 1)}")
            else:
                out.append(f"{pad}{key}: {_naive_scalar(item)}\n")
        return "".join(out)
    if isinstance(value, list):
        if not value:
            return pad + "[]\n"
        out = []
        for item in value:
            if isinstance(item, dict | list) and item:
                out.append(f"{pad}-\n{naive_dump(item, indent, level + 1)}")
            else:
                out.append(f"{pad}- {_naive_scalar(item)}\n")
        return "".join(out)
    return pad + _naive_scalar(value) + "\n"


def _naive_scalar(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict | list):
        return "{}" if isinstance(value, dict) else "[]"
    return str(value)


@st.composite
def dumped(draw: st.DrawFn, values: st.SearchStrategy[object], naive: int = 2) -> str:
    """A value as YAML text: PyYAML's emitter in a random style, or typed naively (in
    ``naive`` cases out of ``naive`` + 3)."""
    value = draw(values)
    style = draw(st.sampled_from(["block", "flow", "mixed", *["naive"] * naive]))
    if style == "naive":
        return naive_dump(value, draw(st.integers(1, 4)))
    return yaml.safe_dump(
        value,
        default_flow_style={"block": False, "flow": True, "mixed": None}[style],
        indent=draw(st.integers(2, 6)),
        width=draw(st.sampled_from([20, 80, 4096])),
        allow_unicode=draw(st.booleans()),
        sort_keys=False,
        explicit_start=draw(st.booleans()),
    )


def random_yaml_documents(max_repeat: int = 300) -> st.SearchStrategy[str]:
    return dumped(yaml_values(max_repeat))


# -- random schedules ---------------------------------------------------------------------


def _from(*values: object) -> st.SearchStrategy[object]:
    return st.sampled_from(values)


_SCALAR = scalars()
_ODD = st.one_of(_SCALAR, st.none(), st.integers(), st.lists(_SCALAR, max_size=2),
                 st.dictionaries(keys(), _SCALAR, max_size=2))
"""A value where another was expected (cheaper to draw than yaml_values())."""

_WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                 max_size=20).map(lambda text: text.strip() or "Sessie")
_DATE_TEXT = st.one_of(
    _from("2024-04-15", "2024-03-31", "2024-10-27", "2024-02-29", "0002-01-01", "9998-12-31"),
    st.dates(dt.date(2, 1, 1), dt.date(9998, 12, 31)).map(str),
)
_ZONES = _from("Europe/Amsterdam", "America/St_Johns", "Australia/Lord_Howe",
               "Pacific/Kiritimati", "Pacific/Chatham", "UTC", "Etc/GMT+12", "Europe/Amsterdm")
_PHOTOS = _from("photo.jpg", "photos/a.jpg", "missing.jpg", "../x.jpg", "loop.jpg",
                "/etc/passwd", "p" * 300)


def _hhmm(minutes: int, separator: str = ".") -> str:
    return f"{minutes // 60:02d}{separator}{minutes % 60:02d}"


@st.composite
def schedule_values(draw: st.DrawFn) -> dict[str, object]:
    """A schedule-shaped value: a third of them plausible throughout (most of those are
    valid schedules, which reach the checks of a whole day: delays, overlaps, DST), the
    others with odd values, unknown keys and missing keys here and there."""
    odd_rate = draw(st.sampled_from([0, 0, 20, 8]))

    def value(plausible: st.SearchStrategy[object]) -> object:
        if odd_rate and draw(st.integers(0, odd_rate - 1)) == 0:
            return draw(_ODD)
        return draw(plausible)

    def maybe(one_in: int = 2) -> bool:
        return draw(st.integers(0, one_in - 1)) == 0

    def damaged(fields: dict[str, object]) -> dict[str, object]:
        if odd_rate and maybe(odd_rate // 2):
            fields[draw(keys())] = value(_SCALAR)
        if odd_rate and fields and maybe(odd_rate):
            del fields[draw(st.sampled_from(sorted(fields)))]
        return fields

    ids = draw(st.lists(st.sampled_from(SPEAKER_IDS), max_size=4, unique=True))

    def session() -> dict[str, object]:
        start = draw(st.integers(0, 24 * 60 - 1))
        end = min(start + draw(st.integers(1, 240)), 24 * 60)
        separator = draw(st.sampled_from([".", ":"]))
        fields: dict[str, object] = {"title": value(_WORDS)}
        if maybe():
            dash = draw(st.sampled_from([" - ", "-", " – ", "—"]))
            fields["time"] = value(st.just(_hhmm(start, separator) + dash + _hhmm(end, separator)))
        else:
            fields["start"] = value(st.just(_hhmm(start, separator)))
            fields["end"] = value(st.just(_hhmm(end, separator)))
        if maybe():
            fields["kind"] = value(st.sampled_from([kind.value for kind in Kind]))
        if ids and maybe():
            fields["speakers"] = value(st.lists(st.sampled_from(ids), min_size=1, max_size=2))
        if maybe():
            fields["room"] = value(_from("Zaal 1", "zaal 1", "Zaal 2"))
        if maybe(4):
            fields["delay"] = value(st.integers(-60, 90))
        if maybe(6):
            fields["cancelled"] = value(st.booleans())
        if maybe(6):
            fields["note"] = value(_WORDS)
        if maybe(3):
            fields["description"] = value(_WORDS)
        return damaged(fields)

    def sessions() -> list[object]:
        return [session() for _ in range(draw(st.integers(1, 6)))]

    event: dict[str, object] = {"title": value(_WORDS)}
    if maybe():
        event["timezone"] = value(_ZONES)
    if maybe(3):
        event["language"] = value(_from("nl", "en", "EN"))
    if maybe(4):
        event["url"] = value(_from("https://example.org/programma"))
    if maybe(4):
        event["accent"] = value(_from("#1a7f5a", "#FFF"))
    top: dict[str, object] = {"event": event}
    if ids:
        top["speakers"] = {
            speaker: damaged({"name": value(_WORDS),
                              **({"role": value(_WORDS)} if maybe() else {}),
                              **({"photo": value(_PHOTOS)} if maybe(3) else {})})
            for speaker in ids
        }
    dates = draw(st.lists(_DATE_TEXT, min_size=1, max_size=3, unique=True))
    if maybe():
        event["date"] = value(st.just(dates[0]))
        top["sessions"] = sessions()
    else:
        top["days"] = [damaged({"date": value(st.just(date)), "sessions": sessions()})
                       for date in dates]
    damaged(event)
    if maybe(3):
        day = f"{dates[0]} " if len(dates) > 1 or maybe() else ""
        top["announcements"] = [
            value(_WORDS) if maybe() else damaged({
                "text": value(_WORDS),
                **({"from": value(st.just(day + _hhmm(draw(st.integers(0, 1440)))))}
                   if maybe() else {}),
                **({"until": value(st.just(day + _hhmm(draw(st.integers(0, 1440)))))}
                   if maybe() else {}),
            })
            for _ in range(draw(st.integers(1, 3)))
        ]
    if maybe(4):
        top["display"] = damaged({"card_seconds": value(_from(3, 8, 12.5, 600, "20"))})
    return damaged(top)


def shaped_documents() -> st.SearchStrategy[str]:
    return dumped(schedule_values(), naive=1)


# -- random bytes -------------------------------------------------------------------------


BYTE_PIECES = (
    b"\xef\xbb\xbf", b"\xff", b"\xfe", b"\xc3", b"\xc3\xa9", b"\xe2\x80\xa8", b"\xc2\x85",
    b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00", b"\r", b"\n", b"\r\n", b"\t", b" ",
    b"a: ", b"- ", b"[", b"{", b"&a ", b"*a", b"event:\n  title: x\n",
)


@st.composite
def _spliced(draw: st.DrawFn) -> bytes:
    real = REAL_TEXT.encode()
    start = draw(st.integers(0, len(real)))
    end = draw(st.integers(start, min(len(real), start + 8)))
    return real[:start] + draw(st.binary(max_size=8)) + real[end:]


def random_bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=2048),
        _spliced(),
        st.lists(st.sampled_from(BYTE_PIECES), max_size=40).map(b"".join),
    )


# -- hostile documents --------------------------------------------------------------------


_VALID_HEAD = "event:\n  title: Test\n  date: 2024-04-15\n"
_ONE_SESSION = "sessions:\n  - time: 10.15 - 10.45\n    title: a\n"


def billion_laughs(levels: int = 9, fanout: int = 10, in_schedule: bool = False) -> str:
    """The classic alias bomb: level n is ``fanout`` aliases of level n-1."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * fanout) + "]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * fanout) + "]"
              for n in range(1, levels + 1)]
    if in_schedule:
        body = "".join(f"  - {line}\n" for line in lines)
        return _VALID_HEAD + "announcements:\n" + body + _ONE_SESSION + \
            f"    description: *a{levels}\n"
    return "\n".join(lines) + "\n"


FLOW_NESTS = {"[": "]", "{a: ": "}", "[{a: ": "}]", "{? ": "}"}


def deep_flow(depth: int = 10_000, opener: str = "[") -> str:
    return opener * depth + "x" + FLOW_NESTS[opener] * depth


def deep_dashes(depth: int = 10_000) -> str:
    """``- - - ... x``: each '- ' opens a block sequence inside the previous one."""
    return "- " * depth + "x\n"


def deep_block(depth: int = 1_000, indent: int = 2, mapping: bool = False) -> str:
    """Nesting by indentation, each level on its own line (1,000 levels fill ~1 MiB)."""
    item = "k:" if mapping else "-"
    return "".join(" " * (indent * level) + item + "\n" for level in range(depth)) + \
        " " * (indent * depth) + "x\n"


def sized_schedule(size: int = MAX_BYTES) -> bytes:
    """The real schedule, padded with comment lines to exactly ``size`` bytes."""
    real = REAL_TEXT.encode()
    padding = size - len(real)
    assert padding >= 2
    comment = b"# " + b"=" * 77 + b"\n"
    lines, rest = divmod(padding, len(comment))
    tail = b"#" * (rest - 1) + b"\n" if rest else b""
    return real + comment * lines + tail


def big_schedule(size: int = MAX_BYTES) -> str:
    """A valid schedule of many days and sessions, just under ``size`` bytes."""
    parts = ["event:\n  title: Festival\n  timezone: Europe/Amsterdam\n",
             "speakers:\n"]
    parts += [f"  s{n}:\n    name: Spreker {n}\n    role: onderzoeker\n" for n in range(200)]
    parts.append("days:\n")
    used = sum(len(part) for part in parts)
    day = dt.date(2024, 6, 12)
    number = 0
    while True:
        block = [f"  - date: {day}\n    sessions:\n"]
        for slot in range(32):
            start = 8 * 60 + slot * 30
            block.append(
                f"      - time: {start // 60:02d}.{start % 60:02d} - "
                f"{(start + 25) // 60:02d}.{(start + 25) % 60:02d}\n"
                f"        title: Sessie {number} over wijk en werk\n"
                f"        room: Zaal {number % 40}\n"
                f"        speakers: [s{number % 200}]\n"
            )
            number += 1
        text = "".join(block)
        if used + len(text) > size:
            break
        parts.append(text)
        used += len(text)
        day += dt.timedelta(days=1)
    return "".join(parts)


LONG_LINE_PLACES = ("title", "quoted", "comment", "key", "time", "flow", "plain top")


def long_line(length: int = MAX_BYTES - 200, place: str = "title", char: str = "a") -> str:
    """One line of ``length`` characters in a valid schedule (or instead of one)."""
    filler = char * length
    if place == "title":
        return f"event:\n  title: {filler}\n  date: 2024-04-15\n" + _ONE_SESSION
    if place == "quoted":
        return f'event:\n  title: "{filler}"\n  date: 2024-04-15\n' + _ONE_SESSION
    if place == "comment":
        return _VALID_HEAD + f"# {filler}\n" + _ONE_SESSION
    if place == "key":
        return _VALID_HEAD + _ONE_SESSION + f"    {filler}: x\n"
    if place == "time":
        return _VALID_HEAD + f"sessions:\n  - time: 10.15 - 10.{filler}\n    title: a\n"
    if place == "flow":
        return _VALID_HEAD + "sessions: [" + ", ".join([filler[:8]] * (length // 10)) + "]\n"
    return filler + "\n"


MANY_KEYS = ("unknown top", "speakers", "duplicate", "session keys", "flow", "typos")


def longest_texts(size: int = MAX_BYTES) -> str:
    """A valid schedule just under ``size`` bytes whose every text is as long as the schema
    allows (the slowest valid input: the most to check, wrap and draw), in many rooms."""
    words = "Ervaringsdeskundigheidsbijeenkomst over bestaanszekerheid in werk en wijk "

    def text(length: int) -> str:
        return (words * (length // len(words) + 1))[:length].strip()

    head = (f"event:\n  title: {text(schema.TITLE_LENGTH)}\n  date: 2024-04-15\n"
            f"  url: https://example.org/{'a' * (schema.URL_LENGTH - 30)}\n"
            "speakers:\n" + "".join(
                f"  s{n}:\n    name: {text(schema.NAME_LENGTH)}\n"
                f"    role: {text(schema.ROLE_LENGTH)}\n" for n in range(20)) + "sessions:\n")
    parts, used, number = [head], len(head), 0
    while True:
        start = 8 * 60 + (number // 8) % 28 * 30
        block = (f"  - time: {start // 60:02d}.{start % 60:02d} - "
                 f"{(start + 30) // 60:02d}.{(start + 30) % 60:02d}\n"
                 f"    title: {text(schema.TITLE_LENGTH - 4)} {number:03d}\n"
                 f"    room: {text(schema.ROOM_LENGTH - 6)} {number % 8}\n"
                 f"    note: {text(schema.NOTE_LENGTH)}\n"
                 f"    speakers: [s{number % 20}, s{(number + 1) % 20}]\n"
                 f"    description: {text(schema.DESCRIPTION_LENGTH)}\n")
        if used + len(block.encode()) > size - 64:
            break
        parts.append(block)
        used += len(block.encode())
        number += 1
    return "".join(parts)


def many_keys(count: int = 50_000, kind: str = "unknown top") -> str:
    if kind == "unknown top":
        return _VALID_HEAD + _ONE_SESSION + "".join(f"k{n}: 1\n" for n in range(count))
    if kind == "speakers":  # valid: each unused speaker is a warning
        return _VALID_HEAD + "speakers:\n" + "".join(
            f"  s{n}:\n    name: S\n" for n in range(count)) + _ONE_SESSION
    if kind == "duplicate":
        return _VALID_HEAD + _ONE_SESSION + "    room: a\n" * count
    if kind == "session keys":
        return _VALID_HEAD + _ONE_SESSION + "".join(f"    t{n}: 1\n" for n in range(count))
    if kind == "flow":
        return "{" + ", ".join(f"k{n}: 1" for n in range(count)) + "}\n"
    return _VALID_HEAD + _ONE_SESSION + "".join(f"    {_typo((KEYS[n % len(KEYS)], n))}: x\n"
                                                for n in range(count))


def unknown_speakers(listed: int = 3_000, unknown: int = 3_000, length: int = 8) -> str:
    """Many speakers and many sessions naming speakers that are not listed, each unknown
    name close to many listed ones: every "did you mean" compares it with all of them."""
    pad = "x" * max(0, length - 8)
    speakers = "".join(f"  spk{pad}{n:05d}:\n    name: S\n" for n in range(listed))
    names = ", ".join(f"spq{pad}{n:05d}" for n in range(unknown))
    return _VALID_HEAD + "speakers:\n" + speakers + _ONE_SESSION + f"    speakers: [{names}]\n"


def many_aliases(count: int = 250_000, anchors: bool = False) -> str:
    items = "&a x, " * count if anchors else "*a, " * count
    return "x: &a 1\ny: [" + items + "]\n"


REPEATED_FIELDS = ("time", "start", "delay", "date", "kind", "from", "card_seconds", "photo",
                   "timezone", "url", "accent", "language", "speakers", "room")


def repeated_value(field: str = "time", piece: str = "-", count: int = 100_000,
                   tail: str = " x") -> str:
    """A valid schedule but for one value: ``piece * count + tail``, quoted."""
    value = "'" + (piece * count + tail).replace("'", "''") + "'"
    session = "sessions:\n  - title: a\n"
    event = "event:\n  title: Test\n"
    if field in ("timezone", "url", "accent", "language", "date"):
        event += f"  {field}: {value}\n"
    if field != "date":
        event += "  date: 2024-04-15\n"
    if field == "start":
        session += f"    start: {value}\n    end: 11.00\n"
    elif field != "time":
        session += "    time: 10.15 - 10.45\n"
    if field in ("time", "delay", "kind", "speakers", "room"):
        session += f"    {field}: {value}\n"
    tail_text = ""
    if field in ("from",):
        tail_text = f"announcements:\n  - text: x\n    from: {value}\n"
    if field == "card_seconds":
        tail_text = f"display:\n  card_seconds: {value}\n"
    if field == "photo":
        tail_text = f"speakers:\n  a:\n    name: A\n    photo: {value}\n"
        session += "    speakers: a\n"
    return event + session + tail_text


HOSTILE: dict[str, Callable[[], Data]] = {
    "billion laughs": billion_laughs,
    "billion laughs in a schedule": lambda: billion_laughs(in_schedule=True),
    "10,000-deep [": deep_flow,
    "10,000-deep {a: ": lambda: deep_flow(opener="{a: "),
    "10,000-deep '- '": deep_dashes,
    "1,000-deep indented '- '": deep_block,
    "1,000-deep indented 'k:'": lambda: deep_block(mapping=True),
    "1 MiB + 1 byte": lambda: sized_schedule(MAX_BYTES + 1),
    "1 MiB (real schedule + comments)": sized_schedule,
    "1 MiB valid festival": big_schedule,
    "1 MiB title line": long_line,
    "1 MiB quoted line": lambda: long_line(place="quoted"),
    "1 MiB comment line": lambda: long_line(place="comment"),
    "1 MiB key": lambda: long_line(place="key"),
    "1 MiB time minutes": lambda: long_line(length=MAX_BYTES - 200, place="time", char="0"),
    "10,000 unknown keys": lambda: many_keys(10_000),
    "5,000 speakers": lambda: many_keys(5_000, "speakers"),
    "10,000 duplicate keys": lambda: many_keys(10_000, "duplicate"),
    "10,000 flow keys": lambda: many_keys(10_000, "flow"),
    "10,000 mistyped keys": lambda: many_keys(10_000, "typos"),
    "20,000 aliases": lambda: many_aliases(20_000),
    "20,000 anchors": lambda: many_aliases(20_000, anchors=True),
    "time of 200,000 dashes": lambda: repeated_value("time", "-", 200_000, " x"),
    "delay of 100,000 digits": lambda: repeated_value("delay", "1", 100_000, ""),
    "photo name of 100,000 letters": lambda: repeated_value("photo", "p", 100_000, ""),
    "1 MiB of the longest texts": longest_texts,
    "10,000 escaped control characters": lambda: _VALID_HEAD + "sessions:\n" + "".join(
        f'  - {{time: 10.00 - 11.00, title: "a\\x07b{n}"}}\n' for n in range(10_000)),
    "10,000 unknown kinds": lambda: _VALID_HEAD + "sessions:\n" + "".join(
        f"  - {{time: 10.00 - 11.00, title: a, kind: k{n}}}\n" for n in range(10_000)),
    "saved as UTF-16": lambda: (REAL_TEXT * 3).encode("utf-16"),
    "Arabic-Indic times": lambda: _VALID_HEAD + "sessions:\n" + "".join(
        "  - {time: ١٠:٠٠ - ١١:٠٠, title: a}\n" for _ in range(5_000)),
}
"""The hand-made hostile documents, by name (sized for the test suite)."""

HOSTILE_FULL: dict[str, Callable[[], Data]] = {
    "90,000 unknown keys": lambda: many_keys(90_000),
    "30,000 speakers": lambda: many_keys(30_000, "speakers"),
    "50,000 duplicate keys": lambda: many_keys(50_000, "duplicate"),
    "50,000 flow keys": lambda: many_keys(50_000, "flow"),
    "3,000 x 3,000 unknown speakers": unknown_speakers,
    "20,000 x 20,000 unknown speakers": lambda: unknown_speakers(20_000, 20_000),
    "250,000 aliases": many_aliases,
    "170,000 anchors": lambda: many_aliases(170_000, anchors=True),
    "time of 1 MiB of dashes": lambda: repeated_value("time", "-", MAX_BYTES - 200, " x"),
}
"""Their full-size forms, up to 1 MiB, which only the long run reads."""


@st.composite
def hostile_documents(draw: st.DrawFn, max_bytes: int = MAX_BYTES + 64) -> tuple[str, Data]:
    """(name, document): a hostile document of random size, up to about ``max_bytes``."""
    kind = draw(st.sampled_from(
        ["laughs", "flow", "dashes", "block", "sized", "big", "long line", "keys",
         "speakers", "aliases", "repeated"]))
    if kind == "laughs":
        return kind, billion_laughs(draw(st.integers(1, 12)), draw(st.integers(1, 16)),
                                    draw(st.booleans()))
    if kind == "flow":
        opener = draw(st.sampled_from(sorted(FLOW_NESTS)))
        depth = draw(st.integers(1, max_bytes // (len(opener) + 2)))
        return f"flow {opener.strip()}", deep_flow(depth, opener)
    if kind == "dashes":
        return kind, deep_dashes(draw(st.integers(1, max_bytes // 2)))
    if kind == "block":
        indent = draw(st.integers(1, 4))
        depth = draw(st.integers(1, math.isqrt(2 * max_bytes // indent)))
        return kind, deep_block(depth, indent, draw(st.booleans()))
    if kind == "sized":
        return kind, sized_schedule(draw(st.integers(len(REAL_TEXT.encode()) + 2, max_bytes)))
    if kind == "big":
        return kind, big_schedule(draw(st.integers(1_000, max_bytes)))
    if kind == "long line":
        place = draw(st.sampled_from(LONG_LINE_PLACES))
        char = draw(st.sampled_from(["a", "0", "-", "é", "😀", " ", ":", "#", "'"]))
        length = draw(st.integers(1, max(1, max_bytes // len(char.encode()) - 200)))
        return f"long {place}", long_line(length, place, char)
    if kind == "keys":
        key_kind = draw(st.sampled_from(MANY_KEYS))
        return f"keys {key_kind}", many_keys(draw(st.integers(1, max_bytes // 20)), key_kind)
    if kind == "speakers":
        length = draw(st.integers(1, 80))
        most = max_bytes // (2 * length + 30)
        return kind, unknown_speakers(draw(st.integers(1, most)), draw(st.integers(1, most)),
                                      length)
    if kind == "aliases":
        anchors = draw(st.booleans())
        count = draw(st.integers(1, max_bytes // (6 if anchors else 4)))
        return "anchors" if anchors else "aliases", many_aliases(count, anchors)
    field_name = draw(st.sampled_from(REPEATED_FIELDS))
    piece = draw(st.sampled_from(["-", "0", "1", "9", " ", " -", "1-", ".", "a", "é", "٠",
                                  "\\", "/", "10.15 - "]))
    tail = draw(st.sampled_from(["", " x", "-", "0", ".5", " - 10.00", "- 10.00"]))
    count = draw(st.integers(1, max(1, (max_bytes - 300) // len(piece.encode()))))
    return f"repeated {field_name}", repeated_value(field_name, piece, count, tail)


def photo_folder(folder: Path) -> Path:
    """A schedule folder with photo.jpg, photos/a.jpg and a symbolic link loop.jpg that
    points at itself."""
    (folder / "photos").mkdir(exist_ok=True)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "photos" / "a.jpg").write_bytes(b"\xff\xd8\xff")
    with contextlib.suppress(FileExistsError):
        (folder / "loop.jpg").symlink_to("loop.jpg")
    return folder


