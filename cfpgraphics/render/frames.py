"""The frames backend's drawing: a laid-out scene drawn at time t (issue #26).

Each animated unit (an element, or one line or word of it) is drawn once, alone, into a small
layer: its premultiplied colour and its coverage, found by drawing it over black and over white
with the raster drawer (the same glyph masks, from the asset store, as the still). A frame is
the ground with the units that are in place baked in, plus the units still moving composited at
their opacity and whole-pixel offset; a unit is baked into the ground the frame it settles, and
a frame in which nothing moves is the previous frame again. So a frame costs a copy and the
blending of what moves, and the layout is never computed again: only the counted figure is
shaped again, once per value it shows (in the text's own digits), and the unit chart drawn
once per number of dots lit.

State lives in the ClipDrawer made for one clip (layers, counted values); glyph masks live in
the asset store passed down, as for stills.
"""
from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterator

import numpy as np

from ..content.assets import AssetStore
from ..text.types import Box, LaidOutText
from .motion import FADE_OUT, FPS, POSTER_FRAMES, TRAVEL, Timeline, Track, base_name, ease, word_spans
from .raster.canvas import RgbCanvas
from .raster.draw import DRAWERS, draw_canvas
from .scene import BackgroundItem, BoxItem, Scene, TextItem, UnitChartItem, moved, shift_layout

PAD = 4  # px around a unit's ink when it is drawn alone
READING = 18  # characters a second a carousel page gives its reader (a slow reader of a second language)


@dataclass
class Layer:
    """One unit drawn alone: premultiplied colour and coverage (0..1) over [y0:y1, x0:x1]."""

    x0: int
    y0: int
    colour: np.ndarray  # (h, w, 3) float32, premultiplied
    alpha: np.ndarray  # (h, w, 1) float32

    @property
    def empty(self) -> bool:
        return self.colour.size == 0


@dataclass
class Unit:
    """What moves as one: an element, or one of its lines or words."""

    item: object  # the scene item (or the part of it) this unit draws
    track: Track
    index: int  # which line or word
    dx_sign: int  # -1 enters from the left, +1 from the right, 0 not sliding
    rises: bool


def draw_alone(item, width: int, height: int, faces, assets: AssetStore) -> Layer:
    """`item` drawn over black and over white: the difference is its coverage, the black one
    its premultiplied colour (exact for the raster drawer's ink-through-coverage blending)."""
    rect = item.rect() if hasattr(item, "rect") else None
    if rect is not None and movable(item):
        x0 = max(0, int(rect.x) - PAD - int(_overhang(item)))
        y0 = max(0, int(rect.y) - PAD - int(_overhang(item)))
        x1 = min(width, int(rect.right) + PAD + 1 + int(_overhang(item)))
        y1 = min(height, int(rect.bottom) + PAD + 1 + int(_overhang(item)))
        moved_item = translated(item, -x0, -y0)
        w, h = max(1, x1 - x0), max(1, y1 - y0)
    else:
        x0 = y0 = 0
        w, h, moved_item = width, height, item
    black, white = RgbCanvas(w, h, (0, 0, 0)), RgbCanvas(w, h, (255, 255, 255))
    for canvas in (black, white):
        DRAWERS[type(moved_item)](canvas, moved_item, faces, assets)
    b = black.rgb().astype(np.float32)
    cover = 1.0 - (white.rgb().astype(np.float32) - b).mean(axis=2, keepdims=True) / 255.0
    cover = np.clip(cover, 0.0, 1.0)
    ys, xs = np.nonzero(cover[..., 0] > 0)
    if len(ys) == 0:
        return Layer(x0, y0, np.zeros((0, 0, 3), np.float32), np.zeros((0, 0, 1), np.float32))
    ya, yb, xa, xb = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    return Layer(x0 + int(xa), y0 + int(ya), b[ya:yb, xa:xb].copy(), cover[ya:yb, xa:xb].copy())


def movable(item) -> bool:
    """Items `translated` can move (the rest are drawn on a whole canvas: the draft band, page dots)."""
    return isinstance(item, (TextItem, UnitChartItem)) or (
        isinstance(item, BoxItem) and type(item).shift is BoxItem.shift)


def _overhang(item) -> float:
    """Ink may reach past a text's line box (swashes, marks): room for it."""
    return item.layout.size * 0.5 if isinstance(item, TextItem) else 2


