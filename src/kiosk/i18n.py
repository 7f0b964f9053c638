"""Messages in the reader's language, by the standard gettext machinery.

The command line speaks the language of the locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``, English by default); the screen speaks the event's ``language``;
the log keeps English, so staff can search it. A problem found while reading a file does not
know yet who will read it, so its message is a :class:`Message`: a ``str`` holding the
English text, which also keeps its template and values to be said again in another
language. The catalogues are package data, ``kiosk/locale/LANG/LC_MESSAGES/kiosk.mo``,
compiled from the ``.po`` files beside them (``python tools/messages.py``); adding a
language is adding its catalogue, no code.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path
from typing import TypeVar

DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"
"""The language the messages are written in (their gettext msgids)."""

Translations = gettext.NullTranslations


class Message(str):
    """A message in English that can be said again in any language with a catalogue.

    ``Message("unknown kind '{kind}'", kind="lezing")`` equals the English text; values that
    are Messages themselves are said in the same language when the whole is.
    """

    template: str
    values: dict[str, object]

    def __new__(cls: type[M], template: str, /, **values: object) -> M:
        message = super().__new__(cls, template.format(**values) if values else template)
        message.template = template
        message.values = values
        return message

    def say(self, translations: Translations) -> str:
        """The message in the language of ``translations``."""
        if not self.template:  # gettext's "" is the catalogue's header
            return ""
        return self._fill(translations.gettext(self.template), translations)

    def _fill(self, template: str, translations: Translations) -> str:
        if not self.values:
            return template
        return template.format(**{
            name: value.say(translations) if isinstance(value, Message) else value
            for name, value in self.values.items()})


M = TypeVar("M", bound=Message)


class Plural(Message):
    """A message whose words depend on a number, ``{count}`` in it: 1 day, 3 days."""

    singular: str
    plural: str
    number: int

    def __new__(cls, singular: str, plural: str, number: int, /,
                **values: object) -> Plural:
        message = Message.__new__(cls, singular if number == 1 else plural, count=number,
                                  **values)
        message.singular, message.plural, message.number = singular, plural, number
        return message

    def say(self, translations: Translations) -> str:
        return self._fill(translations.ngettext(self.singular, self.plural, self.number),
                          translations)


_ = Message
"""The name gettext's extraction looks for: ``_("...")`` marks a message."""

NOTHING = Message.__new__(Message, "")
"""An empty part of a message (no hint to give): the same in every language."""


def locale_folder() -> Path:
    """The catalogues' folder, beside this module: gettext reads them from a real folder,
    and importlib.resources would cost the command line a tenth of its start."""
    return Path(__file__).resolve().parent / "locale"


@functools.cache
def languages() -> tuple[str, ...]:
    """Every language kiosk speaks: English, and each language with a catalogue."""
    folder = locale_folder()
    found = sorted(path.parent.parent.name
                   for path in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE_LANGUAGE, *found)


@functools.cache
def translations(language: str) -> Translations:
    """The catalogue of ``language`` (one of languages()); English needs none."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    if language not in languages():
        raise LookupError(f"kiosk has no catalogue for language {language!r} in "
                          f"{locale_folder()}")
    return gettext.translation(DOMAIN, str(locale_folder()), languages=[language])


def locale_translations() -> Translations:
    """The catalogue of the user's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), as gettext
    chooses it; English when kiosk does not speak that language."""
    return gettext.translation(DOMAIN, str(locale_folder()), fallback=True)


def say(text: str, translations: Translations) -> str:
    """A text in the language of ``translations``: a Message is said in it, any other text
    (a title from the schedule, a library's own words) stays as it is."""
    return text.say(translations) if isinstance(text, Message) else text


def speak_for_the_command_line() -> Translations:
    """Make the locale's language the one of this process's messages, argparse's own
    ("usage:", "error:") included, which it looks up in the current gettext domain."""
    gettext.bindtextdomain(DOMAIN, str(locale_folder()))
    gettext.textdomain(DOMAIN)
    return locale_translations()


ENGLISH = translations(SOURCE_LANGUAGE)
