"""One message in every language (`kind: languages`): a grid of cells, one per language (the
`cells` content/messages.py made from another graphic's translations), `columns` across, filled in rows.

Each cell: a hairline across its top (`rule_color`), the language's name in itself as a small
label (`label_color`, the label role, `label_size` px at 1080 and never under the canvas's
legible minimum; 27 by default: a 10 px em in a feed 400 px wide, the floor of its Arabic, CJK,
Khmer and Lao names, render/legibility.py), and the message below it, in its own language: its own script, fonts, line breaks and direction (an
Arabic cell is set right to left, against its right edge). In a right-to-left image (the Arabic
one) the cells run right to left too, the first at the top right, as its reader reads. Every message is set at one common
size, the largest at which every cell fits its column and the rows fit the box, so no language
looks louder than another, and no word is cut between letters to fit a narrow cell; each row
is as tall as its tallest cell.
"""
from __future__ import annotations

from dataclasses import replace
from math import ceil

from ...content.messages import CELLS
from ...content.contrast import AA_TEXT, type_pairs
from ...content.elements import TYPE, Element, ElementKind
from ..scene import RuleItem, shift_layout
from ...text.engine import lone_last_word
from ...text.fit import largest_fitting
from ...text.fonts import NoFontError
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.textblock import Placed, report_no_font, text_item
from ..layout.styles import field_text, text_style

COLUMN_GAP = 46  # between columns, px at 1080 (a 20th of a square's safe width): a fixed gutter, so five
# columns across an X post (1600 wide) keep their width for words at a legible size in its feed
ROW_GAP = 34  # between rows, px at 1080
LABEL_PX = 27  # the label's size without `label_size:`, px at 1080 (never under the canvas's legible minimum)
RULE = 2  # the hairline, px at 1080
RULE_GAP = 14  # hairline to label, px at 1080
LABEL_GAP = 0.3  # label to message, in ems of the message
FLAW_SHRINK = 0.75  # the common size may get this much smaller so that no cell has a lone word
_TALL = 100000.0  # a box with no height limit: the grid measures heights itself


