"""The web app (Starlette): the review gallery with a live-refresh script, the output files,
the project's fonts, an event stream saying "rebuilt", `POST /api/rebuild`, and the editor's
texts (`GET /api/texts`, `POST /api/save`: see texts.py) and previews (`POST /api/preview`,
drawn in worker processes: workers.py).

Safe by default, since a page on any web site can send requests to a server on localhost:

- Host: a Host header that is not the bound address (or localhost) is refused, so a site whose
  name is made to point at 127.0.0.1 (DNS rebinding) cannot read anything.
- Token: made with `secrets` at start. Bound to anything but loopback, every request needs it
  (the printed `?token=` link once, then an HttpOnly SameSite=Strict cookie). A request that
  changes anything (POST) always needs it in `X-CFP-Token` (the served page carries it in a
  meta tag, which other origins cannot read) and an `Origin` header naming this server.
- Files: only the gallery, regular files inside output/ and fonts/, no hidden files (see
  files.py). Bodies over MAX_BODY bytes are refused with 413.
- The gallery escapes every text from content files; the injected script and meta tag hold
  only constant text and the token (URL-safe characters, escaped anyway).
"""
from __future__ import annotations

import asyncio
import contextlib
import secrets
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, \
    RedirectResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from ..builder.gallery import INDEX_NAME
from ..builder.thumbs import THUMBS_DIR
from ..content.diagnostics import CfpError
from . import editor, texts, workers
from .files import safe_file
from .webfonts import font_faces

MAX_BODY = 256 * 1024
COOKIE = "cfp_token"
TOKEN_HEADER = "x-cfp-token"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream (proxies drop silent ones)

# Constant text: nothing from the project or the request is ever put into it.
# On the served page each translation's card links to the editor (built with DOM calls from
# the card's data attributes, so no text from a file becomes markup); file:// pages have none.
# After a rebuild the page refreshes in place, not by reloading: the new page is fetched and
# its body swapped in, its scripts run again (the gallery's filters read the address, so the
# filters and the search stay), and the scroll position is kept. Should the fetch fail, it
# reloads.
LIVE_SCRIPT = """<script>(function () {
  Array.prototype.forEach.call(document.querySelectorAll("article.card[data-graphic][data-lang]"), function (c) {
    var g = c.dataset.graphic, l = c.dataset.lang, b = c.querySelector(".card-body");
    if (!g || !l || l === "en" || !b) { return; }
    var p = document.createElement("p"), a = document.createElement("a");
    p.className = "edit";
    a.href = "/edit?graphic=" + encodeURIComponent(g) + "&lang=" + encodeURIComponent(l);
    a.textContent = c.dataset.status === "missing" ? "Translate in the editor" : "Edit the words";
    p.appendChild(a);
    b.appendChild(p);
  });
  if (!window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var events = new EventSource("/events");
  events.addEventListener("rebuilt", function () {
    events.close();
    fetch(location.pathname, {cache: "no-store", credentials: "same-origin"}).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var x = window.scrollX, y = window.scrollY;
      document.head.replaceChildren.apply(document.head, Array.prototype.slice.call(fresh.head.childNodes));
      document.body.replaceWith(document.adoptNode(fresh.body));
      Array.prototype.forEach.call(document.body.querySelectorAll("script"), function (old) {
        var run = document.createElement("script");
        run.textContent = old.textContent;
        old.replaceWith(run);
      });
      window.scrollTo(x, y);
      var root = document.documentElement;
      root.dataset.refreshed = (Number(root.dataset.refreshed) || 0) + 1;  // how many times, for tests
    }).catch(function () { location.reload(); });
  });
})();</script>"""
NOT_BUILT = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Building…</title></head>"
             "<body><p>No review page yet: the first build is running. This page reloads when it is done.</p>"
             "</body></html>\n")
HEADERS = {
    "X-Content-Type-Options": "nosniff",  # an alt-text file is text, whatever is in it
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # the token link never leaks to a page opened from here
    "Cache-Control": "no-cache",  # a rebuilt image is fetched again (revalidated by its ETag)
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                               "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
}


