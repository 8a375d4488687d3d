"""Which file a URL path may name: one regular file inside a served folder, nothing else.

The path comes percent-decoded from the server (`%2e%2e` is `..`, `%2F` is `/`), so it is
checked in its decoded form, part by part: no empty, `.` or `..` part, no hidden name
(`output/.cfpgraphics-manifest.json`, `.git`), no backslash or NUL. Then the file is resolved
(every link followed) and must still lie inside the served folder, itself resolved: a link in
output/ leading out of it is refused, a link to another file inside is served. Only regular
files: a folder, a FIFO (opening one would hang) or a socket is refused too. The one hidden
name a caller may allow is a top folder it names (output/.thumbs/, the gallery's thumbnails).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


def safe_file(base: Path, url_path: str, hidden_top: str | None = None) -> Path | None:
    """The resolved file `url_path` names inside `base`, or None if it may not be served.
    `hidden_top`: a hidden folder right under `base` that may be served all the same."""
    if not url_path or url_path.startswith("/") or "\\" in url_path or "\x00" in url_path:
        return None
    parts = url_path.split("/")
    def hidden(names) -> bool:
        return any(part.startswith(".") and not (i == 0 and part == hidden_top and len(names) > 1)
                   for i, part in enumerate(names))
    if any(part in ("", ".", "..") for part in parts) or hidden(parts):
        return None
    try:
        top = base.resolve(strict=True)
        found = (top / Path(*parts)).resolve(strict=True)
        found.relative_to(top)
        mode = os.stat(found).st_mode
    except (OSError, ValueError, RuntimeError):  # missing, outside, a link loop
        return None
    if not stat.S_ISREG(mode):
        return None
    if hidden(found.relative_to(top).parts):  # a link to a hidden file
        return None
    return found
