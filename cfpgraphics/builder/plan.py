"""Plan: one Job per graphic x language x size, each with a key over everything that changes
its pixels (so a later build can skip jobs whose key and file are unchanged)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

from ..content.diagnostics import CfpError, Diagnostic, LayoutLocation, SourceLocation
from ..content.messages import CELLS
from ..content.photos import parse_photo, resolve
from ..content.model import Project
from ..content.sizes import PRESETS, Size
from ..content.formats import DEFAULT_FORMATS, suffix
from ..render.versions import engine_versions, value_digest


@dataclass(frozen=True)
class Job:
    graphic: str
    lang: str
    size: Size
    template: str
    values: dict
    draft: bool
    source: str  # the content file, for messages
    page: int | None = None  # multi-page templates (carousel): 1-based page number
    formats: tuple[str, ...] = DEFAULT_FORMATS  # the files it writes (graphic.yaml `formats:`, or --format)

    @cached_property  # asked for several times per job by the build, the manifest and the report
    def name(self) -> str:
        """The job's identity in the manifest: its output path under output/,
        <lang>/<graphic>/<size>.png, or <size>-<page>.png for the pages of a multi-page template."""
        stem = self.size.name if self.page is None else f"{self.size.name}-{self.page}"
        return f"{self.lang}/{self.graphic}/{stem}.png"

    @cached_property
    def output(self) -> Path:
        """Output path relative to output/ (see `name`)."""
        return Path(self.name)

    @cached_property
    def outputs(self) -> dict[str, Path]:
        """The file of each of its formats relative to output/, beside one another:
        {"png": es/x/story.png, "jpeg": es/x/story.jpg}. The job keeps its name (the PNG's
        path) whichever formats it writes, so its record and its problems are found by one name."""
        return {f: self.output.with_suffix(suffix(f)) for f in self.formats}

    def failure(self, exc: CfpError) -> Diagnostic:
        """This job could not be laid out, drawn or finished (a bad photo, a missing field, a
        worker past its deadline), as a diagnostic at its content file and output."""
        d = exc.diagnostic
        where = LayoutLocation(self.graphic, self.lang, self.size.name, "(graphic)", self.page)
        return Diagnostic(d.message, d.location or SourceLocation(self.source), d.fix, d.severity, d.code, where)


class OutputKeys:
    """The one place that says what affects an output's pixels: a hash per input part of a
    job (versions, template, brand, fonts, values, size). File contents come from the asset
    store's digests (the same files it draws). The parts a template shares with all its outputs
    are hashed once per build. Kept apart so `build --explain` can say which part changed; no
    absolute paths go in, so a clone in another folder has the same keys."""

    def __init__(self, project: Project):
        self.project = project
        self.versions = value_digest(engine_versions())
        self._shared: dict[str, dict[str, str]] = {}  # template -> its template, brand, fonts parts
        # The values and size parts, shared by the several jobs of one translation (its sizes,
        # its pages): each hashed once. Values are keyed by the dict's id, which is kept alive
        # beside its digest so the id cannot be reused by another dict meanwhile.
        self._values: dict[tuple, tuple[dict, str]] = {}
        self._sizes: dict[Size, str] = {}
        self._files: dict[Path, str] = {}  # each input file's digest, as this build first saw it

    def _template_parts(self, name: str) -> dict[str, str]:
        if name not in self._shared:
            project, template = self.project, self.project.templates[name]
            brand, digest = project.brand, self._file_digest
            roles = {role for e in template.elements for role in project.kinds[e.kind].roles(e)}
            stacks = {brand.type_roles[role].stack for role in roles if role in brand.type_roles}
            fonts = sorted({digest(face.path) for stack in stacks for face in project.fonts.stack(stack).faces})
            logos = {variant: digest(path) for variant, path in sorted(brand.logos.items())}
            self._shared[name] = {
                "template": value_digest([repr(template.elements), repr(template.shapes), repr(template.fields),
                                          repr(template.pages), template.background, template.photo]),
                "brand": value_digest([brand.name, brand.palette, repr(brand.type_roles), repr(brand.backgrounds),
                                       brand.logo_colors, logos, brand.keep_together, repr(brand.destination),
                                       brand.draft_band, brand.phrases]),
                "fonts": value_digest(fonts),
                # the lossy formats' settings (brand.yaml `formats:`): a new quality re-encodes
                "encoding": value_digest(brand.encoding),
            }
        return self._shared[name]

    def parts(self, job: Job) -> dict[str, str]:
        template = self.project.templates[job.template]
        return {
            "versions": self.versions,
            **self._template_parts(job.template),
            "values": self._values_part(job, template),
            "size": self._sizes.get(job.size) or self._sizes.setdefault(job.size, value_digest(asdict(job.size))),
            # one message in every language: every content file it reads (content/messages.py)
            **({"sources": value_digest([(c["file"], self._digest(c["file"])) for c in job.values[CELLS]])}
               if CELLS in job.values else {}),
        }

    def _values_part(self, job: Job, template) -> str:
        key = (id(job.values), job.lang, job.page, job.draft, job.template)
        known = self._values.get(key)
        if known is None or known[0] is not job.values:
            # a draft carries the draft band: `status:` changes its pixels
            known = self._values[key] = (job.values, value_digest(
                [job.lang, job.values, job.page, job.draft, self._photo_digests(template, job.values)]))
        return known[1]

    def _file_digest(self, path: Path) -> str:
        """A file's digest, asked of the asset store once per build (fonts are shared by every
        template: 40 faces asked for by each)."""
        digest = self._files.get(path)
        if digest is None:
            digest = self._files[path] = self.project.assets.digest(path)
        return digest

    def _photo_digests(self, template, values: dict) -> list[str]:
        """The contents of the photo a graphic shows: replacing the image file re-renders it."""
        if not template.photo or not values.get(template.photo):
            return []
        try:
            return [self._file_digest(resolve(self.project.root, parse_photo(values[template.photo]).file))]
        except (CfpError, OSError):  # a missing or bad photo fails the job itself, with its message
            return ["unreadable"]

    def _digest(self, file: str) -> str:
        try:
            return self._file_digest(self.project.root / file)
        except OSError:
            return "unreadable"


def key_parts(project: Project, job: Job) -> dict[str, str]:
    """One job's key parts (see OutputKeys; a build makes one OutputKeys for all its jobs)."""
    return OutputKeys(project).parts(job)