class Events:
    """Who listens on /events; `publish` may be called from any thread (the builds')."""

    def __init__(self):
        self.loop: asyncio.AbstractEventLoop | None = None
        self.queues: set[asyncio.Queue] = set()
        self.closed = False

    def publish(self, event: str, data: str = "") -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self._put, (event, data))

    def close(self) -> None:
        """End every stream (the server is stopping); called on the loop."""
        self.closed = True
        self._put(None)

    def _put(self, item) -> None:
        for queue in list(self.queues):
            queue.put_nowait(item)

    async def stream(self):
        queue: asyncio.Queue = asyncio.Queue()
        self.queues.add(queue)
        try:
            yield ": connected\n\n"
            while not self.closed:
                try:
                    item = await asyncio.wait_for(queue.get(), KEEPALIVE)
                except asyncio.TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if item is None:
                    return
                event, data = item
                yield f"event: {event}\ndata: {data}\n\n"
        finally:
            self.queues.discard(queue)


@dataclass
class Settings:
    root: Path  # the project folder
    host: str  # as bound: 127.0.0.1, ::1, 0.0.0.0 ...
    port: int
    loopback: bool  # bound to loopback only: GETs need no token
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    def allowed_host(self, header: str) -> bool:
        """The Host header names this server: the bound address or localhost, with its port
        (or none). Bound to every interface (0.0.0.0, ::) any name is accepted: the token guards."""
        if self.host in ("0.0.0.0", "::", ""):
            return True
        names = {self.host.lower(), "localhost", "127.0.0.1", "[::1]"}
        if ":" in self.host:
            names.add(f"[{self.host.lower()}]")
        header = header.lower()
        return any(header in (name, f"{name}:{self.port}") for name in names)

    def url(self, with_token: bool = False) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = "?" + urlencode({"token": self.token}) if with_token else ""
        return f"http://{host}:{self.port}/{query}"


def _refuse(status: int, text: str) -> Response:
    return PlainTextResponse(text + "\n", status_code=status, headers=HEADERS)


class Guard:
    """ASGI middleware in front of every request: Host, token and body size."""

    def __init__(self, app, settings: Settings):
        self.app, self.settings = app, settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        settings = self.settings
        if not settings.allowed_host(request.headers.get("host", "")):
            return await _refuse(403, "this server answers only to its own address")(
                scope, receive, send)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return await _refuse(413, f"a request body may have at most {MAX_BODY} bytes")(scope, receive, send)
        body, more = b"", True
        if scope["method"] not in ("GET", "HEAD"):  # read it whole (it is small), to count chunked bodies too
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > MAX_BODY:
                    return await _refuse(413, f"a request body may have at most {MAX_BODY} bytes")(
                        scope, receive, send)
        given = request.query_params.get("token")
        if given is not None and scope["method"] == "GET":
            if not secrets.compare_digest(given.encode(), settings.token.encode()):
                return await _refuse(403, "wrong token: use the link `cfpgraphics serve` printed")(scope, receive, send)
            # the token becomes a cookie, and leaves the address bar (and the history)
            kept = request.url.remove_query_params("token")
            response = RedirectResponse(kept.path + (f"?{kept.query}" if kept.query else ""), status_code=303)
            response.set_cookie(COOKIE, settings.token, httponly=True, samesite="strict", path="/")
            return await response(scope, receive, send)
        if not settings.loopback:
            cookie = request.cookies.get(COOKIE, "")
            if not secrets.compare_digest(cookie.encode(), settings.token.encode()):
                return await _refuse(403, "this server needs its token: open the link `cfpgraphics serve` printed")(
                    scope, receive, send)

        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, replay, send_with_headers)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is not None and origin.lower() == f"http://{request.headers.get('host', '').lower()}"


