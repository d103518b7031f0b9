//! Hand-computed vectors for the metrics engine. Every expected number in
//! this file was worked out by hand from the records written in the test.

use super::health::auc_from_histograms;
use super::*;
use crate::demo::{DemoParams, generate};
use crate::domain::*;
use crate::store::{ChangeSetMeta, Store};

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}
fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}
fn acct(id: &str) -> Account {
    Account {
        external_id: id.into(),
        name: id.into(),
        ..Default::default()
    }
}
fn acct_plan(id: &str, plan: Option<&str>) -> Record {
    Record::Account(Account {
        plan: plan.map(str::to_string),
        ..acct(id)
    })
}
fn mrr(a: &str, month: &str, units: i64) -> Record {
    Record::Mrr(MrrRecord {
        account: a.into(),
        month: m(month),
        mrr: Money::from_cents(units * 100),
    })
}
fn survey(a: &str, date: &str, kind: SurveyKind, score: i64) -> Record {
    Record::SurveyResponse(SurveyResponse {
        account: a.into(),
        date: d(date),
        kind,
        score,
        respondent: None,
        comment: None,
    })
}
fn ticket(a: &str, id: &str, opened: &str, first: Option<&str>, resolved: Option<&str>) -> Record {
    Record::Ticket(Ticket {
        requester: None,
        account: a.into(),
        external_id: Some(id.into()),
        opened_at: Instant::parse(opened).unwrap(),
        first_response_at: first.map(|t| Instant::parse(t).unwrap()),
        resolved_at: resolved.map(|t| Instant::parse(t).unwrap()),
        category: None,
        priority: None,
        channel: None,
    })
}

fn store_with(records: &[Record]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "test"))
        .unwrap();
    for r in records {
        cs.write(r).unwrap();
    }
    cs.commit().unwrap();
    store
}

