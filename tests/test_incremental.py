"""Scheduled rebuilds: skip what is unchanged, re-render what changed, never lose work."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.builder import runner as build_module
from cfpgraphics.builder.runner import BuildOptions, build, publish_gallery
from cfpgraphics.cli import cli
from cfpgraphics.content.diagnostics import CfpError
from cfpgraphics.builder.lock import build_lock
from cfpgraphics.builder.manifest import INPUTS_NAME, MANIFEST_NAME
from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.builder.project import open_project

GRAPHIC = "template: stat\nsizes: [instagram-square, link-card]\n"
EN = 'stat: "95%"\nstatement: "of people on Chicago’s gang database were **Black and Latinx**"\n'
ES = 'status: draft\nstat: "95%"\nstatement: "de las personas en la base de datos eran **negras y latinas**"\n'


@pytest.fixture
def proj(make_project):
    return make_project({"content/stat/graphic.yaml": GRAPHIC, "content/stat/en.yaml": EN,
                         "content/stat/es.yaml": ES})


def run_build(root: Path, **kw):
    project = open_project(root, AssetStore())
    options = BuildOptions(**{"jobs": 1, **kw})
    return build(project, plan_jobs(project), options)


def statuses(report) -> dict[str, str]:
    return {r.job.name: r.status for r in report.results}


def outputs(root: Path) -> dict[str, bytes]:
    out = root / "output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.png"))}


def test_second_build_skips_everything(proj):
    first = run_build(proj)
    assert first.count("rendered") == 4 and first.ok
    second = run_build(proj)
    assert second.count("skipped") == 4 and second.count("rendered") == 0


def test_editing_one_translation_rerenders_only_that_language(proj):
    run_build(proj)
    (proj / "content/stat/es.yaml").write_text(ES.replace("eran", "fueron"), encoding="utf-8")
    report = run_build(proj)
    assert statuses(report) == {"en/stat/instagram-square.png": "skipped", "en/stat/link-card.png": "skipped",
                                "es/stat/instagram-square.png": "rendered", "es/stat/link-card.png": "rendered"}
    assert {r.reason for r in report.results if r.status == "rendered"} == {"content changed"}


def test_template_change_is_explained(proj):
    run_build(proj)
    template = proj / "templates/stat.yaml"
    template.write_text(template.read_text().replace("size: [64, 30]", "size: [60, 30]"))
    report = run_build(proj)
    assert {r.reason for r in report.results} == {"template changed"}


def test_fresh_checkout_with_new_mtimes_still_skips(proj, tmp_path):
    run_build(proj)
    clone = tmp_path / "clone"
    shutil.copytree(proj, clone, symlinks=True)  # copytree gives every file a new mtime
    later = time.time() + 100
    for png in (clone / "output").rglob("*.png"):
        os.utime(png, (later, later))
    assert run_build(clone).count("skipped") == 4


def test_missing_or_modified_output_is_rerendered(proj):
    run_build(proj)
    (proj / "output/en/stat/link-card.png").unlink()
    square = proj / "output/es/stat/instagram-square.png"
    square.write_bytes(b"not a png")
    report = run_build(proj)
    reasons = {r.job.name: r.reason for r in report.results if r.status == "rendered"}
    assert reasons == {"en/stat/link-card.png": "en/stat/link-card.png is missing",
                       "es/stat/instagram-square.png": "es/stat/instagram-square.png was changed or replaced"}
    Image.open(square).verify()


def test_removed_language_is_pruned(proj):
    run_build(proj)
    (proj / "content/stat/es.yaml").unlink()
    report = run_build(proj)
    assert sorted(p.relative_to(proj / "output").as_posix() for p in report.removed) == [
        "es/stat/instagram-square.alt.txt", "es/stat/instagram-square.png",
        "es/stat/link-card.alt.txt", "es/stat/link-card.png"]
    assert not (proj / "output/es").exists(), "empty folders are cleaned up"
    assert not (proj / "output/.thumbs/es").exists(), "their thumbnails go with them (not counted as outputs)"


def test_broken_translation_keeps_its_old_outputs_and_others_build(proj):
    run_build(proj)
    (proj / "content/stat/es.yaml").write_text("stat: \"95%\"\nstatement: Fuente: un estudio\n", encoding="utf-8")
    (proj / "content/stat/en.yaml").write_text(EN.replace("database", "list"), encoding="utf-8")
    report = run_build(proj)
    assert not report.removed
    assert (proj / "output/es/stat/link-card.png").exists()
    assert report.count("rendered") == 2 and not report.ok
    assert any("content/stat/es.yaml:2:18" in str(p) for p in report.problems)


def test_force_rerenders_and_output_is_byte_identical(proj):
    run_build(proj)
    before = outputs(proj)
    report = run_build(proj, force=True)
    assert report.count("rendered") == 4
    assert outputs(proj) == before


def test_parallel_build_gives_the_same_bytes(proj, tmp_path):
    run_build(proj)
    serial = outputs(proj)
    shutil.rmtree(proj / "output")
    report = run_build(proj, jobs=2)
    assert report.count("rendered") == 4
    assert outputs(proj) == serial


def test_interrupted_build_leaves_no_half_files_and_next_build_finishes(proj, monkeypatch):
    calls = []
    real = build_module.render_job

    def flaky(project, job):
        calls.append(job.name)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the second job
        return real(project, job)

    monkeypatch.setattr(build_module, "render_job", flaky)
    with pytest.raises(KeyboardInterrupt):
        run_build(proj)
    manifest = json.loads((proj / "output" / MANIFEST_NAME).read_text())
    assert list(manifest["jobs"]) == [calls[0]], "only the finished job is recorded"
    assert not list((proj / "output").rglob("*.tmp"))
    monkeypatch.setattr(build_module, "render_job", real)
    report = run_build(proj)
    assert report.count("rendered") == 3 and report.count("skipped") == 1


def test_killed_build_never_leaves_a_broken_png(proj):
    """SIGKILL a real build process at several moments; every PNG left must decode, and the
    next build must complete the set."""
    for delay in (0.3, 0.6, 0.9):
        shutil.rmtree(proj / "output", ignore_errors=True)
        proc = subprocess.Popen([sys.executable, "-m", "cfpgraphics", "--project", str(proj), "build", "--jobs", "1"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for png in (proj / "output").rglob("*.png"):
            with Image.open(png) as image:
                image.load()
        report = run_build(proj)
        assert report.ok and report.count("rendered") + report.count("skipped") == 4
        assert not list((proj / "output").rglob("*.tmp"))


def test_a_failing_job_does_not_stop_the_others(proj, monkeypatch):
    real = build_module.render_job

    def one_fails(project, job):
        if job.name == "es/stat/link-card.png":
            raise CfpError("cannot read photo images/missing.jpg")
        return real(project, job)

    monkeypatch.setattr(build_module, "render_job", one_fails)
    result = CliRunner().invoke(cli, ["--project", str(proj), "build", "--json", "--jobs", "1"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["rendered"], data["failed"]) == (3, 1)
    assert data["failures"] == [{"output": "es/stat/link-card.png", "file": "content/stat/es.yaml",
                                 "message": "cannot read photo images/missing.jpg"}]


def test_second_build_waits_for_the_lock_then_says_so(proj):
    project = open_project(proj, AssetStore())
    with build_lock(project.output_dir, wait=0):
        with pytest.raises(CfpError) as info:
            build(project, plan_jobs(project), BuildOptions(lock_wait=0.3))
    assert f"another build (pid {os.getpid()}) is writing" in str(info.value)


def test_alt_text_sidecar_in_the_graphics_language(proj):
    run_build(proj)
    alt = (proj / "output/es/stat/link-card.alt.txt").read_text(encoding="utf-8")
    assert alt == "95%\nde las personas en la base de datos eran negras y latinas\n", "markup removed"


def test_gallery_lists_every_output_with_alt_and_draft(proj):
    run_build(proj)
    assert not (proj / "output/index.html").exists()  # the command writes the gallery, not build()
    assert CliRunner().invoke(cli, ["--project", str(proj), "build", "-j1"]).exit_code == 0
    assert CliRunner().invoke(cli, ["--project", str(proj), "build", "-j1"]).exit_code == 0  # no-op build
    page = (proj / "output/index.html").read_text(encoding="utf-8")
    for name in ("en/stat/link-card", "es/stat/instagram-square"):  # the thumbnail, linking to the image
        assert f'src=".thumbs/{name}.webp"' in page and f'href="{name}.png"' in page
    assert "de las personas en la base de datos eran negras y latinas" in page
    assert "Draft" in page


def test_a_build_that_changes_nothing_keeps_the_gallery_and_a_lost_one_comes_back(proj):
    build_cmd = ["--project", str(proj), "build", "-j1"]
    assert CliRunner().invoke(cli, build_cmd).exit_code == 0
    page = proj / "output/index.html"
    before = page.read_bytes()
    assert CliRunner().invoke(cli, build_cmd).exit_code == 0  # no-op: the page is not rebuilt
    assert page.read_bytes() == before
    page.unlink()
    assert CliRunner().invoke(cli, build_cmd).exit_code == 0  # still a no-op, but the page was lost
    assert page.read_bytes() == before
    (proj / "content/stat/es.yaml").write_text(ES.replace("negras y latinas", "negras y latinas hoy"), encoding="utf-8")
    assert CliRunner().invoke(cli, build_cmd).exit_code == 0  # an edit: the page shows it
    assert "negras y latinas hoy" in page.read_text(encoding="utf-8")


def test_only_reviewed_skips_drafts(proj):
    project = open_project(proj, AssetStore())
    names = {job.name for job in plan_jobs(project, only_reviewed=True)}
    assert names == {"en/stat/instagram-square.png", "en/stat/link-card.png"}


def test_outputs_are_readable_by_others_like_any_written_file(proj):
    run_build(proj)
    publish_gallery(open_project(proj, AssetStore()))
    mask = os.umask(0)
    os.umask(mask)
    for path in [proj / "output/en/stat/link-card.png", proj / "output/en/stat/link-card.alt.txt",
                 proj / "output/index.html"]:
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path


def test_brand_background_edit_rerenders(proj):
    run_build(proj)
    brand = proj / "brand/brand.yaml"
    text = brand.read_text(encoding="utf-8")
    assert "keep_together" in text
    brand.write_text(text.replace("keep_together:\n", "keep_together:\n  - Black and Latinx\n"), encoding="utf-8")
    assert {r.reason for r in run_build(proj).results} == {"brand changed"}


def test_replacing_a_photo_rerenders_the_graphic(make_project):
    root = make_project({
        "content/launch/graphic.yaml": "template: announcement\nsizes: [link-card]\n",
        "content/launch/en.yaml": 'headline: "Launch"\nsubline: "Sub"\ncta: "Watch"\nphoto: photos/a.png\n',
    })
    (root / "photos").mkdir()
    Image.new("RGB", (300, 200), (200, 40, 40)).save(root / "photos/a.png")
    first = run_build(root)
    assert first.ok, [r.error for r in first.results] + [str(p) for p in first.problems]
    assert run_build(root).count("skipped") == 1
    Image.new("RGB", (300, 200), (20, 200, 40)).save(root / "photos/a.png")
    assert {r.reason for r in run_build(root).results} == {"content changed"}


def _photo_project(make_project):
    root = make_project({
        "content/launch/graphic.yaml": "template: announcement\nsizes: [link-card]\n",
        "content/launch/en.yaml": 'headline: "Launch"\nsubline: "Sub"\ncta: "Watch"\nphoto: photos/a.png\n',
    })
    (root / "photos").mkdir()
    Image.new("RGB", (300, 200), (200, 40, 40)).save(root / "photos/a.png", compress_level=0)
    return root


def _hashed_inputs(monkeypatch) -> list[str]:
    """The input files the asset store reads to hash (outputs are checked apart, by manifest.py)."""
    from cfpgraphics.content import assets
    hashed, real = [], assets.file_sha256
    monkeypatch.setattr(assets, "file_sha256", lambda path: hashed.append(str(path)) or real(path))
    return hashed


def test_input_digests_are_remembered_so_a_no_op_reads_no_font(make_project, monkeypatch):
    from cfpgraphics.content import assets
    monkeypatch.setattr(assets, "RACY_NS", 0)  # the test's files are seconds old
    root = _photo_project(make_project)
    hashed = _hashed_inputs(monkeypatch)
    assert run_build(root).ok
    assert any(p.endswith(".ttf") or p.endswith(".otf") or p.endswith(".ttc") for p in hashed), hashed
    assert any(p.endswith("a.png") for p in hashed)
    inputs = json.loads((root / "output" / INPUTS_NAME).read_text(encoding="utf-8"))["inputs"]
    assert set(inputs) == set(hashed)
    hashed.clear()
    assert run_build(root).count("skipped") == 1
    assert hashed == [], "a second build trusts the recorded digests of unchanged files"


def test_a_photo_rewritten_with_the_same_size_and_mtime_is_still_seen(make_project, monkeypatch):
    """Content can change under an unchanged size and mtime (a copy tool that keeps times,
    `touch -r`): the change time, which nothing can set back, still tells."""
    from cfpgraphics.content import assets
    monkeypatch.setattr(assets, "RACY_NS", 0)
    root = _photo_project(make_project)
    photo = root / "photos/a.png"
    assert run_build(root).ok
    before = photo.stat()
    time.sleep(0.01)
    Image.new("RGB", (300, 200), (20, 200, 40)).save(photo, compress_level=0)
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = photo.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert {r.reason for r in run_build(root).results} == {"content changed"}


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(make_project, monkeypatch):
    """Like git's "racily clean" entries: a file could change again within the clock's
    resolution after it was read, so one changed in the last 2 s is not remembered."""
    root = _photo_project(make_project)
    hashed = _hashed_inputs(monkeypatch)
    assert run_build(root).ok
    inputs = json.loads((root / "output" / INPUTS_NAME).read_text(encoding="utf-8"))["inputs"]
    assert not any(p.endswith("a.png") for p in inputs), "the photo was written a moment ago"
    hashed.clear()
    run_build(root)
    assert any(p.endswith("a.png") for p in hashed)


def test_a_damaged_digest_memo_is_ignored(make_project, monkeypatch):
    from cfpgraphics.content import assets
    monkeypatch.setattr(assets, "RACY_NS", 0)
    root = _photo_project(make_project)
    assert run_build(root).ok
    memo = root / "output" / INPUTS_NAME
    data = json.loads(memo.read_text(encoding="utf-8"))
    data["inputs"] = {str(root / "photos/a.png"): [1, 2, 3, 4, "not a digest"], "x": "junk", "y": [None] * 5}
    memo.write_text(json.dumps(data), encoding="utf-8")
    hashed = _hashed_inputs(monkeypatch)
    report = run_build(root)
    assert report.count("skipped") == 1 and report.ok and not _besides_placeholder(report.problems)
    assert any(p.endswith("a.png") for p in hashed), "an entry whose identity does not match is not trusted"
    for junk in (b"\xff\xfe not json", b"[1, 2]", b""):
        memo.write_bytes(junk)
        report = run_build(root)
        assert report.count("skipped") == 1 and report.ok and not _besides_placeholder(report.problems), junk


def _besides_placeholder(problems) -> list:
    """A report's problems other than the brand kit's placeholder address (said on every build
    while the shipped example.org address is in use)."""
    return [p for p in problems if p.code != "placeholder-address"]


def test_a_no_op_that_learns_a_digest_writes_the_memo_not_the_record(make_project, monkeypatch):
    """The photo was too new to remember on the first build; the second learns its digest and
    writes only the small memo beside the record, which it leaves as it was."""
    root = _photo_project(make_project)
    assert run_build(root).ok
    record = root / "output" / MANIFEST_NAME
    before = record.stat().st_mtime_ns, record.read_bytes()
    from cfpgraphics.content import assets
    monkeypatch.setattr(assets, "RACY_NS", 0)  # the photo is now old enough to remember
    assert run_build(root).count("skipped") == 1
    assert (record.stat().st_mtime_ns, record.read_bytes()) == before
    inputs = json.loads((root / "output" / INPUTS_NAME).read_text(encoding="utf-8"))["inputs"]
    assert any(p.endswith("a.png") for p in inputs)
