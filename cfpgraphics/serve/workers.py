"""The editor's previews, drawn in a few worker processes (two by default), so that previews
for several open editors are drawn at once on as many cores, and a rebuild after a save (run
in the server's own process) does not hold them up.

Each worker is a fresh Python (spawned, not forked: the server has threads) holding its own
`texts.Projects`: its own loaded project, loaded again when a watched file changed, and its
own asset store, so fonts and glyphs stay loaded between requests. A request goes to a worker
that is idle (the others wait for one, first come first served); the worker answers with
exactly what `preview.preview` gives, or its refusal.

Workers end with the server: the server closes their pipes when it stops (Ctrl-C, SIGTERM)
and they exit; the kernel kills them if the server is killed (Linux: PR_SET_PDEATHSIG); they
ignore Ctrl-C themselves, which the terminal sends to the whole group. A worker that died
(out of memory, killed) is replaced, and its one request answered with 500.
Workers start on the first use of the editor (its page or a preview), not with the server:
serving only the gallery costs no extra processes.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from ..builder.runner import _die_with_parent
from . import preview
from .texts import Projects, Refused

WORKERS = 2


def _work(root: str, parent: int, conn: Connection) -> None:
    """A worker's life: answer preview requests from `conn` until the server closes it."""
    _die_with_parent()
    if os.getppid() != parent:
        return  # the server died before we got here
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when we stop
    projects = Projects(Path(root))
    try:
        projects.load()  # before the first request: loading the project is most of a start
    except Exception:  # noqa: BLE001  a project that does not load is said by the request
        pass
    while True:
        try:
            body = conn.recv()
        except (EOFError, OSError):
            return  # the server closed the pipe: it is stopping
        try:
            answer = (200, preview.preview(projects, body))
        except Refused as exc:
            answer = (exc.status, exc.body)
        except Exception as exc:  # noqa: BLE001  a bug: said to this request, the worker goes on
            answer = (500, {"error": f"internal error: {type(exc).__name__}: {exc}"})
        try:
            conn.send(answer)
        except OSError:
            return


class _Worker:
    def __init__(self, root: Path):
        context = multiprocessing.get_context("spawn")
        self.conn, theirs = context.Pipe(duplex=True)
        self.process = context.Process(target=_work, args=(str(root), os.getpid(), theirs), daemon=True,
                                       name="cfpgraphics-preview")
        self.process.start()
        theirs.close()

    def ask(self, body) -> tuple[int, dict]:
        """One request, answered (runs in a thread: it waits for the worker)."""
        self.conn.send(body)
        return self.conn.recv()

    def stop(self, wait: float) -> None:
        self.conn.close()  # the worker reads EOF and returns
        self.process.join(wait)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)


class PreviewPool:
    """`await pool.preview(body)` -> (status, answer). Started and stopped on the event loop's
    thread (the kernel's death signal goes with the thread that started a process)."""

    def __init__(self, root: Path, workers: int = WORKERS):
        self.root, self.size = root, max(1, workers)
        self.idle: asyncio.Queue | None = None
        self.all: list[_Worker] = []
        self.closed = False

    def start(self) -> None:
        if self.idle is None and not self.closed:
            self.idle = asyncio.Queue()
            for _ in range(self.size):
                self._add()

    def _add(self) -> None:
        worker = _Worker(self.root)
        self.all.append(worker)
        self.idle.put_nowait(worker)

    async def preview(self, body) -> tuple[int, dict]:
        if self.closed:
            return 503, {"error": "the server is stopping"}
        self.start()
        worker = await self.idle.get()
        try:
            answer = await run_in_threadpool(worker.ask, body)
        except Exception:  # noqa: BLE001  the worker died (killed, out of memory), or we are stopping
            if self.closed:
                return 503, {"error": "the server is stopping"}
            self.all.remove(worker)
            worker.stop(0)
            self._add()  # a new one takes its place
            return 500, {"error": "the preview's worker process died; try again"}
        self.idle.put_nowait(worker)
        return answer

    def close(self, wait: float = 3.0) -> None:
        """Stop every worker: told by its pipe closing, killed if it has not ended within `wait` s."""
        self.closed = True
        for worker in self.all:
            worker.conn.close()
        for worker in self.all:
            worker.stop(wait)
        self.all.clear()
