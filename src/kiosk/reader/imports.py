"""Where a schedule.yaml's ``import: from:`` points, and who reads it.

The reader does not fetch on its own account: it asks an :class:`ImportReader`. The
command line's reads the file or fetches the URL when asked; the screen's gives the last
good copy of a source it follows live (kiosk.screen.imports), so a server that is down, or
slow, never holds the screen up and a broken export never reaches it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin

URL_SCHEMES = ("http://", "https://")


def is_url(spec: str) -> bool:
    """Whether ``spec`` is an http(s) URL (the scheme in any case: HTTPS:// too), not a
    path."""
    return spec.lower().startswith(URL_SCHEMES)


class ImportReader(Protocol):
    """Gives the bytes of an imported programme."""

    def read(self, target: str) -> bytes:
        """The bytes at ``target`` (an absolute path, or an http(s) URL); raises
        kiosk.reader.ScheduleFileError when there are none to give."""
        ...


def import_target(written: str, source: str, folder: Path | None) -> str:
    """Where ``import: from:`` points: a URL as it is; for a schedule read from a URL, a
    path relative to that URL (never a file on this machine); else a path from the
    schedule's folder."""
    if is_url(written):
        scheme, rest = written.split("://", 1)
        return f"{scheme.lower()}://{rest}"
    if is_url(source):
        return urljoin(source, written)
    path = Path(written).expanduser()
    if not path.is_absolute() and folder is not None:
        path = folder / path
    return str(path)


class Fetching:
    """Reads a file or fetches a URL each time it is asked: for kiosk check and now."""

    def read(self, target: str) -> bytes:
        from kiosk.fetching import fetch_programme as fetch  # only where a file imports one

        return fetch(target)
