"""Issue 27, item 11: what `render` and `layout` take on the command line (--set) meets the
limits a content file's values do: an unclosed ** is a one-line usage mistake (exit 2); text
over its field's max_chars gets the content file's message as an error (exit 1; still drawn,
as overflow is), and a 100,000-character word or 30,000 backslashes are refused (exit 2),
quickly and within a memory cap."""
from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'


def cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def cfp(root: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=cap_memory)


@pytest.fixture
def root(make_project):
    return make_project({"content/stat/graphic.yaml": "template: stat\nsizes: [link-card]\n",
                         "content/stat/en.yaml": EN})


HOSTILE = {
    "unclosed": ("of people were **Black and Latinx", "never closed"),
    "long-word": ("x" * 100_000, "100000 characters"),
    "backslashes": ("\\" * 30_000, "30000 characters"),
    "escapes": ("\\*" * 15_000, "30000 characters"),
}


@pytest.mark.parametrize("command", ["render", "layout"])
@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_set_values_are_one_line_usage_mistakes(root, tmp_path, command, case):
    value, words = HOSTILE[case]
    out = tmp_path / "out.png"
    args = [command, "stat", "--size", "link-card", "--set", "stat=95%", "--set", f"statement={value}"]
    started = time.monotonic()
    result = cfp(root, *args, *(["-o", str(out)] if command == "render" else []))
    assert time.monotonic() - started < 15, "refused before any layout"
    assert result.returncode == 2, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --set statement: ") and words in lines[0], lines[:5]
    assert "Traceback" not in result.stderr and not result.stdout and not out.exists()


@pytest.mark.parametrize("case", ["long-word", "backslashes", "over-max-chars"])
def test_set_has_the_limits_of_a_content_file(root, tmp_path, case):
    value = HOSTILE[case][0] if case in HOSTILE else "many words " * 40
    (root / "content/stat/en.yaml").write_text('stat: "95%"\nstatement: "' + value.replace("\\", "\\\\") + '"\n')
    check = cfp(root, "check")
    [from_file] = [line for line in check.stdout.splitlines() if "characters; this template takes at most" in line]
    message = from_file.split(": ", 1)[1].rsplit(" (", 1)[0]  # after file:line:col, before the fix
    out = tmp_path / "out.png"
    result = cfp(root, "render", "stat", "--set", "stat=95%", "--set", f"statement={value}", "-o", str(out))
    assert message in result.stderr and "Traceback" not in result.stderr, (message, result.stderr)
    if case in HOSTILE:
        assert result.returncode == 2 and not out.exists(), "refused before any layout"
    else:  # too long for the template, as in a content file: an error, drawn so you can see it
        assert result.returncode == 1 and out.is_file()


def test_a_value_within_the_limits_still_renders(root, tmp_path):
    out = tmp_path / "out.png"
    result = cfp(root, "render", "stat", "--size", "link-card", "--set", "stat=95%",
                 "--set", "statement=" + "\\*" * 20 + " of people were **Black and Latinx**", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.is_file()
