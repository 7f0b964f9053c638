"""A schedule at a URL: a real HTTP server on 127.0.0.1 serves it, changes it, breaks it,
goes away; the screen follows, keeps the last good version, and restarts from its copy."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from conftest import REAL_SCHEDULE
from kiosk.clock import FixedClock
from kiosk.notices import Rejection
from kiosk.reader import MAX_BYTES, ReadResult, ScheduleError, ScheduleFileError
from kiosk.screen import remote
from kiosk.screen.app import Screen
from kiosk.screen.remote import (
    MIN_POLL_SECONDS,
    DiskCache,
    UrlSource,
    Validators,
    default_cache_dir,
    photo_url,
)
from support.server import Served, Site

WAIT_MS = 5000
"""Far above what a request to 127.0.0.1 takes; only a failing test waits this long."""
REAL = REAL_SCHEDULE.read_text(encoding="utf-8")
CHANGED = REAL.replace("title: Lezing Ron Meyer", "title: Lezing Ron Meyer (nieuw)")
BROKEN = REAL.replace("title: Lezing Ron Meyer\n    kind: talk",
                      "title: Lezing Ron Meyer\n    kind: tlak")
BROKEN_LINE = BROKEN.splitlines().index("    kind: tlak") + 1


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """A server on 127.0.0.1 serving a copy of the real schedule; stopped after the test."""
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copy(REAL_SCHEDULE, folder / "schedule.yaml")
    served = Served(Site(folder))
    yield served
    served.stop()


@pytest.fixture
def site(served: Served) -> Site:
    return served.site


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def sources(qapp: QApplication) -> Iterator[list[UrlSource]]:
    """UrlSources made by a test, stopped after it (no request outlives its test)."""
    made: list[UrlSource] = []
    yield made
    for source in made:
        source.stop()
        source.deleteLater()


def make(sources: list[UrlSource], url: str, cache: Path, poll: float = 600) -> UrlSource:
    source = UrlSource(url, poll_seconds=poll, cache_dir=cache)
    sources.append(source)
    return source


def titles(result: ReadResult) -> list[str]:
    return [s.title for s in result.schedule.sessions]


def photo_of(result: ReadResult, speaker: str) -> PurePosixPath:
    photos = [s.photo for s in result.schedule.speakers if s.id == speaker and s.photo]
    assert photos, f"{speaker} has no photo"
    return photos[0]


def wait_idle(qtbot: QtBot, source: UrlSource) -> None:
    qtbot.waitUntil(lambda: not source.fetching, timeout=WAIT_MS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_load_first_fetches_the_schedule_and_keeps_a_copy(
    site: Site, cache: Path, sources: list[UrlSource]
) -> None:
    source = make(sources, site.url(), cache)
    first = source.load_first()
    assert len(first.schedule.sessions) == 12
    assert first.source == site.url() == source.name
    kept = DiskCache(cache).read_schedule(site.url())
    assert kept is not None
    assert kept.body == REAL_SCHEDULE.read_bytes()
    assert kept.validators.etag
    assert kept.validators.last_modified
    assert len(list(cache.glob("*.copy"))) == 1


def test_follows_a_change_and_an_unchanged_poll_costs_a_304(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    source = make(sources, site.url(), cache)
    first = source.load_first()
    source.start(first)
    etag = site.requests[-1].headers.get("if-none-match")
    assert etag is None, "nothing was cached yet: a plain request"

    with qtbot.assertNotEmitted(source.loaded), qtbot.assertNotEmitted(source.rejected):
        source.poll()
        wait_idle(qtbot, source)
    asked = site.requests[-1].headers
    assert asked["if-none-match"].startswith('"')
    assert "if-modified-since" in asked
    assert site.statuses[-1] == 304

    site.write(CHANGED)
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS) as loaded:
        source.poll()
    assert "Lezing Ron Meyer (nieuw)" in titles(loaded.args[0])
    assert site.statuses[-1] == 200
    kept = DiskCache(cache).read_schedule(site.url())
    assert kept is not None
    assert kept.body == CHANGED.encode()

    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS) as again:
        source.reload()  # F5: says what it finds even when nothing changed
    assert site.statuses[-1] == 304
    assert "Lezing Ron Meyer (nieuw)" in titles(again.args[0])


@pytest.mark.slow  # waits on real timers for over a second
def test_polls_by_itself_and_never_faster_than_a_second(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    source = make(sources, site.url(), cache, poll=0.001)
    assert source.poll_seconds == MIN_POLL_SECONDS
    source.start(source.load_first())
    site.write(CHANGED)
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS) as loaded:
        pass
    assert "Lezing Ron Meyer (nieuw)" in titles(loaded.args[0])


@pytest.mark.parametrize(("asked", "polls"), [
    (30, 30), (0, MIN_POLL_SECONDS), (-5, MIN_POLL_SECONDS), (float("nan"), 30),
    (float("inf"), 24 * 3600),
])
def test_the_poll_interval_is_sane(asked: float, polls: float, qapp: QApplication) -> None:
    assert UrlSource("http://example.org/s.yaml", poll_seconds=asked).poll_seconds == polls


def test_a_server_with_last_modified_only(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    site.etags = False
    source = make(sources, site.url(), cache)
    source.start(source.load_first())
    with qtbot.assertNotEmitted(source.loaded):
        source.poll()
        wait_idle(qtbot, source)
    assert "if-none-match" not in site.requests[-1].headers
    assert "if-modified-since" in site.requests[-1].headers
    assert site.statuses[-1] == 304
    site.write(CHANGED)
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS) as loaded:
        source.poll()
    assert "Lezing Ron Meyer (nieuw)" in titles(loaded.args[0])


def test_an_invalid_version_is_refused_at_its_line_and_the_copy_stays_good(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    source = make(sources, site.url(), cache)
    source.start(source.load_first())
    site.write(BROKEN)
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS) as rejected:
        source.poll()
    rejection: Rejection = rejected.args[0]
    assert rejection.line == BROKEN_LINE
    assert "tlak" in rejection.message
    assert not rejection.gone
    assert rejection.source == site.url()
    kept = DiskCache(cache).read_schedule(site.url())
    assert kept is not None
    assert kept.body == REAL_SCHEDULE.read_bytes()

    # Still broken: the 304 brings nothing new, and the screen keeps its notice.
    with qtbot.assertNotEmitted(source.rejected), qtbot.assertNotEmitted(source.loaded):
        source.poll()
        wait_idle(qtbot, source)
    assert site.statuses[-1] == 304

    site.write(CHANGED)
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS):
        source.poll()


def test_a_failing_server_is_told_once_and_its_return_clears_it(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    source = make(sources, site.url(), cache)
    source.start(source.load_first())
    site.failing = 503
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS) as rejected:
        source.poll()
    assert rejected.args[0].gone
    assert rejected.args[0].message.startswith("the server answered 503")
    with qtbot.assertNotEmitted(source.rejected):
        source.poll()
        wait_idle(qtbot, source)
    site.failing = None
    # The same version as before: news all the same, since the notice must go.
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS):
        source.poll()
    assert site.statuses[-1] == 304


def test_restarted_during_an_outage_the_screen_shows_the_copy(
    site: Site, served: Served, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    source = make(sources, site.url(), cache)
    source.start(source.load_first())
    site.write(CHANGED)
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS):
        source.reload()
    source.stop()
    served.stop()

    restarted = make(sources, site.url(), cache)
    first = restarted.load_first()
    assert "Lezing Ron Meyer (nieuw)" in titles(first)
    with qtbot.waitSignal(restarted.rejected, timeout=WAIT_MS) as rejected:
        restarted.start(first)
    rejection: Rejection = rejected.args[0]
    assert rejection.gone
    assert rejection.source == site.url()
    assert rejection.message == "the server refuses the connection"


def test_the_copy_answers_a_304_after_a_restart(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    make(sources, site.url(), cache).load_first()
    restarted = make(sources, site.url(), cache)
    with qtbot.assertNotEmitted(restarted.rejected):
        first = restarted.load_first()
        restarted.start(first)
    assert site.statuses[-1] == 304
    assert len(first.schedule.sessions) == 12


def test_no_server_and_no_copy_is_one_clear_line(
    cache: Path, sources: list[UrlSource]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/schedule.yaml"
    with pytest.raises(ScheduleFileError) as raised:
        make(sources, url, cache).load_first()
    message = str(raised.value)
    assert message.startswith(f"{url}: cannot fetch the schedule (")
    assert message.endswith("and no copy is cached")
    assert "\n" not in message


def test_a_server_that_never_answers_is_given_up(
    cache: Path, sources: list[UrlSource]
) -> None:
    with socket.socket() as silent:  # accepts connections (the backlog does), says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/schedule.yaml"
        source = make(sources, url, cache)
        with pytest.raises(ScheduleFileError, match=r"no answer within 0\.2 s"):
            source.load_first(timeout_ms=200)


def test_an_invalid_first_version_without_a_copy_is_the_readers_error(
    site: Site, cache: Path, sources: list[UrlSource]
) -> None:
    site.write(BROKEN)
    with pytest.raises(ScheduleError) as raised:
        make(sources, site.url(), cache).load_first()
    assert str(raised.value).startswith(f"{site.url()}:{BROKEN_LINE}:")


def test_an_invalid_first_version_with_a_copy_starts_from_the_copy(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    make(sources, site.url(), cache).load_first()
    site.write(BROKEN)
    source = make(sources, site.url(), cache)
    first = source.load_first()
    assert len(first.schedule.sessions) == 12
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS) as rejected:
        source.start(first)
    assert rejected.args[0].line == BROKEN_LINE


def test_a_huge_answer_is_cut_off_and_refused(
    site: Site, cache: Path, sources: list[UrlSource]
) -> None:
    site.write("# " + "x" * (MAX_BYTES + 4096) + "\n")
    with pytest.raises(ScheduleError, match="larger than"):
        make(sources, site.url(), cache).load_first()


def test_a_redirect_is_followed(site: Site, cache: Path, sources: list[UrlSource]) -> None:
    site.redirects["/old.yaml"] = "/schedule.yaml"
    first = make(sources, site.url("old.yaml"), cache).load_first()
    assert len(first.schedule.sessions) == 12
    assert site.statuses[:2] == [301, 200]


def test_a_missing_schedule_is_a_404(site: Site, cache: Path, sources: list[UrlSource]) -> None:
    with pytest.raises(ScheduleFileError, match="the server answered 404"):
        make(sources, site.url("elsewhere.yaml"), cache).load_first()


def test_photos_are_fetched_relative_to_the_url_and_kept(
    site: Site, served: Served, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    (site.folder / "photos").mkdir()
    image = QImage(12, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    assert image.save(str(site.folder / "photos" / "ron meyer.png"))
    site.write(REAL.replace("    name: Ron Meyer\n",
                            "    name: Ron Meyer\n    photo: photos/ron meyer.png\n"))
    source = make(sources, site.url(), cache)
    first = source.load_first()
    relative = photo_of(first, "ron-meyer")
    assert relative == PurePosixPath("photos/ron meyer.png")

    with qtbot.waitSignal(source.photos.arrived, timeout=WAIT_MS):
        assert source.photos.photo(relative) is None, "never waits for the network"
    photo = source.photos.photo(relative)
    assert photo is not None
    assert (photo.width(), photo.height()) == (12, 8)
    assert site.requests[-1].path == "/photos/ron%20meyer.png"
    asked = len(site.requests)
    source.photos.photo(relative)
    assert len(site.requests) == asked, "fetched once per run"

    source.stop()
    served.stop()
    restarted = make(sources, site.url(), cache)
    kept = restarted.photos.photo(photo_of(restarted.load_first(), "ron-meyer"))
    assert kept is not None, "the copy on disk, while the server is away"
    assert kept.pixel(0, 0) == QColor("#c0392b").rgb()


def test_a_missing_photo_is_none_and_not_asked_for_at_every_look(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    source = make(sources, site.url(), cache)
    relative = PurePosixPath("photos/nobody.jpg")
    assert source.photos.photo(relative) is None
    qtbot.waitUntil(lambda: site.statuses[-1:] == [404], timeout=WAIT_MS)
    asked = len(site.requests)
    assert source.photos.photo(relative) is None
    assert len(site.requests) == asked


@pytest.mark.parametrize(("relative", "expected"), [
    ("photos/a.png", "http://example.org/event/photos/a.png"),
    ("a b.png", "http://example.org/event/a%20b.png"),
    ("http:/evil.example/a.png", "http://example.org/event/http%3A/evil.example/a.png"),
    ("a?b#c.png", "http://example.org/event/a%3Fb%23c.png"),
    ("../a.png", None),
    ("/a.png", None),
    ("photos/../../a.png", None),
    (".", None),
])
def test_photo_urls_stay_in_the_schedules_folder(relative: str, expected: str | None) -> None:
    schedule = "http://example.org/event/schedule.yaml?v=2"
    assert photo_url(schedule, PurePosixPath(relative)) == expected


def test_refused_photo_paths_are_never_fetched(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    source = make(sources, site.url(), cache)
    assert source.photos.photo(PurePosixPath("../secret.png")) is None
    qtbot.wait(50)
    assert site.requests == []


def test_the_cache_lives_where_the_platform_keeps_caches(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "kiosk"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "kiosk"


def test_a_copy_holds_its_validators_with_its_own_bytes(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    url = "http://example.org/schedule.yaml"
    cache.write_schedule(url, b"one", Validators(etag='"1"', last_modified="yesterday"))
    kept = cache.read_schedule(url)
    assert kept is not None
    assert (kept.body, kept.validators) == (b"one", Validators('"1"', "yesterday"))
    header = json.loads(cache.path(url).read_bytes().partition(b"\n")[0])
    assert header == {"kiosk-copy": 1, "key": url, "size": 3,
                      "sha256": hashlib.sha256(b"one").hexdigest(),
                      "etag": '"1"', "last_modified": "yesterday"}


def test_the_screen_follows_the_url(
    site: Site, served: Served, cache: Path, sources: list[UrlSource], qtbot: QtBot
) -> None:
    source = make(sources, site.url(), cache)
    first = source.load_first()
    moment = dt.datetime(2024, 4, 15, 10, 50, tzinfo=ZoneInfo("Europe/Amsterdam"))
    screen = Screen(source, first, FixedClock(moment), room=None)
    window = screen.window
    try:
        window.resize(1280, 720)
        window.show()
        screen.start()

        def shown() -> list[str]:
            board = window.board
            assert board is not None
            return [row.title for row in board.programme]

        assert "Lezing Ron Meyer" in shown()
        site.write(CHANGED)
        with qtbot.waitSignal(source.loaded, timeout=WAIT_MS):
            source.reload()
        assert "Lezing Ron Meyer (nieuw)" in shown()
        assert not window.notice.text()

        served.stop()
        with qtbot.waitSignal(source.rejected, timeout=WAIT_MS):
            source.reload()
        assert site.url() in window.notice.text()
        assert "Lezing Ron Meyer (nieuw)" in shown(), "the last good version stays"
    finally:
        screen.ticker.stop()
        source.stop()
        window.allow_close()
        window.close()
        window.deleteLater()


def test_a_dripping_server_is_given_up_at_the_deadline_and_asked_again(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make(sources, site.url(), cache)
    source.start(source.load_first())
    monkeypatch.setattr(remote, "DEADLINE_MS", 600)
    site.drip = 0.05  # a byte every 50 ms: Qt's transfer timeout (10 s) never runs out
    with qtbot.waitSignal(source.rejected, timeout=WAIT_MS) as rejected:
        source.poll()
    assert rejected.args[0] == Rejection(site.url(), "no complete answer within 0.6 s",
                                         gone=True)
    assert not source.fetching
    asked = len(site.requests)
    site.drip = None
    with qtbot.waitSignal(source.loaded, timeout=WAIT_MS):
        source.poll()  # the next poll asks again, and the server answers this time
    assert len(site.requests) == asked + 1


def test_a_copy_cut_short_is_not_used(
    site: Site, served: Served, cache: Path, sources: list[UrlSource]
) -> None:
    make(sources, site.url(), cache).load_first()
    copy = DiskCache(cache).path(site.url())
    data = copy.read_bytes()
    header = data.index(b"\n") + 1
    eighth = REAL.encode().index(b"  - time: 13.00")  # still a valid schedule, of 8 sessions
    copy.write_bytes(data[:header + eighth])
    served.stop()
    with pytest.raises(ScheduleFileError, match="and no copy is cached"):
        make(sources, site.url(), cache).load_first()


def test_a_fifo_in_place_of_the_copy_does_not_block(
    cache: Path, sources: list[UrlSource]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/schedule.yaml"
    cache.mkdir()
    os.mkfifo(DiskCache(cache).path(url))
    with pytest.raises(ScheduleFileError, match="and no copy is cached"):
        make(sources, url, cache).load_first()


def test_a_photo_cut_short_shows_initials(
    site: Site, cache: Path, sources: list[UrlSource], qtbot: QtBot,
    caplog: pytest.LogCaptureFixture
) -> None:
    (site.folder / "photos").mkdir()
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    whole = site.folder / "photos" / "whole.jpg"
    assert image.save(str(whole), "JPEG")  # type: ignore[call-overload]
    (site.folder / "photos" / "cut.jpg").write_bytes(whole.read_bytes()[:whole.stat().st_size // 3])
    source = make(sources, site.url(), cache)
    relative = PurePosixPath("photos/cut.jpg")
    source.photos.photo(relative)
    qtbot.waitUntil(lambda: relative in source.photos._failed, timeout=WAIT_MS)
    assert source.photos.photo(relative) is None
    assert [r.getMessage() for r in caplog.records] == [
        f"photo {site.url('photos/cut.jpg')}: the photo is not a complete JPEG, PNG, WebP, "
        "GIF or BMP file; the screen shows initials"]
