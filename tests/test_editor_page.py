"""The browser editor's page: the vendored Sveltia CMS matches its recorded SHA-256, the served
script differs from it only by REWRITES, and opening the page in Chromium loads the editor,
its fonts and its British locale with no request to any other host and nothing its security
policy blocks."""
from __future__ import annotations

import hashlib
from urllib.parse import urlparse

import pytest

from plansite.checks.browser_sweep import CHROMIUM_ARGS, CSP_LISTENER, find_chromium, served
from plansite.outputs.editor_page import (
    ASSETS, REWRITES, POLICY, VendoredScriptChanged, served_script, vendored_files_intact, write_editor,
)


def _recorded_hash(name: str) -> str:
    for line in (ASSETS / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, recorded = line.split(maxsplit=1)
        if recorded == name:
            return digest
    raise AssertionError(f"{name} is not in SHA256SUMS")


def test_vendored_editor_matches_its_recorded_hashes():
    assert vendored_files_intact() == []


def test_every_vendored_file_is_recorded():
    # The YAML library has its own SHA256SUMS (outputs/editor_yaml.py); the format script is ours.
    on_disk = {str(path.relative_to(ASSETS)) for path in ASSETS.rglob("*") if path.is_file()
               and path.relative_to(ASSETS).parts[0] != "yaml"} - {"SHA256SUMS", "plansite-yaml-format.js"}
    recorded = {line.split(maxsplit=1)[1] for line in (ASSETS / "SHA256SUMS").read_text(encoding="utf-8").splitlines()}
    assert on_disk == recorded
    assert len([name for name in recorded if name.startswith("locales/")]) == 29


def test_a_changed_vendored_file_is_named(tmp_path, monkeypatch):
    import plansite.outputs.editor_page as editor_page

    copy = tmp_path / "editor"
    import shutil
    shutil.copytree(ASSETS, copy)
    (copy / "locales" / "en-GB.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(editor_page, "ASSETS", copy)
    assert editor_page.vendored_files_intact() == ["locales/en-GB.json"]


def test_the_served_script_is_the_vendored_one_with_only_the_local_urls(tmp_path):
    write_editor(tmp_path, "Test site")
    served = (tmp_path / "sveltia-cms.js").read_bytes().decode("utf-8")
    assert "cdn.jsdelivr.net" not in served
    for old, new in reversed(REWRITES):
        assert served.count(new) == 1, new
        served = served.replace(new, old)
    assert hashlib.sha256(served.encode("utf-8")).hexdigest() == _recorded_hash("sveltia-cms.js")
    for folder in ("fonts", "locales", "chunks"):
        for path in (ASSETS / folder).iterdir():
            assert (tmp_path / folder / path.name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("old, new", REWRITES[:1] + REWRITES[-1:])
def test_an_upgrade_that_moves_a_rewrite_stops_the_build_in_one_line(old, new):
    script = (ASSETS / "sveltia-cms.js").read_bytes().decode("utf-8")
    for broken in (script.replace(old, ""), script + old):
        with pytest.raises(VendoredScriptChanged) as raised:
            served_script(broken)
        message = str(raised.value)
        assert "\n" not in message and "sveltia-cms.js" in message and repr(old) in message


def test_policy_names_no_host_but_the_git_api():
    hosts = {word.rstrip(";") for word in POLICY.split() if "://" in word}
    assert hosts == {"https://api.github.com"}


def _open_editor(tmp_path):
    """(requests to another host, what the policy blocked, page errors, the page's text, what the
    page fetched from its own host with each status, the fonts that loaded)."""
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no Chromium on this machine")
    from playwright.sync_api import sync_playwright

    write_editor(tmp_path / "admin", "Test site")
    foreign: list[str] = []
    errors: list[str] = []
    local: dict[str, int] = {}
    with served(tmp_path) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-GB")
        page.on("response", lambda response: local.__setitem__(urlparse(response.url).path, response.status))

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
        fonts = page.evaluate("""async () => { await document.fonts.ready;
            return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/["']/g, '')); }""")
        browser.close()
    return foreign, blocked, errors, text, local, fonts


@pytest.mark.browser
def test_opening_the_editor_asks_no_other_host(tmp_path):
    foreign, _, errors, text, _, _ = _open_editor(tmp_path)
    assert foreign == [], foreign
    assert errors == [], errors
    assert text.strip(), "the editor drew nothing"


@pytest.mark.browser
def test_the_editor_tries_no_other_host(tmp_path):
    """What an unchanged Sveltia 0.221.1 tries (unpkg.com's update check and en-GB locale,
    githubstatus.com, jsDelivr's three fonts) is served from admin/ or not asked at all."""
    _, blocked, _, text, local, fonts = _open_editor(tmp_path)
    assert blocked == [], blocked
    assert local.get("/admin/locales/en-GB.json") == 200, local
    assert {"Source Sans 3", "Material Symbols Outlined"} <= set(fonts), fonts
    for path, status in local.items():
        assert status < 400, (path, status)
