"""Test settings: Hypothesis profiles (ETAPROOF_HYPOTHESIS_PROFILE=ci for the heavy one)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("ETAPROOF_HYPOTHESIS_PROFILE", "default"))
