"""Field-by-field differences of herb records, labelled by natural keys."""

from herbkb.diff import Change, diff, on_top
from tests.conftest import herb


def labels(changes: list[Change]) -> list[str]:
    return [c.label for c in changes]


def test_the_same_record_has_no_changes() -> None:
    assert diff(herb(), herb()) == []


def test_reordered_rows_are_not_changes() -> None:
    original = herb(
        sections=[
            {"section": "dosage", "lang": "vi", "text": "6–12 g"},
            {"section": "dosage", "lang": "en", "text": "6–12 g"},
        ],
        flavours=["sweet", "bitter"],
    )
    shuffled = original.model_copy(
        update={
            "names": list(reversed(original.names)),
            "sections": list(reversed(original.sections)),
            "flavours": ["bitter", "sweet"],
        }
    )
    assert diff(original, shuffled) == []


def test_a_renamed_primary_name_is_one_change_under_its_language() -> None:
    old = herb()
    names = [n.model_dump() for n in old.names]
    names[0]["text"] = "Cam thảo bắc"
    (change,) = diff(old, herb(names=names))
    assert (change.label, change.kind, change.old, change.new) == (
        "names / vi",
        "changed",
        "Cam thảo",
        "Cam thảo bắc",
    )


def test_an_added_synonym_is_keyed_by_its_text_and_shows_its_kind() -> None:
    old = herb()
    names = [n.model_dump() for n in old.names] + [
        {"text": "Quốc lão", "lang": "vi", "kind": "synonym"}
    ]
    (change,) = diff(old, herb(names=names))
    assert (change.label, change.kind, change.old, change.new) == (
        "names / vi / Quốc lão",
        "added",
        None,
        "synonym",
    )


def test_sub_records_are_labelled_by_their_natural_keys() -> None:
    old = herb(sections=[{"section": "dosage", "lang": "en", "text": "6–9 g"}])
    new = herb(
        sources=[
            {
                "species": "Glycyrrhiza uralensis Fisch.",
                "family": "Fabaceae",
                "part": "root",
            }
        ],
        sections=[{"section": "dosage", "lang": "en", "text": "2–10 g"}],
        nature="warm",
        review={"status": "reviewed", "by": "Dr. Lan"},
    )
    assert {(c.label, c.old, c.new) for c in diff(old, new)} == {
        ("sources / Glycyrrhiza uralensis / part", "root-and-rhizome", "root"),
        ("sections / dosage / en", "6–9 g", "2–10 g"),
        ("nature", "neutral", "warm"),
        ("review / status", "unreviewed", "reviewed"),
        ("review / by", None, "Dr. Lan"),
    }


def test_changes_come_in_the_order_of_a_herb_page() -> None:
    old = herb()
    new = herb(provenance="CP 2020", nature="cold", names=[{"text": "Cam thảo", "lang": "vi"}])
    assert labels(diff(old, new)) == [
        "names / zh-Hans",
        "names / zh-Latn-pinyin",
        "names / la",
        "nature",
        "provenance",
    ]


def test_two_parts_of_one_plant_are_told_apart_by_part() -> None:
    tree = {"species": "Ailanthus altissima (Mill.) Swingle", "family": "Simaroubaceae"}
    old = herb(sources=[{**tree, "part": "root-bark"}, {**tree, "part": "bark"}])
    new = herb(sources=[{**tree, "part": "root-bark"}])
    assert labels(diff(old, new)) == [
        "sources / Ailanthus altissima (bark) / species",
        "sources / Ailanthus altissima (bark) / family",
        "sources / Ailanthus altissima (bark) / part",
    ]
    assert {c.kind for c in diff(old, new)} == {"removed"}


def test_a_look_alike_without_a_note_is_still_a_change() -> None:
    (change,) = diff(herb(), herb(confusable_with=[{"slug": "cam-thao-day"}]))
    assert (change.label, change.kind) == ("confusable_with / cam-thao-day", "added")


def test_an_added_herb_is_every_field_added() -> None:
    changes = diff(None, herb())
    assert all(c.kind == "added" and c.old is None for c in changes)
    assert "names / vi" in labels(changes)
    assert "sources / Glycyrrhiza uralensis / species" in labels(changes)


def test_an_edit_goes_on_top_of_another_of_other_fields_and_rows() -> None:
    dosage = {"section": "dosage", "lang": "en", "text": "6–9 g"}
    uses = {"section": "indications", "lang": "en", "text": "Cough."}
    base = herb(sections=[dosage, uses])
    theirs = herb(nature="warm", sections=[{**dosage, "text": "2–10 g"}, uses])
    names = [n.model_dump() for n in base.names] + [{"text": "Quốc lão", "lang": "vi"}]
    names[-1]["kind"] = "synonym"
    mine = herb(names=names, sections=[dosage, {**uses, "text": "Cough; sore throat."}])
    merged, clashes = on_top(base, mine, theirs)
    assert clashes == []
    assert merged.nature == "warm"  # theirs
    assert [s.text for s in merged.sections] == ["2–10 g", "Cough; sore throat."]  # both
    assert merged.primary("vi") == "Cam thảo" and "Quốc lão" in {n.text for n in merged.names}


def test_where_both_changed_one_thing_the_editors_value_is_taken_and_named() -> None:
    base = herb()
    merged, clashes = on_top(base, herb(nature="cold"), herb(nature="warm", toxicity="slight"))
    assert (merged.nature, merged.toxicity) == ("cold", "slight")
    assert clashes == ["nature"]


def test_rows_that_no_longer_agree_are_taken_whole_from_the_editor() -> None:
    base = herb()
    renamed = [n.model_dump() for n in base.names]
    renamed[0]["text"] = "Cam thảo bắc"
    theirs_names = [n.model_dump() for n in base.names]
    theirs_names[0]["text"] = "Cam thảo nam"
    # row by row both new primary names would stay: two primary Vietnamese names
    merged, clashes = on_top(base, herb(names=renamed), herb(names=theirs_names, nature="warm"))
    assert clashes == ["names"]
    assert merged.primary("vi") == "Cam thảo bắc"
    assert "Cam thảo nam" not in {n.text for n in merged.names}
    assert merged.nature == "warm"
