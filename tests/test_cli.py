"""The `herbkb` command as a user runs it: exit codes, messages, JSON."""

import ipaddress
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from herbkb import Catalogue
from herbkb.cli import app
from tests.conftest import DATA, children, ended_within, running, served

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.db")
    assert run("init", "--db", path)[0] == 0
    return path


def monograph(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_search_json_names_a_hit_as_the_python_api_does(bundled_path: Path) -> None:
    from herbkb import Catalogue

    code, out, _ = run("search", "cam thao", "--db", str(bundled_path), "--json", "--limit", "3")
    assert code == 0
    first = json.loads(out)[0]
    hit = Catalogue.open(bundled_path).search("cam thao", limit=3)[0]
    assert first["slug"] == hit.slug == "cam-thao"
    assert first["names"]["vi"] == "Cam thảo"
    assert first["names"]["zh-Hans"] == "甘草"
    assert first["names"]["la"] == "Glycyrrhizae Radix et Rhizoma"
    assert first["matched"] == hit.matched.model_dump()
    assert first["matched"]["explain"] == "folded match on vi “Cam thảo”"
    assert first["guess"] is False and first["herb_id"] == hit.herb_id
    assert isinstance(first["score"], float) and isinstance(first["warnings"], list)


def test_search_reads_the_database_from_the_environment(
    bundled_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HERBKB_DB", str(bundled_path))
    code, out, _ = run("search", "Radix Glycyrrhizae")
    assert code == 0 and out.startswith("cam-thao")


def test_search_with_no_hit_says_so(bundled_path: Path) -> None:
    code, _, err = run("search", "zzzzqqqq", "--db", str(bundled_path))
    assert code == 1 and "no herb matches" in err


def test_show_by_slug_and_by_name(bundled_path: Path) -> None:
    code, out, _ = run("show", "甘草", "--db", str(bundled_path), "--json")
    assert code == 0 and json.loads(out)["slug"] == "cam-thao"
    code, out, _ = run("show", "cam-thao", "--db", str(bundled_path))
    assert code == 0 and "Glycyrrhiza uralensis Fisch." in out


def test_stats_counts_the_bundled_herbs(bundled_path: Path) -> None:
    code, out, _ = run("stats", "--db", str(bundled_path), "--json")
    numbers = json.loads(out)
    assert code == 0
    assert numbers["herbs"] == len(list(DATA.glob("*.md")))
    assert numbers["names_by_language"]["vi"] >= numbers["herbs"] * 0.9


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("search", "cam thao", "--db", str(tmp_path / "none.db"))
    assert code == 2
    assert "none.db: no catalogue here" in err and "herbkb init" in err


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("a,b\n")
    code, _, err = run("stats", "--db", str(path))
    assert code == 2 and "is not a SQLite database" in err


def test_load_dry_run_then_commit_then_reload_changes_nothing(db: str) -> None:
    code, out, _ = run("load", str(DATA), "--db", db, "--dry-run")
    assert code == 0 and "dry run, nothing written" in out
    assert json.loads(run("stats", "--db", db, "--json")[1])["herbs"] == 0
    assert run("load", str(DATA), "--db", db)[0] == 0
    code, out, _ = run("load", str(DATA), "--db", db, "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 0 and report["updated"] == 0
    assert report["unchanged"] == len(report["rows"])


def test_a_bad_record_names_file_and_field_and_nothing_is_written(db: str, tmp_path: Path) -> None:
    good = (DATA / "cam-thao.md").read_text(encoding="utf-8")
    monograph(tmp_path, "good.md", good)
    monograph(
        tmp_path,
        "bad.md",
        good.replace("slug: cam-thao", "slug: bad").replace("nature: neutral", "nature: tepid"),
    )
    code, out, err = run("load", str(tmp_path / "good.md"), str(tmp_path / "bad.md"), "--db", db)
    assert code == 1
    assert "bad.md: nature: 'tepid' is not a known nature" in err
    assert "NOT committed" in out
    assert json.loads(run("stats", "--db", db, "--json")[1])["herbs"] == 0


def test_skip_bad_commits_the_rest(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the rejected rows are written to the working folder
    good = (DATA / "cam-thao.md").read_text(encoding="utf-8")
    monograph(tmp_path, "good.md", good)
    monograph(tmp_path, "bad.md", "not a monograph")
    code, _, _ = run("load", str(tmp_path), "--db", db, "--skip-bad")
    assert code == 0
    assert json.loads(run("stats", "--db", db, "--json")[1])["herbs"] == 1


def test_backup_copies_a_working_catalogue(bundled_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    assert run("backup", str(target), "--db", str(bundled_path))[0] == 0
    code, out, _ = run("search", "甘草", "--db", str(target), "--json")
    assert code == 0 and json.loads(out)[0]["slug"] == "cam-thao"
    assert run("backup", str(target), "--db", str(bundled_path))[0] == 2  # never overwrites


def test_check_passes_on_the_bundled_data() -> None:
    code, out, _ = run("check")
    assert code == 0, out
    assert "errors: 0" in out
    assert "Chinese Pharmacopoeia 2020 materials held: " in out
    assert "one name, two plants: " in out


def test_check_reports_a_herb_file_it_cannot_load(tmp_path: Path) -> None:
    shutil.copy(DATA / "references.yaml", tmp_path)
    text = (DATA / "cam-thao.md").read_text(encoding="utf-8")
    (tmp_path / "cam-thao.md").write_text(text.replace("names:\n", "names:\n  tyz: [甘草]\n", 1))
    code, out, _ = run("check", str(tmp_path))
    assert code == 1, out
    assert "cam-thao.md: names" in out and "is written in Chinese characters" in out


def test_skip_bad_writes_the_rejected_rows_to_fix_and_load_again(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    table = tmp_path / "herbs.csv"
    table.write_text("Tên Việt Nam,中文名\nĐương quy,当归\nRau má,gancao\n", encoding="utf-8")
    code, _, err = run("load", str(table), "--db", db, "--skip-bad")
    assert code == 0 and "1 rejected rows, with reasons, written to herbkb-rejected.csv" in err
    rejects = (tmp_path / "herbkb-rejected.csv").read_text(encoding="utf-8-sig")
    assert "'gancao' has no Chinese characters" in rejects and "Rau má" in rejects
    fixed = rejects.replace(",gancao", ",积雪草")
    (tmp_path / "herbkb-rejected.csv").write_text(fixed, encoding="utf-8-sig")
    code, out, _ = run("load", "herbkb-rejected.csv", "--db", db)
    assert code == 0 and out.startswith("1 added")
    assert (
        json.loads(run("show", "积雪草", "--db", db, "--json")[1])["names"][0]["text"] == "Rau má"
    )


def test_map_option_is_checked(db: str, tmp_path: Path) -> None:
    code, _, err = run("load", str(tmp_path), "--db", db, "--map", "Kho=warehouse")
    assert code == 2 and "--map 'Kho=warehouse': expected COLUMN=FIELD" in err


def test_export_writes_json_or_xlsx_and_never_overwrites(
    bundled_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "all.json"
    code, out, _ = run("export", str(target), "--db", str(bundled_path))
    assert code == 0 and target.exists() and "exported" in out
    assert run("export", str(target), "--db", str(bundled_path))[0] == 2
    assert run("export", str(tmp_path / "all.pdf"), "--db", str(bundled_path))[0] == 2


def test_batch_resolves_a_pasted_herb_list_to_json_lines(
    bundled_path: Path, tmp_path: Path
) -> None:
    pasted = tmp_path / "list.txt"
    pasted.write_text("Cam thảo\n\n當歸\nRadix Astragali\n", encoding="utf-8")
    code, out, _ = run("search", "--batch", str(pasted), "--db", str(bundled_path), "-n", "1")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(x["query"], x["hits"][0]["slug"]) for x in lines] == [
        ("Cam thảo", "cam-thao"),
        ("當歸", "duong-quy"),
        ("Radix Astragali", "hoang-ky"),
    ]


def test_search_filters_and_full_text_from_the_command_line(bundled_path: Path) -> None:
    code, out, _ = run(
        "search", "sam", "--family", "Araliaceae", "--db", str(bundled_path), "--json"
    )
    assert code == 0 and "nhan-sam" in {h["slug"] for h in json.loads(out)}
    code, out, _ = run(
        "search", "headache", "--text", "--db", str(bundled_path), "--json", "-n", "3"
    )
    hits = json.loads(out)
    assert code == 0 and len(hits) == 3 and all("**" in h["snippet"] for h in hits)


def test_history_shows_who_changed_what(db: str) -> None:
    from herbkb import Catalogue
    from tests.conftest import herb

    cat = Catalogue.open(db)
    cat.add(herb(), author="lan", comment="from the pharmacopoeia")
    cat.update(herb(nature="warm"), expected_version=1, author="minh", comment="nature checked")
    code, out, _ = run("history", "cam-thao", "--db", db, "--json")
    revisions = json.loads(out)
    assert code == 0
    assert [(r["version"], r["author"], r["comment"]) for r in revisions] == [
        (1, "lan", "from the pharmacopoeia"),
        (2, "minh", "nature checked"),
    ]
    assert {c["kind"] for c in revisions[0]["changes"]} == {"added"}
    assert [(c["label"], c["old"], c["new"]) for c in revisions[1]["changes"]] == [
        ("nature", "neutral", "warm")
    ]
    code, out, _ = run("history", "cam-thao", "--db", db)
    assert code == 0 and "nature: neutral → warm" in out


def test_restore_and_retire_are_revisions_with_author_and_comment(db: str) -> None:
    from herbkb import Catalogue
    from tests.conftest import herb

    cat = Catalogue.open(db)
    cat.add(herb(), author="lan")
    cat.update(herb(nature="warm"), expected_version=1, author="minh")
    code, out, _ = run("restore", "cam-thao", "1", "--db", db, "--author", "lan")
    assert code == 0 and "restored as version 3" in out
    assert cat.record("cam-thao").nature == "neutral"
    code, _, err = run("retire", "cam-thao", "--db", db)
    assert code == 2 and "--reason" in err
    code, out, _ = run(
        "retire", "cam-thao", "--reason", "withdrawn", "--db", db, "--author", "hoa",
        "--comment", "no longer sold",
    )  # fmt: skip
    assert code == 0 and "retired" in out
    assert run("search", "甘草", "--db", db)[0] == 1  # no herb found
    code, out, _ = run("show", "cam-thao", "--db", db)
    assert "RETIRED on" in out and "withdrawn" in out
    code, out, _ = run("retire", "cam-thao", "--undo", "--db", db, "--author", "hoa")
    assert code == 0 and "back in search" in out
    assert run("search", "甘草", "--db", db)[0] == 0
    code, out, _ = run("history", "cam-thao", "--db", db, "--json")
    assert [(r["version"], r["author"], r["comment"]) for r in json.loads(out)][2:] == [
        (3, "lan", "restored revision 1"),
        (4, "hoa", "no longer sold"),
        (5, "hoa", "un-retired"),
    ]
    code, _, err = run("restore", "cam-thao", "9", "--db", db)
    assert code == 2 and "no revision 9" in err


def listening_on(port: int) -> set[str]:
    """The addresses the kernel has a socket listening on `port` at (Linux's socket tables)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)  # 32-bit words in host (little-endian) order
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(str(ipaddress.ip_address(words)))
    return found


@pytest.fixture
def conference_db(bundled_path: Path, tmp_path: Path) -> str:
    """A writable copy of the bundled catalogue."""
    path = tmp_path / "conference.db"
    assert run("backup", str(path), "--db", str(bundled_path))[0] == 0
    return str(path)


def test_from_pasted_names_to_a_spreadsheet_and_a_handout(
    conference_db: str, tmp_path: Path
) -> None:
    db = ("--db", conference_db, "--author", "lan")
    code, out, _ = run("list", "create", "Hội nghị 2025", "--note", "Lạng Sơn", *db)
    assert code == 0 and "Hội nghị 2025" in out
    pasted = tmp_path / "names.txt"
    # as Windows Notepad saves it: UTF-16 with a BOM, CRLF line ends
    pasted.write_text("1. Đương quy\r\n枸杞子\r\n\r\nPhòng kỷ\r\nCoca-Cola\r\n", encoding="utf-16")
    code, out, _ = run("list", "paste", "hội nghị 2025", str(pasted), *db)
    assert code == 0
    assert "line 1: sure  1. Đương quy → duong-quy" in out
    assert "line 4: CHOOSE  Phòng kỷ" in out and "quang-phong-ky" in out
    assert "line 5: UNKNOWN  Coca-Cola" in out
    assert out.rstrip().endswith("2 sure, 1 to choose, 1 unknown (2 added)")
    # the organiser settles the unsure line by slug, then orders and notes the list
    assert run("list", "add", "Hội nghị 2025", "phong-ky", *db)[0] == 0
    assert run("list", "sort", "Hội nghị 2025", "pinyin", *db)[0] == 0
    assert run("list", "note", "Hội nghị 2025", "mẫu ở bàn 3", "--herb", "phong-ky", *db)[0] == 0
    code, out, _ = run("list", "show", "Hội nghị 2025", "--json", "--db", conference_db)
    shown = json.loads(out)
    assert [i["slug"] for i in shown["items"]] == ["duong-quy", "phong-ky", "cau-ky-tu"]
    assert shown["items"][1]["note"] == "mẫu ở bàn 3" and shown["changed_by"] == "lan"

    xlsx = tmp_path / "list.xlsx"
    code, out, _ = run(
        "list", "export", "Hội nghị 2025", "--format", "xlsx", "--langs", "vi,zh-Hans,la",
        "--sort", "vi", "-o", str(xlsx), "--db", conference_db,
    )  # fmt: skip
    assert code == 0 and "exported 3 herbs" in out
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[4][:4] == ("STT", "Tiếng Việt", "Chữ Hán giản thể", "Latinh")
    assert [r[1] for r in rows[5:]] == ["Câu kỷ tử", "Đương quy", "Phòng kỷ"]
    html = tmp_path / "list.html"
    code, _, _ = run(
        "list", "export", "Hội nghị 2025", "-o", str(html), "--header", "zh", "--layout", "cards",
        "--sections", "actions", "--section-langs", "vi,zh-Hans", "--db", conference_db,
    )  # fmt: skip
    assert code == 0 and "功能" in html.read_text(encoding="utf-8")


def test_list_commands_refuse_clearly(conference_db: str, tmp_path: Path) -> None:
    db = ("--db", conference_db)
    assert run("list", "create", "A", *db)[0] == 0
    code, _, err = run("list", "create", "A", *db)
    assert code == 2 and "already exists" in err
    code, _, err = run("list", "add", "B", "duong-quy", *db)
    assert code == 2 and "no list 'B'; lists: “A”" in err
    code, _, err = run("list", "add", "A", "khong-co", *db)
    assert code == 2 and "no herb 'khong-co'" in err
    code, _, err = run("list", "export", "A", "-o", str(tmp_path / "a.pdf"), *db)
    assert code == 2 and "--format" in err
    code, _, err = run("list", "export", "A", "-o", str(tmp_path / "a.csv"), "--langs", "xx", *db)
    assert code == 2 and "names are" in err
    code, _, err = run("list", "move", "A", "duong-quy", "1", *db)
    assert code == 2 and "not in list" in err


def test_lists_are_listed_renamed_copied_deleted_and_their_history_shown(
    conference_db: str,
) -> None:
    db = ("--db", conference_db, "--author", "minh")
    run("list", "create", "A", *db)
    run("list", "add", "A", "duong-quy", "tran-bi", *db)
    assert run("list", "rename", "A", "B", *db)[0] == 0
    assert run("list", "copy", "B", "C", *db)[0] == 0
    assert run("list", "remove", "C", "tran-bi", *db)[0] == 0
    assert run("list", "delete", "B", *db)[0] == 0
    out = run("list", "ls", "--json", "--db", conference_db)[1]
    assert [(x["title"], x["count"]) for x in json.loads(out)] == [("C", 1)]
    out = run("list", "history", "C", "--db", conference_db)[1]
    assert "minh: copied from “B”" in out and "minh: removed tran-bi" in out


HERBKB = [sys.executable, "-m", "herbkb.cli"]
LINUX_SOCKETS = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table"
)


@LINUX_SOCKETS
def test_serve_listens_on_this_computer_only_by_default(db: str, tmp_path: Path) -> None:
    with served(HERBKB, db, tmp_path) as (port, said):
        assert listening_on(port) == {"127.0.0.1"}
    assert f"HerbKB listens on 127.0.0.1 port {port}, this computer only" in said


@LINUX_SOCKETS
def test_served_to_the_network_it_says_read_only(db: str, tmp_path: Path) -> None:
    with served(HERBKB, db, tmp_path, "--address", "0.0.0.0") as (port, said):
        assert listening_on(port) == {"0.0.0.0"}
        # cross-site request protection is on: an upload without Streamlit's XSRF token fails
        upload = Request(
            f"http://127.0.0.1:{port}/_stcore/upload_file/session/file", b"x", method="PUT"
        )
        with pytest.raises(HTTPError) as refused:
            urlopen(upload, timeout=5)
        assert refused.value.code == 403
    assert "every network interface" in said and "read-only" in said


@LINUX_SOCKETS
def test_anonymous_edits_are_allowed_only_with_a_warning(db: str, tmp_path: Path) -> None:
    options = ("--address", "0.0.0.0", "--allow-anonymous-edits")
    with served(HERBKB, db, tmp_path, *options) as (_, said):
        assert "WARNING: anonymous edits allowed" in said


def test_serve_refuses_an_address_that_is_not_this_computers(db: str) -> None:
    code, _, err = run("serve", "--db", db, "--address", "no-such-host.invalid")
    assert code == 2 and "not an address of this computer" in err


def test_merge_retires_the_other_herb_or_lists_what_to_settle(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "herbs"
    folder.mkdir()
    for slug, name, nature in (
        ("a", "Ngưu tất", "neutral"), ("b", "Hoài ngưu tất", "warm"), ("c", "Ngưu tất nam", None)
    ):  # fmt: skip
        facts = f"nature: {nature}\n" if nature else ""
        text = f"---\nslug: {slug}\nnames:\n  vi: {name}\n{facts}provenance: test\n---\n"
        monograph(folder, f"{slug}.md", text)
    assert run("load", str(folder), "--db", db)[0] == 0
    code, _, err = run("merge", "a", "b", "--db", db, "--author", "lan")
    assert code == 2 and "nature: 'neutral' here, 'warm' incoming" in err
    code, out, _ = run("merge", "a", "c", "--db", db, "--author", "lan")
    assert code == 0 and "c: merged into a" in out
    retired = json.loads(run("show", "c", "--db", db, "--json")[1])["retired"]
    assert retired["merged_into"] == "a"
    names = json.loads(run("show", "a", "--db", db, "--json")[1])["names"]
    assert "Ngưu tất nam" in {n["text"] for n in names}


def bytes_sent(pid: int) -> int:
    """What a process has written so far (for the worker: records, to the importer)."""
    try:
        io = Path(f"/proc/{pid}/io").read_text()
    except OSError:
        return 0
    return int(io.split("wchar: ", 1)[1].split("\n", 1)[0])


@pytest.fixture(scope="module")
def long_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A table long enough to be mid-import, its rows parsed by a worker, when a signal lands."""
    rows = [
        {"Tên Việt Nam": f"Cây thuốc {i}", "Tên khoa học": f"Genus{i} species L.", "Họ": "Fabaceae"}
        for i in range(30_000)
    ]
    path = tmp_path_factory.mktemp("long") / "long.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("stop", "code"),
    [("ctrl-c", 130), (signal.SIGTERM, 143), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["ctrl-c", "sigterm", "sigkill"],
)
def test_a_stopped_load_writes_nothing_and_leaves_no_process(
    stop: str | signal.Signals, code: int, long_table: Path, bundled_path: Path, tmp_path: Path
) -> None:
    db = tmp_path / "stop.db"
    shutil.copy(bundled_path, db)
    before = sorted(Catalogue.open(db).slugs())
    proc = subprocess.Popen(
        [sys.executable, "-m", "herbkb.cli", "load", str(long_table), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= children(proc.pid)
        if any(bytes_sent(w) > 200_000 for w in workers):
            break  # the worker has started (about a second) and sends parsed rows
        time.sleep(0.05)
    assert running(workers) and proc.poll() is None, (
        f"ended before the signal: {proc.poll()}, {workers}"
    )
    if stop == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends its foreground job
    else:
        os.kill(proc.pid, stop)
    out, err = proc.communicate(timeout=30)
    assert ended_within(workers, 2.0)
    assert proc.returncode == code, (out[-500:], err[-2000:])
    if stop != signal.SIGKILL:
        assert (out, err) == ("", "stopped; nothing was written\n")
    assert sorted(Catalogue.open(db).slugs()) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
