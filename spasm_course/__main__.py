"""``python -m spasm_course <command>``: the command line lives in :mod:`spasm_course.cli.main`."""

import sys

from spasm_course.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
