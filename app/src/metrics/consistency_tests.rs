//! The report, the monthly series and the segmented reports checked
//! against each other on a generated book, and against values worked out
//! by hand on a tiny one: a month of the series is the report of that
//! month; additive figures of the segments add up to the total; each
//! segment's ratios are recomputed here from its own exact integer sums
//! (an independent path through the dataset's MRR) and rounded once.

use super::*;
use crate::demo::{DemoParams, generate};
use crate::domain::*;
use crate::store::{ChangeSetMeta, Store};
use std::sync::Arc;

fn demo_book() -> (Dataset, Month) {
    let mut store = Store::open_in_memory().unwrap();
    let params = DemoParams {
        accounts: 180,
        months: 24,
        seed: 11,
        end: Month::from_ym(2025, 12),
    };
    generate(&mut store, &params, &mut |_| true).unwrap();
    (Dataset::load(&store).unwrap(), params.end)
}

/// A seeded segment that no account field describes: a label for two
/// accounts in three, from a small linear congruential generator.
fn random_segment(n: usize, seed: u64) -> Labels {
    let mut x = seed;
    let labels = (0..n)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            match (x >> 33) % 3 {
                0 => Some("north".to_string()),
                1 => Some("south".to_string()),
                _ => None,
            }
        })
        .collect();
    Labels {
        field: "region_test".into(),
        labels,
    }
}

#[test]
fn each_month_of_the_series_is_that_months_report() {
    let (data, end) = demo_book();
    for q in [
        Query::range(end.plus(-11), end),
        Query::range(end.plus(-11), end).with_filter("plan", "Pro"),
    ] {
        let points = data.series(&q).unwrap();
        assert_eq!(points.len(), 12);
        for p in &points {
            let month = Query {
                period: Period::month(p.month),
                ..q.clone()
            };
            let r = data.report(&month).unwrap();
            let at = p.month;
            assert_eq!(p.mrr, r.mrr, "{at}");
            assert_eq!(p.arr, r.arr, "{at}");
            assert_eq!(p.active_accounts, r.active_accounts, "{at}");
            assert_eq!(p.new_mrr, r.new_mrr, "{at}");
            assert_eq!(p.expansion_mrr, r.expansion_mrr, "{at}");
            assert_eq!(p.contraction_mrr, r.contraction_mrr, "{at}");
            assert_eq!(p.churned_mrr, r.churned_mrr, "{at}");
            assert_eq!(p.reactivation_mrr, r.reactivation_mrr, "{at}");
            assert_eq!(p.net_new_mrr, r.net_new_mrr, "{at}");
            // The same exact sums divided the same way: equal to the bit.
            assert_eq!(p.nrr, r.nrr, "{at}");
            assert_eq!(p.grr, r.grr, "{at}");
            assert_eq!(p.nrr_ttm, r.nrr_ttm, "{at}");
            assert_eq!(p.grr_ttm, r.grr_ttm, "{at}");
            assert_eq!(p.logo_churn_rate, r.logo_churn_rate, "{at}");
            assert_eq!(p.accounts_at_start, r.extras.accounts_at_start, "{at}");
            assert_eq!(p.logo_retention(), r.logo_retention_rate, "{at}");
            assert_eq!((p.nps, p.nps_responses), (r.nps, r.nps_responses), "{at}");
            assert_eq!(p.csat, r.csat, "{at}");
            assert_eq!(p.ces, r.ces, "{at}");
            assert_eq!(p.health, r.health, "{at}");
            assert_eq!(p.tickets_opened, r.detail(Metric::TicketsPerCustomer).count);
            assert_eq!(p.first_response_hours_median, r.first_response_hours_median);
            assert_eq!(p.resolution_hours_median, r.resolution_hours_median);
            assert_eq!(p.adoption_rate, r.adoption_rate, "{at}");
            assert_eq!(p.license_utilization, r.license_utilization, "{at}");
        }
        assert!(
            points.iter().any(|p| p.churned_mrr.cents() > 0)
                && points.iter().any(|p| p.nps.is_some()),
            "the generated book has churn and NPS answers to compare"
        );
    }
}

