"""Messages in the organiser's language: the catalogues are complete and say the same.

Every message in the code is marked (``_("...")``, ``Plural(...)``) so gettext's extraction
finds it; every catalogue has a translation for each, with the same placeholders; the
compiled catalogues are those of the .po files. ``python tools/messages.py`` updates them.
"""

from __future__ import annotations

import ast
import re
import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REAL_SCHEDULE
from kiosk import i18n
from kiosk.cli import main
from kiosk.i18n import Message, Plural, _
from kiosk.reader import ScheduleError, parse_schedule
from support import catalogues

SOURCE = Path(catalogues.PACKAGE)


def placeholders(template: str) -> set[str]:
    return {f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(template)
            if name is not None}


@pytest.mark.parametrize("language", catalogues.languages())
def test_every_message_has_a_translation(language: str) -> None:
    catalog = catalogues.update(language)
    assert catalogues.untranslated(catalog) == []


@pytest.mark.parametrize("language", catalogues.languages())
def test_the_catalogues_are_up_to_date(language: str) -> None:
    """The .po holds exactly the code's messages and the .mo is compiled from it."""
    catalog = catalogues.update(language)
    assert catalogues.po_path(language).read_bytes() == catalogues.po_text(catalog), \
        "run python tools/messages.py"
    assert catalogues.mo_path(language).read_bytes() == catalogues.mo_bytes(catalog), \
        "run python tools/messages.py"


