"""Rebuild when project files change.

Polling, not inotify: it works the same on network drives, in containers and on every OS,
and a project is a few hundred small files (one snapshot costs about a millisecond). The
rebuild is the ordinary incremental build, so only affected outputs are re-rendered.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

WATCHED = ("content", "templates", "brand", "fonts")
Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """(mtime_ns, size) of every file under the watched folders."""
    state = {}
    for folder in WATCHED:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                stat = path.stat()
                state[path.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return state


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def watch(root: Path, rebuild: Callable[[list[str]], None], interval: float = 1.0,
          settle: float = 0.3, stop: threading.Event | None = None) -> None:
    """Call `rebuild(changed_paths)` after files change, until `stop` is set (or Ctrl-C).
    Waits `settle` seconds after a change so an editor's save-and-rename finishes first."""
    stop = stop or threading.Event()
    state = snapshot(root)
    while not stop.wait(interval):
        current = snapshot(root)
        changed = changes(state, current)
        if not changed:
            continue
        time.sleep(settle)
        current = snapshot(root)
        rebuild(changes(state, current) or changed)
        state = current
