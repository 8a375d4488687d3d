"""What volunteers drop into content/: every kind of mistake gets the file, line, column and a
fix; what editors produce (BOM, CRLF, UTF-16, smart quotes) just works."""
from __future__ import annotations

import re


import pytest
from click.testing import CliRunner

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.builder.check import check_project
from cfpgraphics.cli import cli
from cfpgraphics.builder.project import open_project
from cfpgraphics.exchange.translations import coverage, new_translation, stamp

GRAPHIC = "template: stat\nsizes: [instagram-square]\n"
EN = 'stat: "95%"\nstatement: "of people on Chicago’s gang database were **Black and Latinx**"\n'


def problems_for(make_project, files: dict) -> list[str]:
    root = make_project({"content/g/graphic.yaml": GRAPHIC, "content/g/en.yaml": EN, **files})
    return [str(p) for p in check_project(open_project(root, AssetStore()))]


@pytest.mark.parametrize("name, text, expected", [
    ("colon in text", 'stat: "9%"\nstatement: Fuente: un estudio\n',
     "content/g/es.yaml:2:18: a line of text contains ': ' (a colon and a space), which YAML reads as a new "
     "field (put the whole text in double quotes, or write `field: |` and the text on the next line, indented)"),
    ("word-processor quotes around a colon", 'stat: "9%"\nstatement: “Fuente: un estudio”\n',
     "content/g/es.yaml:2:19: a line of text contains ': '"),
    ("unknown field", 'stat: "9%"\nstatment: "de las personas"\n',
     "content/g/es.yaml:2:1: unknown field 'statment' for template 'stat' (did you mean 'statement'?)"),
    ("missing field", 'stat: "9%"\n',
     "content/g/es.yaml:1:1: missing field 'statement' (what the figure means; **stars** mark emphasis) "
     "(add a line `statement: ...`)"),
    ("tab indentation", 'stat: "9%"\nstatement:\n\t"de las personas"\n',
     "content/g/es.yaml:3:1: a tab is used to indent this line (replace the tab with 2 spaces)"),
    ("unclosed emphasis", 'stat: "9%"\nstatement: "de las **personas"\n',
     "content/g/es.yaml:2:12: '**' opens emphasis here but is never closed"),
    ("unclosed curly bracket", 'stat: "9%"\nstatement: "de las {personas negras"\n',
     "content/g/es.yaml:2:12: '{' opens words kept together but is never closed"),
    ("stray curly bracket", 'stat: "9%"\nstatement: "de las personas} negras"\n',
     "content/g/es.yaml:2:12: '}' closes words kept together, but no '{' opened them"),
    ("unclosed quote", 'stat: "9%"\nstatement: "de las personas\n',
     "content/g/es.yaml:2:12: the quote \" that starts this text is never closed (type a \" at the end of the "
     "text: statement: \"de las personas\")"),
    ("a list where text belongs", 'stat: "9%"\nstatement:\n  - "de las"\n  - "personas"\n',
     "content/g/es.yaml:3:3: 'statement' is one piece of text, not a list"),
    ("bad status", 'status: done\nstat: "9%"\nstatement: "x"\n',
     "content/g/es.yaml:1:9: status must be 'reviewed' or 'draft', not 'done'"),
])
def test_bad_file_gives_exact_location_and_fix(make_project, name, text, expected):
    messages = problems_for(make_project, {"content/g/es.yaml": text})
    assert any(m.startswith(expected) for m in messages), (name, messages)


@pytest.mark.parametrize("filename, suggestion", [
    ("sp.yaml", None), ("vn.yaml", "rename the file to vi.yaml"), ("zh_TW.yaml", "rename the file to zh-Hant.yaml"),
    ("Spanish.yaml", "rename the file to es.yaml"), ("kh.yaml", "rename the file to km.yaml"),
])
def test_wrong_language_code_suggests_the_tag(make_project, filename, suggestion):
    messages = problems_for(make_project, {f"content/g/{filename}": 'stat: "9%"\nstatement: "x"\n'})
    stem = filename[:-5]
    wrong = [m for m in messages if f"'{stem}' is not a language code" in m]
    assert wrong and wrong[0].startswith(f"content/g/{filename}:")
    if suggestion:
        assert suggestion in wrong[0], wrong[0]


def test_text_too_long_for_its_box_names_size_and_amount(make_project):
    long = "WWWWWWWWWW " * 12  # within the field's character limit, but far too wide for its box
    messages = problems_for(make_project, {"content/g/es.yaml": f'stat: "9%"\nstatement: "x"\nsource: "{long}"\n'})
    overflow = [m for m in messages if "does not fit" in m]
    assert len(overflow) == 1, messages
    # the size: the template's smallest for the source (27 px on the square, legible in a feed)
    assert re.match(r"content/g/es\.yaml:3:9: 'source' does not fit its box even at \d+ px: .*about \d+ "
                    r"characters fit at the smallest size", overflow[0]), overflow[0]
    assert "px too much" in overflow[0] and overflow[0].endswith("[es/g/instagram-square.png: source]")


