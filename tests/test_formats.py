"""Output formats (issue #25, 1): `--format png|jpeg|webp` on build and render, graphic.yaml's
`formats:`, render -o picking the format by extension, JPEG/WebP settings (4:4:4, sRGB, no
metadata), and every format recorded, rebuilt, pruned and linked by the gallery. Through the
CLI in a subprocess, as a user meets it."""
from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from cfpgraphics.builder.manifest import MANIFEST_NAME

GRAPHIC = "template: stat\nsizes: [instagram-square, link-card]\n"
EN = 'stat: "95%"\nstatement: "of people on Chicago’s gang database were **Black and Latinx**"\n'
ES = 'status: draft\nstat: "95%"\nstatement: "de las personas en la base de datos eran **negras y latinas**"\n'
STAT = ["--set", "stat=95%", "--set", "statement=of people on Chicago's gang database were Black and Latinx"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def proj(make_project):
    return make_project({"content/stat/graphic.yaml": GRAPHIC, "content/stat/en.yaml": EN,
                         "content/stat/es.yaml": ES})


def files(root: Path, pattern: str = "*") -> dict[str, bytes]:
    out = root / "output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob(pattern))
            if p.is_file() and not p.name.startswith(".") and ".thumbs" not in p.parts and p.name != "index.html"}


def test_build_writes_each_format_beside_the_png_with_one_alt_text(proj):
    done = run(proj, "build", "--jobs", "1", "--format", "png", "--format", "jpeg", "--format", "webp")
    assert done.returncode == 0, done.stderr
    assert "4 rendered" in done.stdout
    got = files(proj)
    for lang in ("en", "es"):
        for size in ("instagram-square", "link-card"):
            stem = f"{lang}/stat/{size}"
            assert {f"{stem}.png", f"{stem}.jpg", f"{stem}.webp", f"{stem}.alt.txt"} <= set(got)
            assert Image.open(io.BytesIO(got[f"{stem}.jpg"])).format == "JPEG"
            assert Image.open(io.BytesIO(got[f"{stem}.webp"])).format == "WEBP"
    record = json.loads((proj / "output" / MANIFEST_NAME).read_text())["jobs"]["en/stat/link-card.png"]
    assert {"en/stat/link-card.png", "en/stat/link-card.jpg", "en/stat/link-card.webp",
            "en/stat/link-card.alt.txt", ".thumbs/en/stat/link-card.webp"} == set(record["files"])


def test_every_format_is_byte_identical_on_a_forced_rebuild(proj):
    assert run(proj, "build", "--jobs", "1", "--format", "png", "--format", "jpeg", "--format", "webp",
               "--format", "pdf").returncode == 0
    first = files(proj)
    assert run(proj, "build", "--jobs", "2", "--force", "--format", "png", "--format", "jpeg",
               "--format", "webp", "--format", "pdf").returncode == 0
    second = files(proj)
    assert set(first) == set(second)
    for ext in ("png", "jpg", "webp", "pdf"):
        names = [n for n in first if n.endswith("." + ext)]
        assert len(names) == 4, ext
        assert all(first[n] == second[n] for n in names), ext


