"""The tool's name and version, as written into outputs' provenance."""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("briefing")
except PackageNotFoundError:  # running from a source tree that was not installed
    VERSION = "0+unknown"

TOOL = f"briefing {VERSION}"
