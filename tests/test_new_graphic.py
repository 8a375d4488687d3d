"""`cfpgraphics new` (issue 22, item 9): a new graphic's files, every field explained and left
empty; `check` lists each empty required field at its line until it has words; filled in, the
graphic checks clean and builds. For every template, as a person runs it, in a process. And
shell completion through the installed `cfpgraphics` entry point."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.builder.project import open_project
from conftest import ROOT

TEMPLATES = sorted(p.stem for p in (ROOT / "templates").glob("*.yaml"))


@pytest.fixture(scope="module")
def campaign(tmp_path_factory) -> Path:
    """A copy of the project (fonts linked): brand, templates, content."""
    root = tmp_path_factory.mktemp("campaign") / "proj"
    root.mkdir()
    for folder in ("brand", "templates", "content"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "fonts").symlink_to(ROOT / "fonts")
    return root


def cfp(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=timeout)


def fill(path: Path) -> None:
    """What a person does: words between every pair of empty quotes (a languages graphic's
    message names a text of the campaign)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^message: ""$', 'message: "community-over-cages/quote"', text, flags=re.M)
    path.write_text(text.replace('""', '"Words"'), encoding="utf-8")


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_new_graphic_is_explained_checked_until_filled_and_builds(campaign, template):
    name = f"new-{template}"
    made = cfp(campaign, "new", name, "--template", template)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines() == [f"wrote content/{name}/graphic.yaml", f"wrote content/{name}/en.yaml"]
    folder = campaign / "content" / name
    meta = yaml.safe_load((folder / "graphic.yaml").read_text(encoding="utf-8"))
    assert meta == {"template": template, "sizes": "all"}
    assert "instagram-square" in (folder / "graphic.yaml").read_text(encoding="utf-8"), "the sizes are listed"
    en = (folder / "en.yaml").read_text(encoding="utf-8")
    spec = open_project(campaign, AssetStore()).templates[template]
    for field in spec.fields.values():
        comment = next(line for line in en.splitlines() if line.startswith(f"# {field.name} ("))
        assert ("required" if field.required else "optional") in comment and field.help in comment
        if field.max_chars:
            assert f"at most {field.max_chars} characters" in comment
        for key in field.items:
            assert any(line.startswith(f"#   {key.name} (") and key.help in line for line in en.splitlines())
    for mark in ("**two stars**", "==two equals signs==", "{curly brackets}", "\\n"):
        assert mark in en

    check = cfp(campaign, "check", "--graphic", name)
    assert check.returncode == 1
    empty = [line for line in check.stdout.splitlines() if "still empty" in line]
    required = [f for f in spec.fields.values() if f.required]
    assert len(empty) >= len(required) and all(line.startswith(f"content/{name}/en.yaml:") for line in empty)
    for field in required:
        line = next(line for line in empty if f"'{field.name}'" in line)
        number = int(line.split(":")[1])
        assert en.splitlines()[number - 1].lstrip(" -").startswith(f"{field.name}:") or field.type == "list"

    fill(folder / "en.yaml")
    check = cfp(campaign, "check", "--graphic", name)
    assert check.returncode == 0, check.stdout + check.stderr
    built = cfp(campaign, "build", "--graphic", name, "--jobs", "2", timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    pngs = sorted((campaign / "output" / "en" / name).glob("*.png"))
    assert pngs and re.match(r"\d+ rendered, 0 unchanged", built.stdout)


def test_the_whole_campaign_checks_clean_with_a_filled_new_graphic(campaign):
    made = cfp(campaign, "new", "whole-check", "--template", "stat")
    assert made.returncode == 0, made.stderr
    fill(campaign / "content/whole-check/en.yaml")
    check = cfp(campaign, "check")
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("args, words", [
    (("new", "community-over-cages", "--template", "quote"), "content/community-over-cages already exists"),
    (("new", "fresh", "--template", "stats"), "unknown template 'stats' (did you mean 'stat'?)"),
    (("new", "Fresh_One", "--template", "stat"), "'Fresh_One' cannot be a graphic's name"),
    (("new", "../escape", "--template", "stat"), "'../escape' cannot be a graphic's name"),
    (("new", "fresh"), "Missing option '--template'"),
])
def test_refusals_are_one_line_exit_2_and_write_nothing(campaign, args, words):
    before = sorted(p.name for p in (campaign / "content").iterdir())
    result = cfp(campaign, *args)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    if "Missing option" not in words:
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")
    assert sorted(p.name for p in (campaign / "content").iterdir()) == before


def test_new_help_teaches_with_an_example():
    result = subprocess.run([sys.executable, "-m", "cfpgraphics", "new", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and "cfpgraphics new houston-detention --template stat" in result.stdout


# --- shell completion, through the console script setup.cfg installs ----------------------

def entry_point() -> str:
    script = Path(sys.executable).parent / "cfpgraphics"
    return str(script) if script.exists() else shutil.which("cfpgraphics")


@pytest.mark.parametrize("shell, words", [("bash", "complete -o nosort -F _cfpgraphics_completion cfpgraphics"),
                                          ("zsh", "compdef _cfpgraphics_completion cfpgraphics"),
                                          ("fish", "complete --no-files --command cfpgraphics")])
def test_completion_scripts_come_from_the_entry_point(shell, words):
    assert entry_point(), "the cfpgraphics console script is installed (pip install -e .)"
    result = subprocess.run([entry_point()], env={**os.environ, "_CFPGRAPHICS_COMPLETE": f"{shell}_source"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and words in result.stdout, result.stdout + result.stderr


def test_bash_completes_commands_and_options():
    def complete(line: str) -> list[str]:
        words = line.split(" ")
        env = {**os.environ, "_CFPGRAPHICS_COMPLETE": "bash_complete", "COMP_WORDS": line,
               "COMP_CWORD": str(len(words) - 1)}
        result = subprocess.run([entry_point()], env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return [row.split(",", 1)[1] for row in result.stdout.splitlines()]

    assert complete("cfpgraphics wa") == ["watch"]
    assert set(complete("cfpgraphics n")) == {"new"}
    assert "--poll" in complete("cfpgraphics watch --")
    assert complete("cfpgraphics new x --te") == ["--template"]
