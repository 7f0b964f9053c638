"""The QR code to the event's web address. Whatever the address, drawing it never takes the
screen down: one that segno cannot encode (too long, say) shows no QR code, logged once."""

from __future__ import annotations

import io
import logging

from PySide6.QtGui import QPixmap

log = logging.getLogger("kiosk")


class QrCodes:
    """QR codes by address, made once each (a failure too is remembered, so logged once)."""

    def __init__(self) -> None:
        self._made: dict[str, QPixmap | None] = {}

    def get(self, url: str | None) -> QPixmap | None:
        if not url:
            return None
        if url not in self._made:
            if len(self._made) > 16:
                self._made.clear()
            self._made[url] = _make(url)
        return self._made[url]


def _make(url: str) -> QPixmap | None:
    import segno  # here, not at the top: a day without a web address never pays its import

    try:
        png = io.BytesIO()
        segno.make(url, error="m").save(png, kind="png", scale=8, border=2, dark="#000000",
                                        light="#ffffff")
    except Exception as error:  # DataOverflowError, or anything else segno may raise
        log.warning("no QR code for the event's url (%d characters): %s", len(url),
                    f"{type(error).__name__}: {error}"[:200])
        return None
    image = QPixmap()
    if not image.loadFromData(png.getvalue()):
        log.warning("no QR code for the event's url: the picture did not load")
        return None
    return image
