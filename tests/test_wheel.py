"""The tool is a package: a wheel built from the checkout holds every module and every shipped
template, and, installed in a new virtual environment outside the checkout, its `briefing`
command builds a briefing in a folder of the user's, with the user's own templates folder
when one is named."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import ENGLISH_CONTENT, ROOT

pytestmark = pytest.mark.slow

NOT_SHIPPED = shutil.ignore_patterns(".git", ".venv", "output", "build", "*.egg-info",
                                     "__pycache__", ".pytest_cache", ".hypothesis", "tests")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Return a wheel built from a copy of the checkout (the build writes into its tree)."""
    source = tmp_path_factory.mktemp("source") / "briefing"
    shutil.copytree(ROOT, source, ignore=NOT_SHIPPED)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(dist), str(source)],
                   check=True, capture_output=True, text=True, timeout=600)
    return next(dist.glob("briefing-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """Return the bin/ folder of a new virtual environment with the wheel installed in it by
    its own pip; its dependencies are this environment's, seen through a .pth file, so that
    nothing is downloaded."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(home),
                                                    "platbase": str(home)}))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([str(home / "bin" / "pip"), "install", "--no-deps", "--no-index", "--quiet",
                    str(wheel)], check=True, capture_output=True, text=True, timeout=600)
    return home / "bin"


def test_the_wheel_holds_every_module_and_every_template(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "briefing").rglob("*.py")}
    shipped = {"briefing/templates/" + p.relative_to(ROOT / "templates").as_posix()
               for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert modules - names == set()
    assert shipped - names == set()
    entry = archive_text(wheel, "entry_points.txt")
    assert "briefing = briefing.builder.cli:console" in entry


def archive_text(wheel: Path, name: str) -> str:
    """Return the text of a file of the wheel's .dist-info folder."""
    with zipfile.ZipFile(wheel) as archive:
        found = next(n for n in archive.namelist() if n.endswith(f".dist-info/{name}"))
        return archive.read(found).decode("utf-8")


def test_the_installed_command_builds_a_briefing_in_the_users_folder(installed, tmp_path):
    work = tmp_path / "my briefings"
    work.mkdir()
    shutil.copy(ENGLISH_CONTENT, work / "plan.yaml")
    done = subprocess.run([str(installed / "briefing"), "plan.yaml", "--out", "built"],
                          cwd=work, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (work / "built").glob("*.p*")) == [
        "plan-handout.pdf", "plan-slides.pdf", "plan.pdf", "plan.pptx"]
    assert "templates" not in {p.name for p in work.iterdir()}
    where = subprocess.run([str(installed / "python"), "-c",
                            "import briefing.design.templates as t; print(t.SHIPPED)"],
                           capture_output=True, text=True, check=True, cwd=work)
    assert Path(where.stdout.strip()).is_relative_to(installed.parent)


def test_the_installed_command_takes_a_theme_from_the_users_templates(installed, tmp_path):
    (tmp_path / "mine" / "themes").mkdir(parents=True)
    shipped = (ROOT / "templates" / "themes" / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine" / "themes" / "office.yaml").write_text(
        shipped.replace("name: default", "name: office"), encoding="utf-8")
    shutil.copy(ENGLISH_CONTENT, tmp_path / "plan.yaml")
    done = subprocess.run([str(installed / "briefing"), "plan.yaml", "--only", "pdf",
                           "--theme", "office", "--templates", "mine", "--out", "built"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "built" / "plan.pdf").is_file()
    unknown = subprocess.run([str(installed / "briefing"), "plan.yaml", "--theme", "office"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert unknown.returncode == 2
    assert unknown.stderr.splitlines()[-1] == (
        "briefing: error: unknown theme 'office'; themes: default, emblem, official")
