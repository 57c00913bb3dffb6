"""The theorem documents: one module per theorem, the chains they share, and the registry
(:data:`proofs.documents.registry.THEOREMS`) that every command reads."""
