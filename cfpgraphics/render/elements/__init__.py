"""Every element kind a template can use, one module each: the attributes it takes (checked
when a template loads), the type roles it draws with (output keys) and its placer (layout).
A new kind is a new module here and one line below."""
from __future__ import annotations

from ...content.elements import ElementKind
from . import glyph, languages, logo, pager, qr, rule, stack, text, units

KINDS: dict[str, ElementKind] = {kind.name: kind for kind in (
    text.KIND, glyph.KIND, logo.KIND, rule.KIND, stack.KIND, pager.KIND, units.KIND, languages.KIND, qr.KIND)}
