"""Merge an incoming herb record into the catalogue's record of the same herb.

New names and facts are added; a fact that disagrees with the catalogue is reported as a
conflict and the catalogue's value is kept (ARCHITECTURE section 5).
"""

from __future__ import annotations

from herbkb.normalize import latin_key, species_family_key, vi_exact
from herbkb.records import HerbRecord, NameRecord, SectionRecord, SourceRecord


def _name_id(name: NameRecord) -> tuple[str, str]:
    return name.lang, vi_exact(name.text)


def _merge_names(have: list[NameRecord], new: list[NameRecord]) -> list[NameRecord]:
    known = {_name_id(n) for n in have}
    primaries = {n.lang for n in have if n.kind == "primary"}
    merged = list(have)
    for name in new:
        if _name_id(name) in known:
            continue
        known.add(_name_id(name))
        if name.kind == "primary" and name.lang in primaries:
            name = name.model_copy(update={"kind": "synonym"})
        if name.kind == "primary":
            primaries.add(name.lang)
        merged.append(name)
    return merged


def _merge_sources(
    have: list[SourceRecord], new: list[SourceRecord], conflicts: list[str]
) -> list[SourceRecord]:
    """Sources are one species and one part: a herb may use two parts of one plant (椿皮)."""
    merged = list(have)
    for source in new:
        key = latin_key(source.species)
        same = [i for i, s in enumerate(merged) if latin_key(s.species) == key]
        if not same:
            merged.append(source)
            continue
        at = next((i for i in same if source.part in (None, merged[i].part)), None)
        if at is None:
            parts = ", ".join(str(merged[i].part) for i in same)
            conflicts.append(
                f"sources: {source.species} part used is {parts} here, {source.part!r} incoming"
            )
            continue
        old = merged[at]
        if (
            source.family
            and old.family
            and species_family_key(old.species, source.family)
            != species_family_key(old.species, old.family)
        ):
            conflicts.append(
                f"sources: {old.species} family is {old.family!r} here, {source.family!r} incoming"
            )
        merged[at] = old.model_copy(
            update={
                "part": old.part or source.part,
                "family": old.family or source.family,
                "synonyms": old.synonyms + [s for s in source.synonyms if s not in old.synonyms],
            }
        )
    return merged


def _merge_sections(
    have: list[SectionRecord], new: list[SectionRecord], notes: list[str]
) -> list[SectionRecord]:
    merged = {(s.section, s.lang): s for s in have}
    for section in new:
        old = merged.get((section.section, section.lang))
        if old is None:
            merged[(section.section, section.lang)] = section
        elif old.text != section.text:
            # prose is not a fact to contradict, but the incoming text is not taken either
            notes.append(f"{section.section} ({section.lang}): the catalogue's text is kept")
    return list(merged.values())


def merge_records(have: HerbRecord, new: HerbRecord) -> tuple[HerbRecord, list[str], list[str]]:
    """The catalogue's record with what `new` adds, the conflicts, and notes on what was kept."""
    conflicts: list[str] = []
    notes: list[str] = []
    update: dict[str, object] = {
        "names": _merge_names(have.names, new.names),
        "sources": _merge_sources(have.sources, new.sources, conflicts),
        "sections": _merge_sections(have.sections, new.sections, notes),
        "references": have.references + [r for r in new.references if r not in have.references],
        "confusable_with": have.confusable_with
        + [c for c in new.confusable_with if c.slug not in {o.slug for o in have.confusable_with}],
        "provenance": have.provenance or new.provenance,
    }
    for field in ("nature", "toxicity"):
        mine, theirs = getattr(have, field), getattr(new, field)
        if mine and theirs and mine != theirs:
            conflicts.append(f"{field}: {mine!r} here, {theirs!r} incoming")
        update[field] = mine or theirs
    for field in ("flavours", "meridians", "categories"):
        mine, theirs = getattr(have, field), getattr(new, field)
        if mine and theirs and set(mine) != set(theirs):
            conflicts.append(f"{field}: {', '.join(mine)} here, {', '.join(theirs)} incoming")
        update[field] = mine or theirs
    return have.model_copy(update=update), conflicts, notes


def merge_herbs(keep: HerbRecord, other: HerbRecord) -> tuple[HerbRecord, list[str]]:
    """`keep` with everything `other` holds (its names, sources, properties, sections,
    references, look-alikes), and what the two disagree on. Nothing of `other` may be lost, so
    a section the two word differently is a disagreement too, not a note."""
    merged, conflicts, notes = merge_records(keep, other)
    conflicts += [f"{note.split(':')[0]}: the two herbs' texts differ" for note in notes]
    # two herbs that were confused with each other are now one
    partners = [c for c in merged.confusable_with if c.slug not in (keep.slug, other.slug)]
    provenance = "; ".join(dict.fromkeys(p for p in (keep.provenance, other.provenance) if p))
    update = {"confusable_with": partners, "provenance": provenance or None}
    return merged.model_copy(update=update), conflicts
