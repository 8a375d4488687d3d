"""Draw the Collective Freedom Project wordmark.

Run from the repository root:

    python brand/make_logo.py

Writes two transparent RGBA PNGs, each tightly cropped and about 1200 px wide:

    brand/logo/wordmark-on-dark.png   paper lettering, marigold mark (for indigo)
    brand/logo/wordmark-on-light.png  indigo lettering, coral mark (for paper)

The mark is a figure with raised arms (a head above an open arc) lifted by
a larger open arc: a person held up by the people around them, and a circle
that is open at the top, not closed. Beside it the name is set in League
Spartan Black capitals on three lines. The mark runs from the cap height of
the first line to the baseline of the last.

Everything is drawn at SS times the output size, then downsampled with
LANCZOS. The output is deterministic: fixed geometry, no metadata.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "fonts" / "league-spartan" / "LeagueSpartan-Black.otf"
OUT_DIR = ROOT / "brand" / "logo"

# Brand palette.
INDIGO = "#2B1E5C"
MARIGOLD = "#FFB81C"
PAPER = "#FFF8EC"
INK = "#151320"
CORAL = "#E4572E"

VARIANTS = {
    "wordmark-on-dark.png": {"text": PAPER, "mark": MARIGOLD},
    "wordmark-on-light.png": {"text": INDIGO, "mark": CORAL},
}

LINES = ("COLLECTIVE", "FREEDOM", "PROJECT")

SS = 4  # supersampling factor
CAP_PX = 93  # cap height of the lettering in the final PNG, in pixels
PAD_PX = 3  # transparent margin kept around the artwork, in pixels

# League Spartan Black font units (unitsPerEm 2000).
UPM = 2000
CAP_HEIGHT = 1320
OVERSHOOT = 24  # how far round letters (C, O) go past the cap height and baseline

# Layout, as fractions of the cap height.
LEADING = 0.24  # space between one line's baseline and the next line's cap height

# Mark geometry, as fractions of the mark's height, which is the text block's height.
MARK_RADIUS = 0.52  # outer radius of the large arc
STROKE = 0.115  # stroke width of both arcs
INNER_GAP = 0.075  # space between the two arcs
HEAD_RADIUS = 0.12
OUTER_OPENING = 140  # degrees left open at the top of the large arc
INNER_OPENING = 90  # degrees left open at the top of the figure's arms
MARK_TEXT_GAP = 0.22  # space between the mark and the lettering


def open_arc(draw, centre, radius, width, opening, fill):
    """Draw a ring with round ends and `opening` degrees missing, centred at the top."""
    cx, cy = centre
    inner = radius - width
    # Pillow angles: 0 deg points right and 270 deg points up (y axis points down).
    start = 270 + opening / 2
    end = 270 - opening / 2 + 360
    steps = 720
    angles = [math.radians(start + (end - start) * i / steps) for i in range(steps + 1)]
    outline = [(cx + radius * math.cos(a), cy + radius * math.sin(a)) for a in angles]
    outline += [(cx + inner * math.cos(a), cy + inner * math.sin(a)) for a in reversed(angles)]
    draw.polygon(outline, fill=fill)
    mid = radius - width / 2
    for a in (math.radians(start), math.radians(end)):
        disc(draw, (cx + mid * math.cos(a), cy + mid * math.sin(a)), width / 2, fill)


def disc(draw, centre, radius, fill):
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)


def draw_mark(draw, left, top, height, overshoot, fill):
    """Draw the mark in the box from `top` to `top + height`; return its width.

    The round shapes go `overshoot` past the box at the top and the bottom,
    the same amount the round letters go past the cap height and baseline.
    """
    top -= overshoot
    height += 2 * overshoot
    radius = MARK_RADIUS * height
    stroke = STROKE * height
    head = HEAD_RADIUS * height
    cx, cy = left + radius, top + height - radius
    open_arc(draw, (cx, cy), radius, stroke, OUTER_OPENING, fill)
    open_arc(draw, (cx, cy), radius - stroke - INNER_GAP * height, stroke, INNER_OPENING, fill)
    disc(draw, (cx, top + head), head, fill)
    return 2 * radius


def ink_left(font, text):
    """Distance from the pen position to the first inked pixel of `text`."""
    size = font.size
    scratch = Image.new("L", (size * (len(text) + 1), size * 2), 0)
    ImageDraw.Draw(scratch).text((size, size * 3 // 2), text, font=font, fill=255, anchor="ls")
    return scratch.getbbox()[0] - size


def render(text_colour, mark_colour):
    cap = CAP_PX * SS
    size = round(cap * UPM / CAP_HEIGHT)
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    font = ImageFont.truetype(str(FONT), size, layout_engine=engine)
    overshoot = cap * OVERSHOOT / CAP_HEIGHT
    leading = LEADING * cap
    block = len(LINES) * cap + (len(LINES) - 1) * leading

    # Draw the mark and the lettering as two coverage masks on an oversized
    # canvas; the result is cropped to the artwork below.
    margin = round(block * 0.25)
    canvas_size = (round(block * 5), round(block) + 2 * margin)
    mark_mask = Image.new("L", canvas_size, 0)
    text_mask = Image.new("L", canvas_size, 0)

    mark_width = draw_mark(ImageDraw.Draw(mark_mask), margin, margin, block, overshoot, 255)

    draw = ImageDraw.Draw(text_mask)
    text_left = margin + mark_width + MARK_TEXT_GAP * block
    for i, line in enumerate(LINES):
        baseline = margin + cap * (i + 1) + leading * i
        # Put each line's first inked pixel on the same x, so the stems of F and P
        # line up. A round initial (C, O) hangs out by its overshoot.
        x = text_left - ink_left(font, line)
        if line[0] in "CGOQS":
            x -= overshoot
        draw.text((x, baseline), line, font=font, fill=255, anchor="ls")

    # Crop to the artwork plus a small margin, snapped to whole output pixels.
    x0, y0, x1, y1 = Image.merge("LA", (mark_mask, text_mask)).getbbox(alpha_only=False)
    pad = PAD_PX * SS
    box = (
        (x0 - pad) // SS * SS,
        (y0 - pad) // SS * SS,
        -(-(x1 + pad) // SS) * SS,
        -(-(y1 + pad) // SS) * SS,
    )
    out_size = ((box[2] - box[0]) // SS, (box[3] - box[1]) // SS)

    # Downsample each mask and use it as the alpha of a flat layer of its colour,
    # so every pixel keeps the exact brand colour and only the alpha is smoothed.
    image = Image.new("RGBA", out_size, (0, 0, 0, 0))
    for mask, colour in ((mark_mask, mark_colour), (text_mask, text_colour)):
        layer = Image.new("RGBA", out_size, colour)
        layer.putalpha(mask.crop(box).resize(out_size, Image.LANCZOS))
        image = Image.alpha_composite(image, layer)
    return image


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, colours in VARIANTS.items():
        image = render(colours["text"], colours["mark"])
        path = OUT_DIR / name
        image.save(path, format="PNG", optimize=True)
        print(f"wrote {path.relative_to(ROOT)} ({image.width}x{image.height})")


if __name__ == "__main__":
    main()
