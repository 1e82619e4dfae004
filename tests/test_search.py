"""Search that answers: the synonyms file is checked like every dataset, the built index
carries acronym expansions and readers' words, and plain questions typed into the real
search box of the two example sites find their answer in the top 3."""
from __future__ import annotations

import asyncio
import json
import shutil

import pytest

from conftest import EXAMPLES, build_site
from plansite.checks import browser_sweep
from plansite.read.problems import ProblemsFound
from plansite.checks.site_data import load_site_data

GOOD = EXAMPLES / "bsw" / "data" / "search_synonyms.yaml"


def _problems(tmp_path, text: str) -> list[str]:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLES / "bsw" / "data", data)
    (data / "search_synonyms.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as exc:
        load_site_data(data)
    return [str(p) for p in exc.value.problems]


def test_a_synonym_without_words_is_one_line_naming_file_and_line(tmp_path):
    text = GOOD.read_text(encoding="utf-8").replace(
        '  - term: "finance"\n    words: ["money", "budget", "funding", "spending", "cost", "deficit"]\n',
        '  - term: "finance"\n    words: []\n')
    line = text.splitlines().index('    words: []') + 1
    problems = _problems(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"data/search_synonyms.yaml:{line}:"), problems
    assert "\n" not in problems[0]


def test_a_term_listed_twice_is_named_at_its_second_entry(tmp_path):
    text = GOOD.read_text(encoding="utf-8") + '  - term: "Finance"\n    words: ["cash"]\n'
    line = len(text.splitlines()) - 1
    problems = _problems(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"data/search_synonyms.yaml:{line}:") and "listed twice" in problems[0], problems


def test_the_index_carries_readers_words_and_acronym_meanings(built_examples):
    index = json.loads((built_examples["cambridgeshire-peterborough"].site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    finance = next(d for d in index["docs"] if d["location"] == "finance/")
    # "Finance" is in its title, so the readers' words rank it by title, out of the teaser's sight
    assert '<span hidden>' in finance["title"] and "money" in finance["title"] and "budget" in finance["title"]
    said_ccg = [d for d in index["docs"] if "CCG" in d["text"].split("<span hidden>")[0]]
    assert said_ccg and all("clinical commissioning group" in (d["title"] + d["text"]).lower() for d in said_ccg)


# (site, question, a page that must be among the first three results)
QUESTIONS = [
    ("cambridgeshire-peterborough", "money", "finance/"),
    ("cambridgeshire-peterborough", "budget", "finance/"),
    ("cambridgeshire-peterborough", "who chairs the finance committee", "bodies/finance-committee/"),
    ("cambridgeshire-peterborough", "what is QIPP", "glossary/"),
    ("cambridgeshire-peterborough", "nurses", "people/chief-nurse/"),
    ("cambridgeshire-peterborough", "deadline", "dashboard/"),  # what is due next
    ("cambridgeshire-peterborough", "risks", "risks/"),
    ("cambridgeshire-peterborough", "audit committee", "bodies/audit-committee/"),
    ("cambridgeshire-peterborough", "chief nurse", "people/chief-nurse/"),
    ("cambridgeshire-peterborough", "clinical commissioning group", ""),  # the home page says who the CCG is
    ("cambridgeshire-peterborough", "what is a CCG", "glossary/"),
    ("cambridgeshire-peterborough", "patient reference group", "bodies/patient-reference-group/"),
    ("cambridgeshire-peterborough", "activity plan", "activity/"),
    ("cambridgeshire-peterborough", "objectives", "objectives/"),
    ("cambridgeshire-peterborough", "chief finance officer", "people/chief-finance-officer/"),
    ("cambridgeshire-peterborough", "who chairs the governing body", "bodies/ccg-governing-body/"),
    ("cambridgeshire-peterborough", "GP", "bodies/primary-care-commissioning-committee/"),
    ("cambridgeshire-peterborough", "where does the data come from", "sources/"),
    ("bsw", "who chairs the STP board", "bodies/stp-board/"),
    ("bsw", "what is an STP", "glossary/"),
    ("bsw", "sustainability and transformation plan", "stp/"),
    ("bsw", "workstreams", "workstreams/"),
    ("bsw", "risks", "risks/"),
    ("bsw", "next steps", "next-steps/"),
    ("bsw", "health and wellbeing boards", "bodies/health-and-wellbeing-boards/"),
    ("bsw", "James Scott", "people/james-scott/"),
    ("bsw", "system leaders group", "bodies/bsw-system-leaders-group/"),
    ("bsw", "clinical network", "bodies/clinical-network/"),
    ("bsw", "objectives", "objectives/"),
    ("bsw", "what is HWB", "glossary/"),
    ("bsw", "Wiltshire CCG governing body", "bodies/wiltshire-ccg-governing-body/"),
    ("bsw", "healthcare delivery group", "bodies/healthcare-delivery-group/"),
]


async def _top_three(site_dir, questions: list[str]) -> dict[str, list[str]]:
    """Type each question into the real search box; the first three results' pages."""
    from playwright.async_api import async_playwright

    found: dict[str, list[str]] = {}
    with browser_sweep.served(site_dir) as base:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=browser_sweep.find_chromium(), args=browser_sweep.CHROMIUM_ARGS)
            page = await browser.new_page()
            await page.goto(base)
            box = page.locator("input.md-search__input")
            for question in questions:
                await box.click()
                await box.press("Control+A")
                await box.press("Backspace")
                await box.press_sequentially(question)
                await page.wait_for_timeout(800)  # the worker answers each keystroke; wait for the last
                hrefs = await page.eval_on_selector_all(
                    ".md-search-result__item > a", "links => links.slice(0, 3).map(a => a.href)")
                found[question] = [h.removeprefix(base).split("?")[0].split("#")[0] for h in hrefs]
            await browser.close()
    return found


@pytest.mark.browser
def test_nine_in_ten_plain_questions_find_their_answer_in_the_top_three(built_examples):
    assert browser_sweep.find_chromium(), "Chromium is missing: `make test` installs Debian's chromium package"
    assert len(QUESTIONS) >= 30
    misses = []
    for name in ("cambridgeshire-peterborough", "bsw"):
        asked = [(q, want) for site, q, want in QUESTIONS if site == name]
        found = asyncio.run(_top_three(built_examples[name].site_dir, [q for q, _ in asked]))
        misses += [f"{name}: {q!r} wanted {want}, got {found[q]}" for q, want in asked if want not in found[q]]
    hit_rate = 1 - len(misses) / len(QUESTIONS)
    print(f"search hit rate: {hit_rate:.0%} ({len(QUESTIONS) - len(misses)}/{len(QUESTIONS)})")
    assert hit_rate >= 0.9, "\n".join(misses)
