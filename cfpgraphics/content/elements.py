"""Template elements: every attribute an element can have (its type, default and the located
error a wrong value gets), and what an element kind is.

`Element` holds each attribute with its default; `ATTRIBUTES` says how each is checked when a
template loads (the mkdocs way: each option validates itself and carries its own error). The
kinds themselves (which attributes each takes, the type roles it draws with, its placer) are
declared one module each in render/elements/ and handed to the loader (`check_element`), so
the loader, `check`, the layout and the output keys all read the same declaration.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Callable, Mapping

from .names import did_you_mean, known

Fraction4 = tuple[float, float, float, float]


@dataclass(frozen=True)
class Element:
    """One thing drawn on the canvas, in a box given as fractions of the safe area."""

    name: str
    kind: str  # one of the kinds in render/elements/
    box: Fraction4
    field: str | None = None  # text: the content field it shows
    role: str = "text"  # type role in brand.yaml
    color: str = "paper"
    emphasis_color: str | None = None
    highlight_color: str | None = None
    size: tuple[int, int] = (64, 28)  # (max, min) px at 1080 on the shorter side
    max_lines: int | None = None
    align: str = "start"
    valign: str = "top"
    transform: str = "none"
    wrap: str = "balance"
    features: tuple[str, ...] = ()
    line_height: float | None = None  # overrides the role's
    variant: str = "on-dark"  # logo: which logo image; `auto` picks by the background
    # --- the layout model (see docs/layout-model.md) ---
    stack: str | None = None  # in this stack: box is [x, -, w, max h] in fractions of the stack
    gap: float | None = None  # stack: space between children; child: space above it (px at 1080)
    when: str | None = None  # drawn only when this field has a value
    pages: tuple[str, ...] | None = None  # multi-page templates: only on these pages (None: all)
    list_style: str = "lines"  # list fields: lines | inline | numbered | columns
    columns: int = 2  # list_style columns: how many
    separator: str = "·"  # list_style inline: between items (drawn in the emphasis colour)
    marker_color: str | None = None  # list_style numbered: colour of the numbers
    fill: str | None = None  # text: a panel of this colour behind it (a button)
    padding: tuple[float, float] = (0, 0)  # text with fill: (x, y) px at 1080 inside the panel
    highlight_text_color: str | None = None  # text on a ==highlight== (default: the background)
    inactive_color: str | None = None  # pager: dots of the other pages
    text: str | None = None  # glyph: a fixed, language-neutral mark (a quotation mark)
    item_key: str | None = None  # text showing a list of mappings: the key of each item it shows
    hidden: bool = False  # not drawn (an override hides an element on one shape or size)
    label_color: str | None = None  # languages: the language names over the cells
    rule_color: str | None = None  # languages: the hairline over each cell
    label_size: int | None = None  # languages: the language names' size, px at 1080 (None: 27)
    beside: str | None = None  # in a stack: shares the row of this earlier child (which makes room for it)
    # text of a graphic made for each item of a list (graphic.yaml `each:`): one size on every
    # output, the largest at which every item fits the element's box (the member kit's names)
    one_size: bool = False
    # display text seen alone (a story's name): the fewest lines it fits in at no less than this
    # fraction of its largest size ("Just Futures / Law", not "Just / Futures / Law"); None: the largest size
    fewer_lines: float | None = None
    grow: bool = False  # stack: its text grows to fill its height, the rest goes into its gaps (stories)


# Every kind takes these: identity, box, place in a stack or on pages, and `when:`.
COMMON = frozenset({"name", "kind", "box", "stack", "gap", "when", "pages", "hidden", "beside"})
# Kinds that set type take these as well.
TYPE = frozenset({"role", "color", "size", "max_lines", "align", "valign", "transform", "line_height", "features"})


def _no_roles(element: Element) -> set[str]:
    return set()


def _no_pairs(element: Element, grounds: list[str], brand) -> list:
    return []


@dataclass(frozen=True)
class ElementKind:
    """One kind of element, declared in its own module under render/elements/: the attributes
    it takes besides COMMON, its placer, `(frame, element, box) -> Placed | None`, which only
    the renderer calls, the type roles whose fonts it draws with (for the output keys) and the
    colour pairs it must keep legible, `(element, grounds, brand) -> [(what, fg, bg, ratio
    needed)]` (checked when its template loads, contrast.py)."""

    name: str
    attributes: frozenset[str]
    place: Callable
    roles: Callable[[Element], set[str]] = _no_roles
    contrast: Callable[[Element, list, object], list] = _no_pairs

    @property
    def takes(self) -> frozenset[str]:
        return COMMON | self.attributes


# --- checking an element's attributes ------------------------------------------------------

class Invalid(ValueError):
    """A wrong attribute value: the message, a fix, and whether it points at the value (a
    wrong type) or at the attribute's name."""

    def __init__(self, message: str, fix: str | None = None, *, at_value: bool = False, code: str = "invalid"):
        super().__init__(message)
        self.message, self.fix, self.at_value, self.code = message, fix, at_value, code


