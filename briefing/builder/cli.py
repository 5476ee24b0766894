"""The command line: `python build.py [FILE...] [--only ...] [--theme NAME] [--out DIR]`,
`python build.py check [FILE...] [--layout]`, `python build.py watch [FILE...]`,
`python build.py import PAGE [-o FILE] [--force]` (a page as text, a saved web page or a Word
file) and `python build.py templates DIR` (a copy of the shipped templates to edit, for
--templates DIR). Exit codes: 0 built (or imported), 1 content or build error, 2 usage.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path

from ..content.load import display_name
from ..design import templates
from ..design.theme import theme_names
from ..diagnostics import Diagnostic, summary_line
from ..pdf.writer import PDF_VARIANTS
from .pipeline import OUTPUTS, build, output_path
from .result import BuildResult, report

CONTENT = Path("content")


def _parser(prog: str, command: str = "build") -> argparse.ArgumentParser:
    """Return the argument parser of a command: build, check or watch (each its own options)."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Build briefings (PDF, deck, slides PDF, handout) from YAML.",
        epilog="`build.py check [FILE...]` validates and writes nothing; `build.py check"
               " --layout [FILE...]` checks the layout of the built outputs (runts, broken"
               " or unbalanced titles, stranded headings, split table rows, an unbalanced"
               " handout); `build.py watch [FILE...] [--serve]` rebuilds on every save;"
               " `build.py import PAGE` turns an interpretation page (its text, the saved web"
               " page or the Word file) into a content file; `build.py templates DIR` copies"
               " the shipped templates into DIR, to edit and use with --templates DIR.")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="content files (default: every content/*.yaml)")
    parser.add_argument("--theme", default="default", help="theme in templates/themes/")
    _templates_option(parser)
    if command == "check":
        parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
        parser.add_argument("--fix", action="store_true",
                            help="rewrite the mechanical slips in the files (half-width"
                                 " punctuation, single stray spaces, ○ for 〇, doubled marks)")
        parser.add_argument("--layout", action="store_true",
                            help="after a build: check the layout of the outputs in the output"
                                 " folder (runts, titles broken inside a word group or"
                                 " unbalanced, stranded headings, table headers at a page foot,"
                                 " rows split across pages, an unbalanced handout, slide texts"
                                 " that end as introducers, slides a room cannot read); the deck"
                                 " is drawn by LibreOffice")
        parser.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                            help="output folder (where --layout reads the outputs)")
        return parser
    parser.add_argument("--only", type=_outputs, default=OUTPUTS, metavar="KINDS",
                        help=f"comma-separated outputs to build: {','.join(OUTPUTS)}")
    parser.add_argument("--out", type=Path, default=Path("output"), help="output folder")
    parser.add_argument("--pdf-variant", default="pdf/ua-1", choices=PDF_VARIANTS,
                        help="PDF flavour (default: tagged pdf/ua-1; pdf/a-3b for archiving)")
    parser.add_argument("--print-marks", action="store_true",
                        help="add 3 mm bleed and crop marks to the briefing and the handout")
    parser.add_argument("--colophon", action="store_true",
                        help="print the content file, build date and tool on the briefing's"
                             " back page (for internal drafts)")
    if command == "watch":
        parser.add_argument("--serve", action="store_true",
                            help="serve a live HTML preview on http://127.0.0.1:PORT/")
        parser.add_argument("--port", type=_number(0, 65535), default=8000,
                            help="preview port (default 8000)")
        return parser
    parser.add_argument("-j", "--jobs", type=_number(1, 64), default=1, metavar="N",
                        help="build N files at once in worker processes (default 1)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild outputs even when their inputs did not change")
    return parser


def _templates_option(parser: argparse.ArgumentParser) -> None:
    """Add --templates DIR: a user's folder of templates and themes over the shipped ones."""
    parser.add_argument("--templates", type=Path, metavar="DIR",
                        help="a folder of your own templates and themes, laid out like the"
                             " shipped ones (themes/NAME.yaml, briefing/briefing.css, …): each"
                             " of its files stands in for the shipped file of the same name")


