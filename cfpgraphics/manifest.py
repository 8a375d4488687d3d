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
from pathlib import Path

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


class Manifest:
    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.path = output_dir / MANIFEST_NAME
        self.entries: dict[str, Entry] = {}
        self._dirty = False

    @classmethod
    def load(cls, output_dir: Path) -> "Manifest":
        manifest = cls(output_dir)
        try:
            data = json.loads(manifest.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return manifest  # none yet, or unreadable: everything is rebuilt, nothing is lost
        if data.get("format") != FORMAT:
            return manifest
        for name, raw in data.get("jobs", {}).items():
            manifest.entries[name] = Entry(raw["key"], raw["parts"], raw["files"], raw.get("info", {}))
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
        write_bytes_atomic(self.path, (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode())
        self._dirty = False


def prune(manifest: Manifest, keep: set[str]) -> list[Path]:
    """Remove outputs of jobs that no longer exist (graphic, language or size gone)."""
    removed = []
    for name in sorted(set(manifest.entries) - keep):
        for path in manifest.forget(name):
            try:
                path.unlink()
                removed.append(path)
            except FileNotFoundError:
                pass
            _remove_empty_parents(path.parent, manifest.output_dir)
    return removed


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
