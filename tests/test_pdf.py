"""The PDFs, read back by real tools (poppler-utils: pdftotext, pdffonts, pdfinfo, pdftoppm).

Every shipped graphic becomes an A4 print pack, a page per language (a carousel: its pages),
exactly as `cfpgraphics print` makes it; each page is then checked against the scene it was
drawn from: its words come back as text, every font is embedded, the boxes carry the bleed,
and poppler's rendering of the page matches our own PNG of the same scene.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cfpgraphics.builder.print_pack import print_pack
from cfpgraphics.render.backends import BACKENDS, RasterPNG
from cfpgraphics.render.scene import DraftBandItem, QRItem, TextItem

TOOLS = ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm")
pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in TOOLS),
                                reason="poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm) is not installed: "
                                       "apt-get install poppler-utils")

ROOT = Path(__file__).resolve().parent.parent
GRAPHICS = sorted(p.name for p in (ROOT / "content").iterdir() if (p / "graphic.yaml").is_file())  # every shipped one
# poppler's page at the layout's own resolution against our PNG of the same scene: both
# anti-alias the same outlines at the same places, by different rasterisers, so they differ
# only along edges (the worst page measured: 1.03 and 0.72%). The bound: a mean difference
# under 1.5 of 255 a channel, and under 1% of the pixels off by more than a quarter of the range.
MEAN_BOUND = 1.5
EDGE_SHARE = 0.01
MM = 72 / 25.4


def run(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, input=data, capture_output=True, timeout=300, check=True)


@pytest.fixture(scope="module")
def packs(project, tmp_path_factory):
    """{graphic: (PrintPack, path of its PDF)}, every graphic in every language, A4."""
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for graphic in GRAPHICS:
        pack = print_pack(project, graphic, "a4")
        path = folder / f"{graphic}.pdf"
        path.write_bytes(pack.data)
        out[graphic] = pack, path
    return out


def plain(text: str) -> str:
    """Text as compared: NFKC (a lam-alef ligature is copied as its one presentation-form
    character, which NFKC spells as its two letters), without whitespace or format controls
    (poppler marks right-to-left runs with embedding controls)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def page_texts(scene) -> list[str]:
    items = [i for i in scene.items if isinstance(i, TextItem)]
    for band in (i for i in scene.items if isinstance(i, DraftBandItem)):
        items += band.texts
    return [item.layout.text for item in items if item.layout.lines]


def pages_to_draw(pack) -> list[int]:
    """The pages poppler draws for the pixel and QR checks: every page, but of a kit (a card per
    member organisation: 31 a language) each language's first card and the one with the most
    words. Poppler takes about half a second a page at 150 dpi; the kit has 310."""
    single, kits = [], {}
    for i, name in enumerate(pack.pages):
        parts = name.split("/")
        if len(parts) == 4:  # lang/graphic/card/size
            kits.setdefault(parts[0], []).append(i)
        else:
            single.append(i)
    for cards in kits.values():
        longest = max(cards, key=lambda i: sum(map(len, page_texts(pack.scenes[i]))))
        single += sorted({cards[0], longest})
    return sorted(single)


def test_every_graphic_has_a_page_per_language_and_page(project, packs):
    for graphic, (pack, path) in packs.items():
        langs = project.graphics[graphic].translations
        assert {name.split("/")[0] for name in pack.pages} == set(langs), graphic
        assert pack.pages[0].startswith("en/"), graphic  # English first
        info = run("pdfinfo", str(path)).stdout.decode()
        assert re.search(rf"^Pages:\s+{len(pack.pages)}$", info, re.M), graphic


@pytest.mark.parametrize("graphic", GRAPHICS)
def test_pdftotext_gives_back_every_text_of_every_page(packs, graphic):
    """Copying or searching gives the words as typed, in logical order, in every script:
    ToUnicode maps, ActualText for the clusters shaping merged or split (Khmer, Lao), one
    character for an Arabic ligature. Read with -raw, in the content's order, which the PDF
    writes in reading order: poppler's default mode re-sorts right-to-left glyphs by where
    they stand and guesses, putting a mark before its letter or a full stop or bracket at
    the wrong end of an Arabic line that holds Latin letters (ICE)."""
    pack, path = packs[graphic]
    for number, (name, scene) in enumerate(zip(pack.pages, pack.scenes), 1):
        got = plain(run("pdftotext", "-raw", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(path), "-")
                    .stdout.decode("utf-8"))
        texts = page_texts(scene)
        assert texts, name
        for text in texts:
            assert plain(text) in got, f"{name}: {text!r} not in {got!r}"