def test_character_no_font_covers(make_project):
    messages = problems_for(make_project, {"content/g/es.yaml": 'stat: "9%"\nstatement: "de 𞤀 personas"\n'})
    assert "content/g/es.yaml:2:12: no font has the character '𞤀' (U+1E900 ADLAM CAPITAL LETTER ALIF) in " \
           "'statement' (replace it, or add a font that covers it to fonts/fonts.yaml) [es/g/instagram-square.png: statement]" \
        in messages


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_what_editors_save_loads(make_project, encoding, newline):
    text = 'status: draft\nstat: "95 %"\nstatement: «de las personas» en la base de datos eran **negras y latinas**\n'
    data = text.replace("\n", newline).encode(encoding)
    root = make_project({"content/g/graphic.yaml": GRAPHIC, "content/g/en.yaml": EN, "content/g/es.yaml": data})
    project = open_project(root, AssetStore())
    assert not project.problems.items, [str(p) for p in project.problems]
    assert project.graphics["g"].translations["es"].values["statement"].startswith("«de las personas»")


def test_not_utf8_says_how_to_resave(make_project):
    data = 'stat: "9%"\nstatement: "caf\xe9"\n'.encode("cp1252")
    messages = problems_for(make_project, {"content/g/es.yaml": data})
    assert "content/g/es.yaml:2:16: this file is not saved as UTF-8 (open it in your editor and save it again " \
           "with the encoding 'UTF-8')" in messages


def test_hash_in_quoted_text_is_text(make_project):
    root = make_project({"content/g/graphic.yaml": GRAPHIC, "content/g/en.yaml": EN,
                         "content/g/es.yaml": 'stat: "#1"\nstatement: "de las #personas"  # a comment\n'})
    values = open_project(root, AssetStore()).graphics["g"].translations["es"].values
    assert values == {"stat": "#1", "statement": "de las #personas"}


@pytest.mark.parametrize("folder", ["Bad Name", "ÜBER", "a\x07b", "-lead"])
def test_names_that_could_escape_output_are_rejected(make_project, folder):
    root = make_project({f"content/{folder}/graphic.yaml": GRAPHIC, f"content/{folder}/en.yaml": EN})
    project = open_project(root, AssetStore())
    assert folder not in project.graphics
    assert any("is not allowed" in str(p) and "lower-case letters" in str(p) for p in project.problems)


def test_check_exit_codes(make_project):
    clean = make_project({"content/g/graphic.yaml": GRAPHIC, "content/g/en.yaml": EN})
    assert CliRunner().invoke(cli, ["--project", str(clean), "check"]).exit_code == 0
    (clean / "content/g/es.yaml").write_text('stat: "9%"\nstatment: "x"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(clean), "check"])
    assert result.exit_code == 1
    assert "content/g/es.yaml:2:1: unknown field 'statment'" in result.output
    assert CliRunner().invoke(cli, ["--project", str(clean), "check", "--bogus"]).exit_code == 2


def test_coverage_done_draft_missing_stale(make_project):
    root = make_project({
        "content/g/graphic.yaml": GRAPHIC, "content/g/en.yaml": EN,
        "content/g/es.yaml": 'status: draft\nstat: "95%"\nstatement: "de las personas"\n',
        "content/h/graphic.yaml": GRAPHIC, "content/h/en.yaml": EN,
    })
    project = open_project(root, AssetStore())
    stamp(project, "es")
    (root / "content/h/vi.yaml").write_text('status: reviewed\nstat: "95%"\nstatement: "người"\n', encoding="utf-8")
    _, table = coverage(open_project(root, AssetStore()))
    assert {g: {l: c.status for l, c in row.items()} for g, row in table.items()} == {
        "g": {"en": "done", "es": "draft", "vi": "missing"},
        "h": {"en": "done", "es": "missing", "vi": "done"}}
    (root / "content/g/en.yaml").write_text(EN.replace("database", "list"), encoding="utf-8")
    _, table = coverage(open_project(root, AssetStore()))
    assert table["g"]["es"].status == "stale"


def test_translate_new_scaffolds_any_language(make_project):
    root = make_project({"content/g/graphic.yaml": GRAPHIC, "content/g/en.yaml": EN})
    written = new_translation(open_project(root, AssetStore()), "pt")
    assert [p.name for p in written] == ["pt.yaml"]
    text = written[0].read_text(encoding="utf-8")
    assert "# en: of people on Chicago’s gang database were **Black and Latinx**" in text
    assert 'statement: ""' in text and "status: draft" in text and "source_hash:" in text
    filled = text.replace('stat: ""', 'stat: "95%"').replace('statement: ""', 'statement: "das pessoas **negras e latinas**"')
    written[0].write_text(filled, encoding="utf-8")
    project = open_project(root, AssetStore())
    assert not project.problems.items, [str(p) for p in project.problems]
    assert project.graphics["g"].translations["pt"].status == "draft"
    assert coverage(project)[1]["g"]["pt"].status == "draft"
    assert new_translation(project, "pt") == [], "existing files are never overwritten"


def test_translate_new_rtl_language_gets_a_note(make_project):
    root = make_project({"content/g/graphic.yaml": GRAPHIC, "content/g/en.yaml": EN})
    text = new_translation(open_project(root, AssetStore()), "fa")[0].read_text(encoding="utf-8")
    assert "right to left" in text


def test_translate_new_rejects_a_bad_tag(make_project):
    root = make_project({"content/g/graphic.yaml": GRAPHIC, "content/g/en.yaml": EN})
    result = CliRunner().invoke(cli, ["--project", str(root), "translate", "new", "vn"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: 'vn' is not a BCP 47 language tag (did you mean 'vi'?)"
