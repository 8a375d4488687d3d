"""Run a build: decide what is stale, render it (in worker processes), record it, prune.

Every output is written to a temporary name and renamed into place; the manifest records a job
only after its files exist; a lock keeps two builds out of one output folder. A failing job is
reported and the others still complete.
"""
from __future__ import annotations

import errno
import itertools
import multiprocessing
import os
import signal
import threading
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures import process as futures_process
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..render.alttext import alt_text
from ..content.diagnostics import CfpError, Diagnostic, Diagnostics, SourceLocation, relax_overflow, relpath
from .gallery import (ERROR_MARK, INDEX_NAME, GalleryEntry, GalleryNote, clear_due, is_due, mark_due,
                      notes_digest, write_gallery)
from ..content.language_tags import is_rtl
from .lock import OutputUnwritable, build_lock
from .project import open_project
from ..content.assets import AssetStore
from ..content.names import misnamed_languages
from ..content.po_catalogs import PO_FOLDER
from ..content.project import foundation_problems
from ..content.brand import destination_warnings
from .manifest import Manifest, SaveFailed, prune, remove_files
from ..content.model import Project
from .output import write_bytes_atomic, write_output
from ..content.files import read_regular
from ..render.backends import RasterPNG, backend, encode_formats
from .plan import Job, OutputKeys, job_key
from .thumbs import THUMBS_DIR, is_thumb, is_thumb_name, thumb_name, write_thumb
from ..content.formats import FORMATS, format_of_path

if TYPE_CHECKING:
    from PIL import Image

    from ..render.compose import Scene

# compose (the layout engine, HarfBuzz, ICU's breaking) and draw (numpy, FreeType) are imported
# where a graphic is rendered: a build with nothing to render loads neither.


@dataclass
class BuildOptions:
    force: bool = False  # re-render everything
    jobs: int = 1  # worker processes
    prune: bool = True  # remove outputs whose graphic, language or size is gone
    lock_wait: float = 300.0  # seconds to wait for another build of the same output/
    allow_overflow: bool = False  # report text that cannot fit as a warning, not an error
    job_timeout: float = 120.0  # seconds a job may take in a worker before the worker is killed


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
    held: bool = False  # stopped before writing anything: sources missing, a broken brand or fonts file

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
            "rendered_outputs": [rel(f) for r in self.results if r.status == "rendered" for f in r.files
                                 if THUMBS_DIR not in f.parts],
            "removed_outputs": [rel(p) for p in self.removed],
        }


def render_scene(project: Project, template_name: str, values: dict, lang: str, size,
                 page: int | None = None) -> tuple[Image.Image, Scene]:
    """One graphic from values (no content file) as a Pillow image: the tests."""
    canvas, scene = render_canvas(project, template_name, values, lang, size, page)
    return canvas.to_image(), scene


def render_canvas(project: Project, template_name: str, values: dict, lang: str, size, page: int | None = None):
    """One graphic from values (no content file), drawn: (canvas.Canvas, Scene) for `render`."""
    # Imported when a graphic is laid out: a no-op build never loads the layout engine.
    from ..render.compose import compose
    template = project.templates[template_name]
    scene = compose(project.brand, project.fonts, project.assets, template, values, lang, size, page=page or 1, root=project.root)
    return RasterPNG.draw(scene, project.fonts.faces, project.assets), scene


def alt_path(png: Path) -> Path:
    """The alt-text sidecar of an output: instagram-square.png -> instagram-square.alt.txt; a
    clip's keeps its whole name (story.mp4 -> story.mp4.alt.txt), so it is not the still's."""
    if png.suffix == ".mp4" or png.name.endswith(".anim.webp"):
        return png.with_name(png.name + ".alt.txt")
    return png.with_suffix(".alt.txt")


def render_job(project: Project, job: Job) -> tuple[list[Path], list[Diagnostic]]:
    """Lay out, draw and write one job (its file in each of its formats, its alt text and its
    thumbnail for the review page): (files, diagnostics). The scene is drawn once for every
    still format; a clip job is render_clip_job's. The images are written even when text
    overflows, so the user can see them."""
    if job.clip:
        return render_clip_job(project, job)
    # Imported when a graphic is laid out: a no-op build never loads the layout engine.
    from ..render.job import compose_job
    scene = compose_job(project, job)
    encoded, canvas = encode_formats(scene, project.fonts.faces, project.assets, job.formats, project.brand.encoding)
    files = []
    for format, data in encoded.items():
        path = project.output_dir / job.outputs[format]
        write_output(path, data)
        files.append(path)
    alt = alt_path(project.output_dir / job.output)
    text = alt_text(project.templates[job.template], job.values, job.lang, job.page, job.size, project.brand)
    write_bytes_atomic(alt, (text + "\n").encode("utf-8"))
    files.append(alt)
    if canvas is not None:  # the thumbnail comes from the drawn pixels, whichever formats are written
        files.append(write_thumb(project.output_dir, job.name, canvas.to_image()))
    return files, scene.diagnostics


