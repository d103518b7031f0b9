#!/usr/bin/env bash
# Issue #17's import budgets at ACCOUNTS x MONTHS (default 100,000 x 36):
# the demo itself (<= 15 s), then its records exported to the canonical
# CSVs with `tenure export KIND` and the nine files imported into a fresh
# database with one `tenure import` (<= 12 s), RUNS (default 3) times each,
# alternating. Prints every run's wall time, CPU time and peak RSS with the
# load average, then the medians.
#
# The nine files: csm, account, contact, mrr, usage, activity, ticket,
# survey_response, opportunity (5.3 M rows at the default size; the demo's
# 3,895 subscriptions and 140 acquisition-spend months are left out).
#
# TENURE_BENCH_NO_BUILD=1 uses target/release as it is; TENURE_BENCH_BIN=PATH
# runs that tenure binary instead (to compare two builds).
#
#   tests/bench/import-canonical.sh [ACCOUNTS] [MONTHS] [RUNS]
set -euo pipefail
accounts=${1:-100000}
months=${2:-36}
runs=${3:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ -z "${TENURE_BENCH_NO_BUILD:-}" ]; then
  cargo build --release -q -p tenure -p tenure-plugin-csv
fi
bin="${TENURE_BENCH_BIN:-$root/target/release/tenure}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kinds="csm account contact mrr usage activity ticket survey_response opportunity"
seconds() { grep 'Elapsed' "$1" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'; }
cpu() { awk '/User time/ { u = $NF } /System time/ { s = $NF } END { printf "%.2f", u + s }' "$1"; }
peak() { echo $(( $(grep 'Maximum resident' "$1" | awk '{print $NF}') / 1024 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: > "$work/demo.txt"; : > "$work/import.txt"
for run in $(seq 1 "$runs"); do
  rm -f "$work/demo.db"*
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v "$bin" --db "$work/demo.db" demo --accounts "$accounts" --months "$months" --end 2026-11 > /dev/null 2> "$work/t1"
  if [ "$run" = 1 ]; then
    mkdir -p "$work/csv"
    rows=0
    for kind in $kinds; do
      "$bin" --db "$work/demo.db" export "$kind" "$work/csv/$kind.csv" 2> /dev/null
      rows=$((rows + $(wc -l < "$work/csv/$kind.csv") - 1))
    done
    echo "== $accounts accounts x $months months: nine canonical CSVs, $rows rows, $(du -sh "$work/csv" | cut -f1)"
  fi
  rm -f "$work/demo.db"*
  rm -f "$work/import.db"*
  sync
  load2=$(cut -d' ' -f1 /proc/loadavg)
  # One command, every file: the importer orders them (CSMs, accounts, the rest).
  (cd "$work/csv" && /usr/bin/time -v "$bin" --db "$work/import.db" import $(for k in $kinds; do echo "$k.csv"; done) > "$work/import.out" 2> "$work/t2")
  if grep -q "rejected" "$work/import.out" && grep -E " [1-9][0-9]* rejected" "$work/import.out"; then
    echo "rows were rejected: see above"; exit 1
  fi
  seconds "$work/t1" >> "$work/demo.txt"; seconds "$work/t2" >> "$work/import.txt"
  echo "run $run: demo $(seconds "$work/t1") s (cpu $(cpu "$work/t1") s, $(peak "$work/t1") MB, load $load)  import nine files $(seconds "$work/t2") s (cpu $(cpu "$work/t2") s, $(peak "$work/t2") MB, load $load2)"
done
echo "medians of $runs: demo $(median < "$work/demo.txt") s  nine-file import $(median < "$work/import.txt") s"
