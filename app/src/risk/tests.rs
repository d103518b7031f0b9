//! Tests of the churn-risk model and the forecasts. Reference values were
//! computed by hand or with scikit-learn 1.x (noted where so).

use super::evaluate::{auc, brier, deciles, lift_top_decile};
use super::features::{Column, Extractor, LEAKING_FIELDS, columns};
use super::forecast::{forecast, renewals};
use super::sample::SplitMix;
use super::*;
use crate::domain::*;
use crate::store::{ChangeSetMeta, Store};
use std::collections::BTreeMap;

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
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

fn mrr(a: &str, month: Month, units: i64) -> Record {
    Record::Mrr(MrrRecord {
        account: a.into(),
        month,
        mrr: Money::from_cents(units * 100),
    })
}

fn usage(a: &str, month: Month, active: i64, adopters: i64) -> Record {
    Record::Usage(Usage {
        account: a.into(),
        month,
        active_users: Some(active),
        total_users: Some(10),
        adopters: Some(adopters),
        licenses: Some(10),
        events: None,
    })
}

/// 400 accounts over 24 months (2024-01 .. 2025-12). The planted signal:
/// accounts on a monthly contract churn with 8 % a month, annual ones
/// with 1 %; usage and adoption are noise, so the health score (usage,
/// adoption, revenue trend) cannot see it. Churned accounts also carry
/// every leaking field: status, churned_on, churn_reason, and custom
/// `cancelled_on` (a date) and `churn_note`.
fn planted() -> Vec<Record> {
    let mut rng = SplitMix(7);
    let mut recs = Vec::new();
    let start = m("2024-01");
    for i in 0..400 {
        let id = format!("A{i:03}");
        let monthly = i % 2 == 0;
        let hazard = if monthly { 0.08 } else { 0.01 };
        let mut churned_at = None;
        let mut rows = Vec::new();
        for k in 0..24 {
            let month = start.plus(k);
            rows.push(mrr(&id, month, 100));
            rows.push(usage(
                &id,
                month,
                (rng.next() % 8 + 3) as i64,
                (rng.next() % 10) as i64,
            ));
            if k < 23 && (rng.next() % 10_000) as f64 / 10_000.0 < hazard {
                churned_at = Some(month.plus(1));
                break;
            }
        }
        let mut custom = BTreeMap::new();
        custom.insert(
            "contract".to_string(),
            if monthly { "Monthly" } else { "Annual" }.to_string(),
        );
        // A number typed with a decimal comma: noise.
        custom.insert("seats_ratio".to_string(), format!("{},{}", i % 7, i % 10));
        if let Some(c) = churned_at {
            custom.insert("cancelled_on".to_string(), c.first_day().to_string());
            custom.insert("churn_note".to_string(), "price".to_string());
        }
        recs.push(Record::Account(Account {
            external_id: id.clone(),
            name: id.clone(),
            status: Some(if churned_at.is_some() {
                AccountStatus::Churned
            } else {
                AccountStatus::Active
            }),
            churned_on: churned_at.map(Month::first_day),
            churn_reason: churned_at.map(|_| "price".to_string()),
            customer_since: Some(start.first_day()),
            custom,
            ..Default::default()
        }));
        recs.extend(rows);
    }
    recs
}

#[test]
fn newton_coefficients_match_scikit_learn() {
    // The same 60 rows in scikit-learn 1.x:
    // LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(X, y)
    // gave coef [0.7035632863562019, 0.07514821217472326, -0.5643767961341213]
    // and intercept -0.45768925475649613 (13 positives of 60).
    let n = 60;
    let mut x = Vec::new();
    let mut y = Vec::new();
    for i in 0..n {
        let x1 = ((i * 37) % 17) as f64 / 4.0 - 2.0;
        let x2 = ((i * 53) % 23) as f64 / 5.0 - 2.3;
        let x3 = (i % 5) as f64;
        x.extend([x1, x2, x3]);
        y.push(((i * 29) % 11) as f64 + 2.0 * x1 - x3 > 6.0);
    }
    assert_eq!(y.iter().filter(|&&c| c).count(), 13);
    let (coef, intercept, iterations) = fit::logistic(&x, 3, &y, 1.0, None).unwrap();
    let want = [0.7035632863562019, 0.07514821217472326, -0.5643767961341213];
    for (c, w) in coef.iter().zip(want) {
        assert!((c - w).abs() < 1e-7, "coef {c} vs {w}");
    }
    assert!(
        (intercept - -0.45768925475649613).abs() < 1e-7,
        "{intercept}"
    );
    // Newton converges in a handful of steps, from any start.
    assert!(iterations <= 12, "{iterations} iterations");
    let (again, b, _) = fit::logistic(&x, 3, &y, 1.0, Some(&[5.0, -5.0, 5.0, 3.0])).unwrap();
    for (c, w) in again.iter().zip(want) {
        assert!((c - w).abs() < 1e-7, "coef {c} vs {w} from a far start");
    }
    assert!((b - -0.45768925475649613).abs() < 1e-7);
}

