"""What things are called: graphic folders, content file names and the language each names,
and the "did you mean" a typo gets."""
from __future__ import annotations

import difflib
import os
import re
from functools import lru_cache
from pathlib import Path

from .language_tags import canonical_tag, suggest_tag


SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
CONTENT_META_KEYS = {"status", "source_hash", "alt"}
SOURCE_LANG = "en"  # fields marked `translate: false` come from this language's file


def did_you_mean(word: str, choices) -> str | None:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def short(value) -> str:
    """A value as a message quotes it: a pasted paragraph or a list is cut to a few words."""
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def known(word: str, choices, what: str) -> str:
    return did_you_mean(word, choices) or f"known {what}: " + ", ".join(sorted(str(c) for c in choices))



def _safe(call, *args):
    """ICU raises on strings that are not tags at all ('es copy'): that is just 'no'."""
    try:
        return call(*args)
    except Exception:  # icu.ICUError, ValueError ...
        return None


@lru_cache(maxsize=1)
def _native_names() -> dict[str, str]:
    """Each language's name in itself (lower case) -> its code: 'español' -> 'es'."""
    # ICU's language names are loaded only when a file name needs a guess.
    import icu
    names = {}
    for code in icu.Locale.getISOLanguages():
        locale = icu.Locale(code)
        name = _safe(locale.getDisplayLanguage, locale)
        if name and name != code:
            names.setdefault(name.lower(), code)
    return names


def language_of_file_name(stem: str) -> tuple[str | None, str | None]:
    """(language, None) when `stem` is a well-formed language tag, else (None, the tag it
    most likely means or None): 'es copy', 'es (1)', 'es.yaml', 'español', 'Spanish' -> 'es'."""
    if _safe(canonical_tag, stem) == stem:
        return stem, None
    guess = _safe(suggest_tag, stem)
    if guess and _safe(canonical_tag, guess) == guess:
        return None, guess
    for token in re.split(r"[\s.()\[\]{}~,+]+", stem.strip()):
        if not token or token.lower() in ("copy", "of", "yaml", "yml", "copie", "copia", "kopie"):
            continue
        native = _native_names().get(token.lower())
        if native:
            return None, native
        guess = _safe(canonical_tag, token) or _safe(suggest_tag, token)
        if guess and _safe(canonical_tag, guess) == guess:
            return None, guess
    return None, None


def content_files(folder: Path) -> list[Path]:
    """The YAML files of a graphic folder (hidden files and editor backups left alone)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / n for n in names
            if not n.startswith(".") and n != "graphic.yaml" and n.lower().endswith((".yaml", ".yml"))]


def misnamed_languages(folder: Path) -> set[str]:
    """Languages whose file is in the folder under a wrong name (`es (1).yaml`): their
    published outputs are kept until the file is renamed."""
    found = set()
    for path in content_files(folder):
        lang, guess = language_of_file_name(path.name[: -len(path.suffix)])
        if lang and path.suffix != ".yaml":
            found.add(lang)
        elif guess:
            found.add(guess)
    return found
