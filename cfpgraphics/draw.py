"""Draw a Scene with Pillow. The only module that touches pixels."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from .compose import LogoItem, PagerItem, PanelItem, PatternItem, PhotoItem, RuleItem, Scene, TextItem
from .errors import CfpError
from .fonts import FontFace
from .images import MAX_PIXELS, duotone, load_cover
from .text.markup import EMPHASIS, HIGHLIGHT
from .text.model import LaidOutText

Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # refuse decompression bombs early (see images.py)
SUPERSAMPLE = 4  # shapes (panels, dots, arrows) are drawn this much larger, then reduced


def draw_scene(scene: Scene, faces: dict[str, FontFace]) -> Image.Image:
    image = Image.new("RGB", (scene.width, scene.height), scene.background)
    for item in scene.items:
        if isinstance(item, PhotoItem):
            grey = load_cover(item.root, item.photo, (scene.width, scene.height))
            image.paste(duotone(grey, item.shadows, item.highlights), (0, 0))
        elif isinstance(item, PatternItem):
            _draw_pattern(image, item)
        elif isinstance(item, RuleItem):
            box = item.box
            ImageDraw.Draw(image).rectangle(
                [round(box.x), round(box.y), round(box.right) - 1, round(box.bottom) - 1], fill=item.color)
        elif isinstance(item, PanelItem):
            _draw_shape(image, item.box, lambda d, s, o: d.rounded_rectangle(
                _scaled(item.box, s, o), radius=item.radius * s, fill=item.color))
        elif isinstance(item, PagerItem):
            _draw_pager(image, item)
        elif isinstance(item, LogoItem):
            _draw_logo(image, item)
        elif isinstance(item, TextItem):
            draw_text(image, item.layout, faces, item.color, item.emphasis_color, item.highlight_color,
                      item.highlight_text_color)
    return image


def draw_text(image: Image.Image, layout: LaidOutText, faces: dict[str, FontFace], color, emphasis_color,
              highlight_color=None, highlight_text_color=None) -> None:
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
            if HIGHLIGHT in run.styles and highlight_color and highlight_text_color:
                fill = highlight_text_color  # text on a highlight: the colour that contrasts with it
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


def _scaled(box, s, origin):
    ox, oy = origin
    return [(box.x - ox) * s, (box.y - oy) * s, (box.right - ox) * s, (box.bottom - oy) * s]


def _draw_shape(image: Image.Image, box, paint) -> None:
    """Anti-aliased shapes: paint a supersampled mask over `box`, reduce it, composite."""
    x0, y0 = int(box.x) - 1, int(box.y) - 1
    x1, y1 = int(box.right) + 2, int(box.bottom) + 2
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    s = SUPERSAMPLE
    layer = Image.new("RGBA", (w * s, h * s), (0, 0, 0, 0))
    paint(ImageDraw.Draw(layer), s, (x0, y0))
    layer = layer.resize((w, h), Image.Resampling.LANCZOS)
    image.paste(layer, (x0, y0), layer)


def _draw_pager(image: Image.Image, item: PagerItem) -> None:
    area = item.arrow and _union(item.box, item.arrow) or item.box

    def paint(draw, s, origin):
        ox, oy = origin
        r = item.radius
        for i, (cx, cy) in enumerate(item.dots):
            colour = item.color if i == item.current else item.inactive_color
            rr = r if i == item.current else r * 0.72
            draw.ellipse([(cx - rr - ox) * s, (cy - rr - oy) * s, (cx + rr - ox) * s, (cy + rr - oy) * s], fill=colour)
        if item.arrow:
            a = item.arrow
            cy = (a.y + a.h / 2 - oy) * s
            stroke = max(1, round(r * 0.55 * s))
            head = a.h * 0.42 * s
            left, right = (a.x - ox) * s + stroke, (a.right - ox) * s - stroke
            tip, tail = (left, right) if item.arrow_rtl else (right, left)
            back = tip + head if item.arrow_rtl else tip - head
            draw.line([(tail, cy), (tip, cy)], fill=item.color, width=stroke)
            draw.line([(back, cy - head), (tip, cy), (back, cy + head)], fill=item.color, width=stroke, joint="curve")
            for px, py in ((tail, cy), (back, cy - head), (back, cy + head), (tip, cy)):
                draw.ellipse([px - stroke / 2, py - stroke / 2, px + stroke / 2, py + stroke / 2], fill=item.color)

    _draw_shape(image, area, paint)


def _union(a, b):
    from .compose import union
    return union(a, b)


def _draw_pattern(image: Image.Image, item: PatternItem) -> None:
    """A quiet background pattern over the whole canvas (it is background: it may cross the
    safe zone)."""
    w, h = image.size
    step = max(8.0, item.step)
    s = 2
    layer = Image.new("L", (w * s, h * s), 0)
    draw = ImageDraw.Draw(layer)
    if item.pattern == "dots":
        r = step * 0.09 * s
        y = step / 2
        while y < h:
            x = step / 2
            while x < w:
                draw.ellipse([x * s - r, y * s - r, x * s + r, y * s + r], fill=255)
                x += step
            y += step
    else:  # diagonal lines
        width = max(1, round(step * 0.08 * s))
        for k in range(-int(h / step) - 2, int(w / step) + 2):
            x = k * step
            draw.line([(x * s, h * s), ((x + h) * s, 0)], fill=255, width=width)
    mask = layer.resize((w, h), Image.Resampling.LANCZOS)
    image.paste(Image.new("RGB", (w, h), item.color), (0, 0), mask)


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
