"""Issue 27, item 8: `build --json` prints its report on stdout whatever the exit code (2
included), a project whose brand/ is missing is the "missing or empty" case (exit 1, nothing
removed), and SIGINT or SIGTERM while the project is loading give 130 / 143 with a report,
never click's "Aborted!" and exit 1. Real processes, real signals."""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'

# Loading made slow (and announced), so a signal lands while the project loads.
RUNNER = r'''
import os, sys, time
import cfpgraphics.builder.project as project  # open_project calls its load_project
real = project.load_project
def slow_load(*args, **kwargs):
    print("loading the project", file=sys.stderr, flush=True)
    time.sleep(float(os.environ.get("LOAD_SLOW", "0")))
    return real(*args, **kwargs)
project.load_project = slow_load
from cfpgraphics.cli import main
main(sys.argv[1:])
'''


@pytest.fixture
def small(make_project):
    return make_project({"content/stat/graphic.yaml": "template: stat\nsizes: [link-card]\n",
                         "content/stat/en.yaml": EN})


def cfp(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("args, words", [
    (["--lang", "xx"], "unknown language 'xx'"),
    (["--graphic", "nope"], "unknown graphic 'nope'"),
    (["--size", "huge"], "huge"),
])
def test_json_report_on_a_usage_mistake(small, args, words):
    result = cfp(small, "build", "--json", *args)
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert report["exit_code"] == 2 and words in report["error"] and report["rendered"] == 0
    assert [line for line in result.stderr.splitlines() if line.strip()] == [f"error: {report['error']}"], \
        "a usage mistake is one line"
    assert not (small / "output").exists()


def test_json_report_when_not_a_project(tmp_path):
    result = cfp(tmp_path, "build", "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["exit_code"] == 2 and "not a cfpgraphics project" in report["error"]


@pytest.mark.parametrize("damage", ["missing", "empty"])
def test_missing_brand_is_the_missing_sources_case(small, damage):
    assert cfp(small, "build", "--jobs", "1").returncode == 0
    published = sorted((small / "output").rglob("*.png"))
    shutil.rmtree(small / "brand")
    if damage == "empty":
        (small / "brand").mkdir()
    result = cfp(small, "build", "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["exit_code"] == 1 and "brand/" in report["error"]
    assert "nothing was built and nothing was removed" in result.stderr and "Traceback" not in result.stderr
    assert sorted((small / "output").rglob("*.png")) == published and report["removed"] == 0


@pytest.mark.parametrize("signum, code, name", [(signal.SIGINT, 130, "SIGINT"), (signal.SIGTERM, 143, "SIGTERM")])
def test_a_signal_while_loading_gives_its_exit_code_and_a_report(small, tmp_path, signum, code, name):
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER)
    proc = subprocess.Popen([sys.executable, str(runner), "--project", str(small), "build", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**__import__("os").environ, "LOAD_SLOW": "20"})
    try:
        assert proc.stderr.readline().strip() == "loading the project"
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, (proc.returncode, err)
    assert "Aborted" not in err and "Traceback" not in err, err
    report = json.loads(out)
    assert report["exit_code"] == code and name in report["error"] and report["rendered"] == 0
    assert not (small / "output").exists(), "nothing started"
