"""The core never imports Qt: check and now start fast anywhere, and the screen stays a view.

Every module of kiosk outside kiosk.screen, found by walking the package (a new module is
covered without being listed), is read for imports of Qt, segno and qtawesome and is
imported in a fresh interpreter that also runs ``kiosk check`` and ``kiosk now --json``
(tests/support/no_qt.py). The guard is tried on a copy of the package with such an
import planted in it, and must fail there, naming the module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kiosk
from conftest import REAL_SCHEDULE, ROOT
from support import no_qt

PROBE = ROOT / "tests" / "support" / "no_qt.py"
PACKAGE = Path(kiosk.__file__).parent


def statically_importing_qt(folder: Path) -> dict[str, list[tuple[int, str]]]:
    """The core modules of the package in ``folder`` whose source imports Qt, by name."""
    found = {name: no_qt.static_imports(path) for name, path in no_qt.core_modules(folder)}
    return {name: imports for name, imports in found.items() if imports}


def run_probe(folder: Path | None = None) -> dict[str, Any]:
    """What a fresh interpreter imports while it imports every core module and runs check
    and now, with the package in ``folder`` first on the path (default: the installed one)."""
    environment = dict(os.environ)
    if folder is not None:
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(folder.parent), *filter(None, [environment.get("PYTHONPATH")])])
    result = subprocess.run([sys.executable, str(PROBE), str(REAL_SCHEDULE)], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def importers(report: dict[str, Any]) -> dict[str, list[str]]:
    """The kiosk modules that imported a forbidden package at run time, with what."""
    found: dict[str, list[str]] = {}
    for importer, module in report["imports"]:
        found.setdefault(importer, []).append(module)
    return found


# -- the real package ---------------------------------------------------------------------


def test_the_walk_finds_every_core_module_and_not_the_screen() -> None:
    names = {name for name, _ in no_qt.core_modules(PACKAGE)}
    files = {path.relative_to(PACKAGE.parent).with_suffix("") for path in PACKAGE.rglob("*.py")
             if "screen" not in path.relative_to(PACKAGE).parts}
    assert names == {".".join(f.parts[:-1] if f.name == "__init__" else f.parts) for f in files}
    assert {"kiosk", "kiosk.board", "kiosk.words", "kiosk.notices", "kiosk.cli"} <= names
    assert not any(name.startswith("kiosk.screen") for name in names)


def test_no_core_module_imports_qt_in_its_source() -> None:
    assert statically_importing_qt(PACKAGE) == {}


def test_no_core_module_imports_qt_when_imported_or_run() -> None:
    report = run_probe()
    assert Path(report["package"]) == PACKAGE
    assert set(report["modules"]) == {name for name, _ in no_qt.core_modules(PACKAGE)}
    assert report["statuses"] == [0, 0], "kiosk check and kiosk now --json on the real day"
    assert report["at_start"] == []
    assert importers(report) == {}
    assert report["loaded"] == []


# -- the guard fails when it should -------------------------------------------------------


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A copy of the package whose board.py imports PySide6.QtCore at the top, whose
    words.py imports segno inside a function, and with a new core module importing
    qtawesome."""
    folder = tmp_path / "kiosk"
    shutil.copytree(PACKAGE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    board = folder / "board.py"
    text = board.read_text(encoding="utf-8")
    board.write_text(text.replace("from __future__ import annotations\n",
                                  "from __future__ import annotations\n\nimport PySide6.QtCore\n",
                                  1), encoding="utf-8")
    words = folder / "words.py"
    words.write_text(words.read_text(encoding="utf-8")
                     + "\n\ndef _qr() -> object:\n    import segno\n\n    return segno\n",
                     encoding="utf-8")
    (folder / "extras").mkdir()
    (folder / "extras" / "__init__.py").write_text("", encoding="utf-8")
    (folder / "extras" / "icons.py").write_text(
        "import importlib\n\nICONS = importlib.import_module('qtawesome')\n", encoding="utf-8")
    return folder


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_planted_import_fails_the_static_check_by_name(planted: Path) -> None:
    assert statically_importing_qt(planted) == {
        "kiosk.board": [(line_of(planted / "board.py", "import PySide6.QtCore"),
                         "PySide6.QtCore")],
        "kiosk.words": [(line_of(planted / "words.py", "    import segno"), "segno")],
        "kiosk.extras.icons": [(3, "qtawesome")],
    }
    with pytest.raises(AssertionError, match=r"kiosk\.board"):
        assert statically_importing_qt(planted) == {}


def test_a_planted_import_fails_the_run_time_check_by_name(planted: Path) -> None:
    report = run_probe(planted)
    assert Path(report["package"]) == planted
    assert "kiosk.extras.icons" in report["modules"]
    assert importers(report).keys() == {"kiosk.board", "kiosk.extras.icons"}
    assert "PySide6.QtCore" in importers(report)["kiosk.board"]
    assert "qtawesome" in importers(report)["kiosk.extras.icons"]
    assert "PySide6" in report["loaded"]
    with pytest.raises(AssertionError, match=r"kiosk\.board"):
        assert importers(report) == {}
