"""Owners and review-by dates: required, marked once past, listed by the check command."""
from __future__ import annotations


from conftest import FIXTURE, build_site
from plansite.models.common import PlanDate
from plansite.checks.review import is_past


def test_a_date_is_past_once_its_day_or_month_is_over():
    assert is_past(PlanDate(2019, 5, 31), PlanDate(2019, 6, 1)) and not is_past(PlanDate(2019, 5, 31), PlanDate(2019, 5, 31))
    assert is_past(PlanDate(2019, 5), PlanDate(2019, 6, 1)) and not is_past(PlanDate(2019, 6), PlanDate(2019, 6, 1))


NOTICE = ('<p class="plan-site-notice"><strong>Due for review.</strong> These plans are as of November 2018, '
          'and parts of them were due for review from 31 May 2019: some details may be out of date.')


def test_one_notice_on_the_age_of_the_plans_on_every_page(built_site):
    """Not a box on every page: one notice, the same everywhere, generated pages included."""
    for path in ("plan", "people/julia-ross", "dashboard", ""):
        html = (built_site.site_dir / path / "index.html").read_text(encoding="utf-8")
        assert html.count(NOTICE) == 1, path
        assert "plan-review" not in html and "This page was due to be reviewed by" not in html, path
    assert 'href="../sources/#how-we-read-the-sources">How we read the sources</a>' in (
        built_site.site_dir / "plan" / "index.html").read_text(encoding="utf-8")


def test_no_notice_before_anything_is_past_review(site_data, tmp_path):
    from plansite.checks.review import site_notice

    assert site_notice(site_data, None, PlanDate(2019, 5, 31)) == ""
    assert site_notice(site_data, None, PlanDate(2019, 6, 1)).startswith("These plans are as of November 2018")


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
    from plansite.checks.check import main

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