def render_clip_job(project: Project, job: Job) -> tuple[list[Path], list[Diagnostic]]:
    """A clip (issue #26): every page of the output laid out as for its stills, drawn frame by
    frame and encoded by the format's backend; beside it its alt text (every page's) and a
    thumbnail of its last frame (the still) for the review page."""
    # Imported when a clip is made: stills never load the frame drawer.
    from ..render.clip import job_scenes, scene_clips
    scenes = job_scenes(project, job)
    clips = scene_clips(project.templates[job.template], scenes, job.lang)
    drawers: list = []
    path = project.output_dir / job.output
    path.parent.mkdir(parents=True, exist_ok=True)
    data = backend(job.clip).encode(clips, project.fonts.faces, project.assets, drawer_out=drawers,
                                    scratch=str(path.parent))
    write_output(path, data)
    alt = alt_path(path)
    pages = [s.page if s.pages > 1 else None for s in scenes]
    text = " ".join(alt_text(project.templates[job.template], job.values, job.lang, page, job.size, project.brand)
                    for page in pages)
    write_bytes_atomic(alt, (text + "\n").encode("utf-8"))
    thumb = write_thumb(project.output_dir, job.name, drawers[0].poster_png())
    diagnostics = [d for scene in scenes for d in scene.diagnostics]
    return [path, alt, thumb], list({str(d): d for d in diagnostics}.values())


@dataclass
class _Worker:
    """What a worker process runs jobs with. Set once in each worker, by the pool's initializer
    (the one way a ProcessPoolExecutor hands state to the tasks it runs); never in the build's
    own process."""

    project: Project
    # The write end of a pipe the worker says "pid token" down when it starts a job, so the
    # build knows which process holds which job and since when (a job's deadline). One short
    # os.write to a pipe is atomic and takes no lock: a worker stopped at any moment never
    # holds something the others need. Non-blocking: a full pipe loses a line, never stalls.
    starts_fd: int | None


_WORKER: _Worker | None = None


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM stopped the build; `report` holds what finished (it is recorded)."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.report: "Report | None" = None

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM


class StorageError(OutputUnwritable):
    """output/ could not be written (disk full, read-only): the build stops early (exit 4)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.report: "Report | None" = None


_STORAGE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EFBIG, errno.EACCES, errno.EPERM}


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when the process that forked it dies."""
    try:
        # Only a worker needs libc's prctl.
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: workers still exit when their task pipe closes


def _init_worker(project: Project | None, project_root: str, parent: int, lock_fd: int,
                 starts_fd: int | None) -> None:
    """A worker's start. Forked, it is handed the build's loaded project (fork copies it, no
    second load) and the pipe it reports job starts on; spawned, it loads the project itself
    and reports nothing."""
    global _WORKER
    try:
        os.close(lock_fd)  # never keep the build lock alive (closing a copy never unlocks it)
    except OSError:
        pass  # spawned: the descriptor was never inherited
    _die_with_parent()
    if os.getppid() != parent:
        os._exit(1)  # the build died before we got here
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build decides; Ctrl-C reaches the whole group
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's handler, inherited by fork
    _WORKER = _Worker(project or open_project(Path(project_root), AssetStore()), starts_fd)


def _run_in_worker(job: Job, token: int | None = None) -> tuple[list[Path] | None, list[Diagnostic], str | None]:
    if _WORKER.starts_fd is not None and token is not None:
        try:
            os.write(_WORKER.starts_fd, f"{os.getpid()} {token}\n".encode())
        except OSError:
            pass
    return _run(_WORKER.project, job)


def _run(project: Project, job: Job) -> tuple[list[Path] | None, list[Diagnostic], str | None]:
    """Never raises: a job's failure is data, so the other jobs go on."""
    try:
        out = project.output_dir.resolve()
        if not (project.output_dir / job.output).parent.resolve().is_relative_to(out):
            return None, [], f"{job.output.parent} inside output/ is a link to a folder outside it; not written"
        thumbs = (project.output_dir / thumb_name(job.name)).parent
        if not thumbs.resolve().is_relative_to(out):
            return None, [], f"{thumbs.relative_to(project.output_dir)} inside output/ is a link to a folder outside it; not written"
        files, diagnostics = render_job(project, job)
        return files, diagnostics, None
    except CfpError as exc:
        return None, [job.failure(exc)], str(exc)
    except OSError as exc:
        if exc.errno in _STORAGE_ERRNOS:
            return None, [], f"cannot write {job.output}: {exc.strerror}"
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return None, [], f"internal error: {type(exc).__name__}: {exc} (at {Path(frame.filename).name}:{frame.lineno})"
    except Exception as exc:  # a bug, or a broken image/font: report it with where it happened
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return None, [], f"internal error: {type(exc).__name__}: {exc} (at {Path(frame.filename).name}:{frame.lineno})"


