"""Loading templates/*.yaml: fields, pages, elements (each checked against its kind) and the
shape and size overrides, with every problem at its file:line:col."""
from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostics, SourceLocation, relpath
from .contrast import check_template
from .elements import Context, Element, ElementKind, check_element
from .model import Brand, FieldSpec, Page, Template
from .sizes import ALL_SIZES, PRESETS, PRINT_PRESETS
from .yamlio import load_mapping, section
from .motion import parse_motion
from .names import known, short
from .values import BRAND_VALUES
from .sizes import Size


_SHAPES = ("square", "tall", "wide")
_LAYERS = (*_SHAPES, "print", "print-wide")  # `shapes:` keys besides size names (sizes.Size.layers)
_FIELD_TYPES = ("text", "list", "image")

# --- templates ---------------------------------------------------------------------------

def load_template(path: Path, root: Path, brand: Brand | None, problems: Diagnostics,
                  kinds: dict[str, ElementKind]) -> Template | None:
    file = relpath(path, root)
    data = load_mapping(path, root, "a template", problems)
    if data is None:
        return None
    count = len(problems.items)
    fields = {}
    field_specs = section(data, "fields", problems, "`fields` maps each field's name to its `type:`, `help:` ...",
                          fix="e.g. fields: {headline: {max_chars: 90}}")
    for name, spec in field_specs.items():
        field = _field(str(name), spec if spec is not None else {}, field_specs.where(name), problems)
        if field:
            fields[field.name] = field
    # elements of repeated pages may show the keys of their list's items
    item_fields = {item.name: item for f in fields.values() for item in f.items}
    shown = {**item_fields, **fields}
    context = Context(shown, brand, kinds)
    pages = []
    page_specs = section(data, "pages", problems, "`pages` is a list of pages, each starting with '- name:'",
                         kind=list)
    for i, spec in enumerate(page_specs):
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or not spec["name"].strip():
            problems.add("a page needs `name:` (and `repeat: <list field>` to repeat it per item)", page_specs.where(i))
            continue
        repeat = spec.get("repeat")
        if repeat is not None and (not isinstance(repeat, str) or repeat not in fields or fields[repeat].type != "list"):
            problems.add(f"page '{spec['name']}' repeats '{short(repeat)}', which is not a list field of this template",
                         spec.where("repeat"))
            continue
        sizes = spec.get("sizes")
        if sizes is not None:
            sizes = (sizes,) if isinstance(sizes, str) else sizes
            unknown = [short(n) for n in sizes if not isinstance(n, str) or (n not in _SHAPES and n not in ALL_SIZES)] \
                if isinstance(sizes, list) else [short(sizes)]
            if unknown:
                problems.add(f"page '{spec['name']}': `sizes` names unknown shape or size '{unknown[0]}'",
                             spec.where("sizes"), fix=known(unknown[0], [*_SHAPES, *ALL_SIZES], "shapes and sizes"))
                continue
            sizes = tuple(str(n) for n in sizes)
        pages.append(Page(spec["name"], repeat, sizes))
    page_names = {p.name for p in pages}
    elements = []
    locations = {}
    size_locations = {}
    element_specs = section(data, "elements", problems, "`elements` is a list of elements, each starting with "
                            "'- {name: ...'", kind=list)
    for i, spec in enumerate(element_specs):
        attrs = check_element(spec, element_specs.where(i), context, problems)
        if attrs:
            if attrs["name"] in locations:
                problems.add(f"two elements are named '{attrs['name']}'", element_specs.where(i))
                continue
            elements.append(Element(**attrs))
            locations[attrs["name"]] = element_specs.where(i)
            size_locations[("", attrs["name"])] = spec.where("size") if "size" in spec else element_specs.where(i)
            if "label_size" in spec:
                size_locations[("", attrs["name"], "label_size")] = spec.where("label_size")
    names = {e.name for e in elements}
    stacks = {e.name for e in elements if e.kind == "stack"}
    for e in elements:
        if e.stack is not None and e.stack not in stacks:
            problems.add(f"element '{e.name}' is in stack '{e.stack}', which is not a `kind: stack` element",
                         locations[e.name], fix=known(e.stack, stacks, "stacks") if stacks else "add the stack")
        if e.kind == "stack" and e.stack is not None:
            problems.add(f"stack '{e.name}' cannot sit inside another stack", locations[e.name])
        if e.beside is not None:
            earlier = [o.name for o in elements[:elements.index(e)] if o.stack is not None and o.stack == e.stack]
            if e.stack is None or e.beside not in earlier:
                problems.add(f"element '{e.name}': `beside: {e.beside}` must name an earlier element of its stack",
                             locations[e.name], fix=known(e.beside, earlier, "elements") if earlier
                             else "put both elements in one stack, this one after the other")
        for page in e.pages or ():
            if page not in page_names:
                problems.add(f"element '{e.name}' is on page '{page}', which the template does not declare",
                             locations[e.name], fix=known(page, page_names, "pages") if page_names else "add `pages:`")
        if e.field in item_fields and e.field not in fields:
            owners = {p.name for p in pages if p.repeat and e.field in {i.name for i in fields[p.repeat].items}}
            if not e.pages or not set(e.pages) <= owners:
                problems.add(f"element '{e.name}' shows '{e.field}', a key of each list item, so it must be "
                             f"only on the repeated page", locations[e.name], fix=f"add `pages: [{', '.join(sorted(owners))}]`")
    if pages:
        probes = [*PRESETS.values(), *PRINT_PRESETS.values(), Size("square", 1000, 1000), Size("tall", 800, 1000), Size("wide", 1000, 500)]
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
                             fix=known(e.item_key, keys, "keys") if keys else "use it only with a list of mappings")
    shapes = {}
    shape_specs = section(data, "shapes", problems, "`shapes` maps a shape (square, tall, wide, print, "
                          "print-wide) or size to the elements it changes")
    for shape, overrides in shape_specs.items():
        if shape not in _LAYERS and shape not in ALL_SIZES:
            problems.add(f"unknown shape or size '{shape}'", shape_specs.where(shape, value=False),
                         fix=known(shape, [*_LAYERS, *ALL_SIZES], "shapes and sizes"))
            continue
        if overrides is not None and not isinstance(overrides, dict):
            problems.add(f"shape '{shape}' maps each element's name to the attributes it changes",
                         shape_specs.where(shape), fix="e.g. `tall: {headline: {size: [80, 40]}}`")
            continue
        shapes[shape] = {}
        for name, spec in (overrides or {}).items():
            if name not in names:
                problems.add(f"shape '{shape}' overrides unknown element '{name}'", overrides.where(name, value=False),
                             fix=known(name, names, "elements"))
                continue
            base = next(e for e in elements if e.name == name)
            attrs = check_element(spec, overrides.where(name), context, problems, partial=True, kind=base.kind)
            if attrs is not None:
                shapes[shape][name] = attrs
                if "size" in attrs:
                    size_locations[(str(shape), name)] = spec.where("size")
                if "label_size" in attrs:
                    size_locations[(str(shape), name, "label_size")] = spec.where("label_size")
    background = data.get("background", "indigo")
    if not isinstance(background, str) or (brand and background not in brand.palette
                                           and background not in brand.backgrounds):
        problems.add(f"unknown background '{short(background)}'", data.where("background"),
                     fix=known(str(background), [*brand.backgrounds, *brand.palette], "backgrounds") if brand
                     else "a background or palette colour from brand/brand.yaml")
    photo = data.get("photo")
    if photo is not None and (not isinstance(photo, str) or photo not in fields or fields[photo].type != "image"):
        problems.add(f"`photo: {short(photo)}` must name an image field of this template", data.where("photo"))
    example = section(data, "example", problems, "`example` maps fields to example values (for `cfpgraphics "
                      "render` without --set)")
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.add("`description` is one line of text about the template", data.where("description"))
    motion = parse_motion(data.get("motion"), {e.name: e.kind for e in elements}, problems) \
        if data.get("motion") is not None else None
    if len(problems.items) > count:
        return None
    template = Template(path.stem, description, fields, background, elements, shapes, file,
                        dict(example), pages, photo, motion, size_locations)
    if brand:
        for failure in check_template(template, brand, [*PRESETS.values(), *PRINT_PRESETS.values()], kinds):
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
        problems.add(f"field '{name}' has unknown type '{short(kind)}'", spec.where("type"),
                     fix="use text" if item else "use text, list or image")
        return None
    items = ()
    if spec.get("items"):
        if kind != "list":
            problems.add(f"field '{name}': only a list has `items:`", spec.where("items"))
            return None
        if not isinstance(spec["items"], dict):
            problems.add(f"field '{name}': `items` maps the keys of each item to their `max_chars:`, `help:` ...",
                         spec.where("items"), fix="e.g. items: {place: {max_chars: 30}, text: {max_chars: 220}}")
            return None
        parsed = [_field(str(k), v if v is not None else {}, spec["items"].where(k), problems, item=True)
                  for k, v in spec["items"].items()]
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
        problems.add(f"field '{name}': `from_brand` cannot be '{short(from_brand)}'", spec.where("from_brand"),
                     fix=known(str(from_brand), BRAND_VALUES, "brand values"))
        return None
    flags = {key: spec.get(key, True) for key in ("required", "translate")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            problems.add(f"field '{name}': `{key}` should be true or false, not '{short(value)}'", spec.where(key))
            return None
    if not isinstance(spec.get("help", ""), str):
        problems.add(f"field '{name}': `help` is a line of text in quotes", spec.where("help"))
        return None
    return FieldSpec(name, kind, flags["required"], numbers["max_chars"], spec.get("help", ""),
                     flags["translate"], numbers["min_items"], numbers["max_items"], items, from_brand)
