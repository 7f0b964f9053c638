"""Checking a schedule's node tree against the schema, value by value, into plain records.

The checker walks the tree once, reports every problem at its line and column, and makes
records of what the file says: the event, the speakers, and each day's sessions with their
times as wall-clock minutes. Turning those into moments, and what sessions mean together
(delays, nights, overlaps), is kiosk.reader.build's work.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar
from zoneinfo import ZoneInfo

from kiosk.i18n import NOTHING, Message, _
from kiosk.reader import values
from kiosk.reader.problems import Problem, Problems
from kiosk.reader.values import ODD_SPACE, Fault
from kiosk.schedule import (
    DEFAULT_CARD_SECONDS,
    DEFAULT_LANGUAGE,
    DEFAULT_TIMEZONE,
    Display,
    Event,
    Kind,
    Speaker,
)
from kiosk.schema import (
    ANNOUNCEMENT,
    DAY,
    DISPLAY,
    EVENT,
    SCHEDULE,
    SESSION,
    SPEAKER,
    Key,
    Section,
    Value,
)
from kiosk.yamltree import Mapping, Node, Refused, Scalar, Sequence

HINT_BUDGET = 3_000_000
"""The "did you mean" work (names compared x letters squared) one file may cost: dozens of
hints against a festival's 800 speakers, not minutes of difflib for thousands of unknown
names against thousands of listed ones."""

_GLUED = re.compile(r"([A-Za-z_]+):([^ \t\r\n].*)", re.DOTALL)
_KEY_START = re.compile(r"[ ]*(?:-[ ]+)*")
_SESSION_KEY = re.compile(r"\s*(?:-\s+)?(?:time|start|end|title|kind|speakers|room|delay|"
                          r"cancelled|note):(?:\s|$)")
"""A line of a session's keys inside a text: a session indented under the text before it."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "titel": ("title",), "naam": ("name", "title"), "tijd": ("time",), "tijden": ("time",),
    "begin": ("start",), "aanvang": ("start",), "eind": ("end",), "einde": ("end",),
    "zaal": ("room",), "ruimte": ("room",), "lokaal": ("room",),
    "locatie": ("room", "venue"), "location": ("room", "venue"), "plaats": ("venue", "room"),
    "place": ("venue", "room"), "spreker": ("speakers",), "sprekers": ("speakers",),
    "speaker": ("speakers",), "beschrijving": ("description",),
    "omschrijving": ("description",), "desc": ("description",), "abstract": ("description",),
    "samenvatting": ("description",), "summary": ("description",), "soort": ("kind",),
    "type": ("kind",), "vertraging": ("delay",), "uitloop": ("delay",),
    "geannuleerd": ("cancelled",), "vervalt": ("cancelled",), "afgelast": ("cancelled",),
    "canceled": ("cancelled",), "notitie": ("note",), "opmerking": ("note",),
    "datum": ("date",), "functie": ("role",), "rol": ("role",), "foto": ("photo",),
    "tekst": ("text",), "van": ("from",), "vanaf": ("from",), "tot": ("until",),
    "tijdzone": ("timezone",), "taal": ("language",), "ondertitel": ("subtitle",),
    "kleur": ("accent",), "dagen": ("days",), "sessies": ("sessions",),
    "programma": ("sessions", "days"), "mededelingen": ("announcements",),
    "berichten": ("announcements",), "scherm": ("display",),
}
"""Keys as organisers write them in Dutch, or by another English word: the key meant, in the
order to suggest (the first the mapping allows)."""

DAY_MINUTES = 24 * 60
EVENING = 18 * 60
MORNING = 6 * 60
"""A session that starts at EVENING or later and ends at MORNING or earlier, with its end
before its start (23.30 - 00.30), ends the next morning."""
NIGHT_LIMIT = 12 * 60
"""A day's ``until:`` (how far into the next morning it runs) is at most this."""

T = TypeVar("T")


@dataclass
class PlannedSession:
    """A session as the file plans it: times in minutes after midnight of its day's date
    (past 24.00 for the night after the day), before any delay."""

    node: Mapping
    title: str
    kind: Kind
    start: int
    end: int
    start_node: Node
    end_node: Node
    speakers: tuple[Speaker, ...]
    description: str | None
    room: str | None
    delay: int | None
    cancelled: bool
    note: str | None
    id: str | None


@dataclass
class PlannedDay:
    date: dt.date
    node: Node
    """The day's ``sessions:`` value."""
    sessions: list[PlannedSession]


@dataclass
class PlannedAnnouncement:
    text: str
    node: Node
    starts: tuple[dt.date, int, Node] | None = None
    """The date, the minutes after its midnight and the value's node; None: always."""
    ends: tuple[dt.date, int, Node] | None = None


@dataclass
class CheckedSchedule:
    """What a valid file says, before the times are made moments."""

    event: Event
    speakers: tuple[Speaker, ...]
    days: list[PlannedDay]
    announcements: list[PlannedAnnouncement]
    display: Display


def describe(node: Node) -> Message:
    """What a node is, in words: for "must be a list, found a single value"."""
    if isinstance(node, Mapping):
        return _("a mapping (key: value lines)")
    if isinstance(node, Sequence):
        return _("a list")
    if isinstance(node, Scalar) and node.is_null:
        return _("nothing")
    return _("a single value")


