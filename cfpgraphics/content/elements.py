"""Element kinds and the attributes each one takes, with their types.

A template attribute that does not belong to its element's kind, or has the wrong type, is a
diagnostic at its file:line:col (project.py). `roles_used` says which type roles (and so which
font files) an element draws with, for the output key (plan.py).
"""
from __future__ import annotations

from .model import Element

# Every kind: identity, box, place in a stack or on pages, and `when:`.
COMMON = frozenset({"name", "kind", "box", "stack", "gap", "when", "pages", "hidden", "beside"})
_TYPE = frozenset({"role", "color", "size", "max_lines", "align", "valign", "transform", "line_height", "features"})

KIND_ATTRIBUTES: dict[str, frozenset[str]] = {
    "text": COMMON | _TYPE | {"field", "emphasis_color", "highlight_color", "highlight_text_color", "wrap",
                              "list_style", "separator", "marker_color", "fill", "padding", "item_key", "columns"},
    "glyph": COMMON | _TYPE | {"text", "emphasis_color"},
    "logo": COMMON | {"variant", "align", "valign"},
    "rule": COMMON | {"color"},
    "stack": COMMON | {"valign"},
    "pager": COMMON | {"color", "inactive_color", "align"},
    # a unit chart: 10 x 10 dots, as many in `color` as the field's percentage (layout/units.py)
    # one message in every language, a cell each (layout/languages.py, gather.py)
    "languages": COMMON | _TYPE | {"field", "emphasis_color", "wrap", "columns", "label_color", "rule_color"},
    "units": COMMON | {"field", "color", "inactive_color", "align", "valign"},
}
KINDS = tuple(KIND_ATTRIBUTES)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _texts(value) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(_text(v) for v in value))


# attribute -> (check, what it should be); attributes with their own checks in project.py
# (box, size, padding, gap, choices, colours, roles, variants, fields) are not repeated here.
ATTRIBUTE_TYPES = {
    "name": (_text, "a name"),
    "max_lines": (_whole, "a whole number of lines, 1 or more"),
    "line_height": (_positive, "a number (times the font size), such as 1.1"),
    "features": (lambda v: isinstance(v, list) and all(_text(f) for f in v), "a list of OpenType features, e.g. [tnum]"),
    "text": (_text, "a piece of text in quotes"),
    "separator": (_text, "a piece of text in quotes"),
    "stack": (_text, "the name of a stack element"),
    "pages": (_texts, "a page name, or a list of page names"),
    "hidden": (lambda v: isinstance(v, bool), "true or false"),
    "item_key": (_text, "the name of a key of the list's items, e.g. place"),
    "columns": (_whole, "a whole number of columns, 1 or more"),
    "beside": (_text, "the name of an earlier element of the same stack"),
}


def roles_used(element: Element) -> set[str]:
    """Type roles whose fonts draw this element (numbered lists draw their numbers in display)."""
    if element.kind == "text":
        return {element.role, "display"} if element.list_style == "numbered" else {element.role}
    if element.kind == "glyph":
        return {element.role}
    if element.kind == "languages":  # the language names are set in the label role
        return {element.role, "label"}
    return set()
