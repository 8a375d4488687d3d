"""Every case of the multilingual corpus, asserting its `must` on the layout data.

Each case is laid out over a range of box widths, so the properties hold wherever the lines
happen to break, not only at one lucky width.
"""
from __future__ import annotations

import unicodedata

import yaml

from cfpgraphics.text.breaks import break_opportunities
from cfpgraphics.text.engine import layout_text
from cfpgraphics.text.linebreak import LONE_FIRST_WORD, LONE_LAST_WORD, break_cost, greedy
from cfpgraphics.text.types import Box, TextStyle
from cfpgraphics.text.unicode import grapheme_bounds
from conftest import HARD_CASES

CASES = {case["id"]: case for case in yaml.safe_load(HARD_CASES.read_text(encoding="utf-8"))}
WIDTHS = (260, 340, 420, 560, 760)


def lay(fonts, case_id, width=420, height=600, stack="display", max_size=72, min_size=24, **style):
    case = CASES[case_id]
    text_style = TextStyle(fonts.stack(stack), max_size, min_size, **style)
    return layout_text(case["text"], text_style, Box(10, 10, width, height), case["lang"])


def all_widths(fonts, case_id, **kw):
    return [lay(fonts, case_id, width=w, **kw) for w in WIDTHS]


def logical_text(layout) -> str:
    """The lines joined back together, with the spaces that were hung at line ends."""
    out = []
    for line, nxt in zip(layout.lines, layout.lines[1:] + [None]):
        end = nxt.start if nxt else len(layout.text)
        out.append(layout.text[line.start:end])
    return "".join(out)


def assert_complete(layout):
    """Nothing lost: the lines cover the text, and every line's runs cover the line."""
    assert logical_text(layout) == layout.text
    for line in layout.lines:
        assert "".join(r.text for r in sorted(line.runs, key=lambda r: r.start)) == line.text


def test_every_case_is_covered_by_a_test():
    import test_line_breaks  # the line-break cases (issue 13) are tested there
    names = set(globals()) | set(vars(test_line_breaks))
    tested = {name[len("test_"):].replace("_", "-") for name in names if name.startswith("test_")}
    assert set(CASES) <= tested, sorted(set(CASES) - tested)


def test_every_case_fits_without_tofu_and_loses_nothing(fonts):
    for case_id in CASES:
        for stack in ("display", "text", "label"):
            for layout in all_widths(fonts, case_id, stack=stack):
                assert layout.fits, (case_id, stack, layout.overflow)
                assert not layout.missing, (case_id, stack, layout.missing)
                assert_complete(layout)
                for line in layout.lines:  # nothing set outside the box
                    assert line.x >= layout.box.x - 0.5 and line.x + line.width <= layout.box.right + 0.5
                    assert line.baseline - line.ascent >= layout.box.y - 0.5
                    assert line.baseline + line.descent <= layout.box.bottom + 0.5


def test_vi_stacked_caps(fonts):
    for layout in all_widths(fonts, "vi-stacked-caps", line_height=1.0):
        lines = layout.lines
        assert len(lines) >= 2 or layout.box.w >= 560
        for above, below in zip(lines, lines[1:]):
            gap = (below.baseline - below.ascent) - (above.baseline + above.descent)
            assert gap > 0, f"stacked marks touch the line above ({gap:.1f} px)"
        # the ink measured includes the marks stacked over capitals (taller than a bare capital)
        assert max(l.ascent for l in lines) > 0.85 * layout.size


def test_vi_decomposed(fonts):
    nfc = unicodedata.normalize("NFC", CASES["vi-decomposed"]["text"])
    assert CASES["vi-decomposed"]["text"] != nfc  # the corpus really is decomposed
    for width in (60, 120, 260, 420):
        layout = lay(fonts, "vi-decomposed", width=width, min_size=40)
        assert layout.text == nfc
        for line in layout.lines:
            assert not unicodedata.combining(line.text[0]), f"combining mark starts line {line.text!r}"


