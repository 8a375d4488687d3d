"""One build at a time per output folder: an advisory file lock (flock), released by the OS
even if the build is killed, so a crash never leaves a stale lock behind.

Worker processes must never keep the lock alive after the build that started them is gone:
the descriptor is opened close-on-exec, and a forked worker closes its inherited copy first
thing (`build_lock` yields the descriptor and the runner hands it to its workers; closing a
copy never releases the parent's lock, `LOCK_UN` would).
Should a lock still be held while the build that wrote its pid is gone (orphans of an older
version, a frozen NFS client), the next build takes it over with a message instead of waiting
forever.
"""
from __future__ import annotations

import errno
import os
import stat as stat_module
import time
from contextlib import contextmanager
from pathlib import Path

from ..content.diagnostics import CfpError

LOCK_NAME = ".cfpgraphics.lock"


class LockBusy(CfpError):
    """Another live build holds the lock: its own exit code, so a cron job can tell."""

    exit_code = 3


class OutputUnwritable(CfpError):
    """output/ cannot be created or written (read-only, a file, disk full)."""

    exit_code = 4


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
    except OSError:
        return "unknown"


def _open(path: Path) -> int:
    """The lock file, opened without blocking: a FIFO in its place would hold the build before
    it even locks (on some systems). Anything but a regular file there was never a lock of
    ours: it is removed and a fresh lock file made."""
    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags, 0o644)
    if stat_module.S_ISREG(os.fstat(fd).st_mode):
        return fd
    os.close(fd)
    os.unlink(path)
    return os.open(path, flags | os.O_EXCL, 0o644)


def prepare_output(output_dir: Path) -> None:
    """Create output/ or say plainly why it cannot be used."""
    if output_dir.is_symlink() and not output_dir.exists():
        raise OutputUnwritable(f"{output_dir} is a link to a folder that does not exist",
                               fix="create the folder it points to, or remove the link")
    if output_dir.exists() and not output_dir.is_dir():
        raise OutputUnwritable(f"{output_dir} is a file, not a folder",
                               fix="move that file away; the build writes its graphics into this folder")
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputUnwritable(f"cannot create {output_dir}: {exc.strerror}",
                               fix="check the folder's permissions and free disk space") from None
    if not os.access(output_dir, os.W_OK | os.X_OK):
        raise OutputUnwritable(f"{output_dir} is read-only", fix="make it writable (chmod u+w), or build elsewhere")


@contextmanager
def build_lock(output_dir: Path, wait: float, on_wait=None, on_takeover=None):
    """Hold the lock for the block, which gets its descriptor (a forked worker must close its
    copy). Waits up to `wait` seconds for another build to finish."""
    # POSIX only, imported where the lock is taken.
    import fcntl

    prepare_output(output_dir)
    path = output_dir / LOCK_NAME
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fd = _open(path)
        except OSError as exc:
            raise OutputUnwritable(f"cannot create the build lock {path}: {exc.strerror}",
                                   fix="make output/ writable and check free disk space") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise OutputUnwritable(f"cannot lock {path}: {exc.strerror}") from None
            holder = _holder(fd)
            if holder.isdigit() and int(holder) != os.getpid() and not _alive(int(holder)):
                # The build that took this lock is dead, yet something still holds it: take
                # it over on a fresh file (flock belongs to the file, not the name).
                try:
                    if os.stat(path).st_ino == os.fstat(fd).st_ino:
                        os.unlink(path)
                except OSError:
                    pass
                os.close(fd)
                if on_takeover:
                    on_takeover(holder)
                continue
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockBusy(f"another build (pid {holder}) is writing {output_dir}",
                               fix="wait for it to finish, or pass --wait SECONDS to wait longer") from None
            if on_wait and not told:
                on_wait(holder)
                told = True
            time.sleep(0.2)
            continue
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except OSError:
            same = False
        if not same:  # taken over and replaced between our open and our lock: try again
            os.close(fd)
            continue
        break
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
    except OSError:
        pass  # the pid is only for messages
    try:
        yield fd
    finally:
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
