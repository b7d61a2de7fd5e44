"""The `herbkb` command. Database from --db, else $HERBKB_DB, else ./herbkb.db."""

from __future__ import annotations

import getpass
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from herbkb import vocab
from herbkb.catalogue import Catalogue
from herbkb.cli_common import DbOption, JsonOption
from herbkb.cli_common import db_path as _db
from herbkb.cli_common import fail as _fail
from herbkb.cli_common import open_catalogue as _open
from herbkb.cli_common import print_json as _print_json
from herbkb.cli_lists import lists_app
from herbkb.db import CatalogueError, backup, sqlite_path, to_url
from herbkb.importer import ImportCancelled, ImportReport
from herbkb.normalize import DATA_DIR
from herbkb.records import HerbRecord
from herbkb.search import Hit

if TYPE_CHECKING:
    from loaders import Loaded

BUNDLED_HERBS = DATA_DIR / "herbs"

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(lists_app, name="list")

IdOrName = Annotated[str, typer.Argument(help="Slug, numeric id, or a name.")]


def _find(cat: Catalogue, id_or_name: str) -> HerbRecord:
    try:
        return cat.find(id_or_name)
    except CatalogueError as exc:
        raise _fail(str(exc)) from exc


def _version(asked: bool) -> None:
    if asked:
        typer.echo(f"herbkb {version('herbkb')}")
        raise typer.Exit


@app.callback()
def main(
    _: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and stop."
        ),
    ] = False,
) -> None:
    """HerbKB: a trilingual herb catalogue (Vietnamese · 中文 · Latin)."""


@app.command()
def init(
    db: DbOption = None,
    with_bundled: Annotated[
        bool,
        typer.Option(
            "--with-bundled", help="Load the herbs that come with HerbKB (reloading changes none)."
        ),
    ] = False,
) -> None:
    """Create a catalogue, empty or with the bundled herbs (an existing one is left as it is)."""
    cat = _open(db, create=True)
    if with_bundled:
        from loaders import load_paths

        loaded = load_paths([BUNDLED_HERBS])
        report = cat.import_records(
            loaded.items, author="HerbKB bundled data", references=loaded.references
        )
        _print_report(report, dry_run=False)
    typer.echo(f"catalogue ready: {cat.where} ({cat.stats()['herbs']} herbs)")


