"""Where speakers' photos come from: the schedule's folder (or its URL, see remote.py).

Data sources live apart from the widgets that show what they give.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Protocol

from PySide6.QtGui import QImage


class PhotoSource(Protocol):
    """Where speaker photos come from: the schedule's folder, or its URL."""

    def photo(self, relative: PurePosixPath) -> QImage | None:
        """The photo, or None (not there, not readable, or not fetched yet)."""
        ...


class FolderPhotos:
    """Photos from the folder of the schedule file, read once and kept."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._images: dict[PurePosixPath, QImage | None] = {}

    def photo(self, relative: PurePosixPath) -> QImage | None:
        if relative not in self._images:
            image = QImage(str(self.folder / relative))
            self._images[relative] = None if image.isNull() else image
        return self._images[relative]
