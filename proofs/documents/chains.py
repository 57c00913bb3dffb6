"""The zero-init theorem's chains now live with its proof, in
:mod:`symbolic.theorems.zero_init_chains`; this module re-exports them for the documents that
still import them from here."""

from symbolic.theorems.zero_init_chains import (  # noqa: F401
    DEFINITION,
    INDUCTION,
    POSITIVE,
    SUBSTITUTION,
    base_case,
    drop_eta,
    eq,
    induction,
    prediction_step,
    release_phi,
    unrolled_update,
    update_step,
    weights_step,
    written_out_chains,
    zero_init_and_drop_eta,
)
