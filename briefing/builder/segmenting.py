"""Chinese words cut ahead of time, in a second process, while this one checks the content and
imports WeasyPrint: jieba's dictionary (~35 MB) then never enters the process
that lays out the PDF, whose memory peaks when it writes it.

The child cuts every run of Han characters, letters and digits (design/phrases.py: jieba cuts
each on its own) of every text of the briefing and of its language's labels, and sends the
words back through a pipe; any text it missed is cut here, as before. Only a process's first
build does this (a batch's later builds cut here, with jieba loaded once); where no second
process can be forked (watch's threads, a platform without fork, a batch keeping every core
busy), nothing is cut ahead and jieba is loaded here when first needed.
"""

from __future__ import annotations

import json
import os
import select
import time

from ..content.load import LoadedBriefing
from ..design import phrases
from ..design.templating import numeral
from ..design.theme import load_labels

NUMBERED = 100  # the templates number sections, questions and items up to this
WAIT_SECONDS = 10.0  # a child that has not answered by then is left, and the words cut here


def texts_of(value) -> list[str]:
    """Return every string in nested lists and dicts (keys too), and every integer as text."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, int) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, dict):
        return [t for key, item in value.items() for t in texts_of(key) + texts_of(item)]
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in texts_of(item)]
    return []


def runs_of(loaded: LoadedBriefing) -> set[str]:
    """Return the runs jieba will be asked to cut for a briefing: those of its texts, of its
    language's labels (with each of its numbers where a label takes one: （{}年）) and of the
    numbers the templates write (一、 二、 …)."""
    language = loaded.briefing.language
    texts = texts_of(loaded.located.data)
    labels = texts_of(load_labels(language))
    numbers = {text for text in texts if text.isdigit()}
    texts += labels + [label.replace("{}", n) for label in labels if "{}" in label
                       for n in numbers]
    texts += [numeral(n, language) for n in range(1, NUMBERED)]
    runs = {run for text in texts for run in phrases.jieba_runs(text)}
    # a slide's statement drops its closing full stop (templating.statement): "expect." -> "expect"
    runs |= {run.rstrip(".") for run in runs if run.endswith(".")} - {""}
    # an item numbered "1." joins its number to its first run: 1.坚持节水优先
    firsts = {found[0] for text in texts if (found := phrases.jieba_runs(text))}
    longest = max((len(v) for v in lists_of(loaded.located.data)), default=0)
    return runs | {f"{n}.{run}" for n in range(1, longest + 1) for run in firsts | {""}}


def lists_of(value) -> list[list]:
    """Return every list in nested lists and dicts."""
    if isinstance(value, dict):
        return [found for item in value.values() for found in lists_of(item)]
    if isinstance(value, list):
        return [value] + [found for item in value for found in lists_of(item)]
    return []


class Segmenter:
    """A forked child cutting a briefing's runs into words; `finish()` takes its answer."""

    def __init__(self, loaded: LoadedBriefing):
        self.reading, writing = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: cut, answer, and leave without running any exit code
            code = 1
            try:
                os.close(self.reading)
                words = phrases.cut_runs(sorted(runs_of(loaded)))
                with os.fdopen(writing, "w", encoding="utf-8") as pipe:
                    json.dump(words, pipe, ensure_ascii=False)
                code = 0
            finally:
                os._exit(code)
        os.close(writing)

    def finish(self) -> None:
        """Keep the child's words (phrases.remember_words), if it answers in time; else go on
        without them (jieba is then loaded here when a text needs it). Once only."""
        if self.pid is None:
            return
        chunks: list[bytes] = []
        deadline = time.monotonic() + WAIT_SECONDS
        try:
            while True:
                ready, _, _ = select.select([self.reading], [], [],
                                            max(0.0, deadline - time.monotonic()))
                if not ready:
                    os.kill(self.pid, 9)
                    return
                chunk = os.read(self.reading, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
            words = json.loads(b"".join(chunks).decode("utf-8"))
            phrases.remember_words({run: tuple(found) for run, found in words.items()})
        except (OSError, ValueError):  # a child that died or garbled its answer: cut here
            pass
        finally:
            os.close(self.reading)
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = None
