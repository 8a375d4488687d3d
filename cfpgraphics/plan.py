"""Plan: one Job per graphic x language x size, each with a key over everything that changes
its pixels (so a later build can skip jobs whose key and file are unchanged)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import PIL
from PIL import features

from . import __version__
from .model import Project
from .sizes import PRESETS, Size


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

    @property
    def name(self) -> str:
        """The job's identity in the manifest: its output path under output/."""
        return self.output.as_posix()

    @property
    def output(self) -> Path:
        """Output path relative to output/: <lang>/<graphic>/<size>.png, or <size>-<page>.png
        for the pages of a multi-page template"""
        stem = self.size.name if self.page is None else f"{self.size.name}-{self.page}"
        return Path(self.lang) / self.graphic / f"{stem}.png"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Hash of cfpgraphics' own source: a code change re-renders, even without a version bump."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _engine_versions() -> dict:
    return {"cfpgraphics": __version__, "code": _code_digest(), "pillow": PIL.__version__,
            "freetype": features.version("freetype2"), "raqm": features.version("raqm"),
            "harfbuzz": features.version("harfbuzz")}


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def key_parts(project: Project, job: Job) -> dict[str, str]:
    """A hash per input part of a job: versions, template, brand, fonts, values, size.
    Kept apart so `build --explain` can say which part changed. No absolute paths go in, so a
    clone in another folder has the same keys."""
    template = project.templates[job.template]
    brand = project.brand
    stacks = {brand.type_roles[e.role].stack for e in template.elements if e.kind == "text"}
    fonts = sorted({face.sha256 for name in stacks for face in project.fonts.stack(name).faces})
    logos = {variant: _file_digest(path) for variant, path in sorted(brand.logos.items())}
    return {
        "versions": _digest(_engine_versions()),
        "template": _digest([repr(template.elements), repr(template.shapes), repr(template.fields),
                             repr(template.pages), template.background, template.photo]),
        "brand": _digest([brand.name, brand.palette, repr(brand.type_roles), repr(brand.backgrounds),
                          brand.logo_colors, logos, getattr(brand, "keep_together", ())]),
        "fonts": _digest(fonts),
        "values": _digest([job.lang, job.values, job.page, _photo_digests(project, template, job.values)]),
        "size": _digest(asdict(job.size)),
    }


def _photo_digests(project: Project, template, values: dict) -> list[str]:
    """The contents of the photo a graphic shows: replacing the image file re-renders it."""
    if not template.photo or not values.get(template.photo):
        return []
    from .errors import CfpError
    from .images import parse_photo, resolve
    try:
        return [_file_digest(resolve(project.root, parse_photo(values[template.photo]).file))]
    except (CfpError, OSError):  # a missing or bad photo fails the job itself, with its message
        return ["unreadable"]


def job_key(parts: dict[str, str]) -> str:
    return _digest(parts)


_file_digests: dict[tuple[Path, int, int], str] = {}


def _file_digest(path: Path) -> str:
    """sha256 of a file, remembered while its mtime and size stay the same (watch mode is one
    long process: a replaced logo or photo must be seen)."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _file_digests:
        _file_digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _file_digests[key]


def plan_jobs(project: Project, graphics=None, langs=None, sizes=None, only_reviewed: bool = False) -> list[Job]:
    jobs = []
    for graphic in project.graphics.values():
        if graphics and graphic.name not in graphics:
            continue
        for lang, translation in sorted(graphic.translations.items()):
            if langs and lang not in langs:
                continue
            if only_reviewed and translation.status == "draft":
                continue
            for size_name in graphic.sizes:
                if sizes and size_name not in sizes:
                    continue
                template = project.templates[graphic.template]
                pages = [None] if not template.multi_page else range(1, template.page_count(translation.values) + 1)
                for page in pages:
                    jobs.append(Job(graphic.name, lang, PRESETS[size_name], graphic.template,
                                    translation.values, translation.status == "draft", translation.file, page))
    return jobs
