"""Golden images: compare a rendering with its baseline by mean absolute difference per pixel
(Pillow's `assert_image_similar` habit), since anti-aliased text moves by a shade between
rasteriser versions while a layout change moves whole glyphs.

Baselines live in tests/baselines/ with versions.json: the HarfBuzz, FreeType and Pillow
versions they were made with. `python -m pytest --regen-baselines` rewrites them (review the
images before committing). On a failure the expected, actual and an amplified difference are
saved under tests/_results/ (git-ignored).
"""
from __future__ import annotations

import json

import pytest
from PIL import Image, ImageChops

from conftest import ROOT
from cfpgraphics.render.versions import shaping_versions

BASELINES = ROOT / "tests" / "baselines"
RESULTS = ROOT / "tests" / "_results"
VERSIONS = BASELINES / "versions.json"
TOLERANCE = 1.5  # mean absolute difference per channel per pixel, 0-255


def versions() -> dict:
    return shaping_versions()


def mean_abs_diff(a: Image.Image, b: Image.Image) -> float:
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    total = 0
    for channel in diff.split():
        total += sum(i * n for i, n in enumerate(channel.histogram()))
    return total / (a.width * a.height * 3)


def save_baseline(image: Image.Image, path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = image.convert("RGB")
    if image.getcolors(256) is not None or image.getcolors(8192) is not None:
        image = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, optimize=True)
    VERSIONS.write_text(json.dumps(versions(), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def assert_matches_baseline(image: Image.Image, name: str, regen: bool, tolerance: float = TOLERANCE) -> None:
    path = BASELINES / f"{name}.png"
    if regen:
        save_baseline(image, path)
        return
    if not path.exists():
        pytest.fail(f"no baseline {path.relative_to(ROOT)}; run `python -m pytest --regen-baselines` "
                    f"and review the new images")
    with Image.open(path) as stored:
        expected = stored.convert("RGB")
    actual = image.convert("RGB")
    made_with = json.loads(VERSIONS.read_text(encoding="utf-8")) if VERSIONS.exists() else {}
    note = ("" if made_with == versions() else
            f"; baselines were made with {made_with}, this is {versions()}: if only the rasteriser "
            f"changed, review tests/_results/ and run --regen-baselines")
    if expected.size != actual.size:
        _save_results(name, expected, actual)
        pytest.fail(f"{name}: size {actual.size} != baseline {expected.size}{note}")
    diff = mean_abs_diff(expected, actual)
    if diff > tolerance:
        _save_results(name, expected, actual)
        pytest.fail(f"{name}: mean absolute difference {diff:.2f} > {tolerance} per pixel; expected, actual "
                    f"and diff are in tests/_results/{note}")


def _save_results(name: str, expected: Image.Image, actual: Image.Image) -> None:
    out = RESULTS / name
    out.parent.mkdir(parents=True, exist_ok=True)
    expected.save(out.with_name(out.name + "-expected.png"))
    actual.save(out.with_name(out.name + "-actual.png"))
    if expected.size == actual.size:
        diff = ImageChops.difference(expected, actual).point(lambda v: min(255, v * 8))
        diff.save(out.with_name(out.name + "-diff.png"))
