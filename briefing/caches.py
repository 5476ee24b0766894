"""One registry of the caches that keep what was read from a file (themes, labels, the
template environment, deck layouts and masters), so that a long-running process that sees a
file change (watch) forgets every one of them at once, not a list kept by hand.

A cache of a pure function (words of a text, a character's width) stays a plain
``functools.lru_cache``; tests/test_caches.py makes every cache in the package one or the other
on purpose.
"""

from __future__ import annotations

from functools import lru_cache

_FILE_CACHES: list = []


def file_cache(maxsize: int):
    """Return a decorator that memoises a function reading files, registered for clearing."""
    def decorate(function):
        cached = lru_cache(maxsize=maxsize)(function)
        _FILE_CACHES.append(cached)
        return cached
    return decorate


def file_caches() -> tuple:
    """Return every registered cache of file contents."""
    return tuple(_FILE_CACHES)


def forget_files() -> None:
    """Empty every cache of file contents: the files may have changed."""
    for cached in _FILE_CACHES:
        cached.cache_clear()
