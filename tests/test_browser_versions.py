"""A published site with two versions, served over HTTP as the host serves gh-pages, in a real
Chromium: no page of either version writes to the console or throws, and the "older version"
banner shows on the older version only (issue 21, part 8)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ENV, EXAMPLES, copy_site
from plansite.checks import browser_sweep

pytestmark = pytest.mark.browser


def _git(cwd, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def published_tree(tmp_path_factory):
    """The example BSW site published as v1, then (one commit later) as v2 to a local bare
    repository by ``make publish``'s code, and gh-pages as the host would serve it."""
    base = tmp_path_factory.mktemp("versions")
    remote = base / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    repo = copy_site(base / "repo", EXAMPLES / "bsw")
    _git(repo, "init", "--quiet", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "--quiet", "-m", "site")
    for version in ("v1", "v2"):
        done = subprocess.run(
            [sys.executable, "-m", "plansite.release.publish", str(remote), "--version", version, "--config", str(repo / "mkdocs.yml")],
            cwd=repo, capture_output=True, text=True, env=ENV, timeout=600,
        )
        assert done.returncode == 0, done.stderr
        _git(repo, "commit", "--quiet", "--allow-empty", "-m", "next")
    served = base / "served"
    served.mkdir()
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=remote, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(served)], input=archive, check=True)
    return served


def _open(context, url: str):
    """The page at ``url``, loaded, with every console message and uncaught error it gave."""
    page = context.new_page()
    said: list[str] = []
    page.on("console", lambda message: said.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: said.append(f"uncaught error: {error}"))
    page.goto(url, wait_until="networkidle")
    return page, said


def test_no_page_of_either_version_errs_and_only_the_older_says_so(published_tree):
    from playwright.sync_api import sync_playwright

    assert browser_sweep.find_chromium(), "Chromium is missing: `make test` installs Debian's chromium package"
    assert (published_tree / "versions.json").is_file()
    pages = {version: browser_sweep.page_paths(published_tree / version) for version in ("v1", "v2")}
    assert len(pages["v1"]) > 15 and pages["v1"] == pages["v2"]
    problems: list[str] = []
    with browser_sweep.served(published_tree) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_sweep.find_chromium(), args=browser_sweep.CHROMIUM_ARGS)
        try:
            for version, older in (("v1", True), ("v2", False)):
                # A new context for each version: what the theme remembers for a tab (that the
                # version is old) starts afresh, as for a reader who follows a link to it.
                context = browser.new_context()
                for path in pages[version]:
                    page, said = _open(context, f"{base}{version}/{path}")
                    banner = page.locator("[data-md-component=outdated]")
                    if older:
                        banner.wait_for(state="visible")
                    elif banner.is_visible():
                        problems.append(f"/{version}/{path}: the older-version banner shows on the latest version")
                    problems += [f"/{version}/{path}: {line}" for line in said]
                    page.close()
                context.close()
            # The site's root and the latest alias: no error, no banner.
            context = browser.new_context()
            for path in ("", "latest/"):
                page, said = _open(context, base + path)
                assert "/v2/" in page.url or "/latest/" in page.url, page.url
                if page.locator("[data-md-component=outdated]").is_visible():
                    problems.append(f"/{path}: the older-version banner shows on the latest version")
                problems += [f"/{path}: {line}" for line in said]
                page.close()
            # The banner's link leads from the older version to the latest.
            page, said = _open(context, f"{base}v1/{pages['v1'][-1]}")
            link = page.locator("[data-md-component=outdated] a")
            link.wait_for(state="visible")
            assert "latest version" in link.inner_text()
            link.click()
            page.wait_for_load_state("networkidle")
            assert "/v1/" not in page.url and ("/latest/" in page.url or "/v2/" in page.url), page.url
            problems += said
            context.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems[:40])
