"""The review gallery: `output/index.html`, one page showing every graphic by language and size.

A comms team reviews a build by opening this file straight from disk, so it has to work from
`file://` with no server: one self-contained HTML file, inline CSS and a little vanilla JS, no
external files and no fetch() (Chromium refuses fetch of local files). The cards are rendered as
HTML here rather than built by JS from embedded data, so the page reads fine with JS off and
nothing we write is ever interpolated into a script (no JSON-in-<script> escaping to get wrong).
The JS only filters: it hides cards with the `hidden` attribute and keeps the filter in the URL
hash (`#lang=es&graphic=...&status=draft&q=...`), so a link to "the Spanish drafts" can be shared.

For 745+ images: each card shows the output's small WebP thumbnail (`thumbs.py`, made once when
the image is written) and links to the full PNG. The search box matches a card's words (its alt
text: the words on the graphic in its language, the graphic, the language's code and names);
the text is in the card's `data-text` attribute, and the JS compares it NFC-normalised and
lower-cased, or with marks stripped when the query has none (Vietnamese typed without
diacritics). Filters by graphic, language, size, status (reviewed / draft / stale / missing) and
problem (errors / warnings / none) combine, and every option shows how many cards it would show
with the other filters as they are. A translation that is missing, and a content file that
could not be loaded (so nothing of it was drawn), appear as a note card with its problems at
their file and line.

Output is a pure function of the entries (sorted; no timestamps), so an unchanged rebuild writes
an identical file, and `write_gallery` leaves the file alone when its bytes would not change.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..content.language_tags import display_name
from .output import write_bytes_atomic
from .thumbs import thumb_size
from ..content.sizes import ALL_SIZES
from ..render.legibility import FEED_WIDTH, feed_width
from ..content.files import read_regular
from ..content.sizes import PRESETS

INDEX_NAME = "index.html"
# Left in output/ from the moment a build first changes its record until the page shows that
# record: a build killed in between (while writing the page, or before it got there) leaves
# it, so the next build writes the page again even when it renders nothing itself.
DUE_NAME = ".cfpgraphics-gallery-due"
DEFAULT_TITLE = "Graphics review"


@dataclass(frozen=True)
class GalleryEntry:
    """One image file in the gallery (a carousel has one entry per page).

    `path` is relative to the output folder with POSIX slashes (`es/my-graphic/story.png`);
    `rtl` comes from the language (pass `langs.is_rtl(lang)`), so Arabic alt text reads
    right to left.
    """

    graphic: str
    lang: str
    size: str
    width: int
    height: int
    path: str
    alt: str = ""
    draft: bool = False
    warnings: tuple[str, ...] = ()
    page: int | None = None
    rtl: bool = False
    thumb: str | None = None  # its thumbnail, relative like `path`; None: the page shows the image
    stale: bool = False  # its translation was made from older English
    files: tuple[str, ...] = ()  # the image in each format written (`path` is the first), relative like `path`
    member: str | None = None  # a member's card (graphic.yaml `each:`): the member's slug

    def __post_init__(self) -> None:
        # A list would make the entry unhashable and its order easy to change by accident.
        object.__setattr__(self, "warnings", tuple(self.warnings))
        object.__setattr__(self, "files", tuple(self.files))
        for path in (self.path, self.thumb or "", *self.files):
            if "\\" in path or path.startswith("/") or ".." in path.split("/"):
                raise ValueError(f"gallery path must be relative with / separators: {path!r}")

    @property
    def status(self) -> str:
        return "stale" if self.stale else "draft" if self.draft else "reviewed"


@dataclass(frozen=True)
class GalleryNote:
    """A card with no image: a translation that is missing, or a file whose problems kept its
    graphic from being drawn (`problems`: lines as `str(Diagnostic)`, errors with ERROR_MARK).
    `graphic` "" is a project file (brand, template); `lang` "" a graphic's own file."""

    graphic: str
    lang: str
    status: str = "missing"  # missing | stale | draft | reviewed
    note: str = ""
    problems: tuple[str, ...] = ()
    rtl: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "problems", tuple(self.problems))


STATUSES = (("reviewed", "Reviewed"), ("draft", "Draft"), ("stale", "Stale (English changed)"),
            ("missing", "Missing translation"))
PROBLEMS = (("error", "Has errors"), ("warning", "Has warnings"), ("none", "No problems"))


