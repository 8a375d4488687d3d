"""Platform-native designs (issue 14), measured on the Scene of every shipped output: the
draft band, alt text per carousel page, carousels per platform, calls to action, and the
type and space rules of stories, wide sizes and link cards."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.cli import cli
from cfpgraphics.render.job import compose_job
from cfpgraphics.content.contrast import contrast_ratio
from cfpgraphics.builder.plan import OutputKeys, job_key, plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.render.scene import TextItem
from conftest import ROOT


@pytest.fixture(scope="session")
def scenes(project):
    """Every shipped output laid out once: output name -> (job, scene)."""
    return {job.name: (job, compose_job(project, job)) for job in plan_jobs(project)}


# --- 1. draft marking ----------------------------------------------------------------------

def test_every_draft_output_carries_the_band_and_no_reviewed_one_does(project, scenes):
    drafts = 0
    for name, (job, scene) in scenes.items():
        band = scene.draft_band
        if not job.draft:
            assert band is None, name
            continue
        drafts += 1
        assert band is not None, f"{name}: a draft without the draft band"
        sx, sy, sw, sh = scene.safe_area
        # across the whole width, inside the top margin: it covers nothing of the design
        assert band.box.x == 0 and band.box.w == scene.width, name
        assert 0 < band.box.bottom <= sy, name
        words = [t.layout.text for t in band.texts]
        english = project.brand.phrase("draft", "en").upper()
        local = project.brand.phrase("draft", job.lang)
        assert words[-1] == english, name
        if job.lang != "en":
            assert len(words) == 2 and words[0] != english and local and local.split()[0][:2].upper() in words[0].upper(), name
        for text in band.texts:
            layout = text.layout
            assert layout.fits and not layout.missing, (name, text.element)
            assert layout.size >= job.size.min_text, (name, text.element, layout.size)
            rect = text.rect()
            assert rect.y >= band.box.y and rect.bottom <= band.box.bottom + 0.5, (name, text.element)
            assert 0 <= rect.x and rect.right <= scene.width, (name, text.element)
        if len(band.texts) == 2:  # the language's words on its start side, English on the end side
            first, second = (t.rect() for t in band.texts)
            assert (first.x > second.right) if scene.rtl else (first.right < second.x), name
            # each against its own edge of the safe area's width
            margin = job.size.margin
            assert abs(min(first.x, second.x) - margin) <= 4, (name, first, second)
            assert abs(max(first.right, second.right) - (scene.width - margin)) <= 4, (name, first, second)
    assert drafts >= 81 * 6  # all 81 translations are drafts today


def test_draft_band_lettering_passes_contrast(project):
    band, text = project.brand.draft_band
    assert contrast_ratio(project.brand.color(band), project.brand.color(text)) >= 4.5


def test_draft_status_is_part_of_the_output_key(project):
    job = next(j for j in plan_jobs(project, graphics={"coalition"}, langs={"es"}) if j.size.name == "story")
    from dataclasses import replace
    keys = OutputKeys(project)
    assert job.draft
    assert job_key(keys.parts(job)) != job_key(keys.parts(replace(job, draft=False)))


def test_a_language_without_draft_words_gets_the_english_band_and_no_problem(make_project):
    root = make_project({"content/coalition/graphic.yaml": "template: coalition\nsizes: [link-card]\n",
                         "content/coalition/en.yaml": 'headline: "Who we are"\nnames:\n  - "RAICES"\n  - "MOVE"\n',
                         "content/coalition/pt.yaml": 'status: draft\nheadline: "Quem somos"\n'})
    project = open_project(root, AssetStore())
    assert not project.problems.items, [str(p) for p in project.problems]
    job = plan_jobs(project, langs={"pt"})[0]
    band = compose_job(project, job).draft_band
    assert [t.layout.text for t in band.texts] == ["DRAFT, NOT FOR POSTING"]


def test_build_only_reviewed_renders_reviewed_languages_only(make_project):
    root = make_project({"content/coalition/graphic.yaml": "template: coalition\nsizes: [link-card]\n",
                         "content/coalition/en.yaml": 'headline: "Who we are"\nnames:\n  - "RAICES"\n  - "MOVE"\n',
                         "content/coalition/es.yaml": 'status: draft\nheadline: "Quiénes somos"\n',
                         "content/coalition/vi.yaml": 'status: reviewed\nheadline: "Chúng tôi là ai"\n'})
    runner = CliRunner()
    result = runner.invoke(cli, ["--project", str(root), "build", "--only-reviewed", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    out = root / "output"
    assert (out / "en/coalition/link-card.png").is_file() and (out / "vi/coalition/link-card.png").is_file()
    assert not (out / "es").exists()
    # a full build renders the draft too, marked; --only-reviewed afterwards removes it again
    assert runner.invoke(cli, ["--project", str(root), "build", "--jobs", "1"]).exit_code == 0
    assert (out / "es/coalition/link-card.png").is_file()
    assert runner.invoke(cli, ["--project", str(root), "build", "--only-reviewed", "--jobs", "1"]).exit_code == 0
    assert not (out / "es/coalition/link-card.png").exists()


# --- 2. alt text per carousel page ---------------------------------------------------------

def _alt(project, job):
    from cfpgraphics.render.alttext import alt_text
    return alt_text(project.templates[job.template], job.values, job.lang, job.page, job.size, project.brand)


def test_each_carousel_page_has_its_own_alt_text_with_its_slides_facts(project):
    carousel = project.graphics["four-places"]
    for lang, translation in carousel.translations.items():
        slides = translation.values["slides"]
        for size in ("instagram-square", "story"):
            jobs = [j for j in plan_jobs(project, graphics={"four-places"}, langs={lang}, sizes={size})]
            alts = [_alt(project, j) for j in jobs]
            assert len(set(alts)) == len(alts) == len(slides) + 2, (lang, size)
            label = project.brand.phrase("slide", lang)
            for n, alt in enumerate(alts, 1):
                assert alt.startswith(label.format(n=n, total=len(alts))), (lang, size, alt)
            for slide, alt in zip(slides, alts[1:]):
                assert slide["place"] in alt, (lang, alt)
                # the slide's own words, markup removed
                assert slide["text"].replace("**", "")[:20] in alt and "**" not in alt, (lang, alt)
            assert any("95" in alt for alt in alts), lang  # the Chicago figure reaches a screen reader


def test_alt_text_in_english_reads_like_the_issue_asks(project):
    job = next(j for j in plan_jobs(project, graphics={"four-places"}, langs={"en"}, sizes={"instagram-square"})
               if j.page == 3)
    assert _alt(project, job).startswith("Slide 3 of 6: California. State laws for a decriminalization agenda")


def test_the_single_x_image_carries_every_slide_in_its_alt_text(project):
    for lang in ("en", "ar", "km", "zh-Hans"):
        [job] = plan_jobs(project, graphics={"four-places"}, langs={lang}, sizes={"x-post"})
        alt = _alt(project, job)
        for slide in project.graphics["four-places"].translations[lang].values["slides"]:
            assert slide["place"] in alt and slide["text"].replace("**", "")[:15] in alt, (lang, alt)


# --- 3. carousels per platform -------------------------------------------------------------

CAROUSEL_PAGES = {"instagram-square": 6, "instagram-portrait": 6, "instagram-grid": 6, "story": 6,
                  "x-post": 1, "link-card": 1}


def test_each_platform_gets_the_pages_it_shows(project, scenes):
    from cfpgraphics.render.scene import PagerItem
    for lang in project.graphics["four-places"].translations:
        for size, count in CAROUSEL_PAGES.items():
            jobs = plan_jobs(project, graphics={"four-places"}, langs={lang}, sizes={size})
            assert len(jobs) == count, (lang, size)
            if count == 1:  # one image, written as <size>.png
                assert jobs[0].page is None and jobs[0].output.name == f"{size}.png"
            for job in jobs:
                scene = scenes[job.name][1]
                pagers = [i for i in scene.items if isinstance(i, PagerItem)]
                # feeds: page dots on every page; stories: tap-through, no pager; one image: none
                assert len(pagers) == (1 if size.startswith("instagram") else 0), job.name
                assert not [d for d in scene.diagnostics if d.severity == "error"], job.name


def test_x_gets_one_summary_and_a_link_card_the_cover_alone(project, scenes):
    for lang, translation in project.graphics["four-places"].translations.items():
        places = [s["place"] for s in translation.values["slides"]]
        layouts = scenes[f"{lang}/four-places/x-post.png"][1].layouts
        assert "summary-title" in layouts, lang
        shown = [l for k, l in layouts.items() if k.startswith("places.")]
        assert len(shown) == len(places), lang
        for place, layout in zip(places, shown):  # each place whole, on one line (Khmer and Lao too)
            assert layout.text in (place, place.upper()) and len(layout.lines) == 1, (lang, place, layout.text)
        card = scenes[f"{lang}/four-places/link-card.png"][1].layouts
        assert set(card) == {"title"}, (lang, set(card))


def test_bar_and_heading_sit_at_the_same_height_on_every_page(project, scenes):
    from cfpgraphics.render.scene import RuleItem
    headings = {"cover": "title", "slide": "place", "closing": "cta"}
    for lang in project.graphics["four-places"].translations:
        for size, count in CAROUSEL_PAGES.items():
            if count == 1:
                continue
            bars, tops = set(), set()
            for job in plan_jobs(project, graphics={"four-places"}, langs={lang}, sizes={size}):
                scene = scenes[job.name][1]
                if "cta" in scene.layouts:
                    continue  # an end card: its column on the optical centre (issue 24 items 4 and 5)
                [bar] = [i for i in scene.items if isinstance(i, RuleItem) and i.element.endswith("-bar")]
                bars.add(round(bar.box.y, 1))
                [heading] = [i for i in scene.items if isinstance(i, TextItem) and i.element in headings.values()]
                tops.add(round(heading.rect().y))
            assert len(bars) == 1, (lang, size, bars)
            assert max(tops) - min(tops) <= 1, (lang, size, tops)


# --- 4. calls to action --------------------------------------------------------------------

def test_every_call_to_action_is_plain_words_and_shows_the_brand_link_when_set(project, scenes):
    from dataclasses import replace
    from cfpgraphics.render.compose import compose
    from cfpgraphics.render.layout.frame import Source
    from cfpgraphics.render.scene import PanelItem
    from cfpgraphics.content.model import Destination
    # the launch text names no address: the brand kit's is a marked placeholder on example.org
    assert project.brand.destination.placeholder and project.brand.destination.url.startswith("https://example.org/")
    branded = replace(project.brand, destination=Destination("https://example.org/freedom"))
    with_cta = 0
    for name, (job, scene) in scenes.items():
        if "cta" not in scene.layouts:
            continue
        with_cta += 1
        assert not [i for i in scene.items if isinstance(i, PanelItem)], f"{name}: a button that leads nowhere"
        assert scene.layouts["link"].text == project.brand.destination.printed(job.lang), name
        template = project.templates[job.template]
        assert template.fields["cta"].max_chars <= 120
        linked = compose(branded, project.fonts, project.assets, template, job.values, job.lang, job.size, page=job.page or 1,
                         root=project.root, source=Source(job.graphic))
        assert linked.layouts["link"].text == "example.org/freedom", name
        assert linked.boxes()["link"].y > linked.boxes()["cta"].bottom, name
        assert not [d for d in linked.diagnostics if d.severity == "error"], (name, linked.warnings)
        alt = _alt_with(project, branded, job)
        assert "example.org/freedom" in alt, name
    # the announcement at 5 sizes (its link card holds only the headline), the carousel's closing
    # on feeds and stories
    assert with_cta == 10 * (5 + 4)


def test_the_announcement_asks_in_a_few_words(project):
    for lang, translation in project.graphics["launch-announcement"].translations.items():
        assert len(translation.values["cta"]) <= project.templates["announcement"].fields["cta"].max_chars == 60


def _alt_with(project, brand, job):
    from cfpgraphics.render.alttext import alt_text
    return alt_text(project.templates[job.template], job.values, job.lang, job.page, job.size, brand)


# --- 5. a layout per shape family ----------------------------------------------------------

def _tool(name: str):
    """A script of tools/ as a module (they are run by path, not installed)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def content_rows(scene, spans) -> float:
    """The fraction of the safe area's rows that carry something."""
    sx, sy, sw, sh = scene.safe_area
    covered, y = 0.0, sy
    for top, bottom in spans:
        top, bottom = max(top, y), min(bottom, sy + sh)
        if bottom > top:
            covered, y = covered + bottom - top, bottom
    return covered / sh