fn load(records: &[Record]) -> Dataset {
    Dataset::load(&store_with(records)).unwrap()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn mrr_worked_example_50_at_200_and_100_at_400() {
    let mut recs = Vec::new();
    for i in 0..150 {
        let id = format!("A{i}");
        recs.push(Record::Account(acct(&id)));
        recs.push(mrr(&id, "2025-03", if i < 50 { 200 } else { 400 }));
    }
    let data = load(&recs);
    let r = data.report(&Query::month(m("2025-03"))).unwrap();
    assert_eq!(r.mrr, Money::from_cents(5_000_000));
    assert_eq!(r.arr, Money::from_cents(60_000_000));
    assert_eq!(r.active_accounts, 150);
    // 50,000 / 150 = 333.333… → 333.33
    assert_eq!(r.arpa, Some(Money::from_cents(33_333)));
    assert_eq!(r.new_mrr, Money::from_cents(5_000_000));
    assert_eq!(data.default_month(), m("2025-03"));
}

/// A: 100→150 expansion; B: 200→0 churn; C: new 300; D: 50 in Jan, 0 in
/// Mar, 80 in Apr (reactivation); E: 120→100 contraction. Month: 2025-04.
fn movements_case() -> Vec<Record> {
    let mut recs: Vec<Record> = ["A", "B", "C", "D", "E"]
        .iter()
        .map(|a| Record::Account(acct(a)))
        .collect();
    recs.extend([
        mrr("A", "2025-03", 100),
        mrr("A", "2025-04", 150),
        mrr("B", "2025-03", 200),
        mrr("C", "2025-04", 300),
        mrr("D", "2025-01", 50),
        mrr("D", "2025-04", 80),
        mrr("E", "2025-03", 120),
        mrr("E", "2025-04", 100),
    ]);
    recs
}

#[test]
fn movements_reactivation_vs_new_and_invariant() {
    let data = load(&movements_case());
    let r = data.report(&Query::month(m("2025-04"))).unwrap();
    let c = |u: i64| Money::from_cents(u * 100);
    assert_eq!(r.new_mrr, c(300));
    assert_eq!(r.reactivation_mrr, c(80));
    assert_eq!(r.expansion_mrr, c(50));
    assert_eq!(r.contraction_mrr, c(20));
    assert_eq!(r.churned_mrr, c(200));
    assert_eq!(r.mrr, c(630));
    // 420 + 300 + 80 + 50 − 20 − 200 = 630
    let prev = data.report(&Query::month(m("2025-03"))).unwrap().mrr;
    assert_eq!(prev, c(420));
    assert!(close(r.quick_ratio, 430.0 / 220.0));
    // S = {A, B, E}: NRR = (150 + 0 + 100) / 420, GRR = (100 + 0 + 100) / 420.
    assert!(close(r.nrr, 250.0 / 420.0));
    assert!(close(r.grr, 200.0 / 420.0));
    assert!(close(r.logo_churn_rate, 1.0 / 3.0));
    assert!(close(r.logo_retention_rate, 2.0 / 3.0));
    assert!(r.is_small_sample(Metric::Nrr));
    assert_eq!(r.detail(Metric::LogoChurnRate).count, 3);
}

#[test]
fn explicit_zero_row_does_not_make_a_reactivation() {
    let data = load(&[
        Record::Account(acct("Z")),
        mrr("Z", "2025-01", 0),
        mrr("Z", "2025-03", 90),
    ]);
    let r = data.report(&Query::month(m("2025-03"))).unwrap();
    assert_eq!(r.new_mrr, Money::from_cents(9_000));
    assert_eq!(r.reactivation_mrr, Money::ZERO);
}

#[test]
fn nrr_grr_three_accounts_over_a_quarter_and_ttm() {
    // Start of the period (m0) = 2025-03. X 100 → 130, Y 200 → 150, Z 100 → 0;
    // W is new in 2025-05 and never counts.
    let mut recs: Vec<Record> = ["X", "Y", "Z", "W"]
        .iter()
        .map(|a| Record::Account(acct(a)))
        .collect();
    recs.extend([
        mrr("X", "2024-06", 100),
        mrr("X", "2025-03", 100),
        mrr("X", "2025-06", 130),
        mrr("Y", "2025-03", 200),
        mrr("Y", "2025-06", 150),
        mrr("Z", "2025-03", 100),
        mrr("W", "2025-05", 500),
        mrr("W", "2025-06", 500),
    ]);
    let data = load(&recs);
    let r = data
        .report(&Query::range(m("2025-04"), m("2025-06")))
        .unwrap();
    // NRR = (130 + 150 + 0) / 400; GRR = (100 + 150 + 0) / 400.
    assert!(close(r.nrr, 280.0 / 400.0));
    assert!(close(r.grr, 250.0 / 400.0));
    assert!(close(r.logo_churn_rate, 1.0 / 3.0));
    // TTM: base 2024-06 holds only X (100 → 130).
    assert!(close(r.nrr_ttm, 1.3));
    assert!(close(r.grr_ttm, 1.0));
    assert_eq!(r.new_mrr, Money::from_cents(50_000));
}

#[test]
fn subscriptions_contribute_amount_over_period_months() {
    let sub = |a: &str, start: &str, end: Option<&str>, units: i64, p: BillingPeriod| {
        Record::Subscription(Subscription {
            account: a.into(),
            external_id: Some(format!("{a}-{start}")),
            start: d(start),
            end: end.map(d),
            amount: Money::from_cents(units * 100),
            billing_period: Some(p),
            product: None,
            trial_end: None,
            discount: None,
            discount_percent: None,
            cancel_at: None,
            currency: None,
        })
    };
    let data = load(&[
        Record::Account(acct("S")),
        Record::Account(acct("T")),
        // Annual 1,200 → 100 a month; covers Jan–Mar (end is exclusive and
        // 2025-04-30 is not before 2025-04-15).
        sub(
            "S",
            "2025-01-15",
            Some("2025-04-15"),
            1200,
            BillingPeriod::Annual,
        ),
        // Quarterly 100 → 33.33 a month, plus an mrr snapshot of 10.
        sub("T", "2025-02-01", None, 100, BillingPeriod::Quarterly),
        mrr("T", "2025-03", 10),
    ]);
    let at = |s: &str| data.report(&Query::month(m(s))).unwrap().mrr.cents();
    assert_eq!(at("2025-01"), 10_000);
    assert_eq!(at("2025-02"), 10_000 + 3_333);
    assert_eq!(at("2025-03"), 10_000 + 3_333 + 1_000);
    assert_eq!(at("2025-04"), 3_333);
}

#[test]
fn nps_csat_ces_by_hand_and_small_samples() {
    let mut recs = vec![Record::Account(acct("A")), mrr("A", "2025-05", 10)];
    // NPS: 9, 10, 9, 10, 9 (5 promoters), 7, 8, 7 (3 passives), 3, 6 (2 detractors).
    for (i, s) in [9, 10, 9, 10, 9, 7, 8, 7, 3, 6].iter().enumerate() {
        recs.push(survey(
            "A",
            &format!("2025-05-{:02}", i + 1),
            SurveyKind::Nps,
            *s,
        ));
    }
    for (i, s) in [5, 4, 3, 2, 1, 5].iter().enumerate() {
        recs.push(survey(
            "A",
            &format!("2025-05-{:02}", i + 11),
            SurveyKind::Csat,
            *s,
        ));
    }
    for (i, s) in [1, 2, 3, 7].iter().enumerate() {
        recs.push(survey(
            "A",
            &format!("2025-05-{:02}", i + 21),
            SurveyKind::Ces,
            *s,
        ));
    }
    // Outside the period: ignored.
    recs.push(survey("A", "2025-06-01", SurveyKind::Nps, 0));
    let data = load(&recs);
    let r = data.report(&Query::month(m("2025-05"))).unwrap();
    assert!(close(r.nps, 30.0));
    assert_eq!(r.nps_responses, 10);
    assert!(!r.is_small_sample(Metric::Nps));
    assert!(close(r.csat, 0.5));
    assert!(close(r.csat_mean, 20.0 / 6.0));
    assert!(r.is_small_sample(Metric::Csat));
    assert_eq!(r.detail(Metric::Csat).count, 6);
    assert!(close(r.ces, 3.25));
    assert!(close(r.ces_low_effort, 0.5));
    // June: one detractor → −100, small sample.
    let june = data.report(&Query::month(m("2025-06"))).unwrap();
    assert!(close(june.nps, -100.0));
    assert!(june.is_small_sample(Metric::Nps));
}

#[test]
fn support_medians_of_even_counts_and_open_tickets() {
    let data = load(&[
        Record::Account(acct("A")),
        mrr("A", "2025-05", 10),
        // First responses after 1, 2, 4 and 10 hours: median 3, mean 4.25.
        ticket(
            "A",
            "t1",
            "2025-05-01T08:00",
            Some("2025-05-01T09:00"),
            Some("2025-05-02T08:00"),
        ),
        ticket(
            "A",
            "t2",
            "2025-05-02T08:00",
            Some("2025-05-02T10:00"),
            None,
        ),
        ticket(
            "A",
            "t3",
            "2025-05-03T08:00",
            Some("2025-05-03T12:00"),
            Some("2025-05-03T20:00"),
        ),
        // With an offset: 08:00−03:00 is 11:00 UTC; the reply at 21:00Z is 10 h later.
        ticket(
            "A",
            "t4",
            "2025-05-04T08:00-03:00",
            Some("2025-05-04T21:00Z"),
            Some("2025-06-02T08:00-03:00"),
        ),
        // Opened in April, resolved in May after 30 days and 12 hours.
        ticket(
            "A",
            "t0",
            "2025-04-10T00:00",
            None,
            Some("2025-05-10T12:00"),
        ),
    ]);
    let r = data.report(&Query::month(m("2025-05"))).unwrap();
    assert!(close(r.first_response_hours_median, 3.0));
    assert!(close(r.first_response_hours_mean, 4.25));
    // Resolved in May: 24 h, 12 h, 732 h → median 24, mean 256.
    assert!(close(r.resolution_hours_median, 24.0));
    assert!(close(r.resolution_hours_mean, 256.0));
    assert!(r.is_small_sample(Metric::FirstResponseHoursMedian));
    // Open at the end of May: t2 and t4.
    assert_eq!(r.open_tickets, 2);
    assert!(close(r.tickets_per_customer, 4.0));
}

#[test]
fn undefined_is_none_and_json_null() {
    let data = load(&[Record::Account(acct("A")), mrr("A", "2025-05", 10)]);
    let r = data.report(&Query::month(m("2025-05"))).unwrap();
    assert_eq!(r.nps, None);
    assert_eq!(r.logo_churn_rate, None);
    assert_eq!(r.nrr, None);
    assert_eq!(r.quick_ratio, None);
    assert_eq!(r.cac, None);
    assert_eq!(r.ltv, None);
    assert!(r.detail(Metric::Nps).undefined.is_some());
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["nps"].is_null());
    assert!(json["nrr"].is_null());
    assert_eq!(json["mrr"], serde_json::json!(10.0));
    assert_eq!(json["period"]["from"], "2025-05");
}

