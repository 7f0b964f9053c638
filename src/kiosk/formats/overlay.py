"""An imported programme with schedule.yaml's changes on top of it (``import:``).

A venue that takes its programme from pretalx, frab, a calendar or a spreadsheet keeps in
schedule.yaml only what the venue knows: a delay, a room change, a cancellation, a break
the source leaves out, a speaker's role or photo. Both are trees shaped like schedule.yaml
(see kiosk.formats): the import's nodes keep their place in the source file
(``Node.origin``), and this module puts the changes into the imported tree, which is then
checked and built like any schedule (kiosk.reader.parse_tree). So every problem is at its
line, in whichever of the two files it is.

The rules: ``event:`` keys replace the source's (its time zone is used only for a source
that names none); ``speakers:`` by the source's person id, code or exact name change only
the keys given, any other id is a new speaker; a session with an ``id:`` the source has
(its id, guid or code) changes only the keys given, from CHANGEABLE; a session without an
id is added (under ``days:`` to the day of that date, at the top to the source's only day).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import replace
from pathlib import Path

from kiosk.formats import Imported, ImportedSession, import_programme, without_doubles
from kiosk.i18n import NOTHING, Message, _
from kiosk.reader import Problem, ReadResult, ScheduleError, ScheduleFileError, parse_tree
from kiosk.reader.check import UNUSED_SPEAKER, Checker
from kiosk.reader.imports import ImportReader, import_target, is_url
from kiosk.reader.problems import Problems, TooManyProblems
from kiosk.schedule import Kind
from kiosk.schema import IMPORT, SESSION
from kiosk.yamltree import Mapping, Node, Scalar, Sequence

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
"""A written address's scheme (ftp://, file://): only http(s) is fetched."""
CHANGEABLE = ("title", "kind", "speakers", "description", "room", "delay", "cancelled", "note")
"""What schedule.yaml may change of an imported session (besides adding its own)."""
TIMES = ("time", "start", "end")
FROM_SOURCE = ("date", "until")
"""Event keys the source decides: its days and how far they run into the night."""


def read_with_import(
    root: Mapping,
    source: str,
    folder: Path | None,
    problems: list[Problem],
    lines: list[str] | None,
    imports: ImportReader,
) -> ReadResult:
    """The schedule of ``root`` (a schedule.yaml with ``import:``) over the programme it
    imports. Raises ScheduleError for problems in either file, ScheduleFileError when the
    source cannot be had."""
    found = Problems()
    checker = Checker(found, folder, lines)
    try:
        found.extend(problems)
        settings = _settings(root, checker)
    except TooManyProblems:
        raise ScheduleError(source, found.all()) from None
    if settings is None or found.has_errors:
        raise ScheduleError(source, found.all())
    written, kinds, language, zone = settings
    target = import_target(written.value.strip(), source, folder)
    try:
        data = imports.read(target)
    except ScheduleFileError as error:  # said at import.from, where the organiser wrote it
        reason = error.args[0] if error.args and isinstance(error.args[0], Message) \
            else str(error)
        raise ScheduleFileError(_("{file}:{line}:{column}: import.from: {reason}",
                                  file=source, line=written.line, column=written.column,
                                  reason=reason)) from None
    imported = _imported(data, target, kinds, language, zone)
    from_source = [replace(p, source=p.source or target) for p in imported.problems]
    if imported.root is None:
        raise ScheduleError(source, [*found.all(), *from_source])
    merged = Merge(imported, found).tree(root)
    try:
        result = parse_tree(merged, source, folder, [*found.all(), *from_source], lines)
    except ScheduleError as error:
        raise ScheduleError(source, without_doubles(error.problems, imported, target)) from None
    warnings = without_doubles(result.warnings, imported, target)
    return replace(result, warnings=tuple(  # the source's people whose sessions were given
        p for p in warnings  # other speakers: nothing to do about them in the source
        if not (p.source == target and p.message.template == UNUSED_SPEAKER)))


def _settings(root: Mapping, checker: Checker
              ) -> tuple[Scalar, dict[str, Kind], str | None, str | None] | None:
    """import.from (its node), import.kinds, and the event's language and time zone, which
    the import needs to read the source (names per language, times without a zone)."""
    fields = checker.fields(_get(root, "import"), IMPORT)  # type: ignore[arg-type]
    if fields is None:
        return None
    written = checker.optional_text(fields, IMPORT, "from")
    if written is not None and _SCHEME.match(written) \
            and not is_url(written):
        checker.error(fields["from"], _(
            "import.from is a file (a path from this file's folder) or an http:// or https:// "
            "address, found '{found}'", found=written))
    kinds: dict[str, Kind] = {}
    table = fields.get("kinds")
    if table is not None and not (isinstance(table, Scalar) and table.is_null):
        if not isinstance(table, Mapping):
            checker.error(table, _("import.kinds maps the source's types to kinds, like "
                                   "kinds: {Keynote: ceremony}"))
        else:
            for key, value in table.items:
                kind = checker.kind(value)
                if isinstance(key, Scalar) and kind is not None:
                    kinds[key.value.strip()] = kind
    event = _get(root, "event")
    language = zone = None
    if isinstance(event, Mapping):
        language = _text(_get(event, "language"))
        zone = _text(_get(event, "timezone"))
        for name in FROM_SOURCE:
            node = _key(event, name)
            if node is not None:
                checker.error(node, _("with import:, the days come from the source: leave out "
                                      "event.{key}", key=name))
    from_node = fields.get("from")
    if written is None or not isinstance(from_node, Scalar):
        return None
    return from_node, kinds, language, zone