def _storage_failure(error: str | None) -> bool:
    return bool(error) and error.startswith("cannot write ")


def _protected(project: Project, manifest: Manifest, planned: set[str]) -> set[str]:
    """Outputs not to prune although not planned. Only outputs whose source is known to be
    gone are pruned: the graphic folder or the language's file removed, or the size (or page)
    no longer in a graphic that loaded. A typo in one translation, a broken graphic.yaml or
    template, an unreadable en.yaml its translations depend on, or a file misnamed `es (1).yaml`
    must not delete yesterday's graphics."""
    keep = set()
    content = project.root / "content"
    for name, entry in manifest.entries.items():
        if name in planned:
            continue
        graphic, lang = entry.info.get("graphic"), entry.info.get("lang")
        if not isinstance(graphic, str) or not isinstance(lang, str) or "/" in graphic or "/" in lang:
            continue  # an entry from an older version: its output is not tied to a source
        folder = content / graphic
        loaded = project.graphics.get(graphic)
        if not os.path.lexists(folder):
            continue  # the graphic was removed
        if loaded is None:
            keep.add(name)  # graphic.yaml or its template has errors: keep everything
            continue
        if loaded.each is not None and loaded.members is None:
            keep.add(name)  # its list of members could not be read (reported): keep every card
            continue
        if lang in loaded.translations:
            continue  # loaded fine: the size, page or member is gone
        if os.path.lexists(folder / f"{lang}.yaml") or lang in misnamed_languages(folder) \
                or os.path.lexists(project.root / PO_FOLDER / f"{lang}.po"):  # a refused PO entry too
            keep.add(name)
    return keep


class _Signals:
    """While a build runs in the main thread, SIGTERM (and SIGINT) raise `Interrupted`, so
    the build stops starting jobs, records what finished and exits 143 (130)."""

    def __enter__(self):
        self.saved = {}
        if threading.current_thread() is not threading.main_thread():
            return self
        for signum in (signal.SIGINT, signal.SIGTERM):
            current = signal.getsignal(signum)
            if signum == signal.SIGINT and current is not signal.default_int_handler:
                continue  # someone chose to ignore or handle Ctrl-C: leave it
            self.saved[signum] = current
            signal.signal(signum, self._raise)
        return self

    @staticmethod
    def _raise(signum, frame):
        raise Interrupted(signum)

    def __exit__(self, *exc):
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)
        return False


def _missing_sources(project: Project) -> list[Diagnostic]:
    """A build that cannot see its sources must not conclude that everything was deleted:
    a missing, empty or unreadable content/, templates/ or brand/ stops it before it writes
    or removes anything (a failed checkout, a wrong working folder, a lost mount)."""
    problems = []
    checks = (("content", "graphic folders", lambda p: p.is_dir()),
              ("templates", "templates (*.yaml)", lambda p: p.suffix == ".yaml"),
              ("brand", "brand.yaml", lambda p: p.name == "brand.yaml"))
    for folder, what, wanted in checks:
        path = project.root / folder
        try:
            found = any(wanted(child) for child in path.iterdir())
            reason = None if found else f"has no {what}"
        except FileNotFoundError:
            reason = "is missing"
        except NotADirectoryError:
            reason = "is not a folder"
        except OSError as exc:
            reason = f"cannot be read ({exc.strerror})"
        if reason:
            problems.append(Diagnostic(f"{folder}/ {reason}: nothing was built and nothing was removed",
                                       SourceLocation(f"{folder}/"), code="missing-folder",
                                       fix="run from the project folder (or pass --project), and check that "
                                           "the checkout or mount is complete"))
    if not problems and project.brand is None:
        problems.append(Diagnostic("brand/brand.yaml could not be loaded: nothing was built and nothing was removed",
                                   SourceLocation("brand/brand.yaml"), code="missing-folder",
                                   fix="fix the problems reported for brand/brand.yaml"))
    return problems


