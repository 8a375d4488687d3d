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


def forget_text(project, cold: bool) -> None:
    """Before each timed render: forget the layouts of earlier renders (the memo would hand the
    same card's layout back, which no peer does); with `cold`, the prepared paragraphs too
    (itemized, shaped, break opportunities found), so each render starts from the text."""
    from cfpgraphics.text.engine import Typesetter
    project.assets.scratch("typesetter", Typesetter).forget(prepared=cold)
