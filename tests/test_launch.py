"""`kiosk run` as venue staff start and stop it: a real X11 window on a (virtual) monitor,
Ctrl+Q and SIGTERM, a monitor that is not there, no display at all, a second instance, and
a boot on a broken file."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REAL_SCHEDULE, ROOT
from kiosk.screen.launch import AlreadyRunning, InstanceLock, display_problem

pytestmark = pytest.mark.slow
REAL = REAL_SCHEDULE.read_text(encoding="utf-8")
SECONDS = 30
"""Far above what a start takes; only a failing test waits this long."""


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A virtual 1920x1080 monitor of its own."""
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb (deploy/debian-packages.txt; .ci/run installs it)")
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


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A runtime and a cache folder of the test's own (the lock and the copies live there)."""
    for name in ("runtime", "cache"):
        (tmp_path / name).mkdir(mode=0o700)
    return tmp_path


def environment(home: Path, display: str | None) -> dict[str, str]:
    env = dict(os.environ, XDG_RUNTIME_DIR=str(home / "runtime"),
               XDG_CACHE_HOME=str(home / "cache"))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    if display is not None:
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    return env


def start(home: Path, display: str | None, *arguments: str,
          schedule: Path = REAL_SCHEDULE) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", str(schedule), *arguments],
        env=environment(home, display), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(process: subprocess.Popen[str], text: str, seconds: float = SECONDS) -> list[str]:
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


def finish(process: subprocess.Popen[str]) -> tuple[int, list[str]]:
    """Wait for the end; the exit status and the rest of stderr."""
    _, rest = process.communicate(timeout=SECONDS)
    return process.returncode, rest.splitlines()


def stop(process: subprocess.Popen[str]) -> tuple[int, list[str]]:
    process.terminate()
    return finish(process)


def messages(lines: list[str]) -> list[str]:
    return [line.split(" kiosk ", 1)[-1] for line in lines]


def test_fullscreen_on_the_monitor_with_one_line_per_event(display: str, home: Path) -> None:
    process = start(home, display, "--at", "11:20")
    try:
        lines = wait_for(process, "started on")
    finally:
        status, rest = stop(process)
    said = messages(lines + rest)
    assert said[0].startswith("INFO: keeping the display awake with ")
    assert said[1] == "INFO: fullscreen on monitor " + said[1].split()[4] + " (1920x1080)"
    assert said[2] == ("INFO: started on " + str(REAL_SCHEDULE)
                       + " (12 sessions), rehearsal from 2024-04-15 11:20 at 1x")
    assert said[3:] == ["INFO: stopped by SIGTERM"], "SIGTERM is logged, once"
    assert status == 0
    assert all("Traceback" not in line for line in lines + rest)


def press_ctrl_q(display: str) -> None:
    """Press Ctrl+Q on the X display's keyboard, through the XTEST extension."""
    x11_name, xtst_name = ctypes.util.find_library("X11"), ctypes.util.find_library("Xtst")
    if x11_name is None or xtst_name is None:
        pytest.skip("needs libX11 and libXtst (libxtst6 in deploy/debian-packages.txt)")
    x11, xtst = ctypes.CDLL(x11_name), ctypes.CDLL(xtst_name)
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XKeysymToKeycode.restype = ctypes.c_ubyte
    x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                       ctypes.c_ulong]
    connection = x11.XOpenDisplay(display.encode())
    assert connection, f"cannot open {display}"
    control, q = (x11.XKeysymToKeycode(connection, keysym) for keysym in (0xFFE3, 0x71))
    for key, down in ((control, 1), (q, 1), (q, 0), (control, 0)):
        xtst.XTestFakeKeyEvent(connection, key, down, 0)
    x11.XFlush(connection)
    x11.XCloseDisplay(connection)


def test_ctrl_q_closes_the_screen_with_exit_status_0(display: str, home: Path) -> None:
    process = start(home, display)
    try:
        wait_for(process, "started on")
        time.sleep(0.5)  # mapped and focused
        press_ctrl_q(display)
        status, rest = finish(process)
    finally:
        if process.poll() is None:
            stop(process)
    assert status == 0
    assert messages(rest) == ["INFO: stopped by Ctrl+Q"]


def test_a_monitor_that_is_not_there_is_a_warning_not_an_exit(display: str, home: Path) -> None:
    process = start(home, display, "--screen", "HDMI-2")
    try:
        lines = wait_for(process, "started on")
    finally:
        status, _ = stop(process)
    said = messages(lines)
    warning = next(line for line in said if line.startswith("WARNING"))
    assert warning.startswith("WARNING: --screen: no monitor 'HDMI-2'; there are: 0 (")
    assert warning.endswith("); on the primary monitor until it appears")
    assert any(line.startswith("INFO: fullscreen on monitor ") for line in said)
    assert status == 0


