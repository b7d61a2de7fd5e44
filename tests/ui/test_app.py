"""The app, run by Streamlit's own test runner against real catalogue files.

A page is opened the way a shared link opens it: the URL's parameters first, then the page.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from herbkb import Catalogue
from herbkb.collation import vi_key
from herbkb.serving import MODE_VARIABLE, ServeMode
from tests.conftest import herb
from tests.ui.conftest import APP, links, table, texts


def facet(at: AppTest, label: str):
    """A facet's filter, found as a reader finds it: by its label."""
    return next(box for box in at.multiselect if box.label == label)


# --- search ------------------------------------------------------------------------------------


def test_a_shared_search_link_lists_the_herb_and_why_it_matched(open_app) -> None:
    at = open_app(q="cam thao")
    assert links(at)[0] == "**Cam thảo** · 甘草 · gān cǎo"
    assert "*Glycyrrhizae Radix et Rhizoma* · Liquorice root — " in texts(at, "caption")
    assert at.get("page_link")[0].proto.page == "herb"
    assert "khớp (bỏ dấu) Tiếng Việt “Cam thảo”" in texts(at, "caption").replace("\\", "")
    # its look-alikes beside it, with their badges
    assert "Dễ nhầm với Cam thảo đất" in texts(at, "caption")


def test_filters_narrow_the_hits_and_each_option_counts_them(open_app) -> None:
    at = open_app(q="cam thao")
    assert not at.multiselect  # folded: typing redraws only the results
    at.session_state["filters"] = True  # the reader unfolds the filters
    nature = facet(at.run(), "Tính")
    # three neutral hits since Chích cam thảo (honey-fried liquorice) joined the catalogue
    assert "bình (3)" in nature.options and "lương (1)" in nature.options
    nature.set_value(["neutral"]).run()
    shown = links(at)
    # the neutral herbs, and beside them the look-alikes a practitioner must see
    assert shown[0].startswith("**Cam thảo** ·")
    assert any(label.startswith("**Cam thảo dây**") for label in shown)
    assert f"{len(shown)} vị thuốc" in texts(at, "caption")


def test_a_filter_in_the_url_is_applied_and_an_unknown_one_is_named(open_app) -> None:
    at = open_app(q="cam thao", toxicity=["high"], nature="scorching")
    assert "nature=scorching" in texts(at, "warning")
    assert links(at)[0].startswith("**Cam thảo dây**")  # the deadly one, rated high


def test_nothing_found_says_so(open_app) -> None:
    at = open_app(q="zzzzqqq")
    assert "Không tìm thấy vị thuốc nào cho “zzzzqqq”." in texts(at, "info")


def test_full_text_finds_herbs_by_what_their_monographs_say(open_app) -> None:
    at = open_app(q="headache", text="true")
    assert any("**headache**" in m.value.lower() for m in at.markdown)


def test_the_interface_speaks_chinese_and_english_herb_data_stays_as_written(open_app) -> None:
    at = open_app(q="cam thao", lang="zh", nature="neutral")  # a chosen filter shows them
    assert facet(at, "性").options[0].endswith(")")
    assert "忽略声调" in texts(at, "caption")
    assert links(at)[0].startswith("**Cam thảo**")
    at.sidebar.button_group[0].set_value("en").run()
    assert facet(at, "Nature")


# --- browse ------------------------------------------------------------------------------------


