"""The staff notice: a small, calm line in the bottom corner for the people who run the
screen (a refused save, a wrong clock). It has a strip of its own, so it covers nothing."""

from __future__ import annotations

from kiosk.screen.scene import Kit, Pen, Rect, Scene

LINES = 3
SHARE = 0.5
"""At most this share of the window's width."""


def layout_notice(kit: Kit, text: str, window_width: float) -> tuple[Scene, float]:
    """The notice's scene and its width."""
    pad_x, pad_y = kit.u(0.25), kit.u(0.1)
    most = window_width * SHARE
    pen = Pen(kit, "notice")
    natural = pen.piece(text, "notice", 100_000).width
    width = min(most, natural + 2 * pad_x + 1)
    piece = pen.piece(text, "notice", width - 2 * pad_x, lines=LINES)
    height = piece.height + 2 * pad_y
    pen.box(Rect(0, 0, width, height), "notice", kit.u(0.2), backdrop=True)
    pen.put(piece, "notice", pad_x, pad_y, width - 2 * pad_x)
    return pen.scene(height), width
