"""Spreadsheets as people make them, read into herb records (real files, pandas/openpyxl)."""

import os
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from herbkb import Catalogue
from loaders import load_paths
from loaders.table import TableOptions
from tests.conftest import herb

# the team's shared folder beside the checkout, or wherever HERBKB_SHARED says (a worktree)
SHARED = Path(os.environ.get("HERBKB_SHARED", Path(__file__).resolve().parents[3] / "shared"))
DTL = SHARED / "reference" / "dotatloi714" / "ViThuoc.csv"

ROWS = [
    {
        "Tên Việt Nam": "Đương quy",
        "Tên khác": "tần quy, vân quy",
        "中文名": "当归",
        "Tên khoa học": "Angelica sinensis (Oliv.) Diels",
        "Họ": "Apiaceae (Hoa tán)",
        "Tính vị": "Vị ngọt, cay, tính ôn.",
        "Quy kinh": "Tâm, Can, Tỳ.",
        "Công dụng": "Bổ huyết, hoạt huyết.",
    },
    {
        "Tên Việt Nam": "Rau má",
        "Tên khác": "(Không có)",
        "中文名": "积雪草",
        "Tên khoa học": "Centella asiatica (L.) Urb.",
        "Họ": "Apiaceae (Hoa tán)",
        "Tính vị": "Vị đắng, tính hàn.",
        "Quy kinh": "(Không ghi rõ)",
        "Công dụng": "Thanh nhiệt.",
    },
]


def items(path: Path, **options: object) -> list:
    return list(load_paths([path], TableOptions(**options)).items)


def test_a_vietnamese_spreadsheet_becomes_records(tmp_path: Path) -> None:
    path = tmp_path / "herbs.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False)
    first, second = items(path)
    record = first.record
    assert [n.text for n in record.names if n.lang == "vi"] == ["Đương quy", "tần quy", "vân quy"]
    assert record.primary("zh-Hans") == "当归"
    assert record.sources[0].species == "Angelica sinensis (Oliv.) Diels"
    assert record.sources[0].family == "Apiaceae"
    assert (record.nature, record.flavours) == ("warm", ["sweet", "acrid"])
    assert record.meridians == ["heart", "liver", "spleen"]
    assert record.sections[0].section == "indications" and record.sections[0].lang == "vi"
    assert second.record.meridians == [] and second.origin.row == 3


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: base letters with tone marks as combining characters."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(m for m in parts if m in TONE_MARKS)
            letter = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONE_MARKS))
            out += (letter + tones).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"herbs-{encoding}.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False, encoding=encoding)
    (first, _) = items(path)
    assert first.record.primary("vi") == "Đương quy"


def test_vietnamese_windows_1258_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "herbs-1258.csv"
    rows = [{k: v for k, v in r.items() if k != "中文名"} for r in ROWS]
    path.write_bytes(cp1258(pd.DataFrame(rows * 5).to_csv(index=False)))
    first = items(path)[0]
    assert first.record.primary("vi") == "Đương quy"
    assert first.record.nature == "warm"
    (explicit, *_) = items(path, encoding="cp1258")
    assert explicit.record == first.record


def test_chinese_legacy_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gb.csv"
    pd.DataFrame(
        [{"中文名": "当归", "拼音": "dang gui", "拉丁名": "Angelicae Sinensis Radix"}] * 3
    ).to_csv(path, index=False, encoding="gb18030")
    first = items(path)[0]
    assert first.record.primary("zh-Hans") == "当归"


def test_tsv_and_every_sheet_of_xlsx(tmp_path: Path) -> None:
    tsv = tmp_path / "herbs.tsv"
    pd.DataFrame(ROWS).to_csv(tsv, index=False, sep="\t")
    assert [i.record.primary("vi") for i in items(tsv)] == ["Đương quy", "Rau má"]
    xlsx = tmp_path / "herbs.xlsx"
    with pd.ExcelWriter(xlsx) as writer:
        pd.DataFrame(ROWS[:1]).to_excel(writer, sheet_name="Bắc", index=False)
        pd.DataFrame(ROWS[1:]).to_excel(writer, sheet_name="Nam", index=False)
    assert [i.record.primary("vi") for i in items(xlsx)] == ["Đương quy", "Rau má"]
    assert [i.record.primary("vi") for i in items(xlsx, sheet="Nam")] == ["Rau má"]
    (problem,) = items(xlsx, sheet="Tây")
    assert "no sheet 'Tây'" in problem.errors[0]


def test_unmapped_columns_are_kept_as_notes_or_refused(tmp_path: Path) -> None:
    path = tmp_path / "herbs.csv"
    pd.DataFrame([{**ROWS[0], "Kho": "Lạng Sơn"}]).to_csv(path, index=False)
    (item,) = items(path)
    notes = [s.text for s in item.record.sections if s.section == "notes"]
    assert notes == ["Kho: Lạng Sơn"]
    (refused,) = items(path, unmapped="refuse")
    assert "unknown columns Kho" in refused.errors[0]
    (mapped,) = items(path, mapping={"Kho": "-"})
    assert not [s for s in mapped.record.sections if s.section == "notes"]


