"""The fonts of one PDF: each face used, embedded once as a subset of the glyphs drawn.

Glyphs are drawn by id (Identity-H: a two-byte code per glyph), the very ids HarfBuzz gave the
layout, so the PDF shows what was measured. Subsets keep every glyph at its id
(fontTools' `retain_gids`): the code drawn is the glyph id, with no table to go wrong; a
CID-keyed CFF (Noto CJK) keeps its CIDs in its own charset instead, so its subset is small. Both
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

    def embed(self, doc: Document) -> Ref:
        """The Type0 font dictionary with its descendant, descriptor, subset and ToUnicode."""
        # Imported here: only a PDF needs the subsetter.
        from fontTools import subset
        from fontTools.ttLib import TTFont

        # recalcTimestamp off: saving would stamp the subset with today's date (head.modified);
        # recalcBBoxes off: the whole font's boxes hold its subset's, and measuring every
        # outline again was a third of the time
        font = TTFont(self.face.path, fontNumber=self.face.index, recalcTimestamp=False, recalcBBoxes=False)
        upem = font["head"].unitsPerEm
        cff = "CFF " in font
        gids = sorted(self.text)
        hmtx = font["hmtx"]
        order = font.getGlyphOrder()
        widths = {gid: round(hmtx[order[gid]][0] * 1000 / upem) for gid in gids}
        cid_keyed = cff and hasattr(font["CFF "].cff.topDictIndex[0], "ROS")
        options = subset.Options()
        # A CID-keyed CFF (Noto CJK, 65,535 glyphs) is subset to its glyphs alone: keeping
        # every empty slot took 15 s a face. Its glyphs are then renumbered (`codes`).
        options.retain_gids = not cid_keyed
        options.drop_tables += ["VORG", "vmtx", "vhea"]  # horizontal text only
        options.notdef_outline = True
        options.layout_features = []
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
        options.hinting = True  # kept as they are: removing them meant rewriting every outline
        for tag in SHAPING_TABLES:  # drawn by id: reading GPOS and GSUB to subset them was 3/4 of the time
            if tag in font:
                del font[tag]
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=gids)
        subsetter.subset(font)
        if cid_keyed:
            self.codes = _renumber_cids(font, gids)
            widths = {self.codes[gid]: w for gid, w in widths.items()}
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


def _postscript_name(font) -> str:
    name = font["name"].getDebugName(6) or "Font"
    return "".join(ch for ch in name if 33 <= ord(ch) <= 126 and ch not in "[](){}<>/%#")
