"""The staff notice's log line: the file named once, with its place when it has one."""

from __future__ import annotations

from kiosk.notices import Rejection
from kiosk.reader import ScheduleFileError


def test_a_log_line_names_the_file_once() -> None:
    path = "/srv/event/schedule.yaml"
    unreadable = ScheduleFileError(f"{path}:2:9: import.from: /srv/event/missing.xml: cannot "
                                   "read the file: there is no such file")
    assert Rejection.of(unreadable, "schedule.yaml").log_line(path) == str(unreadable)
    assert Rejection("https://example.org/s.yaml", "no answer within 20 s",
                     gone=True).log_line() == "https://example.org/s.yaml: no answer within 20 s"
    assert Rejection("schedule.yaml", "end time '12.75' does not exist", line=68, column=19,
                     more=2).log_line(path) == (f"{path}:68:19: end time '12.75' does not exist"
                                                " (and 2 more)")
