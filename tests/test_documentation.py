"""The documentation keeps up with the tool: every command and option the command line takes
is in docs/commands.md, every command is in the README, the README stays short, and the docs'
relative links lead to files that exist."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT, run_cli

COMMANDS = {"build": [], "check": ["check"], "watch": ["watch"], "import": ["import"],
            "templates": ["templates"]}
DOCS = ROOT / "docs"


def options_of(command: list[str]) -> set[str]:
    """Return the long options a command's --help lists."""
    done = run_cli(*command, "--help")
    assert done.returncode == 0, done.stderr
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", done.stdout)) - {"--help"}


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_of_every_command_is_in_the_command_reference(name):
    reference = (DOCS / "commands.md").read_text(encoding="utf-8")
    missing = sorted(o for o in options_of(COMMANDS[name]) if o not in reference)
    assert missing == [], f"docs/commands.md does not mention {name}'s {', '.join(missing)}"


def test_every_command_is_in_the_readme_and_the_readme_stays_short():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [c for c in COMMANDS if c != "build" and f" {c} " not in readme] == []
    assert len(readme.splitlines()) <= 150


def test_every_relative_link_of_the_docs_leads_to_a_file():
    broken = []
    for page in [ROOT / "README.md", *DOCS.rglob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if not re.match(r"[a-z]+:", target) and not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} → {target}")
    assert broken == []


def test_the_docs_tell_no_history_of_issues_or_commits():
    told = [f"{page.relative_to(ROOT)}:{n}" for page in [ROOT / "README.md", *DOCS.rglob("*.md")]
            for n, line in enumerate(page.read_text("utf-8").splitlines(), 1)
            if re.search(r"\bissue [0-9]|\b(at|since|in) [0-9a-f]{7,40}\b", line)]
    assert told == []
