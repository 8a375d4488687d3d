"""Issue 27, item 7: control characters that arrive through a YAML escape ("a\0b\x1b[31m" in
double quotes) or a PO entry are reported at file:line, as raw ones in a YAML file already are,
and never published: no image, no alt text, nothing in the gallery. `build --jobs 2` in a
subprocess, as a scheduled build runs."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
PO_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: pt\\n"\n\n'

# case -> (file, its bytes, the line reported (a PO entry's first line), what the message names)
CASES = {
    "yaml-nul-escape": ("content/stat/es.yaml", b'stat: "95%"\nstatement: "a\\0b de las personas"\n', 2, "NUL"),
    "yaml-esc-escape": ("content/stat/es.yaml", b'stat: "95%"\nstatement: "las \\x1b[31mpersonas"\n', 2,
                        "escape character"),
    "yaml-vtab-escape": ("content/stat/es.yaml", b'stat: "95%"\nstatement: "de\\vlas personas"\n', 2, "vertical tab"),
    "po-raw-esc": ("translations/pt.po", (PO_HEAD + 'msgctxt "stat/statement"\nmsgid "x"\n'
                                          'msgstr "das \x1b[31mpessoas"\n').encode(), 6, "escape character"),
    "po-vtab-escape": ("translations/pt.po", (PO_HEAD + 'msgctxt "stat/statement"\nmsgid "x"\n'
                                              'msgstr "das\\vpessoas"\n').encode(), 6, "vertical tab"),
}


@pytest.mark.parametrize("case", CASES)
def test_control_characters_from_escapes_are_located_and_never_published(make_project, case):
    file, data, line, words = CASES[case]
    root = make_project({"content/stat/graphic.yaml": "template: stat\nsizes: [link-card]\n",
                         "content/stat/en.yaml": EN, file: data})
    result = subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), "build", "--jobs", "2",
                             "--json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    located = [p for p in report["problems"] if p["code"] == "control-character"]
    assert len(located) == 1 and located[0]["location"].startswith(f"{file}:{line}"), report["problems"]
    assert words in located[0]["message"] and located[0]["severity"] == "error"
    assert any(line_.startswith(f"{file}:{line}") and words in line_ for line_ in result.stderr.splitlines())
    lang = Path(file).stem
    assert not (root / "output" / lang).exists(), "nothing of that translation is published"
    texts = "".join(p.read_text(encoding="utf-8") for p in (root / "output").rglob("*")
                    if p.suffix in (".txt", ".html", ".json") and p.is_file())
    assert not any(ch in texts for ch in "\x00\x1b\x0b"), "no control character in alt text, gallery or record"
    assert (root / "output/en/stat/link-card.png").is_file(), "the rest still builds"
