"""``python -m proofs`` is the ``etaproof`` command."""

import sys

from .cli import main

sys.exit(main())
