"""Inline markup translators can move with the words: `**emphasis**` and `==highlight==`.

The syntax is deliberately tiny: two markers, no nesting of the same marker, `\\` escapes a
marker character. Case transforms are applied span by span, so emphasis stays on the right
word even when upper-casing changes the length (`ß` -> `SS`, `ﬁ` -> `FI`).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import icu

EMPHASIS = "emphasis"
HIGHLIGHT = "highlight"
_MARKERS = {"**": EMPHASIS, "==": HIGHLIGHT}


class MarkupError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset  # 0-based index into the source text


@dataclass(frozen=True)
class StyledText:
    """Plain text plus the inline styles of each character (as spans)."""

    text: str
    spans: tuple[tuple[int, int, frozenset], ...]  # (start, end, styles), covering the text

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

    def flush():
        if buf:
            pieces.append(("".join(buf), frozenset(active)))
            buf.clear()

    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source) and source[i + 1] in "*=\\":
            buf.append(source[i + 1])
            i += 2
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
    parts = []
    pos = 0
    for text, styles in parse_markup(unicodedata.normalize("NFC", source)):
        text = unicodedata.normalize("NFC", transform_case(text, transform, lang))
        if not text:
            continue
        spans.append((pos, pos + len(text), styles))
        parts.append(text)
        pos += len(text)
    return StyledText("".join(parts), tuple(spans))
