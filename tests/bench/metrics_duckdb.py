"""The revenue figures of one month, computed by DuckDB over Tenure's own
exports of the same database (`tenure export mrr|subscription FILE.csv`),
following shared/spec/metrics.md and data-model.md independently of Tenure's
engine. Prints them as JSON with the seconds DuckDB took, so that
tests/bench/metrics-cold.sh can time both sides and compare every figure.

    python3 metrics_duckdb.py MRR.csv SUBSCRIPTION.csv YYYY-MM TODAY-YYYY-MM
"""

import json
import sys
import time

import duckdb


def month_index(text):
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def main():
    mrr_csv, sub_csv, month, today = sys.argv[1:5]
    m2 = month_index(month)
    today_idx = month_index(today)
    clock = time.perf_counter()
    con = duckdb.connect()
    # MRR snapshots, in cents, by month index (months after today are left out).
    con.execute(
        f"""
        CREATE TABLE snap AS
        SELECT account,
               CAST(split_part(month, '-', 1) AS INTEGER) * 12
                 + CAST(split_part(month, '-', 2) AS INTEGER) - 1 AS m,
               CAST(round(CAST(mrr AS DECIMAL(18, 2)) * 100) AS BIGINT) AS cents
        FROM read_csv('{mrr_csv}', header = true, all_varchar = true)
        WHERE mrr IS NOT NULL
        """
    )
    con.execute(f"DELETE FROM snap WHERE m > {today_idx}")
    latest = con.execute("SELECT max(m) FROM snap").fetchone()[0]
    horizon = max(latest if latest is not None else today_idx, today_idx)
    # A subscription adds amount / months of its period (half up, in cents)
    # to every month whose last day it covers: start <= last day < end.
    con.execute(
        f"""
        CREATE TABLE sub AS
        SELECT account,
               CAST(start AS DATE) AS s,
               CAST(nullif("end", '') AS DATE) AS e,
               CAST(round(CAST(amount AS DECIMAL(18, 2)) * 100) AS BIGINT) AS cents,
               CASE coalesce(nullif(billing_period, ''), 'monthly')
                 WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3
                 WHEN 'semiannual' THEN 6 WHEN 'annual' THEN 12 END AS months
        FROM read_csv('{sub_csv}', header = true, all_varchar = true)
        """
    )
    con.execute(
        f"""
        CREATE TABLE rev AS
        SELECT account, m, sum(cents) AS cents FROM (
          SELECT account, m, cents FROM snap
          UNION ALL
          SELECT account, m, CAST(floor((2 * cents + months) / (2 * months)) AS BIGINT) AS cents
          FROM (
            SELECT sub.*, g.m,
                   last_day(make_date(CAST(floor(g.m / 12) AS INTEGER), CAST(g.m % 12 + 1 AS INTEGER), 1)) AS last
            FROM sub, generate_series(0, {horizon}) AS g(m)
            WHERE g.m >= year(s) * 12 + month(s) - 1
          )
          WHERE s <= last AND (e IS NULL OR last < e) AND m <= {today_idx}
        ) GROUP BY account, m
        """
    )
    row = con.execute(
        f"""
        WITH a AS (
          SELECT account,
                 sum(CASE WHEN m = {m2} THEN cents ELSE 0 END) AS cur,
                 sum(CASE WHEN m = {m2 - 1} THEN cents ELSE 0 END) AS prev,
                 min(CASE WHEN cents > 0 THEN m END) AS first_pos
          FROM rev WHERE m <= {m2} GROUP BY account
        )
        SELECT
          sum(cur) AS mrr,
          count(*) FILTER (WHERE cur > 0) AS active,
          sum(cur) FILTER (WHERE prev <= 0 AND cur > 0 AND first_pos = {m2}) AS new_mrr,
          sum(cur) FILTER (WHERE prev <= 0 AND cur > 0 AND first_pos < {m2}) AS reactivation_mrr,
          sum(cur - prev) FILTER (WHERE prev > 0 AND cur > prev) AS expansion_mrr,
          sum(prev - cur) FILTER (WHERE prev > 0 AND cur > 0 AND cur < prev) AS contraction_mrr,
          sum(prev) FILTER (WHERE prev > 0 AND cur <= 0) AS churned_mrr,
          count(*) FILTER (WHERE prev > 0) AS start_accounts,
          count(*) FILTER (WHERE prev > 0 AND cur <= 0) AS lost,
          sum(cur) FILTER (WHERE prev > 0) AS s_m2,
          sum(prev) FILTER (WHERE prev > 0) AS s_m0,
          sum(least(cur, prev)) FILTER (WHERE prev > 0) AS s_min
        FROM a
        """
    ).fetchone()
    seconds = time.perf_counter() - clock
    (mrr, active, new, react, exp, contr, churned, start, lost, s_m2, s_m0, s_min) = [
        int(v or 0) for v in row
    ]

    def money(cents):
        return f"{cents // 100}.{cents % 100:02d}"

    def ratio(a, b):
        return a / b if b else None

    # ARPA in cents, rounded half up as money is shown.
    arpa = None if active == 0 else money((2 * mrr + active) // (2 * active))
    print(
        json.dumps(
            {
                "month": month,
                "mrr": money(mrr),
                "arr": money(12 * mrr),
                "active_accounts": active,
                "arpa": arpa,
                "new_mrr": money(new),
                "reactivation_mrr": money(react),
                "expansion_mrr": money(exp),
                "contraction_mrr": money(contr),
                "churned_mrr": money(churned),
                "logo_churn_rate": ratio(lost, start),
                "nrr": ratio(s_m2, s_m0),
                "grr": ratio(s_min, s_m0),
                "seconds": round(seconds, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