def _size_key(size: str) -> tuple[int, str]:
    """Presets in their own order (square first), custom sizes after them by name."""
    sizes = list(PRESETS)
    return (sizes.index(size) if size in sizes else len(sizes), size)


def _sort_key(entry: GalleryEntry) -> tuple:
    """Graphic, language, member, size, page; the path last so equal-looking entries still sort fixed."""
    return (entry.graphic, entry.lang, entry.member or "", _size_key(entry.size), entry.page or 0, entry.path,
            entry.width, entry.height, entry.alt, entry.draft, entry.warnings, entry.rtl)


def _names(tag: str) -> tuple[str, str]:
    """(name in the language itself, English name) from ICU: `Español`, `Spanish`."""
    try:
        native, english = display_name(tag, tag), display_name(tag, "en")
    except Exception:  # an odd tag must not cost the whole gallery
        return tag, tag
    return native[:1].upper() + native[1:], english


def _a(value: object) -> str:
    """An attribute value: escaped, quotes included."""
    return escape(str(value), quote=True)


def _t(value: object) -> str:
    """Text content: escaped."""
    return escape(str(value), quote=False)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _select(name: str, label: str, all_label: str, options: list[tuple[str, str, int]], total: int) -> str:
    """A filter; each option says how many cards it shows (the JS updates the numbers as the
    other filters change; `data-label` is the option's text without its number)."""
    items = [f'<option value="" data-label="{_a(all_label)}">{_t(all_label)} ({total})</option>']
    for value, text, count in options:
        items.append(f'<option value="{_a(value)}" data-label="{_a(text)}">{_t(text)} ({count})</option>')
    return (f'<label class="field"><span>{_t(label)}</span>'
            f'<select name="{_a(name)}">{"".join(items)}</select></label>')


ERROR_MARK = "error: "  # notes that start with this are errors (the build exited 1 for them)


def _problem_level(notes: tuple[str, ...]) -> str:
    if any(n.startswith(ERROR_MARK) for n in notes):
        return "error"
    return "warning" if notes else "none"


def _problem_list(notes: tuple[str, ...]) -> str:
    """Each problem on its line, its file:line first (as `check` prints it), errors marked."""
    items = []
    for note in notes:
        error = note.startswith(ERROR_MARK)
        text = note[len(ERROR_MARK):] if error else note
        items.append(f'<li class="{"error" if error else "warning"}">{_t(text)}</li>')
    return f'<ul class="warnings" aria-label="Problems">{"".join(items)}</ul>'


def _search_text(*parts: str) -> str:
    """What the search box matches, one attribute value (the JS normalises it)."""
    return " ".join(p for p in parts if p)


def _card(entry: GalleryEntry, pages: int, names: tuple[str, str]) -> str:
    url = quote(entry.path, safe="/")
    src = quote(entry.thumb, safe="/") if entry.thumb else url
    shown = thumb_size(entry.width, entry.height) if entry.thumb else (entry.width, entry.height)
    direction = ' dir="rtl"' if entry.rtl else ""
    lang = f' lang="{_a(entry.lang)}"{direction}'
    meta = [f'<span class="size">{_t(entry.size)}</span>',
            f'<span class="dims">{entry.width}&#8201;×&#8201;{entry.height}</span>']
    if entry.page is not None:
        meta.append(f'<span class="page">slide {entry.page}/{pages}</span>')
    if entry.member is not None:
        meta.append(f'<span class="page">{_t(entry.member)}</span>')
    if _clip_kind(entry.path):
        meta.append(f'<span class="badge badge-clip">{_clip_kind(entry.path)}</span>')
    if entry.draft:
        meta.append('<span class="badge badge-draft">Draft</span>')
    if entry.stale:
        meta.append('<span class="badge badge-stale" title="The English changed after this translation">Stale</span>')
    errors = sum(w.startswith(ERROR_MARK) for w in entry.warnings)
    if errors:  # text that does not fit, a missing glyph: not ready to post
        meta.append(f'<span class="badge badge-warn">{_plural(errors, "error")}</span>')
    if len(entry.warnings) > errors:
        meta.append(f'<span class="badge badge-warn">{_plural(len(entry.warnings) - errors, "warning")}</span>')
    parts = [
        f'<article class="card{" has-warnings" if entry.warnings else ""}"'
        f' data-graphic="{_a(entry.graphic)}" data-lang="{_a(entry.lang)}" data-size="{_a(entry.size)}"'
        f' data-draft="{str(entry.draft).lower()}" data-warnings="{len(entry.warnings)}"'
        f' data-status="{entry.status}" data-problem="{_problem_level(entry.warnings)}" data-kind="image"'
        f' data-text="{_a(_search_text(entry.alt, entry.graphic, entry.member or "", entry.lang, *names, entry.size))}">',
        f'<a class="thumb" href="{_a(url)}" title="Open full size: {_a(entry.path)}">'
        + _preview(entry, url, src, shown, lang) +
        '<span class="missing-note">Image file not found</span></a>',
        '<div class="card-body">',
        f'<p class="meta">{" ".join(meta)}</p>',
    ]
    if entry.warnings:
        parts.append(_problem_list(entry.warnings))
    if entry.alt:
        parts.append('<div class="alt"><span class="label">Alt text</span>'
                     '<button type="button" class="copy" hidden>Copy</button>'
                     f'<p class="alt-text"{lang}>{_t(entry.alt)}</p></div>')
    else:
        parts.append('<div class="alt"><span class="label">Alt text</span>'
                     '<p class="alt-text alt-missing">None written yet</p></div>')
    others = "".join(f' <a class="format" href="{_a(quote(f, safe="/"))}" title="{_a(f)}">'
                     f'{_t(f.rsplit(".", 1)[-1].upper())}</a>' for f in entry.files if f != entry.path)
    parts.append(f'<p class="file"><a href="{_a(url)}">{_t(entry.path)}</a>{others}</p>')
    parts.append(_feed_preview(entry, url, lang))
    parts.append("</div></article>")
    return "".join(parts)


