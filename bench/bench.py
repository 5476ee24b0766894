"""Benchmark the build: cold, no-op and warm rebuilds, check, a long briefing, parallel batches,
peak memory, and pandoc as the peer baseline; then one build at the content limits. Every
scenario runs once per round, round-robin (order shuffled per round), for N rounds; the table
gives medians with min–max. The results are written to docs/performance.md, whole: that page
is this script's output and is never edited by hand.

    .venv/bin/python bench/bench.py [--rounds N] [--output FILE|-]      # or: make bench

build.py, briefing/, templates/, the default content and its page are copied once to a folder
and measured there, so edits made to the working tree while the bench runs do not change what
is measured; everything is built under that folder, and only the page of results is written
into the repository.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import itertools
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
WRAP = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[2:]).returncode; "
        "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss));"
        " sys.exit(code)")  # where /usr/bin/time is missing
SPIN = "sum(range(25_000_000))"  # a CPU-bound second, to measure the cores actually available
DEFAULT = Path("content/nankai-eco-14th-fyp.yaml")  # relative to the snapshot
PAGE_TEXT = Path("tests/data/nankai-eco-14th-fyp-interpretation.txt")  # the page DEFAULT is of
LINE = re.compile(r"(\S+)\s+[\d,]+ KiB\s+(\d+) (pages|slides)\s+(unchanged|([\d.]+) s)")
EDIT = "生态环境满意度持续提升。"  # the sentence the warm scenario edits (key message 1)
BATCH = 20
LONG_SECTIONS, LONG_LISTS = 5, 4  # the 20× briefing: sections 5×, lists 4×
PAGE = ROOT / "docs" / "performance.md"  # the page this script writes


def run(cmd: list, cwd: Path | None = None, env: dict | None = None) -> tuple[float, float, str]:
    """Run a command in a fresh process; return (wall seconds, its max RSS in MB, output).

    The RSS comes from /usr/bin/time (or a small Python wrapper) rather than from this process's
    own wait4: a child forked from this large process would inherit its RSS high-water mark."""
    with tempfile.TemporaryDirectory() as scratch:
        rss = Path(scratch) / "rss"
        wrapped = [TIME, "-f", "%M", "-o", rss] if TIME else [PY, "-c", WRAP, rss]
        started = time.perf_counter()
        done = subprocess.run([*wrapped, *cmd], cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, check=False)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited {done.returncode}:\n"
                               f"{done.stdout}")
        return seconds, int(rss.read_text().split()[-1]) / 1024, done.stdout


def snapshot(tree: Path) -> Path:
    """Copy what a build runs from into tree, byte-compiled; return tree."""
    for name in ("briefing", "templates"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tree / DEFAULT).parent.mkdir()
    (tree / PAGE_TEXT).parent.mkdir(parents=True)
    for name in ("build.py", DEFAULT, PAGE_TEXT):
        shutil.copy2(ROOT / name, tree / name)
    subprocess.run([PY, "-m", "compileall", "-q", tree / "briefing"], check=True)
    return tree


def parallel_ceiling() -> float:
    """Return how much faster two CPU-bound processes finish than one after the other."""
    def wall(n: int) -> float:
        started = time.perf_counter()
        for proc in [subprocess.Popen([PY, "-c", SPIN]) for _ in range(n)]:
            proc.wait()
        return time.perf_counter() - started
    return 2 * wall(1) / wall(2)


def outputs_of(text: str) -> dict[str, tuple[int, float | None]]:
    """Return {output path suffix: (pages or slides, seconds or None if unchanged)} of a build."""
    return {Path(m[1]).name: (int(m[2]), float(m[5]) if m[5] else None)
            for m in LINE.finditer(text)}


def build_cmd(*args) -> list[str]:
    """Return the command line of build.py with these arguments."""
    return [PY, "build.py", *map(str, args)]


def long_briefing(path: Path, sections: int = LONG_SECTIONS, lists: int = LONG_LISTS) -> None:
    """Write the default briefing 20× over, within the content limits: its sections repeated
    5× and its paragraphs, cards and measures 4× (with no overview diagram: 4× its boxes
    would pass its limit)."""
    data = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    blocks = [block for section in data["sections"] for block in section["blocks"]]
    holders = [(g, "measures") for block in blocks for g in block.get("groups", [])]
    holders += [(block, key) for block in blocks for key in ("paragraphs", "cards") if key in block]
    for holder, key in holders:
        # copies, not the same objects: the dumper would write anchors, which the loader refuses
        holder[key] = [copy.deepcopy(item) for _ in range(lists) for item in holder[key]]
    for block in blocks:
        block.pop("overview", None)
    data["sections"] += [copy.deepcopy(section) for _ in range(sections - 1)
                         for section in data["sections"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def limit_briefing(path: Path) -> None:
    """Write a briefing at the content file's size limit: the default's metadata and 30 sections
    (the most a briefing has), each a block of paragraphs of the default's Chinese prose, as
    many as keep the file under its 1 MiB."""
    from briefing.content.limits import MAX_FILE_BYTES, SECTIONS, TEXT
    data = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    prose = itertools.cycle([item if isinstance(item, str) else item["text"]
                             for section in data["sections"] for block in section["blocks"]
                             for item in block.get("paragraphs", [])])
    paragraph = ""
    while len(paragraph) < TEXT * 0.9:
        paragraph += next(prose)
    paragraph = paragraph[:TEXT]
    headings = [section["heading"] for section in data["sections"]]
    data.pop("key_messages", None)

    def text(count: int) -> str:
        """The file with `count` paragraphs, spread over the sections in turn."""
        data["sections"] = [
            {"heading": headings[n % len(headings)],
             "blocks": [{"paragraphs": [paragraph] * (count // SECTIONS + (n < count % SECTIONS))}]}
            for n in range(SECTIONS)]
        # no anchors: the loader refuses them, and safe_dump writes one for a repeated object
        return yaml.dump(data, Dumper=_NoAnchors, allow_unicode=True, sort_keys=False,
                         width=10_000)
    base = len(text(SECTIONS).encode())
    step = len(f"      - {paragraph}\n".encode())
    count = SECTIONS + (MAX_FILE_BYTES - 4096 - base) // step
    while len(written := text(count).encode()) >= MAX_FILE_BYTES:
        count -= 1
    path.write_bytes(written)


class _NoAnchors(yaml.SafeDumper):
    """A YAML dumper that writes a repeated object in full every time, never as an alias."""

    def ignore_aliases(self, data) -> bool:
        return True


def markdown_blocks(value, depth: int) -> list[str]:
    """Return Markdown blocks for a piece of content: headings, paragraphs, bullet lists."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        if all(isinstance(v, str) or (isinstance(v, dict) and "title" not in v and "text" in v)
               for v in value):
            return ["\n".join("- " + (v if isinstance(v, str) else v["text"]) for v in value)]
        return [block for v in value for block in markdown_blocks(v, depth)]
    if isinstance(value, dict):
        head = value.get("heading") or value.get("title")
        blocks = [f"{'#' * depth} {head}"] if head else []
        for key, v in value.items():
            if key not in ("heading", "title", "short", "overview", "count", "count_measures"):
                blocks += markdown_blocks(v, depth + 1)
        return blocks
    return []  # numbers and dates are metadata


