"""`herbkb list …`: build herb lists and export them (the Python API is herbkb.lists)."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import ValidationError

from herbkb import lists
from herbkb.catalogue import Catalogue
from herbkb.cli_common import DbOption, JsonOption, fail, open_catalogue, print_json
from herbkb.db import CatalogueError
from herbkb.records import validation_messages

T = TypeVar("T")

lists_app = typer.Typer(
    help="Herb lists for conferences: build a list, export trilingual glossaries.",
    no_args_is_help=True,
)

ListArg = Annotated[str, typer.Argument(help="The list's title (or its number).")]
AuthorOption = Annotated[
    str | None, typer.Option(help="Who is changing the list [default: your user name].")
]


def _author(author: str | None) -> str:
    return author or getpass.getuser()


def _list(cat: Catalogue, title: str) -> int:
    try:
        return lists.find(cat, title)
    except CatalogueError as exc:
        raise fail(str(exc)) from exc


def _do(action: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run a list operation; a refusal is a message, not a traceback."""
    try:
        return action(*args, **kwargs)
    except CatalogueError as exc:
        raise fail(str(exc)) from exc


def _change(
    db: str | None, title: str, action: Callable[..., T], *args: object, author: str | None
) -> T:
    """Change the list titled `title` with `action(cat, list_id, *args, author=…)`."""
    cat = open_catalogue(db)
    return _do(action, cat, _list(cat, title), *args, author=_author(author))