def build(project: Project, jobs: list[Job], options: BuildOptions | None = None,
          progress: Callable[[int, int, JobResult], None] | None = None,
          on_wait: Callable[[str], None] | None = None) -> Report:
    options = options or BuildOptions()
    report = Report()
    started = time.monotonic()
    missing = _missing_sources(project)
    if missing:
        report.problems = Diagnostics([*project.problems, *missing])
        report.held = True
        report.seconds = time.monotonic() - started
        return report
    held = foundation_problems(project)
    if held:  # a broken brand or fonts file: every image would be drawn with the mistake
        # Imported only here: `check` lays out, and a no-op build never loads the layout engine.
        from .check import job_diagnostics
        report.problems = Diagnostics([*project.problems, *destination_warnings(project.brand), *held])
        for job in jobs:  # laid out, never drawn: the list `check` reports
            report.problems.extend(relax_overflow(job_diagnostics(project, job), options.allow_overflow))
        report.held = True
        report.seconds = time.monotonic() - started
        return report

    def taken_over(holder: str) -> None:
        report.problems.add(f"the build lock named build {holder}, which is no longer running; took it over",
                            SourceLocation(relpath(project.output_dir, project.root)), severity="warning",
                            code="lock-taken-over")

    with _Signals(), build_lock(project.output_dir, options.lock_wait, on_wait, taken_over) as lock_fd:
        try:
            _remove_stray_temp_files(project.output_dir)
            manifest = Manifest.load(project.output_dir)
        except OSError as exc:
            raise StorageError(f"cannot read {relpath(project.output_dir, project.root)}: {exc.strerror}") from None
        if manifest.problem:
            report.problems.add(manifest.problem, SourceLocation(relpath(manifest.path, project.root)),
                                severity="warning", code="manifest-rebuilt")
        todo: list[tuple[Job, str, dict, str]] = []
        done = 0
        project.assets.remember_digests(manifest.inputs)
        keys = OutputKeys(project)
        thumbs_due: list[Job] = []  # image unchanged, thumbnail missing (an older output/) or changed
        for job in jobs:
            parts = keys.parts(job)
            key = job_key(parts)
            thumb = thumb_name(job.name)
            reason = "--force" if options.force else manifest.stale_reason(job.name, key, parts, skip={thumb})
            if reason is None:
                reason = _new_format(manifest, job)
            if reason is None and not manifest.file_ok(job.name, thumb):
                thumbs_due.append(job)
            if reason is None:
                report.removed.extend(_drop_formats(manifest, job))
                recorded = manifest.entries[job.name].info.get("diagnostics", [])
                report.results.append(JobResult(job, "skipped", diagnostics=[
                    Diagnostic.from_record(r) for r in recorded]))
                done += 1
                if progress:
                    progress(done, len(jobs), report.results[-1])
            else:
                todo.append((job, key, parts, reason))
        manifest.set_inputs(project.assets.digest_records())

        def finish(job, key, parts, reason, outcome):
            nonlocal done
            files, diagnostics, error = outcome
            if error is None:
                mark_due(project.output_dir)  # the page is out of date from the first output recorded
                before = manifest.entries.get(job.name)
                try:
                    manifest.record(job.name, key, parts, files, {
                        "graphic": job.graphic, "lang": job.lang, "size": job.size.name, "draft": job.draft,
                        "diagnostics": [d.to_record() for d in diagnostics], "template": job.template,
                        "page": job.page, "width": job.size.width, "height": job.size.height,
                        "formats": list(job.formats), **({"member": job.member} if job.member else {})})
                except OSError as exc:  # its file vanished or cannot be read back: not recorded
                    error = f"cannot read back {job.output}: {exc.strerror}"
                else:  # a format no longer asked for: its file goes (the others were just written)
                    gone = set(before.files) - set(manifest.entries[job.name].files) if before else ()
                    report.removed.extend(remove_files(manifest.output_dir, sorted(gone)))
            if error is None:
                result = JobResult(job, "rendered", reason, files, diagnostics)
            else:
                result = JobResult(job, "failed", reason, diagnostics=diagnostics, error=error)
            report.results.append(result)
            done += 1
            if progress:
                progress(done, len(jobs), result)

        try:
            try:
                _execute(project, todo, options.jobs, finish, manifest, options.job_timeout, lock_fd)
                _make_thumbs(project, manifest, thumbs_due)
            finally:
                manifest.save()  # whatever finished is kept, even on Ctrl-C
            if options.prune:
                planned = {job.name for job in jobs}
                keep = planned | _protected(project, manifest, planned)
                if set(manifest.entries) - keep:
                    mark_due(project.output_dir)
                # Thumbnails go with their images; the report counts outputs, as a user sees them.
                report.removed += [p for p in prune(manifest, keep) if not is_thumb(p, project.output_dir)]
                manifest.save()
        except (Interrupted, StorageError) as exc:
            _collect_problems(report, project, jobs, options)
            exc.report = report
            report.seconds = time.monotonic() - started
            raise
        except SaveFailed as exc:
            error = StorageError(f"cannot save the build record {relpath(manifest.path, project.root)}: "
                                 f"{exc.strerror}", code="output-unwritable",
                                 fix="free disk space or make output/ writable; the images written so far are "
                                     "kept, and the next build goes on from the last record saved")
            error.report = report
            report.seconds = time.monotonic() - started
            raise error from None
        except OSError as exc:
            error = StorageError(f"cannot write to {relpath(project.output_dir, project.root)}: {exc.strerror}",
                                 code="output-unwritable", fix="free disk space or make output/ writable")
            error.report = report
            raise error from None
        except Exception as exc:  # a bug: the caller still reports what was done
            exc.report = report
            raise
    _collect_problems(report, project, jobs, options)
    report.seconds = time.monotonic() - started
    return report