@pytest.mark.parametrize("graphic", GRAPHICS)
def test_pdffonts_shows_every_font_embedded_as_a_subset_with_a_unicode_map(packs, graphic):
    _, path = packs[graphic]
    rows = run("pdffonts", str(path)).stdout.decode().splitlines()[2:]
    assert rows, graphic
    for row in rows:
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_pdfinfo_shows_the_trim_inside_a_3_mm_bleed(packs):
    _, path = packs["chicago-gang-database"]
    info = run("pdfinfo", "-box", "-f", "1", "-l", "99", str(path)).stdout.decode()
    boxes = {}
    for kind, x0, y0, x1, y1 in re.findall(r"Page\s+1 (\w+)Box:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info):
        boxes[kind] = [float(v) for v in (x0, y0, x1, y1)]
    bleed, trim = boxes["Bleed"], boxes["Trim"]
    assert boxes["Media"] == bleed
    insets = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
    assert all(abs(inset / MM - 3) < 0.1 for inset in insets), insets  # 3 mm, whole pixels at 150 dpi
    assert abs((trim[2] - trim[0]) / MM - 210) < 0.2 and abs((trim[3] - trim[1]) / MM - 297) < 0.2  # A4


@pytest.mark.parametrize("graphic", GRAPHICS)
def test_pdftoppm_renders_each_page_as_our_png_draws_it(project, packs, graphic):
    """The PDF draws the PNG's own glyph ids at the PNG's positions: poppler's rendering at
    the layout's resolution matches our raster of the same scene within the bound above."""
    pack, path = packs[graphic]
    for index in pages_to_draw(pack):
        number, name, scene = index + 1, pack.pages[index], pack.scenes[index]
        ours = np.asarray(RasterPNG.draw(scene, project.fonts.faces, project.assets).to_image().convert("RGB"),
                          np.int16)
        png = run("pdftoppm", "-r", str(scene.dpi), "-f", str(number), "-l", str(number), "-png", "-singlefile",
                  str(path)).stdout
        theirs = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), np.int16)
        assert theirs.shape == ours.shape, name
        diff = np.abs(theirs - ours)
        mean, edges = diff.mean(), (diff.max(axis=2) > 64).mean()
        assert mean < MEAN_BOUND and edges < EDGE_SHARE, f"{name}: mean {mean:.2f}, {edges:.2%} of pixels off"


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg is missing (apt-get install zbar-tools)")
@pytest.mark.parametrize("graphic", GRAPHICS)
def test_every_qr_code_on_paper_decodes_to_its_address(packs, graphic, tmp_path):
    """Every page shows the campaign's address as a QR code (the templates' `print:`), or for a
    carousel its closing page does; decoded from poppler's rendering of the PDF, each gives back
    exactly the address the page prints."""
    pack, path = packs[graphic]
    shown = 0
    for index in pages_to_draw(pack):
        number, name, scene = index + 1, pack.pages[index], pack.scenes[index]
        codes = [item.url for item in scene.items if isinstance(item, QRItem)]
        if not codes:
            continue
        shown += 1
        png = tmp_path / f"{number}.png"
        png.write_bytes(run("pdftoppm", "-r", "100", "-f", str(number), "-l", str(number), "-png", "-singlefile",
                            str(path)).stdout)
        done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                              capture_output=True, text=True, timeout=60)
        assert done.stdout.split() == codes, name
    langs = {name.split("/")[0] for name in pack.pages}
    assert shown >= len(langs), f"{graphic}: a QR code on {shown} pages for {len(langs)} languages"


def test_a_pdf_is_byte_identical_when_made_again(project, packs):
    pack, _ = packs["four-places"]
    again = print_pack(project, "four-places", "a4")
    assert again.data == pack.data


def test_crop_marks_stand_outside_the_bleed(project, tmp_path):
    pack = print_pack(project, "chicago-gang-database", "a4", ("en",), crop_marks=True)
    path = tmp_path / "marks.pdf"
    path.write_bytes(pack.data)
    info = run("pdfinfo", "-box", str(path)).stdout.decode()
    media = [float(v) for v in re.search(r"MediaBox:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", info).groups()]
    bleed = [float(v) for v in re.search(r"BleedBox:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", info).groups()]
    trim = [float(v) for v in re.search(r"TrimBox:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", info).groups()]
    margin = bleed[0] - media[0]
    assert margin > 3 * MM  # room for the marks
    image = np.asarray(Image.open(io.BytesIO(run("pdftoppm", "-r", "150", "-singlefile", "-png", str(path)).stdout))
                       .convert("L"))
    px = 150 / 72
    # a mark runs down from the page's top edge in line with the trim's left edge, outside the bleed
    column = round((trim[0] - media[0]) * px)
    above = image[2:round((margin - 1.5 * MM) * px), column - 1:column + 2]
    assert above.min() < 128, "no trim mark above the trim's left edge"
    # and it stops short of the bleed (1 mm of bare paper before it): no mark is ever printed on the page
    gap = image[round((margin - 0.5 * MM) * px), column - 1:column + 2]
    assert gap.min() > 200, "a trim mark reaches the bleed"


def test_pdf_is_a_registered_still_format(project):
    """`--format pdf` and `-o out.pdf` reach the same backend as `print` (one registry)."""
    assert BACKENDS["pdf"].suffix == ".pdf"
    scene = print_pack(project, "chicago-gang-database", "a4", ("km",)).scenes[0]
    data = BACKENDS["pdf"].encode(scene, project.fonts.faces, project.assets)
    assert data.startswith(b"%PDF-1.7") and b"/TrimBox" in data and b"/CreationDate" not in data
