"""Motion for Stories and Reels (issue #26): when and how each element of a laid-out scene
enters, as plain data (a Timeline), and each unit's state at time t.

The scene is laid out once; a clip draws the very same items at their final positions and only
their opacity, an offset and the counted figure change (frames.py), so nothing reflows. A
template's `motion:` (content/motion.py reads and checks it) says how its elements enter; a
template without one gets its kind's default below, and an element no entry names is there
from the first frame (bars, page furniture), so the first frame is never an empty ground.

Units: `lines` enter one line at a time in reading order (top to bottom, in every script);
`words` one word at a time in reading order (ICU's word boundaries, so Khmer, Lao, Thai and
CJK words too), a glyph belonging to the word of its cluster, so a cluster (a Khmer stack, a
base and its marks) always appears whole. A right-to-left text slides in from the right.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..content.motion import MIN_HOLD, Entrance, Motion
from ..content.model import Template
from .scene import Scene, TextItem, UnitChartItem

FPS = 30
POSTER_FRAMES = 1  # a clip opens on one frame of its finished first scene (frames.py)
FADE_OUT = 0.3  # seconds a carousel's scene fades to its ground before the next
MAX_WORDS_SECONDS = 3.0  # words entering one by one take at most this long, all told
# each way of entering: (duration of one unit, stagger between units)
DEFAULTS = {"appear": (0.5, 0.0), "rise": (0.6, 0.0), "count": (1.6, 0.0), "fill": (1.6, 0.0),
            "words": (0.45, 0.12), "lines": (0.6, 0.3)}
TRAVEL = 0.035  # how far a rising or sliding unit travels, times the canvas's shorter side


def _e(element, enter="appear", start=None, duration=None, stagger=None, with_=None) -> Entrance:
    return Entrance(element, enter, start, duration, stagger, with_)


# The defaults the issue asks for, per template. Elements not named are there from frame one.
TEMPLATE_MOTION = {
    "stat": Motion((_e("kicker", start=0, duration=0), _e("bar", start=0, duration=0),
                    _e("stat", "count", start=0.2), _e("chart", "fill", with_="stat"),
                    _e("statement", "lines"), _e("source"), _e("logo", with_="source"))),
    "win": Motion((_e("bar", start=0, duration=0), _e("place", "rise", start=0.2), _e("year", "rise"),
                   _e("headline", "lines"), _e("divider"), _e("next", "lines"), _e("logo"))),
    "quote": Motion((_e("mark", start=0, duration=0), _e("quote", "words", start=0.2), _e("rule"),
                     _e("attribution"), _e("logo", with_="attribution"))),
    # one story clip, a scene per page: what a page does not show is simply not there
    "carousel": Motion((_e("cover-bar", start=0, duration=0), _e("slide-bar", start=0, duration=0),
                        _e("closing-bar", start=0, duration=0), _e("logo", start=0, duration=0),
                        _e("title", "lines", start=0.2), _e("subtitle"),
                        _e("place", "rise", start=0.2), _e("text", "lines"),
                        _e("cta", "lines", start=0.2), _e("link"), _e("closing-logo"))),
}


def motion_for(template: Template) -> Motion:
    """The template's own `motion:`, else its kind's default, else every text element line by
    line and everything else fading in, in drawing order (rules and stacks there from the start)."""
    if template.motion is not None:
        return template.motion
    if template.name in TEMPLATE_MOTION:
        return TEMPLATE_MOTION[template.name]
    out = []
    for e in template.elements:
        if e.kind in ("stack", "pager"):
            continue
        if e.kind == "rule":
            out.append(_e(e.name, start=0, duration=0))
        elif e.kind == "text":
            out.append(_e(e.name, "lines", start=0.2 if not out or all(o.duration == 0 for o in out) else None))
        elif e.kind == "units":
            out.append(_e(e.name, "fill"))
        else:
            out.append(_e(e.name))
    return Motion(tuple(out))


@dataclass
class Track:
    """One element's entrance, resolved to seconds from its scene's start."""

    element: str
    enter: str
    start: float
    duration: float
    stagger: float
    units: int = 1  # lines or words

    @property
    def end(self) -> float:
        return self.start + max(0, self.units - 1) * self.stagger + self.duration

    def progress(self, t: float, unit: int = 0) -> float:
        """0 before the unit starts, 1 once it is in place."""
        begin = self.start + unit * self.stagger
        if self.duration <= 0:
            return 1.0 if t >= begin else 0.0
        return min(1.0, max(0.0, (t - begin) / self.duration))


@dataclass
class Timeline:
    tracks: dict[str, Track] = field(default_factory=dict)
    length: float = 0.0  # seconds until everything is in place
    hold: float = MIN_HOLD

    @property
    def seconds(self) -> float:
        return self.length + self.hold


def base_name(element: str) -> str:
    return element.split(".")[0]


def unit_count(item, enter: str, lang: str) -> int:
    if isinstance(item, TextItem) and enter == "lines":
        return max(1, len(item.layout.lines))
    if isinstance(item, TextItem) and enter == "words":
        return max(1, len(word_spans(item.layout.text, lang)))
    return 1


def timeline(motion: Motion, scene: Scene, lang: str) -> Timeline:
    """The entrances of the elements this scene shows, in seconds: an entry without `start`
    begins when the previous one ends; `with:` starts it with another."""
    present: dict[str, object] = {}
    for item in scene.items:
        present.setdefault(base_name(item.element), item)
    out = Timeline(hold=motion.hold)
    cursor = 0.0
    for entrance in motion.entrances:
        item = present.get(entrance.element)
        if item is None:
            continue  # not on this page or size, or empty: takes no time
        duration, stagger = DEFAULTS[entrance.enter]
        if entrance.duration is not None:
            duration = entrance.duration
        if entrance.stagger is not None:
            stagger = entrance.stagger
        units = unit_count(item, entrance.enter, lang)
        if entrance.enter == "words" and entrance.stagger is None and units > 1:
            stagger = min(stagger, max(0.04, (MAX_WORDS_SECONDS - duration) / (units - 1)))
        if entrance.with_ and entrance.with_ in out.tracks:
            start = out.tracks[entrance.with_].start
            if entrance.enter == "fill" and out.tracks[entrance.with_].enter == "count" and entrance.duration is None:
                duration = out.tracks[entrance.with_].duration  # the dots fill while the figure counts
        elif entrance.start is not None:
            start = entrance.start
        else:
            start = cursor
        track = Track(entrance.element, entrance.enter, start, duration, stagger, units)
        out.tracks[entrance.element] = track
        cursor = max(cursor, track.end)
    out.length = max((t.end for t in out.tracks.values()), default=0.0)
    return out


def ease(p: float) -> float:
    """Ease-out cubic: quick to start, settling gently (no overshoot, so nothing flashes)."""
    return 1 - (1 - p) ** 3


def word_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each word of `text` in reading (logical) order: ICU's word boundaries
    (dictionary words for Khmer, Lao, Thai, Burmese, CJK), spaces and punctuation joined to
    the word before them, so every character belongs to one span and a cluster is never split
    (ICU's boundaries are grapheme-cluster boundaries)."""
    # Imported when words are animated: a still build never loads ICU's break iterators here.
    import icu
    bounds = []
    it = icu.BreakIterator.createWordInstance(icu.Locale(lang))
    it.setText(text)
    start = it.first()
    for end in it:
        bounds.append((start, end))
        start = end
    spans: list[list[int]] = []
    for a, b in bounds:
        piece = text[a:b]
        if spans and not any(ch.isalnum() or _is_mark_or_letter(ch) for ch in piece):
            spans[-1][1] = b  # a space or punctuation: with the word before it
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans] or [(0, len(text))]


def _is_mark_or_letter(ch: str) -> bool:
    # Imported here: only words need it.
    import unicodedata
    return unicodedata.category(ch)[0] in "LMN"


def is_chart(item) -> bool:
    return isinstance(item, UnitChartItem)