def translated(item, dx: float, dy: float):
    """A copy of a text, box or chart item moved by (dx, dy); the original is untouched."""
    if isinstance(item, TextItem):
        layout = item.layout.copy()
        shift_layout(layout, dx, dy)
        return replace(item, layout=layout)
    if isinstance(item, UnitChartItem):
        return replace(item, box=_moved(item.box, dx, dy), dots=[_moved(d, dx, dy) for d in item.dots])
    if isinstance(item, BoxItem) and type(item).shift is BoxItem.shift:
        return replace(item, box=_moved(item.box, dx, dy))
    raise TypeError(type(item))


def _moved(box: Box, dx: float, dy: float) -> Box:
    return moved(Box(box.x + dx, box.y, box.w, box.h), dy)


def text_part(item: TextItem, keep) -> TextItem:
    """The item with only the glyphs `keep(line_index, char_offset)` accepts: the same glyph
    ids at the same positions. A glyph goes with its cluster's first character, so the glyphs
    of one cluster (a base and its marks, a Khmer stack, a ligature) are kept or left together."""
    layout = item.layout.copy()
    for li, line in enumerate(layout.lines):
        for run in line.runs:
            g = run.glyphs
            if g is None:
                continue
            picks = [i for i, c in enumerate(g.clusters) if keep(li, run.start + c)]
            run.glyphs = replace(g, glyphs=tuple(g.glyphs[i] for i in picks), x=tuple(g.x[i] for i in picks),
                                 y=tuple(g.y[i] for i in picks), clusters=tuple(g.clusters[i] for i in picks))
    return replace(item, layout=layout)


# --- counting ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """The number inside a figure's text ('95%', '٩٥٪', '1,200', '3.5'), in its own digits."""

    start: int
    end: int
    value: float
    decimals: int
    zero: str  # the digit zero of its script
    group: str  # grouping separator ('' if none)
    point: str  # decimal separator

    def text(self, text: str, value: float) -> str:
        value = round(value, self.decimals)
        whole = int(value)
        frac = round((value - whole) * 10 ** self.decimals) if self.decimals else 0
        if frac >= 10 ** max(self.decimals, 0) and self.decimals:
            whole, frac = whole + 1, 0
        digits = f"{whole:,}".replace(",", self.group) if self.group else str(whole)
        if self.decimals:
            digits += self.point + str(frac).rjust(self.decimals, "0")
        own = "".join(chr(ord(self.zero) + int(ch)) if ch.isdigit() else ch for ch in digits)
        return text[:self.start] + own + text[self.end:]


SEPARATORS = ",.\u066b\u066c\u00a0\u202f'"


def find_figure(text: str) -> Figure | None:
    digits = [i for i, ch in enumerate(text) if unicodedata.decimal(ch, None) is not None]
    if not digits:
        return None
    start = end = digits[0]
    while end < len(text) and (unicodedata.decimal(text[end], None) is not None or (
            text[end] in SEPARATORS and end + 1 < len(text) and unicodedata.decimal(text[end + 1], None) is not None)):
        end += 1
    number = text[start:end]
    zero = chr(ord(text[start]) - unicodedata.decimal(text[start]))
    seps = [(i, ch) for i, ch in enumerate(number) if ch in SEPARATORS]
    point, group, decimals = ".", "", 0
    if seps:
        last_i, last = seps[-1]
        tail = len(number) - last_i - 1
        if tail == 3 and (len(seps) > 1 or last in ",\u066c\u00a0\u202f'"):  # 1,200: grouping
            group = last
        else:
            point, decimals = last, tail
            group = seps[0][1] if len(seps) > 1 else ""
    plain = "".join(str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None
                    else ("." if decimals and i == seps[-1][0] else "") for i, ch in enumerate(number))
    return Figure(start, end, float(plain), decimals, zero, group, point)