@pytest.mark.parametrize("language", catalogues.languages())
def test_translations_keep_every_placeholder(language: str) -> None:
    for message in catalogues.read(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = placeholders(ids[-1]) | placeholders(ids[0])
        for translated in strings:
            assert placeholders(translated) <= expected, (message.id, translated)
            assert placeholders(translated) >= placeholders(ids[-1]) - {"count:"}, \
                (message.id, translated)


def _calls() -> Iterator[tuple[Path, ast.Call, str]]:
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ("_", "Message", "Plural"):
                yield path, node, node.func.id


def test_every_message_is_marked_with_literal_text() -> None:
    """A message made from a variable or by Message() directly is not extracted, so it
    would stay English in every language."""
    wrong = []
    for path, call, name in _calls():
        count = 2 if name == "Plural" else 1
        literal = all(isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                      for arg in call.args[:count]) and len(call.args) >= count
        if name == "Message" or not literal:
            wrong.append(f"{path.relative_to(SOURCE)}:{call.lineno}")
    assert wrong == []


def test_a_message_is_its_english_text_and_says_itself_in_dutch() -> None:
    nl = i18n.translations("nl")
    message = _("unknown key '{key}' in {what}{hint}{known}", key="knd",
                what=_("a session"), hint=_(" (did you mean '{word}'?)", word="kind"),
                known=i18n.NOTHING)
    assert message == "unknown key 'knd' in a session (did you mean 'kind'?)"
    assert message.say(nl) == "onbekende sleutel 'knd' in een sessie (bedoelt u 'kind'?)"
    assert message.say(i18n.ENGLISH) == message
    assert isinstance(message, Message)
    one = Plural("and {count} more warning", "and {count} more warnings", 1)
    many = Plural("and {count} more warning", "and {count} more warnings", 7)
    assert (one, many) == ("and 1 more warning", "and 7 more warnings")
    assert (one.say(nl), many.say(nl)) == ("en nog 1 waarschuwing", "en nog 7 waarschuwingen")


def test_languages_are_those_with_a_catalogue() -> None:
    assert i18n.languages() == ("en", "nl")
    with pytest.raises(LookupError):
        i18n.translations("xx")


HEAD = "event:\n  title: Test\n  date: 2024-04-15\nsessions:\n"

DUTCH = [
    (HEAD + "  - time: 10.00 - 11.00\n    title: a\n    knd: talk\n",
     "s.yaml:7:5: onbekende sleutel 'knd' in een sessie (bedoelt u 'kind'?)"),
    (HEAD + "  - time: 11.00 - 11.15\n    title:Lezing\n    kind: talk\n",
     "s.yaml:6:11: na 'title:' hoort een spatie: schrijf title: Lezing"),
    (HEAD + "  - time: 11.00 - 11.15\n     title: Lezing\n  - time: 12.00 - 13.00\n"
     "    title: b\n", "s.yaml:6:6: deze regel springt 5 spaties in, de sleutels van het item "
     "erboven (regel 5) 4: laat ze gelijk inspringen"),
    (HEAD + '  - time: 10.00 - 11.00\n    title: "Lezing\n',
     's.yaml:6:12: het aanhalingsteken " dat hier opent, wordt nergens gesloten: zet een " '
     'aan het eind van de tekst'),
    (HEAD + "  - time: 11.00 - 11.15\n    title: “Lezing: Ron Meyer”\n",
     "s.yaml:6:12: krulaanhalingstekens (“) zijn in YAML geen aanhalingstekens, dus de ':' in "
     'deze tekst begint een nieuwe sleutel: zet rechte aanhalingstekens (") om de tekst'),
    (HEAD + "  - time: 10.45 - 10.30\n    title: a\n",
     "s.yaml:5:19: de sessie eindigt (10.30) voordat ze begint (10.45): kijk na welke van de "
     "twee niet klopt"),
    (HEAD + "  - time: 10.00 - 11.00\n    title: " + "x" * 301 + "\n",
     "s.yaml:6:12: title is 301 tekens lang: er passen er hoogstens 300; maak het korter"),
    (HEAD.replace("title: Test", "title: Academie #2") + "  - {time: 10.00 - 11.00, title: a}\n",
     "s.yaml:2:19: waarschuwing: ' #' begint een commentaar, dus event.title houdt op bij "
     "'Academie': zet de hele tekst tussen aanhalingstekens om '#2' te houden"),
    ("event:\n  title: T\n  date: 2024-10-27\nsessions:\n  - {time: 02.30 - 03.30, title: N}\n",
     "s.yaml:5:12: waarschuwing: 02.30 komt twee keer voor op 2024-10-27 in Europe/Amsterdam "
     "(de klok gaat terug): het wordt gelezen als de eerste keer, in zomertijd"),
    ("event:\n  title: T\n  date: 2024-03-31\nsessions:\n  - {time: 02.30 - 04.00, title: N}\n",
     "s.yaml:5:12: waarschuwing: 02.30 bestaat niet op 2024-03-31 in Europe/Amsterdam (de "
     "klok gaat vooruit): het wordt gelezen als 03.30"),
]


@pytest.mark.parametrize(("text", "dutch"), DUTCH)
def test_problems_in_dutch(text: str, dutch: str) -> None:
    nl = i18n.translations("nl")
    try:
        lines = parse_schedule(text, "s.yaml").warning_lines(nl)
    except ScheduleError as error:
        lines = error.lines(nl)
    assert lines == [dutch]
    # The same problem in English is another text at the same place.
    try:
        english = parse_schedule(text, "s.yaml").warning_lines()
    except ScheduleError as error:
        english = error.lines()
    assert [re.sub(r": .*", "", line) for line in english] == [dutch.split(": ", 1)[0]]
    assert english != [dutch]


# -- the command line speaks the locale's language --------------------------------------


@pytest.mark.parametrize(
    ("variables", "language"),
    [({"LANGUAGE": "nl"}, "nl"), ({"LANGUAGE": "", "LC_ALL": "nl_NL.UTF-8"}, "nl"),
     ({"LANGUAGE": "", "LC_MESSAGES": "nl_BE.UTF-8"}, "nl"),
     ({"LANGUAGE": "", "LANG": "nl_NL.UTF-8"}, "nl"), ({"LANGUAGE": "", "LANG": "C"}, "en"),
     ({"LANGUAGE": "", "LANG": "de_DE.UTF-8"}, "en"), ({"LANGUAGE": "fr:nl"}, "nl")],
)
def test_the_command_line_follows_the_locale(
    variables: dict[str, str], language: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert main(["check", str(REAL_SCHEDULE)]) == 0
    summary = capsys.readouterr().out.replace(str(REAL_SCHEDULE), "schedule.yaml")
    assert summary == {"nl": "schedule.yaml: in orde: 1 dag, 12 sessies, 10 sprekers\n",
                       "en": "schedule.yaml: OK: 1 day, 12 sessions, 10 speakers\n"}[language]


def test_kiosk_check_and_now_in_dutch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANGUAGE", "nl")
    path = tmp_path / "schedule.yaml"
    path.write_text(HEAD + "  - time: 10.00 - 11.00\n    title: a\n    knd: talk\n"
                    "  - time: 11.00 - 12.00\n    title: b\n", encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"{path}:7:5: onbekende sleutel 'knd' in een sessie (bedoelt u 'kind'?)\n")
    assert main(["now", str(REAL_SCHEDULE), "--at", "11:20"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2024-04-15 11.20 Europe/Amsterdam: sessie"
    assert out[1].startswith("nu     11.15–12.00  Lezing Dennis Martens")
    assert out[2].startswith("hierna 12.00–13.00  Lezing Lodewijk Asscher")
    assert main(["check", str(tmp_path / "weg.yaml")]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'weg.yaml'}: kan het schemabestand niet lezen: dat bestand is er niet\n")
    with pytest.raises(SystemExit):
        main(["now", "--at", "25:00"])
    assert capsys.readouterr().err.endswith(
        "kiosk now: fout: --at: kan '25:00' niet lezen: gebruik een tijd zoals 11:20 "
        "of een datum en tijd zoals 2024-04-15T11:20\n")
    assert main(["now", str(REAL_SCHEDULE), "--at", "11:20", "--json"]) == 0
    assert '"phase": "session"' in capsys.readouterr().out  # the interface stays English


def test_a_new_language_is_a_catalogue_and_no_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Frisian catalogue (two words of it) beside Dutch: the reader takes language: fy,
    the screen speaks it, and what it does not translate stays English."""
    from babel.messages.catalog import Catalog

    from kiosk.words import words_for

    shutil.copytree(i18n.locale_folder(), tmp_path / "locale")
    catalog = Catalog(locale="fy", domain="kiosk")
    catalog.add("Now", "No")
    catalog.add("Next", "Hjirnei")
    (tmp_path / "locale" / "fy" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "fy" / "LC_MESSAGES" / "kiosk.mo").write_bytes(
        catalogues.mo_bytes(catalog))
    monkeypatch.setattr(i18n, "locale_folder", lambda: tmp_path / "locale")
    for cached in (i18n.languages, i18n.translations, words_for):
        cached.cache_clear()  # and again after, so no other test sees Frisian
    try:
        assert i18n.languages() == ("en", "fy", "nl")
        result = parse_schedule("event: {title: T, date: 2024-04-15, language: fy}\n"
                                "sessions:\n  - {time: 10.00 - 11.00, title: a}\n", "s.yaml")
        assert result.schedule.event.language == "fy"
        words = words_for("fy")
        assert (words.now, words.next, words.programme) == ("No", "Hjirnei", "Programme")
    finally:
        for cached in (i18n.languages, i18n.translations, words_for):
            cached.cache_clear()