#[test]
fn no_revenue_fallback_uses_customer_since_and_churned_on() {
    let a = |id: &str, since: &str, churned: Option<&str>| {
        Record::Account(Account {
            customer_since: Some(d(since)),
            churned_on: churned.map(d),
            ..acct(id)
        })
    };
    let data = load(&[
        a("A", "2024-01-10", None),
        a("B", "2024-02-10", Some("2025-03-15")),
        a("C", "2025-03-31", None),
    ]);
    assert!(!data.has_revenue());
    let r = data.report(&Query::month(m("2025-03"))).unwrap();
    // End of March: A and C active; B churned on 03-15.
    assert_eq!(r.active_accounts, 2);
    // S (end of Feb) = {A, B}; B lost.
    assert!(close(r.logo_churn_rate, 0.5));
    assert_eq!(r.nrr, None);
    assert_eq!(data.default_month(), m("2025-03"));
}

#[test]
fn churned_without_date_still_active_by_revenue() {
    let data = load(&[
        Record::Account(Account {
            status: Some(AccountStatus::Churned),
            ..acct("A")
        }),
        mrr("A", "2025-05", 10),
    ]);
    let r = data.report(&Query::month(m("2025-05"))).unwrap();
    assert_eq!(r.active_accounts, 1);
    assert_eq!(r.extras.churned_without_date, 1);
    assert_eq!(data.churned_without_date().len(), 1);
}

#[test]
fn segments_and_by_with_null_last() {
    let data = load(&[
        acct_plan("A", Some("Pro")),
        acct_plan("B", Some("Basic")),
        acct_plan("C", None),
        acct_plan("D", Some("pro")),
        mrr("A", "2025-05", 100),
        mrr("B", "2025-05", 20),
        mrr("C", "2025-05", 7),
        mrr("D", "2025-05", 50),
    ]);
    let q = Query::month(m("2025-05"));
    let pro = data.report(&q.clone().with_filter("plan", "PRO")).unwrap();
    assert_eq!(pro.mrr, Money::from_cents(15_000));
    let by = data.report_by(&q, "plan").unwrap();
    let names: Vec<Option<&str>> = by.iter().map(|(s, _)| s.as_deref()).collect();
    assert_eq!(names, vec![Some("Basic"), Some("Pro"), None]);
    let total: i64 = by.iter().map(|(_, r)| r.mrr.cents()).sum();
    assert_eq!(total, 17_700);
    assert!(matches!(
        data.report(&q.clone().with_filter("colour", "x")),
        Err(MetricsError::UnknownField(_))
    ));
    assert!(data.report_by(&q, "colour").is_err());
}

#[test]
fn ltv_cac_and_payback_by_hand() {
    // Two accounts at 100 in every month of 2024-06..2025-05, one churning
    // after 2025-05 … instead: 4 accounts, one lost in 2025-05.
    let mut recs = Vec::new();
    for id in ["A", "B", "C", "D"] {
        recs.push(Record::Account(acct(id)));
        for mo in ["2025-04", "2025-05"] {
            if !(id == "D" && mo == "2025-05") {
                recs.push(mrr(id, mo, 100));
            }
        }
    }
    // E new in 2025-05 at 200, with spend 600 in 2025-05.
    recs.push(Record::Account(Account {
        acquisition_cost: Some(Money::from_cents(90_000)),
        ..acct("E")
    }));
    recs.push(mrr("E", "2025-05", 200));
    recs.push(Record::AcquisitionSpend(AcquisitionSpend {
        month: m("2025-05"),
        amount: Money::from_cents(60_000),
        channel: None,
    }));
    let data = load(&recs);
    let r = data.report(&Query::month(m("2025-05"))).unwrap();
    // ARPA = 500 / 4 = 125. Monthly churn: 2025-04 has S empty before? No:
    // 2025-04's start (2025-03) has no active account → undefined; 2025-05:
    // 1 lost of 4 → 0.25. Mean of the defined rates = 0.25. LTV = 125 / 0.25 = 500.
    assert_eq!(r.ltv, Some(Money::from_cents(50_000)));
    // CAC (whole base, spend records): 600 / 1 new = 600.
    assert_eq!(r.cac, Some(Money::from_cents(60_000)));
    assert!(close(r.ltv_cac, 500.0 / 600.0));
    // Payback = 600 / 200 = 3 months.
    assert!(close(r.cac_payback_months, 3.0));
    assert!(r.is_small_sample(Metric::Ltv));
    // With a segment, CAC is the mean acquisition_cost of its new accounts.
    let seg = data
        .report(&Query::month(m("2025-05")).with_filter("name", "E"))
        .unwrap();
    assert_eq!(seg.cac, Some(Money::from_cents(90_000)));
}

#[test]
fn onboarding_activation_adoption_utilization_touches_offers() {
    let a = Record::Account(Account {
        customer_since: Some(d("2025-05-01")),
        onboarding_completed_on: Some(d("2025-05-31")),
        first_value_on: Some(d("2025-05-11")),
        licenses: Some(10),
        ..acct("A")
    });
    let b = Record::Account(Account {
        customer_since: Some(d("2025-05-10")),
        onboarding_completed_on: Some(d("2025-06-20")),
        ..acct("B")
    });
    let c = Record::Account(Account {
        customer_since: Some(d("2025-05-20")),
        ..acct("C")
    });
    let usage =
        |acc: &str, active: i64, total: Option<i64>, adopters: Option<i64>, lic: Option<i64>| {
            Record::Usage(Usage {
                account: acc.into(),
                month: m("2025-05"),
                active_users: Some(active),
                total_users: total,
                adopters,
                licenses: lic,
                events: None,
            })
        };
    let opp = |acc: &str, id: &str, kind, status, closed: &str| {
        Record::Opportunity(Opportunity {
            account: acc.into(),
            external_id: Some(id.into()),
            kind,
            status,
            amount: None,
            created_on: None,
            closed_on: Some(d(closed)),
        })
    };
    let act = |acc: &str, date: &str| {
        Record::Activity(Activity {
            account: acc.into(),
            external_id: None,
            date: d(date),
            kind: "call".into(),
            csm: None,
            minutes: None,
            notes: None,
        })
    };
    let data = load(&[
        a,
        b,
        c,
        mrr("A", "2025-04", 10),
        mrr("A", "2025-05", 10),
        mrr("B", "2025-05", 10),
        usage("A", 8, Some(10), Some(3), None),
        usage("B", 2, Some(10), None, Some(5)),
        opp(
            "A",
            "o1",
            OpportunityKind::Upsell,
            OpportunityStatus::Won,
            "2025-05-05",
        ),
        opp(
            "B",
            "o2",
            OpportunityKind::CrossSell,
            OpportunityStatus::Lost,
            "2025-05-06",
        ),
        opp(
            "B",
            "o3",
            OpportunityKind::Renewal,
            OpportunityStatus::Won,
            "2025-05-06",
        ),
        act("A", "2025-03-05"),
        act("B", "2025-01-01"),
    ]);
    let r = data.report(&Query::month(m("2025-05"))).unwrap();
    // Onboarded: A after 30 days (≤ 30: activated), B after 41; C not yet.
    assert!(close(r.time_to_onboard_days_median, 35.5));
    assert!(close(r.time_to_onboard_days_mean, 35.5));
    assert!(close(r.activation_rate, 1.0 / 3.0));
    assert_eq!(r.extras.onboarding_not_yet, 1);
    assert!(close(r.time_to_value_days_median, 10.0));
    // Adoption: only A's row has both: 3 / 10. Utilization: 8/10 (account
    // licenses) + 2/5 → 10 / 15.
    assert!(close(r.adoption_rate, 0.3));
    assert!(close(r.license_utilization, 10.0 / 15.0));
    // The monthly series carries the same two figures for May.
    let points = data
        .series(&Query::range(m("2025-04"), m("2025-05")))
        .unwrap();
    assert!(close(points[1].adoption_rate, 0.3));
    assert!(close(points[1].license_utilization, 10.0 / 15.0));
    // ARPU = 20 / 10 users = 2.00.
    assert_eq!(r.arpu, Some(Money::from_cents(200)));
    // Coverage: 90 days up to 2025-05-31 start on 2025-03-03: A yes, B no.
    assert!(close(r.touch_coverage, 0.5));
    // Upsell rate: S = {A}, A won an upsell → 1. Offers: 1 won, 1 lost.
    assert!(close(r.upsell_rate, 1.0));
    assert!(close(r.offer_acceptance, 0.5));
}

