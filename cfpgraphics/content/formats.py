"""Output formats by name: what `--format`, graphic.yaml's `formats:` and `render -o` accept.

Every name a user may type is here with its file extension; which of them can be written today
is the renderer's to say (render/backends.py: one backend per format), handed to the loader
by builder/project.py as the element kinds are. A name known here without a backend (pdf) is
refused with "not available yet", never written as a PNG under another name.
"""
from __future__ import annotations

from pathlib import PurePath

from .diagnostics import CfpError

# name -> the extension its files get (the first); every extension it is known by
FORMATS: dict[str, tuple[str, ...]] = {
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "webp": (".webp",),
    "pdf": (".pdf",),
}
ALIASES = {"jpg": "jpeg"}  # `--format jpg` is what many will type
DEFAULT_FORMATS = ("png",)


def suffix(name: str) -> str:
    """The extension of a format's files: jpeg -> .jpg"""
    return FORMATS[name][0]


def format_name(text: str) -> str | None:
    """The format a user named (any case, `jpg` for jpeg), or None."""
    text = str(text).strip().lower()
    text = ALIASES.get(text, text)
    return text if text in FORMATS else None


def format_of_path(path: PurePath) -> str | None:
    """The format an output file's extension asks for (out.JPG -> jpeg), or None."""
    ext = path.suffix.lower()
    return next((name for name, exts in FORMATS.items() if ext in exts), None)


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
