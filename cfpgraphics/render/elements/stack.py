"""A `kind: stack` element is a column: its children are laid out at their real height one
after another, `gap` px (at 1080) apart, and the column is aligned top, middle or bottom in the
stack's box. Short of room, the text children shrink in proportion and are laid out again.

A child with `beside: <an earlier child>` shares that child's row instead of going below it
(a unit chart beside the figure): it is placed first, in its own box, and the other child's box
ends where it begins (plus a gap), so the two never overlap; the row is as tall as the taller
of them, both aligned to the `valign` of the one beside (bottom: their bottoms line up). When
the child beside shows nothing (no value), the other keeps its whole box and the row is just it.
"""
from __future__ import annotations

from ...content.elements import Element, ElementKind
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.geometry import within
from ..layout.textblock import Placed

SHRINK_ROUNDS = 4
BESIDE_GAP = 0.04  # between the two children of a row, of the stack's width
_ALIGN = {"top": 0.0, "middle": 0.5, "bottom": 1.0}


def _x_extent(placed) -> tuple[float, float] | None:
    rects = [r for item in placed.items if (r := item.rect()) is not None]
    if not rects:
        return None
    return min(r.x for r in rects), max(r.right for r in rects)


def _making_room(box: Box, extent: tuple[float, float], gap: float) -> Box:
    """`box` shortened on the side where the child beside it stands."""
    left, right = extent
    if (left + right) / 2 >= box.x + box.w / 2:  # beside it on the right
        return Box(box.x, box.y, max(1.0, min(box.right, left - gap) - box.x), box.h)
    x = max(box.x, right + gap)
    return Box(x, box.y, max(1.0, box.right - x), box.h)


def place(frame: Frame, stack: Element, region: Box) -> Placed:
    """The stack's children (`stack: <its name>`) placed in its box, as one Placed."""
    children = frame.children.get(stack.name, [])
    names = [c.name for c in children]
    mates = {c.beside: c for c in children if c.beside in names and names.index(c.beside) < names.index(c.name)}
    parts: list[list] = []  # [child, placed, box, diagnostics, (beside child, placed, diagnostics) or None]

    def attempt(child: Element, box: Box):
        with frame.trial() as diagnostics:
            placed = frame.place(child, box)
        return placed, diagnostics

    for child in children:
        if child.beside in mates and mates[child.beside] is child:
            continue  # placed with the child it stands beside
        cbox = within(child.box, region)
        cbox = Box(cbox.x, region.y, cbox.w, cbox.h)
        mate = None
        if child.name in mates:
            other = mates[child.name]
            mbox = within(other.box, region)
            mplaced, mdiagnostics = attempt(other, Box(mbox.x, region.y, mbox.w, mbox.h))
            extent = _x_extent(mplaced) if mplaced is not None else None
            if extent is not None:
                mate = (other, mplaced, mdiagnostics)
                cbox = _making_room(cbox, extent, BESIDE_GAP * region.w)
            else:
                frame.diagnostics.extend(mdiagnostics)
        placed, diagnostics = attempt(child, cbox)
        if placed is not None:
            parts.append([child, placed, cbox, diagnostics, mate])
        else:
            frame.diagnostics.extend(diagnostics)
            if mate is not None:  # the row is the child beside alone
                parts.append([mate[0], mate[1], cbox, mate[2], None])

    def gap(child: Element) -> float:
        value = child.gap if child.gap is not None else (stack.gap or 0.0)
        return value * frame.size.scale

    def height(part) -> float:
        placed, mate = part[1], part[4]
        own = placed.bottom - placed.top
        return max(own, mate[1].bottom - mate[1].top) if mate else own

    def total() -> float:
        return sum(height(p) for p in parts) + sum(gap(p[0]) for p in parts[1:])

    for _ in range(SHRINK_ROUNDS):
        need = total()
        if need <= region.h + 0.5:
            break
        texts = sum(p[1].bottom - p[1].top for p in parts if p[1].texts and not p[1].at_min)
        if not texts:
            break
        factor = max(0.3, (region.h - (need - texts)) / texts) * 0.98
        for part in parts:
            child, placed, cbox = part[0], part[1], part[2]
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
        if part[4]:
            frame.diagnostics.extend(part[4][2])
    need = total()
    if need > region.h + 0.5:
        frame.report("overflow", stack.name, f"the elements of '{stack.name}' need {need:.0f} px of height; the "
                     f"stack has {region.h:.0f} px ({need - region.h:.0f} px too much)", "shorten the text",
                     field_name=next((p[0].field for p in parts if p[0].field), None))
    free = max(0.0, region.h - need)
    y = region.y + {"top": 0.0, "middle": free / 2, "bottom": free}.get(stack.valign, 0.0)
    items = []
    for i, part in enumerate(parts):
        child, placed, mate = part[0], part[1], part[4]
        if i:
            y += gap(child)
        row = height(part)
        f = _ALIGN.get(mate[0].valign, 0.0) if mate else 0.0
        placed.shift(y + f * (row - (placed.bottom - placed.top)) - placed.top)
        items.extend(placed.items)
        if mate:
            mplaced = mate[1]
            mplaced.shift(y + f * (row - (mplaced.bottom - mplaced.top)) - mplaced.top)
            items.extend(mplaced.items)
        y += row
    return Placed(items, region.y, region.bottom)


KIND = ElementKind("stack", frozenset({"valign"}), place)
