"""The rendered stat card: right size and mode, and every text inside its box."""
from __future__ import annotations

from PIL import Image, ImageChops

from cfpgraphics.builder.runner import render_scene
from cfpgraphics.render.layout.geometry import element_box
from cfpgraphics.render.raster.png import encode_png
from cfpgraphics.render.scene import TextItem
from cfpgraphics.content.sizes import PRESETS


def test_stat_card_pixels_stay_in_their_boxes(project):
    values = project.graphics["chicago-gang-database"].translations["en"].values
    size = PRESETS["instagram-square"]
    image, scene = render_scene(project, "stat", values, "en", size)
    assert image.size == (1080, 1080) and image.mode == "RGB"
    assert not scene.warnings

    background = Image.new("RGB", image.size, scene.background)
    outside = Image.new("L", image.size, 255)  # white where nothing may be drawn
    template = project.templates["stat"]
    for element in template.elements_for(size):
        box = element_box(element, size)
        # text ink may reach a few px past its box for side bearings; boxes are the contract
        outside.paste(0, (int(box.x) - 4, int(box.y) - 4, int(box.right) + 5, int(box.bottom) + 5))
    diff = ImageChops.difference(image, background).convert("L").point(lambda v: 255 if v > 8 else 0)
    stray = ImageChops.multiply(diff, outside)
    assert stray.getbbox() is None, f"pixels drawn outside every element box at {stray.getbbox()}"

    for item in scene.items:
        if isinstance(item, TextItem):
            layout = item.layout
            assert layout.fits
            box = layout.box
            inked = diff.crop((int(box.x), int(box.y), int(box.right) + 1, int(box.bottom) + 1)).getbbox()
            assert inked is not None, f"{item.element}: nothing drawn in its box"
            for line in layout.lines:
                assert box.x - 0.5 <= line.x and line.x + line.width <= box.right + 0.5, item.element
                assert line.baseline - line.ascent >= box.y - 0.5, item.element
                assert line.baseline + line.descent <= box.bottom + 0.5, item.element


def test_figure_is_largest_and_on_one_line(project):
    values = project.graphics["chicago-gang-database"].translations["en"].values
    _, scene = render_scene(project, "stat", values, "en", PRESETS["instagram-square"])
    layouts = scene.layouts
    assert len(layouts["stat"].lines) == 1
    assert layouts["stat"].size > 2 * layouts["statement"].size > 2 * layouts["source"].size


def test_same_inputs_give_identical_png_bytes(project, tmp_path):
    from cfpgraphics.render.raster.png import encode_png
    values = project.graphics["chicago-gang-database"].translations["en"].values
    first, _ = render_scene(project, "stat", values, "en", PRESETS["link-card"])
    second, _ = render_scene(project, "stat", values, "en", PRESETS["link-card"])
    assert encode_png(first) == encode_png(second)


def test_palette_pngs_from_our_writer_decode_to_what_pillows_writer_stores(project):
    """The zlib-ng palette writer changes bytes and size, never pixels."""
    import io

    from PIL import Image

    from cfpgraphics.render.raster import png

    values = {"stat": "95%", "statement": "of people on Chicago’s gang database were **Black and Latinx**"}
    for lang, size in (("en", "instagram-square"), ("km", "story"), ("ar", "x-post")):
        image, _ = render_scene(project, "stat", values, lang, PRESETS[size])
        ours = encode_png(image)
        assert ours.startswith(png.SIGNATURE)
        Image.open(io.BytesIO(ours)).verify()
        deflate, png._deflate = png._deflate, None  # Pillow's writer, the fallback
        try:
            pillows = encode_png(image)
        finally:
            png._deflate = deflate
        assert len(ours) < len(pillows)
        decoded = [Image.open(io.BytesIO(data)).convert("RGB").tobytes() for data in (ours, pillows)]
        assert decoded[0] == decoded[1], (lang, size)
