"""The board (what the screen shows), colours and the screen's resources."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import REAL_SCHEDULE
from kiosk.board import (
    BadgeKind,
    BoardMaker,
    Mode,
    Region,
    RowState,
    Window,
    only_room,
    pages,
    programme_window,
    shared_start,
)
from kiosk.colours import AAA, avatar_colour, avatar_colours, contrast, initials, legible_on
from kiosk.reader import parse_schedule, read_schedule
from kiosk.schedule import Schedule
from kiosk.screen import resources
from kiosk.screen.theme import Style, StyleError, Theme, parse_styles
from kiosk.words import Words, words_for

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(hours: int, minutes: int, seconds: int = 0) -> dt.datetime:
    return dt.datetime(2024, 4, 15, hours, minutes, seconds, tzinfo=AMSTERDAM)


@pytest.fixture(scope="module")
def maker() -> BoardMaker:
    return BoardMaker(read_schedule(REAL_SCHEDULE).schedule)


def test_programme_rows_and_states_at_11_20(maker: BoardMaker) -> None:
    board = maker.board(at(11, 20))
    rows = [(r.time, r.first, r.state) for r in board.programme]
    assert rows == [
        ("10.15", True, RowState.PAST), ("10.45", True, RowState.PAST),
        ("11.00", True, RowState.PAST), ("11.15", True, RowState.CURRENT),
        ("12.00", True, RowState.NEXT), ("13.00", True, RowState.LATER),
        ("14.00", True, RowState.LATER), ("15.15", True, RowState.LATER),
        ("15.15", False, RowState.LATER), ("15.15", False, RowState.LATER),
        ("16.15", True, RowState.LATER), ("16.30", True, RowState.LATER),
    ]
    assert board.focus == 3
    workshops = board.programme[7:10]
    assert [r.heading for r in workshops] == ["Interactieve sessie", None, None]
    assert [r.short_title for r in workshops] == [
        "Martin de Beer & Open Universiteit", "Casper Gelderblom",
        "huisarts Micha Lutgens & Pharos"]
    assert workshops[0].title == "Interactieve sessie Martin de Beer & Open Universiteit"
    assert [r.rest for r in board.programme[9:]] == [
        "nog 2 items tot 17.00", "nog 1 item tot 17.00", ""]
    assert board.programme_label == "Programma"
    assert board.regions == (Region.HEADER, Region.NOW, Region.NEXT, Region.PROGRAMME)


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
    assert (board.cards[0].when, board.cards[0].session) == ("Sprak om 10.45", "Welkomstwoord")
    ron = next(c for c in board.cards if c.name == "Ron Meyer")
    assert (ron.when, ron.session) == ("Sprak om 16.15", "Afronding")


def test_a_break_shows_only_speakers_still_to_come(maker: BoardMaker) -> None:
    board = maker.board(at(13, 30))
    assert [c.name for c in board.cards] == [
        "Hugo de Jonge", "Martin de Beer", "Casper Gelderblom", "Micha Lutgens", "Ron Meyer",
        "Marc van Caldenberg"]
    assert all(c.upcoming for c in board.cards)
    assert board.cards[0].when == "Spreekt om 14.00"


def test_in_the_last_minutes_of_a_break_the_cards_show_who_speaks_next() -> None:
    text = REAL_SCHEDULE.read_text(encoding="utf-8").replace(
        "    title: Interactieve sessie Casper Gelderblom\n",
        "    title: Interactieve sessie Casper Gelderblom\n    room: Zaal 2\n")
    maker = BoardMaker(parse_schedule(text, "schedule.yaml").schedule)
    early = maker.board(at(15, 0))  # fifteen minutes before the workshops: theirs only
    assert [(c.name, c.when) for c in early.cards] == [
        ("Martin de Beer", "Straks om 15.15"), ("Casper Gelderblom", "Straks om 15.15 in Zaal 2"),
        ("Micha Lutgens", "Straks om 15.15")]
    assert early.cards[1].session == "Interactieve sessie Casper Gelderblom"
    lunch = maker.board(at(13, 46))
    assert lunch.cards[0].when == "Straks om 14.00"
    assert [c.name for c in lunch.cards] == ["Hugo de Jonge"]
    door = BoardMaker(parse_schedule(text, "schedule.yaml").schedule, room="Zaal 2")
    assert door.board(at(15, 0)).cards[1].when == "Straks om 15.15", "the door is the room"


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


def test_stylesheet_styles_are_read_in_units() -> None:
    styles = parse_styles("/* #no { } */ #a { font-size: @u(1.5); font-weight: 700; "
                          "color: @accent; background: #a11d17; }\n#b { font-size: @u(1); }")
    assert styles["a"] == Style("a", 1.5, 700, "accent", "#a11d17")
    assert styles["b"] == Style("b", 1.0, 400, "text", None)
    assert "no" not in styles
    with pytest.raises(StyleError, match="#c: unknown properties margin"):
        parse_styles("#c { font-size: @u(1); margin: 3px; }")
    with pytest.raises(StyleError, match="#d: font-size must be"):
        parse_styles("#d { font-size: 45px; }")
    with pytest.raises(KeyError, match="@nope"):
        Theme.for_accent(None).colour("nope")


def test_the_bundled_styles_are_all_at_least_a_unit_but_the_staff_notice() -> None:
    styles = parse_styles(resources.stylesheet_template())
    small = [name for name, style in styles.items() if style.size < 1]
    assert small == ["notice"]
    theme = Theme.for_accent(None)
    for style in styles.values():
        theme.colour(style.colour)
        if style.background:
            assert contrast(theme.colour(style.colour), theme.colour(style.background)) >= AAA


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
    assert evening.programme_label == "donderdag 13 juni"
    assert [r.title for r in evening.programme] == ["Werk en inkomen"]
    assert evening.next[0].countdown == "donderdag 09.30"
    friday = maker.board(dt.datetime(2024, 6, 13, 18, 0, tzinfo=AMSTERDAM))
    assert friday.banner is not None
    assert friday.banner.heading == "Tot zaterdag"
    morning = maker.board(dt.datetime(2024, 6, 12, 8, 0, tzinfo=AMSTERDAM))
    assert morning.mode is Mode.WELCOME
    assert morning.programme_label == "woensdag 12 juni"


def test_every_icon_the_screen_draws_is_in_the_icon_font(qapp: object) -> None:
    from PySide6.QtGui import QColor

    from kiosk.screen.icons import icons
    from kiosk.screen.programme import MARKERS
    from kiosk.screen.widgets import KIND_ICONS

    names = [*KIND_ICONS.values(), *MARKERS.values(), "fa5s.bullhorn"]
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


MULTIROOM = Path(__file__).parent / "data" / "multiroom.yaml"


def march(hours: int, minutes: int) -> dt.datetime:
    return dt.datetime(2025, 3, 20, hours, minutes, tzinfo=AMSTERDAM)


@pytest.fixture(scope="module")
def multiroom() -> Schedule:
    return read_schedule(MULTIROOM).schedule


def test_status_badges_and_planned_times(multiroom: Schedule) -> None:
    board = BoardMaker(multiroom).board(march(11, 0))
    (panel,) = board.next
    assert panel.badge is not None
    assert (panel.badge.kind, panel.badge.text) == (BadgeKind.DELAYED, "+10")
    assert (panel.time, panel.planned) == ("11.55 – 12.55", "gepland 11.45 – 12.45")
    assert panel.note == "Vragen stellen kan via de QR-code op uw badge"
    rows = {r.title: r for r in board.programme}
    cancelled = rows["Kansrijke Start in de praktijk"]
    assert cancelled.cancelled
    assert cancelled.badge is not None
    assert cancelled.badge.text == "Vervalt"
    assert cancelled.note == "Helaas afgezegd wegens ziekte", "a cancelled session's note too"
    assert rows["Schuldenproblematiek en gezondheid in de spreekkamer van de huisarts"].note == (
        "Verplaatst naar zaal 2 wegens een lekkage in zaal 4")
    # The planned start in the time column, the delay as a badge: a departure board.
    panel_row = rows["Paneldiscussie: wie betaalt de preventie van morgen?"]
    assert (panel_row.time, panel_row.badge) == ("11.45", panel.badge)


def test_a_talk_that_runs_over_shows_its_planned_end() -> None:
    schedule = read_schedule(REAL_SCHEDULE).schedule
    day = schedule.days[0]
    ron = day.sessions[2]
    assert ron.title == "Lezing Ron Meyer"
    longer = replace(ron, end=ron.end + dt.timedelta(minutes=10))
    schedule = replace(schedule, days=(replace(day, sessions=(
        *day.sessions[:2], longer, *day.sessions[3:])),))
    (item,) = BoardMaker(schedule).board(at(11, 10)).now
    assert item.time == "11.00 – 11.25"
    assert item.planned == "gepland tot 11.15"
    assert item.badge is not None
    assert (item.badge.kind, item.badge.text) == (BadgeKind.RUNS_OVER, "loopt uit")
    assert item.remaining == "nog 15 min"


def test_now_and_next_list_the_sessions_cancelled_in_their_slot(multiroom: Schedule) -> None:
    board = BoardMaker(multiroom).board(march(11, 0))
    assert [i.title for i in board.now_cancelled] == ["Kansrijke Start in de praktijk"]
    assert board.now_cancelled[0].note == "Helaas afgezegd wegens ziekte"
    assert "Kansrijke Start in de praktijk" not in [i.title for i in board.now]
    before = BoardMaker(multiroom).board(march(10, 30))
    assert [i.title for i in before.next_cancelled] == ["Kansrijke Start in de praktijk"]
    assert len(before.next) == 5


def test_with_many_sessions_running_the_programme_starts_after_them_and_next(
        multiroom: Schedule) -> None:
    board = BoardMaker(multiroom).board(march(11, 0))
    assert len(board.now) == 5
    row = board.programme[board.focus]
    assert (row.time, row.title, row.state) == ("12.45", "Lunch in de foyer", RowState.LATER)


def test_a_door_whose_session_is_cancelled_says_so_not_pause(multiroom: Schedule) -> None:
    door = BoardMaker(multiroom, room="Zaal 3")
    board = door.board(march(11, 0))
    assert board.banner is not None
    assert board.banner.badge is not None
    assert (board.banner.badge.text, board.banner.heading, board.banner.line) == (
        "Vervalt", "Kansrijke Start in de praktijk", "Helaas afgezegd wegens ziekte")
    assert board.header.room == "Zaal 3"
    assert Region.DOOR in board.regions
    assert Region.HEADER not in board.regions
    assert board.now_label == "Nu hier"
    assert door.board(march(14, 0)).now_label == "Nu hier"
    assert door.board(march(13, 30)).next_label == "Straks hier"
    lone = BoardMaker(multiroom, room="zaal 3").board(march(11, 30))
    assert lone.banner is not None
    assert lone.banner.heading != "Pauze"


def test_pages_are_even_and_whole() -> None:
    assert pages([], 100) == []
    assert pages([30, 30, 30], 100, gap=5) == [range(3)]
    assert pages([50, 50, 50, 50, 50], 120, gap=10) == [range(2), range(2, 4), range(4, 5)]
    # Greedy would give 3 + 1; even pages give 2 + 2.
    assert pages([20, 20, 20, 20], 70, gap=5) == [range(2), range(2, 4)]
    assert pages([200, 10], 100) == [range(1), range(1, 2)], "a tall row gets its own page"


def test_the_programme_window_ends_with_the_rest_line_or_fills_with_the_past() -> None:
    heights = [10.0] * 20
    measured: list[int] = []

    def height(index: int) -> float:
        measured.append(index)
        return heights[index]

    window = programme_window(20, 5, height, space=60, gap=0, rest_height=10)
    assert window == Window(range(5, 10), True), "five rows, then the rest line"
    assert max(measured) <= 10, "only rows that may show are measured"
    end = programme_window(20, 18, lambda i: 10.0, space=60, gap=0, rest_height=10)
    assert end == Window(range(14, 20), False), "at the end of the day, the past fills in"
    assert programme_window(0, 0, lambda i: 10.0, 60, 0, 10) == Window(range(0), False)


DUTCH, ENGLISH = words_for("nl"), words_for("en")


def test_every_word_is_there_in_both_languages() -> None:
    assert (DUTCH.now, DUTCH.clock(dt.datetime(2024, 4, 15, 9, 5))) == ("Nu", "09.05")
    assert (ENGLISH.now, ENGLISH.clock(dt.datetime(2024, 4, 15, 9, 5))) == ("Now", "09:05")
    for name in Words.__dataclass_fields__:
        dutch, english = getattr(DUTCH, name), getattr(ENGLISH, name)
        assert dutch, name
        assert english, name
        if isinstance(dutch, str):
            assert re.findall(r"{\w+}", dutch) == re.findall(r"{\w+}", english), name
    assert DUTCH.rest_of(1, "17.00") == "nog 1 item tot 17.00"
    assert ENGLISH.rest_of(4, "17:00") == "4 more items until 17:00"
    assert (DUTCH.rehearsal_badge(1), ENGLISH.rehearsal_badge(60)) == ("REPETITIE",
                                                                       "REHEARSAL ×60")


def test_an_english_board_says_everything_in_english(multiroom: Schedule) -> None:
    english = replace(multiroom, event=replace(multiroom.event, language="en"))
    board = BoardMaker(english).board(march(11, 0))
    assert (board.now_label, board.next_label, board.programme_label) == (
        "Now", "Next", "Programme")
    assert board.now_cancelled[0].badge is not None
    assert board.now_cancelled[0].badge.text == "Cancelled"
    assert board.next[0].planned == "planned 11:45 – 12:45"
    assert board.now[0].remaining == "45 min left"
    assert board.header.clock == "11:00"


def test_a_room_door_does_not_name_its_own_room(multiroom: Schedule) -> None:
    door = BoardMaker(multiroom, room="zaal 1").board(march(14, 0))
    lobby = BoardMaker(multiroom).board(march(14, 0))
    (here,) = door.now
    assert here.room is None
    assert [n.room for n in lobby.now if n.title == here.title] == ["Zaal 1"]


CANCELLED_DAY = """\
event: {title: Test, date: 2024-04-15}
sessions:
  - time: 10.00 - 11.00
    title: Workshop wijkzorg
    room: Zaal 1
    cancelled: true
    note: Helaas afgezegd
  - time: 10.00 - 11.00
    title: Workshop schuldhulp
    room: Zaal 2
    cancelled: true
  - time: 11.00 - 12.00
    title: Slot
    room: Zaal 1
    cancelled: true
