"""Merging an incoming record into the catalogue's: add what is new, report what disagrees."""

from herbkb.merge import merge_records
from herbkb.records import SectionRecord
from tests.conftest import herb


def test_new_names_are_added_and_a_second_primary_becomes_a_synonym() -> None:
    incoming = herb(
        names=[{"text": "Cam thảo bắc", "lang": "vi"}, {"text": "甘草", "lang": "zh-Hans"}]
    )
    merged, conflicts, notes = merge_records(herb(), incoming)
    added = [n for n in merged.names if n.text == "Cam thảo bắc"]
    assert [n.kind for n in added] == ["synonym"] and conflicts == [] and notes == []
    assert merged.primary("vi") == "Cam thảo"


def test_the_same_name_in_other_case_or_tone_placement_is_not_added_twice() -> None:
    merged, _, _ = merge_records(herb(), herb(names=[{"text": "CAM THẢO", "lang": "vi"}]))
    assert [n.text for n in merged.names if n.lang == "vi"] == ["Cam thảo"]


def test_a_disagreeing_fact_is_a_conflict_and_ours_is_kept() -> None:
    merged, conflicts, _ = merge_records(herb(), herb(nature="cold", flavours=["bitter"]))
    assert merged.nature == "neutral" and merged.flavours == ["sweet"]
    assert conflicts == [
        "nature: 'neutral' here, 'cold' incoming",
        "flavours: sweet here, bitter incoming",
    ]


def test_an_empty_fact_is_filled() -> None:
    merged, conflicts, _ = merge_records(herb(nature=None), herb(nature="neutral"))
    assert merged.nature == "neutral" and conflicts == []


def test_other_prose_is_a_note_not_a_conflict() -> None:
    ours = herb(sections=[{"section": "dosage", "lang": "vi", "text": "2–10 g."}])
    theirs = herb(sections=[{"section": "dosage", "lang": "vi", "text": "4-8g/ngày."}])
    merged, conflicts, notes = merge_records(ours, theirs)
    assert merged.sections == ours.sections and conflicts == []
    assert notes == ["dosage (vi): the catalogue's text is kept"]


def test_two_parts_of_one_species_are_two_sources_and_an_older_family_name_agrees() -> None:
    bark = {
        "species": "Ailanthus altissima (Mill.) Swingle",
        "family": "Simaroubaceae",
        "part": "bark",
    }
    root_bark = {**bark, "part": "root-bark"}
    merged, conflicts, _ = merge_records(herb(sources=[bark, root_bark]), herb(sources=[root_bark]))
    assert len(merged.sources) == 2 and conflicts == []
    legume = {
        "species": "Glycyrrhiza uralensis Fisch.",
        "family": "Papilionaceae",
        "part": "root-and-rhizome",
    }
    _, conflicts, _ = merge_records(herb(), herb(sources=[legume]))
    assert conflicts == []


def test_merging_two_herbs_keeps_everything_of_both_and_lists_disagreements() -> None:
    from herbkb.merge import merge_herbs

    keep = herb(confusable_with=[{"slug": "cam-thao-bac", "note": "the same root"}])
    other = herb(
        "cam-thao-bac",
        names=[{"text": "Cam thảo bắc", "lang": "vi"}, {"text": "甘草", "lang": "zh-Hans"}],
        sources=[{"species": "Glycyrrhiza glabra L.", "part": "root-and-rhizome"}],
        meridians=["lung"],
        sections=[{"section": "actions", "lang": "en", "text": "Tonifies qi."}],
        provenance="from a list",
    )
    merged, conflicts = merge_herbs(keep, other)
    assert conflicts == []
    assert {"Cam thảo", "Cam thảo bắc"} <= {n.text for n in merged.names}
    assert len(merged.sources) == 2 and merged.meridians == ["lung"]
    assert merged.sections and merged.confusable_with == []  # they are one herb now
    assert merged.provenance == "test data; from a list"
    _, conflicts = merge_herbs(keep, other.model_copy(update={"nature": "warm"}))
    assert conflicts == ["nature: 'neutral' here, 'warm' incoming"]
    reworded = [SectionRecord(section="actions", lang="en", text="Harmonises.")]
    _, conflicts = merge_herbs(keep.model_copy(update={"sections": reworded}), other)
    assert conflicts == ["actions (en): the two herbs' texts differ"]
