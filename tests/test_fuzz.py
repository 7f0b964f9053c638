"""Fuzzing the reader, a short run: whatever it is fed (the real schedule after careless
edits, random YAML, random schedules, random bytes, hostile documents), parse_schedule
returns a schedule or raises ScheduleError with every problem inside the text, within a
memory bound, and never raises anything else.

The generators and the property (fuzz.check) live in tests/support/fuzz.py, which
``python benchmarks/fuzz.py --minutes 10`` also runs for a long time, with a time bound
on every document (the suite asserts no wall-clock time: a busy machine must not fail it).
Every property runs on both YAML loaders (fixture ``yaml_loader``): libyaml's C parser
and the pure-Python one. The examples come from the hypothesis profile (tests/conftest.py):
the same ones on every run in CI.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from kiosk.reader import MAX_BYTES, ScheduleError, parse_schedule
from kiosk.reader.check import HINT_BUDGET
from kiosk.reader.problems import MAX_PROBLEMS
from support import fuzz

SHORT = settings(
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),  # no tracing
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
"""The profile's settings (its budget of examples, its seed and database), without
hypothesis's coverage tracing, which would make these slow."""

EXAMPLES = settings.default.max_examples
"""The profile's examples per property: 100 in CI."""

MEMORY_BOUND = 64 * 2**20
"""Python heap peak (tracemalloc) a hostile document may cause."""

SMALL = 32 * 1024
"""Hand-made documents above this size are read on libyaml only: the pure-Python parser
needs seconds for 1 MiB (the long run reads them on both)."""

HANG = 60
"""Seconds after which a run in a subprocess counts as hung: far above any real cost (a
second or less), far below the hours the bugs these guard against took."""

slow = pytest.mark.slow
"""The hand-made documents (several seconds) are not for the quick loop (``pytest -m "not
slow"``), nor are the properties (conftest.py marks every property slow); what the fuzzing
found is."""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A schedule's folder with photos (and a symbolic link loop) in it."""
    return fuzz.photo_folder(tmp_path_factory.mktemp("schedule"))


# -- properties, on both loaders ----------------------------------------------------------


@pytest.mark.usefixtures("yaml_loader")
@settings(SHORT, max_examples=EXAMPLES * 3 // 2)
@given(data=fuzz.mutated_schedules(), in_folder=st.booleans())
def test_careless_edits_of_the_real_schedule(data: fuzz.Data, in_folder: bool,
                                             folder: Path) -> None:
    fuzz.check(data, folder if in_folder else None)


@pytest.mark.usefixtures("yaml_loader")
@SHORT
@given(text=fuzz.random_yaml_documents())
def test_random_yaml(text: str) -> None:
    fuzz.check(text)


@pytest.mark.usefixtures("yaml_loader")
@SHORT
@given(text=fuzz.shaped_documents(), in_folder=st.booleans())
def test_random_schedules(text: str, in_folder: bool, folder: Path) -> None:
    fuzz.check(text, folder if in_folder else None)


@pytest.mark.usefixtures("yaml_loader")
@SHORT
@given(data=fuzz.random_bytes())
# Found by fuzzing: two byte order marks, then a key (the parsers counted its column
# differently) or a NUL byte (placed one mark too early).
@example(data=b"\xef\xbb\xbf\xef\xbb\xbf(:")
@example(data=b"\xef\xbb\xbf\xef\xbb\xbf\x00")
def test_random_bytes(data: bytes) -> None:
    fuzz.check(data)


@pytest.mark.usefixtures("yaml_loader")
@settings(SHORT, max_examples=EXAMPLES * 3 // 10)
@given(document=fuzz.hostile_documents(max_bytes=16 * 1024), in_folder=st.booleans())
def test_hostile_documents_of_random_size(document: tuple[str, fuzz.Data], in_folder: bool,
                                          folder: Path) -> None:
    _, data = document
    fuzz.check(data, folder if in_folder else None)


# -- the hand-made hostile documents ------------------------------------------------------


VALID = {
    "1 MiB (real schedule + comments)", "1 MiB valid festival", "1 MiB comment line",
    "5,000 speakers", "photo name of 100,000 letters", "1 MiB of the longest texts",
}
"""The hostile documents that are valid schedules; all others must be refused (a title of
1 MiB is longer than a title may be)."""

_DOCUMENTS = {name: make() for name, make in fuzz.HOSTILE.items()}
_ON_LOADERS = [
    pytest.param(name, loader, id=f"{loader}-{name}")
    for name, data in _DOCUMENTS.items()
    for loader in fuzz.LOADERS
    if loader == "libyaml" or fuzz.size_of(data) <= SMALL
]


@slow
@pytest.mark.parametrize(("name", "loader"), _ON_LOADERS)
def test_hand_made_hostile_document(name: str, loader: str, folder: Path) -> None:
    data = _DOCUMENTS[name]
    with fuzz.using_loader(loader):
        outcome = fuzz.check(data, folder)
    assert outcome.valid == (name in VALID)


_MEMORY = ("billion laughs", "billion laughs in a schedule", "10,000-deep [",
           "10,000-deep {a: ", "10,000-deep '- '", "1 MiB + 1 byte", "1 MiB comment line",
           "1 MiB title line")


@slow
@pytest.mark.parametrize(("name", "loader"),
                         [param for param in _ON_LOADERS if param.values[0] in _MEMORY])
def test_hostile_document_memory(name: str, loader: str) -> None:
    tracemalloc.start()
    try:
        with fuzz.using_loader(loader):
            parse_schedule(_DOCUMENTS[name], source="s.yaml")
        assert name in VALID
    except ScheduleError:
        assert name not in VALID
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < MEMORY_BOUND


def test_the_size_limit_is_exact() -> None:
    assert fuzz.check(fuzz.sized_schedule(MAX_BYTES)).valid
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(fuzz.sized_schedule(MAX_BYTES + 1), source="s.yaml")
    assert raised.value.lines() == ["s.yaml:1:1: the file is larger than 1024 KiB: not a schedule"]


# -- what the fuzzing found ---------------------------------------------------------------


HEAD = "event:\n  title: T\n  date: 2024-04-15\n"
SESSION = "sessions:\n  - time: 10.15 - 10.45\n    title: a\n"


def _lines(data: fuzz.Data, folder: Path | None = None) -> list[str]:
    try:
        return parse_schedule(data, source="s.yaml", folder=folder).warning_lines()
    except ScheduleError as error:
        return error.lines()


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # int() refuses more than 4,300 digits: these raised ValueError.
        (HEAD + "sessions:\n  - time: 10.15 - 10." + "0" * 5000 + "\n    title: a\n",
         "s.yaml:5:19: end time '10." + "0" * 5000 + "' is not a time like 10.15 or 10:15"),
        (HEAD + SESSION + "    delay: " + "1" * 5000 + "\n",
         "s.yaml:7:12: delay (minutes) must be a whole number from -180 to 720, found '"
         + "1" * 5000 + "'"),
        # Positions after a BOM counted it; a lone CR was no line break (YAML's are).
        (b"\xef\xbb\xbf\x00", "s.yaml:1:1: the file holds binary data (a NUL byte), not text"),
        (b"\xef\xbb\xbfa: \xff", "s.yaml:1:4: the file is not UTF-8 text: save it as UTF-8"),
        (b"\xef\xbb\xbfa: 1\n\x01", "s.yaml:2:1: the file holds a control character (U+0001)"),
        (b"\r\x00", "s.yaml:2:1: the file holds binary data (a NUL byte), not text"),
        ("a: 1\r\x08", "s.yaml:2:1: the file holds a control character (U+0008)"),
        ("a: 1\r\r\r\rb: `x\r",
         "s.yaml:5:4: a text cannot start with '`': put the whole text in quotes"),
        # A blank start was refused without a problem: ScheduleError raised IndexError.
        (HEAD + "sessions:\n  - title: a\n    start: ' '\n    end: 11.00\n",
         "s.yaml:6:12: start time '' is not a time like 10.15 or 10:15"),
    ],
    ids=["minutes of 5,000 digits", "delay of 5,000 digits", "BOM then NUL",
         "BOM then not UTF-8", "BOM then control", "CR then NUL", "CR then control",
         "CR lines and a backquote", "blank start"],
)
def test_found_by_fuzzing(data: fuzz.Data, expected: str) -> None:
    assert _lines(data)[0] == expected


