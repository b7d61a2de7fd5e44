"""The write side: add, update, revisions, version conflicts, merge-import."""

import json
from pathlib import Path

import pytest
from sqlmodel import select

from herbkb import Catalogue, CatalogueError, ConflictError, models
from herbkb.records import LoadedRecord, Origin
from tests.conftest import herb


def items(*records, file: str = "test.md") -> list[LoadedRecord]:
    return [
        LoadedRecord(origin=Origin(file=file, row=i + 1), record=r) for i, r in enumerate(records)
    ]


def test_add_writes_the_record_and_a_revision(cat: Catalogue) -> None:
    cat.add(herb(), author="lan", comment="first entry")
    assert cat.record("cam-thao") == herb()
    (revision,) = cat.history("cam-thao")
    assert (revision.author, revision.comment, revision.version) == ("lan", "first entry", 1)
    assert revision.before is None
    assert json.loads(revision.after)["slug"] == "cam-thao"


def test_every_change_needs_an_author(cat: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="author"):
        cat.add(herb(), author=" ")


def test_update_bumps_version_and_keeps_before_and_after(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    changed = herb(nature="warm")
    assert cat.update(changed, expected_version=1, author="minh", comment="nature per CP") == 2
    assert cat.record("cam-thao").nature == "warm"
    revision = cat.history("cam-thao")[-1]
    assert revision.author == "minh"
    assert json.loads(revision.before)["nature"] == "neutral"
    assert json.loads(revision.after)["nature"] == "warm"


def test_stale_version_is_refused_and_nothing_is_written(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    cat.update(herb(nature="warm"), expected_version=1, author="minh")
    with pytest.raises(ConflictError, match="changed by someone else"):
        cat.update(herb(nature="cold"), expected_version=1, author="lan")
    assert cat.record("cam-thao").nature == "warm"
    assert len(cat.history("cam-thao")) == 2


def test_duplicate_slug_is_refused(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    with pytest.raises(CatalogueError, match="already exists"):
        cat.add(herb(), author="lan")


def test_unknown_reference_is_refused_and_nothing_is_written(cat: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="no-such-book"):
        cat.add(herb(references=["no-such-book"]), author="lan")
    assert cat.slugs() == []


def test_species_is_shared_between_herbs_of_one_plant(cat: Catalogue) -> None:
    morus = {"species": "Morus alba L.", "family": "Moraceae"}
    cat.add(
        herb(
            "tang-diep",
            names=[{"text": "Tang diệp", "lang": "vi"}],
            sources=[{**morus, "part": "leaf"}],
        ),
        author="a",
    )
    cat.add(
        herb(
            "tang-bach-bi",
            names=[{"text": "Tang bạch bì", "lang": "vi"}],
            sources=[{**morus, "part": "root-bark"}],
        ),
        author="a",
    )
    with cat.session() as s:
        assert len(s.exec(select(models.Species)).all()) == 1
    assert cat.record("tang-bach-bi").sources[0].part == "root-bark"


def test_a_species_family_conflict_is_refused(cat: Catalogue) -> None:
    cat.add(herb(), author="a")
    other = herb(
        "other",
        names=[{"text": "Khác", "lang": "vi"}],
        sources=[{"species": "Glycyrrhiza uralensis Fisch.", "family": "Rosaceae"}],
    )
    with pytest.raises(CatalogueError, match="family"):
        cat.add(other, author="a")


def test_import_adds_then_reimport_changes_nothing(cat: Catalogue) -> None:
    first = cat.import_records(items(herb()), author="a")
    assert first.summary()["added"] == 1 and first.committed
    version = cat.data_version()
    second = cat.import_records(items(herb()), author="a")
    assert second.summary()["unchanged"] == 1
    assert cat.data_version() == version
    assert len(cat.history("cam-thao")) == 1


def test_import_merges_new_names_into_the_matching_herb(cat: Catalogue) -> None:
    cat.add(herb(), author="a")
    incoming = herb(
        "something-else",
        names=[{"text": "甘草", "lang": "zh-Hans"}, {"text": "Quốc lão", "lang": "vi"}],
        sources=[],
        nature=None,
        flavours=[],
    )
    report = cat.import_records(items(incoming), author="b")
    (row,) = report.rows
    assert (row.outcome, row.herb) == ("updated", "cam-thao")
    names = [n.text for n in cat.record("cam-thao").names]
    assert "Quốc lão" in names
    assert cat.slugs() == ["cam-thao"]


def test_a_conflicting_fact_is_reported_never_overwritten(cat: Catalogue) -> None:
    cat.add(herb(), author="a")
    report = cat.import_records(items(herb("x", nature="cold")), author="b")
    (row,) = report.rows
    assert row.outcome == "conflict"
    assert any("nature" in reason for reason in row.reasons)
    assert cat.record("cam-thao").nature == "neutral"


def test_matches_by_vietnamese_name_and_species(cat: Catalogue) -> None:
    cat.add(herb(), author="a")
    incoming = herb(
        "x",
        names=[{"text": "CAM THẢO", "lang": "vi"}],
        sources=[{"species": "Glycyrrhiza uralensis", "part": "root-and-rhizome"}],
    )
    (row,) = cat.import_records(items(incoming), author="b").rows
    assert row.herb == "cam-thao"


def test_import_is_all_or_nothing(cat: Catalogue) -> None:
    bad = LoadedRecord(origin=Origin(file="bad.md"), errors=["bad.md: names: is empty"])
    report = cat.import_records([*items(herb()), bad], author="a")
    assert not report.committed
    assert report.summary()["rejected"] == 1
    assert cat.slugs() == []


def test_skip_bad_commits_the_good_records(cat: Catalogue) -> None:
    bad = LoadedRecord(origin=Origin(file="bad.md"), errors=["bad.md: broken"])
    report = cat.import_records([*items(herb()), bad], author="a", skip_bad=True)
    assert report.committed
    assert cat.slugs() == ["cam-thao"]


def test_a_record_rejected_by_the_catalogue_rolls_back_only_itself(cat: Catalogue) -> None:
    broken = herb("bad", names=[{"text": "Xấu", "lang": "vi"}], references=["nope"])
    report = cat.import_records(items(herb(), broken), author="a", skip_bad=True)
    assert [r.outcome for r in report.rows] == ["added", "rejected"]
    assert "nope" in report.rows[1].reasons[0]
    assert cat.slugs() == ["cam-thao"]


def test_dry_run_writes_nothing(cat: Catalogue) -> None:
    report = cat.import_records(items(herb()), author="a", dry_run=True)
    assert report.summary()["added"] == 1 and not report.committed
    assert cat.slugs() == []


def test_open_refuses_a_missing_catalogue(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="no catalogue here"):
        Catalogue.open(tmp_path / "missing.db")


def test_open_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("herb list, not a database")
    with pytest.raises(CatalogueError, match="not a SQLite database"):
        Catalogue.open(path)
    assert path.read_text() == "herb list, not a database"


def test_open_refuses_a_sqlite_file_of_another_program(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table t (x)")
    with pytest.raises(CatalogueError, match="not a HerbKB catalogue"):
        Catalogue.open(path)


def test_open_refuses_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="does not exist"):
        Catalogue.open(tmp_path / "no" / "such" / "x.db", create=True)


def test_changes_lists_each_revision_with_the_fields_it_changed(cat: Catalogue) -> None:
    cat.add(herb(), author="lan", comment="first entry")
    cat.update(herb(nature="warm"), expected_version=1, author="minh", comment="nature per CP")
    first, second = cat.changes("cam-thao")
    assert (first.version, first.author, first.comment) == (1, "lan", "first entry")
    assert "names / vi" in {c.label for c in first.changes}
    assert (second.version, second.author) == (2, "minh")
    assert [(c.label, c.old, c.new) for c in second.changes] == [("nature", "neutral", "warm")]
