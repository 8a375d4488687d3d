"""The two canvases draw the same pixels, and every PNG decodes to exactly the canvas drawn.

A PaletteCanvas (indices + a growing palette) and an RgbCanvas blend with one formula, so for
any sequence of drawing operations they hold identical pixels; a palette canvas that needs a
257th colour becomes an RGB one and goes on; photos stay RGB; and what is written to disk,
decoded by Pillow, is exactly what was drawn.
"""
from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image

from cfpgraphics.render.raster import canvas as canvases, draw, png
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.builder.runner import render_canvas, render_job
from cfpgraphics.render.raster.canvas import PaletteCanvas, RgbCanvas
from cfpgraphics.render.job import compose_job
from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.content.sizes import PRESETS


def decoded(data: bytes) -> tuple[str, np.ndarray]:
    with Image.open(io.BytesIO(data)) as image:
        return image.mode, np.asarray(image.convert("RGB"))


def random_ops(rng: random.Random, w: int, h: int, inks: list, count: int) -> list:
    """Drawing operations, partly off the canvas: rectangles, masks with every coverage, RGBA
    tiles (opaque, transparent and between), opaque RGB tiles."""
    ops = []
    for _ in range(count):
        kind = rng.choice(["rect", "mask", "mask", "mask", "rgba", "rgb"])
        x, y = rng.randint(-20, w), rng.randint(-20, h)
        tw, th = rng.randint(1, 40), rng.randint(1, 40)
        if kind == "rect":
            ops.append(("fill_rect", x, y, x + tw, y + th, rng.choice(inks)))
            continue
        nprng = np.random.default_rng(rng.randrange(1 << 30))
        if kind == "mask":
            mask = nprng.integers(0, 256, (th, tw), dtype=np.uint8)
            mask[nprng.random((th, tw)) < 0.3] = 0  # blank and full coverage are common in real masks
            mask[nprng.random((th, tw)) < 0.2] = 255
            ops.append(("blend_mask", mask, x, y, rng.choice(inks)))
        elif kind == "rgba":
            colours = np.array(rng.sample(inks, 2), np.uint8)
            tile = np.empty((th, tw, 4), np.uint8)
            tile[..., :3] = colours[nprng.integers(0, 2, (th, tw))]
            tile[..., 3] = nprng.choice([0, 40, 128, 255], (th, tw))
            ops.append(("paste_rgba", tile, x, y))
        else:
            ops.append(("paste_rgb", np.array(inks, np.uint8)[nprng.integers(0, len(inks), (th, tw))], x, y))
    return ops


def apply(canvas, ops):
    for name, *args in ops:
        getattr(canvas, name)(*args)
    return canvas


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("steps", [canvases.STEPS, 32, 64])
def test_palette_and_rgb_canvases_draw_the_same_pixels(seed, steps):
    rng = random.Random(seed)
    w, h = rng.randint(30, 120), rng.randint(30, 120)
    inks = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(rng.randint(2, 4))]
    background = inks[0]
    ops = random_ops(rng, w, h, inks, 30)
    palette = apply(PaletteCanvas(w, h, background, steps=steps), ops)
    rgb = apply(RgbCanvas(w, h, background, steps=steps), ops)
    assert np.array_equal(palette.rgb(), rgb.rgb())
    assert np.array_equal(np.asarray(palette.to_image()), rgb.rgb())
    assert decoded(palette.encode())[1].tolist() == rgb.rgb().tolist(), "the PNG is the drawn pixels"
    assert decoded(rgb.encode())[1].tolist() == rgb.rgb().tolist()


def test_the_blend_keeps_the_old_colour_at_no_coverage_and_gives_the_ink_at_full():
    canvas = PaletteCanvas(4, 1, (10, 20, 30))
    canvas.blend_mask(np.array([[0, 255, 128, 1]], np.uint8), 0, 0, (250, 100, 0))
    pixels = canvas.rgb()[0].tolist()
    assert pixels[0] == [10, 20, 30] and pixels[1] == [250, 100, 0]
    assert pixels[3] == [10, 20, 30], "a coverage under half a level is no change"
    assert 120 <= pixels[2][0] <= 140


