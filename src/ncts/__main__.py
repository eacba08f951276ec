"""Run the command line: ``python -m ncts``."""

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
