"""End to end: the served app in headless Chromium, as a person uses it.

Needs Debian's chromium (`apt-get install chromium`); .ci/run installs it and sets
HERBKB_REQUIRE_E2E=1 so that a missing browser fails there instead of skipping.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "tests" / "e2e" / "screenshots"

if not CHROMIUM.exists():
    if os.environ.get("HERBKB_REQUIRE_E2E"):
        pytest.fail("chromium is not installed: apt-get install -y chromium", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(bundled_path: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "herbkb.cli",
            "serve",
            "--db",
            str(bundled_path),
            "--port",
            str(port),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the app did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server)
        yield page
        browser.close()


def test_search_in_the_browser_finds_the_herb_and_explains_the_match(page: Page) -> None:
    box = page.get_by_label("Tên dược liệu · 药名 · Herb name")
    expect(box).to_be_visible(timeout=30_000)
    box.fill("cam thao")
    box.press("Enter")
    expect(page.get_by_text("Cam thảo · 甘草").first).to_be_visible(timeout=15_000)
    expect(page.get_by_text("match on vi").first).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "search-cam-thao.png", full_page=True)


def test_traditional_chinese_query_in_the_browser(page: Page) -> None:
    box = page.get_by_label("Tên dược liệu · 药名 · Herb name")
    box.fill("甘草")
    box.press("Enter")
    expect(page.get_by_text("exact match on zh-Hans").first).to_be_visible(timeout=15_000)


def test_details_show_the_monograph_in_chinese_in_its_own_tab(page: Page) -> None:
    box = page.get_by_label("Tên dược liệu · 药名 · Herb name")
    box.fill("当归")
    box.press("Enter")
    # wait for this query's hit: the previous test's hits also say "exact match on zh-Hans"
    expect(page.get_by_text("exact match on zh-Hans “当归”")).to_be_visible(timeout=15_000)
    page.get_by_text("Chi tiết · 详情 · Details").first.click()
    tab = page.get_by_role("tab", name="简体中文").first
    expect(tab).to_be_visible(timeout=15_000)
    tab.click()
    expect(page.get_by_text("补血活血").first).to_be_visible(timeout=15_000)
    expect(page.get_by_text("每日6～12 g").first).to_be_visible()
    page.screenshot(path=SHOTS / "details-chinese-tab.png", full_page=True)