def test_browse_lists_every_herb_in_vietnamese_dictionary_order_a_page_at_a_time(
    open_app, bundled: Catalogue
) -> None:
    herbs = len(bundled.slugs())
    at = open_app("browse_page.py")
    first = table(at)
    assert f"{herbs} trên {herbs} vị thuốc" in texts(at, "caption")
    assert len(first) == 100 and "Dòng 1–100" in texts(at, "caption")
    # the next page, as a shared link opens it, goes on where the first stopped
    second = table(open_app("browse_page.py", page="2"))
    names = [row["Tên Việt"] for row in first + second]
    assert names == sorted(names, key=vi_key)
    assert names != sorted(names)  # what code-point order would give
    last = open_app("browse_page.py", page=str(-(-herbs // 100)))
    assert len(table(last)) == herbs % 100 or herbs % 100 == 0


def test_browse_page_number_out_of_range_shows_the_first_page(open_app) -> None:
    at = open_app("browse_page.py", page="99999")
    assert "Dòng 1–100" in texts(at, "caption")


def test_browse_filtered_by_url_links_each_row_to_its_herb(open_app) -> None:
    at = open_app("browse_page.py", nature="warm", toxicity="toxic", lang="en")
    rows = table(at)
    assert 0 < len(rows) < 50
    assert {row["Toxicity"] for row in rows} == {"toxic"}
    first = rows[0]
    assert first["href"].startswith("herb?herb=") and first["href"].endswith("&lang=en")
    herb = open_app("herb_page.py", herb=first["slug"])
    assert herb.title[0].value == first["Vietnamese"]


# --- herb page ---------------------------------------------------------------------------------


def test_a_herb_permalink_shows_names_sources_properties_and_monograph(open_app) -> None:
    at = open_app("herb_page.py", herb="dai-hoi")
    assert at.title[0].value == "Đại hồi"
    markdown = texts(at, "markdown")
    assert "**Tày** — Mác hồi" in markdown  # the name the Lạng Sơn growers use
    assert "**Chữ Hán giản thể** — 八角茴香" in markdown
    assert "*Illicium verum" in markdown
    assert "**Tính**: ôn · 温 · warm" in markdown
    assert [tab.label for tab in at.tabs] == ["Tiếng Việt", "简体中文", "English"]
    assert "chưa thẩm định" in markdown


def test_a_toxic_herb_page_warns_and_links_its_look_alikes(open_app) -> None:
    at = open_app("herb_page.py", herb="ban-ha")
    assert "Có độc" in texts(at, "error")
    assert any(label.startswith("**Bán hạ nam**") for label in links(at))


def test_an_unknown_herb_says_so(open_app) -> None:
    at = open_app("herb_page.py", herb="nope")
    assert "Không có vị thuốc “nope” trong danh mục." in texts(at, "error")


# --- overview ----------------------------------------------------------------------------------


def test_the_overview_draws_its_charts(open_app) -> None:
    at = open_app("overview_page.py", lang="en")
    assert len(at.get("vega_lite_chart")) == 9
    assert "Herbs by nature" in texts(at, "subheader")
    assert "How complete the data is" in texts(at, "header") + texts(at, "subheader")


# --- bad catalogues ----------------------------------------------------------------------------


def test_a_missing_catalogue_is_a_message(open_app, tmp_path: Path) -> None:
    at = open_app(db=tmp_path / "none.db", q="cam thao")
    assert "no catalogue here" in texts(at, "error")


def test_a_file_that_is_not_a_catalogue_is_a_message(open_app, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text)")
    at = open_app("browse_page.py", db=other)
    assert "not a HerbKB catalogue" in texts(at, "error")


def test_an_empty_catalogue_says_how_to_fill_it(open_app, tmp_path: Path) -> None:
    Catalogue.open(tmp_path / "empty.db", create=True)
    at = open_app("browse_page.py", db=tmp_path / "empty.db")
    assert "herbkb init --with-bundled" in texts(at, "info")


def test_the_history_says_who_changed_what_field_by_field(open_app, cat: Catalogue) -> None:
    cat.add(herb("cam-thao"), author="Lan")
    changed = herb("cam-thao", nature="warm")
    cat.update(changed, expected_version=1, author="Minh", comment="nature per CP 2020")
    at = open_app("herb_page.py", db=Path(cat.where), herb="cam-thao")
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("Phiên bản 2 · ") and labels[0].endswith(" · Minh")
    assert labels[1].endswith(" · Lan")
    assert "*nature per CP 2020*" in texts(at, "markdown")
    change = at.table[0].value
    assert change.iloc[0].tolist() == ["nature", "neutral", "warm"]


def test_a_retired_herb_says_when_and_why_and_leaves_search(open_app, cat: Catalogue) -> None:
    cat.add(herb("cam-thao"), author="Lan")
    cat.retire("cam-thao", author="Minh", reason="duplicate record")
    at = open_app("herb_page.py", db=Path(cat.where), herb="cam-thao")
    assert "duplicate record" in texts(at, "warning")
    at = open_app(db=Path(cat.where), q="cam thao")
    assert not links(at)


# --- who may write -----------------------------------------------------------------------------


def write_from_the_app() -> None:
    """What a write page does: save a herb through the app's catalogue, say how it went."""
    import streamlit as st

    from herbkb import CatalogueError
    from tests.conftest import herb
    from ui.shared import catalogue

    try:
        catalogue().add(herb("thu-nghiem"), author="visitor from the clinic")
        st.success("saved")
    except CatalogueError as exc:
        st.error(str(exc))


@pytest.fixture
def served_copy(bundled_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "herbkb.db"
    shutil.copy(bundled_path, path)
    monkeypatch.setenv("HERBKB_DB", str(path))
    return path


def test_served_read_only_the_app_says_so_searches_and_refuses_a_write(
    served_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODE_VARIABLE, ServeMode.READ_ONLY)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["q"] = "xuyen khung"
    at.run()
    assert "Chỉ xem: tra cứu, đọc và xuất dữ liệu" in texts(at, "info")
    assert links(at)[0].startswith("**Xuyên khung** · 川芎")
    writer = AppTest.from_function(write_from_the_app, default_timeout=30).run()
    assert not writer.exception and not writer.success
    assert "open read-only; nothing was changed" in writer.error[0].value
    assert Catalogue.open(served_copy).herb("thu-nghiem") is None


def test_with_anonymous_edits_the_app_warns_and_an_edit_names_its_author(
    served_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODE_VARIABLE, ServeMode.ANONYMOUS_EDITS)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert "Ai trong mạng này cũng sửa được" in texts(at, "warning")
    writer = AppTest.from_function(write_from_the_app, default_timeout=30).run()
    assert writer.success[0].value == "saved"
    (revision,) = Catalogue.open(served_copy).history("thu-nghiem")
    assert revision.author == "visitor from the clinic"
