"""Text that wraps to a few lines and then ends in "…": never clipped, never overlapping."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QSize, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QSizePolicy, QWidget


class TextBlock(QWidget):
    """A label that wraps at word boundaries to at most ``max_lines`` lines.

    When the text needs more, the last line ends in an ellipsis. Its height
    for a width is exactly the lines it shows, so a layout never clips it.
    Font and colour come from the stylesheet (by object name and properties).

    An ``elastic`` block (for text that is nice to have, like a description)
    asks for no height of its own and shows as many whole lines as the layout
    gives it room for, up to ``max_lines``.
    """

    def __init__(
        self,
        name: str,
        max_lines: int = 1,
        parent: QWidget | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        elastic: bool = False,
    ) -> None:
        super().__init__(parent)
        self.elastic = elastic
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._text = ""
        self._max_lines = max_lines
        self._align = align
        self._cache: tuple[tuple[str, int, int, str], tuple[list[str], bool]] | None = None
        vertical = QSizePolicy.Policy.Ignored if elastic else QSizePolicy.Policy.Minimum
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, vertical)
        policy.setHeightForWidth(not elastic)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def set_alignment(self, align: Qt.AlignmentFlag) -> None:
        if align != self._align:
            self._align = align
            self.update()

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._cache = None
            self._fit_height()
            self.update()

    def set_max_lines(self, lines: int) -> None:
        if lines != self._max_lines:
            self._max_lines = lines
            self._cache = None
            self._fit_height()
            self.update()

    def lines(self, width: int | None = None) -> tuple[list[str], bool]:
        """The lines shown at ``width`` (default: the current one) and whether text was cut."""
        width = self.contentsRect().width() if width is None else width
        limit = self._max_lines
        if self.elastic and width == self.contentsRect().width():
            margins = self.contentsMargins()
            room = int((self.height() - margins.top() - margins.bottom()) / self.line_height())
            limit = max(0, min(limit, room))
        key = (self._text, width, limit, self.font().key())
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, _wrap(self._text, self, width, limit))
        return self._cache[1]

    def line_height(self) -> float:
        return QFontMetricsF(self.font()).lineSpacing()

    def hasHeightForWidth(self) -> bool:
        # Layouts take a height-for-width as the least height: elastic text asks for none.
        return not self.elastic

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        count = max(1, len(self.lines(inner)[0])) if self._text else 1
        return int(count * self.line_height() + 0.999) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(self.font())
        margins = self.contentsMargins()
        natural = int(metrics.horizontalAdvance(self._text) + 1) + margins.left() + margins.right()
        width = min(natural, 40 * int(metrics.averageCharWidth() + 1))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        if self.elastic:
            return QSize(0, 0)
        margins = self.contentsMargins()
        return QSize(0, int(self.line_height() + 0.999) + margins.top() + margins.bottom())

    def _fit_height(self) -> None:
        """Ask the layout for exactly the height the text needs at the current width.

        Qt's layouts pass height-for-width poorly through nested layouts, so the
        block sets its own minimum height whenever its width, text or font changes.
        """
        height = 0 if self.elastic else self.heightForWidth(self.width())
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._cache = None
            self._fit_height()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        rect = self.contentsRect()
        shown, _ = self.lines(rect.width())
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        metrics = QFontMetricsF(self.font())
        y = rect.top() + metrics.ascent()
        for line in shown:
            x: float = rect.left()
            if self._align & Qt.AlignmentFlag.AlignRight:
                x = rect.right() + 1 - metrics.horizontalAdvance(line)
            elif self._align & Qt.AlignmentFlag.AlignHCenter:
                x = rect.left() + (rect.width() - metrics.horizontalAdvance(line)) / 2
            painter.drawText(QPointF(x, y), line)
            y += metrics.lineSpacing()
        painter.end()


def _wrap(text: str, widget: QWidget, width: int, max_lines: int) -> tuple[list[str], bool]:
    """Break ``text`` into lines of ``width`` pixels; elide the last if more are needed."""
    if max_lines <= 0:
        return [], bool(text)
    if not text or width <= 0:
        return ([text] if text else []), False
    font = widget.font()
    metrics = QFontMetricsF(font)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    if len(spans) <= max_lines:
        return [text[start:start + length].rstrip() for start, length in spans], False
    shown = [text[start:start + length].rstrip() for start, length in spans[: max_lines - 1]]
    rest = text[spans[max_lines - 1][0]:].strip()
    shown.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return shown, True
