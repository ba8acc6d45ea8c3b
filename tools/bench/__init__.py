"""The measuring harness of `make bench` (issue 12): each figure of the issue
side by side with its baseline, medians of alternating runs, a table and
bench-results.json. The figures are collected tests in tests/benchmarks/;
this package holds the parts they share and the scripts they run in fresh
processes (so the client and its baseline pay the same start-up costs)."""
