"""The package's shape, checked: stages import only the stages below them, no import circle
is hidden inside a function, and the code digest covers every stage."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cfpgraphics"


def test_each_stage_imports_only_the_stages_below_it():
    """import-linter's layers contract (setup.cfg): cli > exchange > builder > render > content
    > text. A back-import (content reaching up into render, say) fails here, with its line."""
    lint = Path(sys.executable).parent / "lint-imports"
    command = [str(lint)] if lint.exists() else [shutil.which("lint-imports") or "lint-imports"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "1 kept, 0 broken" in result.stdout, result.stdout + result.stderr


def _imports_inside_functions(path: Path):
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()

    def walk(node, in_function):
        body = list(ast.iter_child_nodes(node))
        for i, child in enumerate(body):
            if in_function and isinstance(child, (ast.Import, ast.ImportFrom)):
                # the first import of a run of imports: its reason may stand above the run
                first = child
                j = i
                while j > 0 and isinstance(body[j - 1], (ast.Import, ast.ImportFrom)):
                    j -= 1
                    first = body[j]
                yield child, lines, first
            yield from walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    yield from walk(ast.parse(source), False)


def test_an_import_inside_a_function_says_why():
    """Imports belong at the top of a module; one inside a function is there to keep start-up
    fast (`--help`, a no-op build) or to load a heavy library only when needed, and says so in
    a comment on its line or just above its block. None may hide an import circle."""
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node, lines, first in _imports_inside_functions(path):
            own = lines[node.lineno - 1]
            above = lines[first.lineno - 2].strip() if first.lineno > 1 else ""
            if "#" not in own and not above.startswith("#"):
                unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}: {own.strip()}")
    assert not unexplained, "imports inside functions without a reason:\n" + "\n".join(unexplained)


def test_no_package_import_inside_a_function_closes_a_circle():
    """Every module imports cleanly on its own, in a fresh interpreter, in any order: nothing
    relies on an import made later inside a function to break a circle."""
    modules = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                     for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    for order in (modules, list(reversed(modules))):
        result = subprocess.run([sys.executable, "-c", code, *order], cwd=ROOT, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr


def test_the_code_digest_covers_every_stage(tmp_path, monkeypatch):
    """Output keys hold a digest of cfpgraphics' own code: a change in any stage (not only the
    renderer's folder) must re-render."""
    from cfpgraphics.render import versions

    digest = versions.code_digest.__wrapped__()
    copy = tmp_path / "cfpgraphics"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "content" / "model.py").write_text((copy / "content" / "model.py").read_text() + "\n# changed\n")
    monkeypatch.setattr(versions, "__file__", str(copy / "render" / "versions.py"))
    assert versions.code_digest.__wrapped__() != digest


@pytest.mark.parametrize("folder", ["content", "render", "builder", "exchange", "serve", "text"])
def test_every_stage_is_a_package(folder):
    """A folder without __init__.py is left out of the wheel (the bug that broke `pip install .`)."""
    for sub in [PACKAGE / folder, *(p for p in (PACKAGE / folder).rglob("*") if p.is_dir() and p.name != "__pycache__"
                                    and any(p.glob("*.py")))]:
        assert (sub / "__init__.py").is_file(), f"{sub.relative_to(ROOT)} has no __init__.py"