STORY_ROWS = 0.5  # at least this much of a story's safe area carries something (was 0.35)
MEMBER_ROWS = 0.4  # a member's card (was 0.35): a name of one short word is one line; its empty bands are held to 10% all the same


def _members(project) -> int:
    return len(project.graphics["member"].members)


def test_stories_use_their_height(project, scenes):
    """Issue 24: a story is composed for its height. No band of its safe area taller than 10%
    of the canvas stays empty (tools/story_space.py measures it on the scene), in any language;
    the logo stands just above the bottom safe zone, but on a member's card, where it is the
    picture, in the column under the words (a name of one short word, MOVE or SEARAC, grows
    until it meets the width, and the sentence until "Collective Freedom", kept whole, does:
    the logo, as large as the room allows, fills the rest)."""
    from cfpgraphics.render.scene import LogoItem
    space = _tool("story_space")
    stories = [(name, job, scene) for name, (job, scene) in scenes.items() if job.size.name == "story"]
    # and one-message's image in each of its languages, and a card per member in each language
    assert len(stories) == 10 * (8 + 6) + len(project.graphics["one-message"].translations) + 10 * _members(project)
    over = {}
    for name, job, scene in stories:
        sx, sy, sw, sh = scene.safe_area
        top, bottom = space.largest_empty_band(scene)
        assert sy <= top <= bottom <= sy + sh, name
        if bottom - top > space.LIMIT * scene.height:
            over[name] = round(bottom - top)
        [logo] = [i for i in scene.items if isinstance(i, LogoItem)]
        if job.template == "member":  # the logo is the card's picture, in the column
            assert sy <= logo.box.y and logo.box.bottom <= sy + sh, (name, logo.box)
        elif logo.element == "closing-logo":  # a carousel's end card: the wordmark large, last in its column
            assert sy <= logo.box.y and logo.box.bottom <= sy + sh, name
            assert logo.box.y >= max(i.rect().bottom for i in scene.items if isinstance(i, TextItem)), name
        else:
            assert abs(logo.box.bottom - (sy + sh)) <= 2, (name, logo.box.bottom, sy + sh)
        assert content_rows(scene, space.spans(scene)) >= (MEMBER_ROWS if job.template == "member" else STORY_ROWS), name
    assert over == {}


