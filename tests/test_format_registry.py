"""One registry of output formats (content/formats.py) for stills (#25) and clips (#26): the
names, the extensions `render -o` reads, graphic.yaml's `formats:` checked at the line, and a
build asking for stills and a clip of one graphic together."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePath

import pytest
from PIL import Image

from cfpgraphics.content.formats import (CLIP_FORMATS, FORMATS, STILL_FORMATS, format_name, format_of_path,
                                         with_format)
from cfpgraphics.render.backends import BACKENDS

STAT = ["--set", "stat=95%", "--set", "statement=of people on Chicago's gang database were Black and Latinx"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def test_every_registered_format_has_a_backend():
    assert set(BACKENDS) == set(STILL_FORMATS) | set(CLIP_FORMATS) == set(FORMATS)
    assert format_name("JPG") == "jpeg" and format_name("webp-anim") == "webp-anim" and format_name("gif") is None


@pytest.mark.parametrize("name, fmt", [("a.png", "png"), ("a.JPG", "jpeg"), ("a.jpeg", "jpeg"), ("a.webp", "webp"),
                                       ("a.mp4", "mp4"), ("a.anim.webp", "webp-anim"), ("a.pdf", "pdf"),
                                       ("a.gif", None), ("a", None), ("a.mp4.alt.txt", None)])
def test_the_file_name_says_the_format(name, fmt):
    assert format_of_path(PurePath(name)) == fmt


def test_a_file_beside_another_takes_its_formats_extension():
    assert with_format(PurePath("d/post.png"), "webp-anim") == PurePath("d/post.anim.webp")
    assert with_format(PurePath("d/post.anim.webp"), "jpeg") == PurePath("d/post.jpg")


def test_graphic_yaml_formats_of_both_kinds_are_checked_at_their_line(make_project):
    root = make_project({"content/s/graphic.yaml": "template: stat\nsizes: [story]\nformats: [png, mp4, pdf, gif]\n",
                         "content/s/en.yaml": 'stat: "95%"\nstatement: "of people"\n'})
    checked = run(root, "check")
    said = checked.stdout + checked.stderr
    assert checked.returncode == 1
    assert "content/s/graphic.yaml:3:" in said and "unknown format 'gif'" in said
    assert "'mp4'" not in said and "not available" not in said


def test_a_known_format_with_no_backend_is_not_available_yet():
    """The registry can know a format before any backend writes it (pdf did): refused, with
    what can be written, never written under another format."""
    from cfpgraphics.content.formats import check_formats
    from cfpgraphics.content.diagnostics import CfpError
    with pytest.raises(CfpError, match="pdf is not available yet") as caught:
        check_formats(["png", "pdf"], ("png", "jpeg"))
    assert "formats available: png, jpeg" in str(caught.value)


def test_a_build_writes_stills_and_clips_of_one_graphic(make_project):
    root = make_project({"content/s/graphic.yaml": "template: stat\nsizes: [story, link-card]\n"
                         "formats: [png, jpeg, mp4]\n",
                         "content/s/en.yaml": 'stat: "95%"\nstatement: "of people"\n'})
    done = run(root, "build", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "3 rendered" in done.stdout  # story (png + jpeg), its clip, link-card (png + jpeg): no link-card clip
    out = root / "output/en/s"
    assert sorted(p.name for p in out.iterdir()) == [
        "link-card.alt.txt", "link-card.jpg", "link-card.png", "story.alt.txt", "story.jpg", "story.mp4",
        "story.mp4.alt.txt", "story.png"]
    page = (root / "output/index.html").read_text(encoding="utf-8")
    assert '<video src="en/s/story.mp4"' in page and 'href="en/s/story.jpg"' in page


def test_render_writes_an_animated_webp_for_a_plain_webp_name_with_format_webp_anim(make_project, tmp_path):
    root = make_project({})
    target = tmp_path / "clip.webp"
    done = run(root, "render", "stat", "--size", "story", "--lang", "en", *STAT, "--format", "webp-anim",
               "-o", str(target))
    assert done.returncode == 0, done.stderr
    with Image.open(target) as image:
        assert image.format == "WEBP" and image.is_animated
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["clip.alt.txt", "clip.webp"]
