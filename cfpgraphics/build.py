"""Run a build: decide what is stale, render it (in worker processes), record it, prune.

Every output is written to a temporary name and renamed into place; the manifest records a job
only after its files exist; a lock keeps two builds out of one output folder. A failing job is
reported and the others still complete.
"""
from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PIL import Image

from .alttext import alt_text
from .check import relax_overflow
from .compose import Scene, compose, compose_job, job_failure
from .draw import draw_scene
from .errors import CfpError, Diagnostic, Diagnostics
from .gallery import ERROR_MARK, GalleryEntry, write_gallery
from .langs import is_rtl
from .lock import build_lock
from .manifest import Manifest, prune
from .model import Project
from .output import write_bytes_atomic, write_png
from .plan import Job, job_key, key_parts


@dataclass
class BuildOptions:
    force: bool = False  # re-render everything
    jobs: int = 1  # worker processes
    prune: bool = True  # remove outputs whose graphic, language or size is gone
    lock_wait: float = 300.0  # seconds to wait for another build of the same output/
    allow_overflow: bool = False  # report text that cannot fit as a warning, not an error


@dataclass
class JobResult:
    job: Job
    status: str  # rendered | skipped | failed
    reason: str = ""  # why it ran (for --explain)
    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # from its layout (or from the manifest)
    error: str | None = None

    @property
    def path(self) -> Path | None:
        return self.files[0] if self.files else None


@dataclass
class Report:
    results: list[JobResult] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    problems: Diagnostics = field(default_factory=Diagnostics)  # loading, then every output's, in plan order
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return not self.count("failed") and not self.problems.errors

    def to_json(self, root: Path) -> dict:
        def rel(path: Path) -> str:
            return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        return {
            "rendered": self.count("rendered"), "skipped": self.count("skipped"),
            "removed": len(self.removed), "failed": self.count("failed"),
            "seconds": round(self.seconds, 3),
            "failures": [{"output": r.job.name, "file": r.job.source, "message": r.error}
                         for r in self.results if r.status == "failed"],
            "problems": [p.to_json() for p in self.problems],
            "rendered_outputs": [rel(f) for r in self.results if r.status == "rendered" for f in r.files],
            "removed_outputs": [rel(p) for p in self.removed],
        }


def render_scene(project: Project, template_name: str, values: dict, lang: str, size,
                 page: int | None = None) -> tuple[Image.Image, Scene]:
    """One graphic from values (no content file): `render` and the tests."""
    template = project.templates[template_name]
    scene = compose(project.brand, project.fonts, template, values, lang, size, page=page or 1, root=project.root,
                    assets=project.assets)
    return draw_scene(scene, project.fonts.faces, project.assets), scene


def alt_path(png: Path) -> Path:
    """The alt-text sidecar of an output: instagram-square.png -> instagram-square.alt.txt"""
    return png.with_suffix(".alt.txt")


def render_job(project: Project, job: Job) -> tuple[list[Path], list[Diagnostic]]:
    """Lay out, draw and write one job (the PNG and its alt text): (files, diagnostics). The
    image is written even when text overflows, so the user can see it."""
    scene = compose_job(project, job)
    image = draw_scene(scene, project.fonts.faces, project.assets)
    path = project.output_dir / job.output
    write_png(image, path)
    alt = alt_path(path)
    write_bytes_atomic(alt, (alt_text(project.templates[job.template], job.values) + "\n").encode("utf-8"))
    return [path, alt], scene.diagnostics


# Worker processes get the loaded project by fork (or load it once each, elsewhere).
_WORKER_PROJECT: Project | None = None


def _init_worker(project_root: str) -> None:
    global _WORKER_PROJECT
    if _WORKER_PROJECT is None:
        from .project import load_project
        _WORKER_PROJECT = load_project(Path(project_root))


def _run_in_worker(job: Job) -> tuple[list[Path] | None, list[Diagnostic], str | None]:
    return _run(_WORKER_PROJECT, job)


def _run(project: Project, job: Job) -> tuple[list[Path] | None, list[Diagnostic], str | None]:
    """Never raises: a job's failure is data, so the other jobs go on."""
    try:
        files, diagnostics = render_job(project, job)
        return files, diagnostics, None
    except CfpError as exc:
        return None, [job_failure(job, exc)], str(exc)
    except Exception as exc:  # a bug, or a broken image/font: report it with where it happened
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return None, [], f"internal error: {type(exc).__name__}: {exc} (at {Path(frame.filename).name}:{frame.lineno})"


def _protected(project: Project, manifest: Manifest, planned: set[str]) -> set[str]:
    """Outputs not to prune although not planned: their content file exists but could not be
    loaded this time. A typo in one translation must not delete yesterday's graphics."""
    keep = set()
    content = project.root / "content"
    for name, entry in manifest.entries.items():
        graphic, lang = entry.info.get("graphic"), entry.info.get("lang")
        if name in planned or not graphic or not lang:
            continue
        loaded = project.graphics.get(graphic)
        if (content / graphic / f"{lang}.yaml").is_file() and (loaded is None or lang not in loaded.translations):
            keep.add(name)
    return keep


