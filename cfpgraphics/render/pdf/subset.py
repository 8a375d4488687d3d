"""Font subsets for a PDF, cut out of the font file's own bytes.

A PDF needs, of each face, the outlines of the glyphs it draws. fontTools' subsetter parses and
rebuilds every table of a font to give that, which cost 100-400 ms a face (a Noto CJK face has
65,535 glyphs): most of a PDF page's time, 10-60 times its PNG. Here a face's tables are read
once (`FontProgram`, kept in the asset store with the font file's identity; the CFF table that
a .ttc's faces share is read once for all of them), and a subset copies the bytes of the glyphs
drawn, and of the subroutines those glyphs call, into a new font program:

- TrueType outlines (Noto Sans, Arabic, Khmer, Lao ...): an sfnt with head, hhea, maxp, hmtx,
  the hinting programs, and glyf/loca holding the glyphs drawn (and their components) at their
  own ids, every other glyph empty: the code drawn is the glyph id (CIDToGIDMap Identity).
- CFF outlines, name-keyed (Inter, League Spartan): a bare CFF (FontFile3 /CIDFontType0C), every
  glyph at its own index, the ones not drawn replaced by `endchar`; a PDF reader takes the code
  as the glyph index (ISO 32000-1, 9.7.4.2).
- CFF outlines, CID-keyed (Noto CJK): a bare CFF holding only the glyphs drawn, each with its
  CID in the charset; the code drawn is the CID, which readers map through the charset.

In both CFF kinds the subroutine INDEXes keep their numbering (the charstrings are copied
untouched) and a subroutine no kept glyph calls is emptied. Anything this does not know (CFF2,
an accented `endchar`, a reserved DICT byte) raises `Unsupported`, and fonts.py falls back to
fontTools' subsetter.
"""
from __future__ import annotations

import mmap
import struct
from pathlib import Path

import numpy as np
from fontTools.misc.psCharStrings import SimpleT2Decompiler, T2CharString
from fontTools.ttLib import TTFont

from ...content.assets import AssetStore
from ...text.fonts import FontFace

TRUETYPE_TABLES = ("head", "hhea", "maxp", "hmtx", "cvt ", "fpgm", "prep")  # copied as they are
ENDCHAR = b"\x0e"
# CFF DICT operators this module rewrites (the rest are copied byte for byte)
CHARSET, ENCODING, CHARSTRINGS, PRIVATE, SUBRS = b"\x0f", b"\x10", b"\x11", b"\x12", b"\x13"
ROS, FDARRAY, FDSELECT = b"\x0c\x1e", b"\x0c\x24", b"\x0c\x25"


class Unsupported(Exception):
    """A font shape this subsetter does not cut (fonts.py uses fontTools for it instead)."""


class Subset:
    """A font program for one PDF: its bytes, how the PDF embeds it, and each glyph's code."""

    def __init__(self, program: bytes, kind: str, codes: dict[int, int] | None):
        self.program = program
        self.kind = kind  # "truetype" (FontFile2) or "cff" (FontFile3 /CIDFontType0C)
        self.codes = codes  # glyph id -> code drawn, where they differ (a CID-keyed CFF)


class FontProgram:
    """One face's font file, read once: its metrics for the PDF's font descriptor and what a
    subset is cut from."""

    def __init__(self, assets: AssetStore, face: FontFace):
        ident = assets.face_file(face)
        font = TTFont(face.path, fontNumber=face.index, lazy=True)
        reader = font.reader
        head = bytes(reader["head"])
        hhea = bytes(reader["hhea"])
        self.upem = struct.unpack_from(">H", head, 18)[0]
        self.bbox = struct.unpack_from(">4h", head, 36)
        self.ascent, self.descent = struct.unpack_from(">2h", hhea, 4)
        self.cap_height = self.ascent
        if "OS/2" in reader:
            os2 = bytes(reader["OS/2"])
            if struct.unpack_from(">H", os2, 0)[0] >= 2 and len(os2) >= 90:
                self.cap_height = struct.unpack_from(">h", os2, 88)[0] or self.ascent
        self.postscript_name = font["name"].getDebugName(6) or "Font"
        if "glyf" in reader:
            self.outlines = TrueTypeOutlines(reader)
        elif "CFF " in reader:
            entry = reader.tables["CFF "]
            # the faces of a collection share one CFF table: read it once, by where it is
            self.outlines = assets.derived(ident, ("pdf-cff", entry.offset, entry.length),
                                           lambda: CffOutlines(face.path, entry.offset, entry.length))
        else:
            raise Unsupported(f"{face.path.name}: neither glyf nor CFF outlines")
        reader.file.close()

    def subset(self, gids: list[int]) -> Subset:
        return self.outlines.subset(gids)


