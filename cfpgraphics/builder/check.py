"""`cfpgraphics check`: everything `build` would report, without drawing a pixel.

Load problems come from the loader; then every planned output is laid out through the same
`compose_job` that `build` uses, so text that cannot fit, lists and stacks that overflow,
anything crossing the safe zone and characters no font has are the very same diagnostics.
"""
from __future__ import annotations

from ..render.job import compose_job
from ..content.diagnostics import CfpError, Diagnostic, Diagnostics, relax_overflow
from ..content.model import Project
from ..content.project import foundation_problems
from ..content.brand import destination_warnings
from .plan import Job, plan_jobs


def job_diagnostics(project: Project, job: Job) -> list[Diagnostic]:
    """What laying out one output reports (a job that cannot be laid out: why)."""
    try:
        return list(compose_job(project, job).diagnostics)
    except CfpError as exc:
        return [job.failure(exc)]


def check_project(project: Project, graphics=None, langs=None, only_reviewed: bool = False,
                  allow_overflow: bool = False) -> Diagnostics:
    problems = Diagnostics()
    problems.extend(project.problems)
    problems.extend(destination_warnings(project.brand))  # a placeholder address: before publishing
    if project.brand is None:
        return problems  # brand.yaml did not load: there is nothing to lay out with (a build stops too)
    problems.extend(foundation_problems(project))
    for job in plan_jobs(project, graphics, langs, only_reviewed=only_reviewed):
        problems.extend(relax_overflow(job_diagnostics(project, job), allow_overflow))
    return problems
