"""The two example partnerships' sites in a real Chromium, as tests/test_browser.py opens the
fixture site (a file of its own so that ``make test``'s two workers share the sweeps)."""
from __future__ import annotations

import pytest

from plansite.checks import browser_sweep

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", ["cambridgeshire-peterborough", "bsw"])
def test_every_example_page_is_accessible_private_and_fits(built_examples, name):
    """Both widths: axe-core, no request elsewhere, nothing sideways, picture labels inside."""
    assert browser_sweep.find_chromium(), "Chromium is missing: `make test` installs Debian's chromium package"
    site_dir = built_examples[name].site_dir
    pages = browser_sweep.page_paths(site_dir)
    assert len(pages) > 15
    failures = browser_sweep.sweep(site_dir, paths=pages)
    assert not failures, "\n".join(failures[:60])
