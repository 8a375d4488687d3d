"""Load and validate a whole project: brand, fonts, templates, content.

Every problem is collected with its file:line:col, then reported together. A broken content
file is skipped on its own; everything else still loads (and builds).
"""
from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path

from .errors import CfpError, Problems, SourceLocation, relpath
from .fonts import load_fonts
from .langs import canonical_tag, suggest_tag
from .model import Brand, Element, FieldSpec, Graphic, Project, Template, Translation, TypeRole
from .sizes import PRESETS
from .text.markup import MarkupError, parse_markup
from .yamlio import Located, LocatedDict, expect_mapping, load_yaml

SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
_ELEMENT_KEYS = {f.name for f in dataclasses.fields(Element)}
_SHAPES = ("square", "tall", "wide")
CONTENT_META_KEYS = {"status", "source_hash", "alt"}


def did_you_mean(word: str, choices) -> str | None:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _known(word: str, choices, what: str) -> str:
    return did_you_mean(word, choices) or f"known {what}: " + ", ".join(sorted(choices))


# --- brand -------------------------------------------------------------------------------

def load_brand(root: Path, problems: Problems) -> Brand | None:
    path = root / "brand" / "brand.yaml"
    try:
        data = expect_mapping(load_yaml(path, root), relpath(path, root), "brand/brand.yaml")
    except CfpError as exc:
        problems.items.append(exc.problem)
        return None
    palette = {}
    colors = data.get("palette") or LocatedDict()
    for name, value in colors.items():
        match = _HEX.match(str(value))
        if not match:
            problems.add(f"colour '{name}' must be written as #RRGGBB", colors.where(name))
            continue
        hexa = match[1]
        palette[name] = (int(hexa[0:2], 16), int(hexa[2:4], 16), int(hexa[4:6], 16))
    roles = {}
    types = data.get("type") or LocatedDict()
    for name, spec in types.items():
        if not isinstance(spec, dict) or "stack" not in spec:
            problems.add(f"type role '{name}' needs a `stack:` (a stack from fonts/fonts.yaml)", types.where(name))
            continue
        roles[name] = TypeRole(name, str(spec["stack"]), float(spec.get("line_height", 1.15)))
    logos = {}
    logo_specs = data.get("logo") or LocatedDict()
    for variant, file in logo_specs.items():
        path = (root / "brand" / str(file)).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            problems.add(f"logo '{variant}' file '{file}' does not exist inside the project", logo_specs.where(variant))
            continue
        logos[variant] = path
    return Brand(str(data.get("name", "")), palette, roles, logos, relpath(path, root))


# --- templates ---------------------------------------------------------------------------

def _element(spec, where: SourceLocation, fields: dict, brand: Brand | None, problems: Problems,
             partial: bool = False) -> dict | None:
    """Validate one element's attributes; returns the attributes (all, or an override's)."""
    if not isinstance(spec, dict):
        problems.add("an element must be a list of `attribute: value` lines", where)
        return None
    attrs = {}
    ok = True
    for key, value in spec.items():
        loc = spec.where(key, value=False) if isinstance(spec, Located) else where
        if key not in _ELEMENT_KEYS:
            problems.add(f"unknown element attribute '{key}'", loc, fix=_known(key, _ELEMENT_KEYS, "attributes"))
            ok = False
            continue
        if key == "box" or key == "size":
            count = 4 if key == "box" else 2
            if not (isinstance(value, list) and len(value) == count and all(isinstance(v, (int, float)) for v in value)):
                problems.add(f"`{key}` needs {count} numbers in brackets", loc)
                ok = False
                continue
            if key == "box" and not all(0 <= v <= 1 for v in value):
                problems.add("`box` is [x, y, width, height] as fractions of the safe area (0 to 1)", loc)
                ok = False
                continue
            value = tuple(value)
        if key in ("color", "emphasis_color", "highlight_color") and brand and value not in brand.palette:
            problems.add(f"unknown colour '{value}'", loc, fix=_known(value, brand.palette, "colours"))
            ok = False
        if key == "role" and brand and value not in brand.type_roles:
            problems.add(f"unknown type role '{value}'", loc, fix=_known(value, brand.type_roles, "roles"))
            ok = False
        if key == "field" and value not in fields:
            problems.add(f"element shows field '{value}', which the template does not declare", loc,
                         fix=_known(value, fields, "fields"))
            ok = False
        if key == "features":
            value = tuple(value)
        attrs[key] = value
    if not partial:
        for required in ("name", "kind", "box"):
            if required not in attrs:
                problems.add(f"element needs `{required}:`", where)
                ok = False
    return attrs if ok else None