def _print_report(report: ImportReport, dry_run: bool) -> None:
    for row in report.rows:
        if row.outcome in ("added", "updated", "unchanged") and not (row.reasons or row.notes):
            continue
        where = row.file if row.row is None else f"{row.file}, row {row.row}"
        herb = f" → {row.herb}" if row.herb else ""
        typer.echo(f"{row.outcome}: {where}{herb}", err=True)
        for reason in row.reasons:
            typer.echo(f"    {reason}", err=True)
        for note in row.notes:
            typer.echo(f"    note: {note}", err=True)
    summary = ", ".join(f"{n} {o}" for o, n in report.summary().items())
    if dry_run:
        state = "dry run, nothing written"
    elif report.committed:
        state = "committed"
    else:
        state = "NOT committed: fix the rejected records, or use --skip-bad"
    typer.echo(f"{summary} ({state})")


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of herb records.")],
    db: DbOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; write nothing.")] = False,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Commit the good records, skip rejected ones.")
    ] = False,
    author: Annotated[str | None, typer.Option(help="Who is loading (for history).")] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding of CSV/TSV files [default: detected].")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="Read only this sheet of an .xlsx [default: every sheet].")
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="COLUMN=FIELD: read a column as a field ('-' ignores it)."),
    ] = None,
    unmapped: Annotated[
        str, typer.Option(help="Columns no field matches: 'notes' keeps them, 'refuse' stops.")
    ] = "notes",
    rejects: Annotated[
        Path | None,
        typer.Option(help="With --skip-bad: CSV of rejected rows and why [herbkb-rejected.csv]."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Load herb records: match, merge, and commit all-or-nothing."""
    from loaders import load_paths
    from loaders.columns import MAPPABLE
    from loaders.table import TableOptions

    overrides: dict[str, str] = {}
    for item in mapping or []:
        column, _, fld = item.partition("=")
        if not column or fld not in (*MAPPABLE, "-"):
            raise _fail(
                f"--map {item!r}: expected COLUMN=FIELD, FIELD one of {', '.join(MAPPABLE)} or -"
            )
        overrides[column] = fld
    if unmapped not in ("notes", "refuse"):
        raise _fail("--unmapped is 'notes' or 'refuse'")
    cat = _open(db)
    options = TableOptions(
        encoding=encoding, sheet=sheet, mapping=overrides, unmapped=unmapped, parallel=True
    )
    with _Stop() as stop:
        try:
            loaded = load_paths(paths, options)
            with _progress(loaded, sys.stderr.isatty() and not as_json) as progress:
                report = cat.import_records(
                    loaded.items,
                    author=author or getpass.getuser(),
                    references=loaded.references,
                    dry_run=dry_run,
                    skip_bad=skip_bad,
                    progress=progress,
                    cancel=stop.cancel,
                )
        except ImportCancelled:
            typer.echo("stopped; nothing was written", err=True)
            raise typer.Exit(code=128 + stop.signum) from None
    if skip_bad and report.count("rejected") and not dry_run:
        target = _free_path(rejects or Path("herbkb-rejected.csv"))
        count = report.write_rejected(target)
        typer.echo(f"{count} rejected rows, with reasons, written to {target}", err=True)
    if as_json:
        _print_json(
            {**report.summary(), "committed": report.committed, "rows": report.model_dump()["rows"]}
        )
    else:
        _print_report(report, dry_run)
    if report.count("rejected") and not skip_bad:
        raise typer.Exit(code=1)


def _free_path(path: Path) -> Path:
    """`path`, or `path` with -2, -3… before its suffix: a rejects file is never overwritten."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


@contextmanager
def _progress(loaded: Loaded, show: bool) -> Iterator[Callable[[int], None] | None]:
    """A bar of rows done out of the rows the files hold, on a terminal: long loads show they
    are moving."""
    if not show:
        yield None
        return
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), "{task.description}", MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("reading and matching rows", total=loaded.count())
        yield lambda done: bar.update(task, completed=done)


class _Stop:
    """Ctrl-C (SIGINT) and SIGTERM while loading: the import stops at its next row and writes
    nothing, rather than the process dying mid-write or committing what was asked to stop.
    A second signal acts as it usually does."""

    def __init__(self) -> None:
        self.cancel = threading.Event()
        self.signum = 0
        self._previous: dict[int, object] = {}

    def _stop(self, signum: int, _frame: object) -> None:
        self.signum = signum
        self.cancel.set()
        self._restore()

    def _restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def __enter__(self) -> _Stop:
        self._previous = {s: signal.signal(s, self._stop) for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc: object) -> None:
        self._restore()


def _hit_json(h: Hit) -> dict[str, object]:
    """A hit as the Python API names it (`slug`, `matched.explain`, `guess`…): one vocabulary."""
    return h.model_dump(mode="json", exclude_none=True)


Terms = Annotated[list[str] | None, typer.Option(help="Repeatable; any of the values.")]


@app.command()
def search(
    query: Annotated[
        str | None, typer.Argument(help="Any name: Vietnamese, 中文, pinyin, Latin, English.")
    ] = None,
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 10,
    text: Annotated[
        bool, typer.Option("--text", help="Search monograph text (indications…), not names.")
    ] = False,
    batch: Annotated[
        Path | None,
        typer.Option(help="File of queries, one a line ('-': standard input) → JSON lines."),
    ] = None,
    nature: Terms = None,
    flavour: Terms = None,
    meridian: Terms = None,
    toxicity: Terms = None,
    category: Terms = None,
    part: Terms = None,
    family: Terms = None,
    lang: Annotated[
        list[str] | None, typer.Option(help="Only matches on names in this language.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Find herbs by any of their names, or by what their monographs say (--text)."""
    from herbkb.search import SearchFilters

    given = {
        "nature": nature, "flavour": flavour, "meridian": meridian, "toxicity": toxicity,
        "category": category, "part": part, "family": family, "lang": lang,
    }  # fmt: skip
    filters = (
        SearchFilters(**{k: v for k, v in given.items() if v}) if any(given.values()) else None
    )
    cat = _open(db)
    if batch is not None:
        lines = sys.stdin if str(batch) == "-" else batch.open(encoding="utf-8-sig")
        for line in lines:
            if line.strip():
                hits = cat.search(line.strip(), limit=limit, filters=filters, full_text=text)
                row = {"query": line.strip(), "hits": [_hit_json(h) for h in hits]}
                typer.echo(json.dumps(row, ensure_ascii=False))
        return
    if not query:
        raise _fail("give a QUERY, or --batch FILE")
    hits = cat.search(query, limit=limit, filters=filters, full_text=text)
    if as_json:
        _print_json([_hit_json(h) for h in hits])
        return
    if not hits:
        typer.echo(f"no herb matches {query!r}", err=True)
        raise typer.Exit(code=1)
    for h in hits:
        typer.echo(f"{h.slug:24} {' · '.join(h.names.values())}")
        typer.echo(f"{'':24} {h.matched.explain} (score {h.score})")
        if h.snippet:
            typer.echo(f"{'':24} {h.snippet}")
        for warning in h.warnings:
            typer.echo(f"{'':24} ⚠ {warning}")


def _show_text(cat: Catalogue, record: HerbRecord) -> None:
    herb = cat.herb(record.slug)
    typer.echo(f"{record.slug} (version {herb.version}, {record.review.status})")
    if record.retired:
        merged = f"; see {record.retired.merged_into}" if record.retired.merged_into else ""
        typer.echo(f"  RETIRED on {record.retired.on}: {record.retired.reason}{merged}")
    for name in record.names:
        typer.echo(f"  {name.lang:16} {name.text}  [{name.kind}]")
    for source in record.sources:
        part = vocab.PART.get(source.part).en if source.part else "part not recorded"
        typer.echo(f"  source: {source.species} ({source.family or 'family ?'}), {part}")
    facts = {
        "nature": record.nature,
        "flavours": ", ".join(record.flavours),
        "meridians": ", ".join(record.meridians),
        "toxicity": record.toxicity,
        "category": ", ".join(record.categories),
    }
    for label, value in facts.items():
        if value:
            typer.echo(f"  {label}: {value}")
    for section in record.sections:
        typer.echo(f"\n  [{section.lang}] {vocab.SECTION.get(section.section).en}")
        typer.echo("  " + section.text.replace("\n", "\n  "))
    if record.references:
        typer.echo(f"\n  references: {', '.join(record.references)}")
    if record.provenance:
        typer.echo(f"  provenance: {record.provenance}")


@app.command()
def show(id_or_name: IdOrName, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show one herb's whole record."""
    cat = _open(db)
    record = _find(cat, id_or_name)
    if as_json:
        _print_json(record.model_dump(mode="json"))
    else:
        _show_text(cat, record)


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts: herbs, names by language, species, sections, revisions."""
    numbers = _open(db).stats()
    if as_json:
        _print_json(numbers)
        return
    for key, value in numbers.items():
        typer.echo(f"{key:20} {value}")


def _shown(value: object, width: int = 70) -> str:
    """A changed value on one line: lists joined, long monograph text cut short."""
    if value is None:
        return "—"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command()
def history(id_or_name: IdOrName, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Who changed a herb, when, why, and each field's old and new value."""
    cat = _open(db)
    revisions = cat.changes(_find(cat, id_or_name).slug)
    if as_json:
        _print_json([r.model_dump(mode="json") for r in revisions])
        return
    for r in revisions:
        typer.echo(
            f"v{r.version:<3} {r.at.isoformat(timespec='seconds')}  {r.author}: {r.comment or ''}"
        )
        if r.version == 1:
            typer.echo(f"      added, {len(r.changes)} fields")
            continue
        for c in r.changes:
            typer.echo(f"      {c.label}: {_shown(c.old)} → {_shown(c.new)}")


AuthorOption = Annotated[
    str | None, typer.Option(help="Who is making the change (for history) [default: your login].")
]
CommentOption = Annotated[str | None, typer.Option(help="Why (for history).")]


@app.command()
def restore(
    id_or_name: IdOrName,
    revision: Annotated[int, typer.Argument(help="The version to bring back (see history).")],
    db: DbOption = None,
    author: AuthorOption = None,
    comment: CommentOption = None,
) -> None:
    """Make an earlier revision of a herb current again; the restore is itself a revision."""
    cat = _open(db)
    slug = _find(cat, id_or_name).slug
    try:
        version = cat.restore(slug, revision, author=author or getpass.getuser(), comment=comment)
    except CatalogueError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"{slug}: revision {revision} restored as version {version}")


@app.command()
def retire(
    id_or_name: IdOrName,
    reason: Annotated[str | None, typer.Option(help="Why it is retired (required).")] = None,
    merged_into: Annotated[
        str | None, typer.Option(help="Slug of the herb that replaces it (a duplicate).")
    ] = None,
    undo: Annotated[
        bool, typer.Option("--undo", help="Put a retired herb back into search and lists.")
    ] = False,
    db: DbOption = None,
    author: AuthorOption = None,
    comment: CommentOption = None,
) -> None:
    """Take a herb out of search and lists (its page and history stay), or --undo that."""
    cat = _open(db)
    slug = _find(cat, id_or_name).slug
    who = author or getpass.getuser()
    try:
        if undo:
            version = cat.unretire(slug, author=who, comment=comment)
            typer.echo(f"{slug}: back in search and lists (version {version})")
            return
        if reason is None:
            raise _fail(f"say why {slug!r} is retired: give --reason")
        version = cat.retire(
            slug, author=who, reason=reason, merged_into=merged_into, comment=comment
        )
    except CatalogueError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"{slug}: retired (version {version}); undo with `herbkb retire {slug} --undo`")


@app.command()
def merge(
    keep: Annotated[str, typer.Argument(help="The herb to keep (slug, id or name).")],
    other: Annotated[str, typer.Argument(help="The herb merged into it, then retired.")],
    db: DbOption = None,
    author: AuthorOption = None,
    comment: CommentOption = None,
) -> None:
    """Make two records of one herb one: KEEP takes all of OTHER, which is retired into it."""
    cat = _open(db)
    kept, gone = _find(cat, keep).slug, _find(cat, other).slug
    try:
        version = cat.merge(kept, gone, author=author or getpass.getuser(), comment=comment)
    except CatalogueError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"{gone}: merged into {kept} (version {version}) and retired")


@app.command(name="backup")
def backup_cmd(target: Path, db: DbOption = None) -> None:
    """Copy the catalogue safely while it is in use (SQLite online backup)."""
    cat = _open(db)
    path = sqlite_path(to_url(cat.where))
    if path is None:
        raise _fail("backup copies SQLite catalogues; use your database server's tools")
    try:
        backup(path, target)
    except CatalogueError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"backed up {path} → {target}")


@app.command()
def serve(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    address: Annotated[
        str,
        typer.Option(help="Address to listen on; 0.0.0.0 serves your network, read-only."),
    ] = "127.0.0.1",
    allow_anonymous_edits: Annotated[
        bool,
        typer.Option(help="Served beyond this computer, let anyone edit (a trusted network)."),
    ] = False,
) -> None:
    """Start the Streamlit app on this catalogue (this computer only, unless --address)."""
    from herbkb import serving

    where = _db(db)
    _open(where)  # a missing or foreign database is reported here, not in the browser
    try:
        mode = serving.mode_for(address, allow_anonymous_edits=allow_anonymous_edits)
    except CatalogueError as exc:
        raise _fail(str(exc)) from exc
    os.environ["HERBKB_DB"] = where if "://" in where else str(Path(where).resolve())
    os.environ[serving.MODE_VARIABLE] = mode
    _warm_up()
    from streamlit.web import cli as streamlit_cli

    import ui

    for line in serving.start_message(address, port, mode):
        typer.echo(line)
    # Streamlit runs in this process, not a child: stopping `herbkb serve` stops the server
    # (a child outlived a terminated parent), and what _warm_up loaded is there for the
    # first visitor
    sys.argv = [
        "streamlit", "run", str(Path(ui.__file__).parent / "app.py"),
        *serving.streamlit_flags(address, port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    streamlit_cli.main()


def _warm_up() -> None:
    """Load what the first page and the first search need (the app's modules, underthesea,
    pypinyin's dictionary, OpenCC) before anyone visits: cold, they double the first render.
    The catalogue's index and browse table are built beside the server as it starts, so a
    large catalogue does not hold up the first page (a search waits for the index, if need be)."""
    from herbkb.normalize import hanviet_of, pinyin_of, vi_exact
    from ui import shared

    vi_exact("cam thảo")
    pinyin_of("甘草")
    hanviet_of("甘草")
    threading.Thread(target=shared.warm, name="herbkb-warm-up", daemon=True).start()


@app.command(name="check")
def check_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders [default: the bundled herbs]."),
    ] = None,
    herb: Annotated[
        list[str] | None, typer.Option("--herb", help="Print the report of this herb (repeatable).")
    ] = None,
    all_herbs: Annotated[bool, typer.Option("--all", help="Print every herb's report.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Check herb records (pinyin, Hán-Việt, traditional/simplified, Latin, duplicates)."""
    from herbkb.check import check
    from loaders import load_paths

    loaded = load_paths(paths or [BUNDLED_HERBS])
    items = list(loaded.items)  # a one-pass stream: read once for records and errors alike
    records = [i.record for i in items if i.record is not None]
    report = check(records, set(loaded.references))
    load_errors = [e for i in items for e in i.errors]
    if as_json:
        _print_json({**report.model_dump(), "load_errors": load_errors})
    else:
        shown = set(herb or [])
        for finding in report.findings:
            if all_herbs or finding.slug in shown or finding.level == "error":
                typer.echo(f"{finding.level}: {finding.slug}: {finding.message}")
        for error in load_errors:
            typer.echo(f"error: {error}")
        typer.echo(f"\nherbs: {report.herbs}")
        typer.echo(f"names by language: {report.names_by_language}")
        chinese = report.herbs - report.folk_without_chinese
        fields = ("vi", "zh-Hans", "pinyin", "la", "species", "properties", "monograph")
        for field in (*fields, "monograph-zh"):
            filled = report.filled.get(field, 0)
            line = f"  with {field:12} {filled:5} of {report.herbs} ({report.share(field):6.1%})"
            if field in ("pinyin", "la", "species"):
                line += (
                    f"; {report.share(field, of_chinese=True):6.1%} of the {chinese} with Chinese"
                )
            typer.echo(line)
        typer.echo(f"  reviewed          {report.filled.get('reviewed', 0):5} of {report.herbs}")
        typer.echo(f"folk herbs with no Chinese name: {report.folk_without_chinese}")
        cp = report.pharmacopoeia
        typer.echo(
            f"Chinese Pharmacopoeia 2020 materials held: {cp.covered} of {cp.natural} "
            f"({cp.share:.1%}); missing: {', '.join(e.zh for e in cp.missing[:20])}"
            + (f" and {len(cp.missing) - 20} more" if len(cp.missing) > 20 else "")
        )
        unmarked = sum(not n.marked for n in report.namesakes)
        typer.echo(
            f"one name, two plants: {len(report.namesakes)} pairs of herbs, "
            f"{unmarked} not marked confusable_with"
        )
        typer.echo(
            f"errors: {len(report.errors) + len(load_errors)}, warnings: {len(report.warnings)}"
        )
    if report.errors or load_errors:
        raise typer.Exit(code=1)


@app.command(name="export")
def export_cmd(
    target: Annotated[Path, typer.Argument(help="File to write: .json or .xlsx.")],
    db: DbOption = None,
) -> None:
    """Export the whole catalogue (JSON, or an XLSX workbook) that `herbkb load` reads back."""
    from herbkb import export

    cat = _open(db)
    writers = {".json": export.write_json, ".xlsx": export.write_xlsx}
    writer = writers.get(target.suffix.lower())
    if writer is None:
        raise _fail(f"{target}: export writes .json or .xlsx")
    if target.exists():
        raise _fail(f"{target}: already exists; choose a new file")
    writer(cat, target)
    typer.echo(f"exported {cat.stats()['herbs']} herbs → {target}")


if __name__ == "__main__":
    app()
