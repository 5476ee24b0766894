"""A folder that appears where an output goes while the build runs is named in the error, and
the outputs already there are left as they were."""

from __future__ import annotations

from briefing.builder import pipeline
from briefing.builder.pipeline import build, output_path

from .conftest import ENGLISH_CONTENT


def test_a_folder_appearing_at_the_handout_is_named_and_nothing_is_replaced(tmp_path,
                                                                             monkeypatch):
    out = tmp_path / "out"
    assert build(ENGLISH_CONTENT, out_dir=out).ok
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    handout = output_path(out, "english-briefing", "handout")
    moved_in = pipeline.replace_all

    def folder_first(staged):
        handout.unlink()
        handout.mkdir()  # as if another program made it there mid-build
        moved_in(staged)

    monkeypatch.setattr(pipeline, "replace_all", folder_first)
    result = build(ENGLISH_CONTENT, out_dir=out, force=True, beside=True)  # the deck aside
    assert [str(d) for d in result.diagnostics] == [
        f"{handout}: error: cannot write the output: Is a directory"]
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == {name: data for name, data in before.items() if name != handout.name}
