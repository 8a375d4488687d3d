"""layout_text(): text + style + box -> LaidOutText. A pure function; only drawing touches pixels.

Steps (see DESIGN.md): prepare (markup, NFC, case) -> itemize (bidi, fonts) -> break
opportunities (ICU) -> measure segments once per em -> fit (largest size whose greedy fill fits
width, lines and height) -> choose breaks (balanced/pretty) -> place lines (re-measured at the
real size, bidi-reordered per line, aligned by the language's direction).
"""
from __future__ import annotations

import math
import re

import unicodedata
from dataclasses import dataclass, replace

from .lang import CJK_SCRIPTS, KOREAN_SCRIPTS, NO_SPACE_SCRIPTS, is_rtl, script_of
from .breaks import GLUE, HYPHEN, INWORD, NAME, QUOTE, SYLLABLE, break_opportunities, phrase_ranges
from .fit import largest_fitting, one_size
from .fonts import NoFontError
from .itemize import Item, itemize
from .linebreak import (LONE_LAST_WORD, LONE_SHORT_WORD, Segment, break_cost, greedy,
                        is_lone_short_word, letters, line_width, optimal, short_word_letters)
from .markup import EMPHASIS, HIGHLIGHT, StyledText, prepare
from .measure import measure, measure_em, shaped
from .types import Box, LaidOutText, Line, Overflow, Run, TextStyle
from .lru import LeastRecentlyUsed
from .unicode import BreakIterators, bidi_levels, grapheme_bounds, icu_boundaries, visual_order

INK_GAP = 0.06  # em of clear space kept between the ink of two lines (stacked marks, subscripts)
PHRASE_SHRINK = 0.85  # keeping phrases and words whole may cost up to 15% of the size, no more
FLAW_SHRINK = 0.85  # a headline may get up to 15% smaller to lose a lone word or a bad break
CJK_FLAW_SHRINK = 0.7  # ... a Chinese or Japanese one up to 30%: it may not split a word instead
SHRINK_COST = 3.0  # ... each 1% smaller costing 0.03: 15% smaller is worth a lone word and a half
MIN_LAST_CHARS = {"balance": 4, "pretty": 3}  # Chinese and Japanese: the shortest last line (no 持續 alone)
UNBOUNDED = 1e6  # a box height that holds any text
SPLITS = frozenset({NAME, INWORD, SYLLABLE})  # inside a name or a word: only where no size avoids it


def shrink_cost(size: int, full: int) -> float:
    """What setting display type at `size` instead of `full` costs, in flaw units."""
    return SHRINK_COST * (1 - size / full)


@dataclass
class _Fit:
    size: int
    segments: list[Segment]
    ends: list[int]
    overflow: Overflow | None


