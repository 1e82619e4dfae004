"""Lighthouse's accessibility audits (checks/lighthouse.py, run by make verify): the sample holds
one page of each kind, a page that fails an audit is named with the audit, and a good page passes."""
from __future__ import annotations

from pathlib import Path

import pytest

from plansite.checks.lighthouse import CLI, problems, sample

ROOT = Path(__file__).resolve().parents[1]
PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title></head>'
        '<body><main><h1>{title}</h1>{body}</main></body></html>')


def test_the_sample_is_one_page_of_each_kind():
    paths = ["", "dashboard/", "people/", "people/amanda-deeks/", "people/julia-ross/", "bodies/aedb/",
             "bodies/cabinet/", "updates/", "updates/2018-11-partner-boards/"]
    assert sample(paths) == ["", "dashboard/", "people/", "people/amanda-deeks/", "bodies/aedb/", "updates/",
                             "updates/2018-11-partner-boards/"]


@pytest.mark.browser
def test_a_picture_without_words_fails_and_a_plain_page_passes(tmp_path):
    from plansite.checks.browser_sweep import find_chromium

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no Chromium on this machine")
    (tmp_path / "index.html").write_text(PAGE.format(title="Plans", body="<p>The plans.</p>"), encoding="utf-8")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "index.html").write_text(
        PAGE.format(title="A chart", body='<p>Spending.</p><img src="chart.png" width="10" height="10">'), encoding="utf-8")
    # A folder named as a page file may be ('#' would end the address and audit the home page instead).
    (tmp_path / "bad #2").mkdir()
    (tmp_path / "bad #2" / "index.html").write_text((tmp_path / "bad" / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    found = problems(tmp_path, ["", "bad/", "bad #2/"], chromium, ROOT / CLI)
    assert found == ["bad/: image-alt: Image elements do not have `[alt]` attributes (1 element(s))",
                     "bad #2/: image-alt: Image elements do not have `[alt]` attributes (1 element(s))"], found
