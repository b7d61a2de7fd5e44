"""The whole catalogue out, losslessly: JSON, and an XLSX workbook of one sheet per table.

Both load back into an empty catalogue as the same herbs (`herbkb load`). Spreadsheet cells
never start a formula: a cell beginning with = + - @ is written with a leading apostrophe.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from herbkb.catalogue import Catalogue

FORMAT = "herbkb"
VERSION = 1
FORMULA_START = ("=", "+", "-", "@")
COLUMNS = {
    "herbs": (
        "slug", "nature", "flavours", "meridians", "toxicity", "categories", "references",
        "review_status", "reviewed_by", "reviewed_on", "review_reference", "provenance",
    ),
    "names": ("slug", "text", "lang", "kind"),
    "sources": ("slug", "species", "family", "part", "synonyms"),
    "sections": ("slug", "section", "lang", "text"),
    "confusables": ("slug", "other", "note"),
    "references": ("key", "citation"),
}  # fmt: skip
SHEETS = tuple(COLUMNS)
LIST_SEPARATOR = "\n"


def to_json(cat: Catalogue) -> dict[str, object]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "references": cat.references(),
        "herbs": [r.model_dump(mode="json") for r in cat.records()],
    }


def write_json(cat: Catalogue, path: Path) -> None:
    path.write_text(json.dumps(to_json(cat), ensure_ascii=False, indent=1), encoding="utf-8")


def safe_cell(value: object) -> object:
    """A value a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def tables(cat: Catalogue) -> dict[str, pd.DataFrame]:
    """One DataFrame per sheet of the workbook export."""
    rows: dict[str, list[dict[str, object]]] = {sheet: [] for sheet in SHEETS}
    for r in cat.records():
        rows["herbs"].append(
            {
                "slug": r.slug,
                "nature": r.nature,
                "flavours": LIST_SEPARATOR.join(r.flavours),
                "meridians": LIST_SEPARATOR.join(r.meridians),
                "toxicity": r.toxicity,
                "categories": LIST_SEPARATOR.join(r.categories),
                "references": LIST_SEPARATOR.join(r.references),
                "review_status": r.review.status,
                "reviewed_by": r.review.by,
                "reviewed_on": r.review.on.isoformat() if r.review.on else None,
                "review_reference": r.review.reference,
                "provenance": r.provenance,
            }
        )
        rows["names"] += [{"slug": r.slug, **n.model_dump()} for n in r.names]
        rows["sources"] += [
            {**s.model_dump(), "slug": r.slug, "synonyms": LIST_SEPARATOR.join(s.synonyms)}
            for s in r.sources
        ]
        rows["sections"] += [{"slug": r.slug, **s.model_dump()} for s in r.sections]
        rows["confusables"] += [
            {"slug": r.slug, "other": c.slug, "note": c.note} for c in r.confusable_with
        ]
    rows["references"] = [{"key": k, "citation": v} for k, v in cat.references().items()]
    return {sheet: pd.DataFrame(rows[sheet], columns=COLUMNS[sheet]) for sheet in SHEETS}


def write_xlsx(cat: Catalogue, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for sheet, frame in tables(cat).items():
            frame.map(safe_cell).to_excel(writer, sheet_name=sheet, index=False)
