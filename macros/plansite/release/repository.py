"""How the release commands run git on the site's repository, the one error they stop with
(a plain sentence), and stopping cleanly on SIGTERM or SIGINT. Shared by publish, withdraw
and the check of what published versions still hold."""
from __future__ import annotations

import signal
import subprocess
from pathlib import Path


class PublishError(Exception):
    """Why nothing was published, in one plain sentence."""


class Interrupted(Exception):
    """SIGTERM or SIGINT arrived: stop, clean up, publish nothing."""


def interrupt(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise PublishError(f"git {' '.join(args)} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc
