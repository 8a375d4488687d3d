"""Readable in the feed: the smallest text of every output, at the width a feed shows it.

A feed shows a post at the width of the phone, about 400 CSS px (`FEED_WIDTH`), whatever its
pixel width: a 1080-wide post at 37%, an X post (1600 wide) at 25%. A link card is shown about
500 px wide. Print sizes are not seen in a feed and are left out. Each text run of the laid-out
scene is measured in the font it is actually set in, at its size in the feed, against a floor
for its script (`floor_em`):

* Latin, Greek, Cyrillic (Vietnamese and Tagalog included) are read by their lowercase, so the
  floor is on the x-height of the face used: 4.5 CSS px (`X_HEIGHT_FLOOR`), 9 px of em for a
  face with a typical x-height of half its em (Inter's is 0.545: 8.3 px; League Spartan's
  0.41: 11 px). On a phone (about 0.16 mm a CSS px, read at 30-35 cm) that is an x-height of
  0.13-0.14 degrees, a newspaper's fine print and about twice the acuity limit: the floor for
  a source line or a label, not for reading paragraphs. A run with no lowercase (an upper-case
  kicker, a figure) is read by its capitals: a cap height of 6 px (`CAP_HEIGHT_FLOOR`, the same
  floor through the cap/x-height ratio of 1.33-1.35 of Inter and Noto Sans).
* Scripts without an x-height are measured by the em, which is how their type is specified:
  Arabic 10 px (its letter bodies are 0.40-0.47 em in Noto Sans Arabic, against 0.545 em for
  Inter's x-height: the Latin floor's 4.5 px of body needs 10 px of em, and the dots that tell
  letters apart are smaller still); Han, kana and Hangul 10 px (the ideograph fills about 0.84
  em and a common one has 12-20 strokes: at 10 px they still stand 0.4-0.7 px apart, three
  device pixels on a phone; under that a Traditional Chinese character is a blot); Khmer, Lao,
  Thai and Myanmar 10 px (the subscript consonants and stacked vowels that tell words apart are
  drawn at about a third of the em).

An output whose smallest run is under its floor is an error at the template's `size:` line of
the element (the size's or shape's override when one sets it): what it reaches in the feed, and
the minimum, in the template's px at 1080, that reaches the floor (a languages grid's names are
sized by its `label_size:`, so they are reported there). `check` and `build` both lay
out through render/job.compose_job, which calls this, so both report it.
"""
from __future__ import annotations

from math import ceil

from ..content.diagnostics import Diagnostic, LayoutLocation
from .scene import Scene, TextItem

CODE = "feed-legibility"
FEED_WIDTH = 400  # CSS px: a post in a phone's feed (Instagram, Facebook, X, a story)
FEED_WIDTHS = {"link-card": 500}  # CSS px: a link card's preview in a feed
X_HEIGHT_FLOOR = 4.5  # CSS px of x-height in the feed, Latin/Greek/Cyrillic lowercase
CAP_HEIGHT_FLOOR = 6.0  # CSS px of cap height, a run without lowercase
EM_FLOORS = {"arabic": 10.0, "cjk": 10.0, "dense": 10.0}  # CSS px of em, scripts without x-height
LABEL_SIZE = "label_size"  # the attribute that sizes a languages grid's names (render/elements/languages.py)
SCRIPT_NAMES = {"latin": "Latin", "arabic": "Arabic", "cjk": "Chinese, Japanese and Korean",
                "dense": "Khmer, Lao, Thai and Myanmar"}

_RANGES = (  # (first, last, script class) of the code points whose floor is not Latin's
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0x0E00, 0x0EFF, "dense"), (0x1000, 0x109F, "dense"), (0x1780, 0x17FF, "dense"), (0x19E0, 0x19FF, "dense"),
    (0x1100, 0x11FF, "cjk"), (0x2E80, 0x2FDF, "cjk"), (0x3040, 0x30FF, "cjk"), (0x3130, 0x318F, "cjk"),
    (0x3400, 0x4DBF, "cjk"), (0x4E00, 0x9FFF, "cjk"), (0xAC00, 0xD7AF, "cjk"), (0xF900, 0xFAFF, "cjk"),
    (0x20000, 0x3FFFF, "cjk"),
)


def feed_width(size) -> float | None:
    """CSS px a feed shows an output of this size at; None for print (not seen in a feed)."""
    if size.printed:
        return None
    return FEED_WIDTHS.get(size.name, FEED_WIDTH)


