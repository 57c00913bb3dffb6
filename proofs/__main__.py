"""``python -m proofs`` is the ``etaproof`` command."""

import sys

from proofs.commands import main

sys.exit(main())
