"""A `kind: stack` element is a column: its children are laid out at their real height one
after another, `gap` px (at 1080) apart, and the column is aligned top, middle or bottom in the
stack's box. Short of room, the text children shrink in proportion and are laid out again.

A child with `beside: <an earlier child>` shares that child's row instead of going below it
(a unit chart beside the figure): it is placed first, in its own box, and the other child's box
ends where it begins (plus a gap), so the two never overlap; the row is as tall as the taller
of them, both aligned to the `valign` of the one beside (bottom: their bottoms line up). When
the child beside shows nothing (no value), the other keeps its whole box and the row is just it.

A stack with `grow: true` (a story's, composed for its height) fills its box: its text grows,
up to each element's largest size, each child in turn from the top (the heading first) and then
all together, until the column is as tall as its room (the box less its largest gap, kept under
the column: the box ends where the logo begins). What the type cannot take (a headline held by
its longest word) is spread over the gaps, each in proportion to its own size (so what belongs
together stays together; a gap under a rule or a mark keeps its size: they introduce what
follows), and under the column, and above it when the stack is `middle`, a little less above
than below: the optical centre.

On a repeated page (a carousel slide) every page of the set takes the same type sizes, the
largest at which each of its pages fits (grown, in a growing stack), so the headings and the
body do not jump as you swipe or tap through; in a growing stack a page with fewer words sets
its paragraph on a narrower measure, so it is about as full as the fullest page.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ...content.elements import Element, ElementKind
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.geometry import within
from ..layout.textblock import Placed
from ..scene import TextItem

SHRINK_ROUNDS = 4
GROW_STEPS = 7  # halvings of the growth factor's range: 1% of the text's height is close enough
BESIDE_GAP = 0.04  # between the two children of a row, of the stack's width
OPTICAL = 0.8  # a growing `middle` column: room above it for every 1 below (above the geometric centre)
_ALIGN = {"top": 0.0, "middle": 0.5, "bottom": 1.0}
MIN_MEASURE = 0.75  # a set's page with fewer words narrows its paragraph to this much of its width, at most
SET_SLACK = 0.05  # of the canvas's height: a page of a set this much shorter than the tallest is full enough
INTRODUCERS = ("rule", "glyph")  # a bar or a quotation mark stays close to what it introduces


@dataclass
class _Part:
    child: Element
    placed: Placed
    box: Box
    diagnostics: list
    mate: tuple | None = None  # (the child beside, its Placed, its diagnostics)

    @property
    def height(self) -> float:
        own = self.placed.bottom - self.placed.top
        return max(own, self.mate[1].bottom - self.mate[1].top) if self.mate else own


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


def _attempt(frame: Frame, child: Element, box: Box):
    with frame.trial() as diagnostics:
        placed = frame.place(child, box)
    return placed, diagnostics


def _gap(frame: Frame, stack: Element, child: Element) -> float:
    value = child.gap if child.gap is not None else (stack.gap or 0.0)
    return value * frame.size.scale


def _need(frame: Frame, stack: Element, parts: list[_Part]) -> float:
    return sum(p.height for p in parts) + sum(_gap(frame, stack, p.child) for p in parts[1:])


def _pinned(child: Element, sizes: dict[str, int], frame: Frame, measure: float) -> Element:
    """The child at the set's common size, when it has one; a paragraph (text of more than one
    line) on `measure` of its width, from its start side."""
    px = sizes.get(child.name)
    if not px:
        return child
    x, y, w, h = child.box
    if child.max_lines != 1:
        x, w = (x + w * (1 - measure) if frame.rtl else x), w * measure
    scale = frame.size.scale
    return replace(child, size=(px / scale, px / scale), box=(x, y, w, h))


def _arrange(frame: Frame, stack: Element, region: Box, sizes: dict[str, int], measure: float = 1.0) -> list[_Part]:
    """The children placed at the top of the region, shrunk in proportion if short of room (a
    growing stack's room: see `_room`)."""
    children = [_pinned(c, sizes, frame, measure) for c in frame.children.get(stack.name, [])]
    names = [c.name for c in children]
    mates = {c.beside: c for c in children if c.beside in names and names.index(c.beside) < names.index(c.name)}
    parts: list[_Part] = []
    for child in children:
        if child.beside in mates and mates[child.beside] is child:
            continue  # placed with the child it stands beside
        cbox = within(child.box, region)
        # At the set's size the text takes what height it needs: the column is judged whole.
        cbox = Box(cbox.x, region.y, cbox.w, region.h if child.name in sizes else cbox.h)
        mate = None
        if child.name in mates:
            other = mates[child.name]
            mbox = within(other.box, region)
            mplaced, mdiagnostics = _attempt(frame, other, Box(mbox.x, region.y, mbox.w, mbox.h))
            extent = _x_extent(mplaced) if mplaced is not None else None
            if extent is not None:
                mate = (other, mplaced, mdiagnostics)
                cbox = _making_room(cbox, extent, BESIDE_GAP * region.w)
            else:
                frame.diagnostics.extend(mdiagnostics)
        placed, diagnostics = _attempt(frame, child, cbox)
        if placed is not None:
            parts.append(_Part(child, placed, cbox, diagnostics, mate))
        else:
            frame.diagnostics.extend(diagnostics)
            if mate is not None:  # the row is the child beside alone
                parts.append(_Part(mate[0], mate[1], cbox, mate[2]))

    height = _room(frame, stack, region, parts) if stack.grow else region.h
    for _ in range(SHRINK_ROUNDS):
        need = _need(frame, stack, parts)
        if need <= height + 0.5:
            break
        texts = sum(p.placed.bottom - p.placed.top for p in parts if p.placed.texts and not p.placed.at_min)
        if not texts:
            break
        factor = max(0.3, (height - (need - texts)) / texts) * 0.98
        for part in parts:
            if part.placed.texts and not part.placed.at_min:
                smaller = Box(part.box.x, part.box.y, part.box.w,
                              max(1.0, (part.placed.bottom - part.placed.top) * factor))
                again, diagnostics = _attempt(frame, part.child, smaller)
                if again is not None:
                    # The smaller box is the stack's guess, not the template's: whether the
                    # column fits is judged below, for the whole stack, by real heights.
                    part.placed, part.box = again, smaller
                    part.diagnostics = [d for d in diagnostics if d.code != "overflow"]
    return parts


def _stretchable(frame: Frame, stack: Element, parts: list[_Part]) -> list[float]:
    """Each child's gap above it if it may stretch (not under a rule or a mark), else 0."""
    return [_gap(frame, stack, p.child) if i and parts[i - 1].child.kind not in INTRODUCERS else 0.0
            for i, p in enumerate(parts)]


def _room(frame: Frame, stack: Element, region: Box, parts: list[_Part]) -> float:
    """The height a growing column may take: its box less its largest gap, kept free under it
    (the box ends where what follows it, the logo, begins)."""
    return region.h - max(_stretchable(frame, stack, parts), default=0.0)


def _scaled(frame: Frame, parts: list[_Part], which: list[int], factor: float, limit: float) -> list[_Part]:
    """`parts` with the children `which` laid out again in boxes `factor` times as tall as
    they are (the engine takes the largest size that fits its box)."""
    trial = list(parts)
    for i in which:
        part = parts[i]
        taller = Box(part.box.x, part.box.y, part.box.w, min(limit, (part.placed.bottom - part.placed.top) * factor))
        placed, diagnostics = _attempt(frame, part.child, taller)
        if placed is not None:
            trial[i] = _Part(part.child, placed, taller, [d for d in diagnostics if d.code != "overflow"])
    return trial


def _grow(frame: Frame, stack: Element, region: Box, parts: list[_Part]) -> list[_Part]:
    """The column with its text as large as fits its room: each text child in turn from the
    top, the heading before the words under it (so a title may take the line more it needs),
    then all of them by one common factor with what is left."""
    growing = [i for i, p in enumerate(parts) if p.placed.texts and not p.mate]
    room = _room(frame, stack, region, parts)
    for which in [*([i] for i in growing), growing]:
        need = _need(frame, stack, parts)
        texts = sum(parts[i].placed.bottom - parts[i].placed.top for i in which)
        if texts <= 0 or need >= room:
            break
        low, high = 1.0, 1.0 + (room - need) / texts * 1.5
        for _ in range(GROW_STEPS):
            factor = (low + high) / 2
            trial = _scaled(frame, parts, which, factor, region.h)
            if _need(frame, stack, trial) <= room + 0.5:
                parts, low = trial, factor
            else:
                high = factor
    return parts


def _text_sizes(parts: list[_Part]) -> dict[str, int]:
    return {p.child.name: item.layout.size for p in parts if p.child.kind == "text"
            for item in p.placed.items if isinstance(item, TextItem) and item.element == p.child.name}


def _set_sizes(frame: Frame, stack: Element, region: Box) -> tuple[dict[str, int], float]:
    """A repeated page's text sizes, shared by the set: for each child, the smallest size it
    takes (grows to, in a growing stack) on any page of the set; and the tallest column."""
    sizes: dict[str, int] = {}
    tallest = 0.0
    for item in frame.siblings:
        page = replace(frame, item=item, diagnostics=[])
        parts = _arrange(page, stack, region, {})
        parts = _grow(page, stack, region, parts) if stack.grow else parts
        tallest = max(tallest, _need(page, stack, parts))
        for name, px in _text_sizes(parts).items():
            sizes[name] = min(sizes.get(name, px), px)
    return sizes, tallest


def _splits(parts: list[_Part]) -> int:
    """How many of the parts' texts end a line inside a word or a name (no size avoids it)."""
    return sum(1 for p in parts for item in p.placed.items
               if isinstance(item, TextItem) and item.layout.splits_forced)


def _narrowed(frame: Frame, stack: Element, region: Box, sizes: dict[str, int], tallest: float,
              parts: list[_Part]) -> list[_Part]:
    """A page of a set whose words are shorter than the others' at the set's size: its
    paragraph on a narrower measure (never under MIN_MEASURE of its width), the widest at which
    the column is as tall as the set's tallest, so the page is as full as the others and its
    type the same size."""
    target = tallest - SET_SLACK * frame.size.height
    if _need(frame, stack, parts) >= target:
        return parts
    full, tallest_fit, low, high = None, parts, MIN_MEASURE, 1.0
    for measure in [MIN_MEASURE] + [None] * GROW_STEPS:
        measure = measure or (low + high) / 2
        trial = _arrange(frame, stack, region, sizes, measure)
        need = _need(frame, stack, trial)
        if need > _room(frame, stack, region, trial) + 0.5 or _splits(trial) > _splits(parts):
            low = measure  # too narrow: the column overflows, or a line must end inside a word
        elif need >= target:
            full, low = trial, measure  # full: try a wider measure
        else:
            high = measure
            if need > _need(frame, stack, tallest_fit):
                tallest_fit = trial
    return full or tallest_fit


def place(frame: Frame, stack: Element, region: Box) -> Placed:
    """The stack's children (`stack: <its name>`) placed in its box, as one Placed."""
    sizes, tallest = _set_sizes(frame, stack, region) if frame.siblings else ({}, 0.0)
    parts = _arrange(frame, stack, region, sizes)
    if stack.grow and sizes:
        parts = _narrowed(frame, stack, region, sizes, tallest, parts)
    elif stack.grow:
        parts = _grow(frame, stack, region, parts)
    for part in parts:
        frame.diagnostics.extend(part.diagnostics)
        if part.mate:
            frame.diagnostics.extend(part.mate[2])
    need = _need(frame, stack, parts)
    if need > region.h + 0.5:
        frame.report("overflow", stack.name, f"the elements of '{stack.name}' need {need:.0f} px of height; the "
                     f"stack has {region.h:.0f} px ({need - region.h:.0f} px too much)", "shorten the text",
                     field_name=next((p.child.field for p in parts if p.child.field), None))
    free = max(0.0, region.h - need)
    gaps = [0.0] + [_gap(frame, stack, p.child) for p in parts[1:]]
    extra = [0.0] * len(parts)
    if stack.grow and free:
        # Spread what the type could not fill: the gaps (not under a rule or a mark) each grow by
        # one factor 1 + k, and the room under the column (and above it, OPTICAL as much, in the
        # middle) is as tall as the largest gap has become, so no one band stands out:
        # free = k * sum(stretch) + ends * largest * (1 + k). Short of that, the room under the
        # column (up to its largest gap) comes first: it keeps the column off the logo.
        stretch = _stretchable(frame, stack, parts)
        largest = max(stretch, default=0.0)
        ends = 1 + (OPTICAL if stack.valign == "middle" else 0.0)
        k = max(0.0, (free - ends * largest) / (sum(stretch) + ends * largest)) if largest else 0.0
        extra = [g * k for g in stretch]
        below = min(free, largest * (1 + k)) if largest else free / ends
        y = region.y + free - sum(extra) - below
    else:
        y = region.y + {"top": 0.0, "middle": free / 2, "bottom": free}.get(stack.valign, 0.0)
    items = []
    for i, part in enumerate(parts):
        y += gaps[i] + extra[i]
        row = part.height
        f = _ALIGN.get(part.mate[0].valign, 0.0) if part.mate else 0.0
        part.placed.shift(y + f * (row - (part.placed.bottom - part.placed.top)) - part.placed.top)
        items.extend(part.placed.items)
        if part.mate:
            mplaced = part.mate[1]
            mplaced.shift(y + f * (row - (mplaced.bottom - mplaced.top)) - mplaced.top)
            items.extend(mplaced.items)
        y += row
    return Placed(items, region.y, region.bottom)


KIND = ElementKind("stack", frozenset({"valign", "grow"}), place)
