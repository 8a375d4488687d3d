"""What the line breaker knows of particular languages, beyond ICU: where their words are and
which short words hold on to their neighbour.

- Vietnamese writes a space between the syllables of a word (tổ chức, địa phương), so a space
  is not a word boundary. Its words come from underthesea's word segmenter (a CRF model trained
  on VLSP 2013, Apache-2.0; copied into vi_words, run by underthesea_core), helped by a few
  campaign words it splits.
- Short function words that should not end a line (es "no", tl "hindi", en "the"), Korean
  dependent words that should not start one (철창 대신: "instead of cages"), as small tables,
  and Korean modifiers that should not be cut from their noun (비슷한 활동: by a few endings).
  These are costs, not bans: the breaker uses them when nothing better fits.
"""
from __future__ import annotations

import re

# A break after one of these words leaves it dangling at the end of a line.
NO_LINE_END: dict[str, frozenset[str]] = {
    "en": frozenset({"a", "an", "the"}),
    "es": frozenset({"no", "el", "la", "los", "las", "un", "una", "y", "e", "o", "u", "a", "al", "del", "de"}),
    "tl": frozenset({"hindi", "ang", "ng", "mga", "sa", "si", "ni", "at", "ay"}),
}

# A break before one of these words cuts it from the word it belongs to.
NO_LINE_START: dict[str, frozenset[str]] = {
    "ko": frozenset({"대신", "등", "때문에", "위해", "위한", "통해", "같은", "중"}),
}

# Words underthesea's model splits, as they are written in the campaign (lower case).
VIETNAMESE_WORDS = ("hình sự hóa", "phi hình sự hóa", "hình sự hoá", "trung tâm", "thông điệp", "nghị trình")

_WORD = re.compile(r"\w+", re.UNICODE)


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


KOREAN_MODIFIER_ENDINGS = frozenset("한된운던")  # 비슷한, 필요한, 새로운: 하다/되다 and ㅂ verbs


def _korean_modifier(word: str) -> bool:
    """A Korean word in an attributive form modifies the noun after it: "비슷한 | 활동을" cuts
    the pair. Only endings that are no particle: 는/은 are also the topic marker (지역사회는), and
    many nouns end in ㄴ (대신, 갱단), so a final ㄴ alone says too little."""
    return len(word) > 1 and word[-1] in KOREAN_MODIFIER_ENDINGS


def glued_after(lang: str, word: str) -> bool:
    """Should a line not end after `word`?"""
    if _base(lang) == "ko" and _korean_modifier(word):
        return True
    return word.casefold() in NO_LINE_END.get(_base(lang), ())


def glued_before(lang: str, word: str) -> bool:
    """Should a line not start with `word`?"""
    return word.casefold() in NO_LINE_START.get(_base(lang), ())


_LAST_WORD = re.compile(r"(\w+)\W*\Z", re.UNICODE)
WORD_REACH = 64  # characters looked at around a break: more than any word


def last_word(text: str, end: int | None = None) -> str:
    """The last word of text[:end] (looking back a little way only: called at every break)."""
    end = len(text) if end is None else end
    match = _LAST_WORD.search(text, max(0, end - WORD_REACH), end)
    return match.group(1) if match else ""


def first_word(text: str, start: int = 0) -> str:
    """The first word of text[start:]."""
    match = _WORD.search(text, start, start + WORD_REACH)
    return match.group(0) if match else ""


def has_word_segmenter(lang: str) -> bool:
    return _base(lang) == "vi"


def _word_tokenizer():
    """underthesea's word segmenter (its code and CRF model copied into vi_words, Apache-2.0),
    run by underthesea_core, imported on first use (its model loads in ~0.2 s)."""
    # The segmenter and its model load on the first Vietnamese text.
    from .vi_words import word_tokenize
    return word_tokenize


def word_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of every word of more than one syllable, for languages that put spaces
    inside words (Vietnamese); empty for the rest."""
    if not has_word_segmenter(lang) or " " not in text:
        return []
    word_tokenize = _word_tokenizer()
    folded = text.lower() if len(text.lower()) == len(text) else text  # headlines may be in capitals
    tokens = word_tokenize(folded, use_token_normalize=False, fixed_words=list(VIETNAMESE_WORDS))
    spans = []
    pos = 0
    for token in tokens:
        syllables = token.split()
        first = folded.find(syllables[0], pos) if syllables else -1
        if first < 0:
            continue
        end = first
        for syllable in syllables:
            at = folded.find(syllable, end)
            if at < 0:
                break
            end = at + len(syllable)
        pos = end
        if len(syllables) > 1 and " " in folded[first:end]:
            spans.append((first, end))
    return spans
