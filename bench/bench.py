"""``make bench``: how long the example site takes to build, check and preview, and how much
a reader downloads, measured side by side in one run, with the targets and pass or fail.

Every figure comes from temporary copies of the example site (docs/, data/, mkdocs.yml) made
in this run, so the project's own files are never touched:

- ×1: the site as it is; "pre-rendered": every page the ×1 build makes, saved as the Markdown
  the macros made of it (``bench/capture.py``) and built without the macros plugin and the
  hooks: the same pages by MkDocs and Material alone, the baseline for the overhead;
- "no plugin": the ×1 site with the plansite plugin removed from its configuration
  (its pages' ``{{ show(...) }}`` calls stay as text and the generated person, body and board
  pack pages are not made): shown for comparison only;
- ×10, ×100: the same site with synthetic data (``bench/synthetic.py``), checked valid first.

Builds and checks are timed twice where it matters: with nothing cached (a new, empty
``PLANSITE_CACHE_DIR`` each run, as on a fresh CI machine) and with the cache an earlier run
filled (as for a comms officer checking or previewing again after an edit).

Builds are ``mkdocs build --strict``; the ×1 site is also built the way ``make site
ENGINE=zensical`` builds it (README "Zensical"), where .venv-zensical exists. The board pack PDF, which the build prints with
Chromium when it finds it, is timed on its own row: the builds run with Chromium hidden from
PATH, as on a machine without it (the build then skips the PDF with a note).

Each time is the median of several runs (``--runs``), interleaved so that a busy machine
slows every figure alike; the CPU seconds of the same runs are shown too.

    python -m bench.bench [--runs 3] [--runs-x100 1] [--no-serve] [--no-pdf] [--pdf-x100] [--keep DIR]
"""
from __future__ import annotations

import argparse
import gzip
import html.parser
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MKDOCS = str(BIN / "mkdocs")
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"  # the second engine's own environment
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")

# Targets: (label, test on the measured figures) — kept here so the table and the README agree.
OVERHEAD_MAX = 1.3  # ×1 build / the same rendered pages built by MkDocs and Material alone
SCALE_MAX = 100.0  # ×100 build / ×1 build
GROWTH_MAX = 12.0  # ×100 build / ×10 build: the build grows no faster than its pages
CHECK_X100_MAX = 2.0  # seconds
SERVE_RATIO_MAX = 1.5  # data edit / Markdown edit under mkdocs serve
HOME_MAX = 500 * 1024  # bytes a browser fetches for the home page
PUBLISH_MAX = 30.0  # seconds for `make publish` of the ×1 site (issue 11)
INDEX_GROWTH_TOLERANCE = 1.02  # search index may grow at most 2 % faster than its text


# ---------------------------------------------------------------- the sites ----------
def _drop_block(text: str, start: re.Pattern) -> str:
    """Remove the line matching ``start`` and the block under it: deeper-indented lines and,
    under a ``key:`` line, list items at its own indent."""
    out: list[str] = []
    indent, is_key = None, False
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        depth = len(line) - len(stripped)
        if indent is not None:
            if not stripped.strip() or depth > indent or (is_key and depth == indent and stripped.startswith("- ")):
                continue
            indent = None
        if start.match(line):
            indent, is_key = depth, not stripped.startswith("- ")
            continue
        out.append(line)
    return "".join(out)