#[test]
fn health_score_worked_example() {
    let data = load(&[
        Record::Account(Account {
            licenses: Some(10),
            ..acct("A")
        }),
        mrr("A", "2025-02", 100),
        mrr("A", "2025-05", 100),
        Record::Usage(Usage {
            account: "A".into(),
            month: m("2025-05"),
            active_users: Some(8),
            total_users: Some(10),
            adopters: Some(3),
            licenses: None,
            events: None,
        }),
        survey("A", "2025-01-10", SurveyKind::Nps, 8),
        survey("A", "2025-05-10", SurveyKind::Csat, 2),
        ticket("A", "t1", "2025-05-02T10:00", None, None),
        // 45 days before 2025-05-31.
        Record::Activity(Activity {
            account: "A".into(),
            external_id: None,
            date: d("2025-04-16"),
            kind: "call".into(),
            csm: None,
            minutes: None,
            notes: None,
        }),
    ]);
    let id = data.accounts()[0].id;
    let h = data.health(id, m("2025-05")).unwrap();
    let v = |name: &str| h.components.iter().find(|c| c.name == name).unwrap().value;
    assert!(close(v("usage"), 80.0));
    assert!(close(v("adoption"), 30.0));
    // NPS 8 is within 180 days of 2025-05-31 (2025-01-10 is 141 days before): 80.
    assert!(close(v("satisfaction"), 80.0));
    assert!(close(v("support"), 80.0));
    assert!(close(v("engagement"), 100.0 * 75.0 / 90.0));
    // MRR(May) = MRR(Feb) → equal → 70.
    assert!(close(v("revenue_trend"), 70.0));
    // (25·80 + 15·30 + 20·80 + 15·80 + 10·83.33 + 15·70) / 100 = 71.33 → 71.
    assert_eq!(h.score, Some(71));
    assert_eq!(h.band, Some(Band::Healthy));
    assert_eq!(h.scoring, Scoring::Scored);
    // Ten months later the account has no MRR: no longer a customer, so no
    // score at all (not "critical"), though its components still show:
    // revenue trend 0, support 100 − 20·1 = 80, engagement 0.
    let later = data.health(id, m("2026-03")).unwrap();
    assert_eq!(later.score, None);
    assert_eq!(later.band, None);
    assert_eq!(later.scoring, Scoring::NotACustomer);
    let v = |name: &str| {
        later
            .components
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .value
    };
    assert!(close(v("revenue_trend"), 0.0));
    assert!(close(v("support"), 80.0));
    // The satisfaction falls back to CSAT once the NPS is older than 180 days:
    // in 2025-08 (NPS of 2025-01-10 out, CSAT 2 of 2025-05-10 in) → 25.
    let aug = data.health(id, m("2025-08")).unwrap();
    let sat = aug
        .components
        .iter()
        .find(|c| c.name == "satisfaction")
        .unwrap();
    assert!(close(sat.value, 25.0));
}

#[test]
fn health_without_data_has_no_score_and_half_up_rounding() {
    let data = load(&[Record::Account(acct("A"))]);
    let h = data.health(data.accounts()[0].id, m("2025-05")).unwrap();
    assert_eq!(h.score, None);
    assert_eq!(h.band, None);
    assert!(h.components.iter().all(|c| !c.has_data));
    assert_eq!(super::stats::round_score(69.5), 70);
    assert_eq!(super::stats::round_score(39.49), 39);
    assert_eq!(Band::of(70), Band::Healthy);
    assert_eq!(Band::of(69), Band::AtRisk);
    assert_eq!(Band::of(40), Band::AtRisk);
    assert_eq!(Band::of(39), Band::Critical);
}

#[test]
fn weights_round_trip_through_settings_and_renormalize() {
    let store = store_with(&[
        Record::Account(acct("A")),
        mrr("A", "2025-05", 10),
        ticket("A", "t1", "2025-05-02T10:00", None, None),
        touch("2025-05-30"),
    ]);
    let w = HealthWeights {
        revenue_trend: 50.0,
        ..HealthWeights::default()
    };
    save_weights(&store.settings(), &w).unwrap();
    assert_eq!(load_weights(&store.settings()).unwrap(), w);
    let data = Dataset::load(&store).unwrap();
    assert_eq!(data.weights(), &w);
    // Revenue trend 100 (new this month: higher), support 80 (one open
    // ticket), engagement 100, renormalized over those three weights:
    // (50·100 + 15·80 + 10·100) / 75 = 7200 / 75 = 96 (the default
    // weights would give (1500 + 1200 + 1000) / 40 = 92.5 → 93).
    let h = data.health(data.accounts()[0].id, m("2025-05")).unwrap();
    assert_eq!(h.score, Some(96));
}

