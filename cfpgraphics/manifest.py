"""What the last build wrote, so the next one can skip unchanged work and explain the rest.

`output/.cfpgraphics-manifest.json` holds, per output file: the job key and the hash of each
of its input parts (to say *why* a job re-runs), and the file's size, mtime and sha256. An
output counts as up to date when its key matches and its file is still what was written:
mtime and size first, the sha256 only when those differ (a fresh checkout or a CI cache
restores files with new mtimes, and must still skip unchanged work).

A job is recorded only after its file has been written; the manifest itself is replaced
atomically, so a build killed at any moment leaves a manifest that never claims a file it
did not finish.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .assets import file_sha256
from .output import write_bytes_atomic

MANIFEST_NAME = ".cfpgraphics-manifest.json"
FORMAT = 1

# Names shown by --explain for each part of a job key, in the order they are checked.
PART_REASONS = {
    "versions": "cfpgraphics code, Pillow or FreeType changed",
    "template": "template changed",
    "brand": "brand changed",
    "fonts": "font files changed",
    "values": "content changed",
    "size": "size preset changed",
}


@dataclass
class Entry:
    key: str
    parts: dict[str, str]
    files: dict[str, dict]  # relative path -> {"bytes", "mtime_ns", "sha256"}
    info: dict = field(default_factory=dict)  # graphic, lang, size, draft, warnings, alt: for reports


MAX_BYTES = 256 << 20  # far above any real record (about 1 kB per output)


def plain_relpath(rel) -> bool:
    """Is `rel` a plain relative path below output/ (no '..', no absolute path, not our own
    files)? Anything else in a manifest is damage or tampering."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel:
        return False
    pure = PurePosixPath(rel)
    if pure.is_absolute() or any(part in ("..", ".", "") for part in rel.split("/")):
        return False
    return pure.name not in (MANIFEST_NAME, ".cfpgraphics.lock")


