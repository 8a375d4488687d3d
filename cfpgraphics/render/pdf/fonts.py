"""The fonts of one PDF: each face used, embedded once as a subset of the glyphs drawn.

Glyphs are drawn by id (Identity-H: a two-byte code per glyph), the very ids HarfBuzz gave the
layout, so the PDF shows what was measured. The subsets are cut by subset.py (which says how
each kind of outline goes in and which code draws which glyph); fontTools' subsetter, slower,
cuts any font it does not know.

Copying text: each glyph that stands for a whole cluster the same way everywhere in the
document (a letter, a Khmer subscript, an Arabic joining form) is mapped to its characters in
the font's ToUnicode CMap; a cluster drawn with several glyphs (a Khmer vowel written on both
sides of its consonant), or a glyph that stands for different text in two places, is
wrapped in /ActualText with the cluster's characters (content.py decides which).
"""
from __future__ import annotations

import hashlib
import io

from ...content.assets import AssetStore
from ...text.fonts import FontFace
from .document import Document, Name, Ref, Stream
from .subset import Subset, Unsupported, font_program


SHAPING_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "morx", "STAT")


class EmbeddedFont:
    def __init__(self, face: FontFace, resource: str):
        self.face = face
        self.resource = resource  # /F1 in the page's resources
        self.text: dict[int, str] = {}  # glyph id -> the characters its ToUnicode entry gives
        self.codes: dict[int, int] | None = None  # glyph id -> code, where they differ (embed)

    def code(self, gid: int) -> int:
        """The two-byte code a glyph is drawn with (known once the font is embedded): its id,
        or in a CID-keyed CFF subset its new CID."""
        return self.codes.get(gid, gid) if self.codes is not None else gid

    def advance(self, gid: int) -> float:
        """The glyph's advance width per em (its /W entry, which readers measure text by)."""
        font = self.face.shaper.font
        return font.get_glyph_h_advance(gid) / self.face.shaper.upem

    def map(self, gid: int, text: str) -> bool:
        """Record that `gid` stands for `text`; False when it already stands for other text
        (then the caller needs ActualText). A glyph drawn inside a cluster of several glyphs is
        recorded with no text (the cluster's ActualText carries it) until a cluster of its
        own gives it one."""
        known = self.text.get(gid)
        if not known:  # new, or so far drawn only inside spans: it may stand for this text
            self.text[gid] = text
            return True
        return known == text or not text

    def embed(self, doc: Document, assets: AssetStore) -> Ref:
        """The Type0 font dictionary with its descendant, descriptor, subset and ToUnicode."""
        gids = sorted(self.text)
        try:
            program = font_program(assets, self.face)
            cut = program.subset(gids)
        except Unsupported:
            program, cut = None, _fonttools_subset(self.face, gids)
        self.codes = cut.codes
        metrics = program or cut.metrics
        k = 1000 / metrics.upem
        widths = {self.code(gid): round(self.advance(gid) * 1000) for gid in gids}
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(cut.program).digest()[:6])  # the subset's own tag
        base = Name(f"{tag}+{_postscript_name(metrics.postscript_name)}")
        descriptor = {
            "Type": Name("FontDescriptor"), "FontName": base, "Flags": 4,
            "FontBBox": [round(v * k) for v in metrics.bbox],
            "ItalicAngle": 0, "Ascent": round(metrics.ascent * k), "Descent": round(metrics.descent * k),
            "CapHeight": round(metrics.cap_height * k), "StemV": 80,
        }
        cff = cut.kind != "truetype"
        if cut.kind == "cff":
            descriptor["FontFile3"] = doc.add(Stream(cut.program, {"Subtype": Name("CIDFontType0C")}))
        elif cut.kind == "opentype":
            descriptor["FontFile3"] = doc.add(Stream(cut.program, {"Subtype": Name("OpenType")}))
        else:
            descriptor["FontFile2"] = doc.add(Stream(cut.program, {"Length1": len(cut.program)}))
        cid_font = {
            "Type": Name("Font"), "Subtype": Name("CIDFontType0" if cff else "CIDFontType2"), "BaseFont": base,
            "CIDSystemInfo": {"Registry": "Adobe", "Ordering": "Identity", "Supplement": 0},
            "FontDescriptor": doc.add(descriptor), "W": _widths(widths),
        }
        if not cff:
            cid_font["CIDToGIDMap"] = Name("Identity")
        return doc.add({"Type": Name("Font"), "Subtype": Name("Type0"), "BaseFont": base,
                        "Encoding": Name("Identity-H"), "DescendantFonts": [doc.add(cid_font)],
                        "ToUnicode": doc.add(Stream(self.to_unicode()))})

    def to_unicode(self) -> bytes:
        """The CMap from glyph codes to characters (bfchar entries, 100 a block as the spec asks)."""
        pairs = sorted((self.code(gid), text) for gid, text in self.text.items() if text)
        lines = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
                 b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
                 b"1 begincodespacerange <0000> <FFFF> endcodespacerange"]
        for start in range(0, len(pairs), 100):
            block = pairs[start:start + 100]
            lines.append(b"%d beginbfchar" % len(block))
            lines += [b"<%04X> <%s>" % (gid, text.encode("utf-16-be").hex().upper().encode()) for gid, text in block]
            lines.append(b"endbfchar")
        lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
        return b"\n".join(lines) + b"\n"


