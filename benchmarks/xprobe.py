"""Watch an X server's screen from outside, as a camera pointed at the monitor would.

The X Damage extension tells us the moment anything is drawn on the screen (on any
window: the damage is taken on the root window, which includes its children); only
then is the screen read back (XGetImage) and fingerprinted with CRC-32. So the probe
costs nothing while nothing changes, and cannot miss a frame's *last* state: every
drawing after a read-back raises a new damage event.

Only libX11 and libXdamage (both pulled in by Debian's Xvfb and by Qt's xcb platform)
are used, through ctypes: no Python package is needed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import select
import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

_ZPIXMAP = 2
_ALL_PLANES = 0xFFFFFFFF
_REPORT_NON_EMPTY = 3  # XDamageReportNonEmpty: one event each time damage starts


class _XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
    ]


def _lib(name: str, fallback: str) -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library(name) or fallback)


_x11 = _lib("X11", "libX11.so.6")
_xd = _lib("Xdamage", "libXdamage.so.1")
_x11.XOpenDisplay.restype = ctypes.c_void_p
_x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
_x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
_x11.XDefaultRootWindow.restype = ctypes.c_ulong
_x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
_x11.XConnectionNumber.argtypes = [ctypes.c_void_p]
_x11.XPending.argtypes = [ctypes.c_void_p]
_x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
_x11.XFlush.argtypes = [ctypes.c_void_p]
_x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XGetImage.restype = ctypes.c_void_p
_x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                           ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
_x11.XDestroyImage.argtypes = [ctypes.c_void_p]
_x11.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
_xd.XDamageQueryExtension.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int),
                                      ctypes.POINTER(ctypes.c_int)]
_xd.XDamageCreate.restype = ctypes.c_ulong
_xd.XDamageCreate.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int]
_xd.XDamageSubtract.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong,
                                ctypes.c_ulong]
_xd.XDamageDestroy.argtypes = [ctypes.c_void_p, ctypes.c_ulong]


@dataclass(frozen=True)
class Frame:
    """One read-back of the screen."""

    seen: float
    """time.monotonic() when the damage that led to this read-back was received."""
    crc: int
    """CRC-32 of the whole screen's pixels."""


class Screen:
    """One connection to an X display, with damage tracking on the whole screen."""

    def __init__(self, display: str) -> None:
        self._dpy = _x11.XOpenDisplay(display.encode())
        if not self._dpy:
            raise RuntimeError(f"cannot open X display {display}")
        self.root = _x11.XDefaultRootWindow(self._dpy)
        self.width = _x11.XDisplayWidth(self._dpy, 0)
        self.height = _x11.XDisplayHeight(self._dpy, 0)
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not _xd.XDamageQueryExtension(self._dpy, ctypes.byref(event_base),
                                         ctypes.byref(error_base)):
            raise RuntimeError("the X server has no DAMAGE extension")
        self._damage_event = event_base.value  # XDamageNotify is event 0 of the extension
        self._damage = _xd.XDamageCreate(self._dpy, self.root, _REPORT_NON_EMPTY)
        self._fd = _x11.XConnectionNumber(self._dpy)
        self._event = ctypes.create_string_buffer(256)  # sizeof(XEvent) is 192
        _x11.XSync(self._dpy, 0)

    def close(self) -> None:
        if self._dpy:
            _xd.XDamageDestroy(self._dpy, self._damage)
            _x11.XCloseDisplay(self._dpy)
            self._dpy = None

    def __enter__(self) -> Screen:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- damage --------------------------------------------------------------

    def _drain(self) -> bool:
        """Read every queued event; True if one was a damage event."""
        damaged = False
        while _x11.XPending(self._dpy):
            _x11.XNextEvent(self._dpy, self._event)
            kind = struct.unpack_from("i", self._event.raw)[0]
            damaged |= kind == self._damage_event
        return damaged

    def wait_damage(self, timeout: float) -> float | None:
        """Wait up to ``timeout`` s for something to be drawn; its time, or None.

        The damage is acknowledged (subtracted) before returning, so drawing from here
        on raises a new event; read the screen right after to see what was drawn.
        """
        deadline = time.monotonic() + timeout
        while True:
            if self._drain():
                seen = time.monotonic()
                _xd.XDamageSubtract(self._dpy, self._damage, 0, 0)
                _x11.XFlush(self._dpy)
                return seen
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            _x11.XFlush(self._dpy)
            select.select([self._fd], [], [], left)

    def clear_damage(self) -> None:
        """Forget damage so far (before an action whose effect is to be timed)."""
        self._drain()
        _xd.XDamageSubtract(self._dpy, self._damage, 0, 0)
        _x11.XSync(self._dpy, 0)
        self._drain()

    # -- reading pixels ------------------------------------------------------

    def _with_image(self, x: int, y: int, w: int, h: int,
                    use: type[bytes] | None = None) -> tuple[int, bytes | None]:
        pointer = _x11.XGetImage(self._dpy, self.root, x, y, w, h, _ALL_PLANES, _ZPIXMAP)
        if not pointer:
            raise RuntimeError("XGetImage failed")
        try:
            image = _XImage.from_address(pointer)
            size = image.bytes_per_line * image.height
            view = (ctypes.c_char * size).from_address(image.data)
            crc = zlib.crc32(view)
            raw = bytes(view) if use is bytes else None
            return crc, raw
        finally:
            _x11.XDestroyImage(pointer)

    def crc(self, x: int = 0, y: int = 0, w: int | None = None, h: int | None = None) -> int:
        """CRC-32 of the pixels of a rectangle (the whole screen by default)."""
        return self._with_image(x, y, w or self.width, h or self.height)[0]

    def pixels(self) -> bytes:
        """The whole screen as 32-bit BGRX pixels, row by row."""
        raw = self._with_image(0, 0, self.width, self.height, bytes)[1]
        assert raw is not None
        return raw

    def frame(self, seen: float) -> Frame:
        return Frame(seen, self.crc())

    def save_png(self, path: Path) -> None:
        """Write the whole screen to a PNG (plain zlib, no imaging library)."""
        write_png(path, self.pixels(), self.width, self.height)

    def colour_at(self, x: int, y: int) -> str:
        raw = self._with_image(x, y, 1, 1, bytes)[1]
        assert raw is not None
        blue, green, red = raw[0], raw[1], raw[2]
        return f"#{red:02x}{green:02x}{blue:02x}"