def _feed_width(size: str) -> int | None:
    """CSS px a feed shows this size at (render/legibility.py); None for print sizes."""
    preset = ALL_SIZES.get(size)
    return feed_width(preset) if preset is not None else FEED_WIDTH


def _feed_preview(entry: GalleryEntry, url: str, lang: str) -> str:
    """The still at the width a feed shows it (400 CSS px, a link card 500): the full image in a
    closed `<details>`, so the browser fetches it only when opened (a lazy image that is not
    rendered is not loaded), not 2,600 PNGs with the page, and no second preview file."""
    width = _feed_width(entry.size)
    if width is None or _clip_kind(entry.path):
        return ""
    height = round(entry.height * width / entry.width)
    return (f'<details class="feed-preview" data-feed-width="{width}"><summary>Feed size ({width} px)</summary>'
            f'<img src="{_a(url)}" loading="lazy" decoding="async" width="{width}" height="{height}"'
            f' alt="{_a(entry.alt)}"{lang}></details>')


PROFILE_TILES = 9  # a profile's first screen: 3 rows of 3
PROFILE_SIZE = "instagram-square"


def _profile_grids(entries: list[GalleryEntry], names: dict) -> str:
    """Per language, how its Instagram profile would look: its square posts (a carousel by its
    first slide; the member kit's cards are the members' posts, not the campaign's), 3 across
    at a profile tile's size (a third of a 400 px phone), from their thumbnails."""
    grids = []
    for lang in sorted({e.lang for e in entries}):
        posts = [e for e in entries if e.lang == lang and e.size == PROFILE_SIZE and e.member is None
                 and (e.page or 1) == 1 and not _clip_kind(e.path)][:PROFILE_TILES]
        if not posts:
            continue
        native, english = names[lang]
        direction = ' dir="rtl"' if posts[0].rtl else ""
        tiles = "".join(
            f'<a class="tile" href="{_a(quote(e.path, safe="/"))}" title="{_a(e.graphic)}">'
            f'<img src="{_a(quote(e.thumb or e.path, safe="/"))}" loading="lazy" decoding="async" width="132"'
            f' height="132" alt="{_a(e.alt)}" lang="{_a(lang)}"{direction}></a>' for e in posts)
        label = _t(native) if native == english else f"{_t(native)} · {_t(english)}"
        grids.append(f'<figure class="profile-grid" data-lang="{_a(lang)}"><figcaption>'
                     f'<span lang="{_a(lang)}"{direction}>{label}</span> <span class="sub">{_t(lang)}</span>'
                     f'</figcaption><div class="tiles">{tiles}</div></figure>')
    if not grids:
        return ""
    return ('<details class="profile-grids"><summary>Profile grids: each language\'s square posts, 3 across, '
            'as a phone shows them</summary><div class="grids">' + "".join(grids) + "</div></details>")


