#!/usr/bin/env bash
# Issue #17's cold start: `tenure metrics --json` for one month in a new
# process, on the demo's ACCOUNTS x MONTHS (default 100,000 x 36), answered
# from the metrics snapshot and (TENURE_NO_SNAPSHOT=1) from SQLite, against
# DuckDB computing the same month's revenue figures over Tenure's exports of
# the same data (tests/bench/metrics_duckdb.py; the duckdb Python package is
# installed if missing). RUNS (default 7) alternating triples; prints each
# run's wall time and peak RSS, the medians, and every figure DuckDB and
# Tenure disagree on (none is expected).
#
# TENURE_BENCH_BIN=PATH times that tenure binary instead (two builds compared).
#
#   tests/bench/metrics-cold.sh [ACCOUNTS] [MONTHS] [RUNS]
set -euo pipefail
accounts=${1:-100000}
months=${2:-36}
runs=${3:-7}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
python3 -c "import duckdb" 2>/dev/null || python3 -m pip install -q duckdb
[ -n "${TENURE_BENCH_NO_BUILD:-}" ] || cargo build --release -q -p tenure
bin="${TENURE_BENCH_BIN:-$root/target/release/tenure}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/bench.db"
end=$(date +%Y-%m)
echo "== demo: $accounts accounts x $months months ending $end"
/usr/bin/time -f "demo: %e s, peak %M KB" "$bin" --db "$db" demo --accounts "$accounts" --months "$months" --end "$end" > /dev/null
"$bin" --db "$db" export mrr "$work/mrr.csv" 2> /dev/null
"$bin" --db "$db" export subscription "$work/subscription.csv" 2> /dev/null
# The first call builds the snapshot; its time is the cost of a stale one.
/usr/bin/time -f "first call (reads SQLite, writes the snapshot): %e s, peak %M KB" "$bin" --db "$db" metrics --json > "$work/first.json"
month=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['period']['to'])" "$work/first.json")
echo "== month $month; snapshot $(du -h "$db-metrics" | cut -f1), database $(du -h "$db" | cut -f1)"
seconds() { grep 'Elapsed' "$1" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'; }
peak() { echo $(( $(grep 'Maximum resident' "$1" | awk '{print $NF}') / 1024 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: > "$work/snap.txt"; : > "$work/sqlite.txt"; : > "$work/duck.txt"; : > "$work/duckin.txt"
for run in $(seq 1 "$runs"); do
  /usr/bin/time -v "$bin" --db "$db" metrics --json --month "$month" > "$work/snap.json" 2> "$work/t1"
  TENURE_NO_SNAPSHOT=1 /usr/bin/time -v "$bin" --db "$db" metrics --json --month "$month" > "$work/sqlite.json" 2> "$work/t2"
  /usr/bin/time -v python3 "$root/tests/bench/metrics_duckdb.py" "$work/mrr.csv" "$work/subscription.csv" "$month" "$end" > "$work/duck.json" 2> "$work/t3"
  inner=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['seconds'])" "$work/duck.json")
  seconds "$work/t1" >> "$work/snap.txt"; seconds "$work/t2" >> "$work/sqlite.txt"; seconds "$work/t3" >> "$work/duck.txt"; echo "$inner" >> "$work/duckin.txt"
  echo "run $run: snapshot $(seconds "$work/t1") s ($(peak "$work/t1") MB)  sqlite $(seconds "$work/t2") s ($(peak "$work/t2") MB)  duckdb process $(seconds "$work/t3") s ($(peak "$work/t3") MB; queries ${inner} s)  load $(cut -d' ' -f1 /proc/loadavg)"
done
echo "medians of $runs: snapshot $(median < "$work/snap.txt") s  sqlite $(median < "$work/sqlite.txt") s  duckdb process $(median < "$work/duck.txt") s (queries $(median < "$work/duckin.txt") s)"
cmp -s "$work/snap.json" "$work/sqlite.json" && echo "snapshot and SQLite answers: the same JSON byte for byte" || echo "snapshot and SQLite answers DIFFER"
python3 - "$work/snap.json" "$work/duck.json" <<'PY'
import json, sys
from decimal import Decimal
tenure = json.load(open(sys.argv[1]))
duck = json.load(open(sys.argv[2]))
bad = []
for key, want in duck.items():
    if key in ("month", "seconds"):
        continue
    got = tenure.get(key)
    if want is None or got is None:
        same = want is None and got is None
    elif isinstance(want, str):  # money: DuckDB's exact text against Tenure's number
        same = round(float(got) * 100) == round(Decimal(want) * 100)
    elif isinstance(want, float):
        same = abs(float(got) - want) < 1e-12
    else:
        same = got == want
    if not same:
        bad.append(f"{key}: tenure {got!r}, duckdb {want!r}")
print(f"figures compared with DuckDB: {len(duck) - 2}, disagreeing: {len(bad)}")
for line in bad:
    print("  " + line)
PY
