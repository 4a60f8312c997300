"""The three files of a funder report, each drawn from the same `ReportContent`."""
