"""`python -m sessionflow ...` is the `sessionflow` command."""

import sys

from .tools.cli import main

sys.exit(main())
