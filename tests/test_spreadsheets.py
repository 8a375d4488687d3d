"""Issue 22, item 5: `translate import` reads a CSV sheet as spreadsheet programs save it.
Semicolons and tabs as well as commas, told from the header row; UTF-8 with or without a BOM,
UTF-16 (Excel's "Unicode text"), Windows-1252 (Excel's plain CSV, LibreOffice when asked)
and one clear error for any other encoding; an unclosed quote named at its row and column;
no file written that `check` would reject; cells that would run as formulas exported with a
' in front, which import takes off. Files built as a volunteer's program writes them, run as
the CLI runs, in subprocesses."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from cfpgraphics.exchange import sheets

GRAPHIC = "template: stat\nsizes: [link-card]\n"
EN = 'stat: "-40%"\nstatement: "of people on the database were **Black and Latinx**"\n'
ES = 'status: reviewed\nstat: "-40%"\nstatement: "de las personas eran **negras**"\n'
COLUMNS = ["graphic", "field", "English", "translation", "status", "note", "fit hint"]
SPANISH = "¿Sabías que el **95%** de las personas, según el estudio, eran negras y latinas?"


def cfp(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def sheet_text(rows: list[list[str]], separator: str = ",", newline: str = "\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator=newline).writerows([COLUMNS, *rows])
    return buffer.getvalue()


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


@pytest.fixture
def project(make_project):
    return make_project({"content/stat/graphic.yaml": GRAPHIC, "content/stat/en.yaml": EN,
                         "content/stat/es.yaml": ES,
                         "content/other/graphic.yaml": GRAPHIC, "content/other/en.yaml": EN})


def statement_of(project: Path, lang: str = "es", graphic: str = "stat") -> str:
    text = (project / f"content/{graphic}/{lang}.yaml").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith("statement:"))


def test_libreoffice_semicolons_in_windows_1252(project, tmp_path):
    """LibreOffice's "Text CSV" with field delimiter ';' and character set Western Europe
    (Windows-1252): accents, ¿, and commas inside the text, which are not separators here."""
    path = tmp_path / "es.csv"
    path.write_bytes(sheet_text([["stat", "statement", "", SPANISH, "reviewed", "", ""],
                                 ["other", "stat", "", "95%", "", "", ""],
                                 ["other", "statement", "", "de las personas, ¿sí?", "", "", ""]],
                                separator=";", newline="\n").encode("cp1252"))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert "3 entries imported, 0 left out" in run.stderr
    assert statement_of(project) == f'statement: "{SPANISH}"'
    assert "¿sí?" in statement_of(project, graphic="other")


def test_excel_unicode_text_is_utf16_with_tabs(project, tmp_path):
    """Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated, CRLF; a cell with a line
    break is quoted and stays one row, so the rows after it keep the numbers Excel shows."""
    path = tmp_path / "es.csv"
    path.write_bytes(sheet_text([["stat", "statement", "", "de las personas\neran **negras**", "", "", ""],
                                 ["nowhere", "statement", "", "¿dónde?", "", "", ""]],
                                separator="\t").encode("utf-16"))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert "es.csv:3: unknown graphic 'nowhere'" in run.stderr, run.stderr
    assert statement_of(project) == 'statement: "de las personas\\neran **negras**"'


def test_utf16_without_a_bom_and_utf8_with_one(project, tmp_path):
    path = tmp_path / "es.csv"
    path.write_bytes(sheet_text([["stat", "statement", "", "de **todas** las personas", "", "", ""]],
                                separator="\t").encode("utf-16-le"))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 0, run.stderr
    assert statement_of(project) == 'statement: "de **todas** las personas"'
    path.write_bytes(sheet_text([["stat", "statement", "", SPANISH, "", "", ""]]).encode("utf-8-sig"))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 0, run.stderr
    assert statement_of(project) == f'statement: "{SPANISH}"'


def test_an_unclosed_quote_is_named_at_its_row_and_column(project, tmp_path):
    before = snapshot(project)
    lines = [",".join(COLUMNS),
             "stat,kicker,,CHICAGO,,,",
             "other,kicker,,ATLANTA,,,",
             "other,stat,,95%,,,",
             'stat,statement,,"de las personas eran **negras**,reviewed,,',
             "other,statement,,de las personas,,,"]
    path = tmp_path / "es.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert 'es.csv: row 5, column "translation": this cell opens a double quote (") that is never closed' \
        in run.stderr, run.stderr
    assert snapshot(project) == before, "nothing is written"


def test_a_quote_closed_rows_later_is_caught_too(project, tmp_path):
    """The quote that should have closed row 3's cell is closed by the quote that opens row 5's:
    rows 4 and 5 would become part of one translation. That is an error, not an import."""
    before = snapshot(project)
    lines = [",".join(COLUMNS),
             "stat,kicker,,CHICAGO,,,",
             'stat,statement,,"de las personas,,,',
             "other,kicker,,ATLANTA,,,",
             'other,statement,,"de las personas, todas",,,']
    path = tmp_path / "es.csv"
    path.write_bytes("\n".join(lines).encode("utf-8"))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 2, run.stderr
    assert 'row 3, column "translation": this cell takes in the lines after it' in run.stderr, run.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize("encoding, lang, text", [("cp949", "ko", "데이터베이스의 사람들"),
                                                   ("gbk", "zh-Hans", "数据库中的人"),
                                                   ("mac_roman", "es", "de las personas, según el año")])
def test_an_encoding_it_cannot_read_is_one_clear_error(project, tmp_path, encoding, lang, text):
    """Excel's plain CSV on a Korean or Chinese Windows, or on an old Mac: not UTF-8, and read
    as Windows-1252 it would be garbage. Nothing is imported; the message says how to save."""
    before = snapshot(project)
    path = tmp_path / f"{lang}.csv"
    path.write_bytes(sheet_text([["stat", "statement", "", text, "", "", ""]], separator=";").encode(encoding))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert f"error: {path}: this sheet is not saved as UTF-8" in run.stderr
    assert 'row 2, column "translation"' in run.stderr and "save it again as CSV UTF-8" in run.stderr
    assert snapshot(project) == before


def test_a_workbook_is_not_read_as_a_sheet(project, tmp_path):
    path = tmp_path / "es.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 2 and "workbook, not a CSV file" in run.stderr, run.stderr


def test_formulas_are_exported_safely_and_round_trip(project, tmp_path):
    """A cell starting with = + - @ would run as a formula when the sheet is opened: exported
    with a ' in front, English column too; imported, the ' is taken off: no file changes."""
    es = project / "content/stat/es.yaml"
    es.write_text(ES.replace("de las personas", "=de las personas"), encoding="utf-8")
    assert cfp(project, "translate", "stamp", "es").returncode == 0
    before = snapshot(project)
    out = tmp_path / "out"
    run = cfp(project, "translate", "export", "--to", "csv", "--lang", "es", "-o", str(out))
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(io.StringIO((out / "es.csv").read_bytes().decode("utf-8-sig"))))
    stat = next(r for r in rows if r[:2] == ["stat", "stat"])
    assert stat[2:4] == ["'-40%", "'-40%"], "English and translation"
    statement = next(r for r in rows if r[:2] == ["stat", "statement"])
    assert statement[3] == "'=de las personas eran **negras**"
    assert not any(cell.startswith(sheets.FORMULA_START) for row in rows for cell in row)
    run = cfp(project, "translate", "import", str(out / "es.csv"))
    assert run.returncode == 0 and "0 files written" in run.stderr, run.stderr
    assert snapshot(project) == before


def test_the_english_column_with_its_prefix_is_seen_as_current(project, tmp_path):
    """A file without `source_hash:` gets one when the English in the sheet is the current
    English: '-40% in the sheet is -40% in en.yaml."""
    out = tmp_path / "out"
    assert cfp(project, "translate", "export", "--to", "csv", "--lang", "es", "-o", str(out)).returncode == 0
    (project / "content/stat/es.yaml").write_text(ES.replace("negras", "negras y latinas"), encoding="utf-8")
    run = cfp(project, "translate", "import", str(out / "es.csv"))
    assert run.returncode == 0, run.stderr
    assert "source_hash:" in (project / "content/stat/es.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-40%", "@SUM(A1)", "\tx", "\rx", "'=1", "''-1", "'quoted'", "'",
                                  "plain", "", "a=b"])
