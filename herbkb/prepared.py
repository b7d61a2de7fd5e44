"""A herb record as the rows it is stored as, worked out without the database.

Everything a write needs that depends on the record alone (names' normalised forms and search
keys, property and section rows, the record's JSON for its revision) is computed by `prepare`.
A long import calls it in the loader's second process, so the writing process only matches,
numbers and inserts; what crosses between the processes is plain tuples, which unpickle an
order of magnitude faster than the pydantic record they stand for.
"""

from __future__ import annotations

from typing import NamedTuple

from herbkb.normalize import Key, fulltext_form, latin_key, name_keys, vi_exact
from herbkb.records import HerbRecord, RetiredRecord, SourceRecord

# the spaces a herb is matched in on import, by the key its name text gives (not pinyin/Hán-Việt)
MATCH_SPACES = ("zh", "la", "vi")


class NameRow(NamedTuple):
    text: str
    lang: str
    kind: str
    norm: str  # vi_exact: the exact-match form
    keys: tuple[Key, ...]

    def text_key(self) -> Key | None:
        """The key of the name itself in the space a match is made in (`zh`, `la`, `vi`)."""
        for key in self.keys:
            if key.via == "text" and key.space in MATCH_SPACES:
                return key
        return None


class SourceRow(NamedTuple):
    species: str
    family: str | None
    part: str | None
    synonyms: tuple[str, ...]
    keys: tuple[str, ...]  # latin_key of the species, then of each synonym

    @classmethod
    def of(
        cls, species: str, family: str | None, part: str | None, synonyms: tuple[str, ...]
    ) -> SourceRow:
        keys = tuple(latin_key(text) for text in (species, *synonyms))
        return cls(species, family, part, synonyms, keys)

    @property
    def key(self) -> str:
        return self.keys[0]

    def record(self) -> SourceRecord:
        # the texts were validated with the record they came from; nothing here is new
        return SourceRecord.model_construct(
            species=self.species, family=self.family, part=self.part, synonyms=list(self.synonyms)
        )


class SectionRow(NamedTuple):
    section: str
    lang: str
    text: str
    indexed: str  # the text as the full-text index holds it (normalize.fulltext_form)


class HerbRows(NamedTuple):
    slug: str
    json: str  # the record: its revision's `after`, and the record itself when it is merged
    display: dict[str, str]  # primary name per display language
    review: tuple[str, str | None, object, str | None]  # status, by, on, reference
    provenance: str | None
    names: tuple[NameRow, ...]
    sources: tuple[SourceRow, ...]
    properties: tuple[tuple[str, str], ...]  # (property, term) in record order
    sections: tuple[SectionRow, ...]
    references: tuple[str, ...]
    confusables: tuple[tuple[str, str | None], ...]
    retired: RetiredRecord | None = None

    def primary(self, lang: str) -> NameRow | None:
        """The primary name in `lang`, else the first name in it (as HerbRecord.primary)."""
        first = None
        for name in self.names:
            if name.lang == lang:
                if name.kind == "primary":
                    return name
                first = first or name
        return first

    def record(self) -> HerbRecord:
        return HerbRecord.model_validate_json(self.json)


def prepare(record: HerbRecord) -> HerbRows:
    properties = [("nature", record.nature), ("toxicity", record.toxicity)]
    properties += [("flavour", t) for t in record.flavours]
    properties += [("meridian", t) for t in record.meridians]
    properties += [("category", t) for t in record.categories]
    review = record.review
    return HerbRows(
        slug=record.slug,
        json=record.model_dump_json(),
        display=record.display_names,
        review=(review.status, review.by, review.on, review.reference),
        provenance=record.provenance,
        names=tuple(
            NameRow(n.text, n.lang, n.kind, vi_exact(n.text), tuple(name_keys(n.text, n.lang)))
            for n in record.names
        ),
        sources=tuple(
            SourceRow.of(s.species, s.family, s.part, tuple(s.synonyms)) for s in record.sources
        ),
        properties=tuple((prop, term) for prop, term in properties if term),
        sections=tuple(
            SectionRow(s.section, s.lang, s.text, fulltext_form(s.text)) for s in record.sections
        ),
        references=tuple(record.references),
        confusables=tuple((c.slug, c.note) for c in record.confusable_with),
        retired=record.retired,
    )
