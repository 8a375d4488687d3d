"""Loading brand/brand.yaml: palette, type roles, logos, backgrounds, phrases, names kept whole."""
from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Diagnostics, SourceLocation, relpath
from .model import Background, Brand, TypeRole
from .yamlio import load_mapping, section
from .names import known, short
from .contrast import contrast_ratio


_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
_BACKGROUND_STYLES = {"solid": ("color",), "pattern": ("color", "ink"), "duotone": ("shadows", "highlights")}

# --- brand -------------------------------------------------------------------------------

def load_brand(root: Path, problems: Diagnostics) -> Brand | None:
    path = root / "brand" / "brand.yaml"
    data = load_mapping(path, root, "brand/brand.yaml", problems)
    if data is None:
        return None
    palette = {}
    colors = section(data, "palette", problems, "`palette` maps each colour's name to its #RRGGBB value",
                     fix="e.g. palette: {ink: \"#1B1B1F\"}")
    for name, value in colors.items():
        match = _HEX.match(str(value))
        if not match:
            problems.add(f"colour '{name}' must be written as #RRGGBB", colors.where(name))
            continue
        hexa = match[1]
        palette[name] = (int(hexa[0:2], 16), int(hexa[2:4], 16), int(hexa[4:6], 16))
    roles, role_locations = _type_roles(data, problems)
    logos = {}
    logo_specs = section(data, "logo", problems, "`logo` maps each logo variant to its image file in brand/",
                         fix="e.g. logo: {on-dark: logo/on-dark.png}")
    for variant, file in logo_specs.items():
        image = _logo_file(root, file)
        if image is None:
            problems.add(f"logo '{variant}' file '{short(file)}' does not exist inside the project",
                         logo_specs.where(variant), fix="write the image's path from brand/, e.g. logo/on-dark.png")
            continue
        logos[variant] = image
    logo_colors = {}
    colour_specs = section(data, "logo_colors", problems, "`logo_colors` maps each logo variant to a palette colour")
    for variant, colour in colour_specs.items():
        if not isinstance(colour, str) or colour not in palette:
            problems.add(f"logo colour '{short(colour)}' is not in the palette", colour_specs.where(variant),
                         fix=known(str(colour), palette, "colours"))
            continue
        logo_colors[str(variant)] = colour
    backgrounds = {}
    specs = section(data, "backgrounds", problems, "`backgrounds` maps each background's name to its `style:` "
                    "and colours")
    for name, spec in specs.items():
        bg = _background(str(name), spec, specs.where(name), palette, problems)
        if bg:
            backgrounds[bg.name] = bg
    for bg in list(backgrounds.values()):
        if bg.fallback is not None and (not isinstance(bg.fallback, str) or
                                        (bg.fallback not in backgrounds and bg.fallback not in palette)):
            problems.add(f"background '{bg.name}' falls back to unknown background '{short(bg.fallback)}'",
                         specs.where(bg.name), fix=known(str(bg.fallback), [*backgrounds, *palette], "backgrounds"))
            del backgrounds[bg.name]  # a template on it would be drawn on a colour that is not there
    keep = data.get("keep_together") or []
    if not isinstance(keep, list) or not all(isinstance(k, str) and k.strip() for k in keep):
        problems.add("`keep_together` is a list of names, one per line starting with '- '", data.where("keep_together"))
        keep = []
    link = data.get("link") or ""
    if not isinstance(link, str):
        problems.add("`link` is a web address or handle in quotes, or \"\" for none", data.where("link"))
        link = ""
    band = section(data, "draft_band", problems, "`draft_band` needs `color:` and `text:` (palette colours)")
    draft_band = ("marigold", "ink")
    if band or "draft_band" not in data:
        chosen = []
        for key, default in (("color", "marigold"), ("text", "ink")):
            colour = band.get(key, default)
            if not isinstance(colour, str) or colour not in palette:
                problems.add(f"draft band colour '{short(colour)}' is not in the palette", band.where(key),
                             fix=known(str(colour), palette, "colours"))
                colour = default
            chosen.append(colour)
        draft_band = (chosen[0], chosen[1])
        ratio = contrast_ratio(palette.get(draft_band[0], (0, 0, 0)), palette.get(draft_band[1], (0, 0, 0)))
        if draft_band[0] in palette and draft_band[1] in palette and ratio < 4.5:
            problems.add(f"draft band: text colour {draft_band[1]} on {draft_band[0]} has contrast {ratio:.2f}:1; "
                         "WCAG AA needs 4.5:1", band.where("text") if "text" in band else data.where("draft_band"),
                         fix="pick another pair; ink on marigold passes")
    phrases, phrase_locations = _phrases(data, problems)
    name = data.get("name", "")
    if not isinstance(name, str):
        problems.add("`name` is the campaign's name in quotes (the review page's title)", data.where("name"))
        name = ""
    encoding = _encoding(data, problems)
    return Brand(name, palette, roles, logos, relpath(path, root), backgrounds, logo_colors,
                 root.resolve(), tuple(k.strip() for k in keep), link.strip(), draft_band, phrases, phrase_locations,
                 role_locations, encoding)


# The encoder settings of the lossy formats, and what each is when brand.yaml does not say.
# PNG (exact pixels) has none to choose.
ENCODING_DEFAULTS = {"jpeg": {"quality": 90}, "webp": {"quality": 90}}


