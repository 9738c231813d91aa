"""Shared pytest set-up for the Python tests.

Hypothesis profiles: "dev" (the default) draws new random examples each run and remembers failures in
.hypothesis/; "ci" (HYPOTHESIS_PROFILE=ci) is derandomized, so a run is reproducible from the commit
alone. Neither has a per-example deadline: a slow first call (imports, caches) is not a failure.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
