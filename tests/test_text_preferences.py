"""Breaks that are allowed but worse: inside a Chinese word, inside a kept-together phrase."""
from __future__ import annotations

from cfpgraphics.text.breaks import INWORD, PHRASE, break_opportunities
from cfpgraphics.text.engine import layout_text
from cfpgraphics.text.model import Box, TextStyle

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
    layout = layout_text("Meet the Collective Freedom Project", style, Box(0, 0, 900, 600), "en")
    assert [l.text for l in layout.lines] == ["Meet the", "Collective Freedom Project"]
    assert layout.size == 72


def test_phrase_kept_together_for_a_little_less_size(fonts):
    plain = layout_text("Meet the Collective Freedom Project", TextStyle(fonts.stack("display"), 72, 30),
                        Box(0, 0, 800, 600), "en")
    kept = layout_text("Meet the Collective Freedom Project", TextStyle(fonts.stack("display"), 72, 30,
                       keep_together=NAME), Box(0, 0, 800, 600), "en")
    assert any("Collective Freedom Project" in l.text for l in kept.lines)
    assert 0.85 * plain.size <= kept.size < plain.size


def test_phrase_breaks_when_keeping_it_would_cost_too_much(fonts):
    style = TextStyle(fonts.stack("display"), 96, 40, keep_together=NAME)
    layout = layout_text("انطلاق Collective Freedom Project", style, Box(0, 0, 600, 600), "ar")
    assert layout.size == 96 and len(layout.lines) > 2, "the name may break rather than shrink a lot"
    start = layout.text.index(NAME[0])
    inside = [b.kind for b in break_opportunities(layout.text, "ar", NAME) if start < b.offset < start + len(NAME[0])]
    assert inside == [PHRASE, PHRASE]
