"""Vietnamese word segmentation: underthesea's word_tokenize (9.5.0), without underthesea.

Copied from underthesea (https://github.com/undertheseanlp/underthesea, Apache-2.0, see
data/vi-words/LICENSE): the regular-expression tokenizer of
underthesea/pipeline/word_tokenize/regex_tokenize.py (patterns unchanged; each named group is
assembled by `_group`, which gives the very same expression), the character
normalisation of pipeline/text_normalize, and the CRF word segmenter of
pipeline/word_tokenize/__init__.py with its model ws_crf_vlsp2013_20230727 (models.bin as
data/vi-words/ws_crf_vlsp2013_20230727.bin, unchanged; dictionary.bin, a pickled set, as
data/vi-words/dictionary.json, sorted, one word a line; features.bin, a pickled list, as FEATURES).
Changes: token normalisation (use_token_normalize) is left out, as the line breaker never
used it; fixed words are compiled once per set rather than into a module global. The CRF
runs in underthesea_core, the package's own Rust core.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "vi-words"
MODEL = DATA / "ws_crf_vlsp2013_20230727.bin"
DICTIONARY = DATA / "dictionary.json"
FEATURES = [  # features.bin
    'T[-2]', 'T[-1]', 'T[0]', 'T[1]', 'T[2]', 'T[-2,-1]', 'T[-1,0]', 'T[0,1]', 'T[1,2]',
    'T[-2,0]', 'T[-1,1]', 'T[0,2]', 'T[-2].lower', 'T[-1].lower', 'T[0].lower', 'T[1].lower',
    'T[2].lower', 'T[-2,-1].lower', 'T[-1,0].lower', 'T[0,1].lower', 'T[1,2].lower',
    'T[-1].isdigit', 'T[0].isdigit', 'T[1].isdigit', 'T[-2].istitle', 'T[-1].istitle',
    'T[0].istitle', 'T[1].istitle', 'T[2].istitle', 'T[0,1].istitle', 'T[0,2].istitle',
    'T[-2].is_in_dict', 'T[-1].is_in_dict', 'T[0].is_in_dict', 'T[1].is_in_dict',
    'T[2].is_in_dict', 'T[-2,-1].is_in_dict', 'T[-1,0].is_in_dict', 'T[0,1].is_in_dict',
    'T[1,2].is_in_dict', 'T[-2,0].is_in_dict', 'T[-1,1].is_in_dict', 'T[0,2].is_in_dict',
]
CHARACTER_MAP = {"\u00f0": "\u0111", "\u00d0": "\u0110"}  # ð Ð (Icelandic eth) -> đ Đ



def _group(name: str, patterns: list[str]) -> str:
    """One named alternative of the tokenizer: any of `patterns`."""
    return "(?P<" + name + ">(" + "|".join(patterns) + "))"


UPPER = "[" + "".join([
    "A-Z",
    "ÀÁẢÃẠ",
    "ĂẰẮẲẴẶ",
    "ÂẦẤẨẪẬ",
    "Đ",
    "ÈÉẺẼẸ",
    "ÊỀẾỂỄỆ",
    "ÌÍỈĨỊ",
    "ÒÓỎÕỌ",
    "ÔỒỐỔỖỘ",
    "ƠỜỚỞỠỢ",
    "ÙÚỦŨỤ",
    "ƯỪỨỬỮỰ",
    "ỲÝỶỸỴ"
]) + "]"
LOWER = UPPER.lower()
W = "[" + UPPER[1:-1] + LOWER[1:-1] + "]"  # upper and lower

#################################################
# PRIORITY 1                                    #
#################################################
specials = [
    r"=\>",
    r"==>",
    r"->",
    r"\.{2,}",
    r"-{2,}",
    r">>",
    r"\d+x\d+",  # dimension: 3x4
    r"v\.v\.\.\.",
    r"v\.v\.",
    r"v\.v",
    r"°[CF]"
]
specials = _group("special", specials)

abbreviations = [
    r"[A-ZĐ]+&[A-ZĐ]+",  # & at middle of word (e.g. H&M)
    r"T\.Ư",  # dot at middle of word
    rf"{UPPER}+(?:\.{W}+)+\.?",
    f"{W}+['’]{W}+",  # ' ’ at middle of word
    # e.g. H'Mông, xã N’Thôn Hạ
    r"[A-ZĐ]+\.(?!$)",  # dot at the end of word
    r"Tp\.",
    r"Mr\.", r"Mrs\.", r"Ms\.",
    r"Dr\.", r"ThS\.", "Th.S", "Th.s",
    r"e-mail",  # - at middle of word
    r"\d+[A-Z]+\d*-\d+",  # vehicle plates
    # e.g. 43H-0530
    r"NĐ-CP"
]
abbreviations = _group("abbr", abbreviations)

#################################################
# PRIORITY 2                                    #
#################################################

# urls pattern from nltk
# https://www.nltk.org/_modules/nltk/tokenize/casual.html
# with Vu Anh's modified to match fpt protocol
url = r"""             # Capture 1: entire matched URL
  (?:
  (ftp|http)s?:               # URL protocol and colon
    (?:
      /{1,3}            # 1-3 slashes
      |                 #   or
      [a-z0-9%]         # Single letter or digit or '%'
                        # (Trying not to match e.g. "URI::Escape")
    )
    |                   #   or
                        # looks like domain name followed by a slash:
    [a-z0-9.\-]+[.]
    (?:[a-z]{2,13})
    /
  )
  (?:                                  # One or more:
    [^\s()<>{}\[\]]+                   # Run of non-space, non-()<>{}[]
    |                                  #   or
    \([^\s()]*?\([^\s()]+\)[^\s()]*?\) # balanced parens, one level deep: (...(...)...)
    |
    \([^\s]+?\)                        # balanced parens, non-recursive: (...)
  )+
  (?:                                  # End with:
    \([^\s()]*?\([^\s()]+\)[^\s()]*?\) # balanced parens, one level deep: (...(...)...)
    |
    \([^\s]+?\)                        # balanced parens, non-recursive: (...)
    |                                  #   or
    [^\s`!()\[\]{};:'".,<>?«»“”‘’]     # not a space or one of these punct chars
  )
  |                        # OR, the following to match naked domains:
  (?:
    (?<!@)                 # not preceded by a @, avoid matching foo@_gmail.com_
    [a-z0-9]+
    (?:[.\-][a-z0-9]+)*
    [.]
    (?:[a-z]{2,13})
    \b
    /?
    (?!@)                  # not succeeded by a @,
                           # avoid matching "foo.na" in "foo.na@example.com"
  )
"""
url = "(?P<url>" + url + ")"

email = r"[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+"
email = "(?P<email>" + email + ")"

phone = [
    r"\d{2,}-\d{3,}-\d{3,}"  # e.g. 03-5730-2357
    # very careful, it's easy to conflict with datetime
]
phone = _group("phone", phone)

datetime = [
    # date
    r"\d{1,2}\/\d{1,2}\/\d+",  # e.g. 02/05/2014
    r"\d{1,2}\/\d{1,4}",  # e.g. 02/2014
    #   [WIP] conflict with number 1/2 (a half)
    r"\d{1,2}-\d{1,2}-\d+",  # e.g. 02-03-2014
    r"\d{1,2}-\d{1,4}",  # e.g. 08-2014
    #   [WIP] conflict with range 5-10 (from 5 to 10)
    r"\d{1,2}\.\d{1,2}\.\d+",  # e.g. 20.08.2014
    r"\d{4}\/\d{1,2}\/\d{1,2}",  # e.g. 2014/08/20
    r"\d{2}:\d{2}:\d{2}"  # time
    # e.g. 10:20:50 (10 hours, 20 minutes, 50 seconds)
]
datetime = _group("datetime", datetime)

name = [
    r"\d+[A-Z]+\d+",
    r"\d+[A-Z]+"  # e.g. 4K
]
name = _group("name", name)

number = [
    r"\d+(?:\.\d+)+,\d+",  # e.g. 4.123,2
    r"\d+(?:\.\d+)+",  # e.g. 60.542.000
    r"\d+(?:,\d+)+",  # e.g. 100,000,000
    r"\d+(?:[\.,_]\d+)?",  # 123
]
number = _group("number", number)

emoji = [
    r":\)\)*",
    r"=\)\)+",
    r"♥‿♥",
    r":D+(?=\s)",  # :D
    r":D+(?=$)",  # special e.g. Đạo diễn :Dương Tuấn Anh
    r"<3"  # heart
]
emoji = _group("emoji", emoji)

punct = [
    r"\.",
    r"\,",
    r"\(",
    r"\)",
    r"ʺ"  # Modifier Letter Double Prime symbol (U+02BA)
]
punct = _group("punct", punct)

#################################################
# PRIORITY 3                                    #
#################################################
word = r"(?P<word>\w+)"

word_hyphen = [
    r"(?<=\b)\w+\-[\w+-]*\w+"  # before word_hyphen must be word boundary
    # case to notice: 1.600m-2.000m
]
word_hyphen = _group("word_hyphen", word_hyphen)

symbol = [
    r"\+",
    r"×",
    r"-",
    r"÷",
    r":+",
    r"%",
    r"%",
    r"\$",
    r"\>",
    r"\<",
    r"=",
    r"\^",
    r"_",
    r":+"
]
symbol = _group("sym", symbol)

non_word = r"(?P<non_word>[^\w\s])"

# Caution: order is very important for regex
regex_patterns = [
    specials,  # Priority 1
    abbreviations,
    url,  # Priority 2
    email,
    phone,
    datetime,  # datetime must be before number
    name,
    number,
    emoji,
    punct,
    word_hyphen,  # Priority 3
    word,
    symbol,
    non_word  # non_word must be last
]
regex_patterns_combine = r"(" + "|".join(regex_patterns) + ")"
patterns = re.compile(regex_patterns_combine, re.VERBOSE | re.UNICODE)


def _extract_match(m):
    for k, v in m.groupdict().items():
        if v is not None:
            return v, k


@lru_cache(maxsize=8)
def _patterns(fixed_words: tuple[str, ...]):
    if not fixed_words:
        return patterns
    compiled_fixed_words = [re.sub(" ", r"\ ", fixed_word) for fixed_word in fixed_words]
    fixed_words_pattern = "(?P<fixed_words>\\b" + "\\b|\\b".join(compiled_fixed_words) + "\\b)"
    merged = r"(" + "|".join([fixed_words_pattern] + regex_patterns) + ")"
    return re.compile(merged, re.VERBOSE | re.UNICODE)


def normalize_characters(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    for non_standard, standard in CHARACTER_MAP.items():
        text = text.replace(non_standard, standard)
    return text


def tokenize(text: str, fixed_words: tuple[str, ...] = ()) -> list[str]:
    """underthesea's regex_tokenize.tokenize(text, use_token_normalize=False, fixed_words=...)."""
    text = normalize_characters(text)
    return [_extract_match(m)[0] for m in re.finditer(_patterns(tuple(fixed_words)), text)]


@lru_cache(maxsize=1)
def _model():
    # The CRF model loads on the first Vietnamese text.
    from underthesea_core import CRFFeaturizer, CRFTagger

    tagger = CRFTagger()
    tagger.load(str(MODEL))
    dictionary = set(json.loads(DICTIONARY.read_text(encoding="utf-8")))
    return CRFFeaturizer(FEATURES, dictionary), tagger


def word_tokenize(sentence: str, use_token_normalize: bool = False, fixed_words=()) -> list[str]:
    """underthesea.word_tokenize(sentence, use_token_normalize=False, fixed_words=...)."""
    if use_token_normalize:
        raise NotImplementedError("token normalisation is not copied from underthesea")
    tokens = tokenize(sentence, tuple(fixed_words))
    featurizer, tagger = _model()
    tags = tagger.tag(featurizer.process([[[token] for token in tokens]])[0])
    output: list[str] = []
    for tag, token in zip(tags, tokens):
        if tag == "I-W" and output:
            output[-1] = output[-1] + " " + token
        else:
            output.append(token)
    return output
