"""The board (what the screen shows), colours and the screen's resources."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from conftest import REAL_SCHEDULE
from kiosk.board import BoardMaker, Mode, RowState, only_room, shared_start
from kiosk.colours import AAA, avatar_colour, avatar_colours, contrast, initials, legible_on
from kiosk.reader import parse_schedule, read_schedule
from kiosk.screen import resources
from kiosk.screen.theme import Theme, render_stylesheet

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(hours: int, minutes: int, seconds: int = 0) -> dt.datetime:
    return dt.datetime(2024, 4, 15, hours, minutes, seconds, tzinfo=AMSTERDAM)


@pytest.fixture(scope="module")
def maker() -> BoardMaker:
    return BoardMaker(read_schedule(REAL_SCHEDULE).schedule)


def test_programme_rows_and_states_at_11_20(maker: BoardMaker) -> None:
    board = maker.board(at(11, 20))
    rows = [(r.time, r.state) for r in board.programme]
    assert rows == [
        ("10.15", RowState.PAST), ("10.45", RowState.PAST), ("11.00", RowState.PAST),
        ("11.15", RowState.CURRENT), ("12.00", RowState.NEXT), ("13.00", RowState.LATER),
        ("14.00", RowState.LATER), ("15.15", RowState.LATER), ("16.15", RowState.LATER),
        ("16.30", RowState.LATER),
    ]
    assert board.focus == 3
    workshops = board.programme[7]
    assert workshops.heading == "Interactieve sessie"
    assert [e.title for e in workshops.entries] == [
        "Martin de Beer & Open Universiteit", "Casper Gelderblom",
        "huisarts Micha Lutgens & Pharos"]


def test_now_item_at_11_20_30(maker: BoardMaker) -> None:
    board = maker.board(at(11, 20, 30))
    (item,) = board.now
    assert item.title == item.short_title == "Lezing Dennis Martens"
    assert item.time == "11.15 – 12.00"
    assert item.remaining == "nog 40 min"
    assert item.progress == round(5 / 45, 3)
    assert item.planned is None
    (upcoming,) = board.next
    assert (upcoming.countdown, upcoming.soon) == ("over 40 min", False)


def test_modes_through_the_day(maker: BoardMaker) -> None:
    modes = {clock: maker.board(at(*clock)).mode for clock in
             [(9, 0), (10, 15), (10, 45), (13, 0), (15, 0), (15, 15), (16, 0), (16, 30),
              (17, 0)]}
    assert modes == {
        (9, 0): Mode.WELCOME, (10, 15): Mode.BREAK, (10, 45): Mode.SESSION,
        (13, 0): Mode.BREAK, (15, 0): Mode.BREAK, (15, 15): Mode.SESSION,
        (16, 0): Mode.BREAK, (16, 30): Mode.BREAK, (17, 0): Mode.THANKS,
    }


def test_borrel_banner_and_cards_of_people_who_spoke(maker: BoardMaker) -> None:
    board = maker.board(at(16, 40))
    assert board.banner is not None
    assert (board.banner.heading, board.banner.line) == ("Afsluitende borrel", "tot 17.00")
    assert [c.upcoming for c in board.cards] == [False] * 10
    assert board.cards[0].when == "Sprak om 10.45 · Welkomstwoord"
    ron = next(c for c in board.cards if c.name == "Ron Meyer")
    assert ron.when == "Sprak om 16.15 · Afronding"


def test_delay_shows_the_new_time_and_the_planned_one() -> None:
    text = REAL_SCHEDULE.read_text(encoding="utf-8").replace(
        "    title: Lezing Dennis Martens\n",
        "    title: Lezing Dennis Martens\n    delay: 10\n")
    board = BoardMaker(parse_schedule(text, "schedule.yaml").schedule).board(at(11, 20))
    # Dennis Martens starts at 11.25, so Ron Meyer, planned to end at 11.15, runs over.
    assert board.mode is Mode.SESSION
    (running,) = board.now
    assert (running.title, running.time) == ("Lezing Ron Meyer", "11.00 – 11.25")
    (upcoming,) = board.next
    assert upcoming.time == "11.25 – 12.10"
    assert upcoming.planned == "gepland 11.15 – 12.00"


def test_room_door_keeps_that_room_and_items_without_a_room() -> None:
    text = REAL_SCHEDULE.read_text(encoding="utf-8")
    text = text.replace("    title: Interactieve sessie Casper Gelderblom\n",
                        "    title: Interactieve sessie Casper Gelderblom\n    room: Zaal 2\n")
    text = text.replace("    title: Interactieve sessie huisarts Micha Lutgens & Pharos\n",
                        "    title: Interactieve sessie huisarts Micha Lutgens & Pharos\n"
                        "    room: Zaal 3\n")
    schedule = parse_schedule(text, "schedule.yaml").schedule
    door = only_room(schedule, "zaal 2")
    titles = [s.title for s in door.sessions]
    assert "Interactieve sessie Casper Gelderblom" in titles
    assert "Interactieve sessie huisarts Micha Lutgens & Pharos" not in titles
    assert len(titles) == 11
    board = BoardMaker(schedule, room="Zaal 2").board(at(15, 30))
    assert [n.title for n in board.now] == [
        "Interactieve sessie Martin de Beer & Open Universiteit",
        "Interactieve sessie Casper Gelderblom"]
    assert board.header.room == "Zaal 2"


def test_shared_start() -> None:
    assert shared_start(["Lezing A", "Lezing B"]) == ("Lezing", ["A", "B"])
    assert shared_start(["Lezing A"]) == (None, ["Lezing A"])
    assert shared_start(["Lunch", "Lezing"]) == (None, ["Lunch", "Lezing"])
    # A title is never emptied entirely.
    assert shared_start(["Sessie", "Sessie B"]) == (None, ["Sessie", "Sessie B"])


def test_initials_and_avatar_colours() -> None:
    assert initials("Hugo de Jonge") == "HJ"
    assert initials("Marc van Caldenberg") == "MC"
    assert initials("Roel Wever") == "RW"
    assert initials("Cher") == "C"
    assert initials("  ") == "?"
    assert avatar_colour("Roel Wever") == avatar_colour("roel wever")
    for colour in avatar_colours():
        assert contrast("#ffffff", colour) >= AAA


@pytest.mark.parametrize("accent", [None, "#f2b134", "#1a7f5a", "#777777", "#000000", "#fff"])
def test_every_text_colour_reaches_aaa(accent: str | None) -> None:
    theme = Theme.for_accent(accent)
    for text in (theme.text, theme.muted, theme.dim, theme.accent):
        assert contrast(text, theme.bg) >= AAA, text
        assert contrast(text, theme.panel) >= AAA, text
    assert contrast(theme.on_accent, theme.accent) >= AAA


def test_legible_on_moves_a_dark_colour_just_enough() -> None:
    lighter = legible_on("#1a7f5a", "#132433")
    assert contrast(lighter, "#132433") >= AAA
    assert legible_on("#ffffff", "#132433") == "#ffffff"


def test_stylesheet_sizes_follow_the_unit() -> None:
    sheet = render_stylesheet("/* @u(9) */ #a { font-size: @u(1.5); color: @accent; }",
                              Theme.for_accent(None), 45)
    assert sheet == " #a { font-size: 68px; color: #f2b134; }"
    with pytest.raises(KeyError, match="@nope"):
        render_stylesheet("#a { color: @nope; }", Theme.for_accent(None), 45)


def test_bundled_resources_load(qapp: object) -> None:
    assert resources.load_fonts() == "Inter"
    assert "@u(" in resources.stylesheet_template()


def test_a_missing_resource_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "FONT_FILES", ("Missing.otf",))
    with pytest.raises(resources.ResourceError, match=r"without its resource fonts/Missing\.otf"):
        resources.load_fonts()


TWO_DAYS = """\
event:
  title: Zomerschool
