"""A PDF file's objects and their bytes, written by hand (PDF 1.7, ISO 32000-1).

The file is a pure function of what was added: objects are numbered in the order they are
made, dictionaries keep their keys' order, numbers are printed one way, streams are
compressed by zlib at one level, and the trailer's /ID is a digest of the body. There is no
/Info dictionary (no creation date, no producer version), so a rebuild is byte-identical.
"""
from __future__ import annotations

import hashlib
import zlib

try:
    from zlib_ng import zlib_ng as _deflate  # the PNGs' deflate: the same streams 3x faster
except ImportError:  # pragma: no cover - zlib-ng is a dependency; this keeps a broken install working
    _deflate = zlib


class Name(str):
    """A PDF name: /Type"""


class Ref:
    __slots__ = ("num",)

    def __init__(self, num: int):
        self.num = num


ZLIB_LEVEL = 6  # level 9 took twice the time for 1-2% less; zlib-ng's 4 is twice as slow as its 6


def deflate(data: bytes) -> bytes:
    return _deflate.compress(data, ZLIB_LEVEL)


class Stream:
    """A stream object: its dictionary and its bytes, Flate-compressed unless already
    (`compress=False`: the entries say how)."""

    def __init__(self, data: bytes, entries: dict | None = None, compress: bool = True):
        self.entries = dict(entries or {})
        if compress:
            data = deflate(data)
            self.entries["Filter"] = Name("FlateDecode")
        self.data = data


def number(value: float) -> str:
    """A real as PDF writes it: at most 3 decimals, no exponent, no trailing zeros."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_string(text: str) -> bytes:
    """A text string (ActualText, ...): UTF-16BE with its byte order mark, as hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def serialise(obj) -> bytes:
    if isinstance(obj, Ref):
        return b"%d 0 R" % obj.num
    if isinstance(obj, Name):
        return b"/" + obj.encode("ascii")
    if isinstance(obj, bool):
        return b"true" if obj else b"false"
    if isinstance(obj, (int, float)):
        return number(obj).encode()
    if obj is None:
        return b"null"
    if isinstance(obj, bytes):  # already written (a hex or literal string)
        return obj
    if isinstance(obj, str):  # a literal string of ASCII text
        return b"(" + obj.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"
    if isinstance(obj, (list, tuple)):
        return b"[" + b" ".join(serialise(v) for v in obj) + b"]"
    if isinstance(obj, dict):
        return b"<<" + b"".join(b"/" + k.encode("ascii") + b" " + serialise(v) for k, v in obj.items()) + b">>"
    raise TypeError(f"no PDF form for {type(obj).__name__}")


class Document:
    """Objects by number (1-based); `reserve` a number to refer to before the object exists."""

    def __init__(self):
        self._objects: list = []

    def reserve(self) -> Ref:
        self._objects.append(None)
        return Ref(len(self._objects))

    def add(self, obj) -> Ref:
        ref = self.reserve()
        self.set(ref, obj)
        return ref

    def set(self, ref: Ref, obj) -> None:
        self._objects[ref.num - 1] = obj

    def write(self, root: Ref) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for num, obj in enumerate(self._objects, 1):
            if obj is None:
                raise ValueError(f"PDF object {num} was reserved and never written")
            offsets.append(len(out))
            out += b"%d 0 obj\n" % num
            if isinstance(obj, Stream):
                out += serialise({**obj.entries, "Length": len(obj.data)}) + b"\nstream\n" + obj.data + b"\nendstream"
            else:
                out += serialise(obj)
            out += b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        digest = hashlib.md5(bytes(out)).hexdigest().upper().encode()  # an ID from the content, not the clock
        out += b"trailer\n" + serialise({"Size": len(offsets) + 1, "Root": root,
                                         "ID": [b"<" + digest + b">", b"<" + digest + b">"]})
        out += b"\nstartxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)
