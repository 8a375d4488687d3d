"""Choosing line breaks: the fewest lines a greedy fill can reach, then the best-looking way to
break into exactly that many (Knuth-Plass style dynamic programming, as in Chromium's
score_line_breaker).

Costs are in squared slack per line, as a fraction of the width:
- "balance" (headlines) counts every line, so lines come out even (CSS text-wrap: balance);
- "pretty" (body text) leaves the last line free but refuses a lone last word.
Worse breaks (see BREAK_COST: inside a word or a name kept together, after a hyphen, next to a
short function word, inside a word in an emergency) are allowed but cost extra.
"""
from __future__ import annotations

from dataclasses import dataclass

from .lang import CJK_SCRIPTS, KOREAN_SCRIPTS, PHRASE_SCRIPTS, script_of

LONE_LAST_WORD = 1.0  # an orphan costs as much as a completely empty line
LONE_FIRST_WORD = 1.0  # balanced headlines: one word alone on the first line, likewise
# What a break of each class (breaks.py) costs, in the same units. Display type (balanced
# headlines and statements) is stricter about hyphens than body text.
BREAK_COST = {
    "space": 0.0,
    "phrase": 0.0,  # the space between two Khmer or Lao phrases: where a reader expects the break
    "word": 0.0,  # between two Chinese words
    "dictionary": 0.4,  # inside a Khmer or Lao phrase: allowed, but a phrase space reads better
    "inword": 0.3,  # inside a Chinese word: 人民 or 黑人
    "syllable": 1.0,  # inside a Vietnamese word (tổ | chức): as bad as a lone word
    "glue": 0.3,  # "no | ciudadanas", "철창 | 대신 공동체"
    "hyphen": 0.3,  # prefer a space to the hyphen of "Araw-araw"
    "quote": 0.6,  # keep a short quote or emphasised phrase together
    "name": 0.6,  # keep "Collective Freedom Project" together
    "joint": 0.1,  # "Collective | Freedom Project": allowed, but the name whole is better
    "emergency": 4.0,  # breaking inside a word is the last resort
}
LONE_SHORT_WORD = 1.0  # display type: a line of one short word (below), anywhere in the block
# A "lone short word": a line of a broken paragraph that holds one word (one spaced unit) of at
# most this many letters (letters and digits; no marks, no punctuation). Alone on its line such
# a word reads as a fragment, not a line, and leaves a hole in the block: the CTA's "campaign"
# tower, "Komunidad, / hindi / kulungan", Lao "ແລະ", Khmer "សហគមន៍ / មិនមែន / ទ្រុង".
# Five letters is a short word in the languages that space their words ("hindi", "over", "the",
# Vietnamese one-syllable words); Khmer, Lao, Thai and Burmese letters are wider (a consonant
# with its vowel signs is one letter here, a subscript another): three is a syllable or a short
# two (ទ្រុង "cages", ແລະ "and"), while ຊຸມຊົນ "community", four, stands as "Community" does in
# English; a Chinese or Japanese line of two characters or fewer. Korean spaces whole phrases
# (a word with its particles), so a lone unit of three syllables stands (철창 대신 / 공동체),
# but one of two is a bare noun cut from its phrase ("실현", "비율", "일환" alone on a line).
SHORT_WORD_LETTERS = 5
SHORT_WORD_LETTERS_PHRASE = 3  # Khmer, Lao, Thai, Burmese
SHORT_WORD_LETTERS_CJK = 2
SHORT_WORD_LETTERS_KOREAN = 2  # syllables


def short_word_letters(lang: str) -> int:
    """The most letters a word alone on its line may have and still be a "lone short word" in
    `lang` (0: the rule does not apply)."""
    script = script_of(lang)
    if script in KOREAN_SCRIPTS:
        return SHORT_WORD_LETTERS_KOREAN
    if script in CJK_SCRIPTS:
        return SHORT_WORD_LETTERS_CJK
    return SHORT_WORD_LETTERS_PHRASE if script in PHRASE_SCRIPTS else SHORT_WORD_LETTERS


def letters(text: str) -> int:
    """Letters and digits: what SHORT_WORD_LETTERS counts (combining marks and punctuation are
    not); an ampersand is read as the word "and" ("Youth &" is two words, not "Youth" alone)."""
    return sum(1 for ch in text if ch.isalnum()) + 3 * text.count("&")


def is_lone_short_word(line: str, lang: str) -> bool:
    """Is this line (a piece of a broken paragraph) one short word alone? See SHORT_WORD_LETTERS."""
    limit = short_word_letters(lang)
    words = [w for w in line.split() if any(ch.isalnum() for ch in w) or w == "&"]
    return bool(limit) and len(words) == 1 and letters(words[0]) <= limit


DISPLAY_COST = {**BREAK_COST, "hyphen": 2.0, "glue": 0.8}  # no "cross- | movement", no "y no | ciudadanas"


