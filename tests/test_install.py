"""A plain `pip install` gives a working herbkb: built as a user builds it (sdist, then the
wheel from the sdist), installed into a fresh virtual environment, run from another folder.

To stay fast the fresh environment gets herbkb with `--no-deps` and borrows its dependencies
from this test environment's site-packages, added as a plain path: that folder's `.pth` files
are not run, so the editable herbkb installed there stays out of sight.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import served

REPO = Path(__file__).resolve().parent.parent
# what the installed package reads at run time, as the checkout holds it: folder → in the wheel
RUN_TIME = {"data": "herbkb/data", "herbkb": "herbkb", "loaders": "loaders", "ui": "ui"}


def run_time_files() -> set[str]:
    found = set()
    for folder, installed in RUN_TIME.items():
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                found.add(f"{installed}/{path.relative_to(REPO / folder).as_posix()}")
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # built from a copy without the checkout's egg-info, whose stale file list setuptools
    # would add to the sdist, hiding a file that pyproject.toml no longer packages
    source = tmp_path_factory.mktemp("source") / "herbkb"
    leave_out = ("*.egg-info", "build", ".venv", ".git", "tests", "__pycache__", ".*cache", "*.db")
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*leave_out))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(source)],
        check=True,
        capture_output=True,
    )
    assert len(list(dist.glob("herbkb-*.tar.gz"))) == 1
    (built,) = dist.glob("herbkb-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin folder."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(target), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)],
        check=True,
    )  # fmt: skip
    fresh_site = subprocess.run(
        [str(target), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    borrowed = "\n".join(site.getsitepackages())
    (Path(fresh_site) / "borrowed-dependencies.pth").write_text(borrowed + "\n")
    return venv / "bin"


def herbkb(bin_dir: Path, cwd: Path, *args: str, stdin: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("HERBKB_DB", "PYTHONPATH")}
    done = subprocess.run(
        [str(bin_dir / "herbkb"), *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_wheel_carries_every_run_time_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        carried = set(archive.namelist())
    assert run_time_files() - carried == set()


def test_installed_from_the_wheel_herbkb_works_in_any_folder(
    installed: Path, tmp_path: Path
) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import herbkb, loaders, ui; print(herbkb.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(installed.parent)), where  # not the checkout's herbkb
    assert herbkb(installed, tmp_path, "--version").startswith("herbkb 0.")
    said = herbkb(installed, tmp_path, "init", "--db", "t.db", "--with-bundled")
    bundled = len(list((REPO / "data" / "herbs").glob("*.md")))
    assert f"{bundled} added" in said and f"({bundled} herbs)" in said
    queries = {
        "xuyen khung": ("xuyen-khung", "vi"),
        "黄耆": ("hoang-ky", "zh-Hans"),  # a variant form, from the installed variant table
        "gan cao": ("cam-thao", "zh-Latn-pinyin"),
        "Radix Glycyrrhizae": ("cam-thao", "la"),
    }
    found = herbkb(
        installed, tmp_path, "search", "--db", "t.db", "--batch", "-", "-n", "1",
        stdin="\n".join(queries),
    )  # fmt: skip
    assert len(found.splitlines()) == len(queries)
    for line in found.splitlines():
        answer = json.loads(line)
        (hit,) = answer["hits"]
        assert (hit["slug"], hit["matched"]["lang"]) == queries[answer["query"]]
    assert "errors: 0" in herbkb(installed, tmp_path, "check")
    with served([str(installed / "herbkb")], "t.db", tmp_path, cwd=tmp_path) as (_, said):
        assert "HerbKB listens on 127.0.0.1" in said
