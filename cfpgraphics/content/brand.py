"""Loading brand/brand.yaml: palette, type roles, logos, backgrounds, phrases, names kept whole."""
from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import WARNING, Diagnostic, Diagnostics, SourceLocation, relpath
from .model import Background, Brand, Destination, TypeRole
from .yamlio import load_mapping, section
from .names import known, short
from .contrast import contrast_ratio, luminance


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
    if "link" in data:  # the single address of earlier versions
        problems.add("`link:` is now `destination:`, the campaign's address per language",
                     data.where("link", value=False), code="brand",
                     fix='write destination: {url: "https://..."} instead (see the comment above it in a new '
                         "brand.yaml)")
    destination = _destination(data, palette, problems)
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
                 root.resolve(), tuple(k.strip() for k in keep), destination, draft_band, phrases, phrase_locations,
                 role_locations, encoding)


# Domains reserved for examples and documentation (RFC 2606, RFC 6761): an address on one is a
# placeholder whatever the brand kit says.
RESERVED_DOMAINS = ("example.org", "example.com", "example.net", "example", "test", "invalid", "localhost")
_URL = re.compile(r"^https?://([a-z0-9-]+(\.[a-z0-9-]+)*)(:[0-9]+)?(/[^\s]*)?$", re.IGNORECASE)
MAX_URL = 300  # a QR code of it stays small enough to scan from a poster or a phone
QR_CONTRAST = 7.0  # dark modules on light: scanners need a strong difference (WCAG AAA's 7:1)


def is_reserved(url: str) -> bool:
    """Is this address on a domain reserved for documentation (example.org ...)?"""
    match = _URL.match(url)
    host = match[1].lower() if match else ""
    return any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS)


def _address(value, where: SourceLocation, what: str, problems: Diagnostics) -> str | None:
    if isinstance(value, str) and _URL.match(value.strip()) and len(value.strip()) <= MAX_URL:
        return value.strip()
    problems.add(f"{what} is a full web address in quotes, starting with https://", where, code="destination",
                 fix='e.g. "https://example.org/collective-freedom"' + (
                     f" (at most {MAX_URL} characters)" if isinstance(value, str) and len(value) > MAX_URL else ""))
    return None


def _destination(data, palette: dict, problems: Diagnostics) -> Destination | None:
    """brand.yaml `destination:`: `url:` (every language's), `languages:` (a language's own
    page), `placeholder:` (true while the address is not the campaign's yet) and `qr:` (the
    colours of a QR code of it, checked for contrast)."""
    if "destination" not in data or data.get("destination") in (None, ""):
        return None
    spec = section(data, "destination", problems, "`destination` needs `url:` (the campaign's web address)",
                   fix='e.g. destination: {url: "https://example.org/collective-freedom"}')
    if not spec:
        return None
    for key in spec:
        if key not in ("url", "languages", "placeholder", "qr"):
            problems.add(f"unknown setting '{short(key)}' of `destination`", spec.where(key, value=False),
                         fix=known(str(key), ("url", "languages", "placeholder", "qr"), "settings"), code="destination")
    url = _address(spec.get("url"), spec.where("url") if "url" in spec else data.where("destination"),
                   "`destination: url:`", problems)
    if url is None:
        return None
    languages = {}
    pages = section(spec, "languages", problems, "`languages` maps a language code to its own page's address",
                    fix='e.g. languages: {es: "https://example.org/collective-freedom/es"}')
    for lang, value in pages.items():
        address = _address(value, pages.where(lang), f"the address for '{short(lang)}'", problems)
        if address is not None:
            languages[str(lang)] = address
    placeholder = spec.get("placeholder", False)
    if not isinstance(placeholder, bool):
        problems.add("`placeholder` is true or false", spec.where("placeholder"), code="destination")
        placeholder = True
    qr = section(spec, "qr", problems, "`qr` takes `color:` and `background:` (palette colours)",
                 fix="e.g. qr: {color: indigo, background: paper}")
    colours = []
    for key, default in (("color", "indigo"), ("background", "paper")):
        colour = qr.get(key, default)
        if not isinstance(colour, str) or colour not in palette:
            problems.add(f"QR code colour '{short(colour)}' is not in the palette",
                         qr.where(key) if key in qr else spec.where("qr") if "qr" in spec else data.where("destination"),
                         fix=known(str(colour), palette, "colours"), code="destination")
            colour = default if default in palette else next(iter(palette), default)
        colours.append(colour)
    dark, light = colours
    if dark in palette and light in palette:
        ratio = contrast_ratio(palette[dark], palette[light])
        where = qr.where("color") if "color" in qr else spec.where("qr") if "qr" in spec else data.where("destination")
        if luminance(palette[dark]) >= luminance(palette[light]):
            problems.add(f"QR code: its modules ({dark}) must be darker than its background ({light}); many "
                         "phones cannot read a light code on dark", where, code="contrast",
                         fix="swap the two colours")
        elif ratio < QR_CONTRAST:
            problems.add(f"QR code: {dark} on {light} has contrast {ratio:.2f}:1; a code needs {QR_CONTRAST:g}:1 "
                         "to scan reliably", where, code="contrast", fix="pick a darker colour, or a lighter background")
    return Destination(url, languages, placeholder, dark, light, spec.where("url"))


def destination_warnings(brand) -> list[Diagnostic]:
    """`check`'s (and build's) word while the address is a placeholder: marked `placeholder:
    true`, or on a domain reserved for documentation."""
    dest = brand.destination if brand is not None else None
    if dest is None:
        return []
    reserved = [u for u in (dest.url, *dest.languages.values()) if is_reserved(u)]
    if not dest.placeholder and not reserved:
        return []
    shown = reserved[0] if reserved else dest.url
    why = "is marked `placeholder: true`" if dest.placeholder else "is on a domain reserved for examples"
    return [Diagnostic(f"the campaign's address {shown} {why}: every call to action and QR code shows it",
                       dest.location, "write the campaign's real address in `destination: url:` (and its "
                       "languages' pages), then delete `placeholder: true`", WARNING, "placeholder-address")]


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


PHRASES = {"draft": (), "slide": ("{n}", "{total}"), "units": ("{n}",), "languages": ("{text}", "{n}")}  # the phrases cfpgraphics writes, and what each must hold


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
