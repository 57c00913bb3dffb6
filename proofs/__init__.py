"""The theorems of etaproof: each module states one, proves it and writes its document."""
