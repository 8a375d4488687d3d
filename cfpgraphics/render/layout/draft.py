"""The draft band: an output made from a `status: draft` translation says so on the image.

A band across the top margin (outside the safe area, so it covers none of the design) in the
brand's `draft_band` colours, with "draft, not for posting" in the graphic's language on the
start side and in English on the end side (English alone on an English draft). The words come
from `phrases: draft:` in brand/brand.yaml; a language with none there (one just started with
`translate new`) gets the English alone, which always says it: no translator has to do
anything for the band to be right.
"""
from __future__ import annotations

from ...content.elements import Element
from ..scene import DraftBandItem
from ...text.types import Box
from .frame import Frame
from .textblock import place_text

BAND_OF_MARGIN = 0.8  # the band's height, of the canvas's margin (65 px at 1080)
TEXT_OF_BAND = 0.42  # the words' size, of the band's height (never below the legible minimum)


def band_phrases(frame: Frame) -> list[tuple[str, str]]:
    """(language, words) to show, the graphic's language first."""
    english = frame.brand.phrase("draft", "en") or "Draft, not for posting"
    local = frame.brand.phrase("draft", frame.lang)
    if frame.lang.split("-")[0] == "en" or not local or local == english:
        return [("en", english)]
    return [(frame.lang, local), ("en", english)]


def place_draft_band(frame: Frame) -> DraftBandItem:
    size, brand = frame.size, frame.brand
    height = min(size.margin, max(round(BAND_OF_MARGIN * size.margin), round(1.5 * size.min_text)))
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
