"""Element kinds are declared one module each (render/elements/): the attributes a kind takes,
the type roles it draws with and its placer. The loader checks templates against the very same
declarations the layout places with, so a new kind is one module and one line in the table."""
from __future__ import annotations

from dataclasses import fields

import pytest

from cfpgraphics.builder.plan import OutputKeys, plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.content.elements import ATTRIBUTES, COMMON, Element, ElementKind
from cfpgraphics.render.compose import compose
from cfpgraphics.render.elements import KINDS
from cfpgraphics.render.layout.textblock import Placed
from cfpgraphics.render.scene import RuleItem
from cfpgraphics.content.sizes import PRESETS

TEMPLATE = """description: a badge and a statement
fields:
  statement: {help: the words}
background: indigo
elements:
  - {name: badge, kind: badge, box: [0, 0, 0.2, 0.05], color: marigold}
  - {name: statement, kind: text, field: statement, box: [0, 0.2, 1, 0.5], role: display, size: [64, 28]}
"""


def place_badge(frame, element, box):
    return Placed([RuleItem(element.name, box, color=frame.brand.color(element.color))], box.y, box.bottom)


BADGE = ElementKind("badge", frozenset({"color"}), place_badge)


def test_every_kind_takes_only_attributes_that_are_checked():
    known = set(ATTRIBUTES)
    assert known == {f.name for f in fields(Element)}
    for kind in KINDS.values():
        assert kind.takes <= known, f"{kind.name}: {sorted(kind.takes - known)} have no check"
        assert COMMON <= kind.takes


def test_a_new_kind_is_one_declaration(make_project, monkeypatch):
    """Declared once (as a module under render/elements/ would), the loader accepts it, checks
    its attributes, and the layout places it."""
    monkeypatch.setitem(KINDS, "badge", BADGE)
    root = make_project({"templates/badge.yaml": TEMPLATE})
    project = open_project(root, AssetStore())
    assert not [p for p in project.problems if "badge" in p.location.file], project.problems.items
    template = project.templates["badge"]
    scene = compose(project.brand, project.fonts, project.assets, template, {"statement": "95% of people"}, "en",
                    PRESETS["instagram-square"], root=root)
    badge = [item for item in scene.items if item.element == "badge"]
    assert len(badge) == 1 and isinstance(badge[0], RuleItem)
    assert badge[0].color == project.brand.color("marigold")


def test_an_attribute_a_kind_does_not_take_is_named_at_its_line(make_project, monkeypatch):
    monkeypatch.setitem(KINDS, "badge", BADGE)
    root = make_project({"templates/badge.yaml": TEMPLATE.replace("color: marigold}", "color: marigold, wrap: pretty}")})
    problems = [p for p in open_project(root, AssetStore()).problems if p.location.file == "templates/badge.yaml"]
    assert len(problems) == 1
    problem = problems[0]
    assert "`wrap` does not belong to a badge element" in problem.message
    assert problem.location.line == 6 and "badge elements take: color" in problem.fix


def test_without_the_kind_the_template_is_an_error_at_its_line(make_project):
    root = make_project({"templates/badge.yaml": TEMPLATE})
    problems = [p for p in open_project(root, AssetStore()).problems if p.location.file == "templates/badge.yaml"]
    assert any("unknown element kind 'badge'" in p.message and p.location.line == 6 for p in problems)


@pytest.mark.parametrize("attribute, value, message", [
    ("max_lines", "[many]", "`max_lines` should be a whole number of lines, 1 or more"),
    ("color", "mauve", "unknown colour 'mauve'"),
    ("color", "", "`color` is empty"),  # it crashed the build (KeyError: None) until it was checked
    ("color", "[indigo, paper]", "unknown colour '['indigo', 'paper']'"),
    ("role", "", "`role` is empty"),
])
def test_a_wrong_value_gets_its_attributes_own_error(make_project, attribute, value, message):
    if attribute == "role":
        text = TEMPLATE.replace("role: display", f"role: {value}")
    else:
        text = TEMPLATE.replace("size: [64, 28]}", f"size: [64, 28], {attribute}: {value}}}")
    root = make_project({"templates/badge.yaml": text.replace("kind: badge", "kind: rule")})
    problems = [p for p in open_project(root, AssetStore()).problems if p.location.file == "templates/badge.yaml"]
    assert [p.message for p in problems] == [message]
    assert problems[0].location.line == 7


def test_the_output_key_follows_the_fonts_each_kind_draws_with(project):
    """A numbered list draws its numbers in the display role: its text kind says so, and the
    output key takes the display fonts' digests."""
    text = KINDS["text"]
    numbered = Element("list", "text", (0, 0, 1, 1), role="text", list_style="numbered")
    assert text.roles(numbered) == {"text", "display"}
    assert KINDS["languages"].roles(Element("cells", "languages", (0, 0, 1, 1), role="text")) == {"text", "label"}
    assert KINDS["rule"].roles(Element("line", "rule", (0, 0, 1, 1))) == set()
    keys = OutputKeys(project)
    job = next(iter(plan_jobs(project)))
    assert keys.parts(job)  # every part, the fonts included, is found through the kinds