def test_a_growing_story_column_sits_on_the_optical_centre(project, scenes):
    """A story whose words cannot fill it (a short quote, held by its longest word) has its
    column a little above the middle of the room between the top safe zone and the logo, and
    its type larger than the same column set top-aligned without growing."""
    from dataclasses import replace
    from cfpgraphics.render.compose import compose
    from cfpgraphics.render.scene import LogoItem
    space = _tool("story_space")
    job, scene = scenes["en/community-over-cages/story.png"]
    spans = space.spans(scene)
    [logo] = [i for i in scene.items if isinstance(i, LogoItem)]
    above = spans[0][0] - scene.safe_area[1]
    below = logo.box.y - max(bottom for top, bottom in spans if bottom <= logo.box.y)
    assert 0 < above < below, (above, below)
    template = project.templates[job.template]
    story = template.shapes["story"]
    still = replace(template, shapes={**template.shapes, "story": {
        **story, "main": {**story["main"], "grow": False, "valign": "top"}}})
    flat = compose(project.brand, project.fonts, project.assets, still, job.values, job.lang, job.size)
    assert scene.layouts["attribution"].size > flat.layouts["attribution"].size
    assert scene.layouts["quote"].size >= flat.layouts["quote"].size


def test_the_pages_of_a_carousel_share_one_heading_and_one_body_size(project, scenes):
    """Issue 24: a set reads as a set. On every size with slides, every slide of one language
    has its place at one size and its words at one size, though the words differ in length;
    and on stories (which grow to fill) the shortest slide is as full as the rest."""
    space = _tool("story_space")
    checked = 0
    for lang in project.graphics["four-places"].translations:
        for size, count in CAROUSEL_PAGES.items():
            pages = [scenes[job.name][1] for job in plan_jobs(project, graphics={"four-places"}, langs={lang},
                                                              sizes={size})]
            slides = [page for page in pages if "place" in page.layouts]
            if not slides:
                continue
            checked += 1
            assert len({s.layouts["place"].size for s in slides}) == 1, (lang, size)
            assert len({s.layouts["text"].size for s in slides}) == 1, (lang, size)
            assert len({len(s.layouts["text"].text) for s in slides}) > 1  # the words do differ
            if size == "story":
                bands = [b - t for t, b in map(space.largest_empty_band, slides)]
                assert max(bands) <= space.LIMIT * slides[0].height, (lang, bands)
    assert checked == 10 * 4


