"""The command line: `python build.py [FILE...] [--only ...] [--theme NAME] [--out DIR]` and
`python build.py check [FILE...]`. Exit codes: 0 built, 1 content or build error, 2 usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .diagnostics import summary_line
from .pdf import PDF_VARIANTS
from .pipeline import OUTPUTS, BuildResult, build
from .theme import PROJECT, theme_names

CONTENT = Path("content")


def _parser(prog: str, watching: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description="Build briefings (PDF, deck, slides PDF, handout) from YAML.",
        epilog="`build.py check [FILE...]` validates and writes nothing; `build.py watch"
               " [FILE...] [--serve]` rebuilds on every save.")
    if watching:
        parser.add_argument("--serve", action="store_true",
                            help="serve a live HTML preview on http://127.0.0.1:PORT/")
        parser.add_argument("--port", type=int, default=8000, help="preview port (default 8000)")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="content files (default: every content/*.yaml)")
    parser.add_argument("--only", type=_outputs, default=OUTPUTS, metavar="KINDS",
                        help=f"comma-separated outputs to build: {','.join(OUTPUTS)}")
    parser.add_argument("--theme", default="default", help="theme in templates/themes/")
    parser.add_argument("--out", type=Path, default=Path("output"), help="output folder")
    parser.add_argument("--pdf-variant", default="pdf/ua-1", choices=PDF_VARIANTS,
                        help="PDF flavour (default: tagged pdf/ua-1; pdf/a-3b for archiving)")
    parser.add_argument("--print-marks", action="store_true",
                        help="add 3 mm bleed and crop marks to the briefing and the handout")
    return parser


def _outputs(text: str) -> tuple[str, ...]:
    kinds = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in OUTPUTS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"unknown output {', '.join(unknown) or '(none)'}; choose from {','.join(OUTPUTS)}")
    return kinds


def _content_files(files: list[Path], parser: argparse.ArgumentParser) -> list[Path]:
    if files:
        return files
    found = sorted(CONTENT.glob("*.yaml")) or sorted((PROJECT / CONTENT).glob("*.yaml"))
    if not found:
        parser.error("no content/*.yaml here; name the files to build")
    return found


def _report(result: BuildResult) -> None:
    for notice in result.notices:
        print(notice, file=sys.stderr if notice.startswith("warning:") else sys.stdout)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    for w in result.written:
        unit = "slides" if w.kind == "pptx" else "pages"
        print(f"{w.path}  {w.size / 1024:,.0f} KiB  {w.units} {unit}  {w.seconds:.2f} s")


def main(argv: list[str] | None = None, prog: str = "build.py") -> int:
    """Run the command line; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in ("check", "watch") else "build"
    parser = _parser(prog if command == "build" else f"{prog} {command}", command == "watch")
    args = parser.parse_args(argv if command == "build" else argv[1:])
    if args.theme not in theme_names():
        parser.error(f"unknown theme '{args.theme}'; themes: {', '.join(theme_names())}")
    files = _content_files(args.files, parser)
    checking = command == "check"
    if command == "watch":
        from .watch import watch
        return watch(files, args.out, args.theme, args.only, serve=args.serve, port=args.port,
                     pdf_variant=args.pdf_variant, print_marks=args.print_marks)
    try:
        results = [_check(f, args.theme) if checking else
                   build(f, args.only, args.out, args.theme, args.pdf_variant, args.print_marks)
                   for f in files]
    except KeyboardInterrupt:
        print("interrupted; outputs already in place are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not a content problem: say so without a traceback
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        print(f"error: internal error: {type(exc).__name__}: {exc} (set BRIEFING_DEBUG=1 for"
              " the traceback, and please report it)", file=sys.stderr)
        return 1
    diagnostics = [d for r in results for d in r.diagnostics]
    for result in results:
        _report(result)
    if diagnostics:
        print(summary_line(diagnostics), file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1


def _check(source: Path, theme: str) -> BuildResult:
    """Validate one file without writing anything."""
    from .check import check
    return check(source, theme)
