"""Readable in the feed (issue #24 item 7): the smallest text of every output at the width a
feed shows it, as a `check` and `build` diagnostic at the template's `size:` line; and the
review page's feed-size previews and per-language profile grids."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfpgraphics.builder.check import check_project
from cfpgraphics.builder.gallery import GalleryEntry, render_gallery
from cfpgraphics.cli import cli
from cfpgraphics.render.legibility import CODE

ROOT = Path(__file__).resolve().parent.parent


def _small_source(make_project) -> tuple[Path, int]:
    """A project with the campaign's Chicago graphic and the stat template's source line set
    smaller (25 px at 1080: 9.3 px in a feed, under Khmer's 10, against its 27); (root, the `size:` line)."""
    root = make_project({})
    shutil.copytree(ROOT / "content" / "chicago-gang-database", root / "content" / "chicago-gang-database")
    path = root / "templates" / "stat.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1)
                  if "size: [27, 27]" in line and "name: source" in lines[i - 2])
    lines[number - 1] = lines[number - 1].replace("size: [27, 27]", "size: [25, 25]")
    path.write_text("".join(lines), encoding="utf-8")
    return root, number


def _feed_lines(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if "in a feed" in line)


def test_a_too_small_element_is_reported_at_its_line_with_the_size_it_needs(make_project):
    root, line = _small_source(make_project)
    result = CliRunner().invoke(cli, ["--project", str(root), "check", "--graphic", "chicago-gang-database",
                                      "--lang", "km"])
    found = [l for l in _feed_lines(result.output) if "instagram-square.png: source" in l]
    assert result.exit_code == 1
    assert len(found) == 1, result.output
    assert found[0].startswith(f"templates/stat.yaml:{line}:"), found[0]
    assert "'source' is 9.3 px in a feed 400 px wide" in found[0]
    assert "set its minimum to 27 px: `size: [27, 27]`" in found[0]
    assert found[0].endswith("[km/chicago-gang-database/instagram-square.png: source]")


def test_latin_at_the_same_size_is_legible(make_project):
    root, _ = _small_source(make_project)
    result = CliRunner().invoke(cli, ["--project", str(root), "check", "--graphic", "chicago-gang-database",
                                      "--lang", "en"])
    assert not [l for l in _feed_lines(result.output) if "instagram-square.png: source" in l], result.output


def test_check_and_build_report_the_same(make_project):
    root, _ = _small_source(make_project)
    args = ["--project", str(root), "--graphic", "chicago-gang-database", "--lang", "km"]
    checked = CliRunner().invoke(cli, ["--project", str(root), "check", *args[2:]])
    built = CliRunner().invoke(cli, ["--project", str(root), "build", *args[2:]])
    assert _feed_lines(checked.output)
    assert _feed_lines(checked.output) == _feed_lines(built.output)


def test_the_diagnostic_is_one_record_with_location_and_fix(make_project):
    from cfpgraphics.builder.project import open_project
    from cfpgraphics.content.assets import AssetStore
    root, line = _small_source(make_project)
    found = [d for d in check_project(open_project(root, AssetStore()), {"chicago-gang-database"}, {"km"})
             if d.code == CODE]
    assert found
    assert {d.location.file for d in found} == {"templates/stat.yaml"}
    assert all(d.fix for d in found)
    assert not [d for d in found if d.layout.size in ("a4", "letter")]  # print is not seen in a feed


def test_the_languages_grid_names_are_reported_at_their_label_size(make_project):
    """The names over the cells are sized by `label_size:` (not the grid's `size:`), so that is
    where their diagnostic points, with the size that reaches the floor."""
    root = make_project({})
    for graphic in ("one-message", "community-over-cages"):
        shutil.copytree(ROOT / "content" / graphic, root / "content" / graphic)
    path = root / "templates" / "languages.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "size: [84, 30], wrap: balance" in line)
    lines[number - 1] = lines[number - 1].replace("size: [84, 30],", "size: [84, 30], label_size: 25,")
    path.write_text("".join(lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(root), "check", "--graphic", "one-message", "--lang", "en"])
    found = [l for l in _feed_lines(result.output) if "instagram-square.png: grid" in l]
    assert len(found) == 1, result.output
    assert found[0].startswith(f"templates/languages.yaml:{number}:"), found[0]
    assert "'grid' language names are 9.3 px in a feed 400 px wide" in found[0]
    assert "set them to 27 px: `label_size: 27`" in found[0]


def test_the_shipped_campaign_is_legible_in_the_feed(project):
    assert [str(d) for d in check_project(project) if d.code == CODE] == []


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.previews: list[dict] = []
        self.grids: dict[str, int] = {}
        self._grid: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details" and "feed-preview" in (attrs.get("class") or ""):
            self.previews.append(attrs)
        if tag == "figure" and "profile-grid" in (attrs.get("class") or ""):
            self._grid = attrs["data-lang"]
            self.grids[self._grid] = 0
        if tag == "a" and attrs.get("class") == "tile" and self._grid:
            self.grids[self._grid] += 1

    def handle_endtag(self, tag):
        if tag == "figure":
            self._grid = None


def _entries():
    out = []
    for lang in ("en", "km"):
        for i in range(11):
            out.append(GalleryEntry(f"g{i:02}", lang, "instagram-square", 1080, 1080,
                                    f"{lang}/g{i:02}/instagram-square.png", alt=f"<b>words {i}</b>",
                                    thumb=f".thumbs/{lang}/g{i:02}/instagram-square.webp"))
        out.append(GalleryEntry("g00", lang, "link-card", 1200, 630, f"{lang}/g00/link-card.png"))
        out.append(GalleryEntry("g00", lang, "a4", 1276, 1790, f"{lang}/g00/a4.png"))
    return out


def test_the_gallery_has_a_feed_preview_per_card_and_a_3x3_grid_per_language():
    html = render_gallery(_entries())
    page = _Page()
    page.feed(html)
    widths = sorted(p["data-feed-width"] for p in page.previews)
    assert widths == ["400"] * 22 + ["500"] * 2  # no preview for print
    assert page.grids == {"en": 9, "km": 9}
    assert "<b>words" not in html and "&lt;b&gt;words 1&lt;/b&gt;" in html
    assert re.search(r'<details class="feed-preview"[^>]*><summary>Feed size \(400 px\)</summary><img src="en/g00/'
                     r'instagram-square.png" loading="lazy"[^>]* width="400" height="400"', html)
