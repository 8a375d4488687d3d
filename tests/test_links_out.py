"""Issue 27, item 6: the rules that hold for content files hold for every path read or written.
A graphic folder, a PO file or translations/ that is a link leading outside the project is
never read (a located problem; the folder's published images are kept), and `translate`
never writes through one. Run as the CLI runs, in subprocesses."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GRAPHIC = "template: stat\nsizes: [link-card]\n"
EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
SECRET = 'stat: "95%"\nstatement: "SECRET from outside the project"\n'
PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: pt\\n"\n\n'
      'msgctxt "good/stat"\nmsgid "95%"\nmsgstr "95%"\n\nmsgctxt "good/statement"\nmsgid "x"\n'
      'msgstr "SECRET from outside the project"\n')


def cfp(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(make_project, tmp_path):
    root = make_project({"content/good/graphic.yaml": GRAPHIC, "content/good/en.yaml": EN})
    outside = tmp_path / "outside"
    (outside / "evil").mkdir(parents=True)
    (outside / "evil/graphic.yaml").write_text(GRAPHIC)
    (outside / "evil/en.yaml").write_text(SECRET)
    (outside / "po").mkdir()
    (outside / "po/pt.po").write_text(PO)
    return root


def published_text(root: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (root / "output").rglob("*.alt.txt"))


def outside_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root.parent / "outside").as_posix() for p in (root.parent / "outside").rglob("*"))


@pytest.mark.parametrize("link", ["content/evil", "translations/pt.po", "translations"])
def test_a_link_leading_out_is_never_read(project, link):
    target = {"content/evil": "outside/evil", "translations/pt.po": "outside/po/pt.po", "translations": "outside/po"}
    (project / link).parent.mkdir(exist_ok=True)
    (project / link).symlink_to(project.parent / target[link])
    result = cfp(project, "build", "--jobs", "2", "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    problems = [p for p in json.loads(result.stdout)["problems"] if p["code"] in ("link-outside",)]
    assert len(problems) == 1 and problems[0]["location"].rstrip("/") == link, problems
    assert "outside the project" in problems[0]["message"] and problems[0]["fix"]
    assert any(line.startswith(link) and "outside the project" in line for line in result.stderr.splitlines())
    assert "SECRET" not in published_text(project), "nothing from outside the project is published"
    assert (project / "output/en/good/link-card.png").is_file(), "the rest builds"


def test_a_folder_turned_into_a_link_keeps_its_images(project):
    (project / "content/evil").mkdir()
    (project / "content/evil/graphic.yaml").write_text(GRAPHIC)
    (project / "content/evil/en.yaml").write_text(EN)
    assert cfp(project, "build", "--jobs", "2").returncode == 0
    assert (project / "output/en/evil/link-card.png").is_file()
    for path in (project / "content/evil").iterdir():
        path.unlink()
    (project / "content/evil").rmdir()
    (project / "content/evil").symlink_to(project.parent / "outside/evil")
    assert cfp(project, "build", "--jobs", "2").returncode == 1
    assert (project / "output/en/evil/link-card.png").is_file(), "never deleted: its source is not known to be gone"
    assert "SECRET" not in published_text(project)


def test_translate_never_writes_through_a_link_out(project):
    before = outside_files(project)
    (project / "content/evil").symlink_to(project.parent / "outside/evil")
    new = cfp(project, "translate", "new", "pt", "evil")
    assert new.returncode == 2 and "unknown graphic 'evil'" in new.stderr and "Traceback" not in new.stderr
    assert cfp(project, "translate", "new", "pt").returncode == 0
    assert (project / "content/good/pt.yaml").is_file()
    (project / "translations").symlink_to(project.parent / "outside/po")
    for command in (["translate", "update"], ["translate", "pot"]):
        run = cfp(project, *command)
        assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr
        assert "outside the project" in run.stderr, run.stderr
    assert outside_files(project) == before, "nothing was written outside the project"


@pytest.mark.parametrize("tag", ["../../outside/evil/x", "pt/../../../x", "/tmp/x"])
def test_a_language_tag_is_checked_before_it_becomes_a_path(project, tag):
    before = outside_files(project)
    run = cfp(project, "translate", "new", tag)
    assert run.returncode == 2 and "is not a BCP 47 language tag" in run.stderr
    assert outside_files(project) == before
    assert not list((project / "content").rglob("*x.yaml"))
