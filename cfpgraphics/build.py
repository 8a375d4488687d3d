"""Run jobs: compose, draw, write. A failing job is reported and the others still run."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PIL import Image

from .compose import Scene, compose
from .draw import draw_scene
from .errors import CfpError, Problem, Problems, SourceLocation
from .model import Project
from .output import write_png
from .plan import Job


@dataclass
class JobResult:
    job: Job
    status: str  # rendered | failed
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Report:
    results: list[JobResult] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return not self.count("failed") and not self.problems.errors


def render_scene(project: Project, template_name: str, values: dict, lang: str, size) -> tuple[Image.Image, Scene]:
    template = project.templates[template_name]
    scene = compose(project.brand, project.fonts, template, values, lang, size)
    return draw_scene(scene, project.fonts.faces), scene


def build(project: Project, jobs: list[Job], progress: Callable[[int, int, JobResult], None] | None = None) -> Report:
    report = Report(problems=project.problems)
    for index, job in enumerate(jobs, 1):
        path = project.output_dir / job.output
        try:
            image, scene = render_scene(project, job.template, job.values, job.lang, job.size)
            write_png(image, path)
            result = JobResult(job, "rendered", path, scene.warnings)
        except CfpError as exc:
            result = JobResult(job, "failed", error=str(exc))
        report.results.append(result)
        for warning in result.warnings:
            report.problems.items.append(Problem(f"{job.output}: {warning}", SourceLocation(job.source),
                                                 severity="warning"))
        if progress:
            progress(index, len(jobs), result)
    return report
