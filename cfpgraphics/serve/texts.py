"""The editor's API: read a graphic's texts in one language, save edited ones.

`GET /api/texts?graphic=G&lang=L` gives the English and the language's texts by unit (as PO
names them: `statement`, `points/2`, `slides/3/text`), the file they live in, its review status
and the digest of the file as loaded (`base`). `POST /api/save` writes edited texts through
exchange/editing.py: only those values change, a save `check` would reject is refused (422)
with the reason, and a save over a file that changed since it was loaded is refused (409) with
the file's texts now, so the page can show both and nothing typed is lost. The watcher then
rebuilds, and open pages hear `rebuilt`.
"""
from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from ..builder.project import open_project
from ..builder.watch import snapshot
from ..content import po_catalogs as po
from ..content.assets import AssetStore
from ..content.diagnostics import CfpError
from ..content.names import SOURCE_LANG
from ..exchange.editing import Conflict, load_texts, save_texts
from ..exchange.review import review
from ..exchange.translations import require_tag


class Refused(Exception):
    def __init__(self, status: int, message: str, **more):
        super().__init__(message)
        self.status, self.body = status, {"error": message, **more}


def _named(units: dict) -> dict[str, str]:
    return {"/".join(unit): text for unit, text in units.items()}


class Projects:
    """The project as the editor's requests see it: loaded again only when a watched file
    changed (a snapshot of their sizes and times costs about a millisecond), so a keystroke's
    preview reads no file again, and with one asset store, so fonts and glyphs stay loaded.
    Requests use it one at a time (`with projects.using(graphic, lang) as project:`): the
    typesetter's and glyph caches are not made for threads."""

    def __init__(self, root: Path):
        self.root = root
        self.assets = AssetStore()
        self.lock = threading.Lock()
        self.seen = None
        self.project = None

    @contextlib.contextmanager
    def using(self, graphic: str, lang: str):
        try:
            require_tag(lang)  # it becomes part of a file name: nothing else gets that far
        except CfpError as exc:
            raise Refused(400, exc.problem.message) from None
        with self.loaded() as project:
            if graphic not in project.graphics:
                raise Refused(404, f"unknown graphic '{graphic}'")
            yield project

    @contextlib.contextmanager
    def loaded(self):
        """The project as its files are now (for a page about all of it: the gallery's fonts)."""
        with self.lock:
            yield self._current()

    def load(self) -> None:
        """Load the project now if a file changed since (a preview worker's start)."""
        with self.lock:
            self._current()

    def _current(self):
        now = snapshot(self.root)
        if now != self.seen or self.project is None:
            self.project, self.seen = open_project(self.root, self.assets), now
        return self.project


def texts_of(projects: Projects, graphic: str, lang: str) -> dict:
    with projects.using(graphic, lang) as project:
        return _texts_of(project, graphic, lang)


def _texts_of(project, graphic: str, lang: str) -> dict:
    found = project.graphics[graphic]
    template = project.templates[found.template]
    english = found.translations.get(SOURCE_LANG)
    texts, base = load_texts(project, graphic, lang)
    translation = found.translations.get(lang)
    return {"graphic": graphic, "lang": lang, "base": base,
            "status": translation.status if translation else "missing",
            "english": _named(po.units(template, english.values if english else {})),
            "texts": _named(texts)}


def save(projects: Projects, body) -> dict:
    if not isinstance(body, dict) or not isinstance(body.get("texts"), dict):
        raise Refused(400, "send {graphic, lang, base, texts: {field: text}}")
    graphic, lang, base = str(body.get("graphic", "")), str(body.get("lang", "")), body.get("base")
    if not all(isinstance(v, str) for v in body["texts"].values()):
        raise Refused(400, "each text is a string")
    texts = {tuple(name.split("/")): text for name, text in body["texts"].items()}
    with projects.using(graphic, lang) as project:
        try:
            saved = save_texts(project, graphic, lang, texts, base if isinstance(base, str) else None)
        except Conflict as exc:
            raise Refused(409, exc.problem.message, current=_named(exc.current), base=exc.now or None) from None
        except CfpError as exc:
            raise Refused(422, exc.problem.message + (f" ({exc.problem.fix})" if exc.problem.fix else "")) from None
    return {"file": saved.file, "base": saved.digest, "changed": ["/".join(u) for u in saved.changed]}


def mark_reviewed(projects: Projects, body) -> dict:
    """A reviewer's mark from the editor: the same as `cfpgraphics translate review LANG GRAPHIC`
    (`draft: true` takes it back), read by the draft band and `--only-reviewed` alike."""
    if not isinstance(body, dict):
        raise Refused(400, "send {graphic, lang, draft?}")
    graphic, lang = str(body.get("graphic", "")), str(body.get("lang", ""))
    with projects.using(graphic, lang) as project:
        try:
            result = review(project, lang, [graphic], draft=bool(body.get("draft")))
        except CfpError as exc:
            raise Refused(422, exc.problem.message) from None
    if result.refused:
        raise Refused(422, result.refused[0][1])
    return {"status": "draft" if body.get("draft") else "reviewed"}
