#!/usr/bin/env python3
"""Build every content/*.yaml into output/: `python build.py --help` for the options."""

import os
import sys

from briefing.builder.cli import main

if __name__ == "__main__":
    code = main()
    # Every output is written and closed by now: leave without the interpreter's teardown,
    # which would free the layouts object by object only for the process to end.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
