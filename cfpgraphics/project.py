"""Load and validate a whole project: brand, fonts, templates, content.

Every problem is collected with its file:line:col, then reported together. A broken content
file is skipped on its own; everything else still loads (and builds).
"""
from __future__ import annotations

import dataclasses
import difflib
import os
import re
from functools import lru_cache
from pathlib import Path

from .assets import AssetStore
from .errors import CfpError, Diagnostics, SourceLocation, relpath
from .fonts import load_fonts
from .langs import canonical_tag, suggest_tag
from .contrast import check_template
from .kinds import ATTRIBUTE_TYPES, COMMON, KIND_ATTRIBUTES, KINDS
from .model import Background, Brand, Element, FieldSpec, Graphic, Page, Project, Template, Translation, TypeRole
from .sizes import PRESETS
from .text.markup import MarkupError, parse_markup
from .yamlio import Located, LocatedDict, control_in_value, load_mapping

SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
_ELEMENT_KEYS = {f.name for f in dataclasses.fields(Element)}
_SHAPES = ("square", "tall", "wide")
_CHOICES = {
    "align": ("start", "end", "left", "right", "center"),
    "valign": ("top", "middle", "bottom"),
    "transform": ("none", "uppercase", "lowercase"),
    "wrap": ("balance", "pretty"),
    "list_style": ("lines", "inline", "numbered", "columns"),
}
_COLOUR_KEYS = ("color", "emphasis_color", "highlight_color", "fill", "highlight_text_color", "marker_color",
                "inactive_color", "label_color", "rule_color")
_FIELD_TYPES = ("text", "list", "image")
_BACKGROUND_STYLES = {"solid": ("color",), "pattern": ("color", "ink"), "duotone": ("shadows", "highlights")}
CONTENT_META_KEYS = {"status", "source_hash", "alt"}
SOURCE_LANG = "en"  # fields marked `translate: false` come from this language's file


def did_you_mean(word: str, choices) -> str | None:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _known(word: str, choices, what: str) -> str:
    return did_you_mean(word, choices) or f"known {what}: " + ", ".join(sorted(choices))


# --- brand -------------------------------------------------------------------------------

def load_brand(root: Path, problems: Diagnostics) -> Brand | None:
    path = root / "brand" / "brand.yaml"
    data = load_mapping(path, root, "brand/brand.yaml", problems)
    if data is None:
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
    logo_colors = {}
    for variant, colour in (data.get("logo_colors") or LocatedDict()).items():
        if colour not in palette:
            problems.add(f"logo colour '{colour}' is not in the palette", data["logo_colors"].where(variant),
                         fix=_known(colour, palette, "colours"))
            continue
        logo_colors[str(variant)] = str(colour)
    backgrounds = {}
    specs = data.get("backgrounds") or LocatedDict()
    for name, spec in specs.items():
        bg = _background(str(name), spec, specs.where(name), palette, problems)
        if bg:
            backgrounds[bg.name] = bg
    for bg in backgrounds.values():
        if bg.fallback and bg.fallback not in backgrounds and bg.fallback not in palette:
            problems.add(f"background '{bg.name}' falls back to unknown background '{bg.fallback}'",
                         specs.where(bg.name), fix=_known(bg.fallback, [*backgrounds, *palette], "backgrounds"))
    keep = data.get("keep_together") or []
    if not isinstance(keep, list) or not all(isinstance(k, str) and k.strip() for k in keep):
        problems.add("`keep_together` is a list of names, one per line starting with '- '", data.where("keep_together"))
        keep = []
    link = data.get("link") or ""
    if not isinstance(link, str):
        problems.add("`link` is a web address or handle in quotes, or \"\" for none", data.where("link"))
        link = ""
    band = data.get("draft_band") or LocatedDict()
    draft_band = ("marigold", "ink")
    if not isinstance(band, dict):
        problems.add("`draft_band` needs `color:` and `text:` (palette colours)", data.where("draft_band"))
    else:
        chosen = []
        for key, default in (("color", "marigold"), ("text", "ink")):
            colour = str(band.get(key, default))
            if colour not in palette:
                problems.add(f"draft band colour '{colour}' is not in the palette", band.where(key),
                             fix=_known(colour, palette, "colours"))
                colour = default
            chosen.append(colour)
        draft_band = (chosen[0], chosen[1])
        from .contrast import contrast_ratio
        ratio = contrast_ratio(palette.get(draft_band[0], (0, 0, 0)), palette.get(draft_band[1], (0, 0, 0)))
        if draft_band[0] in palette and draft_band[1] in palette and ratio < 4.5:
            problems.add(f"draft band: text colour {draft_band[1]} on {draft_band[0]} has contrast {ratio:.2f}:1; "
                         "WCAG AA needs 4.5:1", band.where("text") if "text" in band else data.where("draft_band"),
                         fix="pick another pair; ink on marigold passes")
    phrases, phrase_locations = _phrases(data, problems)
    return Brand(str(data.get("name", "")), palette, roles, logos, relpath(path, root), backgrounds, logo_colors,
                 root.resolve(), tuple(k.strip() for k in keep), link.strip(), draft_band, phrases, phrase_locations)


