"""Reading files a build keeps in output/ (its record, memo, gallery) without ever blocking:
only regular files are read, opened without waiting (a FIFO there would hold the build and
its lock forever) and checked by the descriptor that is read."""
from __future__ import annotations

import errno
import os
import stat as stat_module
from pathlib import Path


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words for a message."""
    return ("a folder" if stat_module.S_ISDIR(mode) else "a named pipe (FIFO)" if stat_module.S_ISFIFO(mode)
            else "a device" if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode)
            else "a socket" if stat_module.S_ISSOCK(mode) else "not a regular file")


def open_regular(path: Path | str) -> int:
    """A read-only descriptor of `path`, which must be a regular file. Opened without blocking
    (a FIFO put in output/ would otherwise hold the build, and its lock, forever) and checked
    with fstat, so the file read is the file checked. Raises OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat_module.S_ISREG(mode):
        os.close(fd)
        raise OSError(errno.EINVAL, f"it is {kind_of(mode)}, not a file", str(path))
    return fd


def read_at_most(fd: int, limit: int) -> bytes:
    """What a descriptor holds, up to `limit` + 1 bytes: one byte more than the limit says the
    file is too large without reading all of a huge one."""
    chunks, size = [], 0
    while size <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file (see `open_regular`); ValueError if it holds more than `limit`."""
    fd = open_regular(path)
    try:
        data = read_at_most(fd, limit)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ValueError("it is larger than any build writes")
    return data
