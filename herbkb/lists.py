"""Herb lists: named, ordered selections of herbs (a conference's session list), and turning a
pasted block of names into list items without ever guessing.

A list is stored in `HerbList` / `HerbListItem`; every change writes a `Revision` (entity
"list", with the list as JSON before and after), which is where "who changed it, when" comes
from. Items point at herbs, so an item always shows the herb as it is now. Positions shown to
users and taken by these functions count from 1.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import bindparam, delete, func, insert, update
from sqlmodel import Session, select

from herbkb import models
from herbkb.catalogue import Catalogue
from herbkb.collation import Order, sort_key
from herbkb.db import CatalogueError
from herbkb.normalize import nfc
from herbkb.search import Hit, LookAlike, Match, SearchIndex

ENTITY = "list"
SHOWN = ("vi", "zh-Hans", "zh-Latn-pinyin", "la", "en")  # Herb's denormalised primary names
SortOrder = Literal["list", "vi", "pinyin", "la"]  # "list": the list's own order
ORDER_LANG = {Order.VI: "vi", Order.PINYIN: "zh-Latn-pinyin", Order.LATIN: "la"}


class Safety(BaseModel):
    """What a handout must carry for a herb: its toxicity term and its look-alikes."""

    toxicity: str | None = None  # herbkb.vocab.TOXICITY id
    lookalikes: list[LookAlike] = Field(default_factory=list)

    @property
    def toxic(self) -> bool:
        return self.toxicity not in (None, "none")


class Item(BaseModel):
    position: int  # from 1
    slug: str
    names: dict[str, str]  # the herb's primary names now, by language
    note: str | None = None
    safety: Safety = Safety()
    retired: bool = False


class ListSummary(BaseModel):
    id: int
    title: str
    note: str | None = None
    count: int
    version: int
    created_at: datetime
    changed_at: datetime
    changed_by: str


class HerbListView(ListSummary):
    items: list[Item]

    @property
    def slugs(self) -> list[str]:
        return [i.slug for i in self.items]


class ListChange(BaseModel):
    version: int
    at: datetime
    author: str
    comment: str


class AddResult(BaseModel):
    added: list[str] = Field(default_factory=list)
    already: list[str] = Field(default_factory=list)  # in the list before; left where they were


# --- reading ------------------------------------------------------------------------------------


def all_lists(cat: Catalogue) -> list[ListSummary]:
    """Every list, most recently changed first."""
    with cat.session() as s:
        counts = dict(
            s.exec(
                select(models.HerbListItem.list_id, func.count()).group_by(
                    models.HerbListItem.list_id
                )
            ).all()
        )
        heads = _heads(s)
        summaries = [
            _summary(herb_list, counts.get(herb_list.id, 0), heads.get(herb_list.id))
            for herb_list in s.exec(select(models.HerbList))
        ]
    return sorted(summaries, key=lambda x: x.changed_at, reverse=True)


def get(cat: Catalogue, list_id: int) -> HerbListView:
    with cat.session() as s:
        herb_list = _list(s, list_id)
        found = s.exec(
            select(models.HerbListItem, models.Herb)
            .join(models.Herb, models.Herb.id == models.HerbListItem.herb_id)
            .where(models.HerbListItem.list_id == list_id)
            .order_by(models.HerbListItem.position)
        ).all()
        safety = safety_of(s, [herb.id for _, herb in found])
        items = [
            Item(
                position=n,
                slug=herb.slug,
                names=_names(herb),
                note=item.note,
                safety=safety[herb.id],
                retired=_retired(herb),
            )
            for n, (item, herb) in enumerate(found, start=1)
        ]
        summary = _summary(herb_list, len(items), _heads(s, list_id).get(list_id))
    return HerbListView(**summary.model_dump(), items=items)


def find(cat: Catalogue, id_or_title: str) -> int:
    """A list's id from its title (as written, or ignoring case) or its numeric id."""
    title = nfc(id_or_title).strip()
    with cat.session() as s:
        lists = s.exec(select(models.HerbList)).all()
    for match in (
        lambda x: x.name == title,
        lambda x: x.name.casefold() == title.casefold(),
        lambda x: str(x.id) == title,
    ):
        found = [x.id for x in lists if match(x)]
        if len(found) == 1:
            return found[0]
    known = ", ".join(sorted(f"“{x.name}”" for x in lists)) or "none yet"
    raise CatalogueError(f"no list {id_or_title!r}; lists: {known}")


