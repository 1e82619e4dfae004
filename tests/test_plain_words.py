"""Dates that cannot disagree and plain words (issue 21, parts 2 and 4): each check fails on a
copy of the fixture site that breaks it, in one line naming the file, line and what is wrong,
and passes on the fixed text; built pages spell acronyms out and say "no status reported"
once per table."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from conftest import build_in_process
from plansite.checks.reading_grade import grade, syllables
from plansite.checks.summary_counts import typed_counts
from plansite.models.date_words import disagreement
from plansite.render.acronyms import expand_first_uses


def check(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plansite.checks.check", "data", "--docs", "docs"],
        cwd=site, capture_output=True, text=True, timeout=300,
    )


def problem_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.endswith("until they are fixed.")]


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_site_passes_every_new_check(site_copy):
    result = check(site_copy)
    assert result.returncode == 0, result.stderr


# ---- 2. Dates cannot disagree ---------------------------------------------------------------

def test_words_that_name_another_date_are_one_line_naming_both(site_copy):
    timeline = site_copy / "data/planning_timeline.yaml"
    edit(timeline, "when: 14/01/2019", "when: 8 March 2019")
    result = check(site_copy)
    assert result.returncode == 1
    line = line_of(timeline, "when: 8 March 2019")
    assert problem_lines(result) == [
        f"data/planning_timeline.yaml:{line}: 2nd milestone (due › when): the words '8 March 2019' do not agree "
        "with date: 2019-01-14 (14 January 2019); change one of them so that both say the same date"
    ]
    # Fixed: the date moved with the words.
    edit(timeline, "date: 2019-01-14", "date: 2019-03-08")
    assert check(site_copy).returncode == 0


@pytest.mark.parametrize(
    "words, date, wrong",
    [
        ("8 March 2019", (2019, 3, 6), True),
        ("8 March 2019", (2019, 3, 8), False),
        ("Mid December", (2018, 12, None), False),
        ("Mid December", (2019, 1, None), True),
        ("31-Jul", (2018, 7, 31), False),
        ("31-Jul", (2018, 7, 30), True),
        ("11 & 12 December", (2018, 12, 11), False),
        ("14/01/2019", (2019, 1, 14), False),
        ("14/01/2019", (2019, 1, 15), True),
        ("November to April", (2018, 11, None), False),
        ("Take options to STP Exec Oct 2018", (2018, 9, None), True),
        ("Immediate", (2018, 5, 1), False),  # names no date: nothing to disagree with
    ],
)
def test_date_words_agree_or_not(words, date, wrong):
    assert bool(disagreement(words, *date)) is wrong


def test_words_that_say_the_month_are_printed_once(built_site):
    html = (built_site.site_dir / "timeline" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2018-12">Mid December 2018</time>' in html
    assert "Mid December (" not in html


def test_a_typed_count_the_data_contradicts_is_one_line(site_copy):
    workforce = site_copy / "data/workforce.yaml"
    # The third goal is made private: the summary still says three.
    edit(workforce, "    - id: workforce-goal-3\n", "    - id: workforce-goal-3\n      visibility: private\n")
    result = check(site_copy)
    assert result.returncode == 1
    line = line_of(workforce, "summary:")
    assert problem_lines(result) == [
        f"data/workforce.yaml:{line}: workforce › summary: says 'three strategic goals', but goals lists 2 "
        "published; make the words agree with the data"
    ]
    edit(workforce, "three strategic goals", "two strategic goals")
    assert check(site_copy).returncode == 0


def test_a_typed_day_left_behind_by_a_moved_date_is_one_line(site_copy):
    programmes = site_copy / "data/programmes.yaml"
    # The Governing Body's decision moves a week, in its date and its words; the summary and
    # the status note still say 6 January 2019.
    edit(programmes, "when: 6 January 2019\n          date: 2019-01-06", "when: 13 January 2019\n          date: 2019-01-13")
    result = check(site_copy)
    assert result.returncode == 1
    said = "which is none of the dates this record holds (November 2018 to June 2019); if a date moved, move " \
           "these words with it (the nearest it holds is 13 January 2019)"
    assert problem_lines(result) == [
        f"data/programmes.yaml:{line_of(programmes, 'The Healthy Weston programme is') - 1}: 4th programme (summary): "
        f"says '6 January 2019', {said}",
        f"data/programmes.yaml:{line_of(programmes, 'A pre-consultation business case (PCBC) has been drafted (first') - 1}: "
        f"4th programme › 1st status update (note): says '6 January 2019', {said}",
    ]
    # Fixed: the words moved with the date.
    edit(programmes, "on 6 January 2019, the CCG", "on 13 January 2019, the CCG")
    edit(programmes, "decision on 6 January 2019.", "decision on 13 January 2019.")
    assert check(site_copy).returncode == 0


def test_days_found_in_words():
    from plansite.checks.summary_dates import typed_days

    found = typed_days("on 6 January 2019, the 21st Nov. 2018 event; 31 February 2019; 26 February; May 2019")
    assert [(words, day.iso) for words, day in found] == [("6 January 2019", "2019-01-06"), ("21st Nov. 2018", "2018-11-21")]


def test_counts_found_in_words():
    lists = {"ambitions": 6, "goals": 3, "sub_groups": 3}
    text = "six 2020/21 ambitions, three strategic goals. Three working sub-groups; a one and five year plan"
    assert typed_counts(text, lists) == [
        ("six 2020/21 ambitions", "ambitions", 6),
        ("three strategic goals", "goals", 3),
        ("Three working sub-groups", "sub_groups", 3),
    ]
    assert typed_counts("three. Goals", lists) == []  # a sentence ends the phrase


# ---- 4. Plain words ---------------------------------------------------------------------------

HARD = (
    "Healthier Together is the Sustainability and Transformation Partnership for Bristol, North "
    "Somerset and South Gloucestershire, which is working to strengthen its system collaboration "
    "arrangements towards becoming an integrated care system with comprehensive responsibilities."
)


def test_the_grade_formula():
    assert [syllables(w) for w in ("plan", "care", "partnership", "agreed", "shaped", "integrated")] == [1, 1, 3, 2, 1, 4]
    assert grade("The cat sat on the mat. The dog ran to the park. It was a fine day.") < 2
    assert grade(HARD) > 14
    assert grade("Too short to grade.") is None


def test_a_hard_home_page_paragraph_is_one_line_with_its_grade(site_copy):
    home = site_copy / "docs/index.md"
    text = home.read_text(encoding="utf-8")
    first = re.search(r"^Healthier Together is .*$", text, re.M).group(0)
    edit(home, first, HARD)
    result = check(site_copy)
    assert result.returncode == 1
    line = line_of(home, "Healthier Together is the Sustainability")
    assert problem_lines(result) == [
        f"docs/index.md:{line}: this paragraph reads at Flesch-Kincaid grade {grade(HARD):g}; write it at grade 9 "
        "or below, in shorter sentences (about 15 words) and shorter words"
    ]
    edit(home, HARD, first)
    assert check(site_copy).returncode == 0


def test_a_hard_summary_is_one_line_with_its_grade(site_copy):
    partnership = site_copy / "data/partnership.yaml"
    line = line_of(partnership, "summary:")
    lines = partnership.read_text(encoding="utf-8").splitlines(keepends=True)
    end = line
    while lines[end].startswith("    ") and lines[end].strip():
        end += 1
    lines[line - 1:end] = [lines[line - 1].split("summary:")[0] + f"summary: >-\n    {HARD}\n"]
    partnership.write_text("".join(lines), encoding="utf-8")
    result = check(site_copy)
    assert result.returncode == 1
    [problem] = problem_lines(result)
    assert problem.startswith(f"data/partnership.yaml:{line}: partnership › summary: this summary reads at Flesch-Kincaid grade ")


def test_every_acronym_is_spelled_out_at_its_first_use_only():
    pattern = re.compile(r"(?<![\w&/-])(UCOB|AEDB|BI)(?![\w-])")
    meanings = {"AEDB": "A&amp;E delivery board", "BI": "business intelligence", "UCOB": "Urgent Care Operational Board"}
    page = (
        "# AEDB\n\nThe AEDB meets. [BI](bi.md) reports to `UCOB` and to "
        '<abbr title="Urgent Care Operational Board">UCOB</abbr>; the AEDB and UCOB again.\n'
    )
    assert expand_first_uses(page, pattern, meanings) == (
        "# AEDB\n\nThe A&amp;E delivery board (AEDB) meets. [business intelligence (BI)](bi.md) reports to `UCOB` and to "
        'Urgent Care Operational Board (<abbr title="Urgent Care Operational Board">UCOB</abbr>); the AEDB and UCOB again.\n'
    )
    # A page that spells it out first is left alone.
    said = "Business intelligence (BI) helps; BI again."
    assert expand_first_uses(said, pattern, meanings) == said


def _article_text(path: Path) -> str:
    node = HTMLParser(path.read_text(encoding="utf-8")).css_first("article")
    return " ".join(node.text(separator=" ").split())


def test_a_built_page_spells_out_a_bare_acronym_at_its_first_use(built_site):
    text = _article_text(built_site.site_dir / "governance" / "index.html")
    first = text.index("AEDB")
    assert text[first - len("A&E delivery board ( "):first] == "A&E delivery board ( "
    first_bi = re.search(r"\bBI\b", text).start()
    assert text[:first_bi].rstrip().endswith("business intelligence (")


def _dashboard_tables(built_sites):
    for result in built_sites.values():
        tree = HTMLParser((result.site_dir / "dashboard" / "index.html").read_text(encoding="utf-8"))
        yield from tree.css(".plan-cards > table")  # the item tables (plan.css lays them out as cards)


def test_the_dashboard_says_no_status_reported_once_per_table(built_sites):
    unreported = 0
    for table in _dashboard_tables(built_sites):
        rows = [n for n in table.css("[data-status]") if n.attributes["data-status"] == "no status reported"]
        caption = " ".join(table.css_first("caption").text().split())
        # The caption says it once for the table; no row says it in a badge of its own.
        assert caption.count("no status reported") == (1 if rows else 0), caption
        assert not table.css(".plan-status--none")
        assert all(" ".join(n.text().split()) == "—" for n in rows)
        unreported += len(rows)
    assert unreported, "no dashboard table has an item without a status: the test shows nothing"


def test_a_count_macro_in_a_page_follows_the_data(site_copy, tmp_path, monkeypatch):
    page = site_copy / "docs/workforce.md"
    edit(page, "\n{{", '\nThe partners share {{ count("workforce", "workforce.goals") }} strategic goals.\n\n{{')
    build_in_process(site_copy, tmp_path / "one", monkeypatch)
    assert "The partners share three strategic goals." in _article_text(tmp_path / "one/workforce/index.html")
    workforce = site_copy / "data/workforce.yaml"
    edit(workforce, "    - id: workforce-goal-3\n", "    - id: workforce-goal-3\n      visibility: private\n")
    edit(workforce, "three strategic goals", "two strategic goals")
    build_in_process(site_copy, tmp_path / "two", monkeypatch)
    assert "The partners share two strategic goals." in _article_text(tmp_path / "two/workforce/index.html")


def test_a_member_list_ends_before_its_note(built_site):
    text = _article_text(built_site.site_dir / "governance" / "index.html")
    assert "Peter Brindle Identified" not in text
    assert "Peter Brindle . Identified by the STP" in text or "Peter Brindle. Identified by the STP" in text


def test_a_hard_summary_after_a_private_record_names_its_own_line(site_copy):
    # The published view leaves the private programme out, so list positions shift: the line
    # named must still be the hard summary's own, not the one of the record before it.
    programmes = site_copy / "data/programmes.yaml"
    edit(programmes, "    name: Stroke pathway reconfiguration\n",
         "    name: Stroke pathway reconfiguration\n    visibility: private\n")
    edit(programmes, "      The Acute Care Collaboration programme has a number of work streams.",
         f"      {HARD}")
    line = line_of(programmes, HARD) - 1  # the summary: line above its folded text
    result = check(site_copy)
    assert result.returncode == 1
    [problem] = [p for p in problem_lines(result) if "Flesch-Kincaid" in p]
    assert problem.startswith(f"data/programmes.yaml:{line}: 2nd programme (summary): this summary reads at Flesch-Kincaid grade ")
