"""Issue 27, item 1: no project file, however malformed, crashes a build.

Each kind of project file (brand/brand.yaml, fonts/fonts.yaml, a template, a graphic.yaml, a
content file) is parsed, one to three of its values are mutated (types swapped, values emptied,
lists nested, keys removed or written twice), and it is written back into a small copy of the
project. Then the loader and the layout run in-process (many examples: they are fast), and
real builds in subprocesses (a few), asserting the rules of the README's exit-code table:
located diagnostics, exit 0, 1 or 2, the JSON report on stdout, no traceback; a broken brand
or fonts file writes nothing; a broken graphic.yaml or template keeps that graphic's images.

Hypothesis runs derandomized and without its example database, so CI sees the same examples
every run. `CFP_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz_project_files.py -k located`
explores further (as the run that found the crashes fixed with this test did).
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfpgraphics.builder.check import check_project
from cfpgraphics.builder.project import open_project
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.content.project import foundation_errors
from cfpgraphics.content.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
GRAPHICS = {"chicago-gang-database": "stat", "four-places": "carousel"}  # a text template and a list one
LANGS = ("en", "es")
SIZES = "[x-post, link-card]"
FILES = {  # each kind of project file -> the file of the small project that is mutated
    "brand": "brand/brand.yaml",
    "fonts": "fonts/fonts.yaml",
    "template": "templates/stat.yaml",
    "list-template": "templates/carousel.yaml",
    "graphic": "content/four-places/graphic.yaml",
    "content": "content/chicago-gang-database/en.yaml",
    "list-content": "content/four-places/es.yaml",
}
EXAMPLES = int(os.environ.get("CFP_FUZZ_EXAMPLES", "80"))  # per kind of file, in-process
BUILDS = int(os.environ.get("CFP_FUZZ_BUILDS", "4"))  # per kind of file, real builds


def make_small_project(root: Path) -> Path:
    """brand/ and templates/ copied, fonts/ linked face by face (fonts.yaml copied, so it can
    be mutated), and two graphics in two languages at two small sizes (Spanish is a draft: its
    band reads the brand's colours)."""
    for folder in ("brand", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "fonts").mkdir()
    for item in (ROOT / "fonts").iterdir():
        if item.name == "fonts.yaml":
            shutil.copy(item, root / "fonts" / item.name)
        else:
            (root / "fonts" / item.name).symlink_to(item)
    for graphic, template in GRAPHICS.items():
        folder = root / "content" / graphic
        folder.mkdir(parents=True)
        (folder / "graphic.yaml").write_text(f"template: {template}\nsizes: {SIZES}\n", encoding="utf-8")
        for lang in LANGS:
            shutil.copy(ROOT / "content" / graphic / f"{lang}.yaml", folder / f"{lang}.yaml")
    return root


# --- mutations -----------------------------------------------------------------------------

LONG = "x" * 5000
REPLACEMENTS = (None, "", 0, -1, 1.5, True, [], [["x"]], {}, {"a": 1}, LONG, "nonsense", "../../../etc/passwd",
                "draft")
OPS = ("replace", "replace", "replace", "delete", "nest", "duplicate")


def plain(value):
    """A loaded document as plain dicts and lists (the located ones carry their marks)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def node_paths(doc, path=()):
    """Every node of a document, as the keys and indices leading to it (the root is ())."""
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from node_paths(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from node_paths(value, (*path, i))


@dataclass(frozen=True)
class Mutation:
    op: str
    path: tuple
    value: object = None
    line: int = 0  # duplicate: which `key:` line of the written file is written twice

    def apply(self, doc):
        """The document with this mutation (a no-op where the path no longer leads anywhere)."""
        if self.op == "duplicate":
            return doc
        if not self.path:
            return copy.deepcopy(self.value) if self.op == "replace" else [doc] if self.op == "nest" else None
        parent = doc
        for step in self.path[:-1]:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                return doc
        last = self.path[-1]
        if not isinstance(parent, (dict, list)) or (isinstance(parent, dict) and last not in parent) or \
                (isinstance(parent, list) and (not isinstance(last, int) or last >= len(parent))):
            return doc
        if self.op == "replace":
            parent[last] = copy.deepcopy(self.value)
        elif self.op == "delete":
            del parent[last]
        elif self.op == "nest":
            parent[last] = [parent[last]] if isinstance(self.value, str) else [[parent[last]]]
        return doc


def write_mutated(path: Path, doc, mutations: list[Mutation]) -> str:
    """Apply the mutations, dump the result back as YAML (a duplicate is made in the text)."""
    doc = copy.deepcopy(doc)
    for mutation in mutations:
        doc = mutation.apply(doc)
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1 << 16)
    for mutation in mutations:
        if mutation.op == "duplicate":
            lines = text.splitlines(keepends=True)
            keys = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith(("- ", "'", '"'))]
            if keys:
                at = keys[mutation.line % len(keys)]
                lines.insert(at + 1, lines[at])
                text = "".join(lines)
    path.write_text(text, encoding="utf-8")
    return text


@st.composite
def mutation_lists(draw, doc):
    paths = list(node_paths(doc))
    count = draw(st.integers(1, 3))
    return [Mutation(draw(st.sampled_from(OPS)), draw(st.sampled_from(paths)), draw(st.sampled_from(REPLACEMENTS)),
                     draw(st.integers(0, 200))) for _ in range(count)]


# --- the checks ----------------------------------------------------------------------------

def load_and_lay_out(root: Path, assets: AssetStore):
    """What `check` does, in-process: load, plan and lay out every output (without drawing).
    Anything but located diagnostics (a traceback) fails the test."""
    project = open_project(root, assets)
    for problem in project.problems:
        assert problem.location is not None and problem.location.file, f"unlocated: {problem}"
        assert problem.message.strip(), "a diagnostic says what is wrong"
    return project, check_project(project)


@pytest.fixture(scope="module")
def small_project(tmp_path_factory):
    return make_small_project(tmp_path_factory.mktemp("fuzz") / "proj")


@pytest.fixture(scope="module")
def assets():
    return AssetStore()  # one per module: the fonts are read once


@pytest.mark.parametrize("kind", FILES)
def test_mutated_project_files_load_with_located_diagnostics(kind, small_project, assets):
    rel = FILES[kind]
    path = small_project / rel
    pristine = path.read_bytes()
    doc = plain(load_yaml(path, small_project, text_only=rel.startswith("content/") and "graphic.yaml" not in rel))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(mutations=mutation_lists(doc))
    def loads(mutations):
        write_mutated(path, doc, mutations)
        try:
            load_and_lay_out(small_project, assets)
        finally:
            path.write_bytes(pristine)

    loads()


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    """The small project, built once: each real build starts from yesterday's images."""
    root = make_small_project(tmp_path_factory.mktemp("built") / "proj")
    code, out, err = cfp_build(root)
    assert code == 0, err
    return root


def cfp_build(root: Path):
    result = subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), "build", "--json",
                             "--jobs", "2"], capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout, result.stderr