"""


def test_a_day_of_only_cancelled_sessions_says_so_not_thank_you() -> None:
    schedule = parse_schedule(CANCELLED_DAY, "schedule.yaml").schedule
    maker = BoardMaker(schedule)
    before = maker.board(at(9, 30))
    assert before.mode is not Mode.THANKS
    assert before.banner is None, "no 'welcome, the programme starts at' either"
    assert Region.PROGRAMME in before.regions
    assert [r.cancelled for r in before.programme] == [True, True, True]
    during = maker.board(at(10, 30))
    assert Region.NOW in during.regions
    assert [i.title for i in during.now_cancelled] == ["Workshop wijkzorg",
                                                       "Workshop schuldhulp"]
    assert during.now_cancelled[0].note == "Helaas afgezegd"
    assert [i.title for i in maker.board(at(11, 30)).now_cancelled] == ["Slot"]
    assert maker.board(at(12, 0)).mode is Mode.THANKS
    door = BoardMaker(schedule, room="Zaal 1")
    assert door.board(at(9, 30)).mode is not Mode.THANKS
    banner = door.board(at(10, 30)).banner
    assert banner is not None
    assert banner.badge is not None
    assert (banner.badge.text, banner.heading) == ("Vervalt", "Workshop wijkzorg")


def test_a_cancelled_last_session_is_said_at_its_time() -> None:
    text = REAL_SCHEDULE.read_text(encoding="utf-8").replace(
        "    title: Afsluitende borrel\n", "    title: Afsluitende borrel\n    cancelled: true\n")
    schedule = parse_schedule(text, "schedule.yaml").schedule
    (last,) = [s for s in schedule.sessions if s.title == "Afsluitende borrel"]
    board = BoardMaker(schedule).board(last.scheduled_start + dt.timedelta(minutes=5))
    assert [i.title for i in board.now_cancelled] == ["Afsluitende borrel"]
    assert board.mode is not Mode.THANKS
