"""The project model: plain dataclasses, built once by `project.load_project()`."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .assets import AssetStore
from .diagnostics import CfpError, Diagnostics, SourceLocation
from .elements import Element, ElementKind
from .font_library import FontLibrary
from .sizes import Size


@dataclass(frozen=True)
class TypeRole:
    name: str
    stack: str  # font stack name in fonts/fonts.yaml
    line_height: float


@dataclass(frozen=True)
class Background:
    """A brand background style: `solid` (one colour), `pattern` (a quiet pattern of `ink` on
    `color`) or `duotone` (a photo mapped onto two brand colours; `fallback` without a photo)."""

    name: str
    style: str  # solid | pattern | duotone
    color: str | None = None  # solid, pattern: the ground colour
    ink: str | None = None  # pattern: the pattern's colour
    pattern: str = "dots"  # pattern: dots | lines
    shadows: str | None = None  # duotone: the colour of black
    highlights: str | None = None  # duotone: the colour of white
    fallback: str | None = None  # duotone: the background used when there is no photo

    def colors(self) -> tuple[str, ...]:
        """Every colour text on this background may stand on (for the contrast check)."""
        return tuple(c for c in (self.color, self.ink, self.shadows, self.highlights) if c)


def printed_url(url: str) -> str:
    """The short form of an address printed under a call to action: no scheme, no `www.`, no
    trailing slash (https://www.example.org/freedom/ -> example.org/freedom)."""
    text = url.split("://", 1)[1] if "://" in url else url
    text = text[4:] if text.lower().startswith("www.") else text
    return text.rstrip("/")


@dataclass
class Destination:
    """The campaign's web address (brand.yaml `destination:`): a default and a page of a
    language's own, shown as a short printed URL and, where a template asks, as a QR code."""

    url: str  # every language's, unless it has its own
    languages: dict[str, str] = field(default_factory=dict)  # language code -> its own page
    placeholder: bool = False  # not the campaign's real address yet (a reserved documentation domain)
    qr_color: str = "indigo"  # the dark modules of a QR code (a palette colour)
    qr_background: str = "paper"  # its light modules and quiet zone
    location: SourceLocation | None = field(default=None, repr=False, compare=False)  # for `check`'s warning

    def url_for(self, lang: str) -> str:
        """The address for `lang` (or its base language: es-MX -> es), else the default."""
        parts = lang.split("-")
        for n in range(len(parts), 0, -1):
            if "-".join(parts[:n]) in self.languages:
                return self.languages["-".join(parts[:n])]
        return self.url

    def printed(self, lang: str) -> str:
        return printed_url(self.url_for(lang))


@dataclass
class Brand:
    name: str
    palette: dict[str, tuple[int, int, int]]
    type_roles: dict[str, TypeRole]
    logos: dict[str, Path]  # variant -> image file
    file: str = "brand/brand.yaml"
    backgrounds: dict[str, Background] = field(default_factory=dict)
    logo_colors: dict[str, str] = field(default_factory=dict)  # variant -> its lettering colour
    root: Path | None = None  # the project folder: images are read only from inside it
    keep_together: tuple[str, ...] = ()  # names not to break across lines when the lines allow
    destination: "Destination | None" = None  # where a call to action sends people, per language (None: nowhere)
    draft_band: tuple[str, str] = ("marigold", "ink")  # (band, lettering) colours of the draft band
    phrases: dict[str, dict[str, str]] = field(default_factory=dict)  # phrase -> language -> words
    phrase_locations: dict[str, SourceLocation] = field(default_factory=dict)  # phrase -> where in brand.yaml
    role_locations: dict[str, SourceLocation] = field(default_factory=dict)  # type role -> where its stack is named
    # format -> its encoder settings (brand.yaml `formats:`, e.g. jpeg: {quality: 90}): fixed, so
    # a rebuild gives the same bytes; in every output's key
    encoding: dict[str, dict] = field(default_factory=dict)

    def phrase(self, name: str, lang: str) -> str | None:
        """A phrase cfpgraphics writes itself, in `lang` (or its base language: zh-Hant-TW ->
        zh-Hant -> zh); None when the brand kit has none for it."""
        table = self.phrases.get(name, {})
        parts = lang.split("-")
        for n in range(len(parts), 0, -1):
            if "-".join(parts[:n]) in table:
                return table["-".join(parts[:n])]
        return None

    def color(self, name: str) -> tuple[int, int, int]:
        try:
            return self.palette[name]
        except KeyError:  # a palette broken by a mistake in brand.yaml (templates are checked against it)
            raise CfpError(f"colour '{name}' is not in the palette", SourceLocation(self.file),
                           fix=f"add `{name}:` to `palette:` in {self.file}") from None

    def background(self, name: str) -> Background:
        """A brand background by name; a bare palette colour is a solid background."""
        if name in self.backgrounds:
            return self.backgrounds[name]
        return Background(name, "solid", color=name)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str = "text"  # text | list | image
    required: bool = True
    max_chars: int | None = None  # text, and each item of a list of text
    help: str = ""
    translate: bool = True  # false: taken from the graphic's en.yaml; translators leave it out
    min_items: int | None = None  # list
    max_items: int | None = None  # list
    items: tuple["FieldSpec", ...] = ()  # list of mappings: the keys of each item
    from_brand: str | None = None  # left empty: the brand kit's value of this name (`link`)

    @property
    def is_mapping_list(self) -> bool:
        return self.type == "list" and bool(self.items)


@dataclass(frozen=True)
class Page:
    """One kind of page of a multi-page template; `repeat` makes one page per item of a list."""

    name: str
    repeat: str | None = None
    sizes: tuple[str, ...] | None = None  # only on these shapes or sizes (a size by name wins); None: all

    def on(self, size: Size, named: bool) -> bool:
        if self.sizes is None:
            return not named
        return size.name in self.sizes if named else size.shape in self.sizes


@dataclass
class Template:
    name: str
    description: str
    fields: dict[str, FieldSpec]
    background: str  # a brand background (or palette colour)
    elements: list[Element]  # every element of every page, in drawing order
    shapes: dict[str, dict[str, dict]]  # shape or size name -> element name -> overridden attributes
    file: str
    example: dict[str, str] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)  # empty: a single-page template
    photo: str | None = None  # the image field a duotone background shows
    motion: object = None  # motion.Motion: how elements enter a clip (None: render/motion.py's default)
    # where each element's type size is set: (shape or size name, or "" for the element itself,
    # element name) -> the `size:` (or, without one, the element); a diagnostic about a size
    # points at the line to change
    size_locations: dict = field(default_factory=dict, compare=False, repr=False)

    def size_location(self, element: str, size: Size, attribute: str = "size") -> SourceLocation:
        """The line that sets `element`'s `size:` (or another size attribute, `label_size:`) on
        this size: its size's or shape's override if one sets it (the last layer wins, as in
        `elements_for`), else the element's own (for `size:`, the element's line without one)."""
        layer = self.size_layer(element, size, attribute)
        key = (layer, element) if attribute == "size" else (layer, element, attribute)
        found = self.size_locations.get(key)
        if found is None and attribute != "size":
            found = self.size_locations.get(("", element))
        return found or SourceLocation(self.file)

    def size_layer(self, element: str, size: Size, attribute: str = "size") -> str:
        """The shape or size name whose override sets `element`'s `size:` here ("": its own)."""
        for layer in reversed(size.layers):
            if attribute in self.shapes.get(layer, {}).get(element, {}):
                return layer
        return ""

    @property
    def elements_by_name(self) -> dict[str, Element]:
        return {e.name: e for e in self.elements}

    def elements_for(self, size: Size, page: str | None = None) -> list[Element]:
        """The elements for this size (shape overrides, print's, then the size's own) on `page`."""
        layers = [self.shapes.get(layer, {}) for layer in size.layers]
        out = []
        for e in self.elements:
            overrides = {}
            for layer in layers:  # later layers win: the size's own last
                overrides.update(layer.get(e.name, {}))
            if overrides:
                e = replace(e, **overrides)
            if e.hidden:
                continue
            if page is None or e.pages is None or page in e.pages:
                out.append(e)
        return out

    def pages_for(self, size: Size | None) -> list[Page]:
        """The kinds of page a size gets: those naming the size in their `sizes:` if any does
        (a link card: the cover alone), else those for its shape (or for every size)."""
        if size is None:
            return list(self.pages)
        named = any(p.sizes and size.name in p.sizes for p in self.pages)
        return [p for p in self.pages if p.on(size, named)]

    def page_plan(self, values: dict, size: Size | None = None) -> list[tuple[Page, dict | None]]:
        """Every page in order for this size, each with its list item (for repeated pages)."""
        if not self.pages:
            return [(Page("main"), None)]
        plan = []
        for page in self.pages_for(size):
            if page.repeat:
                plan.extend((page, item) for item in (values.get(page.repeat) or []))
            else:
                plan.append((page, None))
        return plan

    def page_count(self, values: dict, size: Size | None = None) -> int:
        return len(self.page_plan(values, size)) if self.pages else 1

    @property
    def multi_page(self) -> bool:
        return bool(self.pages)


