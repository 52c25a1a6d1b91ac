"""Benchmarks: data generators and timed measurements, run with ``make bench`` (not collected by pytest)."""