def wraps_at_dictionary_words(fonts, case_id, width, min_lines):
    """Lay out a text without spaces in a narrow box: several lines, nothing lost, and every
    line starts at one of ICU's dictionary word boundaries."""
    case = CASES[case_id]
    words = {b.offset for b in break_opportunities(case["text"], case["lang"])}
    layout = lay(fonts, case_id, width=width, max_size=60, min_size=30)
    assert len(layout.lines) >= min_lines and layout.fits
    assert_complete(layout)
    for line in layout.lines[1:]:
        assert line.start in words, f"{case_id}: a line starts inside a dictionary word: {line.text}"
    return layout


def test_km_no_spaces(fonts):
    wraps_at_dictionary_words(fonts, "km-no-spaces", width=300, min_lines=3)


def test_km_clusters(fonts):
    text = CASES["km-clusters"]["text"]
    clusters = set(grapheme_bounds(text, "km"))
    ordered = sorted(clusters)
    assert "ស្ត្រី" in [text[a:b] for a, b in zip(ordered, ordered[1:])], "a coeng stack is one cluster"
    # a box too narrow for a word forces breaks between clusters: never inside one
    for width in (40, 70, 120):
        layout = lay(fonts, "km-clusters", width=width, min_size=40, max_size=40)
        assert_complete(layout)
        for line in layout.lines:
            assert line.start in clusters and line.end in clusters | {len(text)}
            for run in line.runs:
                assert run.start in clusters and run.end in clusters
                assert run.font == "noto-khmer-black" or run.text.isspace()
            assert line.descent > 0.15 * layout.size, "coeng subscripts below the baseline were not measured"


def test_lo_no_spaces(fonts):
    layout = wraps_at_dictionary_words(fonts, "lo-no-spaces", width=260, min_lines=2)
    for line in layout.lines:
        assert line.baseline - line.ascent >= layout.box.y - 0.5  # tone marks inside the box


def test_zh_kinsoku(fonts):
    for width in range(150, 700, 37):
        layout = lay(fonts, "zh-kinsoku", width=width, min_size=30, max_size=48)
        assert layout.fits
        for line in layout.lines:
            assert line.text[0] not in "。，）”、", f"line starts with closing punctuation: {line.text}"
            assert line.text[-1] not in "（“", f"line ends with opening punctuation: {line.text}"


def test_ko_keep_all(fonts):
    text = CASES["ko-keep-all"]["text"]
    for layout in all_widths(fonts, "ko-keep-all"):
        for line in layout.lines[1:]:
            assert text[line.start - 1] == " ", f"Korean word broken: {line.text}"


def test_ar_numbers(fonts):
    for layout in all_widths(fonts, "ar-numbers"):
        assert layout.rtl
        for line in layout.lines:
            assert abs(line.x + line.width - layout.box.right) < 0.5, "RTL lines align right"
            for run in line.runs:
                if any(ch.isdigit() for ch in run.text):
                    assert not run.rtl, f"digits drawn right to left: {run.text}"
                if "%" in run.text or "/" in run.text:
                    assert "arabic" not in run.font
        assert not layout.missing


def test_ar_latin_first(fonts):
    layout = lay(fonts, "ar-latin-first", width=900)
    assert layout.rtl and len(layout.lines) == 1
    line = layout.lines[0]
    latin = next(r for r in line.runs if "iPhone" in r.text)
    arabic = next(r for r in line.runs if "متوفر" in r.text)
    assert latin.x > arabic.x, "in an RTL paragraph the first (Latin) words sit at the right"
    assert abs(line.x + line.width - layout.box.right) < 0.5


