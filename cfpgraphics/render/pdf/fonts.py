"""The fonts of one PDF: each face used, embedded once as a subset of the glyphs drawn.

Glyphs are drawn by id (Identity-H: a two-byte code per glyph), the very ids HarfBuzz gave the
layout, so the PDF shows what was measured. Subsets keep every glyph at its id
(fontTools' `retain_gids`): the code drawn is the glyph id, with no table to go wrong. Both
font kinds the brand uses go in as CIDFonts: TrueType outlines as CIDFontType2 (FontFile2),
CFF ones (Inter, League Spartan, Noto CJK, one face out of its .ttc collection) as
CIDFontType0 in an OpenType wrapper (FontFile3 /OpenType); in each, a glyph's CID is its id
(Noto CJK's CFF is Adobe-Identity-0, where CID = GID).

Copying text: each glyph that stands for a whole cluster the same way everywhere in the
document (a letter, a Khmer subscript, an Arabic joining form) is mapped to its characters in
the font's ToUnicode CMap; a cluster drawn with several glyphs (a Khmer vowel written on both
sides of its consonant), or a glyph that stands for different text in two places, is
wrapped in /ActualText with the cluster's characters (content.py decides which).
"""
from __future__ import annotations

import hashlib
import io

from ...text.fonts import FontFace
from .document import Document, Name, Ref, Stream


class EmbeddedFont:
    def __init__(self, face: FontFace, resource: str):
        self.face = face
        self.resource = resource  # /F1 in the page's resources
        self.text: dict[int, str] = {}  # glyph id -> the characters its ToUnicode entry gives

    def advance(self, gid: int) -> float:
        """The glyph's advance width per em (its /W entry, which readers measure text by)."""
        font = self.face.shaper.font
        return font.get_glyph_h_advance(gid) / self.face.shaper.upem

    def map(self, gid: int, text: str) -> bool:
        """Record that `gid` stands for `text`; False when it already stands for other text
        (then the caller needs ActualText). A glyph first seen inside a cluster of several
        glyphs is recorded with no text (the cluster's ActualText carries it)."""
        known = self.text.setdefault(gid, text)
        return known == text

    def embed(self, doc: Document) -> Ref:
        """The Type0 font dictionary with its descendant, descriptor, subset and ToUnicode."""
        # Imported here: only a PDF needs the subsetter.
        from fontTools import subset
        from fontTools.ttLib import TTFont

        # recalcTimestamp off: saving would stamp the subset with today's date (head.modified)
        font = TTFont(self.face.path, fontNumber=self.face.index, recalcTimestamp=False)
        upem = font["head"].unitsPerEm
        cff = "CFF " in font
        gids = sorted(self.text)
        hmtx = font["hmtx"]
        order = font.getGlyphOrder()
        widths = {gid: round(hmtx[order[gid]][0] * 1000 / upem) for gid in gids}
        options = subset.Options()
        options.retain_gids = True
        options.notdef_outline = True
        options.layout_features = []  # drawn by id: no shaping tables needed
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
        options.hinting = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=gids)
        subsetter.subset(font)
        data = io.BytesIO()
        font.save(data)
        program = data.getvalue()
        name = _postscript_name(font)
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(program).digest()[:6])  # the subset's own tag
        base = Name(f"{tag}+{name}")
        head, hhea, os2 = font["head"], font["hhea"], font["OS/2"] if "OS/2" in font else None
        k = 1000 / upem
        descriptor = {
            "Type": Name("FontDescriptor"), "FontName": base, "Flags": 4,
            "FontBBox": [round(v * k) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
            "ItalicAngle": 0, "Ascent": round(hhea.ascent * k), "Descent": round(hhea.descent * k),
            "CapHeight": round((getattr(os2, "sCapHeight", 0) or hhea.ascent) * k), "StemV": 80,
        }
        if cff:
            descriptor["FontFile3"] = doc.add(Stream(program, {"Subtype": Name("OpenType")}))
        else:
            descriptor["FontFile2"] = doc.add(Stream(program, {"Length1": len(program)}))
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
        pairs = [(gid, text) for gid, text in sorted(self.text.items()) if text]
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


def _postscript_name(font) -> str:
    name = font["name"].getDebugName(6) or "Font"
    return "".join(ch for ch in name if 33 <= ord(ch) <= 126 and ch not in "[](){}<>/%#")
