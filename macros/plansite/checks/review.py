"""Owners and review-by dates of pages and datasets (as GOV.UK's technical documentation does).

Every hand-written page names an ``owner`` and a ``review_by`` date in its front matter, and
every data file does at its top. Once a date has passed, one notice across the whole site
says the plans may be out of date (not a box on every page), and ``make review`` lists what
is past its date. "Today" is the publication date of a
release, or the day of the build.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from plansite.models.common import PlanDate, parse_plan_date
from plansite.checks.page_source import page_text, parse_page
from plansite.read.problems import Problem
from plansite.checks.reading_grade import page_grade_problems
from plansite.read.site_config import POSTS_DIR
from plansite.checks.site_files import may_read_page


@dataclass(frozen=True)
class Review:
    where: str
    owner: str
    review_by: PlanDate


def today(environ: dict[str, str] | None = None) -> PlanDate:
    published = (environ if environ is not None else os.environ).get("PLANSITE_PUBLISHED")
    return parse_plan_date(published) if published else parse_plan_date(dt.date.today())


def is_past(review_by: PlanDate, on: PlanDate) -> bool:
    """A review date given as a month runs to the end of that month."""
    return review_by.before(on)


def page_review(source: str, src_path: str) -> tuple[Review | None, list[Problem]]:
    """The page's owner and review date from its front matter, or the problems with them
    (and with the rest of its front matter: macros/plansite/checks/page_source.py)."""
    page = parse_page(source, src_path)
    if isinstance(page, list):
        return None, page
    problems = []
    if not page.meta.owner:
        problems.append(Problem(src_path, 1, "owner", "every page needs an owner in its front matter, e.g. 'owner: Healthier Together Office'"))
    if page.meta.review_by is None:
        problems.append(Problem(src_path, 1, "review_by", "every page needs a review date in its front matter, e.g. 'review_by: 2019-05-31'"))
    if f"/{POSTS_DIR}/" not in src_path:  # a post reports a source in its words; a page explains
        problems += page_grade_problems(source, src_path)
    if problems:
        return None, problems
    return Review(src_path, page.meta.owner, page.meta.review_by), []


def pages_past_review(docs_dir: Path, display_dir: str, on: PlanDate) -> tuple[list[Review], list[Problem]]:
    """For ``make check``: hand-written pages past their review date, and pages missing one."""
    past, problems = [], []
    for path in sorted(docs_dir.rglob("*.md")):
        if not may_read_page(path):
            continue  # a link, device or huge file: refused by site_files, never read
        src = f"{display_dir}/{path.relative_to(docs_dir).as_posix()}"
        text = page_text(path.read_bytes(), src)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        review, found = page_review(text, src)
        problems += found
        if review and is_past(review.review_by, on):
            past.append(review)
    return past, problems


def data_past_review(site, display_dir: str, on: PlanDate) -> list[Review]:
    """The site's data files past their review date, named ``<display_dir>/<dataset>.yaml``."""
    reviews = [Review(f"{display_dir}/{name}.yaml", model.owner, model.review_by) for name, model in site.models.items()]
    return [review for review in reviews if is_past(review.review_by, on)]


def site_notice(site, docs_dir: Path | None, on: PlanDate) -> str:
    """One plain sentence for the whole site about the age of the plans, once anything is
    past its review date; empty before then. Every page shows it in the same place."""
    past = data_past_review(site, site.display_dir, on)
    if docs_dir is not None and docs_dir.is_dir():
        past += pages_past_review(docs_dir, str(docs_dir), on)[0]
    if not past:
        return ""
    oldest = min(past, key=lambda review: review.review_by.sort_key).review_by
    return (
        f"These plans are as of {site.partnership.as_of}, and parts of them were due for review "
        f"from {oldest}: some details may be out of date."
    )
