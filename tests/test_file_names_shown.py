"""Issue 27, item 7 (the rest): file names with control characters or bytes that are not UTF-8
are shown escaped on the terminal (`\\x1b`, `\\n`, `\\xff`: an escape sequence cannot recolour
it, a new line cannot fake another message) and are valid in the JSON report. `check` and
`build --json` run in subprocesses; their output is read as bytes and must be strict UTF-8."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GRAPHIC = "template: stat\nsizes: [link-card]\n"
EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: pt\\n"\n'
# name on disk (bytes) -> how it is shown, inside its folder
NAMES = {
    b"content/stat/es\x1b[31m.yaml": "content/stat/es\\x1b[31m.yaml",
    b"content/stat/es\xff\xfe.yaml": "content/stat/es\\xff\\xfe.yaml",
    b"content/ev\nil": "content/ev\\nil",
    b"translations/p\x1bt\x85.po": "translations/p\\x1bt\\x85.po",
}


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                            capture_output=True, timeout=120)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")  # strict


def test_odd_file_names_are_shown_escaped_and_valid_in_json(make_project):
    root = make_project({"content/stat/graphic.yaml": GRAPHIC, "content/stat/en.yaml": EN})
    (root / "translations").mkdir()
    for name in NAMES:
        path = os.path.join(os.fsencode(root), name)
        if name.endswith(b"il"):
            os.mkdir(path)
            with open(os.path.join(path, b"graphic.yaml"), "wb") as fh:
                fh.write(GRAPHIC.encode())
        else:
            with open(path, "wb") as fh:
                fh.write((PO if name.endswith(b".po") else EN).encode())
    code, out, err = run(root, "build", "--jobs", "2", "--json")
    assert code == 1 and "Traceback" not in err, err
    report = json.loads(out)
    locations = [p["location"] for p in report["problems"]]
    for shown in NAMES.values():
        assert any(loc.startswith(shown) for loc in locations), (shown, locations)
        assert any(line.startswith(shown + ":") or line.startswith(shown + "/") for line in err.splitlines()), shown
    for text in (out, err):
        assert not any(ch in text for ch in "\x1b\x85\udcff"), "nothing a terminal would act on"
    assert not any(line.startswith("il") for line in err.splitlines()), "a new line in a name starts no line"
    assert (root / "output/en/stat/link-card.png").is_file()
    code, out, err = run(root, "check")
    assert code == 1 and "Traceback" not in err, err
    for shown in NAMES.values():
        assert shown in out, shown
    assert "\x1b" not in out
