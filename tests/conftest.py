"""Shared fixtures: the real project, and throwaway projects built from a dict of files."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.content.diagnostics import Diagnostics
from cfpgraphics.content.font_library import load_fonts
from cfpgraphics.builder.project import open_project

ROOT = Path(__file__).resolve().parent.parent
HARD_CASES = ROOT / "tests" / "corpus" / "hard-cases.yaml"  # shared/corpus/hard-cases.yaml + line-break cases


@pytest.fixture(scope="session")
def project():
    return open_project(ROOT, AssetStore())


@pytest.fixture(scope="session")
def fonts():
    problems = Diagnostics()
    library = load_fonts(ROOT / "fonts", ROOT, problems, AssetStore())
    assert not problems, [str(p) for p in problems]
    return library


@pytest.fixture
def make_project(tmp_path):
    """A copy of the real brand/fonts/templates plus the given files (path -> text or bytes)."""

    def make(files: dict[str, str | bytes], with_content: bool = False) -> Path:
        root = tmp_path / "proj"
        root.mkdir()
        for folder in ("brand", "templates"):
            shutil.copytree(ROOT / folder, root / folder)
        (root / "fonts").symlink_to(ROOT / "fonts")
        if with_content:
            shutil.copytree(ROOT / "content", root / "content")
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return root

    return make


def pytest_addoption(parser):
    parser.addoption("--regen-baselines", action="store_true",
                     help="rewrite golden files (layout JSON, images) from the current output")


@pytest.fixture
def regen(request) -> bool:
    return request.config.getoption("--regen-baselines")


@pytest.fixture
def campaign(tmp_path) -> Path:
    """A copy of the real campaign (brand, templates, content; the fonts linked) to change freely."""
    root = tmp_path / "campaign"
    for folder in ("brand", "templates", "content"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "fonts").symlink_to(ROOT / "fonts")
    return root


CHROMIUM = "/usr/bin/chromium"  # Debian's package: Playwright cannot download its own here


@pytest.fixture
def chromium():
    """A headless Chromium driven by Playwright (Debian's binary through executable_path); the
    test is skipped, with the reason, where there is none."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()
