"""The lobby screen at the key moments of the real day and of a multi-room day, at every
screen size we support, checked on what was drawn where (``kiosk snapshot --layout``)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from conftest import REAL_SCHEDULE
from kiosk.board import Mode, Region
from kiosk.cli import main
from kiosk.reader import ReadResult, parse_schedule, read_schedule
from kiosk.screen.picture import render
from kiosk.screen.record import Area, Drawn, Layout, problems
from kiosk.screen.text import Face, Fonts
from kiosk.screen.window import ScreenWindow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SIZES = [(1920, 1080), (1080, 1920), (1280, 720), (1366, 768), (1024, 768), (2560, 1080),
         (3840, 2160)]
MOMENTS = ["09:00", "10:20", "11:20", "13:30", "15:05", "15:30", "16:58", "17:05"]
MULTIROOM = Path(__file__).parent / "data" / "multiroom.yaml"
MULTIROOM_MOMENTS = ["08:00", "09:00", "09:45", "10:30", "11:00", "11:50", "12:50", "14:00",
                     "15:30", "16:45", "18:00"]

Show = Callable[..., ScreenWindow]
QUICK = {(1920, 1080), (1080, 1920)}
"""The sizes the quick loop (pytest -m "not slow") renders; CI renders them all."""


def sweep(sizes: list[tuple[int, int]], moments: list[str]) -> list[object]:
    """Every size at every moment, those beyond the quick ones marked slow."""
    return [pytest.param(size, clock, marks=() if size in QUICK else pytest.mark.slow)
            for size, clock in itertools.product(sizes, moments)]


def every_size() -> list[object]:
    return [pytest.param(size, marks=() if size in QUICK else pytest.mark.slow)
            for size in SIZES]


def at(clock: str, day: dt.date = dt.date(2024, 4, 15)) -> dt.datetime:
    hours, minutes = map(int, clock.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), AMSTERDAM)


@pytest.fixture(scope="module")
def real() -> ReadResult:
    return read_schedule(REAL_SCHEDULE)


@pytest.fixture(scope="module")
def multiroom() -> ReadResult:
    return read_schedule(MULTIROOM)


@pytest.fixture
def screen(qapp: QApplication, real: ReadResult) -> Iterator[Show]:
    windows: list[ScreenWindow] = []

    def show(clock: str, size: tuple[int, int] = (1920, 1080),
             result: ReadResult | None = None, room: str | None = None,
             day: dt.date | None = None) -> ScreenWindow:
        result = result or real
        moment = at(clock, day or result.schedule.first_date)
        _, window = render(result, REAL_SCHEDULE, moment, size, room)
        windows.append(window)
        return window

    yield show
    for window in windows:
        window.allow_close()
        window.close()
        window.deleteLater()


def assert_whole(window: ScreenWindow) -> Layout:
    """The screen's guarantees hold for what was drawn, and something was drawn."""
    layout = window.painted()
    assert layout.texts
    assert problems(layout) == []
    return layout


def shown(window: ScreenWindow, region: str, role: str | None = None) -> list[str]:
    return [t.shown for t in window.painted().of(region, role)]


def over_pages(window: ScreenWindow, region: str, role: str | None = None) -> list[str]:
    """What a region shows on all its pages, page after page, from the first."""
    pages = shown(window, region, "page")
    count = int(pages[0].split("/")[1]) if pages else 1
    start = window.rotation
    texts: list[str] = []
    for page in range(count):
        window.rotate(start - start % count + page)
        window.grab()
        texts += shown(window, region, role)
    window.rotate(start)
    return texts


BUSY = (
    REAL_SCHEDULE.read_text(encoding="utf-8")
    .replace("speakers:\n  roel-wever:", "announcements:\n"
             "  - text: De lunch is in de foyer op de eerste verdieping\n"
             "    from: 12.55\n    until: 14.00\n"
             "  - text: \"Wifi: Royal-Gast, wachtwoord academie2024\"\n\n"
             "speakers:\n  roel-wever:", 1)
    .replace("    title: Lezing Dennis Martens\n",
             "    title: Lezing Dennis Martens\n    delay: 10\n"
             "    note: Verplaatst naar zaal 2\n    room: Zaal 1\n")
    .replace("    title: Lezing Hugo de Jonge\n", "    title: Lezing Hugo de Jonge\n"
             "    cancelled: true\n    note: Helaas afgezegd wegens ziekte\n")
    .replace("    title: Lunch\n", "    title: Lunch\n    delay: 0\n")
)
"""The real day on a busy day: running late, a room change, a cancellation, announcements."""


