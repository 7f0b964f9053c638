"""Pieces several regions are built of: the panel and its label row, a flow of whole texts
(a line of names, a line of time, status and planned time), speaker names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from kiosk.board import Badge, BadgeKind, Item, Person
from kiosk.screen.scene import BoxOp, Kit, Pen, Piece, Rect, TextOp

_Item = TypeVar("_Item", bound=Item)

PAD_X = 0.6
PAD_TOP = 0.45
PAD_BOTTOM = 0.5
RADIUS = 0.4
GAP = 0.22
"""Between the blocks of a panel, in units."""


def panel(pen: Pen, width: float, height: float) -> Rect:
    """Draw a panel of the region's size; returns the room inside it."""
    kit = pen.kit
    pen.box(Rect(0, 0, width, height), "panel", kit.u(RADIUS), backdrop=True)
    return content(pen, width, height)


def content(pen: Pen, width: float, height: float) -> Rect:
    kit = pen.kit
    return Rect(0, 0, width, height).inset(kit.u(PAD_X), kit.u(PAD_TOP), kit.u(PAD_X),
                                           kit.u(PAD_BOTTOM))


def padding(pen: Pen) -> float:
    """The height a panel adds around its content."""
    return pen.kit.u(PAD_TOP + PAD_BOTTOM)


def labelled(kit: Kit, items: Sequence[_Item], label: str, word: str,
             width: float) -> tuple[tuple[_Item, ...], str]:
    """The items and the label a panel ``width`` wide shows them under: ``label`` with the
    words their titles share (``Nu · Interactieve sessie``) and the titles without them
    when it fits on one line; else the plain ``word`` and the whole titles, rather than a
    label of several lines with a long word broken (which leaves the titles no room)."""
    if label == word:
        return tuple(items), label
    face = kit.face(kit.style("sectionLabel"))
    inside = width - 2 * kit.u(PAD_X)
    wrapped = kit.fonts.wrap(label.upper(), face, max(inside, 1.0), 1)
    if wrapped.whole and wrapped.words_fit:
        return tuple(items), label
    return tuple(replace(item, short_title=item.title) for item in items), word


def label_row(pen: Pen, label: str, box: Rect, right: Sequence[tuple[str, str, str]] = (),
              reserve: Sequence[str] = ()) -> float:
    """The panel's label (in capitals) on the left, short texts on the right (a countdown,
    "1/3"): ``right`` holds (text, style, role), ``reserve`` the widest text each may take,
    so that nothing moves when it changes. Returns the row's height. The right texts stand
    on the label's line, or on a line of their own under it when that is too full or the
    label wraps.
    """
    kit = pen.kit
    gap = kit.u(0.5)
    wide = list(reserve) + [""] * (len(right) - len(reserve))
    slots: list[float] = []
    for (text, style, _), widest in zip(right, wide, strict=True):
        pill = 2 * kit.u(0.25) if kit.style(style).background else 0.0
        slots.append(max(pen.widest(widest or text, style), pen.widest(text, style)) + pill)
    needed = sum(slots) + gap * len(slots)
    piece = pen.piece(label.upper(), "sectionLabel", box.w, whole=True)
    last = piece.wrapped.widths[-1] if piece.wrapped.widths else 0.0
    height = pen.put(piece, "label", box.x, box.y, box.w)
    y = box.y + max(0.0, height - piece.face.line)
    # No room on the label's last line, or a label of several lines (its box, as
    # recorded, is as wide as its widest line): a line of their own under it.
    if right and (last + needed > box.w + 0.01 or piece.wrapped.count > 1):
        y = box.y + height
    x_right = box.right
    tall_row = 0.0
    for (text, style, role), slot in reversed(list(zip(right, slots, strict=True))):
        if kit.style(style).background:
            width = pen.badge_width(text, style)
            _, tall = pen.badge(text, style, role, x_right - width, y)
        else:
            tall = pen.text(text, style, role, x_right - slot, y, slot, whole=True,
                            align="right")
        x_right -= slot + gap
        tall_row = max(tall_row, tall)
    return max(height, y - box.y + tall_row)


@dataclass(frozen=True)
class Word:
    """One whole text of a flow, with its style and role (and a badge's pill)."""

    text: str
    style: str
    role: str
    pill: bool = False
    strike: bool = False


