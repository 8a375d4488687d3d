"""The asset store: every font, logo, photo and drawn pattern a build loads, in one object.

Entries are keyed by the file's identity (resolved path, size, mtime, inode, ctime), so a file
replaced in place (a new logo while `watch` runs, a second build in one process) is a new key and
is loaded afresh; entries of its old version are dropped. The same identity gives the digests
that go into the output keys (plan.py), so "what affects these pixels" and "what was drawn" come
from one place. The store is passed down the pipeline; each worker process has its own.

Digests outlive the process the way git's index does: a memo beside the build record keeps each
input file's identity and sha256 (`digest_records`, manifest.py), and the next build trusts a
digest whose file still has that very identity (`remember_digests`), so a no-op build does not
read 150 MB of fonts again.
The change time is part of the identity and no tool can set it back, so a file rewritten to the
same size and mtime still differs; a file changed within 2 s of being hashed is not remembered
(it could change again within the clock's resolution), as git treats a "racily clean" entry.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Callable

from PIL import Image

from .diagnostics import CfpError
from .files import open_regular
from ..text.fonts import FontFace

FileId = tuple[str, int, int, int, int]  # resolved path, bytes, mtime_ns, inode, ctime_ns
RACY_NS = 2_000_000_000  # a file changed this close to its hashing is hashed again next time


class AssetStore:
    def __init__(self) -> None:
        self._current: dict[str, FileId] = {}  # path -> the identity seen last
        self._absolute: dict[Path | str, str] = {}  # a path as given -> its absolute form
        self._entries: dict[tuple, object] = {}  # (FileId or kind, ...) -> loaded or derived thing
        self._face_files: dict[FontFace, FileId] = {}  # each face made here -> its file's identity
        self._known_digests: dict[FileId, str] = {}  # from an earlier build's record
        self._hashed: dict[FileId, tuple[str, int]] = {}  # digests asked for: (sha256, when hashed)

    # --- identity ------------------------------------------------------------------------

    def identity(self, path: Path | str) -> FileId:
        # Absolute, links not resolved: resolving is an lstat a folder (a millisecond a picture
        # on a busy disk, every time it is drawn). The stat and every later open follow the
        # links as they are then, so a link pointed elsewhere is a new identity, read anew.
        resolved = self._absolute.get(path)
        if resolved is None:
            resolved = self._absolute[path] = os.path.abspath(path)
        stat = os.stat(resolved)
        ident = (resolved, stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)
        old = self._current.get(resolved)
        if old is not None and old != ident:  # replaced on disk: forget everything made from it
            for key in [k for k in self._entries if k[0] == old]:
                del self._entries[key]
            for face in [f for f, made_from in self._face_files.items() if made_from == old]:
                del self._face_files[face]
            self._hashed.pop(old, None)
        self._current[resolved] = ident
        return ident

    def _get(self, key: tuple, make: Callable[[], object]):
        if key not in self._entries:
            self._entries[key] = make()
        return self._entries[key]

    def digest(self, path: Path | str) -> str:
        """sha256 of a file's bytes (remembered from an earlier build while its identity holds)."""
        ident = self.identity(path)
        known = self._hashed.get(ident)
        if known is None:
            if ident in self._known_digests:
                known = (self._known_digests[ident], 0)
            else:
                known = (file_sha256(ident[0]), time.time_ns())
            self._hashed[ident] = known
        return known[0]

    def remember_digests(self, records: dict) -> None:
        """Digests an earlier build remembered (`digest_records`); malformed ones are ignored."""
        for path, record in records.items():
            if (isinstance(path, str) and isinstance(record, list) and len(record) == 5
                    and all(type(v) is int for v in record[:4]) and isinstance(record[4], str)):
                self._known_digests[(path, *record[:4])] = record[4]

    def digest_records(self) -> dict[str, list]:
        """The digests asked for so far, for the memo: path -> [bytes, mtime_ns, inode,
        ctime_ns, sha256]. A file's newest identity only, and none changed just before hashing."""
        records = {}
        for ident, (sha, hashed_at) in self._hashed.items():
            path, size, mtime, inode, ctime = ident
            if self._current.get(path) != ident:
                continue  # replaced since
            if hashed_at and hashed_at - max(mtime, ctime) <= RACY_NS:
                continue  # changed just before it was read: it may change again unseen
            records[path] = [size, mtime, inode, ctime, sha]
        return records

    # --- fonts ---------------------------------------------------------------------------

    def face(self, key: str, path: Path, index: int = 0, license: str = "", emoji: bool = False) -> FontFace:
        """The face for a font file; a replaced file gives a new face (with empty caches)."""
        ident = self.identity(path)
        face = self._get((ident, "face", key, index, emoji), lambda: FontFace(key, Path(path), index, license, emoji))
        self._face_files[face] = ident
        return face

    def face_file(self, face: FontFace) -> FileId:
        """The identity of the file a face was made from (no stat for every run drawn): a
        replaced file makes a new face, and what was derived from the old one goes with it."""
        return self._face_files.get(face) or self.identity(face.path)

    # --- images --------------------------------------------------------------------------

    def image(self, path: Path, what: str = "logo") -> Image.Image:
        """An image file as RGBA (logos). Unreadable files are a CfpError for that graphic."""
        ident = self.identity(path)

        def load() -> Image.Image:
            try:
                with Image.open(ident[0]) as img:
                    return img.convert("RGBA")
            except (OSError, Image.DecompressionBombError) as exc:
                raise CfpError(f"cannot read {what} image {Path(path).name}: {exc}") from None
        return self._get((ident, "image"), load)

    def image_size(self, path: Path, what: str = "logo") -> tuple[int, int]:
        return self.image(path, what).size

    def scaled_image(self, path: Path, width: int, height: int) -> Image.Image:
        ident = self.identity(path)
        return self._get((ident, "scaled", width, height),
                         lambda: self.image(path).resize((width, height), Image.Resampling.LANCZOS))

    def derived(self, ident: FileId, what: tuple, make: Callable[[], object]):
        """Anything computed from a file (a photo cropped for one canvas): dropped with the file."""
        return self._get((ident, *what), make)

    def drawn(self, what: tuple, make: Callable[[], object]):
        """Anything drawn from parameters alone (a background pattern for one canvas size)."""
        return self._get(("drawn", *what), make)

    def scratch(self, name: str, make: Callable[[], object]):
        """One shared working object of the whole build (the glyph cache, the PNG encoder's
        palette table), made on first use and kept as long as the store."""
        return self._get(("scratch", name), make)


def file_sha256(path: Path | str) -> str:
    """sha256 of a regular file; OSError for anything else (a FIFO must not block the build)."""
    digest = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
