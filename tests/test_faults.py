"""Fault injection for unattended builds, in real subprocesses at --jobs 2: kills and signals
of the main process, kills in the middle of writing a PNG or the manifest, a damaged
manifest, a full disk, a read-only output/. After each: no worker survives, nothing outside
output/ is touched, and the next build takes the lock and completes the set."""
from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from cfpgraphics.cli import cli
from cfpgraphics.builder.manifest import JOURNAL_NAME, MANIFEST_NAME, Manifest

SIZES = "[instagram-square, story, x-post, link-card]"
EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
LANGS = ("en", "es", "fr")
ALL = {f"{lang}/stat/{size}.png" for lang in LANGS for size in ("instagram-square", "story", "x-post", "link-card")}

# Runs the CLI with test hooks: SLOW=seconds per job (so signals land mid-build), KILL_AT=png
# (SIGKILL the build while a worker is writing its 3rd PNG), manifest (SIGKILL the build while
# it writes the whole manifest) or journal (SIGKILL the build half-way through its second append
# to the manifest's journal), READ_ONLY=1 (output/ behaves as a read-only mount).
RUNNER = r'''
import errno, os, signal, sys, tempfile, time
from pathlib import Path
import cfpgraphics.builder.runner as build
import cfpgraphics.builder.output as output

delay = float(os.environ.get("SLOW", "0"))
real_render = build.render_job
def slow_render(project, job):
    time.sleep(delay)
    return real_render(project, job)
build.render_job = slow_render

doomed = os.environ.get("KILL_WORKER")
if doomed:
    def dying_render(project, job):
        if job.name == doomed:
            os._exit(9)  # the OOM killer takes this worker
        return slow_render(project, job)
    build.render_job = dying_render

kill_at = os.environ.get("KILL_AT")
real_write = output.write_bytes_atomic
calls = {"png": 0, "manifest": 0}
main_pid = os.getpid()
def write(path, data):
    kind = "png" if path.suffix == ".png" else "manifest" if path.name == ".cfpgraphics-manifest.json" else None
    if kind and kind == kill_at:
        calls[kind] += 1
        if calls[kind] == (3 if kind == "png" else 1):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.write(fd, data[: len(data) // 2])  # half written when the kill lands
            os.kill(main_pid, signal.SIGKILL)
            time.sleep(30)  # a worker: must be killed with its parent, not linger
    return real_write(path, data)
output.write_bytes_atomic = write
import cfpgraphics.builder.manifest
cfpgraphics.builder.manifest.write_bytes_atomic = write
real_append = cfpgraphics.builder.manifest._append
def append(path, offset, data):
    calls["journal"] = calls.get("journal", 0) + 1
    if kill_at == "journal" and calls["journal"] == 2:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT)
        os.pwrite(fd, data[: len(data) // 2], offset)  # some lines, and half of one, when the kill lands
        os.kill(main_pid, signal.SIGKILL)
        time.sleep(30)
    return real_append(path, offset, data)
cfpgraphics.builder.manifest._append = append

if kill_at == "clip":  # SIGKILL the build while a worker is half-way through encoding a clip
    import cfpgraphics.render.video as video
    real_mp4 = video.encode_mp4
    def dying_mp4(frames, *args, **kwargs):
        def frames_then_kill():
            for i, frame in enumerate(frames):
                if i == 40:
                    os.kill(main_pid, signal.SIGKILL)
                    time.sleep(30)
                yield frame
        return real_mp4(frames_then_kill(), *args, **kwargs)
    video.encode_mp4 = dying_mp4

if os.environ.get("READ_ONLY"):
    real_mkstemp = tempfile.mkstemp
    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and "output" in Path(dir).parts:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_mkstemp(*args, dir=dir, **kwargs)
    tempfile.mkstemp = mkstemp

from cfpgraphics.cli import main
main(sys.argv[1:])
'''


