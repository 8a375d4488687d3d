"""Issue 27, item 5: a stopped worker (SIGSTOP, a hung read) must not hold the build forever.
A job has a deadline (--job-timeout); past it, its worker is killed, the job fails with a
diagnostic naming the output, the other jobs still render and the build exits 1."""
from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from test_faults import (ALL, assert_next_build_completes, assert_no_survivors, fault_project, processes, start,
                         wait_for_rendered)


@pytest.fixture
def proj(make_project, tmp_path):
    return fault_project(make_project, tmp_path)


def workers_of(pid: int) -> list[int]:
    """The worker processes the build forked: its children running its own command line."""
    own = Path(f"/proc/{pid}/cmdline").read_bytes()
    found = []
    for child, fields in processes():
        if int(fields[1]) != pid:
            continue
        try:
            if Path(f"/proc/{child}/cmdline").read_bytes() == own:
                found.append(child)
        except OSError:
            continue
    return found


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return state[state.rindex(")") + 2] == "Z"


def test_a_stopped_worker_is_killed_at_the_deadline_and_its_job_reported(proj):
    started = time.monotonic()
    proc = start(proj, "--json", "--job-timeout", "3", env={"SLOW": "0.5"})
    try:
        wait_for_rendered(proc)
        workers = workers_of(proc.pid)
        assert len(workers) == 2, workers
        os.kill(workers[0], signal.SIGSTOP)  # mid-job: the jobs sleep most of their time
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert time.monotonic() - started < 40, "the build finished, not held by the stopped worker"
    assert proc.returncode == 1 and "Traceback" not in err, err
    report = json.loads(out)
    failed = {f["output"]: f["message"] for f in report["failures"]}
    assert len(failed) == 1 and "took longer than 3 s" in next(iter(failed.values())), failed
    assert report["rendered"] + report["failed"] == len(ALL), "the jobs killed alongside it ran again"
    [output] = failed
    timeouts = [p for p in report["problems"] if p["code"] == "job-timeout"]
    assert len(timeouts) == 1 and timeouts[0]["output"] == output and timeouts[0]["severity"] == "error", timeouts
    assert f"FAILED {output}: took longer than 3 s" in err
    deadline = time.monotonic() + 3
    while not gone(workers[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(workers[0]), "the stopped worker was killed"
    assert_no_survivors(proc.pid)
    assert_next_build_completes(proj)


def test_a_clip_may_take_the_timeout_once_for_each_page_it_plays(make_project):
    """A carousel's story clip plays every page: its worker is given --job-timeout per page, so
    a long clip on a busy machine is not stopped at a still's deadline; a still keeps its own."""
    import subprocess

    from cfpgraphics.builder.plan import plan_jobs
    from cfpgraphics.builder.runner import _Starts, allowed
    from cfpgraphics.content.assets import AssetStore
    from cfpgraphics.builder.project import open_project

    project = open_project(Path(__file__).resolve().parents[1], AssetStore())
    jobs = plan_jobs(project, graphics=["four-places"], langs=["en"], sizes=["story"], formats=("png", "mp4"))
    stills = [j for j in jobs if not j.clip]
    [clip] = [j for j in jobs if j.clip]
    assert len(stills) > 1 and clip.scenes == len(stills)
    assert allowed(clip, 120) == 120 * len(stills) and {allowed(j, 120) for j in stills} == {120}

    starts = _Starts()
    sleepers = [subprocess.Popen(["sleep", "30"]) for _ in range(2)]
    try:
        started = time.monotonic() - 5  # both jobs began five seconds ago
        starts.running = {1: (sleepers[0].pid, started), 2: (sleepers[1].pid, started)}
        assert starts.kill_overdue({1: 3.0, 2: 3.0 * 4}) == {1}
        assert sleepers[0].wait(timeout=5) == -signal.SIGKILL
        assert sleepers[1].poll() is None, "the clip's worker is still within its time"
    finally:
        for p in sleepers:
            p.kill()
            p.wait()
        starts.close()