/// The account indices of one segment, recomputed here from the labels.
fn members(data: &Dataset, seg: &Labels, label: Option<&str>) -> Vec<usize> {
    (0..data.account_count())
        .filter(|&a| seg.label(a) == label)
        .collect()
}

#[test]
fn segments_add_up_and_their_ratios_are_exact() {
    let (data, end) = demo_book();
    let seg = Arc::new(random_segment(data.account_count(), 42));
    let segments = Segments::none().with(seg.clone());
    for period in [Period::month(end), Period::new(end.plus(-2), end)] {
        // The whole base under a filter every account passes is the sum of
        // the segments (a filter leaves out the records of no account).
        let q = Query {
            period,
            filters: vec![("currency_test".into(), String::new())],
            segments: segments.clone(),
        };
        let all = Labels {
            field: "currency_test".into(),
            labels: vec![Some(String::new()); data.account_count()],
        };
        let q_all = Query {
            segments: segments.clone().with(Arc::new(all)),
            ..q.clone()
        };
        let total = data.report(&q_all).unwrap();
        let q_by = Query {
            filters: Vec::new(),
            ..q_all.clone()
        };
        let groups = data.report_by(&q_by, "region_test").unwrap();
        let names: Vec<Option<&str>> = groups.iter().map(|(g, _)| g.as_deref()).collect();
        assert_eq!(names, vec![Some("north"), Some("south"), None]);
        let sum = |f: &dyn Fn(&MetricsReport) -> i64| groups.iter().map(|(_, r)| f(r)).sum::<i64>();
        assert_eq!(sum(&|r| r.mrr.cents()), total.mrr.cents());
        assert_eq!(sum(&|r| r.arr.cents()), total.arr.cents());
        assert_eq!(
            sum(&|r| r.active_accounts as i64),
            total.active_accounts as i64
        );
        assert_eq!(sum(&|r| r.new_mrr.cents()), total.new_mrr.cents());
        assert_eq!(
            sum(&|r| r.expansion_mrr.cents()),
            total.expansion_mrr.cents()
        );
        assert_eq!(
            sum(&|r| r.contraction_mrr.cents()),
            total.contraction_mrr.cents()
        );
        assert_eq!(sum(&|r| r.churned_mrr.cents()), total.churned_mrr.cents());
        assert_eq!(
            sum(&|r| r.reactivation_mrr.cents()),
            total.reactivation_mrr.cents()
        );
        assert_eq!(sum(&|r| r.nps_responses as i64), total.nps_responses as i64);
        assert_eq!(sum(&|r| r.open_tickets as i64), total.open_tickets as i64);
        assert_eq!(
            sum(&|r| r.health.at_risk as i64),
            total.health.at_risk as i64
        );
        assert_eq!(
            sum(&|r| r.extras.accounts_at_start as i64),
            total.extras.accounts_at_start as i64
        );
        assert_eq!(
            sum(&|r| r.extras.new_accounts as i64),
            total.extras.new_accounts as i64
        );

        let (m0, m2) = (period.from.index() - 1, period.to.index());
        for (label, r) in &groups {
            let idx = members(&data, &seg, label.as_deref());
            // Exact integer sums of the segment, by account, from MRR(a, m).
            let (mut base, mut lost, mut at_start, mut at_end, mut floor) =
                (0u64, 0u64, 0i128, 0i128, 0i128);
            let (mut mrr_end, mut active) = (0i128, 0i128);
            for &a in &idx {
                let (s, e) = (data.mrr(a, m0), data.mrr(a, m2));
                mrr_end += i128::from(e);
                if e > 0 {
                    active += 1;
                }
                if s > 0 {
                    base += 1;
                    lost += u64::from(e <= 0);
                    at_start += i128::from(s);
                    at_end += i128::from(e);
                    floor += i128::from(s.min(e));
                }
            }
            assert_eq!(r.mrr.cents() as i128, mrr_end, "{label:?}");
            assert_eq!(r.active_accounts as i128, active, "{label:?}");
            // ARPA: Σ MRR / active, rounded half up once, to the cent.
            assert_eq!(
                r.arpa.map(|m| m.cents() as i128),
                (active > 0).then(|| div_round_half_up(mrr_end, active)),
                "{label:?}"
            );
            assert_eq!(
                (r.extras.accounts_at_start, r.extras.accounts_lost),
                (base, lost)
            );
            let exact = |n: i128, d: i128| (d != 0).then(|| n as f64 / d as f64);
            assert_eq!(
                r.logo_churn_rate,
                exact(lost.into(), base.into()),
                "{label:?}"
            );
            assert_eq!(r.nrr, exact(at_end, at_start), "{label:?}");
            assert_eq!(r.grr, exact(floor, at_start), "{label:?}");
            assert_eq!(
                r.revenue_churn_rate,
                exact(at_start - floor, at_start),
                "{label:?}"
            );
            // CAC of a segment: Σ acquisition cost / new accounts with one;
            // LTV : CAC from the unrounded LTV and CAC, not from their cents.
            if let (Some(ltv), Some(cac), Some(ratio)) = (r.ltv, r.cac, r.ltv_cac) {
                let from_cents = ltv.cents() as f64 / cac.cents() as f64;
                assert!((ratio - from_cents).abs() <= from_cents * 1e-4, "{label:?}");
            }
        }
    }
}

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn tiny_book() -> Dataset {
    let acct = |id: &str, plan: Option<&str>| {
        Record::Account(Account {
            external_id: id.into(),
            name: id.into(),
            plan: plan.map(str::to_string),
            ..Default::default()
        })
    };
    let mrr = |a: &str, month: &str, units: i64| {
        Record::Mrr(MrrRecord {
            account: a.into(),
            month: m(month),
            mrr: Money::from_cents(units * 100),
        })
    };
    let nps = |a: &str, date: &str, score: i64| {
        Record::SurveyResponse(SurveyResponse {
            account: a.into(),
            date: Date::parse_iso(date).unwrap(),
            kind: SurveyKind::Nps,
            score,
            respondent: None,
            comment: None,
        })
    };
    let records = [
        acct("A", Some("Pro")),
        acct("B", Some("Pro")),
        acct("C", Some("Basic")),
        acct("D", None),
        mrr("A", "2025-01", 100),
        mrr("A", "2025-02", 150),
        mrr("A", "2025-03", 150),
        mrr("B", "2025-01", 200),
        mrr("C", "2025-02", 300),
        mrr("C", "2025-03", 240),
        mrr("D", "2025-01", 50),
        mrr("D", "2025-02", 50),
        mrr("D", "2025-03", 50),
        nps("A", "2025-02-10", 10),
        nps("B", "2025-02-11", 3),
        nps("C", "2025-02-12", 9),
    ];
    let mut store = Store::open_in_memory().unwrap();
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "test"))
        .unwrap();
    for r in &records {
        cs.write(r).unwrap();
    }
    cs.commit().unwrap();
    Dataset::load(&store).unwrap()
}

