"""`python -m adapters.console ...` is the `advisor` command."""

import sys

from adapters.console.cli import main

sys.exit(main())
