"""Display text in every script carries the weight of the Latin display face (issue 14, item 5).

League Spartan Black sets English headlines and figures; the Khmer, Lao, Arabic, Thai, Myanmar,
CJK, Cyrillic and Greek words beside them come from the display stack's fallback faces. Those
must be the Black (900) cuts, not a visibly lighter Bold: checked on the faces the layout engine
really picks for each script, by their declared weight and by the measured thickness of their
strokes.
"""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from cfpgraphics.text.engine import layout_text
from cfpgraphics.text.types import Box, TextStyle

# one display line per script, in the language whose fallback face it exercises
SAMPLES = {
    "km": "សហគមន៍ មិនមែនទ្រុង",
    "lo": "ຊຸມຊົນ ແທນຄອກຂັງ",
    "ar": "المجتمع لا الأقفاص",
    "th": "ชุมชน ไม่ใช่กรง",
    "my": "အသိုင်းအဝိုင်း",
    "zh-Hans": "要社区，不要牢笼",
    "zh-Hant": "要社區，不要牢籠",
    "ko": "철창 대신 공동체",
    "ja": "檻ではなく地域社会を",
    "ru": "Сообщество",
    "el": "Κοινότητα",
}
LATIN = ("en", "COMMUNITY OVER CAGES")
SIZE = 120


def faces_used(fonts, stack: str, lang: str, text: str) -> set[str]:
    style = TextStyle(fonts.stack(stack), SIZE, SIZE)
    layout = layout_text(text, style, Box(0, 0, 4000, 1000), lang)
    assert layout.fits and not layout.missing, (lang, stack, layout.missing)
    return {run.font for line in layout.lines for run in line.runs if not run.text.isspace()}


def weight_class(face) -> int:
    return TTFont(face.path, fontNumber=face.index, lazy=True)["OS/2"].usWeightClass


def stroke_per_em(face, lang: str, text: str) -> float:
    """Mean stroke thickness of `text` set in `face`, per em: twice the ink area over the
    length of its outline (exact for long strokes of even width), measured on a rendering."""
    font = ImageFont.truetype(str(face.path), SIZE, index=face.index, layout_engine=ImageFont.Layout.RAQM)
    image = Image.new("L", (SIZE * len(text), SIZE * 2), 0)
    ImageDraw.Draw(image).text((SIZE // 4, SIZE // 3), text, font=font, fill=255, language=lang,
                               direction="rtl" if lang == "ar" else None)
    ink = image.point(lambda v: 255 if v >= 128 else 0)
    area = ink.histogram()[255]
    outline = ImageChops.subtract(ink, ink.filter(ImageFilter.MinFilter(3))).histogram()[255]
    assert area > 0 and outline > 0, (face.key, text)
    return 2 * area / outline / SIZE


@pytest.fixture(scope="module")
def latin_face(fonts):
    (key,) = faces_used(fonts, "display", *LATIN)
    return fonts.faces[key]


def test_the_latin_display_face_is_league_spartan_black(latin_face):
    assert latin_face.key == "league-spartan-black"
    assert weight_class(latin_face) == 900
    assert stroke_per_em(latin_face, *LATIN) > 0.14  # the heaviest stems of the set


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_every_scripts_display_face_declares_the_latin_weight(fonts, latin_face, lang):
    used = faces_used(fonts, "display", lang, SAMPLES[lang])
    assert latin_face.key not in used, f"the {lang} sample does not exercise a fallback face"
    for key in used:
        weight = weight_class(fonts.faces[key])
        assert weight >= 800 and abs(weight - weight_class(latin_face)) <= 100, \
            f"display text in {lang} is set in {key}, weight {weight}: lighter than {latin_face.key}"


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_every_scripts_display_strokes_are_heavier_than_its_text_strokes(fonts, latin_face, lang):
    """Measured, not declared: the display face's strokes are clearly thicker than those of the
    same script in the text stack (a Bold or SemiBold), and not far from League Spartan Black's.
    Every Black measures 19% or more above its text face; the Bold the display stack used to
    take measures 0-8% above it (16% for Cyrillic and Greek, whose text face is Inter SemiBold:
    there the weight class above is what tells them apart)."""
    text = SAMPLES[lang]
    (display,) = faces_used(fonts, "display", lang, text)
    (body,) = faces_used(fonts, "text", lang, text)
    heavy = stroke_per_em(fonts.faces[display], lang, text)
    light = stroke_per_em(fonts.faces[body], lang, text)
    assert heavy >= 1.12 * light, f"{lang}: {display} strokes {heavy:.3f} em vs {body} {light:.3f} em"
    assert heavy >= 0.68 * stroke_per_em(latin_face, *LATIN), f"{lang}: {display} strokes {heavy:.3f} em"