# what each feed size of the carousel reaches (issue 24 item 5), of the height: pages filled, not
# their top 60% (they were 33%, 43% and 45% before). Covers whose title is held by its longest
# word (en, es, zh) and a call to action kept to three lines (tl) stay over the 10% of stories.
FEED_BAND = {"instagram-square": 0.15, "instagram-portrait": 0.19, "instagram-grid": 0.20}


def test_carousel_feed_pages_use_their_height(project, scenes):
    """Issue 24 item 5: a set reads as a set, its slides filled. On the square, portrait and grid
    sizes every page of four-places, in every language, keeps its largest empty band (between
    the top margin and the page dots, `tools/story_space.py --size feed`) under FEED_BAND, and
    most pages under the stories' 10%."""
    space = _tool("story_space")
    under, total = 0, 0
    for name, (job, scene) in scenes.items():
        if job.graphic != "four-places" or job.size.name not in FEED_BAND:
            continue
        top, bottom = space.largest_empty_band(scene)
        share = (bottom - top) / scene.height
        assert share <= FEED_BAND[job.size.name], (name, round(share, 3))
        total += 1
        under += share <= space.LIMIT
    assert total == 10 * 3 * 6
    assert under >= 0.7 * total, (under, total)


def test_story_type_is_at_least_a_fifth_larger_than_the_portraits(project, scenes):
    """A story's largest sizes are 20% to 80% over the portrait's: a quarter for the heroes,
    more where a story grows short words to fill its height (the words under a headline held
    by its longest word); the column stops growing when it is full, so long copy stays smaller."""
    from cfpgraphics.content.sizes import PRESETS
    story, portrait = PRESETS["story"], PRESETS["instagram-portrait"]
    for template in project.templates.values():
        tall = {e.name: e for e in template.elements_for(portrait)}
        pages = {p.name for p in template.pages_for(story)}
        for element in template.elements_for(story):
            on_story = element.pages is None or not template.pages or set(element.pages) & pages
            if element.kind in ("text", "glyph") and element.name in tall and on_story:
                ratio = element.size[0] / tall[element.name].size[0]
                assert 1.2 <= ratio <= 1.8, (template.name, element.name, ratio)
    # as laid out: never smaller than on the portrait (long copy may use the room to fit)
    from cfpgraphics.text.engine import layout_flaws
    for name, (job, scene) in scenes.items():
        if job.size.name != "story":
            continue
        portrait_job, portrait = scenes[name.replace("/story", "/instagram-portrait")]
        if portrait.safe_area != portrait_job.size.safe_area:
            # a draft laid out again lower, to leave the band its margin (layout/draft.py): its
            # figure may gain a little where the chart beside it lost height; compare the design
            from dataclasses import replace
            portrait = compose_job(project, replace(portrait_job, draft=False))
        other = portrait.layouts
        for element, layout in scene.layouts.items():
            if element in other:
                if layout_flaws(layout) < layout_flaws(other[element]):
                    continue  # the portrait (a kit's one size) keeps flaws the story, fitted alone, loses smaller
                assert layout.size >= other[element].size, (name, element, layout.size, other[element].size)


