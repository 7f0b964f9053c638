"""The announcement band along the bottom: the announcement that applies now, several in
turn. Its height is that of the longest of them, so the layout never moves as they rotate."""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.screen.scene import Kit, Pen, Rect, Scene, scales

LINES = 2
MOST_LINES = 3
"""At the smallest size, an announcement may take this many lines before it is cut."""


def layout_announcement(kit: Kit, texts: Sequence[str], index: int, width: float) -> Scene:
    """The band ``width`` wide showing ``texts[index]``; its height fits every one of them."""
    pad_x, pad_y = kit.u(0.5), kit.u(0.25)
    side = kit.u(1.3)
    text_x = pad_x + side + kit.u(0.5)
    text_width = width - text_x - pad_x
    probe = Pen(kit, "announcement")
    tries = scales(1.0, kit.least_scale("announcementText"))
    chosen, allowed = tries[-1], MOST_LINES
    for scale in tries:
        probe.scale = scale
        pieces = [probe.piece(t, "announcementText", text_width, lines=LINES) for t in texts]
        if all(p.wrapped.whole and p.wrapped.words_fit for p in pieces):
            chosen, allowed = scale, LINES
            break
    probe.scale = chosen
    lines = max(probe.piece(t, "announcementText", text_width, lines=allowed).wrapped.count
                for t in texts)
    pen = Pen(kit, "announcement", chosen)
    face = kit.face(kit.style("announcementText"), chosen)
    height = lines * face.line + 2 * pad_y
    pen.box(Rect(0, 0, width, height), "accent", kit.u(0.4), backdrop=True)
    pen.icon("fa5s.bullhorn", Rect(pad_x, (height - side) / 2, side, side), "on_accent")
    piece = pen.piece(texts[index], "announcementText", text_width, lines=allowed)
    pen.put(piece, "announcement", text_x, (height - piece.height) / 2, text_width)
    return pen.scene(height)
