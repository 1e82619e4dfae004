"""At 360 px in Chromium (issue 21 part 6): every table fits, or the box it scrolls in shows
the scroll cue (edge shadows); every timeline label shows at 12 px or more; the search
dialog and its input have accessible names."""
from __future__ import annotations

import pytest

from plansite.checks import browser_sweep

pytestmark = pytest.mark.browser

TABLES = """() => {
  const found = [];
  for (const table of document.querySelectorAll('.md-content table')) {
    if (table.offsetParent === null) continue;
    let box = table;  // the nearest box that scrolls sideways, the table itself included
    while (box && !(['auto', 'scroll'].includes(getComputedStyle(box).overflowX) && box.scrollWidth > box.clientWidth + 1)) box = box.parentElement;
    const fits = table.getBoundingClientRect().right <= document.documentElement.clientWidth + 1;
    found.push({fits, scrolls: !!box, cue: box ? getComputedStyle(box).backgroundImage : '',
                caption: (table.caption || {}).textContent || table.rows[0].textContent.slice(0, 40)});
  }
  return found;
}"""
LABEL_SIZES = """() => [...document.querySelectorAll('.plan-timeline-figure svg text')].map(t =>
  ({text: t.textContent, px: t.getBoundingClientRect().height ? parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a : 0}))"""
SEARCH_NAMES = """async () => {
  const dialog = document.querySelector('[data-md-component=search][role=dialog]');
  const input = document.querySelector('.md-search__input');
  return {dialog: dialog && dialog.getAttribute('aria-label'), input: input && input.getAttribute('aria-label')};
}"""


@pytest.fixture(scope="module")
def phone_page(built_site):
    from playwright.sync_api import sync_playwright

    with browser_sweep.served(built_site.site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_sweep.find_chromium(), args=browser_sweep.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 740})

        def open_page(path: str):
            page.goto(base + path)
            return page

        yield open_page
        browser.close()


def test_every_table_fits_or_its_scroller_shows_the_cue(built_site, phone_page):
    checked = 0
    for path in browser_sweep.page_paths(built_site.site_dir):
        for t in phone_page(path).evaluate(TABLES):
            checked += 1
            assert t["fits"] or (t["scrolls"] and "radial-gradient" in t["cue"]), f"{path}: table '{t['caption']}' is cut off with no scroll cue: {t}"
    assert checked > 20, checked


def test_the_by_group_table_scrolls_with_the_cue(phone_page):
    tables = phone_page("dashboard/").evaluate(TABLES)
    by_group = [t for t in tables if t["caption"].startswith("Number of actions and milestones each group")]
    assert by_group and by_group[0]["scrolls"] and "radial-gradient" in by_group[0]["cue"], tables


def test_timeline_labels_are_at_least_12_px_on_a_phone(phone_page):
    sizes = phone_page("timeline/").evaluate(LABEL_SIZES)
    assert sizes, "no timeline picture on the planning timeline page"
    small = [s for s in sizes if s["px"] < 12]
    assert not small, small


def test_the_search_dialog_and_its_input_have_accessible_names(phone_page):
    names = phone_page("").evaluate(SEARCH_NAMES)
    assert names["dialog"] and names["input"], names


def _ax_tables(page) -> dict:
    """What Chromium's accessibility tree (DevTools protocol) holds for each table: its name
    (the caption), its rows and their cells, and the named regions around tables."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    by_id = {n["nodeId"]: n for n in nodes}
    role = lambda n: n.get("role", {}).get("value")  # noqa: E731
    name = lambda n: " ".join(str(n.get("name", {}).get("value", "")).split())  # noqa: E731

    def below(node, wanted):
        for child_id in node.get("childIds", []):
            child = by_id.get(child_id)
            if child is None:
                continue
            if role(child) in wanted:
                yield child
            else:
                yield from below(child, wanted)

    tables = {}
    for node in nodes:
        if role(node) == "table":
            rows = list(below(node, {"row"}))
            tables[name(node)] = [[role(cell) for cell in below(row, {"cell", "gridcell", "rowheader", "columnheader"})] for row in rows]
    regions = {name(n) for n in nodes if role(n) == "region"}
    return {"tables": tables, "regions": regions}


def test_the_card_tables_stay_tables_with_rows_and_cells_in_chromium(phone_page):
    """On a phone the late and due tables are cards (display: block) and carry no ARIA table
    roles: Chromium must still expose each as a table of rows and cells, inside its region."""
    page = phone_page("dashboard/")
    cards = page.evaluate("""() => [...document.querySelectorAll('.plan-cards table')].map(t =>
      ({caption: t.caption.textContent.trim().replace(/\\s+/g, ' '), display: getComputedStyle(t).display,
        rows: t.rows.length, role: t.getAttribute('role')}))""")
    assert len(cards) == 2, cards
    assert all(c["display"] == "block" and c["role"] is None for c in cards), cards  # the card layout, no roles
    found = _ax_tables(page)
    for card in cards:
        rows = found["tables"].get(card["caption"])
        assert rows is not None, f"Chromium shows no table named {card['caption']!r}: {sorted(found['tables'])}"
        assert len(rows) == card["rows"], (card, rows)
        assert rows[0] == ["columnheader"] * 5, rows[0]
        assert all(r == ["rowheader", "cell", "cell", "cell", "cell"] for r in rows[1:]), rows
        assert card["caption"] in found["regions"], f"no region named {card['caption']!r}: {found['regions']}"


def test_a_table_with_its_roles_taken_away_is_not_a_table(phone_page):
    """The check above can fail: role=presentation (what a layout that loses a table's
    semantics amounts to) leaves Chromium no table by that name."""
    page = phone_page("dashboard/")
    caption = page.evaluate("""() => { const t = document.querySelector('.plan-cards table');
      t.setAttribute('role', 'presentation'); return t.caption.textContent.trim().replace(/\\s+/g, ' '); }""")
    assert caption not in _ax_tables(page)["tables"]
