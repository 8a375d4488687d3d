"""Language facts from ICU/CLDR, so a new language needs no code: direction, script, names.

Tags are BCP 47 (`en`, `zh-Hant`, `km`). Nothing here is a hand-kept table of languages.
"""
from __future__ import annotations

from functools import lru_cache

import icu


@lru_cache(maxsize=256)
def _maximized(tag: str) -> tuple[str, str, str]:
    """(language, script, region) with ICU's likely subtags filled in: zh-TW -> zh, Hant, TW."""
    loc = icu.Locale.forLanguageTag(tag)
    loc.addLikelySubtags()
    return loc.getLanguage(), loc.getScript(), loc.getCountry()


def script_of(tag: str) -> str:
    """ISO 15924 code of the language's usual script (`Arab`, `Khmr`, `Hant`...)."""
    return _maximized(tag)[1]


@lru_cache(maxsize=256)
def is_rtl(tag: str) -> bool:
    """Paragraph direction comes from the language, never from the first strong letter."""
    script = script_of(tag)
    if not script:
        return False
    codes = icu.Script.getCode(script)
    return bool(codes) and icu.Script(codes[0]).isRightToLeft()


def lang_matches(pattern: str, tag: str) -> bool:
    """Does language `tag` fall under `pattern`? Only subtags the pattern names are compared,
    after filling in likely subtags, so `zh-Hant` matches `zh-TW` and `zh-HK`, `ko` matches `ko-KR`."""
    want = icu.Locale.forLanguageTag(pattern)
    lang, script, region = _maximized(tag)
    if want.getLanguage() and want.getLanguage() != lang:
        return False
    if want.getScript() and want.getScript() != script:
        return False
    return not want.getCountry() or want.getCountry() == region


@lru_cache(maxsize=256)
def canonical_tag(tag: str) -> str | None:
    """The well-formed BCP 47 form of `tag` (`zh_hant` -> `zh-Hant`), or None if it is not a
    language ICU knows."""
    cleaned = tag.strip().replace("_", "-")
    loc = icu.Locale.forLanguageTag(cleaned)
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
