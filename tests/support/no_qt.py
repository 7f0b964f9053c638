"""The import contract of the core: no module of kiosk outside kiosk.screen imports Qt (or
the libraries that bring it: segno, qtawesome), at import or at run time.

Two checks, both over every module found by walking the package (pkgutil), so a module
added later is covered without a list to keep:

- :func:`static_imports` reads each module's source (AST) for import statements and
  ``importlib.import_module``/``__import__`` calls naming a forbidden package, anywhere
  in the module, also inside functions that a run may never reach;
- :func:`main`, run in a fresh interpreter (``python tests/support/no_qt.py SCHEDULE``),
  records every import of a forbidden package together with the kiosk module whose code
  asked for it, while it imports every core module and runs ``kiosk check`` and
  ``kiosk now --json`` on SCHEDULE; it prints one JSON object.

tests/test_architecture.py runs both on the installed package, and on a copy with an
import planted in it to see them fail.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.abc
import importlib.machinery
import io
import json
import pkgutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType, ModuleType

FORBIDDEN = ("PySide6", "shiboken6", "segno", "qtawesome", "qtpy", "PyQt5", "PyQt6",
             "PySide2")
"""Qt bindings and the libraries of the screen that load one."""

SCREEN = "kiosk.screen"
"""The one package that may use them."""


def is_forbidden(name: str) -> bool:
    return name.split(".")[0] in FORBIDDEN


def is_core(name: str) -> bool:
    return name != SCREEN and not name.startswith(SCREEN + ".")


def modules(folder: Path, package: str = "kiosk") -> Iterator[tuple[str, Path]]:
    """(name, source file) of the package in ``folder`` and every module below it, found
    by pkgutil without importing anything."""
    init = folder / "__init__.py"
    if init.is_file():
        yield package, init
    for info in pkgutil.iter_modules([str(folder)]):
        name = f"{package}.{info.name}"
        if info.ispkg:
            yield from modules(folder / info.name, name)
        else:
            yield name, folder / f"{info.name}.py"


def core_modules(folder: Path) -> list[tuple[str, Path]]:
    """Every module of the package in ``folder`` outside kiosk.screen."""
    return [(name, path) for name, path in modules(folder) if is_core(name)]


def static_imports(path: Path) -> list[tuple[int, str]]:
    """(line, name) of every forbidden package the module's source imports."""
    tree = ast.parse(path.read_bytes(), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and _imports_by_name(node):
            names = [node.args[0].value]  # type: ignore[attr-defined]
        else:
            continue
        found += [(node.lineno, name) for name in names if is_forbidden(name)]
    return found


def _imports_by_name(call: ast.Call) -> bool:
    """``__import__("x")`` or ``importlib.import_module("x")``, with the name written out."""
    function = call.func
    named = ((isinstance(function, ast.Name) and function.id == "__import__")
             or (isinstance(function, ast.Attribute) and function.attr == "import_module"))
    return named and bool(call.args) and isinstance(call.args[0], ast.Constant) and isinstance(
        call.args[0].value, str)


class _Recorder(importlib.abc.MetaPathFinder):
    """Notes each forbidden import with the kiosk module whose code made it; finds
    nothing itself, so the import goes on as it would."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if is_forbidden(fullname):
            self.seen.append((_importer(sys._getframe(1)), fullname))
        return None


def _importer(frame: FrameType | None) -> str:
    """The innermost kiosk module on the stack (not the import machinery, not a library)."""
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if isinstance(name, str) and (name == "kiosk" or name.startswith("kiosk.")):
            return name
        frame = frame.f_back
    return "?"


def main(argv: Sequence[str]) -> int:
    """Import every core module, run check and now on the schedule argv[0], print JSON:
    ``{"package": where kiosk was imported from, "modules": [...], "at_start": [...],
    "imports": [[importer, module], ...], "loaded": [...], "statuses": [...]}``."""
    at_start = sorted(name for name in sys.modules if is_forbidden(name))
    recorder = _Recorder()
    sys.meta_path.insert(0, recorder)
    import kiosk

    folder = Path(kiosk.__file__).parent
    names = [name for name, _ in core_modules(folder)]
    for name in names:
        if name.rsplit(".", 1)[-1] != "__main__":  # which runs the command when imported
            importlib.import_module(name)
    from kiosk.cli import main as kiosk_main

    schedule = argv[0]
    statuses = []
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        statuses.append(kiosk_main(["check", schedule]))
        statuses.append(kiosk_main(["now", schedule, "--at", "11:20", "--json"]))
    sys.stdout.write(json.dumps({
        "package": str(folder),
        "modules": names,
        "at_start": at_start,
        "imports": recorder.seen,
        "loaded": sorted(name for name in sys.modules if is_forbidden(name)),
        "statuses": statuses,
    }) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
