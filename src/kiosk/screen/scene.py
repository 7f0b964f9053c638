"""What a region draws, as data: texts with their lines and boxes, panels, icons, bars.

A region's layout (see the region modules) builds a :class:`Scene` with a :class:`Pen`,
which measures every text with the real fonts before it is placed; nothing is drawn
that was not measured. :func:`paint` draws a scene and records each text where it drew
it (``kiosk snapshot --layout``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from kiosk.screen.text import Face, Fonts, Wrapped, normalise
from kiosk.screen.theme import Style, Theme, floor_px, unit_for
from kiosk.words import Words

_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, left: float, top: float, right: float | None = None,
              bottom: float | None = None) -> Rect:
        right = left if right is None else right
        bottom = top if bottom is None else bottom
        return Rect(self.x + left, self.y + top, max(0.0, self.w - left - right),
                    max(0.0, self.h - top - bottom))

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def with_height(self, h: float) -> Rect:
        return Rect(self.x, self.y, self.w, h)

    def as_list(self) -> list[float]:
        return [round(self.x, 2), round(self.y, 2), round(self.w, 2), round(self.h, 2)]


@dataclass(frozen=True)
class TextOp:
    """A text, broken into lines, in a box of ``width`` from (x, y), aligned in it."""

    region: str
    role: str
    text: str
    shown: str
    lines: tuple[str, ...]
    widths: tuple[float, ...]
    x: float
    y: float
    width: float
    align: str
    px: int
    weight: int
    colour: str
    line: float
    ascent: float
    strike: bool = False

    def line_x(self, index: int) -> float:
        if self.align == "right":
            return self.x + self.width - self.widths[index]
        if self.align == "centre":
            return self.x + (self.width - self.widths[index]) / 2
        return self.x

    def rect(self) -> Rect:
        """The box of the drawn lines."""
        left = min(self.line_x(i) for i in range(len(self.lines)))
        right = max(self.line_x(i) + w for i, w in enumerate(self.widths))
        return Rect(left, self.y, right - left, self.line * len(self.lines))


@dataclass(frozen=True)
class BoxOp:
    rect: Rect
    colour: str
    radius: float = 0.0
    backdrop: bool = False
    """The region's own background (its panel, the announcement band), not a thing on it."""


@dataclass(frozen=True)
class IconOp:
    name: str
    rect: Rect
    colour: str


@dataclass(frozen=True)
class BarOp:
    """A progress line: ``value`` (0 to 1) of it filled."""

    rect: Rect
    value: float
    colour: str
    track: str


@dataclass(frozen=True)
class AvatarOp:
    """A speaker's photo in a circle, else their initials (drawn by a TextOp) on a colour."""

    rect: Rect
    colour: str
    photo: PurePosixPath | None


@dataclass(frozen=True)
class ImageOp:
    """A picture the region holds by name (the QR code)."""

    rect: Rect
    name: str


Op = TextOp | BoxOp | IconOp | BarOp | AvatarOp | ImageOp


@dataclass(frozen=True)
class Scene:
    """A region's drawing, in the region's own coordinates."""

    ops: tuple[Op, ...]
    height: float
    """How much height it needs (or uses) from its top."""
    fits: bool = True
    """Every word fit its line and nothing needed was left out."""
    cut: tuple[str, ...] = ()
    """The keys of the texts that were cut, most needed first (see :func:`expand`)."""
    pages: int = 1

    @property
    def titles_cut(self) -> tuple[str, ...]:
        """The cut texts that make the font step down: all but the lines that may go
        first (roles, names beyond the first line), whose keys start with "~"."""
        return tuple(key for key in self.cut if not key.startswith("~"))

    def texts(self) -> list[TextOp]:
        return [op for op in self.ops if isinstance(op, TextOp)]

    def moved(self, dx: float, dy: float) -> Scene:
        return replace(self, ops=tuple(_moved(op, dx, dy) for op in self.ops))


def _moved(op: Op, dx: float, dy: float) -> Op:
    if isinstance(op, TextOp):
        return replace(op, x=op.x + dx, y=op.y + dy)
    return replace(op, rect=op.rect.moved(dx, dy))


EMPTY = Scene((), 0.0)


