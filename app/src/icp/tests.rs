//! ICP engine tests. Every expected number was worked out by hand from the
//! accounts written in the test (or, for the demo, from what it plants).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::demo::{DemoParams, generate};
use crate::domain::*;
use crate::metrics::{Dataset, Query};
use crate::store::{ChangeSetMeta, Store};

fn account(
    id: &str,
    industry: Option<&str>,
    employees: Option<i64>,
    lead: Option<&str>,
) -> Account {
    let mut a = Account {
        external_id: id.into(),
        name: id.into(),
        industry: industry.map(str::to_string),
        employees,
        ..Default::default()
    };
    if let Some(l) = lead {
        a.custom.insert("lead_source".into(), l.into());
    }
    a
}

fn facts(health: Option<u8>, mrr_cents: Option<i64>) -> AccountFacts {
    AccountFacts {
        health,
        mrr_now: mrr_cents,
        ..Default::default()
    }
}

fn profile(criteria: &[&str]) -> Profile {
    let mut p = Profile::new("Core");
    p.criteria = criteria
        .iter()
        .map(|c| Criterion::parse(c).unwrap())
        .collect();
    p
}

/// Weights 8 + 5 + 3 + 2 = 18.
fn four_criteria() -> Profile {
    profile(&[
        "industry in Software,Fintech:8",
        "employees between 50..999:5",
        "health between 70..:3",
        "lead_source in partner:2",
    ])
}

#[test]
fn fit_scores_and_tiers_hand_worked_with_unknown_fields() {
    let p = four_criteria();
    assert_eq!(p.total_weight(), 18);
    let accounts = [
        // All four met: 18/18 = 100 → A.
        account("a", Some("Software"), Some(100), Some("partner")),
        // Industry no, employees yes, health unknown, lead yes: 7/18 = 38.9 → 39 → C.
        account("b", Some("Retail"), Some(100), Some("Partner")),
        // Industry unknown, 10 employees no, health 75 yes, lead unknown: 3/18 = 16.7 → 17 → D.
        account("c", None, Some(10), None),
        // fintech (case ignored) yes, 60 yes, health 50 no, lead outbound no: 13/18 = 72.2 → 72 → B.
        account("d", Some("fintech"), Some(60), Some("outbound")),
    ];
    let f = [
        facts(Some(80), None),
        facts(None, None),
        facts(Some(75), None),
        facts(Some(50), None),
    ];
    let refs: Vec<&Account> = accounts.iter().collect();
    assert_eq!(fit_scores(&p, &refs, &f), vec![100, 39, 17, 72]);
    let t = TierThresholds::default();
    let tiers: Vec<Tier> = [100, 39, 17, 72].iter().map(|s| t.tier(*s)).collect();
    assert_eq!(tiers, vec![Tier::A, Tier::C, Tier::D, Tier::B]);

    let b = explain(&p, &t, &accounts[1], &f[1]);
    assert_eq!((b.fit, b.tier), (39, Tier::C));
    let outcomes: Vec<Outcome> = b.results.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::NotMet,
            Outcome::Met,
            Outcome::Unknown,
            Outcome::Met
        ]
    );
    assert_eq!(b.results[0].value.as_deref(), Some("Retail"));
    assert_eq!(b.results[2].value, None);
    let c = explain(&p, &t, &accounts[2], &f[2]);
    let outcomes: Vec<Outcome> = c.results.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::Unknown,
            Outcome::NotMet,
            Outcome::Met,
            Outcome::Unknown
        ]
    );
    assert_eq!(c.fit, 17);
}

#[test]
fn tier_boundaries_and_thresholds_setting() {
    let t = TierThresholds::default();
    assert_eq!(
        [75, 74, 50, 49, 25, 24, 0].map(|s| t.tier(s)),
        [
            Tier::A,
            Tier::B,
            Tier::B,
            Tier::C,
            Tier::C,
            Tier::D,
            Tier::D
        ]
    );
    let custom = TierThresholds::parse("90, 60,30").unwrap();
    assert_eq!(custom.tier(89), Tier::B);
    assert_eq!(TierThresholds::parse("50,60,10"), None);
    assert_eq!(TierThresholds::parse("x"), None);
}