@pytest.mark.parametrize(("size", "clock"), sweep(SIZES, MOMENTS))
def test_the_real_day_is_whole_legible_and_unclipped(
    screen: Show, size: tuple[int, int], clock: str
) -> None:
    window = screen(clock, size)
    assert (window.width(), window.height()) == size
    assert_whole(window)


@pytest.mark.parametrize(("size", "clock"), sweep(
    SIZES, ["10:20", "11:30", "13:30", "14:30", "15:05", "15:30"]))
def test_a_busy_day_still_fits(screen: Show, size: tuple[int, int], clock: str) -> None:
    result = parse_schedule(BUSY, source="schedule.yaml", folder=REAL_SCHEDULE.parent)
    window = screen(clock, size, result=result)
    assert window.shows(Region.ANNOUNCEMENT)
    assert_whole(window)


@pytest.mark.parametrize(("size", "clock"), sweep(SIZES, MULTIROOM_MOMENTS))
def test_a_multi_room_day_is_whole_at_every_size(
    screen: Show, multiroom: ReadResult, size: tuple[int, int], clock: str
) -> None:
    assert_whole(screen(clock, size, result=multiroom))


@pytest.mark.parametrize("size", every_size())
def test_a_room_door_is_whole_at_every_size(
    screen: Show, multiroom: ReadResult, size: tuple[int, int]
) -> None:
    for clock in ("09:45", "11:00", "12:00", "13:30", "15:30"):
        window = screen(clock, size, result=multiroom, room="Zaal 3")
        layout = assert_whole(window)
        room = layout.of("door", "room")
        assert [t.shown for t in room] == ["Zaal 3"]
        # The room's name is the largest text on the screen.
        assert room[0].px >= max(t.px for t in layout.texts)


def test_announcements_rotate_without_moving_the_layout(screen: Show) -> None:
    result = parse_schedule(BUSY, source="schedule.yaml", folder=REAL_SCHEDULE.parent)
    window = screen("13:30", result=result)
    band = window.announcement.geometry()
    first = shown(window, "announcement")
    regions = [(p.region, p.rect) for p in window.placed]
    window.rotate(window.rotation + 1)
    window.grab()
    assert {first[0], shown(window, "announcement")[0]} == {
        "De lunch is in de foyer op de eerste verdieping",
        "Wifi: Royal-Gast, wachtwoord academie2024"}
    assert window.announcement.geometry() == band
    assert [(p.region, p.rect) for p in window.placed] == regions
    later = screen("15:30", result=result)
    assert later.board is not None
    assert later.board.announcements == ("Wifi: Royal-Gast, wachtwoord academie2024",)


def test_a_delay_shows_the_new_and_the_planned_time(screen: Show) -> None:
    result = parse_schedule(BUSY, source="schedule.yaml", folder=REAL_SCHEDULE.parent)
    window = screen("11:30", (1080, 1920), result=result)
    assert shown(window, "now", "title") == ["Lezing Dennis Martens"]
    assert shown(window, "now", "time") == ["11.25 – 12.10", "gepland 11.15 – 12.00"]
    assert shown(window, "now", "status") == ["+10"]
    assert shown(window, "now", "note") == ["Verplaatst naar zaal 2"]
    assert shown(window, "now", "room") == ["Zaal 1"]
    programme = over_pages(window, "programme")
    assert "Lezing Hugo de Jonge" in programme, "the cancelled lecture is in the programme"
    assert "Helaas afgezegd wegens ziekte" in programme, "with its note"
    assert "Vervalt" in programme


def test_dennis_martens_is_on_at_11_20(screen: Show) -> None:
    window = screen("11:20")
    assert window.board is not None
    assert window.board.mode is Mode.SESSION
    assert shown(window, "now", "title") == ["Lezing Dennis Martens"]
    assert shown(window, "now", "time") == ["11.15 – 12.00"]
    assert shown(window, "now", "countdown") == ["nog 40 min"]
    assert shown(window, "now", "speaker") == ["Dennis Martens"]
    assert shown(window, "now", "role") == ["NPHLN-onderzoeker"]
    assert shown(window, "now", "label") == ["NU"]
    assert shown(window, "next", "title") == ["Lezing Lodewijk Asscher"]
    assert shown(window, "next", "countdown") == ["over 40 min"]
    assert shown(window, "header", "clock") == ["11.20"]
    assert shown(window, "header", "date") == ["maandag 15 april 2024"]
    programme = shown(window, "programme", "title")
    assert programme[0] == "Lezing Dennis Martens", "the programme starts at the current row"
    description = shown(window, "now", "description")
    assert description
    assert description[0].startswith("NPHLN Onderzoeker Dennis Martens")


