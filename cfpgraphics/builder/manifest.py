"""What the last build wrote, so the next one can skip unchanged work and explain the rest.

`output/.cfpgraphics-manifest.json` holds, per output file: the job key and the hash of each
of its input parts (to say *why* a job re-runs), and the file's size, mtime and sha256. An
output counts as up to date when its key matches and its file is still what was written:
mtime and size first, the sha256 only when those differ (a fresh checkout or a CI cache
restores files with new mtimes, and must still skip unchanged work).

During a build, finished jobs go to a journal beside it (`.cfpgraphics-manifest.journal`, one
JSON line per recorded or forgotten job, appended about once a second), so saving costs what
was finished since the last save, not the whole record: a build's record costs grow linearly
with its outputs, not with their square. At the end of a build (and when it is interrupted)
the whole record is written once as the JSON file, replaced atomically, and the journal is
removed. Loading reads the JSON file, then replays the journal over it.

Beside the record, `.cfpgraphics-inputs.json` keeps the identity and sha256 of each input file
the keys were made from (fonts, logos, photos: assets.py), so the next build need not hash them
again. It is only a memo, kept apart so that a build which learns a digest and changes nothing
else writes a few kB, not the whole record: an entry whose file has changed is hashed again,
and a damaged or missing memo is ignored (everything is hashed), never reported.

A job is recorded only after its file has been written; a journal line counts only when it is
complete (a build killed mid-append leaves a torn last line, which is dropped without a word),
and every entry is checked against the file it names, so a build killed at any moment leaves a
record that never claims a file it did not finish.
"""
from __future__ import annotations

import errno
import json
import os
import stat as stat_module
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..content.assets import file_sha256
from .output import _FILE_MODE, write_bytes_atomic
from ..content.files import kind_of, read_regular

MANIFEST_NAME = ".cfpgraphics-manifest.json"
JOURNAL_NAME = ".cfpgraphics-manifest.journal"
INPUTS_NAME = ".cfpgraphics-inputs.json"
FORMAT = 1