def to_markdown(source: Path, target: Path) -> None:
    """Write the text of a briefing as Markdown for pandoc: title block, sections, lists."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    meta = {"title": data["title"], "subtitle": data["subtitle"], "author": data["issuer"],
            "date": str(data["date"]), "lang": data["language"]}
    blocks = ["---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---",
              "## 核心要点", *markdown_blocks(data["key_messages"], 3)]
    for section in data["sections"]:
        blocks += markdown_blocks(section, 2)
    source_info = data["source"]
    blocks += ["## 来源", f"{source_info['title']}（{source_info['publisher']}）"]
    target.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def stamps(paths: list[Path]) -> list[tuple[int, int] | None]:
    """Return (inode, mtime ns) of each path, None for a missing one."""
    return [(p.stat().st_ino, p.stat().st_mtime_ns) if p.exists() else None for p in paths]


def wait_for(paths: list[Path], before: list, timeout: float = 120.0) -> None:
    """Wait until every path differs from `before` (rebuilt and moved into place)."""
    deadline = time.monotonic() + timeout
    while any(now == then or now is None for now, then in zip(stamps(paths), before)):
        if time.monotonic() > deadline:
            raise RuntimeError(f"watch: {[p.name for p in paths]} not rebuilt in {timeout} s")
        time.sleep(0.002)


class WarmWatch:
    """One `build.py watch` process on a copy of the default, as a user runs it; times
    save → rebuilt."""

    def __init__(self, folder: Path, outputs: tuple[str, ...]):
        from briefing.builder.pipeline import output_path
        folder.mkdir()
        self.source, self.edits = folder / "warm.yaml", 0
        self.text = DEFAULT.read_text(encoding="utf-8")
        assert EDIT in self.text, f"the warm scenario edits {EDIT!r}, which {DEFAULT} lacks"
        self.source.write_text(self.text, encoding="utf-8")
        self.targets = [output_path(folder / "out", "warm", kind) for kind in outputs]
        self.process = subprocess.Popen(
            build_cmd("watch", self.source, "--only", ",".join(outputs), "--out",
                      folder / "out"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # its own process group: close() stops its worker too
        wait_for(self.targets, [None] * len(self.targets))
        self.edit()  # warm-up: the first rebuild is not counted

    def edit(self) -> float:
        """Change one sentence, save atomically, return seconds until the outputs are rebuilt."""
        self.edits += 1
        before = stamps(self.targets)
        scratch = self.source.with_suffix(".tmp")
        edited = f"生态环境满意度持续提升（第{self.edits}稿）。"
        scratch.write_text(self.text.replace(EDIT, edited, 1),
                           encoding="utf-8")
        os.replace(scratch, self.source)
        saved = time.perf_counter()
        wait_for(self.targets, before)
        return time.perf_counter() - saved

    def close(self) -> None:
        """Stop the watch process and the processes it forked (its process group)."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)


