#!/usr/bin/env bash
# Measures the plugin host's own cost: imports N (default 1,000,000) `mrr`
# rows through the example-jsonl plugin in a release build, and prints wall
# time, rows/s and peak RSS. The plugin does almost nothing, so what remains
# is the host (decode, validation, the store's write path, SQLite).
#
#   tests/bench/import-jsonl.sh [ROWS]
set -euo pipefail
rows=${1:-1000000}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cargo build --release -q -p tenure --no-default-features -p tenure-plugin-example-jsonl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v n=1000 'BEGIN { for (i = 0; i < n; i++) printf "{\"kind\":\"account\",\"external_id\":\"C%d\",\"name\":\"Company %d\"}\n", i, i }' > "$work/accounts.jsonl"
awk -v n="$rows" 'BEGIN { srand(1); for (i = 0; i < n; i++) { m = int(i / 1000); printf "{\"kind\":\"mrr\",\"account\":\"C%d\",\"month\":\"%04d-%02d\",\"mrr\":\"%d.%02d\"}\n", i % 1000, 1900 + int(m / 12), m % 12 + 1, int(rand() * 100000), int(rand() * 100) } }' > "$work/mrr.jsonl"
export TENURE_DB="$work/bench.db"
export TENURE_PLUGIN_PATH="$root/target/release/libtenure_plugin_example_jsonl.so"
bin="$root/target/release/tenure"
"$bin" import "$work/accounts.jsonl" > /dev/null
/usr/bin/time -v "$bin" import "$work/mrr.jsonl" 2> "$work/time.txt"
wall=$(grep 'Elapsed' "$work/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident' "$work/time.txt" | awk '{print $NF}')
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
echo "rows: $rows  wall: ${secs}s  rows/s: $(awk -v r="$rows" -v s="$secs" 'BEGIN { printf "%d", r / s }')  peak RSS: $((rss / 1024)) MB  load: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E 'User time|System time|Percent of CPU' "$work/time.txt"