def fault_project(make_project, tmp_path) -> Path:
    """One stat graphic in every language of LANGS, and runner.py beside it (real faults)."""
    files = {"content/stat/graphic.yaml": f"template: stat\nsizes: {SIZES}\n"}
    for lang in LANGS:
        files[f"content/stat/{lang}.yaml"] = EN
    root = make_project(files)
    (tmp_path / "runner.py").write_text(RUNNER)
    return root


@pytest.fixture
def proj(make_project, tmp_path):
    return fault_project(make_project, tmp_path)


TINY = {"en/stat/x-post.png", "en/stat/link-card.png"}


@pytest.fixture
def tiny(make_project):
    """One language, two small sizes: for the in-process matrices."""
    return make_project({"content/stat/graphic.yaml": "template: stat\nsizes: [x-post, link-card]\n",
                         "content/stat/en.yaml": EN})


def start(root: Path, *args: str, env: dict | None = None, preexec=None) -> subprocess.Popen:
    runner = root.parent / "runner.py"
    return subprocess.Popen([sys.executable, str(runner), "--project", str(root), "build", "--jobs", "2", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, start_new_session=True, preexec_fn=preexec)


def run(root: Path, *args: str, env: dict | None = None, preexec=None, timeout: float = 60):
    proc = start(root, *args, env=env, preexec=preexec)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def wait_for_rendered(proc: subprocess.Popen, count: int = 1) -> list[str]:
    """Read stderr until `count` jobs have been reported rendered (the build is mid-way)."""
    lines = []
    while sum(line.startswith("rendered ") for line in lines) < count:
        line = proc.stderr.readline()
        assert line, f"build ended early: {lines}"
        lines.append(line)
    return lines


def processes():
    """(pid, fields of /proc/PID/stat after the command name: state, ppid, pgrp, ...) of every
    process that is still there when read."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        yield int(entry.name), stat[stat.rindex(")") + 2:].split()


def survivors(group: int) -> list[int]:
    """Live (non-zombie) processes of the build's process group."""
    return [pid for pid, fields in processes() if int(fields[2]) == group and fields[0] != "Z"]


def assert_no_survivors(group: int) -> None:
    deadline = time.monotonic() + 3
    while survivors(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not survivors(group), "a worker outlived the build"


def manifest_jobs(root: Path) -> set[str]:
    """The jobs the build record claims: its JSON file with its journal replayed over it."""
    record = Manifest.load(root / "output")
    assert record.problem is None, record.problem
    return set(record.entries)


def snapshot_jobs(root: Path) -> set[str]:
    """The jobs of the JSON file alone (a finished build leaves the whole record there)."""
    return set(json.loads((root / "output" / MANIFEST_NAME).read_text())["jobs"])


def assert_next_build_completes(root: Path) -> None:
    code, out, err = run(root, "--json", "--wait", "0")
    assert code == 0, err
    report = json.loads(out)
    assert report["failed"] == 0 and report["rendered"] + report["skipped"] == len(ALL)
    assert manifest_jobs(root) == ALL
    assert snapshot_jobs(root) == ALL and not (root / "output" / JOURNAL_NAME).exists(), "folded into one file"
    for png in (root / "output").rglob("*.png"):
        with Image.open(png) as image:
            image.load()
    assert not list((root / "output").rglob("*.tmp"))


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_build_kills_its_workers_and_frees_the_lock(proj, signum):
    proc = start(proj, env={"SLOW": "0.3"})
    wait_for_rendered(proc)
    proc.send_signal(signum)
    proc.wait(timeout=5)
    assert proc.returncode == (-signal.SIGKILL if signum == signal.SIGKILL else 143)
    assert_no_survivors(proc.pid)
    assert_next_build_completes(proj)


def test_ctrl_c_stops_within_two_seconds_and_records_exactly_what_finished(proj):
    proc = start(proj, "--json", env={"SLOW": "0.4"})
    lines = wait_for_rendered(proc, 2)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    elapsed = time.monotonic() - sent
    assert proc.returncode == 130 and elapsed < 2.0, (proc.returncode, elapsed, err)
    assert "Traceback" not in err
    rendered = {line.split()[1] for line in lines + err.splitlines(True) if line.startswith("rendered ")}
    assert manifest_jobs(proj) == rendered, "the manifest records exactly the jobs reported finished"
    report = json.loads(out)
    assert {p.removeprefix("output/") for p in report["rendered_outputs"] if p.endswith(".png")} == rendered
    assert "SIGINT" in report["error"] and report["exit_code"] == 130
    assert len(rendered) < len(ALL), "no new job started after the interrupt"
    assert_no_survivors(proc.pid)
    code, out, _ = run(proj, "--json")
    assert code == 0 and json.loads(out)["skipped"] == len(rendered), "finished work is not done again"


def test_an_orphan_holding_the_lock_of_a_dead_build_is_taken_over(proj):
    """What older versions left behind: a worker of a killed build still holding the flock."""
    (proj / "output").mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time\n"
        "fh = open(sys.argv[1], 'a+'); fcntl.flock(fh, fcntl.LOCK_EX)\n"
        "fh.seek(0); fh.truncate(); fh.write(sys.argv[2]); fh.flush(); print('locked', flush=True)\n"
        "time.sleep(60)\n"), str(proj / "output" / ".cfpgraphics.lock"), dead.stdout.strip()],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        code, out, err = run(proj, "--wait", "0")
        assert code == 0, err
        assert f"build {dead.stdout.strip()}, which is no longer running; took it over" in err
    finally:
        holder.kill()
        holder.wait()