def scenarios(tmp: Path) -> tuple[dict, list[WarmWatch]]:
    """Set up the snapshot and the temporary files; return ({name: function returning this
    round's metrics}, the warm watchers to close)."""
    os.chdir(snapshot(tmp / "tree"))
    sys.path.insert(0, os.getcwd())  # the warm watchers import the snapshot's briefing
    cold, noop, full, batch, long_dir, pandoc_dir = (tmp / name for name in (
        "cold", "noop", "full", "batch", "long", "pandoc"))
    for folder in (batch, long_dir, pandoc_dir):
        folder.mkdir()
    run(build_cmd(DEFAULT, "--only", "pdf,pptx", "--out", noop))  # built once; rounds are no-ops
    long_yaml = long_dir / "long-briefing.yaml"
    long_briefing(long_yaml)
    copies = [shutil.copy(DEFAULT, batch / f"briefing-{i:02d}.yaml") for i in range(BATCH)]
    to_markdown(DEFAULT, pandoc_dir / "in.md")
    pandoc_env = dict(os.environ, PATH=f"{Path(PY).parent}{os.pathsep}{os.environ['PATH']}")
    import pypandoc
    pandoc = pypandoc.get_pandoc_path()
    warm = {"pair": WarmWatch(tmp / "warm-pair", ("pdf", "pptx")),
            "pdf": WarmWatch(tmp / "warm-pdf", ("pdf",))}

    def cold_build():
        seconds, rss, text = run(build_cmd(DEFAULT, "--only", "pdf,pptx", "--out", cold, "--force"))
        pages, pdf_seconds = outputs_of(text)[f"{DEFAULT.stem}.pdf"]
        return {"cold": seconds, "cold_rss": rss, "pages": pages, "pps": pages / pdf_seconds}

    def noop_build():
        for _ in range(3):  # a rebuild here means its inputs changed: the next run is a no-op
            seconds, _, text = run(build_cmd(DEFAULT, "--only", "pdf,pptx", "--out", noop))
            if all(s is None for _, s in outputs_of(text).values()):
                return {"noop": seconds}
        raise RuntimeError(f"the no-op build keeps rebuilding:\n{text}")

    def long_build():
        seconds, _, text = run(build_cmd(long_yaml, "--only", "pdf", "--out", long_dir, "--force"))
        pages, pdf_seconds = outputs_of(text)[f"{long_yaml.stem}.pdf"]
        return {"long": seconds, "long_pages": pages, "long_pps": pages / pdf_seconds}

    def batch_build(jobs):
        return lambda: {f"j{jobs}": run(build_cmd(*copies, "--only", "pdf,pptx", "--force", "-j",
                                                  jobs, "--out", batch / f"out-j{jobs}"))[0]}

    def pandoc_pair():
        pptx = run([pandoc, "in.md", "-o", "out.pptx"], pandoc_dir, pandoc_env)[0]
        pdf = run([pandoc, "in.md", "-o", "out.pdf", "--pdf-engine=weasyprint"], pandoc_dir,
                  pandoc_env)[0]
        return {"pandoc_pptx": pptx, "pandoc_pdf": pdf, "pandoc": pptx + pdf}

    def full_build():
        seconds, rss, _ = run(build_cmd(DEFAULT, "--out", full, "--force"))
        return {"full": seconds, "full_rss": rss}

    return {
        "cold": cold_build, "noop": noop_build, "long": long_build, "full": full_build,
        "warm-pair": lambda: {"warm_pair": warm["pair"].edit()},
        "warm-pdf": lambda: {"warm_pdf": warm["pdf"].edit()},
        "check": lambda: {"check": run(build_cmd("check", DEFAULT))[0]},
        "import": lambda: {"import": run(build_cmd("import", PAGE_TEXT, "-o", tmp / "draft.yaml",
                                                   "--force"))[0]},
        "j1": batch_build(1), "j2": batch_build(2),
        "ceiling": lambda: {"ceiling": parallel_ceiling()},
        "pandoc": pandoc_pair,
    }, list(warm.values())


