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
import unicodedata

from .lang import CJK_SCRIPTS, KOREAN_SCRIPTS, PHRASE_SCRIPTS, script_of
from .unicode import BreakIterators, icu_boundaries

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
# Words it splits in lower case (người Da | Đen, nước | Mỹ, cùng | nhau: issue 24), found in the
# text after segmenting, not given to it as fixed words (that makes it glue "trục xuất cùng nhau").
VIETNAMESE_PAIRS = ("da đen", "nước mỹ", "cùng nhau")

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


# The word "year" before a year (ປີ 2019, នៅឆ្នាំ 2019, năm 2019): a line that ends on it cuts
# the word from its number, as "May |" would a date.
YEAR_WORDS: dict[str, tuple[str, ...]] = {"lo": ("ປີ",), "km": ("ឆ្នាំ",), "th": ("ปี",), "vi": ("năm",)}


def year_word_before(lang: str, text: str, offset: int) -> bool:
    """Would a line end at `offset` leave a year word at its end and its year on the next?"""
    if offset >= len(text) or not text[offset].isdigit():
        return False
    before = text[max(0, offset - 16):offset].rstrip().casefold()
    return any(before.endswith(word) for word in YEAR_WORDS.get(_base(lang), ()))


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
    for pair in VIETNAMESE_PAIRS:
        for match in re.finditer(r"(?<!\w)" + re.escape(pair) + r"(?!\w)", folded):
            if not any(a <= match.start() and match.end() <= b for a, b in spans):
                spans.append(match.span())
    return sorted(spans)


# --- Words inside which a line should not end, where no space marks them --------------------
#
# ICU's word boundaries (its dictionaries for Chinese, Japanese, Khmer, Lao, Thai, Burmese) are
# where the words are. But its dictionaries know the parts of many words better than the
# words: a word they lack comes out in pieces (各地|社|群, 组织|者, 非|公民; Khmer ក្រុម|ក្មេង|ទំនើង,
# ជន|ស្បែក|ខ្មៅ; Lao ຜິວ|ດຳ), and a foreign name in syllables (ແອັດ|ແລນ|ຕາ). So on top of ICU's
# boundaries, a few rules say which pieces belong together. A break inside such a word is a
# "split" (the line breaker takes one only where no size in the element's range avoids it).

SPLIT_WORD = "word"  # inside a word
SPLIT_NAME = "name"  # inside a foreign name the dictionary cannot segment into words

# Chinese: a one-character piece of ICU's segmentation is most often a suffix that belongs to
# the word before it (组织|者, 数据|库, 犯罪|化, 2019|年, 亚特兰大|市): a line should not start
# with it; two or more in a row are a word the dictionary lacks (社|群, 携|手), which may start a
# line but not be split. These single characters stand on their own and may start a line:
# prepositions, conjunctions, adverbs, pronouns.
HAN_FREE_START = frozenset("在是把被从從对對为為向将將让讓给給于於由以但也都就又还還才已仍再更最很"
                           "和与與及或并並而且如若即则則所自当當至我你他她它")
# ... these belong to the word after them (非|公民, 去|犯罪化, 跨|运动): a line should not end with one;
HAN_PREFIXES = frozenset("非反去各每第总總副超跨伪偽不无無未可该該")
# ... and these always to the word before them, even after another single character: particles
# and postpositions (的, 了, 库|中, 社区|里, 发表|时).
HAN_CLOSERS = frozenset("的地得了着著过過们們中里裡上下内內外时時后後等吗嗎呢吧")


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def _icu_pieces(text: str, lang: str, iterators) -> list[tuple[int, int]]:
    bounds = [0] + [offset for offset, _ in icu_boundaries(iterators.word(lang), text)]
    return list(zip(bounds, bounds[1:]))


