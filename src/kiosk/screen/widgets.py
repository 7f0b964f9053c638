"""The kinds' icons and the cross-fade between speaker cards."""

from __future__ import annotations

from PySide6.QtCore import Qt, QVariantAnimation
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.schedule import Kind

KIND_ICONS = {
    Kind.TALK: "fa5s.microphone",
    Kind.WORKSHOP: "fa5s.users",
    Kind.PANEL: "fa5s.comments",
    Kind.CEREMONY: "fa5s.star",
    Kind.BREAK: "fa5s.coffee",
    Kind.LUNCH: "fa5s.utensils",
    Kind.WALK_IN: "fa5s.door-open",
    Kind.DRINKS: "fa5s.glass-cheers",
}
FADE_MS = 500
"""The cross-fade between speaker cards; the brief allows at most 600 ms."""


class FadeOverlay(QWidget):
    """Paints a still image of the old content over the new one, fading it out.

    Cheaper than QGraphicsOpacityEffect on live widgets: one pixmap, drawn at
    a changing opacity, for at most FADE_MS.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._over = parent
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._pixmap = QPixmap()
        self._opacity = 0.0
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(FADE_MS)
        self._animation.setStartValue(1.0)
        self._animation.setEndValue(0.0)
        self._animation.valueChanged.connect(self._set_opacity)
        self._animation.finished.connect(self.hide)
        self.hide()

    def fade_from(self, pixmap: QPixmap) -> None:
        """Start fading out ``pixmap`` (the content as it looked before the change)."""
        self._pixmap = pixmap
        self.setGeometry(self._over.rect())
        self.raise_()
        self._opacity = 1.0
        self.show()
        self._animation.stop()
        self._animation.start()

    def is_fading(self) -> bool:
        return self.isVisible()

    def _set_opacity(self, value: object) -> None:
        self._opacity = float(value)  # type: ignore[arg-type]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setOpacity(self._opacity)
        painter.drawPixmap(0, 0, self._pixmap)
        painter.end()