def flow(pen: Pen, words: Sequence[Word], x: float, y: float, width: float,
         gap_units: float = 0.45, dots: bool = False, first_line: float | None = None,
         only_lines: int | None = None, last_line: float | None = None) -> tuple[float, int]:
    """Place whole texts left to right, starting a new line when the next does not fit
    (one wider than the line wraps on its own lines). ``first_line``: a shorter first line
    (something stands at its right). ``dots``: a small dot between texts on a line.
    ``only_lines``: stop after that many lines, the last of them ``last_line`` wide.
    Returns the height used and how many texts were placed."""
    kit = pen.kit
    gap = kit.u(gap_units if not dots else max(gap_units, DOT_GAP))

    def line_width(number: int) -> float:
        if number == only_lines and last_line is not None:
            return last_line
        if number == 1 and first_line is not None:
            return first_line
        return width

    lines = 1
    limit = line_width(1)
    cx, top, line_height = x, y, 0.0
    placed = 0
    for word in words:
        pill = kit.u(0.5) if word.pill else 0.0
        piece = pen.piece(word.text, word.style, max(width - pill, 1.0), whole=True)
        if piece.empty:
            pen.fits = False
            continue
        needed = piece.width + pill
        start = cx == x
        if start and needed > limit + 0.01 and limit < width - 0.01:
            # Not beside what stands at the right of a shorter line: on the next one.
            if only_lines is not None and lines >= only_lines:
                break
            top += max(line_height, piece.face.line)
            cx, line_height = x, 0.0
            lines += 1
            limit = line_width(lines)
        if (start and needed > limit + 0.01 and only_lines is not None
                and lines >= only_lines):
            break
        if not start and cx + gap + needed > x + limit + 0.01:
            if only_lines is not None and lines >= only_lines:
                break
            top += line_height
            cx, line_height, start = x, 0.0, True
            lines += 1
            limit = line_width(lines)
            if needed > limit + 0.01 and only_lines is not None and lines >= only_lines:
                break
        if not start:
            if dots:
                dot(pen, cx, top, gap, piece)
            cx += gap
        if word.pill:
            _, tall = pen.badge(word.text, word.style, word.role, cx, top)
        else:
            tall = pen.put(piece, word.role, cx, top, strike=word.strike)
        placed += 1
        if piece.wrapped.count > 1:  # it took lines of its own
            top += tall
            cx, line_height = x, 0.0
            lines += piece.wrapped.count
            limit = line_width(lines)
            continue
        cx += needed
        line_height = max(line_height, tall)
    return top + line_height - y, placed


DOT_GAP = 0.8
"""Between texts a dot stands between, in units."""


def dot(pen: Pen, x: float, y: float, gap: float, beside: Piece) -> None:
    """A small round dot in the middle of ``gap`` from x, on the line of ``beside``."""
    kit = pen.kit
    side = max(3.0, kit.u(0.14))
    centre = y + beside.face.ascent * 0.62
    pen.ops.append(BoxOp(Rect(x + (gap - side) / 2, centre - side / 2, side, side),
                         kit.colour(beside.style.colour), side / 2))


def status_words(item: Item, extra: Sequence[Word] = ()) -> list[Word]:
    """The badge and the planned time of an item, as flow words."""
    words = list(extra)
    if item.badge is not None:
        words.append(badge_word(item.badge))
    if item.planned:
        words.append(Word(item.planned, "nowMeta", "time"))
    return words


def badge_word(badge: Badge) -> Word:
    style = "badgeCancelled" if badge.kind is BadgeKind.CANCELLED else "badgeDelayed"
    return Word(badge.text, style, "status", pill=True)


def names(pen: Pen, people: Sequence[Person], x: float, y: float, width: float,
          style: str, lines: int | None, more: str, key: str = "") -> float:
    """Speakers' names in a flow, each whole; with ``lines``, at most that many lines and
    "+ 3 meer" at the end of the last for the others (a cut text under ``key``, so that
    the room left can give it more lines). Returns the height used."""
    words = [Word(p.name, style, "speaker") for p in people]
    if not words:
        return 0.0
    if lines is None:
        height, _ = flow(pen, words, x, y, width, dots=True)
        return height
    mark = len(pen.ops)
    used, placed = flow(pen, words, x, y, width, dots=True, only_lines=lines)
    if placed == len(words):
        return used
    # Not all fit: the last line keeps room for the count, as wide as it can be.
    del pen.ops[mark:]
    count = pen.piece(more.format(count=len(words)), style, width, whole=True)
    gap = pen.kit.u(0.45)
    used, placed = flow(pen, words, x, y, width, dots=True, only_lines=lines,
                        last_line=width - count.width - gap)
    hidden = len(words) - placed
    if key:
        pen.cut.append(key)
    texts = [op for op in pen.ops[mark:] if isinstance(op, TextOp)]
    rest = pen.piece(more.format(count=hidden), style, width, whole=True)
    if texts:
        last = texts[-1]
        x_more = last.rect().right + gap
        if x_more + rest.width <= x + width + 0.01:  # at the end of the last line
            pen.put(rest, "more", x_more, last.y)
            return max(used, last.y - y + rest.height)
    return used + pen.put(rest, "more", x, y + used)
