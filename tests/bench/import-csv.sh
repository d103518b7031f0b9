#!/usr/bin/env bash
# The issue #3 budget: imports N (default 1,000,000) `mrr` rows from CSV
# through the real csv plugin with `tenure import` (release build), and
# times `sqlite3 DB ".import --csv FILE t"` of the same file into a bare
# table in the same run. Prints both, their ratio and Tenure's peak RSS for
# each of RUNS (default 5) alternating pairs, then the medians: on a shared
# 2-core host one run of either side can be 30 % off.
#
# TENURE_BENCH_KIND=purchase times `purchase` rows instead (issue #22,
# the same bound; tests/bench/import-purchases.sh).
#
#   tests/bench/import-csv.sh [ROWS] [RUNS]
set -euo pipefail
kind=${TENURE_BENCH_KIND:-mrr}
rows=${1:-1000000}
runs=${2:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# TENURE_BENCH_NO_BUILD=1 times target/release as it is (e.g. the GUI build).
# TENURE_BENCH_BIN=PATH times that tenure binary instead (two builds compared).
if [ -z "${TENURE_BENCH_NO_BUILD:-}" ]; then
  cargo build --release -q -p tenure --no-default-features -p tenure-plugin-csv
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
accounts=10000
awk -v n="$accounts" 'BEGIN { print "external_id,name"; for (i = 0; i < n; i++) printf "C%05d,Company %d\n", i, i }' > "$work/accounts.csv"
if [ "$kind" = purchase ]; then
  awk -v n="$rows" -v a="$accounts" 'BEGIN { srand(1); print "account,date,amount,currency,external_id,product"; for (i = 0; i < n; i++) { d = int(i / a); printf "C%05d,%04d-%02d-%02d,%d.%02d,%s,ch_%07d,p%d\n", i % a, 1990 + int(d / 336), int(d / 28) % 12 + 1, d % 28 + 1, 1 + int(rand() * 1000), int(rand() * 100), (i % 10 == 0 ? "USD" : "BRL"), i, i % 7 } }' > "$work/rows.csv"
else
  awk -v n="$rows" -v a="$accounts" 'BEGIN { srand(1); print "account,month,mrr"; for (i = 0; i < n; i++) { m = int(i / a); printf "C%05d,%04d-%02d,%d.%02d\n", i % a, 1990 + int(m / 12), m % 12 + 1, int(rand() * 100000), int(rand() * 100) } }' > "$work/rows.csv"
fi
export TENURE_PLUGIN_PATH="$root/target/release/libtenure_plugin_csv.so"
bin="${TENURE_BENCH_BIN:-$root/target/release/tenure}"
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: > "$work/tenure.txt"; : > "$work/sqlite.txt"; : > "$work/ratio.txt"
for run in $(seq 1 "$runs"); do
  export TENURE_DB="$work/bench-$run.db"
  "$bin" import "$work/accounts.csv" > /dev/null
  sync
  /usr/bin/time -v "$bin" import "$work/rows.csv" > "$work/out.txt" 2> "$work/time.txt"
  wall=$(grep 'Elapsed' "$work/time.txt" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$work/time.txt" | awk '{print $NF}')
  secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  stored=$(sqlite3 "$TENURE_DB" "SELECT count(*) FROM $kind")
  rm -f "$TENURE_DB"*
  rm -f "$work/bare.db"
  start=$(date +%s.%N)
  sqlite3 "$work/bare.db" ".import --csv $work/rows.csv t"
  end=$(date +%s.%N)
  bare=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  ratio=$(awk -v t="$secs" -v b="$bare" 'BEGIN { printf "%.2f", t / b }')
  echo "$secs" >> "$work/tenure.txt"; echo "$bare" >> "$work/sqlite.txt"; echo "$ratio" >> "$work/ratio.txt"
  echo "run $run: rows $rows (stored: $stored)  tenure import: ${secs}s  peak RSS: $((rss / 1024)) MB  sqlite3 .import --csv: ${bare}s  ratio: ${ratio}x  load: $(cut -d' ' -f1 /proc/loadavg)"
done
echo "median of $runs: tenure import $(median < "$work/tenure.txt")s  sqlite3 .import $(median < "$work/sqlite.txt")s  ratio $(median < "$work/ratio.txt")x"