def test_a_live_build_holding_the_lock_exits_3(proj):
    proc = start(proj, env={"SLOW": "0.3"})
    try:
        wait_for_rendered(proc)
        code, out, err = run(proj, "--wait", "0", "--json")
        assert code == 3 and f"another build (pid {proc.pid}) is writing" in err
        assert json.loads(out)["exit_code"] == 3, "--json still gets a report"
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("where", ["png", "manifest", "journal"])
def test_killed_mid_write_leaves_nothing_half_written(proj, where):
    slow = {"SLOW": "0.4"} if where == "journal" else {}  # long enough for a second append
    code, out, err = run(proj, env={"KILL_AT": where, **slow}, timeout=30)
    assert code == -signal.SIGKILL, err
    pngs = list((proj / "output").rglob("*.png"))
    for png in pngs:
        with Image.open(png) as image:
            image.load()
    if where != "png":
        # what a kill leaves (a torn journal line, an unfinished temp file) is no damage: the
        # record loads without a problem and claims only files that were finished
        claimed = manifest_jobs(proj)
        assert claimed <= {png.relative_to(proj / "output").as_posix() for png in pngs}
        if where == "journal":
            assert claimed and len(claimed) < len(ALL), "the complete lines before the torn one count"
            assert not (proj / "output" / JOURNAL_NAME).read_bytes().endswith(b"\n"), "a torn last line"
    code, out, err = run(proj, "--json")
    assert code == 0 and "build record" not in err, err
    assert_next_build_completes(proj)


def outside_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and "output" not in p.relative_to(root).parts
            and "fonts" not in p.relative_to(root).parts}


def build_in_process(root: Path, *args: str):
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--jobs", "1", "--json", *args])
    return result.exit_code, result.stdout, result.stderr


