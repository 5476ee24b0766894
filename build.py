#!/usr/bin/env python3
"""Build every content/*.yaml into output/: `python build.py --help` for the options."""

import sys

from briefing.builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