@lists_app.command("ls")
def ls(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every list: title, number of herbs, last change."""
    found = lists.all_lists(open_catalogue(db))
    if as_json:
        print_json([x.model_dump(mode="json") for x in found])
        return
    for x in found:
        when = x.changed_at.isoformat(timespec="minutes")
        typer.echo(f"{x.id:>3}  {x.title}  ({x.count} herbs; {when} by {x.changed_by})")


@lists_app.command()
def create(
    title: Annotated[str, typer.Argument(help="Title of the new list.")],
    note: Annotated[str | None, typer.Option(help="A note on the list.")] = None,
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Create an empty list."""
    list_id = _do(lists.create, open_catalogue(db), title, note=note, author=_author(author))
    typer.echo(f"created list {list_id}: {title}")


@lists_app.command()
def add(
    title: ListArg,
    slugs: Annotated[list[str], typer.Argument(help="Herb slugs (as `herbkb search` shows).")],
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Add herbs by slug, at the end, in the order given."""
    result = _change(db, title, lists.add, slugs, author=author)
    typer.echo(f"added {len(result.added)}; already in the list: {len(result.already)}")


@lists_app.command()
def paste(
    title: ListArg,
    source: Annotated[
        Path, typer.Argument(help="File of names, one a line, any encoding ('-': standard input).")
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Resolve only; add nothing.")] = False,
    db: DbOption = None,
    author: AuthorOption = None,
    as_json: JsonOption = False,
) -> None:
    """Resolve pasted names, one a line, in any language: add the sure ones, and show the
    others with their candidates (add your choice with `herbkb list add`)."""
    cat = open_catalogue(db)
    list_id = _list(cat, title)
    from loaders.encoding import EncodingError, detect

    try:
        # a delegate's file may be UTF-16 (Notepad) or Windows-1258: read it as the loaders do
        text = sys.stdin.read() if str(source) == "-" else source.read_text(detect(source))
    except (OSError, UnicodeDecodeError, EncodingError) as exc:
        raise fail(f"{source}: cannot be read as text ({exc})") from exc
    resolved = lists.resolve(cat, text)
    sure = [r.slug for r in resolved if r.slug]
    added = (
        lists.AddResult() if dry_run else _do(lists.add, cat, list_id, sure, author=_author(author))
    )
    if as_json:
        print_json(
            {
                "added": added.added,
                "already": added.already,
                "lines": [r.model_dump() for r in resolved],
            }
        )
        return
    for r in resolved:
        if r.status == "sure":
            again = f" (same herb as line {r.duplicate_of})" if r.duplicate_of else ""
            typer.echo(f"line {r.line}: sure  {r.input.strip()} → {r.slug}{again}")
            continue
        typer.echo(f"line {r.line}: {r.status.upper()}  {r.input.strip()}: {r.reason}")
        for c in r.candidates:
            typer.echo(f"    {c.slug:24} {' · '.join(c.names.values())}  [{c.why}]")
    counts = {s: sum(r.status == s for r in resolved) for s in ("sure", "choose", "unknown")}
    state = "dry run, nothing added" if dry_run else f"{len(added.added)} added"
    summary = f"{counts['sure']} sure, {counts['choose']} to choose, {counts['unknown']} unknown"
    typer.echo(f"{summary} ({state})")


@lists_app.command()
def show(title: ListArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """A list's herbs in order, with notes and warnings."""
    cat = open_catalogue(db)
    view = lists.get(cat, _list(cat, title))
    if as_json:
        print_json(view.model_dump(mode="json"))
        return
    when = view.changed_at.isoformat(timespec="minutes")
    typer.echo(f"{view.title}  ({view.count} herbs; v{view.version}, {when} by {view.changed_by})")
    if view.note:
        typer.echo(view.note)
    for item in view.items:
        retired = " [RETIRED]" if item.retired else ""
        typer.echo(f"{item.position:>4}. {item.slug:24} {' · '.join(item.names.values())}{retired}")
        if item.note:
            typer.echo(f"{'':30} note: {item.note}")
        if item.safety.toxic:
            typer.echo(f"{'':30} ⚠ toxicity: {item.safety.toxicity}")
        for other in item.safety.lookalikes:
            typer.echo(f"{'':30} ⚠ look-alike: {other.slug}")


@lists_app.command()
def export(
    title: ListArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="xlsx, csv, json, md or html [default: from -o's suffix]."),
    ] = None,
    langs: Annotated[
        str,
        typer.Option(
            help="Name columns, comma-separated: vi, zh-Hans, zh-Hant, zh-Latn-pinyin, "
            "la, en, tyz, nut, ium, hmn, za."
        ),
    ] = "vi,zh-Hans,zh-Latn-pinyin,la",
    species: Annotated[bool, typer.Option(help="Source species with authority and family.")] = True,
    props: Annotated[
        str, typer.Option(help="Properties: nature, flavour, meridian, toxicity, category, part.")
    ] = "nature,flavour,meridian",
    sections: Annotated[
        str, typer.Option(help="Monograph sections: actions, indications, dosage, … ")
    ] = "",
    section_langs: Annotated[
        str, typer.Option(help="Languages of those sections: vi, zh-Hans, en.")
    ] = "vi",
    header: Annotated[
        str, typer.Option(help="Language of the headers and labels: vi, zh, en.")
    ] = "vi",
    sort: Annotated[str, typer.Option(help="list (its own order), vi, pinyin or la.")] = "list",
    warnings: Annotated[
        bool, typer.Option(help="Toxicity and look-alike warnings (turn off only on purpose).")
    ] = True,
    notes: Annotated[bool, typer.Option(help="The list's notes on its herbs.")] = True,
    layout: Annotated[str, typer.Option(help="Print HTML: table or cards.")] = "table",
    db: DbOption = None,
) -> None:
    """Export a list: XLSX, CSV (UTF-8 with BOM), JSON (loads back), Markdown, print HTML."""
    from herbkb.export import FORMATS, ExportOptions, list_table, write_list

    fmt = (fmt or output.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise fail(f"--format: one of {', '.join(FORMATS)} (or an -o file ending in one)")
    if output.exists():
        raise fail(f"{output}: already exists; choose a new file")

    def split(value: str) -> list[str]:
        return [v.strip() for v in value.split(",") if v.strip()]

    try:
        options = ExportOptions(
            names=split(langs), species=species, properties=split(props),
            sections=split(sections), section_langs=split(section_langs), header=header,
            sort=sort, warnings=warnings, notes=notes, layout=layout,
        )  # fmt: skip
    except ValidationError as exc:
        raise fail("; ".join(validation_messages(exc))) from exc
    cat = open_catalogue(db)
    table = list_table(cat, _list(cat, title), options)
    write_list(table, fmt, output)
    typer.echo(f"exported {len(table.items)} herbs of “{table.title}” → {output}")


@lists_app.command()
def remove(
    title: ListArg,
    slugs: Annotated[list[str], typer.Argument(help="Herb slugs to take out.")],
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Take herbs out of a list."""
    _change(db, title, lists.remove, slugs, author=author)
    typer.echo(f"removed {len(slugs)}")


@lists_app.command()
def move(
    title: ListArg,
    slug: Annotated[str, typer.Argument(help="The herb to move.")],
    position: Annotated[int, typer.Argument(help="Its new position, from 1.", min=1)],
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Move one herb to a position in the list."""
    _change(db, title, lists.move, slug, position, author=author)
    typer.echo(f"moved {slug} to {position}")


@lists_app.command(name="sort")
def sort_cmd(
    title: ListArg,
    order: Annotated[str, typer.Argument(help="vi, pinyin or la.")],
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Store the list in Vietnamese dictionary, pinyin or Latin order."""
    if order not in ("vi", "pinyin", "la"):
        raise fail("ORDER is vi, pinyin or la")
    _change(db, title, lists.sort, order, author=author)
    typer.echo(f"sorted by {order}")


@lists_app.command()
def note(
    title: ListArg,
    text: Annotated[str, typer.Argument(help="The note ('' clears it).")],
    slug: Annotated[
        str | None, typer.Option("--herb", help="Note this herb of the list, not the list.")
    ] = None,
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Set the list's note, or with --herb the note on one of its herbs."""
    if slug is None:
        _change(db, title, lists.set_note, text, author=author)
    else:
        _change(db, title, lists.set_item_note, slug, text, author=author)
    typer.echo("note saved")


@lists_app.command()
def rename(
    title: ListArg,
    new_title: Annotated[str, typer.Argument(help="The new title.")],
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Give a list a new title."""
    _change(db, title, lists.rename, new_title, author=author)
    typer.echo(f"renamed → {new_title}")


@lists_app.command(name="copy")
def copy_cmd(
    title: ListArg,
    new_title: Annotated[str, typer.Argument(help="Title of the copy.")],
    db: DbOption = None,
    author: AuthorOption = None,
) -> None:
    """Copy a list (herbs, notes and order) under a new title."""
    list_id = _change(db, title, lists.copy, new_title, author=author)
    typer.echo(f"copied → list {list_id}: {new_title}")


@lists_app.command()
def delete(title: ListArg, db: DbOption = None, author: AuthorOption = None) -> None:
    """Delete a list (its history keeps what it held)."""
    _change(db, title, lists.delete_list, author=author)
    typer.echo(f"deleted {title}")


@lists_app.command()
def history(title: ListArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Who changed a list, when, and how."""
    cat = open_catalogue(db)
    changes = lists.history(cat, _list(cat, title))
    if as_json:
        print_json([c.model_dump(mode="json") for c in changes])
        return
    for c in changes:
        typer.echo(f"v{c.version:<3} {c.at.isoformat(timespec='seconds')}  {c.author}: {c.comment}")
