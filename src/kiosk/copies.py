"""Copies kept on disk between runs: the last good version of each schedule (a file's or a
URL's) and the photos fetched from a URL, so a screen restarted during a network outage or
on a broken file still shows the programme.

One file per copy, named by a hash of what it is a copy of (its key: the URL, or the
schedule file's ``file://`` address), holding a one-line JSON header and then the bytes::

    {"kiosk-copy": 1, "key": "https://…", "size": 5478, "sha256": "…", "etag": "…", …}\\n
    <the bytes>

Written in one atomic step (a reader or a power cut sees the old copy or the new one), and
verified when read: a copy whose size or SHA-256 does not match its header (a truncated
file, a disk fault, a hand edit) is not used at all. Nothing here is a reason to stop the
screen: a copy that cannot be written or read is logged and the screen goes on without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.files import FileTooLarge, file_reason, read_regular_file

log = logging.getLogger("kiosk")

FORMAT = 1
HEADER_LIMIT = 64 * 1024
"""Far above any header (a URL is the longest part of one)."""
SUFFIX = ".copy"
_LEGACY_SUFFIXES = (".yaml", ".json", ".photo")
"""The separate body and sidecar files of kiosk before copies verified themselves."""


def default_cache_dir() -> Path:
    """Where copies are kept between runs.

    ``%LOCALAPPDATA%\\kiosk`` on Windows, else ``$XDG_CACHE_HOME/kiosk`` or
    ``~/.cache/kiosk``: a cache, not configuration, since the original is elsewhere.
    """
    if os.name == "nt":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "kiosk"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "kiosk"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader (or a power cut) sees old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


@dataclass(frozen=True)
class Copy:
    """A verified copy: its bytes, what the server said identifies them, when it was kept."""

    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    kept: float = 0.0
    """Seconds since the epoch (the copy's modification time)."""


@dataclass(frozen=True)
class Validators:
    """What the server said identifies a version, sent back to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass
class Copies:
    """The copies in one folder (by default :func:`default_cache_dir`)."""

    folder: Path
    _refused: set[str] = field(default_factory=set)
    """Keys whose copy was found not to verify (logged once each)."""

    def path(self, key: str) -> Path:
        return self.folder / (self._digest(key) + SUFFIX)

    @staticmethod
    def _digest(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def read(self, key: str, limit: int) -> Copy | None:
        """The copy kept for ``key`` if there is one and it verifies, else None.

        A copy larger than ``limit`` (plus its header) is refused from its size, unread.
        """
        path = self.path(key)
        try:
            data = read_regular_file(path, limit + HEADER_LIMIT)
            kept = os.stat(path).st_mtime
        except FileNotFoundError:
            return None
        except FileTooLarge:
            self._refuse(key, f"larger than {limit} bytes")
            return None
        except OSError as error:
            self._refuse(key, file_reason(error))
            return None
        problem, copy = self._verify(key, data, kept)
        if copy is None:
            self._refuse(key, problem)
        return copy

    def _verify(self, key: str, data: bytes, kept: float) -> tuple[str, Copy | None]:
        header_bytes, newline, body = data.partition(b"\n")
        if not newline:
            return "no header", None
        try:
            header = json.loads(header_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return "no header", None
        if not isinstance(header, dict) or header.get("kiosk-copy") != FORMAT:
            return "not a copy kiosk wrote", None
        if header.get("key") != key:
            return "a copy of something else", None
        if header.get("size") != len(body):
            return f"{len(body)} bytes where {header.get('size')} were kept", None
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            return "its SHA-256 does not match", None
        etag, modified = header.get("etag"), header.get("last_modified")
        return "", Copy(body, etag if isinstance(etag, str) else None,
                        modified if isinstance(modified, str) else None, kept)

    def _refuse(self, key: str, why: str) -> None:
        if key not in self._refused:
            self._refused.add(key)
            log.warning("the copy kept of %s (%s) is not used: %s", key, self.path(key), why)

    def write(self, key: str, body: bytes, etag: str | None = None,
              last_modified: str | None = None) -> bool:
        """Keep ``body`` as the copy for ``key``; False (and a log line) if it cannot be."""
        header = {"kiosk-copy": FORMAT, "key": key, "size": len(body),
                  "sha256": hashlib.sha256(body).hexdigest(),
                  "etag": etag, "last_modified": last_modified}
        line = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n"
        try:
            write_atomically(self.path(key), line + body)
        except OSError as error:
            log.warning("cannot keep a copy of %s in %s: %s", key, self.folder,
                        file_reason(error))
            return False
        self._refused.discard(key)
        for suffix in _LEGACY_SUFFIXES:
            with contextlib.suppress(OSError):
                os.unlink(self.folder / (self._digest(key) + suffix))
        return True
