"""Inline markup translators can move with the words: `**emphasis**`, `==highlight==`, and
`{words kept together}` (never broken across lines when the lines allow; for names in scripts
without spaces, such as a transliterated place name in Khmer). A forced line break is a plain
newline (`\\n` inside a double-quoted YAML value).

The syntax is deliberately tiny: three markers, no nesting of the same marker, `\\` escapes a
marker character. Case transforms are applied span by span, so emphasis stays on the right
word even when upper-casing changes the length (`ß` -> `SS`, `ﬁ` -> `FI`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import icu

EMPHASIS = "emphasis"
HIGHLIGHT = "highlight"
KEEP = "keep"  # not a drawn style: becomes StyledText.keeps
_MARKERS = {"**": EMPHASIS, "==": HIGHLIGHT}
_BRACES = {"{": True, "}": False}  # opens?
_SPECIAL = re.compile(r"[\\*={}]")  # the characters that may start a marker or an escape


class MarkupError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset  # 0-based index into the source text


@dataclass(frozen=True)
class StyledText:
    """Plain text plus the inline styles of each character (as spans)."""

    text: str
    spans: tuple[tuple[int, int, frozenset], ...]  # (start, end, styles), covering the text
    keeps: tuple[tuple[int, int], ...] = ()  # {kept together} ranges of the text

    def styles_at(self) -> list[frozenset]:
        out: list[frozenset] = []
        for start, end, styles in self.spans:
            out.extend([styles] * (end - start))
        return out


def parse_markup(source: str) -> list[tuple[str, frozenset]]:
    """Split marked-up text into (text, styles) pieces; raise MarkupError on an unclosed marker."""
    pieces: list[tuple[str, frozenset]] = []
    active: dict[str, int] = {}  # style -> offset where it opened
    buf: list[str] = []
    groups = 0  # {groups} so far: each is its own unit, even when two touch

    def flush():
        if buf:
            styles = {f"{KEEP}#{groups}" if style == KEEP else style for style in active}
            pieces.append(("".join(buf), frozenset(styles)))
            buf.clear()

    i = 0
    while i < len(source):
        # the words between markers in one piece: most texts have few markers or none
        found = _SPECIAL.search(source, i)
        end = found.start() if found else len(source)
        if end > i:
            buf.append(source[i:end])
            i = end
            continue
        ch = source[i]
        if ch == "\\" and i + 1 < len(source) and source[i + 1] in "*=\\{}":
            buf.append(source[i + 1])
            i += 2
            continue
        if ch in _BRACES:
            if _BRACES[ch] == (KEEP in active):
                raise MarkupError("'{' opens words kept together, but the one before is not closed yet; close it "
                                  "with '}' first" if ch == "{" else
                                  "'}' closes words kept together, but no '{' opened them; add the '{' before the "
                                  "words (or write \\} for a literal '}')", i)
            flush()
            if ch == "{":
                active[KEEP] = i
                groups += 1
            else:
                del active[KEEP]
            i += 1
            continue
        marker = source[i:i + 2]
        if marker in _MARKERS:
            flush()
            style = _MARKERS[marker]
            if style in active:
                del active[style]
            else:
                active[style] = i
            i += 2
            continue
        buf.append(ch)
        i += 1
    flush()
    if active:
        style, offset = min(active.items(), key=lambda kv: kv[1])
        if style == KEEP:
            raise MarkupError("'{' opens words kept together but is never closed; add a '}' after the last word "
                              "(or write \\{ for a literal '{')", offset)
        marker = next(m for m, s in _MARKERS.items() if s == style)
        raise MarkupError(f"'{marker}' opens {style} here but is never closed; add a closing "
                          f"'{marker}' (or write \\{marker[0]} for a literal '{marker[0]}')", offset)
    return pieces


def strip_markup(source: str) -> str:
    return "".join(text for text, _ in parse_markup(source))


def transform_case(text: str, transform: str, lang: str) -> str:
    """Locale-aware case mapping from ICU (Turkish dotted İ, Greek accents, German ß -> SS)."""
    if transform == "none" or not text:
        return text
    locale = icu.Locale.forLanguageTag(lang)
    u = icu.UnicodeString(text)
    if transform == "uppercase":
        return str(u.toUpper(locale))
    if transform == "lowercase":
        return str(u.toLower(locale))
    raise ValueError(f"unknown text transform {transform!r}")


def prepare(source: str, lang: str, transform: str = "none") -> StyledText:
    """Markup -> NFC text with style spans, case-transformed span by span."""
    spans = []
    keeps: list[tuple[int, int]] = []
    parts = []
    pos = 0
    last_group = None
    for text, styles in parse_markup(unicodedata.normalize("NFC", source)):
        text = unicodedata.normalize("NFC", transform_case(text, transform, lang))
        group = next((style for style in styles if style.startswith(KEEP + "#")), None)
        if group is not None:
            if group == last_group:
                keeps[-1] = (keeps[-1][0], pos + len(text))  # one {group} split by an emphasis marker
            else:
                keeps.append((pos, pos + len(text)))
        last_group = group
        if not text:
            continue
        spans.append((pos, pos + len(text), styles - {group}))
        parts.append(text)
        pos += len(text)
    return StyledText("".join(parts), tuple(spans), tuple(keeps))
