"""Destinations (issue #25, 2): the campaign's address per language in the brand kit, printed
short under a call to action, and as a QR code (vector shapes, quiet zone, brand colours with
contrast) where a template asks, always beside its printed address. Every QR code is decoded
from the rendered image with zbar's `zbarimg` (Debian's zbar-tools) and must give back the
exact address. The launch text names no address: the shipped one is a placeholder on
example.org, and `check` says so."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cfpgraphics.builder.project import open_project
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.content.brand import is_reserved
from cfpgraphics.render.scene import QRItem

ROOT = Path(__file__).resolve().parent.parent
ZBARIMG = shutil.which("zbarimg")
needs_zbar = pytest.mark.skipif(ZBARIMG is None, reason="zbarimg is missing (apt-get install zbar-tools); "
                                                         "the QR codes cannot be decoded")

GRAPHIC = "template: announcement\nsizes: [instagram-square, story, x-post]\n"
TEXTS = {
    "en": ('headline: "The **Collective Freedom Project** is here"\nsubline: "More than 24 organizations."\n'
           'cta: "Watch the campaign videos."\n'),
    "es": ('status: draft\nheadline: "Llega el **Collective Freedom Project**"\nsubline: "Más de 24 organizaciones."\n'
           'cta: "Mira los videos."\n'),
    "ar": ('status: draft\nheadline: "انطلاق **Collective Freedom Project**"\nsubline: "أكثر من 24 منظمة."\n'
           'cta: "شاهدوا الفيديوهات."\n'),
    "km": ('status: draft\nheadline: "**Collective Freedom Project** បានចាប់ផ្តើមហើយ"\n'
           'subline: "អង្គការ និងសម្ព័ន្ធជាង 24"\ncta: "មើលវីដេអូ"\n'),
    "vi": ('status: draft\nheadline: "**Collective Freedom Project** đã ra mắt"\nsubline: "Hơn 24 tổ chức."\n'
           'cta: "Xem video của các chiến dịch."\n'),
}
DEFAULT = "https://example.org/collective-freedom"
SPANISH = "https://example.org/collective-freedom/es"


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def decode(path: Path) -> list[str]:
    done = subprocess.run([ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
                          capture_output=True, text=True, timeout=60)
    return [line for line in done.stdout.splitlines() if line]


QR_GRAPHIC = "template: announcement\nsizes: [instagram-portrait, story]\n"  # room for a code of 6 px modules


def with_qr(make_project, shapes: str = "", graphic: str = QR_GRAPHIC) -> Path:
    """The shipped campaign's announcement, with its QR code shown on every size (and `shapes`
    added to its overrides)."""
    root = make_project({"content/launch/graphic.yaml": graphic,
                         **{f"content/launch/{lang}.yaml": text for lang, text in TEXTS.items()}})
    template = root / "templates/announcement.yaml"
    text = template.read_text(encoding="utf-8")
    assert "valign: bottom, hidden: true}" in text
    text = text.replace("valign: bottom, hidden: true}", "valign: bottom}")
    template.write_text(text.replace("shapes:\n", "shapes:\n" + shapes, 1), encoding="utf-8")
    return root


def test_the_shipped_address_is_a_marked_placeholder_and_check_says_so(project, make_project):
    dest = project.brand.destination
    assert dest.placeholder and dest.url == DEFAULT and dest.url_for("es") == SPANISH
    assert all(is_reserved(u) for u in (dest.url, *dest.languages.values()))  # invented nowhere: example.org
    root = make_project({"content/launch/graphic.yaml": GRAPHIC, "content/launch/en.yaml": TEXTS["en"]})
    checked = run(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr  # a warning, not an error
    line = next(n for n, l in enumerate((root / "brand/brand.yaml").read_text().splitlines(), 1)
                if l.strip().startswith("url:"))
    assert f"brand/brand.yaml:{line}:" in checked.stdout
    assert "warning: the campaign's address https://example.org/collective-freedom is marked `placeholder: true`" \
        in checked.stdout and "write the campaign's real address" in checked.stdout
    assert "0 problems, 1 warning" in checked.stderr
    built = run(root, "build", "--jobs", "1")
    assert built.returncode == 0 and "1 warning" in built.stdout  # build reports what check reports
    # a real address, no longer marked: no warning
    brand = root / "brand/brand.yaml"
    real = (brand.read_text(encoding="utf-8").replace("https://example.org/collective-freedom", "https://cfp.test.invalid.org/x")
            .replace("  placeholder: true\n", ""))
    brand.write_text(real.replace("cfp.test.invalid.org", "collectivefreedom.campaign"), encoding="utf-8")
    quiet = run(root, "check")
    assert quiet.returncode == 0 and quiet.stdout == "", quiet.stdout


def test_a_reserved_domain_warns_even_unmarked(make_project):
    root = make_project({"content/launch/graphic.yaml": GRAPHIC, "content/launch/en.yaml": TEXTS["en"]})
    brand = root / "brand/brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("  placeholder: true\n", ""), encoding="utf-8")
    checked = run(root, "check")
    assert "is on a domain reserved for examples" in checked.stdout, checked.stdout


def test_each_language_prints_its_own_address_under_the_call_to_action(make_project):
    root = make_project({"content/launch/graphic.yaml": GRAPHIC,
                         **{f"content/launch/{lang}.yaml": text for lang, text in TEXTS.items()}})
    project = open_project(root, AssetStore())
    from cfpgraphics.builder.plan import plan_jobs
    from cfpgraphics.render.job import compose_job
    for job in plan_jobs(project, sizes={"instagram-square"}):
        scene = compose_job(project, job)
        expected = "example.org/collective-freedom/es" if job.lang == "es" else "example.org/collective-freedom"
        assert scene.layouts["link"].text == expected, job.lang
        assert scene.boxes()["link"].y > scene.boxes()["cta"].bottom
        assert not [i for i in scene.items if isinstance(i, QRItem)]  # the shipped template asks for none here
    assert run(root, "build", "--jobs", "1").returncode == 0
    assert "example.org/collective-freedom/es" in (root / "output/es/launch/story.alt.txt").read_text()


@needs_zbar
def test_every_qr_code_decodes_to_the_exact_address_of_its_language(make_project):
    root = with_qr(make_project)
    built = run(root, "build", "--jobs", "2", "--format", "png", "--format", "webp")
    assert built.returncode == 0, built.stdout + built.stderr
    pngs = sorted((root / "output").glob("*/launch/*.png"))
    assert len(pngs) == 10
    for png in pngs:
        lang = png.parent.parent.name
        expected = SPANISH if lang == "es" else DEFAULT
        assert decode(png) == [expected], png
        assert decode(png.with_suffix(".webp")) == [expected], png
    # drawn as shapes on whole pixels: every module the same size, in the brand's colours
    project = open_project(root, AssetStore())
    from cfpgraphics.builder.plan import plan_jobs
    from cfpgraphics.render.job import compose_job
    from cfpgraphics.render.backends import RasterPNG
    job = next(j for j in plan_jobs(project, langs={"ar"}, sizes={"story"}))
    scene = compose_job(project, job)
    [qr] = [i for i in scene.items if isinstance(i, QRItem)]
    assert qr.url == DEFAULT and qr.quiet == 4 and qr.module >= 6
    assert qr.color == project.brand.color("indigo") and qr.background == project.brand.color("paper")
    link = scene.boxes()["link"]
    assert not (qr.box.x < link.right and link.x < qr.box.right and qr.box.y < link.bottom and link.y < qr.box.bottom)
    assert qr.box.x > link.right  # Arabic reads from the right: the code first (the start side), then its address
    canvas = RasterPNG.draw(scene, project.fonts.faces, project.assets)
    pixels = canvas.rgb()
    x, y, side = round(qr.box.x), round(qr.box.y), round(qr.box.w)
    tile = pixels[y:y + side, x:x + side].reshape(-1, 3)
    colours = {tuple(c) for c in tile.tolist()}
    assert colours == {qr.color, qr.background}  # no anti-aliased edge, nothing pasted


@needs_zbar
def test_a_content_files_own_address_is_encoded_as_written(make_project):
    root = with_qr(make_project)
    en = root / "content/launch/en.yaml"
    en.write_text(TEXTS["en"] + 'link: "example.org/launch?from=poster"\n', encoding="utf-8")
    built = run(root, "build", "--jobs", "1", "--lang", "en", "--size", "story")
    assert built.returncode == 0, built.stdout + built.stderr
    assert decode(root / "output/en/launch/story.png") == ["https://example.org/launch?from=poster"]


def test_a_qr_code_too_small_to_scan_is_an_error(make_project):
    root = with_qr(make_project, graphic=GRAPHIC)
    checked = run(root, "check", "--lang", "en")
    said = checked.stdout + checked.stderr
    assert checked.returncode == 1
    assert "the QR code's box holds modules of 5 px; a code needs 6 px modules to scan" in said
    assert "[en/launch/instagram-square.png: qr]" in said and "make the element's box larger" in said


def test_a_qr_code_never_stands_without_its_printed_address(make_project):
    root = with_qr(make_project)
    template = root / "templates/announcement.yaml"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("  tall:\n", "  tall:\n    link: {hidden: true}\n", 1), encoding="utf-8")
    checked = run(root, "check", "--lang", "en")
    said = checked.stdout + checked.stderr
    assert checked.returncode == 1, said
    assert "the QR code 'qr' is drawn without its address in words" in said
    assert "[en/launch/story.png: qr]" in said and "show a text element with `field: link`" in said


def test_a_handle_gets_no_qr_code(make_project):
    root = with_qr(make_project)
    (root / "content/launch/en.yaml").write_text(TEXTS["en"] + 'link: "@collectivefreedom"\n', encoding="utf-8")
    project = open_project(root, AssetStore())
    from cfpgraphics.builder.plan import plan_jobs
    from cfpgraphics.render.job import compose_job
    scene = compose_job(project, next(j for j in plan_jobs(project, langs={"en"}, sizes={"story"})))
    assert scene.layouts["link"].text == "@collectivefreedom"
    assert not [i for i in scene.items if isinstance(i, QRItem)]
    assert [d.code for d in scene.diagnostics] == ["qr-no-address"]


@pytest.mark.parametrize("qr, message", [
    ("qr: {color: marigold, background: paper}", "QR code: marigold on paper has contrast 1.64:1; a code needs 7:1"),
    ("qr: {color: paper, background: indigo}", "must be darker than its background"),
    ("qr: {color: purple, background: paper}", "QR code colour 'purple' is not in the palette"),
])
def test_qr_colours_are_checked_for_contrast_where_written(make_project, qr, message):
    root = make_project({})
    brand = root / "brand/brand.yaml"
    text = brand.read_text(encoding="utf-8").replace("qr: {color: indigo, background: paper}", qr)
    brand.write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.strip().startswith("qr:"))
    problems = [str(p) for p in open_project(root, AssetStore()).problems]
    assert any(p.startswith(f"brand/brand.yaml:{line}:") and message in p for p in problems), problems


@pytest.mark.parametrize("old, new, message", [
    ('url: "https://example.org/collective-freedom"', 'url: "example.org/freedom"',
     "`destination: url:` is a full web address in quotes, starting with https://"),
    ('es: "https://example.org/collective-freedom/es"', 'es: "la página"', "the address for 'es' is a full web address"),
    ("\n  placeholder: true", "\n  placeholder: maybe", "`placeholder` is true or false"),
    ("\n  placeholder: true", "\n  placeholdr: true", "unknown setting 'placeholdr' of `destination`"),
])
def test_destination_mistakes_are_located(make_project, old, new, message):
    root = make_project({})
    brand = root / "brand/brand.yaml"
    text = brand.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    brand.write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if new.strip() in l and not l.startswith("#"))
    problems = [str(p) for p in open_project(root, AssetStore()).problems]
    assert any(p.startswith(f"brand/brand.yaml:{line}:") and message in p for p in problems), problems