def make_site(target: Path, factor: int = 1, plugin: bool = True) -> Path:
    """A copy of the example site in ``target``; data scaled ``factor`` times; with or
    without the plansite plugin (which brings the macros plugin)."""
    from bench.synthetic import scale_data

    target.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", target / "docs")
    if factor == 1:
        shutil.copytree(ROOT / "data", target / "data")
    else:
        scale_data(ROOT / "data", target / "data", factor)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not plugin:
        # Material alone, with the same Markdown extensions the generator brings.
        from plansite.site_defaults import MARKDOWN_EXTENSIONS

        config = _drop_block(config, re.compile(r"^\s*-\s*plansite\b")).replace("  name: plansite\n", "  name: material\n")
        assert "plansite" not in re.sub(r"#.*", "", config), "could not remove the plugin"
        config += "\nmarkdown_extensions:\n" + "".join(
            f"  - {name}:\n" + "".join(f"      {k}: {str(v).lower()}\n" for k, v in options.items()) if options else f"  - {name}\n"
            for name, options in MARKDOWN_EXTENSIONS.items())
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def path_without_chromium(workdir: Path) -> str:
    """PATH with Chromium hidden: folders holding it are replaced by links to everything else."""
    parts = []
    for number, folder in enumerate(os.environ.get("PATH", "").split(os.pathsep)):
        path = Path(folder)
        if not any((path / name).exists() for name in CHROMIUM_NAMES):
            parts.append(folder)
            continue
        shadow = workdir / f"path{number}"
        shadow.mkdir(parents=True, exist_ok=True)
        for entry in path.iterdir():
            if entry.name not in CHROMIUM_NAMES and not (shadow / entry.name).exists():
                (shadow / entry.name).symlink_to(entry)
        parts.append(str(shadow))
    return os.pathsep.join([str(BIN)] + parts)


# ---------------------------------------------------------------- timing -------------
@dataclass
class Timing:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, env: dict[str, str], timing: Timing, timeout: float = 1800) -> str:
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    timing.walls.append(time.perf_counter() - start)
    timing.cpus.append(_children_cpu() - cpu)
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed in {cwd}:\n{proc.stdout}{proc.stderr}")
    return proc.stdout + proc.stderr


