"""The banner: the large words of a break ("Lunch — tot 14.00"), a welcome, a night between
days, the thank-you; at a room door during a cancelled session, "Vervalt" with its note."""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.board import Banner
from kiosk.screen.parts import badge_word, panel
from kiosk.screen.scene import Kit, Pen, Rect, Scene, fit, scales, trim

GROW = 1.5
LEVELS = 3
"""When even the smallest size does not fit: (1) the heading on one line, (2) without the
line under it."""
"""How much larger than usual the banner may be when it has the screen to itself."""


def layout_banner(kit: Kit, banner: Banner, width: float, height: float,
                  one_line: bool = False, grow: bool = False) -> Scene:
    """The banner in ``width`` × ``height``; its words are centred in the height."""
    pen = Pen(kit, "banner")
    inside = panel(pen, width, height)
    scene = _words(kit, banner, inside, one_line, grow)
    offset = max(0.0, (inside.h - scene.height) / 2)
    pen.ops.extend(trim(scene.moved(0, offset), inside.bottom).ops)
    return Scene(tuple(pen.ops), height, scene.fits, scene.cut)


def natural_banner(kit: Kit, banner: Banner, width: float, space: float,
                   one_line: bool = False) -> float:
    inside = Rect(0, 0, width, space).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))
    return min(space, _words(kit, banner, inside, one_line, False).height + kit.u(0.95))


def least_banner(kit: Kit, banner: Banner, width: float, one_line: bool = False) -> float:
    """The least height the banner can do with: its words at the smallest size."""
    inside = Rect(0, 0, width, 10_000).inset(kit.u(0.6), kit.u(0.45), kit.u(0.6), kit.u(0.5))
    return _words(kit, banner, inside, one_line, False, smallest=True).height + kit.u(0.95)


def _words(kit: Kit, banner: Banner, box: Rect, one_line: bool, grow: bool,
           smallest: bool = False) -> Scene:
    """The banner's words in ``box``; ``smallest``: all of them at the smallest size."""
    heading_style = "bannerLarge" if banner.large else "bannerHeading"
    align = "centre" if banner.large else "left"
    line_role = "note" if banner.badge is not None or banner.large else "time"

    def attempt(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
        pen = Pen(kit, "banner", scale)
        y = box.y
        if banner.badge is not None:
            word = badge_word(banner.badge)
            _, tall = pen.badge(word.text, word.style, "status", box.x, y)
            y += tall + kit.u(0.2)
        heading = pen.piece(banner.heading, heading_style, box.w,
                            lines=(2 if level < 1 else 1) + extra.get("heading", 0))
        line = pen.piece(banner.line, "bannerLine", box.w, whole=True) \
            if banner.line and level < 2 else None
        gap = kit.u(0.5)
        if (one_line and line is not None and heading.wrapped.count == 1
                and line.wrapped.count == 1 and heading.width + gap + line.width <= box.w):
            pen.put(heading, "title", box.x, y, key="heading")
            # The line sits on the heading's baseline.
            base = y + heading.face.ascent - line.face.ascent
            pen.put(line, line_role, box.x + heading.width + gap, base)
            y += max(heading.height, base - y + line.height)
        else:
            y += pen.put(heading, "title", box.x, y, box.w, align=align, key="heading",
                         strike=banner.badge is not None)
            if line is not None:
                y += pen.put(line, line_role, box.x, y, box.w, align=align)
        if banner.countdown:
            y += pen.text(banner.countdown, "bannerCountdown", "countdown", box.x, y, box.w,
                          whole=True, align=align)
        return pen.scene(y - box.y)

    top = GROW if grow or banner.large else 1.0
    tries = scales(top, kit.least_scale(heading_style, "bannerLine"))
    if smallest:
        tries = tries[-1:]
    return fit(attempt, tries, LEVELS, box.h)