def history(cat: Catalogue, list_id: int) -> list[ListChange]:
    with cat.session() as s:
        _list(s, list_id)
        return [
            ListChange(version=r.version, at=r.at, author=r.author, comment=r.comment or "")
            for r in s.exec(
                select(models.Revision)
                .where(models.Revision.entity == ENTITY, models.Revision.entity_id == _key(list_id))
                .order_by(models.Revision.id)
            )
        ]


def safety_of(s: Session, herb_ids: Sequence[int]) -> dict[int, Safety]:
    """Toxicity and look-alikes (linked from either side) of each herb."""
    if not herb_ids:
        return {}
    herbs = s.exec(select(models.Herb).where(models.Herb.id.in_(herb_ids))).all()
    slug_of = {h.id: h.slug for h in herbs}
    toxicity = dict(
        s.exec(
            select(models.HerbProperty.herb_id, models.HerbProperty.term).where(
                models.HerbProperty.prop == "toxicity", models.HerbProperty.herb_id.in_(herb_ids)
            )
        ).all()
    )
    slugs = list(slug_of.values())
    links = s.exec(
        select(models.Confusable, models.Herb.slug)
        .join(models.Herb, models.Herb.id == models.Confusable.herb_id)
        .where(models.Confusable.herb_id.in_(herb_ids) | models.Confusable.other_slug.in_(slugs))
    ).all()
    partners: dict[str, dict[str, str | None]] = {slug: {} for slug in slugs}
    for link, owner in sorted(links, key=lambda x: x[0].herb_id not in slug_of):
        # a herb's own note first; the partner's note when only the partner names the pair
        if owner in partners:
            partners[owner].setdefault(link.other_slug, link.note)
        if link.other_slug in partners:
            partners[link.other_slug].setdefault(owner, link.note)
    others = {p for found in partners.values() for p in found}
    names = {
        h.slug: _names(h) for h in s.exec(select(models.Herb).where(models.Herb.slug.in_(others)))
    }
    return {
        herb_id: Safety(
            toxicity=toxicity.get(herb_id),
            lookalikes=[
                LookAlike(slug=other, names=names.get(other, {}), note=note)
                for other, note in partners[slug].items()
            ],
        )
        for herb_id, slug in slug_of.items()
    }


# --- writing ------------------------------------------------------------------------------------


def create(cat: Catalogue, title: str, *, author: str, note: str | None = None) -> int:
    with cat.writing() as s:
        _begin(s, author)
        title = _title(s, title)
        list_id = s.scalar(
            insert(models.HerbList).returning(models.HerbList.id),
            [{"name": title, "description": _note(note), "created_at": models.utcnow()}],
        )
        _record(s, list_id, author, "created", None)
        s.commit()
        return list_id


def rename(cat: Catalogue, list_id: int, title: str, *, author: str) -> None:
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        s.execute(
            update(models.HerbList)
            .where(models.HerbList.id == list_id)
            .values(name=_title(s, title, list_id))
        )
        _record(s, list_id, author, f"renamed from “{before['title']}”", before)
        s.commit()


def set_note(cat: Catalogue, list_id: int, note: str | None, *, author: str) -> None:
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        s.execute(
            update(models.HerbList)
            .where(models.HerbList.id == list_id)
            .values(description=_note(note))
        )
        _record(s, list_id, author, "note changed", before)
        s.commit()


