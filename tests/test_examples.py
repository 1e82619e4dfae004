"""The two example partnerships, each built from its own data with a real strict MkDocs build:
Cambridgeshire and Peterborough CCG (improvement and delivery plan 2018-19) and BSW (STP
development paper, March 2016). Their facts must be findable in search, their gaps shown in
words, and their arithmetic checked against the data."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from plansite.checks.site_data import DATASETS, load_site_data, schema_file_name
from plansite.models.registry import DATASETS as DESCRIBED
from plansite.checks.linkcheck import broken_links
from plansite.models.figures import figure_value
from plansite.read.problems import ProblemsFound

CP = EXAMPLES / "cambridgeshire-peterborough"
BSW = EXAMPLES / "bsw"
SITES = {"cambridgeshire-peterborough": CP, "bsw": BSW}


def search_text(site_dir: Path, data_dir: Path | None = None) -> str:
    """The search index's text; with ``data_dir``, each acronym's first use, which pages spell
    out ("quality, innovation, productivity and prevention (QIPP)"), reads as the data wrote it."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).replace("&amp;", "&")
    if data_dir is None:
        return text
    as_written = text  # the data's own words may hold "Chief Finance Officer (CFO)": keep both readings
    for term in load_site_data(data_dir).glossary.terms:
        if term.meaning not in ("to be confirmed", "not in the source"):
            as_written = re.sub(rf"{re.escape(term.meaning)} \( ?{re.escape(term.term)} ?\)", lambda _m: term.term, as_written)
    return text + " " + as_written