def load_template(path: Path, root: Path, brand: Brand | None, problems: Problems) -> Template | None:
    file = relpath(path, root)
    try:
        data = expect_mapping(load_yaml(path, root), file, "a template")
    except CfpError as exc:
        problems.items.append(exc.problem)
        return None
    count = len(problems.items)
    fields = {}
    field_specs = data.get("fields") or LocatedDict()
    for name, spec in field_specs.items():
        spec = spec or {}
        fields[name] = FieldSpec(name, str(spec.get("type", "text")), bool(spec.get("required", True)),
                                 spec.get("max_chars"), str(spec.get("help", "")))
    elements = []
    element_specs = data.get("elements") or []
    for i, spec in enumerate(element_specs):
        attrs = _element(spec, element_specs.where(i), fields, brand, problems)
        if attrs:
            elements.append(Element(**attrs))
    names = {e.name for e in elements}
    shapes = {}
    shape_specs = data.get("shapes") or LocatedDict()
    for shape, overrides in shape_specs.items():
        if shape not in _SHAPES:
            problems.add(f"unknown shape '{shape}'", shape_specs.where(shape, value=False), fix="use square, tall or wide")
            continue
        shapes[shape] = {}
        for name, spec in (overrides or {}).items():
            if name not in names:
                problems.add(f"shape '{shape}' overrides unknown element '{name}'", overrides.where(name, value=False),
                             fix=_known(name, names, "elements"))
                continue
            attrs = _element(spec, overrides.where(name), fields, brand, problems, partial=True)
            if attrs is not None:
                shapes[shape][name] = attrs
    background = str(data.get("background", "indigo"))
    if brand and background not in brand.palette:
        problems.add(f"unknown background colour '{background}'", data.where("background"),
                     fix=_known(background, brand.palette, "colours"))
    if len(problems.items) > count:
        return None
    example = {k: v for k, v in (data.get("example") or {}).items()}
    return Template(path.stem, str(data.get("description", "")), fields, background, elements, shapes, file, example)


# --- content -----------------------------------------------------------------------------

def check_values(values: dict, template: Template, file: str, where, problems: Problems) -> bool:
    """Fields against the template: unknown, missing, wrong type, too long, bad markup."""
    ok = True
    for name, value in values.items():
        if name in CONTENT_META_KEYS:
            continue
        if name not in template.fields:
            problems.add(f"unknown field '{name}' for template '{template.name}'", where(name, False),
                         fix=_known(name, template.fields, "fields"))
            ok = False
            continue
        spec = template.fields[name]
        items = value if isinstance(value, list) else [value]
        if spec.type == "list" and not isinstance(value, list):
            problems.add(f"'{name}' is a list: write each item on its own line starting with '- '", where(name))
            ok = False
            continue
        if spec.type == "text" and (isinstance(value, (list, dict))):
            problems.add(f"'{name}' is one piece of text, not a list", where(name))
            ok = False
            continue
        for item in items:
            if not isinstance(item, (str, int, float)):
                problems.add(f"'{name}' should be text", where(name))
                ok = False
                continue
            try:
                parse_markup(str(item))
            except MarkupError as exc:
                problems.add(str(exc), where(name))
                ok = False
            if spec.max_chars and len(str(item)) > spec.max_chars:
                problems.add(f"'{name}' is {len(str(item))} characters; at most {spec.max_chars} fit this template",
                             where(name), fix="shorten it")
                ok = False
    for name, spec in template.fields.items():
        if spec.required and name not in values:
            problems.add(f"missing field '{name}' ({spec.help or spec.type})", where(None, False),
                         fix=f"add a line `{name}: ...`")
            ok = False
    return ok