PHRASES = {"draft": (), "slide": ("{n}", "{total}"), "units": ("{n}",)}  # the phrases cfpgraphics writes, and what each must hold


def _phrases(data, problems: Diagnostics) -> tuple[dict, dict]:
    """brand.yaml `phrases:`: phrase -> language code -> words (each checked for its placeholders)."""
    specs = data.get("phrases") or LocatedDict()
    phrases, locations = {}, {}
    if not isinstance(specs, dict):
        problems.add("`phrases` maps each phrase (draft, slide) to its words per language code", data.where("phrases"))
        return phrases, locations
    for name, table in specs.items():
        where = specs.where(name, value=False)
        if name not in PHRASES:
            problems.add(f"unknown phrase '{name}'", where, fix=_known(name, PHRASES, "phrases"))
            continue
        if not isinstance(table, dict) or "en" not in table:
            problems.add(f"phrase '{name}' needs its words per language code, English (`en:`) at least", where)
            continue
        words = {}
        for lang, text in table.items():
            needs = [p for p in PHRASES[name] if p not in str(text)]
            if not isinstance(text, str) or not text.strip() or needs:
                problems.add(f"phrase '{name}' in '{lang}' must be words in quotes"
                             + (f" holding {' and '.join(needs)}" if needs else ""), table.where(lang),
                             fix=f"write it like the English: \"{table['en']}\"")
                continue
            words[str(lang)] = text.strip()
        phrases[str(name)] = words
        locations[str(name)] = where
    return phrases, locations


def _background(name: str, spec, where: SourceLocation, palette: dict, problems: Diagnostics) -> Background | None:
    if not isinstance(spec, dict) or spec.get("style") not in _BACKGROUND_STYLES:
        problems.add(f"background '{name}' needs `style:` solid, pattern or duotone", where)
        return None
    style = spec["style"]
    ok = True
    for key in _BACKGROUND_STYLES[style]:
        if key not in spec:
            problems.add(f"{style} background '{name}' needs `{key}:` (a palette colour)", where)
            ok = False
    for key in ("color", "ink", "shadows", "highlights"):
        if key in spec and spec[key] not in palette:
            problems.add(f"background '{name}': unknown colour '{spec[key]}'", spec.where(key),
                         fix=_known(spec[key], palette, "colours"))
            ok = False
    pattern = str(spec.get("pattern", "dots"))
    if pattern not in ("dots", "lines"):
        problems.add(f"background '{name}': unknown pattern '{pattern}'", spec.where("pattern"), fix="use dots or lines")
        ok = False
    if not ok:
        return None
    return Background(name, style, spec.get("color"), spec.get("ink"), pattern, spec.get("shadows"),
                      spec.get("highlights"), spec.get("fallback"))


# --- templates ---------------------------------------------------------------------------

