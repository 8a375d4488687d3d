"""What the text engine needs to know of a language, from ICU/CLDR: its script and direction.

Tags are BCP 47 (`en`, `zh-Hant`, `km`). Nothing here is a hand-kept table of languages.
(The ICU lookups are memoised: they are pure functions of the tag.)
"""
from __future__ import annotations

from functools import lru_cache

import icu

# Script groups (ISO 15924) the line breaker treats alike.
CJK_SCRIPTS = ("Hani", "Hans", "Hant", "Jpan")  # no spaces; ICU's word boundaries tell the words
PHRASE_SCRIPTS = ("Khmr", "Laoo", "Thai", "Mymr")  # spaces only between phrases; dictionary words inside
NO_SPACE_SCRIPTS = CJK_SCRIPTS + PHRASE_SCRIPTS  # no space between two words
KOREAN_SCRIPTS = ("Kore", "Hang")  # spaces between eojeol: a word with its particles, a phrase of its own


@lru_cache(maxsize=256)
def maximized(tag: str) -> tuple[str, str, str]:
    """(language, script, region) with ICU's likely subtags filled in: zh-TW -> zh, Hant, TW."""
    loc = icu.Locale.forLanguageTag(tag)
    loc.addLikelySubtags()
    return loc.getLanguage(), loc.getScript(), loc.getCountry()


def script_of(tag: str) -> str:
    """ISO 15924 code of the language's usual script (`Arab`, `Khmr`, `Hant`...)."""
    return maximized(tag)[1]


@lru_cache(maxsize=256)
def is_rtl(tag: str) -> bool:
    """Paragraph direction comes from the language, never from the first strong letter. A tag ICU
    cannot read (a misnamed file's, shown with its problem on the review page) is left to right."""
    try:
        script = script_of(tag)
    except icu.ICUError:
        return False
    if not script:
        return False
    codes = icu.Script.getCode(script)
    return bool(codes) and icu.Script(codes[0]).isRightToLeft()


def lang_matches(pattern: str, tag: str) -> bool:
    """Does language `tag` fall under `pattern`? Only subtags the pattern names are compared,
    after filling in likely subtags, so `zh-Hant` matches `zh-TW` and `zh-HK`, `ko` matches `ko-KR`."""
    want = icu.Locale.forLanguageTag(pattern)
    lang, script, region = maximized(tag)
    if want.getLanguage() and want.getLanguage() != lang:
        return False
    if want.getScript() and want.getScript() != script:
        return False
    return not want.getCountry() or want.getCountry() == region
