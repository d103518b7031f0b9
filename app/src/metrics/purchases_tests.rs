//! The purchase figures on a small book worked out by hand (revenue.md).
//!
//! Period 2026-03 (31 March is its end, day E):
//! - A: 10 Jan 100, 10 Feb 100, 10 Mar 150 (plan Pro). Bought before P:
//!   repeat. Gaps 31 and 28 days, median 29.5; 21 days since: not lapsed.
//! - B: 5 Mar 80 and 40 (one day), 20 Mar 20 fully refunded (no order).
//!   New in P; one visit, 26 days ago: not lapsed (plan Pro).
//! - C: 1 Jun 2025 50, 1 Jul 2025 50: gap 30, 273 days since 1 Jul > 3 × 30:
//!   lapsed; no purchase in P.
//! - D: 1 Sep 2025 200, once: 211 days since > 180: lapsed.
//! - E: 1 Dec 2025 30 failed (not a purchase), 15 Mar 60 with 10 refunded
//!   (status refunded): net 50, new in P.
//! - F: 15 Dec 2025 US$ 10 (no rate given), 1 Mar 10: repeat; gap 76 days,
//!   30 since: not lapsed.
//!
//! P: revenue 150 + 120 + 50 + 10 = 330; customers A B E F = 4; orders
//! 1 + 2 + 1 + 1 = 5; average 66; repeat A F = 2/4; returning 150 + 10 = 160;
//! frequency 5/4; lapsed C D = 2.

use super::*;
use crate::domain::*;
use crate::store::{ChangeSetMeta, Store};

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap_or_else(|e| panic!("{e}"))
}

fn m(s: &str) -> Month {
    Month::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

fn buy(a: &str, date: &str, cents: i64) -> Purchase {
    Purchase {
        account: a.into(),
        date: d(date),
        amount: Money::from_cents(cents),
        currency: None,
        refunded: None,
        external_id: None,
        kind: None,
        product: None,
        status: None,
    }
}

fn book() -> Vec<Record> {
    let mut out: Vec<Record> = ["A", "B", "C", "D", "E", "F"]
        .iter()
        .map(|id| {
            Record::Account(Account {
                external_id: (*id).into(),
                name: (*id).into(),
                plan: matches!(*id, "A" | "B").then(|| "Pro".to_string()),
                ..Default::default()
            })
        })
        .collect();
    let purchases = [
        buy("A", "2026-01-10", 10_000),
        buy("A", "2026-02-10", 10_000),
        buy("A", "2026-03-10", 15_000),
        Purchase {
            product: Some("bread".into()),
            ..buy("B", "2026-03-05", 8_000)
        },
        Purchase {
            product: Some("cake".into()),
            ..buy("B", "2026-03-05", 4_000)
        },
        Purchase {
            refunded: Some(Money::from_cents(2_000)),
            status: Some("refunded".into()),
            ..buy("B", "2026-03-20", 2_000)
        },
        buy("C", "2025-06-01", 5_000),
        buy("C", "2025-07-01", 5_000),
        buy("D", "2025-09-01", 20_000),
        Purchase {
            status: Some("failed".into()),
            ..buy("E", "2025-12-01", 3_000)
        },
        Purchase {
            refunded: Some(Money::from_cents(1_000)),
            status: Some("refunded".into()),
            ..buy("E", "2026-03-15", 6_000)
        },
        Purchase {
            currency: Some("usd".into()),
            ..buy("F", "2025-12-15", 1_000)
        },
        buy("F", "2026-03-01", 1_000),
    ];
    out.extend(purchases.into_iter().map(Record::Purchase));
    out
}

fn store_with(records: &[Record]) -> Store {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "test"))
        .unwrap_or_else(|e| panic!("{e}"));
    for r in records {
        cs.write(r).unwrap_or_else(|e| panic!("{e:?}"));
    }
    cs.commit().unwrap_or_else(|e| panic!("{e}"));
    store
}

fn units(cents: i64) -> Result<Money, MissingRate> {
    Ok(Money::from_cents(cents))
}