def test_ar_multiline(fonts):
    text = CASES["ar-multiline"]["text"]
    for layout in all_widths(fonts, "ar-multiline"):
        assert layout.lines[0].text.startswith(text.split()[0])
        assert layout.lines[-1].text.endswith(text.split()[-1])
        assert_complete(layout)
        for line in layout.lines:
            arabic_runs = [r for r in line.runs if r.rtl]
            assert all(a.x >= b.x for a, b in zip(arabic_runs, arabic_runs[1:])) or len(arabic_runs) < 2


def test_es_percent(fonts):
    for width in range(180, 800, 29):
        layout = lay(fonts, "es-percent", width=width)
        for line in layout.lines:
            assert not line.text.startswith("%"), line.text
            assert line.text[-1] not in "¡¿", line.text


def test_tl_hyphens(fonts):
    for layout in all_widths(fonts, "tl-hyphens"):
        widest_word = max(layout_text("Araw-araw", TextStyle(fonts.stack("display"), layout.size, layout.size),
                                      Box(0, 0, 5000, 1000), "tl").lines[0].width, 0)
        for line in layout.lines:
            if widest_word <= layout.box.w:
                assert not line.text.endswith("-"), f"broke after a hyphen though a space would do: {line.text}"
            assert not line.text.endswith("₱")
        assert any("₱1,500" in line.text for line in layout.lines)
        assert not layout.missing


def test_emoji_sequences(fonts):
    sequences = ["🔥", "👩🏽\u200d💻", "🇻🇳", "1️⃣"]
    for width in (120, 200, 420):
        layout = lay(fonts, "emoji-sequences", width=width, min_size=40)
        assert not layout.missing
        for line in layout.lines:
            for run in line.runs:
                for seq in sequences:
                    if seq in layout.text[line.start:line.end]:
                        assert any(seq in r.text for r in line.runs), f"{seq!r} split across runs"
        emoji_runs = [r for l in layout.lines for r in l.runs if r.font == "noto-color-emoji"]
        assert "".join(r.text for r in emoji_runs).replace(" ", "") == "".join(sequences)


def test_case_transform(fonts):
    layout = lay(fonts, "case-transform", transform="uppercase", width=900)
    assert layout.text == "OFICINA ÚNICA PARA TODOS"
    emphasised = "".join(r.text for l in layout.lines for r in l.runs if "emphasis" in r.styles)
    assert emphasised == "ÚNICA"


def test_en_balance(fonts):
    for layout in all_widths(fonts, "en-balance"):
        widths = [l.width for l in layout.lines]
        if len(widths) < 2:
            continue
        if _fits_on_one_line(fonts, layout, " ".join(layout.text.split()[-2:])):
            assert len(layout.lines[-1].text.split()) > 1, "lone last word"
        assert_balanced(fonts, layout)
        if len(widths) <= 4:
            assert min(widths) > 0.55 * max(widths), widths


def _fits_on_one_line(fonts, layout, text) -> bool:
    style = TextStyle(fonts.stack("display"), layout.size, layout.size)
    return layout_text(text, style, Box(0, 0, 5000, 1000), layout.lang).lines[0].width <= layout.box.w


def assert_balanced(fonts, layout) -> None:
    widths = [l.width for l in layout.lines]
    greedy_widths, greedy_kinds, greedy_words, greedy_texts = _greedy_lines(fonts, layout)
    assert len(layout.lines) == len(greedy_widths), "balancing must not add lines"
    # balanced: the least total cost (squared slack plus what each break costs), so no worse
    # than filling each line as full as it goes ...
    chosen = _cost(layout.box.w, widths, [l.break_class for l in layout.lines[:-1]],
                   [len(l.text.split()) for l in layout.lines], [l.text for l in layout.lines], layout.lang)
    tolerance = 0.005 * len(widths)  # placed widths are measured at the real size, greedy ones scaled
    assert chosen <= _cost(layout.box.w, greedy_widths, greedy_kinds, greedy_words, greedy_texts,
                           layout.lang) + tolerance
    from cfpgraphics.text.linebreak import is_lone_short_word
    shorts = any(is_lone_short_word(t, layout.lang) for t in greedy_texts)
    if not any(break_cost(kind, "balance") for kind in greedy_kinds) and not shorts:
        # ... and where every break is as good as another (and the greedy fill leaves no short
        # word alone, which the balance may pay some evenness to avoid), more even
        assert max(widths) - min(widths) <= max(greedy_widths) - min(greedy_widths) + 0.5


