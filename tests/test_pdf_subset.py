"""The PDF's font subsets (render/pdf/subset.py): cut from the font file's bytes, they must hold
the very outlines of the glyphs drawn, at the codes the page draws them with, and load in
FreeType (what poppler draws with) for each kind of outline the brand ships."""
from __future__ import annotations

import io
import zlib
from pathlib import Path

import freetype
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.render.pdf import fonts as pdf_fonts
from cfpgraphics.render.pdf.document import Document
from cfpgraphics.render.pdf.subset import Unsupported, font_program

ROOT = Path(__file__).resolve().parent.parent
FACES = {  # one face of each kind of outline
    "truetype": ("fonts/noto/NotoSansKhmer-Black.ttf", 0),
    "truetype-arabic": ("fonts/noto/NotoSansArabic-Bold.ttf", 0),
    "cff-name-keyed": ("fonts/inter/Inter-SemiBold.otf", 0),
    "cff-cid-keyed": ("fonts/noto-cjk/NotoSansCJK-Bold.ttc", 1),  # a face out of a collection
}
TEXT = "Community over cages សហគមន៍មិនមែនទ្រុង المجتمع 社区而非牢笼 공동체 Đoàn kết"


def shaped_gids(face) -> list[int]:
    """The glyphs HarfBuzz gives for TEXT in this face (what a page would draw)."""
    import uharfbuzz as hb
    buf = hb.Buffer()
    buf.add_str(TEXT)
    buf.guess_segment_properties()
    hb.shape(face.shaper.font, buf)
    return sorted({g.codepoint for g in buf.glyph_infos if g.codepoint})


def outlines(glyph_set, name, glyph_id=None) -> list:
    """The glyph's drawing, a component named by its glyph id (a subset names glyphs its own way)."""
    pen = RecordingPen()
    glyph_set[name].draw(pen)
    return [(op, (glyph_id(args[0]), args[1]) if op == "addComponent" else args) for op, args in pen.value]


@pytest.fixture(scope="module")
def assets():
    return AssetStore()


@pytest.mark.parametrize("kind", FACES)
def test_a_subset_holds_each_drawn_glyph_s_own_outline_at_its_code(assets, kind):
    path, index = FACES[kind]
    face = assets.face(kind, ROOT / path, index)
    gids = shaped_gids(face)
    assert len(gids) >= 5, "the text has glyphs in this face"
    cut = font_program(assets, face).subset(gids)
    original = TTFont(face.path, fontNumber=index)
    order = original.getGlyphOrder()
    if cut.kind == "truetype":
        sub = TTFont(io.BytesIO(cut.program))
        sub_set, by_code, sub_id = sub.getGlyphSet(), lambda gid: sub.getGlyphOrder()[gid], sub.getGlyphID
    else:
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(cut.program), None)
        top = cff.topDictIndex[0]
        sub_set = top.CharStrings
        charset = top.charset
        sub_id = None  # CFF glyphs have no components
        if cut.codes is None:  # name-keyed: drawn by glyph index
            by_code = lambda gid: charset[gid]  # noqa: E731
        else:  # CID-keyed: drawn by CID, which the charset names
            by_code = lambda gid: f"cid{cut.codes[gid]:05d}"  # noqa: E731
    glyph_set = original.getGlyphSet()
    for gid in gids:
        assert outlines(sub_set, by_code(gid), sub_id) == outlines(glyph_set, order[gid], original.getGlyphID), (kind, gid)
    # FreeType opens it and draws every glyph at its code (poppler draws with FreeType)
    ft = freetype.Face(io.BytesIO(cut.program))
    for gid in gids:
        ft.load_glyph(cut.codes[gid] if cut.codes else gid, freetype.FT_LOAD_NO_SCALE)
        assert ft.glyph.outline.n_points > 0 or not outlines(glyph_set, order[gid]), (kind, gid)


@pytest.mark.parametrize("kind", ["cff-cid-keyed", "cff-name-keyed", "truetype"])
def test_a_subset_is_small_and_made_again_the_same(assets, kind):
    """Small as the PDF stores it (compressed): a name-keyed CFF keeps its glyph names and an
    empty slot for each glyph not drawn; a CID-keyed one only the glyphs drawn."""
    path, index = FACES[kind]
    face = assets.face(kind, ROOT / path, index)
    program = font_program(assets, face)
    gids = shaped_gids(face)
    first, second = program.subset(gids), program.subset(list(reversed(gids)))
    assert first.program == second.program
    stored = len(zlib.compress(first.program))
    assert stored < (ROOT / path).stat().st_size / (1000 if kind == "cff-cid-keyed" else 4), stored


def test_a_composite_glyph_brings_its_components(assets):
    face = assets.face("arabic", ROOT / FACES["truetype-arabic"][0])
    original = TTFont(face.path)
    glyf = original["glyf"]
    order = original.getGlyphOrder()
    composite = next(gid for gid, name in enumerate(order) if glyf[name].isComposite())
    components = {original.getGlyphID(c.glyphName) for c in glyf[order[composite]].components}
    sub = TTFont(io.BytesIO(font_program(assets, face).subset([composite]).program))
    for gid in components:
        assert sub["glyf"][sub.getGlyphOrder()[gid]].numberOfContours != 0 or \
            glyf[order[gid]].numberOfContours == 0
    ft = freetype.Face(io.BytesIO(font_program(assets, face).subset([composite]).program))
    ft.load_glyph(composite, freetype.FT_LOAD_NO_SCALE)
    assert ft.glyph.outline.n_points > 0


def test_a_font_the_cutter_does_not_know_goes_through_fonttools(assets, monkeypatch):
    face = assets.face("inter", ROOT / FACES["cff-name-keyed"][0])
    gids = shaped_gids(face)

    def refuse(*_):
        raise Unsupported("for the test")
    monkeypatch.setattr(pdf_fonts, "font_program", refuse)
    embedded = pdf_fonts.EmbeddedFont(face, "F1")
    for gid in gids:
        embedded.map(gid, "x")
    doc = Document()
    embedded.embed(doc, assets)
    streams = [obj for obj in doc._objects if hasattr(obj, "entries")]
    assert [s.entries.get("Subtype") for s in streams] == ["OpenType", None]  # its subset, then ToUnicode