def test_jpeg_and_webp_settings(proj):
    """4:4:4 (no chroma subsampling: text edges on flat colour stay sharp), the sRGB profile,
    no EXIF, XMP or comment; a flat graphic's WebP is lossless (exactly the PNG's pixels)."""
    assert run(proj, "build", "--jobs", "1", "--lang", "en", "--format", "png", "--format", "jpeg",
               "--format", "webp").returncode == 0
    out = proj / "output/en/stat"
    from PIL import JpegImagePlugin
    with Image.open(out / "instagram-square.jpg") as jpeg:
        assert JpegImagePlugin.get_sampling(jpeg) == 0  # 4:4:4
        assert "exif" not in jpeg.info and "comment" not in jpeg.info and "xmp" not in jpeg.info
        profile = ImageCms.ImageCmsProfile(io.BytesIO(jpeg.info["icc_profile"]))
        assert ImageCms.getProfileDescription(profile).strip() == "sRGB"
        quality_table = jpeg.quantization[0]
    with Image.open(out / "instagram-square.webp") as webp, Image.open(out / "instagram-square.png") as png:
        assert "exif" not in webp.info and "xmp" not in webp.info
        assert ImageCms.getProfileDescription(
            ImageCms.ImageCmsProfile(io.BytesIO(webp.info["icc_profile"]))).strip() == "sRGB"
        assert webp.convert("RGB").tobytes() == png.convert("RGB").tobytes()
    # the quality comes from the brand kit: a lower one gives coarser tables
    brand = proj / "brand/brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("jpeg: {quality: 90}", "jpeg: {quality: 60}"),
                     encoding="utf-8")
    rebuilt = run(proj, "build", "--jobs", "1", "--lang", "en", "--format", "png", "--format", "jpeg",
                  "--format", "webp", "--explain")
    assert rebuilt.returncode == 0 and "format settings changed" in rebuilt.stderr, rebuilt.stderr
    with Image.open(out / "instagram-square.jpg") as jpeg:
        assert sum(jpeg.quantization[0]) > sum(quality_table)


def test_graphic_yaml_formats_and_changing_them_renders_and_prunes(proj):
    graphic = proj / "content/stat/graphic.yaml"
    graphic.write_text(GRAPHIC + "formats: [png, jpeg]\n", encoding="utf-8")
    assert run(proj, "build", "--jobs", "1").returncode == 0
    assert sorted(n for n in files(proj) if n.startswith("en/")) == [
        "en/stat/instagram-square.alt.txt", "en/stat/instagram-square.jpg", "en/stat/instagram-square.png",
        "en/stat/link-card.alt.txt", "en/stat/link-card.jpg", "en/stat/link-card.png"]
    png_before = files(proj, "*.png")
    # a format added: each output gets it (and says why with --explain); the PNGs keep their bytes
    graphic.write_text(GRAPHIC + "formats: [png, jpeg, webp]\n", encoding="utf-8")
    added = run(proj, "build", "--jobs", "1", "--explain")
    assert added.returncode == 0 and "4 rendered" in added.stdout
    assert "en/stat/link-card.webp is a new format" in added.stderr
    assert files(proj, "*.png") == png_before and len(files(proj, "*.webp")) == 4
    # a format dropped: its files go, nothing is drawn again
    graphic.write_text(GRAPHIC + "formats: [webp]\n", encoding="utf-8")
    dropped = run(proj, "build", "--jobs", "1")
    assert dropped.returncode == 0, dropped.stderr
    assert "0 rendered, 4 unchanged, 8 removed" in dropped.stdout
    assert "removed output/en/stat/link-card.jpg" in dropped.stderr
    assert not files(proj, "*.png") and not files(proj, "*.jpg") and len(files(proj, "*.webp")) == 4
    again = run(proj, "build", "--jobs", "1")
    assert "0 rendered, 4 unchanged, 0 removed" in again.stdout
    # the review page links the format there is, and still has a thumbnail for each
    page = (proj / "output/index.html").read_text(encoding="utf-8")
    assert 'href="en/stat/link-card.webp"' in page and 'href="en/stat/link-card.png"' not in page
    assert 'src=".thumbs/en/stat/link-card.webp"' in page
    # a deleted graphic takes every format with it
    for f in (proj / "content/stat").glob("es.yaml"):
        f.unlink()
    pruned = run(proj, "build", "--jobs", "1")
    assert not [n for n in files(proj) if n.startswith("es/")], pruned.stderr


def test_the_gallery_card_links_each_format(proj):
    assert run(proj, "build", "--jobs", "1", "--lang", "en", "--format", "png", "--format", "jpeg",
               "--format", "webp").returncode == 0
    page = (proj / "output/index.html").read_text(encoding="utf-8")
    card = page[page.index('data-size="instagram-square"'):]
    card = card[:card.index("</article>")]
    assert 'href="en/stat/instagram-square.png"' in card
    assert 'href="en/stat/instagram-square.jpg"' in card and ">JPG</a>" in card
    assert 'href="en/stat/instagram-square.webp"' in card and ">WEBP</a>" in card


