"""Run `cfpgraphics serve`: bind, build once, then serve (uvicorn) while the watcher of
`cfpgraphics watch` rebuilds on every save and tells open pages to refresh.

Threads: uvicorn's event loop in the main thread (it gets SIGINT and SIGTERM); the watcher
(builder.watch.watch) in one thread, calling the builds; requested rebuilds (`POST
/api/rebuild`) in another, gathered so that many requests during a build make one more build.
A lock keeps builds one at a time. Each build is the ordinary incremental build, run in a
child process at a lower CPU priority (builds.py), and is said in one line, as `watch` says
it. The editor's previews are drawn in two worker processes, started when the editor is first
used and ended with the server (workers.py).
"""
from __future__ import annotations

import contextlib
import errno
import ipaddress
import signal
import socket
import threading
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import uvicorn

from ..builder.runner import Interrupted
from ..builder.watch import WATCHED, WatchOptions, watch
from ..content.assets import AssetStore
from ..content.diagnostics import CfpError
from .app import Events, Settings, make_app
from .builds import BuildProcess


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000  # 0: any free port (the one chosen is printed)
    open_browser: bool = False
    jobs: int = 1


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, made before the first build: a port in use is said at once."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise CfpError(f"cannot serve on host '{host}': {exc.strerror}", fix="give an address such as 127.0.0.1")
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise CfpError(f"port {port} on {host} is in use (another `cfpgraphics serve`?)",
                           fix="stop it, or choose another port with --port") from None
        raise CfpError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


class Builds:
    """Builds one at a time; each successful one tells the pages to refresh."""

    def __init__(self, rebuild: BuildProcess, events: Events):
        self.rebuild, self.events = rebuild, events
        self.lock = threading.Lock()
        self.wanted = threading.Event()
        self.stop = threading.Event()

    def run(self, changed: list[str] | None) -> None:
        with self.lock:
            rendered = self.rebuild(changed)
        if rendered is not None:
            self.events.publish("rebuilt", str(int(rendered)))  # a number: nothing from files

    def request(self) -> None:
        self.wanted.set()

    def requested_loop(self) -> None:
        while True:
            self.wanted.wait()
            if self.stop.is_set():
                return
            self.wanted.clear()
            self.run(["rebuild requested"])


class _Server(uvicorn.Server):
    """uvicorn's server, stopping on SIGINT/SIGTERM without raising the signal again after
    (we exit 130/143 ourselves), and ending the event streams first: they never end on their own."""

    def __init__(self, config, events: Events):
        super().__init__(config)
        self.events = events
        self.signum: int | None = None

    @contextlib.contextmanager
    def capture_signals(self):
        saved = {signum: signal.signal(signum, self._stop) for signum in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for signum, handler in saved.items():
                signal.signal(signum, handler)

    def _stop(self, signum, frame):
        self.signum = self.signum or signum
        if self.should_exit:
            self.force_exit = True
        self.should_exit = True

    async def shutdown(self, sockets=None):
        self.events.close()
        await super().shutdown(sockets)


def serve_project(root: Path, assets: AssetStore, options: ServeOptions, say: Callable[[str], None],
                  debug: bool = False) -> int:
    """Bind, build, serve until SIGINT or SIGTERM; returns the exit code (130, 143)."""
    sock = bind(options.host, options.port)
    host, port = sock.getsockname()[:2]
    settings = Settings(root=root, host=options.host if options.host != "localhost" else host, port=port,
                        loopback=_loopback(host))
    events = Events()
    process = BuildProcess(root, WatchOptions(jobs=options.jobs), debug)
    builds = Builds(process, events)
    watching = threading.Event()
    stop = builds.stop
    watcher = threading.Thread(target=watch, args=(root, builds.run), daemon=True, name="watch",
                               kwargs={"settle": 0.2, "stop": stop, "first": watching.set})
    requested = threading.Thread(target=builds.requested_loop, daemon=True, name="requested-builds")
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

    def interrupt(signum, frame):
        raise Interrupted(signum)

    try:
        for signum in previous:
            signal.signal(signum, interrupt)
        say(f"watching {', '.join(n + '/' for n in WATCHED)}; stop with Ctrl-C")
        watcher.start()
        watching.wait(30)  # so an edit made during the first build is rebuilt after it
        builds.run(None)
    except KeyboardInterrupt as exc:  # Interrupted too: the first build records what finished
        stop.set()
        process.interrupt(getattr(exc, "signum", signal.SIGINT))
        sock.close()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        say("stopped serving")
        return getattr(exc, "exit_code", None) or 130
    app = make_app(settings, events, builds.request)
    server = _Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                    timeout_graceful_shutdown=2), events)
    for signum in previous:  # from here a signal stops the server (also one before it is up)
        signal.signal(signum, server._stop)
    requested.start()
    if not settings.loopback:
        say(f"warning: serving on {options.host}, so other computers can reach it; "
            "only the link below (with its token) opens it")
        say(f"serving the review gallery at {settings.url(with_token=True)}")
    else:
        say(f"serving the review gallery at {settings.url()}")
    if options.open_browser:
        threading.Timer(0.5, webbrowser.open, args=(settings.url(with_token=not settings.loopback),)).start()
    try:
        server.run(sockets=[sock])
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        stop.set()
        builds.wanted.set()
        sock.close()
        # a rebuild under way finishes (its files are written whole); not waited for long
        watcher.join(timeout=10)
        process.stop()
    say("stopped serving")
    return 128 + (server.signum or signal.SIGINT)
