#!/usr/bin/env bash
# Instruction counts of two release builds (BASE and NEW are checkouts whose
# `target/release` holds `tenure` and the csv plugin, e.g. built with
# `cargo build --release -p tenure --no-default-features -p tenure-plugin-csv`):
# 100,000 `mrr` rows imported after 10,000 accounts, and the demo at 3,000
# accounts × 36 months, each under `valgrind --tool=callgrind`. Counts do
# not swing with the host's load the way wall time does.
#
#   tests/bench/callgrind-compare.sh BASE NEW
set -euo pipefail
base=$1
new=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v n=10000 'BEGIN { print "external_id,name"; for (i = 0; i < n; i++) printf "C%05d,Company %d\n", i, i }' > "$work/accounts.csv"
awk -v n=100000 -v a=10000 'BEGIN { srand(1); print "account,month,mrr"; for (i = 0; i < n; i++) { m = int(i / a); printf "C%05d,%04d-%02d,%d.%02d\n", i % a, 1990 + int(m / 12), m % 12 + 1, int(rand() * 100000), int(rand() * 100) } }' > "$work/mrr.csv"
count() { grep -E 'Collected' "$1" | tail -1 | awk '{print $NF}'; }
for side in "$base" "$new"; do
  bin="$side/target/release/tenure"
  export TENURE_PLUGIN_PATH="$side/target/release/libtenure_plugin_csv.so"
  db="$work/import.db"
  rm -f "$db"*
  "$bin" --db "$db" import "$work/accounts.csv" > /dev/null
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --db "$db" import "$work/mrr.csv" > /dev/null 2> "$work/import.err"
  rm -f "$work/demo.db"*
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --db "$work/demo.db" demo --accounts 3000 --months 36 > "$work/demo.out" 2> "$work/demo.err"
  echo "$side: import 100k mrr rows $(count "$work/import.err") instructions; demo 3000 x 36 $(count "$work/demo.err") instructions ($(cat "$work/demo.out"))"
done
