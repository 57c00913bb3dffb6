"""The theorems of etaproof: each module states one, proves it and writes its document."""

#: The package's version, as pyproject.toml gives it (a test keeps the two equal).
__version__ = "0.1.0"