days:
  - date: 2024-06-12
    sessions:
      - time: 09.30 - 10.30
        title: Opening
  - date: 2024-06-13
    sessions:
      - time: 09.30 - 11.00
        title: Werk en inkomen
  - date: 2024-06-15
    sessions:
      - time: 10.00 - 11.00
        title: Slotdag
"""


def test_between_days_the_screen_says_when_it_resumes_and_shows_that_day() -> None:
    maker = BoardMaker(parse_schedule(TWO_DAYS, "s.yaml").schedule)
    evening = maker.board(dt.datetime(2024, 6, 12, 20, 0, tzinfo=AMSTERDAM))
    assert evening.mode is Mode.BETWEEN_DAYS
    assert evening.banner is not None
    assert (evening.banner.heading, evening.banner.line) == (
        "Tot morgen", "donderdag om 09.30 gaan we verder")
    assert evening.programme_date == "donderdag 13 juni"
    assert [r.entries[0].title for r in evening.programme] == ["Werk en inkomen"]
    assert evening.next[0].countdown == "donderdag 09.30"
    friday = maker.board(dt.datetime(2024, 6, 13, 18, 0, tzinfo=AMSTERDAM))
    assert friday.banner is not None
    assert friday.banner.heading == "Tot zaterdag"
    morning = maker.board(dt.datetime(2024, 6, 12, 8, 0, tzinfo=AMSTERDAM))
    assert morning.mode is Mode.WELCOME
    assert morning.programme_date == "woensdag 12 juni"


def test_every_icon_the_screen_draws_is_in_the_icon_font(qapp: object) -> None:
    from PySide6.QtGui import QColor

    from kiosk.screen.icons import icons
    from kiosk.screen.panels import ProgrammeRowView
    from kiosk.screen.widgets import KIND_ICONS

    names = [*KIND_ICONS.values(), *ProgrammeRowView.MARKERS.values(), "fa5s.bullhorn"]
    for name in names:
        pixmap = icons().pixmap(name, 48, QColor("#ffffff"))
        image = pixmap.toImage()
        assert any(image.pixelColor(x, y).alpha() for x in range(48) for y in range(48)), name
    with pytest.raises(resources.ResourceError, match=r"no icon 'fa5s\.nope'"):
        icons().pixmap("fa5s.nope", 48, QColor("#ffffff"))


def test_a_missing_icon_font_is_a_clear_error(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.screen import icons as icons_module

    monkeypatch.setattr(icons_module, "FONT", "no-such-font-*.ttf")
    with pytest.raises(resources.ResourceError, match=r"no no-such-font-\*\.ttf in "):
        icons_module.Icons()


def test_a_day_stays_in_order_when_a_delay_shrinks() -> None:
    text = REAL_SCHEDULE.read_text(encoding="utf-8").replace(
        "    title: Lezing Dennis Martens\n", "    title: Lezing Dennis Martens\n    delay: 20\n"
    ).replace("    title: Lezing Lodewijk Asscher\n",
              "    title: Lezing Lodewijk Asscher\n    delay: 0\n")
    schedule = parse_schedule(text, "schedule.yaml").schedule
    starts = [s.start for s in schedule.sessions]
    assert starts == sorted(starts)
    titles = [s.title for s in schedule.sessions]
    # 20 minutes late, Dennis Martens (11.35) still starts before Asscher (12.00).
    assert titles.index("Lezing Dennis Martens") < titles.index("Lezing Lodewijk Asscher")
    # An hour late, he starts at 12.15: after Asscher, who is back on time at 12.00.
    text = text.replace("    delay: 20\n", "    delay: 60\n")
    moved = parse_schedule(text, "schedule.yaml").schedule
    order = [s.title for s in moved.sessions]
    assert order.index("Lezing Lodewijk Asscher") < order.index("Lezing Dennis Martens")
    assert [s.start for s in moved.sessions] == sorted(s.start for s in moved.sessions)