#[test]
fn repeat_rate_returning_revenue_and_lapsed_customers_by_hand() {
    let store = store_with(&book());
    let data = Dataset::load(&store).unwrap_or_else(|e| panic!("{e}"));
    assert!(data.has_purchases());
    // No MRR or subscription: the latest purchase month is the default.
    assert_eq!(data.default_month(), m("2026-03"));
    let p = data
        .purchase_figures(&Query::month(m("2026-03")))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.revenue, units(33_000));
    assert_eq!(p.purchasing_customers, 4);
    assert_eq!(p.orders, 5);
    assert_eq!(p.average_order_value, Ok(Some(Money::from_cents(6_600))));
    assert_eq!(p.repeat_customer_rate, Some(0.5));
    assert_eq!(p.returning_revenue, units(16_000));
    assert_eq!(p.purchase_frequency, Some(1.25));
    assert_eq!(p.lapsed_customers, 2);

    // The same figures are keys of the report's JSON.
    let report = data
        .report(&Query::month(m("2026-03")))
        .unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_value(&report).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["revenue"], serde_json::json!(330.0));
    assert_eq!(json["returning_revenue"], serde_json::json!(160.0));
    assert_eq!(json["average_order_value"], serde_json::json!(66.0));
    assert_eq!(json["repeat_customer_rate"], serde_json::json!(0.5));
    assert_eq!(json["lapsed_customers"], serde_json::json!(2));
    assert_eq!(json["orders"], serde_json::json!(5));

    // A segment: A and B (plan Pro): 150 + 120, A repeats.
    let pro = data
        .purchase_figures(&Query::month(m("2026-03")).with_filter("plan", "pro"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pro.revenue, units(27_000));
    assert_eq!((pro.purchasing_customers, pro.orders), (2, 3));
    assert_eq!(pro.repeat_customer_rate, Some(0.5));
    assert_eq!(pro.returning_revenue, units(15_000));
    assert_eq!(pro.lapsed_customers, 0);

    // A quarter: Jan 100 (A), Feb 100 (A), Mar as above; only F bought
    // before January (the rate-less December purchase), so returning is
    // F's 10.
    let q = data
        .purchase_figures(&Query::range(m("2026-01"), m("2026-03")))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(q.revenue, units(53_000));
    assert_eq!((q.purchasing_customers, q.orders), (4, 7));
    assert_eq!(q.returning_revenue, units(1_000));
    assert_eq!(q.repeat_customer_rate, Some(0.25));
}

#[test]
fn a_purchase_without_a_rate_makes_money_figures_null_with_the_reason() {
    let store = store_with(&book());
    let data = Dataset::load(&store).unwrap_or_else(|e| panic!("{e}"));
    let q = Query::month(m("2025-12"));
    let p = data.purchase_figures(&q).unwrap_or_else(|e| panic!("{e}"));
    // F's US$ 10 is the only purchase of December (E's failed).
    assert_eq!((p.purchasing_customers, p.orders), (1, 1));
    assert_eq!(
        p.why_undefined("revenue").as_deref(),
        Some("no USD rate for 2025-12")
    );
    assert!(p.revenue.is_err() && p.average_order_value.is_err());
    let report = data.report(&q).unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_value(&report).unwrap_or_else(|e| panic!("{e}"));
    assert!(json["revenue"].is_null());
    assert_eq!(
        report.detail(Metric::Revenue).undefined.as_deref(),
        Some("no USD rate for 2025-12")
    );
}

#[test]
fn lapse_settings_and_the_monthly_series() {
    let store = store_with(&book());
    store
        .settings()
        .set(purchases::LAPSE_DAYS_SETTING, "250")
        .unwrap_or_else(|e| panic!("{e}"));
    let data = Dataset::load(&store).unwrap_or_else(|e| panic!("{e}"));
    let p = data
        .purchase_figures(&Query::month(m("2026-03")))
        .unwrap_or_else(|e| panic!("{e}"));
    // D's 211 days are within 250 now; C is still 273 > 90.
    assert_eq!(p.lapsed_customers, 1);
    let s = data
        .revenue_series(&Query::range(m("2026-01"), m("2026-03")))
        .unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(Option<i64>, Option<i64>, u64)> = s
        .iter()
        .map(|p| {
            (
                p.revenue.map(Money::cents),
                p.returning_revenue.map(Money::cents),
                p.purchasing_customers,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(10_000), Some(0), 1),
            (Some(10_000), Some(10_000), 1),
            (Some(33_000), Some(16_000), 4),
        ]
    );
}

#[test]
fn purchases_are_validated_and_undone_like_any_record() {
    let bad = Record::Purchase(Purchase {
        refunded: Some(Money::from_cents(2_000)),
        currency: Some("US$".into()),
        status: Some("pending".into()),
        ..buy("A", "2026-03-01", 1_000)
    });
    let fields: Vec<String> = validate(&bad).into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["status", "refunded", "currency"]);
    let zero = Record::Purchase(buy("A", "2026-03-01", 0));
    assert_eq!(validate(&zero)[0].field, "amount");

    // Re-writing the same purchases changes nothing; undo removes them.
    let mut store = store_with(&book());
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "test"))
        .unwrap_or_else(|e| panic!("{e}"));
    for r in book() {
        cs.write(&r).unwrap_or_else(|e| panic!("{e:?}"));
    }
    let summary = cs.commit().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((summary.inserted, summary.updated), (0, 0));
    let n = |s: &Store| -> i64 {
        crate::store::queries::count(s, crate::domain::RecordKind::Purchase).unwrap_or(-1)
    };
    assert_eq!(n(&store), 13);
    let runs: Vec<i64> = store
        .imports()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|r| r.id)
        .collect();
    for id in runs.into_iter().rev() {
        store.undo_import(id).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(n(&store), 0);
}