def _cost(width: float, widths: list[float], kinds: list[str], words: list[int], texts: list[str],
          lang: str) -> float:
    """What linebreak.optimal charges for a balanced layout of these lines (a line of one short
    word, anywhere: LONE_SHORT_WORD)."""
    from cfpgraphics.text.linebreak import LONE_SHORT_WORD, is_lone_short_word
    lone = (LONE_FIRST_WORD if words[0] == 1 else 0.0) + (LONE_LAST_WORD if words[-1] == 1 else 0.0)
    short = LONE_SHORT_WORD * sum(is_lone_short_word(t, lang) for t in texts) if len(texts) > 1 else 0.0
    return (sum(max(0.0, width - w) ** 2 / width ** 2 for w in widths) + lone + short
            + sum(break_cost(k, "balance") for k in kinds))


def _greedy_lines(fonts, layout) -> tuple[list[float], list[str], list[int], list[str]]:
    """Line widths and break classes of a plain greedy fill at the chosen size: the yardstick
    for balancing."""
    from cfpgraphics.text import engine
    from cfpgraphics.text.itemize import itemize
    from cfpgraphics.text.linebreak import line_width
    from cfpgraphics.text.unicode import bidi_levels
    text = layout.text
    bounds = grapheme_bounds(text, layout.lang)
    faces = fonts.stack("display").for_language(layout.lang)
    items, _ = itemize(text, bounds, faces, bidi_levels(text, False), [frozenset()] * len(text))
    segments = engine._Paragraph(text, layout.lang, items, ()).segments(break_opportunities(text, layout.lang))
    ends = greedy(segments, layout.box.w, layout.size)
    starts = [0, *ends]
    return ([line_width(segments, a, b, layout.size) for a, b in zip(starts, ends)],
            [segments[end - 1].break_kind for end in ends[:-1]],
            [len(text[segments[a].start:segments[b - 1].end].split()) for a, b in zip(starts, ends)],
            [text[segments[a].start:segments[b - 1].end] for a, b in zip(starts, ends)])


def test_mixed_fallback(fonts):
    for width in (200, 300, 420):
        layout = lay(fonts, "mixed-fallback", width=width, line_height=1.1)
        baselines = [l.baseline for l in layout.lines]
        steps = {round(b - a, 3) for a, b in zip(baselines, baselines[1:])}
        assert len(steps) <= 1, f"uneven line spacing {steps}"
        for line in layout.lines:
            for run in line.runs:
                if run.text.strip() == "" or run.text.startswith(" ") or run.text.endswith(" "):
                    assert run.font == "league-spartan-black", f"space set in {run.font}"


def test_numbers(fonts):
    tokens = ["1.234.567", "+12,5 %", "$4.99", "3×", "31/12/2025"]
    for width in range(60, 800, 23):  # down to boxes too narrow for "1.234.567" even at the minimum
        layout = lay(fonts, "numbers", width=width, min_size=30)
        for token in tokens:
            assert any(token in line.text for line in layout.lines), f"{token!r} broken at width {width}"
        assert layout.fits or layout.overflow.reason == "width"


def test_seed_stat(fonts):
    for layout in all_widths(fonts, "seed-stat"):
        assert any("95%" in line.text for line in layout.lines)
        if len(layout.lines) > 1:
            if _fits_on_one_line(fonts, layout, "and Latinx"):
                assert layout.lines[-1].text != "Latinx", "orphan 'Latinx'"
            assert_balanced(fonts, layout)