def _element(spec, where: SourceLocation, fields: dict, brand: Brand | None, problems: Diagnostics,
             partial: bool = False, kind: str | None = None) -> dict | None:
    """Validate one element's attributes against its kind; returns the attributes (all, or an
    override's: then `kind` is the overridden element's)."""
    if not isinstance(spec, dict):
        problems.add("an element must be a list of `attribute: value` lines", where, code="template")
        return None
    attrs = {}
    ok = True
    kind = spec.get("kind", kind) if not partial else kind
    allowed = KIND_ATTRIBUTES.get(kind) if isinstance(kind, str) else None
    for key, value in spec.items():
        loc = spec.where(key, value=False) if isinstance(spec, Located) else where
        if key not in _ELEMENT_KEYS:
            problems.add(f"unknown element attribute '{key}'", loc, fix=_known(key, _ELEMENT_KEYS, "attributes"),
                         code="template")
            ok = False
            continue
        if allowed is not None and key not in allowed:
            own = sorted(allowed - COMMON)
            problems.add(f"`{key}` does not belong to a {kind} element", loc, code="template",
                         fix=did_you_mean(key, allowed) or (f"{kind} elements take: {', '.join(own)}" if own
                                                            else f"remove it; a {kind} element takes only the common attributes"))
            ok = False
            continue
        check = ATTRIBUTE_TYPES.get(key)
        if check and not check[0](value):
            problems.add(f"`{key}` should be {check[1]}", spec.where(key) if isinstance(spec, Located) else where,
                         code="template")
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
        if key in ("padding",):
            if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)):
                problems.add("`padding` needs 2 numbers in brackets: [x, y] px at 1080", loc)
                ok = False
                continue
            value = tuple(value)
        if key == "gap" and not (isinstance(value, (int, float)) and value >= 0):
            problems.add("`gap` is a number of px at 1080 (0 or more)", loc)
            ok = False
            continue
        if key == "pages":
            value = (value,) if isinstance(value, str) else tuple(value or ())
        if key == "kind" and value not in KINDS:
            problems.add(f"unknown element kind '{value}'", loc, fix=_known(value, KINDS, "kinds"), code="template")
            ok = False
        if key in _CHOICES and value not in _CHOICES[key]:
            problems.add(f"`{key}` cannot be '{value}'", loc, fix=_known(value, _CHOICES[key], "values"))
            ok = False
        if key in _COLOUR_KEYS and brand and value is not None and value not in brand.palette:
            problems.add(f"unknown colour '{value}'", loc, fix=_known(value, brand.palette, "colours"))
            ok = False
        if key == "variant" and brand and value != "auto" and value not in brand.logos:
            problems.add(f"unknown logo variant '{value}'", loc, fix=_known(value, [*brand.logos, "auto"], "variants"))
            ok = False
        if key == "role" and brand and value not in brand.type_roles:
            problems.add(f"unknown type role '{value}'", loc, fix=_known(value, brand.type_roles, "roles"))
            ok = False
        if key == "when" and value not in fields:
            problems.add(f"`when` names field '{value}', which the template does not declare", loc,
                         fix=_known(value, fields, "fields"))
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


