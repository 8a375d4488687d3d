"""A clip of one output: its scene (a carousel: one scene per page, one story clip), each with
its timeline, drawn by frames.py and encoded by video.py. The backends (backends.py) call this."""
from __future__ import annotations

from dataclasses import replace

from ..content.model import Template
from .frames import SceneClip
from .job import compose_job
from .motion import motion_for, timeline
from .scene import Scene


def scene_clips(template: Template, scenes: list[Scene], lang: str) -> list[SceneClip]:
    """The scenes of one clip in order, each timed by the template's motion."""
    motion = motion_for(template)
    return [SceneClip(scene, timeline(motion, scene, lang), lang, last=(n == len(scenes) - 1))
            for n, scene in enumerate(scenes)]


def job_scenes(project, job) -> list[Scene]:
    """Every page of a planned clip laid out as `build` lays out its stills (render/job.py)."""
    template = project.templates[job.template]
    count = template.page_count(job.values, job.size) if template.multi_page else 1
    pages = [None] if count == 1 else list(range(1, count + 1))
    return [compose_job(project, replace(job, page=page)) for page in pages]
