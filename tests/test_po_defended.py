"""Issue 27, item 2: PO files are defended as YAML files are. The same size cap and link rules
(read through yamlio.read_source), parse time linear in the size, every malformed entry
reported at its line and nothing of it published: an unterminated msgstr, a msgctxt given
twice, a plural entry. `check`, `build --jobs 2`, `translate import` and `translate update`
run in subprocesses, as a scheduled build and a maintainer run them."""
from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from cfpgraphics.content.diagnostics import Diagnostics
from cfpgraphics.content.po_reader import read_po
from cfpgraphics.content.yamlio import MAX_BYTES

GRAPHIC = "template: stat\nsizes: [link-card]\n"
EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: pt\\n"\n\n'
MSGFMT = shutil.which("msgfmt")


def entry(graphic: str, field: str, text: str) -> str:
    return f'msgctxt "{graphic}/{field}"\nmsgid "x"\nmsgstr "{text}"\n\n'


def cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def cfp(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=cap_memory)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# Each fault in a graphic of its own, beside one that is good; the line reported is the line of
# the fault (a duplicate: the second entry's first line).
PO = (HEAD + entry("good", "stat", "95%") + entry("good", "statement", "das pessoas eram **negras**")
      + entry("open", "stat", "95%") + 'msgctxt "open/statement"\nmsgid "x"\nmsgstr "das pessoas\n\n'
      + entry("twice", "stat", "95%") + entry("twice", "statement", "primeira") + entry("twice", "statement", "segunda")
      + entry("plural", "stat", "95%")
      + 'msgctxt "plural/statement"\nmsgid "x"\nmsgid_plural "xs"\nmsgstr[0] "uma pessoa"\nmsgstr[1] "pessoas"\n\n'
      + entry("quote", "stat", "95%") + 'msgctxt "quote/statement"\nmsgid "x"\nmsgstr "das "pessoas""\n\n'
      + entry("stray", "stat", "95%") + 'msgctxt "stray/statement"\nmsgid "x"\ndas pessoas soltas\nmsgstr "das"\n\n'
      + entry("long", "stat", "95%") + 'msgctxt "long/statement"\nmsgid "x"\nmsgstr ""\n"das "\n"pessoas "\n"eram"\n')
FAULTS = {  # graphic -> (the text its line starts with, what the message says)
    "open": ('msgstr "das pessoas\n', "no closing double quote"),
    "twice": ('msgctxt "twice/statement"\nmsgid "x"\nmsgstr "segunda"', "given twice: here and at line"),
    "plural": ('msgid_plural "xs"', "cfpgraphics texts have no plural forms"),
    "quote": ('msgstr "das "pessoas""', "follows the closing double quote"),
    "stray": ("das pessoas soltas\n", "not part of a PO entry"),
}


@pytest.fixture
def campaign(make_project):
    files = {"translations/pt.po": PO}
    for name in ["good", "long", *FAULTS]:
        files[f"content/{name}/graphic.yaml"] = GRAPHIC
        files[f"content/{name}/en.yaml"] = EN
    return make_project(files)


