"""Issue 27, item 3: the README's cron line and the workflow's build step, run exactly as
written (read from README.md and .github/workflows/rebuild.yml) in a fresh copy of the project
that has no output/ yet, as on a fresh clone. Only the install folder (/srv/cfpgraphics) is
replaced by the copy's; `.venv/bin/cfpgraphics` and `mail` are stand-ins on disk."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
INSTALL = "/srv/cfpgraphics"


def readme_cron_command() -> str:
    blocks = re.findall(r"```cron\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    lines = [line for block in blocks for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) == 1, lines
    fields = lines[0].split(None, 5)  # minute hour day month weekday command
    assert len(fields) == 6 and all(re.fullmatch(r"[\d*/,-]+", f) for f in fields[:5]), lines[0]
    return fields[5]


def stand_ins(tmp_path: Path, root: Path) -> dict:
    """A cron-like environment: /bin/sh, a short PATH with a `mail` that keeps what it is sent,
    and the project's `.venv/bin/cfpgraphics` running this checkout's package."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mail = bin_dir / "mail"
    mail.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path}/mail-args\ncat > {tmp_path}/mail-body\n')
    mail.chmod(0o755)
    venv = root / ".venv" / "bin"
    venv.mkdir(parents=True)
    for script in (venv / "cfpgraphics", bin_dir / "cfpgraphics"):
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cfpgraphics "$@"\n')
        script.chmod(0o755)
    return {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "SHELL": "/bin/sh", "LANG": "C.UTF-8",
            "PYTHONPATH": str(ROOT)}


@pytest.fixture
def fresh(make_project):
    root = make_project({"content/stat/graphic.yaml": "template: stat\nsizes: [link-card]\n",
                         "content/stat/en.yaml": EN, "content/stat/es.yaml": EN + "status: draft\n"})
    assert not (root / "output").exists()
    return root


def test_the_readme_cron_line_cannot_be_cut_by_cron():
    assert "%" not in readme_cron_command(), "cron turns an unescaped % into a new line"


@pytest.mark.parametrize("broken", [False, True])
def test_the_readme_cron_line_works_on_a_fresh_clone(fresh, tmp_path, broken):
    command = readme_cron_command()
    assert f"cd {INSTALL} " in command
    if broken:  # a content file with a mistake: the build exits 1 and the report is mailed
        (fresh / "content/stat/en.yaml").write_text(EN.replace("statement", "statment"))
    env = stand_ins(tmp_path, fresh)
    result = subprocess.run(["/bin/sh", "-c", command.replace(f"cd {INSTALL} ", f"cd {fresh} ")],
                            capture_output=True, text=True, env=env, timeout=120)
    report_file = fresh / "output" / "build-report.json"
    assert report_file.is_file(), result.stderr
    report = json.loads(report_file.read_text(encoding="utf-8"))
    mailed = tmp_path / "mail-body"
    if broken:
        assert report["failed"] + len([p for p in report["problems"] if p["severity"] == "error"]) >= 1
        assert mailed.is_file() and json.loads(mailed.read_text()) == report, "the report is what is mailed"
        assert "graphics build failed" in (tmp_path / "mail-args").read_text()
    else:
        assert result.returncode == 0 and not mailed.exists(), result.stderr
        assert report["rendered"] == 1 and report["failed"] == 0, "only the reviewed translation is built"
        assert (fresh / "output/en/stat/link-card.png").is_file()
        assert not (fresh / "output/es").exists()


def test_the_workflow_build_step_works_on_a_fresh_clone(fresh, tmp_path):
    workflow = yaml.safe_load((ROOT / ".github/workflows/rebuild.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [step["run"] for step in steps if step.get("name", "").startswith("Build")]
    assert len(runs) == 1
    env = stand_ins(tmp_path, fresh)
    result = subprocess.run(["bash", "-e", "-c", runs[0]], cwd=fresh, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    uploaded = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact"))
    for path in uploaded["with"]["path"].split():
        assert (fresh / path).exists(), f"the workflow publishes {path}, which the build step made"
    report = json.loads((fresh / "build-report.json").read_text(encoding="utf-8"))
    assert report["rendered"] == 1 and report["failed"] == 0