def test_overflow_is_reported_never_clipped(fonts):
    layout = lay(fonts, "seed-stat", width=300, height=60, max_size=40, min_size=30)
    assert not layout.fits
    assert layout.overflow.reason == "height" and layout.overflow.excess > 0
    assert "px of height" in layout.overflow.message
    assert_complete(layout)
    assert not layout.emergency_breaks, "breaking inside words cannot cure a height overflow"


def test_arabic_words_are_not_broken_to_save_height(fonts):
    """Regression: a too-tall Arabic text was once 'fitted' by splitting واستخدموا as واست / خدموا,
    which breaks the joining; it must be reported as overflow instead."""
    text = "شاهدوا مقاطع فيديو الحملات، واستخدموا الأدوات: نماذج سياسات ورسائل رئيسية وتصاميم للتواصل الاجتماعي"
    layout = layout_text(text, TextStyle(fonts.stack("text"), 27, 27, line_height=1.22), Box(0, 0, 465, 141), "ar")
    words = {i for i, ch in enumerate(text) if ch == " "}
    assert all(line.start == 0 or line.start - 1 in words for line in layout.lines), [l.text for l in layout.lines]
    assert not layout.fits and layout.overflow.reason == "height"


def test_max_lines_overflow_names_the_limit(fonts):
    layout = lay(fonts, "seed-stat", width=300, max_size=40, min_size=36, max_lines=2)
    assert layout.overflow and layout.overflow.reason == "lines"
    assert "at most 2" in layout.overflow.message


def test_long_word_breaks_between_clusters_below_minimum(fonts):
    style = TextStyle(fonts.stack("display"), 60, 40)
    layout = layout_text("Supercalifragilisticexpialidocious", style, Box(0, 0, 300, 600), "en")
    assert layout.fits and layout.emergency_breaks and len(layout.lines) > 1
    assert layout.size == 40
    assert_complete(layout)


def test_missing_glyphs_are_reported(fonts):
    style = TextStyle(fonts.stack("display"), 60, 40)
    layout = layout_text("Hi \U0001E900", style, Box(0, 0, 600, 600), "en")  # Adlam: no font here
    assert [m.text for m in layout.missing] == ["\U0001E900"]
    assert "league-spartan-black" in layout.missing[0].fonts_tried


def test_tabular_figures(fonts):
    ones = layout_text("1111", TextStyle(fonts.stack("text"), 80, 80, features=("tnum",)), Box(0, 0, 900, 300), "en")
    zeros = layout_text("0000", TextStyle(fonts.stack("text"), 80, 80, features=("tnum",)), Box(0, 0, 900, 300), "en")
    plain = layout_text("1111", TextStyle(fonts.stack("text"), 80, 80), Box(0, 0, 900, 300), "en")
    assert abs(ones.lines[0].width - zeros.lines[0].width) < 0.5
    assert plain.lines[0].width < ones.lines[0].width


def test_rtl_direction_comes_from_language_not_first_letter(fonts):
    style = TextStyle(fonts.stack("text"), 60, 40)
    assert layout_text("iPhone 15", style, Box(0, 0, 600, 300), "ar").rtl
    assert not layout_text("متوفر", style, Box(0, 0, 600, 300), "en").rtl


def test_locale_aware_uppercase(fonts):
    style = TextStyle(fonts.stack("text"), 60, 40, transform="uppercase")
    assert layout_text("istanbul", style, Box(0, 0, 900, 300), "tr").text == "İSTANBUL"
    assert layout_text("straße", style, Box(0, 0, 900, 300), "de").text == "STRASSE"


def test_hard_line_breaks(fonts):
    style = TextStyle(fonts.stack("text"), 40, 20, wrap="pretty")
    layout = layout_text("first point\nsecond point", style, Box(0, 0, 900, 300), "en")
    assert [l.text for l in layout.lines] == ["first point", "second point"]
