"""Guards against known faults of the Qt binding that would take the screen down."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from kiosk.screen.resources import load_fonts
from kiosk.screen.text import Fonts


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_calls_that_return_nothing_keep_none_alive(qapp: QApplication) -> None:
    # PySide6 6.12.0 released a reference to None in each such call: on Python 3.11 the
    # screen died within minutes ("none_dealloc"). pyproject.toml keeps it out.
    layout = QTextLayout("Lezing Dennis Martens", QFont())
    option = QTextOption()
    face = Fonts(load_fonts()).face(72, 700)
    image = QImage(300, 100, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for width in range(100, 300):
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        layout.endLayout()
        # What the screen does when it paints a text.
        painter.setFont(face.font)
        painter.setPen(QColor("#f5f7fa"))
        painter.drawText(QPointF(0, 80), f"Lezing {width}")
    painter.end()
    assert sys.getrefcount(None) - before >= -10
