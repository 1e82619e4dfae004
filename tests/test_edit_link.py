"""'Edit this page' (issue 22 part 6): every page the editor holds an entry for links to it at
the site root's admin/, relative to the page (so it works under any published version); a page
cannot set the link itself."""
from __future__ import annotations

import re
import subprocess
import sys

from plansite.outputs.edit_link import edit_link, editor_entry

LINK = re.compile(r'<p class="plan-edit-link"><a href="([^"]*)">Edit this page</a></p>')


def test_each_kind_of_page_names_its_entry():
    assert editor_entry("governance.md", {}, False) == "/collections/pages/entries/governance"
    assert editor_entry("updates/2018-11-partner-boards.md", {}, False) == "/collections/updates/entries/2018-11-partner-boards"
    assert editor_entry("people/julia-ross.md", {"record_dataset": "people"}, True) == "/collections/data/entries/people"
    assert editor_entry("people/index.md", {}, False) is None  # a sub-folder the editor holds no entry for
    assert editor_entry("pack.html", {}, False) is None


def test_the_link_is_relative_to_the_page():
    assert edit_link("index.md", "", {}, False) == "../admin/#/collections/pages/entries/index"
    assert edit_link("people/julia-ross.md", "people/julia-ross/", {"record_dataset": "people"}, True) == (
        "../../../admin/#/collections/data/entries/people")


def test_built_pages_link_to_their_source_or_data_file(built_site):
    home = (built_site.site_dir / "index.html").read_text(encoding="utf-8")
    assert LINK.findall(home) == ["../admin/#/collections/pages/entries/index"]
    person = next((built_site.site_dir / "people").glob("*/index.html")).read_text(encoding="utf-8")
    assert LINK.findall(person) == ["../../../admin/#/collections/data/entries/people"]
    pages = list(built_site.site_dir.rglob("*.html"))
    linked = [p for p in pages if LINK.search(p.read_text(encoding="utf-8"))]
    assert len(linked) >= len(pages) // 2, "most pages have the link"


def test_a_page_cannot_set_its_own_edit_link(site_copy):
    page = site_copy / "docs" / "governance.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    page.write_text("---\nplansite_edit: javascript:alert(1)\n" + text[4:], encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "plansite.checks.check", "data", "--docs", "docs"],
                            cwd=site_copy, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert any(line.startswith("docs/governance.md:2:") and "plansite_edit" in line for line in result.stderr.splitlines()), result.stderr
