"""Output formats by name: the one registry of what `--format` (build and render),
graphic.yaml's `formats:` and `render -o`'s extension accept.

Three kinds of format, all named here with the extensions of their files:

- stills (png, jpeg, webp; pdf): one file per output, the raster ones encoded from one drawing
  of the scene;
- clips (mp4, webp-anim, issue #26): the scene played in time, one file per output (a
  carousel's pages are one clip's scenes), made only for the sizes clips are for (CLIP_SIZES:
  Stories/Reels and the feed's two); other sizes of a graphic asking for them get stills only;
- stills include pdf (issue #25): one vector page per output, drawn from the same scene
  (render/pdf/); `cfpgraphics print` puts several outputs' pages in one PDF.

A name known here with no backend in render/backends.py is refused with "not available yet",
never written as a PNG under another name.

Which of them can be written today is the renderer's to say (render/backends.py: one backend
per format), handed to the loader by builder/project.py as the element kinds are.
"""
from __future__ import annotations

from pathlib import PurePath

from .diagnostics import CfpError, Diagnostics

# name -> the extension its files get (the first); every extension it is known by
FORMATS: dict[str, tuple[str, ...]] = {
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "webp": (".webp",),
    "mp4": (".mp4",),
    "webp-anim": (".anim.webp",),  # not .webp alone: that is the WebP still's
    "pdf": (".pdf",),
}
STILL_FORMATS = ("png", "jpeg", "webp", "pdf")
CLIP_FORMATS = ("mp4", "webp-anim")
CLIP_SIZES = ("story", "instagram-square", "instagram-portrait")  # the sizes clips are made for
ALIASES = {"jpg": "jpeg"}  # `--format jpg` is what many will type
DEFAULT_FORMATS = ("png",)


def suffix(name: str) -> str:
    """The extension of a format's files: jpeg -> .jpg, webp-anim -> .anim.webp"""
    return FORMATS[name][0]


def is_clip(name: str) -> bool:
    return name in CLIP_FORMATS


def is_still(name: str) -> bool:
    return name in STILL_FORMATS


def clip_size(size_name: str) -> bool:
    """Whether clips are made for this size (build skips the others' clips)."""
    return size_name in CLIP_SIZES


def format_name(text: str) -> str | None:
    """The format a user named (any case, `jpg` for jpeg), or None."""
    text = str(text).strip().lower()
    text = ALIASES.get(text, text)
    return text if text in FORMATS else None


def format_of_path(path: PurePath) -> str | None:
    """The format an output file's name asks for (out.JPG -> jpeg, clip.anim.webp -> webp-anim),
    or None. The longest extension wins: .anim.webp before .webp."""
    name = path.name.lower()
    found = [(len(ext), fmt) for fmt, exts in FORMATS.items() for ext in exts if name.endswith(ext) and name != ext]
    return max(found)[1] if found else None


def with_format(path: PurePath, name: str) -> PurePath:
    """`path` with the extension of format `name` in place of its own (out.png -> out.anim.webp)."""
    own = format_of_path(path)
    stem = path.name[:len(path.name) - len(_ext_of(path, own))] if own else path.stem
    return path.with_name(stem + suffix(name))


def _ext_of(path: PurePath, name: str) -> str:
    low = path.name.lower()
    return max((ext for ext in FORMATS[name] if low.endswith(ext)), key=len)


def listing(available) -> str:
    """Every name for a help text or a fix: the available ones, then those not available yet."""
    later = [f for f in FORMATS if f not in available]
    return ", ".join(available) + (f" ({', '.join(later)}: not available yet)" if later else "")


def unavailable(name: str, available) -> CfpError:
    """A known format no backend writes yet (pdf): a usage mistake that says so."""
    return CfpError(f"{name} is not available yet", fix="formats available: " + ", ".join(available),
                    code="format-unavailable")


def check_formats(names, available) -> tuple[str, ...]:
    """The formats named (in order, without repeats), each known and available; CfpError on the
    first that is not (exit 2 on the command line)."""
    out = []
    for text in names:
        name = format_name(text)
        if name is None:
            raise CfpError(f"unknown format '{text}'", fix="formats: " + ", ".join(available), code="format")
        if name not in available:
            raise unavailable(name, available)
        if name not in out:
            out.append(name)
    return tuple(out)


def parse_formats(meta, problems: Diagnostics, available) -> tuple[str, ...] | None:
    """graphic.yaml's `formats:`: a list of format names (left out: png alone; one name alone is
    a list of one); each mistake reported at its line. None after reporting."""
    from .names import known, short  # imported here: the command line's --help reads FORMATS alone
    if "formats" not in meta:
        return DEFAULT_FORMATS
    given = meta.get("formats")
    if isinstance(given, str):
        given = [given]
    if not isinstance(given, list) or not given:
        problems.add("`formats:` is a list of format names in brackets", meta.where("formats"),
                     fix="e.g. formats: [png, jpeg, mp4]", code="format")
        return None
    out, ok = [], True
    for i, text in enumerate(given):
        where = given.where(i) if hasattr(given, "where") else meta.where("formats")
        name = format_name(text) if isinstance(text, str) else None
        if name is None:
            problems.add(f"unknown format '{short(text)}'", where, fix=known(str(text), available, "formats"),
                         code="format")
            ok = False
        elif name not in available:
            problems.add(f"{name} is not available yet", where, fix="formats available: " + ", ".join(available),
                         code="format-unavailable")
            ok = False
        elif name not in out:
            out.append(name)
    return tuple(out) if ok else None
