"""The deck written beside the PDF: one output rendered in a second process while this one
renders the others, so that a build of the PDF and the deck takes about as long as the PDF.

How the second process is made depends on where the build runs:

- "fork": a plain os.fork for each build, in a process with one thread (the command line, a
  library call); the child inherits everything already loaded and fitted and reports through
  a pipe;
- a Worker: a process forked once, before any thread starts (watch, whose preview server is a
  thread: forking later could inherit a lock another thread holds), that renders the outputs
  sent to it, one at a time, warm from one save to the next;
- "serial": where neither is possible (no fork on the platform, or threads and no worker),
  the output is rendered here, after the others.

The second process's failure (a DiagnosticError, any exception, or its death) comes back as
this process's DiagnosticError naming the output; nothing it wrote is moved into place by it.
Under BRIEFING_DEBUG=1 a bug in it comes back as SecondProcessError, carrying its traceback.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
import time
import traceback
from dataclasses import asdict
from pathlib import Path

from ..diagnostics import Diagnostic, DiagnosticError
from .files import verify


def how_to_fork(worker: Worker | None = None) -> str | Worker:
    """Return how a second process can be had here: a worker, "fork" or "serial"."""
    if worker is not None and worker.alive():
        return worker
    if not hasattr(os, "fork") or sys.platform == "darwin":  # macOS: fork is unsafe
        return "serial"
    return "fork" if threading.active_count() == 1 else "serial"


def render_one(renderer, kind: str, target: Path) -> dict:
    """Render and verify one output; return what the parent needs to know: its units and
    seconds, or diagnostics."""
    started = time.perf_counter()
    try:
        units = renderer.render(kind, target)
        verify(kind, target, units)
        return {"units": units, "seconds": time.perf_counter() - started}
    except DiagnosticError as exc:
        return {"diagnostics": [asdict(d) for d in exc.diagnostics]}
    except OSError as exc:  # a full disk, a read-only folder: as if it happened here
        return {"oserror": [exc.errno, exc.strerror or str(exc)]}
    except Exception as exc:  # a bug: told to the parent, which reports it as such
        return {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}


class SecondProcessError(RuntimeError):
    """A bug in the process that wrote an output beside this one; the message holds the
    traceback it had there (raised only under BRIEFING_DEBUG=1)."""


class Worker:
    """A second process forked before any thread starts, rendering what it is sent."""

    def __init__(self):
        context = multiprocessing.get_context("fork")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, self.connection), daemon=True,
                                       name="briefing-beside")
        self.process.start()
        child.close()

    def alive(self) -> bool:
        """Tell whether the worker can take work."""
        return self.process.is_alive()

    def close(self) -> None:
        """Stop the worker."""
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=10)


def _work(connection, parents) -> None:
    """Render each job sent through the connection and send back its report, until None or
    until the parent is gone."""
    # the fork gave this process the parent's end too: closed, the parent's death (SIGTERM,
    # SIGKILL) ends the pipe, and recv() its wait, instead of leaving an orphan
    parents.close()
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        connection.send(render_one(*job))


class Beside:
    """One output being rendered in a second process into `target` (a temporary file), to be
    moved to `output` once all are written; wait() returns its units."""

    def __init__(self, renderer, kind: str, target: Path, how, output: Path | None = None):
        self.renderer, self.kind, self.target, self.how = renderer, kind, target, how
        self.output = output or target
        self.pid = self.read = None
        if isinstance(how, Worker):
            how.connection.send((renderer, kind, target))
        elif how == "fork":
            self._fork()

    def _fork(self) -> None:
        """Fork a child that renders the output and writes its report into a pipe."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: render, report, and leave without running any cleanup
            os.close(read)
            try:
                report = json.dumps(render_one(self.renderer, self.kind, self.target))
                with os.fdopen(write, "w", encoding="utf-8") as pipe:
                    pipe.write(report)
            finally:
                os._exit(0)
        os.close(write)
        self.pid, self.read = pid, read

    def wait(self) -> tuple[int, float]:
        """Return the output's units and seconds once it is written; raise DiagnosticError if
        it failed."""
        if isinstance(self.how, Worker):
            try:
                report = self.how.connection.recv()
            except (EOFError, OSError):
                report = {"died": True}
        elif self.how == "fork":
            with os.fdopen(self.read, encoding="utf-8") as pipe:
                text = pipe.read()
            os.waitpid(self.pid, 0)
            report = json.loads(text) if text else {"died": True}
        else:
            report = render_one(self.renderer, self.kind, self.target)
        return _units(report, self.output)


def _units(report: dict, output: Path) -> tuple[int, float]:
    """Return the units and seconds a report gives, or raise its problem as a DiagnosticError
    naming the output (a bug, under BRIEFING_DEBUG=1, as SecondProcessError)."""
    if "units" in report:
        return report["units"], report["seconds"]
    if "diagnostics" in report:
        raise DiagnosticError([Diagnostic(**d) for d in report["diagnostics"]])
    if "oserror" in report:
        raise OSError(*report["oserror"])
    if "error" in report and os.environ.get("BRIEFING_DEBUG"):
        raise SecondProcessError(f"writing {output.name} failed in the second process;"
                                 f" its traceback there:\n{report.get('traceback', '')}")
    if "error" in report:
        problem = (f"{report['error']} (set BRIEFING_DEBUG=1 for the traceback, and please"
                   " report it)")
    else:
        problem = "the process writing it stopped before it finished (killed?)"
    raise DiagnosticError([Diagnostic(str(output), 0, 0, "error", "",
                                      f"internal error while writing {output.name}: {problem}")])