def _cjk_splits(text: str, lang: str, iterators) -> dict[int, str]:
    out: dict[int, str] = {}
    pieces = _icu_pieces(text, lang, iterators)
    for a, b in pieces:  # inside a word ICU knows (人民, 芝加哥)
        if any(_is_han(ch) or "\u3040" <= ch <= "\u30ff" for ch in text[a:b]):
            out.update((i, SPLIT_WORD) for i in range(a + 1, b))
    def plain(k: int) -> bool:  # a one-character piece that is none of the above
        if not 0 <= k < len(pieces):
            return False
        piece = text[pieces[k][0]:pieces[k][1]]
        return len(piece) == 1 and _is_han(piece) and piece not in HAN_FREE_START | HAN_PREFIXES | HAN_CLOSERS

    for k in range(1, len(pieces)):
        left, right = text[slice(*pieces[k - 1])], text[slice(*pieces[k])]
        leans_back = right in HAN_CLOSERS or (plain(k) and not plain(k + 1)) or (plain(k) and plain(k - 1))
        if leans_back or left in HAN_PREFIXES:
            out[pieces[k][0]] = SPLIT_WORD
    return out


NAME_PIECES = 3  # this many one-syllable pieces in a row: a name the dictionary does not know
_CONSONANTS = ((0x1780, 0x17B3), (0x0E81, 0x0EAE), (0x0E01, 0x0E2E), (0x1000, 0x102A))  # km, lo, th, my
_STACKERS = "\u17D2\u1039"  # Khmer coeng, Burmese virama: the consonant after them is stacked


def _one_syllable(piece: str) -> bool:
    """Is `piece` one syllable, roughly: at most two consonants written on the line (an initial
    and a final; stacked ones and vowels, before or after, do not count)?"""
    count = 0
    for i, ch in enumerate(piece):
        if any(a <= ord(ch) <= b for a, b in _CONSONANTS) and not (i and piece[i - 1] in _STACKERS):
            count += 1
    return 0 < count <= 2