MATRIX = {
    "empty": "",
    "truncated": '{"format": 1, "jobs": {"en/stat/story.png": {"key": "',
    "binary": "\x00\x01\x02garbage",
    "list": "[]",
    "null": "null",
    "number": "1",
    "jobs-is-a-list": '{"format": 1, "jobs": []}',
    "entry-empty": '{"format": 1, "jobs": {"en/stat/story.png": {}}}',
    "entry-null": '{"format": 1, "jobs": {"en/stat/story.png": null}}',
    "files-wrong-type": '{"format": 1, "jobs": {"en/stat/story.png": {"key": "k", "parts": {}, "files": [1]}}}',
    "name-outside": json.dumps({"format": 1, "jobs": {"../content/stat/en.yaml": {
        "key": "k", "parts": {}, "files": {"../content/stat/en.yaml": {"bytes": 1, "mtime_ns": 1, "sha256": "x"}},
        "info": {"graphic": "gone", "lang": "en"}}}}),
    "file-outside": json.dumps({"format": 1, "jobs": {"en/gone/story.png": {
        "key": "k", "parts": {}, "files": {"../templates/stat.yaml": {"bytes": 1, "mtime_ns": 1, "sha256": "x"}},
        "info": {"graphic": "gone", "lang": "en"}}}}),
    "absolute": json.dumps({"format": 1, "jobs": {"en/gone/story.png": {
        "key": "k", "parts": {}, "files": {"{abs}": {"bytes": 1, "mtime_ns": 1, "sha256": "x"}},
        "info": {"graphic": "gone", "lang": "en"}}}}),
}


@pytest.mark.parametrize("case", MATRIX)
def test_a_damaged_manifest_is_reported_in_one_line_and_healed(tiny, case):
    code, _, err = build_in_process(tiny)
    assert code == 0, err
    before = outside_files(tiny)
    victim = tiny / "content/stat/en.yaml"
    text = MATRIX[case].replace("{abs}", str(victim))
    (tiny / "output" / MANIFEST_NAME).write_text(text, encoding="utf-8")
    code, out, err = build_in_process(tiny)
    assert code == 0, err
    assert outside_files(tiny) == before, "nothing outside output/ is ever removed or changed"
    lines = [line for line in err.splitlines() if MANIFEST_NAME in line]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert manifest_jobs(tiny) == TINY
    code, out, err = build_in_process(tiny)
    assert code == 0 and MANIFEST_NAME not in err and json.loads(out)["skipped"] == len(TINY), "healed"


def test_manifest_that_is_a_folder_is_reported_not_a_traceback(tiny):
    (tiny / "output" / MANIFEST_NAME).mkdir(parents=True)
    code, out, err = build_in_process(tiny)
    assert code == 4 and "cannot save the build record" in err and "Traceback" not in err
    assert json.loads(out)["exit_code"] == 4, "--json still gets its report"
    shutil.rmtree(tiny / "output" / MANIFEST_NAME)
    code, out, err = build_in_process(tiny)
    assert code == 0 and "Traceback" not in err