def _clip_kind(path: str) -> str:
    return "MP4" if path.endswith(".mp4") else "animated WebP" if path.endswith(".anim.webp") else ""


def _preview(entry: GalleryEntry, url: str, src: str, shown, lang: str) -> str:
    """A still's thumbnail; a clip plays in its card (muted, looping: an MP4 as a video with its
    still as poster, an animated WebP as itself)."""
    if entry.path.endswith(".mp4"):
        return (f'<video src="{_a(url)}" poster="{_a(src)}" muted loop autoplay playsinline preload="none"'
                f' width="{shown[0]}" height="{shown[1]}" aria-label="{_a(entry.alt)}"{lang}></video>')
    if entry.path.endswith(".anim.webp"):
        src = url
    return (f'<img src="{_a(src)}" loading="lazy" decoding="async" width="{shown[0]}"'
            f' height="{shown[1]}" alt="{_a(entry.alt)}"{lang}>')


def _note_card(note: GalleryNote, names: tuple[str, str]) -> str:
    level = _problem_level(note.problems)
    title = {"missing": "Missing translation", "stale": "Stale translation"}.get(note.status, "Warnings")
    if note.problems and any(p.startswith(ERROR_MARK) for p in note.problems):
        title = "Not drawn this time (earlier images, if any, are kept)"
    parts = [
        f'<article class="card note-card{" has-warnings" if note.problems else ""}"'
        f' data-graphic="{_a(note.graphic)}" data-lang="{_a(note.lang)}" data-size=""'
        f' data-status="{_a(note.status)}" data-problem="{level}" data-kind="note"'
        f' data-text="{_a(_search_text(note.note, note.graphic, note.lang, *names))}">',
        f'<div class="note-head"><strong>{_t(title)}</strong>',
    ]
    if note.note:
        parts.append(f'<p>{_t(note.note)}</p>')
    parts.append('</div><div class="card-body">')
    if note.problems:
        parts.append(_problem_list(note.problems))
    parts.append("</div></article>")
    return "".join(parts)


