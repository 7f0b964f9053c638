"""What sort of session a source's ``type`` is, as one of kiosk's kinds.

frab knows a fixed list (lecture, workshop, podium, lightning_talk, meeting, other);
pretalx and calendars give free text ("Talk", "Keynote", "Talk 30 min + 10min Q&A").
A caller's table (the organiser's ``kinds:``) comes first, then :data:`TYPES` by the
whole type, then :data:`WORDS` by its first word that is known; anything else is a talk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.schedule import Kind

TYPES: Mapping[str, Kind] = {
    # frab's own types
    "lecture": Kind.TALK,
    "workshop": Kind.WORKSHOP,
    "podium": Kind.PANEL,
    "lightning talk": Kind.TALK,
    "meeting": Kind.PANEL,
    "other": Kind.TALK,
    # what pretalx instances and calendars commonly call theirs
    "talk": Kind.TALK,
    "keynote": Kind.TALK,
    "presentation": Kind.TALK,
    "panel": Kind.PANEL,
    "panel discussion": Kind.PANEL,
    "discussion": Kind.PANEL,
    "podium discussion": Kind.PANEL,
    "hands on": Kind.WORKSHOP,
    "tutorial": Kind.WORKSHOP,
    "ceremony": Kind.CEREMONY,
    "opening": Kind.CEREMONY,
    "closing": Kind.CEREMONY,
    "opening ceremony": Kind.CEREMONY,
    "closing ceremony": Kind.CEREMONY,
    "break": Kind.BREAK,
    "coffee break": Kind.BREAK,
    "lunch": Kind.LUNCH,
    "lunch break": Kind.LUNCH,
    "walk in": Kind.WALK_IN,
    "registration": Kind.WALK_IN,
    "check in": Kind.WALK_IN,
    "doors open": Kind.WALK_IN,
    "drinks": Kind.DRINKS,
    "reception": Kind.DRINKS,
    "social": Kind.DRINKS,
    # kiosk's own words, in English and Dutch (as a spreadsheet gives them)
    "lezing": Kind.TALK,
    "paneel": Kind.PANEL,
    "ceremonie": Kind.CEREMONY,
    "pauze": Kind.BREAK,
    "inloop": Kind.WALK_IN,
    "borrel": Kind.DRINKS,
    # German, as many frab and pretalx instances are
    "vortrag": Kind.TALK,
    "podiumsdiskussion": Kind.PANEL,
    "eröffnung": Kind.CEREMONY,
    "pause": Kind.BREAK,
    "kaffeepause": Kind.BREAK,
    "mittagessen": Kind.LUNCH,
    "einlass": Kind.WALK_IN,
}
"""Whole types, compared without case and with '-' and '_' read as spaces."""

WORDS: Mapping[str, Kind] = {
    "talk": Kind.TALK, "lecture": Kind.TALK, "keynote": Kind.TALK, "vortrag": Kind.TALK,
    "lezing": Kind.TALK, "presentation": Kind.TALK, "presentatie": Kind.TALK,
    "workshop": Kind.WORKSHOP, "tutorial": Kind.WORKSHOP,
    "panel": Kind.PANEL, "paneel": Kind.PANEL, "podium": Kind.PANEL, "discussion": Kind.PANEL,
    "ceremony": Kind.CEREMONY, "ceremonie": Kind.CEREMONY,
    "break": Kind.BREAK, "pauze": Kind.BREAK, "pause": Kind.BREAK,
    "lunch": Kind.LUNCH,
    "registration": Kind.WALK_IN, "inloop": Kind.WALK_IN,
    "drinks": Kind.DRINKS, "borrel": Kind.DRINKS, "reception": Kind.DRINKS,
}
"""Known first words of longer types ("Talk 30 min + 10min Q&A", "Workshop (2 h)")."""

KIOSK_WORDS: Mapping[str, Kind] = {
    **{kind.value: kind for kind in Kind},
    "lezing": Kind.TALK, "paneel": Kind.PANEL, "ceremonie": Kind.CEREMONY,
    "pauze": Kind.BREAK, "inloop": Kind.WALK_IN, "borrel": Kind.DRINKS,
}
"""The kinds a spreadsheet may name, in English or Dutch: nothing else is guessed there."""

_SEPARATORS = re.compile(r"[\s_\-]+")
_WORD = re.compile(r"[^\W\d_]+")


def normal(name: str) -> str:
    """A type as compared: lower case, '-' and '_' as spaces, spaces collapsed."""
    return _SEPARATORS.sub(" ", name.casefold()).strip()


@dataclass(frozen=True)
class KindChoice:
    """The kind found for a source's type, and how."""

    kind: Kind
    how: str
    """'table' (the caller's kinds), 'built-in' (TYPES or WORDS) or 'default' (unknown)."""


def choose(source_type: str, kinds: Mapping[str, Kind] | None = None) -> KindChoice:
    """The kiosk kind of a source's type: the caller's table, then the built-in ones."""
    if kinds:
        if source_type in kinds:
            return KindChoice(kinds[source_type], "table")
        folded = {normal(name): kind for name, kind in kinds.items()}
        if normal(source_type) in folded:
            return KindChoice(folded[normal(source_type)], "table")
    name = normal(source_type)
    if name in TYPES:
        return KindChoice(TYPES[name], "built-in")
    for word in _WORD.findall(name):
        if word in WORDS:
            return KindChoice(WORDS[word], "built-in")
    return KindChoice(Kind.TALK, "default")
