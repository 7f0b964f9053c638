"""A YAML document as a tree of positioned nodes, with every scalar kept as written.

PyYAML's own constructors follow YAML 1.1, which reads an unquoted ``10:15``
as the integer 615, ``10.30`` as the float 10.3 and ``NO`` as False. We never
construct Python objects from YAML: we build the node tree from the parser's
events ourselves, so every value stays the text the organiser typed and every
node knows its line and column. Anchors and aliases are refused (no schedule
needs them, and aliases are how "billion laughs" documents blow up), and the
nesting depth is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from kiosk.i18n import Message, _

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The C loader where PyYAML was built with libyaml (ten times faster), else the Python one."""

MAX_DEPTH = 32
"""Deeper than any schedule needs; the bound keeps hostile input cheap."""


@dataclass(eq=False, slots=True)
class Node:
    """A YAML node with its 1-based position in the file.

    ``origin`` names the file when the node comes from another one than the document being
    read (an imported programme under a schedule.yaml that adds to it); None: that document.
    """

    line: int
    column: int
    origin: str | None = field(default=None, kw_only=True)


@dataclass(eq=False, slots=True)
class Scalar(Node):
    value: str
    plain: bool = True
    """True when written without quotes or block style (so ``null`` means null)."""

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


@dataclass(eq=False, slots=True)
class Mapping(Node):
    items: list[tuple[Node, Node]] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Refused(Node):
    """Stands in for a value that was refused while reading (an alias)."""


@dataclass(frozen=True)
class TreeProblem:
    """Something in the YAML itself that is wrong, at a 1-based position."""

    line: int
    column: int
    message: Message


class TreeError(Exception):
    """The text is not a YAML document we can read at all (``earlier``: the problems found
    before the one that stopped the reading)."""

    def __init__(self, problem: TreeProblem, earlier: list[TreeProblem] | None = None) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.earlier = earlier or []


class ScheduleLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader (the C one where available) that only builds positioned node trees."""

    def compose_tree(self, limit: int = 100) -> tuple[Node | None, list[TreeProblem]]:
        """Read the single document of the stream into a tree of nodes.

        Returns the root (None for an empty document) and the problems that
        did not stop the reading (anchors, aliases). Raises TreeError for those
        that did, and once ``limit`` problems are found, and yaml.YAMLError for syntax errors.
        """
        problems = _Bounded(limit)
        self.get_event()  # StreamStart
        if self.check_event(yaml.StreamEndEvent):
            return None, problems
        self.get_event()  # DocumentStart
        root = self._compose(problems)
        self.get_event()  # DocumentEnd
        if not self.check_event(yaml.StreamEndEvent):
            event = self.get_event()
            raise TreeError(
                TreeProblem(
                    event.start_mark.line + 1,
                    event.start_mark.column + 1,
                    _("a second YAML document ('---') starts here: a schedule file holds one"),
                )
            )
        return root, problems

    def _compose(self, problems: _Bounded) -> Node:
        # Iterative on purpose: deep documents must not exhaust Python's stack. This loop
        # runs for every event of the file, so it dispatches on exact types, not isinstance.
        stack: list[tuple[Mapping | Sequence, list[Node]]] = []
        get_event = self.get_event
        while True:
            event = get_event()
            kind = type(event)
            node: Node
            if kind is _SCALAR:
                mark = event.start_mark
                node = Scalar(mark.line + 1, mark.column + 1, event.value, not event.style)
                if event.anchor is not None:
                    problems.append(_anchor_problem(node, event.anchor))
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                mark = event.start_mark
                container: Mapping | Sequence = (Mapping if kind is _MAPPING_START else Sequence)(
                    mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    problems.append(_anchor_problem(container, event.anchor))
                if len(stack) >= MAX_DEPTH:
                    raise TreeError(TreeProblem(container.line, container.column,
                                                _("nested more than {depth} levels deep",
                                                  depth=MAX_DEPTH)))
                stack.append((container, []))
                continue
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                node, children = stack.pop()
                if type(node) is Mapping:
                    node.items = list(zip(children[::2], children[1::2], strict=True))
                else:
                    node.items = children
            else:  # an alias: the only other event inside a document
                mark = event.start_mark
                node = Refused(mark.line + 1, mark.column + 1)
                problems.append(TreeProblem(node.line, node.column,
                                            _("aliases (*{name}) are not supported: "
                                              "write the value out", name=event.anchor)))
            if not stack:
                return node
            stack[-1][1].append(node)


_SCALAR = yaml.ScalarEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


class _Bounded(list[TreeProblem]):
    """The problems found so far; the reading stops once there are ``limit`` of them (a
    file of a million aliases must not cost seconds and megabytes)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def append(self, problem: TreeProblem) -> None:
        super().append(problem)
        if len(self) >= self.limit:
            raise TreeError(TreeProblem(problem.line, problem.column,
                                        _("and more: reading stops after {count} problems; "
                                          "fix these first", count=self.limit)), list(self))


def _anchor_problem(node: Node, anchor: str) -> TreeProblem:
    return TreeProblem(node.line, node.column,
                       _("anchors (&{name}) are not supported: write the value out",
                         name=anchor))


def compose(text: str, limit: int = 100) -> tuple[Node | None, list[TreeProblem]]:
    """Parse ``text`` into a node tree; see :meth:`ScheduleLoader.compose_tree`."""
    loader = ScheduleLoader(text)
    try:
        return loader.compose_tree(limit)
    finally:
        loader.dispose()
