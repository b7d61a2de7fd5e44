"""Field-by-field differences between two states of a herb record, for history and conflicts,
and an edit applied on top of another saved meanwhile (`on_top`).

Every list of sub-records is keyed by its natural key before comparing (a name by language,
a source by its species, a section by section and language), so reordering rows is not a
change and each change is labelled the way a reader names it: `names / vi`,
`sources / Glycyrrhiza uralensis / part`, `sections / dosage / en`. A keyed comparison this
size is shorter than configuring deepdiff to do the same (a key function per list), and adds
no dependency.

Records are compared as their JSON, so a revision stored years ago is still read as it was
written, even if today's validation would refuse it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, JsonValue, ValidationError, computed_field

from herbkb import models
from herbkb.normalize import split_binomial
from herbkb.records import HerbRecord

Path = tuple[str, ...]

# the order fields are shown in, as on a herb page
FIELDS = (
    "slug", "names", "sources", "nature", "flavours", "meridians", "toxicity", "categories",
    "sections", "references", "confusable_with", "review", "provenance", "retired",
)  # fmt: skip


class Change(BaseModel):
    """One field that differs: `old` is None when it was added, `new` when it was removed."""

    path: Path
    kind: Literal["added", "removed", "changed"]
    old: JsonValue = None
    new: JsonValue = None

    @computed_field
    @property
    def label(self) -> str:
        return " / ".join(self.path)


class RevisionChanges(BaseModel):
    """A revision of a herb (who, when, why) and what it changed from the state before it."""

    version: int
    author: str
    at: datetime
    comment: str | None
    changes: list[Change]


def diff(old: HerbRecord | None, new: HerbRecord | None) -> list[Change]:
    """What changed from `old` to `new` (None for a herb not yet added, or gone)."""
    return diff_json(
        old.model_dump(mode="json") if old else None, new.model_dump(mode="json") if new else None
    )


def diff_json(old: dict[str, object] | None, new: dict[str, object] | None) -> list[Change]:
    """`diff` of two records as JSON objects (`HerbRecord.model_dump(mode="json")`)."""
    old, new = old or {}, new or {}
    repeated = _repeated(old, new)
    before, after = _leaves(old, repeated), _leaves(new, repeated)
    paths = list(dict.fromkeys([*after, *before]))
    paths.sort(key=lambda p: FIELDS.index(p[0]) if p[0] in FIELDS else len(FIELDS))
    changes = []
    for path in paths:
        if path not in before:
            changes.append(Change(path=path, kind="added", new=after[path]))
        elif path not in after:
            changes.append(Change(path=path, kind="removed", old=before[path]))
        elif not _same(before[path], after[path]):
            changes.append(Change(path=path, kind="changed", old=before[path], new=after[path]))
    return changes


def on_top(base: HerbRecord, mine: HerbRecord, theirs: HerbRecord) -> tuple[HerbRecord, list[str]]:
    """An editor's changes (from `base`, the version they opened, to `mine`) applied to
    `theirs`, the version someone saved meanwhile: each scalar, and each name, source, section
    or look-alike by its natural key, so edits to different parts of a herb both stay.

    Also returns the labels of what both changed differently; there the editor's value is
    taken, and the form should show it. Whether the herb is retired is theirs.
    """
    b, m, t = (r.model_dump(mode="json") for r in (base, mine, theirs))
    repeated = _repeated(b, m, t)
    merged: dict[str, object] = {}
    clashes: list[str] = []
    for field in t:
        if field in KEYED:
            merged[field] = _keyed_on_top(field, b[field], m[field], t[field], repeated, clashes)
        elif field == "retired" or m[field] == b[field]:
            merged[field] = t[field]
        else:
            merged[field] = m[field]
            if t[field] not in (b[field], m[field]):
                clashes.append(field)
    try:
        return HerbRecord.model_validate(merged), clashes
    except ValidationError:
        # row by row the lists no longer agree (say, two primary Vietnamese names): each list
        # the editor changed is taken whole from their record
        whole = {f: m[f] if m[f] != b[f] and f != "retired" else t[f] for f in t}
        lost = [f for f in KEYED if whole[f] == m[f] and t[f] not in (b[f], m[f])]
        clashes = [c for c in clashes if c.split(" / ")[0] not in lost] + lost
        return HerbRecord.model_validate(whole), clashes


def _keyed_on_top(
    field: str,
    base: list[dict],
    mine: list[dict],
    theirs: list[dict],
    repeated: set[str],
    clashes: list[str],
) -> list[dict]:
    b, m, t = ({_key(field, row, repeated): row for row in rows} for rows in (base, mine, theirs))
    merged = dict(t)  # their order; rows the editor added go after
    for key in dict.fromkeys([*m, *b]):
        if m.get(key) == b.get(key):
            continue
        if t.get(key) not in (b.get(key), m.get(key)):
            clashes.append(f"{field} / {key}")
        if key in m:
            merged[key] = m[key]
        else:
            merged.pop(key, None)
    return list(merged.values())


def revision_changes(revisions: Sequence[models.Revision]) -> list[RevisionChanges]:
    """Each revision with the changes it made (its `before` against its `after`)."""
    return [
        RevisionChanges(
            version=r.version,
            author=r.author,
            at=r.at,
            comment=r.comment,
            changes=diff_json(_loads(r.before), _loads(r.after)),
        )
        for r in revisions
    ]


def _loads(text: str | None) -> dict[str, object] | None:
    return json.loads(text) if text else None


def _same(a: JsonValue, b: JsonValue) -> bool:
    # a list of terms or works is a set to a reader: the same items reordered is no change
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


def _binomial(source: dict[str, object]) -> str:
    return split_binomial(str(source["species"]))[0]


def _repeated(*records: dict[str, object]) -> set[str]:
    """Species that give a herb two parts (椿皮) in any of the records: their part tells their
    sources apart, in every record, so the sources still pair up."""
    return {
        binomial
        for record in records
        for binomial, n in Counter(map(_binomial, record.get("sources", []))).items()
        if n > 1
    }


def _source_key(source: dict[str, object], repeated: set[str]) -> str:
    binomial = _binomial(source)
    return f"{binomial} ({source.get('part')})" if binomial in repeated else binomial


# the lists of sub-records, and the natural key of a row of each
KEYED = ("names", "sources", "sections", "confusable_with")


def _key(field: str, row: dict, repeated: set[str]) -> str:
    if field == "names":
        return f"{row['lang']} / {row['text']}"
    if field == "sources":
        return _source_key(row, repeated)
    if field == "sections":
        return f"{row['section']} / {row['lang']}"
    return row["slug"]


def _leaves(record: dict[str, object], repeated: set[str]) -> dict[Path, JsonValue]:
    """The record as (path of natural keys → value); empty values are left out, so a value
    appearing is an addition and one vanishing a removal."""
    out: dict[Path, JsonValue] = {}

    def put(path: Path, value: JsonValue) -> None:
        if value not in (None, "", []):
            out[path] = value

    for field, value in record.items():
        if field == "names":
            for name in value:
                # a language's primary name is `names / vi`, so renaming it is one change;
                # every other name is keyed by its text and shows its kind
                if name["kind"] == "primary":
                    put(("names", name["lang"]), name["text"])
                else:
                    put(("names", name["lang"], name["text"]), name["kind"])
        elif field == "sources":
            for source in value:
                for part, part_value in source.items():
                    put(("sources", _source_key(source, repeated), part), part_value)
        elif field == "sections":
            for section in value:
                put(("sections", section["section"], section["lang"]), section["text"])
        elif field == "confusable_with":
            for other in value:
                # the look-alike itself is the fact; its note may be empty
                out[("confusable_with", other["slug"])] = other.get("note")
        elif isinstance(value, dict):
            for part, part_value in value.items():
                put((field, part), part_value)
        else:
            put((field,), value)
    return out
