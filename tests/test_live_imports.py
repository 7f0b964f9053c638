"""On the day with an imported programme: the screen follows schedule.yaml and the
programme it imports; a broken or unreachable source keeps its last good copy, with a
staff notice, and the day's changes in schedule.yaml still reach the screen."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from conftest import ROOT
from kiosk.notices import Rejection
from kiosk.reader import ReadResult, ScheduleFileError
from kiosk.screen.imports import FollowedImports
from kiosk.screen.source import FileSource
from support.server import Served, Site

EXPORT = (ROOT / "tests" / "data" / "formats" / "havenstad.xml").read_text(encoding="utf-8")
WAIT_MS = 5000
"""Far above a change seen on disk or a request to 127.0.0.1; only a failing test waits."""
OVERLAY = 'import:\n  from: {source}\nsessions:\n  - {{id: "6572", note: Begint later}}\n'


def titles(result: ReadResult) -> set[str]:
    return {s.title for s in result.schedule.sessions}


@pytest.fixture
def made(qapp: QApplication) -> Iterator[list[FileSource]]:
    sources: list[FileSource] = []
    yield sources
    for source in sources:
        source.stop()


def follow(folder: Path, cache: Path | None, made: list[FileSource],
           poll: float = 1.0) -> FileSource:
    source = FileSource(folder / "schedule.yaml", cache_dir=cache)
    source.follow_imports(FollowedImports(cache, poll, parent=source))
    made.append(source)
    return source


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    place = tmp_path / "event"
    place.mkdir()
    (place / "havenstad.xml").write_text(EXPORT, encoding="utf-8")
    (place / "schedule.yaml").write_text(OVERLAY.format(source="havenstad.xml"),
                                         encoding="utf-8")
    return place


def test_a_change_in_the_imported_file_reaches_the_screen(
    folder: Path, qtbot: QtBot, made: list[FileSource]
) -> None:
    source = follow(folder, None, made)
    first = source.load_first()
    assert "Sea shanty concert" in titles(first)
    source.start(first)
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS) as seen:
        (folder / "havenstad.xml").write_text(
            EXPORT.replace("Sea shanty concert", "Shanty koor"), encoding="utf-8")
    assert "Shanty koor" in titles(seen.args[0])
    note = {s.title: s.note for s in seen.args[0].schedule.sessions}
    assert note["Containers & cranes: a history of the port"] == "Begint later"


@pytest.mark.slow  # waits on real timers for over a second
def test_a_broken_export_keeps_the_last_good_one_and_the_days_changes_still_show(
    folder: Path, qtbot: QtBot, made: list[FileSource]
) -> None:
    source = follow(folder, None, made)
    source.start(source.load_first())
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS) as refused:
        (folder / "havenstad.xml").write_text(EXPORT.replace("</schedule>", ""),
                                              encoding="utf-8")
    rejection: Rejection = refused.args[0]
    assert rejection.source == str(folder / "havenstad.xml")
    assert rejection.line is not None
    # A save of schedule.yaml meanwhile: shown on the last good export; the notice stays.
    told: list[object] = []
    source.loaded.connect(told.append)
    source.rejected.connect(told.append)
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS):
        (folder / "schedule.yaml").write_text(
            OVERLAY.format(source="havenstad.xml").replace("Begint later", "Zaal Kraan vol"),
            encoding="utf-8")
    shown, again = told
    assert isinstance(shown, ReadResult)
    assert "Sea shanty concert" in titles(shown)
    assert "Zaal Kraan vol" in {s.note for s in shown.schedule.sessions}
    assert again == rejection
    # Fixed in the source: the new version shows, and nothing is wrong any more.
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS) as fixed:
        (folder / "havenstad.xml").write_text(EXPORT.replace("Closing", "Afsluiting"),
                                              encoding="utf-8")
    assert "Afsluiting" in titles(fixed.args[0])
    assert source.imports is not None
    assert source.imports.trouble_now() is None


def test_a_deleted_export_keeps_the_last_good_one(
    folder: Path, qtbot: QtBot, made: list[FileSource]
) -> None:
    source = follow(folder, None, made)
    source.start(source.load_first())
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS) as refused:
        (folder / "havenstad.xml").unlink()
    assert refused.args[0].gone


def test_a_restart_without_the_source_starts_from_its_kept_copy(
    folder: Path, tmp_path: Path, made: list[FileSource]
) -> None:
    cache = tmp_path / "cache"
    follow(folder, cache, made).load_first()
    (folder / "havenstad.xml").unlink()
    again = follow(folder, cache, made).load_first()
    assert "Sea shanty concert" in titles(again)
    shutil.rmtree(cache)
    with pytest.raises(ScheduleFileError):
        follow(folder, tmp_path / "empty", made).load_first()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    site_folder = tmp_path / "site"
    site_folder.mkdir()
    served = Served(Site(site_folder))
    served.site.write(EXPORT, name="havenstad.xml")
    yield served
    served.stop()


@pytest.mark.slow  # waits on real timers for over a second
def test_an_export_at_a_url_is_polled_and_kept(
    folder: Path, tmp_path: Path, served: Served, qtbot: QtBot, made: list[FileSource]
) -> None:
    site = served.site
    (folder / "schedule.yaml").write_text(OVERLAY.format(source=site.url("havenstad.xml")),
                                          encoding="utf-8")
    cache = tmp_path / "cache"
    source = follow(folder, cache, made, poll=1.0)
    source.start(source.load_first())
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS) as seen:
        site.write(EXPORT.replace("Sea shanty concert", "Shanty koor"), name="havenstad.xml")
    assert "Shanty koor" in titles(seen.args[0])
    assert any("if-none-match" in request.headers for request in site.requests[1:])
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS) as refused:
        site.failing = 503
    assert refused.args[0].gone
    served.stop()
    again = follow(folder, cache, made).load_first()  # the server is gone: the kept copy
    assert "Shanty koor" in titles(again)
