"""The write side: add, update, revisions, version conflicts, merge-import."""

import json
import multiprocessing
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest
from sqlalchemy import event
from sqlmodel import select

from herbkb import BusyError, Catalogue, CatalogueError, ConflictError, ReadOnlyError, models
from herbkb.records import HerbRecord, LoadedRecord, NameRecord, Origin
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


def test_a_stale_save_tells_who_saved_what_since_and_keeps_both_records(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    cat.update(herb(nature="warm"), expected_version=1, author="minh", comment="nature per CP")
    cat.update(
        herb(nature="warm", toxicity="slight"), expected_version=2, author="hoa", comment="toxic"
    )
    mine = herb(flavours=["sweet", "bitter"])
    with pytest.raises(ConflictError) as refused:
        cat.update(mine, expected_version=1, author="lan")
    conflict = refused.value
    assert [(r.version, r.author, r.comment) for r in conflict.since] == [
        (2, "minh", "nature per CP"),
        (3, "hoa", "toxic"),
    ]
    assert [[c.label for c in r.changes] for r in conflict.since] == [["nature"], ["toxicity"]]
    assert (conflict.version, conflict.current, conflict.yours) == (3, cat.record("cam-thao"), mine)
    assert "version 2 by minh" in str(conflict) and "version 3 by hoa" in str(conflict)
    assert conflict.base == herb()  # the version the editor opened
    # applied on top of the current version, the edit is saved and the others' edits stay
    on_top, clashes = conflict.on_top()
    assert clashes == []
    assert cat.update(on_top, expected_version=conflict.version, author="lan") == 4
    saved = cat.record("cam-thao")
    assert (saved.flavours, saved.nature, saved.toxicity) == (["sweet", "bitter"], "warm", "slight")


def test_a_revision_keeps_the_review_as_it_was_before(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    reviewed = herb(review={"status": "reviewed", "by": "Dr. Hoa", "on": "2026-11-02"})
    cat.update(reviewed, expected_version=1, author="hoa")
    revision = cat.history("cam-thao")[-1]
    assert json.loads(revision.before)["review"]["status"] == "unreviewed"
    assert json.loads(revision.after)["review"]["status"] == "reviewed"


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


# --- many editors saving at once --------------------------------------------------------------

WRITERS = 8


def editor_herb(i: int, **fields: object) -> HerbRecord:
    """Herb number `i` of the concurrency tests, with names of its own."""
    names = [{"text": f"Vị thuốc {i}", "lang": "vi"}, {"text": f"Herb {i}", "lang": "en"}]
    return herb(f"herb-{i}", names=names, sources=[], **fields)


def editors_catalogue(path: Path) -> Catalogue:
    cat = Catalogue.open(path, create=True)
    for i in range(WRITERS):
        cat.add(editor_herb(i), author="setup")
    return cat


def save(cat: Catalogue, slug_number: int, nature: str, author: str, start: Barrier) -> str:
    """One editor's save, as an outcome a test can read: `saved <version>`,
    `conflict <versions since> <by whom>`, `busy`, or the unexpected error."""
    record = editor_herb(slug_number, nature=nature)
    start.wait()
    try:
        version = cat.update(record, expected_version=1, author=author, comment=f"by {author}")
    except ConflictError as exc:
        return f"conflict {[r.version for r in exc.since]} {exc.since[0].author}"
    except BusyError:
        return "busy"
    except Exception as exc:  # whatever else escapes is the finding
        return f"error {exc!r}"
    return f"saved {version}"


def in_threads(calls: list[tuple]) -> list[str]:
    """The calls from threads sharing one catalogue, as the app's sessions do."""
    shared = Catalogue.open(calls[0][0])
    start = threading.Barrier(len(calls))
    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(lambda args: save(shared, *args[1:], start), calls))


def _save_in_child(n: int, args: tuple, start: Barrier, results: multiprocessing.Queue) -> None:
    results.put((n, save(Catalogue.open(args[0]), *args[1:], start)))


def in_processes(calls: list[tuple]) -> list[str]:
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Barrier(len(calls)), ctx.Queue()
    children = [
        ctx.Process(target=_save_in_child, args=(n, args, start, results))
        for n, args in enumerate(calls)
    ]
    for child in children:
        child.start()
    outcomes = dict(results.get(timeout=60) for _ in children)
    for child in children:
        child.join(timeout=10)
    return [outcomes[n] for n in range(len(calls))]


NATURES = ("cold", "cool", "neutral", "warm", "hot", "slightly-cold", "slightly-warm", "cold")


@pytest.mark.parametrize("run", [in_threads, in_processes], ids=["threads", "processes"])
def test_saves_of_different_herbs_all_succeed(tmp_path: Path, run) -> None:
    cat = editors_catalogue(tmp_path / "herbkb.db")
    calls = [(cat.where, i, NATURES[i], f"editor-{i}") for i in range(WRITERS)]
    assert run(calls) == ["saved 2"] * WRITERS
    for i in range(WRITERS):
        assert cat.record(f"herb-{i}").nature == NATURES[i]
        revisions = cat.history(f"herb-{i}")
        assert [(r.version, r.author) for r in revisions] == [(1, "setup"), (2, f"editor-{i}")]
        assert json.loads(revisions[1].after)["nature"] == NATURES[i]
    assert cat.data_version() == 1 + WRITERS * 2  # the references, the adds, the saves


def test_a_save_waits_for_a_long_import_then_says_the_catalogue_is_busy(tmp_path: Path) -> None:
    editors_catalogue(tmp_path / "herbkb.db")
    cat = Catalogue.open(tmp_path / "herbkb.db", lock_timeout=0.3)
    importer = sqlite3.connect(tmp_path / "herbkb.db", isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
    try:
        started = time.perf_counter()
        with pytest.raises(BusyError, match=r"busy.*Nothing was saved"):
            cat.update(editor_herb(0, nature="hot"), expected_version=1, author="lan")
        assert 0.25 < time.perf_counter() - started < 3
        assert cat.record("herb-0").nature == "neutral"  # reading does not wait for the lock
    finally:
        importer.rollback()
        importer.close()
    assert cat.update(editor_herb(0, nature="hot"), expected_version=1, author="lan") == 2


@pytest.mark.parametrize("run", [in_threads, in_processes], ids=["threads", "processes"])
def test_saves_of_one_herb_from_stale_forms_one_wins(tmp_path: Path, run) -> None:
    cat = editors_catalogue(tmp_path / "herbkb.db")
    calls = [(cat.where, 0, NATURES[i], f"editor-{i}") for i in range(WRITERS)]
    outcomes = run(calls)
    winners = [i for i, outcome in enumerate(outcomes) if outcome == "saved 2"]
    assert len(winners) == 1, outcomes
    winner = f"editor-{winners[0]}"
    # every other editor is told it was version 2, by the winner
    assert sorted(outcomes) == sorted(["saved 2"] + [f"conflict [2] {winner}"] * (WRITERS - 1))
    revisions = cat.history("herb-0")
    assert [(r.version, r.author) for r in revisions] == [(1, "setup"), (2, winner)]
    assert cat.record("herb-0").nature == NATURES[winners[0]]
    assert cat.herb("herb-0").version == 2


# --- restore and retire -----------------------------------------------------------------------


def test_restore_writes_the_old_record_as_a_new_revision(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    cat.update(herb(nature="warm", toxicity="slight"), expected_version=1, author="minh")
    assert cat.restore("cam-thao", 1, author="lan", comment="CP says neutral") == 3
    assert cat.record("cam-thao") == herb()
    last = cat.changes("cam-thao")[-1]
    assert (last.version, last.author, last.comment) == (
        3,
        "lan",
        "restored revision 1: CP says neutral",
    )
    assert {(c.label, c.old, c.new) for c in last.changes} == {
        ("nature", "warm", "neutral"),
        ("toxicity", "slight", None),
    }
    assert cat.search("Cam thảo")[0].slug == "cam-thao"


def test_restoring_a_revision_that_does_not_exist_changes_nothing(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    with pytest.raises(CatalogueError, match="no revision 7"):
        cat.restore("cam-thao", 7, author="lan")
    assert len(cat.history("cam-thao")) == 1


def test_a_revision_that_no_longer_validates_is_not_restored(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    outdated = herb().model_dump(mode="json") | {"nature": "lukewarm"}  # a term since dropped
    with cat.session() as s:
        s.add(
            models.Revision(entity_id="cam-thao", version=0, author="x", after=json.dumps(outdated))
        )
        s.commit()
    with pytest.raises(CatalogueError, match=r"revision 0 .* not valid now: nature"):
        cat.restore("cam-thao", 0, author="lan")
    assert cat.record("cam-thao") == herb()


def test_a_retired_herb_is_hidden_keeps_its_history_and_can_come_back(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    other = herb("cam-thao-bac", names=[{"text": "Cam thảo bắc", "lang": "vi"}], sources=[])
    cat.add(other, author="lan")
    assert cat.search("Cam thảo")[0].slug == "cam-thao"  # the index is built before retiring
    version = cat.retire(
        "cam-thao", author="hoa", reason="duplicate of Cam thảo bắc", merged_into="cam-thao-bac"
    )
    assert version == 2
    assert cat.slugs() == ["cam-thao-bac"]
    assert cat.slugs(include_retired=True) == ["cam-thao", "cam-thao-bac"]
    assert [r.slug for r in cat.records()] == ["cam-thao-bac"]
    assert "cam-thao" not in {h.slug for h in cat.search("甘草")}
    assert "cam-thao" not in {h.slug for h in cat.search("Glycyrrhiza uralensis")}
    retired = cat.record("cam-thao").retired  # its page still opens, and says why
    assert (retired.reason, retired.merged_into) == ("duplicate of Cam thảo bắc", "cam-thao-bac")
    assert retired.on == models.utcnow().date()
    last = cat.changes("cam-thao")[-1]
    assert last.comment == "retired: duplicate of Cam thảo bắc"
    assert "retired / reason" in {c.label for c in last.changes}
    assert cat.stats()["herbs"] == 1 and cat.stats()["retired"] == 1

    assert cat.unretire("cam-thao", author="hoa", comment="not a duplicate after all") == 3
    assert cat.record("cam-thao").retired is None
    assert cat.search("甘草")[0].slug == "cam-thao"
    assert cat.slugs() == ["cam-thao", "cam-thao-bac"]


def test_an_edit_keeps_the_herb_retired(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    cat.retire("cam-thao", author="hoa", reason="withdrawn")
    # a form that does not show the retirement saves a record without it
    cat.update(herb(nature="warm"), expected_version=2, author="lan")
    assert cat.record("cam-thao").retired.reason == "withdrawn"
    assert cat.restore("cam-thao", 1, author="lan") == 4
    assert cat.record("cam-thao").retired.reason == "withdrawn"


def test_retire_is_refused_with_a_reason(cat: Catalogue) -> None:
    cat.add(herb(), author="lan")
    with pytest.raises(CatalogueError, match="give a reason"):
        cat.retire("cam-thao", author="hoa", reason=" ")
    with pytest.raises(CatalogueError, match="not a herb in use"):
        cat.retire("cam-thao", author="hoa", reason="duplicate", merged_into="no-such-herb")
    with pytest.raises(CatalogueError, match="not retired"):
        cat.unretire("cam-thao", author="hoa")
    cat.retire("cam-thao", author="hoa", reason="withdrawn")
    with pytest.raises(CatalogueError, match="already retired"):
        cat.retire("cam-thao", author="hoa", reason="again")
    assert [r.version for r in cat.history("cam-thao")] == [1, 2]


def test_a_catalogue_of_the_previous_schema_is_upgraded_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "herbkb.db"
    with sqlite3.connect(path) as conn:
        conn.executescript((Path(__file__).parent / "data" / "catalogue-v2.sql").read_text())
    cat = Catalogue.open(path)
    assert cat.stats()["herbs"] == 1
    assert cat.record("cam-thao").nature == "warm"
    assert [r.comment for r in cat.changes("cam-thao")] == [
        "from the pharmacopoeia",
        "nature checked",
    ]
    assert cat.search("a day", full_text=True)[0].slug == "cam-thao"
    dosage = {"section": "dosage", "lang": "en", "text": "Boil 6 g in water."}
    cat.update(herb(nature="warm", sections=[dosage]), expected_version=2, author="lan")
    assert cat.search("a day", full_text=True) == []  # the old text is unindexed with it
    assert cat.search("in water", full_text=True)[0].slug == "cam-thao"
    cat.retire("cam-thao", author="lan", reason="withdrawn")
    assert Catalogue.open(path).slugs() == []  # opened again: already upgraded, still works
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(models.SCHEMA_VERSION),
        )


def test_a_read_only_catalogue_refuses_every_write_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "herbkb.db"
    Catalogue.open(path, create=True).add(herb(), author="lan")
    cat = Catalogue.open(path, read_only=True)
    writes = {
        "add": lambda: cat.add(herb("ba-kich"), author="lan"),
        "update": lambda: cat.update(herb(nature="warm"), expected_version=1, author="lan"),
        "import": lambda: cat.import_records(items(herb("ba-kich")), author="lan"),
        "references": lambda: cat.set_references({"new-work": "A new work"}),
        "retire": lambda: cat.retire("cam-thao", author="lan", reason="withdrawn"),
        "restore": lambda: cat.restore("cam-thao", 1, author="lan"),
        # a write method that forgets to ask is refused by the database all the same
        "raw session": lambda: cat.session().connection().exec_driver_sql("DELETE FROM herb"),
    }
    for name, write in writes.items():
        with pytest.raises(ReadOnlyError, match="open read-only; nothing was changed"):
            write()
        assert cat.record("cam-thao") == herb(), name
    assert [h.slug for h in cat.search("cam thao")] == ["cam-thao"]
    assert len(cat.history("cam-thao")) == 1


def test_a_write_the_database_refuses_is_a_message_and_saves_nothing(tmp_path: Path) -> None:
    editors_catalogue(tmp_path / "herbkb.db")
    cat = Catalogue.open(tmp_path / "herbkb.db")
    # as a file the user may read but not write: SQLite refuses every write
    event.listen(cat.engine, "connect", lambda conn, _: conn.execute("PRAGMA query_only = ON"))
    cat.engine.dispose()
    with pytest.raises(CatalogueError, match=r"cannot write the catalogue.*Nothing was saved"):
        cat.update(editor_herb(0, nature="hot"), expected_version=1, author="lan")
    assert cat.record("herb-0").nature == "neutral"


def test_sessions_sharing_a_catalogue_find_every_save_right_after(tmp_path: Path) -> None:
    cat = editors_catalogue(tmp_path / "herbkb.db")  # one catalogue, as the app's sessions share
    assert cat.search("Vị thuốc 3")[0].slug == "herb-3"  # the index is built before the saves
    saved = threading.Barrier(WRITERS)

    def edit_then_search(i: int) -> list[str]:
        renamed = editor_herb(i).model_copy(
            update={"names": [NameRecord(text=f"Tên mới {i}", lang="vi")]}
        )
        cat.update(renamed, expected_version=1, author=f"editor-{i}")
        saved.wait()  # every session then searches at once, each refreshing the shared index
        return [h.slug for h in cat.search(f"Tên mới {i}", limit=WRITERS)]

    with ThreadPoolExecutor(WRITERS) as pool:
        found = list(pool.map(edit_then_search, range(WRITERS)))
    assert [hits[0] for hits in found] == [f"herb-{i}" for i in range(WRITERS)]
    assert all(len(hits) == len(set(hits)) for hits in found)  # each herb once
    assert all(h.matched.text != "Vị thuốc 3" for h in cat.search("Vị thuốc 3"))  # old name gone


def test_merge_keeps_all_of_both_and_retires_the_other_into_the_kept(cat: Catalogue) -> None:
    from herbkb import MergeConflictError

    cat.add(herb(), author="a")
    other = herb(
        "cam-thao-bac",
        names=[{"text": "Cam thảo bắc", "lang": "vi"}],
        sources=[{"species": "Glycyrrhiza glabra L.", "part": "root-and-rhizome"}],
        nature="warm",
    )
    cat.add(other, author="a")
    with pytest.raises(MergeConflictError) as refused:
        cat.merge("cam-thao", "cam-thao-bac", author="b")
    assert refused.value.conflicts == ["nature: 'neutral' here, 'warm' incoming"]
    assert cat.record("cam-thao-bac").retired is None  # nothing was merged
    cat.update(other.model_copy(update={"nature": "neutral"}), expected_version=1, author="b")
    version = cat.merge("cam-thao", "cam-thao-bac", author="b", comment="one herb")
    kept = cat.record("cam-thao")
    assert version == 2 and "Cam thảo bắc" in {n.text for n in kept.names}
    assert {s.species for s in kept.sources} >= {"Glycyrrhiza glabra L."}
    gone = cat.record("cam-thao-bac")
    assert gone.retired and gone.retired.merged_into == "cam-thao"
    assert cat.slugs() == ["cam-thao"]
    assert [h.slug for h in cat.search("cam thao bac")][:1] == ["cam-thao"]
    assert cat.history("cam-thao")[-1].comment == "merged cam-thao-bac into it: one herb"
    assert cat.history("cam-thao-bac")[-1].comment == "merged into cam-thao: one herb"
