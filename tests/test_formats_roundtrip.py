"""Round trips: a programme written in each format reads as what it says, and 'kiosk import'
then 'now' equals 'now' on the source at every boundary of every session."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from kiosk.cli import main, status_json
from kiosk.formats import import_programme
from kiosk.formats.emit import emit, programme_of, scalar
from kiosk.formats.importing import convert
from kiosk.formats.text import one_line
from kiosk.reader import parse_schedule
from kiosk.schedule import Schedule
from kiosk.timeline import Timeline
from kiosk.yamltree import Scalar, compose
from support import format_programmes as gen

DATA = ROOT / "tests" / "data" / "formats"
SAMPLES = sorted(DATA.glob("*.*"))


def boundaries(schedule: Schedule) -> list[dt.datetime]:
    moments = {m for s in schedule.sessions for m in (s.start, s.end)}
    step = dt.timedelta(minutes=1)
    return sorted({m + d for m in moments for d in (-step, dt.timedelta(), step)})


def same_at_every_boundary(source: Schedule, imported: Schedule) -> None:
    a, b = Timeline(source), Timeline(imported)
    for moment in boundaries(source) + boundaries(imported):
        assert status_json(source, a.status(moment)) == status_json(imported, b.status(moment)), \
            moment


def round_trip(data: bytes, name: str) -> tuple[Schedule, Schedule]:
    direct = parse_schedule(data, name).schedule
    conversion = convert(data, name, now=dt.datetime(2025, 1, 1, 12, 0))
    again = parse_schedule(conversion.text, "schedule.yaml").schedule
    return direct, again


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_each_sample_imports_to_the_same_programme(path: Path) -> None:
    direct, again = round_trip(path.read_bytes(), path.name)
    assert programme_of(direct) == programme_of(again)
    same_at_every_boundary(direct, again)


def expected(programme: gen.Programme) -> list[tuple[object, ...]]:
    return sorted((one_line(s.title), s.start, s.end, s.room) for s in programme.sessions())


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), kind=st.sampled_from(sorted(gen.WRITERS)),
       nights=st.booleans())
def test_generated_programmes_in_each_format(seed: int, kind: str, nights: bool) -> None:
    programme = gen.generate(seed, days=2, rooms=2, per_room=4, nights=nights)
    data = gen.WRITERS[kind](programme).encode("utf-8")
    direct, again = round_trip(data, f"generated.{kind}")
    assert sorted((s.title, s.start, s.end, s.room) for s in direct.sessions) == \
        expected(programme)
    # Every session is on the day it was planned for, also after midnight.
    planned = {one_line(s.title) + s.start.isoformat(): d.date
               for d in programme.days for s in d.sessions}
    assert {s.title + s.start.astimezone(programme.tz).isoformat(): direct.session_day(s)
            for s in direct.sessions} == planned
    assert programme_of(direct) == programme_of(again)
    same_at_every_boundary(direct, again)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_every_text_is_written_so_that_it_reads_back(text: str) -> None:
    written = scalar(text)
    root, problems = compose(f"key: {written}\n")
    assert not problems
    assert root is not None
    value = root.items[0][1]  # type: ignore[attr-defined]
    assert isinstance(value, Scalar)
    assert value.value == text
    if text in ("", "~", "null", "yes", "no", "on", "off", "true", "12", "1.5", "10:15"):
        assert written.startswith('"')


def test_import_writes_a_commented_file_and_keeps_an_existing_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "schedule.yaml"
    source = str(DATA / "havenstad.xml")
    assert main(["import", source, "--output", str(output)]) == 0
    assert capsys.readouterr().out == f"{output}: 10 sessions on 2 days from {source}\n"
    text = output.read_text(encoding="utf-8")
    assert text.startswith(f"# Imported by 'kiosk import' from {source}\n"
                           "# (frab/pentabarf XML) on ")
    assert "        kind: talk  # type 'Concert' is unknown: a talk\n" in text
    assert "        kind: panel  # type 'podium'\n" in text
    assert '      - id: "6571"\n' in text
    assert "    until: 04.00\n" in text
    assert main(["check", str(output)]) == 0
    output.write_text("# the day's changes\n", encoding="utf-8")
    assert main(["import", source, "--output", str(output)]) == 2
    assert capsys.readouterr().err.endswith(
        f"kiosk: {output} exists: add --force to replace it (it may hold changes made since "
        "the last import)\n")
    assert output.read_text(encoding="utf-8") == "# the day's changes\n"
    assert main(["import", source, "--output", str(output), "--force"]) == 0
    assert output.read_text(encoding="utf-8").startswith("# Imported")


def test_import_prints_to_stdout_and_refuses_yaml_and_bad_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(DATA / "wijkdag.csv")]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    start = lines.index("event:")
    assert lines[start:start + 3] == ["event:", "  title: wijkdag", "  timezone: Europe/Amsterdam"]
    assert all(line.startswith("# ") for line in lines[:start])
    assert main(["import", str(ROOT / "schedule.yaml")]) == 2
    assert capsys.readouterr().err == (f"kiosk: {ROOT / 'schedule.yaml'} is a schedule.yaml "
                                       "already: there is nothing to import\n")
    broken = tmp_path / "broken.csv"
    broken.write_text("datum;begin;eind;titel\n18-09-2025;09.30;09.00;X\n", encoding="utf-8")
    assert main(["import", str(broken)]) == 1
    assert capsys.readouterr().err == (f"{broken}:2:18: the session ends (09.00) before or "
                                       "when it starts (09.30)\n")
    assert main(["import", str(tmp_path / "missing.xml")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_check_and_now_read_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DATA / "harbourcamp.json")]) == 0
    assert capsys.readouterr().out == (f"{DATA / 'harbourcamp.json'}: OK: 2 days, 8 sessions, "
                                       "5 speakers, 4 warnings\n")
    assert main(["now", str(DATA / "symposium.ics"), "--at", "2025-09-18T09:40", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert [s["title"] for s in status["current"]] == ["Opening door de wethouder"]


def test_the_emitted_yaml_of_a_generated_festival_reads_back() -> None:
    programme = gen.generate(7, days=3, rooms=6, per_room=8)
    data = gen.frab_xml(programme).encode()
    imported = import_programme(data, "big.xml")
    text = emit(imported, dt.datetime(2025, 1, 1))
    assert programme_of(parse_schedule(text, "s.yaml").schedule) == \
        programme_of(parse_schedule(data, "big.xml").schedule)


def test_the_readme_import_example_is_what_kiosk_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(ROOT)
    assert main(["check", "tests/data/formats/havenstad.xml"]) == 0
    printed = capsys.readouterr()
    assert f"$ kiosk check tests/data/formats/havenstad.xml\n{printed.err}{printed.out}$ " in readme


def test_import_fetches_a_url(capsys: pytest.CaptureFixture[str]) -> None:
    import http.server
    import threading

    body = (DATA / "harbourcamp.json").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/hk25/schedule/export/schedule.json":
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert main(["import", f"{base}/hk25/schedule/export/schedule.json"]) == 0
        out = capsys.readouterr().out
        assert "  title: Harbour Camp 2025\n" in out
        assert main(["import", f"{base}/missing.json"]) == 2
        assert capsys.readouterr().err == f"{base}/missing.json: the server answered 404\n"
    finally:
        server.shutdown()
        server.server_close()
