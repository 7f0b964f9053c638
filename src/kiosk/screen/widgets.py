"""Small painted widgets: progress line, icons, speaker avatar, cross-fade overlay."""

from __future__ import annotations

from PySide6.QtCore import Property, QEvent, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.schedule import Kind
from kiosk.screen.icons import icons

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


class ProgressLine(QWidget):
    """A slim bar showing how much of a session has passed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progress")
        self._value = 0.0
        self._track = QColor("#333333")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def get_track_colour(self) -> QColor:
        return self._track

    def set_track_colour(self, colour: QColor) -> None:
        self._track = QColor(colour)
        self.update()

    trackColor = Property(QColor, get_track_colour, set_track_colour)

    def set_value(self, value: float) -> None:
        if value != self._value:
            self._value = value
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        radius = self.height() / 2
        painter.setBrush(self._track)
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        if self._value > 0:
            painter.setBrush(self.palette().color(QPalette.ColorRole.WindowText))
            filled = QRectF(0, 0, max(self.height(), self.width() * self._value), self.height())
            painter.drawRoundedRect(filled, radius, radius)
        painter.end()


class Glyph(QWidget):
    """An icon (a qtawesome name, like fa5s.coffee) in the stylesheet's colour, or nothing."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._icon: str | None = None
        self._pixmap: QPixmap | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_icon(self, icon: str | None) -> None:
        if icon != self._icon:
            self._icon = icon
            self._pixmap = None
            self.update()

    def set_kind(self, kind: Kind) -> None:
        self.set_icon(KIND_ICONS[kind])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._pixmap = None
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._icon is None:
            return
        side = min(self.width(), self.height())
        if self._pixmap is None or self._pixmap.width() != side:
            colour = self.palette().color(QPalette.ColorRole.WindowText)
            self._pixmap = icons().pixmap(self._icon, side, colour)
        painter = QPainter(self)
        painter.drawPixmap((self.width() - side) // 2, (self.height() - side) // 2, self._pixmap)
        painter.end()


class Avatar(QWidget):
    """A speaker's photo in a circle, or their initials on a colour derived from the name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("avatar")
        self._initials = ""
        self._colour = QColor("#1f4e79")
        self._photo: QImage | None = None
        self._scaled: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_person(self, initials: str, colour: str, photo: QImage | None) -> None:
        self._initials = initials
        self._colour = QColor(colour)
        self._photo = photo if photo is not None and not photo.isNull() else None
        self._scaled = None
        self.update()

    def has_photo(self) -> bool:
        return self._photo is not None

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        circle = QRectF((self.width() - side) / 2, 0, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        path = QPainterPath()
        path.addEllipse(circle)
        painter.setClipPath(path)
        if self._photo is not None:
            if self._scaled is None or min(self._scaled.width(), self._scaled.height()) != side:
                self._scaled = self._photo.scaled(
                    side, side, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                    Qt.TransformationMode.SmoothTransformation,
                )
            centre = circle.center()
            corner = QPointF(centre.x() - self._scaled.width() / 2,
                             centre.y() - self._scaled.height() / 2)
            painter.drawImage(corner, self._scaled)
        else:
            painter.fillRect(circle, self._colour)
            font = self.font()
            font.setPixelSize(max(1, int(side * 0.38)))
            painter.setFont(font)
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            metrics = QFontMetricsF(font)
            width = metrics.horizontalAdvance(self._initials)
            baseline = circle.center().y() + (metrics.capHeight()) / 2
            painter.drawText(QPointF(circle.center().x() - width / 2, baseline), self._initials)
        painter.end()


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