def counted_item(item: TextItem, text: str, faces) -> TextItem:
    """The figure's item showing `text` instead: each run whose text changed is shaped again
    in its own font, direction and features at the layout's size, and the line keeps the edge
    it is aligned to (the start edge: left, or right for a right-to-left figure). Never laid out
    again: one line, the same baseline, the same fonts."""
    layout: LaidOutText = item.layout.copy()
    old = layout.text
    delta = len(text) - len(old)
    figure = find_figure(old)
    at = figure.start if figure else -1
    for line in layout.lines:
        left, right, box = line.x, line.x + line.width, layout.box
        anchor = "left"
        if abs((left + right) / 2 - (box.x + box.w / 2)) < 1.0 and abs(left - box.x) > 1.0:
            anchor = "center"
        elif abs(right - box.right) < abs(left - box.x):
            anchor = "right"
        shift = 0
        for run in sorted(line.runs, key=lambda r: r.start):
            start, end = run.start + shift, run.end + shift
            if run.start <= at < run.end:
                end += delta
                shift += delta
                piece = text[start:end]
                glyphs = faces[run.font].shaper.shape(piece, run.rtl, layout.lang, layout.features)
                run.glyphs, run.text, run.width = glyphs, piece, glyphs.advance * layout.size
            run.start, run.end = start, end
        line.end += shift
        width = sum(r.width for r in line.runs)
        x = {"left": left, "right": right - width, "center": (left + right - width) / 2}[anchor]
        line.x, line.width = x, width
        for run in line.runs:  # runs are in visual order
            run.x = x
            x += run.width
    layout.text = text
    return replace(item, layout=layout)


# --- the clip ----------------------------------------------------------------------------

@dataclass
class SceneClip:
    """One scene of a clip (a carousel has one per page) and its timeline."""

    scene: Scene
    timeline: Timeline
    lang: str
    last: bool = True  # the last scene holds the still; the others fade to their furniture

    @property
    def seconds(self) -> float:
        """The last scene holds the still (the template's `hold`, at least 2 s); a page before it
        stays until its words can be read (about READING characters a second, counted from the
        first line's arrival), at least 1.5 s after everything is in place, then fades."""
        if self.last:
            return self.timeline.seconds
        chars = sum(len(layout.text) for layout in self.scene.layouts.values())
        return self.timeline.length + max(1.5, chars / READING - self.timeline.length)


