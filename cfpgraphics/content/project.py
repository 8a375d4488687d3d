"""Load and validate a whole project: brand, fonts, templates, content.

Every problem is collected with its file:line:col, then reported together. A broken content
file is skipped on its own; everything else still loads (and builds).
"""
from __future__ import annotations

import os
from pathlib import Path

from .assets import AssetStore
from .elements import ElementKind
from .diagnostics import CfpError, Diagnostic, Diagnostics, SourceLocation, relpath
from .font_library import load_fonts
from .model import MISSING, Graphic, Project, Template, Translation
from .sizes import PRESETS
from .formats import DEFAULT_FORMATS, parse_formats
from .yamlio import LocatedDict, expect_mapping, links_out, load_mapping, parse_yaml
from .brand import load_brand
from .names import CONTENT_META_KEYS, SAFE_NAME, SOURCE_LANG, content_files, known, language_of_file_name, short
from .templates import load_template
from .values import check_values, inherit_untranslated, normalise_value
from .po_catalogs import add_catalog_translations
from .po_catalogs import load_catalogs, report_unknown_graphics
from .messages import gather_messages
from .members import gather_members, parse_each
from .untranslated import check_emphasis, is_blank, report_blanks_yaml, text_units


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


def load_translation(path: Path, root: Path, template: Template | None, problems: Diagnostics,
                     english: dict | None = None) -> Translation | None:
    """One content file as a Translation; None after reporting its problems. A file with no
    words yet comes back with status MISSING (see untranslated.py). `english`: the source's
    values, quoted in what to type into an empty field."""
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
    return _translation(data, file, lang, template, problems, english)


def parse_translation(text: str, file: str, lang: str, template: Template, problems: Diagnostics) -> Translation | None:
    """A translation file's text, checked exactly as `load_translation` checks the file: an
    import checks each file it is about to write, and never writes one `check` would reject."""
    try:
        data = expect_mapping(parse_yaml(text, file, text_only=True), file, "this content file")
    except CfpError as exc:
        problems.items.append(exc.problem)
        return None
    return _translation(data, file, lang, template, problems)


def _translation(data: LocatedDict, file: str, lang: str, template: Template | None,
                 problems: Diagnostics, english: dict | None = None) -> Translation | None:
    def where(key, value=True):
        return data.where(key, value=value) if key is not None else SourceLocation(file, 1, 1)

    # a translation is a draft until a reviewer says otherwise (a copy of en.yaml has no status)
    status = str(data.get("status", "reviewed" if lang == SOURCE_LANG else "draft"))
    if status not in ("reviewed", "draft"):
        problems.add(f"status must be 'reviewed' or 'draft', not '{status}'", where("status"),
                     fix="write `status: draft`, or `status: reviewed` once a native speaker has checked it")
        return None
    if template and lang != SOURCE_LANG:
        texts = text_units(template, data)
        blanks = [(unit, where) for unit, (text, where) in texts.items() if is_blank(text)]
        reviewed = status == "reviewed"
        written = [key for key in data if key not in CONTENT_META_KEYS]
        started = len(blanks) < len(texts) or any(key not in {unit[0] for unit, _ in blanks} for key in written)
        if not started and not reviewed:
            return Translation(lang, file, {}, MISSING)  # no words yet: missing, nothing to report
        if blanks:
            report_blanks_yaml(blanks, lang, template, english, reviewed,
                               where("status") if "status" in data else None, problems)
            return None
        if not texts and reviewed:
            problems.add("this file says `status: reviewed`, but has no translation yet", where("status"),
                         fix="translate its texts, or change `status: reviewed` to `status: draft`",
                         code="untranslated")
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
    values = {k: normalise_value(v, fields.get(k)) for k, v in data.items() if k not in CONTENT_META_KEYS or k == "alt"}
    locations = {k: where(k) for k in data}
    unit_locations = {unit: at for unit, (_, at) in text_units(template, data).items() if at} if template else {}
    for key, spec in fields.items():  # the items of a list not translated too (`each:` points at them)
        if not spec.translate and spec.type == "list" and hasattr(data.get(key), "where"):
            unit_locations.update({(key, str(i + 1)): data[key].where(i) for i in range(len(data[key]))})
    return Translation(lang, file, values, status, locations, unit_locations=unit_locations)


def load_graphic(folder: Path, root: Path, templates: dict[str, Template], problems: Diagnostics,
                 catalogs: list | None = None, available: tuple[str, ...] = DEFAULT_FORMATS) -> Graphic | None:
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
    for key in meta:
        if key not in GRAPHIC_KEYS:
            problems.add(f"unknown setting '{short(key)}' in graphic.yaml", meta.where(key, value=False),
                         fix=known(str(key), GRAPHIC_KEYS, "settings"))
            return None
    template_name = meta.get("template")
    template = templates.get(template_name) if isinstance(template_name, str) else None
    if template is None:
        problems.add(f"unknown template '{short(template_name if template_name is not None else '')}'",
                     meta.where("template"), fix=known(str(template_name), templates, "templates"))
        return None
    sizes = _sizes(meta, problems)
    formats = parse_formats(meta, problems, available)
    each_ok, each = parse_each(meta, template, problems)
    if sizes is None or formats is None or not each_ok:
        return None  # a graphic.yaml with a mistake keeps its graphic's images: nothing is pruned
    translations, untranslated = {}, {}
    # the English first: an empty field of a translation is told what to translate
    for path in sorted(content_files(folder), key=lambda p: p.name != f"{SOURCE_LANG}.yaml"):
        english = translations.get(SOURCE_LANG)
        translation = load_translation(path, root, template, problems, english.values if english else None)
        if translation and translation.status == MISSING:
            untranslated[translation.lang] = translation.file
        elif translation:
            translations[translation.lang] = translation
    if catalogs:
        add_catalog_translations(name, template, translations, catalogs, problems, untranslated)
    _hold_back_without_source(template, folder, root, translations, problems)
    inherit_untranslated(template, translations, problems)
    check_emphasis(name, template, translations, problems)
    return Graphic(name, template_name, sizes, translations, relpath(folder, root), untranslated, formats, each)


