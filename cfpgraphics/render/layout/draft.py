"""The draft band: an output made from a `status: draft` translation says so on the image.

A band across the top margin (outside the safe area, so it covers none of the design) in the
brand's `draft_band` colours, with "draft, not for posting" in the graphic's language on the
start side and in English on the end side (English alone on an English draft). The words come
from `phrases: draft:` in brand/brand.yaml; a language with none there (one just started with
`translate new`) gets the English alone, which always says it: no translator has to do
anything for the band to be right.

The band keeps a full margin (the canvas's own, 81 px at 1080) between itself and the design's
first ink: the accent bar, a logo, a headline. Where the design starts at the safe area's top
(a square post's bar), there is only a fifth of a margin under the band, so compose lays the
draft out again with the safe area's top moved down to make that room (`band_safe_top`):
measured on the scene's items, never assumed.
"""
from __future__ import annotations

from ...content.elements import Element
from ..scene import BackgroundItem, BoxItem, DraftBandItem, TextItem
from ...text.types import Box
from .frame import Frame
from .textblock import place_text

BAND_OF_MARGIN = 0.8  # the band's height, of the canvas's margin (65 px at 1080)
TEXT_OF_BAND = 0.42  # the words' size, of the band's height (never below the legible minimum)


def band_height(size) -> int:
    return min(size.margin, max(round(BAND_OF_MARGIN * size.margin), round(1.5 * size.min_text)))


def design_top(items) -> float | None:
    """The top of the design's ink: text by its ink, rules, logos, panels, charts by their boxes
    (the background, a photo or a pattern, runs under the band and does not count)."""
    tops = []
    for item in items:
        if isinstance(item, (DraftBandItem, BackgroundItem)):
            continue
        if isinstance(item, TextItem):
            if item.layout.lines:
                tops.append(item.layout.ink_top)
        elif isinstance(item, BoxItem):
            tops.append(item.box.y)
    return min(tops) if tops else None


def room_for_band(size, items) -> bool:
    """Does the band across the top leave a full margin (the canvas's) above the design?"""
    top = design_top(items)
    return top is None or top - band_height(size) >= size.margin - 0.5


def band_safe_top(size) -> int:
    """The safe area's top that makes room for the band and a full margin under it."""
    return max(size.safe_area[1], band_height(size) + size.margin)


def band_phrases(frame: Frame) -> list[tuple[str, str]]:
    """(language, words) to show, the graphic's language first."""
    english = frame.brand.phrase("draft", "en") or "Draft, not for posting"
    local = frame.brand.phrase("draft", frame.lang)
    if frame.lang.split("-")[0] == "en" or not local or local == english:
        return [("en", english)]
    return [(frame.lang, local), ("en", english)]


def place_draft_band(frame: Frame) -> DraftBandItem:
    size, brand = frame.size, frame.brand
    height = band_height(size)
    band = Box(0, 0, size.width, height)
    inner_x, inner_w = size.margin, size.width - 2 * size.margin
    phrases = band_phrases(frame)
    gap = 0.04 * inner_w
    width = (inner_w - gap * (len(phrases) - 1)) / len(phrases)
    texts = []
    for i, (lang, words) in enumerate(phrases):
        # the first phrase on the start side, the English on the end side (mirrored for RTL)
        left = i == 0 if not frame.rtl else i == len(phrases) - 1
        x = inner_x if left else inner_x + inner_w - width
        align = "left" if left else "right"  # each phrase against its own edge, whatever its direction
        element = Element(f"draft-band.{lang}", "text", (0, 0, 1, 1), role="text", color=brand.draft_band[1],
                          size=(max(1, round(TEXT_OF_BAND * height / size.scale)), 1), max_lines=1,
                          align=align, valign="middle", transform="uppercase")
        placed = place_text(frame, element, Box(x, 0, width, height), words, lang=lang)
        if placed is not None:
            texts.extend(placed.items)
    return DraftBandItem("draft-band", band, color=brand.color(brand.draft_band[0]), texts=texts)