def _templates_folder(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Path | None:
    """Return the user's templates folder named by --templates, or None; one that is no
    folder is a usage error."""
    if args.templates is not None and not args.templates.is_dir():
        parser.error(f"--templates {args.templates}: no such folder")
    return args.templates


def _number(low: int, high: int):
    """Return an argparse type for a whole number from low to high."""
    def parse(text: str) -> int:
        if not text.strip().isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"expected a whole number from {low} to {high},"
                                             f" got '{text}'")
        return int(text)
    return parse


def _outputs(text: str) -> tuple[str, ...]:
    """Return the outputs named in a comma-separated list; unknown ones are a usage error."""
    kinds = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in OUTPUTS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"unknown output {', '.join(unknown) or '(none)'}; choose from {','.join(OUTPUTS)}")
    return kinds


def _content_files(files: list[Path], parser: argparse.ArgumentParser) -> list[Path]:
    """Return the files to work on: those named, else every content/*.yaml."""
    if files:
        return files
    found = sorted(CONTENT.glob("*.yaml")) or sorted((templates.PROJECT / CONTENT).glob("*.yaml"))
    if not found:
        parser.error("no content/*.yaml here; name the files to build")
    return found


def console() -> None:
    """Run the installed `briefing` command and exit with its code."""
    sys.exit(main(prog="briefing"))


def main(argv: list[str] | None = None, prog: str = "build.py") -> int:
    """Run the command line; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "import":
        return _import(argv[1:], f"{prog} import")
    if argv and argv[0] == "templates":
        return _copy_templates(argv[1:], f"{prog} templates")
    command = argv[0] if argv and argv[0] in ("check", "watch") else "build"
    parser = _parser(prog if command == "build" else f"{prog} {command}", command)
    args = parser.parse_args(argv if command == "build" else argv[1:])
    with templates.using(_templates_folder(args, parser)):
        return _command(command, args, parser, prog)


def _command(command: str, args: argparse.Namespace, parser: argparse.ArgumentParser,
             prog: str) -> int:
    """Run the build, check or watch command parsed into args, with its templates in use;
    return the exit code."""
    if args.theme not in theme_names():
        parser.error(f"unknown theme '{args.theme}'; themes: {', '.join(theme_names())}")
    files = _content_files(args.files, parser)
    if command == "check" and args.layout:
        if args.fix or args.strict:
            parser.error("--layout checks built outputs; it takes neither --fix nor --strict")
        from .proofing import check_layout
        return check_layout(files, args.out, args.theme, prog)
    clash = _same_outputs(files, args.only if command != "check" else OUTPUTS, args.out)
    if clash and command != "check":
        parser.error(f"{clash}; rename one")
    checking = command == "check"
    if command == "watch":
        from .watch import watch
        return watch(files, args.out, args.theme, args.only, serve=args.serve, port=args.port,
                     pdf_variant=args.pdf_variant, print_marks=args.print_marks,
                     colophon=args.colophon)
    fix_problems: list[Diagnostic] = []
    if checking:
        if args.fix:
            fix_problems = _fix(files)
        task = partial(_check_one, theme=args.theme, strict=args.strict,
                       templates=args.templates)
    else:
        task = partial(_build_one, outputs=args.only, out_dir=args.out, theme=args.theme,
                       pdf_variant=args.pdf_variant, print_marks=args.print_marks,
                       colophon=args.colophon,
                       force=args.force, templates=args.templates,
                       beside=args.jobs == 1)  # -j N keeps the cores busy
    jobs = 1 if checking else args.jobs
    started = time.perf_counter()
    try:
        results = _run_all(task, files, jobs)
    except KeyboardInterrupt:
        print("interrupted; outputs already in place are unchanged", file=sys.stderr)
        return 130
    for problem in fix_problems:
        print(problem, file=sys.stderr)
    diagnostics = fix_problems + [d for r in results for d in r.diagnostics]
    if diagnostics:
        print(summary_line(diagnostics), file=sys.stderr)
    if len(files) > 1 and not checking:
        print(_batch_summary(results, time.perf_counter() - started))
    return 0 if all(r.ok for r in results) and not fix_problems else 1


def _import(argv: list[str], prog: str) -> int:
    """Run `import PAGE [-o FILE] [--force]`: write the draft, check it, print what it holds;
    return the exit code (1 when nothing was written or the check found errors)."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Turn an interpretation page (政策解读 / 问答 / 答记者问) into a"
                               " content file: a draft that builds, to review. What the file"
                               " is comes from its bytes: its text copied from the site (UTF-8"
                               " or GB18030), the page saved from the browser (.html, UTF-8 or"
                               " GBK/GB2312/GB18030) or the Word file (.docx). A PDF, .doc or"
                               " RTF is refused with what to save it as.")
    parser.add_argument("page", type=Path, metavar="PAGE",
                        help="the page: a text file, a saved web page or a .docx")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="the content file to write (default: content/<page name>.yaml)")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.add_argument("--theme", default="default",
                        help="theme whose fonts the check of the new file uses")
    _templates_option(parser)
    args = parser.parse_args(argv)
    with templates.using(_templates_folder(args, parser)):
        if args.theme not in theme_names():
            parser.error(f"unknown theme '{args.theme}'; themes: {', '.join(theme_names())}")
        from .importing import import_text
        result = import_text(args.page, args.output, args.force, args.theme)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    if result.diagnostics:
        print(summary_line(result.diagnostics), file=sys.stderr)
    if result.summary:
        print(result.summary)
    return 0 if result.ok else 1