def make_app(settings: Settings, events: Events, request_rebuild: Callable[[], None],
             preview_workers: int = workers.WORKERS):
    """The ASGI app. `request_rebuild` asks for a rebuild (it returns at once); previews are
    drawn by `preview_workers` processes (workers.py)."""
    projects = texts.Projects(settings.root)  # the editor's: loaded again only when a file changed
    previews = workers.PreviewPool(settings.root, preview_workers)  # started when the editor is first used

    async def _fonts_css() -> str:
        """The project's fonts for the languages on the page ("" while the project cannot load)."""
        def css() -> str:
            try:
                with projects.loaded() as project:
                    return font_faces(project, project.languages)
            except CfpError:
                return ""
        return await run_in_threadpool(css)

    async def gallery(request: Request) -> Response:
        path = safe_file(settings.output, INDEX_NAME)
        page = path.read_text(encoding="utf-8", errors="replace") if path else NOT_BUILT
        meta = f'<meta name="cfp-token" content="{escape(settings.token)}">' + await _fonts_css()
        page = page.replace("<head>", "<head>" + meta, 1)
        at = page.rfind("</body>")
        page = page[:at] + LIVE_SCRIPT + page[at:] if at >= 0 else page + LIVE_SCRIPT
        return HTMLResponse(page)

    async def stream(request: Request) -> Response:
        return StreamingResponse(events.stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    def allowed_change(request: Request) -> Response | None:
        """None when a POST may go on: the server's token and this server's own page (Origin)."""
        given = request.headers.get(TOKEN_HEADER, "")
        if not secrets.compare_digest(given.encode(), settings.token.encode()):
            return _refuse(403, f"a change needs the server's token in {TOKEN_HEADER}")
        if not _same_origin(request):
            return _refuse(403, "a change must come from this server's own page (Origin)")
        return None

    async def rebuild(request: Request) -> Response:
        refused = allowed_change(request)
        if refused is not None:
            return refused
        request_rebuild()
        return JSONResponse({"rebuild": "requested"}, status_code=202)

    async def read_texts(request: Request) -> Response:
        try:
            found = await run_in_threadpool(texts.texts_of, projects, request.query_params.get("graphic", ""),
                                            request.query_params.get("lang", ""))
        except texts.Refused as exc:
            return JSONResponse(exc.body, status_code=exc.status)
        return JSONResponse(found)

    def change(action: Callable[[texts.Projects, object], dict] | None = None):
        """A POST that reads or changes unsaved words (save, preview, review): the token and the
        same origin, a JSON body, `action(projects, body)` off the event loop, its refusals as
        their status. No action: a preview, drawn by one of the pool's worker processes."""
        async def handle(request: Request) -> Response:
            refused = allowed_change(request)
            if refused is not None:
                return refused
            try:
                body = await request.json()
            except ValueError:
                return JSONResponse({"error": "the body is not JSON"}, status_code=400)
            if action is None:
                status, answer = await previews.preview(body)
                return JSONResponse(answer, status_code=status)
            try:
                return JSONResponse(await run_in_threadpool(action, projects, body))
            except texts.Refused as exc:
                return JSONResponse(exc.body, status_code=exc.status)
        return handle

    async def edit(request: Request) -> Response:
        previews.start()  # while the page loads, so its first preview finds them ready
        try:
            page = await run_in_threadpool(editor.editor_page, projects, request.query_params.get("graphic", ""),
                                           request.query_params.get("lang", ""), settings.token)
        except texts.Refused as exc:
            return _refuse(exc.status, exc.body["error"])
        return HTMLResponse(page)

    def files(base: Path, hidden_top: str | None = None):
        async def serve(request: Request) -> Response:
            found = safe_file(base, request.path_params["path"], hidden_top)
            if found is None:
                return _refuse(404, "not found")
            return FileResponse(found)
        return serve

    @contextlib.asynccontextmanager
    async def lifespan(app):
        events.loop = asyncio.get_running_loop()
        try:
            yield
        finally:
            previews.close()

    routes = [
        Route("/", gallery, methods=["GET", "HEAD"]),
        Route("/" + INDEX_NAME, gallery, methods=["GET", "HEAD"]),
        Route("/events", stream, methods=["GET"]),
        Route("/edit", edit, methods=["GET"]),
        Route("/api/rebuild", rebuild, methods=["POST"]),
        Route("/api/texts", read_texts, methods=["GET"]),
        Route("/api/save", change(texts.save), methods=["POST"]),
        Route("/api/preview", change(), methods=["POST"]),
        Route("/api/review", change(texts.mark_reviewed), methods=["POST"]),
        Route("/fonts/{path:path}", files(settings.fonts), methods=["GET", "HEAD"]),
        Route("/{path:path}", files(settings.output, THUMBS_DIR), methods=["GET", "HEAD"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    return Guard(app, settings)