# ---------------------------------------------------------------- mkdocs serve -------
def measure_publish(folder: Path, timing: Timing, env: dict[str, str]) -> None:
    """``make publish`` of a committed copy of the ×1 site to a new bare repository, timed
    as the publish command itself (``python -m plansite.release.publish``)."""
    repo, remote = make_site(folder / "repo"), folder / "remote.git"
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "site"], cwd=repo, check=True)
    timed([sys.executable, "-m", "plansite.release.publish", str(remote), "--version", "bench", "--config", "mkdocs.yml"],
          repo, {**env, "PYTHONPATH": str(ROOT), "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@localhost",
                 "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@localhost"}, timing)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    request = urllib.request.Request(url, headers={"Cache-Control": "no-cache"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def _first_person(site: Path) -> tuple[str, int]:
    """The first person's id, and the line of their name in data/people.yaml."""
    from plansite.read.loading import load_yaml_file

    loaded = load_yaml_file(site / "data" / "people.yaml", "people.yaml")
    return loaded.value["people"][0]["id"], loaded.line_of(("people", 0, "name"))


def measure_serve(site: Path, env: dict[str, str], runs: int) -> tuple[Timing, Timing]:
    """Seconds from saving an edit to the served page showing it: (data edit, Markdown edit)."""
    port = _free_port()
    person, name_line = _first_person(site)
    people = site / "data" / "people.yaml"
    home = site / "docs" / "index.md"
    originals = {people: people.read_text(encoding="utf-8"), home: home.read_text(encoding="utf-8")}
    log: list[str] = []
    server = subprocess.Popen(
        [MKDOCS, "serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    threading.Thread(target=lambda: log.extend(server.stdout), daemon=True).start()
    base = f"http://127.0.0.1:{port}/"

    def wait_for(url: str, marker: str | None, timeout: float = 300) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            page = _get(url)
            if page is not None and (marker is None or marker in page):
                return time.perf_counter()
            if server.poll() is not None:
                raise SystemExit("bench: mkdocs serve stopped:\n" + "".join(log))
            time.sleep(0.02)
        raise SystemExit(f"bench: {url} did not show {marker!r} within {timeout} s:\n" + "".join(log[-30:]))

    data_edit, page_edit = Timing(), Timing()
    try:
        wait_for(base, None)
        time.sleep(1.0)
        for run in range(runs):
            for kind in ("data", "page"):
                marker = f"Benchedit{kind}{run}"
                reloads = sum("Reloading browsers" in line for line in log)
                if kind == "data":
                    lines = originals[people].splitlines(keepends=True)
                    lines[name_line - 1] = lines[name_line - 1].rstrip("\n") + f" {marker}\n"
                    text, path, url, timing = "".join(lines), people, f"{base}people/{person}/", data_edit
                else:
                    text = originals[home].rstrip("\n") + f"\n\n{marker}\n"
                    path, url, timing = home, base, page_edit
                start = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                timing.walls.append(wait_for(url, marker) - start)
                # Let the rebuild finish before the next edit.
                deadline = time.perf_counter() + 120
                while sum("Reloading browsers" in line for line in log) <= reloads and time.perf_counter() < deadline:
                    time.sleep(0.05)
                time.sleep(1.0)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return data_edit, page_edit


# ---------------------------------------------------------------- sizes --------------
class _Refs(html.parser.HTMLParser):
    """The files an HTML page makes a browser fetch: stylesheets, icons, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & {"stylesheet", "icon", "preload", "modulepreload"}:
            self.urls.append(a["href"])
        elif tag == "script":
            if a.get("src"):
                self.urls.append(a["src"])
            self._in_script = True
        elif tag in ("img", "source", "input", "image") and (a.get("src") or a.get("href")):
            self.urls.append(a.get("src") or a.get("href"))
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def home_page_bytes(site_dir: Path) -> tuple[int, int, list[tuple[str, int]]]:
    """(bytes, gzip bytes, [(file, bytes)]) a browser fetches for the home page, without the
    search index: the HTML, and the CSS, JavaScript (the search worker too, which Material
    starts on every page) and images it references, and local files the CSS refers to."""
    page = site_dir / "index.html"
    text = page.read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(text)
    wanted = list(parser.urls)
    for script in parser.scripts:  # Material's __config names the search worker
        for match in re.finditer(r'"search"\s*:\s*"([^"]+\.js)"', script):
            wanted.append(urljoin("", match.group(1)))
    files: dict[Path, None] = {page: None}
    seen_css: set[Path] = set()
    while wanted:
        url = wanted.pop()
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or url.startswith("data:") or not parsed.path:
            continue
        path = (site_dir / parsed.path.lstrip("/")).resolve() if url.startswith("/") else (page.parent / parsed.path).resolve()
        if not path.is_file():
            continue
        files[path] = None
        if path.suffix == ".css" and path not in seen_css:
            seen_css.add(path)
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", path.read_text(encoding="utf-8", errors="replace")):
                if not ref.startswith("data:") and not urlparse(ref).scheme:
                    wanted.append(os.path.relpath((path.parent / urlparse(ref).path).resolve(), page.parent))
    sizes = [(str(p.relative_to(site_dir.resolve())), p.stat().st_size) for p in files]
    raw = sum(size for _, size in sizes)
    zipped = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return raw, zipped, sizes


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def indexed_text_bytes(site_dir: Path, index: dict) -> int:
    """UTF-8 bytes of the visible text of every page the search index covers (its article)."""
    pages = {doc["location"].split("#", 1)[0] for doc in index.get("docs", [])}
    total = 0
    for location in pages:
        path = site_dir / location / "index.html" if not location.endswith(".html") else site_dir / location
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        match = re.search(r"<article\b.*?</article>", text, re.S)
        parser = _Text()
        parser.feed(match.group(0) if match else text)
        total += len(" ".join(" ".join(parser.parts).split()).encode("utf-8"))
    return total


# ---------------------------------------------------------------- the table ----------
def seconds(value: float) -> str:
    return f"{value:.2f} s"


def kib(value: float) -> str:
    return f"{value / 1024:,.0f} KB"


def mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench", description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median); default 3")
    parser.add_argument("--runs-x100", type=int, default=1, help="runs of the ×100 build (0: none); default 1")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve figures")
    parser.add_argument("--no-pdf", action="store_true", help="skip the board pack PDF figures")
    parser.add_argument("--pdf-x100", action="store_true", help="also print the ×100 board pack (in parts: about 2 more minutes)")
    parser.add_argument("--keep", type=Path, help="make the sites in this folder and keep them")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)

    started = time.perf_counter()
    load_before = os.getloadavg()
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="plansite-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # The generator's disk cache lives in this run's folder, never in the user's own.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLANSITE_CACHE_DIR": str(work / "cache-other")}
    for name in ("PLANSITE_VERSION", "PLANSITE_PREVIOUS_VERSION", "PLANSITE_PREVIOUS_DATA", "PLANSITE_PUBLISHED"):
        env.pop(name, None)
    build_env = {**env, "PATH": path_without_chromium(work / "nochromium")}
    try:
        print(f"bench: making the sites in {work} ...", file=sys.stderr, flush=True)
        sites = {
            "x1": make_site(work / "x1"),
            "plain": make_site(work / "plain", plugin=False),
            "x10": make_site(work / "x10", 10),
            "x100": make_site(work / "x100", 100),
        }
        # The same pages as the ×1 build makes them, saved as plain Markdown, without the plugin.
        sites["prerendered"] = make_site(work / "prerendered", plugin=False)
        timed([sys.executable, "-m", "bench.capture", str(sites["x1"]), str(sites["prerendered"])], ROOT, build_env, Timing())
        out = {name: work / f"{name}-site" for name in sites}

        fresh = iter(range(1_000_000))

        def cache(warm: bool) -> dict[str, str]:
            """The generator's disk cache (macros/plansite/read/disk_cache.py): a new, empty folder for a
            cold run; for a warm one, a folder an earlier run of the same command filled."""
            folder = work / "cache-warm" if warm else work / f"cache-cold-{next(fresh)}"
            return {"PLANSITE_CACHE_DIR": str(folder)}

        def build(name: str, timing: Timing, warm: bool = False) -> None:
            shutil.rmtree(out[name], ignore_errors=True)
            # Without the plugin, links to generated pages and anchors are broken: that copy
            # is built without --strict (strict only changes the exit status, not the work).
            strict = ["--strict"] if name not in ("plain", "prerendered") else []
            timed([MKDOCS, "build", *strict, "-f", str(sites[name] / "mkdocs.yml"), "-d", str(out[name])], sites[name], {**build_env, **cache(warm)}, timing)

        def build_zensical(timing: Timing) -> None:
            """What 'make site ENGINE=zensical' runs on the ×1 site, timed as one step."""
            folder = work / "zensical-x1"
            steps = [
                [sys.executable, "-m", "plansite.outputs.prerender", "mkdocs.yml", str(folder)],
                [str(ZENSICAL), "build", "--strict", "--clean", "-f", str(folder / "mkdocs.yml")],
                [sys.executable, "-m", "plansite.outputs.post_build", "mkdocs.yml", str(folder / "site")],
            ]
            shutil.rmtree(folder, ignore_errors=True)
            script = " && ".join(" ".join(f"'{part}'" for part in step) for step in steps)
            timed(["sh", "-c", script], sites["x1"], {**build_env, **cache(False), "PYTHONPATH": str(ROOT)}, timing)

        def check(name: str, timing: Timing, warm: bool = False) -> str:
            return timed([sys.executable, "-m", "plansite.checks.check", "data"], sites[name], {**env, **cache(warm)}, timing)

        builds = {name: Timing() for name in sites}
        zensical = Timing()
        warm_build = Timing()
        checks = {name: Timing() for name in ("x1", "x10", "x100")}
        warm_checks = {name: Timing() for name in ("x1", "x10", "x100")}
        counts = {}
        for name in ("x1", "x10", "x100"):  # fill the warm cache: untimed
            check(name, Timing(), warm=True)
        build("x1", Timing(), warm=True)
        for run in range(runs):
            print(f"bench: run {run + 1} of {runs} ...", file=sys.stderr, flush=True)
            for name in ("x1", "x10", "x100"):
                counts[name] = check(name, checks[name]).strip().splitlines()[0]
                check(name, warm_checks[name], warm=True)
            for name in ("x1", "plain", "prerendered", "x10"):
                build(name, builds[name])
            build("x1", warm_build, warm=True)
            if ZENSICAL.is_file():
                build_zensical(zensical)
            if run < args.runs_x100:
                build("x100", builds["x100"])

        pdfs: dict[str, Timing] = {}
        if not args.no_pdf:
            try:  # the hook's own functions
                from plansite.outputs.board_pack import find_chromium, print_to_pdf
            except ImportError:
                chromium = None
            else:
                chromium = find_chromium()
            if chromium:
                for name in ("x1", "x10", "x100") if args.pdf_x100 and args.runs_x100 else ("x1", "x10"):
                    pdfs[name] = Timing()
                    for run in range(runs if name == "x1" else 1):
                        print(f"bench: board pack PDF {name} ...", file=sys.stderr, flush=True)
                        cpu, start = _children_cpu(), time.perf_counter()
                        try:
                            print_to_pdf(out[name] / "board-pack" / "index.html", work / f"{name}.pdf", chromium)
                        except Exception as exc:  # e.g. Chromium's 3-minute limit in the hook
                            pdfs[name].walls.append(float("inf"))
                            pdfs[name].cpus.append(_children_cpu() - cpu)
                            print(f"bench: board pack PDF {name} failed: {exc}", file=sys.stderr)
                            break
                        pdfs[name].walls.append(time.perf_counter() - start)
                        pdfs[name].cpus.append(_children_cpu() - cpu)

        publishes = Timing()
        if not args.no_pdf:  # a release prints the board pack, so publishing needs Chromium
            print("bench: make publish ×1 ...", file=sys.stderr, flush=True)
            for run in range(runs):
                measure_publish(work / f"publish-{run}", publishes, {**env, **cache(False)})

        serve = None
        if not args.no_serve:
            print("bench: mkdocs serve ...", file=sys.stderr, flush=True)
            serve = measure_serve(sites["x1"], env, runs)

        sizes = {}
        for name in ("x1", "x10", "x100"):
            index_path = out[name] / "search" / "search_index.json"
            if not index_path.is_file():  # the ×100 build was not run
                continue
            index = json.loads(index_path.read_text(encoding="utf-8"))
            sizes[name] = (index_path.stat().st_size, indexed_text_bytes(out[name], index), len(index.get("docs", [])))
        home_raw, home_gz, home_files = home_page_bytes(out["x1"])
        load_after = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    # ------------------------------------------------------------ print -------------
    rows: list[tuple[str, str, str, str]] = []

    def row(what: str, figure: str, target: str = "", ok: bool | None = None) -> None:
        rows.append((what, figure, target, mark(ok) if target else ""))

    def fig(t: Timing) -> str:
        return f"{seconds(t.wall)} (CPU {t.cpu:.2f} s)"

    x1, plain, x10 = builds["x1"].wall, builds["plain"].wall, builds["x10"].wall
    row("build ×1 (`mkdocs build --strict`), nothing cached", fig(builds["x1"]))
    row("build ×1, cache kept from an earlier build", fig(warm_build))
    if zensical.walls:
        row("build ×1 with Zensical (prerender, `zensical build`, post-build), nothing cached",
            f"{fig(zensical)}; {zensical.wall / x1:.2f}× MkDocs")
    else:
        row("build ×1 with Zensical", "not run (no .venv-zensical: make test creates it)")
    pre = builds["prerendered"].wall
    row("build of ×1's pages pre-rendered, without plugin (MkDocs and Material alone)", fig(builds["prerendered"]))
    row("macro overhead: ×1 / ×1's pages pre-rendered, nothing cached", f"{x1 / pre:.2f}×", f"≤ {OVERHEAD_MAX}×", x1 / pre <= OVERHEAD_MAX)
    row("macro overhead: ×1 / ×1's pages pre-rendered, cache kept", f"{warm_build.wall / pre:.2f}×", f"≤ {OVERHEAD_MAX}×", warm_build.wall / pre <= OVERHEAD_MAX)
    row("for comparison: build without the plansite plugin ({{ show() }} left as text)", fig(builds["plain"]))
    row("for comparison: ×1 / without plugin, nothing cached", f"{x1 / plain:.2f}×")
    row("for comparison: ×1 / without plugin, cache kept", f"{warm_build.wall / plain:.2f}×")
    row("build ×10 data", f"{fig(builds['x10'])}; {x10 / x1:.1f}× ×1")
    if builds["x100"].walls:
        x100 = builds["x100"].wall
        row(f"build ×100 data{' (1 run)' if len(builds['x100'].walls) == 1 else ''}", f"{fig(builds['x100'])}; {x100 / x1:.1f}× ×1", f"≤ {SCALE_MAX:.0f}× ×1", x100 / x1 <= SCALE_MAX)
        row("build ×100 / build ×10 (growth with the data)", f"{x100 / x10:.1f}×", f"≤ {GROWTH_MAX:.0f}×", x100 / x10 <= GROWTH_MAX)
    else:
        row("build ×100 data", "not run (--runs-x100 0)")
    for name in ("x1", "x10", "x100"):
        target = f"< {CHECK_X100_MAX:.0f} s" if name == "x100" else ""
        for timing, how in ((checks[name], "nothing cached"), (warm_checks[name], "data unchanged since the last check")):
            row(f"`python -m plansite.checks.check` {name.replace('x', '×')}, {how}", fig(timing), target, timing.wall < CHECK_X100_MAX if target else None)
    for name, t in pdfs.items():
        shown = "did not finish (Chromium's 3-minute limit)" if t.wall == float("inf") else fig(t)
        row(f"board pack PDF (Chromium print) {name.replace('x', '×')}{' (1 run)' if len(t.walls) == 1 and runs > 1 else ''}", shown)
    if publishes.walls:
        row("`make publish` ×1 to a local bare remote (check, strict build, links, PDF, mike, push)", fig(publishes),
            f"< {PUBLISH_MAX:.0f} s", publishes.wall < PUBLISH_MAX)
    if serve:
        data_edit, page_edit = serve
        row("`mkdocs serve`: data edit → rebuilt page", seconds(data_edit.wall))
        row("`mkdocs serve`: Markdown edit → rebuilt page", seconds(page_edit.wall))
        ratio = data_edit.wall / page_edit.wall
        row("data edit / Markdown edit", f"{ratio:.2f}×", f"≤ {SERVE_RATIO_MAX}×", ratio <= SERVE_RATIO_MAX)
    row("home page fetched (HTML, CSS, JS, images; no search index)", f"{kib(home_raw)} ({kib(home_gz)} gzipped, {len(home_files)} files)", f"< {HOME_MAX // 1024} KB", home_raw < HOME_MAX)
    base_ratio = sizes["x1"][0] / sizes["x1"][1]
    for name in sizes:
        index_bytes, text_bytes, docs = sizes[name]
        ratio = index_bytes / text_bytes
        target, ok = "", None
        if name != "x1":
            target = "≤ ratio at ×1"
            ok = ratio <= base_ratio * INDEX_GROWTH_TOLERANCE
        row(f"search index {name.replace('x', '×')}: size / indexed text", f"{kib(index_bytes)} / {kib(text_bytes)} = {ratio:.2f} ({docs} entries)", target, ok)

    widths = [max(len(r[i]) for r in rows + [("what", "measured", "target", "")]) for i in range(4)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(("what", "measured (median)", "target", ""), widths)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
    failed = [r[0] for r in rows if r[3] == "FAIL"]
    print()
    print(f"Runs: {runs} per figure (×100 build: {len(builds['x100'].walls)}); medians; CPU = user+sys seconds of the process and its children.")
    records = {name: next(iter(re.findall(r"(\d+) records", text)), "?") for name, text in counts.items()}
    print(f"Data: ×1 is the example data ({records['x1']} records); ×10 ({records['x10']}) and ×100 ({records['x100']}) are "
          "synthetic copies (bench/synthetic.py) that `plansite.checks.check` passes.")
    print("'Pre-rendered': every page of the ×1 build (generated ones too) saved as the Markdown the macros made of it")
    print("(bench/capture.py), built without the plugin: what MkDocs and Material alone cost for the same pages, the")
    print("baseline of the overhead target; the rest of the ×1 build is the generator's own work. 'Without the macros")
    print("plugin' (for comparison only): a copy whose mkdocs.yml drops the plansite plugin, so its pages'")
    print("{{ show(...) }} calls stay as text and no person, body or board pack pages are generated. Both are built")
    print("without --strict (strict only changes the exit status, not the work).")
    print("'Nothing cached': each run gets a new, empty PLANSITE_CACHE_DIR (as CI on a fresh machine); 'cache kept': the")
    print("folder an earlier run of the same command filled (read data files and compiled templates; macros/plansite/read/disk_cache.py).")
    print("Builds run with Chromium hidden from PATH (the hook then skips the board pack PDF); the PDF is timed on its own rows.")
    print(f"Machine: {os.cpu_count()} CPUs, load average {load_before[0]:.1f} before and {load_after[0]:.1f} after; "
          f"Python {sys.version.split()[0]}; total {time.perf_counter() - started:.0f} s.")
    print(f"{len(failed)} target(s) not met{': ' + '; '.join(failed) if failed else ''}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
