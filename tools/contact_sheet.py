"""Contact sheets: every template at every size in one image per language, for the README and
for a designer's review.

    python tools/contact_sheet.py                     # en, vi, km, ar -> docs/contact-sheet-<lang>.png
    python tools/contact_sheet.py --lang es --lang zh-Hant
    python tools/contact_sheet.py --out /tmp/sheets   # somewhere else
    python tools/contact_sheet.py --platforms         # docs/platforms.png: story, X, link card

`--platforms` writes one sheet of the platform layouts (issue 14) instead: a row per template,
its story, X and link-card layouts in English, Arabic, Khmer and Simplified Chinese side by
side (the carousel's story row shows its tap-through pages).

Each template is shown with the campaign's own copy (the first graphic in content/ that uses
it, in that language); a template no graphic uses yet shows its `example:` (English). One row
per template, one column per size preset; the carousel gets a second row with all its pages
at instagram-portrait. Nothing is written to output/.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cfpgraphics.render.compose import compose  # noqa: E402
from cfpgraphics.render.raster.draw import draw_scene  # noqa: E402
from cfpgraphics.content.language_tags import display_name  # noqa: E402
from cfpgraphics.builder.project import open_project  # noqa: E402
from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.content.sizes import PRESETS  # noqa: E402

LANGS = ("en", "vi", "km", "ar")
ORDER = ("stat", "win", "list", "coalition", "quote", "announcement", "carousel", "languages")
THUMB_H = 200
GAP = 16
LABEL_W = 230
HEAD_H = 70
GREY = (236, 234, 242)
TEXT = (40, 36, 60)
PAGES_SIZE = "instagram-portrait"


def values_for(project, template_name: str, lang: str) -> tuple[dict | None, str]:
    for graphic in sorted(project.graphics.values(), key=lambda g: g.name):
        if graphic.template == template_name and lang in graphic.translations:
            return graphic.translations[lang].values, graphic.name
    template = project.templates[template_name]
    return (template.example, "example") if template.example and lang == "en" else (None, "")


def own_lang(project, template_name: str, lang: str) -> str:
    """The language a sheet shows a template in: its own (one message in every language, too, has
    an image per language now, its headline translated)."""
    return lang


def shipped_sizes(project, source: str) -> list:
    """The sizes a graphic is made at (all, for a template's example)."""
    graphic = project.graphics.get(source)
    return [PRESETS[s] for s in graphic.sizes] if graphic else list(PRESETS.values())


def render(project, template_name: str, values: dict, lang: str, size, page: int = 1) -> tuple[Image.Image, list]:
    template = project.templates[template_name]
    scene = compose(project.brand, project.fonts, project.assets, template, values, lang, size, page=page, root=project.root)
    return draw_scene(scene, project.fonts.faces, project.assets), scene.warnings


def thumb(image: Image.Image) -> Image.Image:
    w = round(image.width * THUMB_H / image.height)
    return image.resize((w, THUMB_H), Image.Resampling.LANCZOS)


def sheet(project, lang: str) -> tuple[Image.Image, list[str]]:
    font = ImageFont.truetype(str(ROOT / "fonts/inter/Inter-SemiBold.otf"), 22)
    small = ImageFont.truetype(str(ROOT / "fonts/inter/Inter-Medium.otf"), 15)
    rows: list[tuple[str, str, list[tuple[str, Image.Image]]]] = []
    problems = []
    for name in [n for n in ORDER if n in project.templates] + sorted(set(project.templates) - set(ORDER)):
        shown_lang = own_lang(project, name, lang)
        values, source = values_for(project, name, shown_lang)
        if values is None:
            problems.append(f"{lang}: no copy for template '{name}'")
            continue
        cells = []
        for size in shipped_sizes(project, source):
            image, warnings = render(project, name, values, shown_lang, size)
            problems += [f"{lang} {name} {size.name}: {w}" for w in warnings]
            cells.append((size.name, thumb(image)))
        rows.append((name, source, cells))
        template = project.templates[name]
        if template.multi_page:
            size = PRESETS[PAGES_SIZE]
            pages = []
            for page in range(1, template.page_count(values, size) + 1):
                image, warnings = render(project, name, values, lang, size, page)
                problems += [f"{lang} {name} {size.name} page {page}: {w}" for w in warnings]
                pages.append((f"page {page}", thumb(image)))
            rows.append((f"{name} pages", f"{source}\n{PAGES_SIZE}", pages))
    return _sheet(f"cfpgraphics templates - {display_name(lang)} ({lang})", rows, font, small), problems


def _sheet(title: str, rows, font, small) -> Image.Image:
    """Rows of (name, caption, [(label, thumbnail)]) under a title, on one grey canvas."""
    width = LABEL_W + max(sum(t.width + GAP for _, t in cells) for _, _, cells in rows) + GAP
    height = HEAD_H + len(rows) * (THUMB_H + 30 + GAP) + GAP
    out = Image.new("RGB", (width, height), GREY)
    draw = ImageDraw.Draw(out)
    draw.text((GAP, 20), title, font=font, fill=TEXT)
    y = HEAD_H
    for name, caption, cells in rows:
        draw.text((GAP, y + 24), name, font=font, fill=TEXT)
        if caption:
            draw.text((GAP, y + 54), caption, font=small, fill=TEXT)
        x = LABEL_W
        for label, image in cells:
            draw.text((x, y), label, font=small, fill=TEXT)
            out.paste(image, (x, y + 22))
            x += image.width + GAP
        y += THUMB_H + 30 + GAP
    return out


PLATFORM_LANGS = ("en", "ar", "km", "zh-Hans")
PLATFORM_SIZES = ("story", "x-post", "link-card")


def platform_sheet(project, langs=PLATFORM_LANGS) -> tuple[Image.Image, list[str]]:
    font = ImageFont.truetype(str(ROOT / "fonts/inter/Inter-SemiBold.otf"), 22)
    small = ImageFont.truetype(str(ROOT / "fonts/inter/Inter-Medium.otf"), 15)
    rows, problems = [], []
    for name in [n for n in ORDER if n in project.templates]:
        template = project.templates[name]
        cells = []
        for lang in langs:
            if own_lang(project, name, lang) != lang:
                continue  # one image for every language: shown once, in its own language
            values, source = values_for(project, name, lang)
            if values is None:
                continue
            for size_name in PLATFORM_SIZES:
                size = PRESETS[size_name]
                if size not in shipped_sizes(project, source):
                    continue
                pages = template.page_count(values, size) if template.multi_page else 1
                shown = (1, 2, pages) if pages > 2 else range(1, pages + 1)
                for page in shown:
                    image, warnings = render(project, name, values, lang, size, page)
                    problems += [f"{lang} {name} {size_name} page {page}: {w}" for w in warnings]
                    label = f"{lang} {size_name}" if page == 1 else f"{page}/{pages}"
                    cells.append((label, thumb(image)))
        rows.append((name, cells))
    title = "cfpgraphics platform layouts - story, X, link card - " + ", ".join(langs)
    return _sheet(title, [(name, "", cells) for name, cells in rows], font, small), problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append", help="language (repeatable); default: en vi km ar")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for contact-sheet-<lang>.png")
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--platforms", action="store_true", help="write platforms.png (story, X, link card)")
    args = parser.parse_args(argv)
    project = open_project(args.project, AssetStore())
    for problem in project.problems.errors:
        print(f"problem: {problem}", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = False
    if args.platforms:
        image, problems = platform_sheet(project, tuple(args.lang or PLATFORM_LANGS))
        for problem in problems:
            print(f"warning: {problem}", file=sys.stderr)
        path = args.out / "platforms.png"
        image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
        print(f"wrote {path} ({image.width}x{image.height})")
        return 1 if problems else 0
    for lang in args.lang or LANGS:
        image, problems = sheet(project, lang)
        for problem in problems:
            print(f"warning: {problem}", file=sys.stderr)
            failed = True
        path = args.out / f"contact-sheet-{lang}.png"
        image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
        print(f"wrote {path} ({image.width}x{image.height})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
