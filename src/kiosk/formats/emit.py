"""An imported programme written out as a commented schedule.yaml (``kiosk import``).

PyYAML's dumper cannot write comments, so the tree is written here: block style, two
spaces, every text that YAML could read as something else (a comment, a key, a number,
yes/no, null) in double quotes. ``kiosk import`` reads every file it writes back and
compares it with the source before it keeps it.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from kiosk.formats.model import Imported
from kiosk.i18n import ENGLISH, Translations, _
from kiosk.schedule import Schedule, Session
from kiosk.yamltree import Mapping, Node, Scalar, Sequence

_SYNTAX_KEYS = frozenset({"date", "until", "time", "cancelled", "kind", "language"})
"""Keys whose values are kiosk's own syntax (2024-12-27, 11.00 - 11.30), written plain."""
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\x00-\x1f\x7f]*")
_RESOLVER = yaml.resolver.Resolver()
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""What YAML refuses or reads as a line break in a file, written as escapes."""


def scalar(text: str, syntax: bool = False) -> str:
    """``text`` as a YAML scalar that reads back as exactly this text."""
    if _plain_is_safe(text, syntax):
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _plain_is_safe(text: str, syntax: bool) -> bool:
    if not _PLAIN.fullmatch(text) or text != text.strip() or not text.isprintable():
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == "tag:yaml.org,2002:str" or (syntax and tag != "tag:yaml.org,2002:null")


def _block(text: str, indent: str) -> str | None:
    """A multi-line text as a literal block (``|-``), where that reads back the same."""
    lines = text.split("\n")
    if any(not line or line != line.strip() or re.search(r"[\x00-\x1f\x7f]", line)
           for line in lines):
        return None
    return "|-\n" + "\n".join(f"{indent}{line}" for line in lines)


def emit(imported: Imported, read_at: dt.datetime,
         translations: Translations = ENGLISH) -> str:
    """The schedule.yaml text of an imported programme, with a header saying where it came
    from and when, and comments on the kinds that were mapped or defaulted, in the
    language of ``translations``."""
    assert imported.root is not None
    notes = {id(s.node): s.kind_note.say(translations)
             for s in imported.sessions if s.kind_note is not None}
    header = [
        _("Imported by 'kiosk import' from {source}", source=imported.source),
        _("({format}) on {date:%Y-%m-%d} at {date:%H.%M}.", format=imported.format.value,
          date=read_at),
        _("Session ids are the source's own. Check this file with: kiosk check FILE"),
    ]
    if notes:
        header.append(_("Kinds: the comments say which of the source's types became which of "
                        "kiosk's kinds."))
        header.append(_("Where a kind is wrong, change its kind: here."))
    lines = [f"# {line.say(translations)}" for line in header]
    writer = _Writer(lines, notes)
    for key, value in imported.root.items:
        writer.entry(key, value, "")
    return "\n".join(lines) + "\n"


class _Writer:
    def __init__(self, lines: list[str], notes: dict[int, str]) -> None:
        self.lines = lines
        self.notes = notes

    def entry(self, key: Node, value: Node, indent: str, prefix: str | None = None,
              note: str | None = None) -> None:
        assert isinstance(key, Scalar)
        head = f"{prefix if prefix is not None else indent}{scalar(key.value)}:"
        if isinstance(value, Scalar):
            comment = f"  # {note}" if note else ""
            if "\n" in value.value:
                block = _block(value.value, indent + "  ")
                text = block if block is not None else scalar(value.value)
                self.lines.append(f"{head} {text}")
            else:
                syntax = key.value in _SYNTAX_KEYS
                self.lines.append(f"{head} {scalar(value.value, syntax)}{comment}")
        elif isinstance(value, Mapping):
            self.lines.append(head)
            self.mapping(value, indent + "  ")
        elif isinstance(value, Sequence):
            if value.items and all(isinstance(item, Scalar) for item in value.items):
                texts = ", ".join(scalar(item.value) for item in value.items
                                  if isinstance(item, Scalar))
                self.lines.append(f"{head} [{texts}]")
            else:
                self.lines.append(head)
                self.sequence(value, indent + "  ")

    def mapping(self, node: Mapping, indent: str, first_prefix: str | None = None) -> None:
        note = self.notes.get(id(node))
        for number, (key, value) in enumerate(node.items):
            prefix = first_prefix if number == 0 else None
            kind_note = note if isinstance(key, Scalar) and key.value == "kind" else None
            self.entry(key, value, indent, prefix, kind_note)

    def sequence(self, node: Sequence, indent: str) -> None:
        for item in node.items:
            if isinstance(item, Mapping):
                self.mapping(item, indent + "  ", first_prefix=f"{indent}- ")
            elif isinstance(item, Scalar):
                self.lines.append(f"{indent}- {scalar(item.value)}")


def programme_of(schedule: Schedule) -> tuple[object, ...]:
    """What the screen shows of a schedule, without where each session was written (two
    files with the same programme give the same value)."""

    def session(s: Session) -> tuple[object, ...]:
        return (s.title, s.kind, s.start, s.end, s.scheduled_start, s.scheduled_end,
                tuple((p.id, p.name, p.role) for p in s.speakers), s.description, s.room,
                s.cancelled, s.note, s.id, schedule.session_day(s))

    event = schedule.event
    return (event.title, event.subtitle, event.venue, str(event.timezone), event.language,
            event.url, tuple(d.date for d in schedule.days),
            tuple(session(s) for s in schedule.sessions),
            tuple((p.id, p.name, p.role) for p in schedule.speakers))