def _new_format(manifest: Manifest, job: Job) -> str | None:
    """Why an output whose key is unchanged must still be drawn: a format it is now asked for
    that its record has no file of (graphic.yaml `formats:` or --format gained one)."""
    files = manifest.entries[job.name].files
    for rel in (path.as_posix() for path in job.outputs.values()):
        if rel not in files:
            return f"{rel} is a new format"
    return None


def _drop_formats(manifest: Manifest, job: Job) -> list[Path]:
    """The files of an unchanged output in formats it is no longer asked for: removed, and
    forgotten by its record (the files it keeps are checked and kept as they are)."""
    entry = manifest.entries[job.name]
    wanted = {path.as_posix() for path in job.outputs.values()}
    gone = [rel for rel in entry.files if format_of_path(Path(rel)) and not is_thumb_name(rel) and rel not in wanted]
    if not gone:
        return []
    manifest.drop_files(job.name, gone)
    mark_due(manifest.output_dir)  # the page links the formats there are
    return remove_files(manifest.output_dir, gone)


def _image_file(job: Job, entry) -> str | None:
    """The recorded image a thumbnail is made from without drawing: the PNG (exact), else a
    WebP (lossless when flat), else a JPEG."""
    for format in ("png", "webp", "jpeg"):
        rel = job.outputs.get(format)
        if rel is not None and rel.as_posix() in entry.files:
            return rel.as_posix()
    return None


def _make_thumbs(project: Project, manifest: Manifest, jobs: list[Job]) -> None:
    """The thumbnails of unchanged images that have none (made from the PNG on disk, not
    rendered again), each recorded with its output's other files. A full disk stops the build
    (exit 4) as for an image; an image that cannot be read keeps no thumbnail (the page shows
    the full image) and is rendered again next time it changes."""
    output = project.output_dir
    for job in jobs:
        entry = manifest.entries.get(job.name)
        if entry is None:
            continue
        image = _image_file(job, entry)
        if image is None:
            continue
        try:
            thumb = write_thumb(output, job.name, output / image)
            mark_due(output)  # the page shows the thumbnail from now on
            files = [output / rel for rel in entry.files if rel != thumb_name(job.name)] + [thumb]
            manifest.record(job.name, entry.key, entry.parts, files, entry.info)
        except OSError as exc:
            if exc.errno in _STORAGE_ERRNOS:
                raise _storage_error(job, f"cannot write {thumb_name(job.name)}: {exc.strerror}") from None
        except Exception:  # a damaged image: no thumbnail, and the build goes on
            continue
        _save_now_and_then(manifest)


def _collect_problems(report: Report, project: Project, jobs: list[Job], options: BuildOptions) -> None:
    """The report's problems: loading's, then each output's in plan order, as `check` lists them
    (outputs not re-rendered this time report what they reported when they were)."""
    by_job = {r.job.name: r.diagnostics for r in report.results}
    first = list(project.problems) + destination_warnings(project.brand)  # as `check` lists them
    report.problems = Diagnostics(first + [p for p in report.problems if p not in first])
    for job in jobs:
        report.problems.extend(relax_overflow(by_job.get(job.name, []), options.allow_overflow))


# (graphic, lang) -> (status, note): `missing`, `stale`, `draft` or `done`, from the translation
# table (exchange.translations.coverage, which the builder layer cannot import: the caller
# passes it, as `cfpgraphics build` and `watch` do).
Statuses = dict[tuple[str, str], tuple[str, str]]


