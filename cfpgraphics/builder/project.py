"""Opening a project for a build: the content loader, given the element kinds the renderer
knows (render/elements: each kind's attributes, checked at load, and its placer). The loader
sits below the renderer, so the kinds (and the output formats it can write) are handed to it
here, where both are in reach."""
from __future__ import annotations

from pathlib import Path

from ..content.assets import AssetStore
from ..content.model import Project
from ..content.project import load_project
from ..render.backends import BACKENDS
from ..render.elements import KINDS


def open_project(root: Path | str, assets: AssetStore) -> Project:
    """Load and validate everything under `root`; `assets` is the caller's one store (kept
    across loads by `watch`, so unchanged files are not read again)."""
    return load_project(Path(root), assets, KINDS, tuple(BACKENDS))
