"""The project model: plain dataclasses, built once by `project.load_project()`."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import Problems, SourceLocation
from .fonts import FontLibrary
from .sizes import Size

Fraction4 = tuple[float, float, float, float]


@dataclass(frozen=True)
class TypeRole:
    name: str
    stack: str  # font stack name in fonts/fonts.yaml
    line_height: float


@dataclass
class Brand:
    name: str
    palette: dict[str, tuple[int, int, int]]
    type_roles: dict[str, TypeRole]
    logos: dict[str, Path]  # variant -> image file
    file: str = "brand/brand.yaml"

    def color(self, name: str) -> tuple[int, int, int]:
        return self.palette[name]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str = "text"  # text | list
    required: bool = True
    max_chars: int | None = None
    help: str = ""


@dataclass(frozen=True)
class Element:
    """One thing drawn on the canvas, in a box given as fractions of the safe area."""

    name: str
    kind: str  # text | logo
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
    variant: str = "on-dark"  # logo: which logo image


@dataclass
class Template:
    name: str
    description: str
    fields: dict[str, FieldSpec]
    background: str
    elements: list[Element]
    shapes: dict[str, dict[str, dict]]  # shape -> element name -> overridden attributes
    file: str
    example: dict[str, str] = field(default_factory=dict)

    def elements_for(self, size: Size) -> list[Element]:
        overrides = self.shapes.get(size.shape, {})
        return [replace(e, **overrides.get(e.name, {})) for e in self.elements]


@dataclass
class Translation:
    """One content file: the values of one graphic in one language."""

    lang: str
    file: str
    values: dict[str, str | list[str]]
    status: str = "reviewed"  # reviewed | draft
    locations: dict[str, SourceLocation] = field(default_factory=dict)


@dataclass
class Graphic:
    name: str
    template: str
    sizes: list[str]
    translations: dict[str, Translation]
    folder: str


@dataclass
class Project:
    root: Path
    brand: Brand | None
    fonts: FontLibrary
    templates: dict[str, Template]
    graphics: dict[str, Graphic]
    problems: Problems

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def languages(self) -> list[str]:
        return sorted({lang for g in self.graphics.values() for lang in g.translations})