def render_gallery(entries: list[GalleryEntry], title: str = DEFAULT_TITLE,
                   notes: list[GalleryNote] = ()) -> str:
    """The whole page as HTML text; the same entries and notes in any order give the same text."""
    entries = sorted(entries, key=_sort_key)
    notes = sorted(set(notes), key=lambda n: (n.graphic, n.lang, n.status, n.note, n.problems, n.rtl))
    pages = Counter((e.graphic, e.lang, e.size) for e in entries if e.page is not None)
    langs = sorted({e.lang for e in entries} | {n.lang for n in notes if n.lang})
    names = {tag: _names(tag) for tag in langs}
    names[""] = ("", "")
    graphics = sorted({e.graphic for e in entries} | {n.graphic for n in notes if n.graphic})
    sizes = sorted({e.size for e in entries}, key=_size_key)
    drafts = sum(e.draft for e in entries)
    problem_cards = sum(bool(e.warnings) for e in entries) + sum(bool(n.problems) for n in notes)
    missing = sum(n.status == "missing" for n in notes)
    cards = len(entries) + len(notes)

    def lang_label(tag: str) -> str:
        native, english = names[tag]
        return f"{native} · {tag}" if native == english else f"{native} · {english} · {tag}"

    every = [(e.graphic, e.lang, e.size, e.status, _problem_level(e.warnings)) for e in entries] + \
            [(n.graphic, n.lang, "", n.status, _problem_level(n.problems)) for n in notes]
    by = [Counter(card[i] for card in every) for i in range(5)]
    filters = "".join([
        '<label class="field search"><span>Search</span><input type="search" name="q" autocomplete="off"'
        ' spellcheck="false" placeholder="Words on the graphic, in any language"></label>',
        _select("lang", "Language", "All languages", [(t, lang_label(t), by[1][t]) for t in langs], cards),
        _select("graphic", "Graphic", "All graphics", [(g, g, by[0][g]) for g in graphics], cards),
        _select("size", "Size", "All sizes", [(s, s, by[2][s]) for s in sizes], cards),
        _select("status", "Status", "Any status", [(v, t, by[3][v]) for v, t in STATUSES if by[3][v]], cards),
        _select("problem", "Problems", "Any", [(v, t, by[4][v]) for v, t in PROBLEMS], cards),
        '<button type="reset">Show all</button>',
        f'<p id="count" role="status" aria-live="polite">{_plural(len(entries), "image")}</p>',
    ])

    body = []
    for note in (n for n in notes if not n.graphic):  # brand, templates: not one graphic's
        body.append('<section class="graphic" data-group data-graphic=""><h2>Project files</h2>'
                    '<div class="languages"><section class="language" data-group data-lang="">'
                    '<div class="cards">' + _note_card(note, ("", "")) + "</div></section></div></section>")
    for graphic in graphics:
        in_graphic = [e for e in entries if e.graphic == graphic]
        graphic_notes = [n for n in notes if n.graphic == graphic]
        graphic_langs = sorted({e.lang for e in in_graphic})
        body.append(
            f'<section class="graphic" data-group data-graphic="{_a(graphic)}">'
            f'<h2>{_t(graphic)} <span class="sub">{_plural(len(in_graphic), "image")} in '
            f'{_plural(len(graphic_langs), "language")}</span></h2><div class="languages">')
        own = [n for n in graphic_notes if not n.lang]
        if own:
            body.append('<section class="language" data-group data-lang=""><h3>Every language</h3>'
                        '<div class="cards">' + "".join(_note_card(n, ("", "")) for n in own) + "</div></section>")
        for lang in sorted({e.lang for e in in_graphic} | {n.lang for n in graphic_notes if n.lang}):
            in_lang = [e for e in in_graphic if e.lang == lang]
            lang_notes = [n for n in graphic_notes if n.lang == lang]
            native, english = names[lang]
            rtl = ' dir="rtl"' if any(e.rtl for e in in_lang) or any(n.rtl for n in lang_notes) else ""
            extra = "" if native == english else f"{_t(english)} · "
            body.append(
                f'<section class="language" data-group data-lang="{_a(lang)}">'
                f'<h3><span lang="{_a(lang)}"{rtl}>{_t(native)}</span>'
                f' <span class="sub">{extra}{_t(lang)}</span></h3><div class="cards">')
            body.extend(_note_card(n, names[lang]) for n in lang_notes)
            body.extend(_card(e, pages.get((e.graphic, e.lang, e.size), 0), names[lang]) for e in in_lang)
            body.append("</div></section>")
        body.append("</div></section>")

    summary = " · ".join([
        _plural(len(graphics), "graphic"), _plural(len(langs), "language"),
        _plural(len(entries), "image"), _plural(drafts, "draft"), f"{problem_cards} with problems"]
        + ([f"{missing} missing translation" + ("" if missing == 1 else "s")] if missing else []))
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light">',
        '<meta name="generator" content="cfpgraphics">',
        f'<meta name="cfpgraphics-notes" content="{notes_digest(notes)}">',
        f"<title>{_t(title)}</title><style>{_CSS}</style></head>\n<body>",
        f'<header class="top"><h1>{_t(title)}</h1><p class="summary" id="summary">{summary}</p></header>',
        '<form class="filters" id="filters" role="search" aria-label="Filter graphics">',
        filters, "</form>\n<main>",
        '<p id="empty" class="empty" hidden>Nothing matches these filters.</p>' if cards
        else '<p id="empty" class="empty">No graphics in this build yet.</p>',
        _profile_grids(entries, names),
        "\n".join(body),
        f"</main>\n<script>{_JS}</script>\n</body></html>\n",
    ])


def notes_digest(notes) -> str:
    """A short digest of the notes (in the page's head): a build that changed no image still
    rewrites the page when a content file's problems or a translation's status changed."""
    key = sorted(repr((n.graphic, n.lang, n.status, n.note, n.problems, n.rtl)) for n in set(notes))
    return hashlib.sha256("\n".join(key).encode("utf-8")).hexdigest()[:16]


def mark_due(output_dir: Path) -> None:
    """The page no longer shows the record (see DUE_NAME). Never follows or opens anything that
    is already there: whatever it is, the page counts as due."""
    path = Path(output_dir) / DUE_NAME
    if os.path.lexists(path):
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0), 0o644)
    os.close(fd)


def is_due(output_dir: Path) -> bool:
    return os.path.lexists(Path(output_dir) / DUE_NAME)


def clear_due(output_dir: Path) -> None:
    try:
        os.unlink(Path(output_dir) / DUE_NAME)
    except FileNotFoundError:
        pass
    except IsADirectoryError:  # a folder of that name: not ours to remove; the page is simply always written
        pass