class ClipDrawer:
    """Frames of one clip, in order, as ((H, W, 3) uint8 array, dirty) pairs: `dirty` is the
    rectangle (x0, y0, x1, y1) that may differ from the frame before, None when nothing does
    (the encoder converts only that). `draw_seconds` is the time spent drawing (the benchmark
    splits drawing from encoding)."""

    def __init__(self, scenes: list[SceneClip], faces, assets: AssetStore, fps: int = FPS):
        self.scenes, self.faces, self.assets, self.fps = scenes, faces, assets, fps
        self.draw_seconds = 0.0
        self.width, self.height = scenes[0].scene.width, scenes[0].scene.height

    @property
    def frame_count(self) -> int:
        return POSTER_FRAMES + sum(self._frames_of(s) for s in self.scenes)

    def _frames_of(self, clip: SceneClip) -> int:
        return max(1, round(clip.seconds * self.fps))

    def frames(self) -> Iterator[tuple[np.ndarray, tuple | None]]:
        yield self._poster(), (0, 0, self.width, self.height)
        for clip in self.scenes:
            yield from self._scene_frames(clip)

    def _poster(self) -> np.ndarray:
        """Frame 0: the first scene finished (a carousel's cover), the frame a feed, a paused
        player and a file browser show for the clip. The animation starts from the next frame;
        an animated WebP looping from its held still back to this one does not blink."""
        started = time.perf_counter()
        frame = draw_canvas(self.scenes[0].scene, self.faces, self.assets).rgb().copy()
        self.draw_seconds += time.perf_counter() - started
        return frame

    def _scene_frames(self, clip: SceneClip) -> Iterator[tuple[np.ndarray, tuple | None]]:
        started = time.perf_counter()
        scene, tl = clip.scene, clip.timeline
        w, h = scene.width, scene.height
        background = [i for i in scene.items if isinstance(i, BackgroundItem)]
        base = draw_canvas(Scene(w, h, scene.background, background), self.faces, self.assets).rgb().copy()
        units: list[tuple[int, Unit]] = []  # (z, unit)
        statics = []
        for z, item in enumerate(scene.items):
            if isinstance(item, BackgroundItem):
                continue
            track = tl.tracks.get(base_name(item.element))
            if track is None or (track.duration <= 0 and track.start <= 0):
                statics.append(item)
                continue
            units.extend((z, u) for u in self._units(item, track, clip.lang, scene.rtl, w, h))
        for item in statics:
            self._composite(base, self._layer(item), 1.0, 0, 0)
        # a carousel's page fades to its furniture (ground, draft band, logo: what no entrance
        # names), not to a bare ground: what stays from page to page does not blink
        furniture = base.copy() if not clip.last else None
        travel = round(TRAVEL * min(w, h))
        counts: dict[str, tuple] = {}
        previous_state = None
        frame = base
        active = list(units)
        n = self._frames_of(clip)
        fade_from = n - round(FADE_OUT * self.fps) if not clip.last else n
        self.draw_seconds += time.perf_counter() - started
        full = (0, 0, w, h)
        for i in range(n):
            started = time.perf_counter()
            t = i / self.fps
            state, still = [], []
            dirty = full if i == 0 else None
            for z, unit in active:
                p = unit.track.progress(t, unit.index)
                e = ease(p)
                if unit.track.enter == "count":
                    # the figure fades in over its first sixth while its value climbs
                    opacity = min(1.0, p * 6)
                    key = self._count_key(unit, e) if p < 1 else None
                elif unit.track.enter == "fill":
                    opacity = min(1.0, p * 6)
                    key = round(unit.item.lit * e) if p < 1 else None
                else:
                    opacity, key = e, None
                dx = round(unit.dx_sign * travel * (1 - e))
                dy = round(travel * (1 - e)) if unit.rises else 0
                settled = p >= 1
                state.append((id(unit), round(opacity * 255), dx, dy, key))
                if settled:
                    still.append((z, unit))
            for z, unit in still:  # in place from now on: part of the ground
                self._composite(base, self._layer(unit.item), 1.0, 0, 0)
                active.remove((z, unit))
            state = tuple(s for s in state if not any(s[0] == id(u) for _, u in still))
            if still or state != previous_state or frame is base:
                for _, unit in [*active, *still]:
                    dirty = _union(dirty, self._reach(unit, travel))
                frame = base.copy() if active else base
                for (z, unit), (_, alpha, dx, dy, key) in zip(active, state):
                    if alpha <= 0:
                        continue
                    layer = self._layer(unit.item) if key is None else self._variant(unit, key, counts)
                    self._composite(frame, layer, alpha / 255, dx, dy)
                previous_state = state
            out = frame
            if i >= fade_from:  # a carousel's page fades to its ground before the next
                q = ease((i - fade_from + 1) / max(1, n - fade_from))
                out = (frame.astype(np.float32) * (1 - q) + furniture.astype(np.float32) * q + 0.5).astype(np.uint8)
                dirty = full
            self.draw_seconds += time.perf_counter() - started
            self.last_frame = out
            yield out, dirty

    def poster_png(self) -> bytes:
        """The clip's last frame (the finished still) as PNG bytes, for its thumbnail."""
        # Imported here: only a clip's thumbnail needs it.
        from .raster.png import encode_rgb
        from PIL import Image
        return encode_rgb(Image.fromarray(self.last_frame, "RGB"))

    def _reach(self, unit: Unit, travel: int) -> tuple:
        """Where a unit may draw, at any offset and any counted value (its box, widened)."""
        layer = self._layer(unit.item)
        h, w = layer.alpha.shape[:2]
        if unit.track.enter in ("count", "fill"):  # its other values may be wider: whole rows
            return (0, layer.y0 - travel, self.width, layer.y0 + h + travel)
        return (layer.x0 - travel, layer.y0 - travel, layer.x0 + w + travel, layer.y0 + h + travel)

    def _count_key(self, unit: Unit, e: float):
        figure = find_figure(unit.item.layout.text)
        if figure is None:
            return None
        value = figure.value * e
        step = 10 ** -figure.decimals
        return round(round(value / step) * step, figure.decimals)

    def _variant(self, unit: Unit, key, cache: dict) -> Layer:
        """The counted figure at one value, or the chart with `key` dots lit: drawn once each."""
        ck = (id(unit), key)
        if ck not in cache:
            item = unit.item
            if isinstance(item, UnitChartItem):
                cache[ck] = self._chart_variant(unit, int(key), cache)
                return cache[ck]
            else:
                figure = find_figure(item.layout.text)
                variant = counted_item(item, figure.text(item.layout.text, key), self.faces)
            cache[ck] = draw_alone(variant, self.width, self.height, self.faces, self.assets)
        return cache[ck]

    def _chart_variant(self, unit: Unit, lit: int, cache: dict) -> Layer:
        """The chart with `lit` dots lit: each dot's pixels taken from the chart drawn all lit or
        all unlit (drawn once each); the dots never touch, so each pixel belongs to one dot."""
        key = (id(unit), "chart")
        if key not in cache:
            item = unit.item
            on = draw_alone(replace(item, lit=len(item.dots)), self.width, self.height, self.faces, self.assets)
            off = draw_alone(replace(item, lit=0), self.width, self.height, self.faces, self.assets)
            label = np.full(on.alpha.shape[:2], len(item.dots), np.int32)
            ys, xs = np.mgrid[0:label.shape[0], 0:label.shape[1]]
            centres = np.array([(d.x + d.w / 2 - on.x0, d.y + d.h / 2 - on.y0) for d in item.dots], np.float32)
            if len(centres) and (on.x0, on.y0, on.alpha.shape) == (off.x0, off.y0, off.alpha.shape):
                # each pixel to its nearest dot's number (in fill order)
                best = np.full(label.shape, np.inf, np.float32)
                for i, (cx, cy) in enumerate(centres):
                    d = (xs - cx) ** 2 + (ys - cy) ** 2
                    nearer = d < best
                    best[nearer] = d[nearer]
                    label[nearer] = i
            cache[key] = (on, off, label[..., None])
        on, off, label = cache[key]
        if on.alpha.shape != off.alpha.shape:
            return draw_alone(replace(unit.item, lit=lit), self.width, self.height, self.faces, self.assets)
        lit_here = label < lit
        return Layer(on.x0, on.y0, np.where(lit_here, on.colour, off.colour), np.where(lit_here, on.alpha, off.alpha))

    def _layer(self, item) -> Layer:
        key = id(item)
        cache = self.__dict__.setdefault("_layers", {})
        if key not in cache:
            cache[key] = (item, draw_alone(item, self.width, self.height, self.faces, self.assets))
        return cache[key][1]

    def _units(self, item, track: Track, lang: str, rtl: bool, w: int, h: int) -> list[Unit]:
        slide = 1 if rtl else -1
        if isinstance(item, TextItem) and track.enter == "lines" and len(item.layout.lines) > 1:
            # reading order: top to bottom, whatever the script (lines are kept top down)
            order = sorted(range(len(item.layout.lines)), key=lambda li: item.layout.lines[li].baseline)
            return [Unit(text_part(item, lambda li, c, keep=li: li == keep), track, n, slide, False)
                    for n, li in enumerate(order)]
        if isinstance(item, TextItem) and track.enter == "words":
            spans = word_spans(item.layout.text, lang)

            def word_of(offset: int) -> int:
                for n, (a, b) in enumerate(spans):
                    if a <= offset < b:
                        return n
                return len(spans) - 1
            return [Unit(text_part(item, lambda li, c, keep=n: word_of(c) == keep), track, n, slide, False)
                    for n in range(len(spans))]
        if track.enter == "lines":  # one line: it slides in like a line does
            return [Unit(item, track, 0, slide, False)]
        return [Unit(item, track, 0, 0, track.enter == "rise")]

    @staticmethod
    def _composite(out: np.ndarray, layer: Layer, opacity: float, dx: int, dy: int) -> None:
        if layer.empty or opacity <= 0:
            return
        h, w = layer.alpha.shape[:2]
        x0, y0 = layer.x0 + dx, layer.y0 + dy
        xa, ya = max(0, x0), max(0, y0)
        xb, yb = min(out.shape[1], x0 + w), min(out.shape[0], y0 + h)
        if xa >= xb or ya >= yb:
            return
        src = (slice(ya - y0, yb - y0), slice(xa - x0, xb - x0))
        region = out[ya:yb, xa:xb]
        a = layer.alpha[src]
        c = layer.colour[src]
        if opacity >= 1.0:
            mixed = region * (1.0 - a) + c
        else:
            mixed = region * (1.0 - a * opacity) + c * opacity
        region[:] = (mixed + 0.5).astype(np.uint8)


def _union(a: tuple | None, b: tuple) -> tuple:
    if a is None:
        return b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
