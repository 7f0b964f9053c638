"""The YAML node tree: every scalar kept as written, every node at its line and column.

Every test runs twice (fixture ``yaml_loader``): on libyaml's C parser, the
default here, and on PyYAML's pure-Python parser, which a machine without
libyaml falls back to. Both must give the same tree and the same problems.
"""

from __future__ import annotations

import pytest
import yaml

from kiosk import yamltree
from kiosk.yamltree import (
    MAX_DEPTH,
    Mapping,
    Node,
    Refused,
    Scalar,
    Sequence,
    TreeError,
    TreeProblem,
    compose,
)

pytestmark = pytest.mark.usefixtures("yaml_loader")


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many parser events compose() took: the work, counted rather than timed."""
    taken = [0]
    loader = yamltree.ScheduleLoader  # as the yaml_loader fixture chose it

    class Counting(loader):  # type: ignore[valid-type,misc]
        def get_event(self) -> yaml.Event:
            taken[0] += 1
            return super().get_event()  # type: ignore[no-any-return]

    monkeypatch.setattr(yamltree, "ScheduleLoader", Counting)
    return taken


def _mapping(node: Node | None) -> dict[str, Node]:
    assert isinstance(node, Mapping)
    result: dict[str, Node] = {}
    for key, value in node.items:
        assert isinstance(key, Scalar)
        result[key.value] = value
    return result


def _scalar(node: Node) -> Scalar:
    assert isinstance(node, Scalar)
    return node


def test_scalars_stay_the_text_that_was_typed() -> None:
    root, problems = compose(
        "time: 10:15\n"
        "dot: 10.30\n"
        "answer: NO\n"
        "yes: yes\n"
        "number: 007\n"
        "date: 2024-04-15\n"
        "quoted: '10:15'\n"
    )
    assert problems == []
    values = {key: _scalar(node).value for key, node in _mapping(root).items()}
    assert values == {
        "time": "10:15",
        "dot": "10.30",
        "answer": "NO",
        "yes": "yes",
        "number": "007",
        "date": "2024-04-15",
        "quoted": "10:15",
    }


def test_null_only_when_plain() -> None:
    root, _ = compose(
        "empty:\n"
        "tilde: ~\n"
        "word: null\n"
        "upper: NULL\n"
        "quoted: 'null'\n"
        "double: \"~\"\n"
        "blank: ''\n"
        "text: nil\n"
    )
    nodes = {key: _scalar(node) for key, node in _mapping(root).items()}
    assert {key: node.is_null for key, node in nodes.items()} == {
        "empty": True,
        "tilde": True,
        "word": True,
        "upper": True,
        "quoted": False,
        "double": False,
        "blank": False,
        "text": False,
    }
    assert {key: node.plain for key, node in nodes.items()} == {
        "empty": True,
        "tilde": True,
        "word": True,
        "upper": True,
        "quoted": False,
        "double": False,
        "blank": False,
        "text": True,
    }


def test_block_scalars_are_not_plain() -> None:
    root, _ = compose("a: |\n  null\nb: >-\n  one\n  two\n")
    nodes = _mapping(root)
    assert (_scalar(nodes["a"]).value, _scalar(nodes["a"]).plain) == ("null\n", False)
    assert (_scalar(nodes["b"]).value, _scalar(nodes["b"]).plain) == ("one two", False)
    assert not _scalar(nodes["a"]).is_null


def test_every_node_knows_its_line_and_column() -> None:
    root, _ = compose("event:\n  a:\n    b: [1, {c: d}]\n")
    assert isinstance(root, Mapping)
    assert (root.line, root.column) == (1, 1)
    event_key, event = root.items[0]
    assert (event_key.line, event_key.column) == (1, 1)
    assert isinstance(event, Mapping)
    assert (event.line, event.column) == (2, 3)
    a_key, a = event.items[0]
    assert (a_key.line, a_key.column) == (2, 3)
    assert isinstance(a, Mapping)
    assert (a.line, a.column) == (3, 5)
    b_key, b = a.items[0]
    assert (b_key.line, b_key.column) == (3, 5)
    assert isinstance(b, Sequence)
    assert (b.line, b.column) == (3, 8)
    one, inner = b.items
    assert (_scalar(one).value, one.line, one.column) == ("1", 3, 9)
    assert isinstance(inner, Mapping)
    assert (inner.line, inner.column) == (3, 12)
    c_key, d = inner.items[0]
    assert (c_key.line, c_key.column, _scalar(d).value, d.line, d.column) == (3, 13, "d", 3, 16)


def test_columns_count_characters_not_bytes() -> None:
    root, _ = compose("title: ‘Armoede’ én meer\nnext: x\n")
    nodes = _mapping(root)
    assert (nodes["next"].line, nodes["next"].column) == (2, 7)
    root, _ = compose("a: [‘é’, x]\n")
    items = _mapping(root)["a"]
    assert isinstance(items, Sequence)
    assert (items.items[1].line, items.items[1].column) == (1, 10)


def test_duplicate_keys_are_kept_for_the_reader_to_report() -> None:
    root, problems = compose("a: 1\na: 2\n")
    assert problems == []
    assert isinstance(root, Mapping)
    assert [(_scalar(k).value, _scalar(v).value, k.line) for k, v in root.items] == [
        ("a", "1", 1),
        ("a", "2", 2),
    ]


def test_empty_stream_is_no_document() -> None:
    assert compose("") == (None, [])
    assert compose("# only a comment\n\n") == (None, [])


def test_anchors_and_aliases_are_refused_where_they_stand() -> None:
    root, problems = compose("a: &x 1\nb: *x\n*x : 2\n")
    assert problems == [
        TreeProblem(1, 4, "anchors (&x) are not supported: write the value out"),
        TreeProblem(2, 4, "aliases (*x) are not supported: write the value out"),
        TreeProblem(3, 1, "aliases (*x) are not supported: write the value out"),
    ]
    assert isinstance(root, Mapping)
    (_, a), (_, b), (key, two) = root.items
    assert _scalar(a).value == "1"  # the anchored value itself is still read
    assert isinstance(b, Refused)
    assert (b.line, b.column) == (2, 4)
    assert isinstance(key, Refused)
    assert _scalar(two).value == "2"


def test_anchor_on_a_mapping_and_merge_key_are_refused() -> None:
    root, problems = compose("base: &base\n  a: 1\nother:\n  <<: *base\n")
    assert problems == [
        TreeProblem(1, 7, "anchors (&base) are not supported: write the value out"),
        TreeProblem(4, 7, "aliases (*base) are not supported: write the value out"),
    ]
    other = _mapping(root)["other"]
    assert isinstance(other, Mapping)
    key, value = other.items[0]
    assert _scalar(key).value == "<<"  # no merge: just a key the reader will refuse
    assert isinstance(value, Refused)


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly_without_expanding(events: list[int]) -> None:
    text = _billion_laughs()
    root, problems = compose(text)
    # One event per node written, none expanded: the stream's and document's start and end,
    # the top mapping's two, and on each of the 9 lines a key and a list of 9 (12 events).
    assert events == [3 + 2 + 9 * 12]
    assert len(problems) == 9 + 8 * 9  # every anchor, every alias, nothing expanded
    assert problems[0] == TreeProblem(
        1, 4, "anchors (&a) are not supported: write the value out"
    )
    assert problems[1] == TreeProblem(
        2, 4, "anchors (&b) are not supported: write the value out"
    )
    assert problems[2] == TreeProblem(
        2, 8, "aliases (*a) are not supported: write the value out"
    )
    i = _mapping(root)["i"]
    assert isinstance(i, Sequence)
    assert len(i.items) == 9
    assert all(isinstance(item, Refused) for item in i.items)


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH + "\n"
    root, problems = compose(text)
    assert problems == []
    depth = 0
    node: Node | None = root
    while isinstance(node, Sequence):
        depth += 1
        node = node.items[0]
    assert depth == MAX_DEPTH == 32
    assert _scalar(node).value == "x"


def test_nesting_beyond_the_limit_is_refused_at_the_deepest_start() -> None:
    with pytest.raises(TreeError) as raised:
        compose("[" * 33 + "]" * 33 + "\n")
    assert raised.value.problem == TreeProblem(1, 33, "nested more than 32 levels deep")
    assert str(raised.value) == "nested more than 32 levels deep"


def test_block_nesting_beyond_the_limit_names_the_line() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(40))
    with pytest.raises(TreeError) as raised:
        compose(text)
    # The 33rd mapping is the value of k31, whose first key k32 stands on line 33.
    assert raised.value.problem == TreeProblem(33, 65, "nested more than 32 levels deep")


def test_hostile_depth_is_cheap_and_does_not_exhaust_the_stack(yaml_loader: str,
                                                               events: list[int]) -> None:
    with pytest.raises((TreeError, yaml.YAMLError)) as raised:
        compose("[" * 100_000 + "]" * 100_000)
    assert events[0] <= 2 + MAX_DEPTH + 1, "read on after the limit"  # of 200,002 events
    if yaml_loader == "python":
        assert isinstance(raised.value, TreeError)
        assert raised.value.problem == TreeProblem(1, 33, "nested more than 32 levels deep")
    else:  # libyaml's scanner looks ahead and stops at its own limit of 1,000 first
        assert isinstance(raised.value, yaml.MarkedYAMLError)
        assert raised.value.problem == "exceeded maximum nesting depth"


def test_a_second_document_is_refused_where_it_starts() -> None:
    with pytest.raises(TreeError) as raised:
        compose("a: 1\n---\nb: 2\n")
    assert raised.value.problem == TreeProblem(
        2, 1, "a second YAML document ('---') starts here: a schedule file holds one"
    )


def test_one_document_with_explicit_markers_is_fine() -> None:
    root, problems = compose("---\na: 1\n...\n")
    assert problems == []
    assert _scalar(_mapping(root)["a"]).value == "1"
