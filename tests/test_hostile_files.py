"""The volunteers' drop folder: hostile and broken files each break only themselves.

One project holds every kind of bad file, each in its own graphic next to a good en.yaml;
`build --jobs 2`, `check`, `translations` and `watch` run on it in subprocesses with a time
limit and a memory cap (an alias bomb or /dev/zero must not be able to eat the machine).
"""
from __future__ import annotations

import json
import os
import queue
import re
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.cli import cli
from cfpgraphics.content.diagnostics import CfpError
from cfpgraphics.builder.project import open_project
from cfpgraphics.content.yamlio import MAX_BYTES, decode_text, load_yaml, parse_yaml

GRAPHIC = "template: stat\nsizes: [link-card]\n"
EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
ES = 'stat: "95%"\nstatement: "de las personas eran **negras y latinas**"\n'
BOMB = ("status: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        + "".join(f"s{i}: &{c} [{', '.join([f'*{p}'] * 9)}]\n"
                  for i, (p, c) in enumerate(zip("abcdefgh", "bcdefghi"))))

# graphic name -> (file name, bytes or a callable making the file, what the message says)
HOSTILE = {
    "vtab": ("es.yaml", ES.replace("de las", "de\x0blas").encode(), "vertical tab"),
    "nul": ("es.yaml", ES.replace("de las", "de\x00las").encode(), "NUL"),
    "ctrl-z": ("es.yaml", (ES + "\x1a").encode(), "end-of-file mark"),
    "fffe": ("es.yaml", ES.replace("de las", "de\ufffelas").encode(), "U+FFFE"),
    "utf16": ("es.yaml", ES.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
    "bomb": ("es.yaml", BOMB.encode(), "aliases"),
    "deep": ("es.yaml", ("stat: " + "[" * 300 + "]" * 300 + "\n").encode(), "levels deep"),
    "big": ("es.yaml", b"stat: \"" + b"x" * (MAX_BYTES + 10) + b"\"\n", "larger than"),
    "zero": ("es.yaml", lambda p: p.symlink_to("/dev/zero"), "outside the project"),
    "fifo": ("es.yaml", lambda p: os.mkfifo(p), "named pipe"),
    "loop": ("es.yaml", lambda p: p.symlink_to(p.name), "leads nowhere"),
    "outside": ("es.yaml", lambda p: p.symlink_to(p.parents[3] / "secret.yaml"), "outside the project"),
    "folder": ("es.yaml", lambda p: p.mkdir(), "a folder"),
    "copy": ("es copy.yaml", ES.encode(), "rename the file to es.yaml"),
    "copy-1": ("es (1).yaml", ES.encode(), "rename the file to es.yaml"),
    "native": ("español.yaml", ES.encode(), "rename the file to es.yaml"),
    "doubled": ("es.yaml.yaml", ES.encode(), "rename the file to es.yaml"),
    "yml": ("es.yml", ES.encode(), "rename the file to es.yaml"),
}
NUMBERS = 'stat: 1:30\nstatement: "numbers stay as typed: 012 3.50 0x1F +5"\n'
TYPED = {"t1": "1:30", "t2": "012", "t3": "3.50", "t4": "0x1F", "t5": "+5"}


def cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.fixture
def hostile(make_project, tmp_path):
    files = {}
    for name in HOSTILE:
        files[f"content/{name}/graphic.yaml"] = GRAPHIC
        files[f"content/{name}/en.yaml"] = EN
    for name, value in TYPED.items():
        files[f"content/{name}/graphic.yaml"] = GRAPHIC
        files[f"content/{name}/en.yaml"] = f"stat: {value}\nstatement: \"as typed\"\n"
    files["content/good/graphic.yaml"] = GRAPHIC
    files["content/good/en.yaml"] = EN
    files["content/good/es.yaml"] = ES
    root = make_project(files)
    (tmp_path / "secret.yaml").write_text('stat: "SECRET"\nstatement: "SECRET"\n')
    for name, (file, data, _) in HOSTILE.items():
        path = root / "content" / name / file
        if callable(data):
            data(path)
        else:
            path.write_bytes(data)
    return root


def cfp(root: Path, *args: str, timeout: float = 60):
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=cap_memory)


