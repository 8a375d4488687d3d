"""A list set in columns (`list_style: columns`, `columns: N`): each item a block of its own, at
one common size (the largest at which every column fits its box), the items flowing down the
first column, then the next, as evenly as their heights allow; the block aligned `valign` in
its box.

A list that is not translated (the coalition's names, `translate: false`) is Latin text in any
layout: it is set as its own left-to-right block, in English, columns running left to right,
also inside a right-to-left (Arabic) layout.
"""
from __future__ import annotations

from dataclasses import replace

from ...content.elements import Element
from ...text.fit import largest_fitting
from ...text.fonts import NoFontError
from ...text.types import Box
from ..scene import shift_layout
from .frame import Frame
from .textblock import Placed, report_no_font, text_item
from .styles import text_style

ITEM_GAP = 0.3  # between items in a column, in ems (added to the line spacing, baseline to baseline)
COLUMN_GAP = 0.05  # between columns, of the box's width


def _split(pitches: list[float], columns: int) -> list[int]:
    """Where each column starts: items in order (each taking its pitch: its lines and the step
    to the next), each column as near the average height as can be."""
    target = sum(pitches) / columns
    starts, height = [0], 0.0
    for i, h in enumerate(pitches):
        if height and len(starts) < columns and height + h / 2 > target:
            starts.append(i)
            height = 0.0
        height += h
    return starts


def place_columns(frame: Frame, element: Element, box: Box, texts: list[str]) -> Placed | None:
    spec = frame.template.fields.get(element.field)
    own_block = spec is not None and not spec.translate  # untranslated Latin names: LTR, in English
    lang = "en" if own_block else frame.lang
    rtl = frame.rtl and not own_block
    columns = max(1, min(element.columns, len(texts)))
    base = text_style(element, frame.brand, frame.fonts, frame.size)
    base = replace(base, align="left" if own_block else base.align, valign="top", max_lines=None)
    col_gap = COLUMN_GAP * box.w
    col_w = (box.w - col_gap * (columns - 1)) / columns

    def step(px: int) -> float:  # first baseline of an item below the last baseline of the one before
        return px * (base.line_height + ITEM_GAP)

    def column_height(layouts, px) -> float:
        if not layouts:
            return 0.0
        spans = sum(l.lines[-1].baseline - l.lines[0].baseline for l in layouts)
        return layouts[0].lines[0].ascent + spans + step(px) * (len(layouts) - 1) + layouts[-1].lines[-1].descent

    def attempt(px: int):
        style = replace(base, max_size=px, min_size=px)
        layouts = [frame.layout(text, style, Box(box.x, box.y, col_w, box.h), lang) for text in texts]
        if not all(l.lines for l in layouts):
            return False, layouts, [0], px
        spans = [l.lines[-1].baseline - l.lines[0].baseline for l in layouts]
        starts = _split([span + step(px) for span in spans], columns)
        ends = starts[1:] + [len(layouts)]
        tallest = max(column_height(layouts[a:b], px) for a, b in zip(starts, ends))
        return all(l.fits for l in layouts) and tallest <= box.h + 0.5, layouts, starts, px

    try:
        ok, layouts, starts, px = largest_fitting(base.min_size, base.max_size, attempt, lambda trial: trial[0])
    except NoFontError as exc:
        report_no_font(frame, element.name, exc)
        return None
    if not ok:
        frame.report("overflow", element.name, f"'{element.field}' does not fit its {columns} columns even at "
                     f"{base.min_size} px", "shorten the list, or give it more room in the template",
                     field_name=element.field)
    items: list = []
    ends = starts[1:] + [len(layouts)]
    top = bottom = box.y
    for column, (a, b) in enumerate(zip(starts, ends)):
        index = columns - 1 - column if rtl else column
        x = box.x + index * (col_w + col_gap)
        baseline = box.y + (layouts[a].lines[0].ascent if a < b and layouts[a].lines else 0.0)
        for i in range(a, b):
            layout = layouts[i]
            if not layout.lines:
                continue
            for missing in dict.fromkeys(m.text for m in layout.missing):
                frame.report("missing-glyph", f"{element.name}.{i + 1}",
                             f"no font has a glyph for {missing} in '{element.field}'", field_name=element.field)
            shift_layout(layout, x - box.x, baseline - layout.lines[0].baseline)
            items.append(text_item(frame, element, layout, f"{element.name}.{i + 1}"))
            bottom = max(bottom, layout.ink_bottom)
            baseline = layout.lines[-1].baseline + step(px)
    if layouts:
        top = min(l.ink_top for l in layouts)
    placed = Placed(items, top, bottom, texts=1, at_min=px <= base.min_size)
    free = max(0.0, box.bottom - bottom)  # the block aligned in its box (a stack aligns it itself)
    placed.shift({"middle": free / 2, "bottom": free}.get(element.valign, 0.0))
    return placed