def job_key(parts: dict[str, str]) -> str:
    return value_digest(parts)


def plan_jobs(project: Project, graphics=None, langs=None, sizes=None, only_reviewed: bool = False,
              formats: tuple[str, ...] | None = None) -> list[Job]:
    """Every output to build; `formats` (build --format) replaces each graphic's own list."""
    jobs = []
    for graphic in project.graphics.values():
        if graphics and graphic.name not in graphics:
            continue
        for lang, translation in sorted(graphic.translations.items()):
            if langs and lang not in langs:
                continue
            if only_reviewed and translation.status == "draft":
                continue
            values, draft = _with_cells(translation.values, translation.status == "draft", only_reviewed)
            for size_name in graphic.sizes:
                if sizes and size_name not in sizes:
                    continue
                template = project.templates[graphic.template]
                # a multi-page template's pages for this size; just one (a link card's cover,
                # X's summary) is written as <size>.png, like a single-page graphic
                count = template.page_count(translation.values, PRESETS[size_name])
                pages = [None] if not template.multi_page or count == 1 else range(1, count + 1)
                for page in pages:
                    jobs.append(Job(graphic.name, lang, PRESETS[size_name], graphic.template,
                                    values, draft, translation.file, page, formats or graphic.formats))
    return jobs


def _with_cells(values: dict, draft: bool, only_reviewed: bool) -> tuple[dict, bool]:
    """One message in every language (content/messages.py): with --only-reviewed, the draft languages are
    left out of it; an image showing any draft translation is a draft (it carries the band)."""
    if CELLS not in values:
        return values, draft
    cells = values[CELLS]
    if only_reviewed:
        cells = [c for c in cells if c.get("status") != "draft"]
        values = {**values, CELLS: cells}
    return values, draft or any(c.get("status") == "draft" for c in cells)