#[test]
fn auc_delong_brier_lift_by_hand() {
    // Positives 0.9, 0.8, 0.6; negatives 0.7, 0.5, 0.4: 8 of 9 pairs right.
    let s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
    let y = [true, true, false, true, false, false];
    let a = auc(&s, &y).unwrap();
    assert!((a.auc - 8.0 / 9.0).abs() < 1e-12);
    // DeLong: placements (1, 1, 2/3) and (2/3, 1, 1), each variance 1/27,
    // se² = 1/81 + 1/81 → se = 0.157135; 0.888889 − 1.959964·se = 0.580912.
    assert!((a.low - 0.580_912).abs() < 1e-5, "{}", a.low);
    assert_eq!(a.high, 1.0);
    // Ties count half.
    assert_eq!(auc(&[0.5, 0.5], &[true, false]).unwrap().auc, 0.5);
    assert!(auc(&[0.5], &[true]).is_none());
    // Brier: (0.2² + 0.3²) / 2.
    assert!((brier(&[0.8, 0.3], &[true, false]).unwrap() - 0.065).abs() < 1e-12);
    // Lift: 10 rows, the riskiest churned, 2 churned in all: 1 / 0.2.
    let p: Vec<f64> = (0..10).map(|i| 0.9 - 0.1 * f64::from(i)).collect();
    let mut y = [false; 10];
    y[0] = true;
    y[5] = true;
    assert!((lift_top_decile(&p, &y).unwrap() - 5.0).abs() < 1e-12);
    let d = deciles(&p, &y);
    assert_eq!(d.len(), 10);
    assert_eq!((d[9].decile, d[9].observed), (10, 1.0));
    assert!((d[0].predicted - 0.0).abs() < 1e-12);
}

#[test]
fn planted_signal_beats_the_health_score_without_leaking() {
    let data = load(&planted());
    let run = train(&data, &RiskOptions::default());
    let model = run.model.as_ref().expect("a model");
    assert_eq!(model.mode, Mode::History);
    assert_eq!(model.month, m("2025-12"));
    let (a, h) = (model.auc.unwrap(), model.health_auc.unwrap());
    assert!(a > 0.65, "model AUC {a}");
    assert!(a > h + 0.1, "model AUC {a} vs health {h}");
    assert_eq!(model.verdict, Verdict::ModelBetter);
    // Validation on the last 6 months whose 3-month outcome is known.
    assert_eq!(model.validated_on, "2025-04..2025-09");
    // The planted field is the strongest monthly-contract feature.
    let w = |name: &str| {
        model
            .features
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.weight)
    };
    assert!(w("custom.contract=Monthly").unwrap() > 0.3);
    assert!(w("custom.contract=Annual").unwrap() < -0.3);
    // The decimal-comma custom field is a number.
    assert!(w("custom.seats_ratio").is_some());
    // No leaking feature, ever.
    for f in &model.features {
        let n = f.name.to_lowercase();
        for bad in LEAKING_FIELDS.iter().chain(&["cancel", "churn"]) {
            assert!(!n.contains(bad), "leaking feature {n}");
        }
    }
    // Calibrated: the churn rate of the scored month's neighbours is near
    // the base rate, and the probabilities are real probabilities.
    assert!(!run.accounts.is_empty());
    assert!(
        run.accounts
            .iter()
            .all(|a| (0.0..=1.0).contains(&a.churn_probability))
    );
    // Monthly-contract accounts are riskier.
    let mean = |monthly: bool| {
        let v: Vec<f64> = run
            .accounts
            .iter()
            .filter(|a| {
                let i: usize = a.external_id[1..].parse().unwrap();
                i.is_multiple_of(2) == monthly
            })
            .map(|a| a.churn_probability)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    assert!(mean(true) > 2.0 * mean(false));
    // Twelve months of history, the last one the account's probability.
    let a = &run.accounts[0];
    assert_eq!(a.history.len(), 12);
    let last = a.history[11].unwrap();
    assert!((f64::from(last) - a.churn_probability).abs() < 1e-6);
}