def font_program(assets: AssetStore, face: FontFace) -> FontProgram:
    return assets.derived(assets.face_file(face), ("pdf-font", face.index), lambda: FontProgram(assets, face))


# --- TrueType ------------------------------------------------------------------------------

class TrueTypeOutlines:
    def __init__(self, reader):
        self.tables = {tag: bytes(reader[tag]) for tag in TRUETYPE_TABLES if tag in reader}
        head = self.tables["head"]
        long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        num_glyphs = struct.unpack_from(">H", self.tables["maxp"], 4)[0]
        loca = np.frombuffer(bytes(reader["loca"]), ">u4" if long_loca else ">u2", count=num_glyphs + 1)
        self.loca = loca.astype(np.int64) * (1 if long_loca else 2)
        self.glyf = bytes(reader["glyf"])
        self.num_glyphs = num_glyphs

    def glyph(self, gid: int) -> bytes:
        return self.glyf[self.loca[gid]:self.loca[gid + 1]]

    def subset(self, gids: list[int]) -> Subset:
        kept = self._closure({0, *gids})
        lengths = np.zeros(self.num_glyphs, np.int64)
        pieces = []
        for gid in sorted(kept):
            data = self.glyph(gid)
            data += b"\0" * (-len(data) % 4)  # long offsets, each glyph 4-byte aligned
            lengths[gid] = len(data)
            pieces.append(data)
        loca = np.concatenate([[0], np.cumsum(lengths)]).astype(">u4").tobytes()
        head = bytearray(self.tables["head"])
        struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment: no reader of an embedded font checks it
        struct.pack_into(">h", head, 50, 1)  # long loca
        tables = {**self.tables, "head": bytes(head), "loca": loca, "glyf": b"".join(pieces)}
        return Subset(_sfnt(tables), "truetype", None)

    def _closure(self, gids: set[int]) -> set[int]:
        """The glyphs and every component a composite glyph among them is built from."""
        kept, todo = set(), [g for g in gids if 0 <= g < self.num_glyphs]
        while todo:
            gid = todo.pop()
            if gid in kept:
                continue
            kept.add(gid)
            data = self.glyph(gid)
            if len(data) >= 10 and struct.unpack_from(">h", data, 0)[0] < 0:
                todo += _components(data)
        return kept


def _components(data: bytes) -> list[int]:
    """The glyph ids a composite glyph is made of (OpenType glyf: composite glyph description)."""
    out, pos = [], 10
    while True:
        flags, gid = struct.unpack_from(">HH", data, pos)
        out.append(gid)
        pos += 4 + (4 if flags & 0x0001 else 2)  # ARG_1_AND_2_ARE_WORDS
        pos += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0  # scales
        if not flags & 0x0020:  # MORE_COMPONENTS
            return out


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """An sfnt font file from its tables (sorted by tag, each 4-byte aligned, with checksums)."""
    tags = sorted(tables)
    n = len(tags)
    entry_selector = n.bit_length() - 1
    search_range = 16 << entry_selector
    out = [struct.pack(">IHHHH", 0x00010000, n, search_range, entry_selector, n * 16 - search_range)]
    body, offset = [], 12 + 16 * n
    for tag in tags:
        data = tables[tag]
        padded = data + b"\0" * (-len(data) % 4)
        checksum = int(np.frombuffer(padded, ">u4").sum(dtype=np.uint64)) & 0xFFFFFFFF
        out.append(struct.pack(">4sIII", tag.encode("latin-1"), checksum, offset, len(data)))
        body.append(padded)
        offset += len(padded)
    return b"".join(out + body)


