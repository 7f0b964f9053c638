"""Where speakers' photos come from: the schedule's folder (or its URL, see remote.py).

Data sources live apart from the widgets that show what they give. A photo is only shown
when it decoded completely: a file cut short (a copy that did not finish, a truncated
download) shows the speaker's initials instead of a half-grey picture.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, qInstallMessageHandler
from PySide6.QtGui import QImage, QImageReader

from kiosk.files import file_reason, read_regular_file

log = logging.getLogger("kiosk")

MAX_PHOTO_BYTES = 16 * 1024 * 1024
"""Far above any sensible speaker photo; a larger file is not a photo."""
MAX_PHOTO_PIXELS = 40_000_000
"""Above any camera a speaker's photo comes from (a 24 megapixel one is 6000 × 4000); a
larger picture would take seconds and gigabytes to decode (a PNG of 30000 × 30000 pixels
fits in a few megabytes of file)."""
PHOTO_SIDE = 1600
"""A photo is kept with its shorter side at most this long: more than the largest
avatar on a 4K screen, and a few megabytes however large the file's picture is."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PhotoSource(Protocol):
    """Where speaker photos come from: the schedule's folder, or its URL."""

    def photo(self, relative: PurePosixPath) -> QImage | None:
        """The photo, or None (not there, not readable, or not fetched yet)."""
        ...


def _jpeg_complete(data: bytes) -> bool:
    # Walk the segments before the image data (an embedded thumbnail has an end marker of
    # its own inside them), then the end marker must follow: entropy-coded data never
    # holds FF D9, since every FF in it is followed by 00 or a restart marker.
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if marker == 0xDA:  # start of scan
            return data.find(b"\xff\xd9", at + 2 + length) >= 0
        at += 2 + length
    return False


def _png_complete(data: bytes) -> bool:
    at = len(_PNG_SIGNATURE)
    while at + 12 <= len(data):
        length, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        at += 12 + length
        if kind == b"IEND":
            return at <= len(data)
    return False


def image_complete(data: bytes) -> bool:
    """``data`` is a whole JPEG, PNG, WebP, GIF or BMP file (by its own structure), so that
    decoding it cannot end early; any other format is refused."""
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg_complete(data)
    if data.startswith(_PNG_SIGNATURE):
        return _png_complete(data)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return len(data) >= 8 + int.from_bytes(data[4:8], "little")
    if data.startswith((b"GIF87a", b"GIF89a")):
        return data.rstrip(b"\0").endswith(b"\x3b")
    if data.startswith(b"BM") and len(data) >= 6:
        return len(data) >= int.from_bytes(data[2:6], "little")
    return False


@contextmanager
def _quiet_qt() -> Iterator[list[str]]:
    """Collect what Qt says meanwhile (an image plugin's complaints) instead of logging it."""
    said: list[str] = []
    previous = qInstallMessageHandler(lambda _kind, _context, message: said.append(message))
    try:
        yield said
    finally:
        qInstallMessageHandler(previous)


def decode_photo(data: bytes) -> tuple[QImage | None, str]:
    """The image in ``data`` if it is complete and decodes without complaint, else None
    and why, in a few words that follow "the photo"."""
    if not image_complete(data):
        return None, "is not a complete JPEG, PNG, WebP, GIF or BMP file"
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    with _quiet_qt() as said:
        size = reader.size()  # from the header: nothing is decoded yet
        if size.isValid() and size.width() * size.height() > MAX_PHOTO_PIXELS:
            buffer.close()
            return None, (f"is {size.width()} × {size.height()} pixels, more than the "
                          f"{MAX_PHOTO_PIXELS // 1_000_000} megapixels a photo may have")
        if size.isValid() and min(size.width(), size.height()) > PHOTO_SIDE:
            # decoded straight to the size shown (a JPEG at a fraction of the work)
            reader.setScaledSize(size.scaled(PHOTO_SIDE, PHOTO_SIDE,
                                             Qt.AspectRatioMode.KeepAspectRatioByExpanding))
        image = reader.read()
    buffer.close()
    if image.isNull():
        return None, f"cannot be decoded ({reader.errorString()})"
    if said:
        return None, f"does not decode cleanly ({said[0]})"
    return image, ""


Stamp = tuple[int, int, int, int]
"""(device, inode, size, mtime in ns) of a photo file: changes when the photo does."""


class FolderPhotos:
    """Photos from the folder of the schedule file, looked at again each time one is asked
    for (once per card change: one resolve and one stat), read again only when changed.

    A photo is opened only when its real path (symbolic links followed) lies inside the
    folder, as the folder is now, and is a regular file: a photo replaced by a link to a
    file elsewhere afterwards, or by a FIFO, is not shown.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._images: dict[PurePosixPath, tuple[Stamp, QImage | None]] = {}
        self._told: dict[PurePosixPath, str] = {}

    def photo(self, relative: PurePosixPath) -> QImage | None:
        try:
            folder = self.folder.resolve()
            target = (folder / relative).resolve()
        except (OSError, RuntimeError, ValueError) as error:  # a name too long, a symbolic
            # link loop, a NUL in the name
            self._none(relative, f"cannot be looked up: {error}")
            return None
        if not target.is_relative_to(folder) or target == folder:
            self._none(relative, "leads outside the schedule's folder")
            return None
        try:
            info = os.stat(target, follow_symlinks=False)
        except FileNotFoundError:
            self._none(relative, "")
            return None
        except OSError as error:
            self._none(relative, f"cannot be read: {file_reason(error)}")
            return None
        if not stat.S_ISREG(info.st_mode):
            self._none(relative, "is not a regular file")
            return None
        stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        known = self._images.get(relative)
        if known is not None and known[0] == stamp:
            return known[1]
        image: QImage | None = None
        try:
            # No link followed at the last step: the file checked above is the file read.
            data = read_regular_file(target, MAX_PHOTO_BYTES, follow_symlinks=False)
        except OSError as error:
            why = f"cannot be read: {file_reason(error)}"
        else:
            image, why = decode_photo(data)
        self._images[relative] = (stamp, image)
        if image is None:
            self._tell(relative, why)
        else:
            self._told.pop(relative, None)
        return image

    def _none(self, relative: PurePosixPath, why: str) -> None:
        self._images.pop(relative, None)
        self._tell(relative, why)

    def _tell(self, relative: PurePosixPath, why: str) -> None:
        """Say why there is no photo in the log, once per reason (not at every card change)."""
        if why and self._told.get(relative) != why:
            log.warning("photo %s %s; the card shows initials", self.folder / relative, why)
        self._told[relative] = why
