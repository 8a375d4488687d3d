"""Alt text for screen-reader users: the graphic's words, in its language, as plain text.

Made from the template's text fields in reading order (markup removed, list items on their
own lines); a content file can replace it with its own `alt:` line.
"""
from __future__ import annotations

from .model import Template
from .text.markup import strip_markup


def _plain(value) -> list[str]:
    if isinstance(value, list):
        return [line for item in value for line in _plain(item)]
    if isinstance(value, dict):
        return [": ".join(strip_markup(str(v)) for v in value.values() if v)]
    text = strip_markup(str(value)).strip()
    return [text] if text else []


def alt_text(template: Template, values: dict) -> str:
    if values.get("alt"):
        return strip_markup(str(values["alt"])).strip()
    lines: list[str] = []
    for element in template.elements:
        if element.kind == "text" and element.field and element.field in values:
            for line in _plain(values[element.field]):
                if line not in lines:
                    lines.append(line)
    return "\n".join(lines)
