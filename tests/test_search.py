"""Search that answers: the synonyms file is checked like every dataset, the built index
carries acronym expansions and readers' words, and plain questions typed into the real
search box of the two example sites find their answer in the top 3."""
from __future__ import annotations

import asyncio
import json
import re
import shutil

import pytest

from conftest import EXAMPLES, build_site
from plansite.checks import browser_sweep
from plansite.read.problems import ProblemsFound
from plansite.checks.site_data import load_site_data
from plansite.outputs.search_index import HIDDEN

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
    assert HIDDEN in finance["title"] and "money" in finance["title"] and "budget" in finance["title"]
    said_ccg = [d for d in index["docs"] if "CCG" in d["text"].split(HIDDEN)[0]]
    assert said_ccg and all("clinical commissioning group" in (d["title"] + d["text"]).lower() for d in said_ccg)


def test_the_sections_that_answer_questions_carry_the_question_words(built_examples):
    """What plansite-search.js asks for: "chairs" on each body's own page (not on its
    anchors), "meaning" on the glossary, "due" on the sections that list due dates; and
    brackets split words, so "CEC" finds "Clinical Executive Committee (CEC)"."""
    from plansite.outputs.search_index import CHAIRS, DUE, MEANING

    index = json.loads((built_examples["cambridgeshire-peterborough"].site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    hidden = {d["location"]: d["title"].partition(HIDDEN)[2] for d in index["docs"]}
    assert CHAIRS in hidden["bodies/audit-committee/"] and CHAIRS not in hidden["bodies/audit-committee/#responsibilities"]
    assert CHAIRS not in hidden["people/chief-nurse/"] and CHAIRS not in hidden["governance/"]
    assert MEANING in hidden["glossary/"] and MEANING not in hidden["finance/"]
    assert DUE in hidden["dashboard/#due-next"] and DUE not in hidden["risks/"]
    assert "(" in index["config"]["separator"]
    page = (built_examples["cambridgeshire-peterborough"].site_dir / "bodies" / "finance-committee" / "index.html").read_text(encoding="utf-8")
    first = re.search(r"<article[^>]*>.*?<p[^>]*>(.*?)</p>", page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", first).startswith("Finance Committee is chaired by Lay Member Finance"), first


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
    # Plain questions: "who chairs X" finds the body's own page, "what is X" the glossary,
    # "when is X due" the page that lists it with its due date (outputs/search_index.py).
    ("cambridgeshire-peterborough", "who chairs the audit committee", "bodies/audit-committee/"),
    ("cambridgeshire-peterborough", "who chairs the clinical executive committee", "bodies/clinical-executive-committee/"),
    ("cambridgeshire-peterborough", "who chairs the patient reference group?", "bodies/patient-reference-group/"),
    ("cambridgeshire-peterborough", "who chairs the remuneration committee", "bodies/remuneration-committee/"),
    ("cambridgeshire-peterborough", "who chairs the quality committee", "bodies/quality-outcomes-performance-committee/"),
    ("cambridgeshire-peterborough", "who chairs the CEC", "bodies/clinical-executive-committee/"),
    ("cambridgeshire-peterborough", "what is CEC", "glossary/"),
    ("cambridgeshire-peterborough", "what does DTOC mean", "glossary/"),
    ("cambridgeshire-peterborough", "what is an ICS?", "glossary/"),
    ("cambridgeshire-peterborough", "what is the CQC", "glossary/"),
    ("cambridgeshire-peterborough", "when is the leadership strategy due", "improvement-plan/"),
    ("cambridgeshire-peterborough", "when is the IIP sign off due", "improvement-plan/"),
    ("cambridgeshire-peterborough", "who is the chief finance officer", "people/chief-finance-officer/"),
    ("bsw", "who chairs the system leaders group", "bodies/bsw-system-leaders-group/"),
    ("bsw", "who chairs the clinical network", "bodies/clinical-network/"),
    ("bsw", "who chairs the healthcare delivery group", "bodies/healthcare-delivery-group/"),
    ("bsw", "who chairs the Wiltshire CCG governing body", "bodies/wiltshire-ccg-governing-body/"),
    ("bsw", "what is FYFV", "glossary/"),
    ("bsw", "what does BAU mean", "glossary/"),
    ("bsw", "what is NHSI", "glossary/"),
    ("bsw", "what are SRGs", "glossary/"),
    ("bsw", "when is the five year sustainability and transformation plan due", "next-steps/"),
    ("bsw", "when is the one year operational plan due", "next-steps/"),
    ("bsw", "when is the further meeting of CEOs due", "next-steps/"),
    ("bsw", "who is James Scott", "people/james-scott/"),
]


# How each engine's search box is used: what opens it, where the question is typed, the results.
BOXES = {
    "material": {"open": "input.md-search__input", "query": "input.md-search__input",
                 "results": ".md-search-result__item > a"},
    # Zensical builds its dialog (in a shadow root, which Playwright's selectors enter) from a button
    "zensical": {"open": ".md-search__button", "query": "input[role=combobox]", "results": "a[role=option]"},
}
INDEX_FILES = {"material": "search/search_index.json", "zensical": "search.json"}


@pytest.fixture(scope="module")
def zensical_examples(tmp_path_factory):
    """Both example sites built as `make site ENGINE=zensical` builds them."""
    from test_engines import ZENSICAL, build_with_zensical

    if not ZENSICAL.is_file():
        pytest.skip("Zensical is not installed (.venv-zensical is absent; 'make test' creates it)")
    results = {}
    for name in ("cambridgeshire-peterborough", "bsw"):
        result = build_with_zensical(EXAMPLES / name, tmp_path_factory.mktemp(f"zensical-{name}"))
        assert result.ok, result.output
        results[name] = result
    return results


def _sites(engine: str, request) -> dict:
    return request.getfixturevalue("built_examples" if engine == "material" else "zensical_examples")


async def _top_three(site_dir, questions: list[str], engine: str = "material") -> dict[str, list[str]]:
    """Type each question into the engine's real search box; the first three results' pages."""
    from playwright.async_api import async_playwright

    box = BOXES[engine]
    found: dict[str, list[str]] = {}
    with browser_sweep.served(site_dir) as base:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=browser_sweep.find_chromium(), args=browser_sweep.CHROMIUM_ARGS)
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            await page.goto(base)
            await page.locator(box["open"]).click()
            query = page.locator(box["query"])
            for question in questions:
                await query.click()
                await query.press("Control+A")
                await query.press("Backspace")
                await query.press_sequentially(question)
                await page.wait_for_timeout(800)  # the worker answers each keystroke; wait for the last
                hrefs = await page.locator(box["results"]).evaluate_all("links => links.slice(0, 3).map(a => a.href)")
                found[question] = [h.removeprefix(base).split("?")[0].split("#")[0] for h in hrefs]
            await browser.close()
    return found


@pytest.mark.browser
@pytest.mark.parametrize("engine", ["material", "zensical"])
def test_nine_in_ten_plain_questions_find_their_answer_in_the_top_three(engine, request):
    assert browser_sweep.find_chromium(), "Chromium is missing: `make test` installs Debian's chromium package"
    assert len(QUESTIONS) >= 30
    sites = _sites(engine, request)
    misses = []
    for name in ("cambridgeshire-peterborough", "bsw"):
        asked = [(q, want) for site, q, want in QUESTIONS if site == name]
        found = asyncio.run(_top_three(sites[name].site_dir, [q for q, _ in asked], engine))
        misses += [f"{name}: {q!r} wanted {want}, got {found[q]}" for q, want in asked if want not in found[q]]
    hit_rate = 1 - len(misses) / len(QUESTIONS)
    print(f"{engine} search hit rate: {hit_rate:.0%} ({len(QUESTIONS) - len(misses)}/{len(QUESTIONS)})")
    assert hit_rate >= 0.9, "\n".join(misses)


async def _search_requests(site_dir, engine: str, width: int) -> dict[str, list[str]]:
    """The search files a page fetches as it opens, then once the reader opens search and
    types a word; what the console said; and the results' pages."""
    from playwright.async_api import async_playwright

    box = BOXES[engine]
    seen: dict[str, list[str]] = {"load": [], "search": [], "console": [], "results": []}
    with browser_sweep.served(site_dir) as base:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=browser_sweep.find_chromium(), args=browser_sweep.CHROMIUM_ARGS)
            page = await browser.new_page(viewport={"width": width, "height": 800})
            stage = "load"
            page.on("request", lambda r: seen[stage].append(r.url.removeprefix(base)))
            page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text} {m.location.get('url', '')}"))
            page.on("pageerror", lambda e: seen["console"].append(f"error: {e}"))
            await page.goto(base, wait_until="networkidle")
            await page.wait_for_timeout(500)
            stage = "search"
            # at phone width the header's magnifier opens search
            opener = box["open"] if width > 900 else "header label[for=__search]"
            await page.locator(opener).first.click()
            query = page.locator(box["query"])
            await query.press_sequentially("risks")
            await page.wait_for_timeout(1000)
            seen["results"] = await page.locator(box["results"]).evaluate_all("links => links.map(a => a.href)")
            await browser.close()
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("engine", ["material", "zensical"])
def test_nothing_is_fetched_for_search_until_a_reader_starts_to_search(engine, width, request):
    """The index and the search worker are fetched when the reader opens search, not before
    (overrides/assets/javascripts/plansite-search.js); then search works and the console
    holds nothing but the local build's missing versions.json."""
    assert browser_sweep.find_chromium(), "Chromium is missing: `make test` installs Debian's chromium package"
    seen = asyncio.run(_search_requests(_sites(engine, request)["bsw"].site_dir, engine, width))
    searching = lambda urls: [u for u in urls if u.split("?")[0] == INDEX_FILES[engine] or "/workers/search." in u]
    assert "assets/javascripts/plansite-search.js" in seen["load"], seen["load"]
    assert not searching(seen["load"]), seen["load"]
    assert len(searching(seen["search"])) == 2, seen["search"]  # the index and the worker, once each
    assert any("/risks/" in href for href in seen["results"]), seen["results"]
    assert [line for line in seen["console"] if "versions.json" not in line] == [], seen["console"]
