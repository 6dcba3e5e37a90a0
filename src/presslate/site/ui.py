"""The site's own words in each language: UI translations (package data), language names, lists."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from io import BytesIO

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po as read_ui_po
from babel.support import Translations
from jinja2 import Environment

UI_DOMAIN = "presslate"


@dataclass
class Language:
    code: str  # gettext form
    tag: str  # BCP 47
    name: str  # in its own language, capitalised for a menu
    dir: str
    locale: Locale
    env: Environment  # templates with this language's UI translations


def language_name(code: str) -> str:
    """The language's name in itself, as a menu item: "Español", not Babel's "español".

    CLDR capitalises language names at the start of a menu item in every
    cased script; scripts without case are left unchanged by ``upper()``.
    """
    name = Locale.parse(code).get_display_name(code)
    return name[:1].upper() + name[1:]


@cache
def ui_translations(lang: str) -> Translations | None:
    """presslate's own UI catalog for ``lang`` (or its base language), read from package data.

    The .po files are compiled in memory, so a wheel needs no build step and
    no binary .mo files are kept in the repository.
    """
    locale = Locale.parse(lang)
    for candidate in dict.fromkeys((str(locale), locale.language)):
        resource = resources.files("presslate.site") / "locale" / candidate / "LC_MESSAGES" / f"{UI_DOMAIN}.po"
        if resource.is_file():
            with resource.open("rb") as handle:
                catalog = read_ui_po(handle, locale=candidate, domain=UI_DOMAIN)
            buffer = BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return Translations(buffer, domain=UI_DOMAIN)
    return None


def list_separator(locale: Locale, index: int, length: int) -> str:
    """What follows item ``index`` of a ``length``-item list: ", " or " y " per CLDR."""
    if index >= length - 1:
        return ""
    patterns = locale.list_patterns["standard"]
    key = "2" if length == 2 else "end" if index == length - 2 else "start" if index == 0 else "middle"
    return patterns[key].replace("{0}", "", 1).replace("{1}", "", 1)