def _normalise(value):
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if isinstance(value, str) else str(value)


def load_translation(path: Path, root: Path, template: Template | None, problems: Problems) -> Translation | None:
    file = relpath(path, root)
    lang = path.stem
    canonical = canonical_tag(lang)
    if canonical != lang:
        guess = suggest_tag(lang)
        problems.add(f"'{lang}' is not a language code this tool knows", SourceLocation(file),
                     fix=f"rename the file to {guess}.yaml" if guess else "name the file after a BCP 47 language tag, e.g. es.yaml, zh-Hant.yaml")
        return None
    try:
        data = expect_mapping(load_yaml(path, root), file, "this content file")
    except CfpError as exc:
        problems.items.append(exc.problem)
        return None

    def where(key, value=True):
        return data.where(key, value=value) if key is not None else SourceLocation(file, 1, 1)

    status = str(data.get("status", "reviewed"))
    if status not in ("reviewed", "draft"):
        problems.add(f"status must be 'reviewed' or 'draft', not '{status}'", where("status"))
        return None
    if template and not check_values(data, template, file, where, problems):
        return None
    values = {k: _normalise(v) for k, v in data.items() if k not in CONTENT_META_KEYS}
    locations = {k: where(k) for k in data}
    return Translation(lang, file, values, status, locations)


def load_graphic(folder: Path, root: Path, templates: dict[str, Template], problems: Problems) -> Graphic | None:
    name = folder.name
    meta_path = folder / "graphic.yaml"
    meta_file = relpath(meta_path, root)
    if not SAFE_NAME.match(name):
        problems.add(f"graphic folder name '{name}' is not allowed", SourceLocation(relpath(folder, root)),
                     fix="use lower-case letters, digits and '-' only; it becomes part of output paths")
        return None
    if not meta_path.is_file():
        problems.add("graphic folder has no graphic.yaml", SourceLocation(meta_file),
                     fix="add graphic.yaml with `template: <name>` (see `cfpgraphics list templates`)")
        return None
    try:
        meta = expect_mapping(load_yaml(meta_path, root), meta_file, "graphic.yaml")
    except CfpError as exc:
        problems.items.append(exc.problem)
        return None
    template_name = str(meta.get("template", ""))
    template = templates.get(template_name)
    if template is None:
        problems.add(f"unknown template '{template_name}'", meta.where("template"),
                     fix=_known(template_name, templates, "templates"))
        return None
    sizes = meta.get("sizes", "all")
    if sizes == "all":
        sizes = list(PRESETS)
    bad = [s for s in sizes if s not in PRESETS]
    for s in bad:
        problems.add(f"unknown size '{s}'", meta.where("sizes"), fix=_known(s, PRESETS, "sizes"))
    translations = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "graphic.yaml":
            continue
        translation = load_translation(path, root, template, problems)
        if translation:
            translations[translation.lang] = translation
    return Graphic(name, template_name, [s for s in sizes if s not in bad], translations, relpath(folder, root))


def load_project(root: Path) -> Project:
    root = Path(root)
    problems = Problems()
    if not (root / "brand" / "brand.yaml").is_file():
        raise CfpError(f"{root} is not a cfpgraphics project (no brand/brand.yaml)",
                       fix="run this from the project folder, or pass --project PATH")
    brand = load_brand(root, problems)
    fonts = load_fonts(root / "fonts", root, problems)
    if brand:
        for role in brand.type_roles.values():
            if role.stack not in fonts.stacks:
                problems.add(f"type role '{role.name}' uses unknown font stack '{role.stack}'",
                             SourceLocation(brand.file), fix=_known(role.stack, fonts.stacks, "stacks"))
    templates = {}
    for path in sorted((root / "templates").glob("*.yaml")):
        template = load_template(path, root, brand, problems)
        if template:
            templates[template.name] = template
    graphics = {}
    content = root / "content"
    for folder in sorted(p for p in content.iterdir() if p.is_dir()) if content.is_dir() else []:
        graphic = load_graphic(folder, root, templates, problems)
        if graphic:
            graphics[graphic.name] = graphic
    return Project(root, brand, fonts, templates, graphics, problems)