def test_wide_sizes_keep_the_hero_at_least_twice_the_body(project, scenes):
    """On the design as it is posted: a draft's band takes a full margin of the height (the
    Arabic coalition headline on X drops to 64 px under it), and goes once it is reviewed."""
    from dataclasses import replace
    checked = 0
    for name, (job, scene) in scenes.items():
        if job.size.shape != "wide":
            continue
        if job.draft:
            scene = compose_job(project, replace(job, draft=False))
        roles = {e.name: e.role for e in project.templates[job.template].elements_for(job.size)}
        layouts = scene.layouts
        body = [l.size for k, l in layouts.items() if roles.get(k.split(".")[0]) == "text" and not k.endswith(".number")]
        if not body:
            continue
        checked += 1
        hero = max(l.size for l in layouts.values())
        assert hero >= 2 * max(body), (name, hero, max(body))
    assert checked >= 10 * 8


LINK_CARD_TEXT = {  # a link card holds only its headline, its figure and the logo
    "stat": {"kicker", "stat", "statement", "source"}, "win": {"place", "year", "headline"}, "list": {"headline"},
    "coalition": {"headline"}, "quote": {"mark", "quote"}, "announcement": {"headline"}, "carousel": {"title"},
    "member": {"name", "statement"},
}


def test_link_cards_hold_headline_figure_and_logo_nothing_under_40px(project, scenes):
    from cfpgraphics.render.scene import LogoItem
    cards = [(job, scene) for job, scene in scenes.values() if job.size.name == "link-card"]
    assert len(cards) == 90 + 10 * _members(project)
    for job, scene in cards:
        assert scene.width == 1200
        layouts = scene.layouts
        assert set(layouts) <= LINK_CARD_TEXT[job.template] and layouts, (job.name, set(layouts))
        assert [i for i in scene.items if isinstance(i, LogoItem)], job.name
        for element, layout in layouts.items():
            assert layout.size >= 40, (job.name, element, layout.size)


