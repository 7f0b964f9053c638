"""Update and compile kiosk's message catalogues after messages in the code changed.

    python tools/messages.py          # add new messages to every .po, drop gone ones, compile
    python tools/messages.py --check  # exit 1 if a catalogue is out of date or incomplete

Then translate the new entries in src/kiosk/locale/LANG/LC_MESSAGES/kiosk.po and run it
again. A new language: create its folder and run it (it makes an empty .po).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support import catalogues


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; report only")
    parser.add_argument("--new", metavar="LANG", help="start a catalogue for a new language")
    options = parser.parse_args()
    languages = catalogues.languages() + ([options.new] if options.new else [])
    status = 0
    for language in languages:
        catalog = catalogues.update(language)
        po, mo = catalogues.po_text(catalog), catalogues.mo_bytes(catalog)
        path = catalogues.po_path(language)
        missing = catalogues.untranslated(catalog)
        for message in missing:
            print(f"{path}: untranslated: {message!r}", file=sys.stderr)
        if options.check:
            stale = not path.exists() or path.read_bytes() != po or \
                catalogues.mo_path(language).read_bytes() != mo
            if stale:
                print(f"{path}: out of date: run python tools/messages.py", file=sys.stderr)
            status = status or int(stale or bool(missing))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po)
        catalogues.mo_path(language).write_bytes(mo)
        print(f"{path}: {len(catalog)} messages, {len(missing)} untranslated")
    return status


if __name__ == "__main__":
    sys.exit(main())