# Names shown by --explain for each part of a job key, in the order they are checked.
PART_REASONS = {
    "versions": "cfpgraphics code, Pillow or FreeType changed",
    "template": "template changed",
    "brand": "brand changed",
    "fonts": "font files changed",
    "encoding": "format settings changed (brand.yaml formats:)",
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
    parts = rel.split("/")  # an absolute path starts with an empty part
    if any(part in ("..", ".", "") for part in parts):
        return False
    return parts[-1] not in (MANIFEST_NAME, JOURNAL_NAME, INPUTS_NAME, ".cfpgraphics.lock")


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


def _read_record_file(path: Path) -> bytes:
    """The bytes of the build record, its journal or the inputs memo; OSError if it is no
    regular file (a FIFO is opened without blocking and refused), ValueError if too large."""
    return read_regular(path, MAX_BYTES)


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


class Manifest:
    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.path = output_dir / MANIFEST_NAME
        self.journal = output_dir / JOURNAL_NAME
        self.entries: dict[str, Entry] = {}
        self.inputs_path = output_dir / INPUTS_NAME
        self.inputs: dict[str, list] = {}  # input file -> [bytes, mtime_ns, inode, ctime_ns, sha256]
        self._inputs_dirty = False
        self._ops: list[dict] = []  # recorded or forgotten since the last flush
        self._last_flush = 0.0  # time.monotonic() of the last append to the journal
        self._dirty = False  # the JSON file on disk is not the whole record
        self._journal_end = 0  # bytes of complete journal lines on disk
        self.problem: str | None = None  # what was wrong with the record on disk, if anything

    @classmethod
    def load(cls, output_dir: Path) -> "Manifest":
        """The last build's record. Whatever is wrong with it (unreadable, not JSON, the wrong
        shape, an entry naming a file outside output/) is said in one line (`problem`) and
        that part is forgotten: its outputs are rendered again, nothing is deleted for it."""
        manifest = cls(output_dir)
        manifest._load_inputs()
        problems = [p for p in (manifest._load_record(), manifest._replay_journal()) if p]
        if problems:
            manifest.problem = "; ".join(problems)
        return manifest

    def _load_inputs(self) -> None:
        try:
            data = json.loads(_read_record_file(self.inputs_path).decode("utf-8"))
        except (OSError, ValueError):
            return  # none yet, or damaged: every input is hashed, as on a first build
        if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("inputs"), dict):
            self.inputs = data["inputs"]  # checked entry by entry where it is used (AssetStore)

    def _load_record(self) -> str | None:
        if not os.path.lexists(self.path):
            return None  # first build
        try:
            data = json.loads(_read_record_file(self.path).decode("utf-8"))
        except (OSError, ValueError) as exc:
            reason = _reason(exc).split(":")[0]
            self._dirty = True
            return f"the build record could not be read ({reason}); every output is checked again"
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), dict):
            self._dirty = True
            return "the build record has the wrong shape; every output is checked again"
        if data.get("format") != FORMAT:
            self._dirty = True
            return None  # another version's record: rebuilt quietly
        bad = 0
        for name, raw in data["jobs"].items():
            entry = _entry(name, raw, self.output_dir)
            if entry is None:
                bad += 1
            else:
                self.entries[name] = entry
        if bad:
            self._dirty = True
            return (f"{bad} entr{'y' if bad == 1 else 'ies'} of the build record "
                    f"{'was' if bad == 1 else 'were'} damaged or named files outside output/; "
                    "ignored (those outputs are rendered again)")
        return None

    def _replay_journal(self) -> str | None:
        """Apply the journal's complete lines in order. A torn last line is what a kill
        mid-append leaves: dropped silently (its job is rendered again). Anything else wrong
        is reported; a link or a folder in the journal's place is never written through."""
        if not os.path.lexists(self.journal):
            return None
        self._dirty = True  # whatever happens, the next save folds the journal into the record
        try:
            if self.journal.is_symlink():
                raise ValueError("it is a link")  # never read through; the next flush replaces it
            raw = _read_record_file(self.journal)
        except (OSError, ValueError) as exc:
            reason = _reason(exc)
            return f"the build record's journal {JOURNAL_NAME} could not be read ({reason}); ignored"
        self._journal_end = raw.rfind(b"\n") + 1
        bad = 0
        for line in raw[:self._journal_end].splitlines():
            try:
                op = json.loads(line.decode("utf-8"))
            except ValueError:
                bad += 1
                continue
            if not isinstance(op, dict):
                bad += 1
            elif op.get("format") != FORMAT:
                continue  # another version's line: its job is checked again quietly
            elif "forget" in op and isinstance(op["forget"], str):
                self.entries.pop(op["forget"], None)
            elif (entry := _entry(op.get("set"), op, self.output_dir)) is not None:
                self.entries[op["set"]] = entry
            else:
                bad += 1
        if bad:
            return (f"{bad} line{'' if bad == 1 else 's'} of the build record's journal {JOURNAL_NAME} "
                    f"{'was' if bad == 1 else 'were'} damaged or named files outside output/; "
                    "ignored (those outputs are rendered again)")
        return None

    def stale_reason(self, name: str, key: str, parts: dict[str, str], skip: set[str] = frozenset()) -> str | None:
        """None when the job's outputs are up to date, else why it must run. Files in `skip`
        (a thumbnail, made again from the image without rendering it) are not looked at."""
        entry = self.entries.get(name)
        if entry is None:
            return "new output"
        if entry.key != key:
            changed = [reason for part, reason in PART_REASONS.items() if entry.parts.get(part) != parts.get(part)]
            return ", ".join(changed) or "inputs changed"
        refreshed = False
        for rel, meta in entry.files.items():
            if rel in skip:
                continue
            reason = self._file_changed(rel, meta)
            if reason is True:
                refreshed = True
            elif reason:
                return reason
        if refreshed:
            self._set(name, entry)  # same bytes, new mtime (fresh checkout): remember
        return None

    def file_ok(self, name: str, rel: str) -> bool:
        """Does job `name` record file `rel`, and is it still what was written?"""
        entry = self.entries.get(name)
        meta = entry.files.get(rel) if entry is not None else None
        if meta is None:
            return False
        reason = self._file_changed(rel, meta)
        if reason is True:
            self._set(name, entry)
        return reason is None or reason is True

    def _file_changed(self, rel: str, meta: dict) -> str | bool | None:
        path = self.output_dir / rel
        try:
            stat = path.stat()
        except OSError:
            return f"{rel} is missing"
        if not stat_module.S_ISREG(stat.st_mode):
            return f"{rel} is {kind_of(stat.st_mode)}, not a file"
        if stat.st_size == meta["bytes"] and stat.st_mtime_ns == meta["mtime_ns"]:
            return None
        try:
            same = stat.st_size == meta["bytes"] and file_sha256(path) == meta["sha256"]
        except OSError:  # replaced by a FIFO or a folder since the stat: never read, rendered again
            same = False
        if same:
            meta["mtime_ns"] = stat.st_mtime_ns
            return True
        return f"{rel} was changed or replaced"

    def set_inputs(self, inputs: dict[str, list]) -> None:
        """The input digests this build's keys were made from, over those of earlier builds
        (a build of one graphic keeps what the others read); written to the memo by `save`."""
        merged = {**self.inputs, **inputs}
        if merged != self.inputs:
            self.inputs = merged
            self._inputs_dirty = True

    def record(self, name: str, key: str, parts: dict[str, str], files: list[Path], info: dict) -> None:
        """Call only after every file of the job is written."""
        metas = {}
        for path in files:
            stat = path.stat()
            metas[path.relative_to(self.output_dir).as_posix()] = {
                "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": file_sha256(path)}
        self._set(name, Entry(key, parts, metas, info))

    def _set(self, name: str, entry: Entry) -> None:
        self.entries[name] = entry
        self._ops.append({"format": FORMAT, "set": name, "key": entry.key, "parts": entry.parts,
                          "files": entry.files, "info": entry.info})
        self._dirty = True

    def drop_files(self, name: str, rels) -> None:
        """Job `name` keeps its record without these files (a format no longer asked for)."""
        entry = self.entries[name]
        self._set(name, Entry(entry.key, entry.parts, {rel: meta for rel, meta in entry.files.items()
                                                       if rel not in set(rels)}, entry.info))

    def forget(self, name: str) -> list[Path]:
        """Drop a job; returns its files (for pruning)."""
        entry = self.entries.pop(name, None)
        if entry is not None:
            self._ops.append({"format": FORMAT, "forget": name})
            self._dirty = True
        return [self.output_dir / rel for rel in entry.files] if entry else []

    def flush(self, every: float = 0.0) -> None:
        """Append what was recorded since the last flush to the journal: costs what is new.
        With `every`, only if the last append is at least that many seconds old."""
        if not self._ops or time.monotonic() - self._last_flush < every:
            return
        data = b"".join(json.dumps(op, sort_keys=True, ensure_ascii=False).encode() + b"\n" for op in self._ops)
        try:
            _append(self.journal, self._journal_end, data)
        except OSError as exc:
            raise SaveFailed(exc.errno, exc.strerror or str(exc)) from None
        self._journal_end += len(data)
        self._ops.clear()
        self._last_flush = time.monotonic()

    def save(self) -> None:
        """Write the whole record at once (atomically) and drop the journal it now contains."""
        self._save_inputs()
        if not self._dirty and not self._ops:
            return
        data = {"format": FORMAT, "jobs": {
            name: {"key": e.key, "parts": e.parts, "files": e.files, "info": e.info}
            for name, e in sorted(self.entries.items())}}
        try:
            write_bytes_atomic(self.path, (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode())
        except OSError as exc:
            raise SaveFailed(exc.errno, exc.strerror or str(exc)) from None
        self._ops.clear()
        self._dirty = False
        try:
            os.unlink(self.journal)  # replayed over the new record it would change nothing
        except FileNotFoundError:
            pass
        except OSError:  # a folder in its place: reported by the next load, never followed
            pass
        self._journal_end = 0

    def _save_inputs(self) -> None:
        if not self._inputs_dirty:
            return
        data = json.dumps({"format": FORMAT, "inputs": self.inputs}, sort_keys=True, ensure_ascii=False)
        try:
            write_bytes_atomic(self.inputs_path, data.encode())
        except OSError:
            return  # a memo: without it the next build hashes its inputs again, and nothing else
        self._inputs_dirty = False


def _append(path: Path, offset: int, data: bytes) -> None:
    """Write `data` at `offset` of the journal (cutting off a torn tail a killed build left
    there first). Never through a link; a short write leaves an incomplete last line, which the
    next flush cuts off again and the next load ignores."""
    flags = (os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_NONBLOCK", 0))  # a FIFO without a reader would block the build forever
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None and (stat_module.S_ISLNK(info.st_mode) or stat_module.S_ISFIFO(info.st_mode)
                             or stat_module.S_ISSOCK(info.st_mode)):
        path.unlink()  # the link or pipe itself (our own name in output/), never what it leads to
    fd = os.open(path, flags, _FILE_MODE)
    try:
        mode = os.fstat(fd).st_mode
        if not stat_module.S_ISREG(mode):  # swapped in since the lstat: not written through
            raise OSError(errno.EINVAL, f"{JOURNAL_NAME} is {kind_of(mode)}, not a file")
        if os.fstat(fd).st_size != offset:
            os.ftruncate(fd, offset)
        view = memoryview(data)
        while view:
            written = os.pwrite(fd, view, offset)
            view, offset = view[written:], offset + written
    finally:
        os.close(fd)


def prune(manifest: Manifest, keep: set[str]) -> list[Path]:
    """Remove outputs of jobs that no longer exist (graphic, language or size gone).
    Only regular files inside output/ are ever removed, whatever the manifest says."""
    removed = []
    for name in sorted(set(manifest.entries) - keep):
        files = manifest.forget(name)
        removed.extend(remove_files(manifest.output_dir, [p.relative_to(manifest.output_dir).as_posix() for p in files]))
    return removed


def remove_files(output_dir: Path, rels) -> list[Path]:
    """Remove these files (relative to output/) that a record no longer holds; only regular
    files inside output/ are ever removed, never through a link. Returns those removed."""
    removed = []
    for rel in rels:
        path = output_dir / rel
        if not safe_relpath(rel, output_dir):
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
        _remove_empty_parents(path.parent, output_dir)
    return removed


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
