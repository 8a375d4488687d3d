"""Where the peers' shared benchmark set-up is: ../shared/bench beside the project or, from a
git worktree elsewhere, beside the main checkout."""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_bench() -> Path:
    here = ROOT.parent / "shared" / "bench"
    if not here.is_dir():
        common = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True).stdout.strip()
        if common and (Path(common).parent.parent / "shared" / "bench").is_dir():
            return Path(common).parent.parent / "shared" / "bench"
    return here


SHARED = shared_bench()
