//! Prospects ranked by a profile learned from the customers, with planted
//! effects: a held-out set of customers is written as prospects, and the
//! profile discovered from the rest must rank those who in truth stayed
//! above those who left (AUC, by counting pairs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::domain::*;
use crate::metrics::Dataset;
use crate::store::{ChangeSetMeta, Store};

/// A small deterministic generator (64-bit LCG, top bits).
struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

const INDUSTRIES: [(&str, f64); 4] = [
    ("Software", 0.9),
    ("Retail", 0.2),
    ("Health", 0.6),
    ("Media", 0.2),
];

/// Planted truth: the industry sets the chance to stay; a second,
/// weaker effect: the Enterprise plan adds 0.1.
fn planted(rng: &mut Lcg, i: usize) -> (Account, bool) {
    let (industry, p) = INDUSTRIES[i % 4];
    let enterprise = (i / 4).is_multiple_of(3);
    let stays = rng.unit() < p + if enterprise { 0.1 } else { 0.0 };
    let a = Account {
        external_id: format!("A{i:04}"),
        name: format!("Account {i:04}"),
        industry: Some(industry.into()),
        plan: Some(if enterprise { "Enterprise" } else { "Starter" }.into()),
        employees: Some(20 + (i as i64 * 37) % 400),
        ..Default::default()
    };
    (a, stays)
}

fn mrr(a: &str, month: &str) -> Record {
    Record::Mrr(MrrRecord {
        account: a.into(),
        month: Month::parse(month).unwrap(),
        mrr: Money::from_cents(10_000),
    })
}

/// AUC of `scores` for `truth` by counting pairs: P(score of a stayer >
/// score of a leaver) + ½ P(tie).
fn auc(scores: &[(u8, bool)]) -> f64 {
    let (mut wins, mut pairs) = (0.0, 0.0);
    for (s1, t1) in scores {
        for (s2, t2) in scores {
            if *t1 && !*t2 {
                pairs += 1.0;
                wins += match s1.cmp(s2) {
                    std::cmp::Ordering::Greater => 1.0,
                    std::cmp::Ordering::Equal => 0.5,
                    std::cmp::Ordering::Less => 0.0,
                };
            }
        }
    }
    wins / pairs
}

#[test]
fn auc_counts_pairs() {
    // Stayers 3, 2; leavers 2, 1: pairs (3>2) (3>1) (2=2 half) (2>1) = 3.5 / 4.
    let s = [(3, true), (2, true), (2, false), (1, false)];
    assert!((auc(&s) - 0.875).abs() < 1e-12);
}

#[test]
fn profile_learned_from_customers_ranks_held_out_stayers_first() {
    let mut rng = Lcg(2026);
    let mut records = Vec::new();
    let mut held_out: Vec<(String, bool)> = Vec::new();
    for i in 0..600 {
        let (mut a, stays) = planted(&mut rng, i);
        if i.is_multiple_of(5) {
            // Held out: written as a prospect, with no revenue; its truth
            // is kept here only.
            a.status = Some(AccountStatus::Prospect);
            held_out.push((a.external_id.clone(), stays));
            records.push(Record::Account(a));
            continue;
        }
        let id = a.external_id.clone();
        a.customer_since = Some(Date::parse_iso("2024-12-01").unwrap());
        if !stays {
            a.churned_on = Some(Date::parse_iso("2025-02-01").unwrap());
        }
        records.push(Record::Account(a));
        records.push(mrr(&id, "2024-12"));
        records.push(mrr(&id, "2025-01"));
        if stays {
            records.push(mrr(&id, "2025-02"));
        }
    }
    let mut store = Store::open_in_memory().unwrap();
    let mut cs = store.change_set(ChangeSetMeta::new("test", "t")).unwrap();
    for r in &records {
        cs.write(r).unwrap();
    }
    cs.commit().unwrap();

    let data = Dataset::load(&store).unwrap();
    // Discovery's base is the 480 customers; the 120 prospects are apart.
    assert_eq!(data.account_count(), 480);
    assert_eq!(data.prospects().len(), 120);
    let facts = data.account_facts(data.default_month());
    let found = discover(&data, &facts);
    assert_eq!(found.base.accounts, 480);
    let profile = profile_from_suggestions("From the data", &found);
    // The planted effects, found: Software (0.9) and Health (0.6) retain
    // above the base (about 0.5), and so does the Enterprise plan (+0.1).
    let texts: Vec<String> = profile.criteria.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        texts,
        ["industry in Health,Software:10", "plan in Enterprise:4"]
    );

    let ranked = rank_prospects(&profile, &TierThresholds::default(), &data);
    assert_eq!(ranked.len(), 120);
    assert!(ranked.windows(2).all(|w| w[0].fit >= w[1].fit));
    let truth: std::collections::HashMap<&str, bool> =
        held_out.iter().map(|(id, s)| (id.as_str(), *s)).collect();
    let scored: Vec<(u8, bool)> = ranked
        .iter()
        .map(|p| (p.fit, truth[p.external_id.as_str()]))
        .collect();
    let a = auc(&scored);
    eprintln!("held-out prospects: AUC of fit for staying = {a:.3}");
    // 0.826 with this seed (chance is 0.5; the planted truth itself, known
    // only here, would reach about 0.85).
    assert!(a > 0.75, "AUC {a}");
    // Every prospect names each criterion once, met or missed.
    for p in &ranked {
        assert_eq!(p.met.len() + p.missed.len(), profile.criteria.len());
    }
}