def _recut(pieces: list[tuple[int, int]], compounds: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """ICU's pieces with each compound the dictionary lacks as one piece of its own: no boundary
    inside it, one at each of its ends (ວາລະ | ການຍົກ | ເລີກ -> ວາລະ | ການ | ຍົກເລີກ)."""
    if not compounds or not pieces:
        return pieces
    bounds = {a for a, _ in pieces} | {pieces[-1][1]}
    for start, end in compounds:
        bounds = {b for b in bounds if not start < b < end} | {start, end}
    ordered = sorted(bounds)
    return list(zip(ordered, ordered[1:]))


def _dictionary_splits(text: str, lang: str, iterators,
                       compounds: tuple[tuple[int, int], ...] = ()) -> dict[int, str]:
    """Khmer, Lao, Thai, Burmese. ICU's dictionary knows the one-syllable words compounds are
    made of, not the compounds: two one-syllable words in a row make one (ជន|ស្បែក|ខ្មៅ, ຜິວ|ດຳ),
    and the word after them belongs to it too (ក្រុម|ក្មេង|ទំនើង). A run of NAME_PIECES or more
    one-syllable pieces is a foreign name it could not segment (កា|លី|ហ្វ័|រញ៉ា, ແອັດ|ແລນ|ຕາ),
    kept whole whether or not the brand kit lists its spelling."""
    pieces = _recut(_icu_pieces(text, lang, iterators), compounds)
    out: dict[int, str] = {}
    run: list[tuple[int, int]] = []  # consecutive one-syllable letter pieces

    def close(run: list[tuple[int, int]], after: tuple[int, int] | None) -> None:
        if len(run) >= NAME_PIECES:
            out.update((a, SPLIT_NAME) for a, _ in run[1:])
            if after is not None:
                out[after[0]] = SPLIT_NAME  # ອາ|ຊະ|ຍາ|ກອນ
        elif len(run) == 2:
            out[run[1][0]] = SPLIT_WORD
            if after is not None:
                out[after[0]] = SPLIT_WORD

    for a, b in pieces:
        piece = text[a:b]
        letters = all(unicodedata.category(ch)[0] in "LM" for ch in piece)
        if letters and _one_syllable(piece):
            run.append((a, b))
            continue
        close(run, (a, b) if letters else None)
        run = []
    close(run, None)
    return out


# Korean spaces its words, but a few words lean on their neighbour so hard that a line should
# not come between them (the Korean spacing rules' 본용언+보조용언 and 의존 명사):
# - an auxiliary verb after the verb it helps: 맞서고 | 있을까, 해 | 보다, 하지 | 않는다;
KOREAN_AUXILIARIES = (
    (("고",), ("있", "계", "싶")),
    (tuple("아어여해워와져쳐려"), ("있", "보", "주", "버리", "버렸", "놓", "두", "내")),
    (("지",), ("않", "못", "말")),
    (("게",), ("되", "됐", "하", "했")),
)
# - a dependent noun after the modifier it needs (할 | 수 있다, 하는 | 것), a counter after its
#   number (24 | 개), each alone or with a particle;
KOREAN_DEPENDENT_NOUNS = frozenset({"수", "것", "때", "데", "줄", "바", "뿐", "만큼", "채", "듯", "개", "명", "곳",
                                    "년", "달러"})
KOREAN_PARTICLES = ("", "이", "가", "을", "를", "은", "는", "도", "에", "의", "으로", "로", "이다", "입니다", "이며")
# - a one-syllable word before its noun: a determiner or a noun used as one (주 | 예산: the
#   state budget; 각 | 지역, 이 | 법).

_HANGUL = re.compile(r"[\uac00-\ud7a3]+")


def _hangul_final(syllable: str) -> int:
    """The final consonant's index (0: none, 4: ㄴ, 8: ㄹ) of a Hangul syllable."""
    return (ord(syllable) - 0xAC00) % 28


def _korean_leans(before: str, after: str) -> bool:
    """Should no line end between Korean words `before` and `after` (each without punctuation)?"""
    if not before or not after:
        return False
    if len(before) == 1 and not after[0].isdigit():
        return True  # 주 예산
    for endings, stems in KOREAN_AUXILIARIES:
        if before.endswith(endings) and len(before) > 1 and after.startswith(stems):
            return True
    modifier = _hangul_final(before[-1]) in (4, 8) or before.endswith("는") or before[-1].isdigit()
    return modifier and any(after == noun + particle for noun in KOREAN_DEPENDENT_NOUNS
                            for particle in KOREAN_PARTICLES)


def _korean_splits(text: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for space in re.finditer(r"\s+", text):
        before = re.search(r"([\uac00-\ud7a3\d]+)\Z", text[max(0, space.start() - WORD_REACH):space.start()])
        after = _HANGUL.match(text, space.end()) or re.match(r"\d+", text[space.end():])
        if before and after and _korean_leans(before.group(1), after.group(0)):
            out[space.end()] = SPLIT_WORD
    return out


def word_splits(text: str, lang: str, iterators: BreakIterators,
                compounds: tuple[tuple[int, int], ...] = ()) -> dict[int, str]:
    """Offsets at which a line end would split a word (SPLIT_WORD) or a foreign name
    (SPLIT_NAME), beyond ICU's own boundaries: Chinese and Japanese by ICU's pieces and which
    of them lean on their neighbour, Khmer, Lao, Thai, Burmese by one-syllable pieces in a
    row (`compounds`: (start, end) of words the dictionary lacks, each taken as one piece),
    Korean by a few rules. (Vietnamese: `word_spans`.) `iterators` are the caller's."""
    script = script_of(lang)
    if not text:
        return {}
    if script in CJK_SCRIPTS:
        return _cjk_splits(text, lang, iterators)
    if script in PHRASE_SCRIPTS:
        return _dictionary_splits(text, lang, iterators, compounds)
    if script in KOREAN_SCRIPTS:
        return _korean_splits(text)
    return {}