GRAPHIC_KEYS = ("template", "sizes", "formats", "each")


def _sizes(meta, problems: Diagnostics) -> list[str] | None:
    """graphic.yaml's `sizes:`: `all` (or left out), or a list of size names; None after
    reporting (an unknown name too: its images must not be taken for a size removed)."""
    sizes = meta.get("sizes", "all")
    if sizes == "all":
        return list(PRESETS)
    if not isinstance(sizes, list) or not sizes:
        problems.add("`sizes:` is `all` or a list of size names in brackets", meta.where("sizes"),
                     fix="e.g. sizes: [instagram-square, story]")
        return None
    bad = [i for i, s in enumerate(sizes) if not isinstance(s, str) or s not in PRESETS]
    for i in bad:
        if isinstance(sizes[i], (list, dict)):
            problems.add("a size is a name, not a list", sizes.where(i),
                         fix="write the names in one pair of brackets, e.g. sizes: [instagram-square, story]")
        else:
            problems.add(f"unknown size '{short(sizes[i])}'", sizes.where(i), fix=known(str(sizes[i]), PRESETS, "sizes"))
    return None if bad else list(dict.fromkeys(sizes))


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


def _template(path: Path, root: Path, brand, problems: Diagnostics, kinds: dict[str, ElementKind],
              assets: AssetStore) -> Template | None:
    """`load_template`, remembered in the asset store while the file keeps its identity and the
    brand and element kinds it was checked against are the same: a template depends on nothing
    else, so a load after a content file changed (each save in the editor, each rebuild of
    `watch` or `serve`) does not parse and check every template again. Its problems are said
    again each time, as a fresh load says them."""
    try:
        ident = assets.identity(path)
    except OSError:  # gone or a broken link: load_template says so
        return load_template(path, root, brand, problems, kinds)
    memo = assets.derived(ident, ("template", str(root)), dict)
    made = memo.get("made")
    if made is None or made[0] is not kinds or made[1] != brand:
        own = Diagnostics()
        made = memo["made"] = (kinds, brand, load_template(path, root, brand, own, kinds), own.items)
    problems.extend(made[3])
    return made[2]


FOUNDATIONS = ("brand/brand.yaml", "fonts/fonts.yaml")  # every graphic is drawn with them


def foundation_errors(project: Project) -> list:
    """The errors in brand/brand.yaml and fonts/fonts.yaml. Every output's pixels depend on
    both, so with any of these a build writes nothing: not every image in a wrong colour or
    font, and not some images in the new brand and some in the old."""
    return [p for p in project.problems.errors if p.location is not None and p.location.file in FOUNDATIONS]


def foundation_problems(project: Project) -> list:
    """One line per broken foundation file saying that a build writes nothing (`check` says it
    too, so the two report the same list)."""
    return [Diagnostic("this file has errors: a build writes and removes nothing until they are fixed",
                       SourceLocation(file), code="broken-foundation",
                       fix=f"fix the problems reported for {file}; every graphic is drawn with it")
            for file in dict.fromkeys(p.location.file for p in foundation_errors(project))]


class MissingSources(CfpError):
    """A project folder (it has content/ or templates/) whose brand/ is missing or empty: the
    "missing or empty" case of the exit-code table (exit 1), not a usage mistake (exit 2)."""

    exit_code = 1


def load_project(root: Path, assets: AssetStore, kinds: dict[str, ElementKind],
                 formats: tuple[str, ...] = DEFAULT_FORMATS) -> Project:
    """Load everything; `assets` carries loaded files over from an earlier load (watch mode):
    unchanged files are not read again, replaced ones are. `kinds` and `formats` are what the
    renderer can place and write (handed down by builder/project.py)."""
    root = Path(root)
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
                             brand.role_locations.get(role.name, SourceLocation(brand.file)),
                             fix=known(role.stack, fonts.stacks, "stacks"))
    templates = {}
    for path in sorted((root / "templates").glob("*.yaml")):
        template = _template(path, root, brand, problems, kinds, assets)
        if template:
            templates[template.name] = template
    catalogs = load_catalogs(root, problems)  # translations/<lang>.po: another content source
    graphics = {}
    content = root / "content"
    try:
        folders = sorted(p for p in content.iterdir() if p.is_dir()) if content.is_dir() else []
    except OSError as exc:
        problems.add(f"cannot read content/: {exc.strerror}", SourceLocation("content/"), code="unreadable")
        folders = []
    for folder in folders:
        if links_out(folder, root):  # never read: its images stay published (pruning keeps them)
            problems.add("this graphic folder is a link to a folder outside the project; only folders inside "
                         "it are read", SourceLocation(relpath(folder, root)), code="link-outside",
                         fix="move the folder into content/ instead of linking to it")
            continue
        graphic = load_graphic(folder, root, templates, problems, catalogs, formats)
        if graphic:
            graphics[graphic.name] = graphic
    report_unknown_graphics(catalogs, {f.name for f in folders}, problems)
    gather_messages(root, templates, graphics, problems)  # one message in every language: its cells
    gather_members(root, templates, graphics, problems)  # one output per member: the members
    return Project(root, brand, fonts, templates, graphics, problems, assets, kinds)
