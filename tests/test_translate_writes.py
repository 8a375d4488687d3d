"""Issue 27, item 10: `translate import` and `translate new` write all of their files or none,
and say why at the file: a UTF-16 es.yaml (which the README supports) is read and stays UTF-16
with its comment header, a CSV cell over the csv module's 131,072 characters, a read-only
content/, a full disk. A text given in two rows is reported, not last-wins; a new line in the
imported file's name cannot become a line of YAML. Run as the CLI runs, in subprocesses."""
from __future__ import annotations

import codecs
import csv
import io
import os
import shutil
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.builder.project import open_project

GRAPHIC = "template: stat\nsizes: [link-card]\n"
EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
HEADER = "# stat: Spanish, by the Chicago team.\n# Keep the stars.\n"
ES = HEADER + 'status: reviewed\nstat: "95%"\nstatement: "de las personas eran **negras**"\n'
COLUMNS = ["graphic", "field", "English", "translation", "status", "note", "fit hint"]


def cfp(root: Path, *args: str, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=120, preexec_fn=preexec)


def sheet(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([COLUMNS, *rows])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


@pytest.fixture
def project(make_project):
    return make_project({"content/stat/graphic.yaml": GRAPHIC, "content/stat/en.yaml": EN,
                         "content/other/graphic.yaml": GRAPHIC, "content/other/en.yaml": EN})


@pytest.mark.parametrize("bom, encoding", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF8, "utf-8")])
def test_import_into_a_utf16_or_bom_file_keeps_its_encoding_and_header(project, tmp_path, bom, encoding):
    target = project / "content/stat/es.yaml"
    target.write_bytes(bom + ES.replace("\n", "\r\n").encode(encoding))
    run = cfp(project, "translate", "import", str(sheet(tmp_path / "es.csv", [
        ["stat", "statement", "", "de **todas** las personas", "reviewed", "", ""]])))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    data = target.read_bytes()
    assert data.startswith(bom), "the file keeps the encoding its editor saved it in"
    text = data[len(bom):].decode(encoding)
    assert text.startswith(HEADER), "the comment header survives"
    assert "de **todas** las personas" in text
    loaded = open_project(project, AssetStore())
    assert not loaded.problems, [str(p) for p in loaded.problems]
    assert loaded.graphics["stat"].translations["es"].values["statement"] == "de **todas** las personas"


def test_a_cell_over_the_csv_limit_is_located_and_nothing_is_written(project, tmp_path):
    before = snapshot(project)
    rows = [["other", "statement", "", "de las personas", "", "", ""],
            ["stat", "statement", "", "x" * 140_000, "", "", ""]]
    run = cfp(project, "translate", "import", str(sheet(tmp_path / "es.csv", rows)))
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert "es.csv:3: this row cannot be read: field larger than field limit (131072)" in run.stderr
    assert snapshot(project) == before, "nothing is written, not even the good row before it"


def test_a_text_given_twice_is_reported_not_last_wins(project, tmp_path):
    rows = [["stat", "stat", "", "95%", "", "", ""],
            ["stat", "statement", "", "primeira", "", "", ""],
            ["stat", "statement", "", "segunda", "", "", ""]]
    run = cfp(project, "translate", "import", str(sheet(tmp_path / "pt.csv", rows)))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert "pt.csv:4: 'stat/statement' is given twice: here and at line 3" in run.stderr
    # without its statement (required), pt.yaml would fail `check`: it is not created at all
    assert "pt.csv:2: nothing of 'stat' is imported: content/stat/pt.yaml would fail" in run.stderr
    assert not (project / "content/stat/pt.yaml").exists()


