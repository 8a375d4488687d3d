"""Shaped glyph runs and the glyph cache: what the engine measures is what is drawn.

The engine measures from HarfBuzz glyphs (text/shape.py) and drawing places those same glyphs
from FreeType bitmaps (glyphs.py). These tests draw every hard case and compare the ink that
lands on the canvas with the ink the layout reserved for each line.
"""
from __future__ import annotations

import numpy as np
import pytest
import yaml
from PIL import ImageFont

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.render.raster.glyphs import GlyphRaster, glyph_raster, run_mask
from cfpgraphics.text.engine import layout_text
from cfpgraphics.text.measure import measure_em
from cfpgraphics.text.types import Box, TextStyle
from conftest import HARD_CASES

CASES = yaml.safe_load(HARD_CASES.read_text(encoding="utf-8"))


def _drawn_ink(layout, fonts, assets):
    """Per line: the (left, top, right, bottom) of the coverage the drawing puts on the canvas."""
    out = []
    for line in layout.lines:
        boxes = []
        for run in line.runs:
            face = fonts.faces[run.font]
            if face.bitmap_size or run.glyphs is None:
                continue  # colour emoji are drawn from their one bitmap strike by Pillow
            drawn = run_mask(glyph_raster(assets, face), run.glyphs, run.x, line.baseline, layout.size)
            if drawn is None:
                continue
            mask, x0, y0 = drawn
            rows, cols = np.nonzero(mask)
            boxes.append((x0 + cols.min(), y0 + rows.min(), x0 + cols.max() + 1, y0 + rows.max() + 1))
        out.append(boxes and (min(b[0] for b in boxes), min(b[1] for b in boxes),
                              max(b[2] for b in boxes), max(b[3] for b in boxes)))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
@pytest.mark.parametrize("stack", ["display", "text"])
def test_drawn_ink_is_the_measured_ink(fonts, case, stack):
    """Every line's drawn ink sits inside the band the layout measured for it (to the pixel:
    ink is measured rounded out to whole pixels), and reaches its top and bottom, so lines are
    spaced by what is really drawn: stacked Vietnamese marks and Khmer subscripts included."""
    style = TextStyle(fonts.stack(stack), 72, 24, line_height=1.0)
    layout = layout_text(case["text"], style, Box(40, 40, 520, 900), case["lang"])
    assets = AssetStore()
    for line, ink in zip(layout.lines, _drawn_ink(layout, fonts, assets)):
        if not ink or any(fonts.faces[r.font].bitmap_size for r in line.runs):
            continue
        left, top, right, bottom = ink
        baseline = round(line.baseline)
        assert baseline - top <= line.ascent + 1 and bottom - baseline <= line.descent + 1, (line.text, ink)
        assert baseline - top >= line.ascent - 1 and bottom - baseline >= line.descent - 1, (line.text, ink)
        overhang = 0.15 * layout.size  # side bearings may put ink a little outside the advance
        assert line.x - overhang <= left and right <= line.x + line.width + overhang, (line.text, ink)


