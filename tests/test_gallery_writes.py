"""Issue 27, item 9: the review page (output/index.html) is one of the build's files, with
the same promises as the images: a page that cannot be written is exit 4 with the reason (not
an internal error), `watch` goes on after it, a build killed while writing it leaves the next
build to write it, and an `index.html` that is a folder is a clear error. Each in a real
process, with real limits: RLIMIT_FSIZE for a full disk, SIGKILL for a kill."""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'

# The CLI with the page's writer slowed down when GALLERY_SLEEP is set: it says so on stderr
# first, so a test can kill the build while the page is being written.
RUNNER = r'''
import os, sys, time
import cfpgraphics.builder.runner as runner

real_write = runner.write_gallery
def slow_write(*args, **kwargs):
    if os.environ.get("GALLERY_SLEEP"):
        print("writing the gallery", file=sys.stderr, flush=True)
        time.sleep(float(os.environ["GALLERY_SLEEP"]))
    return real_write(*args, **kwargs)
runner.write_gallery = slow_write

from cfpgraphics.cli import main
main(sys.argv[1:])
'''


@pytest.fixture
def built(make_project, tmp_path):
    root = make_project({"content/stat/graphic.yaml": "template: stat\nsizes: [x-post, link-card]\n",
                         "content/stat/en.yaml": EN})
    (tmp_path / "runner.py").write_text(RUNNER)
    code, out, err = cfp(root, "build", "--json")
    assert code == 0 and (root / "output/index.html").is_file(), err
    return root


def cfp(root: Path, *args: str, preexec=None, env: dict | None = None, timeout: float = 60):
    result = subprocess.run([sys.executable, str(root.parent / "runner.py"), "--project", str(root), *args],
                            capture_output=True, text=True, timeout=timeout, preexec_fn=preexec,
                            env={**os.environ, **(env or {})})
    return result.returncode, result.stdout, result.stderr


def limit_file_size(limit: int):
    """A disk that takes no file larger than `limit` bytes (the soft limit: a test may lift it)."""
    def preexec():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    return preexec


def test_a_page_that_cannot_be_written_is_exit_4_with_the_reason(built):
    page = built / "output/index.html"
    page.unlink()  # nothing else to write: only the page meets the limit
    code, out, err = cfp(built, "build", "--json", "--jobs", "2", preexec=limit_file_size(1024))
    assert code == 4, err
    assert "index.html" in err and "File too large" in err, err
    assert "internal error" not in err and "Traceback" not in err, err
    report = json.loads(out)
    assert report["exit_code"] == 4 and "File too large" in report["error"]
    assert not page.exists() and not list((built / "output").glob(".index.html.*")), "no half-written page"
    code, out, err = cfp(built, "build", "--json")
    assert code == 0 and page.is_file(), err


def test_a_build_killed_while_writing_the_page_leaves_the_next_build_to_write_it(built):
    page = built / "output/index.html"
    (built / "content/stat/en.yaml").write_text(EN.replace("95%", "96%"))
    proc = subprocess.Popen([sys.executable, str(built.parent / "runner.py"), "--project", str(built), "build",
                             "--jobs", "2"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "GALLERY_SLEEP": "30"}, start_new_session=True)
    try:
        for line in proc.stderr:
            if line.startswith("writing the gallery"):
                break
        else:
            pytest.fail("the build ended before writing its page")
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert "96%" not in page.read_text(encoding="utf-8"), "the kill left yesterday's page"
    code, out, err = cfp(built, "build", "--json")
    assert code == 0 and json.loads(out)["rendered"] == 0, err  # every image was finished before the kill
    assert "96%" in page.read_text(encoding="utf-8"), "the next build wrote the page of today's images"
    mtime = page.stat().st_mtime_ns
    code, out, err = cfp(built, "build", "--json")
    assert code == 0 and page.stat().st_mtime_ns == mtime, "after that, a build with nothing to do leaves it"


def test_an_index_html_that_is_a_folder_is_a_clear_error(built):
    page = built / "output/index.html"
    page.unlink()
    page.mkdir()
    (page / "notes.txt").write_text("someone's notes")
    code, out, err = cfp(built, "build", "--json")
    assert code == 4, err
    assert "output/index.html is a folder" in err and "internal error" not in err and "Traceback" not in err, err
    assert json.loads(out)["exit_code"] == 4
    assert (page / "notes.txt").read_text() == "someone's notes", "the folder is left as it is"


def test_watch_goes_on_after_a_page_it_cannot_write(built):
    page = built / "output/index.html"
    page.unlink()
    proc = subprocess.Popen([sys.executable, str(built.parent / "runner.py"), "--project", str(built), "watch",
                             "--jobs", "1", "--interval", "0.2"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, preexec_fn=limit_file_size(1024), start_new_session=True)
    try:
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if "index.html" in line:
                break
        assert "File too large" in lines[-1] and "internal error" not in "".join(lines), lines
        resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        time.sleep(0.5)
        assert proc.poll() is None, "still watching"
        (built / "content/stat/en.yaml").write_text(EN.replace("95%", "97%"))
        deadline = time.monotonic() + 30
        while not (page.is_file() and "97%" in page.read_text(encoding="utf-8")):
            assert proc.poll() is None and time.monotonic() < deadline, "watch rebuilt and wrote the page"
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == 143 and "Traceback" not in err, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
