"""Which format a programme file is in, from its content first and its name second.

The rules, in order:

1. after a byte order mark and blank space the text starts with ``<``: frab XML;
2. it starts with ``BEGIN:VCALENDAR``: iCalendar;
3. it starts with ``{`` or ``[`` and names a ``"schedule"`` or ``"conference"`` key in
   its first 4 KiB: frab/pretalx JSON (other JSON is YAML's flow syntax: schedule.yaml);
4. its first line has at least two column names kiosk knows (date, start, title, ... or
   datum, begin, titel, ...), separated by ``;``, ``,`` or a tab: CSV;
5. a file named .json that starts with ``{`` or ``[`` is JSON, one named .csv or .tsv whose
   first line has a ``;``, ``,`` or tab is CSV (so their problems are told as such);
6. anything else is schedule.yaml, whatever its name.
"""

from __future__ import annotations

import codecs
import re
from enum import Enum
from pathlib import PurePosixPath


class Format(str, Enum):
    """The kinds of file kiosk reads a programme from."""

    YAML = "schedule.yaml"
    XML = "frab/pentabarf XML"
    JSON = "frab/pretalx JSON"
    ICAL = "iCalendar"
    CSV = "CSV"


HEAD = 64 * 1024
_JSON_KEYS = re.compile(r'"(?:schedule|conference)"\s*:')
_EXTENSIONS = {".json": Format.JSON, ".csv": Format.CSV, ".tsv": Format.CSV}


def detect(data: bytes | str, source: str = "") -> Format:
    """The format of ``data`` (the content of the file or URL ``source``); text in UTF-16
    or UTF-32 (Excel's 'Unicode Text', an XML export declared UTF-16) is looked at as text.
    A schedule.yaml in those is YAML still: the reader says how to save it."""
    if isinstance(data, str):
        raw = data[:HEAD * 4]
    else:
        codec = wide_codec(data)
        raw = data[:HEAD].decode(codec or "utf-8", "replace")
    head = raw.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return Format.XML
    if head[:15].upper() == "BEGIN:VCALENDAR":
        return Format.ICAL
    if head[:1] in ("{", "[") and _JSON_KEYS.search(head[:4096]):
        return Format.JSON
    first_line = head.split("\n", 1)[0]
    if _looks_like_header(first_line):
        return Format.CSV
    named = _EXTENSIONS.get(_extension(source))
    if named is Format.JSON and head[:1] in ("{", "["):
        return Format.JSON
    if named is Format.CSV and any(s in first_line for s in ";,\t"):
        return Format.CSV
    return Format.YAML


_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Longest first: the UTF-32 LE mark starts with the UTF-16 LE one."""


def wide_codec(data: bytes) -> str | None:
    """The codec of text in UTF-16 or UTF-32 ('utf-16' when a byte order mark says which
    end comes first, else 'utf-16-le' and so on), or None for any other bytes.

    Without a mark, by the NUL bytes that the ASCII a file starts with gets in them ('<',
    'BEGIN', a header row): one NUL in every two bytes, or three in every four.
    """
    for mark, codec in _MARKS:
        if data.startswith(mark):
            return codec
    head = data[:min(len(data), 64) // 4 * 4]
    if len(head) < 8 or b"\0" not in head:
        return None

    def zero(*offsets: int) -> bool:
        return all(not any(head[offset::4]) for offset in offsets)

    for offsets, codec in (((1, 2, 3), "utf-32-le"), ((0, 1, 2), "utf-32-be"),
                           ((1, 3), "utf-16-le"), ((0, 2), "utf-16-be")):
        if zero(*offsets) and any(any(head[i::4]) for i in set(range(4)) - set(offsets)):
            return codec
    return None


def _looks_like_header(line: str) -> bool:
    if line.startswith("#") or not any(separator in line for separator in ";,\t"):
        return False  # a schedule.yaml's first line: no need to load the spreadsheet reader
    from kiosk.formats.spreadsheet import column_name

    for separator in (";", ",", "\t"):
        cells = line.split(separator)
        if len(cells) >= 2 and sum(column_name(c) is not None for c in cells) >= 2:
            return True
    return False


def _extension(source: str) -> str:
    if "://" in source:
        from urllib.parse import urlsplit  # a URL source: the screen has loaded urllib anyway

        path = urlsplit(source).path
    else:
        path = source.replace("\\", "/")
    return PurePosixPath(path).suffix.lower()
