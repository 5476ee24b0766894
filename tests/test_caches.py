"""Every cache in the package is chosen: a cache of what was read from a file is registered in
briefing/caches.py, which watch empties when a file changes; any other is a cache of a pure
function, named here with the reason it need never be emptied."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from briefing import caches

from .conftest import ROOT

# module:function → why emptying it is never needed while a process runs
PURE = {
    "briefing.builder.cache:code_digest": "the tool's own code: a new process reads it anew",
    "briefing.builder.cache:fonts_digest": "installed fonts: a new process reads them anew",
    "briefing.deck.breaks:written": "a measure made wider from a measure",
    "briefing.deck.fitting:_ems": "a text's width by a measure",
    "briefing.deck.pictures:_svg_png": "an SVG's bytes drawn to PNG",
    "briefing.design.chars:tokens": "the unbreakable pieces of a text",
    "briefing.design.fonts:installed_fonts": "installed fonts: a new process reads them anew",
    "briefing.design.fonts:metrics": "a face's metrics, read from its installed font file",
    "briefing.design.phrases:word_groups": "the word groups of a text",
    "briefing.pdf.engine:internal": "WeasyPrint's own modules, as imported",
    "briefing.pdf.engine:kinds": "WeasyPrint's box classes, as imported",
    "briefing.pdf.html:measure": "one briefing's faces, for the length of one call",
    "briefing.pdf.libraries:linker_cache": "the linker's cache: a new process reads it anew",
    "briefing.pdf.writer:_weasyprint": "WeasyPrint imported once, with one font set-up",
}


def cached_functions() -> dict[str, str]:
    """Return every function of the package under a cache decorator, as module:name → the
    decorator's name (lru_cache, cache or file_cache)."""
    found = {}
    for path in sorted((ROOT / "briefing").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    name = target.attr if isinstance(target, ast.Attribute) else \
                        getattr(target, "id", "")
                    if name in ("lru_cache", "cache", "file_cache"):
                        found[f"{module}:{node.name}"] = name
    return found


def test_every_cache_is_a_registered_file_cache_or_a_named_pure_one():
    found = cached_functions()
    unchosen = sorted(name for name, how in found.items() if how != "file_cache"
                      and name not in PURE)
    assert unchosen == [], "register these in briefing/caches.py or name them in PURE"
    assert sorted(set(PURE) - set(found)) == []  # no stale name in PURE


def test_the_registry_holds_every_file_cache_and_forgets_them_all():
    found = cached_functions()
    for name in found:
        importlib.import_module(name.split(":")[0])
    registered = {f"{c.__wrapped__.__module__}:{c.__wrapped__.__name__}"
                  for c in caches.file_caches()}
    assert registered == {name for name, how in found.items() if how == "file_cache"}
    from briefing.deck.geometry import geometry
    from briefing.design.theme import load_labels, load_theme
    load_theme("default"), load_labels("zh-CN"), geometry()
    assert any(c.cache_info().currsize for c in caches.file_caches())
    caches.forget_files()
    assert not any(c.cache_info().currsize for c in caches.file_caches())


def test_a_theme_edited_on_disk_is_read_anew_once_the_caches_are_forgotten(user_templates):
    from briefing.design.templates import SHIPPED
    from briefing.design.theme import load_theme

    (user_templates / "themes").mkdir()
    shipped = (SHIPPED / "themes" / "default.yaml").read_text(encoding="utf-8")
    theme_file = user_templates / "themes" / "office.yaml"
    theme_file.write_text(shipped.replace("name: default", "name: office"), encoding="utf-8")
    assert load_theme("office").name == "office"
    theme_file.write_text(shipped.replace("name: default", "name: office2"), encoding="utf-8")
    assert load_theme("office").name == "office"  # cached
    caches.forget_files()
    assert load_theme("office").name == "office2"
    assert Path(theme_file).is_file()
