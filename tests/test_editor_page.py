"""The browser editor's page: the vendored Sveltia CMS matches its recorded SHA-256, and opening
the page in Chromium loads the editor with no request to any other host and nothing its
security policy blocks."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from plansite.checks.browser_sweep import CHROMIUM_ARGS, CSP_LISTENER, find_chromium, served
from plansite.outputs.editor_page import POLICY, vendored_files_intact, write_editor


def test_vendored_editor_matches_its_recorded_hashes():
    assert vendored_files_intact() == []


def test_policy_names_no_host_but_the_git_api():
    hosts = {word.rstrip(";") for word in POLICY.split() if "://" in word}
    assert hosts == {"https://api.github.com"}


def _open_editor(tmp_path):
    """(requests to another host, what the policy blocked, page errors, the page's text)."""
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no Chromium on this machine")
    from playwright.sync_api import sync_playwright

    write_editor(tmp_path / "admin", "Test site")
    foreign: list[str] = []
    errors: list[str] = []
    with served(tmp_path) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()

        def route(route):
            if urlparse(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                foreign.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        page.add_init_script(CSP_LISTENER)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "admin/index.html")
        page.wait_for_function("document.body.innerText.trim().length > 0", timeout=30000)
        page.wait_for_timeout(2000)  # let it fetch what it fetches after the first paint
        text = page.inner_text("body")
        blocked = page.evaluate("window.__blocked")
        browser.close()
    return foreign, blocked, errors, text


@pytest.mark.browser
def test_opening_the_editor_asks_no_other_host(tmp_path):
    foreign, _, errors, text = _open_editor(tmp_path)
    assert foreign == [], foreign
    assert errors == [], errors
    assert text.strip(), "the editor drew nothing"


@pytest.mark.browser
@pytest.mark.xfail(strict=True, reason="Sveltia 0.221.1 still tries unpkg.com (update check), githubstatus.com and "
                   "jsDelivr's fonts; the policy blocks them (no request leaves), but the fonts and icons are not yet vendored")
def test_the_editor_tries_no_other_host(tmp_path):
    _, blocked, _, _ = _open_editor(tmp_path)
    assert blocked == [], blocked
