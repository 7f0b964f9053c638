"""Text measured with the real fonts: lines broken at spaces and hyphens, never inside a word.

Every text the screen draws goes through :func:`Fonts.wrap` first, so the layout knows the
exact lines (and their widths) before anything is painted. A text is either *cut* (it may
end in "…" after its last allowed line: titles, roles, descriptions) or *whole* (shown
entirely or not at all: times, rooms, names, notes); a word too long for its line is
reported (``Wrapped.words_fit``) so the layout can step the font down before it has to
break the word (with a hyphen, only at the smallest size).

The work is bounded whatever the text: only as much of a text as can be shown is looked
at, so a title of 30,000 characters costs no more than one of 300.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetricsF

ELLIPSIS = "…"
HYPHEN = "-"
WHOLE_LINES = 40
"""A whole text needing more lines than this is not shown at all (nothing real is that long)."""
NARROWEST = 0.2
"""The narrowest glyph of the font, in ems, with room to spare: it bounds how many
characters a line can hold."""
CACHE = 20_000
"""Wrapped texts kept (the screen asks for the same ones every minute)."""

# A piece ends after spaces or after a hyphen: the only places a line may break. A no-break
# space (U+00A0) is not a space here: it keeps what it joins on one line.
_SPACE = "[ \t\n\r\f\v]"
_PIECES = re.compile(rf"[^ \t\n\r\f\v\-\u2010]*(?:[\-\u2010]+{_SPACE}*|{_SPACE}+|$)")
_SPACES = re.compile(rf"{_SPACE}+")


@dataclass(frozen=True)
class Face:
    """A font at one size and weight, with its metrics."""

    font: QFont
    metrics: QFontMetricsF
    px: int
    weight: int
    line: float
    """Line spacing in pixels."""
    ascent: float


@dataclass(frozen=True)
class Wrapped:
    """A text broken into lines for a width."""

    lines: tuple[str, ...]
    """As drawn: with "…" at the end of a cut text, a "-" after a broken word."""
    widths: tuple[float, ...]
    shown: str
    """The text as drawn, in one line: the text itself when whole, else its start and "…"."""
    cut: bool
    words_fit: bool
    """False when a word had to be broken because it is wider than a line."""
    whole: bool
    """Everything is shown (not cut, no line left out)."""

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def width(self) -> float:
        return max(self.widths, default=0.0)


def normalise(text: str) -> str:
    """Runs of white space (line breaks of a folded description too) as one space."""
    return _SPACES.sub(" ", text).strip()


class Fonts:
    """The screen's font in every size and weight it needs, and text wrapped in it."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._faces: dict[tuple[int, int], Face] = {}
        self._wrapped: dict[tuple[str, int, int, int, int, bool], Wrapped] = {}
        self._advances: dict[tuple[str, int, int], float] = {}

    def face(self, px: int, weight: int) -> Face:
        key = (px, weight)
        face = self._faces.get(key)
        if face is None:
            font = QFont(self.family)
            font.setPixelSize(max(1, px))
            font.setWeight(QFont.Weight(weight))
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            metrics = QFontMetricsF(font)
            face = Face(font, metrics, px, weight, metrics.lineSpacing(), metrics.ascent())
            self._faces[key] = face
        return face

    def advance(self, text: str, face: Face) -> float:
        key = (text, face.px, face.weight)
        width = self._advances.get(key)
        if width is None:
            if len(self._advances) > CACHE:
                self._advances.clear()
            width = face.metrics.horizontalAdvance(text)
            self._advances[key] = width
        return width

    def wrap(self, text: str, face: Face, width: float, max_lines: int,
             whole: bool = False) -> Wrapped:
        """``text`` in lines of at most ``width`` pixels.

        A cut text takes at most ``max_lines`` lines, the last ending in "…" if more was
        needed. A whole text takes the lines it needs (``max_lines`` is ignored; past
        WHOLE_LINES it is not shown at all).
        """
        key = (text, face.px, face.weight, int(width * 4), max_lines, whole)
        wrapped = self._wrapped.get(key)
        if wrapped is None:
            if len(self._wrapped) > CACHE:
                self._wrapped.clear()
            wrapped = self._wrap(normalise(text), face, width, WHOLE_LINES if whole
                                 else max_lines, whole)
            self._wrapped[key] = wrapped
        return wrapped

    def _wrap(self, text: str, face: Face, width: float, max_lines: int,
              whole: bool) -> Wrapped:
        if not text or max_lines <= 0:
            return Wrapped((), (), "", bool(text), True, not text)
        # Only what can be shown is looked at: a line holds at most this many characters.
        per_line = int(width / max(1.0, face.px * NARROWEST)) + 2
        limit = per_line * (max_lines + 1)
        source = text[:limit]
        lines: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        words_fit = True
        line, line_start, position = "", 0, 0
        line_width = 0.0  # the advance of ``line``, its trailing space included
        fits = self._fits(face, width, per_line)
        for match in _PIECES.finditer(source):
            piece = match.group()
            if not piece:
                continue
            start = match.start()
            core = piece.rstrip()
            # The sum of the pieces' advances decides, and the line is measured whole only
            # when that is within a pixel of the width (kerning across a space is nil): a
            # line costs the length of its pieces, not the square of it.
            near = line_width + self.advance(core, face) if len(core) <= per_line else width * 2
            if near <= width - 1.0 or (near <= width + 1.0 and fits((line + piece).rstrip())):
                if not line:
                    line_start = start
                line += piece
                line_width += self.advance(piece, face)
                position = match.end()
                continue
            if line:
                lines.append(line.rstrip())
                starts.append(line_start)
                ends.append(position)
                line, line_width = "", 0.0
                if len(lines) > max_lines:
                    break
            if fits(core):
                line, line_start, position = piece, start, match.end()
                line_width = self.advance(piece, face)
                continue
            # A word wider than a line: broken, with a hyphen, as a last resort.
            words_fit = False
            offset = start
            rest = piece
            while rest and not fits(rest.rstrip()) and len(lines) <= max_lines:
                cut = self._longest(face, width, rest[:per_line], suffix=HYPHEN)
                lines.append(rest[:cut] + HYPHEN)
                starts.append(offset)
                ends.append(offset + cut)
                offset += cut
                rest = rest[cut:]
            if len(lines) > max_lines:
                break
            line, line_start, position = rest, offset, match.end()
            line_width = self.advance(rest, face)
        if line and len(lines) <= max_lines:
            lines.append(line.rstrip())
            starts.append(line_start)
            ends.append(position)
        complete = len(source) == len(text) and len(lines) <= max_lines and (
            not ends or ends[-1] >= len(text.rstrip()))
        if complete:
            return Wrapped(tuple(lines), tuple(self.advance(t, face) for t in lines), text,
                           False, words_fit, True)
        if whole:  # a whole text that cannot be shown whole is not shown at all
            return Wrapped((), (), "", True, words_fit, False)
        last_line = min(len(lines), max_lines) - 1
        kept = lines[:max(last_line, 0)]
        last, end = self._elide(text, starts[last_line] if last_line >= 0 else 0, face, width,
                                per_line)
        kept.append(last)
        shown = text[:end].rstrip() + ELLIPSIS
        return Wrapped(tuple(kept), tuple(self.advance(t, face) for t in kept), shown, True,
                       words_fit, False)

    def _fits(self, face: Face, width: float, most: int) -> Callable[[str], bool]:
        """Whether a text fits ``width``; one of more than ``most`` characters never does
        (and is not measured)."""
        limit = width + 0.01

        def fits(text: str) -> bool:
            return len(text) <= most and self.advance(text, face) <= limit

        return fits

    def _longest(self, face: Face, width: float, text: str, suffix: str) -> int:
        """The most characters of ``text`` that fit ``width`` with ``suffix`` (at least 1)."""
        low, high = 1, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.advance(text[:middle] + suffix, face) <= width + 0.01:
                low = middle
            else:
                high = middle - 1
        return low

    def _elide(self, text: str, start: int, face: Face, width: float,
               most: int) -> tuple[str, int]:
        """The last line of a cut text from ``start``: whole pieces and "…", else as many
        characters as fit and "…" (a line holds at most ``most`` characters). Returns the
        line and where in ``text`` it stops."""
        chunk = text[start:start + most + 1]
        line, end = "", start
        for match in _PIECES.finditer(chunk):
            piece = match.group()
            if not piece:
                break
            candidate = (line + piece).rstrip() + ELLIPSIS
            if len(candidate) > most or self.advance(candidate, face) > width + 0.01:
                break
            line, end = line + piece, start + match.end()
        if line.strip():
            return line.rstrip() + ELLIPSIS, end
        count = self._longest(face, width, chunk, suffix=ELLIPSIS) if chunk else 0
        if count and self.advance(chunk[:count] + ELLIPSIS, face) > width + 0.01:
            count = 0
        return chunk[:count] + ELLIPSIS, start + count