def copy(cat: Catalogue, list_id: int, title: str, *, author: str) -> int:
    """A new list with the same items, notes and order."""
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        new_id = s.scalar(
            insert(models.HerbList).returning(models.HerbList.id),
            [
                {
                    "name": _title(s, title),
                    "description": before["note"],
                    "created_at": models.utcnow(),
                }
            ],
        )
        items = s.exec(
            select(models.HerbListItem).where(models.HerbListItem.list_id == list_id)
        ).all()
        if items:
            s.execute(
                insert(models.HerbListItem),
                [
                    {
                        "list_id": new_id,
                        "herb_id": i.herb_id,
                        "position": i.position,
                        "note": i.note,
                    }
                    for i in items
                ],
            )
        _record(s, new_id, author, f"copied from “{before['title']}”", None)
        s.commit()
        return new_id


def delete_list(cat: Catalogue, list_id: int, *, author: str) -> None:
    """Delete a list; its last state stays in its history (the deleting revision's before)."""
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        s.execute(delete(models.HerbListItem).where(models.HerbListItem.list_id == list_id))
        s.execute(delete(models.HerbList).where(models.HerbList.id == list_id))
        _record(s, list_id, author, "deleted", before, after=None)
        s.commit()


def add(cat: Catalogue, list_id: int, slugs: Iterable[str], *, author: str) -> AddResult:
    """Append herbs in the order given; herbs already in the list stay where they are.

    An unknown slug refuses the whole call, naming it, and adds nothing.
    """
    wanted = list(dict.fromkeys(slugs))
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        ids = _herb_ids(s, wanted)
        present = set(
            s.exec(
                select(models.HerbListItem.herb_id).where(models.HerbListItem.list_id == list_id)
            )
        )
        result = AddResult(
            added=[x for x in wanted if ids[x] not in present],
            already=[x for x in wanted if ids[x] in present],
        )
        if result.added:
            s.execute(
                insert(models.HerbListItem),
                [
                    {"list_id": list_id, "herb_id": ids[x], "position": len(present) + n}
                    for n, x in enumerate(result.added)
                ],
            )
            _record(s, list_id, author, f"added {', '.join(result.added)}", before)
            s.commit()
    return result


def remove(cat: Catalogue, list_id: int, slugs: Iterable[str], *, author: str) -> None:
    gone = list(dict.fromkeys(slugs))
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        _in_list(before, gone)
        order = [x for x in _slugs(before) if x not in gone]
        s.execute(
            delete(models.HerbListItem).where(
                models.HerbListItem.list_id == list_id,
                models.HerbListItem.herb_id.in_(_herb_ids(s, gone).values()),
            )
        )
        _write_order(s, list_id, order)
        _record(s, list_id, author, f"removed {', '.join(gone)}", before)
        s.commit()


def move(cat: Catalogue, list_id: int, slug: str, position: int, *, author: str) -> None:
    """Put one herb at `position` (from 1; past the end means last)."""
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        _in_list(before, [slug])
        order = [x for x in _slugs(before) if x != slug]
        order.insert(max(position, 1) - 1, slug)
        _write_order(s, list_id, order)
        _record(s, list_id, author, f"moved {slug} to {min(max(position, 1), len(order))}", before)
        s.commit()


def reorder(cat: Catalogue, list_id: int, slugs: Sequence[str], *, author: str) -> None:
    """Set the whole order. `slugs` must be exactly the list's herbs: if someone added or
    removed one meanwhile, this is refused rather than losing their change."""
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        current = _slugs(before)
        if sorted(slugs) != sorted(current) or len(set(slugs)) != len(slugs):
            missing = sorted(set(current) - set(slugs))
            extra = sorted(set(slugs) - set(current))
            raise CatalogueError(
                f"list “{before['title']}” has changed: the new order must hold its herbs once "
                f"each (missing: {', '.join(missing) or 'none'}; not in the list: "
                f"{', '.join(extra) or 'none'}); reload the list"
            )
        _write_order(s, list_id, list(slugs))
        _record(s, list_id, author, "reordered by hand", before)
        s.commit()


def sort(cat: Catalogue, list_id: int, order: SortOrder, *, author: str) -> None:
    """Store the list in a sort order (Vietnamese, pinyin or Latin)."""
    view = get(cat, list_id)
    sorted_items = sort_items(view.items, order)
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        if _slugs(before) != view.slugs:
            raise CatalogueError(f"list “{before['title']}” changed while sorting; try again")
        _write_order(s, list_id, [i.slug for i in sorted_items])
        _record(s, list_id, author, f"sorted by {order}", before)
        s.commit()


