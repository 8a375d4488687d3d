"""A print pack (issue #25): one graphic at one size, a page per language, in one PDF, for the
table at a community meeting. A carousel's pages follow each other within its language.

Each page is the very output `build --size a4` plans and lays out (plan.plan_jobs,
render/job.compose_job): the same values, draft band and diagnostics; only the drawing
differs (the PDF backend, every page in one file, fonts embedded once for all of them).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..content.diagnostics import CfpError, Diagnostic
from ..content.model import Project
from ..content.names import did_you_mean
from ..content.sizes import ALL_SIZES, PRINT_PRESETS
from ..render.backends import BACKENDS
from .plan import plan_jobs

SOURCE_LANG = "en"  # the first page: the language the others are translated from


@dataclass
class PrintPack:
    data: bytes  # the PDF
    pages: list[str] = field(default_factory=list)  # each page's output name (es/stat/a4-2.png), in order
    scenes: list = field(default_factory=list)  # each page's Scene (what the PDF drew), in order
    diagnostics: list[Diagnostic] = field(default_factory=list)


def page_order(langs: list[str], asked: tuple[str, ...]) -> list[str]:
    """The languages asked for in the order given; else every one, English first."""
    if asked:
        return list(dict.fromkeys(asked))
    return sorted(langs, key=lambda lang: (lang != SOURCE_LANG, lang))


def print_pack(project: Project, graphic: str, size: str, langs: tuple[str, ...] = (), crop_marks: bool = False,
               only_reviewed: bool = False, on_page=None) -> PrintPack:
    """The PDF of `graphic` at `size`, a page (or a carousel's pages) per language.
    `on_page(index, total, name)` is told before each page is laid out (progress)."""
    # Imported when a pack is made: loading a project never loads the layout engine.
    from ..render.job import compose_job

    if graphic not in project.graphics:
        raise CfpError(f"unknown graphic '{graphic}'",
                       fix=did_you_mean(graphic, project.graphics) or "see `cfpgraphics list graphics`")
    if size not in ALL_SIZES:
        raise CfpError(f"unknown size '{size}'", fix=did_you_mean(size, ALL_SIZES)
                       or "print sizes: " + ", ".join(PRINT_PRESETS))
    translated = project.graphics[graphic].translations
    for lang in langs:
        if lang not in translated:
            raise CfpError(f"'{graphic}' has no {lang} translation", fix=did_you_mean(lang, translated)
                           or "languages of this graphic: " + ", ".join(sorted(translated)))
    order = page_order(list(translated), langs)
    jobs = plan_jobs(project, {graphic}, set(order), {size}, only_reviewed, ("pdf",))
    jobs.sort(key=lambda job: (order.index(job.lang), job.page or 0))
    if not jobs:
        raise CfpError(f"'{graphic}' has no page to print in {', '.join(order)}",
                       fix="without --only-reviewed, drafts are printed too (with their band)")
    pack = PrintPack(b"")
    scenes = pack.scenes
    for index, job in enumerate(jobs, 1):
        if on_page:
            on_page(index, len(jobs), job.name)
        scene = compose_job(project, job)
        scenes.append(scene)
        pack.pages.append(job.name)
        pack.diagnostics += scene.diagnostics
    pack.data = BACKENDS["pdf"].encode_pages(scenes, project.fonts.faces, project.assets,
                                             {**project.brand.encoding.get("pdf", {}), "crop_marks": crop_marks})
    return pack