#[test]
fn money_ranges_compare_in_cents_and_contains_ignores_case() {
    let p = profile(&["mrr between 1000..1500.50:1", "name contains TECH:1"]);
    let mut a = account("x", None, None, None);
    a.name = "Acme Technologies".into();
    // MRR 1,500.50 exactly is inside; 1,500.51 is not.
    assert_eq!(
        fit_scores(&p, &[&a], &[facts(None, Some(150_050))]),
        vec![100]
    );
    assert_eq!(
        fit_scores(&p, &[&a], &[facts(None, Some(150_051))]),
        vec![50]
    );
    // No revenue data: MRR unknown.
    let e = explain(&p, &TierThresholds::default(), &a, &facts(None, None));
    assert_eq!(e.results[0].outcome, Outcome::Unknown);
}

#[test]
fn criterion_syntax_round_trips_and_bad_input_is_explained() {
    let c = Criterion::parse("industry in Software, Fintech :8").unwrap();
    assert_eq!(c.weight, 8);
    assert_eq!(
        c.condition,
        Condition::OneOf {
            values: vec!["Software".into(), "Fintech".into()]
        }
    );
    let r = Criterion::parse("employees between 1000..").unwrap();
    assert_eq!(r.weight, 5);
    assert_eq!(
        r.condition,
        Condition::Range {
            min: Some(1000.0),
            max: None
        }
    );
    assert_eq!(
        Criterion::parse("lead_source in partner").unwrap().field,
        "custom.lead_source"
    );
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"field": "industry", "condition": "one_of", "values": ["Software", "Fintech"], "weight": 8})
    );
    for bad in [
        "industry",
        "industry is Retail",
        "employees between 9..1",
        "plan in A:11",
        "x between a..b",
    ] {
        let e = Criterion::parse(bad).unwrap_err().to_string();
        assert!(e.contains(bad), "{e}");
    }
}

