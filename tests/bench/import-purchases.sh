#!/usr/bin/env bash
# The issue #22 budget: 1,000,000 `purchase` rows imported within the bound
# of the 1M-row `mrr` import; import-csv.sh with purchase rows.
#
#   tests/bench/import-purchases.sh [ROWS] [RUNS]
TENURE_BENCH_KIND=purchase exec "$(dirname "$0")/import-csv.sh" "$@"
