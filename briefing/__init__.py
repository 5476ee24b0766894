"""Build a print-grade PDF briefing and an editable deck from one YAML policy briefing.

The library API, for a web service or a job runner::

    import briefing
    result = briefing.build("content/x.yaml", outputs=("pdf", "pptx"), out_dir="output")
    result.ok, [w.path for w in result.written], [str(d) for d in result.diagnostics]

`briefing.check(path)` validates without writing. Both return a `BuildResult`; neither raises
for bad content.
"""

__all__ = ["BuildResult", "OUTPUTS", "build", "check"]


def __getattr__(name: str):
    # imported on first use, so that `import briefing` stays cheap
    if name in ("build", "BuildResult", "OUTPUTS"):
        from . import pipeline
        return getattr(pipeline, name)
    if name == "check":
        from .check import check
        return check
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