def publish_gallery(project: Project, report: Report | None = None,
                    statuses: Callable[[Project], Statuses] | None = None) -> Path:
    """Write output/index.html from what the manifest knows (this build's and earlier ones'),
    with a note card for each missing translation and each content file whose problems kept it
    from being drawn. After a build that changed nothing (every output unchanged, none removed,
    the same notes), the page there is already this one, unless a build was killed before its
    page was written (`is_due`): it is not read back and rebuilt from thousands of alt-text
    files. The page is one of the build's files: a page that cannot be written stops the build
    as an image would (exit 4)."""
    output = project.output_dir
    path = output / INDEX_NAME
    if report is not None and report.held:
        return path  # the build wrote nothing: neither is the page
    try:
        table = statuses(project) if statuses is not None else {}
    except Exception:  # the status filter is a convenience: the images' page is written without it
        table = {}
    notes = gallery_notes(project, table, report)
    if report is not None and not report.removed and path.is_file() and not is_due(output) and \
            all(result.status == "skipped" for result in report.results) and _shows_notes(path, notes):
        return path
    where = relpath(path, project.root)
    if path.is_dir() and not path.is_symlink():
        raise StorageError(f"{where} is a folder, not a file: the review page cannot be written",
                           code="output-unwritable",
                           fix="move that folder out of output/; the build writes its review page there")
    try:
        manifest = Manifest.load(output)
        entries = gallery_entries(manifest, {pair for pair, (status, _) in table.items() if status == "stale"})
        entries, notes = _place_notes(entries, notes)
        write_gallery(output, entries, title=f"{project.brand.name} graphics", notes=notes)
        clear_due(output)
    except OSError as exc:
        raise StorageError(f"cannot write {where}: {exc.strerror or exc}", code="output-unwritable",
                           fix="free disk space or make output/ writable; the images are written and "
                               "recorded, and the next build writes the page") from None
    return path


def _place_notes(entries: list[GalleryEntry], notes: list[GalleryNote]) -> tuple[list, list]:
    """A file's warnings go on its images (they were drawn with them); a file with errors was
    not drawn this time and keeps its note card (with yesterday's images, if any, beside it);
    a missing translation's card goes once its images exist."""
    shown = {(e.graphic, e.lang) for e in entries}
    warned = {(n.graphic, n.lang): n.problems for n in notes if n.problems and (n.graphic, n.lang) in shown
              and not any(p.startswith(ERROR_MARK) for p in n.problems)}
    entries = [replace(e, warnings=warned[(e.graphic, e.lang)] + e.warnings) if (e.graphic, e.lang) in warned
               else e for e in entries]
    notes = [n for n in notes if (n.graphic, n.lang) not in shown
             or (n.problems and (n.graphic, n.lang) not in warned)]
    return entries, notes


def _shows_notes(page: Path, notes: list[GalleryNote]) -> bool:
    """Does the page there carry these notes (their digest is in its head)?"""
    try:
        head = read_regular(page, 1 << 24)[:2048].decode("utf-8", "replace")
    except (OSError, ValueError):
        return False
    return f'content="{notes_digest(notes)}"' in head


def gallery_notes(project: Project, statuses: Statuses, report: Report | None = None) -> list[GalleryNote]:
    """Note cards: every translation that is missing, every loading problem (a YAML mistake
    in a content file: nothing of it is drawn this time) at the card of its graphic and language
    (its graphic's own card for graphic.yaml; a project card for brand and template files), and
    every output this build could not draw (a photo that cannot be read), with its problem."""
    problems: dict[tuple[str, str], list[str]] = {}
    failed: dict[tuple[str, str], set[str]] = {}
    for result in (report.results if report is not None else ()):
        if result.status == "failed":
            lines = [str(d) for d in result.diagnostics if d.severity == "error"] or \
                    [f"{result.job.source}: {result.job.name}: {result.error}"]
            failed.setdefault((result.job.graphic, result.job.lang), set()).update(ERROR_MARK + line for line in lines)
    for pair, lines in failed.items():
        problems[pair] = sorted(lines)  # workers finish in any order; the page must not change with it
    for problem in project.problems:
        graphic, lang = "", ""
        parts = Path(problem.location.file).parts if problem.location else ()
        if len(parts) == 3 and parts[0] == "content" and parts[2].endswith(".yaml"):
            graphic, lang = parts[1], parts[2][:-5]
            if lang == "graphic":
                lang = ""
        elif len(parts) == 2 and parts[0] == PO_FOLDER and parts[1].endswith(".po"):
            lang = parts[1][:-3]
        text = (ERROR_MARK if problem.severity == "error" else "") + str(problem)
        problems.setdefault((graphic, lang), []).append(text)
    notes = []
    pairs = set(problems) | {pair for pair, (status, _) in statuses.items() if status == "missing"}
    for graphic, lang in pairs:
        loaded = project.graphics.get(graphic)
        translation = loaded.translations.get(lang) if loaded is not None else None
        known = ("" if not (graphic and lang) else "missing" if translation is None
                 else "draft" if translation.status == "draft" else "done")
        status, note = statuses.get((graphic, lang), (known, ""))
        status = "reviewed" if status == "done" else status
        notes.append(GalleryNote(graphic, lang, status, note, tuple(problems.get((graphic, lang), ())),
                                 bool(lang) and is_rtl(lang)))
    return notes