class Merge:
    """Puts schedule.yaml's changes into an imported tree."""

    def __init__(self, imported: Imported, problems: Problems) -> None:
        self.imported = imported
        self.problems = problems
        self.sessions: dict[str, list[ImportedSession]] = {}
        for session in imported.sessions:
            for name in (session.id, *session.aliases):
                if name is not None:
                    self.sessions.setdefault(name, []).append(session)
        self.speakers = {speaker.id: speaker for speaker in imported.speakers}
        self.speaker_aliases = imported.speaker_aliases
        self.people_named: dict[str, list[str]] = {}
        """Every other identifier and exact name of a person -> the speaker ids it names (an
        exact name may name several people)."""
        for speaker in imported.speakers:
            for alias in (*speaker.aliases, speaker.name):
                named = self.people_named.setdefault(alias, [])
                if speaker.id not in named:
                    named.append(speaker.id)
        self.changed: dict[int, Node] = {}
        """The id: node of the change of each imported session changed so far (by id())."""
        assert imported.root is not None
        self.root = imported.root
        self.days = _get(self.root, "days")
        assert isinstance(self.days, Sequence)

    def tree(self, root: Mapping) -> Mapping:
        """The imported tree with the changes of ``root`` in it."""
        for key_node, value in root.items:
            key = key_node.value if isinstance(key_node, Scalar) else None
            if key == "import":
                continue
            if key == "event":
                self.event(value)
            elif key == "speakers":
                self.people(value)
            elif key == "sessions":
                self.session_list(value, None)
            elif key == "days":
                self.day_list(value)
            else:  # announcements, display, and what the checker will name as unknown
                _put(self.root, key_node, value)
        return self.root

    def event(self, node: Node) -> None:
        event = _get(self.root, "event")
        if not isinstance(node, Mapping) or not isinstance(event, Mapping):
            return
        source_zone = _text(_get(event, "timezone"))
        for key_node, value in node.items:
            key = key_node.value if isinstance(key_node, Scalar) else None
            if key in FROM_SOURCE:
                continue  # said in _settings
            if key == "timezone":
                wanted = _text(value)
                if wanted is not None and source_zone is not None and wanted != source_zone:
                    self.problems.warn(value, _(
                        "the source gives its times in {zone}: event.timezone counts only for "
                        "a source that names no time zone", zone=source_zone))
                continue
            _put(event, key_node, value)

    def people(self, node: Node) -> None:
        if not isinstance(node, Mapping):
            _put(self.root, Scalar(node.line, node.column, "speakers"), node)
            return
        speakers = _get(self.root, "speakers")
        if not isinstance(speakers, Mapping):
            speakers = Mapping(node.line, node.column)
            _put(self.root, Scalar(node.line, node.column, "speakers"), speakers)
        for key_node, value in node.items:
            name = key_node.value if isinstance(key_node, Scalar) else ""
            known = name if name in self.speakers else self.speaker_aliases.get(name)
            if known is None and len(self.people_named.get(name, ())) > 1:
                self.problems.error(key_node, self.several_people(name))
            elif known is not None and isinstance(value, Mapping):
                person = self.speakers[known].node
                for field_key, field_value in value.items:
                    _put(person, field_key, field_value)
            elif isinstance(value, Mapping) and _get(value, "name") is not None:
                _put(speakers, key_node, value)  # a speaker the source does not have
            else:
                self.problems.error(key_node, _(
                    "no person '{name}' in the imported programme{hint}: name a person by "
                    "their id, code or exact name there, or give a new speaker a name:",
                    name=name, hint=self.hint(name, [*self.speakers, *self.speaker_aliases])))

    def day_list(self, node: Node) -> None:
        if not isinstance(node, Sequence):
            self.problems.error(node, _("days: with import: is a list of days ('- date: ...'), "
                                        "each with its changes and sessions"))
            return
        for item in node.items:
            date = _text(_get(item, "date")) if isinstance(item, Mapping) else None
            if date is None:
                self.problems.error(item, _("a day under days: needs its date: like date: "
                                            "2025-09-18"))
                continue
            assert isinstance(item, Mapping)
            day = self.day_of(date)
            if day is None:  # a day the source does not have
                day = Mapping(item.line, item.column)
                _put(day, Scalar(item.line, item.column, "date"), _get(item, "date"))  # type: ignore[arg-type]
                _put(day, Scalar(item.line, item.column, "sessions"),
                     Sequence(item.line, item.column))
                self.days.items.append(day)  # type: ignore[union-attr]
            for key_node, value in item.items:
                key = key_node.value if isinstance(key_node, Scalar) else None
                if key == "sessions":
                    self.session_list(value, day)
                elif key != "date":
                    _put(day, key_node, value)

    def day_of(self, date: str) -> Mapping | None:
        for day in self.days.items:  # type: ignore[union-attr]
            if isinstance(day, Mapping) and _text(_get(day, "date")) == date:
                return day
        return None

    def session_list(self, node: Node, day: Mapping | None) -> None:
        if isinstance(node, Scalar) and node.is_null:
            return
        if not isinstance(node, Sequence):
            self.problems.error(node, _("sessions: must be a list ('- ' items)"))
            return
        for item in node.items:
            identifier = _get(item, "id") if isinstance(item, Mapping) else None
            if identifier is not None:
                self.change(item, identifier)  # type: ignore[arg-type]
            else:
                self.add(item, day)

    def change(self, item: Mapping, identifier: Node) -> None:
        """Change only the keys given of the session the source knows by ``identifier``."""
        name = _text(identifier)
        found = self.sessions.get(name or "", [])
        if not found:
            self.problems.error(identifier, _(
                "no session with id '{id}' in the imported programme{hint}", id=name,
                hint=self.hint(name or "", self.sessions)))
            return
        if len(found) > 1:
            self.problems.error(identifier, self.several_sessions(name or "", found))
            return
        session = found[0].node
        first = self.changed.setdefault(id(session), identifier)
        if first is not identifier:
            self.problems.warn(identifier, _(
                "this session of the imported programme is changed already on line {line}: "
                "where both change the same key, this one counts", line=first.line))
        for key_node, value in item.items:
            key = key_node.value if isinstance(key_node, Scalar) else ""
            if key == "id":
                continue
            if key in TIMES:
                self.problems.error(key_node, _(
                    "an imported session keeps the time the source gives it: move it with "
                    "delay: (minutes), or change the time in the source"))
            elif key in CHANGEABLE:
                _put(session, key_node, self.speaker_ids(value) if key == "speakers" else value)
            else:
                hint = self.hint(key, SESSION.names)
                self.problems.error(key_node, _(
                    "'{key}' cannot be changed in an imported session{hint}: change {keys}",
                    key=key, hint=hint, keys=", ".join(CHANGEABLE)))

    def several_sessions(self, name: str, found: list[ImportedSession]) -> Message:
        """The error for an id that names more than one session of the source, with the
        names that name one each (a guid, a code), where the source has them."""
        own = [next((alias for alias in (s.id, *s.aliases)
                     if alias is not None and len(self.sessions.get(alias, ())) == 1), None)
               for s in found]
        if all(alias is not None for alias in own):
            return _("id '{id}' names {count} sessions of the imported programme: name one "
                     "by its guid or code: {names}", id=name, count=len(found),
                     names=", ".join(f"'{alias}'" for alias in own))
        return _("id '{id}' names {count} sessions of the imported programme, and the "
                 "source gives them nothing else to tell them apart: change them in the "
                 "source", id=name, count=len(found))

    def several_people(self, name: str) -> Message:
        """The error for a name that is the exact name of more than one person."""
        ids = self.people_named.get(name, [])
        return _("'{name}' is the name of {count} people in the imported programme: name one "
                 "by their id or code: {ids}", name=name, count=len(ids),
                 ids=", ".join(f"'{i}'" for i in ids))

    def add(self, item: Node, day: Mapping | None) -> None:
        """A session of schedule.yaml's own, into ``day`` (or the source's only day)."""
        if day is None:
            days = [d for d in self.days.items if isinstance(d, Mapping)]  # type: ignore[union-attr]
            if len(days) != 1:
                self.problems.error(item, _(
                    "the imported programme has {count} days: put this session under days: "
                    "with its date, or give it the id: of a session of the source",
                    count=len(days)))
                return
            day = days[0]
        if isinstance(item, Mapping):
            speakers = _key(item, "speakers")
            if speakers is not None:
                _put(item, speakers, self.speaker_ids(_get(item, "speakers")))  # type: ignore[arg-type]
        sessions = _get(day, "sessions")
        if isinstance(sessions, Sequence):
            sessions.items.append(item)

    def speaker_ids(self, node: Node) -> Node:
        """A session's speakers, where named by a person's code or exact name, by their id."""
        items = node.items if isinstance(node, Sequence) else [node]
        kept: list[Node] = []
        for item in items:
            if isinstance(item, Scalar) and item.value not in self.speakers:
                name = item.value.strip()
                known = self.speaker_aliases.get(name)
                if known is not None:
                    item = Scalar(item.line, item.column, known, item.plain)
                elif len(self.people_named.get(name, ())) > 1:
                    self.problems.error(item, self.several_people(name))
                    continue  # said here: not also an unknown speaker
            kept.append(item)
        if isinstance(node, Sequence):
            node.items = kept
            return node
        return kept[0] if kept else Sequence(node.line, node.column)

    def hint(self, word: str, choices: object) -> Message:
        names = [str(name) for name in choices][:5000]  # type: ignore[attr-defined]
        close = difflib.get_close_matches(word, names, n=1, cutoff=0.6) if len(word) < 80 \
            else []
        return _(" (did you mean '{word}'?)", word=close[0]) if close else NOTHING


