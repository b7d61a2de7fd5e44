"""First-render benchmark: `herbkb serve` on the bundled catalogue, in headless Chromium, from
navigation to the search box on screen; side by side with the floor, a bare Streamlit page
holding one text box (what Streamlit's own frontend costs on this machine).

    .venv/bin/python -m tests.benchmarks.bench_render --visits 5

The first visit after the server starts is reported apart (cold); each visit is a fresh
browser context, so nothing is cached. Needs Debian's chromium.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUDGET = 2.0  # seconds, ARCHITECTURE section 6
BARE_APP = 'import streamlit as st\n\nst.text_input("Herb name", placeholder="cam thảo")\n'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(command: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = int(command[command.index("--port" if "--port" in command else "--server.port") + 1])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"{' '.join(command)}: no server after 60 s")


def _renders(url: str, visits: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    seconds = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu"],
        )
        for _ in range(visits):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            start = time.monotonic()
            page.goto(url)
            page.get_by_placeholder("cam thảo").first.wait_for(timeout=30_000)
            seconds.append(time.monotonic() - start)
            context.close()
        browser.close()
    return seconds


def _db(work: Path) -> Path:
    from herbkb import Catalogue
    from loaders import load_paths

    path = work / "herbkb.db"
    loaded = load_paths([REPO / "data" / "herbs"])
    Catalogue.open(path, create=True).import_records(
        loaded.items, author="bench", references=loaded.references
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="herbkb-render-"))
    bare = work / "bare.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    servers = (
        (
            "bare Streamlit page (floor)",
            [sys.executable, "-m", "streamlit", "run", str(bare), "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
        ),
        ("herbkb serve", [sys.executable, "-m", "herbkb.cli", "serve", "--db", str(_db(work))]),
    )  # fmt: skip
    print(f"{'':30}{'cold s':>8}{'warm p50':>10}{'warm max':>10}")
    for label, command in servers:
        port = _free_port()
        command = [*command, "--server.port" if "streamlit" in command else "--port", str(port)]
        proc = _serve(command)
        try:
            cold, *warm = _renders(f"http://127.0.0.1:{port}", args.visits + 1)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        print(f"{label:30}{cold:8.2f}{statistics.median(warm):10.2f}{max(warm):10.2f}")
    verdict = "meets" if cold < BUDGET else "MISSES"
    print(f"herbkb's first render {verdict} the {BUDGET:.0f} s budget")


if __name__ == "__main__":
    main()