def load_template(path: Path, root: Path, brand: Brand | None, problems: Diagnostics) -> Template | None:
    file = relpath(path, root)
    data = load_mapping(path, root, "a template", problems)
    if data is None:
        return None
    count = len(problems.items)
    fields = {}
    field_specs = data.get("fields") or LocatedDict()
    for name, spec in field_specs.items():
        field = _field(str(name), spec or {}, field_specs.where(name), problems)
        if field:
            fields[field.name] = field
    # elements of repeated pages may show the keys of their list's items
    item_fields = {item.name: item for f in fields.values() for item in f.items}
    shown = {**item_fields, **fields}
    pages = []
    page_specs = data.get("pages") or []
    for i, spec in enumerate(page_specs):
        if not isinstance(spec, dict) or "name" not in spec:
            problems.add("a page needs `name:` (and `repeat: <list field>` to repeat it per item)", page_specs.where(i))
            continue
        repeat = spec.get("repeat")
        if repeat is not None and (repeat not in fields or fields[repeat].type != "list"):
            problems.add(f"page '{spec['name']}' repeats '{repeat}', which is not a list field of this template",
                         spec.where("repeat"))
            continue
        sizes = spec.get("sizes")
        if sizes is not None:
            sizes = (sizes,) if isinstance(sizes, str) else sizes
            unknown = [str(n) for n in sizes if n not in _SHAPES and n not in PRESETS] if isinstance(sizes, list) \
                else ["?"]
            if unknown:
                problems.add(f"page '{spec['name']}': `sizes` names unknown shape or size '{unknown[0]}'",
                             spec.where("sizes"), fix=_known(unknown[0], [*_SHAPES, *PRESETS], "shapes and sizes"))
                continue
            sizes = tuple(str(n) for n in sizes)
        pages.append(Page(str(spec["name"]), repeat, sizes))
    page_names = {p.name for p in pages}
    elements = []
    locations = {}
    element_specs = data.get("elements") or []
    for i, spec in enumerate(element_specs):
        attrs = _element(spec, element_specs.where(i), shown, brand, problems)
        if attrs:
            if attrs["name"] in locations:
                problems.add(f"two elements are named '{attrs['name']}'", element_specs.where(i))
                continue
            elements.append(Element(**attrs))
            locations[attrs["name"]] = element_specs.where(i)
    names = {e.name for e in elements}
    stacks = {e.name for e in elements if e.kind == "stack"}
    for e in elements:
        if e.stack is not None and e.stack not in stacks:
            problems.add(f"element '{e.name}' is in stack '{e.stack}', which is not a `kind: stack` element",
                         locations[e.name], fix=_known(e.stack, stacks, "stacks") if stacks else "add the stack")
        if e.kind == "stack" and e.stack is not None:
            problems.add(f"stack '{e.name}' cannot sit inside another stack", locations[e.name])
        if e.beside is not None:
            earlier = [o.name for o in elements[:elements.index(e)] if o.stack is not None and o.stack == e.stack]
            if e.stack is None or e.beside not in earlier:
                problems.add(f"element '{e.name}': `beside: {e.beside}` must name an earlier element of its stack",
                             locations[e.name], fix=_known(e.beside, earlier, "elements") if earlier
                             else "put both elements in one stack, this one after the other")
        for page in e.pages or ():
            if page not in page_names:
                problems.add(f"element '{e.name}' is on page '{page}', which the template does not declare",
                             locations[e.name], fix=_known(page, page_names, "pages") if page_names else "add `pages:`")
        if e.field in item_fields and e.field not in fields:
            owners = {p.name for p in pages if p.repeat and e.field in {i.name for i in fields[p.repeat].items}}
            if not e.pages or not set(e.pages) <= owners:
                problems.add(f"element '{e.name}' shows '{e.field}', a key of each list item, so it must be "
                             f"only on the repeated page", locations[e.name], fix=f"add `pages: [{', '.join(sorted(owners))}]`")
    if pages:
        from .sizes import Size
        probes = [*PRESETS.values(), Size("square", 1000, 1000), Size("tall", 800, 1000), Size("wide", 1000, 500)]
        for size in probes:
            if not any(p.on(size, any(q.sizes and size.name in q.sizes for q in pages)) for p in pages):
                problems.add(f"no page of this template is for {size.name} ({size.shape})", page_specs.where(0),
                             fix=f"add {size.shape} to the `sizes:` of a page, or leave `sizes:` out of one")
                break
    for e in elements:
        if e.item_key is not None:
            spec = fields.get(e.field)
            keys = {i.name for i in spec.items} if spec else set()
            if e.item_key not in keys:
                problems.add(f"element '{e.name}': `item_key: {e.item_key}` is not a key of the items of "
                             f"'{e.field}'", locations[e.name],
                             fix=_known(e.item_key, keys, "keys") if keys else "use it only with a list of mappings")
    shapes = {}
    shape_specs = data.get("shapes") or LocatedDict()
    for shape, overrides in shape_specs.items():
        if shape not in _SHAPES and shape not in PRESETS:
            problems.add(f"unknown shape or size '{shape}'", shape_specs.where(shape, value=False),
                         fix=_known(shape, [*_SHAPES, *PRESETS], "shapes and sizes"))
            continue
        shapes[shape] = {}
        for name, spec in (overrides or {}).items():
            if name not in names:
                problems.add(f"shape '{shape}' overrides unknown element '{name}'", overrides.where(name, value=False),
                             fix=_known(name, names, "elements"))
                continue
            base = next(e for e in elements if e.name == name)
            attrs = _element(spec, overrides.where(name), shown, brand, problems, partial=True, kind=base.kind)
            if attrs is not None:
                shapes[shape][name] = attrs
    background = str(data.get("background", "indigo"))
    if brand and background not in brand.palette and background not in brand.backgrounds:
        problems.add(f"unknown background '{background}'", data.where("background"),
                     fix=_known(background, [*brand.backgrounds, *brand.palette], "backgrounds"))
    photo = data.get("photo")
    if photo is not None and (photo not in fields or fields[photo].type != "image"):
        problems.add(f"`photo: {photo}` must name an image field of this template", data.where("photo"))
    if len(problems.items) > count:
        return None
    example = {k: v for k, v in (data.get("example") or {}).items()}
    template = Template(path.stem, str(data.get("description", "")), fields, background, elements, shapes, file,
                        example, pages, photo)
    if brand:
        for failure in check_template(template, brand, PRESETS.values()):
            problems.add(f"template '{template.name}': {failure}", locations.get(failure.element, SourceLocation(file)),
                         fix="pick another colour; brand/brand.yaml notes which pairs pass")
        if len(problems.items) > count:
            return None
    return template


def _field(name: str, spec, where: SourceLocation, problems: Diagnostics, item: bool = False) -> FieldSpec | None:
    if not isinstance(spec, dict):
        problems.add(f"field '{name}' should be a list of `attribute: value`", where)
        return None
    kind = str(spec.get("type", "text"))
    if kind not in _FIELD_TYPES or (item and kind != "text"):
        problems.add(f"field '{name}' has unknown type '{kind}'", spec.where("type"),
                     fix="use text" if item else "use text, list or image")
        return None
    items = ()
    if spec.get("items"):
        if kind != "list":
            problems.add(f"field '{name}': only a list has `items:`", spec.where("items"))
            return None
        parsed = [_field(str(k), v or {}, spec["items"].where(k), problems, item=True) for k, v in spec["items"].items()]
        if any(p is None for p in parsed):
            return None
        items = tuple(parsed)
    numbers = {}
    for key in ("max_chars", "min_items", "max_items"):
        value = spec.get(key)
        if value is not None and not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
            problems.add(f"field '{name}': `{key}` should be a whole number", spec.where(key))
            return None
        numbers[key] = value
    from_brand = spec.get("from_brand")
    if from_brand is not None and from_brand not in BRAND_VALUES:
        problems.add(f"field '{name}': `from_brand` cannot be '{from_brand}'", spec.where("from_brand"),
                     fix=_known(str(from_brand), BRAND_VALUES, "brand values"))
        return None
    return FieldSpec(name, kind, bool(spec.get("required", True)), numbers["max_chars"], str(spec.get("help", "")),
                     bool(spec.get("translate", True)), numbers["min_items"], numbers["max_items"], items, from_brand)


