"""``python -m facilitator``: the same as the ``facilitator`` command."""

import sys

from facilitator.cli import main

if __name__ == "__main__":  # the room's server process imports this module too
    sys.exit(main())