def gallery_entries(manifest: Manifest, stale: set[tuple[str, str]] = frozenset()) -> list[GalleryEntry]:
    """Every output the manifest knows (this build's and earlier ones'), for the review page."""
    entries = []
    for name, entry in manifest.entries.items():
        info = entry.info
        if "width" not in info:
            continue  # recorded by an older version: shown again after its next render
        alt_file = manifest.output_dir / alt_path(Path(name))
        alt = _read_alt(alt_file)
        notes = tuple((ERROR_MARK if r.get("severity") == "error" else "") + str(Diagnostic.from_record(r))
                      for r in info.get("diagnostics", ()))
        thumb = thumb_name(name)
        images = _image_files(entry.files)
        entries.append(GalleryEntry(info["graphic"], info["lang"], info["size"], info["width"], info["height"],
                                    images[0] if images else name, alt, bool(info.get("draft")), notes,
                                    info.get("page"), is_rtl(info["lang"]),
                                    thumb if thumb in entry.files else None,
                                    (info["graphic"], info["lang"]) in stale, tuple(images), info.get("member")))
    return entries


def _image_files(files) -> list[str]:
    """An output's image files (relative to output/), one per format, in FORMATS' order (PNG first)."""
    order = list(FORMATS)
    images = [rel for rel in files if not is_thumb_name(rel) and format_of_path(Path(rel))]
    return sorted(images, key=lambda rel: (order.index(format_of_path(Path(rel))), rel))


MAX_ALT_BYTES = 1 << 20  # an alt text is a few hundred bytes


def _read_alt(path: Path) -> str:
    """An output's alt text for the gallery; "" when it is missing, damaged or no regular file
    (a FIFO in its place is never waited on)."""
    try:
        return read_regular(path, MAX_ALT_BYTES).decode("utf-8").strip()
    except (OSError, ValueError):
        return ""


def _storage_error(job: Job, error: str) -> StorageError:
    return StorageError(error, code="output-unwritable",
                        fix="free disk space or make output/ writable; what finished is kept and the next "
                            "build goes on from there")


def _execute(project: Project, todo, workers: int, finish, manifest: Manifest, timeout: float,
             lock_fd: int) -> None:
    """Run the jobs; `finish` records each one. Jobs are handed out a few at a time, so an
    interrupt (or a full disk) starts no new job; on any exception the jobs that already
    finished are recorded and the workers are stopped at once (they write by atomic rename,
    so a killed worker leaves no half file). A job still running `timeout` seconds after its
    worker took it (a stopped worker, a hung read) has its worker killed and fails; the jobs
    its death took with it in the other workers are handed out again."""
    if workers <= 1 or len(todo) <= 1:
        for item in todo:
            outcome = _run(project, item[0])
            finish(*item, outcome)
            if _storage_failure(outcome[2]):
                raise _storage_error(item[0], outcome[2])
            _save_now_and_then(manifest)
        return
    forked = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forked else "spawn")
    count = min(workers, len(todo))
    starts = _Starts()
    # Forked workers get the loaded project and the pipe as they are (fork copies, nothing is
    # pickled); spawned ones load the project and report no starts.
    handed = (project, starts.write_fd) if forked else (None, None)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(count, mp_context=context, initializer=_init_worker,
                                   initargs=(handed[0], str(project.root), os.getpid(), lock_fd, handed[1]))

    pool = new_pool()
    queue = iter(enumerate(todo))
    pending: dict = {}  # future -> (token, item)
    window = 2 * count  # enough to keep every worker busy; little to throw away on Ctrl-C
    broken = False
    overdue: set[int] = set()  # tokens whose worker this build killed for taking too long
    last_news = time.monotonic()  # when a job last started or finished
    try:
        while True:
            if broken and not pending:  # a worker died (out of memory, killed): go on with fresh ones
                _stop(pool)
                pool, broken = new_pool(), False
                overdue.clear()
            while len(pending) < window and not broken:
                entry = next(queue, None)
                if entry is None:
                    break
                try:
                    pending[pool.submit(_run_in_worker, entry[1][0], entry[0])] = entry
                except BrokenProcessPool:  # a worker died since we last looked: this job never started
                    broken = True
                    queue = itertools.chain([entry], queue)
            if not pending:
                if broken:
                    continue  # nothing in flight: start fresh workers and hand the job out again
                break
            finished, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if starts.read() or finished:
                last_news = time.monotonic()
            storage = None
            for future in finished:
                token, item = pending.pop(future)
                starts.done(token)
                try:
                    outcome = future.result()
                except BrokenProcessPool as exc:  # a worker died: this job (or its neighbour) is lost
                    broken = True
                    if overdue and token not in overdue:  # killed for another job's sake: run it again
                        queue = itertools.chain([(token, item)], queue)
                        continue
                    outcome = _timed_out(item[0], allowed(item[0], timeout)) if token in overdue else (
                        None, [], f"worker process failed: {exc}")
                except Exception as exc:
                    outcome = (None, [], f"worker process failed: {exc}")
                finish(*item, outcome)
                if _storage_failure(outcome[2]):
                    storage = storage or _storage_error(item[0], outcome[2])
            if storage:
                raise storage
            limits = {token: allowed(item[0], timeout) for token, item in pending.values()}
            overdue |= starts.kill_overdue(limits)
            if pending and not broken and time.monotonic() - last_news > max(limits.values()):
                # No job started or finished for that long: a worker stopped while it held the
                # pool's task queue stalls the others before they can say anything. All go.
                _kill_workers(pool)
                overdue |= set(limits)
                last_news = time.monotonic()
            _save_now_and_then(manifest)
    except BaseException:
        for future, (_, item) in list(pending.items()):  # finished while we were interrupted
            if future.done() and not future.cancelled() and future.exception() is None:
                outcome = future.result()
                if outcome[2] is None:
                    finish(*item, outcome)
        _stop(pool)
        _remove_stray_temp_files(project.output_dir)  # a killed worker's half-written temp file
        raise
    finally:
        starts.close()
    _close_pool(pool, grace=min(timeout, 10.0))