class _Paragraph:
    """The prepared text with its runs; measures any range per em, with a cache."""

    def __init__(self, text: str, lang: str, items: list[Item], features: tuple[str, ...], hanging: str = ""):
        self.text, self.lang, self.items, self.features = text, lang, items, features
        self.hanging = hanging
        self._segments: dict[tuple, list[Segment]] = {}  # (breaks, emergency) -> segments
        self._inks: dict[tuple[int, int], tuple[float, float]] = {}  # (start, end) -> ink per em

    def hangs(self, i: int) -> bool:
        """Is text[i] dropped when a line ends after it (a space, or a list's separator)?"""
        return self.text[i].isspace() or self.text[i] in self.hanging

    def content_end(self, start: int, end: int) -> int:
        """Where the drawn part of text[start:end] ends on a line that ends at `end`."""
        while end > start and self.hangs(end - 1):
            end -= 1
        return end

    def pieces(self, start: int, end: int) -> list[tuple[Item, int, int]]:
        return [(item, max(start, item.start), min(end, item.end))
                for item in self.items if item.start < end and item.end > start]

    def advance_em(self, start: int, end: int) -> float:
        """Advance per em of text[start:end], each run's piece shaped on its own."""
        return sum(measure_em(item.face, self.text[a:b], item.rtl, self.lang, self.features).advance
                   for item, a, b in self.pieces(start, end))

    def ink_em(self, start: int, end: int) -> tuple[float, float]:
        """(above, below) the baseline per em of the ink of text[start:end]; fitting asks for
        the same lines at many sizes, so each range is measured once."""
        cached = self._inks.get((start, end))
        if cached is None:
            top = bottom = 0.0
            for item, a, b in self.pieces(start, end):
                m = measure_em(item.face, self.text[a:b], item.rtl, self.lang, self.features)
                top, bottom = max(top, m.ink_top), max(bottom, m.ink_bottom)
            cached = self._inks[(start, end)] = (top, bottom)
        return cached

    def segments(self, breaks, bounds: list[int] | None = None) -> list[Segment]:
        """One segment per break opportunity, per em; with `bounds`, long words are also cut
        into grapheme clusters (emergency breaks). Per em widths scale linearly with the size
        (shaping is unhinted), so each set of breaks is measured once."""
        key = (tuple(breaks), bounds is not None)
        cached = self._segments.get(key)
        if cached is None:
            cached = self._segments[key] = self._measure_segments(breaks, bounds)
        return cached

    def _measure_segments(self, breaks, bounds: list[int] | None) -> list[Segment]:
        out = []
        start = 0
        for brk in breaks:
            end = brk.offset
            content_end = self.content_end(start, end)
            width = self.advance_em(start, content_end)
            # A space's advance depends on its neighbours' script (a space between Hangul
            # words is wider than one alone), so measure it in context, not by itself.
            space = self.advance_em(start, end) - width if end > content_end else 0.0
            out.append(Segment(start, end, width, space, brk.kind, chars=_visible(self.text[start:content_end]),
                               letters=letters(self.text[start:content_end])))
            start = end
        if bounds is None:
            return out
        return [piece for seg in out for piece in self._split_clusters(seg, bounds)]

    def _split_clusters(self, seg: Segment, bounds: list[int]) -> list[Segment]:
        text = self.text
        inner = [b for b in bounds if seg.start < b < seg.end and not text[b - 1].isspace()
                 and not text[b].isspace() and not _inside_number(text, b)]
        if not inner:
            return [seg]
        edges = [seg.start, *inner]
        pieces = [Segment(a, b, self.advance_em(a, b), 0.0, "emergency", word=False)
                  for a, b in zip(edges, edges[1:])]
        last = Segment(edges[-1], seg.end, seg.width - sum(p.width for p in pieces), seg.space,
                       seg.break_kind)
        return [*pieces, last]


def _visible(text: str) -> int:
    """Characters a reader counts: not spaces, not combining marks."""
    return sum(1 for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("M"))


def _inside_number(text: str, i: int) -> bool:
    """Would a break before text[i] split a number such as 1.234.567 or 31/12/2025?"""
    before, after = text[i - 1], text[i]
    return (before.isdigit() and (after.isdigit() or after in ".,:/%")) or \
        (after.isdigit() and before in ".,:/+-$€£¥₱")


def _block_height(para: _Paragraph, segments: list[Segment], ends: list[int], size: float,
                  line_height: float) -> float:
    inks = []
    start = 0
    for end in ends:
        top, bottom = para.ink_em(segments[start].start, segments[end - 1].end)
        inks.append((top * size, bottom * size))
        start = end
    advance = _line_advance(inks, size, line_height)
    return inks[0][0] + advance * (len(inks) - 1) + inks[-1][1]


def _line_advance(inks: list[tuple[float, float]], size: float, line_height: float) -> float:
    """One baseline-to-baseline distance for the whole block (even leading), widened where the
    ink of two neighbouring lines would otherwise touch."""
    advance = line_height * size
    for (_, below), (above, _) in zip(inks, inks[1:]):
        advance = max(advance, below + above + INK_GAP * size)
    return advance


