"""Build a print-grade PDF briefing and an editable deck from one YAML policy briefing.

The library API, for a web service or a job runner::

    import briefing
    result = briefing.build("content/x.yaml", outputs=("pdf", "pptx"), out_dir="output")
    result.ok, [w.path for w in result.written], [str(d) for d in result.diagnostics]

`briefing.check(path)` validates without writing. Both return a `BuildResult`; neither raises
for bad content. Both take `templates=DIR`, a folder of the user's templates and themes whose
files stand in for the shipped ones. A build runs in the calling process: it forks no second
process unless asked (`beside=True` writes the deck in a forked process beside the PDFs, as
the command line does). `briefing.import_text("page.txt", "content/x.yaml")` turns an
interpretation page (its text, the saved web page or the Word file) into a content file and
checks it; its result has `.ok`, `.written` (the path, or None) and `.diagnostics`, and it
does not raise for a bad page either. The stages live
in subpackages: content, design, checks, pdf, deck, importer, builder.
"""

from __future__ import annotations

__all__ = ["BuildResult", "OUTPUTS", "build", "check", "import_text"]


def build(source, outputs=None, out_dir="output", theme="default", pdf_variant="pdf/ua-1",
          print_marks=False, force=False, templates=None, beside=False, colophon=False):
    """Build the outputs of one content file (all four unless `outputs` names some); see
    briefing.builder.pipeline.build."""
    from .builder.pipeline import OUTPUTS
    from .builder.pipeline import build as build_one
    return build_one(source, outputs or OUTPUTS, out_dir, theme, pdf_variant, print_marks,
                     colophon, force, beside=beside, templates=templates)


def check(source, theme="default", warnings_are_errors=False, templates=None):
    """Validate a content file without writing anything; see briefing.builder.checking.check."""
    from .builder.checking import check as check_one
    return check_one(source, theme, warnings_are_errors, templates)


def import_text(page, output=None, force=False, theme="default"):
    """Turn a page (text, a saved web page or a .docx) into a content file
    (content/<page name>.yaml unless `output` names one; an existing file only with `force`)
    and check it; see briefing.builder.importing.import_text."""
    from .builder.importing import import_text as import_one
    return import_one(page, output, force, theme)


def __getattr__(name: str):
    # imported on first use, so that `import briefing` stays cheap
    if name == "BuildResult":
        from .builder.result import BuildResult
        return BuildResult
    if name == "OUTPUTS":
        from .builder.pipeline import OUTPUTS
        return OUTPUTS
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
