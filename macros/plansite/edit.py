"""``plansite edit``: the browser editor and the preview, both on 127.0.0.1, and one line saying
where to open the editor.

Sveltia's local mode has no local backend server (it ignores ``local_backend``): on a page
served from 127.0.0.1 or localhost, in Chromium or Edge, "Work with Local Repository" asks for
a folder through the browser's File System Access API (showDirectoryPicker) and reads and saves
the files there; the folder must be the repository's top folder (it holds ``.git``). So this
serves only the editor's static files (written as publishing writes them, the config's paths
relative to that top folder) and runs ``plansite serve``, whose preview rebuilds on each save.
"""
from __future__ import annotations

import functools
import http.server
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HOST = "127.0.0.1"  # never another interface: the editor page and the preview are for this machine only


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass  # the preview prints what matters; a line per file the editor loads would bury it


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser closing a connection early is not a problem


def _stop(signum, frame):
    raise KeyboardInterrupt


def repository_top(folder: Path) -> Path | None:
    """The top folder of the git repository holding ``folder`` (what the editor must be given)."""
    found = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True)
    return Path(found.stdout.strip()).resolve() if found.returncode == 0 else None


def write_local_editor(into: Path, top: Path, data_dir: Path, docs_dir: Path, site_name: str, preview: str) -> Path:
    """The editor into ``into/admin``, its paths relative to the repository's top folder."""
    from plansite.outputs.editor_config import config_text
    from plansite.outputs.editor_page import write_editor

    data_folder = Path(os.path.relpath(data_dir.resolve(), top)).as_posix()
    docs_folder = Path(os.path.relpath(docs_dir.resolve(), top)).as_posix()
    folder = into / "admin"
    write_editor(folder, site_name, data_folder, docs_folder)
    (folder / "config.yml").write_text(config_text(data_folder, docs_folder, site_url=preview), encoding="utf-8")
    return folder


def run(config: str, preview_addr: str, editor_port: int) -> int:
    from plansite.read.site_config import ConfigProblem, data_dir_of, load_site_config

    try:
        settings = load_site_config(config)
    except ConfigProblem as exc:
        print(exc, file=sys.stderr)
        return 1
    site_folder = Path(config).resolve().parent
    top = repository_top(site_folder)
    if top is None:
        print(f"{site_folder} is not in a git repository: the editor saves into a repository's folder "
              "(one holding .git); clone the site's repository and run this there", file=sys.stderr)
        return 1
    preview = f"http://{preview_addr}/"
    with tempfile.TemporaryDirectory(prefix="plansite-edit-") as scratch:
        write_local_editor(Path(scratch), top, data_dir_of(settings), Path(settings["docs_dir"]),
                           settings.get("site_name") or "the plan site", preview)
        try:
            server = _QuietServer((HOST, editor_port), functools.partial(_QuietHandler, directory=scratch))
        except OSError as exc:
            print(f"the editor cannot listen on {HOST}:{editor_port} ({exc.strerror}); "
                  "give another port with --editor-port", file=sys.stderr)
            return 1
        threading.Thread(target=server.serve_forever, daemon=True).start()
        address = f"http://{HOST}:{server.server_address[1]}/admin/"
        print(f"Open {address} in Chromium or Edge, choose 'Work with Local Repository' and pick the folder "
              f"{top}; each save is written there and the preview ({preview}) rebuilds.", flush=True)
        preview_process = subprocess.Popen([sys.executable, "-m", "plansite.cli", "serve", "--config", config,
                                            "--dev-addr", preview_addr])
        # Stopped (Ctrl-C, or SIGTERM from whatever started it): the preview stops too.
        signal.signal(signal.SIGTERM, _stop)
        try:
            return preview_process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            if preview_process.poll() is None:
                preview_process.terminate()
                preview_process.wait()
            server.shutdown()
            server.server_close()
