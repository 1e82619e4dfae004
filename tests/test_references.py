"""Cross-references: every id named exists, ids are unique, and the who-is-named-where index."""
from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURE
from plansite.checks.site_data import load_site_data
from plansite.read.problems import ProblemsFound


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", target)
    return target


def problems_after(data_dir, file: str, old: str, new: str) -> list[str]:
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_site_data(data_dir)
    return [str(p) for p in caught.value.problems]


def test_real_data_is_consistent(site_data):
    index = site_data.index
    assert "julia-ross" in index.ids["person"]
    assert "sdog" in index.ids["body"]
    # Every person and body appears somewhere besides its own registry entry.
    unnamed = [p.id for p in site_data.people.people if not index.mentions_of("person", p.id)]
    assert not unnamed, f"people named nowhere else: {unnamed}"


def test_unknown_person_lists_nearest_first(data_copy):
    problems = problems_after(data_copy, "programmes.yaml", "person: chris-burton", "person: chris-burtn")
    assert len(problems) == 1
    assert ": 'chris-burtn' is not a known person. Known people: chris-burton, " in problems[0]
    assert problems[0].startswith("data/programmes.yaml:")
    assert ": 1st programme › 1st lead (person): " in problems[0]


def test_unknown_lead_may_be_person_or_body(data_copy):
    problems = problems_after(data_copy, "system_plan.yaml", "executive_leads: [mark-smith]", "executive_leads: [mark-smyth]")
    assert "'mark-smyth' is not a known person or body. Known people and bodies: mark-smith," in problems[0]


def test_unknown_source_document(data_copy):
    problems = problems_after(data_copy, "people.yaml", "document: board-update-2018-11", "document: board-update-2018-12")
    assert "'board-update-2018-12' is not a known source document. Known source documents: board-update-2018-11," in problems[0]


def test_duplicate_id_across_files_names_both_places(data_copy):
    problems = problems_after(data_copy, "programmes.yaml", "id: healthy-weston\n", "id: julia-ross\n")
    assert len(problems) == 1
    assert "the id 'julia-ross' is already used at data/people.yaml:" in problems[0]
    assert problems[0].startswith("data/programmes.yaml:")


def test_references_wait_for_a_broken_registry(data_copy):
    """When people.yaml itself is broken, its problem is reported, not hundreds of bad references."""
    (data_copy / "people.yaml").write_text("# yaml-language-server: $schema=../schemas/people.schema.json\npeople: [\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_site_data(data_copy)
    assert [p.file for p in caught.value.problems] == ["data/people.yaml"]


def test_all_problems_reported_at_once(data_copy):
    (data_copy / "glossary.yaml").unlink()
    problems = problems_after(data_copy, "people.yaml", "name: Julia Ross", "name: [Julia Ross]")
    assert any(p.startswith("data/glossary.yaml: the data file is missing") for p in problems)
    assert any(": 1st person (name): should be text" in p for p in problems)


def test_stray_data_file_is_reported(data_copy):
    (data_copy / "minutes.yaml").write_text("minutes: []\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_site_data(data_copy)
    assert str(caught.value).startswith("data/minutes.yaml: is not a known dataset, so the site would ignore it.")


def test_mentions_index_finds_everything_a_person_leads(site_data):
    mentions = site_data.index.mentions_of("person", "sarah-truelove")
    fields = {m.field for m in mentions}
    assert {"executive_leads", "planning_leads"} <= fields
    assert any(m.dataset == "system_plan" for m in mentions)


def test_optional_dataset_may_be_absent(data_copy):
    from plansite.render.renderer import MacroUsageError, Renderer

    (data_copy / "workforce.yaml").unlink()
    site = load_site_data(data_copy)
    assert "workforce" not in site.present
    with pytest.raises(MacroUsageError, match=r"show: this site has no 'workforce' data: add data/workforce.yaml"):
        Renderer(site).show("workforce")


def test_reference_into_an_absent_dataset(data_copy):
    (data_copy / "system_plan.yaml").unlink()
    with pytest.raises(ProblemsFound) as caught:
        load_site_data(data_copy)
    lines = [str(p) for p in caught.value.problems]
    assert any(
        line.startswith("data/mou.yaml:") and ": mou › plan_milestone: 'milestone-mou-board-sign-up' refers to data/system_plan.yaml, but this site has no such file" in line
        for line in lines
    ), lines
