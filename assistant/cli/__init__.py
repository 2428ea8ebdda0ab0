"""The `report-assistant` command line. Each command parses options, calls the library, prints.

Commands live in one module per noun; importing them registers them on the group.
"""

from assistant.cli import checking, files, knowledge, users, writing  # noqa: F401  (registers the commands)
from assistant.cli.base import cli


def main() -> None:
    """The console script's entry point."""
    cli(prog_name="report-assistant")
