"""The ``etaproof`` command line: ``main.py`` wires one module per subcommand; ``options.py``
holds what they share.

:data:`SUMMARIES` is the one place a subcommand's one-line help lives, so that ``etaproof
--help`` lists every command without importing any of them (hence without SymPy or NumPy)."""

#: Every subcommand in the order ``--help`` lists them: its name and its one-line help.  The
#: module that runs it is ``proofs.commands.<name with "-" as "_">``.
SUMMARIES: dict[str, str] = {
    "derive": "prove a theorem symbolically and print it with its verdict",
    "claims": "the question, and its answers' claims about hidden units with their verdicts",
    "check": "check whether the learning rate changes a perceptron's predictions on a CSV",
    "phase": "the exact phase diagram of η: where the learning rate changes the predictions",
    "prove": "prove or refute that the learning rate does not matter for a rule",
    "laws": "count the conservation laws of gradient flow on a two-layer network, certified",
    "pdf": "compile the proofs to PDF with pdflatex",
    "build-proofs": "regenerate the committed proofs/*.tex documents",
    "coq-check": "check the η theorems in Coq: compile proofs/coq/ and the catalogue's rule "
    "certificates, print their assumptions, run coqchk",
}
