"""End to end: the served app in headless Chromium, as a person uses it.

Needs Debian's chromium (`apt-get install chromium`); .ci/run installs it and sets
HERBKB_REQUIRE_E2E=1 so that a missing browser fails there instead of skipping. Each test saves
a screenshot of what it saw in tests/e2e/screenshots/, at desktop and phone width.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from herbkb import Catalogue
from tests.conftest import served

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "tests" / "e2e" / "screenshots"
PHONE = {"width": 390, "height": 844}

if not CHROMIUM.exists():
    if os.environ.get("HERBKB_REQUIRE_E2E"):
        pytest.fail("chromium is not installed: apt-get install -y chromium", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

HERBKB = [sys.executable, "-m", "herbkb.cli"]


@pytest.fixture(scope="module")
def server(bundled_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    logs = tmp_path_factory.mktemp("serve")
    with served(HERBKB, str(bundled_path), logs, cwd=REPO) as (port, _):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def shoot(page: Page, name: str) -> None:
    """Save what the page shows at desktop width, then at phone width."""
    SHOTS.mkdir(exist_ok=True)
    page.wait_for_timeout(500)  # let the last rerun paint
    page.screenshot(path=SHOTS / f"{name}-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(500)
    page.screenshot(path=SHOTS / f"{name}-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def search_box(page: Page):
    return page.get_by_placeholder("cam thảo · 甘草").first


def test_results_appear_while_typing_without_enter(page: Page, server: str) -> None:
    page.goto(server)
    box = search_box(page)
    expect(box).to_be_visible(timeout=30_000)
    box.click()
    page.keyboard.type("xuyen khung", delay=60)
    # no Enter pressed: the results follow the keystrokes
    expect(page.get_by_text("Xuyên khung · 川芎").first).to_be_visible(timeout=15_000)
    expect(page).to_have_url(f"{server}/?q=xuyen+khung", timeout=5_000)
    shoot(page, "search-typing")


def test_a_result_opens_its_herb_page(page: Page, server: str) -> None:
    page.goto(f"{server}/?q=ban+ha")
    page.get_by_role("link", name="Bán hạ · 半夏").first.click()
    expect(page.get_by_role("heading", name="Bán hạ", exact=True)).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Có độc. Dùng đúng liều").first).to_be_visible()
    assert "herb=ban-ha" in page.url
    shoot(page, "herb-ban-ha")


def test_a_pasted_permalink_opens_the_herb_in_chinese(page: Page, server: str) -> None:
    page.goto(f"{server}/herb?herb=duong-quy&lang=zh")
    expect(page.get_by_role("heading", name="Đương quy", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="名称")).to_be_visible()
    page.get_by_role("tab", name="简体中文").click()
    expect(page.get_by_text("补血活血").first).to_be_visible(timeout=15_000)
    shoot(page, "herb-permalink-zh")


def test_browse_filters_by_a_facet_chosen_in_the_sidebar(
    page: Page, server: str, bundled: Catalogue
) -> None:
    total = len(bundled.slugs())
    warm = sum(1 for record in bundled.records() if record.nature == "warm")
    page.goto(f"{server}/browse")
    expect(page.get_by_text(f"{total} trên {total} vị thuốc").first).to_be_visible(timeout=30_000)
    nature = page.get_by_test_id("stMultiSelect").filter(has_text="Tính").first
    nature.locator("input").click()
    page.get_by_role("option", name="ôn (", exact=False).first.click()
    expect(page).to_have_url(f"{server}/browse?nature=warm", timeout=15_000)
    expect(page.get_by_text(f"{warm} trên {total} vị thuốc").first).to_be_visible(timeout=15_000)
    shoot(page, "browse-warm")


def test_switching_to_chinese_changes_the_labels(page: Page, server: str) -> None:
    page.goto(f"{server}/?q=cam+thao")
    expect(page.get_by_text("Cam thảo · 甘草").first).to_be_visible(timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_text("中文", exact=True).click()
    expect(page.get_by_text("忽略声调").first).to_be_visible(timeout=15_000)
    assert "lang=zh" in page.url
    shoot(page, "search-chinese")


def test_the_overview_draws_its_charts(page: Page, server: str) -> None:
    page.goto(f"{server}/overview?lang=en")
    expect(page.get_by_text("Herbs by nature")).to_be_visible(timeout=30_000)
    expect(page.locator("canvas, svg.marks").first).to_be_visible(timeout=15_000)
    shoot(page, "overview")


def test_the_back_button_returns_to_the_previous_search(page: Page, server: str) -> None:
    page.goto(f"{server}/?q=cam+thao")
    expect(page.get_by_text("Cam thảo · 甘草").first).to_be_visible(timeout=30_000)
    page.goto(f"{server}/?q=ban+ha")
    expect(page.get_by_text("Bán hạ · 半夏").first).to_be_visible(timeout=30_000)
    box = search_box(page)
    box.fill("")
    page.keyboard.type("dai hoi", delay=60)
    expect(page.get_by_text("Đại hồi · 八角茴香").first).to_be_visible(timeout=15_000)
    page.go_back()
    expect(search_box(page)).not_to_have_value("dai hoi", timeout=15_000)


def test_served_to_the_network_the_app_is_read_only_and_searches(
    page: Page, bundled_path: Path, tmp_path: Path
) -> None:
    with served(HERBKB, str(bundled_path), tmp_path, "--address", "0.0.0.0", cwd=REPO) as (
        port,
        _,
    ):
        page.goto(f"http://127.0.0.1:{port}/?lang=en")
        expect(page.get_by_text("Read-only: search, read and export")).to_be_visible(timeout=30_000)
        search_box(page).fill("chuanxiong")
        expect(page.get_by_text("Xuyên khung").first).to_be_visible(timeout=15_000)
        shoot(page, "served-read-only")