def test_every_hostile_file_breaks_only_itself(hostile):
    started = time.monotonic()
    result = cfp(hostile, "build", "--jobs", "2", "--json")
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    rendered = {Path(p).parts[1:3] for p in report["rendered_outputs"] if p.endswith(".png")}
    for name in [*HOSTILE, *TYPED, "good"]:
        assert ("en", name) in rendered, f"{name}'s good en.yaml still builds"
    assert ("es", "good") in rendered
    for name, (file, _, words) in HOSTILE.items():
        lines = [line for line in result.stderr.splitlines() if line.startswith(f"content/{name}/{file}")]
        assert lines and words in lines[0], (name, lines)
    controls = {"vtab": ":2:15:", "nul": ":2:15:", "fffe": ":2:15:", "ctrl-z": ":3:1:"}
    for name, place in controls.items():
        assert f"content/{name}/es.yaml{place}" in result.stderr, name
    alts = "".join(p.read_text() for p in (hostile / "output").rglob("*.alt.txt"))
    assert "SECRET" not in alts, "a link out of the project is never read"


def test_text_stays_as_written(hostile):
    project = open_project(hostile, AssetStore())
    for name, typed in TYPED.items():
        assert project.graphics[name].translations["en"].values["stat"] == typed


def test_check_and_translations_keep_working(hostile):
    check = cfp(hostile, "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr + check.stdout
    for name, (file, _, _) in HOSTILE.items():
        assert f"content/{name}/{file}" in check.stdout, name
    table = cfp(hostile, "translations")
    assert table.returncode == 0 and "Traceback" not in table.stderr
    assert "good" in table.stdout


def test_watch_keeps_working(hostile):
    proc = subprocess.Popen([sys.executable, "-m", "cfpgraphics", "--project", str(hostile), "watch", "--jobs", "2",
                             "--interval", "0.2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=cap_memory)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()
    seen: list[str] = []

    def until(text: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} in {seen}")

    try:
        until(" first build: ")  # one line per build, then its problems
        (hostile / "content/good/es.yaml").write_text(ES.replace("eran", "fueron"))
        summary = until(" content/good/es.yaml: ")
        assert re.search(r": 1 rendered\b", summary) and "failed" not in summary, summary
        assert (hostile / "output/es/good/link-card.png").is_file()
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=5)
        assert time.monotonic() - sent < 2 and proc.returncode == 130
        time.sleep(0.2)
        while not lines.empty():
            seen.append(lines.get())
        assert "Traceback" not in "".join(seen) and not any("internal error" in line for line in seen), seen
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("raw, words, place", [
    (b"a: x\x0by\n", "vertical tab", (1, 5)),
    (b"a: b\nc: d\x00\n", "NUL", (2, 5)),
    (b"a: b\n\x1a", "Ctrl-Z", (2, 1)),
    ("a: b\nc: \ufffe\n".encode(), "U+FFFE", (2, 4)),
    ("a: b\n".encode("utf-16-be"), "UTF-16", (1, 1)),
    (b"a: \x85\x80\n", "not saved as UTF-8", (1, 4)),
])
def test_bad_characters_and_encodings_are_located(raw, words, place):
    with pytest.raises(CfpError) as info:
        parse_yaml(decode_text(raw, "f.yaml"), "f.yaml")
    problem = info.value.problem
    assert words in problem.message and (problem.location.line, problem.location.column) == place


def test_alias_bomb_and_nesting_are_refused_quickly():
    started = time.monotonic()
    with pytest.raises(CfpError, match="aliases"):
        parse_yaml(BOMB, "f.yaml")
    with pytest.raises(CfpError, match="levels deep"):
        parse_yaml("a: " + "[" * 5000 + "]" * 5000, "f.yaml")
    with pytest.raises(CfpError, match="levels deep"):
        parse_yaml("".join("  " * i + f"k{i}:\n" for i in range(200)), "f.yaml")
    assert time.monotonic() - started < 2


def test_aliases_used_sensibly_still_work():
    assert parse_yaml("a: &x hello\nb: *x\n", "f") == {"a": "hello", "b": "hello"}


def test_links_inside_the_project_are_fine(make_project):
    root = make_project({"content/g/graphic.yaml": GRAPHIC, "shared/es.yaml": ES, "content/g/en.yaml": EN})
    (root / "content/g/es.yaml").symlink_to(root / "shared/es.yaml")
    assert "es" in open_project(root, AssetStore()).graphics["g"].translations


def test_alt_line_in_a_content_file_is_the_alt_text(make_project):
    root = make_project({"content/g/graphic.yaml": GRAPHIC,
                         "content/g/en.yaml": EN + 'alt: "A large 95% above a line about the database"\n'})
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (root / "output/en/g/link-card.alt.txt").read_text() == "A large 95% above a line about the database\n"


ANNOUNCE = "template: announcement\nsizes: [link-card]\n"


def test_a_broken_source_language_never_degrades_translations(make_project):
    """en.yaml gives the translations their link (translate: false); when it breaks, the
    translations keep their published images instead of losing the link."""
    en = ('headline: "We are **launching**"\nsubline: "A new national campaign."\ncta: "Watch the videos"\n'
          'link: "example.org/launch"\n')
    es = 'headline: "Estamos **lanzando**"\nsubline: "Una nueva campaña nacional."\ncta: "Mira los videos"\n'
    root = make_project({"content/a/graphic.yaml": ANNOUNCE, "content/a/en.yaml": en, "content/a/es.yaml": es})
    project = open_project(root, AssetStore())
    assert not project.problems.errors, [str(p) for p in project.problems]
    first = CliRunner().invoke(cli, ["--project", str(root), "build", "--jobs", "1"])
    assert first.exit_code == 0, first.output
    published = (root / "output/es/a/link-card.png").read_bytes()
    (root / "content/a/en.yaml").write_text(en.replace('**launching**"', '**launching**'))  # unclosed quote
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--jobs", "1", "--json"])
    assert result.exit_code == 1
    assert "content/a/es.yaml:1:1: warning: not rendered: it takes link" in result.stderr
    report = json.loads(result.stdout)
    assert report["rendered"] == 0 and report["removed"] == 0
    assert (root / "output/es/a/link-card.png").read_bytes() == published


# A template whose every field is translated (the shipped ones all take a link or a photo from
# en.yaml now: stat's address on paper, since issue #25).
PLAIN = """description: a figure and what it means
background: indigo
fields:
  stat: {max_chars: 12, help: "the figure"}
  statement: {max_chars: 180, help: "what it means"}
example:
  stat: "95%"
  statement: of people
elements:
  - {name: stat, kind: text, field: stat, role: display, color: marigold, box: [0, 0, 1, 0.4], size: [200, 60]}
  - {name: statement, kind: text, field: statement, role: text, color: paper, box: [0, 0.5, 1, 0.4], size: [60, 30]}
"""


def test_source_language_without_inherited_fields_does_not_hold_translations_back(make_project):
    root = make_project({"templates/plain.yaml": PLAIN, "content/g/graphic.yaml": GRAPHIC.replace("stat", "plain"),
                         "content/g/en.yaml": "stat: [\n", "content/g/es.yaml": ES})
    assert "es" in open_project(root, AssetStore()).graphics["g"].translations


def test_yaml_reader_refuses_what_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    with pytest.raises(CfpError, match="named pipe"):
        load_yaml(fifo, tmp_path)
    (tmp_path / "z.yaml").symlink_to("/dev/zero")
    with pytest.raises(CfpError, match="outside the project"):
        load_yaml(tmp_path / "z.yaml", tmp_path)
    with pytest.raises(CfpError, match="a device"):
        load_yaml(tmp_path / "z.yaml", None)


def test_a_misnamed_file_is_one_problem_and_the_rest_loads(make_project):
    root = make_project({"content/g/graphic.yaml": GRAPHIC, "content/g/en.yaml": EN})
    (root / "content/g/es copy.yaml").write_text(ES)
    project = open_project(root, AssetStore())
    assert [p.code for p in project.problems] == ["file-name"]
    assert "en" in project.graphics["g"].translations
