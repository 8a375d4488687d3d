"""Loading brand/brand.yaml: palette, type roles, logos, backgrounds, phrases, names kept whole."""
from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Diagnostics, SourceLocation, relpath
from .model import Background, Brand, TypeRole
from .yamlio import LocatedDict, load_mapping
from .names import known
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
                         fix=known(colour, palette, "colours"))
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
                         specs.where(bg.name), fix=known(bg.fallback, [*backgrounds, *palette], "backgrounds"))
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
                             fix=known(colour, palette, "colours"))
                colour = default
            chosen.append(colour)
        draft_band = (chosen[0], chosen[1])
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
                         fix=known(spec[key], palette, "colours"))
            ok = False
    pattern = str(spec.get("pattern", "dots"))
    if pattern not in ("dots", "lines"):
        problems.add(f"background '{name}': unknown pattern '{pattern}'", spec.where("pattern"), fix="use dots or lines")
        ok = False
    if not ok:
        return None
    return Background(name, style, spec.get("color"), spec.get("ink"), pattern, spec.get("shadows"),
                      spec.get("highlights"), spec.get("fallback"))