# --- CFF -----------------------------------------------------------------------------------

class CffOutlines:
    """A CFF table, mapped from its file (the CJK one is 15 MB; the page cache holds it once)."""

    def __init__(self, path: Path, offset: int, length: int):
        with open(path, "rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        data = self.data = memoryview(self._map)[offset:offset + length]
        if data[0] != 1:
            raise Unsupported("CFF2 or an unknown CFF version")
        pos = data[2]  # hdrSize
        self.header = bytes(data[:pos])
        self.names, pos = _index_span(data, pos)
        tops, pos = _index(data, pos)
        self.strings, pos = _index_span(data, pos)
        self.global_subrs, _ = _index(data, pos)
        if len(tops) != 1:
            raise Unsupported("a CFF with several fonts")
        self.top = _dict(data[slice(*tops[0])])
        ops = {op: operands for op, operands, _ in self.top}
        if ops.get(b"\x0c\x06", [2])[0] != 2:
            raise Unsupported("not Type 2 charstrings")
        self.cid_keyed = ROS in ops
        self.charstrings, _ = _index(data, ops[CHARSTRINGS][0])
        n = len(self.charstrings)
        charset_at = ops.get(CHARSET, [0])[0]
        if self.cid_keyed:
            self.cids = _charset_cids(data, charset_at, n)
            fd_starts, _ = _index(data, ops[FDARRAY][0])
            self.fds = [_dict(data[slice(*fd_starts[i])]) for i in range(len(fd_starts))]
            self.fd_select = _fd_select(data, ops[FDSELECT][0], n)
            self.privates = [self._private(fd) for fd in self.fds]
        else:
            self.charset = _charset_bytes(data, charset_at, n)
            self.privates = [self._private(self.top)]
        self._decoded: dict[tuple, T2CharString] = {}  # charstrings and subroutines decoded so far
        self._glyph_calls: dict[int, tuple[frozenset[int], frozenset[int]]] = {}

    def _private(self, font_dict) -> tuple[list, list]:
        """A font DICT's Private DICT (parsed) and its local subroutines' spans."""
        operands = {op: v for op, v, _ in font_dict}.get(PRIVATE)
        if not operands:
            return [], []
        size, at = operands
        private = _dict(self.data[at:at + size])
        subrs_at = {op: v for op, v, _ in private}.get(SUBRS)
        subrs = _index(self.data, at + subrs_at[0])[0] if subrs_at else Index(np.zeros(0, np.int64))
        return private, subrs

    # which subroutines the kept glyphs call

    def _charstring(self, kind, index: Index, i: int) -> T2CharString:
        key = (kind, i)
        cs = self._decoded.get(key)
        if cs is None:
            cs = self._decoded[key] = T2CharString(bytecode=bytes(self.data[slice(*index[i])]))
        return cs

    def _calls(self, gid: int) -> tuple[frozenset[int], frozenset[int]]:
        """The global and local subroutines a glyph calls (remembered: a glyph calls the same
        ones every time)."""
        calls = self._glyph_calls.get(gid)
        if calls is None:
            fd = int(self.fd_select[gid]) if self.cid_keyed else 0
            used_global: set[int] = set()
            used_local: set[int] = set()
            marker = _Marker(_Subrs(self, ("local", fd), self.privates[fd][1]),
                             _Subrs(self, ("global",), self.global_subrs), used_global, used_local)
            marker.execute(self._charstring("glyph", self.charstrings, gid))
            calls = self._glyph_calls[gid] = (frozenset(used_global), frozenset(used_local))
        return calls

    def _used_subrs(self, gids: list[int]) -> tuple[set[int], dict[int, set[int]]]:
        """The global subroutines and, per private DICT, the local ones that `gids` call."""
        used_global: set[int] = set()
        used_local: dict[int, set[int]] = {}
        for gid in gids:
            glob, local = self._calls(gid)
            used_global |= glob
            used_local.setdefault(int(self.fd_select[gid]) if self.cid_keyed else 0, set()).update(local)
        return used_global, used_local

    # writing

    def subset(self, gids: list[int]) -> Subset:
        n = len(self.charstrings)
        gids = sorted({0, *(g for g in gids if 0 <= g < n)})
        used_global, used_local = self._used_subrs(gids)
        if self.cid_keyed:
            fds = sorted({int(self.fd_select[g]) for g in gids})
            new_fd = {fd: i for i, fd in enumerate(fds)}
            charstrings = _write_index([bytes(self.data[slice(*self.charstrings[g])]) for g in gids])
            charset = b"\x00" + np.asarray(self.cids[gids[1:]], ">u2").tobytes()
            fd_select = b"\x00" + bytes(new_fd[int(self.fd_select[g])] for g in gids)
            codes = {g: int(self.cids[g]) for g in gids}
        else:
            fds = [0]
            charstrings = self.charstrings.write(self.data, gids, ENDCHAR)
            charset, fd_select, codes = self.charset, b"", None
        privates = []
        for fd in fds:
            private, subrs = self.privates[fd]
            used = sorted(used_local.get(fd, ()))
            # none called: no Subrs at all (FreeType refuses a local Subrs INDEX with no bytes)
            privates.append((private, subrs.write(self.data, used) if used else b""))
        global_subrs = self.global_subrs.write(self.data, sorted(used_global))
        return Subset(self._assemble(charstrings, charset, fd_select, fds, privates, global_subrs), "cff", codes)

    def _assemble(self, charstrings, charset, fd_select, fds, privates, global_subrs) -> bytes:
        """header, Name, Top DICT, String and Global Subr INDEXes, then charset, FDSelect,
        CharStrings, FDArray, each Private DICT followed by its Subrs. Offsets are written as
        5-byte integers, so every size is known before the offsets are."""
        private_dicts = [_write_dict(private, {SUBRS: [0]} if subrs else {}, drop={SUBRS}) for private, subrs in privates]
        private_sizes = [len(d) for d in private_dicts]
        charstrings_index = charstrings
        replaced = {CHARSET: [0], CHARSTRINGS: [0]}
        if self.cid_keyed:
            replaced.update({FDSELECT: [0], FDARRAY: [0]})
            fd_dicts = [_write_dict(self.fds[fd], {PRIVATE: [size, 0]}) for fd, size in zip(fds, private_sizes)]
        else:
            replaced[PRIVATE] = [private_sizes[0], 0]
            fd_dicts = []
        top_size = len(_write_index([_write_dict(self.top, replaced, drop={ENCODING})]))
        pos = len(self.header) + len(self.names) + top_size + len(self.strings) + len(global_subrs)
        at = {}
        for name, size in (("charset", len(charset)), ("fdselect", len(fd_select)),
                           ("charstrings", len(charstrings_index))):
            at[name] = pos
            pos += size
        fd_array = b""
        if self.cid_keyed:
            fd_array_len = len(_write_index(fd_dicts))
            at["fdarray"] = pos
            pos += fd_array_len
        private_at = []
        for d, (_, subrs) in zip(private_dicts, privates):
            private_at.append(pos)
            pos += len(d) + len(subrs)
        # now every offset is known: write the DICTs again with them (same sizes)
        private_dicts = [_write_dict(private, {SUBRS: [len(d)]} if subrs else {}, drop={SUBRS})
                         for d, (private, subrs) in zip(private_dicts, privates)]
        if self.cid_keyed:
            fd_array = _write_index([_write_dict(self.fds[fd], {PRIVATE: [size, where]})
                                     for fd, size, where in zip(fds, private_sizes, private_at)])
            replaced = {CHARSET: [at["charset"]], CHARSTRINGS: [at["charstrings"]],
                        FDSELECT: [at["fdselect"]], FDARRAY: [at["fdarray"]]}
        else:
            replaced = {CHARSET: [at["charset"]], CHARSTRINGS: [at["charstrings"]],
                        PRIVATE: [private_sizes[0], private_at[0]]}
        top = _write_index([_write_dict(self.top, replaced, drop={ENCODING})])
        assert len(top) == top_size
        parts = [self.header, self.names, top, self.strings, global_subrs, charset, fd_select,
                 charstrings_index, fd_array]
        for d, (_, subrs) in zip(private_dicts, privates):
            parts += [d, subrs]
        return b"".join(parts)


class _Subrs:
    """A subroutine INDEX as the decompiler sees it: its length, and its entries decoded when
    called."""

    def __init__(self, outlines: CffOutlines, kind: tuple, index: Index):
        self.outlines, self.kind, self.index = outlines, kind, index

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, i: int) -> T2CharString:
        return self.outlines._charstring(self.kind, self.index, i)


