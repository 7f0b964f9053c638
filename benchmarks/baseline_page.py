"""The browser baseline: the same programme as a static HTML page, as most signage runs it.

    python benchmarks/baseline_page.py [SCHEDULE] [--out DIR]

writes DIR/programme.html (11.20: a session, like ``kiosk run --at 11:20``) and
DIR/programme-break.html (10.20: the walk-in, speaker cards rotating like
``kiosk run --at 10:20``), by default into benchmarks/baseline/. The content comes from
kiosk's own BoardMaker at that moment, so the page says exactly what the kiosk screen
says; the look (Inter from resources/fonts, the kiosk's colours and sizes in units of
1/24 of the screen height) is the kiosk's too.

What the page does while it runs is what a typical signage page does:
- a clock: ``setInterval`` once a second rewrites the HH.MM text (``?speed=N`` runs it
  N times as fast, from the moment the page shows);
- on the break page, one card at a time, changed every 12 s by a timer that toggles a
  class, with a 500 ms CSS opacity transition: the kiosk's own rhythm and cross-fade.
Nothing is fetched: the page, its fonts and its script are local files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
from pathlib import Path

from kiosk.board import Board, BoardMaker, Mode, RowState
from kiosk.reader import read_schedule
from kiosk.screen.theme import Theme

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MOMENTS = {"programme.html": dt.time(11, 20), "programme-break.html": dt.time(10, 20)}


def _e(text: str | None) -> str:
    return html.escape(text or "")


def page(board: Board, moment: dt.datetime, fonts: str, theme: Theme) -> str:
    """The HTML of one board (the moment's screen) as a self-contained page."""
    words = board.words
    header = board.header
    parts: list[str] = []
    parts.append(
        f'<header><div class="event"><div class="title">{_e(header.title)}</div>'
        f'<div class="line">{_e(" · ".join(t for t in (header.subtitle, header.venue) if t))}'
        f'</div></div><div class="when"><div id="clock" class="clock">{_e(header.clock)}</div>'
        f'<div class="date">{_e(header.date)}</div></div></header>')
    main: list[str] = []
    if board.banner is not None:
        banner = board.banner
        main.append(f'<section class="panel banner"><span class="heading">{_e(banner.heading)}'
                    f'</span> <span class="bline">{_e(banner.line)}</span></section>')
    if board.mode is Mode.SESSION and board.now:
        label = f"{words.now} · {board.now_heading}" if board.now_heading else words.now
        items = []
        for item in board.now:
            people = "".join(
                f'<div class="pname">{_e(p.name)}</div><div class="prole">{_e(p.role)}</div>'
                for p in item.speakers)
            items.append(
                f'<div class="now"><div class="ntitle">{_e(item.short_title)}</div>'
                f'<div class="meta"><span>{_e(item.time)}</span>'
                f'<span class="remaining">{_e(item.remaining)}</span></div>'
                f'<div class="bar"><div style="width:{item.progress * 100:.1f}%"></div></div>'
                f'{people}<div class="desc">{_e(item.description)}</div></div>')
        main.append(f'<section class="panel grow"><div class="label">{_e(label)}</div>'
                    f'{"".join(items)}</section>')
    if board.cards:
        cards = []
        for index, card in enumerate(board.cards):
            cards.append(
                f'<div class="card{" shown" if index == 0 else ""}">'
                f'<div class="avatar" style="background:{card.colour}">{_e(card.initials)}</div>'
                f'<div><div class="cname">{_e(card.name)}</div>'
                f'<div class="crole">{_e(card.role)}</div>'
                f'<div class="cwhen">{_e(card.when)}</div></div></div>')
        main.append(f'<section class="panel grow cards">{"".join(cards)}</section>')
    if board.next:
        label = f"{words.next} · {board.next_heading}" if board.next_heading else words.next
        upcoming = "".join(
            f'<div class="nrow"><div class="ntitle2">{_e(item.short_title)}</div>'
            f'<div class="ntime">{_e(item.time)}</div>'
            f'<div class="prole">{_e(" · ".join(p.name for p in item.speakers))}</div></div>'
            for item in board.next)
        main.append(f'<section class="panel"><div class="label">{_e(label)}'
                    f'<span class="countdown">{_e(board.next[0].countdown)}</span></div>'
                    f'{upcoming}</section>')
    rows: list[str] = []
    for row in board.programme:
        titles = _e(row.short_title)
        if row.heading:
            titles = f"{_e(row.heading)}:<br>{titles}"
        marker = {"current": "▶", "next": "›"}.get(row.state.value, "")
        rows.append(f'<div class="row {row.state.value}"><span class="mark">{marker}</span>'
                    f'<span class="rtime">{_e(row.time)}</span>'
                    f'<span class="rtitle">{titles}</span></div>')
    visible = [r for r, row in zip(rows, board.programme, strict=True)
               if row.state is not RowState.PAST]
    programme = (f'<section class="panel programme"><div class="label">{_e(words.programme)}'
                 f'</div>{"".join(visible)}</section>')
    body = (f'{"".join(parts)}<div class="body"><div class="main">{"".join(main)}</div>'
            f'{programme}</div>')
    start_ms = int(moment.timestamp() * 1000)
    offset = moment.utcoffset()
    offset_min = int(offset.total_seconds() // 60) if offset is not None else 0
    separator = words.clock_separator
    return f"""<!doctype html>
<html lang="{_e(words.language)}" translate="no"><head><meta charset="utf-8">
<meta name="google" content="notranslate">
<title>kiosk baseline</title>
<style>
@font-face {{ font-family: Inter; font-weight: 400; src: url("{fonts}/Inter-Regular.otf"); }}
@font-face {{ font-family: Inter; font-weight: 500; src: url("{fonts}/Inter-Medium.otf"); }}
@font-face {{ font-family: Inter; font-weight: 600; src: url("{fonts}/Inter-SemiBold.otf"); }}
@font-face {{ font-family: Inter; font-weight: 700; src: url("{fonts}/Inter-Bold.otf"); }}
:root {{ --u: calc(100vh / 24); }}
* {{ box-sizing: border-box; margin: 0; }}
html, body {{ height: 100%; overflow: hidden; cursor: none; }}
body {{ background: {theme.bg}; color: {theme.text}; font-family: Inter, sans-serif;
       font-size: var(--u); padding: calc(var(--u) * .4) calc(var(--u) * .6) calc(var(--u) * .6);
       display: flex; flex-direction: column; gap: calc(var(--u) * .5); }}
header {{ display: flex; justify-content: space-between; }}
.title {{ font-size: calc(var(--u) * 1.15); font-weight: 700; }}
.line, .date {{ color: {theme.muted}; }}
.when {{ text-align: right; }}
.clock {{ font-size: calc(var(--u) * 2.2); font-weight: 700; line-height: 1; }}
.body {{ flex: 1; display: flex; gap: calc(var(--u) * .6); min-height: 0; }}
.main {{ flex: 58 1 0; min-width: 0; display: flex; flex-direction: column;
         gap: calc(var(--u) * .5); }}
.programme {{ flex: 42 1 0; min-width: 0; }}
.panel {{ background: {theme.panel}; border-radius: calc(var(--u) * .4);
         padding: calc(var(--u) * .4) calc(var(--u) * .45); overflow: hidden; }}
.grow {{ flex: 1; }}
.label {{ font-weight: 700; color: {theme.accent}; text-transform: uppercase;
         display: flex; justify-content: space-between; }}
.ntitle {{ font-size: calc(var(--u) * 1.6); font-weight: 700; }}
.meta {{ display: flex; justify-content: space-between; color: {theme.muted}; }}
.remaining {{ color: {theme.accent}; font-weight: 700; }}
.bar {{ height: calc(var(--u) * .15); background: {theme.track}; border-radius: 9px;
       margin: calc(var(--u) * .2) 0; }}
.bar div {{ height: 100%; background: {theme.accent}; border-radius: 9px; }}
.pname {{ font-size: calc(var(--u) * 1.1); font-weight: 600; }}
.prole, .desc {{ color: {theme.muted}; }}
.desc {{ margin-top: calc(var(--u) * .3); white-space: nowrap; overflow: hidden;
        text-overflow: ellipsis; }}
.countdown {{ color: {theme.text}; text-transform: none; }}
.nrow {{ display: grid; grid-template-columns: 1fr auto; }}
.ntitle2 {{ font-size: calc(var(--u) * 1.2); font-weight: 600; }}
.ntime {{ color: {theme.muted}; }}
.banner .heading {{ font-size: calc(var(--u) * 2); font-weight: 700; }}
.banner .bline {{ font-size: calc(var(--u) * 1.3); color: {theme.muted}; }}
.cards {{ position: relative; }}
.card {{ position: absolute; inset: calc(var(--u) * .45); display: flex; align-items: center;
        gap: calc(var(--u) * .7); opacity: 0; transition: opacity 500ms linear; }}
.card.shown {{ opacity: 1; }}
.avatar {{ flex: none; width: calc(var(--u) * 3.8); height: calc(var(--u) * 3.8);
          border-radius: 50%; display: grid; place-items: center; color: #fff;
          font-size: calc(var(--u) * 1.7); font-weight: 700; }}
.cname {{ font-size: calc(var(--u) * 1.6); font-weight: 700; }}
.crole {{ font-size: calc(var(--u) * 1.05); color: {theme.muted}; }}
.cwhen {{ color: {theme.accent}; font-weight: 600; }}
.row {{ display: flex; gap: calc(var(--u) * .3); padding: 0 calc(var(--u) * .2);
       margin-top: calc(var(--u) * .12); border-radius: calc(var(--u) * .25); }}
.row .mark {{ width: calc(var(--u) * .6); font-weight: 700; color: {theme.accent}; }}
.row .rtime {{ width: calc(var(--u) * 2.6); color: {theme.muted}; flex: none; }}
.row.current {{ background: {theme.accent}; color: {theme.on_accent}; font-weight: 700; }}
.row.current .rtime, .row.current .mark {{ color: {theme.on_accent}; }}
.row.next .rtitle {{ font-weight: 700; }}
</style></head>
<body>{body}
<script>
(function () {{
  var speed = Number(new URLSearchParams(location.search).get("speed")) || 1;
  var start = {start_ms}, shown = Date.now(), offset = {offset_min} * 60000;
  var clock = document.getElementById("clock");
  function pad(n) {{ return (n < 10 ? "0" : "") + n; }}
  setInterval(function () {{
    var t = new Date(start + (Date.now() - shown) * speed + offset);
    clock.textContent = pad(t.getUTCHours()) + "{separator}" + pad(t.getUTCMinutes());
  }}, 1000);
  var cards = document.querySelectorAll(".card"), at = 0;
  if (cards.length > 1) setInterval(function () {{
    cards[at].classList.remove("shown");
    at = (at + 1) % cards.length;
    cards[at].classList.add("shown");
  }}, {board.card_seconds * 1000:.0f} / speed);
}})();
</script></body></html>
"""


def write_pages(schedule: Path, out: Path) -> dict[str, Path]:
    """Write the baseline pages for ``schedule`` into ``out``; their paths by name."""
    result = read_schedule(schedule)
    maker = BoardMaker(result.schedule)
    theme = Theme.for_accent(result.schedule.event.accent)
    out.mkdir(parents=True, exist_ok=True)
    fonts = Path(os.path.relpath(REPO / "resources" / "fonts", out.resolve()))
    written = {}
    for name, time in MOMENTS.items():
        moment = dt.datetime.combine(result.schedule.first_date, time,
                                     tzinfo=result.schedule.event.timezone)
        path = out / name
        path.write_text(page(maker.board(moment), moment, fonts.as_posix(), theme),
                        encoding="utf-8")
        written[name] = path
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("schedule", nargs="?", type=Path, default=REPO / "schedule.yaml")
    parser.add_argument("--out", type=Path, default=HERE / "baseline")
    options = parser.parse_args()
    for path in write_pages(options.schedule, options.out).values():
        print(path)  # noqa: T201


if __name__ == "__main__":
    main()
