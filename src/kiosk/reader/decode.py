"""From the bytes of a file to its text: the size, the encoding and the characters it may hold.

Every problem found here stops the reading (nothing after it can be trusted), so each
raises ScheduleError with the one problem, at the line and column an editor shows.
"""

from __future__ import annotations

import codecs
import re

from kiosk.i18n import Message, _
from kiosk.reader.problems import Problem, ScheduleError

MAX_BYTES = 1024 * 1024
"""Far above any hand-written programme (the 2,000-session test festival is ~300 KiB)."""

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029]")
"""Characters a schedule never holds: control characters, non-characters, and U+2028 and
U+2029, which YAML counts as line breaks and editors do not (the line numbers would drift)."""

_UTF16_OR_32 = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)
"""Longest first: the UTF-32 LE mark starts with the UTF-16 LE one."""


def decode(data: bytes | str, source: str, limit: int = MAX_BYTES) -> str:
    """The text of a schedule file, or ScheduleError saying why it is not usable text."""

    def fail(line: int, column: int, message: Message) -> ScheduleError:
        return ScheduleError(source, [Problem(line, column, message)])

    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > limit:
        raise too_large(source, limit)
    if not data.strip():
        raise fail(1, 1, _("the file is empty: a schedule needs at least 'event:' and "
                           "'sessions:'"))
    encoding = wide_encoding(data)
    if encoding is not None:
        raise fail(1, 1, _("the file is saved as {encoding} (Notepad calls it 'Unicode'): "
                           "save it as UTF-8", encoding=encoding))
    # Positions count from after the mark, as YAML's do. An editor that added the mark twice
    # leaves two; both are dropped, or the two YAML parsers would count columns differently.
    while data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = position(data, nul)
        raise fail(line, column, _("the file holds binary data (a NUL byte), not text"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = position(data, error.start)
        raise fail(line, column, _("the file is not UTF-8 text: save it as UTF-8")) from None
    control = CONTROL.search(text)
    if control is not None:
        line, column = position(data, len(text[: control.start()].encode("utf-8")))
        code = f"{ord(control.group()):04X}"
        raise fail(line, column, _("the file holds a control character (U+{code})", code=code))
    bom = text.find("\ufeff")
    if bom >= 0:
        line, column = position(data, len(text[:bom].encode("utf-8")))
        raise fail(line, column, _("the file holds an invisible character (U+FEFF, a byte "
                                   "order mark) inside the text: delete it"))
    return text


def too_large(source: str, limit: int) -> ScheduleError:
    """The error of a file over ``limit`` bytes (found from its size or while decoding)."""
    return ScheduleError(source, [Problem(1, 1, _(
        "the file is larger than {size} KiB: not a schedule", size=limit // 1024))])


def wide_encoding(data: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes are text in one of those, else None.

    By the byte order mark, or without one by the NUL bytes that ASCII letters get in them
    (a schedule's text starts with ASCII: 'event:', a comment, a space).
    """
    for mark, name in _UTF16_OR_32:
        if data.startswith(mark):
            return name
    head = data[: min(len(data), 64) // 4 * 4]
    if len(head) < 8 or b"\0" not in head:
        return None

    def zero(*offsets: int) -> bool:
        return all(not any(head[offset::4]) for offset in offsets)

    if zero(1, 2, 3) or zero(0, 1, 2):
        return "UTF-32"
    if zero(1, 3) or zero(0, 2):
        return "UTF-16"
    return None


def position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of byte ``offset``, counted as YAML counts them."""
    head = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # YAML's line breaks
    line_start = head.rfind(b"\n") + 1
    column = len(head[line_start:].decode("utf-8", "replace")) + 1
    return head.count(b"\n") + 1, column