def _try(para: _Paragraph, segments: list[Segment], size: int, style: TextStyle, box: Box) -> _Fit:
    ends = greedy(segments, box.w, size)
    start = 0
    widest, widest_text = 0.0, ""
    for end in ends:
        w = line_width(segments, start, end, size)
        if w > widest:
            widest, widest_text = w, para.text[segments[start].start:segments[end - 1].end].strip()
        start = end
    overflow = None
    if widest > box.w + 0.5:
        overflow = Overflow("width", widest - box.w,
                            f"'{widest_text}' is {widest:.0f} px wide at {size} px; the box is {box.w:.0f} px")
    elif style.max_lines and len(ends) > style.max_lines:
        overflow = Overflow("lines", len(ends) - style.max_lines,
                            f"needs {len(ends)} lines at {size} px; at most {style.max_lines} allowed")
    else:
        height = _block_height(para, segments, ends, size, style.line_height)
        if height > box.h + 0.5:
            overflow = Overflow("height", height - box.h,
                                f"needs {height:.0f} px of height at {size} px; the box has {box.h:.0f} px "
                                f"({height - box.h:.0f} px too much)")
    return _Fit(size, segments, ends, overflow)


def _fit(para: _Paragraph, breaks, style: TextStyle, box: Box) -> _Fit:
    """Estimate: the largest size whose greedy fill of per-em widths fits (or the minimum, with
    its overflow). `_settle` checks it at the real size and decides on emergency breaks."""
    segments = para.segments(breaks)
    return largest_fitting(style.min_size, style.max_size, lambda size: _try(para, segments, size, style, box),
                           lambda fit: fit.overflow is None)


def _lone_words(lang: str) -> bool:
    """Is one word alone on a line a flaw? Not in Korean, where each spaced unit (eojeol) is a
    word with its particles, a phrase of its own."""
    return script_of(lang) not in KOREAN_SCRIPTS


def _min_last_chars(lang: str, style: TextStyle) -> int:
    return MIN_LAST_CHARS.get(style.wrap, 0) if script_of(lang) in CJK_SCRIPTS else 0


def _line_ends(para: _Paragraph, fit: _Fit, style: TextStyle, box: Box) -> list[int]:
    """Where each line ends (segment indices): the greedy count of lines, balanced or pretty."""
    if len(fit.ends) <= 1:
        return fit.ends
    return optimal(fit.segments, box.w, fit.size, len(fit.ends), style.wrap, _min_last_chars(para.lang, style),
                   _lone_words(para.lang), short_word_letters(para.lang) if style.wrap == "balance" else 0)


def _ending(segments: list[Segment], end: int) -> str:
    """The class of the break that ends a line at segment index `end`: "end" for the last."""
    return "end" if end == len(segments) else segments[end - 1].break_kind


def _place(para: _Paragraph, fit: _Fit, style: TextStyle, box: Box, rtl: bool) -> list[Line]:
    size = fit.size
    ends = _line_ends(para, fit, style, box)
    lines: list[Line] = []
    start = 0
    for end in ends:
        first, last = fit.segments[start], fit.segments[end - 1]
        a, b = first.start, last.end
        b = para.content_end(a, b)
        pieces = para.pieces(a, b)
        order = visual_order([item.level for item, _, _ in pieces])
        runs, x = [], 0.0
        top = bottom = 0.0
        for index in order:
            item, pa, pb = pieces[index]
            m = measure(item.face, para.text[pa:pb], item.rtl, para.lang, para.features, size)
            runs.append(Run(para.text[pa:pb], pa, pb, item.face.key, x, m.advance, item.rtl,
                            tuple(sorted(item.styles)),
                            shaped(item.face, para.text[pa:pb], item.rtl, para.lang, para.features)))
            x += m.advance
            top, bottom = max(top, m.ink_top), max(bottom, m.ink_bottom)
        if not pieces:  # an empty line between two hard breaks
            ascender, descender = para.items[0].face.metrics if para.items else (0.8, 0.2)
            top, bottom = ascender * size, descender * size
        kind = _ending(fit.segments, end)
        lines.append(Line(para.text[a:b], a, b, 0.0, 0.0, x, top, bottom, rtl, runs,
                          break_class=kind, break_cost=break_cost(kind, style.wrap)))
        start = end
    _position(lines, style, box, rtl, size)
    return lines