def test_a_missing_format_file_is_rendered_again(proj):
    assert run(proj, "build", "--jobs", "1", "--format", "png", "--format", "jpeg").returncode == 0
    jpg = proj / "output/en/stat/link-card.jpg"
    before = jpg.read_bytes()
    jpg.unlink()
    again = run(proj, "build", "--jobs", "1", "--format", "png", "--format", "jpeg", "--explain")
    assert "1 rendered, 3 unchanged" in again.stdout and "link-card.jpg is missing" in again.stderr
    assert jpg.read_bytes() == before


@pytest.mark.parametrize("line, message", [
    ("formats: [png, gif]", "unknown format 'gif'"),
    ("formats: png", None),
    ("formats: [png, pdf]", None),
])
def test_graphic_yaml_formats_are_checked_where_written(proj, line, message):
    (proj / "content/stat/graphic.yaml").write_text(GRAPHIC + line + "\n", encoding="utf-8")
    checked = run(proj, "check")
    if message is None:
        assert checked.returncode == 0, checked.stderr
        return
    said = checked.stdout + checked.stderr
    assert checked.returncode == 1
    assert "content/stat/graphic.yaml:3:" in said and message in said, said


@pytest.mark.parametrize("args, message", [
    (["--format", "gif"], "unknown format 'gif'"),
    (["--format", "png", "--format", "tiff"], "unknown format 'tiff'"),
])
def test_build_format_usage_mistakes_exit_2(proj, args, message):
    done = run(proj, "build", *args)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert not (proj / "output").exists() or not files(proj)


def test_render_picks_the_format_from_the_extension(proj, tmp_path):
    for name, kind in (("out.jpg", "JPEG"), ("out.JPEG", "JPEG"), ("out.webp", "WEBP"), ("out.png", "PNG")):
        target = tmp_path / name
        done = run(proj, "render", "stat", "--size", "instagram-square", "--lang", "en", *STAT, "-o", str(target))
        assert done.returncode == 0, done.stderr
        with Image.open(target) as image:
            assert image.format == kind, name
    target = tmp_path / "out.pdf"
    done = run(proj, "render", "stat", "--size", "a4", "--lang", "en", *STAT, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF-1.7") and target.read_bytes().rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("name, message", [
    ("out.gif", "cannot write a file with '.gif'"),
    ("out", "cannot write a file with no extension"),
])
def test_render_refuses_an_extension_it_cannot_write(proj, tmp_path, name, message):
    target = tmp_path / name
    done = run(proj, "render", "stat", "--size", "instagram-square", "--lang", "en", *STAT, "-o", str(target))
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and not target.exists()
    assert ".png" in done.stderr  # the fix names what it can write


def test_render_with_several_formats_writes_them_beside_each_other(proj, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    done = run(proj, "render", "stat", "--size", "instagram-square", "--lang", "en", *STAT,
               "-o", str(first / "post.png"), "--format", "jpeg", "--format", "webp")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in first.iterdir()) == ["post.jpg", "post.png", "post.webp"]
    assert done.stdout.count("wrote ") == 3
    again = tmp_path / "again"
    again.mkdir()
    run(proj, "render", "stat", "--size", "instagram-square", "--lang", "en", *STAT,
        "-o", str(again / "post.png"), "--format", "jpeg", "--format", "webp")
    for name in ("post.png", "post.jpg", "post.webp"):
        assert hashlib.sha256((first / name).read_bytes()).digest() == \
            hashlib.sha256((again / name).read_bytes()).digest(), name


def test_brand_format_settings_are_checked(proj):
    brand = proj / "brand/brand.yaml"
    text = brand.read_text(encoding="utf-8")
    brand.write_text(text.replace("jpeg: {quality: 90}", "jpeg: {quality: 101}"), encoding="utf-8")
    checked = run(proj, "check")
    said = checked.stdout + checked.stderr
    assert checked.returncode == 1
    assert "brand/brand.yaml:" in said and "`quality` is a whole number from 1 to 100" in said, said