def test_a_time_of_many_dashes_is_refused_at_once() -> None:
    """'1' + 200,000 dashes + ' x' took hours: the lazy start of the time range regex
    tried every dash, each time scanning the rest. Read in a subprocess, so that a hang
    (in the regex engine, which no signal interrupts) fails the test after HANG seconds."""
    value = "1" + "-" * 200_000 + " x"
    text = HEAD + f"sessions:\n  - time: {value}\n    title: a\n"
    code = ("import sys\n"
            "from kiosk.reader import ScheduleError, parse_schedule\n"
            "try:\n"
            "    parse_schedule(sys.stdin.read(), source='s.yaml')\n"
            "except ScheduleError as error:\n"
            "    print(*error.lines(), sep='\\n')\n")
    result = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True,
                            text=True, timeout=HANG, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"s.yaml:5:11: time must be a range like 10.15 - 10.45, found '{value}'\n")


def test_photos_the_file_system_cannot_look_up_are_not_found(folder: Path) -> None:
    """A name too long for the file system raised OSError; a symbolic link loop,
    RuntimeError."""
    long_name = "p" * 300
    for photo in (long_name, "loop.jpg", "loop.jpg/a.jpg", f"photos/{long_name}"):
        text = HEAD + f"speakers:\n  a:\n    name: A\n    photo: {photo}\n" + SESSION + \
            "    speakers: a\n"
        assert _lines(text, folder) == [
            f"s.yaml:7:12: warning: photo '{photo}' not found: the screen shows initials instead"]


def test_did_you_mean_has_a_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """3,000 unknown speakers against 3,000 listed ones took minutes of difflib: the first
    get their hint, the rest the plain advice. The work is counted, not timed: names
    compared times letters squared, as HINT_BUDGET counts it."""
    work: list[int] = []
    close_matches = difflib.get_close_matches

    def counted(word: str, possibilities: Sequence[str], *args: object,
                **kwargs: object) -> list[str]:
        work.append(len(possibilities) * len(word) ** 2)
        return close_matches(word, possibilities, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    lines = _lines(fuzz.unknown_speakers(3_000, 3_000))
    assert 0 < sum(work) <= HINT_BUDGET
    assert len(work) == HINT_BUDGET // (3_000 * 8**2)  # then no more hints were looked for
    unknown = [line for line in lines if "unknown speaker" in line]
    assert len(unknown) == MAX_PROBLEMS  # then the reading stops
    assert lines[-1].endswith(": and more: reading stops after 100 problems; fix these first")
    assert unknown[0].endswith("unknown speaker 'spq00000' (did you mean 'spk00000'?)")
    assert unknown[-1].endswith(
        "unknown speaker 'spq00099' (add it under speakers: at the top of the file)")
