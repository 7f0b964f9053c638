"""The lobby screen at the key moments of the real day, at every screen size we support."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from conftest import REAL_SCHEDULE
from kiosk.board import Mode
from kiosk.cli import main
from kiosk.reader import ReadResult, parse_schedule, read_schedule
from kiosk.screen.app import render
from kiosk.screen.panels import NextRow, NowCard
from kiosk.screen.text import TextBlock
from kiosk.screen.window import ScreenWindow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SIZES = [(1920, 1080), (1080, 1920), (1280, 720), (3840, 2160)]
MOMENTS = ["09:00", "10:20", "11:20", "13:30", "15:05", "15:30", "16:58", "17:05"]


def at(clock: str, day: int = 15) -> dt.datetime:
    hours, minutes = map(int, clock.split(":"))
    return dt.datetime(2024, 4, day, hours, minutes, tzinfo=AMSTERDAM)


@pytest.fixture(scope="module")
def real() -> ReadResult:
    return read_schedule(REAL_SCHEDULE)


@pytest.fixture
def screen(qapp: QApplication, real: ReadResult) -> Iterator[object]:
    windows: list[ScreenWindow] = []

    def show(clock: str, size: tuple[int, int] = (1920, 1080),
             result: ReadResult | None = None) -> ScreenWindow:
        _, window = render(result or real, REAL_SCHEDULE, at(clock), size)
        windows.append(window)
        return window

    yield show
    for window in windows:
        window.allow_close()
        window.close()
        window.deleteLater()


def visible_blocks(window: ScreenWindow) -> list[TextBlock]:
    return [b for b in window.findChildren(TextBlock) if b.isVisibleTo(window) and b.text()]


def rect_in(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def texts(blocks: list[TextBlock]) -> list[str]:
    return [b.text() for b in blocks]


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
             "    cancelled: true\n")
    .replace("    title: Lunch\n", "    title: Lunch\n    delay: 0\n")
)
"""The real day on a busy day: running late, a room change, a cancellation, announcements."""


@pytest.mark.parametrize(("size", "clock"), list(itertools.product(SIZES, MOMENTS)))
def test_layout_is_whole_legible_and_unclipped(
    screen: object, size: tuple[int, int], clock: str
) -> None:
    assert_whole(screen(clock, size), size)  # type: ignore[operator]


@pytest.mark.parametrize(("size", "clock"), list(itertools.product(
    SIZES, ["10:20", "11:30", "13:30", "15:05", "15:30"])))
def test_a_busy_day_still_fits(screen: object, size: tuple[int, int], clock: str) -> None:
    result = parse_schedule(BUSY, source="schedule.yaml", folder=REAL_SCHEDULE.parent)
    window = screen(clock, size, result=result)  # type: ignore[operator]
    assert window.announcement.isVisibleTo(window)
    assert_whole(window, size)


def test_announcements_rotate_with_the_cards(screen: object) -> None:
    result = parse_schedule(BUSY, source="schedule.yaml", folder=REAL_SCHEDULE.parent)
    window = screen("13:30", result=result)  # type: ignore[operator]
    shown = window.announcement.text.text()
    window.rotate(window.announcement_index + 1)
    assert {shown, window.announcement.text.text()} == {
        "De lunch is in de foyer op de eerste verdieping",
        "Wifi: Royal-Gast, wachtwoord academie2024"}
    later = screen("15:30", result=result)  # type: ignore[operator]
    assert later.board.announcements == ("Wifi: Royal-Gast, wachtwoord academie2024",)


def test_a_delay_shows_the_new_and_the_planned_time(screen: object) -> None:
    result = parse_schedule(BUSY, source="schedule.yaml", folder=REAL_SCHEDULE.parent)
    window = screen("11:30", (1080, 1920), result=result)  # type: ignore[operator]
    card = window.now.cards[0]
    assert card.time.text() == "11.25 – 12.10"
    assert card.planned.text() == "gepland 11.15 – 12.00"
    assert card.note.text() == "Verplaatst naar zaal 2"
    assert card.room.text() == "Zaal 1"
    cancelled = [v for v in window.programme.rows if v.time.text() == "14.00"]
    assert cancelled[0].titles[0].text() == "Vervalt: Lezing Hugo de Jonge"
    assert cancelled[0].titles[0].font().strikeOut()


def assert_whole(window: ScreenWindow, size: tuple[int, int]) -> None:
    """Every text inside the window, unsqueezed, uncut, not overlapping, at least a unit."""
    assert (window.width(), window.height()) == size
    frame = window.rect()
    unit = min(size) / 24
    blocks = visible_blocks(window)
    assert blocks
    for block in blocks:
        where = rect_in(window, block)
        assert frame.contains(where), f"{block.objectName()} {block.text()!r} leaves the window"
        assert block.height() >= block.minimumHeight(), (
            f"{block.objectName()} {block.text()!r} squeezed to {block.height()} px "
            f"of {block.minimumHeight()}")
        shown, _ = block.lines()
        if block.elastic and not shown:
            continue  # nice-to-have text that found no room: it shows nothing at all
        assert shown, f"{block.objectName()} {block.text()!r} shows no line"
        needed = len(shown) * block.line_height()
        inner = block.contentsRect().height()
        assert inner + 1 >= needed, f"{block.objectName()} {block.text()!r} is cut off"
        # Nothing attendees read is smaller than a unit (45 px on a 1080-line screen).
        assert block.font().pixelSize() >= round(unit), (
            f"{block.objectName()} {block.text()!r} is {block.font().pixelSize()} px")
    for first, second in itertools.combinations(blocks, 2):
        overlap = rect_in(window, first).intersected(rect_in(window, second))
        assert overlap.isEmpty(), f"{first.text()!r} overlaps {second.text()!r}"
    regions = [r for r in (window.header, window.banner, window.now, window.cards,
                           window.next, window.programme) if r.isVisibleTo(window)]
    for region in regions:
        assert frame.contains(rect_in(window, region))
    for first, second in itertools.combinations(regions, 2):
        assert rect_in(window, first).intersected(rect_in(window, second)).isEmpty()


def test_dennis_martens_is_on_at_11_20(screen: object) -> None:
    window = screen("11:20")  # type: ignore[operator]
    assert window.board.mode is Mode.SESSION
    cards = [c for c in window.now.cards if c.isVisibleTo(window)]
    assert [c.title.text() for c in cards] == ["Lezing Dennis Martens"]
    assert cards[0].time.text() == "11.15 – 12.00"
    assert cards[0].remaining.text() == "nog 40 min"
    assert texts(visible_blocks(cards[0].people)) == ["Dennis Martens", "NPHLN-onderzoeker"]
    rows = [r for r in window.next.rows if r.isVisibleTo(window)]
    assert [r.title.text() for r in rows] == ["Lezing Lodewijk Asscher"]
    assert window.next.countdown.text() == "over 40 min"
    assert window.header.clock.text() == "11.20"
    assert window.header.date.text() == "maandag 15 april 2024"
    assert window.now.label.text() == "NU"
    current = [window.programme.view_for(i) for i in window.programme.shown
               if window.programme.view_for(i).property("state") == "current"]
    assert [r.time.text() for r in current] == ["11.15"]


def test_the_three_workshops_side_by_side_at_15_30(screen: object) -> None:
    window = screen("15:30")  # type: ignore[operator]
    cards: list[NowCard] = [c for c in window.now.cards if c.isVisibleTo(window)]
    assert [c.title.text() for c in cards] == [
        "Martin de Beer & Open Universiteit", "Casper Gelderblom",
        "huisarts Micha Lutgens & Pharos"]
    assert window.now.label.text() == "NU · INTERACTIEVE SESSIE"
    tops = {rect_in(window, c).top() for c in cards}
    assert len(tops) == 1, "side by side: the three start at the same height"
    lefts = [rect_in(window, c).left() for c in cards]
    assert lefts == sorted(lefts)
    assert not window.programme.isVisibleTo(window), "the workshops take the whole width"


def test_portrait_stacks_the_workshops_and_keeps_the_programme(screen: object) -> None:
    window = screen("15:30", (1080, 1920))  # type: ignore[operator]
    cards = [c for c in window.now.cards if c.isVisibleTo(window)]
    lefts = {rect_in(window, c).left() for c in cards}
    assert len(lefts) == 1, "stacked in portrait"
    assert window.programme.isVisibleTo(window)


def test_walk_in_shows_the_break_and_the_first_speaker_card(screen: object) -> None:
    window = screen("10:20")  # type: ignore[operator]
    assert window.board.mode is Mode.BREAK
    assert window.banner.heading.text() == "Inloop"
    assert window.banner.line.text() == "tot 10.45"
    # 10.20:00 is 1713169200 s after the epoch: card 1713169200 // 12 % 10 = 0.
    assert window.cards.name.text() == "Roel Wever"
    assert window.cards.when.text() == "Spreekt om 10.45 · Welkomstwoord"
    assert not window.cards.avatar.has_photo()


def test_lunch_cards_put_speakers_still_to_come_first(screen: object) -> None:
    window = screen("13:30")  # type: ignore[operator]
    assert window.banner.heading.text() == "Lunch"
    assert window.banner.line.text() == "tot 14.00"
    names = [c.name for c in window.board.cards]
    assert names == [
        "Hugo de Jonge", "Martin de Beer", "Casper Gelderblom", "Micha Lutgens",
        "Ron Meyer", "Marc van Caldenberg",
        "Roel Wever", "Nicole Ummelen", "Dennis Martens", "Lodewijk Asscher",
    ]
    whens = {c.name: c.when for c in window.board.cards}
    assert whens["Ron Meyer"] == "Spreekt om 16.15 · Afronding"
    assert whens["Dennis Martens"] == "Sprak om 11.15 · Lezing Dennis Martens"


def test_gap_between_lecture_and_workshops_is_a_pause(screen: object) -> None:
    window = screen("15:05")  # type: ignore[operator]
    assert window.banner.heading.text() == "Pauze"
    assert window.banner.line.text() == "om 15.15 gaan we verder"
    assert window.next.label.text() == "HIERNA · INTERACTIEVE SESSIE"
    assert window.next.countdown.text() == "over 10 min"
    assert window.next.countdown.property("soon") is False


def test_countdown_stands_out_in_the_last_five_minutes(screen: object) -> None:
    window = screen("15:10")  # type: ignore[operator]
    assert window.next.countdown.text() == "over 5 min"
    assert window.next.countdown.property("soon") is True


def test_before_and_after_the_day(screen: object) -> None:
    morning = screen("09:00")  # type: ignore[operator]
    assert morning.board.mode is Mode.WELCOME
    assert texts([morning.banner.heading, morning.banner.line, morning.banner.countdown]) == [
        "Welkom", "De deuren gaan open om 10.15", "over 1 uur 15 min"]
    evening = screen("17:05")  # type: ignore[operator]
    assert evening.board.mode is Mode.THANKS
    assert evening.banner.heading.text() == "Bedankt voor uw komst"
    assert not evening.programme.isVisibleTo(evening)
    assert not evening.next.isVisibleTo(evening)


def test_english_screen(screen: object) -> None:
    text = REAL_SCHEDULE.read_text(encoding="utf-8").replace("language: nl", "language: en")
    result = parse_schedule(text, source="schedule.yaml", folder=REAL_SCHEDULE.parent)
    window = screen("11:20", result=result)  # type: ignore[operator]
    assert window.header.clock.text() == "11:20"
    assert window.header.date.text() == "Monday 15 April 2024"
    assert window.now.label.text() == "NOW"
    assert window.next.label.text() == "NEXT"
    assert window.next.countdown.text() == "in 40 min"
    assert window.now.cards[0].remaining.text() == "40 min left"
    lunch = screen("13:30", result=result)  # type: ignore[operator]
    assert lunch.banner.line.text() == "until 14:00"


def long_day(sessions: int) -> str:
    lines = ["event:", "  title: Lange dag", "  date: 2024-04-15", "sessions:"]
    start = 8 * 60
    for index in range(sessions):
        begin, end = start + index * 20, start + index * 20 + 20
        lines += [f"  - time: {begin // 60:02d}.{begin % 60:02d} - {end // 60:02d}.{end % 60:02d}",
                  f"    title: Sessie {index + 1} over een onderwerp met een lange titel"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("size", SIZES)
def test_a_long_day_shows_whole_rows_around_now(screen: object, size: tuple[int, int]) -> None:
    result = parse_schedule(long_day(36), source="long.yaml")
    window = screen("14:10", size, result=result)  # type: ignore[operator]
    programme = window.programme
    # 14.10 is in session 19 (14.00-14.20): row index 18.
    assert window.board.focus == 18
    assert 18 in programme.shown
    assert len(programme.shown) >= 3
    area = programme.area.rect()
    for index in programme.shown:
        row = programme.view_for(index)
        assert area.contains(row.geometry()), f"row {index} is cut off"
        assert row.time.text() == window.board.programme[index].time
    shown = {id(programme.view_for(i)) for i in programme.shown}
    assert all(not view.isVisibleTo(window) for view in programme.rows if id(view) not in shown)


def test_snapshot_command_writes_the_png(qapp: QApplication, tmp_path: Path) -> None:
    output = tmp_path / "screen.png"
    assert main(["snapshot", str(REAL_SCHEDULE), "--at", "11:20", "--size", "1280x720",
                 "--output", str(output)]) == 0
    image = QImage(str(output))
    assert (image.width(), image.height()) == (1280, 720)


def test_snapshot_to_an_unwritable_place_exits_2(qapp: QApplication, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "missing" / "screen.png"
    assert main(["snapshot", str(REAL_SCHEDULE), "--at", "11:20", "--output", str(output)]) == 2
    assert capsys.readouterr().err == f"kiosk: cannot write {output}\n"


def test_next_rows_are_widgets_of_the_next_panel(screen: object) -> None:
    window = screen("15:05")  # type: ignore[operator]
    rows: list[NextRow] = [r for r in window.next.rows if r.isVisibleTo(window)]
    assert [r.title.text() for r in rows] == [
        "Martin de Beer & Open Universiteit", "Casper Gelderblom",
        "huisarts Micha Lutgens & Pharos"]
    assert {r.time.text() for r in rows} == {"15.15 – 16.00"}


def test_url_photo_accent_and_room_door(screen: object, tmp_path: Path) -> None:
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
    _, window = render(result, path, at("10:20"), (1920, 1080))
    try:
        qr = window.header.qr
        assert qr.isVisibleTo(window)
        assert qr.width() == qr.height() == round(45 * 3.2)
        assert window.cards.name.text() == "Roel Wever"
        assert window.cards.avatar.has_photo()
        assert window.theme.accent != "#1a7f5a", "lightened to reach AAA on the panels"
        _, door = render(result, path, at("15:30"), (1920, 1080), room="Zaal 2")
        assert door.header.room.text() == "Zaal 2"
        assert door.header.room.isVisibleTo(door)
        assert [c.title.text() for c in door.now.cards if c.isVisibleTo(door)] == [
            "Martin de Beer & Open Universiteit", "Casper Gelderblom",
            "huisarts Micha Lutgens & Pharos"]
        door.allow_close()
        door.close()
    finally:
        window.allow_close()
        window.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_a_festival_of_forty_rooms_lists_what_is_on(screen: object,
                                                    size: tuple[int, int]) -> None:
    from support.festival import festival

    result = parse_schedule(festival(), source="festival.yaml")
    assert len(result.schedule.sessions) == 2000
    _, window = render(result, REAL_SCHEDULE, dt.datetime(2024, 6, 13, 14, 20,
                                                          tzinfo=AMSTERDAM), size)
    try:
        assert_whole(window, size)
        running = window.board.now
        assert len(running) == 38
        listing = window.now.list
        assert listing.isVisibleTo(window)
        assert listing.shown >= 1
        assert listing.more.text() == f"+ {len(running) - listing.shown} meer"
        assert [r.title.text() for r in listing.rows[: listing.shown]] == [
            item.title for item in running[: listing.shown]]
        programme = window.programme
        assert programme.isVisibleTo(window)
        assert window.board.focus in programme.shown
        assert len(programme.rows) <= 2 * programme.REACH, "widgets only near now"
    finally:
        window.allow_close()
        window.close()
