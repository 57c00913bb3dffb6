"""``python -m proofs`` is the ``etaproof`` command."""

import sys

from proofs.commands.main import main

sys.exit(main())
