"""Reading a file that someone else controls: never blocks, never reads more than asked.

A FIFO where a photo or the schedule should be would block an ordinary ``open()`` for good
(until someone writes to it), a device such as /dev/zero never ends, and a file can grow
while it is read. Every file kiosk reads from a folder that organisers or the network fill
(the schedule, its photos, the cache) is read here: opened without blocking, checked to be
a regular file on the opened descriptor (so a swap between check and read cannot fool it),
and read up to a limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kiosk.i18n import _

_KINDS = (
    (stat.S_ISFIFO, _("a FIFO (named pipe)")),
    (stat.S_ISCHR, _("a character device")),
    (stat.S_ISBLK, _("a block device")),
    (stat.S_ISSOCK, _("a socket")),
)
_REASONS = {
    errno.ENOENT: _("there is no such file"),
    errno.EACCES: _("permission denied"),
    errno.EPERM: _("permission denied"),
    errno.EISDIR: _("it is a folder, not a file"),
    errno.ENOTDIR: _("a part of the path is not a folder"),
    errno.ELOOP: _("too many symbolic links"),
    errno.ENAMETOOLONG: _("the name is too long"),
}
"""What went wrong, in words an organiser knows, for the errors they meet."""


class NotAFile(OSError):
    """The path names something other than a regular file or a folder (a FIFO, a device)."""


class FileTooLarge(OSError):
    """The file holds more bytes than the reader asked for at most."""

    def __init__(self, path: str | os.PathLike[str], limit: int) -> None:
        super().__init__(errno.EFBIG, _("larger than {limit} bytes", limit=limit), str(path))
        self.limit = limit


def _flags(follow_symlinks: bool) -> int:
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    # O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a
    # writer; on a regular file it changes nothing. O_NOCTTY: a terminal device named
    # here never becomes our controlling terminal.
    flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    return flags


def read_regular_file(
    path: str | os.PathLike[str], limit: int, *, follow_symlinks: bool = True
) -> bytes:
    """The whole content of the regular file at ``path``, at most ``limit`` bytes.

    Raises an OSError whose ``strerror`` is one line fit for a message: the system's own
    (``No such file or directory``, ``Permission denied``, ``Is a directory``), or
    NotAFile for a FIFO, a device or a socket, or FileTooLarge when the file holds more
    than ``limit`` bytes (judged from its size before anything is read, and again while
    reading, since a file can grow meanwhile). With ``follow_symlinks=False`` a symbolic
    link as the last part of the path is refused (``Too many levels of symbolic links``).
    """
    fd = os.open(path, _flags(follow_symlinks))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)),
                        _("another kind of file"))
            raise NotAFile(errno.EINVAL, _("not a regular file but {kind}", kind=kind),
                           str(path))
        if info.st_size > limit:
            raise FileTooLarge(path, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileTooLarge(path, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def file_reason(error: OSError) -> str:
    """What went wrong with a file, in one line, without the path (the caller names it):
    a kiosk.i18n.Message for the errors organisers meet, else the system's own words."""
    if isinstance(error, NotAFile | FileTooLarge) and error.strerror:
        return error.strerror
    known = _REASONS.get(error.errno or 0)
    return known if known is not None else (error.strerror or str(error))


def absolute(path: str | os.PathLike[str]) -> Path:
    """``path`` made absolute against the working folder now, without resolving links.

    A relative path is resolved against the process's working folder every time it is
    used, and that folder is the one that was there at start: after the event's folder is
    moved away and a new one moved in, a relative path still reads the old one.
    """
    given = Path(path)
    return given if given.is_absolute() else Path.cwd() / given
