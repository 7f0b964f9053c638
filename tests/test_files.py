"""Files nobody vouches for: FIFOs, devices, folders, huge and growing files, and a folder
made unreadable. Reading never blocks, never reads more than asked, and every problem is
one clear line (or a staff notice on the running screen), never a hang or a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from conftest import REAL_SCHEDULE, ROOT
from kiosk.copies import Copies
from kiosk.files import FileTooLarge, NotAFile, absolute, read_regular_file
from kiosk.screen.photos import FolderPhotos, decode_photo, image_complete

REAL = REAL_SCHEDULE.read_text(encoding="utf-8")
SUBPROCESS_SECONDS = 60
"""Far above what these commands take; only a command that hangs waits this long."""


def with_photos(text: str) -> str:
    """The real schedule with a photo for every speaker: photos/<id>.jpg."""
    return re.sub(r"^  ([a-z-]+):\n    name: (.*)\n",
                  lambda m: f"  {m[1]}:\n    name: {m[2]}\n    photo: photos/{m[1]}.jpg\n",
                  text, flags=re.MULTILINE)


def kiosk(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "kiosk", *arguments], cwd=cwd or ROOT,
                          env=environment, capture_output=True, text=True,
                          timeout=SUBPROCESS_SECONDS, check=False)


# -- read_regular_file -----------------------------------------------------------------


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a"
    path.write_bytes(b"12345")
    assert read_regular_file(path, 5) == b"12345"
    with pytest.raises(FileTooLarge) as raised:
        read_regular_file(path, 4)
    assert raised.value.strerror == "larger than 4 bytes"


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotAFile) as raised:
        read_regular_file(fifo, 100)  # an ordinary open() would wait here for a writer
    assert raised.value.strerror == "not a regular file but a FIFO (named pipe)"


def test_devices_folders_and_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotAFile, match="a character device"):
        read_regular_file("/dev/zero", 100)
    with pytest.raises(IsADirectoryError, match="Is a directory"):
        read_regular_file(tmp_path, 100)
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "nope", 100)


def test_a_huge_file_is_refused_from_its_size_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge"
    with huge.open("wb") as stream:
        stream.truncate(300 * 1024 * 1024)  # sparse: costs no disk
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(FileTooLarge):
        read_regular_file(huge, 1024 * 1024)
    monkeypatch.undo()
    assert reads == []


def test_a_link_at_the_last_step_is_refused_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"x")
    link = tmp_path / "link"
    link.symlink_to(target)
    assert read_regular_file(link, 10) == b"x"
    with pytest.raises(OSError, match="symbolic links"):
        read_regular_file(link, 10, follow_symlinks=False)


def test_a_relative_path_is_made_absolute_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert absolute(Path("schedule.yaml")) == tmp_path / "schedule.yaml"
    assert absolute(Path("/srv/x.yaml")) == Path("/srv/x.yaml")


# -- the commands ----------------------------------------------------------------------


def test_kiosk_check_on_a_fifo_is_one_line_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "schedule.yaml"
    os.mkfifo(fifo)
    result = kiosk("check", str(fifo))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"{fifo}: cannot read the schedule file: not a regular file "
                             "but a FIFO (named pipe)\n")


def test_a_fifo_where_a_photo_should_be_shows_initials(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.yaml"
    schedule.write_text(with_photos(REAL), encoding="utf-8")
    (tmp_path / "photos").mkdir()
    for speaker in re.findall(r"photo: photos/([a-z-]+)\.jpg", with_photos(REAL)):
        os.mkfifo(tmp_path / "photos" / f"{speaker}.jpg")
    output = tmp_path / "lunch.png"
    result = kiosk("snapshot", str(schedule), "--at", "2024-04-15T13:30",
                   "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert output.stat().st_size > 0
    assert "Traceback" not in result.stderr


def test_folder_photos_refuse_a_fifo_and_log_it_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    os.mkfifo(tmp_path / "hugo.jpg")
    photos = FolderPhotos(tmp_path)
    assert photos.photo(PurePosixPath("hugo.jpg")) is None
    assert photos.photo(PurePosixPath("hugo.jpg")) is None
    assert [r.getMessage() for r in caplog.records] == [
        f"photo {tmp_path / 'hugo.jpg'} is not a regular file; the card shows initials"]


def test_a_fifo_or_a_huge_file_in_place_of_a_copy_is_not_used(tmp_path: Path) -> None:
    copies = Copies(tmp_path)
    os.mkfifo(copies.path("http://example.org/a.yaml"))
    assert copies.read("http://example.org/a.yaml", 1024) is None
    with copies.path("http://example.org/b.yaml").open("wb") as stream:
        stream.truncate(300 * 1024 * 1024)
    assert copies.read("http://example.org/b.yaml", 1024 * 1024) is None
    assert copies.write("http://example.org/a.yaml", b"new")  # replaces the FIFO
    kept = copies.read("http://example.org/a.yaml", 1024)
    assert kept is not None
    assert kept.body == b"new"


# -- a folder made unreadable ----------------------------------------------------------

NOBODY_SCRIPT = textwrap.dedent("""
    import datetime as dt, os, sys
    from pathlib import Path
    from zoneinfo import ZoneInfo
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from kiosk.clock import FixedClock
    from kiosk.screen.app import Screen
    from kiosk.screen.source import FileSource
    folder = Path(sys.argv[1])
    path = folder / "schedule.yaml"
    source = FileSource(path)
    clock = FixedClock(dt.datetime(2024, 4, 15, 11, 20, tzinfo=ZoneInfo("Europe/Amsterdam")))
    screen = Screen(source, source.load_first(), clock, room=None)
    screen.window.resize(1280, 720)
    screen.window.show()
    screen.start()
    notices = []
    def refused(rejection):
        notices.append(screen.window.notice.text())
        QTimer.singleShot(300, screen.quit)  # time for more tracebacks, if any were coming
    source.rejected.connect(refused)
    QTimer.singleShot(200, lambda: os.chmod(folder, 0))
    QTimer.singleShot(20000, screen.quit)
    app.exec()
    os.chmod(folder, 0o755)
    board = screen.window.board
    print("NOTICE=" + (notices[0] if notices else ""))
    print("NOW=" + ",".join(item.title for item in board.now))