def _copy_templates(argv: list[str], prog: str) -> int:
    """Run `templates DIR`: copy the shipped templates and themes into a new folder, to edit
    and build with (--templates DIR); return the exit code."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Copy the shipped templates and themes into a new folder DIR, to"
                               " edit; build with --templates DIR to use them. A file you"
                               " delete from DIR is taken from the shipped templates again.")
    parser.add_argument("folder", type=Path, metavar="DIR", help="the folder to make")
    args = parser.parse_args(argv)
    if args.folder.exists() or args.folder.is_symlink():
        parser.error(f"{args.folder} exists; name a folder to make")
    staging = args.folder.with_name(f".{args.folder.name}.{os.getpid()}.tmp")
    try:
        shutil.copytree(templates.SHIPPED, staging,
                        ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
        os.rename(staging, args.folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"{args.folder}: error: cannot copy the templates: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    print(f"{args.folder}/: the shipped templates and themes, to edit; build with"
          f" --templates {args.folder}")
    return 0


def _same_outputs(files: list[Path], kinds: tuple[str, ...], out_dir: Path) -> str:
    """Return which two files would write the same output (brief.yaml's slides PDF is
    brief-slides.yaml's PDF; names compared as a case-blind file system would), or ''."""
    seen: dict[str, Path] = {}
    for file in dict.fromkeys(files):
        for kind in kinds:
            name = output_path(out_dir, file.stem, kind).name
            other = seen.setdefault(name.casefold(), file)
            if other != file and other.resolve() != file.resolve():
                return f"{other} and {file} would both write {out_dir / name}"
    return ""


def _run_all(task, files: list[Path], jobs: int) -> list[BuildResult]:
    """Run a task for every file, in `jobs` worker processes; report each as it finishes."""
    progress = _Progress(len(files))
    if jobs <= 1 or len(files) == 1:
        results = []
        for file in files:
            results.append(task(file))
            report(results[-1])
            progress.step(file)
        return results
    results: dict[Path, BuildResult] = {}
    broken: list[Path] = []  # their worker died, or another worker's death took them along
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(task, file): file for file in files}
        for future in as_completed(futures):
            file = futures[future]
            try:
                results[file] = future.result()
            except BrokenProcessPool:
                broken.append(file)
                continue
            report(results[file])
            progress.step(file)
    for file in broken:  # each again, alone, so that only the file that kills its worker fails
        results[file] = _in_own_process(task, file)
        report(results[file])
        progress.step(file)
    return [results[file] for file in files]