/// Worked by hand. February: A 100 → 150 (expansion 50), B 200 → 0 (churn
/// 200), C 0 → 300 (new 300), D 50 → 50. MRR = 150 + 300 + 50 = 500 over 3
/// active accounts (ARPA 166.67). The base S = {A, B, D}: 1 of 3 lost; Σ
/// MRR 350 in January, 200 in February, Σ min 150: NRR 200/350, GRR
/// 150/350, revenue churn 200/350. Quick ratio (300 + 50) / 200 = 1.75.
/// NPS: A 10 and C 9 promoters, B 3 a detractor: 100 × (2 − 1) / 3.
#[test]
fn tiny_book_by_hand_report_segments_and_series() {
    let data = tiny_book();
    let feb = Query::month(m("2025-02"));
    let r = data.report(&feb).unwrap();
    let cents = |m: Money| m.cents();
    assert_eq!(cents(r.mrr), 50_000);
    assert_eq!(cents(r.arr), 600_000);
    assert_eq!(r.active_accounts, 3);
    assert_eq!(r.arpa.map(cents), Some(16_667));
    assert_eq!(
        [
            r.new_mrr,
            r.expansion_mrr,
            r.contraction_mrr,
            r.churned_mrr,
            r.reactivation_mrr
        ]
        .map(cents),
        [30_000, 5_000, 0, 20_000, 0]
    );
    assert_eq!(cents(r.net_new_mrr), 15_000);
    assert_eq!(r.quick_ratio, Some(1.75));
    assert_eq!(r.logo_churn_rate, Some(1.0 / 3.0));
    assert_eq!(r.nrr, Some(200.0 / 350.0));
    assert_eq!(r.grr, Some(150.0 / 350.0));
    assert_eq!(r.revenue_churn(), Some(200.0 / 350.0));
    assert_eq!(r.nps, Some(100.0 / 3.0));
    assert_eq!(r.nps_responses, 3);

    // By plan: Basic = {C}, Pro = {A, B}, no plan = {D}.
    let by = data.report_by(&feb, "plan").unwrap();
    let names: Vec<Option<&str>> = by.iter().map(|(g, _)| g.as_deref()).collect();
    assert_eq!(names, vec![Some("Basic"), Some("Pro"), None]);
    let (basic, pro, none) = (&by[0].1, &by[1].1, &by[2].1);
    assert_eq!(
        [basic.mrr, pro.mrr, none.mrr].map(cents),
        [30_000, 15_000, 5_000]
    );
    // Basic: C is new; nobody was active in January, so no retention figure.
    assert_eq!(
        (cents(basic.new_mrr), basic.nrr, basic.logo_churn_rate),
        (30_000, None, None)
    );
    assert_eq!(basic.nps, Some(100.0));
    // Pro: S = {A, B}: B lost (1/2); Σ 300 → 150 (NRR 1/2); Σ min 100 (GRR 1/3).
    assert_eq!(pro.logo_churn_rate, Some(0.5));
    assert_eq!(pro.nrr, Some(0.5));
    assert_eq!(pro.grr, Some(100.0 / 300.0));
    assert_eq!(pro.quick_ratio, Some(50.0 / 200.0));
    assert_eq!(pro.nps, Some(0.0));
    // No plan: D kept its 50.
    assert_eq!(
        (none.nrr, none.grr, none.logo_churn_rate),
        (Some(1.0), Some(1.0), Some(0.0))
    );

    // The series January–March: January is every account's first month
    // (new 100 + 200 + 50); March: C 300 → 240 (contraction 60), Σ MRR 440
    // against February's 500 from the same accounts (NRR = GRR = 0.88).
    let s = data
        .series(&Query::range(m("2025-01"), m("2025-03")))
        .unwrap();
    assert_eq!(
        s.iter().map(|p| cents(p.mrr)).collect::<Vec<_>>(),
        [35_000, 50_000, 44_000]
    );
    assert_eq!(
        s.iter().map(|p| cents(p.new_mrr)).collect::<Vec<_>>(),
        [35_000, 30_000, 0]
    );
    assert_eq!(cents(s[2].contraction_mrr), 6_000);
    assert_eq!(
        (s[2].nrr, s[2].grr),
        (Some(440.0 / 500.0), Some(440.0 / 500.0))
    );
    assert_eq!(s[1].nrr, r.nrr);
    // The quarter as one period: movements of all three months, retention
    // against December (nobody active then).
    let q1 = data
        .report(&Query::range(m("2025-01"), m("2025-03")))
        .unwrap();
    assert_eq!(cents(q1.mrr), 44_000);
    assert_eq!(cents(q1.new_mrr), 65_000);
    assert_eq!(
        [q1.expansion_mrr, q1.contraction_mrr, q1.churned_mrr].map(cents),
        [5_000, 6_000, 20_000]
    );
    assert_eq!((q1.nrr, q1.logo_churn_rate), (None, None));
}