def test_bad_rows_name_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    rows = [
        {"Tên Việt Nam": '=HYPERLINK("http://x")', "中文名": "当归"},
        {"Tên Việt Nam": "x" * 100_000, "中文名": "当归"},
        {"Tên Việt Nam": "Đương quy", "中文名": "dang gui"},
    ]
    pd.DataFrame(rows).to_csv(path, index=False)
    formula, huge, latin = items(path)
    assert "row 2" in formula.errors[0] and "'Tên Việt Nam'" in formula.errors[0]
    assert "looks like a spreadsheet formula" in formula.errors[0]
    assert "100,000 characters" in huge.errors[0]
    assert "'中文名': 'dang gui' has no Chinese characters" in latin.errors[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty, no header row"),
        ("Tên Việt Nam,中文名\n".encode(), None),
        (b"PK\x03\x04\x00\x00binary\x00junk", "binary data"),
        ("Giá,Kho\n1,2\n".encode(), "no column is a herb field"),
    ],
)
def test_files_that_cannot_be_read_say_why(
    tmp_path: Path, content: bytes, message: str | None
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    found = items(path)
    if message is None:
        assert found == []  # a header and no rows: nothing to load, nothing wrong
    else:
        (problem,) = found
        assert message in problem.errors[0] and str(path) in problem.errors[0]


def test_a_broken_xlsx_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    (problem,) = items(path)
    assert "not a readable .xlsx workbook" in problem.errors[0]


def test_duplicate_rows_load_once(tmp_path: Path, cat: Catalogue) -> None:
    path = tmp_path / "dup.csv"
    pd.DataFrame([ROWS[0], ROWS[0]]).to_csv(path, index=False)
    loaded = load_paths([path])
    report = cat.import_records(loaded.items, author="t")
    assert [r.outcome for r in report.rows] == ["added", "unchanged"]
    assert len(cat.slugs()) == 1


@pytest.mark.skipif(
    not DTL.exists(), reason="the shared reference files are not beside this checkout"
)
def test_do_tat_loi_spreadsheet_loads_and_merges_into_the_bundled_herbs(
    bundled_path: Path, tmp_path: Path
) -> None:
    import shutil

    db = tmp_path / "dtl.db"
    shutil.copy(bundled_path, db)
    cat = Catalogue.open(db)
    bundled = set(cat.slugs())
    report = cat.import_records(load_paths([DTL]).items, author="t", skip_bad=True)
    rows = report.rows
    assert len(rows) == 714
    accepted = [r for r in rows if r.outcome != "rejected"]
    assert len(accepted) / len(rows) >= 0.95
    duong_quy = next(r for r in rows if r.row == 18)
    assert duong_quy.herb == "duong-quy"  # its `Đương Quy` is our Đương quy
    merged = [r for r in accepted if r.herb in bundled]
    assert len(merged) >= 100
    ich_mau = cat.record(next(r.herb for r in rows if r.row == 2))
    assert ich_mau.flavours and ich_mau.nature
    diep_ca = next(r for r in rows if r.row == 6)  # `Cây Diếp Cá`
    assert diep_ca.herb == "diep-ca"  # not a new herb beside Diếp cá
    reviews = [r for r in rows if r.outcome == "review"]
    assert reviews and all(x.startswith("possible match: ") for r in reviews for x in r.reasons)
    families = [x for r in rows for x in r.reasons if "family is" in x]
    assert not [x for x in families if "Paeonia" in x]
    slugs, version = cat.slugs(), cat.data_version()
    again = cat.import_records(load_paths([DTL]).items, author="t", skip_bad=True)
    assert again.count("added") == again.count("updated") == 0
    assert (cat.slugs(), cat.data_version()) == (slugs, version)


def test_a_200_mb_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    path = tmp_path / "huge.csv"
    cell = "Ghi chép rất dài. " * 5_600  # about 100 KB a row
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Tên Việt Nam,Ghi chú\n")
        for i in range(2_000):
            fh.write(f"Cây {i},{cell}\n")
    assert path.stat().st_size > 200_000_000
    db = tmp_path / "huge.db"
    probe = (
        "import json, resource, sys; from herbkb.cli import app\n"
        "try: app(sys.argv[1:])\n"
        "except SystemExit: pass\n"
        "print(json.dumps({'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    subprocess.run([sys.executable, "-m", "herbkb.cli", "init", "--db", str(db)], check=True)
    done = subprocess.run(
        [sys.executable, "-c", probe, "load", str(path), "--db", str(db), "--dry-run", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    *report, peak = done.stdout.strip().splitlines()
    summary = json.loads("\n".join(report))
    assert summary["rejected"] == 2_000
    assert (
        "100,8" in summary["rows"][0]["reasons"][0]
        or "characters" in summary["rows"][0]["reasons"][0]
    )
    assert json.loads(peak)["peak_mb"] < 450  # the file is 200 MB; it is never held whole


def test_a_long_table_parsed_in_two_processes_reads_as_in_one(tmp_path: Path, monkeypatch) -> None:
    from loaders import table
    from tests.benchmarks.synthetic import rows

    frame = rows(600)
    frame.loc[[5, 250, 599], "中文名"] = "not chinese"  # rejected rows, wherever they fall
    path = tmp_path / "long.csv"
    frame.to_csv(path, index=False)
    # small batches, so both processes parse many of them and the order is put to the test
    monkeypatch.setattr(table, "PARALLEL_AFTER", 50)
    monkeypatch.setattr(table, "PARALLEL_BATCH", 20)
    alone = list(load_paths([path]).items)
    both = list(load_paths([path], TableOptions(parallel=True)).items)
    assert [i.origin.row for i in both] == [i.origin.row for i in alone] == list(range(2, 602))
    assert [i.record for i in both] == [i.record for i in alone]
    assert [(i.errors, i.raw) for i in both] == [(i.errors, i.raw) for i in alone]
    assert sum(1 for i in both if not i.valid) == 3


def test_a_bracket_of_parts_gives_the_parts_used_not_a_name(tmp_path: Path) -> None:
    path = tmp_path / "brackets.csv"
    rows = [
        {"Tên Việt Nam": "Mít (Lá, Gỗ)", "Tên khác": "mít ta, (Không có)",
         "Tên khoa học": "Artocarpus heterophyllus Lam.", "Họ": "Moraceae (Dâu tằm)"},
        {"Tên Việt Nam": "Tần cửu (thanh táo)", "Tên khác": "che van (Tày)",
         "Tên khoa học": "Justicia gendarussa Burm.f.", "Họ": "Acanthaceae"},
    ]  # fmt: skip
    pd.DataFrame(rows).to_csv(path, index=False)
    jackfruit, other = items(path)
    assert [n.text for n in jackfruit.record.names] == ["Mít", "mít ta"]
    assert [(s.species, s.part) for s in jackfruit.record.sources] == [
        ("Artocarpus heterophyllus Lam.", "leaf"),
        ("Artocarpus heterophyllus Lam.", "wood"),
    ]
    # a bracket that names no part is part of the name, as written
    assert [n.text for n in other.record.names] == ["Tần cửu (thanh táo)", "che van (Tày)"]
    assert other.record.sources[0].part is None


PEONY = {
    "Tên Việt Nam": "Bạch Thược",
    "Tên khoa học": "Paeonia lactiflora Pall.",
    "Họ": "Ranunculaceae (Mao Lương)",
}


def test_a_file_of_real_names_merges_reviews_and_loads_again_unchanged(
    tmp_path: Path, cat: Catalogue
) -> None:
    achyranthes = {"species": "Achyranthes bidentata Blume", "family": "Amaranthaceae"}
    cat.add(
        herb("nguu-tat", names=[{"text": "Ngưu tất", "lang": "vi"}],
             sources=[{**achyranthes, "part": "root"}]),
        author="t",
    )  # fmt: skip
    cat.add(
        herb("bach-thuoc", names=[{"text": "Bạch thược", "lang": "vi"}],
             sources=[{"species": "Paeonia lactiflora Pall.", "family": "Paeoniaceae"}]),
        author="t",
    )  # fmt: skip
    abutilon = [{"species": "Abutilon indicum (L.) Sweet", "family": "Malvaceae"}]
    coi_xay = herb("coi-xay", names=[{"text": "Cối xay", "lang": "vi"}], sources=abutilon)
    cat.add(coi_xay, author="t")
    rows = [
        {"Tên Việt Nam": "Cây ngưu tất", "Tên khoa học": "Achyranthes bidentata Blume"},
        {"Tên Việt Nam": "Hoài ngưu tất", "Tên khoa học": "Achyranthes bidentata"},
        {"Tên Việt Nam": "Cây cối xay", "Tên khoa học": ""},
        PEONY,
        {"Tên Việt Nam": "Thuyền thuế", "Tên khoa học": ""},
    ]
    path = tmp_path / "dtl.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    dry = cat.import_records(load_paths([path]).items, author="t", dry_run=True)
    outcomes = [(r.outcome, r.herb) for r in dry.rows]
    assert outcomes == [
        ("updated", "nguu-tat"),  # Cây ngưu tất is Ngưu tất: same plant, part not contradicted
        ("review", None),  # the same plant under another name
        ("review", None),  # the same name, but the row names no plant
        ("unchanged", "bach-thuoc"),  # Paeonia in Ranunculaceae is no family conflict
        ("added", "thuyen-thue"),
    ]
    assert dry.rows[1].reasons == ["possible match: nguu-tat (Ngưu tất) — review"]
    assert dry.rows[2].reasons == ["possible match: coi-xay (Cối xay) — review"]
    first = cat.import_records(load_paths([path]).items, author="t")
    assert first.committed and first.summary() == dry.summary()
    slugs, version = cat.slugs(), cat.data_version()
    second = cat.import_records(load_paths([path]).items, author="t")
    assert second.summary() == {
        "added": 0, "updated": 0, "unchanged": 3, "conflict": 0, "review": 2, "rejected": 0
    }  # fmt: skip
    assert (cat.slugs(), cat.data_version()) == (slugs, version)
