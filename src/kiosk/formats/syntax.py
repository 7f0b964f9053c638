"""What the XML and JSON parsers' complaints mean, in the words of an organiser.

libxml2 says "Opening and ending tag mismatch: day line 3 and room", the json module
"Expecting ',' delimiter"; an organiser who opened the export in an editor needs to hear
what is wrong at that place and what to do. Each known complaint is said again here; the
library's own text is kept only for a complaint not known here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kiosk.formats.text import excerpt
from kiosk.i18n import Message, _

if TYPE_CHECKING:
    from lxml import etree

_PLACE = re.compile(r",\s*line \d+, column \d+\s*$")
_MISMATCH = re.compile(r"mismatch: (\S+) line (\d+) and (\S+)$")
_OPEN_TAG = re.compile(r"in tag (\S+) line (\d+)$")
_NAMED = re.compile(r"(?:Entity|Attribute|attribute|encoding:?) '?([^'\s]+)'?")
_PREFIX = re.compile(r"Namespace prefix (\S+) (?:for (\S+) )?on (\S+) is not defined")
_NUMBER = re.compile(r"(?:value|0x)\s*([0-9A-Fa-f]+)")
_DEPTH = re.compile(r"depth in document: (\d+)")


def xml_complaint(error: etree.XMLSyntaxError, data: bytes) -> Message:
    """What libxml2's ``error`` says, in plain words (its place is the error's position)."""
    from lxml.etree import ErrorTypes as E

    text = _PLACE.sub("", str(error.msg or error)).strip()
    code = error.code
    if code == E.ERR_TAG_NAME_MISMATCH and (found := _MISMATCH.search(text)):
        opened, line, closed = found.groups()
        return _("</{closed}> here, but <{opened}> (line {line}) is still open: close it first "
                 "with </{opened}>", closed=excerpt(closed), opened=excerpt(opened),
                 line=int(line))
    if code == E.ERR_TAG_NOT_FINISHED and (found := _OPEN_TAG.search(text)):
        return _("the file ends while <{tag}> (line {line}) is still open: it is cut off, or "
                 "</{tag}> is missing", tag=excerpt(found.group(1)), line=int(found.group(2)))
    if code == E.ERR_DOCUMENT_END:
        return _("the XML document is complete before this point: remove what follows, or "
                 "look above for a closing tag that comes too early")
    if code == E.ERR_DOCUMENT_EMPTY:
        if not data.strip():
            return _("the file is empty")
        return _("the file does not start with an XML tag (<...>)")
    if code == E.ERR_ENTITYREF_SEMICOL_MISSING:
        return _("a '&' whose name is not closed by ';' (like &amp;): in a text, write &amp; "
                 "for &")
    if code == E.ERR_NAME_REQUIRED:
        if text.startswith("StartTag"):
            return _("a '<' that does not start a tag: in a text, write &lt; for <")
        if "EntityRef" in text:
            return _("a '&' on its own: in a text, write &amp; for &")
        if "attribute name" in text:
            return _("this tag is not closed with '>', or holds something that is not an "
                     "attribute like date=\"2024-12-27\"")
    if code == E.ERR_UNDECLARED_ENTITY and (found := _NAMED.search(text)):
        return _("XML knows no &{name}; (only &amp; &lt; &gt; &quot; and &apos;): write the "
                 "character itself", name=excerpt(found.group(1)))
    if code == E.ERR_LT_IN_ATTRIBUTE:
        return _("a '<' in the value of an attribute, or the value's closing quote is missing: "
                 "write &lt; for <")
    if code == E.ERR_ATTRIBUTE_NOT_STARTED:
        return _("the value of an attribute must be in quotes, like date=\"2024-12-27\"")
    if code == E.ERR_ATTRIBUTE_WITHOUT_VALUE and (found := _NAMED.search(text)):
        return _("attribute {name} has no value: write {name}=\"...\"",
                 name=excerpt(found.group(1)))
    if code == E.ERR_ATTRIBUTE_REDEFINED and (found := _NAMED.search(text)):
        return _("attribute {name} is given twice in this tag", name=excerpt(found.group(1)))
    if code in (E.ERR_INVALID_CHAR, E.ERR_INVALID_CHARREF) and (found := _NUMBER.search(text)):
        base = 16 if "0x" in text else 10
        return _("a character that XML does not allow (U+{code:04X}): remove it",
                 code=int(found.group(1), base))
    if code in (E.ERR_INVALID_HEX_CHARREF, E.ERR_INVALID_DEC_CHARREF):
        return _("a character reference (&#...;) that is not a number")
    if code == E.ERR_INVALID_ENCODING:
        return _("the text here is not in the file's encoding (UTF-8, unless the file names "
                 "another): save the file as UTF-8")
    if code == E.ERR_UNSUPPORTED_ENCODING and (found := _NAMED.search(text)):
        return _("the file names an encoding kiosk cannot read ('{name}'): save it as UTF-8",
                 name=excerpt(found.group(1)))
    if code == E.ERR_COMMENT_NOT_FINISHED:
        return _("a comment (<!--) is never closed with -->")
    if code == E.ERR_CDATA_NOT_FINISHED:
        return _("a <![CDATA[ section is never closed with ]]>")
    if code == E.ERR_MISPLACED_CDATA_END:
        return _("']]>' is not allowed in a text: write ]]&gt;")
    if code == E.NS_ERR_UNDEFINED_NAMESPACE and (found := _PREFIX.search(text)):
        prefix, attribute, element = found.groups()
        named = attribute or "<" + prefix + ":" + element + ">"
        return _("the prefix {prefix}: of {name} is not declared (with xmlns:{prefix}=\"...\")",
                 prefix=excerpt(prefix), name=excerpt(named))
    if code == E.ERR_RESERVED_XML_NAME:
        return _("an XML declaration (<?xml ...?>) may only stand at the very start of the "
                 "file: remove this one")
    if code == E.ERR_GT_REQUIRED:
        return _("a tag is not closed with '>'")
    if code == E.ERR_SPACE_REQUIRED:
        return _("the attributes of this tag cannot be read: separate them by spaces and put "
                 "their values in quotes")
    if code == E.ERR_RESOURCE_LIMIT and (found := _DEPTH.search(text)):
        return _("nested more than {depth} levels deep", depth=int(found.group(1)))
    return _("the XML cannot be read here: {detail}", detail=excerpt(text))


_CLOSERS = {"}": "{", "]": "["}


def json_complaint(complaint: str, text: str, offset: int) -> Message:
    """What the json module's ``complaint`` about ``text`` at ``offset`` means, plainly."""
    char = text[offset:offset + 1]
    before = text[:offset].rstrip()[-1:]
    if not text.strip():
        return _("the file is empty")
    if complaint.startswith("Unterminated string"):
        return _("the quote {quote} opened here is never closed: put a {quote} at the end of "
                 "the text", quote='"')
    if complaint.startswith("Invalid control character"):
        if char == "\n" or char == "\r":
            return _("a text in double quotes runs on to the next line: close it with \" on this "
                     "line (a line break inside a text is written \\n)")
        if char == "\t":
            return _("a tab inside a text in double quotes: write it as \\t")
        return _("a control character (U+{code:04X}) inside a text in double quotes: remove it",
                 code=ord(char) if char else 0)
    if complaint.startswith("Invalid \\uXXXX"):
        return _("\\u in a text must be followed by four hexadecimal digits, like \\u00e9")
    if complaint.startswith("Invalid \\escape"):
        return _("'\\{char}' is not an escape JSON knows: write a backslash as \\\\",
                 char=excerpt(text[offset + 1:offset + 2]))
    if complaint.startswith("Extra data"):
        return _("the JSON is complete before this point: remove what follows, or look above "
                 "for a bracket that closes too early")
    if offset >= len(text):
        return _("the file ends before every bracket opened in it is closed: it is cut off")
    if char in _CLOSERS and before == ",":
        return _("a comma before '{char}' with nothing after it: remove the last comma",
                 char=char)
    if char == "'":
        return _("texts and keys in JSON are in double quotes (\"...\"), not single ones")
    if complaint.startswith("Expecting property name"):
        return _("a key must be in double quotes here, like \"title\"")
    if complaint.startswith("Expecting ':'"):
        return _("a ':' is missing here, after the key")
    if complaint.startswith("Expecting ','"):
        return _("a comma is missing here, before the next item (or a bracket to close what "
                 "is open)")
    if complaint.startswith("Expecting value"):
        # TRANSLATORS: {object} is {...}, written as a value because of its braces.
        return _("no value here: a value is a text in double quotes, a number, true, false, "
                 "null, {object} or [...]", object="{...}")
    return _("the JSON cannot be read here: {detail}", detail=excerpt(complaint))
