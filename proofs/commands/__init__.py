"""The ``etaproof`` command line: ``main.py`` wires one module per subcommand; ``options.py``
holds what they share."""