#[test]
fn back_test_auc_perfect_and_constant() {
    let mut churned = [0u64; 101];
    let mut retained = [0u64; 101];
    churned[20] = 5;
    churned[35] = 3;
    retained[80] = 7;
    retained[90] = 2;
    assert_eq!(auc_from_histograms(&churned, &retained), Some(1.0));
    let mut c = [0u64; 101];
    let mut r = [0u64; 101];
    c[60] = 4;
    r[60] = 9;
    assert_eq!(auc_from_histograms(&c, &r), Some(0.5));
    assert_eq!(auc_from_histograms(&[0; 101], &r), None);
}

#[test]
fn back_test_on_a_dataset_with_an_informative_score() {
    // Accounts G* keep paying, are touched every month and have no open
    // ticket (revenue trend 70, support 100, engagement 100 → 89,
    // healthy); accounts B* drop to half in April (trend 30), have five
    // open tickets (support 0) and no touch since 2025-01-15 (engagement
    // 16.7 in April, 0 from May: scores 15, 11, 11, critical) and churn
    // in July. Before April B scores 62.5 → 63, 50 and 50 (at risk).
    let mut recs = Vec::new();
    let touch_of = |a: &str, date: String| {
        Record::Activity(Activity {
            account: a.into(),
            external_id: None,
            date: d(&date),
            kind: "call".into(),
            csm: None,
            minutes: None,
            notes: None,
        })
    };
    for i in 0..4 {
        let g = format!("G{i}");
        let b = format!("B{i}");
        recs.push(Record::Account(acct(&g)));
        recs.push(Record::Account(acct(&b)));
        recs.push(ticket(
            &g,
            &format!("{g}t"),
            "2025-01-02T10:00",
            None,
            Some("2025-01-03T10:00"),
        ));
        recs.push(touch_of(&b, "2025-01-15".into()));
        for t in 0..5 {
            recs.push(ticket(
                &b,
                &format!("{b}t{t}"),
                "2025-01-02T10:00",
                None,
                None,
            ));
        }
        for k in 1..=12 {
            let mo = format!("2025-{k:02}");
            recs.push(mrr(&g, &mo, 100));
            recs.push(touch_of(&g, format!("{mo}-15")));
            if k <= 6 {
                recs.push(mrr(&b, &mo, if k <= 3 { 100 } else { 50 }));
            }
        }
    }
    let data = load(&recs);
    let bt = data.back_test(&Query::month(m("2025-12"))).unwrap();
    assert_eq!(bt.to, Some(m("2025-09")));
    assert!(bt.churned > 0);
    assert_eq!(bt.auc, Some(1.0));
    let critical = bt.bands.iter().find(|b| b.band == Band::Critical).unwrap();
    assert!(critical.churn_rate.is_some_and(|r| r > 0.0));
}

#[test]
fn cohorts_logo_and_revenue() {
    let data = load(&movements_case());
    let t = data
        .cohorts(&Query::range(m("2025-03"), m("2025-04")))
        .unwrap();
    // Cohort 2025-03: A (100→150), B (200→0), E (120→100).
    let row = &t.rows[0];
    assert_eq!(row.cohort, m("2025-03"));
    assert_eq!(row.accounts, 3);
    assert!(close(row.logo[1], 2.0 / 3.0));
    assert!(close(row.revenue[1], 250.0 / 420.0));
    // Cohort 2025-04: C only (D's first MRR is in January).
    assert_eq!(t.rows[1].accounts, 1);
    assert!(close(t.rows[1].logo[0], 1.0));
}

/// Property checks on random demo data (three seeds): the MRR movement
/// invariant month by month, segments summing to the total, rates within
/// their bounds, GRR ≤ 1, and the series agreeing with the report.
#[test]
fn properties_on_random_demo_data() {
    for seed in [1u64, 7, 42] {
        let mut store = Store::open_in_memory().unwrap();
        let params = DemoParams {
            accounts: 120,
            months: 18,
            seed,
            end: m("2025-06"),
        };
        generate(&mut store, &params, &mut |_| true).unwrap();
        let data = Dataset::load(&store).unwrap();
        let all = Query::range(m("2024-02"), m("2025-06"));
        let series = data.series(&all).unwrap();
        let mut prev = data.report(&Query::month(m("2024-01"))).unwrap().mrr;
        for p in &series {
            let expect = prev + p.new_mrr + p.reactivation_mrr + p.expansion_mrr
                - p.contraction_mrr
                - p.churned_mrr;
            assert_eq!(p.mrr, expect, "seed {seed} month {}", p.month);
            prev = p.mrr;
            let r = data.report(&Query::month(p.month)).unwrap();
            assert_eq!(r.mrr, p.mrr);
            assert_eq!(r.new_mrr, p.new_mrr);
            assert_eq!(r.logo_churn_rate, p.logo_churn_rate);
            assert_eq!(r.nrr_ttm, p.nrr_ttm);
            assert_eq!(r.nps, p.nps);
            assert_eq!(r.health, p.health);
            assert_eq!(r.adoption_rate, p.adoption_rate);
            assert_eq!(r.license_utilization, p.license_utilization);
            for v in [
                r.logo_churn_rate,
                r.logo_retention_rate,
                r.grr,
                r.grr_ttm,
                r.csat,
                r.ces_low_effort,
                r.activation_rate,
                r.adoption_rate,
                r.touch_coverage,
                r.upsell_rate,
                r.offer_acceptance,
            ]
            .into_iter()
            .flatten()
            {
                assert!((0.0..=1.0).contains(&v), "seed {seed}: {v}");
            }
            if let Some(n) = r.nps {
                assert!((-100.0..=100.0).contains(&n));
            }
            let by = data.report_by(&Query::month(p.month), "plan").unwrap();
            let sum: i64 = by.iter().map(|(_, r)| r.mrr.cents()).sum();
            assert_eq!(sum, r.mrr.cents());
            let active: u64 = by.iter().map(|(_, r)| r.active_accounts).sum();
            assert_eq!(active, r.active_accounts);
        }
        // The score cache agrees with scoring from the records.
        let (lo, hi) = data.span().unwrap();
        for a in 0..data.account_count() {
            for k in lo.index() - 1..=hi.index() + 1 {
                assert_eq!(data.cached_score(a, k), data.score_at(a, k));
            }
        }
        // A multi-month period's movements are the sums over its months.
        let q = data.report(&all).unwrap();
        let new: i64 = series.iter().map(|p| p.new_mrr.cents()).sum();
        let churn: i64 = series.iter().map(|p| p.churned_mrr.cents()).sum();
        assert_eq!(q.new_mrr.cents(), new);
        assert_eq!(q.churned_mrr.cents(), churn);
        // The command line's one-month dataset gives the same report.
        let one = Dataset::load_for_month(&store, None).unwrap();
        let month = Query::month(data.default_month());
        assert_eq!(one.report(&month).unwrap(), data.report(&month).unwrap());
    }
}

