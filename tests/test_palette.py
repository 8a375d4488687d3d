"""The palette step keeps every pixel's own colour: a PNG with 256 colours or fewer decodes to
exactly the drawn pixels, and with more every pixel is its own colour when that is in the
palette and the nearest palette colour otherwise (Pillow's quantize(palette=...) got about
13% of a stat card's pixels wrong by up to 33/255)."""
from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image, ImageFilter

from cfpgraphics.render.raster import png
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.builder.runner import render_job, render_scene
from cfpgraphics.render.job import compose_job
from cfpgraphics.render.raster.draw import draw_scene
from cfpgraphics.render.raster.png import encode_png
from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.content.sizes import PRESETS

STAT = {"stat": "95%", "statement": "of people on Chicago’s gang database were **Black and Latinx**",
        "source": "Source: a study cited in the Collective Freedom Project launch"}


def decode(data: bytes) -> tuple[np.ndarray, np.ndarray | None]:
    """(RGB pixels, palette or None) of PNG bytes, decoded by Pillow."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        palette = None
        if image.mode == "P":
            palette = np.array(image.getpalette()[:768], np.int64).reshape(-1, 3)
        return np.asarray(image.convert("RGB")).astype(np.int64), palette


def shaded(image: Image.Image) -> Image.Image:
    """The card with a full ramp of shades at every edge (drawing blends in 16 levels, so a
    card itself has under 100 colours): what an RGB image with many anti-aliasing shades,
    neighbours of each other, gives the palette step."""
    return image.filter(ImageFilter.GaussianBlur(1.5))


def assert_faithful(drawn: Image.Image, data: bytes) -> None:
    """Exact with <= 256 colours; otherwise own colour when in the palette, else the nearest."""
    pixels, palette = decode(data)
    original = np.asarray(drawn.convert("RGB")).astype(np.int64)
    assert pixels.shape == original.shape
    if palette is None or len(drawn.getcolors(1 << 24)) <= 256:
        assert np.array_equal(pixels, original), "the PNG decodes to exactly the drawn pixels"
        return
    colours = np.unique(original.reshape(-1, 3), axis=0)
    distance = ((colours[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)
    best = distance.min(axis=1)
    flat_original, flat_decoded = original.reshape(-1, 3), pixels.reshape(-1, 3)
    key = lambda rgb: rgb[:, 0] << 16 | rgb[:, 1] << 8 | rgb[:, 2]  # noqa: E731
    best_of = dict(zip(key(colours).tolist(), best.tolist()))
    got = ((flat_decoded - flat_original) ** 2).sum(axis=1)
    want = np.array([best_of[k] for k in key(flat_original).tolist()])
    assert np.array_equal(got, want), "every pixel goes to its nearest palette colour"
    in_palette = np.isin(key(flat_original), key(palette))
    assert np.array_equal(flat_decoded[in_palette], flat_original[in_palette]), "palette colours stay"


@pytest.mark.parametrize("lang,size", [("en", "instagram-square"), ("km", "story"), ("ar", "x-post"),
                                       ("vi", "link-card")])
def test_cards_with_few_colours_decode_to_exactly_the_drawn_pixels(project, lang, size):
    """The real card reduced to at most 256 colours (many of them neighbours: the shades of
    anti-aliased text, which Pillow's colour cache confused) comes back pixel for pixel."""
    image = shaded(render_scene(project, "stat", STAT, lang, PRESETS[size])[0])
    few = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).convert("RGB")
    assert 200 < len(few.getcolors(256)) <= 256
    data = encode_png(few, project.assets)
    pixels, palette = decode(data)
    assert palette is not None, "a flat image is a palette PNG"
    assert np.array_equal(pixels, np.asarray(few)), (lang, size)


def test_neighbouring_colours_each_keep_their_own_entry():
    """256 colours that differ by 1 in one channel (the worst case for a colour cache)."""
    rng = random.Random(12)
    colours = [(100 + i % 4, 50 + (i // 4) % 4, 20 + i // 16) for i in range(256)]
    image = Image.new("RGB", (64, 48))
    image.putdata([rng.choice(colours) for _ in range(64 * 48)])
    pixels, palette = decode(encode_png(image))
    assert palette is not None
    assert np.array_equal(pixels, np.asarray(image))


def test_pillows_writer_gets_the_same_exact_pixels(monkeypatch):
    rng = random.Random(3)
    colours = [(i, 255 - i, (i * 7) % 256) for i in range(0, 256, 2)]
    image = Image.new("RGB", (40, 30))
    image.putdata([rng.choice(colours) for _ in range(40 * 30)])
    monkeypatch.setattr(png, "_deflate", None)  # zlib-ng missing: Pillow's writer
    pixels, palette = decode(encode_png(image))
    assert palette is not None and np.array_equal(pixels, np.asarray(image))


@pytest.mark.parametrize("lang,size", [("en", "instagram-square"), ("km", "story"), ("ar", "x-post")])
def test_cards_with_many_colours_go_to_their_own_or_nearest_palette_colour(project, lang, size):
    image = shaded(render_scene(project, "stat", STAT, lang, PRESETS[size])[0])
    assert len(image.getcolors(1 << 24)) > 256
    data = encode_png(image, project.assets)
    assert_faithful(image, data)
    assert encode_png(image, project.assets) == encode_png(image) == data, "deterministic, with or without a store"


def test_ties_go_to_the_lower_palette_index():
    """A colour exactly between two palette colours maps to the more frequent one (lower index)."""
    data = [(i, 0, 0) for i in range(1, 255)] * 2  # 254 colours, twice each ...
    data += [(0, 0, 10)] * 40 + [(0, 0, 12)] * 4  # ... (0,0,10) most frequent, (0,0,12) too
    data += [(0, 0, 11)]  # the 257th colour, once: 1 away from both of its neighbours
    image = Image.new("RGB", (len(data), 1))
    image.putdata(data)
    indices, palette = png.to_palette(image, 8192)
    lookup = {tuple(c): i for i, c in enumerate(palette.tolist())}
    assert len(palette) == 256 and palette.tolist()[indices[-1]] == [0, 0, 10] and lookup[(0, 0, 10)] < lookup[(0, 0, 12)]


def test_written_outputs_decode_to_the_drawn_image(make_project, tmp_path):
    """Through the build's own writer: every output of a small campaign, decoded, is the image
    that was drawn for it (exactly, or each pixel its nearest palette colour)."""
    root = make_project({}, with_content=True)
    from cfpgraphics.builder.project import open_project
    project = open_project(root, AssetStore())
    jobs = [job for job in plan_jobs(project) if job.graphic == "chicago-gang-database"][:8]
    assert jobs
    for job in jobs:
        files, _ = render_job(project, job)
        drawn = draw_scene(compose_job(project, job), project.fonts.faces, AssetStore())
        assert_faithful(drawn, files[0].read_bytes())
