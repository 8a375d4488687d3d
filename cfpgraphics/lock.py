"""One build at a time per output folder: an advisory file lock (flock), released by the OS
even if the build is killed, so a crash never leaves a stale lock behind."""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import CfpError

LOCK_NAME = ".cfpgraphics.lock"


@contextmanager
def build_lock(output_dir: Path, wait: float, on_wait=None):
    """Hold the lock for the block. Waits up to `wait` seconds for another build to finish."""
    import fcntl

    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / LOCK_NAME
    with open(path, "a+") as fh:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "unknown"
                if time.monotonic() >= deadline:
                    raise CfpError(f"another build (pid {holder}) is writing {output_dir}",
                                   fix="wait for it to finish, or pass --wait SECONDS to wait longer") from None
                if on_wait and not told:
                    on_wait(holder)
                    told = True
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
