"""Imports: match, merge, chunked bulk writes, and all-or-nothing even when killed."""

import gc
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from herbkb import Catalogue, importer
from herbkb.records import LoadedRecord, Origin
from tests.conftest import herb


def items(*records) -> list[LoadedRecord]:
    return [
        LoadedRecord(origin=Origin(file="t.csv", row=i + 2), record=r)
        for i, r in enumerate(records)
    ]


def named(slug: str, vi: str, species: str, **fields: object):
    return herb(
        slug,
        names=[{"text": vi, "lang": "vi"}],
        sources=[{"species": species, "family": fields.pop("family", "Fabaceae")}],
        **fields,
    )


def test_same_vietnamese_name_other_plant_is_a_new_herb_with_its_own_slug(cat: Catalogue) -> None:
    cat.add(
        named("moc-thong", "Mộc thông", "Akebia quinata (Houtt.) Decne.", family="Lardizabalaceae"),
        author="t",
    )
    other = named(
        "moc-thong", "Mộc thông", "Aristolochia manshuriensis Kom.", family="Aristolochiaceae"
    )
    (row,) = cat.import_records(items(other), author="t").rows
    assert (row.outcome, row.herb) == ("added", "moc-thong-2")


def test_a_record_matching_two_herbs_is_rejected(cat: Catalogue) -> None:
    cat.add(herb("a", names=[{"text": "甘草", "lang": "zh-Hans"}], sources=[]), author="t")
    cat.add(
        herb("b", names=[{"text": "Glycyrrhizae Radix et Rhizoma", "lang": "la"}], sources=[]),
        author="t",
    )
    both = herb(
        "c",
        names=[
            {"text": "甘草", "lang": "zh-Hans"},
            {"text": "Glycyrrhizae Radix et Rhizoma", "lang": "la"},
        ],
        sources=[],
    )
    (row,) = cat.import_records(items(both), author="t", skip_bad=True).rows
    assert row.outcome == "rejected" and "matches several herbs: a, b" in row.reasons[0]


def test_a_species_synonym_is_read_as_the_catalogue_species(cat: Catalogue) -> None:
    cat.add(
        herb(
            "ha-thu-o",
            names=[{"text": "Hà thủ ô đỏ", "lang": "vi"}],
            sources=[
                {
                    "species": "Reynoutria multiflora (Thunb.) Moldenke",
                    "family": "Polygonaceae",
                    "synonyms": ["Fallopia multiflora (Thunb.) Haraldson"],
                }
            ],
        ),
        author="t",
    )
    incoming = named(
        "x", "Hà thủ ô đỏ", "Fallopia multiflora (Thunb.) Haraldson", family="Polygonaceae"
    )
    (row,) = cat.import_records(items(incoming), author="t").rows
    assert row.herb == "ha-thu-o"
    (source,) = cat.record("ha-thu-o").sources
    assert source.species == "Reynoutria multiflora (Thunb.) Moldenke"


def test_older_family_names_do_not_conflict(cat: Catalogue) -> None:
    cat.add(named("cam-thao", "Cam thảo", "Glycyrrhiza uralensis Fisch."), author="t")
    (row,) = cat.import_records(
        items(named("x", "Cam thảo", "Glycyrrhiza uralensis Fisch.", family="Papilionaceae")),
        author="t",
    ).rows
    assert row.outcome == "unchanged"
    (row,) = cat.import_records(
        items(named("x", "Cam thảo", "Glycyrrhiza uralensis Fisch.", family="Rosaceae")), author="t"
    ).rows
    assert row.outcome == "conflict" and "family" in row.reasons[0]
    assert cat.record("cam-thao").sources[0].family == "Fabaceae"


def test_imports_larger_than_a_chunk_are_written_whole(cat: Catalogue, monkeypatch) -> None:
    monkeypatch.setattr(importer, "CHUNK", 7)
    records = [named(f"herb-{i}", f"Cây số {i}", f"Genus{i} species{i} L.") for i in range(30)]
    records.append(
        named("again", "Cây số 3", "Genus3 species3 L.", nature="warm")
    )  # merges across chunks
    report = cat.import_records(items(*records), author="t")
    assert report.summary()["added"] == 30 and report.rows[-1].outcome == "conflict"
    assert len(cat.slugs()) == 30
    assert len(cat.history("herb-3")) == 1


def test_a_killed_import_leaves_the_catalogue_as_it_was(bundled_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    shutil.copy(bundled_path, db)
    before = sorted(Catalogue.open(db).slugs())
    rows = [
        {"Tên Việt Nam": f"Cây thuốc {i}", "Tên khoa học": f"Genus{i} species L.", "Họ": "Fabaceae"}
        for i in range(60_000)
    ]
    big = tmp_path / "big.csv"
    pd.DataFrame(rows).to_csv(big, index=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", "herbkb.cli", "load", str(big), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = Path(f"{db}-wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 1_000_000):
        time.sleep(0.05)  # wait until it is writing
    assert proc.poll() is None, "the load finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert sorted(Catalogue.open(db).slugs()) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_import_that_fails_midway_writes_nothing_and_leaves_the_collector_on(
    cat: Catalogue,
) -> None:
    def stream():
        yield from items(herb())
        raise OSError("the disk went away")

    with pytest.raises(OSError):
        cat.import_records(stream(), author="t")
    assert gc.isenabled()
    assert cat.slugs() == []
