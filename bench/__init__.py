"""Hymy's benchmarks (not tests): each measures one path, prints its figures and its ratio to a baseline.

`python -m bench` (or `make bench`) runs them all; `python -m bench.<name>` runs one. Benchmarks
never assert timings: machines differ, and a number is only worth reading next to its baseline.
"""
