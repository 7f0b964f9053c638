"""Colour arithmetic for legible screens: WCAG contrast, accents, initials avatars."""

from __future__ import annotations

import re
import zlib

AAA = 7.0
"""WCAG AAA contrast for normal text: what every text on the screen must reach."""

_PARTICLES = frozenset({"de", "den", "der", "van", "von", "het", "te", "ten", "ter", "'t", "la",
                        "le", "du", "da", "di", "del", "op", "in", "aan", "bij", "uit"})

_AVATAR_COLOURS = (
    "#1f4e79", "#6b2c5f", "#2d5f2e", "#7a3b12", "#3c3f8f", "#7b1f2b", "#0f5c5c", "#5b4a14",
)
"""Deep colours on which white initials reach AAA contrast (checked in the tests)."""


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rgb`` or ``#rrggbb`` as three 0-255 numbers."""
    value = colour.lstrip("#")
    if not re.fullmatch(r"[0-9a-fA-F]{3}|[0-9a-fA-F]{6}", value):
        raise ValueError(f"not a colour: {colour!r}")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_colour(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in (red, green, blue))


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0 to 1) of the way towards ``other``."""
    a, b = rgb(colour), rgb(other)
    return hex_colour(*(x + (y - x) * amount for x, y in zip(a, b, strict=True)))


def legible_on(colour: str, background: str, ratio: float = AAA) -> str:
    """``colour``, lightened or darkened just enough to reach ``ratio`` on ``background``."""
    if contrast(colour, background) >= ratio:
        return colour
    target = "#ffffff" if luminance(background) < 0.5 else "#000000"
    for step in range(1, 101):
        candidate = mix(colour, target, step / 100)
        if contrast(candidate, background) >= ratio:
            return candidate
    return target


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return "#000000" if contrast("#000000", background) >= contrast("#ffffff", background) \
        else "#ffffff"


def avatar_colour(name: str) -> str:
    """A colour derived from a name: the same person gets the same colour on every screen."""
    return _AVATAR_COLOURS[zlib.crc32(name.casefold().encode("utf-8")) % len(_AVATAR_COLOURS)]


def avatar_colours() -> tuple[str, ...]:
    return _AVATAR_COLOURS


def initials(name: str) -> str:
    """Up to two initials, skipping Dutch name particles: Hugo de Jonge -> HJ."""
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if w]
    main = [w for w in words if w.casefold() not in _PARTICLES] or words
    if not main:
        return "?"
    letters = main[0][0] + (main[-1][0] if len(main) > 1 else "")
    return letters.upper()