def set_item_note(
    cat: Catalogue, list_id: int, slug: str, note: str | None, *, author: str
) -> None:
    """A note on one item of the list ("sample on table 3"); empty clears it."""
    with cat.writing() as s:
        before = _open_for_write(s, list_id, author)
        _in_list(before, [slug])
        s.execute(
            update(models.HerbListItem)
            .where(
                models.HerbListItem.list_id == list_id,
                models.HerbListItem.herb_id == _herb_ids(s, [slug])[slug],
            )
            .values(note=_note(note))
        )
        _record(s, list_id, author, f"note on {slug}", before)
        s.commit()


# --- sort orders ----------------------------------------------------------------------------------


def sort_items(items: Sequence[Item], order: SortOrder) -> list[Item]:
    """Items in a sort order; herbs without a name in that order's language go last, in list
    order. "list" keeps the list's own order."""
    if order == "list":
        return sorted(items, key=lambda i: i.position)
    lang = ORDER_LANG[Order(order)]
    return sorted(items, key=lambda i: (sort_key(Order(order), i.names.get(lang)), i.position))


# --- pasted names -------------------------------------------------------------------------------

Status = Literal["sure", "choose", "unknown"]
# why a line resolved as it did, for a reader in any language: one herb has the name; two or
# more share it; its one herb has a look-alike; only partial or fuzzy matches; nothing
Cause = Literal["named", "shared", "lookalike", "weak", "none"]
# a bullet or number a pasted list often carries: "1. ", "2) ", "- ", "• "
_MARKER = re.compile(r"^\s*(?:[-*•·]|\d{1,4}[.)])\s+")
STRONG = ("exact", "folded")
RESOLVE_LIMIT = 8


class Candidate(BaseModel):
    """A herb a pasted line may mean, with what a chooser needs to see (as a search hit has)."""

    slug: str
    names: dict[str, str]
    why: str  # which name matched and how, or which herb it is mistaken for
    match: str  # exact, folded, prefix, fuzzy, lookalike
    matched: Match  # the name that matched, or for a look-alike the herb it is mistaken for
    toxicity: str | None = None
    lookalikes: list[LookAlike] = Field(default_factory=list)


class PastedLine(BaseModel):
    """One non-empty pasted line, echoed, and what it resolved to (GBIF-style)."""

    line: int  # from 1, counting blank lines, so it points into what was pasted
    input: str  # the line as pasted
    query: str  # what was searched (list markers and spaces trimmed)
    status: Status
    cause: Cause
    reason: str
    candidates: list[Candidate] = Field(default_factory=list)
    duplicate_of: int | None = None  # an earlier line that resolved surely to the same herb

    @property
    def slug(self) -> str | None:
        """The herb, when the line resolved surely."""
        return self.candidates[0].slug if self.status == "sure" else None


def resolve(cat: Catalogue, text: str) -> list[PastedLine]:
    """Resolve each non-empty line of `text` with search. A line is "sure" only when exactly
    one herb has that name and it has no look-alike; two herbs sharing the name, a look-alike
    pair, or only a partial or fuzzy match are "choose"; no match is "unknown"."""
    index = cat.index()
    out: list[PastedLine] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        query = " ".join(_MARKER.sub("", raw).split()).strip(",;")
        if not query:
            continue
        hits = index.search(query, limit=RESOLVE_LIMIT)
        resolved = _resolve_hits(number, raw, query, hits, index)
        if resolved.slug is not None:
            resolved.duplicate_of = first_line.setdefault(resolved.slug, number)
            if resolved.duplicate_of == number:
                resolved.duplicate_of = None
        out.append(resolved)
    return out