#[test]
fn columns_never_read_a_leaking_field() {
    let data = load(&planted());
    let accounts: Vec<usize> = (0..data.account_count()).collect();
    for history in [true, false] {
        for c in columns(&data, &accounts, history) {
            let field = match &c {
                Column::Builtin(b) => b.clone(),
                Column::Number(f) => f.clone(),
                Column::Category { field, .. } => field.clone(),
            };
            let key = field.strip_prefix("custom.").unwrap_or(&field);
            assert!(!LEAKING_FIELDS.contains(&key), "{field}");
            assert!(key != "cancelled_on" && key != "churn_note", "{field}");
        }
    }
}

#[test]
fn features_at_a_month_ignore_later_records() {
    // The same accounts with every record after 2024-10 removed: the
    // features of 2024-10 must not change.
    let cut = m("2024-10");
    let full = planted();
    let early: Vec<Record> = full
        .iter()
        .filter(|r| match r {
            Record::Mrr(x) => x.month <= cut,
            Record::Usage(x) => x.month <= cut,
            _ => true,
        })
        .cloned()
        .collect();
    let (a, b) = (load(&full), load(&early));
    let accounts: Vec<usize> = (0..a.account_count()).collect();
    let cols = columns(&a, &accounts, true);
    assert_eq!(cols, columns(&b, &accounts, true));
    let (ea, eb) = (Extractor::new(&a, &cols), Extractor::new(&b, &cols));
    let (mut ra, mut rb) = (Vec::new(), Vec::new());
    for i in accounts {
        ea.row(i, Some(cut.index()), &mut ra);
        eb.row(i, Some(cut.index()), &mut rb);
        for (j, (x, y)) in ra.iter().zip(&rb).enumerate() {
            assert!(
                x == y || (x.is_nan() && y.is_nan()),
                "{} differs",
                cols[j].name()
            );
        }
    }
}

/// 300 accounts with no revenue records, a churn flag and attributes: a
/// CRM export.
fn snapshot_records() -> Vec<Record> {
    let mut rng = SplitMix(3);
    (0..300)
        .map(|i| {
            let two_year = i % 3 == 0;
            let seats = (rng.next() % 50 + 1) as i64;
            let p = if two_year { 0.1 } else { 0.5 };
            let churned = (rng.next() % 1000) as f64 / 1000.0 < p;
            let mut custom = BTreeMap::new();
            custom.insert(
                "contract".to_string(),
                if two_year {
                    "Two year"
                } else {
                    "Month-to-month"
                }
                .to_string(),
            );
            custom.insert("seats".to_string(), seats.to_string());
            Record::Account(Account {
                external_id: format!("S{i:03}"),
                name: format!("S{i:03}"),
                status: Some(if churned {
                    AccountStatus::Churned
                } else {
                    AccountStatus::Active
                }),
                custom,
                ..Default::default()
            })
        })
        .collect()
}