def write_png(path: Path, bgrx: bytes, width: int, height: int) -> None:
    """A PNG (8-bit RGB) from 32-bit BGRX rows."""
    stride = width * 4
    rows = bytearray()
    for row in range(height):
        line = bgrx[row * stride:(row + 1) * stride]
        rgb = bytearray(width * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = line[2::4], line[1::4], line[0::4]
        rows += b"\x00" + rgb

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


@dataclass
class Watch:
    """The frames seen on a screen from a start moment until it stayed still."""

    start: float
    frames: list[Frame]
    settled: bool
    """True if the screen stayed unchanged for the quiet period before the time limit."""

    @property
    def final(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    def first_change(self, before: int | None = None) -> float | None:
        """Seconds from start to the first frame different from ``before``."""
        for frame in self.frames:
            if frame.crc != before:
                return frame.seen - self.start
        return None

    def first_final(self) -> float | None:
        """Seconds from start to the first frame identical to the settled one."""
        final = self.final
        if final is None:
            return None
        for frame in self.frames:
            if frame.crc == final.crc:
                return frame.seen - self.start
        return None

    def distinct(self) -> int:
        """How many different pictures were shown on the way (one per change)."""
        count, last = 0, None
        for frame in self.frames:
            if frame.crc != last:
                count, last = count + 1, frame.crc
        return count


def watch(screen: Screen, start: float, quiet: float, limit: float,
          before: int | None = None) -> Watch:
    """Record frames from ``start`` until the pixels, once they changed from ``before``,
    stayed the same for ``quiet`` s (drawing that leaves every pixel as it was, like a
    page rewriting its clock with the same text, does not count), or until ``limit`` s."""
    frames: list[Frame] = []
    deadline = start + limit
    last_crc = before
    last_change: float | None = None
    while True:
        now = time.monotonic()
        if last_change is not None and now - last_change >= quiet:
            return Watch(start, frames, settled=True)
        if now >= deadline:
            return Watch(start, frames, settled=False)
        until = deadline if last_change is None else min(deadline, last_change + quiet)
        seen = screen.wait_damage(max(0.0, until - now))
        if seen is None:
            continue
        frame = screen.frame(seen)
        frames.append(frame)
        if frame.crc != last_crc:
            last_crc, last_change = frame.crc, seen