def write_gallery(output_dir: Path, entries: list[GalleryEntry], title: str = DEFAULT_TITLE,
                  notes: list[GalleryNote] = ()) -> Path:
    """Write `output_dir/index.html` atomically; an unchanged page is not rewritten (its mtime
    stays, so sync tools and watchers see no change)."""
    path = Path(output_dir) / INDEX_NAME
    data = render_gallery(entries, title, notes).encode("utf-8")
    try:
        if read_regular(path, len(data)) == data:  # a FIFO in its place is never waited on
            return path
    except (OSError, ValueError):
        pass
    write_bytes_atomic(path, data)
    return path


# Brand colours (brand/brand.yaml): ink text on a light paper tone; indigo for the header,
# marigold for the draft badge, a dark coral for warnings (coral itself is too light for text).
_CSS = """
:root{--ink:#151320;--muted:#5b5870;--paper:#faf8f4;--card:#fff;--line:#e4e0d8;
--indigo:#2b1e5c;--marigold:#ffb81c;--warn:#9a2b12;--warn-bg:#fff1ea;--focus:#2b5cd6}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--paper);color:var(--ink);
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
.top{background:var(--indigo);color:#fff;padding:18px 28px 16px}
.top h1{margin:0;font-size:22px;letter-spacing:.01em}
.summary{margin:4px 0 0;color:#dcd6f5;font-size:14px}
.filters{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;align-items:flex-end;
gap:8px 12px;padding:10px 28px;background:rgba(250,248,244,.96);border-bottom:1px solid var(--line);
box-shadow:0 2px 8px rgba(21,19,32,.06)}
.field{display:flex;flex-direction:column;gap:3px;font-size:12px;font-weight:600;
text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
select,button{font:inherit;font-size:14px;color:var(--ink);text-transform:none;letter-spacing:0}
select{width:auto;min-width:110px;max-width:200px;padding:6px 8px;border:1px solid #bdb7ab;border-radius:6px;
background:#fff}
.check{display:flex;align-items:center;gap:6px;font-size:14px;padding:7px 0;cursor:pointer}
.check input{width:17px;height:17px;margin:0;accent-color:var(--indigo)}
.check .n,.sub{color:var(--muted);font-weight:400}
button{padding:6px 12px;border:1px solid #bdb7ab;border-radius:6px;background:#fff;cursor:pointer}
button:hover,select:hover{border-color:var(--indigo)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
#count{margin:0 0 0 auto;padding:7px 0;font-weight:600;white-space:nowrap}
main{padding:8px 28px 48px;max-width:1600px}
.empty{margin:40px 0;font-size:18px;color:var(--muted)}
.graphic{margin-top:26px}
.graphic h2{margin:0 0 14px;font-size:20px;padding-bottom:6px;border-bottom:2px solid var(--indigo)}
.graphic h2 .sub{font-size:14px;margin-left:6px}
.languages{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.language{flex:0 1 auto;max-width:100%;padding:10px 12px 12px;background:#f1eee7;border-radius:12px}
.language h3{margin:0 0 10px;font-size:16px}
.language h3 .sub{font-size:14px;margin-left:4px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{display:flex;flex-direction:column;width:250px;background:var(--card);border:1px solid var(--line);
border-radius:10px;overflow:hidden;box-shadow:0 1px 2px rgba(21,19,32,.05)}
.card.has-warnings{border-color:#e8a58d}
.thumb{position:relative;display:block;height:210px;padding:12px;background:#efece6;
background-image:linear-gradient(45deg,#e7e3dc 25%,transparent 25%,transparent 75%,#e7e3dc 75%),
linear-gradient(45deg,#e7e3dc 25%,transparent 25%,transparent 75%,#e7e3dc 75%);
background-size:16px 16px;background-position:0 0,8px 8px}
.thumb video{display:block;width:100%;height:100%;object-fit:contain}
.thumb img{display:block;width:100%;height:100%;object-fit:contain;
filter:drop-shadow(0 1px 3px rgba(21,19,32,.25))}
.thumb:hover img{filter:drop-shadow(0 2px 8px rgba(21,19,32,.35))}
.missing-note{display:none}
.card.is-missing .thumb img{visibility:hidden}
.card.is-missing .missing-note{display:flex;position:absolute;inset:0;align-items:center;
justify-content:center;color:var(--warn);font-weight:600}
.feed-preview summary{cursor:pointer;font-size:13px;color:var(--muted,#555)}
.feed-preview img{display:block;max-width:none;margin-top:8px;box-shadow:0 1px 6px rgba(0,0,0,.25)}
.feed-preview[open]{position:relative;z-index:2}
.profile-grids{margin:16px 0}.profile-grids summary{cursor:pointer;font-weight:600}
.grids{display:flex;flex-wrap:wrap;gap:24px;margin-top:12px}
.profile-grid{margin:0}.profile-grid figcaption{margin-bottom:6px}
.tiles{display:grid;grid-template-columns:repeat(3,132px);gap:2px;width:400px;background:#fff}
.tile img{display:block;width:132px;height:132px;object-fit:cover}
.card-body{display:flex;flex-direction:column;gap:8px;padding:10px 12px 12px;flex:1}
.meta{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;margin:0}
.size{font-weight:700}
.dims,.page{color:var(--muted);font-size:13px;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:700;
letter-spacing:.03em}
.badge-draft{background:var(--marigold);color:var(--ink);text-transform:uppercase}
.badge-stale{background:#e9e4f7;color:var(--indigo);border:1px solid #b9aee0;text-transform:uppercase}
.warnings li.error{font-weight:600}
.search input{width:210px;padding:6px 8px;border:1px solid #bdb7ab;border-radius:6px;background:#fff;
font:inherit;font-size:14px;color:var(--ink);text-transform:none;letter-spacing:0}
.note-card{border-style:dashed;border-color:#bdb7ab;background:#fbfaf7}
.note-card.has-warnings{border-color:#e4572e}
.note-head{padding:12px 12px 0}
.note-head strong{color:var(--warn)}
.note-head p{margin:4px 0 0;color:var(--muted);font-size:14px}
.badge-warn{background:var(--warn-bg);color:var(--warn);border:1px solid #e8a58d}
.warnings{margin:0;padding:6px 10px 6px 26px;background:var(--warn-bg);color:var(--warn);
border-left:3px solid #e4572e;border-radius:4px;font-size:13px}
.warnings li+li{margin-top:3px}
.alt{position:relative}
.alt .label{display:block;font-size:11px;font-weight:700;text-transform:uppercase;
letter-spacing:.06em;color:var(--muted)}
.alt .copy{position:absolute;top:-4px;right:0;padding:1px 8px;font-size:12px}
.alt-text{margin:2px 0 0;font-size:14px;white-space:pre-wrap;overflow-wrap:anywhere}
.alt-missing{color:var(--warn);font-style:italic}
.file{margin:auto 0 0;font-size:12px;overflow-wrap:anywhere}
.file a{color:var(--muted)}
.file .format{margin-left:.5em;font-weight:600}
@media (max-width:640px){.filters,main,.top{padding-left:14px;padding-right:14px}
#count{margin-left:0}}
"""

