//! Demo data: deterministic, plausible, every kind present.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test

mod common;

use common::*;
use std::collections::BTreeMap;
use tenure::demo::{DemoParams, generate};
use tenure::domain::RecordKind;
use tenure::store::{Store, queries};

fn params(seed: u64) -> DemoParams {
    DemoParams {
        accounts: 1500,
        months: 24,
        seed,
        end: month("2025-12"),
    }
}

fn demo_store(seed: u64) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    generate(&mut store, &params(seed), &mut |_| true).unwrap();
    store
}

#[test]
fn same_seed_gives_identical_content() {
    let a = dump(&demo_store(7));
    let b = dump(&demo_store(7));
    assert!(a.len() > 100_000);
    assert!(a == b, "two runs with the same seed differ");
    let c = dump(&demo_store(8));
    assert!(a != c, "another seed gives other data");
}

#[test]
fn every_kind_present_and_churn_differs_by_industry() {
    let store = demo_store(42);
    let counts: BTreeMap<RecordKind, i64> = queries::record_counts(&store)
        .unwrap()
        .into_iter()
        .collect();
    // The demo is a subscription business in one currency, with a services
    // line sold beside it (purchases): no exchange rates; tasks are opened
    // by the playbook rules when the database is opened, not written by the
    // demo.
    let not_generated = [RecordKind::FxRate, RecordKind::Task];
    for kind in RecordKind::ALL {
        if not_generated.contains(&kind) {
            assert_eq!(counts.get(&kind).copied().unwrap_or(0), 0, "{kind}");
        } else {
            assert!(counts[&kind] > 0, "no {kind} records");
        }
    }
    assert!((4..=12).contains(&counts[&RecordKind::Csm]));
    assert_eq!(counts[&RecordKind::Account], 1500);

    let accounts = queries::accounts(&store).unwrap();
    let mut by_industry: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for a in &accounts {
        let e = by_industry
            .entry(a.account.industry.clone().unwrap())
            .or_default();
        e.0 += 1;
        if a.account.churned_on.is_some() {
            e.1 += 1;
        }
    }
    let rates: Vec<f64> = by_industry
        .values()
        .filter(|(n, _)| *n >= 50)
        .map(|(n, c)| f64::from(*c) / f64::from(*n))
        .collect();
    let (lo, hi) = rates
        .iter()
        .fold((1.0f64, 0.0f64), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
    assert!(
        hi - lo > 0.15,
        "churn by industry too uniform: {by_industry:?}"
    );
    // Some accounts came back after churning (reactivation: MRR, a gap, MRR again).
    let reactivated: i64 = store
        .conn()
        .query_row(
            "SELECT count(DISTINCT a.account_id) FROM mrr a JOIN mrr b
               ON b.account_id = a.account_id AND b.month > a.month + 1
             WHERE NOT EXISTS (SELECT 1 FROM mrr c WHERE c.account_id = a.account_id
                                 AND c.month > a.month AND c.month < b.month)
               AND (a.month % 100 != 12 OR b.month != a.month + 89)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(reactivated > 0);
    // BRL prices by plan: Enterprise accounts pay more than Starter ones.
    let avg = |plan: &str| -> f64 {
        store
            .conn()
            .query_row(
                "SELECT avg(m.mrr_cents) FROM mrr m JOIN account a ON a.id = m.account_id WHERE a.plan = ?1",
                [plan],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert!(avg("Enterprise") > 5.0 * avg("Starter"));
}

#[test]
fn refuses_a_database_that_holds_data_and_cancel_writes_nothing() {
    let mut store = demo_store(1);
    let err = generate(&mut store, &params(1), &mut |_| true).unwrap_err();
    assert!(err.to_string().contains("already holds accounts"), "{err}");

    let mut empty = Store::open_in_memory().unwrap();
    let mut calls = 0;
    let err = generate(&mut empty, &params(1), &mut |_| {
        calls += 1;
        calls < 2
    })
    .unwrap_err();
    assert!(err.to_string().contains("cancelled"));
    assert_eq!(dump(&empty), "");
}

/// The services line and the support trials (demo/purchases.rs): at the
/// default size the LTV model fits (at least 20 repeat customers), and the
/// trial-conversion and committed-MRR cards have trials and scheduled
/// cancellations to show.
#[test]
fn default_demo_has_purchases_for_the_ltv_model_and_trials() {
    let mut store = Store::open_in_memory().unwrap();
    let params = DemoParams {
        accounts: 300,
        months: 24,
        seed: 42,
        end: month("2025-12"),
    };
    generate(&mut store, &params, &mut |_| true).unwrap();
    let report = tenure::ltv::compute(&store, &tenure::ltv::LtvOptions::default()).unwrap();
    let model = report
        .model
        .as_ref()
        .unwrap_or_else(|| panic!("no model: {:?}", report.reason));
    assert!(model.repeaters >= 20, "{model:?}");
    assert!(report.spend_note.is_none(), "{:?}", report.spend_note);
    // Some orders were refunded (in full or in part) and some failed; none
    // refunds more than it paid (the store would have rejected it).
    let (refunded, failed): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT count(*) FILTER (WHERE refunded_cents > 0),
                    count(*) FILTER (WHERE status = 'failed') FROM purchase",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        refunded > 0 && failed > 0,
        "{refunded} refunded, {failed} failed"
    );
    let data = tenure::metrics::Dataset::load(&store).unwrap();
    assert!(data.has_trials());
    assert!(data.has_scheduled_cancellations());
}
