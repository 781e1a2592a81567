"""Benchmarks: each Localwatch stage timed beside the raw library on the same input."""
