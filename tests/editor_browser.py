"""The browser editor open in Chromium on a temporary copy of the fixture site, for the tests
of saving (test_editor_save.py) and of its accessibility (test_editor_a11y.py).

Sveltia's local mode reads and writes the folder the browser's File System Access API hands it
(showDirectoryPicker). Playwright cannot answer that picker, so the copy's files are put in
the page's origin-private file system (OPFS, the same API) and showDirectoryPicker returns
that folder; what the editor saved is read back out of it. The editor is the real one
write_editor publishes, with the generated config.yml and plansite-yaml-format.js."""
from __future__ import annotations

import json
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import FIXTURE, copy_site

OPFS_FILL = """
window.__files = %s;
window.__ready = (async () => {
  const root = await navigator.storage.getDirectory();
  for (const [path, text] of Object.entries(window.__files)) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const writable = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writable.write(text);
    await writable.close();
  }
})();
window.showDirectoryPicker = async () => { await window.__ready; return navigator.storage.getDirectory(); };
"""
OPFS_READ = """async path => {
  let dir = await navigator.storage.getDirectory();
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  try { return await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text(); } catch (e) { return null; }
}"""
OPFS_LIST = """async folder => {
  let dir = await navigator.storage.getDirectory();
  for (const part of folder.split('/')) dir = await dir.getDirectoryHandle(part);
  const names = [];
  for await (const [name, handle] of dir.entries()) if (handle.kind === 'file') names.push(name);
  return names.sort();
}"""
# Each input's label, by the element that names it (Sveltia labels inputs by aria-labelledby).
INPUT_LABELS = """() => [...document.querySelectorAll('input[aria-labelledby]')].map(e =>
  document.getElementById(e.getAttribute('aria-labelledby').split(' ')[0])?.innerText.trim())"""


class Editor:
    """The editor open on a temporary copy of the fixture site, in local mode."""

    def __init__(self, page, site: Path):
        self.page, self.site = page, site

    def read(self, path: str) -> str | None:
        return self.page.evaluate(OPFS_READ, path)

    def listing(self, folder: str) -> list[str]:
        return self.page.evaluate(OPFS_LIST, folder)

    def input_with_value(self, value: str):
        """The form's input holding `value`, scrolled to: Sveltia draws list items as they scroll into view."""
        find = "v => [...document.querySelectorAll('input')].findIndex(e => e.value === v)"
        self.page.mouse.move(300, 500)
        self.page.mouse.wheel(0, -100000)  # from the top of the form
        for _ in range(60):
            index = self.page.evaluate(find, value)
            if index >= 0:
                return self.page.locator("input").nth(index)
            self.page.mouse.move(300, 500)
            self.page.mouse.wheel(0, 500)
            self.page.wait_for_timeout(150)
        raise AssertionError(f"no input holds {value!r}")

    def scroll_until(self, selector: str):
        for _ in range(60):
            if self.page.locator(selector).count():
                return
            self.page.mouse.move(300, 500)
            self.page.mouse.wheel(0, 500)
            self.page.wait_for_timeout(150)
        raise AssertionError(f"the form never drew {selector}")

    def open_file(self, dataset: str):
        """A data file's form (a save goes back to the list of files, so a second edit opens it again)."""
        # By way of the list of files: going from one file's form straight to another's draws an empty pane.
        self.page.evaluate("location.hash = '#/collections/data'")
        self.page.wait_for_timeout(300)
        self.page.evaluate(f"location.hash = '#/collections/data/entries/{dataset}'")
        self.input_labelled("Review by")

    @staticmethod
    def field(within, label: str):
        """The first field labelled `label` inside a locator (Sveltia names each field's section by its label)."""
        return within.locator(f'section.field[aria-label*="{label}"]').first

    def input_labelled(self, label: str):
        for _ in range(100):  # the form may be redrawn between two looks (a save, a new entry)
            labels = self.page.evaluate(INPUT_LABELS)
            if label in labels:
                return self.page.locator("input[aria-labelledby]").nth(labels.index(label))
            self.page.wait_for_timeout(150)
        raise AssertionError(f"the form has no field labelled {label!r}: {labels}")

    def new_list_item(self, add_button: str):
        """Press the form's "Add <list>" button; the item it added, as a locator."""
        import re

        self.page.get_by_role("button", name=re.compile(f"Add .{add_button}")).click()
        self.page.wait_for_timeout(1000)  # Sveltia fills the new item's defaults after drawing it
        # The new item is the last one whose Id is still empty; marked so the test can find it again.
        self.page.evaluate("""() => { const ids = [...document.querySelectorAll('input')].filter(e => e.value === ''
            && e.closest('section.field')?.getAttribute('aria-label')?.includes('Id'));
          ids.at(-1).closest('div.item').setAttribute('data-test-new', ''); }""")
        return self.page.locator("[data-test-new]")

    def save(self):
        self.page.get_by_role("button", name="Save", exact=True).click()
        self.page.wait_for_timeout(2000)

    def sign_in(self):
        """Sveltia's first screen: work with the local folder (showDirectoryPicker answers it)."""
        self.page.get_by_role("button", name="Work with Local Repository").click()
        # "Pages" is listed at every width; on a phone "People" is inside the "Data" group
        self.page.get_by_text("Pages", exact=True).first.wait_for(timeout=30000)

    def alerts(self) -> list[str]:
        return self.page.evaluate("() => [...document.querySelectorAll('[role=alert]')].map(e => e.innerText)")


@contextmanager
def open_editor(tmp_path: Path, viewport: dict | None = None, signed_in: bool = True, source: Path = FIXTURE):
    """The editor, published as write_editor writes it, open in Chromium on a temporary copy
    of a site (the fixture site unless ``source`` names another) in local mode; yields an Editor once its collections are listed (or,
    with ``signed_in=False``, on its first screen).
    A script error on the page fails the test."""
    from plansite.checks.browser_sweep import CHROMIUM_ARGS, find_chromium, served
    from plansite.outputs.editor_page import write_editor

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no Chromium on this machine")
    from playwright.sync_api import sync_playwright

    site = copy_site(tmp_path / "site", source)
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    files = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
             for p in site.rglob("*") if p.is_file() and ".git" not in p.relative_to(site).parts}
    files[".git/HEAD"] = (site / ".git" / "HEAD").read_text(encoding="utf-8")  # Sveltia wants the folder to be a repository
    write_editor(tmp_path / "served" / "admin", "Test site")
    errors: list[str] = []
    with served(tmp_path / "served") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.add_init_script(OPFS_FILL % json.dumps(files))
        page.goto(base + "admin/index.html")
        editor = Editor(page, site)
        if signed_in:
            editor.sign_in()
        else:
            page.get_by_role("button", name="Work with Local Repository").wait_for(timeout=30000)
        yield editor
        browser.close()
    assert errors == [], errors
