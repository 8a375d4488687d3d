"""Count the line breaks a native reader would reject, across every shipped output.

Lays out every planned output (no drawing) and looks at where each text element's lines end:

- name: a break inside a name that should stay whole: the brand kit's `keep_together` (at a
  place its `|` does not allow), the coalition's member names, and each translation's own
  place names (the transliterated "California" of Khmer and Lao, for example);
- vi word: a break between two syllables of one Vietnamese word (tổ | chức), by the segmenter;
- word split: a break inside a word of a script that spaces no words, or spaces them loosely:
  Chinese and Japanese (inside an ICU word, or before a character that leans on the word
  before it, after one that leans on the word after it: 组织 | 者, 非 | 公民, 社 | 群), Khmer,
  Lao, Thai, Burmese (between one-syllable dictionary words that make a compound: ជន | ស្បែក,
  ຜິວ | ດຳ), Korean (a verb and its auxiliary, a dependent noun, a one-syllable word and its
  noun: 맞서고 | 있을까, 주 | 예산); the rules are cfpgraphics.text.wordrules.word_splits;
- name split: a break inside a Khmer or Lao foreign name the dictionary cannot segment into
  words (ແອັດ | ແລນຕາ), listed in the brand kit or not;
- stranded characters: Chinese or Japanese body text whose last line has under 3 characters
  (持續 alone); display text has "short last line";
- lone word: a display text (balanced headline or statement, two or more lines, words enough
  for two a line) whose first or last line is one word, in languages that space their words
  (not Korean, whose spaced units are phrases);
- short last line: a Chinese or Japanese display text whose last line has under 4 characters;
- lone short word: a display text's line (any line of a paragraph that was broken) holding one
  short word alone: "hindi", "over", Lao "ແລະ", Khmer "ទ្រុង" (the one definition is
  cfpgraphics.text.linebreak.SHORT_WORD_LETTERS: 5 letters, 3 in Khmer, Lao, Thai and Burmese,
  2 Chinese or Japanese characters, 2 Korean syllables: a bare noun cut from its phrase);
- cta over 3 lines: a call to action (any element showing a `cta` field) set in more than three
  lines, at any size;
- dangling separator: an inline list line that ends in its separator;
- hyphen: a line that ends just after a hyphen inside a word;
- year cut: a line that ends on the word "year" with its year on the next (Lao "ປີ | 2019",
  Khmer "ឆ្នាំ | 2019", Vietnamese "Năm | 2019": wordrules.YEAR_WORDS), in any text;
- function word: a display line that ends in a short function word (es "no", tl "hindi", en
  "the"; body text may end a line with one);
- forced lone word: a lone last word that could not join the word before it on one line at
  that size (a long word fills the line before it): counted apart, as the box's doing;
- forced lone short word: a lone short word where no size of the element's range avoids it
  (LaidOutText.lone_short_forced): counted apart;
- forced split: a word split, name split or vi word where no size of the element's range
  fits without one (the layout says so: LaidOutText.splits_forced): counted apart;
- forced hyphen: a break after a hyphen in a word that does not fit on one line at that size
  (the hyphen is then the best place to break it);
- name wrapped in its cell: a name alone in its own block (a column of names) taking two lines;
  a name kept whole within its item, not broken into the flow of others. (A member's card is
  not a cell: its name is the card's heading, set large at the kit's one size, and its lines
  are audited as any display text's.)

Run: python tools/break_audit.py [--lang L ...] [--show N]   (prints counts, then examples;
exits 1 if any GATED kind is counted, so it can guard a change; function words
are costs the breaker may pay when nothing better fits, so they are reported, not gated)
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cfpgraphics.render.job import compose_job  # noqa: E402
from cfpgraphics.content.diagnostics import CfpError  # noqa: E402
from cfpgraphics.builder.plan import plan_jobs  # noqa: E402
from cfpgraphics.builder.project import open_project  # noqa: E402
from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.render.scene import TextItem  # noqa: E402
from cfpgraphics.text.breaks import compound_ranges, name_ranges  # noqa: E402
from cfpgraphics.text.engine import layout_text, lone_short_lines  # noqa: E402
from cfpgraphics.text.types import Box, TextStyle  # noqa: E402
from cfpgraphics.text.lang import CJK_SCRIPTS, KOREAN_SCRIPTS, NO_SPACE_SCRIPTS, script_of  # noqa: E402
from cfpgraphics.text.markup import strip_markup  # noqa: E402
from cfpgraphics.text.unicode import BreakIterators  # noqa: E402
from cfpgraphics.text.wordrules import (SPLIT_NAME, glued_after, last_word, word_spans, word_splits,  # noqa: E402
                                        year_word_before)

KINDS = ("name", "vi word", "word split", "name split", "lone word", "lone short word", "cta over 3 lines",
         "short last line", "stranded characters", "dangling separator", "hyphen", "year cut", "function word",
         "forced lone word", "forced lone short word", "forced split", "forced hyphen", "name wrapped in its cell")
GATED = ("name", "vi word", "word split", "name split", "lone word", "lone short word", "cta over 3 lines",
         "short last line", "stranded characters", "dangling separator", "hyphen", "year cut")
CTA_FIELDS = ("cta",)  # fields that hold a call to action (templates/*.yaml)
CTA_LINES = 3  # a call to action is read at a glance: at most this many lines, at every size
STRANDED = 3  # body text in Chinese or Japanese: a last line of fewer characters strands them
PLACE_FIELDS = ("place", "kicker")


def names_of(project, graphic, lang) -> tuple[str, ...]:
    names = set(project.brand.keep_together)
    coalition = project.graphics.get("coalition")
    if coalition and "en" in coalition.translations:
        names.update(str(n) for n in coalition.translations["en"].values.get("names", []))
    values = graphic.translations[lang].values
    for field in PLACE_FIELDS:
        if isinstance(values.get(field), str):
            names.add(strip_markup(values[field]))
    for item in values.get("slides", []) or []:
        if isinstance(item, dict) and item.get("place"):
            names.add(strip_markup(item["place"]))
    return tuple(n for n in names if len(n) > 1)


def line_cuts(text: str, layout) -> list[int]:
    """Where each line but the last ends, before the spaces that hang there."""
    cuts = []
    for line in layout.lines[:-1]:
        cut = line.end
        while cut > line.start and text[cut - 1].isspace():
            cut -= 1
        cuts.append(cut)
    return cuts


def fits_one_line(project, layout, element, text: str, lang: str) -> bool:
    """Would `text` fit on one line of this layout's box at its size?"""
    stack = project.fonts.stack(project.brand.type_roles[element.role].stack)
    style = TextStyle(stack, layout.size, layout.size)
    return len(layout_text(text, style, Box(0, 0, layout.box.w, 10 * layout.size), lang).lines) == 1