class _Marker(SimpleT2Decompiler):
    """Walks a glyph's charstring and the subroutines it calls, noting each one called."""

    def __init__(self, local, global_, used_global: set[int], used_local: set[int]):
        super().__init__(local, global_)
        self.used_global, self.used_local = used_global, used_local

    def op_callsubr(self, index):
        self.used_local.add(self.operandStack[-1] + self.localBias)
        super().op_callsubr(index)

    def op_callgsubr(self, index):
        self.used_global.add(self.operandStack[-1] + self.globalBias)
        super().op_callgsubr(index)

    def op_endchar(self, index):
        if len(self.operandStack) >= 4:  # endchar as seac: an accented glyph built of two others
            raise Unsupported("an accented glyph made with endchar")


# the CFF structures (Adobe Technical Note #5176)

class Index:
    """An INDEX of the CFF table: where each of its entries starts and ends."""

    def __init__(self, offsets: np.ndarray):
        self.offsets = offsets  # absolute, one more than there are entries

    def __len__(self) -> int:
        return max(0, len(self.offsets) - 1)

    def __getitem__(self, i: int) -> tuple[int, int]:
        return int(self.offsets[i]), int(self.offsets[i + 1])

    def write(self, data, keep, filler: bytes = b"") -> bytes:
        """This INDEX again, with the same count: the entries `keep` (sorted) copied from `data`,
        each other one `filler`."""
        count = len(self)
        if not count:
            return b"\0\0"
        keep = np.asarray(keep, np.int64)
        lengths = np.full(count, len(filler), np.int64)
        lengths[keep] = self.offsets[keep + 1] - self.offsets[keep]
        if filler:
            pieces = [filler] * count
            for i in keep.tolist():
                pieces[i] = bytes(data[self.offsets[i]:self.offsets[i + 1]])
        else:
            pieces = [bytes(data[self.offsets[i]:self.offsets[i + 1]]) for i in keep.tolist()]
        return _index_bytes(lengths, b"".join(pieces))