def break_cost(kind: str, mode: str) -> float:
    """The cost of ending a line with a break of class `kind`, for wrap `mode`."""
    return (DISPLAY_COST if mode == "balance" else BREAK_COST).get(kind, 0.0)


@dataclass(frozen=True)
class Segment:
    """Text between two break opportunities, measured per em."""

    start: int
    end: int
    width: float  # advance of the content, without trailing spaces
    space: float  # advance of the trailing spaces (they hang at a line end)
    break_kind: str  # class of the break at `end` (breaks.py), or emergency
    word: bool = True  # ends a word (False for emergency pieces)
    chars: int = 1  # visible characters (for the shortest last line of Chinese or Japanese)
    letters: int = 1  # letters and digits (for a lone short word: SHORT_WORD_LETTERS)


def line_width(segments: list[Segment], i: int, j: int, scale: float) -> float:
    """Width of segments[i:j] set on one line at `scale` px per em."""
    total = sum(s.width + s.space for s in segments[i:j]) - segments[j - 1].space
    return total * scale


def greedy(segments: list[Segment], width: float, scale: float) -> list[int]:
    """End index (exclusive) of each line when filling lines as full as they go."""
    ends = []
    i = 0
    n = len(segments)
    while i < n:
        j = i + 1
        used = segments[i].width * scale
        while j < n and segments[j - 1].break_kind != "hard":
            extra = (segments[j - 1].space + segments[j].width) * scale
            if used + extra > width + 1e-6:
                break
            used += extra
            j += 1
        ends.append(j)
        i = j
    return ends


def optimal(segments: list[Segment], width: float, scale: float, lines: int, mode: str,
            min_last_chars: int = 0, lone_words: bool = True, short_word: int = 0) -> list[int]:
    """Best breaks into exactly `lines` lines (the greedy count), or the greedy result when the
    search finds nothing better. With `min_last_chars`, a last line of fewer characters costs
    like a lone last word (for scripts without spaces, where "word" means little). Without
    `lone_words` a line of one word costs nothing extra (Korean: a spaced unit is a whole
    phrase, 철창 대신 / 공동체). With `short_word` (a letter count: short_word_letters), a line of a
    broken paragraph holding one word of at most that many letters costs LONE_SHORT_WORD."""
    n = len(segments)
    if lines <= 1 or n <= 1:
        return greedy(segments, width, scale)
    inf = float("inf")
    # prefix[k] = width of segments[:k] including all their trailing spaces
    prefix = [0.0]
    for s in segments:
        prefix.append(prefix[-1] + (s.width + s.space) * scale)

    def width_of(i: int, j: int) -> float:
        return prefix[j] - prefix[i] - segments[j - 1].space * scale

    def cost(i: int, j: int, last: bool) -> float:
        kind = segments[j - 1].break_kind
        paragraph_end = last or kind == "hard"
        slack = max(0.0, width - width_of(i, j)) / width
        c = 0.0 if (paragraph_end and mode == "pretty") else slack * slack
        follows_break = i > 0 and segments[i - 1].break_kind != "hard"
        lone = c
        if lone_words and paragraph_end and follows_break and j - i == 1 and segments[i].word:
            c += LONE_LAST_WORD
        elif paragraph_end and follows_break and sum(s.chars for s in segments[i:j]) < min_last_chars:
            c += LONE_LAST_WORD
        if lone_words and mode == "balance" and i == 0 and j == 1 and not paragraph_end and segments[0].word:
            c += LONE_FIRST_WORD
        # (a lone first or last word that is also short is charged once: "power" alone is no
        # worse than "cross- | movement")
        if short_word and c == lone and (follows_break or not paragraph_end) and \
                all(s.space == 0 for s in segments[i:j - 1]) and sum(s.letters for s in segments[i:j]) <= short_word:
            c += LONE_SHORT_WORD  # one short word alone on its line ("hindi", "ແລະ")
        if not paragraph_end:
            c += break_cost(kind, mode)
        return c

    # best[k][j]: least cost to set segments[:j] in k lines; back[k][j]: start of the k-th line
    best = [[inf] * (n + 1) for _ in range(lines + 1)]
    back = [[0] * (n + 1) for _ in range(lines + 1)]
    best[0][0] = 0.0
    for k in range(1, lines + 1):
        for j in range(1, n + 1):
            last = j == n
            if not last and k == lines:
                continue
            for i in range(j - 1, -1, -1):
                if j - i > 1 and (width_of(i, j) > width + 1e-6 or segments[i].break_kind == "hard"):
                    break  # only grows wider as i goes down; a hard break must end its line
                if best[k - 1][i] == inf:
                    continue
                c = best[k - 1][i] + cost(i, j, last)
                if c < best[k][j]:
                    best[k][j], back[k][j] = c, i
    if best[lines][n] == inf:
        return greedy(segments, width, scale)
    ends = []
    j = n
    for k in range(lines, 0, -1):
        ends.append(j)
        j = back[k][j]
    return ends[::-1]