@dataclass(frozen=True)
class Context:
    """What a check may look at: the template's fields, the brand kit, the known kinds."""

    fields: Mapping
    brand: object | None  # model.Brand; None when brand.yaml did not load (nothing to check against)
    kinds: Mapping[str, ElementKind]


class Attribute:
    """An attribute's check: the value as the element keeps it, or Invalid."""

    def check(self, key: str, value, context: Context):
        return value


class Typed(Attribute):
    """A value of one type ("`max_lines` should be a whole number ..."), converted if needed."""

    def __init__(self, test: Callable[[object], bool], what: str, convert: Callable = lambda v: v):
        self.test, self.what, self.convert = test, what, convert

    def check(self, key, value, context):
        if not self.test(value):
            raise Invalid(f"`{key}` should be {self.what}", at_value=True, code="template")
        return self.convert(value)


class Numbers(Attribute):
    """A fixed count of numbers in brackets, kept as a tuple; `fractions`: each 0 to 1."""

    def __init__(self, count: int, message: str | None = None, fractions: str | None = None):
        self.count, self.message, self.fractions = count, message, fractions

    def check(self, key, value, context):
        if not (isinstance(value, list) and len(value) == self.count
                and all(isinstance(v, (int, float)) for v in value)):
            raise Invalid(self.message or f"`{key}` needs {self.count} numbers in brackets")
        if self.fractions and not all(0 <= v <= 1 for v in value):
            raise Invalid(self.fractions)
        return tuple(value)


class Gap(Attribute):
    def check(self, key, value, context):
        if not (isinstance(value, (int, float)) and value >= 0):
            raise Invalid("`gap` is a number of px at 1080 (0 or more)")
        return value


class Choice(Attribute):
    def __init__(self, *options: str):
        self.options = options

    def check(self, key, value, context):
        if value not in self.options:
            raise Invalid(f"`{key}` cannot be '{value}'", known(value, self.options, "values"))
        return value


class Named(Attribute):
    """A name that must be one of a set the context knows (a colour, a type role, a field)."""

    def __init__(self, choices: Callable[[Context], Mapping | None], message: str, what: str,
                 allowed: tuple = (), code: str = "invalid"):
        self.choices, self.message, self.what, self.allowed, self.code = choices, message, what, allowed, code

    def check(self, key, value, context):
        choices = self.choices(context)
        if choices is None or value in self.allowed:
            return value  # nothing to check against (brand.yaml did not load), or always fine
        names = [*choices, *(a for a in self.allowed if isinstance(a, str))]
        if value is None:  # `color:` with nothing after it
            raise Invalid(f"`{key}` is empty", f"write one of the {self.what}: " + ", ".join(sorted(names)),
                          code=self.code)
        if not isinstance(value, str) or value not in choices:
            raise Invalid(self.message.format(value), known(value, names, self.what), code=self.code)
        return value


class Colour(Named):
    """A palette colour; an optional one (no colour by default) may be left empty."""

    def __init__(self, optional: bool = True):
        super().__init__(lambda c: c.brand.palette if c.brand else None, "unknown colour '{}'", "colours",
                         allowed=(None,) if optional else ())


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _texts(value) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(_text(v) for v in value))


def _brand(part: str) -> Callable[[Context], Mapping | None]:
    return lambda context: getattr(context.brand, part) if context.brand else None


