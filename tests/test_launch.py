"""`kiosk run` as venue staff start it: a real X11 window on a (virtual) monitor."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from conftest import REAL_SCHEDULE

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("Xvfb") is None,
                       reason="needs Xvfb (deploy/debian-packages.txt; .ci/run installs it)"),
]


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A virtual 1920x1080 monitor of its own."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,), stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as stream:
        number = stream.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def start(display: str, *arguments: str) -> subprocess.Popen[str]:
    environment = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    environment.pop("WAYLAND_DISPLAY", None)
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", str(REAL_SCHEDULE), *arguments],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for(process: subprocess.Popen[str], text: str, seconds: float = 20) -> list[str]:
    assert process.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if text in line:
            return lines
    raise AssertionError(f"no {text!r} within {seconds} s; stderr was:\n" + "\n".join(lines))


def test_fullscreen_on_the_monitor_with_one_line_per_event(display: str) -> None:
    process = start(display, "--at", "11:20")
    try:
        lines = wait_for(process, "fullscreen on monitor")
    finally:
        process.terminate()
        process.communicate(timeout=10)
    messages = [line.split(" kiosk INFO: ", 1)[-1] for line in lines]
    assert messages[0] == ("started on " + str(REAL_SCHEDULE)
                           + " (12 sessions), rehearsal from 2024-04-15 11:20 at 1x")
    assert messages[1].startswith("keeping the display awake with ")
    assert messages[2].startswith("fullscreen on monitor ")
    assert messages[2].endswith(" (1920x1080)")
    assert all("Traceback" not in line for line in lines)


def test_an_unknown_monitor_is_one_clear_line(display: str) -> None:
    process = start(display, "--screen", "beamer")
    _, error = process.communicate(timeout=30)
    assert process.returncode == 2
    assert error.splitlines()[-1].startswith("kiosk: --screen: no monitor 'beamer'; there are: 0 (")