def snapshot(output: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(output).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in output.rglob("*") if p.is_file() and p.name != ".cfpgraphics.lock"}


@pytest.mark.parametrize("kind", FILES)
def test_a_build_with_a_mutated_project_file_keeps_its_promises(kind, built_project, tmp_path_factory, assets):
    rel = FILES[kind]
    doc = plain(load_yaml(built_project / rel, built_project,
                          text_only=rel.startswith("content/") and "graphic.yaml" not in rel))

    @settings(max_examples=BUILDS, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(mutations=mutation_lists(doc))
    def builds(mutations):
        root = tmp_path_factory.mktemp("build") / "proj"
        shutil.copytree(built_project, root, symlinks=True)
        text = write_mutated(root / rel, doc, mutations)
        project, _ = load_and_lay_out(root, assets)
        before = snapshot(root / "output")
        code, out, err = cfp_build(root)
        assert "Traceback" not in err and "internal error" not in err, (text, err)
        assert code in (0, 1, 2), (code, err)
        report = json.loads(out)
        if foundation_errors(project):
            assert code == 1, err
            assert snapshot(root / "output") == before, "a broken brand or fonts file writes nothing"
            assert any(f"{p.location}:" in err for p in foundation_errors(project) if p.location.line), err
            return
        published = set(before)
        for graphic in GRAPHICS:
            loaded = project.graphics.get(graphic)
            for name in published:
                lang = name.split("/")[0]
                if f"/{graphic}/" in name and (loaded is None or lang not in loaded.translations):
                    assert name in snapshot(root / "output"), f"{name} of a graphic that did not load is kept"
        assert not [p for p in report["removed_outputs"] if not any(
            f"/{g}/" in p and g in project.graphics for g in GRAPHICS)], report["removed_outputs"]
        errors = report["failed"] or any(p["severity"] == "error" for p in report["problems"])
        assert code == (1 if errors else 0), err

    builds()
