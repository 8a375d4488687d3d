"""What a translation leaves empty, and what it changes of the English's emphasis.

A new language starts as files with empty quotes (`translate new`) or a PO file with empty
msgstr entries (msginit, Poedit). A field with no words yet is *missing*, not a mistake: a file
with no words at all renders nothing and fails nothing (`translations` lists it as missing).
It becomes a mistake only when half done: some texts of a graphic filled and others empty,
or a file marked reviewed with an empty text. Then each empty text is reported once, at its
own line (never once per size), with what to type there.

Emphasis: `**stars**` and `==highlight==` in the English draw words in the accent colour or on
a highlight; a translation that drops them (or adds some) would lose or change the accent
without a word, so it is a warning at its line.
"""
from __future__ import annotations

from .diagnostics import Diagnostics, SourceLocation
from .language_tags import display_name
from .model import Template, Translation
from .names import SOURCE_LANG
from .po_catalogs import Unit, units, where_named
from ..text.markup import EMPHASIS, HIGHLIGHT, MarkupError, parse_markup


def is_blank(text) -> bool:
    return text is None or (isinstance(text, str) and not text.strip())


def text_units(template: Template, data: dict) -> dict[Unit, tuple[object, SourceLocation | None]]:
    """Every translatable text of a content file as written (blank ones too), by unit, with
    its own location (a list item's line, an item key's line)."""
    found: dict[Unit, tuple[object, SourceLocation | None]] = {}

    def at(container, key):
        return container.where(key) if hasattr(container, "where") else None

    for name, spec in template.fields.items():
        if not spec.translate or spec.type == "image" or spec.from_brand or name not in data:
            continue
        value = data[name]
        if not isinstance(value, list):
            if not isinstance(value, dict):  # a wrong type is reported by check_values
                found[(name,)] = (value, at(data, name))
            continue
        for i, item in enumerate(value):
            if isinstance(item, dict):
                for key, text in item.items():
                    if not isinstance(text, (list, dict)):
                        found[(name, str(i + 1), str(key))] = (text, at(item, key))
            elif not isinstance(item, list):
                found[(name, str(i + 1))] = (item, at(value, i))
    return found


def label(unit: Unit) -> str:
    """'statement', 'points' item 2, 'slides' item 3's 'text'."""
    if len(unit) == 1:
        return f"'{unit[0]}'"
    return f"'{unit[0]}' item {unit[1]}" + (f"'s '{unit[2]}'" if len(unit) == 3 else "")


def english_of(english: dict | None, template: Template, unit: Unit) -> str:
    text = units(template, english or {}).get(unit, "")
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def report_blanks_yaml(blanks: list[tuple[Unit, SourceLocation]], lang: str, template: Template,
                       english: dict | None, reviewed: bool, status_at: SourceLocation | None,
                       problems: Diagnostics) -> None:
    """Each empty text of a half-done (or reviewed) YAML file, once, at its line."""
    language = display_name(lang) or lang
    for unit, where in blanks:
        source = english_of(english, template, unit)
        what = f'type the {language} for "{source}" between the quotes' if source else \
            f"type its {language} translation between the quotes"
        if reviewed:
            problems.add(f"{label(unit)} is empty, but this file says `status: reviewed`", where,
                         fix=f"{what}, or change `status: reviewed` to `status: draft`"
                             + (f" (line {status_at.line})" if status_at and status_at.line else ""),
                         code="untranslated")
        else:
            problems.add(f"{label(unit)} is not translated yet, while other texts of this file are", where,
                         fix=f"{what}; or empty every text of the file to leave the whole graphic for later",
                         code="untranslated")


def _marks(text: str) -> tuple[int, int]:
    """How many phrases a text draws in the accent colour, and how many it highlights."""
    try:
        spans = parse_markup(text)
    except MarkupError:  # reported where the file is checked
        return 0, 0
    counts = [0, 0]
    before: frozenset = frozenset()
    for piece, styles in spans:
        if not piece:
            continue
        for i, style in enumerate((EMPHASIS, HIGHLIGHT)):
            counts[i] += style in styles and style not in before
        before = styles
    return counts[0], counts[1]


def check_emphasis(graphic: str, template: Template, translations: dict[str, Translation],
                   problems: Diagnostics) -> None:
    """A warning for each translated text whose `**stars**` or `==highlight==` phrases are not
    as many as the English's: the accent would silently vanish, or land where the design has none."""
    source = translations.get(SOURCE_LANG)
    if source is None:
        return
    english = units(template, source.values)
    for lang, translation in sorted(translations.items()):
        if lang == SOURCE_LANG:
            continue
        for unit, text in units(template, translation.values).items():
            if unit not in english:
                continue
            want, have = _marks(english[unit]), _marks(text)
            # in a PO file, named as Poedit shows the entry: graphic, field, msgctxt
            name = where_named(graphic, unit) if translation.file.endswith(".po") else label(unit)
            for (w, h), (marker, what) in zip(zip(want, have), (("**", "**two stars**"),
                                                               ("==", "==two equals=="))):
                if w == h:
                    continue
                if h == 0:
                    message = (f"{name} has no {what}, but the English marks {w} "
                               f"phrase{'s' * (w != 1)} with them: the accent would vanish")
                    fix = f"put {marker} before and after the words that mean the same as the English's"
                elif w == 0:
                    message = f"{name} marks words with {what}, but the English has none"
                    fix = f"remove the {marker} marks (the design has no accent in this text)"
                else:
                    message = (f"{name} marks {h} phrase{'s' * (h != 1)} with {what}, "
                               f"but the English marks {w}")
                    fix = f"put {marker} around the same words as in the English"
                problems.add(message, translation.where(unit), fix=fix, severity="warning", code="emphasis")