def limit_file_size(limit: int):
    def preexec():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_disk_full_while_writing_images_stops_with_a_clear_error_and_the_next_run_goes_on(proj):
    sizes = {}
    code, _, _ = run(proj)
    for png in (proj / "output").rglob("*.png"):
        sizes[png.relative_to(proj / "output").as_posix()] = png.stat().st_size
    limit = sorted(sizes.values())[len(sizes) // 2]  # about half the images no longer fit
    (proj / "content/stat/en.yaml").write_text(EN.replace("95%", "96%"))
    (proj / "content/stat/es.yaml").write_text(EN.replace("95%", "97%"))
    code, out, err = run(proj, "--json", preexec=limit_file_size(limit))
    assert code == 4, err
    assert "File too large" in err and "Traceback" not in err
    report = json.loads(out)
    assert report["exit_code"] == 4 and "File too large" in report["error"]
    recorded = manifest_jobs(proj)
    assert {p.removeprefix("output/") for p in report["rendered_outputs"] if p.endswith(".png")} <= recorded
    assert not list((proj / "output").rglob("*.tmp"))
    assert_next_build_completes(proj)


def test_disk_full_while_saving_the_manifest_keeps_the_last_one_and_the_images(proj, monkeypatch):
    from cfpgraphics.builder import manifest

    code, _, _ = build_in_process(proj)
    before = json.loads((proj / "output" / MANIFEST_NAME).read_text())
    (proj / "content/stat/es.yaml").write_text(EN.replace("95%", "97%"))  # 4 jobs to re-render

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(manifest, "write_bytes_atomic", full)
    code, out, err = build_in_process(proj)
    assert code == 4 and "cannot save the build record" in err and "No space left" in err, err
    assert "Traceback" not in err
    assert json.loads((proj / "output" / MANIFEST_NAME).read_text()) == before, "the previous one is intact"
    assert json.loads(out)["rendered"] >= 1
    monkeypatch.undo()
    assert_next_build_completes(proj)


def test_read_only_output_is_a_clear_error(proj):
    run(proj)
    (proj / "content/stat/es.yaml").write_text(EN.replace("95%", "97%"))
    if os.geteuid() == 0:  # root writes through permissions: simulate a read-only mount
        code, out, err = run(proj, "--json", env={"READ_ONLY": "1"})
    else:
        for folder in [proj / "output", *(p for p in (proj / "output").rglob("*") if p.is_dir())]:
            folder.chmod(0o555)
        try:
            code, out, err = run(proj, "--json")
        finally:
            for folder in [proj / "output", *(p for p in (proj / "output").rglob("*") if p.is_dir())]:
                folder.chmod(0o755)
    assert code == 4, err
    assert ("Read-only file system" in err or "read-only" in err or "Permission denied" in err) and "Traceback" not in err
    assert json.loads(out)["exit_code"] == 4


def test_output_that_is_a_file_is_a_clear_error(proj):
    (proj / "output").write_text("not a folder")
    code, out, err = build_in_process(proj)
    assert code == 4 and "is a file, not a folder" in err
    assert (proj / "output").read_text() == "not a folder"


@pytest.mark.parametrize("damage", ["missing", "empty", "not-a-folder"])
@pytest.mark.parametrize("folder", ["content", "templates"])
def test_missing_sources_delete_nothing(tiny, folder, damage):
    code, _, _ = build_in_process(tiny)
    published = sorted((tiny / "output").rglob("*.png"))
    assert code == 0 and len(published) == len(TINY)
    shutil.rmtree(tiny / folder)
    if damage == "empty":
        (tiny / folder).mkdir()
    elif damage == "not-a-folder":
        (tiny / folder).write_text("")
    code, out, err = build_in_process(tiny)
    assert code == 1 and f"{folder}/" in err and "nothing was built and nothing was removed" in err, err
    assert sorted((tiny / "output").rglob("*.png")) == published
    assert json.loads(out)["removed"] == 0


def test_unreadable_brand_deletes_nothing(tiny):
    build_in_process(tiny)
    (tiny / "brand/brand.yaml").write_text("palette: [\n")
    code, out, err = build_in_process(tiny)
    assert code == 1 and len(list((tiny / "output").rglob("*.png"))) == len(TINY)


def test_pruning_needs_the_source_to_be_gone(proj):
    build_in_process(proj)
    (proj / "content/stat/fr.yaml").rename(proj / "content/stat/fr (1).yaml")
    code, out, err = build_in_process(proj)
    assert code == 1 and "rename the file to fr.yaml" in err
    assert json.loads(out)["removed"] == 0, "a misnamed file is not a deleted language"
    (proj / "content/stat/graphic.yaml").write_text("template: nope\n")
    code, out, err = build_in_process(proj)
    assert json.loads(out)["removed"] == 0, "a broken graphic.yaml is not a deleted graphic"
    (proj / "content/stat/graphic.yaml").write_text(f"template: stat\nsizes: {SIZES}\n")
    (proj / "content/stat/fr (1).yaml").unlink()
    code, out, err = build_in_process(proj)
    assert code == 0 and json.loads(out)["removed"] == 4 * 2, "fr is gone: its PNGs and alt texts go"


def test_a_link_inside_output_never_leads_writes_outside(proj, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (proj / "output" / "es").mkdir(parents=True)
    (proj / "output" / "es" / "stat").symlink_to(elsewhere)
    code, out, err = build_in_process(proj)
    assert code == 1 and "link to a folder outside" in err
    assert not list(elsewhere.iterdir())


def test_unknown_lang_or_graphic_is_a_usage_error_before_anything_is_written(proj):
    for args in (["--lang", "xx"], ["--lang", "es copy"], ["--graphic", "nope"], ["--size", "huge"]):
        result = CliRunner().invoke(cli, ["--project", str(proj), "build", *args])
        assert result.exit_code == 2, (args, result.output)
        assert not (proj / "output").exists()


def test_translate_stamp_refuses_a_path(proj):
    before = outside_files(proj)
    for lang in ("../../brand/brand", "es/../../x"):
        result = CliRunner().invoke(cli, ["--project", str(proj), "translate", "stamp", lang])
        assert result.exit_code == 2 and "language tag" in result.stderr
    result = CliRunner().invoke(cli, ["--project", str(proj), "translate", "stamp", "es", "nope"])
    assert result.exit_code == 2 and "unknown graphic" in result.stderr
    assert outside_files(proj) == before


def test_a_crash_still_writes_the_json_report(proj, monkeypatch):
    from cfpgraphics.builder import runner as build_module

    def broken(*args, **kwargs):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(build_module, "write_gallery", broken)
    code, out, err = build_in_process(proj)
    assert code == 1 and "internal error: ZeroDivisionError" in err
    report = json.loads(out)
    assert report["rendered"] == len(ALL) and "ZeroDivisionError" in report["error"]
    assert manifest_jobs(proj) == ALL, "what was rendered is recorded"


def test_disk_full_error_kinds_are_storage_errors(proj, monkeypatch):
    """ENOSPC while writing one image: the build stops (exit 4) rather than failing them all."""
    from cfpgraphics.builder import output

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output, "write_bytes_atomic", full)
    code, out, err = build_in_process(proj)
    assert code == 4 and "No space left on device" in err
    assert json.loads(out)["failed"] == 1, "stopped at the first full-disk failure"


def test_sigterm_stops_watch_and_its_workers(proj):
    runner = proj.parent / "runner.py"
    proc = subprocess.Popen([sys.executable, str(runner), "--project", str(proj), "watch", "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "SLOW": "0.3"})
    try:  # watch says one line per build, not per image: mid-way is when the first image is there
        deadline = time.monotonic() + 120
        while not any((proj / "output").rglob("*.png")):
            assert proc.poll() is None and time.monotonic() < deadline, "watch ended, or drew nothing in 120 s"
            time.sleep(0.05)
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 143 and time.monotonic() - sent < 2 and "Traceback" not in err, err
    assert_no_survivors(proc.pid)
    assert_next_build_completes(proj)


def test_a_worker_killed_by_the_oom_killer_fails_its_job_and_the_build_goes_on(proj):
    code, out, err = run(proj, "--json", env={"KILL_WORKER": "es/stat/story.png"})
    assert code == 1, err
    report = json.loads(out)
    failed = {f["output"] for f in report["failures"]}
    assert "es/stat/story.png" in failed and len(failed) <= 4, ("only the jobs in flight with it are lost", err)
    assert report["rendered"] + len(failed) == len(ALL)
    assert "worker process failed" in err and "Traceback" not in err
    assert_next_build_completes(proj)


JOURNAL_MATRIX = {
    "garbage": "\x00\x01garbage\n",
    "not-an-object": "[1, 2]\n",
    "entry-empty": '{"format": 1, "set": "en/stat/story.png"}\n',
    "name-outside": json.dumps({"format": 1, "set": "../content/stat/en.yaml", "key": "k", "parts": {},
                                "files": {"../content/stat/en.yaml": {"bytes": 1, "mtime_ns": 1, "sha256": "x"}},
                                "info": {}}) + "\n",
    "forget-everything-then-garbage": '{"format": 1, "forget": "en/stat/x-post.png"}\n{"format": 1, "forget": ',
}


@pytest.mark.parametrize("case", JOURNAL_MATRIX)
def test_a_damaged_journal_is_reported_in_one_line_and_healed(tiny, case):
    code, _, err = build_in_process(tiny)
    assert code == 0, err
    assert not (tiny / "output" / JOURNAL_NAME).exists(), "a finished build folds its journal into the record"
    before = outside_files(tiny)
    (tiny / "output" / JOURNAL_NAME).write_text(JOURNAL_MATRIX[case], encoding="utf-8")
    code, out, err = build_in_process(tiny)
    assert code == 0, err
    assert outside_files(tiny) == before, "nothing outside output/ is ever removed or changed"
    lines = [line for line in err.splitlines() if MANIFEST_NAME in line]
    torn_only = case.startswith("forget")  # complete lines, then a torn one: what a kill leaves
    assert len(lines) == (0 if torn_only else 1) and "Traceback" not in err, err
    if torn_only:
        assert json.loads(out)["rendered"] == 1, "the forgotten output is rendered again"
    assert manifest_jobs(tiny) == TINY == snapshot_jobs(tiny)
    assert not (tiny / "output" / JOURNAL_NAME).exists()
    code, out, err = build_in_process(tiny)
    assert code == 0 and MANIFEST_NAME not in err and json.loads(out)["skipped"] == len(TINY), "healed"


def test_a_link_in_the_journals_place_is_not_written_through(tiny, tmp_path):
    code, _, err = build_in_process(tiny)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tiny / "content/stat/en.yaml").write_text(EN.replace("95%", "96%"))
    (tiny / "output" / JOURNAL_NAME).symlink_to(victim)
    code, out, err = build_in_process(tiny)
    assert code == 0 and "Traceback" not in err, err
    assert victim.read_text() == "keep me"
    assert not (tiny / "output" / JOURNAL_NAME).exists() and manifest_jobs(tiny) == TINY


def test_disk_full_while_appending_to_the_journal_keeps_the_last_record_and_the_images(proj, monkeypatch):
    from cfpgraphics.builder import manifest

    code, _, _ = build_in_process(proj)
    before = json.loads((proj / "output" / MANIFEST_NAME).read_text())
    (proj / "content/stat/es.yaml").write_text(EN.replace("95%", "97%"))

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(manifest, "_append", full)
    monkeypatch.setattr(manifest, "write_bytes_atomic", full)
    code, out, err = build_in_process(proj)
    assert code == 4 and "cannot save the build record" in err and "No space left" in err, err
    assert "Traceback" not in err
    assert json.loads((proj / "output" / MANIFEST_NAME).read_text()) == before, "the previous one is intact"
    monkeypatch.undo()
    assert_next_build_completes(proj)


def test_saving_the_record_costs_what_was_finished_not_the_whole_record(make_project, monkeypatch):
    """Flushed after every job, a build appends each entry once and writes the whole record
    once: bytes written grow linearly with outputs (a rewrite per flush grew with the square)."""
    import cfpgraphics.builder.runner as build_module
    from cfpgraphics.builder import manifest

    sizes = "[instagram-square, story, x-post, link-card, instagram-portrait, instagram-grid]"
    files = {"content/stat/graphic.yaml": f"template: stat\nsizes: {sizes}\n"}
    files.update({f"content/stat/{lang}.yaml": EN for lang in LANGS})
    root = make_project(files)
    appended, whole = [], []
    real_append, real_write = manifest._append, manifest.write_bytes_atomic
    monkeypatch.setattr(manifest, "_append", lambda path, offset, data: (appended.append(len(data)),
                                                                         real_append(path, offset, data)))
    monkeypatch.setattr(manifest, "write_bytes_atomic", lambda path, data: (
        path.name == MANIFEST_NAME and whole.append(len(data)), real_write(path, data)))  # not the inputs memo
    monkeypatch.setattr(build_module, "_save_now_and_then", lambda record: record.flush())
    code, out, err = build_in_process(root)
    assert code == 0, err
    assert json.loads(out)["rendered"] == 18
    assert len(appended) == 18, "one append per finished job"
    assert len(whole) == 1, "the whole record written once, at the end"
    assert sum(appended) < 1.5 * whole[0], (sum(appended), whole)
    assert manifest_jobs(root) == snapshot_jobs(root) and len(snapshot_jobs(root)) == 18


# --- clips (issue #26): the same kill and disk-full safety as stills ---------------------------

CLIPS = {f"{lang}/stat/story.{ext}" for lang in ("en", "es") for ext in ("png", "mp4")}
needs_ffprobe = pytest.mark.skipif(shutil.which("ffprobe") is None,
                                   reason="Debian's ffmpeg (ffprobe) is not installed: apt-get install ffmpeg")


@pytest.fixture
def clip_proj(make_project, tmp_path):
    """One stat graphic, story size, a PNG and an MP4 in two languages; runner.py beside it."""
    files = {"content/stat/graphic.yaml": "template: stat\nsizes: [story]\nformats: [png, mp4]\n"}
    for lang in ("en", "es"):
        files[f"content/stat/{lang}.yaml"] = EN
    root = make_project(files)
    (tmp_path / "runner.py").write_text(RUNNER)
    return root


def assert_clips_whole(root: Path) -> None:
    """Every MP4 in output/ is a whole, playable file (ffprobe reads its frames), none half written."""
    for clip in (root / "output").rglob("*.mp4"):
        probe = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=nb_read_frames",
                                "-of", "csv=p=0", str(clip)], capture_output=True, text=True, timeout=60)
        assert probe.returncode == 0 and int(probe.stdout.strip()) > 100, (clip, probe.stderr)


