"""Saving edited texts (the editor's save, issue 23 item 4): only the edited values change,
the file stays valid, and a second tab saving over a changed file is told so, losing nothing."""
from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from cfpgraphics.builder.project import open_project
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.content.diagnostics import CfpError
from cfpgraphics.exchange.editing import Conflict, digest, load_texts, save_texts

ROOT = Path(__file__).resolve().parent.parent
GRAPHIC = "chicago-gang-database"


def project_of(root: Path):
    return open_project(root, AssetStore())


def test_a_save_changes_only_the_edited_value(campaign):
    path = campaign / f"content/{GRAPHIC}/es.yaml"
    before = path.read_bytes()
    texts, base = load_texts(project_of(campaign), GRAPHIC, "es")
    assert base == digest(before) and texts[("kicker",)]
    saved = save_texts(project_of(campaign), GRAPHIC, "es", {("kicker",): "Chicago: la base"}, base)
    after = path.read_bytes()
    assert saved.changed == [("kicker",)] and saved.digest == digest(after)
    old_line = next(l for l in before.decode().splitlines() if l.startswith("kicker:"))
    assert after.decode() == before.decode().replace(old_line, 'kicker: "Chicago: la base"')
    project = project_of(campaign)
    assert not project.problems.errors
    assert project.graphics[GRAPHIC].translations["es"].values["kicker"] == "Chicago: la base"
    # saving the same words again writes nothing
    again = save_texts(project, GRAPHIC, "es", {("kicker",): "Chicago: la base"}, saved.digest)
    assert again.changed == [] and path.read_bytes() == after


def test_list_items_and_item_keys_are_edited_in_place(campaign):
    path = campaign / "content/four-places/es.yaml"
    before = path.read_text(encoding="utf-8")
    texts, base = load_texts(project_of(campaign), "four-places", "es")
    unit = next(u for u in texts if len(u) == 3 and u[2] == "text")
    save_texts(project_of(campaign), "four-places", "es", {unit: "Un texto nuevo, con \"comillas\""}, base)
    after = path.read_text(encoding="utf-8")
    assert len(after.splitlines()) == len(before.splitlines())
    assert sum(a != b for a, b in zip(after.splitlines(), before.splitlines())) == 1
    assert project_of(campaign).graphics["four-places"].translations["es"].values["slides"][int(unit[1]) - 1][
        "text"] == 'Un texto nuevo, con "comillas"'


def test_the_second_tab_is_told_the_file_changed_and_nothing_is_lost(campaign):
    _, base = load_texts(project_of(campaign), GRAPHIC, "es")
    first = save_texts(project_of(campaign), GRAPHIC, "es", {("kicker",): "CHICAGO 1"}, base)
    path = campaign / f"content/{GRAPHIC}/es.yaml"
    on_disk = path.read_bytes()
    with pytest.raises(Conflict) as caught:
        save_texts(project_of(campaign), GRAPHIC, "es", {("kicker",): "CHICAGO 2"}, base)
    assert "changed since you opened it" in str(caught.value.problem.message)
    assert caught.value.current[("kicker",)] == "CHICAGO 1" and caught.value.now == first.digest
    assert path.read_bytes() == on_disk


def test_a_save_that_check_would_reject_is_refused_and_writes_nothing(campaign):
    path = campaign / f"content/{GRAPHIC}/es.yaml"
    before = path.read_bytes()
    _, base = load_texts(project_of(campaign), GRAPHIC, "es")
    with pytest.raises(CfpError) as caught:
        save_texts(project_of(campaign), GRAPHIC, "es", {("statement",): "de las **personas"}, base)
    assert "not saved" in caught.value.problem.message and "'**' opens emphasis" in caught.value.problem.message
    with pytest.raises(CfpError):
        save_texts(project_of(campaign), GRAPHIC, "es", {("stat",): "9" * 40}, base)
    with pytest.raises(CfpError):
        save_texts(project_of(campaign), GRAPHIC, "es", {("nonsense",): "x"}, base)
    assert path.read_bytes() == before


def test_a_utf16_file_with_windows_line_ends_stays_so(campaign):
    path = campaign / f"content/{GRAPHIC}/es.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16"))
    _, base = load_texts(project_of(campaign), GRAPHIC, "es")
    save_texts(project_of(campaign), GRAPHIC, "es", {("kicker",): "CHICAGO"}, base)
    raw = path.read_bytes()
    assert raw.startswith(b"\xff\xfe") and 'kicker: "CHICAGO"\r\n' in raw.decode("utf-16")


def test_a_po_language_is_saved_into_its_po_file_and_the_edit_undoes_the_review(campaign, tmp_path):
    run = subprocess.run(["python", "-m", "cfpgraphics", "--project", str(campaign), "translate", "export", "--to",
                          "po", "--lang", "vi", "-o", str(campaign / "translations")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for path in (campaign / "content").glob("*/vi.yaml"):
        path.unlink()
    po_path = campaign / "translations/vi.po"
    assert subprocess.run(["python", "-m", "cfpgraphics", "--project", str(campaign), "translate", "review", "vi",
                           GRAPHIC], capture_output=True).returncode == 0
    assert project_of(campaign).graphics[GRAPHIC].translations["vi"].status == "reviewed"
    before = po_path.read_text(encoding="utf-8")
    _, base = load_texts(project_of(campaign), GRAPHIC, "vi")
    save_texts(project_of(campaign), GRAPHIC, "vi", {("kicker",): "CHICAGO, MỸ"}, base)
    after = po_path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and changed[0][1] == 'msgstr "CHICAGO, MỸ"'
    translation = project_of(campaign).graphics[GRAPHIC].translations["vi"]
    assert translation.values["kicker"] == "CHICAGO, MỸ" and translation.status == "draft"
    assert polib.pofile(str(po_path))  # still a PO file gettext tools read
