"""``python -m facilitator``: the same as the ``facilitator`` command."""

import sys

from facilitator.cli import main

if __name__ == "__main__":  # imported without running, e.g. by a tool that inspects it
    sys.exit(main())
