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
    # A subscription adds its net amount / months of its period (half up,
    # in cents, once: docs/revenue.md) to every month whose last day it
    # covers: from the first paid day (the later of start and trial_end) to
    # the first day that no longer counts (the earlier of end and
    # cancel_at): paid_from <= last day < stop. The net is the amount less
    # the discount, or less discount_percent (kept to the millionth of a
    # point).
    con.execute(
        f"""
        CREATE TABLE sub AS
        SELECT account,
               greatest(CAST(start AS DATE), CAST(nullif(trial_end, '') AS DATE)) AS paid_from,
               least(CAST(nullif("end", '') AS DATE), CAST(nullif(cancel_at, '') AS DATE)) AS stop,
               CAST(round(CAST(amount AS DECIMAL(18, 2)) * 100) AS HUGEINT) AS cents,
               CAST(round(CAST(nullif(discount, '') AS DECIMAL(18, 2)) * 100) AS HUGEINT) AS off_cents,
               CAST(round(CAST(nullif(discount_percent, '') AS DOUBLE) * 1000000) AS HUGEINT) AS off_millionths,
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
          SELECT account, m, CAST(CASE
              WHEN off_cents IS NOT NULL THEN
                floor((2 * greatest(cents - off_cents, 0) + months) / (2 * months))
              WHEN off_millionths IS NOT NULL THEN
                floor((2 * cents * (100000000 - least(greatest(off_millionths, 0), 100000000))
                       + 100000000 * months) / (2 * 100000000 * months))
              ELSE floor((2 * cents + months) / (2 * months))
            END AS BIGINT) AS cents
          FROM (
            SELECT sub.*, g.m,
                   last_day(make_date(CAST(floor(g.m / 12) AS INTEGER), CAST(g.m % 12 + 1 AS INTEGER), 1)) AS last
            FROM sub, generate_series(0, {horizon}) AS g(m)
            WHERE g.m >= year(paid_from) * 12 + month(paid_from) - 1
          )
          WHERE paid_from <= last AND (stop IS NULL OR last < stop) AND m <= {today_idx}
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