ID_AGAIN = ("session id '{id}' is used again (first on line {line}): give each session its "
            "own id")
"""The warning for a session id used twice (its template: importers say their own)."""
UNUSED_SPEAKER = "speaker '{id}' is listed but speaks at no session"
"""The warning for a speaker at no session (its template: an imported programme's people
all speak, unless schedule.yaml's changes give their sessions other speakers)."""


class Checker:
    """Walks a node tree once, collecting problems and making records."""

    def __init__(self, problems: Problems, folder: Path | None,
                 lines: list[str] | None = None) -> None:
        """``lines``: the file's text by line, where it was YAML (for what only the text
        shows: a comment that swallowed the end of a value); nodes from another file (an
        imported programme, see Node.origin) are not looked up in them."""
        self.problems = problems
        self.folder = folder
        self.lines = lines
        self.speakers: dict[str, Speaker] = {}
        self.speaker_nodes: dict[str, Node] = {}
        self.speaker_ids: set[str] = set()
        self.speakers_used: set[str] = set()
        self.speakers_unread = False
        """speakers: is not a mapping (said so): no speaker id is then unknown."""
        self.suggested: dict[Node, set[str]] = {}
        """The keys suggested for a mapping's unknown ones ('titel': title), by mapping."""
        self.misplaced: set[str] = set()
        """Keys found in the wrong mapping (said so): their absence where they belong is
        no second problem."""
        self.timezone: dt.tzinfo = ZoneInfo(DEFAULT_TIMEZONE)
        self.hint_budget = HINT_BUDGET
        self.session_ids: dict[str, Node] = {}
        """Each session id's first id: node, to say where an id used again is first."""

    # -- reporting -------------------------------------------------------

    def error(self, node: Node, message: Message) -> None:
        self.problems.error(node, message)

    def warn(self, node: Node, message: Message) -> None:
        self.problems.warn(node, message)

    def hint(self, word: str, choices: Collection[str]) -> Message:
        """" (did you mean 'x'?)" while the file's HINT_BUDGET lasts, else ''."""
        close = self.closest(word, choices)
        return _(" (did you mean '{word}'?)", word=close) if close is not None else NOTHING

    def closest(self, word: str, choices: Collection[str]) -> str | None:
        """The choice ``word`` is probably a typing mistake for, while HINT_BUDGET lasts."""
        cost = len(choices) * len(word) ** 2
        if cost > self.hint_budget:
            return None
        self.hint_budget -= cost
        import difflib  # only when there is a word to suggest another for

        close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
        return close[0] if close else None

    def ok(self, node: Node, result: T | Fault) -> T | None:
        """The value read, or None with the fault reported at ``node``."""
        if isinstance(result, Fault):
            self.error(node, result.message)
            return None
        return result

    # -- shapes ----------------------------------------------------------

    def fields(
        self, node: Node, section: Section, what: str | None = None
    ) -> dict[str, Node] | None:
        """The values of a mapping by key, reporting duplicates, unknown and missing keys."""
        what = what or section.what
        if isinstance(node, Refused):
            return None
        if isinstance(node, Scalar) and self.glued_key(node, section):
            return None
        if not isinstance(node, Mapping):
            if isinstance(node, Sequence) and node.items and all(
                    isinstance(item, Mapping) for item in node.items):
                self.error(node, _("{what} must be a mapping of keys, found a list: write its "
                                   "keys without '- ' before them", what=what))
                return None
            self.error(node, _("{what} must be a mapping of keys, found {found}",
                               what=what, found=describe(node)))
            return None
        allowed = section.names
        found: dict[str, Node] = {}
        first_line: dict[str, int] = {}
        suggested: set[str] = set()
        for key_node, value in node.items:
            if not isinstance(key_node, Scalar):
                self.error(key_node, _("a key in {what} must be a plain word", what=what))
                continue
            key = self.word(key_node, key_node.value, key=True)
            if not self.first_time(key_node, first_line, key):
                continue
            if key not in allowed:
                if key != key_node.value:
                    continue  # said at its invisible character
                home = self.home_of(key, section)
                if home is not None:
                    self.misplaced.add(key)
                    where = _("at the top of the file") if section is SCHEDULE else _(
                        "in {what}", what=what)
                    self.error(key_node, _("'{key}:' does not belong {where}: it belongs "
                                           "{home}", key=key, where=where, home=home))
                    continue
                meant = next((name for name in SYNONYMS.get(key.casefold(), ())
                              if name in allowed), None) or self.closest(key, allowed)
                hint = _(" (did you mean '{word}'?)", word=meant) if meant is not None \
                    else NOTHING
                if meant is not None and meant not in first_line:
                    suggested.add(meant)  # its absence is said here, not again as missing
                known = NOTHING if hint else _(" (known keys: {keys})", keys=", ".join(allowed))
                self.error(key_node, _("unknown key '{key}' in {what}{hint}{known}",
                                       key=key, what=what, hint=hint, known=known))
                continue
            found[key] = value
        for key in section.required:
            if key not in found and key not in first_line and key not in suggested:
                self.error(node, _("{what} needs '{key}:'", what=what, key=key))
        if suggested:
            self.suggested[node] = suggested
        return found

    @staticmethod
    def home_of(key: str, section: Section) -> Message | None:
        """Where a key found in ``section`` belongs, when it is the key of a place a line
        indented wrongly leaves it out of: the top of the file, event:, a session."""
        if SCHEDULE.key(key) is not None and section in (EVENT, SESSION, SPEAKER) and not (
                key == "sessions" and section is SESSION):  # or a day's, under days:
            return _("at the top of the file: start its line without spaces, like event:")
        if section is SCHEDULE and EVENT.key(key) is not None:
            return _("under event: indent it like the other keys of event:")
        if section in (SCHEDULE, EVENT) and SESSION.key(key) is not None:
            return _("in a session: under sessions:, indented like that session's other keys")
        return None

    def first_time(self, key_node: Scalar, seen: dict[str, int], key: str) -> bool:
        """Whether a mapping's key (``key``, as read from ``key_node``) is new in it
        (``seen``: each key's line); else an error at the second one, naming the line of
        the first."""
        if key in seen:
            self.error(key_node, _("duplicate key '{key}' (first on line {line})",
                                   key=key, line=seen[key]))
            return False
        seen[key] = key_node.line
        return True

    def glued_key(self, node: Scalar, section: Section) -> bool:
        """Report a mapping written as ``time:11.00`` (no space after the colon), which YAML
        reads as one text; True if it was one."""
        glued = _GLUED.fullmatch(node.value)
        if glued is None or not node.plain or section.key(glued.group(1)) is None:
            return False
        key, rest = glued.groups()
        column = node.column + len(key) + 1
        if ODD_SPACE.match(rest):  # it looks like a space
            self.problems.add(Problem(node.line, column, _(
                "a non-breaking or other special space (U+{code:04X}) where YAML needs an "
                "ordinary space: delete it and type a space", code=ord(rest[0]))))
            return True
        self.problems.add(Problem(node.line, column, _(
            "a space is needed after '{key}:': write {key}: {rest}", key=key, rest=rest)))
        return True

    def scalar(self, node: Node, what: str) -> str | None:
        if isinstance(node, Refused):
            return None
        if not isinstance(node, Scalar) or node.is_null:
            self.error(node, _("{what} must be a single value, found {found}",
                               what=what, found=describe(node)))
            return None
        value = self.word(node, node.value.strip())
        if node.plain and values.in_curly_quotes(value):
            self.problems.add(Problem(node.line, self.column_of(node, value[0]), _(
                "curly quotes ({quotes}) are not quotes in YAML, so {what} is read with them: "
                "write {value}", quotes=value[0] + value[-1], what=what,
                value=value[1:-1].strip()), source=node.origin))
            return value[1:-1].strip()  # one problem: not also "not a time like 10.15"
        return value

    def word(self, node: Scalar, value: str, key: bool = False) -> str:
        """``value`` (the text of ``node``, a word kiosk reads: a key, a time, an id) without
        invisible characters, with an error at the first one if it held any: 'ti\u200btle'
        looks like 'title' and is another word. A ``key`` holds no special spaces either
        (a non-breaking space looks like a space, and YAML keeps it in the key)."""
        junk = values.KEY_JUNK if key else values.INVISIBLE
        found = junk.search(value)
        if found is None:
            return value
        clean = junk.sub("", value).strip() if key else values.INVISIBLE.sub("", value)
        char = found.group()
        code = ord(char)
        visible = values.INVISIBLE.fullmatch(char) is None  # a space that is not a space
        if key and not value[:found.start()].strip():  # in the indentation: YAML read a key
            message = _("a non-breaking or other special space (U+{code:04X}) where YAML needs "
                        "an ordinary space: delete it and type a space", code=code) \
                if visible else _("an invisible character (U+{code:04X}) that editors do "
                                  "not show breaks this line: delete it", code=code)
        elif visible:
            message = _("'{word}' holds a special space (U+{code:04X}) that looks like a "
                        "space: delete it", word=clean, code=code)
        else:
            message = _("'{word}' holds an invisible character (U+{code:04X}) that editors do "
                        "not show: delete it", word=clean, code=code)
        self.problems.add(Problem(node.line, self.column_of(node, char), message,
                                  source=node.origin))
        return clean

    def part(self, node: Scalar, value: str, index: int) -> Node:
        """A node for the part of ``node``'s value ``value`` (as stripped) from ``index`` on, at
        its own column where the value is written on the node's line as it was read (the end of
        ``10.15 - 10.75`` is at the 10.75); else ``node`` itself."""
        if self.lines is None or node.origin is not None or not 0 < node.line <= len(self.lines):
            return node
        line = self.lines[node.line - 1]
        written = node.value.lstrip()
        if "\n" in node.value:
            return node
        for start in (node.column - 1, node.column):  # plain, or after its opening quote
            if line.startswith(node.value, start):
                column = start + len(node.value) - len(written) + index + 1
                return Scalar(node.line, column, value[index:], node.plain)
        return node

    def column_of(self, node: Scalar, char: str) -> int:
        """The column of the first ``char`` in ``node``'s value, where it is on the node's
        own line of this file; else the node's column."""
        if self.lines is None or node.origin is not None or not 0 < node.line <= len(self.lines):
            return node.column
        index = self.lines[node.line - 1].find(char, node.column - 1)
        return index + 1 if index >= 0 else node.column

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        if isinstance(node, Refused):
            return None
        if not isinstance(node, Sequence):
            if isinstance(node, Mapping) and node.items:
                self.error(node, _("{what} must be a list ('- ' items), found a mapping (key: "
                                   "value lines): put '- ' before the first key of each item",
                                   what=what))
                return None
            self.error(node, _("{what} must be a list ('- ' items), found {found}",
                               what=what, found=describe(node)))
            return None
        return node.items

    def text(self, node: Node | None, key: Key, what: str, required: bool = False) -> str | None:
        """A text value as shown; None when absent or null (an error if ``required``)."""
        if node is None or isinstance(node, Refused):
            return None
        if not isinstance(node, Scalar):
            self.error(node, _("{what} must be text, found {found}",
                               what=what, found=describe(node)))
            return None
        if node.is_null or not node.value.strip():
            comment = self.comment_after(node)
            if comment is not None:  # said at the '#'
                self.problems.add(Problem(node.line, comment, _(
                    "'#' starts a comment, so {what} is empty: put the whole text in quotes",
                    what=what), warning=not required))
            elif required:
                self.error(node, _("{what} is empty", what=what))
            return None
        one_line = key.value is not Value.PARAGRAPH
        shown = self.ok(node, values.text(node.value, what, key.max_length, one_line))
        if shown is not None:
            self.doubt_text(node, what, shown)
        return shown

    def comment_after(self, node: Scalar) -> int | None:
        """The column of a comment right after a plain value on its line, if any."""
        if self.lines is None or node.origin is not None or not node.plain \
                or not 0 < node.line <= len(self.lines):
            return None
        line = self.lines[node.line - 1]
        start = node.column - 1
        written = node.value.split("\n", 1)[0] if node.value else ""
        if not line.startswith(written, start):
            return None  # a value folded from several lines
        rest = line[start + len(written):]
        hash_at = rest.find("#")
        if hash_at < 0 or rest[:hash_at].strip():
            return None
        return start + len(written) + hash_at + 1

    def doubt_text(self, node: Scalar, what: str, shown: str) -> None:
        """Warn where a text is probably not what its writer meant."""
        if node.plain and values.in_curly_quotes(shown):
            self.problems.add(Problem(node.line, self.column_of(node, shown[0]), _(
                "curly quotes ({quotes}) are not quotes in YAML: the screen shows them around "
                "{what}; if they were meant as quotes, write straight ones (\") or none",
                quotes=shown[0] + shown[-1], what=what), warning=True, source=node.origin))
        column = self.comment_after(node)
        if column is not None and self.lines is not None:
            after = self.lines[node.line - 1][column:]
            gap = self.lines[node.line - 1][column - 3:column - 1]
            # One space before '#2' makes it look like text; an open bracket says it was cut.
            unbalanced = any(shown.count(a) > shown.count(b) for a, b in ("()", "[]"))
            if (after[:1].strip() and gap != "  ") or unbalanced:
                self.problems.add(Problem(node.line, column, _(
                    "' #' starts a comment, so {what} ends at '{text}': to keep '#{rest}', put "
                    "the whole text in quotes", what=what, text=shown, rest=after.strip()),
                    warning=True))
        self.folded_session(node, what)

    def folded_session(self, node: Scalar, what: str) -> None:
        """Warn when a text spans lines that look like a session's keys: a session indented
        under the description before it is read as part of that text and disappears."""
        if self.lines is None or node.origin is not None or not 0 < node.line <= len(self.lines):
            return
        # The text ends at the first line not indented deeper than its key (after '- ').
        indent = _KEY_START.match(self.lines[node.line - 1]).end()  # type: ignore[union-attr]
        for number in range(node.line + 1, min(len(self.lines), node.line + 400) + 1):
            line = self.lines[number - 1]
            if not line.strip():
                continue
            if len(line) - len(line.lstrip(" ")) <= indent:
                return  # the text has ended
            found = _SESSION_KEY.match(line)
            if found is not None:
                self.problems.add(Problem(number, len(line) - len(line.lstrip()) + 1, _(
                    "{what} holds a line that looks like a session ('{found}'): a session "
                    "indented under a text becomes part of it; indent it like the other "
                    "sessions", what=what, found=line.strip()[:40]), warning=True))
                return

    def optional_text(self, fields: dict[str, Node], section: Section, name: str,
                      what: str | None = None) -> str | None:
        key = section[name]
        return self.text(fields.get(name), key, what or section.label(name),
                         required=key.required)

    # -- the document ----------------------------------------------------

    def schedule(self, root: Node | None) -> CheckedSchedule | None:
        if root is None:
            self.problems.add(Problem(1, 1, _("the file holds no schedule (only comments?)")))
            return None
        if not isinstance(root, Mapping):
            self.error(root, _("a schedule must be a mapping with 'event:' at the top, "
                               "found {found}", found=describe(root)))
            return None
        top = self.fields(root, SCHEDULE)
        if top is None:
            return None
        event_node = top.get("event")
        event_fields = self.fields(event_node, EVENT) if event_node is not None else None
        event = self.event(event_fields) if event_fields is not None else None
        if "speakers" in top:
            self.read_speakers(top["speakers"])
        display = self.display(top["display"]) if "display" in top else Display()
        days = self.programme(root, top, event_fields)
        announcements = (
            self.announcements(top["announcements"], days) if "announcements" in top else []
        )
        for speaker_id, node in self.speaker_nodes.items():
            if speaker_id not in self.speakers_used:
                self.warn(node, _("speaker '{id}' is listed but speaks at no session",
                                  id=speaker_id))
        if event is None or days is None:
            return None
        return CheckedSchedule(
            event=event,
            speakers=tuple(self.speakers.values()),
            days=days,
            announcements=announcements,
            display=display,
        )

    def event(self, fields: dict[str, Node]) -> Event | None:
        title = self.optional_text(fields, EVENT, "title")
        if "timezone" in fields:
            name = self.scalar(fields["timezone"], "event.timezone")
            if name is not None:
                zone = self.ok(fields["timezone"], values.timezone(name, self.hint))
                if zone is not None:
                    self.timezone = zone
        language = DEFAULT_LANGUAGE
        if "language" in fields:
            value = self.scalar(fields["language"], "event.language")
            if value is not None:
                language = self.ok(fields["language"], values.language(value, self.hint)) \
                    or language
        url = self.optional_text(fields, EVENT, "url")
        if url is not None:
            url = self.ok(fields["url"], values.url(url))
        accent = self.accent(fields["accent"]) if "accent" in fields else None
        if title is None:
            return None
        return Event(
            title=title,
            subtitle=self.optional_text(fields, EVENT, "subtitle"),
            venue=self.optional_text(fields, EVENT, "venue"),
            timezone=self.timezone,
            language=language,
            url=url,
            accent=accent,
        )

    def accent(self, node: Node) -> str | None:
        if isinstance(node, Scalar) and node.is_null:
            self.error(node, _('event.accent is empty; a colour starts with \'#\', which YAML '
                               'reads as a comment: write it in quotes, accent: "#1a7f5a"'))
            return None
        value = self.scalar(node, "event.accent")
        return None if value is None else self.ok(node, values.colour(value))

    def display(self, node: Node) -> Display:
        fields = self.fields(node, DISPLAY)
        if not fields or "card_seconds" not in fields:
            return Display()
        key = DISPLAY["card_seconds"]
        assert key.bounds is not None
        value = self.scalar(fields["card_seconds"], DISPLAY.label("card_seconds"))
        if value is None:
            return Display()
        seconds = self.ok(fields["card_seconds"], values.number(
            value, DISPLAY.label("card_seconds"), *key.bounds))
        return Display(card_seconds=DEFAULT_CARD_SECONDS if seconds is None else seconds)

    # -- speakers --------------------------------------------------------

    def read_speakers(self, node: Node) -> None:
        if isinstance(node, Scalar) and node.is_null:
            return
        if not isinstance(node, Mapping):
            self.speakers_unread = True
            first_id = self.id_of_first(node)
            if first_id is not None:  # - id: jan, name: Jan (as some exports have them)
                self.error(node, _("speakers must map an id to each speaker's details: write "
                                   "{id}: with name: and role: indented under it, not - id: "
                                   "{id}", id=first_id))
            elif isinstance(node, Sequence) and node.items and all(
                    isinstance(item, Mapping) for item in node.items):
                self.error(node, _("speakers must map an id to each speaker's details "
                                   "(roel-wever: then name:, role:), found a list: write each "
                                   "id without '- ' before it"))
            elif not isinstance(node, Refused):
                self.error(node, _("speakers must map an id to each speaker's details "
                                   "(roel-wever: then name:, role:), found {found}",
                                   found=describe(node)))
            return
        seen: dict[str, int] = {}
        for key_node, value in node.items:
            if not isinstance(key_node, Scalar) or key_node.is_null:
                self.error(key_node, _("a speaker id must be a plain word like roel-wever"))
                continue
            speaker_id = self.word(key_node, key_node.value, key=True)
            if not self.first_time(key_node, seen, speaker_id):
                continue
            self.speaker_ids.add(speaker_id)
            what = _("speaker '{id}'", id=speaker_id)
            if isinstance(value, Scalar) and not value.is_null:  # jan: Jan Jansen
                if not self.glued_key(value, SPEAKER):
                    self.error(value, _("speaker '{id}' must be a mapping of keys, found a "
                                        "single value: write it as {id}: {{name: {name}}}",
                                        id=speaker_id, name=value.value.strip()))
                continue
            fields = self.fields(value, SPEAKER, what)
            if fields is None:
                continue
            name = self.optional_text(fields, SPEAKER, "name",
                                      _("speaker '{id}': {key}", id=speaker_id, key="name"))
            photo = self.photo(fields["photo"]) if "photo" in fields else None
            if name is None:
                continue
            self.speakers[speaker_id] = Speaker(
                id=speaker_id,
                name=name,
                role=self.optional_text(fields, SPEAKER, "role",
                                        _("speaker '{id}': {key}", id=speaker_id, key="role")),
                photo=photo,
            )
            self.speaker_nodes[speaker_id] = key_node

    @staticmethod
    def id_of_first(node: Node) -> str | None:
        """The ``id:`` of the first item of a list of mappings, if it has one."""
        if not isinstance(node, Sequence) or not node.items:
            return None
        first = node.items[0]
        if not isinstance(first, Mapping):
            return None
        return next((value.value.strip() for key, value in first.items
                     if isinstance(key, Scalar) and key.value == "id"
                     and isinstance(value, Scalar) and value.value.strip()), None)

    def photo(self, node: Node) -> PurePosixPath | None:
        value = self.text(node, SPEAKER["photo"], "photo")
        if value is None:
            return None
        found = self.ok(node, values.photo(value, self.folder))
        if found is None:
            return None
        if not found.found:
            self.warn(node, _("photo '{photo}' not found: the screen shows initials instead",
                              photo=value))
        return found.relative

    # -- the programme ---------------------------------------------------

    def programme(
        self, root: Mapping, top: dict[str, Node], given: dict[str, Node] | None
    ) -> list[PlannedDay] | None:
        """The days; ``given``: the event's keys, None when ``event:`` is missing or no
        mapping (that has its error: its date is not missing as well)."""
        event_fields = given or {}
        if "days" in top:
            if "date" in event_fields:
                self.error(event_fields["date"], _(
                    "event.date and days: both given: a one-day event uses event.date with "
                    "sessions:, a longer one days: alone"))
            if "sessions" in top:
                self.error(top["sessions"], _("sessions: and days: both given: put the "
                                              "sessions under their day in days:"))
            return self.days(top["days"])
        if "sessions" not in top:
            if {"sessions", "days"} & (self.misplaced | self.suggested.get(root, set())):
                return None
            if "date" in event_fields:
                self.error(event_fields["date"], _("no sessions: the programme is missing"))
            else:
                self.error(root, _("no programme: add event.date with sessions: (one day) "
                                   "or days: (several days)"))
            return None
        if "date" not in event_fields:
            event_node = top.get("event")
            said = self.suggested.get(event_node, set()) if event_node is not None else set()
            if (given is None and "event" in top) or "date" in self.misplaced | said:
                self.sessions(top["sessions"], None)
                return None
            self.error(top["sessions"], _("sessions: needs the day in event.date (like "
                                          "date: 2024-04-15), or put them under days:"))
            self.sessions(top["sessions"], None)
            return None
        date = self.date(event_fields["date"], "event.date")
        night = self.night(event_fields["until"], "event.until") if "until" in event_fields \
            else None
        day = self.day(date, top["sessions"], night, _("event:"))
        return [day] if day is not None else None

    def days(self, node: Node) -> list[PlannedDay] | None:
        items = self.sequence(node, "days")
        if items is None:
            return None
        if not items:
            self.error(node, _("days: is empty: the programme needs at least one day"))
            return None
        days: list[PlannedDay] = []
        ok = True
        seen: dict[dt.date, int] = {}
        for item in items:
            fields = self.fields(item, DAY)
            if fields is None:
                ok = False
                continue
            date = self.date(fields["date"], "date") if "date" in fields else None
            if date is not None and date in seen:
                self.error(fields["date"], _("day {date} is listed twice (first on line "
                                             "{line})", date=date, line=seen[date]))
                date = None
            elif date is not None:
                seen[date] = fields["date"].line
            if "sessions" not in fields:
                ok = False
                continue
            night = self.night(fields["until"], "until") if "until" in fields else None
            day = self.day(date, fields["sessions"], night, _("this day, beside its date:"))
            if day is None:
                ok = False
            else:
                days.append(day)
        if not ok:
            return None
        return sorted(days, key=lambda d: d.date)

    def date(self, node: Node, what: str) -> dt.date | None:
        value = self.scalar(node, what)
        return None if value is None else self.ok(node, values.date(value, what))

    def night(self, node: Node, what: str) -> int | None:
        """Minutes after midnight until which a day runs on into the next morning."""
        value = self.scalar(node, what)
        if value is None:
            return None
        minutes = self.ok(node, values.clock(value, what, allow_midnight=False))
        if minutes is not None and not 0 < minutes <= NIGHT_LIMIT:
            self.error(node, _("{what}: the day runs on past midnight until this time the "
                               "next morning: use 00.01 to {last}, found '{value}'",
                               what=what, last=hhmm(NIGHT_LIMIT), value=value))
            return None
        return minutes

    def day(self, date: dt.date | None, node: Node, night: int | None,
            where: Message) -> PlannedDay | None:
        """``where``: the mapping an ``until:`` for this day goes in, in words."""
        planned = self.sessions(node, night)
        if planned is None or date is None:
            return None
        if not planned:
            self.error(node, _("the programme is empty: add at least one session"))
            return None
        self.doubt_mornings(date, planned, night, where)
        return PlannedDay(date, node, planned)

    def doubt_mornings(self, date: dt.date, planned: list[PlannedSession], night: int | None,
                       where: Message) -> None:
        """Warn at a session of the small hours on a day whose evening runs on to midnight
        or past it: without ``until:`` (or before a too early one) it is read as the morning
        before the day's programme, while it was almost surely meant as the night after (a DJ
        at 01.00 after a set that ends then)."""
        evenings = [s for s in planned if s.start >= EVENING and s.end >= DAY_MINUTES]
        early = [s for s in planned if s.start < MORNING]  # the night's are past 24.00
        if not evenings or not early:
            return
        evening = max(evenings, key=lambda s: s.end)
        later = [s.start for s in planned if MORNING <= s.start < DAY_MINUTES]
        until = min(max(s.end for s in early), NIGHT_LIMIT, *later)
        for session in early:
            if night is None:
                message = _(
                    "{start} - {end} is read as the morning of {date}, before the day's "
                    "programme, while '{title}' runs on to {evening_end} that night: if it "
                    "belongs to that night, add until: {until} to {where}",
                    start=hhmm(session.start), end=hhmm(session.end), date=date,
                    title=evening.title, evening_end=hhmm(evening.end), until=hhmm(until),
                    where=where)
            else:
                message = _(
                    "{start} - {end} starts after until: {night}, so it is read as the morning "
                    "of {date}, before the day's programme: if it belongs to the night, make it "
                    "until: {until}", start=hhmm(session.start), end=hhmm(session.end),
                    night=hhmm(night), date=date, until=hhmm(until))
            self.warn(session.start_node, message)

    def sessions(self, node: Node, night: int | None) -> list[PlannedSession] | None:
        if isinstance(node, Scalar) and node.is_null:
            return []
        items = self.sequence(node, "sessions")
        if items is None:
            return None
        planned: list[PlannedSession] = []
        ok = True
        for item in items:
            session = self.session(item, night)
            if session is None:
                ok = False
            else:
                planned.append(session)
        return planned if ok else None

    def session(self, node: Node, night: int | None) -> PlannedSession | None:
        fields = self.fields(node, SESSION)
        if fields is None:
            return None
        assert isinstance(node, Mapping)
        title = self.optional_text(fields, SESSION, "title")
        kind = self.kind(fields["kind"]) if "kind" in fields else Kind.TALK
        times = self.times(node, fields, night)
        speakers = self.session_speakers(fields["speakers"]) if "speakers" in fields else ()
        delay = self.whole(fields, SESSION, "delay") if "delay" in fields else None
        cancelled = (
            self.boolean(fields["cancelled"], "cancelled") if "cancelled" in fields else False
        )
        if title is None or kind is None or times is None or speakers is None or cancelled is None:
            return None
        start, end, start_node, end_node = times
        return PlannedSession(
            node=node,
            title=title,
            kind=kind,
            start=start,
            end=end,
            start_node=start_node,
            end_node=end_node,
            speakers=speakers,
            description=self.optional_text(fields, SESSION, "description"),
            room=self.optional_text(fields, SESSION, "room"),
            delay=delay,
            cancelled=cancelled,
            note=self.optional_text(fields, SESSION, "note"),
            id=self.session_id(fields),
        )

    def session_id(self, fields: dict[str, Node]) -> str | None:
        """The session's id, with a warning when a session before it has the same one."""
        identifier = self.optional_text(fields, SESSION, "id")
        if identifier is not None:
            first = self.session_ids.setdefault(identifier, fields["id"])
            if first is not fields["id"]:
                self.warn(fields["id"], _("session id '{id}' is used again (first on line "
                                          "{line}): give each session its own id",
                                          id=identifier, line=first.line))
        return identifier

    def kind(self, node: Node) -> Kind | None:
        value = self.scalar(node, "kind")
        return None if value is None else self.ok(node, values.kind(value, self.hint))

    def boolean(self, node: Node, what: str) -> bool | None:
        value = self.scalar(node, what)
        return None if value is None else self.ok(node, values.boolean(value, what))

    def whole(self, fields: dict[str, Node], section: Section, name: str) -> int | None:
        key = section[name]
        assert key.bounds is not None
        what = section.label(name)
        value = self.scalar(fields[name], what)
        if value is None:
            return None
        low, high = key.bounds
        found = values.whole(value, what, int(low), int(high))
        if isinstance(found, Fault) and name == "delay":
            meant = values.like_minutes(value)
            if meant is not None and low <= meant <= high:
                found = Fault(_("{what} must be a whole number from {low} to {high}, found "
                                "'{value}': write delay: {meant}", what=what, low=int(low),
                                high=int(high), value=value, meant=meant))
        return self.ok(fields[name], found)

    def session_speakers(self, node: Node) -> tuple[Speaker, ...] | None:
        if isinstance(node, Scalar) and node.is_null:
            return ()
        items = [node] if isinstance(node, Scalar) else self.sequence(node, "speakers")
        if items is None:
            return None
        speakers: list[Speaker] = []
        twice = 0
        for item in items:
            speaker_id = self.scalar(item, "a speaker")
            if speaker_id is None:
                continue
            parts = [part.strip() for part in speaker_id.split(",")]
            if len(parts) > 1 and speaker_id not in self.speaker_ids and all(parts):
                self.error(item, _("'{value}' is one speaker id with commas in it: write a "
                                   "list, speakers: [{ids}]", value=speaker_id,
                                   ids=", ".join(parts)))
                self.speakers_used.update(parts)
                continue
            self.speakers_used.add(speaker_id)
            if speaker_id in self.speakers and self.speakers[speaker_id] in speakers:
                self.warn(item, _("speaker '{id}' is listed twice in this session: the second "
                                  "is left out", id=speaker_id))
                twice += 1
            elif speaker_id in self.speakers:
                speakers.append(self.speakers[speaker_id])
            elif speaker_id not in self.speaker_ids and not self.speakers_unread:
                # (a listed but broken speaker has its error, as has a broken speakers:)
                hint = self.hint(speaker_id, self.speaker_ids) or _(
                    " (add it under speakers: at the top of the file)")
                self.error(item, _("unknown speaker '{id}'{hint}", id=speaker_id, hint=hint))
        return tuple(speakers) if len(speakers) + twice == len(items) else None

    # -- times -----------------------------------------------------------

    def times(
        self, node: Mapping, fields: dict[str, Node], night: int | None
    ) -> tuple[int, int, Node, Node] | None:
        """Start and end in minutes after midnight of the day (past 24.00 for the night after
        it), and the nodes to report them at."""
        start_node: Node
        end_node: Node
        if "time" in fields:
            for key in ("start", "end"):
                if key in fields:
                    self.error(fields[key], _("'{key}:' and 'time:' both given: use one of "
                                              "them", key=key))
                    return None
            time_node = fields["time"]
            value = self.scalar(time_node, "time")
            if value is None:
                return None
            written = self.ok(time_node, values.time_range(value))
            if written is None:
                return None
            start_text, end_text, start_at, end_at = written
            assert isinstance(time_node, Scalar)
            start_node = self.part(time_node, value, start_at)
            end_node = self.part(time_node, value, end_at)
        elif "start" in fields and "end" in fields:
            start_node, end_node = fields["start"], fields["end"]
            start_value = self.scalar(start_node, "start")
            end_value = self.scalar(end_node, "end")
            if start_value is None or end_value is None:
                return None
            start_text, end_text = start_value, end_value
        else:
            meant = self.suggested.get(node, set())
            if "start" in fields or "end" in fields:
                missing = "end" if "start" in fields else "start"
                if missing not in meant:
                    self.error(node, _("a session needs '{key}:'", key=missing))
            elif not {"time", "start", "end"} & meant:
                self.error(node, _("a session needs 'time:' (like time: 10.15 - 10.45)"))
            return None
        start = self.ok(start_node, values.clock(start_text, "start", allow_midnight=False))
        end = self.ok(end_node, values.clock(end_text, "end", allow_midnight=True))
        if start is None or end is None:
            return None
        if night is not None and start < night:  # the night after the day: the next morning
            start += DAY_MINUTES
            end += DAY_MINUTES
        elif end < start and start >= EVENING and end <= MORNING:  # 23.30 - 00.30
            end += DAY_MINUTES
        if end <= start:
            self.error(end_node, ends_before_start(start, end))
            return None
        return start, end, start_node, end_node

    # -- announcements ---------------------------------------------------

    def announcements(
        self, node: Node, days: list[PlannedDay] | None
    ) -> list[PlannedAnnouncement]:
        if isinstance(node, Scalar) and node.is_null:
            return []
        items = self.sequence(node, "announcements")
        if items is None:
            return []
        key = ANNOUNCEMENT["text"]
        result: list[PlannedAnnouncement] = []
        for item in items:
            if isinstance(item, Scalar) and not item.is_null:
                shown = self.text(item, key, _("an announcement"))
                if shown is not None:
                    result.append(PlannedAnnouncement(shown, item))
                continue
            fields = self.fields(item, ANNOUNCEMENT)
            if fields is None:
                continue
            text = self.optional_text(fields, ANNOUNCEMENT, "text")
            starts = self.when(fields["from"], "from", days) if "from" in fields else None
            ends = self.when(fields["until"], "until", days) if "until" in fields else None
            if starts is not None and ends is not None and (ends[0], ends[1]) <= (
                    starts[0], starts[1]):
                self.error(fields["until"], _("until: is not after from:"))
                continue
            if text is not None:
                result.append(PlannedAnnouncement(text, item, starts, ends))
        return result

    def when(self, node: Node, what: str,
             days: list[PlannedDay] | None) -> tuple[dt.date, int, Node] | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        parts = value.replace("T", " ").split()
        date: dt.date | None
        if len(parts) == 1 and values.CLOCK.fullmatch(parts[0]):
            if days is not None and len(days) > 1:
                self.error(node, _("{what}: on a multi-day event give the date too, like "
                                   "{date} {time}", what=what, date=days[0].date,
                                   time=parts[0]))
                return None
            date = days[0].date if days else None
            clock_text = parts[0]
        elif len(parts) == 2 and values.DATE.fullmatch(parts[0]):
            try:
                date = values.iso_date(parts[0])
            except ValueError:
                self.error(node, _("{what}: '{date}' is not a date like 2024-04-15",
                                   what=what, date=parts[0]))
                return None
            clock_text = parts[1]
        else:
            self.error(node, _("{what} must be a time like 12.55 (or a date and time like "
                               "2024-04-15 12.55), found '{value}'", what=what, value=value))
            return None
        minutes = self.ok(node, values.clock(clock_text, what, allow_midnight=True))
        if minutes is None or date is None:
            return None
        return date, minutes, node


def ends_before_start(start: int, end: int) -> Message:
    """Said at the end of a session whose end is not after its start (minutes)."""
    if end == start:
        return _("the session ends when it starts ({start}): check the end", start=hhmm(start))
    if end < DAY_MINUTES and start < DAY_MINUTES and start >= 12 * 60 and end < 12 * 60:
        return _("the session ends ({end}) before it starts ({start}): a session that ends "
                 "after midnight starts at 18.00 or later and ends by 06.00; for a later "
                 "night give the day until:", end=hhmm(end), start=hhmm(start))
    return _("the session ends ({end}) before it starts ({start}): check which of the two "
             "is wrong", end=hhmm(end), start=hhmm(start))


def hhmm(minutes: int) -> str:
    """Minutes after midnight as 10.15 (24.00 for the end of the day; past it, the next
    morning's time)."""
    if minutes == DAY_MINUTES:
        return "24.00"
    minutes %= DAY_MINUTES
    return f"{minutes // 60:02d}.{minutes % 60:02d}"
