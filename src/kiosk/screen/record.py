"""What the screen drew, as data (``kiosk snapshot --layout FILE.json``), and the screen's
guarantees checked on it.

Recorded where each text is painted, in window pixels: one entry per text (a wrapped
title is one entry, its rect the box of its drawn lines). No Qt here: a test, a soak or
anyone checking a screen without looking at it reads the same data.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WHOLE_ROLES = frozenset({"clock", "date", "time", "countdown", "room", "speaker", "status",
                         "note", "more", "label", "page", "initials", "rehearsal"})
"""Texts shown whole or not at all."""
STAFF_ROLES = frozenset({"notice", "rehearsal"})
"""Texts for staff, exempt from the smallest size attendees read."""
ELLIPSIS = "…"
SLACK = 0.51
"""Pixels of rounding allowed where boxes meet."""


@dataclass(frozen=True)
class Drawn:
    """One text as drawn."""

    region: str
    role: str
    text: str
    """The whole text."""
    shown: str
    """The text as drawn, in one line: ending in "…" where it was cut."""
    lines: tuple[str, ...]
    rect: tuple[float, float, float, float]
    """x, y, width, height of the box of its drawn lines, in window pixels."""
    px: int
    """The font's size in pixels."""

    @property
    def cut(self) -> bool:
        return self.shown != self.text

    @property
    def line_height(self) -> float:
        return self.rect[3] / max(1, len(self.lines))

    def as_json(self) -> dict[str, Any]:
        return {"region": self.region, "role": self.role, "text": self.text,
                "shown": self.shown, "lines": list(self.lines),
                "rect": [round(v, 2) for v in self.rect], "px": self.px}


@dataclass(frozen=True)
class Area:
    """Where a region is: its box and the room inside it (its panel's padding off)."""

    region: str
    rect: tuple[float, float, float, float]
    content: tuple[float, float, float, float]

    def as_json(self) -> dict[str, Any]:
        return {"region": self.region, "rect": [round(v, 2) for v in self.rect],
                "content": [round(v, 2) for v in self.content]}


@dataclass(frozen=True)
class Shape:
    """Something drawn that is not a text: an icon, a progress bar, a badge's pill, a
    photo, a line between rows (not a region's own background)."""

    region: str
    kind: str
    rect: tuple[float, float, float, float]

    def as_json(self) -> dict[str, Any]:
        return {"region": self.region, "kind": self.kind,
                "rect": [round(v, 2) for v in self.rect]}