# Filters in the URL hash; cards hidden with the `hidden` attribute; `data-loaded="true"` on
# <body> once every shown image has loaded (tests and reviewers can tell a broken page).
# Shared links from before the status and problem filters (`drafts=1`, `warnings=1`) still work.
_JS = r"""
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var SELECTS = ["lang", "graphic", "size", "status", "problem"];
  var MARKS = /\p{M}/gu;

  function lower(text) { return text.normalize("NFC").toLocaleLowerCase(); }
  function bare(text) {  // Vietnamese typed without diacritics: marks stripped, đ as d
    return text.normalize("NFD").replace(MARKS, "").replace(/\u0111/g, "d").replace(/\u0110/g, "D")
      .normalize("NFC").toLocaleLowerCase();
  }
  var texts = cards.map(function (card) {
    var text = card.getAttribute("data-text") || "";
    return { lower: lower(text), bare: bare(text) };
  });

  function terms() {
    return lower(form.elements.q.value).split(/\s+/).filter(Boolean).map(function (term) {
      return { text: term, bare: bare(term) === term };  // no marks typed: match without marks
    });
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (params.get("drafts") === "1" && !params.get("status")) { params.set("status", "draft"); }
    SELECTS.forEach(function (name) {
      var select = form.elements[name], want = params.get(name) || "";
      select.value = want;
      if (select.value !== want) { select.value = ""; }
    });
    form.elements.q.value = params.get("q") || "";
    warningsOnly = params.get("warnings") === "1" && !params.get("problem");
  }
  var warningsOnly = false;

  function writeHash() {
    var params = new URLSearchParams();
    SELECTS.forEach(function (name) {
      if (form.elements[name].value) { params.set(name, form.elements[name].value); }
    });
    if (form.elements.q.value.trim()) { params.set("q", form.elements.q.value.trim()); }
    var hash = params.toString();
    var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
    try { history.replaceState(null, "", url); } catch (e) { location.hash = hash; }
  }

  function checkLoaded() {
    var shown = document.querySelectorAll(".card:not([hidden]) .thumb img"), done = 0, broken = 0;
    Array.prototype.forEach.call(shown, function (img) {
      if (img.complete && img.naturalWidth > 0) { done++; }
      else if (img.complete) { broken++; }
    });
    document.body.setAttribute("data-images", done + "/" + shown.length);
    if (broken) { document.body.setAttribute("data-broken", String(broken)); }
    else { document.body.removeAttribute("data-broken"); }
    if (done === shown.length) { document.body.setAttribute("data-loaded", "true"); }
    else { document.body.removeAttribute("data-loaded"); }
  }

  function matchesText(i, words) {
    var t = texts[i];
    return words.every(function (w) { return (w.bare ? t.bare : t.lower).indexOf(w.text) !== -1; });
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function apply() {
    var want = {}, words = terms();
    SELECTS.forEach(function (name) { want[name] = form.elements[name].value; });
    var facets = {};  // per filter: value -> cards shown if it were chosen (the others as they are)
    SELECTS.forEach(function (name) { facets[name] = {}; });
    var images = 0, notes = 0, drafts = 0, problems = 0, totalImages = 0;
    cards.forEach(function (card, i) {
      var d = card.dataset;
      var text = matchesText(i, words);
      var miss = [];
      SELECTS.forEach(function (name) { if (want[name] && d[name] !== want[name]) { miss.push(name); } });
      var warn = !warningsOnly || d.problem !== "none";
      var ok = text && warn && miss.length === 0;
      if (text && warn && miss.length <= 1) {
        SELECTS.forEach(function (name) {
          if (miss.length === 0 || miss[0] === name) {  // shown if this filter were set to its value
            if (d[name]) { facets[name][d[name]] = (facets[name][d[name]] || 0) + 1; }
            facets[name][""] = (facets[name][""] || 0) + 1;
          }
        });
      }
      card.hidden = !ok;
      if (d.kind === "image") { totalImages++; }
      if (ok) {
        if (d.kind === "image") { images++; } else { notes++; }
        if (d.kind === "image" && d.status === "draft") { drafts++; }
        if (d.problem !== "none") { problems++; }
      }
    });
    SELECTS.forEach(function (name) {
      Array.prototype.forEach.call(form.elements[name].options, function (option) {
        option.textContent = option.dataset.label + " (" + (facets[name][option.value] || 0) + ")";
      });
    });
    groups.forEach(function (group) { group.hidden = !group.querySelector(".card:not([hidden])"); });
    var parts = [images === totalImages ? plural(totalImages, "image")
                 : images + " of " + totalImages + " images shown"];
    if (drafts) { parts.push(plural(drafts, "draft")); }
    if (problems) { parts.push(problems + " with problems"); }
    if (notes) { parts.push(plural(notes, "note")); }
    count.textContent = parts.join(" \u00b7 ");
    empty.hidden = images + notes > 0;
    checkLoaded();
  }

  cards.forEach(function (card) {
    var img = card.querySelector("img");
    if (img) {
      var loaded = function () { card.classList.toggle("is-missing", img.naturalWidth === 0); checkLoaded(); };
      img.addEventListener("load", loaded);
      img.addEventListener("error", loaded);
      if (img.complete && img.getAttribute("src")) { card.classList.toggle("is-missing", img.naturalWidth === 0); }
    }
    var copy = card.querySelector(".copy"), text = card.querySelector(".alt-text");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.setAttribute("aria-label", "Copy alt text");
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(text.textContent).then(function () {
          copy.textContent = "Copied";
          setTimeout(function () { copy.textContent = "Copy"; }, 1500);
        }, function () { copy.textContent = "Select and copy"; });
      });
    }
  });

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("change", function () { warningsOnly = false; writeHash(); apply(); });
  form.addEventListener("input", function (event) {
    if (event.target.name === "q") { writeHash(); apply(); }
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { warningsOnly = false; writeHash(); apply(); }, 0);
  });
  window.addEventListener("hashchange", function () {
    if (!form.isConnected) { return; }  // a page the server refreshed in place has replaced this one
    readHash(); apply();
  });
  readHash();
  apply();
})();
"""
