"""What an editor's form needs from the core: a slug for a new herb, names proposed from its
Chinese name, and the loaders' gate (`HerbRecord`, then the `herbkb check` rules) with every
problem placed on the field it is about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field, ValidationError

from herbkb.check import check_herb
from herbkb.normalize import fold, hanviet_of, has_han, pinyin_of, traditional_of
from herbkb.records import HerbRecord

if TYPE_CHECKING:
    from herbkb.catalogue import Catalogue


class Proposal(BaseModel):
    """A name worked out from another, offered to the editor and written only if accepted."""

    text: str
    lang: str
    kind: str = "primary"
    source: str  # the name it was worked out from


def proposals(names: Sequence[Mapping[str, str]]) -> list[Proposal]:
    """Pinyin, traditional Chinese and the Hán-Việt reading of the primary simplified name,
    each only where the record lacks it."""
    simplified = next(
        (n["text"] for n in names if n["lang"] == "zh-Hans" and n.get("kind") == "primary"),
        next((n["text"] for n in names if n["lang"] == "zh-Hans"), None),
    )
    if not simplified or not has_han(simplified):  # "Gancao" typed in the Chinese row
        return []
    have = {(n["lang"], fold(n["text"])) for n in names}
    offered = [
        Proposal(text=pinyin_of(simplified), lang="zh-Latn-pinyin", source=simplified),
        Proposal(text=traditional_of(simplified), lang="zh-Hant", source=simplified),
        Proposal(text=hanviet_of(simplified).capitalize(), lang="vi", kind="hanviet",
                 source=simplified),
    ]  # fmt: skip
    langs = {n["lang"] for n in names}
    return [
        p
        for p in offered
        if (p.lang, fold(p.text)) not in have and (p.lang == "vi" or p.lang not in langs)
    ]


class Problem(BaseModel):
    field: str  # a HerbRecord field (names, sources, sections…), or `record`
    level: Literal["error", "warning"]
    message: str  # in English: `where: sentence`
    where: str = ""  # inside the field: `0.text`, the first row's name
    code: str = ""  # records.MESSAGES or check.MESSAGES (or pydantic's own), for the app to word
    values: dict[str, str] = Field(default_factory=dict)


class Checked(BaseModel):
    """A form's data through the gate: the record when it passes, and every problem found."""

    record: HerbRecord | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


def check_form(data: Mapping[str, object], catalogue: Catalogue) -> Checked:
    """Validate a herb as the loaders do; nothing is saved until `errors` is empty."""
    try:
        record = HerbRecord.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = [str(p) for p in err["loc"]]
            where = ".".join(loc[1:])
            message = err["msg"].removeprefix("Value error, ")
            problems.append(
                Problem(
                    field=loc[0] if loc else "record",
                    level="error",
                    message=f"{where}: {message}" if where else message,
                    where=where,
                    code=err["type"],
                    values={k: str(v) for k, v in err.get("ctx", {}).items()},
                )
            )
        return Checked(record=None, problems=problems)
    findings = check_herb(
        record, set(catalogue.references()), set(catalogue.slugs(include_retired=True))
    )
    return Checked(
        record=record,
        problems=[
            Problem(
                field=f.field or "record",
                level=f.level,
                message=f.message,
                code=f.code,
                values=f.values,
            )
            for f in findings
        ],
    )
