"""SQLModel tables of the catalogue (ARCHITECTURE section 2).

Rows are the storage form. Code outside `catalogue` and `search` works with `records.HerbRecord`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

# 2: full-text table of monograph sections; 3: retired herbs, full-text rows by section id
SCHEMA_VERSION = 3


def utcnow() -> datetime:
    return datetime.now(UTC)


def _herb_fk(*, index: bool = False) -> Column:
    """The herb a row belongs to. Most tables lead a unique key with it, which serves as its
    index; a second index would only slow bulk imports."""
    return Column(Integer, ForeignKey("herb.id", ondelete="CASCADE"), nullable=False, index=index)


class Meta(SQLModel, table=True):
    """Catalogue-wide settings: schema version and a counter bumped by every write."""

    key: str = Field(primary_key=True)
    value: str


class Herb(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True)
    # primary names, denormalised for lists and exports; HerbName holds the truth
    name_vi: str | None = None
    name_zh: str | None = None
    name_pinyin: str | None = None
    name_la: str | None = None
    name_en: str | None = None
    version: int = 1
    review_status: str = "unreviewed"
    reviewed_by: str | None = None
    reviewed_on: date | None = None
    review_reference: str | None = None
    provenance: str | None = None
    # a retired herb is out of search and lists; its page and history stay (records.Retired)
    retired_on: date | None = None
    retired_reason: str | None = None
    merged_into: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class HerbName(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("herb_id", "lang", "text"),)
    id: int | None = Field(default=None, primary_key=True)
    herb_id: int = Field(sa_column=_herb_fk())
    text: str
    lang: str
    kind: str = "primary"
    position: int = 0
    # case-folded, tone placement unified, diacritics kept: an exact match outranks a folded one
    norm: str


class NameKey(SQLModel, table=True):
    """A stored search key of a name (normalize.name_keys), so building the index is a read."""

    __table_args__ = (Index("ix_namekey_space_key", "space", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    name_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("herbname.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    herb_id: int = Field(sa_column=_herb_fk())
    space: str
    key: str
    via: str


class Species(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    binomial: str = Field(unique=True, index=True)  # accepted name without authority
    authority: str | None = None
    family: str | None = None


class SpeciesName(SQLModel, table=True):
    """Accepted name and synonyms of a species, each with its Latin search keys."""

    __table_args__ = (UniqueConstraint("species_id", "text"),)
    id: int | None = Field(default=None, primary_key=True)
    species_id: int = Field(
        sa_column=Column(Integer, ForeignKey("species.id", ondelete="CASCADE"), nullable=False)
    )
    text: str
    accepted: bool = False
    key: str = Field(index=True)
    abbrev_key: str | None = None


class HerbSource(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    herb_id: int = Field(sa_column=_herb_fk(index=True))
    species_id: int = Field(foreign_key="species.id", index=True)
    part: str | None = None
    position: int = 0


class HerbProperty(SQLModel, table=True):
    """One vocabulary term of a herb: prop is nature, flavour, meridian, toxicity or category."""

    # no (prop, term) index: search filters on the index's in-memory facets, and an index no
    # query uses costs 1.5 us on each of the ~250,000 rows a 50,000-herb import writes
    __table_args__ = (UniqueConstraint("herb_id", "prop", "term"),)
    id: int | None = Field(default=None, primary_key=True)
    herb_id: int = Field(sa_column=_herb_fk())
    prop: str
    term: str
    position: int = 0


class MonographSection(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("herb_id", "section", "lang"),)
    id: int | None = Field(default=None, primary_key=True)
    herb_id: int = Field(sa_column=_herb_fk())
    section: str
    lang: str
    text: str
    position: int = 0


class Reference(SQLModel, table=True):
    key: str = Field(primary_key=True)
    citation: str


class HerbReference(SQLModel, table=True):
    herb_id: int = Field(
        sa_column=Column(Integer, ForeignKey("herb.id", ondelete="CASCADE"), primary_key=True)
    )
    reference_key: str = Field(foreign_key="reference.key", primary_key=True)
    position: int = 0


class Confusable(SQLModel, table=True):
    """A herb that is mistaken for another; the other is named by slug so load order is free."""

    __table_args__ = (UniqueConstraint("herb_id", "other_slug"),)
    id: int | None = Field(default=None, primary_key=True)
    herb_id: int = Field(sa_column=_herb_fk())
    other_slug: str
    note: str | None = None


class Revision(SQLModel, table=True):
    """Every change to a herb: who, when, why, and the whole record before and after (JSON)."""

    id: int | None = Field(default=None, primary_key=True)
    entity: str = "herb"
    entity_id: str = Field(index=True)  # the herb's slug, stable across renames of its names
    version: int
    author: str
    at: datetime = Field(default_factory=utcnow)
    comment: str | None = None
    before: str | None = None
    after: str | None = None


class HerbList(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class HerbListItem(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("list_id", "herb_id"),)
    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(
        sa_column=Column(Integer, ForeignKey("herblist.id", ondelete="CASCADE"), nullable=False)
    )
    herb_id: int = Field(sa_column=_herb_fk())
    position: int = 0
    note: str | None = None
