"""Every file `translate` writes goes through here: all of a command's files or none.

Each file is first written whole to a temporary name beside its target; only when every one is
written are they renamed into place. A read-only folder or a full disk is one located error
(exit 4, as for output/), and no file was changed. A target inside the project must stay
inside it: a graphic folder or translations/ that is a link leading out is never written
through (`translate new pt` into a linked folder wrote outside the project).
"""
from __future__ import annotations

import os
from pathlib import Path

from ..builder.output import write_beside
from ..content.diagnostics import CfpError, SourceLocation, relpath


class WriteFailed(CfpError):
    """A file could not be written (read-only, disk full): nothing was changed."""

    exit_code = 4


def check_inside(root: Path, path: Path) -> None:
    """Refuse a target whose folder is, or lies through, a link leading out of the project."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:  # a folder still to be made
        folder = folder.parent
    if not folder.resolve().is_relative_to(Path(root).resolve()):
        raise CfpError("this file would be written outside the project: its folder is a link leading out; "
                       "nothing was written", SourceLocation(relpath(path, root)),
                       fix="replace the link with a folder inside the project", code="link-outside")


def write_all(files: list[tuple[Path, bytes]], root: Path | None) -> None:
    """Write every (path, bytes), or none of them. With `root`, every path must stay inside it
    (a path the user named on the command line, `-o`, is written where it says: root None)."""
    if root is not None:
        for path, _ in files:
            check_inside(root, path)
    written: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            written.append((write_beside(path, data), path))
    except OSError as exc:
        for tmp, _ in written:
            tmp.unlink(missing_ok=True)
        raise WriteFailed(f"cannot write this file: {exc.strerror or exc}; no file was changed",
                          SourceLocation(relpath(path, root)), code="unwritable",
                          fix="make the folder writable (or free some space) and run the command again") from None
    for tmp, path in written:
        os.replace(tmp, path)