def _position(lines: list[Line], style: TextStyle, box: Box, rtl: bool, size: int) -> None:
    if not lines:
        return
    advance = _line_advance([(l.ascent, l.descent) for l in lines], size, style.line_height)
    height = lines[0].ascent + advance * (len(lines) - 1) + lines[-1].descent
    free = box.h - height
    top = box.y + {"top": 0.0, "middle": free / 2, "bottom": free}.get(style.valign, 0.0)
    if free < 0:
        top = box.y  # an overflowing block starts at the top of its box and is reported
    align = {"start": "right" if rtl else "left", "end": "left" if rtl else "right"}.get(style.align, style.align)
    baseline = top + lines[0].ascent
    for line in lines:
        offset = {"left": 0.0, "right": box.w - line.width, "center": (box.w - line.width) / 2}[align]
        line.x = box.x + offset
        line.baseline = baseline
        for run in line.runs:
            run.x += line.x
        baseline += advance


def _placed_overflow(lines: list[Line], box: Box, size: int) -> Overflow | None:
    """What the placed lines, measured at their real size, overrun."""
    widest = max(lines, key=lambda l: l.width)
    if widest.width > box.w + 0.5:
        return Overflow("width", widest.width - box.w,
                        f"'{widest.text}' is {widest.width:.0f} px wide at {size} px; the box is {box.w:.0f} px")
    top = lines[0].baseline - lines[0].ascent
    bottom = lines[-1].baseline + lines[-1].descent
    if bottom - top > box.h + 0.5:
        excess = bottom - top - box.h
        return Overflow("height", excess, f"needs {bottom - top:.0f} px of height at {size} px; the box has "
                                          f"{box.h:.0f} px ({excess:.0f} px too much)")
    return None


def _settle(para: _Paragraph, breaks, bounds, style: TextStyle, box: Box, rtl: bool,
            size: int) -> tuple[_Fit, list[Line], bool]:
    """From the estimated size down: break, place (ink measured at the real size, rounded out
    to whole pixels, so a little taller than per em), and keep the first size whose placed
    lines truly fit. At the minimum, try breaking inside words; if nothing fits, report the
    overflow."""
    emergency = False
    while True:
        segments = para.segments(breaks, bounds if emergency else None)
        fit = _try(para, segments, size, style, box)
        lines = _place(para, fit, style, box, rtl)
        if fit.overflow is None:
            fit.overflow = _placed_overflow(lines, box, size)
        if fit.overflow is None:
            return fit, lines, emergency
        if size > style.min_size:
            size -= 1
        elif not emergency and fit.overflow.reason == "width":
            emergency = True  # breaking inside words only helps a word wider than the box
        else:
            return fit, lines, emergency


FLAWED_BREAKS = ("glue", "hyphen", "quote", "name", "inword", "syllable", "emergency")  # display type avoids these


def _flaws(lines: list[Line], lang: str, words: int, short: bool = True) -> float:
    """How much a typesetter would reject in a display layout: lines that end at a flawed break
    (by its cost), and a one-word first or last line (in a language that spaces its words, of
    three words or more: fewer lines, or a size at which it fits on one, may lose it), or a
    Chinese or Japanese last line of under MIN_LAST_CHARS characters (之一 alone), or (with
    `short`) any other line of one short word (linebreak.SHORT_WORD_LETTERS)."""
    if len(lines) < 2:
        return 0.0
    flaws = sum(line.break_cost for line in lines[:-1] if line.break_class in FLAWED_BREAKS)
    charged = _lone_ends(lines, lang, words)
    flaws += LONE_LAST_WORD * len(charged)  # (LONE_FIRST_WORD costs the same)
    return flaws + (LONE_SHORT_WORD * len(set(lone_short_lines(lines, lang)) - charged) if short else 0.0)