/// Property checks on purely random revenue (zeros, gaps, restarts,
/// subscriptions, random plans): movement invariant, segments summing to
/// the total, GRR ≤ 1, rates within bounds.
#[test]
fn properties_on_random_revenue() {
    use crate::demo::Rng;
    for seed in 0..6u64 {
        let mut rng = Rng::new(seed);
        let mut recs = Vec::new();
        let plans = [Some("A"), Some("B"), None];
        for i in 0..40 {
            let id = format!("R{i}");
            recs.push(acct_plan(&id, *rng.pick(&plans)));
            for k in 0..14 {
                let month = Month::from_ym(2024, 1).plus(k);
                if rng.chance(0.6) {
                    let units = if rng.chance(0.2) {
                        0
                    } else {
                        rng.range(1, 500)
                    };
                    recs.push(mrr(&id, &month.to_string(), units));
                }
            }
            if rng.chance(0.3) {
                let start = Month::from_ym(2024, 1)
                    .plus(rng.range(0, 13) as i32)
                    .first_day();
                recs.push(Record::Subscription(Subscription {
                    account: id.clone(),
                    external_id: Some(format!("{id}-s")),
                    start: start.add_days(rng.range(0, 27) as i32),
                    end: rng
                        .chance(0.5)
                        .then(|| start.add_days(rng.range(20, 300) as i32)),
                    amount: Money::from_cents(rng.range(100, 100_000)),
                    billing_period: Some(*rng.pick(&[
                        BillingPeriod::Monthly,
                        BillingPeriod::Annual,
                        BillingPeriod::Quarterly,
                    ])),
                    product: None,
                    trial_end: None,
                    discount: None,
                    discount_percent: None,
                    cancel_at: None,
                    currency: None,
                }));
            }
        }
        let data = load(&recs);
        let series = data
            .series(&Query::range(m("2024-01"), m("2025-03")))
            .unwrap();
        let mut prev = Money::ZERO;
        for p in &series {
            let expect = prev + p.new_mrr + p.reactivation_mrr + p.expansion_mrr
                - p.contraction_mrr
                - p.churned_mrr;
            assert_eq!(p.mrr, expect, "seed {seed} month {}", p.month);
            prev = p.mrr;
            for q in [
                Query::month(p.month),
                Query::range(p.month.plus(-2), p.month),
            ] {
                let r = data.report(&q).unwrap();
                for v in [r.grr, r.grr_ttm, r.logo_churn_rate, r.logo_retention_rate]
                    .into_iter()
                    .flatten()
                {
                    assert!((0.0..=1.0).contains(&v), "seed {seed}: {v}");
                }
                if let (Some(n), Some(g)) = (r.nrr, r.grr) {
                    // min(m2, m0) ≤ m2 account by account, so GRR ≤ NRR.
                    assert!(g <= n + 1e-12);
                }
                let by = data.report_by(&q, "plan").unwrap();
                assert_eq!(by.last().map(|(s, _)| s.is_none()), Some(true));
                let sum: i64 = by.iter().map(|(_, r)| r.mrr.cents()).sum();
                assert_eq!(sum, r.mrr.cents());
                let churn: i64 = by.iter().map(|(_, r)| r.churned_mrr.cents()).sum();
                assert_eq!(churn, r.churned_mrr.cents());
            }
        }
    }
}

#[test]
fn one_month_load_finds_the_same_default_month() {
    let sub = |a: &str, start: &str, end: Option<&str>| {
        Record::Subscription(Subscription {
            account: a.into(),
            external_id: Some(format!("{a}-{start}")),
            start: d(start),
            end: end.map(d),
            amount: Money::from_cents(1000),
            billing_period: None,
            product: None,
            trial_end: None,
            discount: None,
            discount_percent: None,
            cancel_at: None,
            currency: None,
        })
    };
    let cases: Vec<Vec<Record>> = vec![
        vec![
            Record::Account(acct("A")),
            sub("A", "2024-01-15", Some("2024-06-30")),
        ],
        vec![
            Record::Account(acct("A")),
            sub("A", "2024-01-15", Some("2024-07-01")),
        ],
        vec![
            Record::Account(acct("A")),
            sub("A", "2024-01-15", None),
            mrr("A", "2024-02", 5),
        ],
        vec![
            Record::Account(acct("A")),
            mrr("A", "2024-02", 5),
            mrr("A", "2099-02", 5),
        ],
        vec![
            Record::Account(acct("A")),
            sub("A", "2024-01-15", Some("2024-01-20")),
            mrr("A", "2023-11", 5),
        ],
    ];
    for recs in cases {
        let store = store_with(&recs);
        let full = Dataset::load(&store).unwrap();
        let one = Dataset::load_for_month(&store, None).unwrap();
        assert_eq!(one.default_month(), full.default_month());
        let q = Query::month(full.default_month());
        assert_eq!(one.report(&q).unwrap(), full.report(&q).unwrap());
    }
}

/// An account with constant MRR from 2025-01 to 2025-05, and whatever else
/// the test adds.
fn scored_account(extra: &[Record], renewal_on: Option<&str>) -> Dataset {
    let mut records = vec![Record::Account(Account {
        renewal_on: renewal_on.map(d),
        ..acct("A")
    })];
    for month in ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"] {
        records.push(mrr("A", month, 100));
    }
    records.extend_from_slice(extra);
    load(&records)
}

fn touch(date: &str) -> Record {
    Record::Activity(Activity {
        account: "A".into(),
        external_id: None,
        date: d(date),
        kind: "call".into(),
        csm: None,
        minutes: None,
        notes: None,
    })
}

#[test]
fn a_score_needs_three_of_the_six_components() {
    // MRR alone: one component (revenue trend), so not enough data, and
    // the five others are named.
    let data = scored_account(&[], None);
    let h = data.health(data.accounts()[0].id, m("2025-05")).unwrap();
    assert_eq!(h.score, None);
    assert_eq!(h.scoring, Scoring::NotEnoughData);
    assert_eq!(
        h.missing,
        ["usage", "adoption", "satisfaction", "support", "engagement"]
    );
    // Two components (+ a ticket): still not enough.
    let t = ticket("A", "t1", "2025-05-02T10:00", None, None);
    let data = scored_account(std::slice::from_ref(&t), None);
    let h = data.health(data.accounts()[0].id, m("2025-05")).unwrap();
    assert_eq!(h.scoring, Scoring::NotEnoughData);
    assert_eq!(
        h.missing,
        ["usage", "adoption", "satisfaction", "engagement"]
    );
    // Three (+ a call 10 days before 2025-05-31): revenue trend 70 (MRR(May)
    // = MRR(Feb)), support 100 − 20·1 = 80, engagement 100:
    // (15·70 + 15·80 + 10·100) / 40 = 3250 / 40 = 81.25 → 81.
    let data = scored_account(&[t, touch("2025-05-21")], None);
    let id = data.accounts()[0].id;
    let h = data.health(id, m("2025-05")).unwrap();
    assert_eq!(h.score, Some(81));
    assert_eq!(h.scoring, Scoring::Scored);
    assert_eq!(h.band, Some(Band::Healthy));
    // The same score everywhere: the list, the counts, the cache.
    let q = Query::month(m("2025-05"));
    assert_eq!(data.account_health(&q).unwrap()[0].health.score, Some(81));
    let counts = data.band_counts(&q).unwrap();
    assert_eq!((counts.healthy, counts.no_score), (1, 0));
    assert_eq!(data.report(&q).unwrap().health, counts);
}