def safe_relpath(rel, output_dir: Path) -> bool:
    """A plain relative path that also leads through no link out of output_dir: checked
    before anything is deleted (resolving every path at load would cost more than the load)."""
    if not plain_relpath(rel):
        return False
    try:
        return (output_dir / rel).resolve().is_relative_to(output_dir.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def _entry(name, raw, output_dir: Path) -> Entry | None:
    """One manifest entry, checked field by field; None when anything is off."""
    if not plain_relpath(name) or not isinstance(raw, dict):
        return None
    key, parts, files, info = raw.get("key"), raw.get("parts"), raw.get("files"), raw.get("info", {})
    if not isinstance(key, str) or not isinstance(parts, dict) or not isinstance(files, dict) or not files:
        return None
    if not isinstance(info, dict) or not all(isinstance(v, str) for v in parts.values()):
        return None
    for rel, meta in files.items():
        if not plain_relpath(rel) or not isinstance(meta, dict):
            return None
        if not (isinstance(meta.get("bytes"), int) and isinstance(meta.get("mtime_ns"), int)
                and isinstance(meta.get("sha256"), str)):
            return None
    return Entry(key, parts, files, info)


class SaveFailed(OSError):
    """The manifest could not be written (disk full, read-only): the previous one stays."""


class Manifest:
    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.path = output_dir / MANIFEST_NAME
        self.entries: dict[str, Entry] = {}
        self._dirty = False
        self.problem: str | None = None  # what was wrong with the record on disk, if anything

    @classmethod
    def load(cls, output_dir: Path) -> "Manifest":
        """The last build's record. Whatever is wrong with it (unreadable, not JSON, the wrong
        shape, an entry naming a file outside output/) is said in one line (`problem`) and
        that part is forgotten: its outputs are rendered again, nothing is deleted for it."""
        manifest = cls(output_dir)
        if not os.path.lexists(manifest.path):
            return manifest  # first build
        try:
            if not manifest.path.is_file():
                raise ValueError("it is not a file")
            with open(manifest.path, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                raise ValueError("it is larger than any build writes")
            data = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).split(":")[0]
            manifest.problem = f"the build record could not be read ({reason}); every output is checked again"
            manifest._dirty = True
            return manifest
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), dict):
            manifest.problem = "the build record has the wrong shape; every output is checked again"
            manifest._dirty = True
            return manifest
        if data.get("format") != FORMAT:
            manifest._dirty = True
            return manifest  # another version's record: rebuilt quietly
        bad = 0
        for name, raw in data["jobs"].items():
            entry = _entry(name, raw, manifest.output_dir)
            if entry is None:
                bad += 1
            else:
                manifest.entries[name] = entry
        if bad:
            manifest.problem = (f"{bad} entr{'y' if bad == 1 else 'ies'} of the build record "
                                f"{'was' if bad == 1 else 'were'} damaged or named files outside output/; "
                                "ignored (those outputs are rendered again)")
            manifest._dirty = True
        return manifest

    def stale_reason(self, name: str, key: str, parts: dict[str, str]) -> str | None:
        """None when the job's outputs are up to date, else why it must run."""
        entry = self.entries.get(name)
        if entry is None:
            return "new output"
        if entry.key != key:
            changed = [reason for part, reason in PART_REASONS.items() if entry.parts.get(part) != parts.get(part)]
            return ", ".join(changed) or "inputs changed"
        for rel, meta in entry.files.items():
            reason = self._file_changed(rel, meta)
            if reason:
                return reason
        return None

    def _file_changed(self, rel: str, meta: dict) -> str | None:
        path = self.output_dir / rel
        try:
            stat = path.stat()
        except OSError:
            return f"{rel} is missing"
        if stat.st_size == meta["bytes"] and stat.st_mtime_ns == meta["mtime_ns"]:
            return None
        if stat.st_size == meta["bytes"] and file_sha256(path) == meta["sha256"]:
            meta["mtime_ns"] = stat.st_mtime_ns  # same bytes, new mtime (fresh checkout): remember
            self._dirty = True
            return None
        return f"{rel} was changed or replaced"

    def record(self, name: str, key: str, parts: dict[str, str], files: list[Path], info: dict) -> None:
        """Call only after every file of the job is written."""
        metas = {}
        for path in files:
            stat = path.stat()
            metas[path.relative_to(self.output_dir).as_posix()] = {
                "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": file_sha256(path)}
        self.entries[name] = Entry(key, parts, metas, info)
        self._dirty = True

    def forget(self, name: str) -> list[Path]:
        """Drop a job; returns its files (for pruning)."""
        entry = self.entries.pop(name, None)
        self._dirty = True
        return [self.output_dir / rel for rel in entry.files] if entry else []

    def save(self) -> None:
        if not self._dirty:
            return
        data = {"format": FORMAT, "jobs": {
            name: {"key": e.key, "parts": e.parts, "files": e.files, "info": e.info}
            for name, e in sorted(self.entries.items())}}
        try:
            write_bytes_atomic(self.path, (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode())
        except OSError as exc:
            raise SaveFailed(exc.errno, exc.strerror or str(exc)) from None
        self._dirty = False


def prune(manifest: Manifest, keep: set[str]) -> list[Path]:
    """Remove outputs of jobs that no longer exist (graphic, language or size gone).
    Only regular files inside output/ are ever removed, whatever the manifest says."""
    removed = []
    for name in sorted(set(manifest.entries) - keep):
        for path in manifest.forget(name):
            if not safe_relpath(path.relative_to(manifest.output_dir).as_posix(), manifest.output_dir):
                continue
            try:
                if path.is_symlink() or not path.is_file():
                    continue
                path.unlink()
                removed.append(path)
            except FileNotFoundError:
                pass
            except OSError:
                continue  # read-only: the file stays, the next build tries again
            _remove_empty_parents(path.parent, manifest.output_dir)
    return removed


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
