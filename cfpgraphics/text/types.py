"""The layout engine's inputs and outputs: plain data, so layouts can be tested as JSON."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from .fonts import FontStack

if TYPE_CHECKING:  # a run's glyphs come from shape.py; loading a project needs no HarfBuzz
    from .shape import GlyphRun


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class TextStyle:
    stack: FontStack
    max_size: int
    min_size: int
    line_height: float = 1.15  # times the font size, the least baseline-to-baseline distance
    max_lines: int | None = None
    align: str = "start"  # start | center | end | left | right (start follows the language)
    valign: str = "top"  # top | middle | bottom
    transform: str = "none"  # none | uppercase | lowercase
    wrap: str = "balance"  # balance (headlines) | pretty (body text)
    features: tuple[str, ...] = ()  # OpenType features, e.g. ("tnum",) for stats
    keep_together: tuple[str, ...] = ()  # phrases not to break when the lines allow (names)
    hanging: str = ""  # besides spaces, characters dropped at a line's end (a list's separators)
    fewer_lines: float = 0.0  # display type seen alone: fewer lines at no less than this part of the size


@dataclass
class Run:
    """A piece of one line in one font, direction and style, in visual order."""

    text: str
    start: int  # offsets into LaidOutText.text
    end: int
    font: str  # face key
    x: float  # left edge, canvas pixels
    width: float
    rtl: bool
    styles: tuple[str, ...]
    glyphs: GlyphRun | None = field(default=None, repr=False, compare=False)  # per em; not in to_json


@dataclass
class Line:
    text: str
    start: int
    end: int
    x: float  # left edge of the ink-free advance box
    baseline: float
    width: float
    ascent: float  # ink above the baseline (at least the fonts' cap band)
    descent: float  # ink below the baseline
    rtl: bool
    runs: list[Run]
    break_class: str = "end"  # class of the break that ends the line (text/breaks.py), "end" for the last
    break_cost: float = 0.0  # what the line breaker charged for it (text/linebreak.py)

    @property
    def fonts(self) -> list[str]:
        return list(dict.fromkeys(run.font for run in self.runs))


@dataclass
class Overflow:
    """The text did not fit its box even at the minimum size; nothing was cut."""

    reason: str  # "width" | "height" | "lines"
    excess: float  # px (width/height) or lines over the limit
    message: str


@dataclass
class MissingGlyph:
    text: str  # the cluster no font covers
    offset: int
    fonts_tried: tuple[str, ...]


def _shallow_copy(obj):
    """A new instance with the same field values: copy.copy's result, in a fifth of its time
    (0.4 against 2 us a run; dataclasses.replace costs more still), for thousands of runs a build."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


@dataclass
class LaidOutText:
    text: str  # after markup removal, NFC and case transform
    lang: str
    rtl: bool
    size: int
    box: Box
    lines: list[Line]
    overflow: Overflow | None = None
    missing: list[MissingGlyph] = field(default_factory=list)
    emergency_breaks: bool = False  # words were broken between clusters to fit
    features: tuple[str, ...] = ()  # OpenType features the text was shaped with
    splits_forced: bool = False  # breaks inside words or names were allowed: no size in range fits without
    lone_short_forced: bool = False  # display type left a short word alone on a line (engine.lone_short_lines)
    #   where no size avoids it, or a lone first or last word its own 15% budget could not lose

    @property
    def fits(self) -> bool:
        return self.overflow is None

    def copy(self) -> "LaidOutText":
        """The same layout with lines, runs and a missing-glyph list of its own, to be moved
        (scene.shift_layout) without moving the original; glyphs and overflow are shared."""
        lines = []
        for line in self.lines:
            line = _shallow_copy(line)
            line.runs = [_shallow_copy(run) for run in line.runs]
            lines.append(line)
        layout = _shallow_copy(self)
        layout.lines, layout.missing = lines, list(self.missing)
        return layout

    def characters_that_fit(self, min_size: float) -> int:
        """About how many characters of this kind of text fill its box at `min_size`: the box's
        area over the area this text's characters take (their lines' widths times the line
        pitch), scaled from the size it was set at. The one measure of length a translator is
        told, wherever they are told it (render/fit_hints.py)."""
        if not self.lines or not self.text or min_size <= 0:
            return 0
        pitch = (self.ink_bottom - self.ink_top) / len(self.lines)
        used = sum(line.width for line in self.lines) * pitch
        if used <= 0:
            return 0
        return int(len(self.text) * self.box.w * self.box.h / used * (self.size / min_size) ** 2)

    @property
    def ink_top(self) -> float:
        return self.lines[0].baseline - self.lines[0].ascent if self.lines else self.box.y

    @property
    def ink_bottom(self) -> float:
        return self.lines[-1].baseline + self.lines[-1].descent if self.lines else self.box.y

    def to_json(self) -> dict:
        def rounded(value):
            if isinstance(value, float):
                return round(value, 1)
            if isinstance(value, dict):
                return {k: rounded(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [rounded(v) for v in value]
            return value

        data = asdict(self)
        for line, obj in zip(data["lines"], self.lines):
            line["fonts"] = obj.fonts
            for run in line["runs"]:
                del run["glyphs"]  # the glyph ids and positions: for drawing, not for reading
        data["fits"] = self.fits
        return rounded(data)