""")


@pytest.fixture
def nobodys_folder() -> Iterator[Path]:
    """A folder below /tmp that the user nobody owns (pytest's own is root's alone)."""
    if os.geteuid() != 0:
        folder = Path(tempfile.mkdtemp(prefix="kiosk-"))
    else:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot test as another user")
        folder = Path(tempfile.mkdtemp(prefix="kiosk-nobody-"))
        os.chown(folder, 65534, 65534)
    yield folder
    os.chmod(folder, 0o755)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow  # waits on real timers for over a second
def test_a_folder_made_unreadable_is_a_staff_notice_not_a_traceback(
    nobodys_folder: Path
) -> None:
    event = nobodys_folder / "event"
    runtime = nobodys_folder / "runtime"
    for folder in (event, runtime):
        folder.mkdir()
    runtime.chmod(0o700)
    shutil.copy(REAL_SCHEDULE, event / "schedule.yaml")
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(nobodys_folder),
                       XDG_RUNTIME_DIR=str(runtime))
    command = [sys.executable, "-c", NOBODY_SCRIPT, str(event)]
    if os.geteuid() == 0:  # root reads any folder: the test must run as somebody else
        for path in (event, runtime, event / "schedule.yaml"):
            os.chown(path, 65534, 65534)
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    result = subprocess.run(command, env=environment, capture_output=True, text=True,
                            timeout=SUBPROCESS_SECONDS, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines == ["NOTICE=schedule.yaml is niet te lezen — vorige versie blijft staan",
                     "NOW=Lezing Dennis Martens"]


# -- photos, looked at again at every card change ---------------------------------------


def save_image(path: Path, colour: str, kind: str = "PNG", side: int = 32) -> bytes:
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path), kind)
    return path.read_bytes()


def colour_of(image: QImage | None) -> str | None:
    return None if image is None else QColor(image.pixel(0, 0)).name()


def test_a_photo_swapped_for_a_link_out_of_the_folder_is_not_shown(
    qapp: QApplication, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    event = tmp_path / "event"
    save_image(event / "photos" / "hugo.png", "#c0392b")
    save_image(tmp_path / "secret.png", "#000000")
    photos = FolderPhotos(event)
    relative = PurePosixPath("photos/hugo.png")
    assert colour_of(photos.photo(relative)) == "#c0392b"
    (event / "photos" / "hugo.png").unlink()
    (event / "photos" / "hugo.png").symlink_to(tmp_path / "secret.png")
    assert photos.photo(relative) is None
    assert [r.getMessage() for r in caplog.records] == [
        f"photo {event / relative} leads outside the schedule's folder; "
        "the card shows initials"]
    # A link that stays inside the folder is a photo like any other.
    save_image(event / "photos" / "other.png", "#2e86c1")
    (event / "photos" / "hugo.png").unlink()
    (event / "photos" / "hugo.png").symlink_to("other.png")
    assert colour_of(photos.photo(relative)) == "#2e86c1"


def test_a_photo_added_or_replaced_later_is_shown_at_the_next_look(
    qapp: QApplication, tmp_path: Path
) -> None:
    photos = FolderPhotos(tmp_path)
    relative = PurePosixPath("roel.png")
    assert photos.photo(relative) is None
    save_image(tmp_path / "roel.png", "#c0392b")
    assert colour_of(photos.photo(relative)) == "#c0392b"
    first = photos.photo(relative)
    assert photos.photo(relative) is first, "unchanged: not read again"
    replacement = tmp_path / ".roel.png.tmp"
    save_image(replacement, "#27ae60")
    os.replace(replacement, tmp_path / "roel.png")
    assert colour_of(photos.photo(relative)) == "#27ae60"


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP", "BMP"])
def test_a_photo_cut_short_shows_initials_without_qt_warnings(
    qapp: QApplication, tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    # A Qt warning here (libjpeg's "Corrupt JPEG data") fails the test (qt_log_level_fail).
    whole = save_image(tmp_path / "whole", "#c0392b", kind, side=200)
    assert decode_photo(whole)[0] is not None
    (tmp_path / "cut").write_bytes(whole[: len(whole) // 3])
    assert FolderPhotos(tmp_path).photo(PurePosixPath("cut")) is None
    assert caplog.records[-1].getMessage() == (
        f"photo {tmp_path / 'cut'} is not a complete JPEG, PNG, WebP, GIF or BMP file; "
        "the card shows initials")


def test_a_complete_jpeg_with_damaged_data_is_refused_quietly(qapp: QApplication) -> None:
    image = QImage(200, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG")
    buffer.close()
    data = bytearray(array.data())
    scan = data.index(b"\xff\xda")
    data[scan + 40:len(data) - 2] = b"\xff\x00" * ((len(data) - 2 - scan - 40) // 2) + \
        b"\x00" * ((len(data) - 2 - scan - 40) % 2)
    decoded, why = decode_photo(bytes(data))
    assert decoded is None
    assert why.startswith("does not decode cleanly (")


@pytest.mark.parametrize(("data", "complete"), [
    (b"", False),
    (b"\xff\xd8\xff", False),
    (b"GIF89a...\x3b", True),
    (b"GIF89a...", False),
    (b"<svg/>", False),  # only the formats kiosk knows
])
def test_image_complete_knows_the_photo_formats(data: bytes, complete: bool) -> None:
    assert image_complete(data) is complete