class Kit:
    """What a layout needs to measure: the screen's unit, fonts, styles and colours."""

    def __init__(self, fonts: Fonts, styles: Mapping[str, Style], theme: Theme,
                 width: int, height: int, words: Words) -> None:
        self.fonts = fonts
        self.words = words
        self.styles = styles
        self.theme = theme
        self.width, self.height = width, height
        self.unit = unit_for(width, height)
        self.floor = floor_px(width, height)
        """The smallest size of any text attendees read."""

    def u(self, units: float) -> float:
        return units * self.unit

    def style(self, name: str) -> Style:
        try:
            return self.styles[name]
        except KeyError:
            raise KeyError(f"the stylesheet has no #{name}") from None

    def px(self, style: Style, scale: float = 1.0) -> int:
        size = round(style.size * self.unit * scale)
        return max(size, 1) if style.staff else max(size, self.floor)

    def face(self, style: Style, scale: float = 1.0) -> Face:
        return self.fonts.face(self.px(style, scale), style.weight)

    def colour(self, name: str) -> str:
        return self.theme.colour(name)

    def least_scale(self, *names: str) -> float:
        """The scale at which the largest of these styles reaches the smallest size."""
        largest = max(self.style(n).size for n in names)
        return max(self.floor / (largest * self.unit), 0.01)


@dataclass(frozen=True)
class Piece:
    """A text measured for a place, not yet placed."""

    text: str
    style: Style
    face: Face
    wrapped: Wrapped

    @property
    def height(self) -> float:
        return self.face.line * self.wrapped.count

    @property
    def width(self) -> float:
        return self.wrapped.width

    @property
    def empty(self) -> bool:
        return not self.wrapped.lines


@dataclass
class Pen:
    """Builds one region's scene at one scale: measures texts, places them, notes what
    did not fit."""

    kit: Kit
    region: str
    scale: float = 1.0
    ops: list[Op] = field(default_factory=list)
    fits: bool = True
    cut: list[str] = field(default_factory=list)

    def piece(self, text: str, style: str, width: float, lines: int = 1,
              whole: bool = False, scale: float | None = None) -> Piece:
        """``text`` in ``style``, wrapped for ``width``: at most ``lines`` lines (ending in
        "…") unless ``whole`` (then all of it, or nothing)."""
        chosen = self.kit.style(style)
        face = self.kit.face(chosen, self.scale if scale is None else scale)
        wrapped = self.kit.fonts.wrap(text, face, max(width, 1.0), lines, whole)
        return Piece(text, chosen, face, wrapped)

    def put(self, piece: Piece, role: str, x: float, y: float, width: float | None = None,
            align: str = "left", colour: str | None = None, strike: bool = False,
            key: str = "") -> float:
        """Place ``piece`` with its top at y; returns its height (0 if it shows nothing)."""
        if piece.empty:
            if piece.text:
                self.fits = False  # something needed found no room
            return 0.0
        wrapped = piece.wrapped
        if not wrapped.words_fit:
            self.fits = False
        if wrapped.cut and key:
            self.cut.append(key)
        self.ops.append(TextOp(
            region=self.region, role=role, text=normalise(piece.text), shown=wrapped.shown,
            lines=wrapped.lines, widths=wrapped.widths, x=x, y=y,
            width=piece.width if width is None else width, align=align,
            px=piece.face.px, weight=piece.face.weight,
            colour=self.kit.colour(colour or piece.style.colour), line=piece.face.line,
            ascent=piece.face.ascent, strike=strike,
        ))
        return piece.height

    def text(self, text: str, style: str, role: str, x: float, y: float, width: float,
             lines: int = 1, whole: bool = False, align: str = "left",
             colour: str | None = None, strike: bool = False, key: str = "") -> float:
        """Measure and place in one go; returns the height used."""
        piece = self.piece(text, style, width, lines, whole)
        return self.put(piece, role, x, y, width, align, colour, strike, key)

    def badge(self, text: str, style: str, role: str, x: float, y: float,
              background: str | None = None, colour: str | None = None) -> tuple[float, float]:
        """A status in a coloured pill; returns its width and height."""
        piece = self.piece(text, style, 10_000)
        pad = self.kit.u(0.25)
        chosen = self.kit.style(style)
        fill = background or chosen.background or "panel"
        width = piece.width + 2 * pad
        self.ops.append(BoxOp(Rect(x, y, width, piece.height), self.kit.colour(fill),
                              self.kit.u(0.2)))
        self.put(piece, role, x + pad, y, colour=colour)
        return width, piece.height

    def widest(self, text: str, style: str) -> float:
        """The width ``text`` takes when its digits are the widest ones: the room a changing
        number (a countdown, a time) needs, so that nothing moves when it changes."""
        face = self.kit.face(self.kit.style(style), self.scale)
        fonts = self.kit.fonts
        digit = max("0123456789", key=lambda d: fonts.advance(d, face))
        return fonts.advance(_DIGITS.sub(digit, text), face)

    def badge_width(self, text: str, style: str) -> float:
        return self.piece(text, style, 10_000).width + 2 * self.kit.u(0.25)

    def box(self, rect: Rect, colour: str, radius: float = 0.0, backdrop: bool = False) -> None:
        self.ops.append(BoxOp(rect, self.kit.colour(colour), radius, backdrop))

    def divider(self, x: float, y: float, w: float, gap: float) -> float:
        """A thin line in the middle of a gap of ``gap`` between stacked items at ``y``;
        returns the gap, for the caller to move on by."""
        line = max(2.0, self.kit.u(0.05))
        self.box(Rect(x, y + (gap - line) / 2, w, line), "track")
        return gap

    def icon(self, name: str, rect: Rect, colour: str) -> None:
        self.ops.append(IconOp(name, rect, self.kit.colour(colour)))

    def bar(self, rect: Rect, value: float, colour: str, track: str) -> None:
        self.ops.append(BarOp(rect, value, self.kit.colour(colour), self.kit.colour(track)))

    def scene(self, height: float, pages: int = 1) -> Scene:
        return Scene(tuple(self.ops), height, self.fits, tuple(self.cut), pages)