def test_every_malformed_entry_is_located_and_nothing_of_it_is_published(campaign):
    result = cfp(campaign, "build", "--jobs", "2", "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    problems = json.loads(result.stdout)["problems"]
    for graphic, (start, words) in FAULTS.items():
        place = f"translations/pt.po:{line_of(PO, start)}"
        found = [p for p in problems if p["location"] == place]
        assert found and words in found[0]["message"] and found[0]["severity"] == "error", (graphic, problems)
        assert found[0]["fix"], graphic
        assert not (campaign / f"output/pt/{graphic}").exists(), f"nothing of {graphic}'s broken entry is published"
    assert (campaign / "output/pt/good/link-card.png").is_file(), "the good entries still render"
    assert (campaign / "output/pt/long/link-card.alt.txt").read_text(encoding="utf-8").splitlines()[-1] == "das pessoas eram"
    alts = "".join(p.read_text(encoding="utf-8") for p in (campaign / "output").rglob("*.alt.txt"))
    assert "das pessoa" not in alts.replace("das pessoas eram", ""), "never the truncated text"
    assert "primeira" not in alts and "segunda" not in alts, "a msgctxt given twice: neither is used"
    check = cfp(campaign, "check")
    for graphic, (start, words) in FAULTS.items():
        assert f"translations/pt.po:{line_of(PO, start)}: " in check.stdout, graphic


def test_a_broken_entry_keeps_yesterdays_images(campaign):
    fixed = PO.replace('msgstr "das pessoas\n', 'msgstr "das pessoas"\n')
    (campaign / "translations/pt.po").write_text(fixed, encoding="utf-8")
    assert cfp(campaign, "build", "--jobs", "2").returncode == 1  # the other faults are still there
    assert (campaign / "output/pt/open/link-card.png").is_file()
    (campaign / "translations/pt.po").write_text(PO, encoding="utf-8")
    assert cfp(campaign, "build", "--jobs", "2").returncode == 1
    assert (campaign / "output/pt/open/link-card.png").is_file(), "a refused entry deletes no published image"


def test_import_and_update_report_the_same_and_write_nothing_broken(campaign, tmp_path):
    sheet = tmp_path / "pt.po"
    sheet.write_text(PO, encoding="utf-8")
    run = cfp(campaign, "translate", "import", str(sheet))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    for graphic, (start, words) in FAULTS.items():
        assert f"pt.po:{line_of(PO, start)}: " in run.stderr and words in run.stderr, graphic
    for graphic in FAULTS:  # without its broken statement (required), pt.yaml would fail `check`: not created
        assert f"nothing of '{graphic}' is imported: content/{graphic}/pt.yaml would fail" in run.stderr, graphic
        assert not (campaign / f"content/{graphic}/pt.yaml").exists(), graphic
    update = cfp(campaign, "translate", "update")
    assert "pt.po" in update.stderr and "left as it is" in update.stderr
    assert (campaign / "translations/pt.po").read_text(encoding="utf-8") == PO, "a file with mistakes is not rewritten"


def test_an_oversized_po_file_is_refused_at_once(campaign):
    # 4 MB of one msgstr over many lines took polib 34 s; 100 MB over 180 s
    body = '"das pessoas eram negras e latinas "\n' * ((4 << 20) // 37)
    (campaign / "translations/pt.po").write_text(HEAD + 'msgctxt "good/statement"\nmsgid "x"\nmsgstr ""\n' + body,
                                                 encoding="utf-8")
    started = time.monotonic()
    result = cfp(campaign, "check", timeout=30)
    assert time.monotonic() - started < 20
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "translations/pt.po: this file is larger than 1 MB" in result.stdout


def test_po_parse_time_grows_linearly(tmp_path):
    """Best of three, a quarter of the cap against nearly all of it: linear is about 4x,
    polib alone was 14x (a text over many lines is copied again for every line)."""
    def seconds(size: int) -> float:
        path = tmp_path / f"{size}.po"
        lines = '"palavra palavra palavra palavra "\n' * (size // 35)
        path.write_text(HEAD + 'msgctxt "good/statement"\nmsgid "x"\nmsgstr ""\n' + lines, encoding="utf-8")
        best = float("inf")
        for _ in range(3):
            problems = Diagnostics()
            started = time.perf_counter()
            catalog = read_po(path, tmp_path, problems)
            best = min(best, time.perf_counter() - started)
            assert not problems and len(catalog[0].msgstr) == len(lines) - 3 * (size // 35)
        return best

    small, large = seconds(MAX_BYTES // 4), seconds(MAX_BYTES - 4096)
    assert large < 8 * small + 0.05, (small, large)
    assert large < 1.0, large


def test_the_lexer_passes_what_gettext_writes(tmp_path):
    """Obsolete entries, previous msgids, flags and texts over many lines read as polib reads
    them, at the same lines."""
    text = (HEAD + '#. a note\n#: content/x/en.yaml:2\n#, fuzzy\n#| msgid "old"\n#| "er"\nmsgctxt "x/statement"\n'
            'msgid ""\n"two "\n"lines"\nmsgstr ""\n"duas "\n"linhas"\n\n#~ msgctxt "x/gone"\n#~ msgid "a"\n'
            '#~ msgstr ""\n#~ "b"\n')
    path = tmp_path / "pt.po"
    path.write_text(text, encoding="utf-8")
    problems = Diagnostics()
    ours = read_po(path, tmp_path, problems)
    assert not problems, [str(p) for p in problems]
    theirs = polib.pofile(str(path), encoding="utf-8")
    assert [(e.msgctxt, e.msgid, e.msgstr, e.flags, e.previous_msgid, e.obsolete, e.linenum, e.comment)
            for e in ours] == [(e.msgctxt, e.msgid, e.msgstr, e.flags, e.previous_msgid, e.obsolete, e.linenum,
                                e.comment) for e in theirs]
    assert ours.metadata == theirs.metadata
    if MSGFMT:
        assert subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)]).returncode == 0
