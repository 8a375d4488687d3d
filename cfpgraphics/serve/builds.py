"""The server's rebuilds, in a process of their own at a lower CPU priority.

A rebuild after every save (the watcher's) is background work; a preview is what a person is
waiting for. Run in the server's own process, a rebuild held the interpreter's lock and a core
while eight editors typed, and their previews waited behind it (p95 over 500 ms). So the
builds run in one child process, niced (+10): the kernel gives the preview workers and the
server the cores first, and the server's event loop never waits for a build's Python.

The child is spawned once (a fresh Python: the server has threads) and keeps its own asset
store, so unchanged fonts and files are not loaded again between rebuilds. It is handed the
changed paths down a pipe, runs the same Rebuilder as `watch` (which says its one line on
stderr, as before), and answers with the number rendered (None: the build could not run).
It ends with the server: the server closes the pipe and the child exits after the build under
way; the kernel kills it if the server is killed (PR_SET_PDEATHSIG); Ctrl-C in the terminal
reaches it too, and the build it interrupts records what finished, as any build's does.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from pathlib import Path

from ..builder.runner import Interrupted, _die_with_parent
from ..builder.watch import Rebuilder, WatchOptions
from ..content.assets import AssetStore
from ..exchange.translations import gallery_statuses

NICE = 10  # how much lower the builds' priority is than the previews' (0..19)


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # no terminal any more: the build goes on


def _build_loop(root: str, options: WatchOptions, debug: bool, parent: int, conn) -> None:
    _die_with_parent()
    if os.getppid() != parent:
        return  # the server died before we got here
    try:
        os.nice(NICE)
    except OSError:
        pass

    def interrupt(signum, frame):
        raise Interrupted(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, interrupt)
    rebuild = Rebuilder(Path(root), AssetStore(), options, _say, debug, gallery_statuses)
    try:
        while True:
            try:
                changed = conn.recv()
            except (EOFError, OSError):
                return  # the server closed the pipe: it is stopping
            report = rebuild(changed)
            conn.send(None if report is None else report.count("rendered"))
    except (KeyboardInterrupt, BrokenPipeError):
        return  # stopped by a signal (the build recorded what finished), or the server is gone


class BuildProcess:
    """`builds(changed)` -> the number of outputs rendered, or None when the build could not
    run. One call at a time (the caller's lock); the process is started on the first call and
    started again should it have died."""

    def __init__(self, root: Path, options: WatchOptions, debug: bool = False):
        self.root, self.options, self.debug = root, options, debug
        self.process = None
        self.conn = None

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, theirs = context.Pipe(duplex=True)
        self.process = context.Process(target=_build_loop, daemon=True, name="cfpgraphics-build",
                                       args=(str(self.root), self.options, self.debug, os.getpid(), theirs))
        self.process.start()
        theirs.close()

    def __call__(self, changed: list[str] | None) -> int | None:
        if self.process is None or not self.process.is_alive():
            self._start()
        try:
            self.conn.send(changed)
            return self.conn.recv()
        except (EOFError, OSError):  # it died (killed, out of memory) or was stopped: a new one next time
            self.process.join(1)
            self.process = None
            return None

    def interrupt(self, signum: int) -> None:
        """The server was stopped by `signum` during a build: stop the build the same way (it
        records what finished) and wait for the process to end."""
        if self.process is not None and self.process.is_alive():
            os.kill(self.process.pid, signum)
        self.stop(wait=10.0)

    def stop(self, wait: float = 10.0) -> None:
        """Let the build under way finish (its files are written whole), then the process ends;
        SIGTERM after `wait` s (the build records what finished), SIGKILL as a last resort."""
        if self.process is None:
            return
        self.conn.close()
        self.process.join(wait)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