def _index(data, pos: int) -> tuple[Index, int]:
    """The INDEX at `pos`, and where it ends."""
    count = struct.unpack_from(">H", data, pos)[0]
    if count == 0:
        return Index(np.zeros(0, np.int64)), pos + 2
    size = data[pos + 2]
    raw = np.frombuffer(data, np.uint8, count=(count + 1) * size, offset=pos + 3).reshape(-1, size)
    offsets = np.zeros(count + 1, np.int64)
    for column in range(size):
        offsets = offsets * 256 + raw[:, column]
    offsets += pos + 3 + (count + 1) * size - 1
    return Index(offsets), int(offsets[-1])


def _index_span(data, pos: int) -> tuple[bytes, int]:
    """An INDEX copied whole, and where it ends."""
    _, end = _index(data, pos)
    return bytes(data[pos:end]), end


def _write_index(items: list[bytes]) -> bytes:
    if not items:
        return b"\0\0"
    return _index_bytes(np.fromiter(map(len, items), np.int64, len(items)), b"".join(items))


def _index_bytes(lengths: np.ndarray, body: bytes) -> bytes:
    """An INDEX of entries of these lengths, `body` their bytes one after another."""
    offsets = np.concatenate([[1], 1 + np.cumsum(lengths)])
    last = int(offsets[-1])
    size = 1 if last < 1 << 8 else 2 if last < 1 << 16 else 3 if last < 1 << 24 else 4
    table = offsets.astype(">u4").view(np.uint8).reshape(-1, 4)[:, 4 - size:].tobytes()
    return struct.pack(">HB", len(lengths), size) + table + body


