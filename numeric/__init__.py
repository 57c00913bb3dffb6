"""The numeric twin of etaproof (placeholder: built by the numeric-twin issue)."""
