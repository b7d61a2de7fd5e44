"""The app, run by Streamlit's own test runner against a real catalogue file."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


@pytest.fixture
def app(bundled_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("HERBKB_DB", str(bundled_path))
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    return at


def test_search_page_opens_with_a_search_box(app: AppTest) -> None:
    assert not app.exception
    assert app.title[0].value == "HerbKB"
    assert len(app.text_input) == 1


def test_typing_a_name_lists_the_herb_and_why_it_matched(app: AppTest) -> None:
    app.text_input(key="query").input("cam thao").run()
    assert not app.exception
    assert "Cam thảo" in app.markdown[0].value and "甘草" in app.markdown[0].value
    assert "match on vi" in app.caption[1].value


def test_nothing_found_is_said_in_three_languages(app: AppTest) -> None:
    app.text_input(key="query").input("zzzzqqq").run()
    assert "Nothing found" in app.info[0].value


def test_a_missing_catalogue_is_shown_as_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HERBKB_DB", str(tmp_path / "none.db"))
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert "no catalogue here" in at.error[0].value


def test_full_text_toggle_finds_herbs_by_what_their_monographs_say(app: AppTest) -> None:
    app.toggle(key="full_text").set_value(True).run()
    app.text_input(key="query").input("headache").run()
    assert not app.exception
    assert any("**headache**" in m.value.lower() for m in app.markdown)


def test_details_list_every_name_by_language_and_how_far_to_trust_the_record(
    app: AppTest,
) -> None:
    app.text_input(key="query").input("mac hoi").run()
    assert not app.exception
    names = next(m.value for m in app.markdown if m.value.startswith("**Tiếng Việt**"))
    assert "**Tày**: Mác hồi" in names  # the name the Lạng Sơn growers use
    assert "**Chữ Hán giản thể**: 八角茴香" in names
    assert any("chưa thẩm định · 未审核 · unreviewed" in c.value for c in app.caption)
    # the monograph one language at a time
    assert [t.label for t in app.tabs[:3]] == ["Tiếng Việt", "English", "简体中文"]
    assert any(m.value.startswith("**功能** — ") for m in app.tabs[2].markdown)
