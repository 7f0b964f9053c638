"""kiosk's gettext catalogues: extracting the messages from the code, updating and compiling
the catalogues (tools/messages.py runs this; the tests check the catalogues are complete).

Babel does the work; it is a tool for developers only, not something kiosk needs to run
(the standard gettext module reads the compiled catalogues).
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "kiosk"
LOCALE = PACKAGE / "locale"
DOMAIN = "kiosk"
KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "Plural": (1, 2)}
"""How messages are marked in the code (see kiosk.i18n): _("...") and Plural("...", "...")."""


def extract() -> Catalog:
    """Every message marked in kiosk's code, with where it stands."""
    template = Catalog(project="kiosk", domain=DOMAIN, charset="utf-8")
    for filename, line, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
    ):
        template.add(message, None, [(f"src/kiosk/{filename}", line)],
                     auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def languages() -> list[str]:
    """The languages that have a catalogue (English, the messages' own, needs none)."""
    return sorted(path.parent.parent.name for path in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as stream:
        return read_po(stream, locale=language, domain=DOMAIN)


def po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # Without the places in the code: a catalogue changes when its messages do, not when a
    # line moves.
    write_po(out, catalog, width=96, no_location=True, include_previous=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update(language: str) -> Catalog:
    """The language's catalogue with the code's messages: new ones added untranslated,
    gone ones dropped, translations kept."""
    path = po_path(language)
    if path.exists():
        catalog = read(language)
    else:
        catalog = Catalog(locale=language, domain=DOMAIN, project="kiosk", charset="utf-8")
    # The header's dates stay as they were: an unchanged catalogue is byte for byte the same.
    created, revised = catalog.creation_date, catalog.revision_date
    template = extract()
    template.creation_date = created
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date, catalog.revision_date = created, revised
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    """The messages of a catalogue that have no (or only a fuzzy) translation."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing
