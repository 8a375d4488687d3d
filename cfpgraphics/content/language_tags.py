"""Language facts from ICU/CLDR, so a new language needs no code: direction, script, names.

Tags are BCP 47 (`en`, `zh-Hant`, `km`). Nothing here is a hand-kept table of languages.
"""
from __future__ import annotations

from functools import lru_cache

import icu

from ..text.lang import is_rtl, lang_matches, maximized as _maximized, script_of  # noqa: F401 (re-exported)


def check_tag(tag: str) -> tuple[bool, str | None]:
    """(is `tag` a language tag ICU knows, written as this tool writes it; the tag the user
    probably meant). Every place that takes a language name from a user asks this."""
    if canonical_tag(tag) == tag:
        return True, None
    return False, suggest_tag(tag)


@lru_cache(maxsize=256)
def canonical_tag(tag: str) -> str | None:
    """The well-formed BCP 47 form of `tag` (`zh_hant` -> `zh-Hant`), or None if it is not a
    language ICU knows (including names no tag can be, like `es copy`)."""
    cleaned = tag.strip().replace("_", "-")
    if not cleaned.isascii():  # no tag is; and ICU cannot take a file name's undecodable bytes
        return None
    try:
        loc = icu.Locale.forLanguageTag(cleaned)
    except icu.ICUError:
        return None
    if not loc.getLanguage():
        return None
    name = loc.getDisplayLanguage(icu.Locale("en"))
    if not name or name == loc.getLanguage():  # ICU echoes codes it has no name for
        return None
    return loc.toLanguageTag()


def display_name(tag: str, in_lang: str = "en") -> str:
    return icu.Locale.forLanguageTag(tag).getDisplayName(icu.Locale.forLanguageTag(in_lang))


@lru_cache(maxsize=1)
def _known_languages() -> dict[str, str]:
    """English name (lower case) -> language code, for every language ICU has a name for."""
    names = {}
    english = icu.Locale("en")
    for code in icu.Locale.getISOLanguages():
        name = icu.Locale(code).getDisplayLanguage(english)
        if name and name != code:
            names.setdefault(name.lower(), code)
    return names


def suggest_tag(text: str) -> str | None:
    """Best guess at the tag someone meant: 'Spanish' -> 'es', 'VN' (a country) -> 'vi',
    'zh_TW' -> 'zh-Hant'. Country codes are resolved by ICU's likely-subtags data."""
    try:
        return _suggest_tag(text)
    except (icu.ICUError, UnicodeEncodeError):  # not even the shape of a tag; bytes that are not text
        return None


def _suggest_tag(text: str) -> str | None:
    key = text.strip().replace("_", "-")
    names = _known_languages()
    if key.lower() in names:
        return names[key.lower()]
    is_code = len(key) == 2 and key.isalpha()
    country = icu.Locale.forLanguageTag(f"und-{key.upper()}").getDisplayCountry(icu.Locale("en")) if is_code else ""
    if is_code and country.upper() != key.upper():
        # a country code used as a language code ("VN" for Vietnamese)
        lang, script, _ = _maximized(f"und-{key.upper()}")
        if lang and lang != "und" and lang != key.lower():
            return f"{lang}-{script}" if lang == "zh" else lang
    lang, script, region = _maximized(key)
    if lang == "zh" and script:  # Chinese is chosen by script, not by country
        return f"zh-{script}"
    return canonical_tag(key)