ATTRIBUTES: dict[str, Attribute] = {
    "name": Typed(_text, "a name"),
    "kind": Named(lambda c: c.kinds, "unknown element kind '{}'", "kinds", code="template"),
    "box": Numbers(4, fractions="`box` is [x, y, width, height] as fractions of the safe area (0 to 1)"),
    "field": Named(lambda c: c.fields, "element shows field '{}', which the template does not declare", "fields"),
    "role": Named(_brand("type_roles"), "unknown type role '{}'", "roles"),
    "color": Colour(optional=False),
    "emphasis_color": Colour(),
    "highlight_color": Colour(),
    "size": Numbers(2),
    "max_lines": Typed(_whole, "a whole number of lines, 1 or more"),
    "align": Choice("start", "end", "left", "right", "center"),
    "valign": Choice("top", "middle", "bottom"),
    "transform": Choice("none", "uppercase", "lowercase"),
    "wrap": Choice("balance", "pretty"),
    "features": Typed(lambda v: isinstance(v, list) and all(_text(f) for f in v),
                      "a list of OpenType features, e.g. [tnum]", tuple),
    "line_height": Typed(_positive, "a number (times the font size), such as 1.1"),
    "variant": Named(_brand("logos"), "unknown logo variant '{}'", "variants", allowed=("auto",)),
    "stack": Typed(_text, "the name of a stack element"),
    "gap": Gap(),
    "when": Named(lambda c: c.fields, "`when` names field '{}', which the template does not declare", "fields"),
    "pages": Typed(_texts, "a page name, or a list of page names",
                   lambda v: (v,) if isinstance(v, str) else tuple(v or ())),
    "list_style": Choice("lines", "inline", "numbered", "columns"),
    "columns": Typed(_whole, "a whole number of columns, 1 or more"),
    "separator": Typed(_text, "a piece of text in quotes"),
    "marker_color": Colour(),
    "fill": Colour(),
    "padding": Numbers(2, "`padding` needs 2 numbers in brackets: [x, y] px at 1080"),
    "highlight_text_color": Colour(),
    "inactive_color": Colour(),
    "text": Typed(_text, "a piece of text in quotes"),
    "item_key": Typed(_text, "the name of a key of the list's items, e.g. place"),
    "hidden": Typed(lambda v: isinstance(v, bool), "true or false"),
    "label_color": Colour(),
    "rule_color": Colour(),
    "label_size": Typed(_whole, "a whole number of px at 1080 on the shorter side, e.g. 27"),
    "beside": Typed(_text, "the name of an earlier element of the same stack"),
    "one_size": Typed(lambda v: isinstance(v, bool), "true or false"),
    "grow": Typed(lambda v: isinstance(v, bool), "true or false"),
    "fewer_lines": Typed(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 1,
                         "a fraction of the largest size, from 0 to 1, such as 0.6"),
}
assert set(ATTRIBUTES) == {f.name for f in fields(Element)}, "every attribute of Element is checked"


def check_element(spec, where, context: Context, problems, partial: bool = False,
                  kind: str | None = None) -> dict | None:
    """One element's attributes, checked against its kind; returns them (all, or an
    override's: then `kind` is the overridden element's), or None after reporting."""
    if not isinstance(spec, dict):
        problems.add("an element must be a list of `attribute: value` lines", where, code="template")
        return None
    located = hasattr(spec, "where")
    kind = spec.get("kind", kind) if not partial else kind
    declared = context.kinds.get(kind) if isinstance(kind, str) else None
    attrs, ok = {}, True
    for key, value in spec.items():
        at_key = spec.where(key, value=False) if located else where
        attribute = ATTRIBUTES.get(key)
        if attribute is None:
            problems.add(f"unknown element attribute '{key}'", at_key, fix=known(key, ATTRIBUTES, "attributes"),
                         code="template")
            ok = False
            continue
        if declared is not None and key not in declared.takes:
            own = sorted(declared.attributes)
            problems.add(f"`{key}` does not belong to a {kind} element", at_key, code="template",
                         fix=did_you_mean(key, declared.takes) or (
                             f"{kind} elements take: {', '.join(own)}" if own
                             else f"remove it; a {kind} element takes only the common attributes"))
            ok = False
            continue
        try:
            attrs[key] = attribute.check(key, value, context)
        except Invalid as bad:
            problems.add(bad.message, spec.where(key) if bad.at_value and located else at_key, fix=bad.fix,
                         code=bad.code)
            ok = False
    if not partial:
        for required in ("name", "kind", "box"):
            if required not in spec:  # given but wrong: reported above, once
                problems.add(f"element needs `{required}:`", where)
                ok = False
    return attrs if ok else None
