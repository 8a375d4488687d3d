"""Plan: one Job per graphic x language x size, each with a key over everything that changes
its pixels (so a later build can skip jobs whose key and file are unchanged)."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from pathlib import Path

from ..content.diagnostics import CfpError, Diagnostic, LayoutLocation, SourceLocation
from ..content.messages import CELLS, with_count
from ..content.members import card_values
from ..content.photos import parse_photo, resolve
from ..content.model import Project
from ..content.sizes import ALL_SIZES, PRINT_PRESETS, Size
from ..content.formats import DEFAULT_FORMATS, clip_size, is_clip, is_still, suffix
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
    # the files it writes (graphic.yaml `formats:`, or --format): still formats (png, jpeg, webp),
    # all from one drawing; or one clip format (mp4, webp-anim), one file for all its pages
    formats: tuple[str, ...] = DEFAULT_FORMATS
    scenes: int = 1  # a clip: how many pages it plays, one scene each (its time limit grows with them)
    member: str | None = None  # a graphic made for each member (graphic.yaml `each:`): the member's slug

    @property
    def where(self) -> str:
        """The graphic as output paths and layout messages name it: `member/raices` for a
        member's card, else the graphic's name."""
        return self.graphic if self.member is None else f"{self.graphic}/{self.member}"

    @property
    def clip(self) -> str | None:
        """The clip format this job makes (content/formats.py), or None for stills."""
        return self.formats[0] if len(self.formats) == 1 and is_clip(self.formats[0]) else None

    @cached_property  # asked for several times per job by the build, the manifest and the report
    def name(self) -> str:
        """The job's identity in the manifest: its output path under output/,
        <lang>/<graphic>/<size>.png, or <size>-<page>.png for the pages of a multi-page template;
        a clip <size>.mp4 or <size>.anim.webp (a carousel's pages are the scenes of one clip);
        a member's card <lang>/<graphic>/<member>/<size>.png."""
        stem = self.size.name if self.page is None else f"{self.size.name}-{self.page}"
        return f"{self.lang}/{self.where}/{stem}{suffix(self.clip) if self.clip else '.png'}"

    @cached_property
    def output(self) -> Path:
        """Output path relative to output/ (see `name`)."""
        return Path(self.name)

    @cached_property
    def outputs(self) -> dict[str, Path]:
        """The file of each of its formats relative to output/, beside one another:
        {"png": es/x/story.png, "jpeg": es/x/story.jpg}. The job keeps its name (the PNG's
        path) whichever formats it writes, so its record and its problems are found by one name.
        A clip's one file is its name: {"mp4": es/x/story.mp4}."""
        if self.clip:
            return {self.clip: self.output}
        return {f: self.output.with_suffix(suffix(f)) for f in self.formats}

    def failure(self, exc: CfpError) -> Diagnostic:
        """This job could not be laid out, drawn or finished (a bad photo, a missing field, a
        worker past its deadline), as a diagnostic at its content file and output."""
        d = exc.diagnostic
        where = LayoutLocation(self.where, self.lang, self.size.name, "(graphic)", self.page)
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
            # a clip: its format and the template's motion (stills' keys are as they were)
            **({"motion": value_digest([job.clip, repr(template.motion), _encoder_versions()])}
               if job.clip else {}),
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


def _encoder_versions() -> str:
    """The clip encoder's version (PyAV and its FFmpeg): a new one may encode other bytes."""
    try:
        from importlib.metadata import version  # imported here: only clips' keys need it
        return "av " + version("av")
    except Exception:  # not installed: the clip fails with its own message when drawn
        return "av missing"


def plan_jobs(project: Project, graphics=None, langs=None, sizes=None, only_reviewed: bool = False,
              formats: tuple[str, ...] | None = None) -> list[Job]:
    """Every output to build: the formats asked for (`build --format`, replacing each graphic's
    own list), else each graphic's `formats:` (png alone unless it says). One job per graphic x
    language x size (x page) writes every still format asked for (one drawing); one job per
    clip format makes its clip, for the sizes clips are for (content/formats.py CLIP_SIZES),
    a carousel's pages being one clip's scenes; other sizes get their stills only."""
    jobs = []
    still_jobs = _still_jobs(project, graphics, langs, sizes, only_reviewed)
    pages = Counter((job.where, job.lang, job.size.name) for job in still_jobs)
    for job in still_jobs:
        wanted = tuple(formats) if formats else project.graphics[job.graphic].formats
        stills = tuple(f for f in wanted if is_still(f))
        if stills:
            jobs.append(replace(job, formats=stills))
        if job.page not in (None, 1) or not clip_size(job.size.name):
            continue
        for fmt in wanted:
            if is_clip(fmt):
                jobs.append(replace(job, page=None, formats=(fmt,),
                                    scenes=pages[job.where, job.lang, job.size.name]))
    return jobs


def _still_jobs(project: Project, graphics=None, langs=None, sizes=None, only_reviewed: bool = False) -> list[Job]:
    jobs = []
    for graphic in project.graphics.values():
        if graphics and graphic.name not in graphics:
            continue
        if graphic.each is not None and graphic.members is None:
            continue  # its list could not be read (reported): its published cards are kept
        for lang, translation in sorted(graphic.translations.items()):
            if langs and lang not in langs:
                continue
            if only_reviewed and translation.status == "draft":
                continue
            values, draft = _with_cells(translation.values, translation.status == "draft", only_reviewed)
            cards = _cards(graphic, values)
            # print sizes only when asked for by name: never part of a graphic's own `sizes:`
            asked = [s for s in sorted(sizes or ()) if s in PRINT_PRESETS and s not in graphic.sizes]
            for size_name in [*graphic.sizes, *asked]:
                if sizes and size_name not in sizes:
                    continue
                template = project.templates[graphic.template]
                # a multi-page template's pages for this size; just one (a link card's cover,
                # X's summary) is written as <size>.png, like a single-page graphic
                count = template.page_count(translation.values, ALL_SIZES[size_name])
                pages = [None] if not template.multi_page or count == 1 else range(1, count + 1)
                for page in pages:
                    # a member kit's cards of one size one after another: a worker lays out the
                    # kit's names for the common size once, then finds them in its typesetter
                    for member, card in cards:
                        jobs.append(Job(graphic.name, lang, ALL_SIZES[size_name], graphic.template,
                                        card, draft, translation.file, page, member=member))
    return jobs


def _cards(graphic, values: dict) -> list[tuple[str | None, dict]]:
    """(member slug, values) for each output of one language of a graphic: one with no
    member, or one per member of an `each:` graphic (content/members.py). The dicts are made
    once per language and shared by its sizes."""
    if graphic.each is None:
        return [(None, values)]
    return [(m.slug, card_values(graphic, values, m)) for m in graphic.members]


def _with_cells(values: dict, draft: bool, only_reviewed: bool) -> tuple[dict, bool]:
    """One message in every language (content/messages.py): with --only-reviewed, the draft languages are
    left out of it; an image showing any draft translation is a draft (it carries the band). Its
    texts' {n} is the number of languages it shows, counted after that."""
    if CELLS not in values:
        return values, draft
    cells = values[CELLS]
    if only_reviewed:
        cells = [c for c in cells if c.get("status") != "draft"]
        values = {**values, CELLS: cells}
    return with_count(values), draft or any(c.get("status") == "draft" for c in cells)
