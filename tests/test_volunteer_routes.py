"""A volunteer's first hour (issue 22), tested as people meet it: in a subprocess, from the
files they really send. Nothing unreviewed is published, whichever route a translation takes
(YAML, a PO file from msginit or Poedit, a spreadsheet); a new language starts clean; the
length a translator is told is one number everywhere; PO problems are named in PO terms;
a translation that loses the English's emphasis is told so."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import polib
import pytest
from PIL import Image

from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.render.job import compose_job

ROOT = Path(__file__).resolve().parent.parent
GRAPHIC = "chicago-gang-database"


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=600)


def gettext(tool: str, *args: str, cwd: Path) -> None:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"GNU {tool} is not installed (Debian: apt-get install gettext)")
    run = subprocess.run([path, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def built(root: Path, *args: str) -> dict:
    run = cli(root, "build", "--json", "--jobs", "2", *args)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    return json.loads(run.stdout)


def has_draft_band(root: Path, lang: str, size: str = "instagram-square") -> bool:
    """Whether the PNG carries the draft band: where a draft of it draws the band, most pixels
    are the band's colour."""
    project = open_project(root, AssetStore())
    [job] = plan_jobs(project, {GRAPHIC}, {lang}, {size})
    band = compose_job(project, dataclasses.replace(job, draft=True)).draft_band
    pixels = np.asarray(Image.open(root / f"output/{lang}/{GRAPHIC}/{size}.png").convert("RGB"))
    x0, y0, x1, y1 = int(band.box.x), int(band.box.y), int(band.box.x + band.box.w), int(band.box.y + band.box.h)
    area = pixels[y0:y1, x0:x1].reshape(-1, 3)
    return bool((area == np.array(band.color[:3])).all(axis=1).mean() > 0.5)


def msginit_po(campaign: Path, lang: str = "pt") -> Path:
    """A PO file made as a volunteer makes one: msginit from the POT, every entry translated,
    no fuzzy flag, saved by Poedit (its header and its wrapping at 79 columns)."""
    assert cli(campaign, "translate", "pot").returncode == 0
    folder = campaign / "translations"
    gettext("msginit", "--no-translator", "-l", lang, "-i", "cfpgraphics.pot", "-o", f"{lang}.po", cwd=folder)
    catalog = polib.pofile(str(folder / f"{lang}.po"), wrapwidth=79)
    catalog.metadata["X-Generator"] = "Poedit 3.4.2"
    for entry in catalog:
        if entry.msgctxt.startswith(GRAPHIC + "/"):
            entry.msgstr = entry.msgid.replace("people", "pessoas")  # stand-in Portuguese
    catalog.save(str(folder / f"{lang}.po"))
    return folder / f"{lang}.po"


# --- 1. the review gate -------------------------------------------------------------------

def test_a_po_language_nobody_reviewed_is_a_draft_until_a_reviewer_marks_it(campaign):
    po_path = msginit_po(campaign)
    table = cli(campaign, "translations")
    assert re.search(rf"^{GRAPHIC}\s.*\bdraft\b", table.stdout, re.M), table.stdout
    report = built(campaign, "--lang", "pt", "--graphic", GRAPHIC)
    assert report["rendered"] > 0
    assert has_draft_band(campaign, "pt"), "a PO translation nobody reviewed carries the draft band"
    shutil.rmtree(campaign / "output")
    report = built(campaign, "--lang", "pt", "--only-reviewed")
    assert report["rendered"] == 0 and not (campaign / "output/pt").exists()

    review = cli(campaign, "translate", "review", "pt", GRAPHIC)
    assert review.returncode == 0, review.stderr
    assert f"reviewed: {GRAPHIC} (translations/pt.po)" in review.stdout
    catalog = polib.pofile(str(po_path))
    marked = [e for e in catalog if e.msgctxt.startswith(GRAPHIC + "/")]
    assert all(re.fullmatch(r"reviewed [0-9a-f]{8}", e.tcomment) for e in marked)
    report = built(campaign, "--lang", "pt", "--only-reviewed")
    assert report["rendered"] > 0 and (campaign / f"output/pt/{GRAPHIC}/story.png").is_file()
    assert not has_draft_band(campaign, "pt")


