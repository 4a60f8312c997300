"""Impact measurement benchmark: `python -m benchmarks.impact --scale 0.1` (see __main__)."""