def _visible(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("M"))


def audit_layout(found, where: str, layout, element, names, project=None, iterators=None) -> None:
    lang = layout.lang  # (a list of names that is not translated is laid out in English)
    text = layout.text.replace("\u00a0", " ")
    cuts = line_cuts(text, layout)
    spans = name_ranges(text, names)
    cell = len(spans) == 1 and spans[0][:2] == (0, len(text.rstrip()))  # the text is one name alone
    for start, end, allowed in spans:
        for cut in cuts:
            if start < cut < end and not any(cut <= a <= cut + 1 for a in allowed):
                kind = "name wrapped in its cell" if cell else "name"
                found[kind].append(f"{where}: '{text[start:cut]} | {text[cut:end].strip()}'")
    forced = getattr(layout, "splits_forced", False)
    for start, end in word_spans(text, lang):
        for cut in cuts:
            if start < cut < end:
                found["forced split" if forced else "vi word"].append(
                    f"{where}: '{text[start:cut]} | {text[cut:end].strip()}'")
    splits = word_splits(text, lang, iterators or BreakIterators(), compound_ranges(text, spans))
    for cut in cuts:
        if cut in splits:
            kind = "forced split" if forced else "name split" if splits[cut] == SPLIT_NAME else "word split"
            found[kind].append(f"{where}: '...{text[max(0, cut - 12):cut]} | {text[cut:cut + 12]}...'")
    display = element is not None and element.wrap == "balance" and element.role != "label"
    script = script_of(lang)
    # a name counts as one word: "انطلاق / Collective Freedom Project" has no lone word to lose
    units = len(text.split()) - sum(len(text[a:b].split()) - 1 for a, b, _ in spans)
    if display and script not in NO_SPACE_SCRIPTS + KOREAN_SCRIPTS and units >= 2 * len(layout.lines):
        words = [line.text.split() for line in layout.lines]  # (fewer words: a lone one is forced)
        # (a name's first word, alone where the brand kit allows the name to break, is no flaw)
        lone_first = len(words[0]) == 1 and layout.lines[0].break_class != "joint"
        lone_last = len(words[-1]) == 1 and layout.lines[-2].break_class != "joint"
        shown = f"{where}: " + " / ".join(" ".join(w) for w in words)
        tail = " ".join(text.split()[-2:])
        if lone_first or (lone_last and not (project and not fits_one_line(project, layout, element, tail, lang))):
            found["lone word"].append(shown)
        elif lone_last:
            found["forced lone word"].append(shown)
    if display:
        for i in lone_short_lines(layout.lines, lang):
            kind = "forced lone short word" if getattr(layout, "lone_short_forced", False) else "lone short word"
            found[kind].append(f"{where}: " + " / ".join(
                f"[{line.text.strip()}]" if j == i else line.text.strip() for j, line in enumerate(layout.lines)))
    if element is not None and element.field in CTA_FIELDS and len(layout.lines) > CTA_LINES:
        found["cta over 3 lines"].append(f"{where}: {len(layout.lines)} lines: "
                                         + " / ".join(line.text.strip() for line in layout.lines))
    if display and script in CJK_SCRIPTS and len(layout.lines[-1].text.strip()) < 4:
        found["short last line"].append(f"{where}: " + " / ".join(line.text for line in layout.lines))
    if not display and script in CJK_SCRIPTS and _visible(layout.lines[-1].text) < STRANDED:
        found["stranded characters"].append(f"{where}: " + " / ".join(line.text for line in layout.lines))
    if element is not None and element.list_style == "inline":
        for line in layout.lines[:-1]:
            if line.text.rstrip().endswith(element.separator):
                found["dangling separator"].append(f"{where}: '...{line.text[-20:]}'")
    for line, nxt in zip(layout.lines, layout.lines[1:]):
        stripped = line.text.rstrip()
        if year_word_before(lang, stripped + " " + nxt.text.lstrip(), len(stripped) + 1):
            found["year cut"].append(f"{where}: '...{stripped[-16:]} | {nxt.text.strip()[:12]}...'")
        if stripped.endswith("-") and len(stripped) > 1 and stripped[-2].isalpha():
            word = (stripped.split()[-1] + nxt.text.split()[0]) if nxt.text.split() else stripped.split()[-1]
            forced = project is not None and element is not None and \
                not fits_one_line(project, layout, element, word, lang)
            found["forced hyphen" if forced else "hyphen"].append(f"{where}: '...{stripped[-20:]}'")
        elif display and glued_after(lang, last_word(stripped)) and stripped.split()[-1:] == [last_word(stripped)]:
            found["function word"].append(f"{where}: '...{stripped[-24:]} |'")