def test_the_review_mark_survives_msgmerge_and_msgcat_and_an_edit_undoes_it(campaign):
    po_path = msginit_po(campaign)
    assert cli(campaign, "translate", "review", "pt", GRAPHIC).returncode == 0
    folder = po_path.parent
    gettext("msgmerge", "-q", "-o", "merged.po", "pt.po", "cfpgraphics.pot", cwd=folder)
    gettext("msgcat", "-o", "pt.po", "merged.po", cwd=folder)
    (folder / "merged.po").unlink()
    gettext("msgfmt", "--check", "-o", "/dev/null", "pt.po", cwd=folder)
    assert re.search(rf"^{GRAPHIC}\s.*\bdone\b", cli(campaign, "translations").stdout, re.M)
    assert built(campaign, "--lang", "pt", "--only-reviewed")["rendered"] > 0

    # a translator changes one reviewed text (as Poedit saves it): the graphic is a draft again
    catalog = polib.pofile(str(po_path), wrapwidth=79)
    entry = next(e for e in catalog if e.msgctxt == f"{GRAPHIC}/kicker")
    entry.msgstr = "CHICAGO, EUA"
    catalog.save(str(po_path))
    assert re.search(rf"^{GRAPHIC}\s.*\bdraft\b", cli(campaign, "translations").stdout, re.M)
    # and an entry marked fuzzy ("needs work") is not the reviewer's to overrule
    entry = next(e for e in catalog if e.msgctxt == f"{GRAPHIC}/stat")
    entry.flags.append("fuzzy")
    catalog.save(str(po_path))
    refused = cli(campaign, "translate", "review", "pt", GRAPHIC)
    assert refused.returncode == 1
    assert f"not reviewed: {GRAPHIC}: 1 of its entries in translations/pt.po are marked fuzzy" in refused.stderr
    assert "reviewed " + "x" not in po_path.read_text(encoding="utf-8")


def test_a_sheet_row_is_reviewed_only_when_its_status_cell_says_so(campaign, tmp_path):
    for path in (campaign / "content").glob(f"{GRAPHIC}/es.yaml"):
        path.unlink()
    assert cli(campaign, "translate", "export", "--to", "csv", "--lang", "es", "-o", str(tmp_path)).returncode == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "es.csv").read_bytes().decode("utf-8-sig"), newline="")))
    for row in rows[1:]:
        if row[0] == GRAPHIC:
            row[3], row[4] = row[2], ""  # translated, status left empty
    sheet = tmp_path / "es.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    sheet.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    assert cli(campaign, "translate", "import", str(sheet)).returncode == 0
    assert "status: draft" in (campaign / f"content/{GRAPHIC}/es.yaml").read_text(encoding="utf-8")
    for row in rows[1:]:
        if row[0] == GRAPHIC:
            row[4] = "reviewed"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    sheet.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    assert cli(campaign, "translate", "import", str(sheet)).returncode == 0
    assert "status: reviewed" in (campaign / f"content/{GRAPHIC}/es.yaml").read_text(encoding="utf-8")


def test_a_copy_of_en_yaml_without_a_status_is_a_draft_and_review_marks_it(campaign):
    en = (campaign / f"content/{GRAPHIC}/en.yaml").read_text(encoding="utf-8")
    (campaign / f"content/{GRAPHIC}/pt.yaml").write_text(en.replace("people", "pessoas"), encoding="utf-8")
    assert re.search(rf"^{GRAPHIC}\s.*\bdraft\b", cli(campaign, "translations").stdout, re.M)
    review = cli(campaign, "translate", "review", "pt", GRAPHIC)
    assert review.returncode == 0, review.stderr
    text = (campaign / f"content/{GRAPHIC}/pt.yaml").read_text(encoding="utf-8")
    assert "status: reviewed" in text and text.replace("status: reviewed\n", "") == en.replace("people", "pessoas")
    back = cli(campaign, "translate", "review", "pt", GRAPHIC, "--draft")
    assert back.returncode == 0 and "status: draft" in (campaign / f"content/{GRAPHIC}/pt.yaml").read_text()


