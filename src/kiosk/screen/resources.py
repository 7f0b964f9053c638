"""The screen's package data (fonts, stylesheet), loaded through importlib.resources.

A missing resource is an error at start, never a silent fallback: a screen
without its font would look different on every machine.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFontDatabase

FONT_FAMILY = "Inter"
FONT_FILES = ("Inter-Regular.otf", "Inter-Medium.otf", "Inter-SemiBold.otf", "Inter-Bold.otf")
STYLESHEET = "screen.qss"


class ResourceError(RuntimeError):
    """A file the screen needs is missing or unusable."""


def _read(*parts: str) -> bytes:
    resource = resources.files("kiosk.resources").joinpath(*parts)
    try:
        return resource.read_bytes()
    except OSError as error:
        raise ResourceError(f"kiosk is installed without its resource {'/'.join(parts)}: "
                            f"{error.strerror or error}") from None


def load_fonts() -> str:
    """Register the bundled font with Qt and return its family name."""
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFontFromData(_read("fonts", name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if FONT_FAMILY not in families:
            raise ResourceError(f"the font fonts/{name} did not register as {FONT_FAMILY!r}")
    return FONT_FAMILY


def stylesheet_template() -> str:
    """The stylesheet with its @colour and @u(n) placeholders (see kiosk.screen.theme)."""
    return _read(STYLESHEET).decode("utf-8")