def test_the_three_workshops_at_15_30(screen: Show) -> None:
    window = screen("15:30")
    assert shown(window, "now", "label") == ["NU · INTERACTIEVE SESSIE"]
    assert shown(window, "now", "title") == [
        "Martin de Beer & Open Universiteit", "Casper Gelderblom",
        "huisarts Micha Lutgens & Pharos"]
    assert set(shown(window, "now", "countdown")) == {"nog 30 min"}
    assert shown(window, "now", "speaker") == ["Martin de Beer", "Casper Gelderblom",
                                               "Micha Lutgens"]
    # Three at once crowd a landscape screen: Now takes its height, Next the other column
    # above the programme.
    now, after = window.now.geometry(), window.next.geometry()
    assert now.top() == after.top()
    assert now.right() < after.left()
    assert now.bottom() == window.programme.geometry().bottom()
    assert after.bottom() < window.programme.geometry().top()
    # The programme goes on after the workshops (Now lists them), and whole times only.
    assert shown(window, "programme", "title") == ["Afronding", "Afsluitende borrel"]


def test_portrait_keeps_the_programme_under_the_workshops(screen: Show) -> None:
    window = screen("15:30", (1080, 1920))
    assert window.shows(Region.PROGRAMME)
    assert len(shown(window, "now", "title")) == 3
    assert window.now.geometry().bottom() < window.programme.geometry().top()


def test_walk_in_shows_the_break_and_the_first_speaker_card(screen: Show) -> None:
    window = screen("10:20")
    assert window.board is not None
    assert window.board.mode is Mode.BREAK
    assert shown(window, "banner", "title") == ["Inloop"]
    assert shown(window, "banner", "time") == ["tot 10.45"]
    # 10.20:00 is 1713169200 s after the epoch: card 1713169200 // 12 % 10 = 0.
    assert shown(window, "card", "speaker") == ["Roel Wever"]
    assert shown(window, "card", "time") == ["Spreekt om 10.45"]
    assert shown(window, "card", "title") == ["Welkomstwoord"]
    assert shown(window, "card", "initials") == ["RW"]


def test_gap_between_lecture_and_workshops_is_a_pause(screen: Show) -> None:
    window = screen("15:05")
    assert shown(window, "banner", "title") == ["Pauze"]
    assert shown(window, "banner", "time") == ["om 15.15 gaan we verder"]
    assert shown(window, "next", "label") == ["HIERNA · INTERACTIEVE SESSIE"]
    assert shown(window, "next", "countdown") == ["over 10 min"]
    assert shown(window, "card", "time") == ["Straks om 15.15"], "who speaks next"


def test_countdown_stands_out_in_the_last_five_minutes(screen: Show) -> None:
    for clock, soon in (("15:09", False), ("15:10", True)):
        window = screen(clock)
        (countdown,) = window.painted().of("next", "countdown")
        assert countdown.shown == ("over 5 min" if soon else "over 6 min")
        x, y, _w, h = countdown.rect
        image = window.grab().toImage()
        corner = image.pixelColor(round(x) - 3, round(y + h / 2))
        accent = QColor(window.theme.accent)
        assert (corner == accent) is soon, corner.name()


def test_before_and_after_the_day(screen: Show) -> None:
    morning = screen("09:00")
    assert morning.board is not None
    assert morning.board.mode is Mode.WELCOME
    assert shown(morning, "banner") == ["Welkom", "De deuren gaan open om 10.15",
                                        "over 1 uur 15 min"]
    evening = screen("17:05")
    assert evening.board is not None
    assert evening.board.mode is Mode.THANKS
    assert shown(evening, "banner", "title") == ["Bedankt voor uw komst"]
    assert not evening.shows(Region.PROGRAMME)
    assert not evening.shows(Region.NEXT)


def test_english_screen(screen: Show) -> None:
    text = REAL_SCHEDULE.read_text(encoding="utf-8").replace("language: nl", "language: en")
    result = parse_schedule(text, source="schedule.yaml", folder=REAL_SCHEDULE.parent)
    window = screen("11:20", result=result)
    assert shown(window, "header", "clock") == ["11:20"]
    assert shown(window, "header", "date") == ["Monday 15 April 2024"]
    assert shown(window, "now", "label") == ["NOW"]
    assert shown(window, "next", "label") == ["NEXT"]
    assert shown(window, "next", "countdown") == ["in 40 min"]
    assert shown(window, "now", "countdown") == ["40 min left"]
    lunch = screen("13:30", result=result)
    assert shown(lunch, "banner", "time") == ["until 14:00"]


