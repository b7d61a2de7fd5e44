"""What the catalogue holds, counted: how complete each kind of data is, and names by language."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import text as sql

from herbkb.catalogue import Catalogue
from herbkb.records import SECTION_LANGS

NAME_LANGS = ("vi", "zh-Hans", "zh-Hant", "zh-Latn-pinyin", "la", "en")
MINORITY_LANGS = ("tyz", "nut", "za", "ium", "hmn")


class Coverage(BaseModel):
    """How many herbs have one kind of data (`measure`, in `lang` where it has one)."""

    measure: str  # name, minority-name, species, properties, monograph, reviewed
    lang: str | None = None
    herbs: int
    total: int

    @property
    def share(self) -> float:
        return self.herbs / self.total if self.total else 0.0


ACTIVE = "herb_id IN (SELECT id FROM herb WHERE retired_on IS NULL)"


def _herbs_with(table: str, where: str = "") -> str:
    """Herbs in use (not retired) with a row in `table` that meets `where`."""
    return f"SELECT count(DISTINCT herb_id) FROM {table} WHERE {ACTIVE}" + (
        f" AND {where}" if where else ""
    )


def completeness(catalogue: Catalogue) -> list[Coverage]:
    """The share of herbs with each kind of name, species, properties, monograph, review."""
    measures: list[tuple[str, str | None, str, dict[str, object]]] = [
        *(("name", lang, _herbs_with("herbname", "lang = :lang"), {"lang": lang})
          for lang in NAME_LANGS),
        ("minority-name", None,
         _herbs_with("herbname", f"lang IN ({', '.join(repr(x) for x in MINORITY_LANGS)})"), {}),
        ("species", None, _herbs_with("herbsource"), {}),
        ("properties", None, _herbs_with("herbproperty", "prop = 'nature'"), {}),
        *(("monograph", lang, _herbs_with("monographsection", "lang = :lang"), {"lang": lang})
          for lang in SECTION_LANGS),
        ("reviewed", None,
         "SELECT count(*) FROM herb WHERE review_status = 'reviewed' AND retired_on IS NULL", {}),
    ]  # fmt: skip
    with catalogue.engine.connect() as conn:
        total = conn.execute(sql("SELECT count(*) FROM herb WHERE retired_on IS NULL")).scalar_one()
        return [
            Coverage(
                measure=measure,
                lang=lang,
                herbs=conn.execute(sql(query), params).scalar_one(),
                total=total,
            )
            for measure, lang, query, params in measures
        ]