# --- 2. one truth about length ------------------------------------------------------------

def hint_in(comment: str) -> int:
    return int(re.search(r"about (\d+) characters fit", comment).group(1))


def test_pot_po_sheet_and_check_give_the_same_number(campaign, tmp_path):
    es = campaign / f"content/{GRAPHIC}/es.yaml"
    long = " y además un texto largo que ya no cabe en la caja por mucho que se achique la letra"
    es.write_text(re.sub(r'^(statement: ".*)"$', lambda m: m.group(1) + long + '"', es.read_text(encoding="utf-8"),
                         flags=re.M), encoding="utf-8")
    check = cli(campaign, "check", "--lang", "es")
    assert check.returncode == 1
    [said] = {int(n) for n in re.findall(rf"es\.yaml:\d+:\d+: 'statement' does not fit .*?about (\d+) characters fit",
                                         check.stdout)}
    out = tmp_path / "out"
    assert cli(campaign, "translate", "export", "--to", "po", "--lang", "es", "-o", str(out)).returncode == 0
    assert cli(campaign, "translate", "export", "--to", "csv", "--lang", "es", "-o", str(out)).returncode == 0
    entry = next(e for e in polib.pofile(str(out / "es.po")) if e.msgctxt == f"{GRAPHIC}/statement")
    rows = list(csv.DictReader(io.StringIO((out / "es.csv").read_bytes().decode("utf-8-sig"), newline="")))
    [row] = [r for r in rows if r["graphic"] == GRAPHIC and r["field"] == "statement"]
    assert hint_in(entry.comment) == int(row["fit hint"]) == said
    # and the import of that sheet refuses the row with the same number
    imported = cli(campaign, "translate", "import", str(out / "es.csv"))
    assert f"about {said} characters fit" in imported.stderr
    # the POT (English) is measured the same way on the English text
    assert cli(campaign, "translate", "pot").returncode == 0
    pot = next(e for e in polib.pofile(str(campaign / "translations/cfpgraphics.pot"))
               if e.msgctxt == f"{GRAPHIC}/statement")
    project = open_project(campaign, AssetStore())
    from cfpgraphics.render.fit_hints import fit_hints
    assert hint_in(pot.comment) == fit_hints(project, project.graphics[GRAPHIC], "en")["statement"]
    assert fit_hints(project, project.graphics[GRAPHIC], "es")["statement"] == said


# --- 3. a new language starts clean --------------------------------------------------------

def test_translate_new_then_check_and_build_pass_and_pt_is_listed_missing(campaign):
    assert cli(campaign, "translate", "new", "pt").returncode == 0
    check = cli(campaign, "check")
    assert check.returncode == 0, check.stdout
    assert "pt.yaml" not in check.stdout and "pt.yaml" not in check.stderr
    build = cli(campaign, "build", "--jobs", "2")
    assert build.returncode == 0, build.stdout[-2000:]
    assert not (campaign / "output/pt").exists()
    table = cli(campaign, "translations").stdout.splitlines()
    column = table[0].split().index("pt")
    rows = [line.split() for line in table[1:] if len(line.split()) == len(table[0].split())]
    from cfpgraphics.exchange.translations import translatable
    project = open_project(campaign, AssetStore())
    words = sum(bool(translatable(project.templates[g.template])) for g in project.graphics.values())
    assert len(rows) == words and {row[column] for row in rows} == {"missing"}, table
    assert re.search(rf"\b{words} missing\b", table[-1]), table[-1]