def _resolve_hits(
    number: int, raw: str, query: str, hits: list[Hit], index: SearchIndex
) -> PastedLine:
    line = {"line": number, "input": raw, "query": query}
    if not hits:
        return PastedLine(**line, status="unknown", cause="none", reason="no herb has this name")
    exact = [h for h in hits if h.matched.kind == "exact"]
    strong = exact or [h for h in hits if h.matched.kind == "folded"]
    if not strong:
        candidates = [_candidate(h) for h in hits if h.matched.kind != "confusable"]
        return PastedLine(
            **line,
            status="choose",
            cause="weak",
            reason="no herb has exactly this name; the closest names are offered",
            candidates=candidates or [_candidate(h) for h in hits],
        )
    candidates = [_candidate(h) for h in strong]
    chosen = {h.slug for h in strong}
    partners: list[Candidate] = []
    for hit in strong:
        for other in index.lookalikes(hit.herb_id):
            partner = index.by_slug.get(other.slug)  # None: retired, or not in the catalogue
            if partner is not None and other.slug not in chosen:
                chosen.add(other.slug)
                partners.append(_partner(index, partner, other, hit))
    candidates += partners
    if len(strong) > 1:
        cause, reason = "shared", f"{len(strong)} herbs share this name"
    elif partners:
        cause, reason = (
            "lookalike",
            "it has a look-alike: "
            + ", ".join(" · ".join(p.names.values()) or p.slug for p in partners),
        )
    else:
        return PastedLine(
            **line, status="sure", cause="named", reason=candidates[0].why, candidates=candidates
        )
    return PastedLine(**line, status="choose", cause=cause, reason=reason, candidates=candidates)


def _candidate(hit: Hit) -> Candidate:
    kind = "lookalike" if hit.matched.kind == "confusable" else hit.matched.kind
    return Candidate(
        slug=hit.slug,
        names=hit.names,
        why=hit.matched.explain,
        match=kind,
        matched=hit.matched,
        toxicity=hit.toxicity,
        lookalikes=hit.lookalikes,
    )


def _partner(index: SearchIndex, herb_id: int, other: LookAlike, beside: Hit) -> Candidate:
    name = next(iter(beside.names.values()), beside.slug)
    note = f": {other.note}" if other.note else ""
    why = f"look-alike of “{name}”{note}"
    return Candidate(
        slug=other.slug,
        names=other.names,
        why=why,
        match="lookalike",
        matched=Match(text=name, lang=beside.matched.lang, kind="confusable", explain=why),
        toxicity=next(iter(index.facets_of(herb_id).get("toxicity", ())), None),
        lookalikes=index.lookalikes(herb_id),
    )


# --- helpers ------------------------------------------------------------------------------------


def _key(list_id: int) -> str:
    # a colon is never in a herb slug, so list and herb revisions cannot share an entity_id
    return f"list:{list_id}"


def _names(herb: models.Herb) -> dict[str, str]:
    shown = (herb.name_vi, herb.name_zh, herb.name_pinyin, herb.name_la, herb.name_en)
    return {lang: text for lang, text in zip(SHOWN, shown, strict=True) if text}


def _retired(herb: models.Herb) -> bool:
    # `Herb.retired_on` comes with retiring herbs (catalogue.retire), built beside this module;
    # a catalogue without the column has no retired herbs
    return getattr(herb, "retired_on", None) is not None


def _heads(s: Session, list_id: int | None = None) -> dict[int, models.Revision]:
    """The latest revision of each list (or of one list)."""
    latest = select(func.max(models.Revision.id)).where(models.Revision.entity == ENTITY)
    if list_id is not None:
        latest = latest.where(models.Revision.entity_id == _key(list_id))
    else:
        # a range of the entity_id index (`list:1`, `list:2`…), not a scan of every herb's
        # revisions: 60 ms on each Browse page at 50,000 herbs
        ids = models.Revision.entity_id
        latest = latest.where(ids >= "list:", ids < "list;").group_by(ids)
    revisions = s.exec(select(models.Revision).where(models.Revision.id.in_(latest))).all()
    return {int(r.entity_id.removeprefix("list:")): r for r in revisions}