def audit(project, langs=None):
    found = defaultdict(list)
    iterators = BreakIterators()  # ICU's, for the word rules: one set for the whole audit
    for job in plan_jobs(project, langs=langs):
        try:
            scene = compose_job(project, job)
        except CfpError:
            continue
        template = project.templates[job.template]
        elements = {e.name: e for e in template.elements_for(job.size)}
        names = names_of(project, project.graphics[job.graphic], job.lang)
        for item in scene.items:
            if isinstance(item, TextItem) and len(item.layout.lines) >= 2:
                element = elements.get(item.element.split(".")[0])
                own = names
                if element is not None and element.one_size:  # a member card's heading (see above)
                    own = tuple(n for n in names if n != item.layout.text)
                audit_layout(found, f"{job.name} {item.element}", item.layout, element, own, project, iterators)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument("--show", type=int, default=5, help="examples per kind (default 5)")
    args = parser.parse_args()
    found = audit(open_project(ROOT, AssetStore()), set(args.lang) if args.lang else None)
    for kind in KINDS:
        print(f"{kind:<20} {len(found.get(kind, []))}")
    for kind in KINDS:
        if found.get(kind):
            print(f"\n{kind}:")
            for line in found[kind][: args.show]:
                print("  " + line)
    sys.exit(1 if any(found.get(kind) for kind in GATED) else 0)


if __name__ == "__main__":
    main()
