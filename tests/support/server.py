"""A real HTTP server on 127.0.0.1 for the tests of schedules and programmes at a URL:
it serves a folder, changes and breaks what it serves, drips it, or goes away."""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    """By lower-case name."""


@dataclass
class Site:
    """What the test server serves and what it saw; the handler reads and writes this."""

    folder: Path
    port: int = 0
    etags: bool = True
    failing: int | None = None
    """Answer every request with this HTTP status instead (a broken server)."""
    redirects: dict[str, str] = field(default_factory=dict)
    drip: float | None = None
    """Send the schedule one byte every this many seconds (a server that trickles)."""
    requests: list[Seen] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    def url(self, name: str = "schedule.yaml") -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def write(self, text: str, name: str = "schedule.yaml") -> None:
        """Serve ``text`` from now on, with a later modification time (Last-Modified
        counts whole seconds, and a test changes the file within one)."""
        path = self.folder / name
        before = path.stat().st_mtime if path.exists() else 0.0
        path.write_text(text, encoding="utf-8")
        later = max(before + 2, path.stat().st_mtime)
        os.utime(path, (later, later))


class _Server(ThreadingHTTPServer):
    site: Site


class _Handler(SimpleHTTPRequestHandler):
    """The standard file handler (which answers If-Modified-Since) plus ETags."""

    server: _Server
    _etag: str | None = None

    def do_GET(self) -> None:
        site = self.server.site
        # Header names are case-insensitive (Qt sends them in lower case): keep them so.
        site.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
        self._etag = None
        if site.failing is not None:
            self.send_error(site.failing)
            return
        if site.drip is not None:
            self._drip(site.drip)
            return
        if self.path in site.redirects:
            self.send_response(301)
            self.send_header("Location", site.redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path = Path(self.translate_path(self.path))
        if site.etags and path.is_file():
            self._etag = '"' + hashlib.sha256(path.read_bytes()).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == self._etag:
                self.send_response(304)
                self.end_headers()
                return
        super().do_GET()

    def _drip(self, seconds: float) -> None:
        body = (self.server.site.folder / "schedule.yaml").read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(seconds)
        except OSError:
            pass  # the client gave up, as it should

    def end_headers(self) -> None:
        if self._etag is not None:
            self.send_header("ETag", self._etag)
        super().end_headers()

    def send_response(self, code: int, message: str | None = None) -> None:
        self.server.site.statuses.append(code)
        super().send_response(code, message)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test says what went wrong, not the server


class Served:
    """A running HTTP server on 127.0.0.1 (on a free port) serving one folder."""

    def __init__(self, site: Site) -> None:
        self.site = site
        handler = functools.partial(_Handler, directory=str(site.folder))
        self.server = _Server(("127.0.0.1", site.port), handler)
        self.server.site = site
        site.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if not self.thread.is_alive():
            return
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
