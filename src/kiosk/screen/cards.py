"""A speaker card: photo (or initials), name, role, when and where they speak, and the
session. The cards rotate during breaks, with a short cross-fade (see CardView)."""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.board import Card
from kiosk.screen.parts import panel
from kiosk.screen.scene import AvatarOp, Kit, Pen, Rect, Scene, TextOp, fit, scales, trim

AVATAR_UNITS = 5.0
INITIALS = 0.38
"""The initials' size, of the avatar's."""
GROW = 1.3
"""How much larger than usual a card may be, to fill its room."""
LEVELS = 4
"""(1) role and session on one line each, (2) no role, (3) no session."""


def layout_card(kit: Kit, card: Card, width: float, height: float,
                photo: bool = False) -> Scene:
    """``card`` in ``width`` × ``height``; ``photo``: its photo is there to show."""
    pen = Pen(kit, "card")
    inside = panel(pen, width, height)
    gap = kit.u(0.9)

    def attempt(scale: float, level: int, extra: Mapping[str, int]) -> Scene:
        draft = Pen(kit, "card", scale)
        side = min(kit.u(AVATAR_UNITS) * scale, inside.h)
        initials = draft.kit.style("initials")
        # An avatar only when its initials can be as large as any text, and the words
        # keep a good width beside it.
        show = (side * INITIALS >= kit.floor and inside.w - side - gap >= kit.u(8))
        x = inside.x + (side + gap if show else 0.0)
        text_width = inside.right - x
        y = 0.0
        y += draft.text(card.name, "cardName", "speaker", x, y, text_width, whole=True)
        if card.role and level < 2:
            y += draft.text(card.role, "cardRole", "role", x, y, text_width,
                            lines=(2 if level == 0 else 1) + extra.get("~role", 0), key="~role")
        y += kit.u(0.15)
        y += draft.text(card.when, "cardWhen", "time", x, y, text_width, whole=True)
        if card.session and level < 3:
            y += draft.text(card.session, "cardSession", "title", x, y, text_width,
                            lines=(2 if level == 0 else 1) + extra.get("session", 0),
                            key="session")
        words = draft.scene(max(y, side if show else 0.0))
        offset = inside.y + (inside.h - words.height) / 2 if words.height <= inside.h \
            else inside.y
        moved = words.moved(0, offset)
        ops = list(moved.ops)
        if show:
            top = offset + (words.height - side) / 2
            circle = Rect(inside.x, top, side, side)
            ops.insert(0, AvatarOp(circle, card.colour, card.photo if photo else None))
        if show and not photo:
            px = round(side * INITIALS)
            face = kit.fonts.face(px, initials.weight)
            text_width = kit.fonts.advance(card.initials, face)
            ops.append(TextOp(
                region="card", role="initials", text=card.initials, shown=card.initials,
                lines=(card.initials,), widths=(text_width,), x=inside.x,
                y=top + (side - face.line) / 2, width=side, align="centre", px=px,
                weight=initials.weight, colour=kit.colour(initials.colour), line=face.line,
                ascent=face.ascent))
        return Scene(tuple(ops), words.height, words.fits, words.cut)

    tries = scales(GROW, kit.least_scale("cardName"))
    scene = fit(attempt, tries, LEVELS, inside.h)
    pen.ops.extend(trim(scene, inside.bottom).ops)
    return Scene(tuple(pen.ops), height, scene.fits, scene.cut)


def least_card(kit: Kit) -> float:
    """The least height worth showing a card in: a name and when."""
    face = kit.face(kit.style("cardName"))
    return face.line * 2 + kit.u(1.2)
