"""The header: the event's title and subtitle, the clock and the date, a QR code to the
event; at a room door, the room's name, larger than anything else on the screen.

Its height depends on the event and the screen only, never on the minute: the clock
keeps the room its widest time needs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kiosk.board import Header
from kiosk.screen.scene import ImageOp, Kit, Pen, Rect, Scene, expand, scales

QR_UNITS = 3.2
GAP_UNITS = 0.8


def widest_clock(kit: Kit, clock: str, style: str = "clock") -> str:
    """``clock`` with every digit the widest one: the most room a time of day can take."""
    face = kit.face(kit.style(style))
    digit = max("0123456789", key=lambda d: kit.fonts.advance(d, face))
    return re.sub(r"\d", digit, clock)


def layout_header(kit: Kit, header: Header, width: float, rehearsal: str | None,
                  qr: bool, portrait: bool) -> Scene:
    """The lobby screen's header across ``width``."""
    gap = kit.u(GAP_UNITS)
    qr_side = kit.u(QR_UNITS) if qr else 0.0

    def right_block(pen: Pen, right_edge: float) -> tuple[float, float]:
        """The clock and (in landscape) the date under it; returns width and height."""
        clock = pen.piece(widest_clock(kit, header.clock), "clock", width / 2, whole=True)
        date_width = 0.0
        if not portrait:
            date_width = pen.piece(header.date, "date", width * 0.45, whole=True).width
        block = max(clock.width, date_width)
        height = pen.text(header.clock, "clock", "clock", right_edge - block, 0, block,
                          whole=True, align="right")
        if not portrait:
            height += pen.text(header.date, "date", "date", right_edge - block, height, block,
                               whole=True, align="right")
        return block, height

    probe = Pen(kit, "header")
    block, right_height = right_block(probe, width - qr_side - (gap if qr else 0))
    left_width = width - qr_side - block - gap - (gap if qr else 0)
    beside = max(right_height, qr_side)

    def attempt(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
        pen = Pen(kit, "header", scale)
        y = pen.text(header.title, "eventTitle", "event-title", 0, 0, left_width,
                     lines=2 + extra.get("title", 0), key="title")
        if header.line:
            y += pen.text(header.line, "eventLine", "event-title", 0, y, left_width,
                          lines=(2 if portrait else 1) + extra.get("line", 0), key="line")
        y += _under_title(pen, header.date if portrait else None, rehearsal, y, left_width)
        return pen.scene(y)

    tries = scales(1.0, kit.least_scale("eventTitle"))
    scene = attempt(tries[-1], 0, {})
    chosen = tries[-1]
    for scale in tries:
        trial = attempt(scale, 0, {})
        if trial.fits and not trial.titles_cut:
            scene, chosen = trial, scale
            break
    scene = expand(attempt, chosen, 0, scene, max(scene.height, beside),
                   least=chosen <= tries[-1])
    pen = Pen(kit, "header", chosen)
    pen.ops.extend(scene.ops)
    right_block(pen, width - qr_side - (gap if qr else 0))
    if qr:
        pen.ops.append(ImageOp(Rect(width - qr_side, 0, qr_side, qr_side), "qr"))
    return Scene(tuple(pen.ops), max(scene.height, beside), scene.fits, scene.cut)


def layout_door(kit: Kit, header: Header, width: float, rehearsal: str | None,
                portrait: bool, most: float = 10_000) -> Scene:
    """A room door's header: the room's name, the largest text on the screen; the event
    under it; the clock and date at the right. It takes at most ``most`` height (a long
    name is then smaller) if it can."""
    room = header.room or ""
    gap = kit.u(GAP_UNITS)

    def attempt(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
        pen = Pen(kit, "door", scale)
        room_face = kit.face(kit.style("doorRoom"), scale)
        # The clock is never larger than the room's name.
        clock_scale = min(1.0, room_face.px / (kit.style("clock").size * kit.unit))
        clock = pen.piece(widest_clock(kit, header.clock), "clock", width / 2, whole=True,
                          scale=clock_scale)
        date = pen.piece(header.date, "date", width * 0.4, whole=True)
        block = max(clock.width, 0.0 if portrait else date.width)
        right = pen.put(pen.piece(header.clock, "clock", block, whole=True, scale=clock_scale),
                        "clock", width - block, 0, block, align="right")
        if not portrait:
            right += pen.put(date, "date", width - block, right, block, align="right")
        left = width - block - gap
        piece = pen.piece(room, "doorRoom", left, whole=True)
        if piece.wrapped.count > 2 and scale > kit.least_scale("doorRoom") + 1e-6:
            pen.fits = False  # two lines at most while the font can be smaller
        y = pen.put(piece, "room", 0, 0, left)
        y += pen.text(header.title, "doorEvent", "event-title", 0, y, left,
                      lines=1 + extra.get("title", 0), key="title")
        y += _under_title(pen, header.date if portrait else None, rehearsal, y, left)
        return pen.scene(max(y, right))

    tries = scales(1.0, kit.least_scale("doorRoom"))
    for scale in tries:
        scene = attempt(scale, 0, {})
        if scene.fits and scene.height <= most:
            break
    return expand(attempt, scale, 0, scene, scene.height, least=scale <= tries[-1])


def _under_title(pen: Pen, date: str | None, rehearsal: str | None, y: float,
                 width: float) -> float:
    """The date (in portrait, where the clock's column has no room for it) and the
    rehearsal badge under the titles at ``y``; their height."""
    start = y
    if date is not None:
        y += pen.text(date, "date", "date", 0, y, width, whole=True)
    if rehearsal:
        y += pen.kit.u(0.15)
        _, tall = pen.badge(rehearsal, "rehearsal", "rehearsal", 0, y)
        y += tall
    return y - start