def words(text: str) -> str:
    """Text with its tags and spacing normalised, for finding a phrase whatever wraps it."""
    return re.sub(r"\s+", " ", text.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", '"'))


@pytest.fixture(scope="session")
def cp_search(built_examples) -> str:
    return search_text(built_examples["cambridgeshire-peterborough"].site_dir, CP / "data")


@pytest.fixture(scope="session")
def bsw_search(built_examples) -> str:
    return search_text(built_examples["bsw"].site_dir, BSW / "data")


@pytest.fixture(scope="session")
def cp_data():
    return load_site_data(CP / "data")


@pytest.fixture(scope="session")
def bsw_data():
    return load_site_data(BSW / "data")


# ---- every site builds cleanly ----------------------------------------------------------


@pytest.mark.parametrize("name", SITES)
def test_example_builds_strictly_without_warnings(built_examples, name):
    output = built_examples[name].output
    assert "WARNING" not in output, output
    assert "Traceback" not in output


def test_main_site_still_builds_without_warnings(built_site):
    assert "WARNING" not in built_site.output, built_site.output


@pytest.mark.parametrize("name", SITES)
def test_no_example_page_shows_an_error_or_unrendered_macro(built_examples, name):
    site = built_examples[name].site_dir
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for bad in ("{{", "{%", "plan-problem", "Traceback", "Macro Rendering Error"):
            assert bad not in html, f"{bad!r} in {page}"


@pytest.mark.parametrize("name", SITES)
def test_every_link_and_anchor_in_an_example_resolves(built_examples, name):
    broken = broken_links(built_examples[name].site_dir)
    assert not broken, "\n".join(broken[:30])


@pytest.mark.parametrize("name", SITES)
def test_example_is_data_and_pages_only(name):
    root = SITES[name]
    assert not list(root.rglob("*.py")), "an example site holds no Python of its own"
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.startswith("#") and "INHERIT" not in config and "\ntheme:\n  name: material\n" in config
    assert "hooks:" not in config and "../" not in config  # the generator is the installed plugin and theme


@pytest.mark.parametrize("name", SITES)
def test_example_has_the_required_datasets_each_naming_its_schema(name):
    data = SITES[name] / "data"
    present = {p.stem for p in data.glob("*.yaml")}
    assert {name for name, d in DESCRIBED.items() if d.required} <= present
    assert present <= set(DATASETS)
    for dataset in present:
        first = (data / f"{dataset}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../../schemas/{schema_file_name(dataset)}"
        assert (ROOT / "schemas" / schema_file_name(dataset)).is_file()


@pytest.mark.parametrize("name", SITES)
def test_dataset_pages_name_real_pages_for_known_datasets(name):
    import yaml

    root = SITES[name]
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = yaml.safe_load(text)["plugins"]
    pages = next(p["plansite"] for p in plugins if isinstance(p, dict) and "plansite" in p)["dataset_pages"]
    assert set(pages) <= set(DATASETS)
    for dataset, page in pages.items():
        assert (root / "docs" / page).is_file(), (dataset, page)
    data = {p.stem for p in (root / "data").glob("*.yaml")}
    assert data <= set(pages), f"datasets without a page: {data - set(pages)}"


# ---- Cambridgeshire and Peterborough: names, figures, owners, dates ---------------------


def test_cp_names_owners_and_dates_are_in_search(cp_data, cp_search):
    missing = [p.name for p in cp_data.people.people if p.name not in cp_search]
    missing += [b.name for b in cp_data.bodies.bodies if words(b.name) not in cp_search]
    missing += [o.name for o in cp_data.organisations.organisations if words(o.name) not in cp_search]
    for phrase in (
        "J Thomas", "Matt Lynn", "30th May 2018", "30 July 2018", "Chief Finance Officer", "Chief Nurse",
        "Senior Risk Owner (SRO)", "GB Owner", "2/52 (fortnightly)", "Quarterly", "Lay Member Finance",
        "Deliver our QIPP commitment of £35m", "Delivering the Financial Plan for 2018-2019",
        "STP Chair has asked to postpone SDU integration",
    ):
        if phrase not in cp_search:
            missing.append(phrase)
    assert not missing, missing


def test_cp_every_action_with_its_due_date_and_rating_is_in_search(cp_data, cp_search):
    plan = cp_data.actions.plans[0]
    actions = plan.all_actions()
    assert len(actions) == 68
    missing = []
    for action in actions:
        for phrase in (action.title, action.due.when, action.owners_as_written):
            if words(phrase) not in cp_search:
                missing.append((action.ref, phrase))
        latest = max(action.progress, key=lambda u: u.date.sort_key)
        for phrase in (latest.rag, latest.status):
            if phrase not in ("not in the source",) and phrase not in cp_search:
                missing.append((action.ref, phrase))
    assert not missing, missing


def test_cp_every_figure_of_every_table_is_in_search(cp_data, cp_search):
    missing = []
    for table in cp_data.finance.tables:
        for row in table.rows:
            if words(row.label) not in cp_search:
                missing.append((table.id, row.label))
            for value in row.cells.values():
                if words(value) not in cp_search:
                    missing.append((table.id, row.label, value))
    for plan in cp_data.activity.plans:
        for line in plan.lines:
            for value in [*line.figures.values(), *(m for m in line.months if m)]:
                if value not in cp_search:
                    missing.append((line.code, value))
    assert not missing, missing[:20]
    for figure in ("1,181,022", "(1,976)", "-35,069", "-63.25", "35,091", "27,146", "3.3%"):
        assert figure in cp_search, figure


def test_cp_risk_register_scores_owners_and_heat_map(cp_data, built_examples, cp_search):
    register = cp_data.risks.registers[0]
    assert len(register.risks) == 16
    for risk in register.risks:
        assert words(risk.title) in cp_search, risk.title
        for score in risk.scores.values():
            assert score.as_written in cp_search, score.as_written
    html = (built_examples["cambridgeshire-peterborough"].site_dir / "risks" / "index.html").read_text(encoding="utf-8")
    heat_map = html[html.index('aria-labelledby="operational-risks-heat-map-caption"'):]
    heat_map = heat_map[: heat_map.index("</table>")]
    assert "<caption id=\"operational-risks-heat-map-caption\">Heat map of the Current Risk Score" in heat_map
    assert heat_map.count('<th scope="col">Impact ') == 5 and heat_map.count('<th scope="row">Likelihood ') == 5
    # Colour always with words: the cell for likelihood 4 × impact 4 is Red, in class and in text.
    assert re.search(r'<td class="plan-band plan-band--red">\s*Score 16: Red\.\s*<br><strong>10 risks:</strong>', heat_map)
    assert "<script" not in heat_map  # the map is plain HTML: no JavaScript
    # The source's own figures disagree for one risk ("20 4x4"): left off the map, said in words.
    assert "Not on the map" in html and "Failure to address Section 117/CHC disputes" in html


def test_cp_rag_is_always_in_words(built_examples):
    html = (built_examples["cambridgeshire-peterborough"].site_dir / "improvement-plan" / "index.html").read_text(encoding="utf-8")
    ratings = re.findall(r'<span class="plan-rag plan-rag--[a-z]+">([^<]*)</span>', html)
    assert set(ratings) == {"Complete", "On-Track", "Delayed", "Not Started"}
    # The source gives no colour for any rating: said once for the plan, not after each rating.
    assert '<p class="plan-gaps">The sources do not give the colour of each RAG rating.</p>' in html
    assert "colour:" not in html


def test_cp_gaps_show_as_words(built_examples):
    site = built_examples["cambridgeshire-peterborough"].site_dir
    risks = (site / "risks" / "index.html").read_text(encoding="utf-8")
    # "20 4x4" does not multiply out: a dash in the table, one line for the risk and one for the register.
    assert '(likelihood <span class="plan-dash" title="To be confirmed">–</span> × impact <span class="plan-dash" title="To be confirmed">–</span>)' in risks
    assert '<p class="plan-gaps">The likelihood × impact of its Current Risk Score is still to be confirmed.</p>' in risks
    assert ('<p class="plan-gaps">The sources do not give a rating for scores 5 and 6 or what is marked – for risks 4 and 15.'
            ' What is marked – for risk 5 is still to be confirmed.</p>') in risks
    plan = (site / "improvement-plan" / "index.html").read_text(encoding="utf-8")
    # 12c and 12d are blank: dashes in their cells, one line under each action.
    assert plan.count('<p class="plan-gaps">The sources do not give its RAG rating or status.</p>') == 2
    assert plan.count('<span class="plan-dash" title="Not in the source document">–</span>') == 4
    assert "(exact date not in the source document)" in plan  # "Ongoing (Start in June)"
    objectives = (site / "objectives" / "index.html").read_text(encoding="utf-8")
    # Objective c has no due date in the plan: one line instead of a "Due" field saying so.
    assert objectives.count('<p class="plan-gaps">The sources do not give its due date.</p>') == 1
    assert 'class="plan-gap"' not in objectives


# ---- BSW: members, leadership, workstreams, groupings, risks, next steps -------------------


def test_bsw_members_leaders_and_dates_are_in_search(bsw_data, bsw_search):
    members = [o for o in bsw_data.organisations.organisations if o.member]
    assert len(members) == 16
    missing = [o.name for o in bsw_data.organisations.organisations if words(o.name) not in bsw_search]
    missing += [p.name for p in bsw_data.people.people if p.name not in bsw_search]
    missing += [b.name for b in bsw_data.bodies.bodies if b.name not in bsw_search]
    for phrase in (
        "James Scott", "Nominated lead to develop and co-ordinate the STP", "11th March 2016", "w/c 28th March",
        "By June 2016", "in the region of one million", "in excess of £960million", "BSW System Leaders Group",
    ):
        if phrase not in bsw_search:
            missing.append(phrase)
    assert not missing, missing


def test_bsw_workstreams_groupings_risks_and_next_steps_are_in_search(bsw_data, bsw_search):
    missing = [w.title for w in bsw_data.workstreams.workstreams if w.title not in bsw_search]
    missing += [g.title for g in bsw_data.workstreams.groupings if g.title not in bsw_search]
    missing += [r.title for reg in bsw_data.risks.registers for r in reg.risks if r.title not in bsw_search]
    missing += [a.title for a in bsw_data.actions.plans[0].all_actions() if words(a.title) not in bsw_search]
    assert len(bsw_data.workstreams.workstreams) == 8 and len(bsw_data.workstreams.groupings) == 4
    assert not missing, missing


def test_bsw_gaps_show_as_words(built_examples):
    site = built_examples["bsw"].site_dir
    workstreams = (site / "workstreams" / "index.html").read_text(encoding="utf-8")
    # Leads still to be nominated, places not given: dashes in the table, said once under it and
    # once for each workstream.
    assert ('<p class="plan-gaps">The sources do not give where workstreams 1, 2, 3, 4, 7 and 8 are planned and delivered.'
            ' Who leads each workstream is still to be confirmed.</p>') in workstreams
    assert workstreams.count('<p class="plan-gaps">Who leads it is still to be confirmed.</p>') == 2
    assert workstreams.count('<p class="plan-gaps">The sources do not give where it is planned and delivered.'
                             ' Who leads it is still to be confirmed.</p>') == 6
    assert 'class="plan-gap"' not in workstreams
    risks = (site / "risks" / "index.html").read_text(encoding="utf-8")
    assert "plan-heat-map" not in risks  # the paper scores nothing, so there is no map


def test_bsw_private_parts_are_marked_private(bsw_data):
    full = bsw_data.full.models["programmes"].programmes
    visibility = {p.id: p.visibility for p in full}
    private = {"wiltshire-accountable-care", "wiltshire-stp-alignment", "executive-awayday-feedback"}
    assert {i for i, v in visibility.items() if v == "private"} == private
    assert visibility["bsw-stp-development"] == "public"


# ---- the check does the sums on the real data ----------------------------------------------


def copy_data(site: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(site / "data", target)
    return target


def test_misplaced_figure_in_the_financial_plan_fails_with_both_totals(tmp_path):
    """The source text puts -391 under Planned QIPP; its own totals show it belongs under Other
    reserves. Put back where the text has it, both totals fail, naming file, line and numbers."""
    data = copy_data(CP, tmp_path)
    path = data / "finance.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count('other-reserves: "-391"') == 1
    path.write_text(text.replace('other-reserves: "-391"', 'planned-qipp: "-391"'), encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_site_data(data)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 2, problems
    assert re.fullmatch(
        r"data/finance\.yaml:\d+: 1st table › 15th row \(cells › other\-reserves\): Other reserves: total -376 is not "
        r"the sum of its 12 rows = 15", problems[0]), problems[0]
    assert re.fullmatch(
        r"data/finance\.yaml:\d+: 1st table › 15th row \(cells › planned\-qipp\): Planned QIPP: total -35,142 is not "
        r"the sum of its 12 rows = -35,533", problems[1]), problems[1]
    line = int(problems[0].split(":")[1])
    assert text.splitlines()[line - 1].strip() == 'other-reserves: "-376"'


def test_risk_score_that_does_not_multiply_out_fails_on_the_real_register(tmp_path):
    data = copy_data(CP, tmp_path)
    path = data / "risks.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace('likelihood: "to be confirmed"\n            impact: "to be confirmed"', "likelihood: 4\n            impact: 4", 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_site_data(data)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1
    assert re.fullmatch(r"data/risks\.yaml:\d+: 1st register › 5th risk \(scores › current\): score 20 is not likelihood 4 × impact 4 = 16", problems[0]), problems


def test_every_cp_total_really_adds_up(cp_data):
    """Independently of the model's check: each total row equals its rows, within the rounding."""
    for table in cp_data.finance.tables:
        rows = {r.key: r for r in table.rows if r.key}
        allowance = figure_value(table.rounding)
        for row in (r for r in table.rows if r.kind == "total"):
            for column in table.columns:
                if column.kind not in ("amount", "count") or column.key not in row.cells:
                    continue
                if row.total_columns is not None and column.key not in row.total_columns:
                    continue
                value = lambda r: figure_value(rows[r].cells.get(column.key, "-"))  # noqa: E731
                expected = sum(value(r) for r in row.total_of) - sum(value(r) for r in row.less)
                assert abs(figure_value(row.cells[column.key]) - expected) <= allowance, (table.id, row.label, column.key)
