"""WCAG AA contrast: the arithmetic, the brand's pairs, and templates that fail it."""
from __future__ import annotations

import pytest

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.content.contrast import check_template, contrast_ratio, is_dark, luminance
from cfpgraphics.builder.project import open_project
from cfpgraphics.content.sizes import PRESETS


def test_ratio_arithmetic():
    assert contrast_ratio((255, 255, 255), (0, 0, 0)) == pytest.approx(21.0)
    assert contrast_ratio((43, 30, 92), (43, 30, 92)) == pytest.approx(1.0)
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == contrast_ratio((255, 255, 255), (0, 0, 0))
    assert luminance((255, 255, 255)) == pytest.approx(1.0)
    assert contrast_ratio((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # the classic AA grey


def test_the_brand_pairs(project):
    c = project.brand.color
    assert contrast_ratio(c("paper"), c("indigo")) > 13
    assert contrast_ratio(c("marigold"), c("indigo")) > 8
    assert contrast_ratio(c("mist"), c("indigo")) > 4.5
    assert contrast_ratio(c("marigold"), c("paper")) < 3  # never marigold text on paper
    assert 3 <= contrast_ratio(c("coral"), c("paper")) < 4.5  # coral on paper: large text and bars only
    assert contrast_ratio(c("rust"), c("paper")) >= 4.5
    for name in ("violet", "night"):  # both ends of a duotone photo carry paper and marigold text
        assert contrast_ratio(c("paper"), c(name)) >= 4.5 and contrast_ratio(c("marigold"), c(name)) >= 4.5
    assert is_dark(c("indigo")) and not is_dark(c("paper"))


def test_every_template_passes(project):
    for template in project.templates.values():
        assert check_template(template, project.brand, PRESETS.values(), project.kinds) == [], template.name


def _template(body: str) -> str:
    return ("description: t\nfields:\n  headline: {}\n  note: {required: false}\n"
            "  pic: {type: image, required: false}\n" + body)


def _messages(make_project, *bodies: str) -> list[list[str]]:
    """Diagnostics of each template body (all loaded in one throwaway project)."""
    root = make_project({f"templates/bad{i}.yaml": _template(body) for i, body in enumerate(bodies)})
    problems = [str(p) for p in open_project(root, AssetStore()).problems]
    return [[m for m in problems if m.startswith(f"templates/bad{i}.yaml")] for i in range(len(bodies))]


def test_marigold_on_paper_is_an_error_naming_element_and_ratio(make_project):
    [messages] = _messages(make_project, (
        "background: paper\n"
        "elements:\n"
        "  - {name: headline, kind: text, field: headline, color: ink, box: [0, 0, 1, 0.5]}\n"
        "  - {name: note, kind: text, field: note, color: marigold, box: [0, 0.5, 1, 0.2], size: [30, 24]}\n"
    ))
    assert len(messages) == 1, messages
    assert messages[0].startswith("templates/bad0.yaml:9:5: template 'bad0': element 'note': text colour marigold "
                                  "on paper has contrast 1.64:1; WCAG AA needs 4.5:1")


def test_large_text_needs_three_to_one(make_project):
    body = ("background: paper\nelements:\n"
            "  - {name: headline, kind: text, field: headline, role: display, color: coral, box: [0, 0, 1, 0.5], "
            "size: [SIZE]}\n")
    large, small = _messages(make_project, body.replace("SIZE", "120, 60"), body.replace("SIZE", "40, 24"))
    assert large == []
    assert "element 'headline': text colour coral on paper has contrast 3.49:1; WCAG AA needs 4.5:1" in small[0]


def test_emphasis_highlight_and_shape_overrides_are_checked(make_project):
    [messages] = _messages(make_project, (
        "background: indigo\nelements:\n"
        "  - {name: headline, kind: text, field: headline, color: paper, emphasis_color: ink, "
        "highlight_color: marigold, highlight_text_color: mist, box: [0, 0, 1, 0.5]}\n"
        "shapes:\n  wide:\n    headline: {color: coral}\n"
    ))
    text = "\n".join(messages)
    assert "emphasis colour ink on indigo has contrast 1.26:1" in text
    assert "highlight text colour mist on marigold has contrast 1.08:1" in text
    assert "text colour coral on indigo has contrast 3.95:1" in text  # only in the wide override


def test_every_colour_of_a_pattern_or_photo_background_counts(make_project):
    [messages] = _messages(make_project, (
        "background: indigo-photo\nphoto: pic\n"
        "elements:\n"
        "  - {name: headline, kind: text, field: headline, color: coral, box: [0, 0, 1, 0.5], size: [30, 24]}\n"
    ))
    text = "\n".join(messages)
    for ground in ("violet", "indigo", "dusk"):  # the duotone's light end and the dotted fallback
        assert f"text colour coral on {ground}" in text, text


def test_a_panel_replaces_the_background(make_project):
    body = ("background: indigo\nelements:\n"
            "  - {name: headline, kind: text, field: headline, color: COLOUR, fill: marigold, box: [0, 0, 1, 0.5]}\n")
    good, bad = _messages(make_project, body.replace("COLOUR", "indigo"), body.replace("COLOUR", "paper"))
    assert good == [] and "text colour paper on marigold" in bad[0]


def test_the_logo_variant_must_suit_the_background(make_project):
    body = ("background: paper\nelements:\n"
            "  - {name: headline, kind: text, field: headline, color: ink, box: [0, 0, 1, 0.5]}\n"
            "  - {name: logo, kind: logo, variant: VARIANT, box: [0, 0.9, 0.4, 0.1]}\n")
    light, auto, dark = _messages(make_project, *(body.replace("VARIANT", v) for v in ("on-light", "auto", "on-dark")))
    assert light == [] and auto == []
    assert "element 'logo': logo 'on-dark' (paper) colour paper on paper has contrast 1.00:1; WCAG AA needs 3:1" \
        in dark[0]


def test_each_kind_declares_what_it_must_keep_legible(make_project):
    """The pairs come from each kind's own declaration (render/elements/): a glyph is a mark
    (3:1), the unit chart's highlighted dots and the current page dot are graphics (3:1), a
    logo's lettering too, and the language names over the cells are reading text (4.5:1)."""
    [messages] = _messages(make_project, (
        "background: paper\nelements:\n"
        "  - {name: mark, kind: glyph, text: '\u201c', color: marigold, box: [0, 0, 0.2, 0.2]}\n"
        "  - {name: dots, kind: units, field: headline, color: marigold, box: [0, 0.2, 0.5, 0.5]}\n"
        "  - {name: pager, kind: pager, color: marigold, box: [0, 0.8, 0.5, 0.02]}\n"
        "  - {name: logo, kind: logo, variant: on-dark, box: [0.6, 0.8, 0.4, 0.2]}\n"
        "  - {name: line, kind: rule, color: marigold, box: [0, 0.9, 1, 0.01]}\n"
    ))
    text = "\n".join(messages)
    assert "element 'mark': text colour marigold on paper has contrast 1.64:1; WCAG AA needs 3:1" in text
    assert "element 'dots': highlighted dot colour marigold on paper has contrast 1.64:1; WCAG AA needs 3:1" in text
    assert "element 'pager': current page dot colour marigold on paper" in text
    assert "element 'logo': logo 'on-dark' (paper) colour paper on paper has contrast 1.00:1" in text
    assert "'line'" not in text, "a rule is decoration: no pair to keep legible"
    assert len(messages) == 4, messages