BRAND_VALUES = ("link",)  # what a field may take from the brand kit when left empty (`from_brand:`)


def with_brand_values(template: Template, values: dict, brand: Brand | None) -> dict:
    """The values with each empty `from_brand:` field filled from the brand kit (the campaign's
    link under every call to action); unchanged when the brand kit has none either."""
    if brand is None:
        return values
    filled = dict(values)
    for name, spec in template.fields.items():
        if spec.from_brand and not filled.get(name) and getattr(brand, spec.from_brand, ""):
            filled[name] = getattr(brand, spec.from_brand)
    return filled


# --- content -----------------------------------------------------------------------------

def _check_text(label: str, value, spec: FieldSpec, loc, problems: Diagnostics) -> bool:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.add(f"'{label}' should be text", loc)
        return False
    ok = True
    control = control_in_value(str(value))
    if control:  # from an escape ("\0", "\x1b"): never published to an image, alt text or the gallery
        problems.add(f"'{label}' contains {control}", loc, code="control-character",
                     fix="delete it (it came in as an escape such as \\0, \\x1b or \\v inside double quotes)")
        return False
    try:
        parse_markup(str(value))
    except MarkupError as exc:
        problems.add(str(exc), loc)
        ok = False
    if spec.max_chars and len(str(value)) > spec.max_chars:
        problems.add(f"'{label}' is {len(str(value))} characters; at most {spec.max_chars} fit this template",
                     loc, fix="shorten it", code="too-long")
        ok = False
    return ok


def _check_value(name: str, value, spec: FieldSpec, loc, problems: Diagnostics) -> bool:
    """One field's value against its spec (type, items, keys, lengths, markup)."""
    if spec.type == "image":
        from .images import parse_photo
        try:
            parse_photo(value)
        except CfpError as exc:
            problems.add(f"'{name}': {exc.problem.message}", loc)
            return False
        return True
    if spec.type == "text":
        if isinstance(value, (list, dict)):
            problems.add(f"'{name}' is one piece of text, not a list", loc)
            return False
        return _check_text(name, value, spec, loc, problems)
    if not isinstance(value, list):
        problems.add(f"'{name}' is a list: write each item on its own line starting with '- '", loc)
        return False
    ok = True
    count = len(value)
    if spec.min_items is not None and count < spec.min_items:
        problems.add(f"'{name}' has {count} item{'s' * (count != 1)}; this template needs at least {spec.min_items}",
                     loc)
        ok = False
    if spec.max_items is not None and count > spec.max_items:
        problems.add(f"'{name}' has {count} items; at most {spec.max_items} fit this template", loc,
                     fix="split it into two graphics or shorten the list")
        ok = False
    keys = {item.name: item for item in spec.items}
    for i, item in enumerate(value):
        item_loc = value.where(i) if hasattr(value, "where") else loc
        if not keys:
            ok = _check_text(f"{name}' item '{i + 1}", item, spec, item_loc, problems) and ok
            continue
        if not isinstance(item, dict):
            example = ", ".join(f"{k}: ..." for k in keys)
            problems.add(f"'{name}' item {i + 1} should be `{{{example}}}`", item_loc,
                         fix=f"write `- {next(iter(keys))}: ...` and the other keys indented below it")
            ok = False
            continue
        for key, text in item.items():
            key_loc = item.where(key) if hasattr(item, "where") else item_loc
            if key not in keys:
                problems.add(f"'{name}' item {i + 1} has unknown key '{key}'",
                             item.where(key, value=False) if hasattr(item, "where") else item_loc,
                             fix=_known(key, keys, "keys"))
                ok = False
                continue
            ok = _check_text(f"{name}.{key}", text, keys[key], key_loc, problems) and ok
        for key, kspec in keys.items():
            if kspec.required and key not in item:
                problems.add(f"'{name}' item {i + 1} is missing '{key}'", item_loc, fix=f"add `{key}: ...`")
                ok = False
    return ok


