"""A template's `motion:` (issue #26): how each element enters a Story or Reel clip.

```yaml
motion:
  hold: 2.5                       # seconds the finished still is held at the end (at least 2)
  kicker: {enter: appear, start: 0, duration: 0}
  stat: {enter: count, duration: 1.6}
  chart: {enter: fill, with: stat}
  statement: {enter: lines, duration: 0.6, stagger: 0.3}
```

Entries are played in the order written; an entry without `start:` begins when the one before
it ends (`with: <element>` starts it with another). This module only reads and checks the
YAML (every mistake a Diagnostic at its line); the timeline, the defaults for each template
and the drawing are render/motion.py's and render/frames.py's.
"""
from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostics
from .names import known, short

# how an element may enter, and the element kinds each suits
ENTERS = {
    "appear": None,  # any element: fades in
    "rise": None,  # any element: fades in while moving up into place
    "count": ("text",),  # a figure counts up from 0 in the text's own digits
    "fill": ("units",),  # the unit chart's dots light one by one
    "words": ("text",),  # word by word in reading order (whole clusters)
    "lines": ("text",),  # line by line in reading order
}
# the clip formats and the sizes clips are made for: content/formats.py (the one registry)
MIN_HOLD = 2.0  # seconds: the clip ends holding the still at least this long
MAX_SECONDS = 60.0


@dataclass(frozen=True)
class Entrance:
    element: str
    enter: str
    start: float | None = None  # seconds from the clip's (or scene's) start; None: after the previous
    duration: float | None = None  # None: the kind's default
    stagger: float | None = None  # words/lines: seconds between one unit and the next
    with_: str | None = None  # start together with this element


@dataclass(frozen=True)
class Motion:
    entrances: tuple[Entrance, ...] = ()
    hold: float = MIN_HOLD


def parse_motion(data, elements: dict[str, str], problems: Diagnostics) -> Motion | None:
    """`data` is the template's `motion:` mapping (LocatedDict); `elements` maps each element's
    name to its kind. None when the template has none (render/motion.py's defaults apply)."""
    if data is None:
        return None
    if not hasattr(data, "items") or not hasattr(data, "where"):
        problems.add("`motion:` maps element names to how they enter, e.g. {stat: {enter: count}}",
                     getattr(data, "location", None))
        return None
    hold = MIN_HOLD
    entrances = []
    for name, spec in data.items():
        where = data.where(name)
        if name == "hold":
            if not _number(spec) or not MIN_HOLD <= spec <= MAX_SECONDS:
                problems.add(f"`hold: {short(spec)}` must be seconds from {MIN_HOLD:g} to {MAX_SECONDS:g}", where,
                             fix="the clip ends holding the finished graphic at least 2 s")
            else:
                hold = float(spec)
            continue
        if name not in elements:
            problems.add(f"motion names unknown element '{short(name)}'", data.where(name, value=False),
                         fix=known(str(name), list(elements), "elements"))
            continue
        if not hasattr(spec, "get"):
            problems.add(f"motion of '{name}' is a mapping such as {{enter: appear, duration: 0.5}}", where)
            continue
        enter = spec.get("enter", "appear")
        if enter not in ENTERS:
            problems.add(f"'{name}' cannot enter by '{short(enter)}'", spec.where("enter"),
                         fix=known(str(enter), list(ENTERS), "entrances"))
            continue
        kinds = ENTERS[enter]
        if kinds and elements[name] not in kinds:
            problems.add(f"'{name}' is a {elements[name]} element: `enter: {enter}` is for {' or '.join(kinds)} "
                         "elements", spec.where("enter"), fix="use appear or rise")
            continue
        values = {}
        for key in ("start", "duration", "stagger"):
            value = spec.get(key)
            if value is not None and (not _number(value) or not 0 <= value <= MAX_SECONDS):
                problems.add(f"`{key}: {short(value)}` of '{name}' must be seconds from 0 to {MAX_SECONDS:g}",
                             spec.where(key))
                value = None
            values[key] = None if value is None else float(value)
        with_ = spec.get("with")
        if with_ is not None and with_ not in elements:
            problems.add(f"'{name}' starts with unknown element '{short(with_)}'", spec.where("with"),
                         fix=known(str(with_), list(elements), "elements"))
            with_ = None
        unknown = [k for k in spec if k not in ("enter", "start", "duration", "stagger", "with")]
        if unknown:
            problems.add(f"motion of '{name}' has unknown key '{short(unknown[0])}'", spec.where(unknown[0], value=False),
                         fix="keys: enter, start, duration, stagger, with")
        entrances.append(Entrance(str(name), enter, values["start"], values["duration"], values["stagger"], with_))
    return Motion(tuple(entrances), hold)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)

