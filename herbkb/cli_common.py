"""What every `herbkb` subcommand shares: the catalogue option, opening it, errors, JSON."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer

from herbkb.catalogue import Catalogue
from herbkb.db import CatalogueError

DEFAULT_DB = "herbkb.db"

DbOption = Annotated[
    str | None,
    typer.Option("--db", help=f"Catalogue file or URL [env HERBKB_DB; default {DEFAULT_DB}]"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def db_path(db: str | None) -> str:
    return db or os.environ.get("HERBKB_DB") or DEFAULT_DB


def fail(message: str) -> typer.Exit:
    typer.echo(f"herbkb: {message}", err=True)
    return typer.Exit(code=2)


def open_catalogue(db: str | None, *, create: bool = False) -> Catalogue:
    try:
        return Catalogue.open(db_path(db), create=create)
    except CatalogueError as exc:
        raise fail(str(exc)) from exc


def print_json(value: object) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))