def build(project: Project, jobs: list[Job], options: BuildOptions | None = None,
          progress: Callable[[int, int, JobResult], None] | None = None,
          on_wait: Callable[[str], None] | None = None) -> Report:
    options = options or BuildOptions()
    report = Report()
    started = time.monotonic()
    with build_lock(project.output_dir, options.lock_wait, on_wait):
        _remove_stray_temp_files(project.output_dir)
        manifest = Manifest.load(project.output_dir)
        todo: list[tuple[Job, str, dict, str]] = []
        done = 0
        for job in jobs:
            parts = key_parts(project, job)
            key = job_key(parts)
            reason = "--force" if options.force else manifest.stale_reason(job.name, key, parts)
            if reason is None:
                recorded = manifest.entries[job.name].info.get("diagnostics", [])
                report.results.append(JobResult(job, "skipped", diagnostics=[
                    Diagnostic.from_record(r) for r in recorded]))
                done += 1
                if progress:
                    progress(done, len(jobs), report.results[-1])
            else:
                todo.append((job, key, parts, reason))

        def finish(job, key, parts, reason, outcome):
            nonlocal done
            files, diagnostics, error = outcome
            if error is None:
                manifest.record(job.name, key, parts, files, {
                    "graphic": job.graphic, "lang": job.lang, "size": job.size.name, "draft": job.draft,
                    "diagnostics": [d.to_record() for d in diagnostics], "template": job.template,
                    "page": job.page, "width": job.size.width, "height": job.size.height})
                result = JobResult(job, "rendered", reason, files, diagnostics)
            else:
                result = JobResult(job, "failed", reason, diagnostics=diagnostics, error=error)
            report.results.append(result)
            done += 1
            if progress:
                progress(done, len(jobs), result)

        try:
            _execute(project, todo, options.jobs, finish, manifest)
        finally:
            manifest.save()  # whatever finished is kept, even on Ctrl-C
        if options.prune:
            planned = {job.name for job in jobs}
            report.removed = prune(manifest, planned | _protected(project, manifest, planned))
            manifest.save()
    by_job = {r.job.name: r.diagnostics for r in report.results}
    report.problems = Diagnostics(list(project.problems))
    for job in jobs:  # in plan order, as `check` lists them
        report.problems.extend(relax_overflow(by_job.get(job.name, []), options.allow_overflow))
    report.seconds = time.monotonic() - started
    return report


def publish_gallery(project: Project) -> Path:
    """Write output/index.html from what the manifest knows (this build's and earlier ones')."""
    manifest = Manifest.load(project.output_dir)
    return write_gallery(project.output_dir, gallery_entries(manifest), title=f"{project.brand.name} graphics")


def gallery_entries(manifest: Manifest) -> list[GalleryEntry]:
    """Every output the manifest knows (this build's and earlier ones'), for the review page."""
    entries = []
    for name, entry in manifest.entries.items():
        info = entry.info
        if "width" not in info:
            continue  # recorded by an older version: shown again after its next render
        alt_file = manifest.output_dir / alt_path(Path(name))
        alt = alt_file.read_text(encoding="utf-8").strip() if alt_file.is_file() else ""
        notes = tuple((ERROR_MARK if r.get("severity") == "error" else "") + str(Diagnostic.from_record(r))
                      for r in info.get("diagnostics", ()))
        entries.append(GalleryEntry(info["graphic"], info["lang"], info["size"], info["width"], info["height"],
                                    name, alt, bool(info.get("draft")), notes,
                                    info.get("page"), is_rtl(info["lang"])))
    return entries


def _execute(project: Project, todo, workers: int, finish, manifest: Manifest) -> None:
    if workers <= 1 or len(todo) <= 1:
        for job, key, parts, reason in todo:
            finish(job, key, parts, reason, _run(project, job))
            _save_now_and_then(manifest)
        return
    global _WORKER_PROJECT
    _WORKER_PROJECT = project  # inherited by forked workers: no second load
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context, initializer=_init_worker,
                             initargs=(str(project.root),)) as pool:
        pending = {pool.submit(_run_in_worker, item[0]): item for item in todo}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                job, key, parts, reason = pending.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker died (out of memory, killed)
                    outcome = (None, [], f"worker process failed: {exc}")
                finish(job, key, parts, reason, outcome)
            _save_now_and_then(manifest)


_last_save = [0.0]


def _save_now_and_then(manifest: Manifest) -> None:
    """Flush the manifest at most once a second, so a killed build loses little finished work."""
    now = time.monotonic()
    if now - _last_save[0] >= 1.0:
        manifest.save()
        _last_save[0] = now


def _remove_stray_temp_files(output_dir: Path) -> None:
    """A build killed mid-write leaves its temp file (never a half-written PNG); sweep them.
    Safe: we hold the lock, so no other build is writing."""
    for tmp in output_dir.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
