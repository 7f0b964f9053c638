"""The screen's colours and sizes: the stylesheet template filled in for one screen."""

from __future__ import annotations

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
        )

    def colours(self) -> dict[str, str]:
        return dict(vars(self))


def unit_for(width: int, height: int) -> float:
    return min(width, height) / UNITS_PER_SHORT_SIDE


_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_TOKEN = re.compile(r"@u\(([\d.]+)\)|@([a-z_]+)")


def render_stylesheet(template: str, theme: Theme, unit: float) -> str:
    """Fill in ``@name`` colours and ``@u(n)`` sizes (n units, in whole pixels)."""
    colours = theme.colours()

    def substitute(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return f"{max(1, round(float(match.group(1)) * unit))}px"
        name = match.group(2)
        if name not in colours:
            raise KeyError(f"the stylesheet names an unknown colour @{name}")
        return colours[name]

    return _TOKEN.sub(substitute, _COMMENT.sub("", template))
