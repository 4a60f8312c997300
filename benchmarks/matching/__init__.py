"""Partner suggestions at national scale: `python -m benchmarks.matching --scale 0.1`."""
