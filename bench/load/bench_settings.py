"""Benchmark settings: production's, plus a trivial page to measure every figure against."""

from coappoint.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