SAMPLES = {
    "en": "Collective Freedom Project", "vi": "Những người tổ chức cộng đồng", "ar": "قاعدة بيانات العصابات",
    "km": "មូលដ្ឋានទិន្នន័យក្រុមក្មេងទំនើង", "lo": "ຖານຂໍ້ມູນກຸ່ມແກ໊ງ", "zh-Hans": "芝加哥帮派数据库",
    "ko": "시카고 갱 데이터베이스", "tl": "Ang mga organisasyon",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_harfbuzz_advances_match_pillows_raqm(fonts, lang):
    """The shaping stack is configured as Pillow's raqm does it (script, language, direction,
    features): the same advances, to a hundredth of a pixel at 200 px. (A cross-check only:
    nothing of ours draws text through Pillow.)"""
    from PIL import features
    if not features.check("raqm"):
        pytest.skip("Pillow here has no raqm layout (FriBiDi missing) to compare with")
    text = SAMPLES[lang]
    for stack in ("display", "text"):
        face = fonts.stack(stack).for_language(lang)[0]
        for feats in ((), ("tnum",)):
            rtl = lang == "ar"
            ours = measure_em(face, text, rtl, lang, feats).advance * 200
            pil = ImageFont.truetype(str(face.path), 200, index=face.index, layout_engine=ImageFont.Layout.RAQM)
            theirs = pil.getlength(text, direction="rtl" if rtl else "ltr", language=lang, features=list(feats) or None)
            if abs(ours - theirs) > 0.01 * len(text):  # 26.6 rounding of each glyph's advance in FreeType
                pytest.fail(f"{lang} {face.key}: HarfBuzz {ours:.2f} px, raqm {theirs:.2f} px")


def test_glyphs_are_rasterised_once_per_size_and_quarter_pixel(fonts):
    face = fonts.stack("display").for_language("en")[0]
    raster = GlyphRaster(str(face.path), face.index)
    run = face.shaper.shape("AAAA", False, "en", ())
    def bitmaps():  # the glyph bitmaps in the cache (besides whole runs, see below)
        return [key for key in raster.cache.keys() if key[1] != "run"]

    first = run_mask(raster, run, 10.0, 100.0, 60)
    positions = {round((10.0 + x * 60) % 1 * 4) % 4 for x in run.x}
    assert len(bitmaps()) == len(positions) < 4  # one bitmap per quarter-pixel position met
    again = run_mask(raster, run, 10.0, 100.0, 60)
    assert np.array_equal(first[0], again[0]) and first[1:] == again[1:]
    assert len(bitmaps()) == len(positions)  # drawn again from the cache
    shifted = run_mask(raster, run, 10.125, 100.0, 60)
    assert not np.array_equal(first[0], shifted[0])  # an eighth of a pixel over rounds to the next quarter


def test_a_replaced_font_file_gets_a_new_glyph_cache(tmp_path, fonts):
    import os
    import shutil
    face = fonts.stack("display").for_language("en")[0]
    copy = tmp_path / "font.otf"
    shutil.copy(face.path, copy)
    assets = AssetStore()
    old = glyph_raster(assets, assets.face("f", copy))
    other = fonts.stack("text").for_language("en")[0]
    shutil.copy(other.path, copy)
    os.utime(copy, ns=(1, 1))  # a different file at the same path
    assert glyph_raster(assets, assets.face("f", copy)) is not old


def test_the_glyph_cache_keeps_to_its_budget_and_keeps_what_is_drawn_often(fonts):
    from cfpgraphics.render.raster.glyphs import GlyphCache
    face = fonts.stack("display").for_language("en")[0]
    cache = GlyphCache(budget=200_000)
    raster = GlyphRaster(str(face.path), face.index, cache)
    small = raster.glyph(5, 24, 0)
    for size in range(150, 400, 10):  # big display glyphs, each drawn once
        raster.glyph(5, size, 0)
        assert raster.glyph(5, 24, 0) is small  # drawn again and again: never evicted
        assert cache.used <= cache.budget
    assert len(cache) < 26


def test_a_small_run_is_kept_whole_and_drawn_the_same_wherever_its_pixel_fraction_repeats(fonts):
    """Run masks depend only on the run, the size and the origin's fraction of a pixel: one
    kept for a run is the mask a fresh cache draws, moved by whole pixels; big ones are not kept."""
    from cfpgraphics.render.raster.glyphs import RUN_KEPT_BYTES

    face = fonts.stack("text").for_language("en")[0]
    run = face.shaper.shape("Draft, not for posting", False, "en", ())
    raster = GlyphRaster(str(face.path), face.index)
    for x, baseline in ((10.3, 40.0), (211.3, 95.6), (10.55, 40.0), (-3.7, 12.2)):
        kept = run_mask(raster, run, x, baseline, 24)
        fresh = run_mask(GlyphRaster(str(face.path), face.index), run, x, baseline, 24)
        assert np.array_equal(kept[0], fresh[0]) and kept[1:] == fresh[1:]
    runs = [key for key in raster.cache.keys() if key[1] == "run"]
    assert len(runs) == 2, "10.3, 211.3 and -3.7 share one mask, moved by whole pixels; 10.55 has its own"
    big = run_mask(raster, run, 10.3, 40.0, 160)
    assert big[0].nbytes > RUN_KEPT_BYTES
    assert len([key for key in raster.cache.keys() if key[1] == "run"]) == 2, "a display-size run is not kept"



def test_the_least_recently_used_dict_weighs_an_entry_put_again_once():
    from cfpgraphics.text.lru import LeastRecentlyUsed
    kept = LeastRecentlyUsed(10, weigh=len)
    kept.put("a", "xxxx")
    kept.put("a", "xxxxxx")  # replaced, not added: 6, not 10
    kept.put("b", "xxxx")
    assert kept.used == 10 and list(kept.keys()) == ["a", "b"]
    assert kept.get("a") == "xxxxxx" and list(kept.keys()) == ["b", "a"], "a lookup makes it the newest"
    kept.put("c", "x")
    assert list(kept.keys()) == ["a", "c"] and kept.used == 7, "the least recently used went first"
