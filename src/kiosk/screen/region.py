"""A region of the screen as a widget: it paints its scene, and records each text where it
painted it (the data of ``kiosk snapshot --layout``). It repaints only when its scene
changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.screen.icons import icons
from kiosk.screen.photos import PhotoSource
from kiosk.screen.record import Drawn, Shape
from kiosk.screen.scene import (
    EMPTY,
    AvatarOp,
    BarOp,
    BoxOp,
    IconOp,
    ImageOp,
    Rect,
    Scene,
    TextOp,
)
from kiosk.screen.text import Fonts
from kiosk.screen.widgets import FadeOverlay


class Art:
    """What painting needs besides the scene: fonts, icons, photos, pictures (the QR code),
    with what was drawn once kept for the next time."""

    def __init__(self, fonts: Fonts, photos: PhotoSource | None) -> None:
        self.fonts = fonts
        self.photos = photos
        self.images: dict[str, QPixmap] = {}
        self._icons: dict[tuple[str, int, str], QPixmap] = {}
        self._photos: dict[tuple[PurePosixPath, int], QImage] = {}

    def icon(self, name: str, side: int, colour: str) -> QPixmap:
        key = (name, side, colour)
        pixmap = self._icons.get(key)
        if pixmap is None:
            if len(self._icons) > 200:
                self._icons.clear()
            pixmap = icons().pixmap(name, side, QColor(colour))
            self._icons[key] = pixmap
        return pixmap

    def photo(self, relative: PurePosixPath, side: int) -> QImage | None:
        if self.photos is None:
            return None
        key = (relative, side)
        scaled = self._photos.get(key)
        if scaled is None:
            image = self.photos.photo(relative)
            if image is None or image.isNull():
                return None
            if len(self._photos) > 20:
                self._photos.clear()
            scaled = image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                  Qt.TransformationMode.SmoothTransformation)
            self._photos[key] = scaled
        return scaled

    def forget_photo(self, relative: PurePosixPath) -> None:
        for key in [k for k in self._photos if k[0] == relative]:
            del self._photos[key]


class RegionView(QWidget):
    """One region: shows a scene."""

    def __init__(self, name: str, art: Art, parent: QWidget) -> None:
        super().__init__(parent)
        self.name = name
        self.art = art
        self.scene: Scene = EMPTY
        self.drawn: list[Drawn] = []
        """The texts as last painted, in window pixels."""
        self.shapes: list[Shape] = []
        """What else was painted (icons, bars, pills), in window pixels."""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.hide()

    def show_scene(self, scene: Scene) -> None:
        if scene != self.scene:
            self.scene = scene
            self.update()

    def texts(self, role: str | None = None) -> list[str]:
        """The texts of the scene (what is drawn), optionally of one role."""
        return [op.shown for op in self.scene.ops
                if isinstance(op, TextOp) and (role is None or op.role == role)]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        origin = self.mapTo(self.window(), QPoint(0, 0))
        drawn: list[Drawn] = []
        for op in self.scene.ops:
            if isinstance(op, TextOp):
                self._text(painter, op)
                box = op.rect()
                drawn.append(Drawn(op.region, op.role, op.text, op.shown, op.lines,
                                   (box.x + origin.x(), box.y + origin.y(), box.w, box.h), op.px))
            elif isinstance(op, BoxOp):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(op.colour))
                painter.drawRoundedRect(_qrect(op.rect), op.radius, op.radius)
            elif isinstance(op, IconOp):
                side = max(1, round(op.rect.w))
                painter.drawPixmap(QPointF(op.rect.x, op.rect.y),
                                   self.art.icon(op.name, side, op.colour))
            elif isinstance(op, BarOp):
                self._bar(painter, op)
            elif isinstance(op, AvatarOp):
                self._avatar(painter, op)
            elif isinstance(op, ImageOp):
                image = self.art.images.get(op.name)
                if image is not None:
                    painter.drawPixmap(_qrect(op.rect), image, QRectF(image.rect()))
        painter.end()
        self.drawn = drawn
        self.shapes = shapes_of(self.name, self.scene, origin.x(), origin.y())

    def _text(self, painter: QPainter, op: TextOp) -> None:
        font = self.art.fonts.face(op.px, op.weight).font
        if op.strike:
            font = type(font)(font)
            font.setStrikeOut(True)
        painter.setFont(font)
        painter.setPen(QColor(op.colour))
        for index, line in enumerate(op.lines):
            painter.drawText(QPointF(op.line_x(index), op.y + op.ascent + index * op.line), line)

    @staticmethod
    def _bar(painter: QPainter, op: BarOp) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        radius = op.rect.h / 2
        painter.setBrush(QColor(op.track))
        painter.drawRoundedRect(_qrect(op.rect), radius, radius)
        if op.value > 0:
            painter.setBrush(QColor(op.colour))
            filled = Rect(op.rect.x, op.rect.y, max(op.rect.h, op.rect.w * op.value), op.rect.h)
            painter.drawRoundedRect(_qrect(filled), radius, radius)

    def _avatar(self, painter: QPainter, op: AvatarOp) -> None:
        side = max(1, round(op.rect.w))
        circle = _qrect(op.rect)
        painter.save()
        path = QPainterPath()
        path.addEllipse(circle)
        painter.setClipPath(path)
        photo = self.art.photo(op.photo, side) if op.photo is not None else None
        if photo is not None:
            centre = circle.center()
            painter.drawImage(QPointF(centre.x() - photo.width() / 2,
                                      centre.y() - photo.height() / 2), photo)
        else:
            painter.fillRect(circle, QColor(op.colour))
        painter.restore()


class CardView(RegionView):
    """The speaker card's region: a new card cross-fades over the old one."""

    def __init__(self, name: str, art: Art, parent: QWidget) -> None:
        super().__init__(name, art, parent)
        self.overlay = FadeOverlay(self)
        self.card: object = None
        """The board's card shown (kiosk.board.Card)."""
        self.arrived: Callable[[PurePosixPath], None] | None = None
        """Told when a photo arrives (the window shows it if it is the card's)."""

    def refresh_photo(self, relative: PurePosixPath) -> None:
        """A photo arrived (from a URL): show it now if it belongs to the card shown."""
        self.art.forget_photo(relative)
        if self.arrived is not None:
            self.arrived(relative)

    def show_card(self, card: object, scene: Scene, animate: bool) -> None:
        if animate and self.card is not None and card != self.card and self.isVisible():
            self.overlay.hide()  # a fade still running (a rehearsal) must not be grabbed too
            self.overlay.fade_from(self.grab())
        self.card = card
        self.show_scene(scene)

    def resizeEvent(self, event: object) -> None:
        self.overlay.setGeometry(self.rect())


def _qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


_KINDS = {BoxOp: "box", IconOp: "icon", BarOp: "bar", AvatarOp: "avatar", ImageOp: "image"}


def shapes_of(region: str, scene: Scene, x: float, y: float) -> list[Shape]:
    """The scene's drawn shapes but its own background, moved by (x, y)."""
    found: list[Shape] = []
    for op in scene.ops:
        if isinstance(op, TextOp) or (isinstance(op, BoxOp) and op.backdrop):
            continue
        rect = op.rect
        found.append(Shape(region, _KINDS[type(op)], (rect.x + x, rect.y + y, rect.w, rect.h)))
    return found