def test_a_new_line_in_the_files_name_cannot_inject_yaml(project, tmp_path):
    name = 'es\nalt: "INJECTED"\nstatus: reviewed\n.csv'
    path = sheet(tmp_path / name, [["stat", "stat", "", "95%", "", "", ""],
                                   ["stat", "statement", "", "de las personas", "", "", ""]])
    run = cfp(project, "translate", "import", str(path), "--lang", "es")
    assert run.returncode == 0, run.stderr
    text = (project / "content/stat/es.yaml").read_text(encoding="utf-8")
    starts = [line.split(":")[0] for line in text.splitlines() if not line.startswith("#")]
    assert starts == ["status", "stat", "statement"], text
    assert 'imported from es\\nalt: "INJECTED"\\nstatus: reviewed\\n.csv.' in text
    loaded = open_project(project, AssetStore())
    assert loaded.graphics["stat"].translations["es"].status == "draft"
    assert "alt" not in loaded.graphics["stat"].translations["es"].values


def no_bytes_written():
    """The disk takes no byte (RLIMIT_FSIZE 0): every write fails as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_a_full_disk_is_one_located_error_and_no_file_changes(project, tmp_path):
    before = snapshot(project)
    new = cfp(project, "translate", "new", "pt", preexec=no_bytes_written)
    assert new.returncode == 4 and "Traceback" not in new.stderr, new.stderr
    assert "error: content/other/pt.yaml: cannot write this file: File too large; no file was changed" in new.stderr
    rows = [["stat", "stat", "", "95%", "", "", ""], ["stat", "statement", "", "de las personas", "", "", ""],
            ["other", "stat", "", "95%", "", "", ""], ["other", "statement", "", "de las", "", "", ""]]
    run = cfp(project, "translate", "import", str(sheet(tmp_path / "es.csv", rows)), preexec=no_bytes_written)
    assert run.returncode == 4 and "Traceback" not in run.stderr, run.stderr
    assert "content/other/es.yaml: cannot write this file: File too large; no file was changed" in run.stderr
    assert snapshot(project) == before, "no file half-written, no temporary file left, none of the set written"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; the full disk test covers it")
def test_a_read_only_content_folder_is_one_located_error(project, tmp_path):
    before = snapshot(project)
    for folder in (project / "content").iterdir():
        folder.chmod(0o555)
    try:
        new = cfp(project, "translate", "new", "pt")
        assert new.returncode == 4 and "Traceback" not in new.stderr, new.stderr
        assert "content/other/pt.yaml: cannot write this file: Permission denied; no file was changed" in new.stderr
        run = cfp(project, "translate", "import", str(sheet(tmp_path / "es.csv", [
            ["stat", "stat", "", "95%", "", "", ""], ["stat", "statement", "", "de las personas", "", "", ""]])))
        assert run.returncode == 4 and "Permission denied" in run.stderr and "Traceback" not in run.stderr
    finally:
        for folder in (project / "content").iterdir():
            folder.chmod(0o755)
    assert snapshot(project) == before


def _read_only_mounts_work() -> bool:
    """Root can write into a folder with no write bits, but not into a read-only mount: a private
    mount namespace (util-linux `unshare -m`) gives one without touching the machine's mounts."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind / / && mount -o remount,ro,bind / / && true"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mounts_work(), reason="needs root and `unshare -m` for a read-only mount")
def test_a_read_only_content_file_system_is_one_located_error(project, tmp_path):
    """As root (CI), the real thing: content/ on a read-only mount, in a mount namespace of
    the command's own."""
    before = snapshot(project)
    content = str(project / "content")
    ro = f'mount --bind "{content}" "{content}" && mount -o remount,ro,bind "{content}" && exec "$@"'

    def run(*args):
        return subprocess.run(["unshare", "-m", "sh", "-c", ro, "sh", sys.executable, "-m", "cfpgraphics",
                               "--project", str(project), *args], capture_output=True, text=True, timeout=120)

    new = run("translate", "new", "pt")
    assert new.returncode == 4 and "Traceback" not in new.stderr, new.stderr
    assert "content/other/pt.yaml: cannot write this file: Read-only file system; no file was changed" in new.stderr
    imported = run("translate", "import", str(sheet(tmp_path / "es.csv", [
        ["stat", "stat", "", "95%", "", "", ""], ["stat", "statement", "", "de las personas", "", "", ""]])))
    assert imported.returncode == 4 and "Read-only file system" in imported.stderr, imported.stderr
    assert "Traceback" not in imported.stderr
    assert snapshot(project) == before