/// The book with a rate table: US$ 5.4321 for December 2025, € 6,1 for
/// February 2026 (written with a decimal comma) and no euro rate for March.
/// G buys € 0.05 on 2 February and € 10 on 2 March.
/// - December: F's US$ 10 × 5.4321 = R$ 54.321 → R$ 54.32.
/// - February: A's 100 + € 0.05 × 6.1 = 100.305 → 100.30 (half-even, once
///   at the end; half-up would give 100.31).
/// - March: G's € 10 needs the missing March rate: revenue and returning
///   revenue (G bought in February) are null, with the reason; counts
///   still count (6 orders, 5 customers, 3 of them returning).
#[test]
fn conversion_with_a_rate_table_including_a_missing_rate() {
    let mut records = book();
    records.push(Record::Account(Account {
        external_id: "G".into(),
        name: "G".into(),
        ..Default::default()
    }));
    for (month, currency, rate) in [("2025-12", "USD", "5.4321"), ("2026-02", "eur", "6,1")] {
        records.push(Record::FxRate(FxRate {
            month: m(month),
            currency: currency.into(),
            rate: rate.into(),
        }));
    }
    for (date, cents) in [("2026-02-02", 5), ("2026-03-02", 1_000)] {
        records.push(Record::Purchase(Purchase {
            currency: Some("EUR".into()),
            ..buy("G", date, cents)
        }));
    }
    let store = store_with(&records);
    let data = Dataset::load(&store).unwrap_or_else(|e| panic!("{e}"));
    let fig = |from: &str, to: &str| {
        data.purchase_figures(&Query::range(m(from), m(to)))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let dec = fig("2025-12", "2025-12");
    assert_eq!(dec.revenue, units(5_432));
    assert_eq!(dec.average_order_value, Ok(Some(Money::from_cents(5_432))));
    let feb = fig("2026-02", "2026-02");
    assert_eq!(feb.revenue, units(10_030));
    assert_eq!(feb.returning_revenue, units(10_000));
    let mar = fig("2026-03", "2026-03");
    assert_eq!((mar.orders, mar.purchasing_customers), (6, 5));
    assert_eq!(
        mar.why_undefined("revenue").as_deref(),
        Some("no EUR rate for 2026-03")
    );
    // G bought in February, so G returns in March: A, F, G of 5, and the
    // returning revenue needs the missing rate too.
    assert_eq!(mar.repeat_customer_rate, Some(0.6));
    assert_eq!(
        mar.why_undefined("returning_revenue").as_deref(),
        Some("no EUR rate for 2026-03")
    );
    let series = data
        .revenue_series(&Query::range(m("2025-12"), m("2026-03")))
        .unwrap_or_else(|e| panic!("{e}"));
    let revenue: Vec<Option<i64>> = series.iter().map(|p| p.revenue.map(Money::cents)).collect();
    assert_eq!(revenue, vec![Some(5_432), Some(10_000), Some(10_030), None]);
    // A rate with more than ten decimals is refused where it is written.
    let bad = Record::FxRate(FxRate {
        month: m("2026-03"),
        currency: "EURO".into(),
        rate: "6.12345678901".into(),
    });
    let fields: Vec<String> = validate(&bad).into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["currency", "rate"]);
}

/// The metrics snapshot beside a database file does not carry purchases:
/// a load answered from it reads them from SQLite, so the figures agree.
#[test]
fn a_load_from_the_snapshot_has_the_purchases_too() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("book.db");
    {
        let mut store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut cs = store
            .change_set(ChangeSetMeta::new("test", "test"))
            .unwrap_or_else(|e| panic!("{e}"));
        for r in book() {
            cs.write(&r).unwrap_or_else(|e| panic!("{e:?}"));
        }
        cs.commit().unwrap_or_else(|e| panic!("{e}"));
    }
    let store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let first = Dataset::load_cached(&store).unwrap_or_else(|e| panic!("{e}"));
    let again = Dataset::cached(&store).unwrap_or_else(|| panic!("no snapshot was written"));
    let (window, _) = Dataset::load_deferring_snapshot(&store).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        window.load_timings().first().map(|t| t.0),
        Some("snapshot"),
        "the window's load was not answered from the snapshot"
    );
    let q = Query::month(m("2026-03"));
    for data in [&first, &again, &window] {
        let p = data.purchase_figures(&q).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.revenue.clone(), p.orders), (units(33_000), 5));
        assert_eq!(data.default_month(), m("2026-03"));
    }
}
