"""Text from other systems made fit for the screen: one-line names, plain-text descriptions.

Conference systems write abstracts in Markdown (pretalx) or HTML (some frab instances and
calendars); the screen shows text, never markup, so both are reduced to their words with
the paragraphs and list items kept as lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree
    from markdown_it import MarkdownIt

_MARKUP = re.compile(r"[*_\[\]<>&#`~|\\]|^\s*(?:[-+>=]|\d+[.)])(?:\s|$)", re.MULTILINE)
"""Characters with which Markdown or HTML could start; a text without them is plain."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "tr", "table", "hr", "dd", "dt", "section", "article", "header", "footer",
})
_SKIPPED = frozenset({"script", "style", "head", "title", "template"})



@cache
def _markdown() -> MarkdownIt:
    """The Markdown reader, loaded on first use (checking a schedule.yaml never needs it).
    Indented code blocks are off: an abstract indented by four spaces is prose, not code."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable("code")

MAX_TEXT = 20_000
"""Longer texts are cut: the screen shows six lines of a description at most."""


def clean(text: str) -> str:
    """``text`` without control characters, with one kind of line break (``\\n``)."""
    text = _LINE_BREAKS.sub("\n", text)
    return _CONTROL.sub(" ", text)


def one_line(text: str) -> str:
    """A name or title on one line, with stray spaces and line breaks collapsed."""
    return _SPACES.sub(" ", clean(text).replace("\n", " ")).strip()


MAX_QUOTED = 80
"""Characters of a value a message quotes (a title, a type, a library's error text)."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def excerpt(text: object, limit: int = MAX_QUOTED) -> str:
    """A value from the source as a message quotes it: on one line and at most ``limit``
    characters, cut with '…' (a value in a file from outside can be megabytes), without
    the lone surrogates a JSON escape can make (no output could write them)."""
    shown = _SURROGATE.sub("\ufffd", one_line(str(text)[:limit * 50]))
    if len(shown) <= limit:
        return shown
    return shown[:limit - 1].rstrip() + "…"


def plain_text(text: str) -> str:
    """The words of an abstract written as HTML, Markdown or plain text, without markup.

    Paragraphs, headings and list items become lines (list items start with '• '),
    links and images their words; spaces inside a line are collapsed.
    """
    text = clean(text[:MAX_TEXT])
    if not text.strip():
        return ""
    if not _MARKUP.search(text):  # plain prose, as most abstracts are: no parser needed
        return _lines(text)
    # Markdown passes HTML through (inline or as blocks), so one route serves both.
    return _lines(_html_text(_markdown().render(text)))


def _html_text(html: str) -> str:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    parts: list[str] = []
    _walk(root, parts)
    return "".join(parts)


def _walk(element: etree._Element, parts: list[str]) -> None:
    # Iterative: a hostile description must not exhaust Python's stack.
    stack: list[tuple[etree._Element, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if closing:
            if tag in _BLOCKS:
                parts.append("\n")
            if node.tail:
                parts.append(node.tail)
            continue
        stack.append((node, True))
        if tag in _SKIPPED or not isinstance(node.tag, str):  # comments, processing steps
            continue
        if tag in _BLOCKS:
            parts.append("\n")
        if tag == "li":
            parent = node.getparent()
            if parent is not None and parent.tag == "ol":
                parts.append(f"{parent.index(node) + 1}. ")
            else:
                parts.append("• ")
        if tag == "img" and node.get("alt"):
            parts.append(str(node.get("alt")))
        if node.text:
            parts.append(node.text)
        stack.extend((child, False) for child in reversed(node))


def _lines(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in clean(text).split("\n"))
    return "\n".join(line for line in lines if line and line != "•")


def pick_language(values: Mapping[str, object], language: str | None) -> str | None:
    """The text of a name given per language (``{"en": ..., "de": ...}``): the event's
    language, else English, else the first one given."""
    for key in (language, "en"):
        if key is not None and isinstance(values.get(key), str) and values[key]:
            return str(values[key])
    for value in values.values():
        if isinstance(value, str) and value:
            return value
    return None