# --- 6. the coalition list as columns ------------------------------------------------------

def test_coalition_names_stand_in_columns_as_units_latin_block_in_arabic(project, scenes):
    names = project.graphics["coalition"].translations["en"].values["names"]
    for lang in ("en", "ar", "km", "zh-Hans"):
        for size in ("instagram-portrait", "instagram-grid", "story"):
            scene = scenes[f"{lang}/coalition/{size}.png"][1]
            items = [(k, l) for k, l in scene.layouts.items() if k.startswith("names.")]
            assert [l.text for _, l in items] == [n.strip() for n in names], (lang, size)  # each name a unit
            assert len({l.size for _, l in items}) == 1  # one common size
            assert all(l.lang == "en" and not l.rtl for _, l in items), (lang, size)  # Latin, left to right
            xs = sorted({round(l.box.x) for _, l in items})
            assert len(xs) == 2, (lang, size, xs)  # two columns
            first, last = items[0][1], items[-1][1]
            assert first.box.x < last.box.x, (lang, size)  # the first column on the left, in Arabic too
            for _, l in items:  # every line of a name inside its column
                assert all(l.box.x - 0.5 <= line.x and line.x + line.width <= l.box.right + 0.5 for line in l.lines)


# --- every new setting a user can get wrong is a located diagnostic with a fix -------------