_last: tuple[tuple[object, ...], Imported] | None = None
"""The programme imported last, as imported (a schedule.yaml is saved many times a day, its
source changes seldom: a congress export takes seconds to import, a copy of it far less)."""


def _imported(data: bytes, target: str, kinds: dict[str, Kind], language: str | None,
              zone: str | None) -> Imported:
    """The programme at ``target``, with every node saying which file it is from; a fresh
    copy each time, since the changes are put into it."""
    global _last
    key = (target, hashlib.sha256(data).digest(), tuple(sorted(kinds.items())), language, zone)
    if _last is None or _last[0] != key:
        imported = import_programme(data, target, kinds=kinds, language=language,
                                    timezone=zone)
        if imported.root is not None:
            _copy(imported.root, {}, origin=target)  # marks the nodes: the copy is dropped
        _last = (key, imported)
    return _fresh(_last[1])


def _fresh(imported: Imported) -> Imported:
    """A copy of an imported programme whose tree can be changed without changing it."""
    if imported.root is None:
        return imported
    copies: dict[int, Node] = {}
    root = _copy(imported.root, copies)
    assert isinstance(root, Mapping)

    def mapping(original: Mapping) -> Mapping:
        new = copies[id(original)]
        assert isinstance(new, Mapping)
        return new

    return replace(
        imported, root=root,
        sessions=tuple(replace(s, node=mapping(s.node)) for s in imported.sessions),
        speakers=tuple(replace(s, node=mapping(s.node)) for s in imported.speakers))