def place_languages(frame: Frame, element: Element, box: Box) -> Placed | None:
    cells = frame.values.get(CELLS) or []
    if not cells:
        frame.report("message", element.name, f"no language has the text '{frame.value(element.field)}' names",
                     "name a graphic and field that has translations, e.g. community-over-cages/quote",
                     field_name=element.field)
        return None
    scale = frame.size.scale
    row_gap, rule_h, rule_gap = ROW_GAP * scale, max(1.0, RULE * scale), RULE_GAP * scale
    base = replace(text_style(element, frame.brand, frame.fonts, frame.size), valign="top", max_lines=None)
    label_px = max(frame.size.min_text, round((element.label_size or LABEL_PX) * scale))
    label_style = replace(text_style(element, frame.brand, frame.fonts, frame.size, fixed=label_px, role="label"),
                          valign="top", max_lines=1, transform="none", wrap="balance", features=())

    def fit(columns: int):
        """The grid in `columns` columns: (ok, texts, px, labels, x_of, heights, col_w)."""
        rows = ceil(len(cells) / columns)
        col_gap = COLUMN_GAP * frame.size.scale
        col_w = (box.w - col_gap * (columns - 1)) / columns
        # a last row with fewer cells than columns is centred under the others (no hole at its end)
        short = len(cells) % columns
        indent = (columns - short) * (col_w + col_gap) / 2 if short else 0.0

        def x_of(i: int) -> float:
            last_row = short and i >= len(cells) - short
            column = i % columns
            if frame.rtl:  # a right-to-left reader starts at the top right: the cells run right to left
                column = (short if last_row else columns) - 1 - column
            return box.x + column * (col_w + col_gap) + (indent if last_row else 0.0)

        labels = [frame.layout(c["label"], label_style, Box(x_of(i), 0, col_w, _TALL), c["lang"])
                  for i, c in enumerate(cells)]

        def cell_height(i: int, text) -> float:
            label = labels[i]
            return rule_h + rule_gap + (label.ink_bottom - label.ink_top) + LABEL_GAP * text.size + (
                text.ink_bottom - text.ink_top)

        def heights(texts) -> list[float]:
            return [max(cell_height(i, texts[i]) for i in range(r * columns, min(len(cells), (r + 1) * columns)))
                    for r in range(rows)]

        def attempt(px: int):
            style = replace(base, max_size=px, min_size=px)
            texts = [frame.layout(field_text(c["text"]), style, Box(x_of(i), 0, col_w, _TALL), c["lang"])
                     for i, c in enumerate(cells)]
            whole = all(t.fits and t.lines and not t.emergency_breaks for t in texts)  # no word cut to fit a cell
            ok = whole and sum(heights(texts)) + row_gap * (rows - 1) <= box.h + 0.5
            return ok, texts, px

        ok, texts, px = largest_fitting(base.min_size, base.max_size, attempt, lambda trial: trial[0])
        if ok and any(lone_last_word(t) for t in texts):
            # a word alone on a cell's line ("Komunidad, / hindi / kulungan") comes and goes as the
            # size moves: the largest size a little smaller with none in any cell, if there is one
            floor = max(base.min_size, frame.size.min_text, round(px * FLAW_SHRINK))  # never under the legible
            for smaller in range(px - 1, floor - 1, -1):
                trial = attempt(smaller)
                if trial[0] and not any(lone_last_word(t) for t in trial[1]):
                    ok, texts, px = trial
                    break
        return ok, texts, px, labels, x_of, heights, col_w, columns

    try:
        columns = max(1, min(element.columns, len(cells)))
        grid = fit(columns)
        # more languages than the template's columns hold (one added later): a column more,
        # rather than type over the box; while the template's count fits, every language's
        # image keeps it, so the set reads as one design
        if not grid[0] and columns < len(cells):
            wider = fit(columns + 1)
            if wider[0]:
                grid = wider
    except NoFontError as exc:
        report_no_font(frame, element.name, exc)
        return None
    ok, texts, px, labels, x_of, heights, col_w, columns = grid
    if not ok:
        frame.report("overflow", element.name, f"the {len(cells)} languages of '{element.field}' do not fit "
                     f"{columns} columns even at {base.min_size} px", "give the grid more room in the template, "
                     "or more columns", field_name=element.field)
    rule_color = frame.color(element.rule_color, frame.brand.color(element.color))
    label_element = replace(element, color=element.label_color or element.color, emphasis_color=None)
    items: list = []
    y = box.y
    for r, row_h in enumerate(heights(texts)):
        for i in range(r * columns, min(len(cells), (r + 1) * columns)):
            lang, label, text = cells[i]["lang"], labels[i], texts[i]
            name = f"{element.name}.{lang}"
            items.append(RuleItem(f"{name}.rule", Box(x_of(i), y, col_w, rule_h), color=rule_color))
            top = y + rule_h + rule_gap
            shift_layout(label, 0, top - label.ink_top)
            items.append(text_item(frame, label_element, label, f"{name}.label"))
            shift_layout(text, 0, label.ink_bottom + LABEL_GAP * text.size - text.ink_top)
            for missing in dict.fromkeys(m.text for m in text.missing + label.missing):
                frame.report("missing-glyph", name, f"no font has a glyph for {missing} in {lang}",
                             field_name=element.field)
            items.append(text_item(frame, element, text, name))
        y += row_h + row_gap
    bottom = y - row_gap
    placed = Placed(items, box.y, bottom, texts=1, at_min=px <= base.min_size)
    free = max(0.0, box.bottom - bottom)  # the grid aligned in its box (a stack aligns it itself)
    placed.shift({"middle": free / 2, "bottom": free}.get(element.valign, 0.0))
    return placed


def contrast(element: Element, grounds: list[str], brand) -> list:
    """The language names are small: always AA for text; then the message as type."""
    under = [element.fill] if element.fill else grounds
    names = [("language name", element.label_color or element.color, bg, AA_TEXT) for bg in under]
    return names + type_pairs(element, grounds, brand)


# the language names over the cells are set in the label role
KIND = ElementKind("languages", TYPE | {"field", "emphasis_color", "wrap", "columns", "label_color", "rule_color",
                                  "label_size"},
                   place_languages, lambda element: {element.role, "label"}, contrast)
