"""Runnable benchmarks: ``python -m benchmarks`` (all), ``--quick``, ``--json``, ``--only NAME``.

Each prints its medians and the ratio against a peer measured in the same run, with the goal and
a met/missed mark. See benchmarks/README.md.
"""