def scales(top: float, least: float, step: float = 0.9) -> list[float]:
    """Font scales to try, from ``top`` down to ``least`` (included)."""
    result: list[float] = []
    scale = top
    while scale > least + 1e-6:
        result.append(scale)
        scale *= step
    result.append(least)
    return result


Attempt = Callable[[float, int, Mapping[str, int]], Scene]
"""A layout at a scale, a level of lines dropped (0: none), and extra lines for cut texts."""


def fit(attempt: Attempt, tries: Sequence[float], levels: int, space: float,
        grow: bool = True) -> Scene:
    """The first layout that fits ``space``: stepping the font down through ``tries``
    first (a text cut, or a word too long for its line, counts as not fitting), then, at
    the smallest, dropping lines level by level; then (``grow``) the cut texts get the
    room left."""
    for scale in tries[:-1]:
        scene = attempt(scale, 0, {})
        # A title cut (or a word broken) while the font can still be smaller: smaller. Larger
        # than usual (to fill a sparse screen) only when nothing at all is cut.
        cut = scene.cut if scale > 1.0 else scene.titles_cut
        if scene.fits and not cut and scene.height <= space:
            return expand(attempt, scale, 0, scene, space) if grow else scene
    least = tries[-1]
    scene = EMPTY
    for level in range(levels):
        scene = attempt(least, level, {})
        if scene.height <= space:
            return expand(attempt, least, level, scene, space, least=True) if grow else scene
    return scene


def expand(attempt: Attempt, scale: float, level: int, scene: Scene, space: float,
           least: bool = False) -> Scene:
    """Give the cut texts of ``scene`` more lines while the room allows: a text is cut only
    when there is no room for another line of it. At the ``least`` scale a line may break
    a word too long for it (the font cannot step down any more); above it, not."""
    extra: dict[str, int] = {}
    done: set[str] = set()
    for _ in range(24):
        keys = [k for k in scene.cut if k not in done]
        if not keys:
            break
        key = keys[0]
        trial = {**extra, key: extra.get(key, 0) + 1}
        wider = attempt(scale, level, trial)
        if wider.height <= space and (wider.fits or least or not scene.fits):
            scene, extra = wider, trial
        else:
            done.add(key)
    return scene


def line_count(space: float, line: float) -> int:
    """Whole lines of height ``line`` in ``space``."""
    return max(0, math.floor((space + 0.01) / line)) if line > 0 else 0


def op_bottom(op: Op) -> float:
    return op.rect().bottom if isinstance(op, TextOp) else op.rect.bottom


def trim(scene: Scene, bottom: float) -> Scene:
    """The scene without what would reach below ``bottom``: the last resort, when even the
    densest layout does not fit. A text is left out whole, never cut."""
    kept = tuple(op for op in scene.ops if op_bottom(op) <= bottom + 0.5)
    if len(kept) == len(scene.ops):
        return scene
    return replace(scene, ops=kept, fits=False)