#[test]
fn wilson_interval_known_values() {
    let (lo, hi) = wilson(8, 10).unwrap();
    assert!(
        (lo - 0.490).abs() < 5e-4 && (hi - 0.943).abs() < 5e-4,
        "{lo} {hi}"
    );
    // 30 of 30: p = 1, lower = n / (n + z²) = 30 / 33.8415 = 0.8865.
    let (lo, hi) = wilson(30, 30).unwrap();
    assert!(
        (lo - 0.8865).abs() < 5e-4 && (hi - 1.0).abs() < 1e-9,
        "{lo} {hi}"
    );
    // 0 of 5: upper = z² / (n + z²) = 3.8415 / 8.8415 = 0.4345.
    let (lo, hi) = wilson(0, 5).unwrap();
    assert!(lo.abs() < 1e-9 && (hi - 0.4345).abs() < 5e-4, "{hi}");
    assert_eq!(wilson(0, 0), None);
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

fn mrr(a: &str, month: &str, units: i64) -> Record {
    Record::Mrr(MrrRecord {
        account: a.into(),
        month: Month::parse(month).unwrap(),
        mrr: Money::from_cents(units * 100),
    })
}

/// 30 Alpha accounts all retained, 3 Beta all retained, 33 Gamma all
/// churned: base retention 33 / 66 = 50 %.
fn planted_base() -> Store {
    let mut records = Vec::new();
    let mut add = |prefix: &str, industry: &str, n: usize, retained: bool| {
        for i in 0..n {
            let id = format!("{prefix}{i:02}");
            let mut a = account(&id, Some(industry), Some(20), None);
            a.customer_since = Some(Date::parse_iso("2024-12-01").unwrap());
            if !retained {
                a.churned_on = Some(Date::parse_iso("2025-02-01").unwrap());
            }
            records.push(Record::Account(a));
            records.push(mrr(&id, "2024-12", 100));
            records.push(mrr(&id, "2025-01", 100));
            if retained {
                records.push(mrr(&id, "2025-02", 100));
            }
        }
    };
    add("alpha", "Alpha", 30, true);
    add("beta", "Beta", 3, true);
    add("gamma", "Gamma", 33, false);
    store_with(&records)
}

#[test]
fn discovery_suggests_30_of_30_but_not_3_of_3() {
    let store = planted_base();
    let data = Dataset::load(&store).unwrap();
    assert_eq!(data.default_month(), Month::parse("2025-02").unwrap());
    let facts = data.account_facts(data.default_month());
    let d = discover(&data, &facts);
    assert_eq!((d.base.accounts, d.base.retained), (66, 33));
    assert_eq!(d.base.retention, Some(0.5));
    let row = |v: &str| {
        d.rows
            .iter()
            .find(|r| r.attribute == "industry" && r.value == v)
            .unwrap()
    };
    let alpha = row("Alpha");
    assert_eq!(
        (alpha.figures.accounts, alpha.figures.retention),
        (30, Some(1.0))
    );
    assert_eq!(alpha.retention_lift, Some(2.0));
    assert!(alpha.suggested && !alpha.too_few);
    // Lift 2 → weight clamp(round(20 × 1), 1, 10) = 10.
    assert_eq!(alpha.criterion.weight, 10);
    let beta = row("Beta");
    assert_eq!(beta.figures.retention, Some(1.0));
    assert!(beta.too_few && !beta.suggested);
    assert!(!row("Gamma").suggested);
    // Twelve-month NRR: nobody was active twelve months before 2025-02.
    assert_eq!(d.base.nrr_12m, None);
    // All 66 have 20 employees: one bucket, the base again (not above it).
    let emp: Vec<&Row> = d
        .rows
        .iter()
        .filter(|r| r.attribute == "employees")
        .collect();
    assert_eq!(emp.len(), 1);
    assert_eq!(emp[0].value, "10–49");
    assert!(!emp[0].suggested);

    let p = profile_from_suggestions("From data", &d);
    assert_eq!(p.criteria.len(), 1);
    assert_eq!(p.criteria[0].to_string(), "industry in Alpha:10");
}

#[test]
fn tier_segment_filters_metrics_like_the_field_it_stands_for() {
    let store = planted_base();
    let db = &store;
    let data = Dataset::load(db).unwrap();
    let q = Query::month(data.default_month());
    // Without a primary profile the segment is refused with a clear reason.
    let err = data
        .report(&q.clone().with_filter("icp_tier", "A"))
        .unwrap_err();
    assert!(err.to_string().contains("no primary ICP profile"));

    let mut p = Profile::new("Alpha only");
    p.criteria = vec![Criterion::parse("industry in Alpha:3").unwrap()];
    store::save(db, &p).unwrap();
    let facts = data.account_facts(data.default_month());
    let scores = primary_scores(db, &data, &facts).unwrap().unwrap();
    assert_eq!(scores.tier_counts(), [30, 0, 0, 36]);
    // The tiers reach the metrics through the query, not the dataset.
    let q = q.with_segments(segments(Some(&scores)));

    let by_tier = data
        .report(&q.clone().with_filter("icp_tier", "a"))
        .unwrap();
    let by_field = data
        .report(&q.clone().with_filter("industry", "Alpha"))
        .unwrap();
    assert_eq!(by_tier, by_field);
    assert_eq!(by_tier.active_accounts, 30);
    assert_eq!(by_tier.mrr, Money::from_cents(30 * 100 * 100));
    let groups = data.report_by(&q, "icp_tier").unwrap();
    let names: Vec<Option<&str>> = groups.iter().map(|(g, _)| g.as_deref()).collect();
    assert_eq!(names, vec![Some("A"), Some("D")]);
    // D: 3 Beta still paying, 33 Gamma gone.
    assert_eq!(groups[1].1.active_accounts, 3);
    let total = data.report(&q).unwrap();
    assert_eq!(groups[0].1.mrr + groups[1].1.mrr, total.mrr);
}

#[test]
fn profiles_are_stored_validated_and_the_first_is_primary() {
    let store = Store::open_in_memory().unwrap();
    let db = &store;
    let first = four_criteria();
    let id = store::save(db, &first).unwrap();
    let mut second = Profile::new("Enterprise");
    second.criteria = vec![Criterion::parse("plan in Enterprise:10").unwrap()];
    store::save(db, &second).unwrap();
    let all = store::list(db).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(store::primary(db).unwrap().unwrap().name, "Core");
    assert_eq!(
        all.iter().find(|p| p.name == "Core").unwrap().criteria,
        first.criteria
    );

    let dup = store::save(db, &Profile::new("core")).unwrap_err();
    assert!(dup.to_string().contains("exists already"));
    assert!(store::save(db, &Profile::new("  ")).is_err());

    store::set_primary(db, "enterprise").unwrap();
    assert_eq!(store::primary(db).unwrap().unwrap().name, "Enterprise");
    let mut edited = store::find(db, "Core").unwrap().unwrap();
    assert_eq!(edited.id, Some(id));
    edited.criteria.pop();
    edited.name = "Core market".into();
    store::save(db, &edited).unwrap();
    assert_eq!(
        store::find(db, "core market")
            .unwrap()
            .unwrap()
            .criteria
            .len(),
        3
    );
    store::delete(db, "Enterprise").unwrap();
    assert_eq!(store::primary(db).unwrap(), None);
    assert!(matches!(
        store::delete(db, "nope"),
        Err(IcpError::NotFound(_))
    ));

    store::save_thresholds(
        db,
        &TierThresholds {
            a: 80,
            b: 60,
            c: 40,
        },
    )
    .unwrap();
    assert_eq!(store::thresholds(db).unwrap().a, 80);
}

#[test]
fn discovery_finds_the_churn_planted_in_the_demo() {
    let mut store = Store::open_in_memory().unwrap();
    let params = DemoParams {
        accounts: 3000,
        months: 24,
        seed: 7,
        // Open subscriptions run to today: the history must end this month.
        end: Date::today().month(),
    };
    generate(&mut store, &params, &mut |_| true).unwrap();
    let data = Dataset::load(&store).unwrap();
    let facts = data.account_facts(data.default_month());
    let d = discover(&data, &facts);
    let ranked = |attr: &str| -> Vec<String> {
        let mut rows: Vec<&Row> = d
            .rows
            .iter()
            .filter(|r| r.attribute == attr && !r.too_few)
            .collect();
        rows.sort_by(|a, b| {
            a.figures
                .retention
                .partial_cmp(&b.figures.retention)
                .unwrap()
        });
        rows.iter().map(|r| r.value.clone()).collect()
    };
    // Planted monthly churn: Starter ×1.6 … Enterprise ×0.5; partner leads
    // ×0.75, outbound ×1.2.
    let industries = ranked("industry");
    // The two riskiest (Hospitality 3.6 %, Retail 3.0 %) retain least, the
    // safest (Financial Services 0.8 %) most.
    let mut lowest = industries[..2].to_vec();
    lowest.sort();
    assert_eq!(lowest, vec!["Hospitality", "Retail"], "{industries:?}");
    assert_eq!(
        industries.last().map(String::as_str),
        Some("Financial Services")
    );
    let plans: Vec<(String, u64, Option<f64>, Option<f64>)> = d
        .rows
        .iter()
        .filter(|r| r.attribute == "plan")
        .map(|r| {
            (
                r.value.clone(),
                r.figures.accounts,
                r.figures.retention,
                r.figures.nrr_12m,
            )
        })
        .collect();
    assert_eq!(
        ranked("plan"),
        vec!["Starter", "Growth", "Pro", "Enterprise"],
        "{plans:?}"
    );
    let leads = ranked("lead_source");
    assert_eq!(
        leads.first().map(String::as_str),
        Some("outbound"),
        "{leads:?}"
    );
    assert_eq!(
        leads.last().map(String::as_str),
        Some("partner"),
        "{leads:?}"
    );
    // The safest values are suggested; the riskiest never are.
    let suggested: Vec<(&str, &str)> = d
        .suggestions()
        .map(|r| (r.attribute.as_str(), r.value.as_str()))
        .collect();
    assert!(suggested.contains(&("plan", "Enterprise")), "{suggested:?}");
    assert!(
        !suggested
            .iter()
            .any(|(_, v)| *v == "Hospitality" || *v == "Starter")
    );

    // A profile from the suggestions ranks retained accounts higher.
    let p = profile_from_suggestions("From the data", &d);
    assert!(!p.criteria.is_empty());
    let scores = score(&p, TierThresholds::default(), &data, &facts);
    let retention = |t: Tier| {
        let idx: Vec<usize> = (0..facts.len()).filter(|&i| scores.tiers[i] == t).collect();
        idx.iter().filter(|&&i| facts[i].retained).count() as f64 / idx.len().max(1) as f64
    };
    assert!(
        retention(Tier::A) > retention(Tier::D),
        "{:?}",
        scores.tier_counts()
    );
    let curves = tier_curves(&data, &scores).unwrap();
    assert_eq!(curves.len(), 4);
    let at12 = |t: Tier| curves.iter().find(|c| c.tier == t).unwrap().retention[12].unwrap();
    assert!(at12(Tier::A) > at12(Tier::D));
}
