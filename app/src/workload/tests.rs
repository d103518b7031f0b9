//! Hand-worked vectors for the workload engine. Every expected number was
//! worked out by hand in the comment beside it.

use super::*;
use crate::domain::{Account, Date, Instant, Month, Record, Ticket};
use crate::metrics::{Dataset, Query};
use crate::store::{ChangeSetMeta, Store};

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

const TODAY: &str = "2025-06-15";

fn csm(name: &str, capacity: f64) -> CsmInfo {
    CsmInfo {
        id: 0,
        name: name.into(),
        capacity_hours: capacity,
        active: true,
    }
}

struct A {
    tier: Tier,
    csm: Option<u32>,
    tickets: u32,
    health: Option<u8>,
    onboarding: bool,
    renewal_in: Option<i32>,
    mrr: i64,
}

fn a(tier: Tier, csm: Option<u32>) -> A {
    A {
        tier,
        csm,
        tickets: 0,
        health: Some(80),
        onboarding: false,
        renewal_in: None,
        mrr: 10_000,
    }
}

fn facts(accounts: Vec<A>, csms: Vec<CsmInfo>) -> Facts {
    let today = d(TODAY);
    let accounts = accounts
        .into_iter()
        .enumerate()
        .map(|(i, x)| AccountFact {
            id: i as i64 + 1,
            external_id: format!("A{}", i + 1),
            name: format!("Account {}", i + 1),
            csm: x.csm,
            tier: x.tier,
            mrr_cents: x.mrr,
            health: x.health,
            open_tickets: x.tickets,
            // Onboarding accounts started 10 days ago, the others two years ago.
            start_day: today.days() - if x.onboarding { 10 } else { 730 },
            renewal_in_days: x.renewal_in,
            days_since_touch: None,
        })
        .collect();
    Facts {
        accounts,
        csms,
        as_of: today,
        month: today.month(),
        currency: "BRL".into(),
        growth: GrowthDefaults {
            new_accounts_per_month: 0.0,
            monthly_churn: 0.0,
            tier_mix: [0.0, 1.0, 0.0],
            months: 12,
        },
        static_books: Default::default(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn effort_of_each_tier_with_factors_tickets_critical_and_onboarding() {
    let mut s = Scenario::default();
    s.set("product_complexity", "high", [0.0; 3]).unwrap();
    s.set("team_maturity", "new", [0.0; 3]).unwrap();
    // Factors: 1.3 × 1.2 = 1.56.
    assert!(close(s.params.factor_product(), 1.56));
    let mut x = vec![
        a(Tier::High, None),
        a(Tier::Mid, None),
        a(Tier::Tech, None),
        a(Tier::Mid, None),
    ];
    // Mid, 2 tickets, critical: (1.2 × 1.56 + 2 × 1.5) × 1.5 = 7.308.
    x[1].tickets = 2;
    x[1].health = Some(39);
    // Tech, 1 ticket, onboarding, healthy: 0.25 × 1.56 + 1.5 + 4 = 5.89.
    x[2].tickets = 1;
    x[2].onboarding = true;
    // No tier (mid), critical, onboarding: 1.2 × 1.56 × 1.5 + 4 = 6.808.
    x[3].health = Some(0);
    x[3].onboarding = true;
    let f = facts(x, vec![]);
    let h = all_hours(&f, &s.params);
    // High, healthy, no tickets: 6 × 1.56 = 9.36.
    assert!(close(h[0], 9.36), "{}", h[0]);
    assert!(close(h[1], 7.308), "{}", h[1]);
    assert!(close(h[2], 5.89), "{}", h[2]);
    assert!(close(h[3], 6.808), "{}", h[3]);
    // Health exactly 40 is not critical: 1.2 × 1.56 = 1.872.
    let mut y = a(Tier::Mid, None);
    y.health = Some(40);
    let f = facts(vec![y], vec![]);
    assert!(close(all_hours(&f, &s.params)[0], 1.872));
    // CS goal "retention and expansion" × 1.15 on top: 6 × 1.56 × 1.15 = 10.764.
    s.set("cs_goal", "retention_and_expansion", [0.0; 3])
        .unwrap();
    let f = facts(vec![a(Tier::High, None)], vec![]);
    assert!(close(all_hours(&f, &s.params)[0], 10.764));
    assert!(s.set("cs_goal", "growth", [0.0; 3]).is_err());
}

#[test]
fn utilization_per_csm_and_unassigned_row() {
    // Ana (100 h): 2 high (12 h) + 10 mid (12 h) = 24 h → 24 %.
    // Bia (120 h): 1 high with 4 tickets (6 + 6 = 12 h) + 48 tech (12 h) = 24 h → 20 %.
    // Unassigned: 1 mid = 1.2 h, no capacity.
    let mut x = vec![a(Tier::High, Some(0)), a(Tier::High, Some(0))];
    x.extend((0..10).map(|_| a(Tier::Mid, Some(0))));
    let mut t = a(Tier::High, Some(1));
    t.tickets = 4;
    x.push(t);
    x.extend((0..48).map(|_| a(Tier::Tech, Some(1))));
    x.push(a(Tier::Mid, None));
    let f = facts(x, vec![csm("Ana", 100.0), csm("Bia", 120.0)]);
    let fig = figures(&f, &Scenario::default());
    let b = &fig.books;
    assert_eq!(b.len(), 3);
    assert_eq!(b[0].name.as_deref(), Some("Ana"));
    assert!(close(b[0].load_hours, 24.0));
    assert!(close(b[0].utilization.unwrap(), 0.24));
    assert_eq!(b[0].count_by_tier(Tier::Mid), 10);
    assert!(close(b[1].load_hours, 24.0));
    assert!(close(b[1].utilization.unwrap(), 0.2));
    assert_eq!(b[1].open_tickets, 4);
    assert_eq!(b[1].accounts, 49);
    assert_eq!(b[2].name, None);
    assert!(close(b[2].load_hours, 1.2));
    assert_eq!(b[2].utilization, None);
    // ARR: 12 × 100.00 per account.
    assert_eq!(b[0].arr.cents(), 12 * 12 * 10_000);
}

/// 10 high (60 h) + 50 mid (60 h) + 96 tech (24 h) = 144 h.
fn small_team(csms: Vec<CsmInfo>) -> Facts {
    let mut x: Vec<A> = (0..10).map(|_| a(Tier::High, Some(0))).collect();
    x.extend((0..50).map(|_| a(Tier::Mid, Some(0))));
    x.extend((0..96).map(|_| a(Tier::Tech, Some(0))));
    facts(x, csms)
}

#[test]
fn required_csms_for_a_small_team() {
    let f = small_team(vec![csm("Ana", 120.0)]);
    let s = figures(&f, &Scenario::default()).sizing;
    assert!(close(s.total_hours, 144.0));
    // 144 / 120 = 1.2 → 2.
    assert!(close(s.required_now, 1.2));
    assert_eq!(s.required_now_rounded, 2);
    assert_eq!(s.current, 1);
    assert!(close(s.utilization_now.unwrap(), 1.2));
    // Already above 85 % now: passes the target this month.
    assert_eq!(s.passes_target_in, Some(d(TODAY).month()));
    // With 160 h per CSM: 0.9 → 1.
    let mut sc = Scenario::default();
    sc.set("hours_per_csm", "160", [0.0; 3]).unwrap();
    let s = figures(&f, &sc).sizing;
    assert!(close(s.required_now, 0.9));
    assert_eq!(s.required_now_rounded, 1);
}

#[test]
fn projection_is_flat_without_growth_or_churn() {
    let f = small_team(vec![csm("Ana", 120.0), csm("Bia", 120.0)]);
    let mut sc = Scenario::default();
    sc.set("new_accounts_per_month", "0", [0.0; 3]).unwrap();
    sc.set("monthly_churn", "0", [0.0; 3]).unwrap();
    sc.set("horizon_months", "36", [0.0; 3]).unwrap();
    let s = figures(&f, &sc).sizing;
    assert_eq!(s.projection.len(), 36);
    for p in &s.projection {
        assert!(close(p.required, 1.2), "{p:?}");
        assert!(close(p.accounts, 156.0));
    }
    // 144 h ≤ 85 % of 240 h all along.
    assert_eq!(s.passes_target_in, None);
    assert!(s.hires.is_empty());
}

#[test]
fn projection_rises_as_worked_by_hand_and_passes_target() {
    let f = small_team(vec![csm("Ana", 120.0), csm("Bia", 120.0)]);
    let now = d(TODAY).month();
    let mut sc = Scenario::default();
    // 10 tech-touch accounts a month (0.25 h each, +4 h in their first 3 months).
    sc.set("new_accounts_per_month", "10", [0.0; 3]).unwrap();
    sc.set("monthly_churn", "0", [0.0; 3]).unwrap();
    sc.set("tier_mix.tech_touch", "1", [0.0, 0.0, 0.0]).unwrap();
    let s = figures(&f, &sc).sizing;
    // k=1: 144 + 2.5 + 40 = 186.5; k=2: 144 + 5 + 80 = 229;
    // k=3: 144 + 7.5 + 120 = 271.5; k=4: 144 + 10 + 120 = 274.
    let expect = [186.5, 229.0, 271.5, 274.0];
    for (p, h) in s.projection.iter().zip(expect) {
        assert!(close(p.hours, h), "{p:?} vs {h}");
        assert!(close(p.required, h / 120.0));
    }
    assert!(close(s.projection[0].accounts, 166.0));
    // Limit 85 % × 240 = 204 h: 186.5 below, 229 above → month 2.
    assert_eq!(s.passes_target_in, Some(now.plus(2)));
    // Second hire: 85 % × 360 = 306 h; 271.5 + 2.5 (k − 3) > 306 first at k = 17.
    // (A third: 85 % × 480 = 408 h, beyond 24 months.)
    assert_eq!(
        s.hires,
        vec![
            Hire {
                by: now.plus(2),
                total: 1
            },
            Hire {
                by: now.plus(17),
                total: 2
            }
        ]
    );
    // 10 % churn: k=1: 144 × 0.9 + 10 × 4.25 = 172.1;
    // k=2: 144 × 0.81 + 10 × 4.25 + 9 × 4.25 = 197.39.
    sc.set("monthly_churn", "0.1", [0.0; 3]).unwrap();
    let s = figures(&f, &sc).sizing;
    assert!(close(s.projection[0].hours, 172.1), "{:?}", s.projection[0]);
    assert!(
        close(s.projection[1].hours, 197.39),
        "{:?}",
        s.projection[1]
    );
}

/// Ana (20 h, limit 17): one 10 h account and three 5 h ones (25 h, 8 over);
/// Bia (40 h) empty. Base hours 10 / 5 / 1 make the arithmetic plain.
fn rebalance_case(frozen_big: bool) -> (Facts, Scenario) {
    let mut big = a(Tier::High, Some(0));
    big.mrr = 900_000;
    if frozen_big {
        big.renewal_in = Some(20);
    }
    let mut x = vec![big];
    for (i, mrr) in [30_000, 10_000, 20_000].into_iter().enumerate() {
        let mut s = a(Tier::Mid, Some(0));
        s.mrr = mrr;
        if i == 1 {
            s.health = Some(50); // at risk: moved last
        }
        x.push(s);
    }
    let f = facts(x, vec![csm("Ana", 20.0), csm("Bia", 40.0)]);
    let mut sc = Scenario::default();
    for (k, v) in [
        ("base_hours.high_touch", "10"),
        ("base_hours.mid_touch", "5"),
    ] {
        sc.set(k, v, [0.0; 3]).unwrap();
    }
    (f, sc)
}

fn after_moves(f: &Facts, hours: &[f64], moves: &[Move]) -> Vec<f64> {
    let mut moved = f.clone();
    moved.static_books = Default::default();
    for m in moves {
        moved.accounts[m.account].csm = Some(m.to);
    }
    loads(&moved, hours)
}

#[test]
fn rebalancing_uses_the_fewest_moves() {
    let (f, sc) = rebalance_case(false);
    let fig = figures(&f, &sc);
    let p = propose(&f, &sc.params, &fig.hours);
    // One move of the 10 h account covers the 8 h excess; any 5 h account needs two.
    assert_eq!(p.moves.len(), 1);
    assert_eq!(p.moves[0].external_id, "A1");
    assert_eq!(p.moves[0].to_name, "Bia");
    let after = after_moves(&f, &fig.hours, &p.moves);
    assert!(close(after[0], 15.0) && close(after[1], 10.0));
    assert!(close(p.loads[0].after.unwrap(), 0.75));
}

#[test]
fn rebalancing_never_moves_a_renewal_within_30_days() {
    let (f, sc) = rebalance_case(true);
    let fig = figures(&f, &sc);
    let p = propose(&f, &sc.params, &fig.hours);
    // The 10 h account renews in 20 days: two 5 h moves, the healthy ones,
    // lowest ARR first (A4 at 200.00, A2 at 300.00; A3 is at risk).
    let ids: Vec<&str> = p.moves.iter().map(|m| m.external_id.as_str()).collect();
    assert_eq!(ids, ["A4", "A2"]);
    let after = after_moves(&f, &fig.hours, &p.moves);
    assert!(close(after[0], 15.0));
}

#[test]
fn rebalancing_brings_everyone_within_target_where_possible() {
    // Four CSMs of 100 h (limit 85 h); loads 130, 110, 40, 20 h of 5 h and
    // 2 h accounts: 300 h in all fit under 4 × 85 = 340 h.
    let mut x = Vec::new();
    for (c, n5, n2) in [(0u32, 20, 15), (1, 18, 10), (2, 8, 0), (3, 4, 0)] {
        x.extend((0..n5).map(|_| a(Tier::Mid, Some(c))));
        x.extend((0..n2).map(|_| a(Tier::Tech, Some(c))));
    }
    let f = facts(x, (0..4).map(|i| csm(&format!("C{i}"), 100.0)).collect());
    let mut sc = Scenario::default();
    sc.set("base_hours.mid_touch", "5", [0.0; 3]).unwrap();
    sc.set("base_hours.tech_touch", "2", [0.0; 3]).unwrap();
    let fig = figures(&f, &sc);
    let before = loads(&f, &fig.hours);
    assert!(close(before[0], 130.0) && close(before[1], 110.0));
    let p = propose(&f, &sc.params, &fig.hours);
    let after = after_moves(&f, &fig.hours, &p.moves);
    for (i, l) in after.iter().enumerate() {
        assert!(*l <= 85.0 + 1e-9, "C{i} at {l} h");
    }
    // 45 h and 25 h over: 9 + 5 moves of 5 h accounts are the fewest.
    assert_eq!(p.moves.len(), 14);
    assert!(close(after.iter().sum::<f64>(), 300.0));
}

// --- Through the store: facts from the metrics engine, accept and undo ---

fn account(id: &str, tier: &str, csm: &str, renewal: Option<&str>) -> Record {
    Record::Account(Account {
        external_id: id.into(),
        name: id.into(),
        tier: Some(tier.into()),
        csm: Some(csm.into()),
        customer_since: Some(d("2023-01-01")),
        renewal_on: renewal.map(d),
        ..Default::default()
    })
}

fn ticket(a: &str, n: usize) -> Record {
    Record::Ticket(Ticket {
        requester: None,
        account: a.into(),
        external_id: Some(format!("{a}-t{n}")),
        opened_at: Instant::parse("2025-05-01T10:00:00Z").unwrap(),
        first_response_at: None,
        resolved_at: None,
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

fn csm_of(store: &Store, account: &str) -> Option<String> {
    crate::store::queries::accounts(store)
        .unwrap()
        .into_iter()
        .find(|a| a.account.external_id == account)
        .unwrap()
        .account
        .csm
}

#[test]
fn facts_take_tickets_and_health_from_the_metrics_engine() {
    // No revenue records: activity from customer_since. A1 has 5 open
    // tickets (support = 100 − 20 × 5 = 0), an NPS of 0 (satisfaction 0)
    // and a last touch long ago (engagement 0): three components, score 0,
    // critical. Hours: (6 + 5 × 1.5) × 1.5 = 20.25.
    let mut records = vec![
        account("A1", "high_touch", "Ana", None),
        account("A2", "tech_touch", "Ana", Some("2025-07-01")),
        Record::SurveyResponse(crate::domain::SurveyResponse {
            account: "A1".into(),
            date: d("2025-05-02"),
            kind: crate::domain::SurveyKind::Nps,
            score: 0,
            respondent: None,
            comment: None,
        }),
        Record::Activity(crate::domain::Activity {
            account: "A1".into(),
            external_id: None,
            date: d("2024-01-10"),
            kind: "call".into(),
            csm: None,
            minutes: None,
            notes: None,
        }),
    ];
    records.extend((0..5).map(|n| ticket("A1", n)));
    let store = store_with(&records);
    let data = Dataset::load(&store).unwrap();
    let facts = Facts::build(&data, load_csms(&store).unwrap(), d(TODAY));
    let month = data.default_month();
    let report = data.report(&Query::month(month)).unwrap();
    let a1 = facts
        .accounts
        .iter()
        .find(|a| a.external_id == "A1")
        .unwrap();
    assert_eq!(u64::from(a1.open_tickets), report.open_tickets);
    assert_eq!(a1.open_tickets, 5);
    let id = a1.id;
    assert_eq!(a1.health, data.health(id, month).unwrap().score);
    assert_eq!(a1.health, Some(0));
    let fig = figures(&facts, &Scenario::default());
    let i = facts.accounts.iter().position(|a| a.id == id).unwrap();
    assert!(close(fig.hours[i], 20.25));
    let a2 = facts
        .accounts
        .iter()
        .find(|a| a.external_id == "A2")
        .unwrap();
    assert_eq!(a2.renewal_in_days, Some(16));
    assert_eq!(fig.books[0].renewals_90d, 1);
}

#[test]
fn accepted_moves_are_written_and_undone() {
    let mut records = vec![Record::Csm(crate::domain::Csm {
        name: "Bia".into(),
        email: None,
        capacity_hours: Some(120.0),
        active: Some(true),
    })];
    // Ana (20 h): A1..A4 high (6 h each = 24 h, limit 17): one move.
    for i in 1..=4 {
        records.push(account(&format!("A{i}"), "high_touch", "Ana", None));
    }
    let mut store = store_with(&records);
    edit_csm(&mut store, "Ana", Some(20.0), None).unwrap();
    let data = Dataset::load(&store).unwrap();
    let facts = Facts::build(&data, load_csms(&store).unwrap(), d(TODAY));
    assert!(close(facts.csms[0].capacity_hours, 20.0));
    let sc = Scenario::default();
    let fig = figures(&facts, &sc);
    let p = propose(&facts, &sc.params, &fig.hours);
    assert_eq!(p.moves.len(), 2, "{p:?}"); // 24 − 17 = 7 h over: two 6 h accounts
    let ids: Vec<i64> = facts.csms.iter().map(|c| c.id).collect();
    let run = accept_moves(&mut store, &p.moves, &ids).unwrap();
    for m in &p.moves {
        assert_eq!(csm_of(&store, &m.external_id).as_deref(), Some("Bia"));
    }
    store.undo_import(run).unwrap();
    for i in 1..=4 {
        assert_eq!(csm_of(&store, &format!("A{i}")).as_deref(), Some("Ana"));
    }
    // Reassign one account by hand, then undo that too.
    let run = reassign(&mut store, "A3", "bia").unwrap();
    assert_eq!(csm_of(&store, "A3").as_deref(), Some("Bia"));
    store.undo_import(run).unwrap();
    assert_eq!(csm_of(&store, "A3").as_deref(), Some("Ana"));
    assert!(reassign(&mut store, "A3", "Nobody").is_err());
}

#[test]
fn settings_round_trip_and_scenarios() {
    let store = Store::open_in_memory().unwrap();
    let settings = store.settings();
    assert_eq!(
        load_scenario(&settings).unwrap(),
        Scenario::default().sanitized()
    );
    let mut s = Scenario::default();
    s.set("product_complexity", "low", [0.0; 3]).unwrap();
    s.set("target_utilization", "80%", [0.0; 3]).unwrap();
    assert!(close(s.params.target_utilization, 0.8));
    save_scenario(&settings, &s).unwrap();
    assert_eq!(load_scenario(&settings).unwrap(), s);
    save_scenario_as(&settings, "Lean", &s).unwrap();
    save_scenario_as(&settings, "Base", &Scenario::default()).unwrap();
    let list = load_scenarios(&settings).unwrap();
    assert_eq!(
        list.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Base", "Lean"]
    );
    assert!(delete_scenario(&settings, "lean").unwrap());
    assert_eq!(load_scenarios(&settings).unwrap().len(), 1);
    // Unreadable settings fall back to the defaults.
    settings.set(MODEL_SETTING, "{not json").unwrap();
    assert_eq!(
        load_scenario(&settings).unwrap(),
        Scenario::default().sanitized()
    );
    assert!(s.set("nonsense", "1", [0.0; 3]).is_err());
    assert!(s.set("ticket_hours", "-1", [0.0; 3]).is_err());
    let _ = Month::from_ym(2025, 1);
}

fn mrr(a: &str, month: &str) -> Record {
    Record::Mrr(crate::domain::MrrRecord {
        account: a.into(),
        month: Month::parse(month).unwrap(),
        mrr: crate::domain::Money::from_cents(10_000),
    })
}

#[test]
fn growth_defaults_are_trailing_means_of_the_engines_figures() {
    // Revenue Jan–Jun 2025: A all months, B Jan–Mar (lost in Apr), C from
    // Mar, D from May. Default month Jun; the trailing window starts after
    // the data's first month: Feb–Jun, 5 months.
    // New accounts: C (Mar), D (May) → 2 / 5 = 0.4 a month.
    // Logo churn by month: Feb 0/2, Mar 0/2, Apr 1/3 (B), May 0/2, Jun 0/3
    // → mean (1/3) / 5 = 0.0667.
    // Tier mix of the accounts active in Jun (A high, C mid, D tech): ⅓ each.
    let mut records = Vec::new();
    for (id, tier) in [
        ("A", "high_touch"),
        ("B", "high_touch"),
        ("C", "mid_touch"),
        ("D", "tech_touch"),
    ] {
        records.push(Record::Account(Account {
            external_id: id.into(),
            name: id.into(),
            tier: Some(tier.into()),
            ..Default::default()
        }));
    }
    for m in [
        "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
    ] {
        records.push(mrr("A", m));
    }
    for m in ["2025-01", "2025-02", "2025-03"] {
        records.push(mrr("B", m));
    }
    for m in ["2025-03", "2025-04", "2025-05", "2025-06"] {
        records.push(mrr("C", m));
    }
    for m in ["2025-05", "2025-06"] {
        records.push(mrr("D", m));
    }
    let store = store_with(&records);
    let data = Dataset::load(&store).unwrap();
    assert_eq!(data.default_month(), Month::from_ym(2025, 6));
    let facts = Facts::build(&data, Vec::new(), d(TODAY));
    let g = facts.growth;
    assert_eq!(g.months, 5);
    assert!(close(g.new_accounts_per_month, 0.4), "{g:?}");
    assert!(close(g.monthly_churn, 1.0 / 15.0), "{g:?}");
    for share in g.tier_mix {
        assert!(close(share, 1.0 / 3.0));
    }
    assert_eq!(facts.accounts.len(), 3);
}
