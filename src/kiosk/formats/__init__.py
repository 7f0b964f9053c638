"""Programmes from other systems: frab/pentabarf XML, frab/pretalx JSON, iCalendar, CSV.

Each format is read into one positioned node tree shaped like a schedule.yaml document
(see canonical-tree.md) and checked and built by :func:`kiosk.reader.parse_tree`, so a
session means the same whatever file it came from. :func:`import_programme` gives the
tree with what an overlay needs (the sessions' other identifiers, the people's ids);
:func:`read_imported` gives the schedule, as :func:`kiosk.reader.parse_schedule` does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Light, and bound here because the submodule's name is the function's.
from kiosk.formats.detect import Format, detect

if TYPE_CHECKING:
    from kiosk.formats.model import MAX_IMPORT_BYTES, Imported, ImportedSession, ImportedSpeaker
    from kiosk.formats.programme import (
        check_imported,
        import_programme,
        read_imported,
        without_doubles,
    )

__all__ = [
    "MAX_IMPORT_BYTES",
    "Format",
    "Imported",
    "ImportedSession",
    "ImportedSpeaker",
    "check_imported",
    "detect",
    "import_programme",
    "read_imported",
    "without_doubles",
]

_WHERE = {
    "MAX_IMPORT_BYTES": "model", "Imported": "model", "ImportedSession": "model",
    "ImportedSpeaker": "model",
    "check_imported": "programme", "import_programme": "programme",
    "read_imported": "programme", "without_doubles": "programme",
}
"""Where each name lives: loaded when first used (PEP 562), so reading a schedule.yaml,
which only asks what format a file is, does not load the importers."""


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'kiosk.formats' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kiosk.formats.{_WHERE[name]}"), name)
