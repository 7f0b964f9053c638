"""Render one moment with kiosk's own render() and say what the screen shows, as JSON.

    python benchmarks/inspect_screen.py SCHEDULE WHEN OUT.png [--size 1920x1080]

Used by run.py for the scale check: is the programme column on screen, and does it
show a window of whole rows around now (the current or next row)? Also: how many
sessions are running, and whether the Now panel shows them as a table (how many in view,
how wide), since forty columns side by side would not be legible from across a lobby.
Read from what the screen says it draws (``ScreenWindow.planned()``, the data of
``kiosk snapshot --layout``). It runs in its own process, with
Qt's offscreen platform, exactly as ``kiosk snapshot`` does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.options import When
from kiosk.reader import read_schedule
from kiosk.screen.picture import render


def describe(schedule: Path, when: str, png: Path, size: tuple[int, int]) -> dict[str, object]:
    result = read_schedule(schedule)
    moment = When.parse(when).resolve(result.schedule)
    image, window = render(result, schedule, moment, size)
    image.save(str(png), "PNG")
    board = window.board
    assert board is not None
    layout = window.planned()
    unit = window.unit
    # What the screen drew (kiosk.screen.record): the programme's rows by their times and
    # titles, Now's sessions by their titles.
    programme_titles = {t.text for t in layout.of("programme", "title")}
    shown_rows = [i for i, row in enumerate(board.programme)
                  if row.title in programme_titles or row.short_title in programme_titles]
    shown = range(shown_rows[0], shown_rows[-1] + 1) if shown_rows else range(0)
    programme = next((a for a in layout.regions if a.region == "programme"), None)
    now_area = next((a for a in layout.regions if a.region == "now"), None)
    now_titles = layout.of("now", "title")
    listed = len(board.now) > 3
    rows = [
        {"time": board.programme[i].time, "state": board.programme[i].state.value,
         "entries": 1}
        for i in shown
    ]
    return {
        "moment": moment.isoformat(),
        "size": list(size),
        "mode": board.mode.value,
        "now_sessions": len(board.now),
        "now_as_list": listed,
        "now_list_lines_shown": len(now_titles) if listed else None,
        "now_column_width_px": round(now_area.content[2]) if now_area else None,
        "unit_px": round(unit, 1),
        "next_sessions": len(board.next),
        "programme_rows_today": len(board.programme),
        "programme_entries_today": len(board.programme),
        "focus_row": board.focus,
        "programme_visible": programme is not None,
        "programme_area_px": [round(programme.content[2]), round(programme.content[3])]
        if programme else [0, 0],
        "rows_shown": [shown.start, shown.stop],
        "rows": rows,
        "window_around_now": bool(programme is not None and len(shown) > 0
                                  and board.focus in shown),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("schedule", type=Path)
    parser.add_argument("when")
    parser.add_argument("png", type=Path)
    parser.add_argument("--size", default="1920x1080")
    options = parser.parse_args()
    width, height = (int(n) for n in options.size.lower().split("x"))
    json.dump(describe(options.schedule, options.when, options.png, (width, height)),
              sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
