"""Command line: ``python -m spasm_course <command>`` (``spasm_course/__main__.py`` calls :func:`main`).

The commands live in their modules; each has ``COMMAND`` (name and help),
``add_arguments(parser)`` and ``run(args) -> exit status``.  None of them
imports ipywidgets.
"""

from __future__ import annotations

import argparse
import sys

from spasm_course.cli import check, schema
from spasm_course.frontends import export, pdf, progress_report, scorm_package


class _OneLineParser(argparse.ArgumentParser):
    """Report a usage mistake in one line on stderr (argparse adds the usage text)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _OneLineParser(prog="python -m spasm_course",
                            description="Tools for the course 'Muscle spasms and twitches'.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for module in (check, export, schema, pdf, progress_report, scorm_package):
        info = dict(module.COMMAND)
        command = commands.add_parser(info.pop("name"), **info)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
