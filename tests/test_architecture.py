"""The schedule core never imports Qt: check and now must start fast anywhere."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

CORE = ("kiosk.schedule", "kiosk.yamltree", "kiosk.reader", "kiosk.timeline", "kiosk.clock",
        "kiosk.cli")


def test_core_and_command_line_import_no_qt() -> None:
    code = (
        "import sys\n"
        f"for name in {CORE!r}: __import__(name)\n"
        "from kiosk.cli import main\n"
        "assert main(['check', 'schedule.yaml']) == 0\n"
        "assert main(['now', 'schedule.yaml', '--at', '11:20', '--json']) == 0\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'qtawesome', 'segno'))\n"
        "print('QT=' + ','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "QT="