#[test]
fn an_overdue_renewal_lowers_the_score_by_its_own_component() {
    assert!((renewal_deduction(1) - (10.0 + 20.0 / 90.0)).abs() < 1e-9);
    assert!((renewal_deduction(45) - 20.0).abs() < 1e-9);
    assert!((renewal_deduction(90) - 30.0).abs() < 1e-9);
    assert!((renewal_deduction(400) - 30.0).abs() < 1e-9);
    assert_eq!(renewal_deduction(0), 0.0);
    let base = [
        ticket("A", "t1", "2025-05-02T10:00", None, None),
        touch("2025-05-21"),
    ];
    // Renewal due 2025-04-15, nothing renewed: at 2025-05-31 it is 46 days
    // overdue (15 days of April + 31 of May) → 10 + 20·46/90 = 20.22 points:
    // 81.25 − 20.22 = 61.03 → 61, at risk.
    let data = scored_account(&base, Some("2025-04-15"));
    let id = data.accounts()[0].id;
    let h = data.health(id, m("2025-05")).unwrap();
    assert_eq!(h.renewal_overdue_days, Some(46));
    let c = h
        .components
        .iter()
        .find(|c| c.name == RENEWAL_OVERDUE)
        .unwrap();
    assert!(close(c.value, 10.0 + 20.0 * 46.0 / 90.0));
    assert_eq!(c.weight, 0.0);
    assert_eq!(h.score, Some(61));
    assert_eq!(h.band, Some(Band::AtRisk));
    // In April (reference 2025-04-30) it is 15 days overdue: but April has
    // no ticket yet and its last call is 2025-05-21: only revenue trend
    // (70: MRR(Apr) = MRR(Jan)), so not enough data, whatever the renewal.
    let april = data.health(id, m("2025-04")).unwrap();
    assert_eq!(april.scoring, Scoring::NotEnoughData);
    assert_eq!(april.renewal_overdue_days, Some(15));
    // A won renewal closed within 90 days before the date cancels it.
    let mut renewed = base.to_vec();
    renewed.push(Record::Opportunity(Opportunity {
        account: "A".into(),
        external_id: Some("o1".into()),
        kind: OpportunityKind::Renewal,
        status: OpportunityStatus::Won,
        amount: None,
        created_on: None,
        closed_on: Some(d("2025-02-01")),
    }));
    let data = scored_account(&renewed, Some("2025-04-15"));
    let h = data.health(data.accounts()[0].id, m("2025-05")).unwrap();
    assert_eq!(h.renewal_overdue_days, None);
    assert_eq!(h.score, Some(81));
    // A renewal date still ahead takes nothing off.
    let data = scored_account(&base, Some("2025-06-10"));
    let h = data.health(data.accounts()[0].id, m("2025-05")).unwrap();
    assert_eq!((h.renewal_overdue_days, h.score), (None, Some(81)));
}

#[test]
fn churned_accounts_have_no_score_and_are_never_critical() {
    let mut records = Vec::new();
    // B churned on 2025-03-20 after paying Jan–Mar; C is marked churned
    // with no date but still has MRR in May; both with enough components.
    for (id, months) in [
        ("B", &["2025-01", "2025-02", "2025-03"][..]),
        (
            "C",
            &["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"][..],
        ),
    ] {
        let mut a = acct(id);
        if id == "B" {
            a.churned_on = Some(d("2025-03-20"));
        } else {
            a.status = Some(AccountStatus::Churned);
        }
        records.push(Record::Account(a));
        for month in months {
            records.push(mrr(id, month, 100));
        }
        records.push(ticket(
            id,
            &format!("t{id}"),
            "2025-01-02T10:00",
            None,
            None,
        ));
        records.push(Record::Activity(Activity {
            account: id.into(),
            external_id: None,
            date: d("2025-01-05"),
            kind: "call".into(),
            csm: None,
            minutes: None,
            notes: None,
        }));
    }
    let data = load(&records);
    let q = Query::month(m("2025-05"));
    for h in data.account_health(&q).unwrap() {
        assert_eq!(h.health.score, None, "{}", h.external_id);
        assert_eq!(h.health.scoring, Scoring::NotACustomer, "{}", h.external_id);
    }
    // C is active in the revenue figures (it has MRR) but has no score.
    let r = data.report(&q).unwrap();
    assert_eq!(r.active_accounts, 1);
    assert_eq!(r.health.critical, 0);
    assert_eq!(r.health.no_score, 1);
    // In February B was still a customer: revenue trend 100 (new), support
    // 80 (one open ticket), engagement: 2025-01-05 → 2025-02-28 is 54 days,
    // 100·(120 − 54)/90 = 73.33: (15·100 + 15·80 + 10·73.33)/40 = 85.83 → 86.
    let b = data
        .accounts()
        .iter()
        .find(|a| a.account.external_id == "B")
        .unwrap();
    assert_eq!(data.health(b.id, m("2025-02")).unwrap().score, Some(86));
}

