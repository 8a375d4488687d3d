"""The build's progress as a person at a terminal sees it (click's progress bar, run in a real
pseudo-terminal) and as a log sees it (one plain line per graphic)."""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")

EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'


def project(make_project):
    files = {"content/stat/graphic.yaml": "template: stat\nsizes: [instagram-square, story, x-post, link-card]\n",
             "content/stat/en.yaml": EN, "content/stat/es.yaml": EN}
    return make_project(files)


def run_on_a_terminal(root, *args, interrupt_after: float | None = None) -> tuple[int, str]:
    """Run `cfpgraphics build` with stderr on a pseudo-terminal; (exit code, what it showed)."""
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cfpgraphics", "--project", str(root), "build", *args],
                            stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    shown, started, sent = b"", time.monotonic(), False
    while True:
        if interrupt_after is not None and not sent and time.monotonic() - started > interrupt_after:
            proc.send_signal(signal.SIGINT)
            sent = True
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
        assert time.monotonic() - started < 60, "the build did not finish"
    os.close(master)
    return proc.wait(timeout=10), shown.decode("utf-8", "replace")


def test_a_terminal_gets_a_bar_that_ends_on_its_own_line(make_project):
    code, shown = run_on_a_terminal(project(make_project), "--jobs", "2")
    assert code == 0, shown
    assert "8/8  8 rendered, 0 unchanged, 0 failed" in shown
    assert "rendered en/stat" not in shown, "a terminal gets the bar, not a line per graphic"
    # the bar's last frame ends with the cursor shown and a new line; what follows (the
    # campaign's warnings, such as its placeholder address) is whole lines of their own
    end = shown.rfind("\x1b[?25h")
    assert shown[end:].startswith("\x1b[?25h\r\n"), "the bar ends with the cursor shown and a new line"
    assert "[#" not in shown[end:] and shown.endswith("\r\n")
    assert shown.count("\x1b[?25l") and shown.rfind("\x1b[?25h") > shown.rfind("\x1b[?25l"), "the cursor is shown again"


def test_the_bar_counts_what_is_planned_when_a_file_has_a_mistake(make_project):
    root = project(make_project)
    (root / "content/stat/es.yaml").write_text(EN.replace("**Black and Latinx**", "**Black and Latinx"))
    code, shown = run_on_a_terminal(root, "--jobs", "1")
    assert code == 1
    assert "4/4  4 rendered" in shown and "/8" not in shown, shown  # es is left out: its file has an error


def test_stopped_by_ctrl_c_the_terminal_gets_its_cursor_back(make_project):
    root = make_project({}, with_content=True)  # the whole campaign: still drawing when Ctrl-C comes
    code, shown = run_on_a_terminal(root, "--jobs", "1", interrupt_after=2.0)
    assert code == 130, shown[-500:]
    assert "\x1b[?25l" in shown and shown.rfind("\x1b[?25h") > shown.rfind("\x1b[?25l"), "the cursor is shown again"
    assert "stopped by SIGINT" in shown


def test_a_log_gets_one_plain_line_per_graphic(make_project):
    result = subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(project(make_project)), "build",
                             "--jobs", "1"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("rendered ")]
    assert len(lines) == 8 and "\r" not in result.stderr and "\x1b" not in result.stderr
