"""``python -m proofs`` is the ``etaproof`` command."""

import sys

try:
    from proofs.commands.main import main
except KeyboardInterrupt:  # Ctrl-C while SymPy is still loading: one line, not a traceback
    print("etaproof: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