#[test]
fn segment_ratios_are_taken_from_exact_values() {
    // Plan X: three accounts at 100 in 2025-04, one lost in 2025-05; three
    // new accounts in 2025-05 at 50.00, 50.00 and 50.01, acquired for
    // 100.00, 100.00 and 100.01. Plan Y is noise the segment must ignore.
    let mut recs = Vec::new();
    for id in ["A", "B", "C"] {
        recs.push(acct_plan(id, Some("X")));
        recs.push(mrr(id, "2025-04", 100));
        if id != "C" {
            recs.push(mrr(id, "2025-05", 100));
        }
    }
    for (id, fee, cost) in [
        ("N1", 5_000, 10_000),
        ("N2", 5_000, 10_000),
        ("N3", 5_001, 10_001),
    ] {
        recs.push(Record::Account(Account {
            plan: Some("X".into()),
            acquisition_cost: Some(Money::from_cents(cost)),
            ..acct(id)
        }));
        recs.push(Record::Mrr(MrrRecord {
            account: id.into(),
            month: m("2025-05"),
            mrr: Money::from_cents(fee),
        }));
    }
    recs.push(acct_plan("Z", Some("Y")));
    recs.push(mrr("Z", "2025-04", 999));
    let data = load(&recs);
    let q = Query::month(m("2025-05"));
    let seg = data.report(&q.clone().with_filter("plan", "X")).unwrap();
    // ARPA = 35,001 / 5 = 7,000.2 cents; churn = 1/3; LTV = 21,000.6 cents
    // (shown 210.01); CAC = 30,001 / 3 = 10,000.33… cents (shown 100.00).
    assert_eq!(seg.ltv, Some(Money::from_cents(21_001)));
    assert_eq!(seg.cac, Some(Money::from_cents(10_000)));
    // LTV:CAC = 21,000.6 / (30,001 / 3) = 63,001.8 / 30,001, not 21,001 / 10,000.
    let ltv_cac = 63_001.8 / 30_001.0;
    assert!(close(seg.ltv_cac, ltv_cac), "{:?}", seg.ltv_cac);
    assert!((ltv_cac - 2.1001).abs() > 1e-5);
    // Payback = CAC / mean new MRR = (30,001 / 3) / (15,001 / 3) = 30,001 / 15,001.
    assert!(close(seg.cac_payback_months, 30_001.0 / 15_001.0));
    // The segmented report gives the same figures as the filter.
    let by = data.report_by(&q, "plan").unwrap();
    let (_, x) = by
        .iter()
        .find(|(s, _)| s.as_deref() == Some("X"))
        .expect("plan X is a segment");
    assert_eq!(x.ltv_cac, seg.ltv_cac);
    assert_eq!(x.cac_payback_months, seg.cac_payback_months);
}

#[test]
fn the_monthly_nps_series_counts_anonymous_responses_for_the_company_as_the_report_does() {
    // By hand: May, Pro's account A answered 9 and 3, anonymous people 10,
    // 10 and 6 → company 3 promoters, 2 detractors of 5 = +20; Pro alone
    // 1 and 1 of 2 = 0. June: one anonymous 0 → company −100, Pro none.
    let recs = vec![
        acct_plan("A", Some("Pro")),
        mrr("A", "2025-05", 10),
        mrr("A", "2025-06", 10),
        survey("A", "2025-05-02", SurveyKind::Nps, 9),
        survey("A", "2025-05-03", SurveyKind::Nps, 3),
        survey("", "2025-05-04", SurveyKind::Nps, 10),
        survey("", "2025-05-05", SurveyKind::Nps, 10),
        survey("", "2025-05-06", SurveyKind::Nps, 6),
        survey("", "2025-06-07", SurveyKind::Nps, 0),
    ];
    let data = load(&recs);
    let company = Query::range(m("2025-05"), m("2025-06"));
    let line: Vec<(Option<f64>, u64)> = data
        .series(&company)
        .unwrap()
        .iter()
        .map(|p| (p.nps, p.nps_responses))
        .collect();
    assert_eq!(line, vec![(Some(20.0), 5), (Some(-100.0), 1)]);
    // Each month's point is what that month's report says.
    for (i, month) in ["2025-05", "2025-06"].iter().enumerate() {
        let r = data.report(&Query::month(m(month))).unwrap();
        assert_eq!((r.nps, r.nps_responses), line[i], "{month}");
    }
    let pro = Query {
        filters: vec![("plan".into(), "Pro".into())],
        ..company
    };
    let line: Vec<(Option<f64>, u64)> = data
        .series(&pro)
        .unwrap()
        .iter()
        .map(|p| (p.nps, p.nps_responses))
        .collect();
    assert_eq!(line, vec![(Some(0.0), 2), (None, 0)]);
    for (i, month) in ["2025-05", "2025-06"].iter().enumerate() {
        let r = data
            .report(&Query {
                filters: vec![("plan".into(), "Pro".into())],
                ..Query::month(m(month))
            })
            .unwrap();
        assert_eq!((r.nps, r.nps_responses), line[i], "{month}");
    }
}

#[test]
fn a_door_counts_the_records_of_no_account_it_cannot_list() {
    use super::Door;
    // March 2025 by hand. Tickets: A's one; of no account, one opened and
    // resolved in March, one opened in March still open, one opened in
    // February open at March's end, one opened in April → opened in March
    // 2, open at its end 2. Responses of no account in March: 3, 6 (the
    // detractors) and 9; one in April.
    let recs = vec![
        acct_plan("A", Some("Pro")),
        mrr("A", "2025-03", 10),
        ticket(
            "A",
            "t1",
            "2025-03-03T09:00:00",
            None,
            Some("2025-03-03T12:00:00"),
        ),
        ticket(
            "",
            "t2",
            "2025-03-04T09:00:00",
            None,
            Some("2025-03-04T10:00:00"),
        ),
        ticket("", "t3", "2025-03-05T09:00:00", None, None),
        ticket("", "t4", "2025-02-20T09:00:00", None, None),
        ticket("", "t5", "2025-04-01T09:00:00", None, None),
        survey("", "2025-03-10", SurveyKind::Nps, 3),
        survey("", "2025-03-11", SurveyKind::Nps, 6),
        survey("", "2025-03-12", SurveyKind::Nps, 9),
        survey("", "2025-04-02", SurveyKind::Nps, 0),
        survey("A", "2025-03-12", SurveyKind::Nps, 2),
    ];
    let data = load(&recs);
    let march = Query::month(m("2025-03"));
    let n = |q: &Query, door| data.unmatched_behind(q, door).unwrap();
    assert_eq!(n(&march, Door::Ticketed), 2);
    assert_eq!(n(&march, Door::OpenTickets), 2);
    assert_eq!(n(&march, Door::Detractors), 2);
    assert_eq!(n(&march, Door::Respondents), 3);
    assert_eq!(n(&march, Door::Active), 0);
    // The door's list is A alone; the report counts the two of no account
    // open at March's end (A's was resolved).
    assert_eq!(
        data.accounts_behind(&march, Door::Ticketed).unwrap().len(),
        1
    );
    assert_eq!(data.report(&march).unwrap().open_tickets, 2);
    let pro = Query {
        filters: vec![("plan".into(), "Pro".into())],
        ..Query::month(m("2025-03"))
    };
    for door in [
        Door::Ticketed,
        Door::OpenTickets,
        Door::Detractors,
        Door::Respondents,
    ] {
        assert_eq!(n(&pro, door), 0, "{door:?}");
    }
}