def test_the_formula_prefix_round_trips_every_text(cell):
    written = sheets._defused(cell)
    assert not written.startswith(sheets.FORMULA_START)
    assert sheets._restored(written) == cell


def test_a_file_check_would_reject_is_not_written(project, tmp_path):
    """A new language whose sheet translates only the statement: pt.yaml without its `stat:`
    (required) would fail `check`, so it is not created, and the rows say why."""
    path = tmp_path / "pt.csv"
    path.write_bytes(sheet_text([["stat", "kicker", "", "CHICAGO", "", "", ""],
                                 ["stat", "statement", "", "das pessoas", "", "", ""],
                                 ["other", "stat", "", "95%", "", "", ""],
                                 ["other", "statement", "", "das pessoas", "", "", ""]]).encode("utf-8"))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert ("pt.csv:2: nothing of 'stat' is imported: content/stat/pt.yaml would fail `cfpgraphics check` "
            "(missing field 'stat'") in run.stderr, run.stderr
    assert "so it is not created and rows 2 and 3 are left out (translate stat/stat too" in run.stderr
    assert not (project / "content/stat/pt.yaml").exists()
    assert "wrote content/other/pt.yaml" in run.stdout, "the other graphic's file is whole: written"
    assert cfp(project, "check").returncode == 0


def test_a_line_separator_reads_back_as_imported(project, tmp_path):
    """U+2028 (Word's soft line break on a Mac) written raw would be read by YAML as a line
    break that eats the spaces around it; it is written escaped and reads back unchanged."""
    path = tmp_path / "es.csv"
    text = "de las personas \u2028 eran **negras**"
    path.write_bytes(sheet_text([["stat", "statement", "", text, "", "", ""]]).encode("utf-8"))
    run = cfp(project, "translate", "import", str(path))
    assert run.returncode == 0, run.stderr
    assert statement_of(project) == 'statement: "de las personas \\u2028 eran **negras**"'


@pytest.mark.parametrize("line, like", [("stat,kicker,,CHICAGO,,,", True), ("four-places,slides/2/text,x,y", True),
                                        ("uno, dos, tres, cuatro", False), ("hola,mundo", False),
                                        ("Chicago,Atlanta,Houston,Dallas", False)])
def test_a_line_of_a_text_is_not_taken_for_a_row(line, like):
    assert sheets._like_a_row(line, ",", COLUMNS) is like
