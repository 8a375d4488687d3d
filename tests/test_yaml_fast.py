"""YAML is parsed by libyaml (C) when PyYAML has it, with the same composition, limits and
located values as the pure-Python parser; a file with a syntax error is read again by PyYAML,
so its message and place are exactly the ones volunteers have always seen."""
from __future__ import annotations

from pathlib import Path

import pytest

from cfpgraphics.content import yamlio
from cfpgraphics.content.diagnostics import CfpError

ROOT = Path(__file__).resolve().parent.parent
needs_libyaml = pytest.mark.skipif(not yamlio._FAST, reason="PyYAML without libyaml")


def located(value):
    if isinstance(value, dict):
        return ("map", value.start, sorted((k, value.key_marks[k], value.value_marks[k], located(v))
                                           for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", value.start, value.value_marks, [located(v) for v in value])
    return (type(value).__name__, value)


def both(text: str, text_only: bool, monkeypatch):
    results = []
    for fast in (dict(yamlio._FAST), {}):
        monkeypatch.setattr(yamlio, "_FAST", fast)
        try:
            results.append(located(yamlio.parse_yaml(text, "f.yaml", text_only)))
        except CfpError as exc:
            results.append(("error", str(exc), exc.problem.fix))
    return results


@needs_libyaml
@pytest.mark.parametrize("text_only", [False, True])
def test_every_shipped_yaml_file_reads_the_same_through_libyaml(monkeypatch, text_only):
    files = [p for folder in ("brand", "templates", "content", "fonts", "tests")
             for p in sorted((ROOT / folder).rglob("*.yaml"))]
    assert len(files) > 100
    for path in files:
        text = yamlio.decode_text(path.read_bytes(), path.name)
        fast, slow = both(text, text_only, monkeypatch)
        assert fast == slow, path


@needs_libyaml
@pytest.mark.parametrize("text", [
    'headline: "Ends inside quotes\n',
    "headline: Source: a study\n",
    "a:\n\tb: tab\n",
    "a: 1\na: 2\n",
    "[1, 2]: x\n",
    "a: &x [1, 2]\nb: *x\nc: *missing\n",
    "- " * 40 + "x\n",
    "x: &a [1,1,1,1,1,1,1,1,1,1]\n" + "".join(f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
                                                 for p, c in zip("abcdef", "bcdefg")),
    "title: 1:30\ncount: 012\nok: yes\nflag: true\nempty:\n",
])
def test_mistakes_and_limits_are_reported_the_same(monkeypatch, text):
    for text_only in (False, True):
        fast, slow = both(text, text_only, monkeypatch)
        assert fast == slow