def _in_own_process(task, file: Path) -> BuildResult:
    """Run a task for one file in a worker process of its own; a worker that dies (out of
    memory, a signal) becomes the file's error."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(task, file).result()
        except BrokenProcessPool:
            return BuildResult(file, diagnostics=[Diagnostic(
                display_name(file), 0, 0, "error", "", "the worker process building this file"
                " stopped before it finished (killed?); nothing of it was replaced")])


class _Progress:
    """A progress bar on a terminal's stderr for batches; silent in logs and for one file."""

    def __init__(self, total: int):
        self.total, self.done = total, 0
        self.shown = total > 1 and sys.stderr.isatty()

    def step(self, file: Path) -> None:
        """Advance the bar by one finished file."""
        self.done += 1
        if self.shown:
            filled = round(24 * self.done / self.total)
            end = "\n" if self.done == self.total else ""
            print(f"\r[{'#' * filled}{'.' * (24 - filled)}] {self.done}/{self.total} {file.name}"
                  "\033[K", end=end, file=sys.stderr, flush=True)


def _batch_summary(results: list[BuildResult], seconds: float) -> str:
    """Return the closing line of a batch: how many built, unchanged, failed, in what time."""
    failed = [r.source.name for r in results if not r.ok]
    outputs = [w for r in results for w in r.written]
    unchanged = sum(w.unchanged for w in outputs)
    line = (f"{len(results) - len(failed)} of {len(results)} briefings built"
            f" ({len(outputs) - unchanged} outputs written, {unchanged} unchanged)"
            f" in {seconds:.1f} s")
    return line + (f"; failed: {', '.join(failed)}" if failed else "")


def _build_one(source: Path, **settings) -> BuildResult:
    """Build one file; an unexpected failure becomes that file's diagnostic, not a crash."""
    return _guarded(source, lambda: build(source, **settings))


def _check_one(source: Path, theme: str, strict: bool, templates: Path | None) -> BuildResult:
    """Check one file without writing anything."""
    from .checking import check
    return _guarded(source, lambda: check(source, theme, strict, templates))


def _fix(files: list[Path]) -> list[Diagnostic]:
    """Rewrite the mechanical copy slips in the files, saying how many were fixed; return an
    error for each file that could not be rewritten."""
    from .checking import fix_file
    problems = []
    for file in files:
        try:
            changes = fix_file(file)
        except UnicodeError:
            continue  # the check that follows reports the non-UTF-8 file
        except OSError as exc:
            if not file.is_file():
                continue  # the check that follows reports the missing or unreadable file
            problems.append(Diagnostic(display_name(file), 0, 0, "error", "",
                                       f"cannot fix the file: {exc.strerror or exc}"))
            continue
        if changes:
            print(f"{display_name(file)}: fixed {changes} character{'s' * (changes != 1)}"
                  " (punctuation width, stray spaces, zeros, doubled marks)")
    return problems


def _guarded(source: Path, work) -> BuildResult:
    """Run one file's work; an unexpected exception becomes its diagnostic."""
    try:
        return work()
    except Exception as exc:  # a bug, not a content problem: say so without a traceback
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        message = (f"internal error: {type(exc).__name__}: {exc} (set BRIEFING_DEBUG=1 for the"
                   " traceback, and please report it)")
        return BuildResult(source, diagnostics=[Diagnostic(str(source), 0, 0, "error", "",
                                                           message)])
