"""Field-by-field differences between two states of a herb record, for history and conflicts.

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

from pydantic import BaseModel, JsonValue, computed_field

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
    # one plant may give two herb parts (椿皮): then the part tells its sources apart, in both
    # records, so the sources still pair up
    repeated = {
        binomial
        for record in (old, new)
        for binomial, n in Counter(map(_binomial, record.get("sources", []))).items()
        if n > 1
    }
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
                binomial = _binomial(source)
                key = f"{binomial} ({source.get('part')})" if binomial in repeated else binomial
                for part, part_value in source.items():
                    put(("sources", key, part), part_value)
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
