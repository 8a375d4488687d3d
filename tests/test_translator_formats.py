"""Translators' formats: PO files as a content source, the POT, msgmerge-style updates, and
lossless export/import through PO and CSV. Checked with GNU msgfmt and parsed with polib."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.builder.project import open_project
from cfpgraphics.exchange.translations import coverage

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["ar", "es", "km", "ko", "lo", "tl", "vi", "zh-Hans", "zh-Hant"]
MSGFMT = shutil.which("msgfmt")


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=600)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*.yaml"))}


def msgfmt_check(path: Path) -> None:
    if MSGFMT is None:
        pytest.skip("GNU msgfmt is not installed (Debian: apt-get install gettext)")
    run = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_pot_follows_gettext_conventions_and_is_deterministic(campaign):
    assert cli(campaign, "translate", "pot").returncode == 0
    pot = campaign / "translations/cfpgraphics.pot"
    first = pot.read_bytes()
    assert cli(campaign, "translate", "pot").returncode == 0
    assert pot.read_bytes() == first, "running it twice writes the same bytes (no dates)"
    msgfmt_check(pot)
    catalog = polib.pofile(str(pot))
    statement = next(e for e in catalog if e.msgctxt == "chicago-gang-database/statement")
    assert statement.msgid == "of people on Chicago’s gang database were **Black and Latinx**"
    assert statement.msgstr == ""
    source = (campaign / "content/chicago-gang-database/en.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(source, 1) if text.startswith("statement:"))
    assert statement.occurrences == [("content/chicago-gang-database/en.yaml", str(line))]
    assert "**two stars**" in statement.comment and "characters fit at the smallest size" in statement.comment
    slides = [e.msgctxt for e in catalog if e.msgctxt.startswith("four-places/slides/")]
    assert slides[:2] == ["four-places/slides/1/place", "four-places/slides/1/text"]
    assert not any(e.msgctxt.startswith("coalition/names") for e in catalog), "names are not translated"


def with_words(root) -> int:
    """How many graphics have words to translate (one content file each per language)."""
    from cfpgraphics.exchange.translations import translatable
    project = open_project(root, AssetStore())
    return sum(bool(translatable(project.templates[g.template])) for g in project.graphics.values())


@pytest.mark.parametrize("form", ["po", "csv"])
def test_every_shipped_language_round_trips_byte_identically(campaign, tmp_path, form):
    before = snapshot(campaign)
    out = tmp_path / "exported"
    run = cli(campaign, "translate", "export", "--to", form, "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert sorted(p.stem for p in out.iterdir()) == LANGS
    for lang in LANGS:
        path = out / f"{lang}.{form}"
        if form == "po":
            msgfmt_check(path)
            assert polib.pofile(str(path)).metadata["Language"] == lang
        run = cli(campaign, "translate", "import", str(path))
        assert run.returncode == 0, run.stdout + run.stderr
        assert f"0 left out; 0 files written, {with_words(campaign)} unchanged" in run.stderr
    assert snapshot(campaign) == before


def test_a_new_language_given_only_as_a_po_file_renders_all_its_graphics(campaign):
    assert cli(campaign, "translate", "pot").returncode == 0
    catalog = polib.pofile(str(campaign / "translations/cfpgraphics.pot"))
    catalog.metadata["Language"] = "pt"
    for entry in catalog:
        entry.msgstr = entry.msgid  # stand-in text: what matters is that every entry is used
    catalog.save(str(campaign / "translations/pt.po"))
    project = open_project(campaign, AssetStore())
    assert not project.problems, [str(p) for p in project.problems]
    graphics = {name for name, g in project.graphics.items() if "pt" in g.translations}
    # every graphic with words to translate (one message in every language: its headline; the
    # new language also shows up as a cell of every language's grid by itself)
    from cfpgraphics.exchange.translations import translatable
    assert graphics == {n for n, g in project.graphics.items() if translatable(project.templates[g.template])}
    assert "pt" in [c["lang"] for c in project.graphics["one-message"].translations["en"].values["cells"]]
    build = cli(campaign, "build", "--lang", "pt", "--jobs", "2")
    assert build.returncode == 0, build.stderr[-3000:]
    written = sorted((campaign / "output/pt").rglob("*.png"))
    from cfpgraphics.content.sizes import PRESETS
    expected = sum(project.templates[g.template].page_count(g.translations["pt"].values, PRESETS[size])
                   * (len(g.members) if g.members else 1)  # a member kit: a card per member
                   for g in project.graphics.values() if "pt" in g.translations for size in g.sizes)
    assert len(written) == expected
    _, table = coverage(project)
    # translated, not fuzzy, but nobody reviewed it: a draft, like a new YAML translation
    assert {row["pt"].status for row in table.values()} == {"draft"}


def test_changed_english_is_stale_then_fuzzy_after_update(campaign):
    cli(campaign, "translate", "export", "--to", "po", "--lang", "es", "-o", str(campaign / "translations"))
    for path in (campaign / "content").glob("*/es.yaml"):
        path.unlink()  # Spanish now lives only in the PO file
    en = campaign / "content/chicago-gang-database/en.yaml"
    old = "of people on Chicago’s gang database were **Black and Latinx**"
    new = "of the people on Chicago’s gang database were **Black and Latinx**"
    en.write_text(en.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    _, table = coverage(open_project(campaign, AssetStore()))
    assert table["chicago-gang-database"]["es"].status == "stale"
    assert table["atlanta-ice-contract"]["es"].status == "draft"
    listing = cli(campaign, "translations")
    assert "stale" in listing.stdout
    run = cli(campaign, "translate", "update")
    assert run.returncode == 0 and "updated translations/es.po" in run.stdout
    entry = next(e for e in polib.pofile(str(campaign / "translations/es.po"))
                 if e.msgctxt == "chicago-gang-database/statement")
    assert entry.msgid == new and entry.previous_msgid == old and "fuzzy" in entry.flags
    assert entry.msgstr  # the old translation is kept for the translator to adjust
    _, table = coverage(open_project(campaign, AssetStore()))
    assert table["chicago-gang-database"]["es"].status == "draft"
    msgfmt_check(campaign / "translations/es.po")


def test_a_broken_po_entry_is_named_and_the_good_ones_render(campaign):
    cli(campaign, "translate", "export", "--to", "po", "--lang", "vi", "-o", str(campaign / "translations"))
    for path in (campaign / "content").glob("*/vi.yaml"):
        path.unlink()
    po_path = campaign / "translations/vi.po"
    catalog = polib.pofile(str(po_path))
    bad = next(e for e in catalog if e.msgctxt == "atlanta-ice-contract/headline")
    bad.msgstr = "**không đóng"
    catalog.save(str(po_path))
    line = next(e.linenum for e in polib.pofile(str(po_path)) if e.msgctxt == "atlanta-ice-contract/headline")
    check = cli(campaign, "check", "--lang", "vi")
    assert check.returncode == 1
    # named as Poedit shows it: the graphic, the field and the msgctxt, at the entry's line
    assert (f"translations/vi.po:{line}: graphic 'atlanta-ice-contract', 'headline' "
            f"(msgctxt \"atlanta-ice-contract/headline\"): in the msgstr, '**' opens emphasis here") in check.stdout
    assert "add a line" not in check.stdout  # no fix in YAML terms for a PO file
    build = cli(campaign, "build", "--lang", "vi", "--jobs", "2")
    assert build.returncode == 1
    rendered = {p.relative_to(campaign / "output/vi").parts[0] for p in (campaign / "output/vi").rglob("*.png")}
    assert "atlanta-ice-contract" not in rendered  # its headline is required: not rendered
    project = open_project(campaign, AssetStore())
    assert rendered == {n for n, g in project.graphics.items() if "vi" in g.translations} - {"atlanta-ice-contract"}


def test_the_same_text_in_yaml_and_po_names_both_places(campaign):
    cli(campaign, "translate", "export", "--to", "po", "--lang", "ko", "-o", str(campaign / "translations"))
    check = cli(campaign, "check", "--lang", "ko")
    assert check.returncode == 1
    assert "'chicago-gang-database/statement' is translated twice: here and in " \
           "content/chicago-gang-database/ko.yaml" in check.stdout
    assert "translations/ko.po:" in check.stdout


def test_spreadsheet_import_takes_bom_crlf_quotes_and_reports_bad_rows(campaign, tmp_path):
    out = tmp_path / "sheets"
    cli(campaign, "translate", "export", "--to", "csv", "--lang", "tl", "-o", str(out))
    raw = (out / "tl.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # opens in spreadsheets as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["graphic", "field", "English", "translation", "status", "note", "fit hint"]
    index = {(r[0], r[1]): i for i, r in enumerate(rows)}
    rows[index[("atlanta-ice-contract", "headline")]][3] = "Tapos na ang **kontrata"
    rows[index[("atlanta-ice-contract", "place")]][0] = "atlanta-ice-contrakt"
    good = index[("california-agenda", "headline")]
    rows[good][3] = 'Bagong "pamagat", na may kuwit'
    rows[good][4] = "reviewed"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    edited = tmp_path / "tl.csv"
    edited.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    run = cli(campaign, "translate", "import", str(edited))
    assert run.returncode == 1
    assert f"tl.csv:{index[('atlanta-ice-contract', 'headline')] + 1}: graphic 'atlanta-ice-contract', " \
           "'headline': in the translation, '**' opens emphasis here" in run.stderr
    assert f"tl.csv:{index[('atlanta-ice-contract', 'place')] + 1}: unknown graphic 'atlanta-ice-contrakt'" \
           in run.stderr
    values = open_project(campaign, AssetStore()).graphics["california-agenda"].translations["tl"].values
    assert values["headline"] == 'Bagong "pamagat", na may kuwit'
    ice = open_project(campaign, AssetStore()).graphics["atlanta-ice-contract"].translations["tl"].values
    assert "**kontrata" not in ice["headline"]  # the bad entry was left out


def test_import_leaves_out_text_that_cannot_fit(campaign, tmp_path):
    out = tmp_path / "po"
    cli(campaign, "translate", "export", "--to", "po", "--lang", "es", "-o", str(out))
    catalog = polib.pofile(str(out / "es.po"))
    entry = next(e for e in catalog if e.msgctxt == "chicago-gang-database/stat")
    entry.msgstr = "WWWWWWWWWWWW"  # within the field's 12 characters, far too wide for the figure
    catalog.save(str(out / "es.po"))
    run = cli(campaign, "translate", "import", str(out / "es.po"))
    assert run.returncode == 1
    assert "'chicago-gang-database/stat' does not fit" in run.stderr
    assert "WWWW" not in (campaign / "content/chicago-gang-database/es.yaml").read_text(encoding="utf-8")