def test_a_palette_canvas_needing_a_257th_colour_becomes_rgb_and_still_decodes_exactly():
    rng = random.Random(5)
    inks = [(i, 255 - i, (i * 37) % 256) for i in range(0, 256, 8)]  # 32 inks on a background
    ops = random_ops(rng, 200, 150, inks, 120)
    canvas = apply(PaletteCanvas(200, 150, (0, 0, 0)), ops)
    reference = apply(RgbCanvas(200, 150, (0, 0, 0)), ops)
    assert canvas.mode == "RGB" and isinstance(canvas, RgbCanvas)
    assert len(np.unique(reference.rgb().reshape(-1, 3), axis=0)) > 256
    assert np.array_equal(canvas.rgb(), reference.rgb())
    mode, pixels = decoded(canvas.encode())
    assert mode == "RGB" and np.array_equal(pixels, reference.rgb())


def test_an_rgb_canvas_with_few_colours_is_an_exact_palette_png():
    canvas = RgbCanvas(50, 40, (43, 30, 92))
    canvas.blend_mask(np.tile(np.arange(0, 250, 5, dtype=np.uint8), (40, 1)), 0, 0, (255, 184, 28))
    mode, pixels = decoded(canvas.encode())
    assert mode == "P" and np.array_equal(pixels, canvas.rgb())


def test_a_palette_canvas_without_zlib_ng_is_written_by_pillow_with_the_same_pixels(monkeypatch):
    canvas = apply(PaletteCanvas(60, 50, (1, 2, 3)), random_ops(random.Random(9), 60, 50, [(1, 2, 3), (200, 10, 90)], 20))
    ours = canvas.encode()
    monkeypatch.setattr(png, "_deflate", None)
    pillows = canvas.encode()
    assert ours != pillows
    for data in (ours, pillows):
        mode, pixels = decoded(data)
        assert mode == "P" and np.array_equal(pixels, canvas.rgb())


def rgb_drawn(scene, project):
    """The scene drawn on RGB canvases only (same steps), in a fresh store."""
    original = draw.PaletteCanvas
    draw.PaletteCanvas = lambda w, h, background, steps=canvases.STEPS: RgbCanvas(w, h, background, steps=steps)
    try:
        return draw.draw_canvas(scene, project.fonts.faces, AssetStore())
    finally:
        draw.PaletteCanvas = original


def sample_jobs(project):
    """Every template at every size in a few scripts (Latin, Arabic, Khmer, Chinese)."""
    seen, jobs = set(), []
    for job in plan_jobs(project):
        key = (job.template, job.size.name, job.lang)
        if job.lang in ("en", "ar", "km", "zh-Hans") and key not in seen:
            seen.add(key)
            jobs.append(job)
    return jobs


def test_real_scenes_draw_the_same_on_palette_and_rgb_canvases(project):
    jobs = sample_jobs(project)
    assert len({job.template for job in jobs}) >= 7 and len(jobs) >= 100
    store = AssetStore()
    for job in jobs:
        scene = compose_job(project, job)
        drawn = draw.draw_canvas(scene, project.fonts.faces, store)
        assert drawn.mode == "P", f"{job.name}: a flat graphic stays within 256 colours"
        assert np.array_equal(drawn.rgb(), rgb_drawn(scene, project).rgb()), job.name


def test_every_written_output_decodes_to_the_canvas_drawn_for_it(make_project):
    """Through the build's own writer, for a few languages of every graphic at every size."""
    from cfpgraphics.builder.project import open_project
    project = open_project(make_project({}, with_content=True), AssetStore())
    jobs = [job for job in plan_jobs(project) if job.lang in ("en", "ar", "km", "zh-Hans", "vi")][::3]
    assert len({job.graphic for job in jobs}) >= 8
    for job in jobs:
        files, _ = render_job(project, job)
        drawn = draw.draw_canvas(compose_job(project, job), project.fonts.faces, AssetStore())
        mode, pixels = decoded(files[0].read_bytes())
        assert mode == "P", job.name
        assert np.array_equal(pixels, np.asarray(drawn.to_image())), job.name


def test_photo_scenes_stay_rgb_and_decode_exactly(make_project):
    from cfpgraphics.builder.project import open_project
    root = make_project({})
    (root / "photos").mkdir()
    Image.linear_gradient("L").resize((300, 200)).convert("RGB").save(root / "photos/a.png")
    project = open_project(root, AssetStore())
    values = {"headline": "We won", "subline": "The contract is cancelled", "cta": "Join us", "photo": "photos/a.png"}
    canvas, scene = render_canvas(project, "announcement", values, "en", PRESETS["instagram-square"])
    assert any(type(item).__name__ == "PhotoItem" for item in scene.items)
    assert canvas.mode == "RGB"
    assert np.array_equal(decoded(canvas.encode())[1], canvas.rgb())