def check_values(values: dict, template: Template, file: str, where, problems: Diagnostics,
                 lang: str = SOURCE_LANG) -> bool:
    """Fields against the template: unknown, missing, wrong type, too long, bad markup.

    In a translation (any language but en) a field marked `translate: false` may be left out:
    it is taken from en.yaml (`inherit_untranslated`)."""
    ok = True
    for name, value in values.items():
        if name in CONTENT_META_KEYS:
            continue
        if name not in template.fields:
            problems.add(f"unknown field '{name}' for template '{template.name}'", where(name, False),
                         fix=_known(name, template.fields, "fields"))
            ok = False
            continue
        ok = _check_value(name, value, template.fields[name], where(name), problems) and ok
    for name, spec in template.fields.items():
        if not spec.required or name in values:
            continue
        if not spec.translate and lang != SOURCE_LANG:
            continue  # comes from en.yaml; checked once the graphic's files are all loaded
        problems.add(f"missing field '{name}' ({spec.help or spec.type})", where(None, False),
                     fix=f"add a line `{name}: ...`")
        ok = False
    return ok


def check_given_values(values: dict, template: Template) -> Diagnostics:
    """The values given (on the command line: `--set`) against their fields, with the limits a
    content file's values have (type, items, length, markup); missing fields are not asked for."""
    problems = Diagnostics()
    for name, value in values.items():
        if name in template.fields:
            _check_value(name, value, template.fields[name], None, problems)
    return problems


def normalise_value(value, spec: FieldSpec | None = None):
    """Content values as plain Python: text as str, lists of str or of {key: str}.

    A list of mappings may also arrive as YAML/JSON text (`--set slides='[{place: ..., text: ...}]'`
    on the command line); it is parsed here."""
    if spec is not None and spec.is_mapping_list:
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            if isinstance(item, str):
                import yaml
                try:
                    parsed = yaml.safe_load(item)
                except yaml.YAMLError as exc:
                    raise CfpError(f"'{spec.name}' items are written as YAML or JSON, e.g. "
                                   f"'[{{place: Atlanta, text: ...}}]': {exc.problem if hasattr(exc, 'problem') else exc}") from None
                item = parsed
            for one in item if isinstance(item, list) else [item]:
                if not isinstance(one, dict):
                    raise CfpError(f"each '{spec.name}' item is a mapping like "
                                   + "{" + ", ".join(f"{k.name}: ..." for k in spec.items) + "}")
                out.append({str(k): str(v) for k, v in one.items()})
        return out
    if spec is not None and spec.type == "image":
        return dict(value) if isinstance(value, dict) else str(value)
    if isinstance(value, list):
        return [{str(k): str(v) for k, v in v.items()} if isinstance(v, dict) else str(v) for v in value]
    if isinstance(value, dict):
        return dict(value)
    return value if isinstance(value, str) else str(value)


def _normalise(value, spec: FieldSpec | None = None):
    return normalise_value(value, spec)


def normalise_values(template: Template, values: dict) -> dict:
    """Every value of a graphic normalised against its field (see `normalise_value`)."""
    return {k: normalise_value(v, template.fields.get(k)) for k, v in values.items()}


def inherit_untranslated(template: Template, translations: dict[str, Translation], problems: Diagnostics) -> None:
    """Fields marked `translate: false` come from en.yaml into every other language's values;
    a required one that en.yaml lacks too is reported on the translation."""
    source = translations.get(SOURCE_LANG)
    for lang, translation in list(translations.items()):
        if lang == SOURCE_LANG:
            continue
        for name, spec in template.fields.items():
            if spec.translate:
                continue
            if source is not None and name in source.values:
                own = translation.values.get(name)
                if own is not None and own != source.values[name]:
                    problems.add(f"'{name}' is not translated (translate: false): the value in "
                                 f"{SOURCE_LANG}.yaml is used", translation.locations.get(name),
                                 fix="remove it from this file", severity="warning")
                translation.values[name] = source.values[name]
            elif spec.required and name not in translation.values:
                problems.add(f"missing field '{name}' ({spec.help or spec.type}); it is not translated, so it "
                             f"comes from {SOURCE_LANG}.yaml, which does not have it either",
                             SourceLocation(translation.file, 1, 1),
                             fix=f"add `{name}: ...` to {SOURCE_LANG}.yaml")
                del translations[lang]
                break


def _safe(call, *args):
    """ICU raises on strings that are not tags at all ('es copy'): that is just 'no'."""
    try:
        return call(*args)
    except Exception:  # icu.ICUError, ValueError ...
        return None


