"""Rebuild when project files change, and say what each rebuild did in one line.

File-system events (the `watchfiles` library: inotify, FSEvents, ReadDirectoryChangesW) by
default: a save is seen within a few milliseconds and nothing is read while nothing changes.
`poll=True` looks at every watched file's (mtime_ns, size) instead, for network drives and
mounts that send no events. That is our own snapshot, not watchfiles' `force_polling`: its
poller (notify's PollWatcher) compares modification times in whole seconds, so a second save
of a file within the same second is never seen. A project is a few hundred small files, so
one snapshot costs about a millisecond.

Either way a burst of changes (an editor's write-to-temp-and-rename, a `git checkout`) is
gathered into one rebuild, hidden files and editors' temporary files are left out, and the
rebuild is the ordinary incremental build, so only affected outputs are re-rendered.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import watchfiles

from ..content.assets import AssetStore
from ..content.diagnostics import CfpError
from ..content.po_catalogs import PO_FOLDER
from .plan import plan_jobs
from .project import open_project
from .runner import BuildOptions, Interrupted, Report, build, publish_gallery

WATCHED = ("content", "templates", "brand", "fonts", PO_FOLDER)  # PO files are a content source too
Snapshot = dict[str, tuple[int, int]]

# Editors' temporary files: vim's swap files (.x.swp, .swo ...) and its write test (4913),
# backups (x~), emacs' lock and autosave files (.#x, #x#), JetBrains' safe-write copies.
_TEMP_NAME = re.compile(r"(~|\.sw[a-p]|\.tmp|___jb_\w+___)$|^#.*#$|^4913$")


def ignored(name: str) -> bool:
    """A file or folder name the watcher never reacts to (hidden or an editor's temp file)."""
    return name.startswith(".") or bool(_TEMP_NAME.search(name))


def _watched_path(rel: str) -> bool:
    parts = Path(rel).parts
    return bool(parts) and parts[0] in WATCHED and not any(ignored(part) for part in parts)


def snapshot(root: Path) -> Snapshot:
    """(mtime_ns, size) of every file under the watched folders. Never opens a file and
    never fails: FIFOs, link loops, unreadable folders and files vanishing mid-scan are
    noted as they are (a hostile file is reported by the build, not by the watcher)."""
    state = {}
    for folder in WATCHED:
        base = root / folder
        for current, dirs, names in os.walk(base, onerror=lambda exc: None):
            dirs[:] = [d for d in dirs if not ignored(d)]
            rel = Path(current).relative_to(root).as_posix() + "/"  # once a folder: a preview takes one
            for name in names:
                if ignored(name):
                    continue
                path = os.path.join(current, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    try:
                        stat = os.lstat(path)
                    except OSError:
                        continue
                state[rel + name] = (stat.st_mtime_ns, stat.st_size)
    return state


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def _polled(root: Path, interval: float, settle: float, stop: threading.Event) -> Iterator[list[str]]:
    """Batches of changed paths found by comparing snapshots; [] first, once the first is taken."""
    state = snapshot(root)
    yield []
    while not stop.wait(interval):
        current = snapshot(root)
        if not changes(state, current):
            continue
        while True:  # a burst: wait until the files stay as they are for `settle` seconds
            if stop.wait(settle):
                return
            later = snapshot(root)
            if later == current:
                break
            current = later
        yield changes(state, current)
        state = current


def _folders(root: Path) -> tuple:
    """The watched folders that exist, with their inode: one replaced or created is noticed."""
    found = []
    for name in WATCHED:
        try:
            stat = (root / name).stat()
        except OSError:
            continue
        found.append((name, stat.st_dev, stat.st_ino))
    return tuple(found)


def _events(root: Path, settle: float, stop: threading.Event) -> Iterator[list[str]]:
    """Batches of changed paths from the file system's events; [] first, once watching.
    watchfiles watches folders that exist, so translations/ created later (or brand/ deleted
    and put back) restarts the watcher on the folders there are then, and counts as a change."""
    root = root.resolve()
    first = True
    while not stop.is_set():
        folders = _folders(root)
        if not folders:  # nothing to watch (yet): look again in a moment
            if first:
                first = False
                yield []
            if stop.wait(0.25):
                return
            if _folders(root):
                yield [name for name, _, _ in _folders(root)]
            continue

        def wanted(change, path: str) -> bool:
            return _watched_path(os.path.relpath(path, root))

        # step: a batch is yielded once no change came for `settle` seconds (an editor's save
        # and rename is one rebuild); debounce: a long copy is cut into batches of 5 s at most;
        # rust_timeout: an empty batch every 1/4 s, to notice a watched folder appear or go.
        with contextlib.closing(watchfiles.watch(
                *(root / name for name, _, _ in folders), watch_filter=wanted, step=max(1, int(settle * 1000)),
                debounce=5000, rust_timeout=250, yield_on_timeout=True, stop_event=stop,
                raise_interrupt=True, force_polling=False)) as batches:
            for batch in batches:
                if first:  # the watcher runs: an edit made during the first build is not missed
                    first = False
                    yield []
                changed = _named(root, batch)
                now = _folders(root)
                if now != folders:
                    yield sorted(changed | {name for name, _, _ in set(now) ^ set(folders)})
                    break  # watch the folders there are now
                if changed:
                    yield sorted(changed)


def _named(root: Path, batch: set) -> set[str]:
    """The paths of a batch of events, relative to `root`, without the files that came and
    went within it (`sed -i`'s and some editors' temp file, written and renamed over the file)."""
    added = {path for change, path in batch if change == watchfiles.Change.added}
    gone = {path for change, path in batch if change == watchfiles.Change.deleted}
    return {Path(os.path.relpath(path, root)).as_posix() for _, path in batch
            if not (path in added and path in gone and not os.path.lexists(path))}


def watch(root: Path, rebuild: Callable[[list[str]], None], interval: float = 1.0,
          settle: float = 0.3, stop: threading.Event | None = None,
          first: Callable[[], None] | None = None, poll: bool = False) -> None:
    """Call `rebuild(changed_paths)` after files change, until `stop` is set (or Ctrl-C).
    Waits until no file changed for `settle` seconds, so an editor's save-and-rename is one
    rebuild. `first` (the initial build) runs once the watcher runs, so an edit made while it
    runs is rebuilt too. `poll`: compare snapshots every `interval` seconds instead of events."""
    stop = stop or threading.Event()
    batches = _polled(root, interval, settle, stop) if poll else _events(root, settle, stop)
    try:
        for changed in batches:
            if not changed:
                if first:
                    first()
                    first = None
                continue
            rebuild(changed)
    finally:
        batches.close()


@dataclass
class WatchOptions:
    graphics: set[str] = field(default_factory=set)  # only these (--graphic); empty: all
    langs: set[str] = field(default_factory=set)  # only these (--lang); empty: all
    jobs: int = 1
    poll: bool = False
    interval: float = 1.0  # seconds between snapshots, with `poll`
    settle: float = 0.2  # seconds without a change before rebuilding


def summary(report: Report, seconds: float) -> str:
    """'6 rendered in 0.4 s', with the other counts when they are not zero."""
    problems = _told(report)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    counts = [(report.count("rendered"), "rendered"), (report.count("skipped"), "unchanged"),
              (len(report.removed), "removed"), (report.count("failed"), "failed"),
              (errors, "problem" + "s" * (errors != 1)), (warnings, "warning" + "s" * (warnings != 1))]
    parts = [f"{n} {label}" for i, (n, label) in enumerate(counts) if n or i == 0]
    return f"{', '.join(parts)} in {seconds:.1f} s"


def _told(report: Report) -> list:
    """The problems a rebuild lists: all but the brand kit's placeholder address, which `check`
    and `build` say (it is no news while editing, and would follow every save)."""
    return [p for p in report.problems if p.code != "placeholder-address"]


def _what(changed: list[str]) -> str:
    shown = ", ".join(changed[:3])
    return shown + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")


class _StopOnSignal:
    """SIGTERM (and Ctrl-C) stop watching: raised as Interrupted while a build runs (it records
    what finished), remembered while waiting (watchfiles turns any exception raised by a signal
    handler into a plain KeyboardInterrupt)."""

    def __init__(self):
        self.signum: int | None = None
        self.saved: dict = {}

    def __enter__(self) -> "_StopOnSignal":
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.saved[signum] = signal.signal(signum, self._raise)
        return self

    def _raise(self, signum, frame):
        self.signum = signum
        raise Interrupted(signum)

    def __exit__(self, *exc) -> bool:
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)
        return False

    def exit_code(self, exc: BaseException) -> int:
        return getattr(exc, "exit_code", None) or 128 + (self.signum or signal.SIGINT)


class Rebuilder:
    """One build of the project as `watch` does it: load, plan, build, publish the gallery,
    then say one line (`12:00:01 content/x/en.yaml: 6 rendered, 310 unchanged in 0.4 s`) and
    the problems under it. Called with the changed paths (None: the first build); returns
    the report, or None when the project could not be loaded or built (said as a line:
    brand.yaml deleted, output/ unwritable). Shared by `watch` and `serve`."""

    def __init__(self, root: Path, assets: AssetStore, options: WatchOptions, say: Callable[[str], None],
                 debug: bool = False, statuses: Callable | None = None):
        self.root, self.assets, self.options, self.say, self.debug = root, assets, options, say, debug
        self.statuses = statuses  # project -> the translation table the gallery shows (from exchange/)
        self.build_options = BuildOptions(jobs=options.jobs, prune=not (options.graphics or options.langs))

    def __call__(self, changed: list[str] | None) -> Report | None:
        say, options = self.say, self.options
        started = time.monotonic()
        stamp = time.strftime("%H:%M:%S")
        what = "first build" if changed is None else _what(changed)
        try:
            # the run's one store, kept across rebuilds: unchanged files are not loaded again
            project = open_project(self.root, self.assets)
            jobs = plan_jobs(project, options.graphics or None, options.langs or None)
            report = build(project, jobs, self.build_options)
            publish_gallery(project, report, self.statuses)
        except CfpError as exc:  # brand.yaml gone, another build holds output/, disk full ...
            for problem in getattr(getattr(exc, "report", None), "problems", ()):
                say(str(problem))
            say(f"{stamp} {what}: error: {exc}; still watching")
            return None
        except Exception as exc:  # a bug must not end the watch
            if self.debug:
                raise
            say(f"{stamp} {what}: internal error: {type(exc).__name__}: {exc}; still watching, please report it")
            return None
        say(f"{stamp} {what}: {summary(report, time.monotonic() - started)}")
        for problem in _told(report):
            say(str(problem))
        described = {p.location.file for p in report.problems if p.location is not None}
        for result in report.results:
            if result.status == "failed" and not result.diagnostics and result.job.source not in described:
                say(f"FAILED {result.job.name}: {result.error}")
        return report


def watch_project(root: Path, assets: AssetStore, options: WatchOptions, say: Callable[[str], None],
                  debug: bool = False, statuses: Callable | None = None) -> int:
    """Build once, then rebuild what a change affects, until SIGINT or SIGTERM; returns the
    exit code (130, 143). Each build is one line (`12:00:01 content/x/en.yaml: 6 rendered,
    310 unchanged in 0.4 s`) followed by its problems (file:line:col: message). A project that
    cannot be loaded or built (brand.yaml deleted, output/ unwritable) is reported and
    watching goes on."""
    rebuild = Rebuilder(root, assets, options, say, debug)

    with _StopOnSignal() as signals:
        try:
            say(f"watching {', '.join(n + '/' for n in WATCHED)}"
                f"{' (looking every %g s)' % options.interval if options.poll else ''}; stop with Ctrl-C")
            watch(root, rebuild, options.interval, options.settle, first=lambda: rebuild(None), poll=options.poll)
        except KeyboardInterrupt as exc:  # Interrupted too
            say("stopped watching")
            return signals.exit_code(exc)
    return 0