@dataclass(frozen=True)
class Layout:
    size: tuple[int, int]
    texts: tuple[Drawn, ...]
    regions: tuple[Area, ...]
    shapes: tuple[Shape, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"size": list(self.size), "texts": [t.as_json() for t in self.texts],
                "regions": [r.as_json() for r in self.regions],
                "shapes": [s.as_json() for s in self.shapes]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Layout:
        return cls(
            size=(int(data["size"][0]), int(data["size"][1])),
            texts=tuple(Drawn(t["region"], t["role"], t["text"], t["shown"],
                              tuple(t.get("lines", ())), tuple(t["rect"]), int(t["px"]))
                        for t in data["texts"]),
            regions=tuple(Area(r["region"], tuple(r["rect"]), tuple(r["content"]))
                          for r in data.get("regions", ())),
            shapes=tuple(Shape(s["region"], s["kind"], tuple(s["rect"]))
                         for s in data.get("shapes", ())),
        )

    def of(self, region: str, role: str | None = None) -> list[Drawn]:
        return [t for t in self.texts if t.region == region and (role is None or t.role == role)]


def _inside(inner: Sequence[float], outer: Sequence[float]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return (x >= ox - SLACK and y >= oy - SLACK and x + w <= ox + ow + SLACK
            and y + h <= oy + oh + SLACK)


def _overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return width > SLACK and height > SLACK


def problems(layout: Layout, staff: Iterable[str] = STAFF_ROLES) -> list[str]:
    """Every way ``layout`` breaks the screen's guarantees (none: an empty list).

    Nothing leaves the window or its region; no two texts overlap; texts that must be
    whole are whole; a cut text ends in "…" after a start of its text; nothing attendees
    read is smaller than 1/24 of the shorter side; a text is cut only when its region has
    no room left for another line of it (below everything drawn in it), and a title is
    cut only when the region right above or under it in its column has no such room
    either (the screen moves the border between them; roles and descriptions, the first
    to give way, may stay cut there).
    """
    found: list[str] = []
    width, height = layout.size
    window = (0.0, 0.0, float(width), float(height))
    floor = math.ceil(min(width, height) / 24 - 1e-9)
    staff = frozenset(staff)
    areas = {a.region: a for a in layout.regions}

    def name(text: Drawn) -> str:
        return f"{text.region}/{text.role} {text.shown[:60]!r}"

    for text in layout.texts:
        if not _inside(text.rect, window):
            found.append(f"{name(text)} leaves the window: {text.rect}")
        area = areas.get(text.region)
        if area is not None and not _inside(text.rect, area.rect):
            found.append(f"{name(text)} leaves its region {area.rect}: {text.rect}")
        if text.role in WHOLE_ROLES and text.cut:
            found.append(f"{name(text)} is cut: {text.text[:80]!r}")
        if text.cut and not (text.shown.endswith(ELLIPSIS) and text.text.startswith(
                text.shown[:-1].rstrip())):
            found.append(f"{name(text)} is not the start of its text and '…'")
        if text.px < floor and text.role not in staff and text.region != "notice":
            found.append(f"{name(text)} is {text.px} px, below {floor}")
        if text.cut and area is not None:
            free = _free_below(text, layout, area)
            if free - text.line_height > SLACK:
                found.append(f"{name(text)} is cut with {free:.0f} px free below it "
                             f"(a line is {text.line_height:.0f})")
            for other in _neighbours(area, layout, floor) if text.role == "title" else ():
                spare = _free_below(None, layout, other)
                if spare - text.line_height > SLACK:
                    found.append(f"{name(text)} is cut with {spare:.0f} px free in "
                                 f"{other.region} beside it (a line is "
                                 f"{text.line_height:.0f})")
    for first, second in itertools.combinations(layout.texts, 2):
        if _overlap(first.rect, second.rect):
            found.append(f"{name(first)} overlaps {name(second)}")
    for one, other in itertools.combinations(layout.regions, 2):
        if _overlap(one.rect, other.rect):
            found.append(f"region {one.region} overlaps region {other.region}")
    for box in layout.regions:
        if not _inside(box.rect, window):
            found.append(f"region {box.region} leaves the window: {box.rect}")
    return found


SHARING = frozenset({"now", "next", "programme"})
"""The regions that give each other the room they leave free, one above the other (not
the banner: in a break its title keeps to one line whatever the room)."""


def _neighbours(area: Area, layout: Layout, unit: float) -> list[Area]:
    """The regions right above or under ``area``, as wide as it, that could give it the
    room they leave free (the screen moves the border between them); not one that pages,
    whose free room is another on each page while the border stays."""
    if area.region not in SHARING:
        return []
    x, y, w, h = area.rect
    found: list[Area] = []
    for other in layout.regions:
        ox, oy, ow, oh = other.rect
        if other.region == area.region or other.region not in SHARING or \
                abs(ox - x) > 1 or abs(ow - w) > 1 or layout.of(other.region, "page"):
            continue  # a region that pages has other room free on its other pages
        if 0 <= oy - (y + h) <= unit or 0 <= y - (oy + oh) <= unit:
            found.append(other)
    return found


def _free_below(text: Drawn | None, layout: Layout, area: Area) -> float:
    """The height left free at the bottom of ``area``: below everything drawn in it (texts
    and shapes), where another line of a cut text would go."""
    boxes = [t.rect for t in layout.texts if t.region == area.region] + [
        s.rect for s in layout.shapes if s.region == area.region]
    lowest = max((box[1] + box[3] for box in boxes), default=area.content[1])
    return area.content[1] + area.content[3] - lowest