def test_a_half_done_file_gets_one_message_per_empty_field_at_its_line(campaign):
    assert cli(campaign, "translate", "new", "pt", GRAPHIC).returncode == 0
    path = campaign / f"content/{GRAPHIC}/pt.yaml"
    text = path.read_text(encoding="utf-8").replace('stat: ""', 'stat: "95%"')
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    check = cli(campaign, "check")
    assert check.returncode == 1
    ours = [line for line in check.stdout.splitlines() if "pt.yaml" in line]
    assert len(ours) == 3, ours  # kicker, statement, source: once each, not once per size
    statement = lines.index('statement: ""') + 1
    assert (f"content/{GRAPHIC}/pt.yaml:{statement}:12: 'statement' is not translated yet, while other texts "
            f"of this file are (type the Portuguese for \"of people on Chicago’s gang database were **Black and "
            f"Lat...\" between the quotes") in check.stdout
    assert "--set" not in check.stdout  # the fix is what to type in the file, not a CLI flag
    # the other graphics still build
    build = built(campaign, "--lang", "es")
    assert build["failed"] == 0 and build["rendered"] > 0
    # reviewed with an empty field is a mistake too
    path.write_text(text.replace("status: draft", "status: reviewed"), encoding="utf-8")
    assert "'kicker' is empty, but this file says `status: reviewed`" in cli(campaign, "check").stdout


def test_a_half_done_po_graphic_is_named_at_the_empty_entry(campaign):
    po_path = msginit_po(campaign)
    catalog = polib.pofile(str(po_path), wrapwidth=79)
    next(e for e in catalog if e.msgctxt == f"{GRAPHIC}/source").msgstr = ""
    catalog.save(str(po_path))
    line = next(e.linenum for e in polib.pofile(str(po_path)) if e.msgctxt == f"{GRAPHIC}/source")
    check = cli(campaign, "check")
    assert check.returncode == 1
    ours = [p for p in check.stdout.splitlines() if "pt.po" in p]
    assert ours == [f"translations/pt.po:{line}: graphic '{GRAPHIC}', 'source' (msgctxt \"{GRAPHIC}/source\") is "
                    "not translated yet, while other texts of this graphic are (write its translation in the msgstr "
                    "of this entry (the English: \"Source: a study cited in the Collective Freedom Project l...\"), "
                    "or empty the other msgstr of this graphic to leave it for later)"], ours
    # the other graphics of the PO file, all empty, are simply missing: no problem
    assert all(GRAPHIC in p for p in ours)


# --- 6. PO problems in PO terms ------------------------------------------------------------

def test_po_problems_name_graphic_field_msgctxt_and_line(campaign):
    po_path = msginit_po(campaign)
    catalog = polib.pofile(str(po_path), wrapwidth=79)
    next(e for e in catalog if e.msgctxt == f"{GRAPHIC}/stat").msgstr = "9" * 40
    catalog.save(str(po_path))
    line = next(e.linenum for e in polib.pofile(str(po_path)) if e.msgctxt == f"{GRAPHIC}/stat")
    check = cli(campaign, "check")
    assert (f"translations/pt.po:{line}: graphic '{GRAPHIC}', 'stat' (msgctxt \"{GRAPHIC}/stat\"): the msgstr is "
            "40 characters; this template takes at most") in check.stdout
    assert "(shorten the msgstr)" in check.stdout


# --- 7. emphasis kept ----------------------------------------------------------------------

def test_a_translation_that_drops_the_stars_is_warned_at_its_line(campaign):
    es = campaign / f"content/{GRAPHIC}/es.yaml"
    text = es.read_text(encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("statement:"))
    es.write_text(re.sub(r"^(statement: .*)$", lambda m: m.group(1).replace("**", ""), text, flags=re.M),
                  encoding="utf-8")
    check = cli(campaign, "check")
    assert check.returncode == 0  # a warning: the image is still right, only plainer
    assert (f"content/{GRAPHIC}/es.yaml:{line}:12: warning: 'statement' has no **two stars**, but the English "
            "marks 1 phrase with them: the accent would vanish") in check.stdout
    # one added where the English has none is told too, in a PO file at the entry's line
    po_path = msginit_po(campaign, "pt")
    catalog = polib.pofile(str(po_path), wrapwidth=79)
    next(e for e in catalog if e.msgctxt == f"{GRAPHIC}/kicker").msgstr = "==Chicago=="
    catalog.save(str(po_path))
    line = next(e.linenum for e in polib.pofile(str(po_path)) if e.msgctxt == f"{GRAPHIC}/kicker")
    assert (f"translations/pt.po:{line}: warning: graphic '{GRAPHIC}', 'kicker' (msgctxt \"{GRAPHIC}/kicker\") "
            "marks words with ==two equals==, but the English has none") in cli(campaign, "check").stdout