def _messages(project, file):
    return [p for p in project.problems if p.location and p.location.file == file]


def test_new_template_settings_are_checked_where_they_are_written(make_project):
    carousel = (ROOT / "templates/carousel.yaml").read_text(encoding="utf-8")
    bad = (carousel.replace("{name: summary, sizes: [wide]}", "{name: summary, sizes: [wid]}")
           .replace("item_key: place", "item_key: plce")
           .replace("pager: {hidden: true}", "pager: {hidden: yes please}")
           .replace("from_brand: link", "from_brand: website", 1))
    root = make_project({})
    path = root / "templates/carousel.yaml"
    path.write_text(bad, encoding="utf-8")
    problems = _messages(open_project(root, AssetStore()), "templates/carousel.yaml")
    text = "\n".join(str(p) for p in problems)
    assert all(p.location.line for p in problems), text
    assert "page 'summary': `sizes` names unknown shape or size 'wid' (did you mean 'wide'?)" in text
    assert "`hidden` should be true or false" in text
    assert "`from_brand` cannot be 'website'" in text and "brand values: link" in text
    path.write_text(carousel.replace("item_key: place", "item_key: plce"), encoding="utf-8")
    text = "\n".join(str(p) for p in _messages(open_project(root, AssetStore()), "templates/carousel.yaml"))
    assert "`item_key: plce` is not a key of the items of 'slides' (did you mean 'place'?)" in text
    no_wide = carousel.replace("{name: summary, sizes: [wide]}", "{name: summary, sizes: [story]}") \
        .replace("sizes: [square, tall, link-card]", "sizes: [square, tall]")
    path.write_text(no_wide, encoding="utf-8")
    text = "\n".join(str(p) for p in _messages(open_project(root, AssetStore()), "templates/carousel.yaml"))
    assert "no page of this template is for x-post (wide)" in text and "add wide to the `sizes:` of a page" in text


def test_new_brand_settings_are_checked_where_they_are_written(make_project):
    brand = (ROOT / "brand/brand.yaml").read_text(encoding="utf-8")
    bad = (brand.replace("draft_band: {color: marigold, text: ink}", "draft_band: {color: marigold, text: paper}")
           .replace('ko: "슬라이드 {n}/{total}"', 'ko: "슬라이드 {n}"')
           .replace('  url: "https://example.org/collective-freedom"', "  url: [a, b]"))
    root = make_project({})
    path = root / "brand/brand.yaml"
    path.write_text(bad, encoding="utf-8")
    problems = _messages(open_project(root, AssetStore()), "brand/brand.yaml")
    text = "\n".join(str(p) for p in problems)
    assert all(p.location.line for p in problems), text
    assert "draft band: text colour paper on marigold has contrast" in text and "WCAG AA needs 4.5:1" in text
    assert "phrase 'slide' in 'ko' must be words in quotes holding {total}" in text
    assert "`destination: url:` is a full web address in quotes, starting with https://" in text
    unknown = brand.replace("draft_band: {color: marigold, text: ink}", "draft_band: {color: marigld, text: ink}")
    path.write_text(unknown, encoding="utf-8")
    text = "\n".join(str(p) for p in _messages(open_project(root, AssetStore()), "brand/brand.yaml"))
    assert "draft band colour 'marigld' is not in the palette (did you mean 'marigold'?)" in text