def measure(rounds: int, tmp: Path) -> dict[str, list[float]]:
    """Run every scenario once per round, in a shuffled order; return metric → values."""
    todo, watchers = scenarios(tmp)
    values: dict[str, list[float]] = {}
    try:
        for n in range(rounds):
            order = list(todo)
            random.Random(n).shuffle(order)
            started = time.perf_counter()
            for name in order:
                for metric, value in todo[name]().items():
                    values.setdefault(metric, []).append(value)
            print(f"round {n + 1}/{rounds}: {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    finally:
        for watcher in watchers:
            watcher.close()
        os.chdir(ROOT)
    return values


def ratio(a: list[float], b: list[float]) -> list[float]:
    """Return the per-round ratios a/b (rounds are interleaved, so they pair up)."""
    return [x / y for x, y in zip(a, b)]


def cell(values: list[float], unit: str) -> tuple[str, str]:
    """Return (median, min–max) of values, formatted with a unit."""
    digits = 0 if unit in (" MB", " pages") else 2

    def show(v: float) -> str:
        return f"{v:,.{digits}f}{unit}"
    return show(statistics.median(values)), f"{show(min(values))} – {show(max(values))}"


def table(v: dict[str, list[float]]) -> str:
    """Return the results as a Markdown table."""
    med = statistics.median
    rows = [
        ("1 cold build, pdf+pptx (new process)", v["cold"], " s", ""),
        ("2 no-op rebuild (incremental)", v["noop"], " s", ""),
        ("2 ratio no-op / cold", ratio(v["noop"], v["cold"]), "×", "target ≤ 0.3×"),
        ("3 warm watch, save → pdf+pptx rebuilt", v["warm_pair"], " s", ""),
        ("3 warm watch, save → pdf rebuilt", v["warm_pdf"], " s", ""),
        ("3 ratio warm pdf+pptx / pandoc pair", ratio(v["warm_pair"], v["pandoc"]), "×",
         "target ≤ 0.6×"),
        ("4 check (new process)", v["check"], " s", ""),
        ("4 import the Nankai page (new process)", v["import"], " s",
         "with the check of the draft"),
        ("5 PDF pages/s, default briefing", v["pps"], " p/s", f"{med(v['pages']):.0f} pages"),
        ("5 PDF pages/s, 20× briefing", v["long_pps"], " p/s",
         f"{med(v['long_pages']):.0f} pages, {med(v['long']):.1f} s process"),
        ("5 ratio pages/s 20× / default", ratio(v["long_pps"], v["pps"]), "×", "1.0× = linear"),
        (f"6 {BATCH} briefings, -j 1", v["j1"], " s", f"{BATCH / med(v['j1']):.2f} briefings/s"),
        (f"6 {BATCH} briefings, -j 2", v["j2"], " s", f"{BATCH / med(v['j2']):.2f} briefings/s"),
        ("6 throughput -j 2 / -j 1", ratio(v["j1"], v["j2"]), "×",
         "-j 1 writes each deck beside its PDF already"),
        ("6 machine ceiling: 2 CPU-bound processes / 1", v["ceiling"], "×", "2.0× = 2 free cores"),
        ("7 peak RSS, cold pdf+pptx", v["cold_rss"], " MB", "target ≤ 300 MB"),
        ("7 peak RSS, cold all four outputs", v["full_rss"], " MB",
         f"{med(v['full']):.2f} s process"),
        ("8 pandoc → pptx", v["pandoc_pptx"], " s", ""),
        ("8 pandoc → pdf (weasyprint)", v["pandoc_pdf"], " s", ""),
        ("8 pandoc pair", v["pandoc"], " s", ""),
        ("8 ratio ours (1) / pandoc pair", ratio(v["cold"], v["pandoc"]), "×",
         "target ≤ 1.2× (stretch 1.0×)"),
    ]
    lines = ["| scenario | median | min – max | note |", "|---|--:|--:|---|"]
    for label, values, unit, note in rows:
        lines.append(f"| {label} | {' | '.join(cell(values, unit))} | {note} |")
    return "\n".join(lines)


def limit_build(tmp: Path) -> dict[str, float]:
    """Build all four outputs of a briefing at the content limits once; return its metrics."""
    folder = tmp / "limit"
    folder.mkdir()
    source = folder / "limit-briefing.yaml"
    limit_briefing(source)
    seconds, rss, text = run(build_cmd(source, "--out", folder, "--force"))
    built = outputs_of(text)
    return {"seconds": seconds, "rss": rss, "kib": source.stat().st_size / 1024,
            "pages": built[f"{source.stem}.pdf"][0], "slides": built[f"{source.stem}.pptx"][0]}


TARGETS = (  # (what, metric, bound, unit, met when the median is at most the bound)
    ("No-op rebuild ≤ 0.3× a cold build", "noop/cold", 0.3, "×", True),
    ("A saved edit in watch reaches the PDF and the deck in ≤ 0.6× pandoc's cold pair",
     "warm/pandoc", 0.6, "×", True),
    ("Peak memory of a cold PDF + deck ≤ 300 MB", "cold_rss", 300, " MB", True),
    ("Peak memory of a cold build of all four outputs ≤ 300 MB", "full_rss", 300, " MB", True),
    ("Cost no worse than linear in pages: pages/s of the 20× briefing ≥ 1.0× the default's",
     "long/default pps", 1.0, "×", False),
    ("Cold PDF + deck ≤ 1.2× pandoc's pair (stretch: 1.0×)", "cold/pandoc", 1.2, "×", True),
)


def targets(v: dict[str, list[float]]) -> list[str]:
    """Return one line per target: met or missed, with the median it is judged by."""
    med = statistics.median
    measured = {"noop/cold": med(ratio(v["noop"], v["cold"])),
                "warm/pandoc": med(ratio(v["warm_pair"], v["pandoc"])),
                "cold_rss": med(v["cold_rss"]), "full_rss": med(v["full_rss"]),
                "long/default pps": med(ratio(v["long_pps"], v["pps"])),
                "cold/pandoc": med(ratio(v["cold"], v["pandoc"]))}
    lines = []
    for what, key, bound, unit, at_most in TARGETS:
        met = measured[key] <= bound if at_most else measured[key] >= bound
        digits = 0 if unit == " MB" else 2
        lines.append(f"- {what}: **{'met' if met else 'missed'}**"
                     f" ({measured[key]:.{digits}f}{unit})")
    return lines


def load() -> str:
    """Return the load average over 1, 5 and 15 minutes."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    """Return the machine: cores, platform, Python, pandoc."""
    import pypandoc
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    return (f"{os.cpu_count()} cores (os.cpu_count(); {usable} usable by the bench),"
            f" {platform.platform()}, Python "
            f"{platform.python_version()}, pandoc {pypandoc.get_pandoc_version()}")


def document(v: dict[str, list[float]], limit: dict[str, float] | None, facts: dict) -> str:
    """Return docs/performance.md: how it was measured, on what, the table and the targets."""
    med = statistics.median
    parts = [
        "<!-- Generated by bench/bench.py: do not edit. Regenerate with `make bench`"
        " (ROUNDS=N for N rounds) or `.venv/bin/python bench/bench.py --rounds N`. -->",
        "# Performance",
        "What a build costs, measured by `make bench` (`bench/bench.py`), which writes this"
        " page. Why the build is shaped the way it is to be fast is in"
        " [architecture.md](architecture.md#what-makes-a-build-fast) and"
        " [decisions/](decisions/README.md).",
        "## How it is measured",
        "`bench/bench.py` copies `build.py`, `briefing/`, `templates/`, the default content and"
        " the page it interprets to a temporary folder and measures that copy, so edits made"
        " while it runs do not change what is measured; everything is built under that"
        " folder. Each round runs"
        " every scenario once, in a shuffled order (interleaved rounds, so slow phases of a"
        " shared machine hit every scenario alike); the table gives the median and the"
        " min – max over the rounds, and ratios per round (the rounds pair up). Cold means a"
        " new process each time. The warm rows run `build.py watch` as a user does (a process"
        " of its own, on a copy of the default content) and time the atomic save of an edited"
        " sentence to the rebuilt outputs in place; the first rebuild is not counted. Pages/s"
        " is the page count over the PDF's own render time, as the build prints it. Peak"
        " memory is the max RSS from `/usr/bin/time` (the largest of the build's processes)."
        " The pandoc rows convert the same text (title, headings, paragraphs, lists), once"
        " turned into Markdown, with `pandoc in.md -o out.pptx` and"
        " `pandoc in.md -o out.pdf --pdf-engine=weasyprint`, in the same rounds. The machine"
        " ceiling is two CPU-bound processes against one after the other: what the cores"
        " free at the time allow `-j 2` to gain.",
        f"The \"20× briefing\" is the default {LONG_SECTIONS * LONG_LISTS} times over, within"
        f" the content limits: its sections {LONG_SECTIONS} times, each list {LONG_LISTS}"
        " times, without the overview diagram. When its pages/s is at or above the default's,"
        " the fixed costs (the imports, the cover, the contents, the fonts) are spread over"
        " more pages and the cost of the PDF grows no faster than its pages.",
        "## Results",
        f"Measured {facts['date']}, {facts['rounds']} round{'s' * (facts['rounds'] != 1)}"
        f" in {facts['seconds']:.0f} s. Machine: {facts['machine']}. Load average (1 / 5 / 15"
        f" min): {facts['load_start']} at the start, {facts['load_end']} at the end.",
        table(v),
        "## Targets",
        "\n".join(targets(v)),
    ]
    if limit:
        parts += [
            "## At the content limits",
            f"One build (not in the rounds) of all four outputs of a briefing at the content"
            f" file's size limit: {limit['kib']:,.0f} KiB, 30 sections of Chinese prose in"
            f" paragraphs of up to 4,000 characters, {limit['pages']:.0f} PDF pages and"
            f" {limit['slides']:.0f} slides: {limit['seconds']:.1f} s, peak"
            f" {limit['rss']:,.0f} MB; the default briefing's four outputs take"
            f" {med(v['full']):.2f} s and {med(v['full_rss']):,.0f} MB in the same run. The"
            " limits ([content-format.md](content-format.md#limits)) keep every stage linear"
            " in the content; this is what a file as large as a build accepts costs.",
        ]
    return "\n\n".join(part if part.startswith(("|", "- ", "<!--")) else
                       textwrap.fill(part, 96, break_long_words=False, break_on_hyphens=False)
                       for part in parts) + "\n"


def main() -> int:
    """Parse the options, run the rounds and the build at the limits, print the table and
    write the page of results."""
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--output", default=str(PAGE), metavar="FILE",
                        help="where the page of results goes (default docs/performance.md in"
                             " the repository); - prints it only")
    parser.add_argument("--no-limit", action="store_true",
                        help="leave out the one build of a briefing at the content limits")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    output = None if args.output == "-" else Path(args.output).resolve()
    facts = {"date": f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
             "rounds": args.rounds, "machine": machine(), "load_start": load()}
    print(f"machine: {facts['machine']}; load average {facts['load_start']}", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        values = measure(args.rounds, Path(tmp))
        limit = None
        if not args.no_limit:
            os.chdir(Path(tmp) / "tree")
            try:
                limit = limit_build(Path(tmp))
            finally:
                os.chdir(ROOT)
    facts.update(seconds=time.perf_counter() - started, load_end=load())
    page = document(values, limit, facts)
    print(page)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        scratch = output.with_name(f".{output.name}.tmp")
        scratch.write_text(page, encoding="utf-8")
        os.replace(scratch, output)
        print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