def _lone_ends(lines, lang: str, words: int) -> set[int]:
    """The lines charged as a lone first or last word (or a short Chinese last line): those have
    their own budget (FLAW_SHRINK), and are not charged again as a lone short word."""
    charged: set[int] = set()
    if len(lines) < 2:
        return charged
    if script_of(lang) not in NO_SPACE_SCRIPTS and _lone_words(lang) and words >= 3:
        # (a name's own first word, at the break its brand kit entry allows, is no flaw)
        if len(lines[0].text.split()) == 1 and lines[0].break_class != "joint":
            charged.add(0)
        if len(lines[-1].text.split()) == 1 and lines[-2].break_class != "joint":
            charged.add(len(lines) - 1)
    if script_of(lang) in CJK_SCRIPTS and _visible(lines[-1].text) < MIN_LAST_CHARS["balance"]:
        charged.add(len(lines) - 1)
    return charged


def lone_short_lines(lines, lang: str) -> list[int]:
    """Indices of the lines that hold one short word alone (linebreak.SHORT_WORD_LETTERS): only
    lines of a paragraph that was broken (a line between two hard breaks is a whole paragraph,
    an item of a list: no lone word of the breaker's making)."""
    found = []
    for i, line in enumerate(lines):
        starts = i == 0 or lines[i - 1].break_class == "hard"
        ends = line.break_class in ("hard", "end")
        if not (starts and ends) and is_lone_short_word(line.text, lang):
            found.append(i)
    return found


def layout_flaws(layout: LaidOutText) -> float:
    """What a typesetter would reject in a laid-out text (see _flaws): 0 for none. For callers
    that choose one size for several texts (numbered points)."""
    return _flaws(layout.lines, layout.lang, len(layout.text.split()))


def lone_last_word(layout: LaidOutText) -> bool:
    """A last line of one word under a text of more (a typesetter's widow): in a language that
    spaces its words, one spaced word ("Komunidad, hindi / kulungan"); in Chinese or Japanese,
    under MIN_LAST_CHARS characters; in Khmer, Lao or Thai, one dictionary word (ICU's word
    boundaries). Never in Korean, where each spaced unit is a phrase of its own."""
    if len(layout.lines) < 2:
        return False
    last, script = layout.lines[-1].text.strip(), script_of(layout.lang)
    if script in KOREAN_SCRIPTS:
        return False
    if script in CJK_SCRIPTS:
        return _visible(last) < MIN_LAST_CHARS["balance"]
    if script in NO_SPACE_SCRIPTS:
        words = [w for w in re.split(r"\s+", last) if w]
        if len(words) > 1:
            return False
        ends = [offset for offset, status in icu_boundaries(BreakIterators().word(layout.lang), last) if status]
        return len(ends) <= 1
    return len(last.split()) == 1


def _phrases(styled: StyledText) -> tuple[tuple[int, int], ...]:
    """Short quoted or emphasised phrases: better kept on one line."""
    marked: list[tuple[int, int]] = []
    for start, end, styles in styled.spans:
        if styles & {EMPHASIS, HIGHLIGHT}:
            if marked and marked[-1][1] == start:
                marked[-1] = (marked[-1][0], end)
            else:
                marked.append((start, end))
    return tuple(phrase_ranges(styled.text, tuple(marked)))


def _avoid_bad_breaks(para: _Paragraph, breaks, style: TextStyle, box: Box, lang: str):
    """Breaks to use, and the estimated fit with them. First without breaks inside names,
    words, phrases, after hyphens and (in display type) after function words, if the text
    still fits without them at no less than PHRASE_SHRINK of the size; then without breaks
    inside names and words (SPLITS) at any size in the style's range ("take one size smaller
    before you split a word"); then without breaks inside names; else all (a word or a name is
    split only where no size fits without: the audit counts that apart, as forced)."""
    estimate = _fit(para, breaks, style, box)
    if estimate.overflow is not None:
        return breaks, estimate
    worst = SPLITS | {QUOTE, HYPHEN} | ({GLUE} if style.wrap == "balance" else set())
    for avoided, least in ((worst, PHRASE_SHRINK * estimate.size), (SPLITS, 0), ({NAME}, 0)):
        fewer = [b for b in breaks if b.kind not in avoided]
        if len(fewer) == len(breaks):
            continue
        kept = _fit(para, fewer, style, box)
        if kept.overflow is None and kept.size >= least:
            return fewer, kept
    return breaks, estimate


