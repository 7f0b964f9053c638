"""The kinds' icons: Font Awesome 5 (solid) glyphs from the qtawesome package.

We take qtawesome's font and charmap files but draw the glyphs ourselves: importing
qtawesome's Python code brings in its Qt shim (qtpy), which loads QtOpenGL and its
own dozen icon fonts, and costs a quarter of a second and some 40 MB at start, for the
nine icons a screen shows. Like every resource, a missing icon font is an error at start.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPixmap

from kiosk.screen.resources import ResourceError

PACKAGE = "qtawesome"
FONT = "fontawesome5-solid-webfont-*.ttf"
CHARMAP = "fontawesome5-solid-webfont-charmap-*.json"
PREFIX = "fa5s."


class Icons:
    """Draws Font Awesome icons by their qtawesome names (``fa5s.coffee``)."""

    def __init__(self) -> None:
        folder = _fonts_folder()
        font_file, charmap_file = _newest(folder, FONT), _newest(folder, CHARMAP)
        font_id = QFontDatabase.addApplicationFontFromData(font_file.read_bytes())
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            raise ResourceError(f"the icon font {font_file} did not register")
        self.family = families[0]
        self.charmap: dict[str, str] = json.loads(charmap_file.read_text(encoding="utf-8"))

    def pixmap(self, name: str, side: int, colour: QColor) -> QPixmap:
        """The icon ``name`` in ``colour``, ``side`` pixels square, on transparency."""
        code = self.charmap.get(name.removeprefix(PREFIX))
        if code is None:
            raise ResourceError(f"no icon {name!r} in {self.family}")
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        font = QFont(self.family)
        font.setPixelSize(max(1, round(side * 0.875)))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(QRectF(0, 0, side, side), Qt.AlignmentFlag.AlignCenter,
                         chr(int(code, 16)))
        painter.end()
        return pixmap


_icons: Icons | None = None


def icons() -> Icons:
    """The one Icons of the application (the font is registered once)."""
    global _icons
    if _icons is None:
        _icons = Icons()
    return _icons


def _fonts_folder() -> Path:
    # find_spec does not import the package: qtawesome's own import is what we avoid.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError(f"the {PACKAGE} package (the icon fonts) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


def _newest(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        raise ResourceError(f"no {pattern} in {folder}")
    return found[-1]