def _summary(herb_list: models.HerbList, count: int, head: models.Revision | None) -> ListSummary:
    # a list always has revisions when made through this module; one made otherwise shows its
    # creation time and no author rather than failing
    return ListSummary(
        id=herb_list.id,
        title=herb_list.name,
        note=herb_list.description,
        count=count,
        version=head.version if head else 0,
        created_at=herb_list.created_at,
        changed_at=head.at if head else herb_list.created_at,
        changed_by=head.author if head else "",
    )


def _list(s: Session, list_id: int) -> models.HerbList:
    herb_list = s.get(models.HerbList, list_id)
    if herb_list is None:
        raise CatalogueError(f"no list with id {list_id}")
    return herb_list


def _begin(s: Session, author: str) -> None:
    if not author.strip():
        raise CatalogueError("every change is attributed: give an author")


def _open_for_write(s: Session, list_id: int, author: str) -> dict[str, object]:
    """Check the author and read the list as it is (the revision's `before`)."""
    _begin(s, author)
    return _snapshot(s, list_id)


def _snapshot(s: Session, list_id: int) -> dict[str, object]:
    herb_list = _list(s, list_id)
    items = s.exec(
        select(models.Herb.slug, models.HerbListItem.note)
        .join(models.Herb, models.Herb.id == models.HerbListItem.herb_id)
        .where(models.HerbListItem.list_id == list_id)
        .order_by(models.HerbListItem.position)
    ).all()
    return {
        "title": herb_list.name,
        "note": herb_list.description,
        "items": [{"slug": slug, "note": note} for slug, note in items],
    }


_UNSET: dict[str, object] = {}


def _record(
    s: Session,
    list_id: int,
    author: str,
    comment: str,
    before: dict[str, object] | None,
    after: dict[str, object] | None = _UNSET,
) -> None:
    s.flush()
    if after is _UNSET:
        after = _snapshot(s, list_id)
    version = (
        s.scalar(
            select(func.max(models.Revision.version)).where(
                models.Revision.entity == ENTITY, models.Revision.entity_id == _key(list_id)
            )
        )
        or 0
    ) + 1
    s.execute(
        insert(models.Revision),
        [
            {
                "entity": ENTITY,
                "entity_id": _key(list_id),
                "version": version,
                "author": author,
                "at": models.utcnow(),
                "comment": comment,
                "before": None if before is None else json.dumps(before, ensure_ascii=False),
                "after": None if after is None else json.dumps(after, ensure_ascii=False),
            }
        ],
    )


def _title(s: Session, title: str, list_id: int | None = None) -> str:
    title = " ".join(nfc(title).split())
    if not title:
        raise CatalogueError("a list needs a title")
    taken = s.exec(select(models.HerbList.id).where(models.HerbList.name == title)).first()
    if taken is not None and taken != list_id:
        raise CatalogueError(f"a list named “{title}” already exists; choose another title")
    return title


def _note(note: str | None) -> str | None:
    return nfc(note).strip() or None if note else None


def _slugs(snapshot: dict[str, object]) -> list[str]:
    return [i["slug"] for i in snapshot["items"]]


def _in_list(snapshot: dict[str, object], slugs: Iterable[str]) -> None:
    missing = [x for x in slugs if x not in _slugs(snapshot)]
    if missing:
        raise CatalogueError(f"not in list “{snapshot['title']}”: {', '.join(missing)}")


def _herb_ids(s: Session, slugs: Sequence[str]) -> dict[str, int]:
    found = dict(
        s.exec(select(models.Herb.slug, models.Herb.id).where(models.Herb.slug.in_(slugs))).all()
    )
    missing = [x for x in slugs if x not in found]
    if missing:
        raise CatalogueError(f"no herb {', '.join(repr(x) for x in missing)} in the catalogue")
    return found


def _write_order(s: Session, list_id: int, slugs: Sequence[str]) -> None:
    if not slugs:
        return
    ids = _herb_ids(s, slugs)
    s.connection().execute(
        update(models.HerbListItem)
        .where(
            models.HerbListItem.list_id == list_id,
            models.HerbListItem.herb_id == bindparam("herb"),
        )
        .values(position=bindparam("at")),
        [{"herb": ids[slug], "at": position} for position, slug in enumerate(slugs)],
    )
