"""html-validate's standard preset (less the theme's rules in html_rules_off.json) finds no
error on any page of the three partnerships' built sites, and does find a duplicate id."""
from __future__ import annotations

import pytest

from plansite.checks import html_valid

pytestmark = pytest.mark.skipif(not html_valid.CLI.is_file(), reason="run 'make .venv/.installed-test' (npm ci)")


@pytest.mark.parametrize("name", ["bnssg", "bsw", "cambridgeshire-peterborough"])
def test_every_page_is_valid_html(built_sites, name):
    assert not html_valid.problems(built_sites[name].site_dir)


def test_a_duplicate_id_is_an_error(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head><title>Page</title></head>\n<body>\n'
        '<h1 id="aedb">AEDB</h1>\n<div id="aedb">A card</div>\n</body>\n</html>\n', encoding="utf-8")
    found = html_valid.problems(tmp_path)
    assert len(found) == 1 and 'index.html:6: Duplicate ID "aedb" (no-dup-id)' in found[0], found


def test_every_rule_switched_off_says_why():
    import json

    rules_off = json.loads(html_valid.RULES_OFF.read_text(encoding="utf-8"))
    assert rules_off and all(len(reason) > 20 for reason in rules_off.values()), rules_off
