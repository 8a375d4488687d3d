"""Golden layouts: a few hard cases as exact JSON (sizes, lines, runs, fonts, positions).

Positions depend on the shaping stack, so each golden file records the HarfBuzz, FreeType
and Pillow versions it was made with. With the same versions the JSON must match
exactly; with others, everything but the pixel positions must. Regenerate with
`python -m pytest tests/test_text_golden.py --regen-baselines` and review the diff.
"""
from __future__ import annotations

import json

import pytest
import yaml

from cfpgraphics.text.engine import layout_text
from cfpgraphics.text.types import Box, TextStyle
from conftest import HARD_CASES, ROOT
from cfpgraphics.render.versions import shaping_versions

GOLDEN = ROOT / "tests" / "golden" / "layout"
CASES = {c["id"]: c for c in yaml.safe_load(HARD_CASES.read_text(encoding="utf-8"))}
GOLDEN_CASES = ["seed-stat", "ar-multiline", "km-no-spaces", "vi-stacked-caps", "mixed-fallback", "zh-kinsoku"]


def versions() -> dict:
    return shaping_versions()


def without_positions(layout: dict) -> dict:
    keep = ("text", "lang", "rtl", "size", "fits", "emergency_breaks")
    return {**{k: layout[k] for k in keep},
            "lines": [{"text": l["text"], "rtl": l["rtl"], "fonts": l["fonts"],
                       "runs": [(r["text"], r["font"], r["rtl"], r["styles"]) for r in l["runs"]]}
                      for l in layout["lines"]]}


@pytest.mark.parametrize("case_id", GOLDEN_CASES)
def test_golden_layout(fonts, case_id, regen):
    case = CASES[case_id]
    style = TextStyle(fonts.stack("display"), 72, 24, line_height=1.0)
    actual = layout_text(case["text"], style, Box(40, 40, 420, 600), case["lang"]).to_json()
    path = GOLDEN / f"{case_id}.json"
    if regen or not path.exists():
        path.write_text(json.dumps({"versions": versions(), "layout": actual}, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        if not regen:
            pytest.fail(f"golden file {path.name} was missing and has been written; review and commit it")
    golden = json.loads(path.read_text(encoding="utf-8"))
    if golden["versions"] == versions():
        assert actual == golden["layout"]
    else:
        assert without_positions(actual) == without_positions(golden["layout"])