SET_SIZES_KEPT = 64  # sets of texts whose one size a typesetter remembers (a kit per language and size)
LAID_OUT_KEPT = 1024  # layouts a typesetter remembers: a few MB, each is a few lines of runs
PREPARED_KEPT = 8192  # prepared paragraphs it remembers (a build prepares about 1,500 texts)


class Typesetter:
    """What many layouts share, held by whoever lays out many texts (a worker, through its
    asset store): ICU's break iterators; each text prepared once (itemized, shaped, its breaks
    found: all that does not depend on the box), so fitting it to many boxes and sizes repeats
    none of it; and the latest layouts, handed back as copies (the draft band, a source line, a
    name list come back to the same box output after output: half of all layouts in a build).
    Keys hold the style, whose font stack compares its faces by identity, so a replaced font
    file (a new face) never meets an old entry."""

    def __init__(self, laid_out_kept: int = LAID_OUT_KEPT, prepared_kept: int = PREPARED_KEPT):
        self.iterators = BreakIterators()
        self.prepared = LeastRecentlyUsed(prepared_kept)
        self.laid_out = LeastRecentlyUsed(laid_out_kept)
        self.set_sizes = LeastRecentlyUsed(SET_SIZES_KEPT)  # one_size: a set of texts' one size

    def one_size(self, sources: tuple[str, ...], style: TextStyle, box: Box, lang: str) -> int | None:
        """`one_size`, remembered: the cards of a kit ask for their set's size one after another."""
        key = (sources, lang, box, style)
        size = self.set_sizes.get(key)
        if size is None:
            size = self.set_sizes.put(key, one_size(sources, style, box, lang, self._kept) or 0)
        return size or None

    def layout(self, source: str, style: TextStyle, box: Box, lang: str) -> LaidOutText:
        """`layout_text`, remembered: a text laid out in the same box before is a copy."""
        return self._kept(source, style, box, lang).copy()

    def _kept(self, source: str, style: TextStyle, box: Box, lang: str) -> LaidOutText:
        """The remembered layout itself, to be read, never moved (one_size measures with it)."""
        key = (source, lang, box, style)
        layout = self.laid_out.get(key)
        if layout is None:
            layout = self.laid_out.put(key, _lay_out(source, style, box, lang, self))
        return layout

    def forget(self, prepared: bool = False) -> None:
        """Drop the remembered layouts (and the prepared texts): benchmarks start cold."""
        self.laid_out.clear()
        if prepared:
            self.prepared.clear()


def layout_text(source: str, style: TextStyle, box: Box, lang: str) -> LaidOutText:
    """Lay out marked-up `source` in `lang` inside `box`: the largest size that fits, balanced
    lines, every character kept. Overflow and missing glyphs come back as data. Pure: nothing
    is kept (a Typesetter's `layout` is the same, remembered)."""
    return _lay_out(source, style, box, lang, Typesetter())


