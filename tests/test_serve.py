"""``mkdocs serve`` (the comms team's preview) reloads on data edits and survives broken data."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import ENV, MKDOCS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, predicate, proc: subprocess.Popen, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        assert proc.poll() is None, "mkdocs serve exited"
        try:
            last = fetch(url)
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting on {url}; last page:\n{last[:2000]}")


def test_serve_reloads_data_and_shows_problems_without_exiting(site_copy: Path, tmp_path):
    with (site_copy / "data" / "people.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - id: dana-draft\n    name: Dana Draftperson\n    roles: []\n    visibility: draft\n"
            "    source: {document: board-update-2018-11, section: test}\n"
        )
    port = free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(
        [str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}",
         "-f", str(site_copy / "mkdocs.yml")],
        cwd=site_copy, stdout=log, stderr=subprocess.STDOUT, text=True, env=ENV,
    )
    people = site_copy / "data" / "people.yaml"
    url = f"http://127.0.0.1:{port}/people/"
    try:
        page = wait_for(url, lambda html: "Julia Ross" in html, proc)
        # The preview shows a draft, marked as one (published builds leave it out).
        assert "Dana Draftperson" in page
        assert "Draft: not published" in page[page.index("Dana Draftperson") - 400:page.index("Dana Draftperson")]

        # An edit to a data file shows without restarting.
        people.write_text(people.read_text(encoding="utf-8").replace("name: Julia Ross", "name: Julia Ross-Edited", 1), encoding="utf-8")
        wait_for(url, lambda html: "Julia Ross-Edited" in html, proc)

        # Broken data: the server keeps running and the page shows the one-line problem.
        good = people.read_text(encoding="utf-8")
        first = good.splitlines().index("people:") + 1
        people.write_text(good.replace("people:\n", "people:\npeople:\n", 1), encoding="utf-8")
        expected = f"data/people.yaml:{first + 1}: people: duplicate field 'people' (first given on line {first}); keep only one"
        page = wait_for(url, lambda html: "plan-problem" in html, proc)
        assert expected.replace("'", "&#39;") in page
        assert page.count('class="plan-problem"') == 1
        # Every page says so, the generated person pages and pages without macros too.
        for other in ("people/julia-ross/", "accessibility/", "bodies/sdog/"):
            assert expected.replace("'", "&#39;") in fetch(f"http://127.0.0.1:{port}/{other}"), other
        assert proc.poll() is None

        # Fixed again: the problem panel goes away.
        people.write_text(good, encoding="utf-8")
        wait_for(url, lambda html: "plan-problem" not in html and "Julia Ross-Edited" in html, proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.seek(0)
        output = log.read()
        log.close()
    assert expected in output
    assert output.count(expected) == 1, output  # said once, not again for every page showing it
    assert "Traceback" not in output, output
    # Quiet: no chatter from the macros plugin, no link warnings while the data is broken.
    assert "[macros]" not in output, output
    warnings = [line for line in output.splitlines() if line.startswith("WARNING") and "data problem found" not in line]
    assert not warnings, output


PLANSITE = Path(MKDOCS).parent / "plansite"


def test_broken_settings_keep_the_last_good_build_served(site_copy: Path, tmp_path):
    """An indentation slip or a misspelt option in mkdocs.yml, saved while previewing: one
    line naming the file and line, no traceback, and every page request still answered with
    the last good build (MkDocs alone holds requests until the file is fixed)."""
    config = site_copy / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    slipped = good.replace("theme:\n  name: material\n", "theme:\n  name: material\n features: []\n", 1)
    misspelt = good.replace("      data_dir: data\n", "      data_dri: data\n", 1)
    assert slipped != good and misspelt != good
    port = free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen([str(PLANSITE), "serve", "--config", str(config), "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=site_copy, stdout=log, stderr=subprocess.STDOUT, text=True, env=ENV)
    url = f"http://127.0.0.1:{port}/people/"

    def said(text: str) -> bool:
        log.seek(0)
        return text in log.read()

    def wait_said(text: str) -> None:
        deadline = time.monotonic() + 90
        while not said(text):
            assert proc.poll() is None, "the preview exited"
            assert time.monotonic() < deadline, f"never said {text!r}"
            time.sleep(0.5)

    try:
        wait_for(url, lambda html: "Julia Ross" in html, proc)
        line = slipped.splitlines().index(" features: []") + 1
        config.write_text(slipped, encoding="utf-8")
        wait_said(f"mkdocs.yml:{line}: not valid YAML")
        wait_said("The preview shows the last good build")
        assert "Julia Ross" in fetch(url)  # answered at once (fetch gives up after 10 s), the last good build
        assert "Healthier Together plans" in fetch(f"http://127.0.0.1:{port}/accessibility/")

        config.write_text(misspelt, encoding="utf-8")
        wait_said("'data_dri' is not an option of the plansite plugin; did you mean 'data_dir'?")
        assert "Julia Ross" in fetch(url)

        # Fixed, with a change that shows: the preview builds again.
        config.write_text(good.replace("site_name: Healthier Together plans", "site_name: Healthier Together plans (fixed)", 1), encoding="utf-8")
        wait_for(url, lambda html: "Healthier Together plans (fixed)" in html, proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.seek(0)
        output = log.read()
        log.close()
    assert "Traceback" not in output, output
    assert proc.returncode is not None


def test_serve_refuses_to_start_on_broken_settings(site_copy: Path):
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n  name: material\n", "theme:\n  name: material\n features: []\n", 1), encoding="utf-8")
    done = subprocess.run([str(PLANSITE), "serve", "--config", str(config), "--dev-addr", f"127.0.0.1:{free_port()}"],
                          cwd=site_copy, capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == "mkdocs.yml:16: not valid YAML (expected <block end>, but found '<block mapping start>')"
    assert "preview cannot start" in done.stderr and "Traceback" not in done.stderr + done.stdout
