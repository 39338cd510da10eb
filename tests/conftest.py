"""Test configuration: a reproducible hypothesis profile for CI."""

import os

from hypothesis import settings

# CI explores the same examples every run, so a failure there is reproducible, never flaky;
# a developer's run explores new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