def test_a_second_screen_on_the_same_monitor_refuses(display: str, home: Path) -> None:
    first = start(home, display)
    try:
        wait_for(first, "started on")
        second = start(home, display)
        status, rest = finish(second)
        assert status == 2
        assert rest == [f"kiosk: the screen is already running on this monitor (process "
                        f"{first.pid}): stop it first (systemctl --user stop kiosk), or add "
                        "--windowed for a second look in a window"]
        windowed = start(home, display, "--windowed")
        wait_for(windowed, "started on")
        assert stop(windowed)[0] == 0
        first.send_signal(signal.SIGKILL)  # a crash leaves no lock behind
        finish(first)
        again = start(home, display)
        wait_for(again, "started on")
        assert stop(again)[0] == 0
    finally:
        if first.poll() is None:
            stop(first)


def test_a_boot_on_a_broken_file_starts_from_the_copy_kept(
    display: str, home: Path, tmp_path: Path
) -> None:
    schedule = tmp_path / "schedule.yaml"
    schedule.write_text(REAL.replace("kind: drinks", "kind: borrelen"), encoding="utf-8")
    never_good = start(home, display, schedule=schedule)
    status, rest = finish(never_good)
    assert status == 1, "a first-ever start on a broken file still fails"
    assert rest[-1].startswith(f"{schedule}:")

    schedule.write_text(REAL, encoding="utf-8")
    good = start(home, display, schedule=schedule)
    wait_for(good, "started on")
    assert stop(good)[0] == 0
    schedule.write_text(REAL.replace("kind: drinks", "kind: borrelen"), encoding="utf-8")
    after_reboot = start(home, display, schedule=schedule)
    try:
        lines = wait_for(after_reboot, "started on")
    finally:
        status, _ = stop(after_reboot)
    assert status == 0
    assert any("showing the copy kept of the last good version until the file is right "
               "again" in line for line in lines)


def test_no_display_is_one_line_and_exit_status_2(home: Path) -> None:
    process = start(home, None)
    status, rest = finish(process)
    assert status == 2
    assert rest == ["kiosk: no display found (DISPLAY / WAYLAND_DISPLAY not set): start "
                    "kiosk on the screen's own desktop (the autostart entry does, see the "
                    "venue setup guide), or over SSH with DISPLAY=:0 kiosk run"]


@pytest.mark.parametrize(("environ", "problem"), [
    ({}, True),
    ({"DISPLAY": ":0"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, False),
    ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, True),
    ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ({"QT_QPA_PLATFORM": "eglfs"}, False),
    ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"}, False),
    ({"QT_QPA_PLATFORM": "xcb:nograb"}, True),
])
def test_display_problem(environ: dict[str, str], problem: bool) -> None:
    assert (display_problem(environ, "linux") is not None) is problem
    assert display_problem(environ, "win32") is None


def test_the_lock_is_one_per_display_and_monitor(tmp_path: Path) -> None:
    first = InstanceLock(":0", None, tmp_path)
    first.acquire()
    other_monitor = InstanceLock(":0", "HDMI-2", tmp_path)
    other_monitor.acquire()
    with pytest.raises(AlreadyRunning, match=rf"\(process {os.getpid()}\)"):
        InstanceLock(":0", None, tmp_path).acquire()
    first.release()
    again = InstanceLock(":0", None, tmp_path)
    again.acquire()
    again.release()
    other_monitor.release()


def snapshot(tmp_path: Path, output: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "snapshot", str(REAL_SCHEDULE), "--at", "11:20",
         "--size", "640x360", "--output", str(tmp_path / output)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), cwd=ROOT, capture_output=True,
        text=True, timeout=SECONDS, check=False)


@pytest.mark.parametrize(("output", "magic"), [
    ("screen.png", b"\x89PNG"), ("screen.jpg", b"\xff\xd8\xff"), ("screen.JPEG", b"\xff\xd8"),
    ("screen.webp", b"RIFF"), ("screen.bmp", b"BM"),
])
def test_snapshot_writes_the_format_its_name_asks_for(
    tmp_path: Path, output: str, magic: bytes
) -> None:
    result = snapshot(tmp_path, output)
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / output).read_bytes().startswith(magic)


@pytest.mark.parametrize("output", ["screen.foo", "screen"])
def test_snapshot_refuses_a_name_without_a_known_format(tmp_path: Path, output: str) -> None:
    result = snapshot(tmp_path, output)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"kiosk: --output: cannot tell the picture format from '{tmp_path / output}': end "
        "the name in one of .bmp, ")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / output).exists()
