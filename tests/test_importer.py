"""Imports: match, merge, chunked bulk writes, all-or-nothing, progress and cancel."""

import gc
import os
import threading
from pathlib import Path

import pytest

from herbkb import Catalogue, importer
from herbkb.importer import ImportCancelled
from herbkb.records import LoadedRecord, Origin
from loaders import load_paths
from loaders.table import TableOptions
from tests.benchmarks.synthetic import rows
from tests.conftest import children, herb, running


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


def table(tmp_path: Path, count: int) -> Path:
    path = tmp_path / f"{count}.csv"
    rows(count).to_csv(path, index=False)
    return path


def test_progress_counts_rows_up_to_the_total_the_loader_counts(
    cat: Catalogue, tmp_path: Path
) -> None:
    loaded = load_paths([table(tmp_path, 250)])
    done: list[int] = []
    cat.import_records(loaded.items, author="t", progress=done.append)
    assert loaded.count() == 250
    assert done == [100, 200, 250]


def test_a_cancelled_import_stops_writes_nothing_and_ends_its_worker(
    cat: Catalogue, tmp_path: Path
) -> None:
    cat.add(herb(), author="t")
    version = cat.data_version()
    loaded = load_paths([table(tmp_path, 3000)], TableOptions(parallel=True))
    cancel = threading.Event()
    done: list[int] = []
    workers: set[int] = set()

    def progress(rows_done: int) -> None:  # as a Cancel button pressed mid-import
        done.append(rows_done)
        if rows_done == 1000:
            workers.update(children(os.getpid()))
            cancel.set()

    with pytest.raises(ImportCancelled):
        cat.import_records(loaded.items, author="t", progress=progress, cancel=cancel)
    assert done[-1] == 1000  # stopped at the next row
    assert workers and not running(workers)
    assert cat.slugs() == ["cam-thao"] and cat.data_version() == version