@lru_cache(maxsize=1)
def _native_names() -> dict[str, str]:
    """Each language's name in itself (lower case) -> its code: 'español' -> 'es'."""
    import icu
    names = {}
    for code in icu.Locale.getISOLanguages():
        locale = icu.Locale(code)
        name = _safe(locale.getDisplayLanguage, locale)
        if name and name != code:
            names.setdefault(name.lower(), code)
    return names


def language_of_file_name(stem: str) -> tuple[str | None, str | None]:
    """(language, None) when `stem` is a well-formed language tag, else (None, the tag it
    most likely means or None): 'es copy', 'es (1)', 'es.yaml', 'español', 'Spanish' -> 'es'."""
    if _safe(canonical_tag, stem) == stem:
        return stem, None
    guess = _safe(suggest_tag, stem)
    if guess and _safe(canonical_tag, guess) == guess:
        return None, guess
    for token in re.split(r"[\s.()\[\]{}~,+]+", stem.strip()):
        if not token or token.lower() in ("copy", "of", "yaml", "yml", "copie", "copia", "kopie"):
            continue
        native = _native_names().get(token.lower())
        if native:
            return None, native
        guess = _safe(canonical_tag, token) or _safe(suggest_tag, token)
        if guess and _safe(canonical_tag, guess) == guess:
            return None, guess
    return None, None


def _content_files(folder: Path) -> list[Path]:
    """The YAML files of a graphic folder (hidden files and editor backups left alone)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / n for n in names
            if not n.startswith(".") and n != "graphic.yaml" and n.lower().endswith((".yaml", ".yml"))]


def misnamed_languages(folder: Path) -> set[str]:
    """Languages whose file is in the folder under a wrong name (`es (1).yaml`): their
    published outputs are kept until the file is renamed."""
    found = set()
    for path in _content_files(folder):
        lang, guess = language_of_file_name(path.name[: -len(path.suffix)])
        if lang and path.suffix != ".yaml":
            found.add(lang)
        elif guess:
            found.add(guess)
    return found


def _float_focus(value):
    """Content is read as text; a photo's `focus: [0.5, 0.3]` is the one place with numbers."""
    if isinstance(value, dict) and isinstance(value.get("focus"), list):
        focus = []
        for v in value["focus"]:
            try:
                focus.append(float(v) if isinstance(v, str) else v)
            except ValueError:
                focus.append(v)
        copy = LocatedDict(value)
        for attr in ("file", "start", "key_marks", "value_marks"):
            setattr(copy, attr, getattr(value, attr, None) or ({} if attr.endswith("marks") else "?"))
        copy["focus"] = focus
        value = copy
    return value


def load_translation(path: Path, root: Path, template: Template | None, problems: Diagnostics) -> Translation | None:
    file = relpath(path, root)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    lang, guess = language_of_file_name(stem)
    if lang is None or path.suffix != ".yaml":
        target = f"{lang or guess}.yaml" if (lang or guess) else None
        if target and os.path.lexists(path.parent / target) and target != path.name:
            fix = (f"rename the file to {target}; there is already a {target} here, so keep the right one "
                   "and delete the other")
        elif target:
            fix = f"rename the file to {target}"
        else:
            fix = "name the file after a BCP 47 language tag, e.g. es.yaml, zh-Hant.yaml"
        message = (f"'{stem}' is not a language code this tool knows" if lang is None
                   else f"'{path.name}' should end in .yaml")
        problems.add(message, SourceLocation(file), fix=fix, code="file-name")
        return None
    data = load_mapping(path, root, "this content file", problems, text_only=True)
    if data is None:
        return None

    def where(key, value=True):
        return data.where(key, value=value) if key is not None else SourceLocation(file, 1, 1)

    status = str(data.get("status", "reviewed"))
    if status not in ("reviewed", "draft"):
        problems.add(f"status must be 'reviewed' or 'draft', not '{status}'", where("status"))
        return None
    fields = template.fields if template else {}
    for key, spec in fields.items():
        if spec.type == "image" and key in data:
            data[key] = _float_focus(data[key])
    if "alt" in data and (not isinstance(data["alt"], str) or not data["alt"].strip()):
        problems.add("`alt:` is the text a screen reader says instead of the image's own words; write it "
                     "as one piece of text", where("alt"))
        return None
    if template and not check_values(data, template, file, where, problems, lang):
        return None
    values = {k: _normalise(v, fields.get(k)) for k, v in data.items() if k not in CONTENT_META_KEYS or k == "alt"}
    locations = {k: where(k) for k in data}
    return Translation(lang, file, values, status, locations)