#[test]
fn snapshot_probabilities_are_out_of_fold() {
    let data = load(&snapshot_records());
    let run = train(&data, &RiskOptions::default());
    let model = run.model.as_ref().expect("a snapshot model");
    assert_eq!(model.mode, Mode::Snapshot);
    assert_eq!(model.validated_on, "5 folds");
    // Every account is scored, churned ones included, each out of fold.
    assert_eq!(run.accounts.len(), 300);
    assert!(run.accounts.iter().all(|a| a.out_of_fold));
    assert!(model.auc.unwrap() > 0.65, "{:?}", model.auc);
    // Rebuild the folds and check each probability against a model
    // fitted here on exactly the other folds, which lack the account.
    let accounts: Vec<usize> = (0..data.account_count()).collect();
    let cols = columns(&data, &accounts, false);
    let k = cols.len();
    let ex = Extractor::new(&data, &cols);
    let mut x = Vec::new();
    let mut row = Vec::new();
    let y: Vec<bool> = accounts
        .iter()
        .map(|&a| {
            ex.row(a, None, &mut row);
            x.extend_from_slice(&row);
            data.accounts()[a].account.effective_status() == AccountStatus::Churned
        })
        .collect();
    let fold = stratified_folds(&y, FOLDS, SEED);
    // Stratified: each fold holds a fifth of the churned (±1).
    let churned = y.iter().filter(|&&c| c).count();
    for f in 0..FOLDS {
        let c = (0..y.len()).filter(|&i| fold[i] == f && y[i]).count();
        assert!(c.abs_diff(churned / FOLDS) <= 1);
    }
    for f in 0..FOLDS {
        let train_idx: Vec<usize> = (0..y.len()).filter(|&i| fold[i] != f).collect();
        let mut tx = Vec::new();
        let mut ty = Vec::new();
        for &i in &train_idx {
            tx.extend_from_slice(&x[i * k..(i + 1) * k]);
            ty.push(y[i]);
        }
        let model = fit::fit(&tx, k, &ty, fit::DEFAULT_ALPHA).unwrap();
        for i in (0..y.len()).filter(|&i| fold[i] == f) {
            assert!(!train_idx.contains(&i));
            let p = model.probability(&x[i * k..(i + 1) * k]);
            let reported = run
                .accounts
                .iter()
                .find(|a| a.external_id == data.accounts()[i].account.external_id)
                .unwrap()
                .churn_probability;
            assert!(
                (p - reported).abs() < 1e-9,
                "account {i}: {p} vs {reported}"
            );
        }
    }
}

#[test]
fn calibrated_mean_matches_the_base_rate() {
    let data = load(&snapshot_records());
    let accounts: Vec<usize> = (0..data.account_count()).collect();
    let cols = columns(&data, &accounts, false);
    let ex = Extractor::new(&data, &cols);
    let (mut x, mut row) = (Vec::new(), Vec::new());
    let y: Vec<bool> = accounts
        .iter()
        .map(|&a| {
            ex.row(a, None, &mut row);
            x.extend_from_slice(&row);
            data.accounts()[a].account.effective_status() == AccountStatus::Churned
        })
        .collect();
    let model = fit::fit(&x, cols.len(), &y, fit::DEFAULT_ALPHA).unwrap();
    let mean = x
        .chunks_exact(cols.len())
        .map(|r| model.probability(r))
        .sum::<f64>()
        / y.len() as f64;
    let base = y.iter().filter(|&&c| c).count() as f64 / y.len() as f64;
    assert!((mean - base).abs() < 1e-9, "{mean} vs {base}");
}

#[test]
fn fewer_than_30_churned_gives_no_model_and_says_why() {
    let recs: Vec<Record> = snapshot_records().into_iter().take(40).collect();
    let data = load(&recs);
    let run = train(&data, &RiskOptions::default());
    assert!(run.model.is_none());
    assert!(run.accounts.is_empty());
    let why = run.no_model.unwrap();
    assert!(why.contains("at least 30"), "{why}");
    assert!(why.contains("no MRR or subscription records"), "{why}");
}

/// A: 1000 in odd months, 1100 in even ones, 2024-01 .. 2025-01.
fn alternating() -> Vec<Record> {
    let mut recs = vec![Record::Account(Account {
        external_id: "A".into(),
        name: "A".into(),
        ..Default::default()
    })];
    for k in 0..13 {
        recs.push(mrr(
            "A",
            m("2024-01").plus(k),
            if k % 2 == 0 { 1000 } else { 1100 },
        ));
    }
    recs
}

#[test]
fn mrr_forecast_and_backtest_by_hand() {
    let data = load(&alternating());
    let f = forecast(&data, None, 2, None).unwrap();
    assert_eq!(f.from, m("2025-01"));
    assert_eq!(f.actual_mrr, 100_000);
    // Rates of 2024-02 .. 2025-01: six of +100/1000 and six of −100/1100;
    // mean 0.0045454…, sd 0.0996990 (sample). One month ahead:
    // 100000 × 1.0045454 = 100455; ±1.959964 × sd × √(1 + 1/12) in logs.
    let r = f.rates.unwrap();
    assert!((r.net - 0.05 / 11.0).abs() < 1e-12);
    assert!((r.net_sd - 0.099_699_021_138_263_3).abs() < 1e-12);
    assert_eq!(
        (f.mrr[0].mrr, f.mrr[0].low, f.mrr[0].high),
        (100_455, 81_967, 123_112)
    );
    assert_eq!(
        (f.mrr[1].mrr, f.mrr[1].low, f.mrr[1].high),
        (100_911, 74_870, 136_010)
    );
    assert_eq!(f.mrr[1].month, m("2025-03"));
    // Made at 2024-07 from 2024-02 .. 2024-07 (same mean): 100455,
    // 100911, 101370, 101831, 102293, 102758 against 1100, 1000, … :
    // MAPE 0.0483818…; at 2024-01 there are no movements before it.
    assert!((f.backtest.mape_6m.unwrap() - 0.048_381_818_181_818_19).abs() < 1e-12);
    assert_eq!(f.backtest.mape_12m, None);
}