def assert_clip_build_completes(root: Path) -> None:
    code, out, err = run(root, "--json", "--wait", "0", timeout=300)
    assert code == 0, err
    report = json.loads(out)
    assert report["failed"] == 0
    assert manifest_jobs(root) == CLIPS
    assert not list((root / "output").rglob("*.tmp")), "the encoder's scratch files are swept"
    assert_clips_whole(root)


@needs_ffprobe
def test_killed_while_encoding_a_clip_leaves_no_half_clip_and_the_next_build_sweeps_its_scratch(clip_proj):
    code, out, err = run(clip_proj, env={"KILL_AT": "clip"}, timeout=300)
    assert code == -signal.SIGKILL, err
    # the encoder works in the clip's own folder, on a hidden temp file: that is what a kill leaves
    scratch = list((clip_proj / "output").rglob(".cfpgraphics-clip-*.tmp"))
    assert scratch and all(p.parent.name == "stat" for p in scratch)
    assert_clips_whole(clip_proj)
    assert manifest_jobs(clip_proj) <= {p.relative_to(clip_proj / "output").as_posix()
                                         for p in (clip_proj / "output").rglob("*") if p.suffix in (".png", ".mp4")}
    assert_clip_build_completes(clip_proj)


@needs_ffprobe
def test_disk_full_while_encoding_a_clip_stops_with_a_clear_error_and_the_next_run_goes_on(clip_proj):
    code, out, err = run(clip_proj, "--json", timeout=300)
    assert code == 0, err
    pngs = max(p.stat().st_size for p in (clip_proj / "output").rglob("*.png"))
    mp4s = min(p.stat().st_size for p in (clip_proj / "output").rglob("*.mp4"))
    assert pngs * 1.2 < mp4s, "a limit between the two: every PNG fits, no clip does"
    for lang in ("en", "es"):
        (clip_proj / f"content/stat/{lang}.yaml").write_text(EN.replace("95%", "96%"))
    code, out, err = run(clip_proj, "--json", preexec=limit_file_size(int(pngs * 1.2)), timeout=300)
    assert code == 4, err
    assert "File too large" in err and "Traceback" not in err
    report = json.loads(out)
    assert report["exit_code"] == 4 and "File too large" in report["error"] and ".mp4" in report["error"]
    assert not list((clip_proj / "output").rglob("*.tmp")), "no scratch left behind by a failed encode"
    assert_clips_whole(clip_proj)  # yesterday's clips are untouched
    assert_clip_build_completes(clip_proj)