class _Metrics:
    """What the font descriptor says of a font fontTools read (FontProgram's fields)."""

    def __init__(self, font):
        head, hhea = font["head"], font["hhea"]
        os2 = font["OS/2"] if "OS/2" in font else None
        self.upem = head.unitsPerEm
        self.bbox = (head.xMin, head.yMin, head.xMax, head.yMax)
        self.ascent, self.descent = hhea.ascent, hhea.descent
        self.cap_height = getattr(os2, "sCapHeight", 0) or hhea.ascent
        self.postscript_name = font["name"].getDebugName(6) or "Font"


def _fonttools_subset(face: FontFace, gids: list[int]) -> Subset:
    """The subset made by fontTools' subsetter, for a font subset.py does not cut (slower: it
    parses and rebuilds the whole font). An OpenType wrapper for CFF outlines."""
    # Imported here: only this fallback needs fontTools' subsetter (a second of imports)
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # recalcTimestamp off: saving would stamp the subset with today's date (head.modified);
    # recalcBBoxes off: the whole font's boxes hold its subset's
    font = TTFont(face.path, fontNumber=face.index, recalcTimestamp=False, recalcBBoxes=False)
    metrics = _Metrics(font)
    cff = "CFF " in font
    cid_keyed = cff and hasattr(font["CFF "].cff.topDictIndex[0], "ROS")
    options = subset.Options()
    # A CID-keyed CFF (65,535 glyphs) is subset to its glyphs alone, then renumbered (`codes`)
    options.retain_gids = not cid_keyed
    options.drop_tables += ["VORG", "vmtx", "vhea"]  # horizontal text only
    options.notdef_outline = True
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.hinting = True
    for tag in SHAPING_TABLES:  # drawn by id: the shaping tables are not needed
        if tag in font:
            del font[tag]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=gids)
    subsetter.subset(font)
    codes = _renumber_cids(font, gids) if cid_keyed else None
    data = io.BytesIO()
    font.save(data)
    cut = Subset(data.getvalue(), "opentype" if cff else "truetype", codes)
    cut.metrics = metrics
    return cut


def _renumber_cids(font, gids: list[int]) -> dict[int, int]:
    """A CID-keyed CFF subset's glyphs named cid00000, cid00001 ... in order, so that in the
    subset CID = glyph index, as in the whole font (Adobe-Identity-0): readers that map a code
    through the charset (the spec) and readers that take it as the glyph index (poppler) draw
    the same glyph. {old glyph id: new CID}."""
    old_order = font.getGlyphOrder()
    new_order = [".notdef"] + [f"cid{i:05d}" for i in range(1, len(old_order))]
    rename = dict(zip(old_order, new_order))
    top = font["CFF "].cff.topDictIndex[0]
    strings = top.CharStrings
    strings.charStrings = {rename[name]: index for name, index in strings.charStrings.items()}
    top.charset = new_order
    hmtx = font["hmtx"]
    hmtx.metrics = {rename[name]: value for name, value in hmtx.metrics.items()}
    if "cmap" in font:
        for table in font["cmap"].tables:
            table.cmap = {u: rename[name] for u, name in table.cmap.items()}
    font.setGlyphOrder(new_order)
    kept = sorted(set(gids) | {0})
    return {gid: i for i, gid in enumerate(kept)}


def _widths(widths: dict[int, int]) -> list:
    """/W: runs of consecutive glyph ids with their widths."""
    out: list = []
    run: list[int] = []
    first = prev = None
    for gid in sorted(widths):
        if prev is not None and gid == prev + 1:
            run.append(widths[gid])
        else:
            if run:
                out += [first, run]
            first, run = gid, [widths[gid]]
        prev = gid
    if run:
        out += [first, run]
    return out


def _postscript_name(name: str) -> str:
    return "".join(ch for ch in name if 33 <= ord(ch) <= 126 and ch not in "[](){}<>/%#")