def _copy(node: Node, copies: dict[int, Node], origin: str | None = None) -> Node:
    """A copy of a tree (``copies``: every new node by the id of its original); with
    ``origin``, every node of the original is marked as coming from that file first."""
    def made(original: Node) -> Node:
        if origin is not None:
            original.origin = origin
        if isinstance(original, Scalar):
            new: Node = Scalar(original.line, original.column, original.value, original.plain,
                               origin=original.origin)
        elif isinstance(original, Mapping):
            new = Mapping(original.line, original.column, origin=original.origin)
            pending.append((original, new))
        elif isinstance(original, Sequence):
            new = Sequence(original.line, original.column, origin=original.origin)
            pending.append((original, new))
        else:
            new = replace(original)
        copies[id(original)] = new
        return new

    pending: list[tuple[Node, Node]] = []
    top = made(node)
    while pending:  # not recursive: a deep tree must not exhaust the stack
        original, new = pending.pop()
        if isinstance(original, Mapping) and isinstance(new, Mapping):
            new.items = [(made(key), made(value)) for key, value in original.items]
        elif isinstance(original, Sequence) and isinstance(new, Sequence):
            new.items = [made(item) for item in original.items]
    return top


def _key(mapping: Mapping, key: str) -> Scalar | None:
    for key_node, _value in mapping.items:
        if isinstance(key_node, Scalar) and key_node.value == key:
            return key_node
    return None


def _get(mapping: Mapping, key: str) -> Node | None:
    for key_node, value in mapping.items:
        if isinstance(key_node, Scalar) and key_node.value == key:
            return value
    return None


def _put(mapping: Mapping, key_node: Node, value: Node) -> None:
    """Set a key of a mapping: the value replaced where the key is, else added at the end."""
    key = key_node.value if isinstance(key_node, Scalar) else None
    for index, (existing, _value) in enumerate(mapping.items):
        if isinstance(existing, Scalar) and existing.value == key:
            mapping.items[index] = (key_node, value)
            return
    mapping.items.append((key_node, value))


def _text(node: Node | None) -> str | None:
    if isinstance(node, Scalar) and not node.is_null and node.value.strip():
        return node.value.strip()
    return None
