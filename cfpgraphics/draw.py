"""Draw a Scene with Pillow. The only module that touches pixels."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from .compose import LogoItem, RuleItem, Scene, TextItem
from .errors import CfpError
from .fonts import FontFace
from .text.markup import EMPHASIS, HIGHLIGHT
from .text.model import LaidOutText

Image.MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs early (issue: enormous images)


def draw_scene(scene: Scene, faces: dict[str, FontFace]) -> Image.Image:
    image = Image.new("RGB", (scene.width, scene.height), scene.background)
    for item in scene.items:
        if isinstance(item, RuleItem):
            box = item.box
            ImageDraw.Draw(image).rectangle(
                [round(box.x), round(box.y), round(box.right) - 1, round(box.bottom) - 1], fill=item.color)
        elif isinstance(item, LogoItem):
            _draw_logo(image, item)
        elif isinstance(item, TextItem):
            draw_text(image, item.layout, faces, item.color, item.emphasis_color, item.highlight_color)
    return image


def draw_text(image: Image.Image, layout: LaidOutText, faces: dict[str, FontFace], color, emphasis_color,
              highlight_color=None) -> None:
    draw = ImageDraw.Draw(image)
    for line in layout.lines:
        for run in line.runs:
            if HIGHLIGHT in run.styles and highlight_color:
                pad = 0.12 * layout.size
                draw.rounded_rectangle([run.x - pad, line.baseline - line.ascent - pad / 2,
                                        run.x + run.width + pad, line.baseline + line.descent + pad / 2],
                                       radius=pad, fill=highlight_color)
    for line in layout.lines:
        for run in line.runs:
            face = faces[run.font]
            fill = emphasis_color if EMPHASIS in run.styles else color
            options = {"direction": "rtl" if run.rtl else "ltr", "language": layout.lang,
                       "features": list(layout.features) or None}
            if face.bitmap_size:
                _draw_bitmap_run(image, face, run.text, run.x, line.baseline, layout.size, options)
            else:
                draw.text((run.x, line.baseline), run.text, font=face.pil(layout.size), fill=fill,
                          anchor="ls", **options)


def _draw_bitmap_run(image, face: FontFace, text, x, baseline, size, options) -> None:
    """Colour emoji fonts have one bitmap strike: draw there, then scale to the text size."""
    font = face.pil(size)
    left, top, right, bottom = font.getbbox(text, anchor="ls", **options)
    tile = Image.new("RGBA", (max(1, right - left), max(1, bottom - top)), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((-left, -top), text, font=font, anchor="ls", embedded_color=True, **options)
    factor = face.scale(size)
    scaled = tile.resize((max(1, round(tile.width * factor)), max(1, round(tile.height * factor))),
                         Image.Resampling.LANCZOS)
    image.paste(scaled, (round(x + left * factor), round(baseline + top * factor)), scaled)


@lru_cache(maxsize=16)
def _load_logo(path: Path) -> Image.Image:
    try:
        with Image.open(path) as img:
            return img.convert("RGBA")
    except (OSError, Image.DecompressionBombError) as exc:
        raise CfpError(f"cannot read logo image {path.name}: {exc}") from None


@lru_cache(maxsize=64)
def _scaled_logo(path: Path, w: int, h: int) -> Image.Image:
    return _load_logo(path).resize((w, h), Image.Resampling.LANCZOS)


def _draw_logo(image: Image.Image, item: LogoItem) -> None:
    logo = _load_logo(item.path)
    box = item.box
    factor = min(box.w / logo.width, box.h / logo.height)
    w, h = max(1, round(logo.width * factor)), max(1, round(logo.height * factor))
    scaled = _scaled_logo(item.path, w, h)
    x = {"right": box.right - w, "end": box.right - w, "center": box.x + (box.w - w) / 2}.get(item.align, box.x)
    y = {"top": box.y, "middle": box.y + (box.h - h) / 2}.get(item.valign, box.bottom - h)
    image.paste(scaled, (round(x), round(y)), scaled)