def _encoding(data, problems: Diagnostics) -> dict[str, dict]:
    """brand.yaml `formats:`: each lossy format's `quality:` (1-100)."""
    specs = section(data, "formats", problems, "`formats` maps a format (jpeg, webp) to its settings",
                    fix="e.g. formats: {jpeg: {quality: 90}}")
    encoding = {name: dict(settings) for name, settings in ENCODING_DEFAULTS.items()}
    for name, spec in specs.items():
        if name not in ENCODING_DEFAULTS:
            problems.add(f"format '{short(name)}' has no settings to choose", specs.where(name, value=False),
                         fix=known(str(name), ENCODING_DEFAULTS, "formats with settings"), code="format")
            continue
        if not isinstance(spec, dict):
            problems.add(f"format '{name}' takes its settings in braces", specs.where(name),
                         fix=f"e.g. {name}: {{quality: 90}}", code="format")
            continue
        for key, value in spec.items():
            if key != "quality":
                problems.add(f"format '{name}' has no setting '{short(key)}'", spec.where(key, value=False),
                             fix=known(str(key), ["quality"], "settings"), code="format")
            elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
                problems.add(f"format '{name}': `quality` is a whole number from 1 to 100", spec.where(key),
                             fix="e.g. quality: 90 (higher: sharper and larger files)", code="format")
            else:
                encoding[name]["quality"] = value
    return encoding


PHRASES = {"draft": (), "slide": ("{n}", "{total}"), "units": ("{n}",)}  # the phrases cfpgraphics writes, and what each must hold


def _phrases(data, problems: Diagnostics) -> tuple[dict, dict]:
    """brand.yaml `phrases:`: phrase -> language code -> words (each checked for its placeholders)."""
    specs = section(data, "phrases", problems, "`phrases` maps each phrase (draft, slide) to its words per "
                    "language code")
    phrases, locations = {}, {}
    for name, table in specs.items():
        where = specs.where(name, value=False)
        if name not in PHRASES:
            problems.add(f"unknown phrase '{name}'", where, fix=known(name, PHRASES, "phrases"))
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


def _type_roles(data, problems: Diagnostics) -> tuple[dict[str, TypeRole], dict[str, SourceLocation]]:
    """`type:`: each role's font stack and line height (times the font size), and where each
    role names its stack (for a stack fonts.yaml does not have)."""
    roles, locations = {}, {}
    types = section(data, "type", problems, "`type` maps each type role (display, text, label) to its "
                    "`stack:` and `line_height:`", fix="e.g. type: {text: {stack: text, line_height: 1.2}}")
    for name, spec in types.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("stack"), str) or not spec["stack"].strip():
            problems.add(f"type role '{name}' needs a `stack:` (a stack from fonts/fonts.yaml)", types.where(name))
            continue
        line_height = spec.get("line_height", 1.15)
        if isinstance(line_height, bool) or not isinstance(line_height, (int, float)) or not 0 < line_height <= 10:
            given = "it is empty" if line_height is None else f"not '{short(line_height)}'"
            problems.add(f"type role '{name}': `line_height` should be a number of times the font size, above 0 "
                         f"and at most 10; {given}",
                         spec.where("line_height"), fix="write a number such as 1.15, or leave the line out")
            line_height = 1.15  # the role stays, so its templates are not reported as broken too
        roles[name] = TypeRole(name, spec["stack"], float(line_height))
        locations[name] = spec.where("stack")
    return roles, locations


def _logo_file(root: Path, file) -> Path | None:
    """A logo variant's image inside the project, or None (not text, missing, outside, a name
    the system cannot even look up)."""
    if not isinstance(file, str) or not file.strip():
        return None
    try:
        path = (root / "brand" / file).resolve()
        return path if path.is_relative_to(root.resolve()) and path.is_file() else None
    except OSError:  # a name too long for the file system, a link loop: no such file
        return None


def _background(name: str, spec, where: SourceLocation, palette: dict, problems: Diagnostics) -> Background | None:
    if not isinstance(spec, dict) or not isinstance(spec.get("style"), str) or spec["style"] not in _BACKGROUND_STYLES:
        problems.add(f"background '{name}' needs `style:` solid, pattern or duotone", where)
        return None
    style = spec["style"]
    ok = True
    for key in _BACKGROUND_STYLES[style]:
        if key not in spec:
            problems.add(f"{style} background '{name}' needs `{key}:` (a palette colour)", where)
            ok = False
    for key in ("color", "ink", "shadows", "highlights"):
        if key in spec and (not isinstance(spec[key], str) or spec[key] not in palette):
            problems.add(f"background '{name}': unknown colour '{short(spec[key])}'", spec.where(key),
                         fix=known(str(spec[key]), palette, "colours"))
            ok = False
    pattern = str(spec.get("pattern", "dots"))
    if pattern not in ("dots", "lines"):
        problems.add(f"background '{name}': unknown pattern '{pattern}'", spec.where("pattern"), fix="use dots or lines")
        ok = False
    if not ok:
        return None
    return Background(name, style, spec.get("color"), spec.get("ink"), pattern, spec.get("shadows"),
                      spec.get("highlights"), spec.get("fallback"))