def _lay_out(source: str, style: TextStyle, box: Box, lang: str, typesetter: Typesetter) -> LaidOutText:
    para, bounds, every, missing = _prepared(source, style, lang, typesetter)
    text, rtl = para.text, is_rtl(lang)
    if not text:
        return LaidOutText(text, lang, rtl, style.max_size, box, [], None, list(missing), False,
                           tuple(style.features))
    breaks, estimate = _avoid_bad_breaks(para, every, style, box, lang)
    fit, lines, emergency = _settle(para, breaks, bounds, style, box, rtl, estimate.size)
    if style.wrap == "balance" and fit.overflow is None:
        fit, lines, emergency = _fewest_flaws(para, (fit, lines, emergency), breaks, every, bounds, style, box, rtl)
        if set(lone_short_lines(lines, lang)) - _lone_ends(lines, lang, len(text.split())):
            smaller = _without_lone_short_word(para, breaks, bounds, style, box, rtl, fit.size)
            if smaller is not None:  # (no other flaw more than before: taken as it is)
                fit, lines, emergency = smaller
    forced = any(b.kind in SPLITS for b in breaks)  # (_avoid_bad_breaks left them in: nothing fits without)
    laid = LaidOutText(text, lang, rtl, fit.size, box, lines, fit.overflow, list(missing), emergency,
                       tuple(style.features), splits_forced=forced,
                       lone_short_forced=style.wrap == "balance" and bool(lone_short_lines(lines, lang)))
    if style.fewer_lines and len(lines) > 1 and fit.overflow is None:
        return _fewer_lines(source, style, box, lang, typesetter, laid)
    return laid


def _fewer_lines(source: str, style: TextStyle, box: Box, lang: str, typesetter: "Typesetter",
                 laid: LaidOutText) -> LaidOutText:
    """Display text seen alone (`fewer_lines`: a story's name): the fewest lines it fits in at no
    less than that part of its largest size, whole (no word or name cut) and with no more flaws,
    balanced: "Just Futures / Law" at 166 px rather than a tower of one word a line at 206. The
    size then follows the words, not only the longest one."""
    # (the part is of the size the width allows, whatever the height: a stack that tries the
    # text in boxes of many heights never takes it further down than that)
    # (through the typesetter's memo: a stack asks again for each box height it tries, and the
    # unbounded layout and the trials are the same each time)
    free = typesetter._kept(source, replace(style, fewer_lines=0.0), Box(box.x, box.y, box.w, UNBOUNDED), lang)
    floor = max(style.min_size, math.ceil(style.fewer_lines * free.size))
    flaws = layout_flaws(laid)
    for count in range(1, len(laid.lines) if floor <= laid.size else 1):
        fewer = replace(style, max_lines=count, min_size=floor, max_size=laid.size, fewer_lines=0.0)
        trial = typesetter._kept(source, fewer, box, lang)
        if trial.fits and len(trial.lines) == count and not trial.emergency_breaks and \
                trial.splits_forced <= laid.splits_forced and layout_flaws(trial) <= flaws + 1e-9:
            return trial
    return laid


def _without_lone_short_word(para: _Paragraph, breaks, bounds, style: TextStyle, box: Box, rtl: bool, size: int):
    """Display type: the largest size under `size`, down to the style's minimum, at which no line
    holds one short word alone (fewer, fuller lines: "Komunidad, / hindi kulungan", not a tower
    of one word a line), or None when every size in the range leaves one. Not bounded by
    FLAW_SHRINK: like a split word, a lone short word is taken only where no size avoids it.
    Sizes are screened on per-em widths; a candidate is then settled at its real size."""
    segments = para.segments(breaks)
    words = len(para.text.split())

    def other_flaws(lines) -> float:  # what else a typesetter would reject: no more of it is taken
        return _flaws(lines, para.lang, words, short=False)

    current = _settle(para, breaks, bounds, style, box, rtl, size)
    allowed = other_flaws(current[1]) + 1e-9
    for px in range(size - 1, style.min_size - 1, -1):
        trial = _try(para, segments, px, style, box)
        if trial.overflow is not None:
            continue
        planned = _planned_lines(para, trial, style, box)
        if lone_short_lines(planned, para.lang) or other_flaws(planned) > allowed:
            continue
        settled = _settle(para, breaks, bounds, style, box, rtl, px)
        if settled[0].overflow is None and not settled[2] and not lone_short_lines(settled[1], para.lang) \
                and other_flaws(settled[1]) <= allowed:
            return settled
    return None


