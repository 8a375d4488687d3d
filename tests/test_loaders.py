"""Loading YAML the way editors write it, and locating every mistake."""
from __future__ import annotations

import codecs

import pytest

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.content.diagnostics import CfpError
from cfpgraphics.builder.project import open_project
from cfpgraphics.content.yamlio import decode_text, parse_yaml


def test_locations_are_recorded():
    data = parse_yaml("a: 1\nb:\n  c: text\n  d: [1, 2]\n", "f.yaml")
    assert str(data.where("a")) == "f.yaml:1:4"
    assert str(data["b"].where("c")) == "f.yaml:3:6"
    assert str(data["b"].where("c", value=False)) == "f.yaml:3:3"


@pytest.mark.parametrize("raw", [
    "stat: \"95%\"\n".encode("utf-8"),
    codecs.BOM_UTF8 + "stat: \"95%\"\r\n".encode("utf-8"),
    "stat: \"95%\"\r\n".encode("utf-16"),  # with BOM, as Windows Notepad writes it
])
def test_encodings_editors_produce(raw):
    assert parse_yaml(decode_text(raw, "f.yaml"), "f.yaml") == {"stat": "95%"}


def test_not_utf8_names_the_place_and_the_fix():
    with pytest.raises(CfpError) as info:
        decode_text("a: ok\nb: caf\xe9\n".encode("latin-1"), "es.yaml")
    assert str(info.value) == ("es.yaml:2:7: this file is not saved as UTF-8 (open it in your editor and "
                               "save it again with the encoding 'UTF-8')")


def test_colon_in_text_is_explained():
    with pytest.raises(CfpError) as info:
        parse_yaml("statement: Source: a study\n", "en.yaml")
    message = str(info.value)
    assert message.startswith("en.yaml:1:18: a line of text contains ': '")
    assert "double quotes" in message


def test_booleans_are_only_true_false():
    assert parse_yaml("a: yes\nb: false\nc: 2019-01-01\n", "f") == {"a": "yes", "b": False, "c": "2019-01-01"}


def test_real_project_loads_clean(project):
    assert not project.problems.errors, [str(p) for p in project.problems]
    assert "stat" in project.templates
    assert set(project.brand.type_roles) >= {"display", "text", "label"}
    assert project.graphics["chicago-gang-database"].translations["en"].values["stat"] == "95%"


def test_bad_content_is_located_and_skipped_alone(make_project):
    root = make_project({
        "content/one/graphic.yaml": "template: stat\n",
        "content/one/en.yaml": "stat: \"1%\"\nstatment: typo here\n",
        "content/two/graphic.yaml": "template: stat\n",
        "content/two/en.yaml": "stat: \"2%\"\nstatement: fine\n",
    })
    project = open_project(root, AssetStore())
    messages = [str(p) for p in project.problems]
    assert "content/one/en.yaml:2:1: unknown field 'statment' for template 'stat' (did you mean 'statement'?)" in messages
    assert "content/one/en.yaml:1:1: missing field 'statement'" in messages[1]
    assert "en" not in project.graphics["one"].translations
    assert "en" in project.graphics["two"].translations


def test_unknown_template_in_graphic(make_project):
    root = make_project({"content/x/graphic.yaml": "template: stats\n"})
    messages = [str(p) for p in open_project(root, AssetStore()).problems]
    assert messages == ["content/x/graphic.yaml:1:11: unknown template 'stats' (did you mean 'stat'?)"]


def test_graphic_names_that_could_escape_output_are_rejected(make_project):
    root = make_project({"content/Bad Name/graphic.yaml": "template: stat\n"})
    messages = [str(p) for p in open_project(root, AssetStore()).problems]
    assert "graphic folder name 'Bad Name' is not allowed" in messages[0]
