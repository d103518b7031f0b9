#!/usr/bin/env bash
# Issue 20's budget: the 1M-row `mrr` import of import-csv.sh with the
# plugin in its child process (the default) against the same release binary
# with the plugin in Tenure's own process (TENURE_PLUGIN_ISOLATION=off, as
# before issue 20), alternating within each of RUNS (default 5) pairs on
# the same file; prints each pair and the medians. Budget: child <= 1.10x.
#
#   tests/bench/import-isolation.sh [ROWS] [RUNS]
set -euo pipefail
rows=${1:-1000000}
runs=${2:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
[ -n "${TENURE_BENCH_NO_BUILD:-}" ] || cargo build --release -q -p tenure --no-default-features -p tenure-plugin-csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
accounts=10000
awk -v n="$accounts" 'BEGIN { print "external_id,name"; for (i = 0; i < n; i++) printf "C%05d,Company %d\n", i, i }' > "$work/accounts.csv"
awk -v n="$rows" -v a="$accounts" 'BEGIN { srand(1); print "account,month,mrr"; for (i = 0; i < n; i++) { m = int(i / a); printf "C%05d,%04d-%02d,%d.%02d\n", i % a, 1990 + int(m / 12), m % 12 + 1, int(rand() * 100000), int(rand() * 100) } }' > "$work/mrr.csv"
bin="$root/target/release/tenure"
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
one() { # $1: on|off; prints seconds and peak RSS (MB) of the parent
  export TENURE_DB="$work/bench-$1.db"
  rm -f "$TENURE_DB"*
  TENURE_PLUGIN_ISOLATION=$1 "$bin" import "$work/accounts.csv" > /dev/null
  sync
  TENURE_PLUGIN_ISOLATION=$1 /usr/bin/time -v "$bin" import "$work/mrr.csv" > /dev/null 2> "$work/time.txt"
  local wall rss
  wall=$(grep 'Elapsed' "$work/time.txt" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$work/time.txt" | awk '{print $NF}')
  [ "$(sqlite3 "$TENURE_DB" 'SELECT count(*) FROM mrr')" = "$rows" ] || { echo "rows missing"; exit 1; }
  echo "$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }') $((rss / 1024))"
}
: > "$work/in.txt"; : > "$work/child.txt"; : > "$work/ratio.txt"
for run in $(seq 1 "$runs"); do
  read -r a arss < <(one off)
  read -r b brss < <(one on)
  ratio=$(awk -v x="$b" -v y="$a" 'BEGIN { printf "%.3f", x / y }')
  echo "$a" >> "$work/in.txt"; echo "$b" >> "$work/child.txt"; echo "$ratio" >> "$work/ratio.txt"
  echo "run $run: in process ${a}s (${arss} MB)  child process ${b}s (${brss} MB)  ratio ${ratio}x  load: $(cut -d' ' -f1 /proc/loadavg)"
done
echo "median of $runs: in process $(median < "$work/in.txt")s  child process $(median < "$work/child.txt")s  ratio $(median < "$work/ratio.txt")x"
