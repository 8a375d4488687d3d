"""Platform-native designs (issue 14), measured on the Scene of every shipped output: the
draft band, alt text per carousel page, carousels per platform, calls to action, and the
type and space rules of stories, wide sizes and link cards."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from cfpgraphics.cli import cli
from cfpgraphics.compose import compose_job
from cfpgraphics.contrast import contrast_ratio
from cfpgraphics.plan import OutputKeys, job_key, plan_jobs
from cfpgraphics.project import load_project
from cfpgraphics.scene import TextItem


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


def test_a_language_without_draft_words_is_a_warning_at_the_brand_kit(make_project):
    root = make_project({"content/coalition/graphic.yaml": "template: coalition\nsizes: [link-card]\n",
                         "content/coalition/en.yaml": 'headline: "Who we are"\nnames:\n  - "RAICES"\n  - "MOVE"\n',
                         "content/coalition/pt.yaml": 'status: draft\nheadline: "Quem somos"\n'})
    project = load_project(root)
    [warning] = [p for p in project.problems if p.code == "draft-phrase"]
    assert warning.severity == "warning" and "'pt'" in warning.message
    assert warning.location.file == "brand/brand.yaml" and warning.location.line
    assert "phrases: draft:" in warning.fix
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
