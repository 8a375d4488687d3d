"""The frame of one page being laid out: every input a placer needs, and its diagnostics."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Mapping

from ...content.assets import AssetStore
from ...content.diagnostics import ERROR, Diagnostic, LayoutLocation, SourceLocation
from ...content.font_library import FontLibrary
from ...content.model import Brand, Template
from ...content.elements import Element, ElementKind
from ..scene import RGB
from ...content.sizes import Size
from ...text.engine import Typesetter
from ...text.types import Box, LaidOutText, TextStyle


@dataclass(frozen=True)
class Source:
    """Where the values came from, so layout problems point at the content file's field."""

    graphic: str = ""
    file: str | None = None
    locations: dict = field(default_factory=dict)  # field -> SourceLocation

    def where(self, field_name: str | None) -> SourceLocation | None:
        if field_name and field_name in self.locations:
            return self.locations[field_name]
        return SourceLocation(self.file) if self.file else None


@dataclass
class Frame:
    brand: Brand
    fonts: FontLibrary
    assets: AssetStore
    template: Template
    values: dict
    item: dict | None  # the list item a repeated page shows
    lang: str
    size: Size
    ground: RGB
    page: int
    pages: int
    rtl: bool
    source: Source
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kinds: Mapping[str, ElementKind] = field(default_factory=dict)  # render/elements: each kind's placer
    children: dict[str, list[Element]] = field(default_factory=dict)  # stack name -> its elements, in order
    siblings: tuple = ()  # a repeated page: every item of its list (the set's pages share type sizes)

    def value(self, name: str | None):
        if name is None:
            return None
        if self.item is not None and name in self.item:
            return self.item[name]
        return self.values.get(name)

    def shown(self, element: Element) -> bool:
        """An element with no value (an optional field left empty, or `when:` a field that is
        empty) is not drawn and takes no room."""
        if element.when is not None and self.value(element.when) in (None, "", []):
            return False
        if element.kind == "text" and self.value(element.field) in (None, "", []):
            return False
        return True

    def place(self, element: Element, box: Box):
        """The element placed in `box` by its kind's placer (a `Placed`), or None when it shows
        nothing (an optional field left empty)."""
        if not self.shown(element):
            return None
        return self.kinds[element.kind].place(self, element, box)

    @property
    def typesetter(self) -> Typesetter:
        """The worker's one typesetter (kept in its asset store): texts prepared once, layouts
        remembered across outputs."""
        return self.assets.scratch("typesetter", Typesetter)

    def layout(self, text: str, style: TextStyle, box: Box, lang: str) -> LaidOutText:
        return self.typesetter.layout(text, style, box, lang)

    def color(self, name: str | None, default: RGB | None = None) -> RGB | None:
        return self.brand.color(name) if name else default

    def report(self, code: str, element: str, message: str, fix: str | None = None, *, field_name: str | None = None,
               location: SourceLocation | None = None, severity: str = ERROR) -> None:
        where = LayoutLocation(self.source.graphic or self.template.name, self.lang, self.size.name, element,
                               self.page if self.pages > 1 else None)
        self.diagnostics.append(Diagnostic(message, location or self.source.where(field_name), fix, severity, code,
                                           where))

    @contextmanager
    def trial(self):
        """Lay out tentatively: diagnostics made inside are collected apart, to keep or drop."""
        saved, self.diagnostics = self.diagnostics, []
        kept: list[Diagnostic] = []
        try:
            yield kept
        finally:
            kept.extend(self.diagnostics)
            self.diagnostics = saved