#[test]
fn renewals_due_and_expected_by_hand() {
    let acct = |id: &str, renewal: &str| {
        Record::Account(Account {
            external_id: id.into(),
            name: id.into(),
            renewal_on: Some(Date::parse_iso(renewal).unwrap()),
            ..Default::default()
        })
    };
    let recs = vec![
        acct("A", "2025-02-10"),
        acct("B", "2025-03-31"),
        // Renewal in the past: not in the months ahead.
        acct("C", "2024-12-01"),
        mrr("A", m("2025-01"), 100),
        mrr("B", m("2025-01"), 200),
        mrr("C", m("2025-01"), 300),
    ];
    let data = load(&recs);
    let id = |x: &str| {
        data.accounts()
            .iter()
            .find(|s| s.account.external_id == x)
            .unwrap()
            .id
    };
    let risk_of = |x: &str, p: f64| AccountRisk {
        account_id: id(x),
        external_id: x.into(),
        name: x.into(),
        status: "active".into(),
        churn_probability: p,
        out_of_fold: false,
        drivers: Vec::new(),
        arr_cents: 0,
        history: Vec::new(),
    };
    let run = RiskRun {
        model: Some(
            train(&load(&planted()), &RiskOptions::default())
                .model
                .unwrap(),
        ),
        no_model: None,
        accounts: vec![risk_of("A", 0.25), risk_of("B", 0.5)],
    };
    let r = renewals(&data, m("2025-01"), 3, Some(&run));
    assert_eq!(r.len(), 3);
    // A: ARR 1200 due in February, 1200 × 0.75 = 900 expected.
    assert_eq!(
        (r[0].month, r[0].accounts, r[0].due_arr, r[0].expected_arr),
        (m("2025-02"), 1, 120_000, Some(90_000))
    );
    // B: ARR 2400 due in March, 2400 × 0.5 = 1200 expected.
    assert_eq!((r[1].due_arr, r[1].expected_arr), (240_000, Some(120_000)));
    assert_eq!((r[2].accounts, r[2].due_arr), (0, 0));
    // Without a model, no expected ARR.
    assert_eq!(renewals(&data, m("2025-01"), 1, None)[0].expected_arr, None);
}

#[test]
fn the_cache_answers_for_the_same_content_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path).unwrap();
    let records = snapshot_records();
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "test"))
        .unwrap();
    for r in &records[..299] {
        cs.write(r).unwrap();
    }
    cs.commit().unwrap();
    let data = Dataset::load(&store).unwrap();
    let opts = RiskOptions::default();
    let (first, cached) = cache::train_cached(&store, &data, &opts);
    assert!(!cached);
    let (second, cached) = cache::train_cached(&store, &data, &opts);
    assert!(cached);
    // Through JSON and back: the same figures (to the last few bits).
    assert_eq!(first.accounts.len(), second.accounts.len());
    for (a, b) in first.accounts.iter().zip(&second.accounts) {
        assert_eq!(a.external_id, b.external_id);
        assert!((a.churn_probability - b.churn_probability).abs() < 1e-12);
    }
    // Another horizon is another model.
    let other = RiskOptions { horizon: 2, ..opts };
    assert_ne!(
        cache::fingerprint(&store, &opts),
        cache::fingerprint(&store, &other)
    );
    // New data: retrained.
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "more"))
        .unwrap();
    cs.write(&records[299]).unwrap();
    cs.commit().unwrap();
    let data = Dataset::load(&store).unwrap();
    let (third, cached) = cache::train_cached(&store, &data, &opts);
    assert!(!cached);
    assert_eq!(third.accounts.len(), 300);
    // In memory: no file, never cached.
    let mem = store_with(&records[..50]);
    assert_eq!(cache::fingerprint(&mem, &opts), None);
}
