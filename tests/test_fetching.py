"""The command line's fetch (kiosk import, and check and now on a URL or on a schedule
that imports one) against hostile servers on 127.0.0.1: it always ends, with one line, and
never takes a programme cut short for a whole one."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from kiosk import fetching
from kiosk.cli import main
from kiosk.reader import ScheduleFileError
from support.server import Served, Site

EXPORT = ROOT / "tests" / "data" / "formats" / "havenstad.xml"


class Canned:
    """A server on 127.0.0.1 that answers every connection with the same bytes, then
    closes it (or, with ``endless``, sends ``endless`` for ever after them)."""

    def __init__(self, answer: bytes, endless: bytes = b"") -> None:
        self.answer = answer
        self.endless = endless
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/export.xml"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                try:
                    connection.recv(65536)
                    connection.sendall(self.answer)
                    while self.endless:
                        connection.sendall(self.endless)
                except OSError:
                    pass

    def stop(self) -> None:
        self.socket.close()


@pytest.fixture
def canned() -> Iterator[list[Canned]]:
    made: list[Canned] = []
    yield made
    for server in made:
        server.stop()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copy(EXPORT, folder / "schedule.yaml")  # the drip serves this name
    shutil.copy(EXPORT, folder / "export.xml")
    served = Served(Site(folder))
    yield served
    served.stop()


def refused(url: str) -> str:
    with pytest.raises(ScheduleFileError) as raised:
        fetching.fetch(url)
    return str(raised.value)


def test_a_whole_export_is_fetched(served: Served) -> None:
    assert fetching.fetch(served.site.url("export.xml")) == EXPORT.read_bytes()


def test_a_dripping_server_is_given_up_at_the_deadline(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetching, "DEADLINE", 0.5)
    served.site.drip = 0.05  # each byte well within the socket timeout: only a deadline ends it
    url = served.site.url("schedule.yaml")
    assert refused(url) == f"{url}: cannot fetch it: no complete answer within 0.5 s"


def test_a_body_cut_short_is_an_error_not_a_shorter_programme(
    canned: list[Canned]
) -> None:
    body = EXPORT.read_bytes()
    server = Canned(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
                    + body[:len(body) // 3])
    canned.append(server)
    assert refused(server.url()) == (
        f"{server.url()}: cannot fetch it: the server closed the connection after "
        f"{len(body) // 3} of the {len(body)} bytes it announced")


def test_endless_headers_are_one_line_not_a_traceback(canned: list[Canned]) -> None:
    server = Canned(b"HTTP/1.1 200 OK\r\n", endless=b"X-Filler: " + b"x" * 100 + b"\r\n")
    canned.append(server)
    assert refused(server.url()) == (
        f"{server.url()}: cannot fetch it: the server's answer is not HTTP "
        "(HTTPException: got more than 100 headers)")


@pytest.mark.parametrize("target", ["ftp://127.0.0.1:1/export.xml", "file:///etc/passwd"])
def test_a_redirect_is_followed_to_http_only(served: Served, target: str) -> None:
    served.site.redirects["/moved.xml"] = target
    url = served.site.url("moved.xml")
    assert refused(url) == (f"{url}: cannot fetch it: the server redirects to {target}, "
                            "which is not an http(s) address")


def test_a_redirect_loop_is_one_line(served: Served) -> None:
    served.site.redirects["/loop.xml"] = "/loop.xml"
    url = served.site.url("loop.xml")
    assert refused(url) == (f"{url}: cannot fetch it: the server answered 301, a redirect "
                            "that leads nowhere or in a loop")


def test_kiosk_check_on_a_schedule_importing_a_cut_export_says_so(
    canned: list[Canned], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = EXPORT.read_bytes()
    server = Canned(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
                    + body[:len(body) // 2])
    canned.append(server)
    schedule = tmp_path / "schedule.yaml"
    schedule.write_text(f"import:\n  from: {server.url()}\n", encoding="utf-8")
    assert main(["check", str(schedule)]) == 2
    assert capsys.readouterr().err == (
        f"{schedule}:2:9: import.from: "
        f"{server.url()}: cannot fetch it: the server closed the connection after "
        f"{len(body) // 2} of the {len(body)} bytes it announced\n")


def test_check_and_now_read_a_schedule_at_a_url_as_the_readme_says(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    """"kiosk check, now, run and snapshot take any of these files or URLs": check and now
    read the URL (they took it for a file's path, 'http:/127...: there is no such file')."""
    served.site.write((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
    url = served.site.url()
    assert main(["check", url]) == 0
    assert capsys.readouterr().out == f"{url}: OK: 1 day, 12 sessions, 10 speakers\n"
    assert main(["now", url, "--at", "11:20"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith(
        "now   11.15–12.00  Lezing Dennis Martens")
    export = served.site.url("export.xml")
    assert main(["check", export]) == 0
    out, err = capsys.readouterr()
    assert out == f"{export}: OK: 2 days, 10 sessions, 5 speakers, 1 warning\n"
    assert err.startswith(f"{export}:122:9: warning: type 'Concert'")
    missing = served.site.url("gone.yaml")
    assert main(["check", missing]) == 2
    assert capsys.readouterr().err == f"{missing}: the server answered 404\n"