def _close_pool(pool: ProcessPoolExecutor, grace: float) -> None:
    """Every job is done: let the workers exit, and kill any that has not within `grace`
    seconds (a stopped idle worker never reads the pool's "exit" message)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False)
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(2)
        except (OSError, ValueError, AssertionError):
            pass


class _Starts:
    """The build's end of the pipe workers report job starts on: which process runs which
    job (by token), and since when."""

    def __init__(self):
        self.read_fd, self.write_fd = os.pipe()
        for fd in (self.read_fd, self.write_fd):
            os.set_blocking(fd, False)
        self.running: dict[int, tuple[int, float]] = {}  # token -> (pid, time.monotonic() it started)
        self._tail = b""

    def read(self) -> int:
        """Take in the starts reported since the last call; returns how many."""
        count = 0
        while True:
            try:
                data = os.read(self.read_fd, 1 << 16)
            except BlockingIOError:
                return count
            if not data:
                return count
            lines = (self._tail + data).split(b"\n")
            self._tail = lines.pop()
            now = time.monotonic()
            for line in lines:
                pid, token = (int(v) for v in line.split())
                self.running[token] = (pid, now)
                count += 1

    def done(self, token: int) -> None:
        self.running.pop(token, None)

    def kill_overdue(self, limits: dict[int, float]) -> set[int]:
        """SIGKILL the worker of every pending job (token: seconds it is allowed) started longer
        ago than it is allowed (SIGKILL reaches a stopped process too); returns their tokens."""
        now, killed = time.monotonic(), set()
        for token, (pid, since) in list(self.running.items()):
            if token in limits and now - since > limits[token]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
                killed.add(token)
                del self.running[token]
        return killed

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass


def allowed(job: Job, timeout: float) -> float:
    """Seconds a job may run in a worker: --job-timeout for a still, and for each scene of a
    clip (a carousel's story clip plays six pages, each a story's worth of frames)."""
    return timeout * job.scenes


def _timed_out(job: Job, timeout: float) -> tuple[None, list[Diagnostic], str]:
    """A job whose worker was killed for running past --job-timeout, as a failure naming it."""
    message = f"took longer than {timeout:g} s to render; its worker process was stopped"
    fix = "render it alone (cfpgraphics build --graphic ... --jobs 1) to see where it stalls, or raise --job-timeout"
    return None, [job.failure(CfpError(message, fix=fix, code="job-timeout"))], message


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """SIGKILL every worker (a stopped one too); the pool then reports itself broken."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop now: cancel what has not started, kill what runs."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        try:
            process.join(2)
        except (OSError, ValueError, AssertionError):
            pass
    # Let the pool's manager thread see its workers gone and close its wake-up pipe now: left
    # running, it races Python's exit hook, which wakes it through that pipe as it closes it
    # ("Bad file descriptor" printed after Ctrl-C; CPython 3.11's concurrent.futures).
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(1.0)
        # On a loaded machine it can outlive that second: then take it off the exit hook's list
        # (the hook would write to the pipe the thread is closing). It still ends by itself, as
        # its workers are dead, and the interpreter joins it at exit.
        getattr(futures_process, "_threads_wakeups", {}).pop(manager, None)


def _save_now_and_then(manifest: Manifest) -> None:
    """Append to the manifest's journal at most once a second, so a killed build loses little
    finished work (the whole record is written once, at the end)."""
    manifest.flush(every=1.0)


def _remove_stray_temp_files(output_dir: Path) -> None:
    """A build killed mid-write leaves its temp file (never a half-written PNG); sweep them.
    Safe: we hold the lock, so no other build is writing. Links are not followed."""
    for folder, _, names in os.walk(output_dir, onerror=lambda exc: None):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