def long_day(sessions: int) -> str:
    lines = ["event:", "  title: Lange dag", "  date: 2024-04-15", "sessions:"]
    start = 8 * 60
    for index in range(sessions):
        begin, end = start + index * 20, start + index * 20 + 20
        lines += [f"  - time: {begin // 60:02d}.{begin % 60:02d} - {end // 60:02d}.{end % 60:02d}",
                  f"    title: Sessie {index + 1} over een onderwerp met een lange titel"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("size", every_size())
def test_a_long_day_never_ends_silently(screen: Show, size: tuple[int, int]) -> None:
    result = parse_schedule(long_day(36), source="long.yaml")
    window = screen("14:10", size, result=result)
    layout = assert_whole(window)
    rest = [t.shown for t in layout.of("programme", "more")]
    pages = [t.shown for t in layout.of("programme", "page")]
    # Either it pages ("1/3") or it says what follows; it never just stops.
    assert bool(rest) != bool(pages)
    times = over_pages(window, "programme", "time")
    # 14.10 is in session 19 (14.00-14.20): the programme starts there.
    assert times[0] == "14.00"
    if rest:
        assert rest == [f"nog {36 - 18 - len(times)} items tot 20.00"]
    else:
        assert times[-1] == "19.40", "the pages go on to the end of the day"
        assert window.rotates(), "the ticker wakes to turn the pages"


@pytest.mark.slow  # waits on real timers for over a second
def test_a_day_a_few_pages_long_pages_its_programme(screen: Show) -> None:
    result = parse_schedule(long_day(16), source="long.yaml")
    paged = 0
    for size in SIZES:
        window = screen("08:10", size, result=result)
        pages = shown(window, "programme", "page")
        if not pages:
            continue
        paged += 1
        count = int(pages[0].split("/")[1])
        assert 2 <= count <= 3
        assert window.rotates()
        times = over_pages(window, "programme", "time")
        assert times == [f"{8 + m // 60:02d}.{m % 60:02d}" for m in range(0, 16 * 20, 20)], (
            "page after page, the whole rest of the day, each row once")
    assert paged, "at some size, the day takes pages"


def test_snapshot_command_writes_the_png_and_the_layout(qapp: QApplication,
                                                       tmp_path: Path) -> None:
    output, layout = tmp_path / "screen.png", tmp_path / "layout.json"
    assert main(["snapshot", str(REAL_SCHEDULE), "--at", "11:20", "--size", "1280x720",
                 "--output", str(output), "--layout", str(layout)]) == 0
    image = QImage(str(output))
    assert (image.width(), image.height()) == (1280, 720)
    data = json.loads(layout.read_text(encoding="utf-8"))
    assert data["size"] == [1280, 720]
    title = next(t for t in data["texts"] if t["region"] == "now" and t["role"] == "title")
    assert title["text"] == title["shown"] == "Lezing Dennis Martens"
    assert title["px"] >= 30
    x, y, w, h = title["rect"]
    assert 0 <= x < x + w <= 1280
    assert 0 <= y < y + h <= 720
    assert {r["region"] for r in data["regions"]} == {"header", "now", "next", "programme"}
    assert problems(Layout.from_json(data)) == []


def test_snapshot_to_an_unwritable_place_exits_2(qapp: QApplication, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "missing" / "screen.png"
    assert main(["snapshot", str(REAL_SCHEDULE), "--at", "11:20", "--output", str(output)]) == 2
    assert capsys.readouterr().err == (f"kiosk: cannot write {output}: there is no folder "
                                       f"{tmp_path / 'missing'}\n")
    layout = tmp_path / "missing" / "layout.json"
    assert main(["snapshot", str(REAL_SCHEDULE), "--at", "11:20", "--output",
                 str(tmp_path / "ok.png"), "--layout", str(layout)]) == 2
    assert capsys.readouterr().err == (f"kiosk: cannot write {layout}: there is no folder "
                                       f"{tmp_path / 'missing'}\n")
    (tmp_path / "taken").mkdir()  # a folder where the layout should go
    assert main(["snapshot", str(REAL_SCHEDULE), "--at", "11:20", "--output",
                 str(tmp_path / "ok.png"), "--layout", str(tmp_path / "taken")]) == 2
    assert capsys.readouterr().err.startswith(f"kiosk: {tmp_path / 'taken'}: ")


RUNNING_ONLY = ("kiosk.screen.app", "kiosk.screen.launch", "kiosk.screen.source",
                "kiosk.screen.imports", "kiosk.screen.remote", "PySide6.QtNetwork", "segno")
"""What only a running screen (or an event with a url) needs: a snapshot of the real day
imports none of it (benchmarks/start.py: its start-up ratio)."""


@pytest.mark.parametrize(("url", "expected"), [(False, set()), (True, {"segno"})])
def test_a_snapshot_imports_only_what_it_draws(tmp_path: Path, url: bool,
                                               expected: set[str]) -> None:
    text = REAL_SCHEDULE.read_text(encoding="utf-8")
    if url:
        text = text.replace("  language: nl\n", "  language: nl\n  url: https://example.org/\n")
        assert "url:" in text
    schedule = tmp_path / "schedule.yaml"
    schedule.write_text(text, encoding="utf-8")
    code = ("import sys\nfrom kiosk.cli import main\n"
            f"status = main(['snapshot', {str(schedule)!r}, '--at', '11:20', '--size', '640x360',"
            f" '--output', {str(tmp_path / 'screen.png')!r}])\n"
            f"print(status, sorted(m for m in {RUNNING_ONLY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=60,
                            check=False)
    assert result.stdout == f"0 {sorted(expected)}\n", result.stderr


def test_url_photo_accent_and_room_door(screen: Show, tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    image = QImage(40, 50, QImage.Format.Format_RGB32)
    image.fill(0xC0392B)
    assert image.save(str(photos / "roel.png"))
    text = REAL_SCHEDULE.read_text(encoding="utf-8")
    text = text.replace("  language: nl\n", "  language: nl\n  url: https://www.example.org/a\n"
                        '  accent: "#1a7f5a"\n')
    text = text.replace("    role: burgemeester en voorzitter van de Alliantie\n",
                        "    role: burgemeester en voorzitter van de Alliantie\n"
                        "    photo: photos/roel.png\n", 1)
    text = text.replace("    title: Interactieve sessie Casper Gelderblom\n",
                        "    title: Interactieve sessie Casper Gelderblom\n    room: Zaal 2\n")
    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    result = read_schedule(path)
    _picture, window = render(result, path, at("10:20"), (1920, 1080))
    try:
        qr = [p for p in window.header.scene.ops if type(p).__name__ == "ImageOp"]
        assert len(qr) == 1
        assert round(qr[0].rect.w) == round(45 * 3.2)
        assert shown(window, "card", "speaker") == ["Roel Wever"]
        assert shown(window, "card", "initials") == [], "the photo instead of the initials"
        assert window.theme.accent != "#1a7f5a", "lightened to reach AAA on the panels"
        _, door = render(result, path, at("15:30"), (1920, 1080), room="Zaal 2")
        assert shown(door, "door", "room") == ["Zaal 2"]
        assert shown(door, "now", "label") == ["NU HIER · INTERACTIEVE SESSIE"]
        assert shown(door, "now", "title") == [
            "Martin de Beer & Open Universiteit", "Casper Gelderblom",
            "huisarts Micha Lutgens & Pharos"]
        door.allow_close()
        door.close()
    finally:
        window.allow_close()
        window.close()


def test_a_door_whose_session_is_cancelled_says_vervalt(screen: Show,
                                                        multiroom: ReadResult) -> None:
    window = screen("11:00", result=multiroom, room="Zaal 3")
    assert shown(window, "door", "room") == ["Zaal 3"]
    assert shown(window, "banner", "status") == ["Vervalt"]
    assert shown(window, "banner", "title") == ["Kansrijke Start in de praktijk"]
    assert shown(window, "banner", "note") == ["Helaas afgezegd wegens ziekte"]
    assert "Pauze" not in [t.text for t in window.painted().texts]


def test_the_multi_room_day_at_eleven(screen: Show, multiroom: ReadResult) -> None:
    window = screen("11:00", result=multiroom)
    assert_whole(window)
    everything = set(over_pages(window, "now", "title"))
    rooms = over_pages(window, "now", "room")
    # Every running session, and the cancelled one, over the pages.
    assert {t.replace("\u00ad", "") for t in everything} >= {
        "Ervaringsdeskundigheidsbijeenkomst over zorgmijding en wantrouwen",
        "Schuldenproblematiek en gezondheid in de spreekkamer van de huisarts",
        "Jongerenwerk en mentale gezondheid na de coronacrisis",
        "Wijkverpleging als spil in het sociaal domein",
        "Gezondheidsverschillen meten met open data",
        "Kansrijke Start in de praktijk"}
    assert set(rooms) == {"Zaal 1", "Zaal 2", "Zaal 3", "Studio Domtoren", "Ronde Tafelzaal",
                          "Grote zaal"}
    after = window.painted()
    assert [t.shown for t in after.of("next", "status")] == ["+10"]
    assert "gepland 11.45 – 12.45" in [t.shown for t in after.of("next", "time")]


def test_text_is_always_plain(screen: Show, tmp_path: Path) -> None:
    markup = '<img src="/etc/hosts"><b>vet</b>'
    text = (REAL_SCHEDULE.read_text(encoding="utf-8")
            .replace("    title: Lezing Dennis Martens\n",
                     f"    title: 'Lezing {markup}'\n    room: '<i>{markup}</i>'\n"
                     f"    note: '<u>{markup}</u>'\n")
            .replace("speakers:\n  roel-wever:", f"announcements:\n  - text: '<h1>{markup}</h1>'"
                     "\n\nspeakers:\n  roel-wever:", 1))
    result = parse_schedule(text, source="schedule.yaml", folder=REAL_SCHEDULE.parent)
    window = screen("11:20", (1080, 1920), result=result, room=f"<i>{markup}</i>")
    layout = assert_whole(window)
    drawn = {t.text for t in layout.texts}
    assert f"Lezing {markup}" in drawn
    assert f"<i>{markup}</i>" in drawn, "the room, of the session and of the door"
    assert f"<u>{markup}</u>" in drawn
    assert f"<h1>{markup}</h1>" in drawn


def beyond_the_reader(result: ReadResult, event: dict[str, object] | None = None,
                      **session: object) -> ReadResult:
    """``result`` with texts the reader would refuse (it bounds their lengths; the screen
    must not depend on that): the event's fields in ``event``, Lezing Dennis Martens's in
    ``session``."""
    schedule = result.schedule
    days = tuple(replace(day, sessions=tuple(
        replace(s, **session) if s.title == "Lezing Dennis Martens" else s  # type: ignore[arg-type]
        for s in day.sessions)) for day in schedule.days)
    changed = replace(schedule, days=days,
                      event=replace(schedule.event, **(event or {})))  # type: ignore[arg-type]
    return ReadResult(changed, (), result.source)


def test_a_url_no_qr_code_can_hold_shows_none_and_is_logged_once(
    screen: Show, real: ReadResult, caplog: pytest.LogCaptureFixture
) -> None:
    result = beyond_the_reader(real, event={"url": "https://example.org/" + "a" * 3000})
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        window = screen("11:20", result=result)
        window.rotate(window.rotation + 1)
        window.resize(1280, 720)
    assert not [op for op in window.header.scene.ops if type(op).__name__ == "ImageOp"]
    warnings = [r for r in caplog.records if "QR code" in r.getMessage()]
    assert len(warnings) == 1
    assert "DataOverflowError" in warnings[0].getMessage()
    assert_whole(window)


def test_layout_work_is_bounded_whatever_the_text(qapp: QApplication, real: ReadResult,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    measured: list[int] = []
    advance = Fonts.advance

    def counting(self: Fonts, text: str, face: Face) -> float:
        if (text, face.px, face.weight) not in self._advances:  # measured by Qt, not kept
            measured.append(len(text))
        return advance(self, text, face)

    monkeypatch.setattr(Fonts, "advance", counting)

    def cost(title: str) -> int:
        measured.clear()
        result = beyond_the_reader(real, title=title, note=title, room=title[:3000])
        _, window = render(result, REAL_SCHEDULE, at("11:20"), (1920, 1080))
        assert problems(window.painted()) == []
        window.allow_close()
        window.close()
        return sum(measured)

    short = cost("Lezing " * 40)
    spaced = cost("Lezing " * 4_300)  # 30,000 characters
    unbroken = cost("x" * 30_000)
    assert spaced < 3 * short, (short, spaced)
    assert unbroken < 3 * short, (short, unbroken)


def test_the_example_of_the_issue_draws_no_title_over_its_time(screen: Show) -> None:
    text = """\
event: {title: Test, date: 2024-04-15}
sessions:
  - time: 10.00 - 10.45
    title: Een sessie zonder sprekers maar met een tamelijk lange titel die doorgaat
    room: Grote zaal
  - {time: 10.45 - 11.30, title: Paneldiscussie, kind: panel, room: Zaal B}
announcements:
  - text: De lunch is in de foyer
"""
    result = parse_schedule(text, source="test.yaml")
    for size in SIZES:
        window = screen("10:20", size, result=result)
        layout = assert_whole(window)
        (title,) = layout.of("now", "title")
        assert title.shown == title.text


def test_the_layout_is_stable_from_minute_to_minute(screen: Show,
                                                    multiroom: ReadResult) -> None:
    for result, clocks in ((None, ["11:16", "11:30", "11:51", "11:59"]),
                           (multiroom, ["10:46", "11:00", "11:29", "11:44"])):
        frames = []
        for clock in clocks:
            window = screen(clock, result=result)
            frames.append([(p.region, p.rect) for p in window.placed])
        assert all(frame == frames[0] for frame in frames), frames


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_a_festival_of_forty_rooms_lists_what_is_on(screen: Show,
                                                    size: tuple[int, int]) -> None:
    from support.festival import festival

    result = parse_schedule(festival(), source="festival.yaml")
    assert len(result.schedule.sessions) == 2000
    window = screen("14:20", size, result=result, day=dt.date(2024, 6, 13))
    layout = assert_whole(window)
    assert window.board is not None
    running = window.board.now
    assert len(running) == 38
    (page,) = [t.shown for t in layout.of("now", "page")]
    count = int(page.split("/")[1])
    assert count <= 40 // 2, "pages of several sessions each"
    rows = [t.text for t in layout.of("now", "title")]
    assert rows
    assert set(rows) <= {item.short_title for item in running}


@pytest.mark.parametrize("size", every_size())
def test_a_day_of_only_cancelled_sessions_shows_them_cancelled(
        screen: Show, size: tuple[int, int]) -> None:
    from test_board import CANCELLED_DAY

    result = parse_schedule(CANCELLED_DAY, source="schedule.yaml")
    before = screen("09:30", size, result)
    assert_whole(before)
    assert "Bedankt voor uw komst" not in shown(before, "banner")
    assert "wijkzorg" in over_pages(before, "programme", "title")
    during = screen("10:30", size, result)
    assert_whole(during)
    assert "Vervalt" in shown(during, "now", "status")
    assert "Helaas afgezegd" in over_pages(during, "now", "note")


def panel_beside_workshops() -> str:
    """Six sessions at once: a panel of twelve with a long title and note, five workshops
    of one speaker with a short note."""
    people = "".join(f"  p{i}:\n    name: Gerrit-Jan Wolfswinkel-Bartholomeus {i}\n"
                     for i in range(12))
    people += "".join(f"  w{i}:\n    name: Anouk Hendriksen {i}\n" for i in range(1, 6))
    long_note = ("Verplaatst naar de Ervaringsdeskundigenzaal wegens een lekkage in de grote "
                 "zaal; volg de bordjes vanaf de hoofdingang en neem de trap naar boven. ") * 2
    title = ("Paneldiscussie over bestaanszekerheid, schuldhulpverlening en "
             "mantelzorgondersteuning in de wijk en wie dat gaat betalen")
    sessions = (f"  - time: 11.00 - 12.00\n    title: {title}\n"
                f"    kind: panel\n    room: Grote zaal\n    note: {long_note.strip()}\n"
                f"    speakers: [{', '.join(f'p{i}' for i in range(12))}]\n")
    sessions += "".join(f"  - time: 11.00 - 12.00\n    title: Workshop {i}\n"
                        f"    room: Zaal {i}\n    note: Vol {i}\n    speakers: [w{i}]\n"
                        for i in range(1, 6))
    return (f"event: {{title: Test, date: 2024-04-15}}\nspeakers:\n{people}"
            f"sessions:\n{sessions}")


@pytest.mark.parametrize("size", every_size())
def test_a_row_too_tall_for_a_page_drops_lines_alone(screen: Show,
                                                     size: tuple[int, int]) -> None:
    result = parse_schedule(panel_beside_workshops(), source="schedule.yaml")
    window = screen("11:10", size, result)
    assert_whole(window)
    notes = over_pages(window, "now", "note")
    assert [f"Vol {i}" for i in range(1, 6)] == [n for n in notes if n.startswith("Vol")]
    names = over_pages(window, "now", "speaker")
    assert [f"Anouk Hendriksen {i}" for i in range(1, 6)] == [
        n for n in names if n.startswith("Anouk")], "the panel alone loses its names"


LONG_SHARED = """\
event: {title: Test, date: 2024-04-15}
sessions:
""" + "".join(f"""\
  - time: 11.00 - 12.00
    title: Arbeidsongeschiktheidsverzekeringsadviesgesprek {room}
    room: Zaal {room}
""" for room in range(1, 7))


@pytest.mark.parametrize("size", every_size())
def test_a_label_of_several_lines_keeps_its_countdown_off_its_lines(
        screen: Show, size: tuple[int, int]) -> None:
    """"Nu · <a long word the titles share>" wraps: the time left and "1/3" go under it."""
    window = screen("11:10", size, parse_schedule(LONG_SHARED, source="schedule.yaml"))
    assert_whole(window)
    assert shown(window, "now", "countdown") == ["nog 50 min"]


SHARED_LONG_WORD = """\
event: {title: Test, date: 2024-04-15}
sessions:
  - time: 10.00 - 11.00
    title: Arbeidsongeschiktheidsverzekeringsadviesgesprek met de werkgever
    room: Zaal 1
  - time: 10.00 - 11.00
    title: Arbeidsongeschiktheidsverzekeringsadviesgesprek voor zzp'ers en zelfstandigen
    room: Zaal 2
  - time: 11.00 - 12.00
    title: Arbeidsongeschiktheidsverzekeringsadviesgesprek in de praktijk
    room: Zaal 1
  - time: 11.00 - 12.00
    title: Arbeidsongeschiktheidsverzekeringsadviesgesprek bij de gemeente
    room: Zaal 2
  - {time: 12.00 - 13.00, title: Lunch, kind: break}
"""


@pytest.mark.parametrize("size", every_size())
def test_a_shared_long_word_leaves_the_label_plain(screen: Show, size: tuple[int, int]) -> None:
    """What the titles share goes in the label only when it fits on one line; else the
    label says "Nu" and the titles are whole (not "NU · ARBEIDSONGESCHIKTHEID-" over
    three lines, with no room left for the titles)."""
    result = parse_schedule(SHARED_LONG_WORD, source="test.yaml")
    window = screen("10:20", size, result=result)
    layout = assert_whole(window)
    for region, word in (("now", "NU"), ("next", "HIERNA")):
        labels = layout.of(region, "label")
        assert [len(label.lines) for label in labels] in ([], [1]), labels
        if labels:
            assert labels[0].text == word
    titles = over_pages(window, "now", "title")
    assert all(t.startswith("Arbeidsongeschiktheidsverzekeringsadviesge") for t in titles)


NEXT_BESIDE_A_SHORT_PROGRAMME = """\
event: {title: Test, date: 2024-04-15}
speakers:
  s1: {name: Gerrit-Jan Hendriksen, role: voorzitter Raad van Bestuur Zorggroep}
  s2: {name: Anouk van der Velde-Hoogendoorn, role: directeur Kenniscentrum}
  s3: {name: Chantal Ramdin, role: ervaringsdeskundige}
sessions:
  - {time: 10.00 - 11.00, title: Opening, room: Zaal A}
  - {time: 10.00 - 11.00, title: Werkgroep één, room: Zaal B}
  - {time: 10.00 - 11.00, title: Werkgroep twee, room: Zaal C}
  - time: 11.00 - 12.00
    title: >-
      Arbeidsongeschiktheidsverzekeringsadviesgesprek in de praktijk van de bedrijfsarts
      en de verzekeringsarts
    room: Zaal A
    speakers: [s1, s2, s3]
    note: Deze sessie begint een kwartier later vanwege de verbouwing van de hoofdingang
  - {time: 12.00 - 13.00, title: Lunch, kind: break}
"""


@pytest.mark.parametrize("size", every_size())
def test_next_takes_the_room_its_neighbour_leaves(screen: Show, size: tuple[int, int]) -> None:
    """Next cut its title while the programme under it (or Now above it) had lines free:
    the border between them moves, so no title is cut beside free room."""
    result = parse_schedule(NEXT_BESIDE_A_SHORT_PROGRAMME, source="test.yaml")
    assert_whole(screen("10:20", size, result=result))


def test_a_title_cut_beside_free_room_in_the_region_under_it_is_a_problem() -> None:
    cut = Drawn("next", "title", "Een lange titel die niet past", "Een lange…",
                ("Een lange…",), (20, 20, 200, 40), 40)
    label = Drawn("programme", "label", "PROGRAMMA", "PROGRAMMA", ("PROGRAMMA",),
                  (20, 120, 200, 40), 40)
    layout = Layout((1000, 960), (cut, label), (
        Area("next", (10, 10, 400, 70), (20, 20, 380, 45)),
        Area("programme", (10, 110, 400, 400), (20, 120, 380, 380))))
    assert [p for p in problems(layout) if "free in programme" in p]
    beside = replace(layout, regions=(layout.regions[0],
                                      Area("programme", (500, 10, 400, 400),
                                           (510, 20, 380, 380))))
    beside = replace(beside, texts=(cut, replace(label, rect=(510, 20, 200, 40))))
    assert problems(beside) == []
