"""The screen's colours and type: the theme for an event's accent, and the text styles of
``resources/screen.qss`` (sizes in units of the screen's shorter side)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kiosk.colours import AAA, legible_on, mix, text_on

DEFAULT_ACCENT = "#f2b134"
UNITS_PER_SHORT_SIDE = 24
"""One unit is 1/24 of the shorter side: 45 px on a 1080-line screen, the smallest text."""


@dataclass(frozen=True)
class Theme:
    """Named colours, every text colour at AAA contrast on the backgrounds it is used on."""

    bg: str
    panel: str
    text: str
    muted: str
    dim: str
    accent: str
    on_accent: str
    track: str
    danger: str
    """The background of a "Vervalt" badge (white text on it reaches AAA)."""
    on_danger: str
    rehearsal: str
    notice: str
    """The background of a staff notice."""

    @classmethod
    def for_accent(cls, accent: str | None) -> Theme:
        bg, panel = "#0b1721", "#132433"
        # An event's own accent is used as text on the panels, so it is made legible there.
        colour = legible_on(accent or DEFAULT_ACCENT, panel, AAA)
        return cls(
            bg=bg,
            panel=panel,
            text="#f5f7fa",
            muted="#cdd7e0",
            dim="#a9b8c6",
            accent=colour,
            on_accent=text_on(colour),
            track=mix(panel, "#ffffff", 0.15),
            danger="#a11d17",
            on_danger="#ffffff",
            rehearsal="#a11d17",
            notice="#5c1a14",
        )

    def colours(self) -> dict[str, str]:
        return dict(vars(self))

    def colour(self, name: str) -> str:
        """A colour of the theme by name, or a literal ``#rrggbb``."""
        if name.startswith("#"):
            return name
        colours = self.colours()
        if name not in colours:
            raise KeyError(f"the stylesheet names an unknown colour @{name}")
        return colours[name]


def unit_for(width: int, height: int) -> float:
    return min(width, height) / UNITS_PER_SHORT_SIDE


def floor_px(width: int, height: int) -> int:
    """The smallest size of any text attendees read: 1/24 of the shorter side, in whole px."""
    return math.ceil(min(width, height) / UNITS_PER_SHORT_SIDE - 1e-9)


@dataclass(frozen=True)
class Style:
    """How one kind of text looks: size in units, weight, colour (and a badge's background)."""

    name: str
    size: float
    weight: int = 400
    colour: str = "text"
    background: str | None = None

    @property
    def staff(self) -> bool:
        """Smaller than a unit: only for staff (the notice), exempt from the smallest size."""
        return self.size < 1


_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_RULE = re.compile(r"#([A-Za-z][\w-]*)\s*\{([^}]*)\}")
_PROPERTY = re.compile(r"([a-z-]+)\s*:\s*([^;]+);?")
_UNITS = re.compile(r"@u\(([\d.]+)\)")
_COLOUR = re.compile(r"@([a-z_]+)|(#[0-9a-fA-F]{3,6})")


class StyleError(ValueError):
    """The stylesheet says something the screen cannot use."""


def parse_styles(sheet: str) -> dict[str, Style]:
    """The text styles of a stylesheet: ``#name { font-size: @u(1.6); font-weight: 700;
    color: @accent; background: @danger; }``."""
    styles: dict[str, Style] = {}
    for rule in _RULE.finditer(_COMMENT.sub("", sheet)):
        name, body = rule.group(1), rule.group(2)
        values = {m.group(1): m.group(2).strip() for m in _PROPERTY.finditer(body)}
        unknown = set(values) - {"font-size", "font-weight", "color", "background"}
        if unknown:
            raise StyleError(f"#{name}: unknown properties {', '.join(sorted(unknown))}")
        size = _UNITS.fullmatch(values.get("font-size", ""))
        if size is None:
            raise StyleError(f"#{name}: font-size must be @u(n)")
        styles[name] = Style(
            name=name,
            size=float(size.group(1)),
            weight=int(values.get("font-weight", "400")),
            colour=_colour(name, values.get("color", "@text")),
            background=_colour(name, values["background"]) if "background" in values else None,
        )
    return styles


def _colour(name: str, value: str) -> str:
    match = _COLOUR.fullmatch(value)
    if match is None:
        raise StyleError(f"#{name}: a colour is @name or #rrggbb, not {value!r}")
    return match.group(1) or match.group(2)
