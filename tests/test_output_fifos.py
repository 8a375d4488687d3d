"""Issue 27, item 4: a FIFO (or any non-regular file) among the files a build reads from
output/ (the build record, its journal, the inputs memo, the gallery, the lock, an output's
alt text or PNG) must never hold the build, and its lock, forever. Each is opened without
blocking and checked to be a regular file; otherwise it counts as missing or damaged."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cfpgraphics.builder.manifest import INPUTS_NAME, JOURNAL_NAME, MANIFEST_NAME

EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
OUTPUTS = {f"{lang}/stat/{size}.png" for lang in ("en", "es") for size in ("x-post", "link-card")}

# file in output/ -> words of the one warning it gets (None: a memo or a page, replaced quietly)
NAMES = {
    MANIFEST_NAME: "named pipe",
    JOURNAL_NAME: "named pipe",
    INPUTS_NAME: None,
    "index.html": None,
    ".cfpgraphics.lock": None,
    "en/stat/x-post.alt.txt": None,
    "en/stat/x-post.png": None,
}


@pytest.fixture
def built(make_project):
    root = make_project({"content/stat/graphic.yaml": "template: stat\nsizes: [x-post, link-card]\n",
                         "content/stat/en.yaml": EN, "content/stat/es.yaml": EN})
    code, _, err = cfp_build(root)
    assert code == 0, err
    return root


def cfp_build(root: Path, timeout: float = 60):
    result = subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), "build", "--jobs", "2",
                             "--json"], capture_output=True, text=True, timeout=timeout)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_a_fifo_in_output_never_holds_the_build(built, name):
    target = built / "output" / name
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    (built / "content/stat/es.yaml").write_text(EN.replace("95%", "96%"))  # work to do: the journal is written
    started = time.monotonic()
    try:
        code, out, err = cfp_build(built, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"a FIFO as output/{name} held the build for 30 s")
    assert time.monotonic() - started < 30
    assert code == 0 and "Traceback" not in err, err
    report = json.loads(out)
    assert report["failed"] == 0 and report["rendered"] >= 2
    warnings = [line for line in err.splitlines() if "warning" in line and MANIFEST_NAME in line]
    if NAMES[name]:
        assert len(warnings) == 1 and NAMES[name] in warnings[0], err
    else:
        assert not warnings, err
    if name == JOURNAL_NAME:
        assert not os.path.lexists(target), "folded into the record, the pipe removed"
    else:
        assert target.is_file() and not target.is_symlink(), f"output/{name} is a regular file again"
    code, out, err = cfp_build(built)
    assert code == 0 and MANIFEST_NAME not in err, err
    assert json.loads(out)["skipped"] == len(OUTPUTS), "healed: the next build has nothing to do"
