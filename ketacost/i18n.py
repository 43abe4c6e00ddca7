"""The language ketacost writes in: English (its source language) or French (fr-CA).

Every sentence ketacost writes is English in the code, marked `_("...")` where it is
said, and looked up in a standard gettext catalog (ketacost/locale/fr/LC_MESSAGES/
ketacost.po, compiled to ketacost.mo beside it) when French is chosen. A constant
defined at import is marked `N_("...")` and translated where it is used: the language
is chosen for each command, after the modules are imported. Texts of the bundled data
are in the same catalog (ketacost.load.translate).

English pays nothing for this: `_` returns its argument, and neither gettext nor Babel
is imported. A message with no French translation is said in English.

Placeholders are named: `_("{label} may pay").format(label=...)`, so a translator can
move them.
"""

from __future__ import annotations

import os
from pathlib import Path

ENGLISH, FRENCH = "en", "fr"
LANGUAGES = (ENGLISH, FRENCH)
# Babel's locale for each language: Canadian French and English.
LOCALES = {ENGLISH: "en_CA", FRENCH: "fr_CA"}
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "ketacost"
# Where the language is read from, in order, when no option names it.
LANG_ENV = "KETACOST_LANG"
_LOCALE_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")

_current = ENGLISH
_catalogs: dict[str, object] = {}


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; `_` translates it where it is
    used."""
    return message


def _(message: str) -> str:
    """`message` in the current language (itself in English, or with no translation)."""
    if _current == ENGLISH or not message:
        return message
    return _catalog(_current).gettext(message)


def lookup(language: str):
    """The function that finds an English message's translation in `language`'s catalog,
    or None where it has none (a translation may be the same words: Ontario)."""
    found = getattr(_catalog(language), "_catalog", {})
    return found.get


def catalog_bytes(language: str) -> bytes:
    """The compiled catalog of `language` (b"" for English, or none found): what a
    snapshot of data translated with it is made from too."""
    if language == ENGLISH:
        return b""
    try:
        return (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
    except OSError:
        return b""


def current() -> str:
    """The language ketacost writes in now: 'en' or 'fr'."""
    return _current


def set_language(language: str) -> None:
    """Write in `language` ('en' or 'fr') from now on."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _current = language


def chosen() -> str | None:
    """The language the environment chooses: KETACOST_LANG, else the first of the locale
    variables set (LC_ALL, LC_MESSAGES, LANG; starting with 'fr': French), else English;
    None when KETACOST_LANG names no language ketacost writes."""
    given = os.environ.get(LANG_ENV, "")
    if given.strip():
        return read_language(given)
    for name in _LOCALE_ENV:
        value = os.environ.get(name, "")
        if value:  # the first one set decides, as for gettext
            return FRENCH if value.lower().startswith("fr") else ENGLISH
    return ENGLISH


def read_language(text: str) -> str | None:
    """'fr', 'FR', 'fr_CA', 'fr-CA.UTF-8', 'français' -> 'fr'; 'en...' -> 'en'; else None."""
    value = text.strip().lower()
    if value.startswith("fr"):
        return FRENCH
    if value.startswith(("en", "anglais")):
        return ENGLISH
    return None


def _catalog(language: str):
    found = _catalogs.get(language)
    if found is None:
        import gettext

        found = _catalogs[language] = gettext.translation(
            DOMAIN, LOCALE_DIR, languages=[language], fallback=True
        )
    return found


def babel_locale() -> str:
    """The Babel locale of the current language ('fr_CA', 'en_CA')."""
    return LOCALES[_current]
