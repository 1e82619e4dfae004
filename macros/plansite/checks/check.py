"""``python -m plansite.checks.check [DATA_DIR]``: validate a site's data without building it.

Prints the same one-line problems as the build, and exits 1 when there are any.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plansite.checks.site_data import load_site_data
from plansite.read.problems import ProblemsFound, problem_lines
from plansite.checks.review import data_past_review, pages_past_review, today
from plansite.checks.site_files import site_file_problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plansite.checks.check", description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default="data", help="folder holding the data files (default: data)")
    parser.add_argument("--docs", help="the site's pages folder, to check their owners and review dates too")
    parser.add_argument("--review", action="store_true", help="list the pages and data files past their review date")
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir)
    on = today()
    # Links, devices and files a site may not publish (the readers below never open them).
    docs_dir = Path(args.docs) if args.docs else None
    problems = site_file_problems(docs_dir, data_dir, (args.docs or "").rstrip("/"), args.data_dir.rstrip("/"))
    past_pages = []
    if args.docs:
        past_pages, found = pages_past_review(Path(args.docs), args.docs.rstrip("/"), on)
        problems += found
    try:
        site = load_site_data(data_dir, display_dir=args.data_dir.rstrip("/"))
        if problems:
            raise ProblemsFound(problems)
    except ProblemsFound as exc:
        for line in problem_lines(sorted(set(exc.problems) | set(problems))):
            print(line, file=sys.stderr)
        count = len(set(exc.problems) | set(problems))
        print(f"{count} problem{'s' if count != 1 else ''} found; the site cannot be published until they are fixed.", file=sys.stderr)
        return 1
    visibility = list(site.full.index.visibility.values())
    held_back = {v: visibility.count(v) for v in ("draft", "private") if visibility.count(v)}
    past = data_past_review(site, args.data_dir.rstrip("/"), on) + past_pages
    if args.review:
        print(f"Past their review date on {on}:" if past else f"Nothing is past its review date on {on}.")
        for review in past:
            print(f"  {review.where}: review by {review.review_by} (owner: {review.owner})")
        return 0
    # One line: what was checked, and what an editor may want to act on.
    summary = [f"{args.data_dir}: {len(site.models)} data files and {len(visibility)} records checked; no problems found."]
    if held_back:
        words = " and ".join(f"{n} {v}" for v, n in held_back.items())
        summary.append(f"{words} record{'s' if sum(held_back.values()) != 1 else ''} will not be published.")
    if past:
        things = "page or data file is" if len(past) == 1 else "pages or data files are"
        summary.append(f"{len(past)} {things} past the review date: 'make review' lists them.")
    print(" ".join(summary))
    return 0


if __name__ == "__main__":
    from plansite.read.loading import run_one_shot

    run_one_shot(main)
