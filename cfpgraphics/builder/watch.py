"""Rebuild when project files change.

Polling, not inotify: it works the same on network drives, in containers and on every OS,
and a project is a few hundred small files (one snapshot costs about a millisecond). The
rebuild is the ordinary incremental build, so only affected outputs are re-rendered.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable

WATCHED = ("content", "templates", "brand", "fonts")
Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """(mtime_ns, size) of every file under the watched folders. Never opens a file and
    never fails: FIFOs, link loops, unreadable folders and files vanishing mid-scan are
    noted as they are (a hostile file is reported by the build, not by the watcher)."""
    state = {}
    for folder in WATCHED:
        base = root / folder
        for current, dirs, names in os.walk(base, onerror=lambda exc: None):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if name.startswith("."):
                    continue
                path = os.path.join(current, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    try:
                        stat = os.lstat(path)
                    except OSError:
                        continue
                state[Path(path).relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return state


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def watch(root: Path, rebuild: Callable[[list[str]], None], interval: float = 1.0,
          settle: float = 0.3, stop: threading.Event | None = None,
          first: Callable[[], None] | None = None) -> None:
    """Call `rebuild(changed_paths)` after files change, until `stop` is set (or Ctrl-C).
    Waits `settle` seconds after a change so an editor's save-and-rename finishes first.
    `first` (the initial build) runs after the first snapshot, so an edit made while it runs
    is rebuilt too."""
    stop = stop or threading.Event()
    state = snapshot(root)
    if first:
        first()
    while not stop.wait(interval):
        current = snapshot(root)
        changed = changes(state, current)
        if not changed:
            continue
        time.sleep(settle)
        current = snapshot(root)
        rebuild(changes(state, current) or changed)
        state = current
