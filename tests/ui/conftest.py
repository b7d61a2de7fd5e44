"""What the app's tests share: the app opened the way a shared link opens it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from streamlit.testing.v1 import AppTest

from herbkb.serving import MODE_VARIABLE, ServeMode

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


@pytest.fixture
def open_app(bundled_path: Path, monkeypatch: pytest.MonkeyPatch):
    def run(
        script: str | None = None, /, db: Path = bundled_path, **params: str | list[str]
    ) -> AppTest:
        monkeypatch.setenv("HERBKB_DB", str(db))
        monkeypatch.setenv(MODE_VARIABLE, ServeMode.LOCAL)  # as `herbkb serve` on loopback
        at = AppTest.from_file(APP, default_timeout=30)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if script:
            at.switch_page(script).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return run


@pytest.fixture
def writable(bundled_path: Path, tmp_path: Path) -> Path:
    """A copy of the bundled catalogue that a test may change."""
    from herbkb.db import backup

    path = tmp_path / "writable.db"
    backup(bundled_path, path)
    return path


def table(at: AppTest) -> list[dict[str, str]]:
    """Browse's HTML table as a reader sees it: each row's cells by column header, `href` where
    its name links to and `slug` the herb it opens. Parsed as XML, so a value left unescaped
    breaks the test."""
    markup = at.get("html")[0].proto.body
    tree = ElementTree.fromstring(markup[markup.index("<div") :])
    heads = ["".join(th.itertext()) for th in tree.iter("th")]
    rows = []
    for tr in tree.find("table/tbody"):
        cells = ["".join(td.itertext()) for td in tr]
        href = tr.find("td/a").get("href")
        slug = parse_qs(urlsplit(href).query)["herb"][0]
        rows.append(dict(zip(heads, cells, strict=True)) | {"href": href, "slug": slug})
    return rows


def links(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


def texts(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))
