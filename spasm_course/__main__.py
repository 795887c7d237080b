"""Command line: ``python -m spasm_course <command>``.  The commands live in their modules."""

from __future__ import annotations

import argparse
import sys

from . import export, progress_report


class _OneLineParser(argparse.ArgumentParser):
    """Report a usage mistake in one line on stderr (argparse adds the usage text)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _OneLineParser(prog="python -m spasm_course",
                            description="Tools for the course 'Muscle spasms and twitches'.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    export.add_subcommand(commands)
    progress_report.add_subcommand(commands)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