def _dict(data) -> list[tuple[bytes, list, bytes]]:
    """A DICT's entries: (operator, operands, the entry's own bytes). Reals are kept as bytes
    (no offset is a real)."""
    data = bytes(data)
    entries, operands, start, i = [], [], 0, 0
    while i < len(data):
        b = data[i]
        if b <= 21:
            size = 2 if b == 12 else 1
            entries.append((data[i:i + size], operands, data[start:i + size]))
            i += size
            operands, start = [], i
        elif b == 28:
            operands.append(struct.unpack_from(">h", data, i + 1)[0])
            i += 3
        elif b == 29:
            operands.append(struct.unpack_from(">i", data, i + 1)[0])
            i += 5
        elif b == 30:
            j = i + 1
            while data[j] >> 4 != 0xF and data[j] & 0xF != 0xF:
                j += 1
            operands.append(None)
            i = j + 1
        elif 32 <= b <= 246:
            operands.append(b - 139)
            i += 1
        elif 247 <= b <= 250:
            operands.append((b - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif 251 <= b <= 254:
            operands.append(-(b - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            raise Unsupported(f"reserved byte {b} in a CFF DICT")
    return entries


def _write_dict(entries, replaced: dict[bytes, list[int]], drop: set[bytes] = frozenset()) -> bytes:
    """The DICT again, with `replaced` operators' operands written as 5-byte integers (their
    size does not depend on their value) and `drop`ped ones left out."""
    out = []
    for op, _, raw in entries:
        if op in replaced or op in drop:
            continue
        out.append(raw)
    for op, values in replaced.items():
        out.append(b"".join(b"\x1d" + struct.pack(">i", v) for v in values) + op)
    return b"".join(out)


def _charset_cids(data, at: int, n: int) -> np.ndarray:
    """A CID-keyed font's charset: each glyph's CID."""
    cids = np.zeros(n, np.int64)
    fmt, pos, gid = data[at], at + 1, 1
    if fmt == 0:
        cids[1:] = np.frombuffer(data, ">u2", count=n - 1, offset=pos)
        return cids
    if fmt not in (1, 2):
        raise Unsupported(f"charset format {fmt}")
    count_size = 1 if fmt == 1 else 2
    while gid < n:
        first = struct.unpack_from(">H", data, pos)[0]
        left = data[pos + 2] if fmt == 1 else struct.unpack_from(">H", data, pos + 2)[0]
        pos += 2 + count_size
        take = min(left + 1, n - gid)
        cids[gid:gid + take] = np.arange(first, first + take)
        gid += take
    return cids


def _charset_bytes(data, at: int, n: int) -> bytes:
    """A name-keyed font's charset, copied whole (its glyph names keep their indexes)."""
    if at <= 2:
        raise Unsupported("a predefined charset")
    fmt, pos, covered = data[at], at + 1, 1
    if fmt == 0:
        return bytes(data[at:at + 1 + 2 * (n - 1)])
    if fmt not in (1, 2):
        raise Unsupported(f"charset format {fmt}")
    while covered < n:
        left = data[pos + 2] if fmt == 1 else struct.unpack_from(">H", data, pos + 2)[0]
        pos += 3 if fmt == 1 else 4
        covered += left + 1
    return bytes(data[at:pos])


def _fd_select(data, at: int, n: int) -> np.ndarray:
    """Each glyph's font DICT (FDSelect format 0 or 3)."""
    fmt = data[at]
    if fmt == 0:
        return np.frombuffer(data, np.uint8, count=n, offset=at + 1).astype(np.int64)
    if fmt != 3:
        raise Unsupported(f"FDSelect format {fmt}")
    ranges = struct.unpack_from(">H", data, at + 1)[0]
    out = np.zeros(n, np.int64)
    pos = at + 3
    for _ in range(ranges):
        first, fd = struct.unpack_from(">HB", data, pos)
        following = struct.unpack_from(">H", data, pos + 3)[0]  # the next range's first (or the sentinel)
        out[first:following] = fd
        pos += 3
    return out