def load_graphic(folder: Path, root: Path, templates: dict[str, Template], problems: Diagnostics,
                 catalogs: list | None = None) -> Graphic | None:
    """A graphic folder: graphic.yaml and one YAML file per language, plus what the PO files
    in translations/ (`catalogs`, see po.py) give it."""
    name = folder.name
    meta_path = folder / "graphic.yaml"
    meta_file = relpath(meta_path, root)
    if not SAFE_NAME.match(name):
        problems.add(f"graphic folder name '{name}' is not allowed", SourceLocation(relpath(folder, root)),
                     fix="use lower-case letters, digits and '-' only; it becomes part of output paths")
        return None
    if not os.path.lexists(meta_path):
        problems.add("graphic folder has no graphic.yaml", SourceLocation(meta_file),
                     fix="add graphic.yaml with `template: <name>` (see `cfpgraphics list templates`)")
        return None
    meta = load_mapping(meta_path, root, "graphic.yaml", problems)
    if meta is None:
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
    if not isinstance(sizes, list):
        problems.add("`sizes:` is `all` or a list of size names in brackets", meta.where("sizes"),
                     fix="e.g. sizes: [instagram-square, story]")
        return None
    bad = [s for s in sizes if s not in PRESETS]
    for s in bad:
        problems.add(f"unknown size '{s}'", meta.where("sizes"), fix=_known(s, PRESETS, "sizes"))
    translations = {}
    for path in _content_files(folder):
        translation = load_translation(path, root, template, problems)
        if translation:
            translations[translation.lang] = translation
    if catalogs:
        from .po import add_catalog_translations
        add_catalog_translations(name, template, translations, catalogs, problems)
    _hold_back_without_source(template, folder, root, translations, problems)
    inherit_untranslated(template, translations, problems)
    return Graphic(name, template_name, [s for s in sizes if s not in bad], translations, relpath(folder, root))


def _hold_back_without_source(template: Template, folder: Path, root: Path, translations: dict,
                              problems: Diagnostics) -> None:
    """When en.yaml exists but cannot be loaded, the translations that take fields from it
    (`translate: false`) are not rendered: their last good images stay published, rather than
    being replaced by images that lack the photo or link they inherit."""
    inherited = [name for name, spec in template.fields.items() if not spec.translate]
    if SOURCE_LANG in translations or not inherited or not os.path.lexists(folder / f"{SOURCE_LANG}.yaml"):
        return
    for lang in sorted(translations):
        translation = translations.pop(lang)
        problems.add(f"not rendered: it takes {', '.join(inherited)} from {SOURCE_LANG}.yaml, which has errors; "
                     "its last good images are kept", SourceLocation(translation.file, 1, 1),
                     fix=f"fix {relpath(folder / f'{SOURCE_LANG}.yaml', root)} (see the problems reported for it)",
                     severity="warning", code="source-broken")


class MissingSources(CfpError):
    """A project folder (it has content/ or templates/) whose brand/ is missing or empty: the
    "missing or empty" case of the exit-code table (exit 1), not a usage mistake (exit 2)."""

    exit_code = 1


def load_project(root: Path, assets: AssetStore | None = None) -> Project:
    """Load everything; `assets` carries loaded files over from an earlier load (watch mode):
    unchanged files are not read again, replaced ones are."""
    root = Path(root)
    assets = assets or AssetStore()
    problems = Diagnostics()
    if not (root / "brand" / "brand.yaml").is_file():
        if any(os.path.lexists(root / folder) for folder in ("brand", "content", "templates")):
            raise MissingSources(f"brand/ {'has no brand.yaml' if os.path.lexists(root / 'brand') else 'is missing'}: "
                                 "nothing was built and nothing was removed", SourceLocation("brand/"),
                                 fix="check that the checkout or mount is complete", code="missing-folder")
        raise CfpError(f"{root} is not a cfpgraphics project (no brand/brand.yaml)",
                       fix="run this from the project folder, or pass --project PATH")
    brand = load_brand(root, problems)
    fonts = load_fonts(root / "fonts", root, problems, assets)
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
    from .po import load_catalogs, report_unknown_graphics
    catalogs = load_catalogs(root, problems)  # translations/<lang>.po: another content source
    graphics = {}
    content = root / "content"
    try:
        folders = sorted(p for p in content.iterdir() if p.is_dir()) if content.is_dir() else []
    except OSError as exc:
        problems.add(f"cannot read content/: {exc.strerror}", SourceLocation("content/"), code="unreadable")
        folders = []
    for folder in folders:
        graphic = load_graphic(folder, root, templates, problems, catalogs)
        if graphic:
            graphics[graphic.name] = graphic
    report_unknown_graphics(catalogs, {f.name for f in folders}, problems)
    from .gather import gather_messages
    gather_messages(root, templates, graphics, problems)  # one message in every language: its cells
    return Project(root, brand, fonts, templates, graphics, problems, assets)
