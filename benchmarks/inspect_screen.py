"""Render one moment with kiosk's own render() and say what the screen shows, as JSON.

    python benchmarks/inspect_screen.py SCHEDULE WHEN OUT.png [--size 1920x1080]

Used by run.py for the scale check: is the programme column on screen, and does it
show a window of whole rows around now (the current or next row)? Also: how many
sessions are running, whether the Now panel shows them as cards side by side (how wide
each) or as a list (how many lines in view), since forty columns side by side would not be
legible from across a lobby. It runs in its own process, with
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
from kiosk.screen.app import render


def describe(schedule: Path, when: str, png: Path, size: tuple[int, int]) -> dict[str, object]:
    result = read_schedule(schedule)
    moment = When.parse(when).resolve(result.schedule)
    image, window = render(result, schedule, moment, size)
    image.save(str(png), "PNG")
    board = window.board
    assert board is not None
    programme = window.programme
    shown = programme.shown
    unit = window.unit
    now_widths = [card.width() for card in window.now.cards if card.isVisible()]
    now_list = getattr(window.now, "list", None)  # a festival's many rooms, a line each
    listed = bool(now_list is not None and now_list.isVisible())
    rows = [
        {"time": board.programme[i].time, "state": board.programme[i].state.value,
         "entries": len(board.programme[i].entries)}
        for i in shown
    ]
    return {
        "moment": moment.isoformat(),
        "size": list(size),
        "mode": board.mode.value,
        "density": window.density,
        "now_sessions": len(board.now),
        "now_as_list": listed,
        "now_list_lines_shown": getattr(now_list, "shown", None) if listed else None,
        "now_column_width_px": (now_list.width() if listed and now_list is not None
                                else min(now_widths) if now_widths else None),
        "unit_px": round(unit, 1),
        "next_sessions": len(board.next),
        "programme_rows_today": len(board.programme),
        "programme_entries_today": sum(len(r.entries) for r in board.programme),
        "focus_row": board.focus,
        "programme_visible": programme.isVisible(),
        "programme_area_px": [programme.area.width(), programme.area.height()],
        "rows_shown": [shown.start, shown.stop],
        "rows": rows,
        "window_around_now": bool(programme.isVisible() and len(shown) > 0
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
