"""A user's templates folder (`--templates DIR`, `templates=` in the library API) stands over
the shipped templates: a file of it replaces the shipped file of the same path, every other
file comes from the shipped ones, and a folder that is not there is an error that names it."""

from __future__ import annotations

import shutil

import pdfplumber

import briefing
from briefing.design import templates
from briefing.design.templates import SHIPPED
from briefing.pdf.writer import _weasyprint

from .conftest import ENGLISH_CONTENT, run_cli


def office_theme(folder):
    """Write theme 'office' (the default's tokens) into a user's templates folder."""
    (folder / "themes").mkdir(parents=True, exist_ok=True)
    tokens = (SHIPPED / "themes" / "default.yaml").read_text(encoding="utf-8")
    (folder / "themes" / "office.yaml").write_text(tokens.replace("name: default",
                                                                  "name: office"))


def test_a_theme_in_the_users_folder_is_one_more_theme(tmp_path):
    office_theme(tmp_path / "mine")
    shutil.copy(ENGLISH_CONTENT, tmp_path / "plan.yaml")
    done = run_cli("check", "plan.yaml", "--theme", "office", "--templates", "mine",
                   cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    without = run_cli("check", "plan.yaml", "--theme", "office", cwd=tmp_path)
    assert without.returncode == 2
    assert without.stderr.splitlines()[-1] == (
        "build.py check: error: unknown theme 'office'; themes: default, emblem, official")


def test_a_label_file_of_the_users_replaces_the_shipped_one_in_the_pdf(tmp_path):
    (tmp_path / "mine" / "labels").mkdir(parents=True)
    words = (SHIPPED / "labels" / "en.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine" / "labels" / "en.yaml").write_text(
        words.replace("contents: Contents", "contents: In this briefing"), encoding="utf-8")
    result = briefing.build(ENGLISH_CONTENT, outputs=("pdf",), out_dir=tmp_path / "out",
                            templates=tmp_path / "mine")
    assert result.ok, [str(d) for d in result.diagnostics]
    with pdfplumber.open(tmp_path / "out" / "english-briefing.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages[:3])
    assert "In this briefing" in text and "\nContents\n" not in f"\n{text}\n"
    assert templates.user_folder() is None  # in use for that build only


def test_a_picture_of_the_users_is_served_for_the_shipped_one_of_its_name(tmp_path):
    (tmp_path / "emblems").mkdir()
    mine = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
    (tmp_path / "emblems" / "leaf.svg").write_bytes(mine)
    _, _, fetcher = _weasyprint()
    url = (SHIPPED / "emblems" / "leaf.svg").as_uri()
    with templates.using(tmp_path):
        served = fetcher.fetch(url)
    assert _read(served) == mine
    assert _read(fetcher.fetch(url)) == (SHIPPED / "emblems" / "leaf.svg").read_bytes()


def _read(response) -> bytes:
    """Return the bytes of a fetcher's response (and close it)."""
    try:
        return response.read()
    finally:
        response.close()


def test_a_templates_folder_that_is_not_there_is_named(tmp_path):
    done = run_cli(str(ENGLISH_CONTENT), "--templates", "nowhere", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "build.py: error: --templates nowhere: no such folder"
    result = briefing.build(ENGLISH_CONTENT, out_dir=tmp_path, templates=tmp_path / "nowhere")
    assert [str(d) for d in result.diagnostics] == [
        f"{ENGLISH_CONTENT}: error: templates: no such folder {tmp_path / 'nowhere'}"]
    assert list(tmp_path.iterdir()) == []


def test_the_templates_command_copies_the_shipped_ones_to_edit_and_build_with(tmp_path):
    done = run_cli("templates", "mine", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "mine/: the shipped templates and themes, to edit; build with --templates mine\n", "")
    copied = {p.relative_to(tmp_path / "mine") for p in (tmp_path / "mine").rglob("*")
              if p.is_file()}
    assert copied == {p.relative_to(SHIPPED) for p in SHIPPED.rglob("*") if p.is_file()
                      and p.name != "__init__.py" and "__pycache__" not in p.parts}
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no staging folder left
    again = run_cli("templates", "mine", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.splitlines()[-1] == (
        "build.py templates: error: mine exists; name a folder to make")
