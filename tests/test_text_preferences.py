"""Breaks that are allowed but worse: inside a Chinese word, inside a name kept together."""
from __future__ import annotations

from dataclasses import replace

from cfpgraphics.text.breaks import INWORD, JOINT, NAME as INSIDE_NAME, break_opportunities
from cfpgraphics.text.linebreak import break_cost
from cfpgraphics.text.engine import layout_text
from cfpgraphics.text.types import Box, TextStyle

NAME = ("Collective Freedom Project",)


def test_chinese_breaks_inside_words_are_marked():
    text = "在芝加哥帮派数据库中黑人和拉丁裔所占比例"
    kinds = {text[:b.offset][-1] + text[b.offset]: b.kind for b in break_opportunities(text, "zh-Hans")
             if b.offset < len(text)}
    assert kinds["加哥"] == INWORD and kinds["数据"] == INWORD, "inside 芝加哥 and 数据库"
    assert kinds["哥帮"] != INWORD and kinds["中黑"] != INWORD, "between words"


def test_chinese_headline_keeps_words_when_the_lines_allow(fonts):
    text = "在芝加哥帮派数据库中黑人和拉丁裔所占比例"
    words = {b.offset for b in break_opportunities(text, "zh-Hans") if b.kind != INWORD}
    for width in (500, 700):
        layout = layout_text(text, TextStyle(fonts.stack("text"), 64, 30), Box(0, 0, width, 600), "zh-Hans")
        for line in layout.lines[1:]:
            assert line.start in words, f"word split at {line.text!r} (width {width})"


def test_phrase_kept_together_at_the_same_size(fonts):
    style = TextStyle(fonts.stack("display"), 72, 30, keep_together=NAME)
    layout = layout_text("Meet us: Collective Freedom Project", style, Box(0, 0, 900, 600), "en")
    assert [l.text for l in layout.lines] == ["Meet us:", "Collective Freedom Project"]
    assert layout.size == 72


def test_phrase_kept_together_for_a_little_less_size(fonts):
    plain = layout_text("Meet us: Collective Freedom Project", TextStyle(fonts.stack("display"), 72, 30),
                        Box(0, 0, 800, 600), "en")
    kept = layout_text("Meet us: Collective Freedom Project", TextStyle(fonts.stack("display"), 72, 30,
                       keep_together=NAME), Box(0, 0, 800, 600), "en")
    assert any("Collective Freedom Project" in l.text for l in kept.lines)
    assert 0.85 * plain.size <= kept.size < plain.size


def test_a_name_stays_whole_even_when_that_costs_more_size(fonts):
    style = TextStyle(fonts.stack("display"), 96, 40, keep_together=NAME)
    plain = layout_text("انطلاق Collective Freedom Project", replace(style, keep_together=()), Box(0, 0, 600, 600), "ar")
    kept = layout_text("انطلاق Collective Freedom Project", style, Box(0, 0, 600, 600), "ar")
    assert kept.fits and any(NAME[0] in line.text for line in kept.lines)
    assert kept.size < 0.85 * plain.size, "a name never breaks where the text can fit without breaking it"
    start = kept.text.index(NAME[0])
    inside = [b.kind for b in break_opportunities(kept.text, "ar", NAME) if start < b.offset < start + len(NAME[0])]
    assert inside == [INSIDE_NAME, INSIDE_NAME]


def test_a_name_breaks_only_where_the_brand_kit_allows(fonts):
    style = TextStyle(fonts.stack("display"), 96, 60, keep_together=("Collective | Freedom Project",))
    layout = layout_text("Collective Freedom Project", style, Box(0, 0, 700, 600), "en")
    assert [l.text for l in layout.lines] == ["Collective", "Freedom Project"]
    assert layout.lines[0].break_class == JOINT


def test_a_name_breaks_where_nothing_else_fits_and_says_what_it_cost(fonts):
    style = TextStyle(fonts.stack("display"), 72, 72, keep_together=NAME)
    layout = layout_text("Collective Freedom Project", style, Box(0, 0, 500, 600), "en")
    assert layout.fits and len(layout.lines) == 3
    assert [l.break_class for l in layout.lines] == [INSIDE_NAME, INSIDE_NAME, "end"]
    assert layout.lines[0].break_cost == break_cost(INSIDE_NAME, "balance") > 0
