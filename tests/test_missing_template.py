"""A template missing from every templates folder is said so at its path, not as an output
that cannot be written."""

from __future__ import annotations

import pytest

from briefing.design.templating import render
from briefing.diagnostics import DiagnosticError


def test_a_missing_template_is_an_error_at_its_path():
    with pytest.raises(DiagnosticError) as raised:
        render("deck/gone.html.j2")
    assert [str(d) for d in raised.value.diagnostics] == [
        "templates/deck/gone.html.j2: error: the template is missing from every templates"
        " folder; restore the shipped one (git checkout -- templates/deck/gone.html.j2) or"
        " give your own"]
