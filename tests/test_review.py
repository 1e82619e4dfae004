"""Owners and review-by dates: required, marked once past, listed by the check command."""
from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURE, build_site
from macros.models.common import PlanDate
from macros.review import Review, is_past, review_notice


def test_notice_only_once_the_date_has_passed():
    review = Review("docs/plan.md", "Healthier Together Office", PlanDate(2019, 5, 31))
    assert str(review_notice(review, PlanDate(2019, 5, 31))) == ""
    notice = str(review_notice(review, PlanDate(2019, 6, 1)))
    assert "Due for review." in notice and '<time datetime="2019-05-31">31 May 2019</time>' in notice
    assert "(owner: Healthier Together Office)" in notice
    assert is_past(PlanDate(2019, 5), PlanDate(2019, 6, 1)) and not is_past(PlanDate(2019, 6), PlanDate(2019, 6, 1))


def test_built_pages_and_data_are_marked_once_past_review(built_site):
    plan = (built_site.site_dir / "plan" / "index.html").read_text(encoding="utf-8")
    # The page's notice covers data due at the same time from the same owner.
    assert plan.count("Due for review.") == 1
    assert "This page was due to be reviewed by" in plan


def test_a_dataset_past_review_is_marked_where_it_is_shown(site_data):
    from macros.rendering import Renderer

    html = str(Renderer(site_data).show("system_plan"))
    assert html.lstrip().startswith('<div class="plan-review" role="note">')
    assert "This data was due to be reviewed by" in html


def test_a_page_without_owner_or_review_date_fails_the_build(site_copy):
    page = site_copy / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8").replace("owner: Healthier Together Office\n", "", 1), encoding="utf-8")
    result = build_site(site_copy)
    assert not result.ok
    assert "docs/glossary.md:1: owner: every page needs an owner in its front matter" in result.output
    assert "Traceback" not in result.output


def test_an_impossible_review_date_names_its_line(site_copy):
    page = site_copy / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8").replace("review_by: 2019-05-31", "review_by: 2019-02-30", 1), encoding="utf-8")
    result = build_site(site_copy)
    assert not result.ok
    assert "docs/glossary.md:3: review_by: '2019-02-30' is not a real date: February 2019 has 28 days" in result.output


def test_a_data_file_without_review_date(site_copy):
    data = site_copy / "data" / "mou.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("review_by: 2019-05-31\n", "", 1), encoding="utf-8")
    result = build_site(site_copy)
    assert not result.ok
    assert "data/mou.yaml:" in result.output and "review_by: this field is missing; add it" in result.output


def run_check(capsys, monkeypatch, on: str, *flags: str) -> str:
    from macros.check import main

    monkeypatch.setenv("PLANSITE_PUBLISHED", on)
    monkeypatch.chdir(FIXTURE)
    assert main(["data", "--docs", "docs", *flags]) == 0
    return capsys.readouterr().out


def test_check_counts_what_is_past_review_in_its_one_summary_line(capsys, monkeypatch):
    out = run_check(capsys, monkeypatch, "2019-07-01")
    assert out.count("\n") == 1, out
    assert out.startswith("data: 12 data files and ")
    assert out.rstrip().endswith(" pages or data files are past the review date: 'make review' lists them.")
    assert "review date" not in run_check(capsys, monkeypatch, "2019-01-01")


def test_check_review_lists_what_is_past_review(capsys, monkeypatch):
    out = run_check(capsys, monkeypatch, "2019-07-01", "--review")
    assert out.startswith("Past their review date on 1 July 2019:\n")
    assert "  docs/plan.md: review by 31 May 2019 (owner: Healthier Together Office)" in out
    assert "  data/system_plan.yaml: review by 31 May 2019 (owner: Healthier Together Office)" in out
    assert run_check(capsys, monkeypatch, "2019-01-01", "--review") == "Nothing is past its review date on 1 January 2019.\n"