MISSING = "missing"  # a Translation's status when its file has no words yet (never rendered)


@dataclass
class Translation:
    """One content file: the values of one graphic in one language."""

    lang: str
    file: str
    values: dict[str, str | list[str]]
    status: str = "reviewed"  # reviewed | draft
    locations: dict[str, SourceLocation] = field(default_factory=dict)
    stale: bool = False  # from a PO file: some entry's English is not the current English
    # where each text is, by unit ((field,), (field, "2"), (field, "2", key)): an item's own line
    unit_locations: dict[tuple[str, ...], SourceLocation] = field(default_factory=dict)

    def where(self, unit: tuple[str, ...]) -> SourceLocation:
        return self.unit_locations.get(unit) or self.locations.get(unit[0]) or SourceLocation(self.file, 1, 1)


@dataclass
class Graphic:
    name: str
    template: str
    sizes: list[str]
    translations: dict[str, Translation]
    folder: str
    # languages started but with no words yet (`translate new`, an empty PO entry): by file.
    # They are *missing*: listed by `translations`, rendered nowhere, a problem nowhere.
    untranslated: dict[str, str] = field(default_factory=dict)
    formats: tuple[str, ...] = ("png",)  # graphic.yaml `formats:` (content/formats.py); --format replaces it
    # graphic.yaml `each:` (content/members.py): one output per item of another graphic's list
    each: object = None  # members.Each, or None: one output per language and size
    members: tuple | None = None  # its members.Member items once read (None: not read; nothing planned)


@dataclass
class Project:
    root: Path
    brand: Brand | None
    fonts: FontLibrary
    templates: dict[str, Template]
    graphics: dict[str, Graphic]
    problems: Diagnostics
    assets: AssetStore  # every loaded file, by identity (passed in by whoever loads the project)
    kinds: dict[str, ElementKind] = field(default_factory=dict)  # the element kinds it was checked against

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def languages(self) -> list[str]:
        return sorted({lang for g in self.graphics.values() for lang in g.translations})