def script_class(text: str) -> str | None:
    """The class of the run's letters: arabic, cjk, dense, latin (any other letter), or None
    for a run of digits, punctuation and spaces alone (read as capitals)."""
    found = None
    for ch in text:
        cp = ord(ch)
        for first, last, name in _RANGES:
            if first <= cp <= last:
                return name
        if found is None and ch.isalpha():
            found = "latin"
    return found


def floor_em(text: str, face) -> tuple[float, str]:
    """(the least em, CSS px in the feed, this run needs in this face; what it is measured by)."""
    script = script_class(text)
    if script in EM_FLOORS:
        return EM_FLOORS[script], f"{SCRIPT_NAMES[script]} needs an em of {EM_FLOORS[script]:g} px"
    x_height, cap_height = face.small_heights if face is not None else (0.5, 0.7)
    if script == "latin" and any(ch.islower() for ch in text):
        ratio = x_height or 0.5
        return X_HEIGHT_FLOOR / ratio, f"an x-height of {X_HEIGHT_FLOOR:g} px needs an em of {X_HEIGHT_FLOOR / ratio:.1f} px"
    ratio = cap_height or 0.7
    return CAP_HEIGHT_FLOOR / ratio, f"capitals {CAP_HEIGHT_FLOOR:g} px high need an em of {CAP_HEIGHT_FLOOR / ratio:.1f} px"


def smallest_runs(scene: Scene, faces: dict) -> dict[tuple[str, str], tuple[float, float, str]]:
    """Per element (its own name, before any `.`) and the attribute that sizes the run (`size`,
    or `label_size` for a languages grid's names, `grid.<lang>.label`): (its worst run's size in
    canvas px, the canvas px it needs, why), the run the furthest under its floor; only the
    design's text (the draft band is not posted)."""
    worst: dict[tuple[str, str], tuple[float, float, str]] = {}
    for item in scene.items:
        if not isinstance(item, TextItem):
            continue
        layout = item.layout
        parts = item.element.split(".")
        element = (parts[0], LABEL_SIZE if len(parts) > 2 and parts[-1] == "label" else "size")
        for line in layout.lines:
            for run in line.runs:
                if not run.text.strip():
                    continue
                em, why = floor_em(run.text, faces.get(run.font))
                known = worst.get(element)
                if known is None or layout.size / em < known[0] / known[1]:
                    worst[element] = (layout.size, em, why)
    return worst


def feed_legibility(project, job, scene: Scene) -> list[Diagnostic]:
    """An error for each element of this output whose smallest text is under the floor at feed size."""
    width = feed_width(job.size)
    if width is None:
        return []
    scale = width / job.size.width  # canvas px -> CSS px in the feed
    template = project.templates[job.template]
    elements = {e.name: e for e in template.elements_for(job.size)}
    out = []
    for (name, attribute), (px, em, why) in smallest_runs(scene, project.fonts.faces).items():
        shown = px * scale
        if shown >= em - 1e-6 or name not in elements:
            continue
        element = elements[name]
        needed = ceil(em / scale / job.size.scale - 1e-6)  # the template's px at 1080 on the shorter side
        largest, least = element.size
        where = LayoutLocation(job.where, job.lang, job.size.name, name, scene.page if scene.pages > 1 else None)
        location = template.size_location(name, job.size, attribute)
        layer = template.size_layer(name, job.size, attribute)
        if attribute == LABEL_SIZE:  # the language names: one size, not a [max, min]
            wanted, what, set_ = f"label_size: {needed}", f"'{name}' language names", "set them to"
        else:
            wanted, what, set_ = f"size: [{max(largest, needed)}, {needed}]", f"'{name}'", "set its minimum to"
        if px <= job.size.min_text and layer != job.size.name:
            # set by the canvas's legible minimum, not by this line (which other sizes share):
            # raising it would enlarge them too, so the fix is this size's own override
            fix = f"under `shapes:` add `{job.size.name}: {{{name}: {{{wanted}}}}}`"
        else:
            fix = f"{set_} {needed} px: `{wanted}`"
        out.append(Diagnostic(
            f"{what} {'are' if attribute == LABEL_SIZE else 'is'} {shown:.1f} px in a feed {width} px wide "
            f"({px:g} px on the {job.size.width} px canvas); {why}", location, fix, code=CODE, layout=where))
    return out
