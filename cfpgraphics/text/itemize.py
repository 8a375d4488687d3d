"""Itemize: split a paragraph into runs of one font, bidi level and inline style.

Font fallback works per grapheme cluster over the stack, by real cmap coverage, so a Khmer coeng
stack, an emoji ZWJ sequence or a letter with its combining marks is never split between fonts.
Clusters with emoji presentation try the colour-emoji face first. Punctuation follows its
neighbours' font, and a space between two clusters of one font stays in that font, so
neither forces a font change; a space between two different fonts takes the primary font.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import icu

from .fonts import FontFace
from .types import MissingGlyph

_EMOJI_PRESENTATION = icu.UProperty.EMOJI_PRESENTATION
_EXTENDED_PICTOGRAPHIC = icu.UProperty.EXTENDED_PICTOGRAPHIC


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    face: FontFace
    level: int
    styles: frozenset

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def _is_emoji(cluster: str) -> bool:
    if "\uFE0F" in cluster or "\u20E3" in cluster:
        return True
    if any(0x1F1E6 <= ord(ch) <= 0x1F1FF for ch in cluster):  # regional indicators (flags)
        return True
    first = ord(cluster[0])
    return icu.Char.hasBinaryProperty(first, _EMOJI_PRESENTATION) or (
        "\u200D" in cluster and icu.Char.hasBinaryProperty(first, _EXTENDED_PICTOGRAPHIC))


def _kind(cluster: str) -> str:
    """'space', 'punct' (inherits a neighbour's font) or 'letter'."""
    if cluster.isspace():
        return "space"
    if all(unicodedata.category(ch)[0] in "PS" and unicodedata.category(ch) != "So" for ch in cluster):
        return "punct"
    return "letter"


def choose_fonts(text: str, bounds: list[int], faces: tuple[FontFace, ...]):
    """Face for every cluster, and the clusters no face covers."""
    clusters = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    kind_of: dict[str, str] = {}  # each distinct cluster's kind and face, found once (letters repeat)
    kinds = [kind_of[c] if c in kind_of else kind_of.setdefault(c, _kind(c)) for c in clusters]
    first: dict[str, FontFace | None] = {}
    chosen: list[FontFace | None] = []
    missing: list[MissingGlyph] = []
    for i, cluster in enumerate(clusters):
        if cluster in first:
            face = first[cluster]
        else:
            order = faces
            if _is_emoji(cluster):
                order = tuple(f for f in faces if f.emoji) + tuple(f for f in faces if not f.emoji)
            face = next((f for f in order if not (f.emoji and kinds[i] != "letter") and f.covers(cluster)), None)
            if face is None and kinds[i] != "letter":
                face = next((f for f in order if f.covers(cluster)), None)
            first[cluster] = face
        if face is None:
            missing.append(MissingGlyph(cluster, bounds[i], tuple(f.key for f in faces)))
            face = faces[0]
        chosen.append(face)

    def neighbour(i: int, step: int) -> FontFace | None:
        j = i + step
        while 0 <= j < len(clusters):
            if kinds[j] == "letter":
                return chosen[j]
            j += step
        return None

    # Punctuation, then spaces, settle on a neighbour's font where that font has them.
    for i, cluster in enumerate(clusters):
        if kinds[i] == "punct":
            for face in (chosen[i - 1] if i else None, neighbour(i, 1)):
                if face is not None and not face.emoji and face.covers(cluster):
                    chosen[i] = face
                    break
    for i, cluster in enumerate(clusters):
        if kinds[i] == "space":
            before, after = (chosen[i - 1] if i else None), (chosen[i + 1] if i + 1 < len(clusters) else None)
            if before is after or after is None or before is None:
                candidate = before or after
            else:
                candidate = next((f for f in faces if f.covers(cluster)), None)
            if candidate is not None and not candidate.emoji and candidate.covers(cluster):
                chosen[i] = candidate
            elif chosen[i].emoji:
                chosen[i] = next((f for f in faces if not f.emoji and f.covers(cluster)), chosen[i])
    return chosen, missing


def itemize(text: str, bounds: list[int], faces: tuple[FontFace, ...], levels: list[int],
            styles: list[frozenset]) -> tuple[list[Item], list[MissingGlyph]]:
    """Runs of (face, bidi level, styles), never splitting a cluster."""
    chosen, missing = choose_fonts(text, bounds, faces)
    items: list[Item] = []
    for (start, end), face in zip(zip(bounds, bounds[1:]), chosen):
        level, style = levels[start], styles[start]
        last = items[-1] if items else None
        if last and last.face is face and last.level == level and last.styles == style:
            items[-1] = Item(last.start, end, face, level, style)
        else:
            items.append(Item(start, end, face, level, style))
    return items, missing
