"""The values of a content file: checked against the template's fields, normalised, and
completed from the brand kit and from the source language."""
from __future__ import annotations

import yaml

from .diagnostics import CfpError, Diagnostics, SourceLocation
from .model import Brand, FieldSpec, Template, Translation
from ..text.markup import MarkupError, parse_markup
from .names import CONTENT_META_KEYS, SOURCE_LANG, known
from .photos import parse_photo
from .yamlio import control_in_value


BRAND_VALUES = ("link",)  # what a field may take from the brand kit when left empty (`from_brand:`)


def brand_value(brand: Brand, name: str, lang: str) -> str:
    """A brand kit value a field may take (`from_brand:`), in `lang`: `link` is the
    campaign's address for that language, printed short (example.org/freedom/es)."""
    if name == "link":
        return brand.destination.printed(lang) if brand.destination is not None else ""
    return ""


def with_brand_values(template: Template, values: dict, brand: Brand | None, lang: str = "en") -> dict:
    """The values with each empty `from_brand:` field filled from the brand kit (the campaign's
    address, in this language, under every call to action); unchanged when the brand kit has
    none either."""
    if brand is None:
        return values
    filled = dict(values)
    for name, spec in template.fields.items():
        if spec.from_brand and not filled.get(name):
            value = brand_value(brand, spec.from_brand, lang)
            if value:
                filled[name] = value
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
        problems.add(f"'{label}' is {len(str(value))} characters; this template takes at most {spec.max_chars}",
                     loc, fix=f"shorten it to {spec.max_chars} characters or fewer", code="too-long")
        ok = False
    return ok


def _check_value(name: str, value, spec: FieldSpec, loc, problems: Diagnostics) -> bool:
    """One field's value against its spec (type, items, keys, lengths, markup)."""
    if spec.type == "image":
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
                             fix=known(key, keys, "keys"))
                ok = False
                continue
            ok = _check_text(f"{name}.{key}", text, keys[key], key_loc, problems) and ok
        for key, kspec in keys.items():
            if kspec.required and key not in item:
                problems.add(f"'{name}' item {i + 1} is missing '{key}'", item_loc, fix=f"add `{key}: ...`")
                ok = False
    return ok


def _blank(value) -> bool:
    return isinstance(value, str) and not value.strip()


def _check_filled(name: str, value, spec: FieldSpec, loc, problems: Diagnostics) -> bool:
    """A required field (or item, or key of an item) left as empty quotes: located at its line,
    so a new graphic's file (`cfpgraphics new`) lists what is still to be written, where."""
    if not spec.required:
        return True
    empty = []  # (label, location, help)
    if _blank(value):
        empty.append((f"'{name}'", loc, spec.help))
    elif isinstance(value, list):
        keys = {item.name: item for item in spec.items}
        for i, item in enumerate(value):
            item_loc = value.where(i) if hasattr(value, "where") else loc
            if not keys and _blank(item):
                empty.append((f"'{name}' item {i + 1}", item_loc, spec.help))
            elif isinstance(item, dict):
                for key, kspec in keys.items():
                    if kspec.required and _blank(item.get(key)):
                        empty.append((f"'{name}' item {i + 1}'s '{key}'",
                                      item.where(key) if hasattr(item, "where") else item_loc, kspec.help))
    for label, where, help_text in empty:
        problems.add(f"{label} is still empty: write it between the quotes", where, code="empty-field",
                     fix=help_text or None)
    return not empty


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
                         fix=known(name, template.fields, "fields"))
            ok = False
            continue
        spec = template.fields[name]
        ok = _check_value(name, value, spec, where(name), problems) \
            and _check_filled(name, value, spec, where(name), problems) and ok
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
