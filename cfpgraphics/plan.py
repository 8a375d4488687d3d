"""Plan: one Job per graphic x language x size, each with a key over everything that changes
its pixels (so a later build can skip jobs whose key and file are unchanged)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
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

    @property
    def output(self) -> Path:
        """Output path relative to output/: <lang>/<graphic>/<size>.png"""
        return Path(self.lang) / self.graphic / f"{self.size.name}.png"


def _engine_versions() -> dict:
    return {"cfpgraphics": __version__, "pillow": PIL.__version__,
            "freetype": features.version("freetype2"), "raqm": features.version("raqm"),
            "harfbuzz": features.version("harfbuzz")}


def job_key(project: Project, job: Job) -> str:
    """sha256 over versions, template, brand, font files, this language's values and the size."""
    template = project.templates[job.template]
    brand = project.brand
    stacks = {brand.type_roles[e.role].stack for e in template.elements if e.kind == "text"}
    fonts = sorted({face.sha256 for name in stacks for face in project.fonts.stack(name).faces})
    logos = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in brand.logos.values())
    payload = {
        "versions": _engine_versions(),
        "template": repr(template.elements) + repr(template.shapes) + template.background,
        "brand": [brand.palette, repr(brand.type_roles), logos],
        "fonts": fonts,
        "values": job.values,
        "lang": job.lang,
        "size": asdict(job.size),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


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
                jobs.append(Job(graphic.name, lang, PRESETS[size_name], graphic.template,
                                translation.values, translation.status == "draft", translation.file))
    return jobs
