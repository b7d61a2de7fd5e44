"""Exports: the whole catalogue out and back in, herb lists in every format, and cells that
never run as formulas."""

import json
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from herbkb import Catalogue, lists
from herbkb.export import (
    FORMATS,
    FORMULA_START,
    ExportOptions,
    list_table,
    safe_cell,
    write_json,
    write_list,
    write_list_xlsx,
    write_xlsx,
)
from herbkb.normalize import HAN_RUN
from loaders import load_paths
from tests.conftest import herb


def reload(path: Path, tmp_path: Path) -> Catalogue:
    fresh = Catalogue.open(tmp_path / f"from-{path.suffix[1:]}.db", create=True)
    loaded = load_paths([path])
    report = fresh.import_records(loaded.items, author="t", references=loaded.references)
    assert report.committed and report.count("rejected") == 0
    return fresh


def test_json_round_trip_gives_the_same_catalogue(bundled: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "all.json"
    write_json(bundled, path)
    assert reload(path, tmp_path).records() == bundled.records()


def test_xlsx_round_trip_gives_the_same_catalogue(bundled: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    write_xlsx(bundled, path)
    again = reload(path, tmp_path)
    assert again.records() == bundled.records()
    assert again.references() == bundled.references()


def test_no_exported_cell_starts_a_formula(cat: Catalogue, tmp_path: Path) -> None:
    sneaky = herb(
        sections=[{"section": "notes", "lang": "en", "text": '=HYPERLINK("http://x","click")'}]
    )
    cat.add(sneaky, author="t")
    path = tmp_path / "x.xlsx"
    write_xlsx(cat, path)
    book = load_workbook(path)
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert "'=HYPERLINK" in {str(c.value)[:11] for c in cells}
    assert reload(path, tmp_path).records() == cat.records()


def test_safe_cell() -> None:
    assert [safe_cell(v) for v in ("=1+1", "+84", "-3", "@x", "\tx", "\r=1", "Cam thảo", 3)] == [
        "'=1+1",
        "'+84",
        "'-3",
        "'@x",
        "'\tx",
        "'\r=1",
        "Cam thảo",
        3,
    ]


# --- herb lists -----------------------------------------------------------------------------------

HOSTILE_TITLE = '=HYPERLINK("http://evil","Hội nghị") <b>|</b>'
HOSTILE_NOTE = "@SUM(A1) <script>alert('note')</script> | *x* [a](http://evil)"


@pytest.fixture
def conference(cat: Catalogue) -> tuple[Catalogue, int]:
    """A list of three herbs: a plain one, a highly toxic one with hostile names, and the plain
    one's look-alike; with a hostile title, list note and item note."""
    cat.add(herb(), author="t")
    cat.add(
        herb(
            "doc-hai",
            names=[
                {"text": '=HYPERLINK("http://evil","bấm")', "lang": "vi"},
                {"text": "<script>alert(1)</script>", "lang": "en"},
                {"text": "-1+Aconiti | Radix", "lang": "la"},
                {"text": "附子", "lang": "zh-Hans"},
                {"text": "fù zǐ", "lang": "zh-Latn-pinyin"},
            ],
            toxicity="high",
            sources=[],
        ),
        author="t",
    )
    cat.add(
        herb(
            "cam-thao-dat",
            names=[
                {"text": "Cam thảo đất", "lang": "vi"},
                {"text": "野甘草", "lang": "zh-Hans"},
                {"text": "yě gān cǎo", "lang": "zh-Latn-pinyin"},
                {"text": "Herba Scopariae", "lang": "la"},
            ],
            confusable_with=[{"slug": "cam-thao", "note": "+ a whole herb, not a root"}],
            sources=[],
        ),
        author="t",
    )
    list_id = lists.create(cat, HOSTILE_TITLE, author="t", note=HOSTILE_NOTE)
    lists.add(cat, list_id, ["cam-thao", "doc-hai", "cam-thao-dat"], author="t")
    lists.set_item_note(cat, list_id, "cam-thao", "\t=1+1 <i>bàn 3</i>", author="t")
    return cat, list_id


ALL = ExportOptions(
    names=["vi", "zh-Hans", "zh-Hant", "zh-Latn-pinyin", "la", "en"],
    properties=["nature", "flavour", "toxicity"],
    sections=["notes"],
    section_langs=["vi", "en"],
)


def write(conference: tuple[Catalogue, int], fmt: str, path: Path, **options: object) -> Path:
    cat, list_id = conference
    target = path / f"list.{fmt}"
    write_list(list_table(cat, list_id, ALL.model_copy(update=options)), fmt, target)
    return target


def test_list_xlsx_has_title_date_frozen_header_fitting_columns_and_marks_toxic_herbs(
    conference: tuple[Catalogue, int], tmp_path: Path
) -> None:
    sheet = load_workbook(write(conference, "xlsx", tmp_path, sort="vi")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "'" + HOSTILE_TITLE and rows[1][0] == f"Ngày: {date.today()}"
    header = rows[4]
    assert header[:3] == ("STT", "Tiếng Việt", "Chữ Hán giản thể")
    assert sheet.freeze_panes == "A6"
    herbs = [r[1] for r in rows[5:]]
    # Vietnamese order; the hostile name starts with an apostrophe, so it sorts first
    assert herbs == ['\'=HYPERLINK("http://evil","bấm")', "Cam thảo", "Cam thảo đất"]
    toxic_row = sheet[6]
    assert {c.fill.fgColor.rgb for c in toxic_row} == {"00FDE2E2"}
    assert {c.fill.fgColor.rgb for c in sheet[7]} == {"00000000"}
    warnings = rows[5][header.index("Cảnh báo")]
    assert warnings.startswith("⚠ Rất độc")
    assert all(c.alignment.wrap_text for c in sheet[7])
    widths = {col: sheet.column_dimensions[col].width for col in "ABC"}
    assert widths["A"] < widths["B"] and widths["B"] <= 60


def test_several_lists_go_to_one_workbook_one_sheet_each(
    conference: tuple[Catalogue, int], tmp_path: Path
) -> None:
    cat, list_id = conference
    other = lists.copy(cat, list_id, "Hội nghị: bản sao / 2", author="t")
    tables = [list_table(cat, list_id), list_table(cat, other)]
    write_list_xlsx(tables, tmp_path / "two.xlsx")
    book = load_workbook(tmp_path / "two.xlsx")
    assert len(book.sheetnames) == 2 and book.sheetnames[1] == "Hội nghị  bản sao   2"


def test_list_csv_is_utf8_with_bom_in_the_chosen_order_and_language(
    conference: tuple[Catalogue, int], tmp_path: Path
) -> None:
    path = write(conference, "csv", tmp_path, sort="pinyin", header="zh")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert list(frame["简体中文"]) == ["附子", "甘草", "野甘草"]  # fù, gān, yě
    assert list(frame["性"]) == ["平", "平", "平"]  # neutral, in the header's language


def test_list_json_loads_back_into_an_empty_catalogue_as_the_same_herbs(
    conference: tuple[Catalogue, int], tmp_path: Path
) -> None:
    cat, _ = conference
    path = write(conference, "json", tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["list"]["title"] == HOSTILE_TITLE
    assert [i["slug"] for i in data["list"]["items"]] == ["cam-thao", "doc-hai", "cam-thao-dat"]
    again = reload(path, tmp_path)
    assert again.records() == cat.records()


def test_list_markdown_is_one_table_row_per_herb_with_nothing_live(
    conference: tuple[Catalogue, int], tmp_path: Path
) -> None:
    text = write(conference, "md", tmp_path).read_text(encoding="utf-8")
    page = _Page()
    page.feed(MarkdownIt("commonmark").enable("table").render(text))
    assert page.seen.count("tr") == 1 + 3 and page.seen.count("th") == page.seen.count("td") / 3
    assert not {"script", "i", "b", "a", "em"} & set(page.seen)
    assert "<script>alert(1)</script>" in page.strings()
    assert '\'=HYPERLINK("http://evil","bấm")' in page.strings()


class _Page(HTMLParser):
    """Tags, the text of each, and the lang of the element each piece of text is in."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.seen: list[str] = []  # every start tag, in order
        self.langs: list[str | None] = []
        self.text: list[tuple[str | None, str]] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.seen.append(tag)
        self.tags.append(tag)
        self.langs.append(found.get("lang", self.langs[-1] if self.langs else None))
        self.classes.append(found.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if self.tags and self.tags[-1] == tag:
            self.tags.pop()
            self.langs.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and not (self.tags and self.tags[-1] == "style"):
            self.text.append((self.langs[-1] if self.langs else None, data))

    def strings(self) -> list[str]:
        return [text for _, text in self.text]


def test_print_html_is_a4_with_page_numbers_whole_rows_and_chinese_marked(
    conference: tuple[Catalogue, int], tmp_path: Path
) -> None:
    html = write(conference, "html", tmp_path).read_text(encoding="utf-8")
    assert "size: A4" in html and "counter(page)" in html and "break-inside: avoid" in html
    page = _Page()
    page.feed(html)
    han = [(lang, text) for lang, text in page.text if HAN_RUN.search(text)]
    assert han and all(lang in ("zh-Hans", "zh-Hant") for lang, _ in han)
    assert "toxic" in page.classes
    title = html.split("<title>")[1].split("</title>")[0]
    assert unescape(title) == "'" + HOSTILE_TITLE


def test_print_html_cards_show_each_herb_once(
    conference: tuple[Catalogue, int], tmp_path: Path
) -> None:
    html = write(conference, "html", tmp_path, layout="cards").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    assert page.classes.count("card") + page.classes.count("card toxic") == 3
    assert "card toxic" in page.classes


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_names_notes_and_titles_are_inert_in_every_format(
    conference: tuple[Catalogue, int], tmp_path: Path, fmt: str
) -> None:
    path = write(conference, fmt, tmp_path)
    if fmt == "xlsx":
        cells = [c for row in load_workbook(path).active.iter_rows() for c in row if c.value]
        assert all(c.data_type != "f" for c in cells)
        texts = [str(c.value) for c in cells]
    elif fmt == "csv":
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        texts = [*frame.columns, *frame.to_numpy().ravel()]
    elif fmt == "json":
        # JSON is data, not a sheet: it keeps the names as written, to load back unchanged
        assert '=HYPERLINK(\\"http://evil\\"' in path.read_text(encoding="utf-8")
        return
    else:
        text = path.read_text(encoding="utf-8")
        page = _Page()
        page.feed(text if fmt == "html" else MarkdownIt("commonmark").enable("table").render(text))
        assert not {"script", "i", "b", "a"} & set(page.seen)
        assert "<script>alert(1)</script>" in page.strings()
        texts = page.strings()
    assert texts and not [t for t in texts if str(t).startswith(FORMULA_START)]


def test_warnings_are_on_unless_turned_off_on_purpose(
    conference: tuple[Catalogue, int], tmp_path: Path
) -> None:
    cat, list_id = conference
    shown = list_table(cat, list_id, ExportOptions(header="en")).frame
    warnings = list(shown["Warnings"].fillna(""))
    assert warnings[1] == "⚠ Highly toxic"
    assert warnings[0].startswith("⚠ Confusable with Cam thảo đất · 野甘草")
    assert warnings[2].endswith(
        "Cam thảo · 甘草 · Glycyrrhizae Radix et Rhizoma: + a whole herb, not a root"
    )
    hidden = list_table(cat, list_id, ExportOptions(header="en", warnings=False)).frame
    assert "Warnings" not in hidden.columns


def test_export_options_refuse_what_they_do_not_know() -> None:
    with pytest.raises(ValueError, match="names are"):
        ExportOptions(names=["vi", "klingon"])
    with pytest.raises(ValueError, match="sections are"):
        ExportOptions(sections=["gossip"])
    with pytest.raises(ValueError):
        ExportOptions(sort="random")
