"""Draft and private records: absent from every file a publishing build writes; drafts only in a preview."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import ENV, build_site, copy_site
from plansite.checks.site_data import load_site_data
from plansite.read.problems import ProblemsFound
from plansite.render.renderer import Renderer

MARK = "Zebracrossing"  # a word found nowhere else in the data

PERSON = f"""\
  - id: zed-hidden
    name: Zed {MARK}person
    roles: []
    visibility: {{visibility}}
    source: {{{{document: board-update-2018-11, section: test}}}}
"""


def mark_records(root, visibility: str | None) -> None:
    """Give the frailty programme a findable name, a lead only it names, and ``visibility``."""
    programmes = root / "data" / "programmes.yaml"
    text = programmes.read_text(encoding="utf-8")
    line = "" if visibility is None else f"    visibility: {visibility}\n"
    text = text.replace(
        "    name: Frailty pathway\n",
        f"    name: Frailty pathway {MARK}\n{line}    leads:\n      - person: zed-hidden\n        role: Lead\n",
        1,
    )
    programmes.write_text(text, encoding="utf-8")
    people = root / "data" / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8") + PERSON.format(visibility=visibility or "public"),
        encoding="utf-8",
    )


def every_built_file(site_dir) -> dict[str, str]:
    found = {}
    for path in site_dir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".txt"):
            found[str(path.relative_to(site_dir))] = path.read_text(encoding="utf-8", errors="replace")
    return found


SITE_URL = "https://plans.example.org/"


def build_with_site_url(root):
    """A build with a site URL, so that the sitemap lists pages as a published site's does."""
    os.environ["SITE_URL"] = SITE_URL
    try:
        ENV["SITE_URL"] = SITE_URL
        return build_site(root)
    finally:
        ENV.pop("SITE_URL", None)
        os.environ.pop("SITE_URL", None)


@pytest.mark.parametrize("visibility", ["draft", "private"])
def test_hidden_records_appear_in_no_built_file(tmp_path, visibility):
    root = copy_site(tmp_path / "src")
    mark_records(root, visibility)
    result = build_with_site_url(root)
    assert result.ok, result.output
    leaks = [name for name, text in every_built_file(result.site_dir).items() if MARK in text or "zed-hidden" in text]
    assert leaks == []
    sitemap = (result.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "people/zed-hidden/" not in sitemap
    assert "people/julia-ross/" in sitemap


def test_the_same_records_unmarked_are_published_everywhere(tmp_path):
    root = copy_site(tmp_path / "src")
    mark_records(root, None)
    result = build_with_site_url(root)
    assert result.ok, result.output
    files = every_built_file(result.site_dir)
    for name in ("programmes/index.html", "search/search_index.json", "data/programmes.json",
                 "data/programmes.csv", "people/zed-hidden/index.html"):
        assert MARK in files[name], name
    assert "people/zed-hidden/" in files["sitemap.xml"]


def test_a_public_record_may_not_refer_to_a_private_one(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(copy_site(tmp_path / "src") / "data", data)
    people = data / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "  - id: chris-burton\n", "  - id: chris-burton\n    visibility: private\n", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_site_data(data)
    lines = [str(p) for p in caught.value.problems]
    assert any(
        line.startswith("data/programmes.yaml:") and "(person): 'chris-burton' is private, so this public record cannot refer to it" in line
        for line in lines
    ), lines


def test_a_draft_is_shown_in_a_preview_and_marked(tmp_path):
    root = copy_site(tmp_path / "src")
    mark_records(root, "draft")
    data = root / "data"
    published = Renderer(load_site_data(data)).show("programmes")
    assert MARK not in published
    preview = Renderer(load_site_data(data, include_drafts=True)).show("programmes")
    assert MARK in preview
    assert "Draft: not published" in preview


def test_check_reports_what_will_not_be_published(tmp_path):
    root = copy_site(tmp_path / "src")
    mark_records(root, "private")
    import sys

    proc = subprocess.run([sys.executable, "-m", "plansite.checks.check", "data"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "3 private records will not be published." in proc.stdout


def test_a_record_made_private_is_not_listed_as_removed_in_what_changed():
    from plansite.render.changes import compare
    from plansite.outputs.feeds import changes_feed

    source = {"document": "d", "section": "s"}
    secret = {"id": "closure", "name": f"Hospital closure {MARK}", "source": source,
              "timeline": [{"id": "closure-step", "title": f"Step {MARK}", "source": source}]}
    kept = {"id": "kept", "name": "Kept", "source": source}
    previous = {"programmes": {"programmes": [kept, secret]}}
    current = {"programmes": {"programmes": [kept]}}
    assert sorted(r.id for r in compare(previous, current, "v1").removed) == ["closure", "closure-step"]
    changes = compare(previous, current, "v1", hidden={"closure"})
    assert (changes.removed, changes.added, changes.changed) == ([], [], [])
    feed = changes_feed(changes, site_name="Plans", version="v2", updated="2019-01-01", page_url="changes/")
    assert MARK not in feed and "closure" not in feed
