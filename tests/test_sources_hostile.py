"""The running screen's sources when reading a version fails in a way no reader foresaw,
and its photos when they are huge: the last good programme stays, staff see one line, and
nothing raises inside a Qt slot or holds the UI thread for long."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from conftest import REAL_SCHEDULE, ROOT
from kiosk.notices import Rejection
from kiosk.reader import ReadResult, read_schedule
from kiosk.screen import source as source_module
from kiosk.screen.imports import FollowedImports
from kiosk.screen.source import FileSource

EXPORT = ROOT / "tests" / "data" / "formats" / "havenstad.xml"
WAIT_MS = 5000
OVERLAY = "import:\n  from: {source}\n"


@pytest.fixture
def made(qapp: QApplication) -> Iterator[list[FileSource]]:
    sources: list[FileSource] = []
    yield sources
    for source in sources:
        source.stop()


def test_a_reader_failure_is_a_notice_and_the_last_good_version_stays(
    tmp_path: Path, qtbot: QtBot, made: list[FileSource], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "schedule.yaml"
    shutil.copy(REAL_SCHEDULE, path)
    source = FileSource(path)
    made.append(source)
    source.start(read_schedule(path))

    def broken(*_args: object) -> None:
        raise RuntimeError("a mistake in a reader")

    monkeypatch.setattr(source_module, "read_file", broken)
    shown: list[object] = []
    source.loaded.connect(shown.append)
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS) as refused:
        path.write_text(REAL_SCHEDULE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rejection: Rejection = refused.args[0]
    assert rejection.source == "schedule.yaml"
    assert rejection.message == ("kiosk cannot read this version (RuntimeError: a mistake "
                                 "in a reader); the log says more")
    assert shown == []


@pytest.mark.parametrize("imported", ["other.yaml", "passwd"])
def test_importing_a_schedule_yaml_or_any_text_is_refused_with_a_notice(
    tmp_path: Path, qtbot: QtBot, made: list[FileSource], imported: str
) -> None:
    folder = tmp_path / "event"
    folder.mkdir()
    shutil.copy(EXPORT, folder / "havenstad.xml")
    shutil.copy(REAL_SCHEDULE, folder / "other.yaml")
    (folder / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (folder / "schedule.yaml").write_text(OVERLAY.format(source="havenstad.xml"),
                                          encoding="utf-8")
    source = FileSource(folder / "schedule.yaml")
    source.follow_imports(FollowedImports(None, 600, parent=source))
    made.append(source)
    source.start(source.load_first())
    shown: list[ReadResult] = []
    source.loaded.connect(shown.append)
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS) as refused:
        (folder / "schedule.yaml").write_text(OVERLAY.format(source=imported),
                                              encoding="utf-8")
    rejection: Rejection = refused.args[0]
    assert rejection.source == str(folder / imported)
    assert rejection.message.startswith("kiosk cannot read this version (")
    assert shown == []
