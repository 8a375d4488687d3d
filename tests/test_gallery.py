"""The review gallery: safe, deterministic HTML, and a page that really works in Chromium from
file:// (images load, filters from the URL hash hide the right cards)."""
from __future__ import annotations

import io
import json
import random
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from cfpgraphics.builder.gallery import GalleryEntry, render_gallery, write_gallery

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.text_parts: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.text_parts) + "".join(child.text for child in self.children)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes()):
                found.append(child)
            found.extend(child.find_all(tag, cls))
        return found

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}> in <{self.tag}>"
        return found[0]

    def is_hidden(self) -> bool:
        node: Node | None = self
        while node is not None:
            if "hidden" in node.attrs:
                return True
            node = node.parent
        return False


class TreeBuilder(HTMLParser):
    """Just enough of a DOM to ask questions about the page (the stdlib has no HTML tree)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        if node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text_parts.append(data)


def by_id(doc: Node, id_: str) -> Node:
    (node,) = [n for n in doc.find_all() if n.attrs.get("id") == id_]
    return node


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def entry(**kw) -> GalleryEntry:
    base = dict(graphic="stat-card", lang="en", size="instagram-square", width=1080, height=1080,
                path="en/stat-card/instagram-square.png", alt="95% of people.")
    base.update(kw)
    return GalleryEntry(**base)


# --- the HTML itself ---------------------------------------------------------------------------

def test_alt_text_with_markup_and_quotes_stays_text():
    nasty = """<script>alert("x")</script> & 'quoted' "double" </p><img src=x onerror=alert(1)>"""
    html = render_gallery([entry(alt=nasty, graphic='g"><b>x', warnings=("<b>bold</b> & co",))], "T <i>")
    assert html.count("<script") == 1, "only the page's own script"
    assert "<b>" not in html and "<i>" not in html and "<img src=x" not in html
    doc = parse(html)
    card = doc.find("article", "card")
    assert card.attrs["data-graphic"] == 'g"><b>x'
    assert card.find("img").attrs["alt"] == nasty  # the attribute round-trips exactly
    assert card.find("p", "alt-text").text == nasty  # and the visible text is the same text
    assert card.find("ul", "warnings").text == "<b>bold</b> & co"
    assert doc.find("title").text == "T <i>"


def test_arabic_alt_text_is_right_to_left():
    doc = parse(render_gallery([
        entry(lang="ar", path="ar/stat-card/instagram-square.png", alt="٩٥٪ من الأشخاص", rtl=True),
        entry(),
    ], "Review"))
    arabic, english = doc.find_all("article", "card")
    for node in (arabic.find("img"), arabic.find("p", "alt-text")):
        assert node.attrs.get("dir") == "rtl" and node.attrs.get("lang") == "ar"
    assert english.find("img").attrs.get("dir") is None
    assert english.find("p", "alt-text").attrs.get("lang") == "en"
    assert doc.find("html").attrs["lang"] == "en"


def test_draft_badge_warnings_and_card_details():
    doc = parse(render_gallery([
        entry(draft=True, warnings=("statement: set at the minimum size", "missing glyph U+2011")),
        entry(lang="es", path="es/stat-card/instagram-square.png"),
    ], "Review"))
    english, spanish = doc.find_all("article", "card")
    assert english.find(cls="badge-draft").text == "Draft"
    assert [li.text for li in english.find("ul", "warnings").find_all("li")] == [
        "statement: set at the minimum size", "missing glyph U+2011"]
    assert english.attrs["data-draft"] == "true" and english.attrs["data-warnings"] == "2"
    assert not spanish.find_all(cls="badge-draft") and not spanish.find_all("ul", "warnings")
    img = english.find("img")
    assert img.attrs["loading"] == "lazy" and (img.attrs["width"], img.attrs["height"]) == ("1080", "1080")
    assert english.find("a", "thumb").attrs["href"] == img.attrs["src"]  # links to the full file
    assert "instagram-square" in english.text and "1080" in english.text


def test_missing_alt_text_and_carousel_pages_are_shown():
    doc = parse(render_gallery([
        entry(alt="", page=2, path="en/stat-card/instagram-square-2.png"),
        entry(alt="", page=1, path="en/stat-card/instagram-square-1.png"),
    ], "Review"))
    first, second = doc.find_all("article", "card")
    assert "slide 1/2" in first.text and "slide 2/2" in second.text
    assert first.find("img").attrs["alt"] == ""
    assert "alt-missing" in first.find("p", "alt-text").classes()


def test_output_is_deterministic_and_an_unchanged_rebuild_keeps_the_file(tmp_path):
    entries = [entry(graphic=g, lang=lang, size=size, path=f"{lang}/{g}/{size}.png")
               for g in ("b-graphic", "a-graphic") for lang in ("es", "en", "ar")
               for size in ("story", "x-post", "instagram-square", "1400x700")]
    shuffled = entries[:]
    random.Random(7).shuffle(shuffled)
    html = render_gallery(entries, "Review")
    assert html == render_gallery(shuffled, "Review")
    doc = parse(html)
    order = [(c.attrs["data-graphic"], c.attrs["data-lang"], c.attrs["data-size"]) for c in doc.find_all("article")]
    assert order[:4] == [("a-graphic", "ar", s) for s in ("instagram-square", "story", "x-post", "1400x700")]
    assert str(time.gmtime().tm_year) not in html  # no build date

    path = write_gallery(tmp_path, entries)
    assert path == tmp_path / "index.html" and path.read_text(encoding="utf-8") == render_gallery(entries)
    before = path.stat().st_mtime_ns
    time.sleep(0.01)
    write_gallery(tmp_path, shuffled)
    assert path.stat().st_mtime_ns == before, "identical page not rewritten"
    write_gallery(tmp_path, entries[:1])
    assert path.read_text(encoding="utf-8").count("<article") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"], "no temp files left behind"


def test_paths_are_url_quoted():
    doc = parse(render_gallery([
        entry(graphic="café día", lang="zh-Hant", path="zh-Hant/café día/story #1.png"),
    ], "Review"))
    card = doc.find("article", "card")
    src = card.find("img").attrs["src"]
    assert src == "zh-Hant/caf%C3%A9%20d%C3%ADa/story%20%231.png"
    assert card.find("a", "thumb").attrs["href"] == src
    assert card.find("p", "file").text == "zh-Hant/café día/story #1.png"  # shown as written


def test_self_contained_and_filterable():
    html = render_gallery([entry(), entry(lang="es", path="es/stat-card/instagram-square.png", draft=True)], "Review")
    assert "http://" not in html and "https://" not in html and "fetch(" not in html
    assert "<link" not in html and "src=\"//" not in html
    doc = parse(html)
    form = doc.find("form", "filters")
    assert {s.attrs["name"] for s in form.find_all("select")} == {"lang", "graphic", "size", "status", "problem"}
    assert {i.attrs["name"] for i in form.find_all("input")} == {"q"}
    langs = [o.attrs["value"] for o in form.find_all("select")[0].find_all("option")]
    assert langs == ["", "en", "es"]
    assert "Español" in form.text  # languages by their own name
    assert "No graphics" in render_gallery([], "Review")


def test_entries_validate_their_paths():
    with pytest.raises(ValueError):
        entry(path="en\\stat-card\\story.png")
    with pytest.raises(ValueError):
        entry(path="/abs/story.png")
    with pytest.raises(ValueError):
        entry(path="../outside.png")
    assert entry(warnings=["a", "b"]).warnings == ("a", "b")


# --- in a real browser ---------------------------------------------------------------------------

class GalleryPage:
    """A Playwright page, with what these tests ask of it: open a URL and wait until the page's
    own JS says every shown image has loaded, run an expression, wait for one, read the live DOM."""

    def __init__(self, page):
        self.page = page
        page.set_viewport_size({"width": 1280, "height": 1400})

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def wait_for(self, expression: str, what: str, timeout: float = 10.0) -> None:
        try:
            self.page.wait_for_function(expression, timeout=timeout * 1000)
        except Exception:
            raise AssertionError(f"timed out waiting for {what}: {self.js('document.body && document.body.outerHTML.slice(0, 300)')}") from None

    def open(self, url: str) -> None:
        """Load `url` afresh (via about:blank, so a new hash is a new page load, as for a shared link)."""
        self.page.goto("about:blank")
        self.page.goto(url)
        self.wait_for("document.readyState === 'complete' && document.body.dataset.loaded === 'true'",
                      "every image to load (body[data-loaded])")

    def dom(self) -> Node:
        return parse(self.js("document.documentElement.outerHTML"))

    def key(self, key: str) -> None:
        self.page.keyboard.press("Space" if key == " " else key)


# Solid test colours, one per image, easy to find again in a screenshot.
COLOURS = {
    ("en", "stat-card", "instagram-square"): (0, 200, 83),
    ("en", "stat-card", "story"): (41, 98, 255),
    ("es", "stat-card", "instagram-square"): (255, 61, 0),
    ("ar", "stat-card", "instagram-square"): (170, 0, 255),
    ("zh-Hant", "café", "x-post"): (255, 214, 0),  # non-ASCII folder: the quoted src must load
}
TEST_SIZES = {"instagram-square": (108, 108), "story": (108, 192), "x-post": (160, 90)}


@pytest.fixture
def gallery_dir(tmp_path) -> Path:
    out = tmp_path / "output"
    entries = []
    for (lang, graphic, size), colour in COLOURS.items():
        width, height = TEST_SIZES[size]
        rel = f"{lang}/{graphic}/{size}.png"
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (width, height), colour).save(out / rel)
        entries.append(GalleryEntry(graphic, lang, size, width, height, rel, alt=f"{lang} {graphic} {size}",
                                    draft=lang == "es", warnings=("tight fit",) if size == "story" else (),
                                    rtl=lang == "ar"))
    write_gallery(out, entries)
    return out


@pytest.fixture
def browser(chromium):
    page = chromium.new_page()
    yield GalleryPage(page)
    page.close()


RENDERED_LANGS = "[...document.querySelectorAll('.card')].filter(c => c.getClientRects().length).map(c => c.dataset.lang)"


def shown_cards(doc: Node) -> list[str]:
    return [c.attrs["data-lang"] for c in doc.find_all("article", "card") if not c.is_hidden()]


def test_gallery_in_headless_chromium(gallery_dir, browser):
    url = (gallery_dir / "index.html").as_uri()

    # From file://, every card is there and every image really loaded (the page's JS says so).
    browser.open(url)
    doc = browser.dom()
    body = doc.find("body")
    cards = doc.find_all("article", "card")
    assert len(cards) == len(COLOURS)
    assert body.attrs.get("data-images") == f"{len(COLOURS)}/{len(COLOURS)}" and "data-broken" not in body.attrs
    assert not any(card.is_hidden() or "is-missing" in card.classes() for card in cards)
    assert by_id(doc, "count").text == f"{len(COLOURS)} images · 1 draft · 1 with problems"

    # The screenshot shows the pictures: each test colour covers a good patch of it.
    shot = Image.open(io.BytesIO(browser.page.screenshot()))
    counts = {colour: n for n, colour in shot.convert("RGB").getcolors(1 << 24)}
    painted = {key: counts.get(colour, 0) for key, colour in COLOURS.items()}
    assert all(n > 2000 for n in painted.values()), painted

    # A shared link #lang=es: only the Spanish card shows, hidden ones carry `hidden`, the
    # select agrees, and groups with nothing to show are hidden too.
    browser.open(url + "#lang=es")
    doc = browser.dom()
    assert shown_cards(doc) == ["es"]
    assert browser.js(RENDERED_LANGS) == ["es"]
    assert all("hidden" in c.attrs for c in doc.find_all("article", "card") if c.attrs["data-lang"] != "es")
    assert [s.attrs["data-graphic"] for s in doc.find_all("section", "graphic") if not s.is_hidden()] == ["stat-card"]
    assert by_id(doc, "count").text == f"1 of {len(COLOURS)} images shown · 1 draft"
    assert browser.js("document.querySelector('select[name=lang]').value") == "es"

    # Within a shown group too: "with warnings only" leaves the English story, not the square
    # (a link from before the problem filter, #warnings=1, still means it).
    browser.open(url + "#warnings=1")
    assert browser.js(RENDERED_LANGS) == ["en"] and shown_cards(browser.dom()) == ["en"]
    browser.open(url + "#problem=warning")
    assert browser.js(RENDERED_LANGS) == ["en"] and shown_cards(browser.dom()) == ["en"]
    assert browser.js("document.querySelector('.card:not([hidden])').dataset.size") == "story"

    # By keyboard alone: Tab past the search box to the language filter, arrow to the first
    # language, Tab to the status filter and arrow to "Draft"; the hash follows each step;
    # "Show all" resets.
    browser.open(url)
    browser.key("Tab")
    assert browser.js("document.activeElement.name") == "q"
    browser.key("Tab")
    assert browser.js("document.activeElement.name") == "lang"
    browser.key("ArrowDown")
    browser.wait_for("location.hash === '#lang=ar'", "the hash to follow the select")
    assert shown_cards(browser.dom()) == ["ar"]
    for _ in range(3):
        browser.key("Tab")
    assert browser.js("document.activeElement.name") == "status"
    browser.key("ArrowDown")
    browser.key("ArrowDown")
    browser.wait_for("location.hash === '#lang=ar&status=draft'", "the status filter in the hash")
    doc = browser.dom()
    assert shown_cards(doc) == [] and not by_id(doc, "empty").is_hidden()
    browser.key("Tab")
    browser.key("Tab")
    assert browser.js("document.activeElement.type") == "reset"
    browser.key(" ")
    browser.wait_for("location.hash === ''", "Show all to clear the hash")
    assert len(shown_cards(browser.dom())) == len(COLOURS)


# --- thumbnails and the page of a real build (issue 23, item 2) ---------------------------------

from click.testing import CliRunner  # noqa: E402

from cfpgraphics.builder.thumbs import THUMB_MAX_HEIGHT, THUMB_WIDTH, thumb_name  # noqa: E402
from cfpgraphics.cli import cli  # noqa: E402

KHMER = "ក្រុមគ្រួសារ​យើង​ត្រូវការ​គ្នា"  # "our families need each other"
VIETNAMESE = "Gia đình chúng ta cần nhau"
STAT_EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--project", str(root), *args], catch_exceptions=False)


def manifest_files(root: Path) -> dict[str, dict]:
    jobs = json.loads((root / "output/.cfpgraphics-manifest.json").read_text())["jobs"]
    return {name: job["files"] for name, job in jobs.items()}


@pytest.fixture
def campaign(make_project) -> Path:
    root = make_project({
        "content/stat/graphic.yaml": "template: stat\nsizes: [instagram-square, story, x-post]\n",
        "content/stat/en.yaml": STAT_EN,
        "content/stat/km.yaml": f'status: draft\nstat: "95%"\nstatement: "{KHMER}"\n',
        "content/stat/vi.yaml": f'status: reviewed\nstat: "95%"\nstatement: "{VIETNAMESE}"\n',
        "content/other/graphic.yaml": "template: stat\nsizes: [x-post]\n",
        "content/other/en.yaml": 'stat: "3"\nstatement: "cities joined the coalition"\n',
        "content/other/es.yaml": 'stat: "3"\nstatement: "ciudades se unieron a la coalición"\n',
    })
    result = run(root, "build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return root


def test_thumbnails_are_small_recorded_identical_and_remade(campaign):
    out = campaign / "output"
    pngs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png"))
    assert len(pngs) == 3 * 3 + 2  # .webp thumbnails never show up in a *.png glob
    files = manifest_files(campaign)
    first = {}
    for name in pngs:
        thumb = out / thumb_name(name)
        assert thumb_name(name) in files[name], "recorded with its output"
        data = thumb.read_bytes()
        first[name] = data
        with Image.open(thumb) as image:
            assert image.format == "WEBP" and not image.info.get("exif") and not image.info.get("icc_profile")
            assert image.width <= THUMB_WIDTH and image.height <= THUMB_MAX_HEIGHT
            with Image.open(out / name) as full:
                assert abs(image.width / image.height - full.width / full.height) < 0.02
        assert len(data) < 40_000, (name, len(data))
    assert sum(map(len, first.values())) * 4 < sum((out / n).stat().st_size for n in pngs), "a fraction of the PNGs"

    # An unchanged rebuild and a forced one give identical bytes.
    assert run(campaign, "build").exit_code == 0
    assert run(campaign, "build", "--force", "--jobs", "1").exit_code == 0
    assert {n: (out / thumb_name(n)).read_bytes() for n in pngs} == first

    # Deleted (or an output/ from before thumbnails): made again from the PNG, not re-rendered.
    shutil.rmtree(out / ".thumbs")
    png_mtime = (out / pngs[0]).stat().st_mtime_ns
    result = run(campaign, "build", "--json")
    report = json.loads(result.stdout)
    assert report["rendered"] == 0 and report["skipped"] == len(pngs), result.output
    assert (out / pngs[0]).stat().st_mtime_ns == png_mtime
    assert {n: (out / thumb_name(n)).read_bytes() for n in pngs} == first
    assert manifest_files(campaign) == files or all(thumb_name(n) in manifest_files(campaign)[n] for n in pngs)
    assert 'src=".thumbs/' in (out / "index.html").read_text()

    # Pruned with its output: the Spanish file goes, so do its image and its thumbnail.
    (campaign / "content/other/es.yaml").unlink()
    assert run(campaign, "build").exit_code == 0
    assert not (out / "es/other/x-post.png").exists() and not (out / thumb_name("es/other/x-post.png")).exists()
    assert not (out / ".thumbs/es").exists(), "empty folders go too"
    assert not list(out.rglob("*.tmp"))


def test_the_page_lists_every_output_once_with_counts_that_add_up(campaign):
    out = campaign / "output"
    doc = parse((out / "index.html").read_text(encoding="utf-8"))
    images = [c for c in doc.find_all("article", "card") if c.attrs["data-kind"] == "image"]
    pngs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png"))
    assert sorted(c.find("p", "file").text for c in images) == pngs  # each output once
    for card in images:
        img, link = card.find("img"), card.find("a", "thumb")
        assert img.attrs["src"].startswith(".thumbs/") and img.attrs["src"].endswith(".webp")
        assert img.attrs["loading"] == "lazy" and link.attrs["href"].endswith(".png")
        with Image.open(out / img.attrs["src"]) as thumb:
            assert (img.attrs["width"], img.attrs["height"]) == (str(thumb.width), str(thumb.height))
    cards = doc.find_all("article", "card")
    summary = by_id(doc, "summary").text
    assert f"{len(pngs)} images" in summary and "4 drafts" in summary, summary  # no status: draft
    for name in ("lang", "graphic", "size", "status", "problem"):
        select = [s for s in doc.find("form").find_all("select") if s.attrs["name"] == name][0]
        options = select.find_all("option")
        total = int(options[0].text.rsplit("(", 1)[1].rstrip(")"))
        assert total == len(cards), name
        if name != "size":  # note cards have no size
            assert sum(int(o.text.rsplit("(", 1)[1].rstrip(")")) for o in options[1:]) == total, name
    statuses = {c.attrs["data-status"] for c in images}
    assert statuses == {"reviewed", "draft"}
    # other has no Khmer or Vietnamese file: the missing translations are note cards
    notes = [(c.attrs["data-graphic"], c.attrs["data-lang"], c.attrs["data-status"])
             for c in cards if c.attrs["data-kind"] == "note"]
    assert ("other", "km", "missing") in notes and ("other", "vi", "missing") in notes
    assert "text" not in {c.attrs.get("data-text") for c in cards}
    assert KHMER in images[0].parent.parent.parent.text or any(KHMER in c.attrs["data-text"] for c in images)


def test_a_skipped_graphics_problem_is_on_the_page_with_file_and_line(campaign):
    out = campaign / "output"
    before = (out / "index.html").read_bytes()
    assert run(campaign, "build").exit_code == 0
    assert (out / "index.html").read_bytes() == before, "an unchanged rebuild writes identical bytes"
    (campaign / "content/stat/vi.yaml").write_text(
        f'status: reviewed\nstat: "95%"\nstatement: "{VIETNAMESE}\n', encoding="utf-8")  # unclosed quote
    result = run(campaign, "build", "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)["rendered"] == 0
    doc = parse((out / "index.html").read_text(encoding="utf-8"))
    (card,) = [c for c in doc.find_all("article", "card")
               if c.attrs["data-kind"] == "note" and c.attrs["data-graphic"] == "stat" and c.attrs["data-lang"] == "vi"]
    assert card.attrs["data-problem"] == "error" and "Not drawn" in card.text
    problem = card.find("ul", "warnings").text
    assert problem.startswith("content/stat/vi.yaml:"), problem
    assert problem.split(":")[1].isdigit(), problem
    assert "with problems" in by_id(doc, "summary").text
    # yesterday's Vietnamese images are kept and still shown
    assert [c for c in doc.find_all("article", "card") if c.attrs["data-lang"] == "vi"
            and c.attrs["data-kind"] == "image" and c.attrs["data-graphic"] == "stat"]
    # fixed: the note goes
    (campaign / "content/stat/vi.yaml").write_text(
        f'status: reviewed\nstat: "95%"\nstatement: "{VIETNAMESE}"\n', encoding="utf-8")
    assert run(campaign, "build").exit_code == 0
    assert (out / "index.html").read_bytes() == before


def test_search_and_filters_in_chromium(campaign, browser):
    url = (campaign / "output/index.html").as_uri()
    shown = ("[...document.querySelectorAll('.card')].filter(c => c.getClientRects().length)"
             ".map(c => c.dataset.graphic + '/' + c.dataset.lang + '/' + c.dataset.size)")
    # The live counts agree with the page's summary, and every filter's "all" counts every card
    # (the note cards too, which have no size).
    browser.open(url)
    cards = browser.js("document.querySelectorAll('.card').length")
    firsts = browser.js("[...document.querySelectorAll('#filters select')].map(s => s.options[0].textContent)")
    assert all(first.endswith(f"({cards})") for first in firsts), (cards, firsts)
    assert browser.js("document.getElementById('count').textContent") == "11 images · 4 drafts · 6 with problems · 3 notes"
    # (the Khmer and Vietnamese files lack the English **stars**: a warning on each of their images)
    assert "11 images · 4 drafts · 6 with problems" in browser.js("document.getElementById('summary').textContent")
    browser.open(url + "#q=" + KHMER[:8])  # part of a Khmer word, as typed into the box
    assert sorted(browser.js(shown)) == [f"stat/km/{s}" for s in ("instagram-square", "story", "x-post")]
    browser.open(url)
    browser.js("document.querySelector('input[name=q]').focus()")
    browser.page.keyboard.insert_text("gia dinh can nhau")  # Vietnamese without its marks
    browser.wait_for("location.hash === '#q=gia+dinh+can+nhau'", "the query in the hash")
    assert sorted(browser.js(shown)) == [f"stat/vi/{s}" for s in ("instagram-square", "story", "x-post")]
    assert browser.js("document.getElementById('count').textContent").startswith("3 of 11 images shown")
    # With its marks, it must match them: "cân" is not "cần".
    browser.open(url + "#q=" + "cân nhau")
    assert browser.js(shown) == []
    # Filters combine, and the hash keeps them on a new load.
    browser.open(url + "#size=x-post&status=reviewed")
    assert sorted(browser.js(shown)) == ["other/en/x-post", "stat/en/x-post", "stat/vi/x-post"]
    browser.js("var s = document.querySelector('select[name=lang]'); s.value = 'vi';"
               "s.dispatchEvent(new Event('change', {bubbles: true}))")
    assert browser.js("location.hash") == "#lang=vi&size=x-post&status=reviewed"
    browser.open(url + "#lang=vi&size=x-post&status=reviewed")
    assert browser.js(shown) == ["stat/vi/x-post"]
    assert browser.js("document.querySelector('select[name=lang]').value") == "vi"
    # Each option's count follows the other filters: 1 Vietnamese reviewed story, no "other" at all.
    options = browser.js("[...document.querySelectorAll('select[name=size] option, select[name=graphic] option')]"
                         ".map(o => o.textContent)")
    assert "story (1)" in options and "other (0)" in options and "stat (1)" in options, options
    # Missing translations show as note cards under the status filter.
    browser.open(url + "#status=missing")
    assert sorted(browser.js(shown)) == ["other/km/", "other/vi/", "stat/es/"]


def test_an_output_that_failed_to_draw_has_its_problem_on_the_page(campaign):
    from cfpgraphics.builder.plan import plan_jobs
    from cfpgraphics.builder.project import open_project
    from cfpgraphics.builder.runner import JobResult, Report, gallery_notes
    from cfpgraphics.content.assets import AssetStore
    from cfpgraphics.content.diagnostics import CfpError, SourceLocation

    project = open_project(campaign, AssetStore())
    jobs = [j for j in plan_jobs(project, {"stat"}, {"vi"}, set()) if j.size.name in ("story", "x-post")]
    error = CfpError("photo.jpg cannot be read", location=SourceLocation("content/stat/vi.yaml", 4, 8))
    results = [JobResult(job, "failed", error=str(error), diagnostics=[job.failure(error)]) for job in reversed(jobs)]
    (note,) = [n for n in gallery_notes(project, {}, Report(results)) if (n.graphic, n.lang) == ("stat", "vi")]
    photo = [p for p in note.problems if "content/stat/vi.yaml:4:8: photo.jpg cannot be read" in p]
    assert len(photo) == 2 and note.status == "reviewed"  # vi.yaml says `status: reviewed`
    again = [n for n in gallery_notes(project, {}, Report(results[::-1])) if (n.graphic, n.lang) == ("stat", "vi")]
    assert again == [note]  # in a fixed order, whichever worker finished first
    html = render_gallery([], "Review", [note])
    card = parse(html).find("article", "note-card")
    assert card.attrs["data-problem"] == "error" and "content/stat/vi.yaml:4:8" in card.text
