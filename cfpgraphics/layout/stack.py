"""A `kind: stack` element is a column: its children are laid out at their real height one
after another, `gap` px (at 1080) apart, and the column is aligned top, middle or bottom in the
stack's box. Short of room, the text children shrink in proportion and are laid out again."""
from __future__ import annotations

from ..model import Element
from ..text.model import Box
from .frame import Frame
from .geometry import element_box, within
from .place import place

SHRINK_ROUNDS = 4


def place_stack(frame: Frame, stack: Element, children: list[Element]) -> list:
    region = element_box(stack, frame.size)
    parts: list[list] = []  # [child, placed, box, diagnostics]

    def attempt(child: Element, box: Box):
        with frame.trial() as diagnostics:
            placed = place(frame, child, box)
        return placed, diagnostics

    for child in children:
        cbox = within(child.box, region)
        cbox = Box(cbox.x, region.y, cbox.w, cbox.h)
        placed, diagnostics = attempt(child, cbox)
        if placed is not None:
            parts.append([child, placed, cbox, diagnostics])
        else:
            frame.diagnostics.extend(diagnostics)

    def gap(child: Element) -> float:
        value = child.gap if child.gap is not None else (stack.gap or 0.0)
        return value * frame.size.scale

    def total() -> float:
        return sum(p.bottom - p.top for _, p, _, _ in parts) + sum(gap(c) for c, _, _, _ in parts[1:])

    for _ in range(SHRINK_ROUNDS):
        need = total()
        if need <= region.h + 0.5:
            break
        texts = sum(p.bottom - p.top for _, p, _, _ in parts if p.texts and not p.at_min)
        if not texts:
            break
        factor = max(0.3, (region.h - (need - texts)) / texts) * 0.98
        for part in parts:
            child, placed, cbox, _ = part
            if placed.texts and not placed.at_min:
                smaller = Box(cbox.x, cbox.y, cbox.w, max(1.0, (placed.bottom - placed.top) * factor))
                again, diagnostics = attempt(child, smaller)
                if again is not None:
                    # The smaller box is the stack's guess, not the template's: whether the
                    # column fits is judged below, for the whole stack, by real heights.
                    kept = [d for d in diagnostics if d.code != "overflow"]
                    part[1], part[2], part[3] = again, smaller, kept
    for part in parts:
        frame.diagnostics.extend(part[3])
    need = total()
    if need > region.h + 0.5:
        frame.report("overflow", stack.name, f"the elements of '{stack.name}' need {need:.0f} px of height; the "
                     f"stack has {region.h:.0f} px ({need - region.h:.0f} px too much)", "shorten the text",
                     field_name=next((c.field for c, _, _, _ in parts if c.field), None))
    free = max(0.0, region.h - need)
    y = region.y + {"top": 0.0, "middle": free / 2, "bottom": free}.get(stack.valign, 0.0)
    items = []
    for i, (child, placed, _, _) in enumerate(parts):
        if i:
            y += gap(child)
        placed.shift(y - placed.top)
        y = placed.bottom
        items.extend(placed.items)
    return items