def _prepared(source: str, style: TextStyle, lang: str, typesetter: Typesetter):
    """(paragraph, cluster bounds, break opportunities, missing glyphs) of a source text: what
    does not depend on the box, prepared once per typesetter."""
    key = (source, lang, style.stack, style.transform, tuple(style.features), tuple(style.keep_together),
           style.hanging)
    cached = typesetter.prepared.get(key)
    if cached is not None:
        return cached
    styled = prepare(source, lang, style.transform)
    text = styled.text
    faces = style.stack.for_language(lang)
    if not faces:
        raise NoFontError(style.stack.name, lang)
    bounds = grapheme_bounds(text, lang, typesetter.iterators)
    items, missing = itemize(text, bounds, faces, bidi_levels(text, is_rtl(lang)), styled.styles_at())
    para = _Paragraph(text, lang, items, tuple(style.features), style.hanging)
    every = break_opportunities(text, lang, tuple(style.keep_together), styled.keeps, _phrases(styled),
                                typesetter.iterators) if text else []
    return typesetter.prepared.put(key, (para, bounds, every, tuple(missing)))


@dataclass
class _Planned:
    """A line as the flaw count needs it, before it is placed."""

    text: str
    break_class: str
    break_cost: float


def _planned_lines(para: _Paragraph, fit: _Fit, style: TextStyle, box: Box) -> list[_Planned]:
    segments = fit.segments
    lines, start = [], 0
    for end in _line_ends(para, fit, style, box):
        kind = _ending(segments, end)
        text = para.text[segments[start].start:para.content_end(segments[start].start, segments[end - 1].end)]
        lines.append(_Planned(text, kind, break_cost(kind, style.wrap)))
        start = end
    return lines


def _fewest_flaws(para: _Paragraph, settled, breaks, every, bounds, style: TextStyle, box: Box, rtl: bool):
    """Display type: rather a little smaller (FLAW_SHRINK) than a lone word or a bad break. Tries
    the chosen breaks and, where they leave a flaw, all breaks but those inside names (a phrase
    broken may read better than a lone word); the least flaws plus shrink_cost wins, so a flaw
    is traded for a smaller size only when that is worth it.
    Sizes are screened on per-em widths (cheap); only the winner is measured at its real size."""
    words = len(para.text.split())
    flaws = _flaws(settled[1], para.lang, words)
    if not flaws:
        return settled
    options = [breaks]
    # (a phrase broken may read better than a lone word; a word or a name broken never does)
    avoided = SPLITS if not any(b.kind in SPLITS for b in breaks) else {NAME}
    no_names = [b for b in every if b.kind not in avoided]
    if len(no_names) > len(breaks):
        options.append(no_names)
    per_em = [para.segments(option) for option in options]
    best, full = settled, settled[0].size
    score = flaws  # flaws plus what the smaller size costs (SHRINK_COST for all of FLAW_SHRINK)
    # (Chinese and Japanese lose a short last line only by a smaller size, as none of their
    # words may be split for it: up to CJK_FLAW_SHRINK, where shrink_cost still pays for it)
    shrink = CJK_FLAW_SHRINK if script_of(para.lang) in CJK_SCRIPTS else FLAW_SHRINK
    smallest = max(style.min_size, int(full * shrink))
    for size in range(full, smallest - 1, -1):
        shrink = shrink_cost(size, full)
        if shrink >= score:
            break  # any smaller size costs more than what it could save
        for option, segments in zip(options, per_em):
            if option is breaks and size == full:
                continue
            trial = _try(para, segments, size, style, box)
            if trial.overflow is not None or \
                    _flaws(_planned_lines(para, trial, style, box), para.lang, words) + shrink >= score - 1e-9:
                continue
            other = _settle(para, option, bounds, style, box, rtl, size)
            if other[0].size >= smallest and other[0].overflow is None and not other[2]:
                fewer = _flaws(other[1], para.lang, words) + shrink_cost(other[0].size, full)
                if fewer < score - 1e-9:
                    best, score = other, fewer
    return best
