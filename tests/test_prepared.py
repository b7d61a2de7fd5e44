"""A record as the rows it is stored as: nothing lost, and cheap to send between processes."""

import pickle
from pathlib import Path

from herbkb.normalize import vi_exact
from herbkb.prepared import prepare
from herbkb.records import LoadedRecord, Origin
from loaders import markdown

HERBS = Path(__file__).resolve().parents[1] / "data" / "herbs"


def test_the_rows_give_back_the_record_they_were_made_from() -> None:
    for slug in ("cam-thao", "phong-ky", "tang-diep"):
        record = markdown.load(HERBS / f"{slug}.md").record
        assert prepare(record).record() == record


def test_a_chinese_name_carries_its_pinyin_and_hanviet_keys() -> None:
    record = markdown.load(HERBS / "cam-thao.md").record
    rows = prepare(record)
    chinese = rows.primary("zh-Hans")
    assert chinese.text == "甘草"
    assert {(k.space, k.key, k.via) for k in chinese.keys} == {
        ("zh", "甘草", "text"),
        ("py", "gancao", "pinyin"),
        ("vi", "cam thao", "hanviet"),
    }
    vietnamese = rows.primary("vi")
    assert vietnamese.norm == vi_exact("Cam thảo") and vietnamese.text_key().key == "cam thao"
    assert rows.display["la"] == "Glycyrrhizae Radix et Rhizoma"


def test_a_loaded_record_crosses_processes_as_its_rows_alone() -> None:
    record = markdown.load(HERBS / "cam-thao.md").record
    item = LoadedRecord(origin=Origin(file="a.csv", row=7), record=record, rows=prepare(record))
    sent = pickle.dumps(item)
    assert b"NameRecord" not in sent  # no pydantic model is sent, only tuples and JSON
    back = pickle.loads(sent)
    assert back.valid and back._record is None  # not rebuilt until asked for
    assert back.record == record and str(back.origin) == "a.csv, row 7"
