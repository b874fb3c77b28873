"""`python -m groupsite ...`: the command line, where the `groupsite` script is not on the PATH."""

import sys

from groupsite.cli import main

sys.exit(main())
