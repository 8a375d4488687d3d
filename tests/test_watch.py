"""Watch mode: a changed content file triggers a rebuild of just what it affects."""
from __future__ import annotations

import threading
import time

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.builder.runner import BuildOptions, build
from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.builder.watch import changes, snapshot, watch


def test_snapshot_sees_edits_additions_and_removals(make_project):
    root = make_project({"content/a/graphic.yaml": "template: stat\n"})
    before = snapshot(root)
    (root / "content/a/en.yaml").write_text("stat: x\n")
    (root / "content/a/graphic.yaml").write_text("template: stat\nsizes: [story]\n")
    assert changes(before, snapshot(root)) == ["content/a/en.yaml", "content/a/graphic.yaml"]
    assert "output" not in " ".join(snapshot(root)), "output/ is not watched (a build must not retrigger)"


def test_watch_rebuilds_only_the_changed_language(make_project):
    root = make_project({
        "content/s/graphic.yaml": "template: stat\nsizes: [link-card]\n",
        "content/s/en.yaml": 'stat: "95%"\nstatement: "of people"\n',
        "content/s/es.yaml": 'stat: "95%"\nstatement: "de las personas"\n',
    })
    project = open_project(root, AssetStore())
    build(project, plan_jobs(project), BuildOptions())
    stop = threading.Event()
    seen: list[dict] = []

    def rebuild(changed):
        project = open_project(root, AssetStore())
        report = build(project, plan_jobs(project), BuildOptions())
        seen.append({"changed": changed, "rendered": [r.job.name for r in report.results if r.status == "rendered"]})
        stop.set()

    thread = threading.Thread(target=watch, args=(root, rebuild), kwargs={"interval": 0.05, "settle": 0.05, "stop": stop})
    thread.start()
    time.sleep(0.3)  # let the watcher take its first snapshot
    (root / "content/s/es.yaml").write_text('stat: "95%"\nstatement: "de la gente"\n')
    thread.join(timeout=20)
    assert not thread.is_alive()
    assert seen == [{"changed": ["content/s/es.yaml"], "rendered": ["es/s/link-card.png"]}]
