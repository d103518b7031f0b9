#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The window's revenue figures (issue #22), headless (egui_kittest): the
//! dashboard's purchase cards and its trial-conversion and committed-MRR
//! cards on a small book worked out by hand, in both languages; and the
//! Customer value (LTV) view: its rows, a sort by a column, its export,
//! and the sentence saying why there is no model on a book with too few
//! repeat customers.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use tenure::demo::{DemoParams, generate};
use tenure::domain::*;
use tenure::format::Locale;
use tenure::store::{ChangeSetMeta, Store};
use tenure::ui::model::{Kpi, View};
use tenure::ui::{Prefs, TenureApp};

fn date(text: &str) -> Date {
    Date::parse_iso(text).unwrap()
}

fn account(id: &str, name: &str) -> Record {
    Record::Account(Account {
        external_id: id.into(),
        name: name.into(),
        ..Account::default()
    })
}

fn purchase(id: &str, account: &str, day: &str, cents: i64) -> Purchase {
    Purchase {
        account: account.into(),
        date: date(day),
        amount: Money::from_cents(cents),
        currency: None,
        refunded: None,
        external_id: Some(id.into()),
        kind: None,
        product: None,
        status: None,
    }
}

fn monthly(
    id: &str,
    account: &str,
    start: &str,
    cents: i64,
    trial_end: Option<&str>,
    end: Option<&str>,
    cancel_at: Option<&str>,
) -> Record {
    Record::Subscription(Subscription {
        account: account.into(),
        external_id: Some(id.into()),
        start: date(start),
        end: end.map(date),
        amount: Money::from_cents(cents),
        billing_period: Some(BillingPeriod::Monthly),
        product: None,
        trial_end: trial_end.map(date),
        discount: None,
        discount_percent: None,
        cancel_at: cancel_at.map(date),
        currency: None,
    })
}

fn write(db: &Path, records: &[Record]) {
    let mut store = Store::open(db).unwrap();
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "test"))
        .unwrap();
    for r in records {
        cs.write(r).unwrap();
    }
    cs.commit().unwrap();
    store.settings().set("currency", "BRL").unwrap();
}

/// The book, with May 2025 as the period:
///
/// Purchases (`failed` ones bring nothing; revenue is net of `refunded`):
/// - A: 2025-03-10 R$ 100.00 (before May); 2025-05-05 R$ 200.00;
///   2025-05-20 R$ 50.00 of which R$ 20.00 refunded → R$ 30.00.
/// - B: 2025-05-12 R$ 300.00.
/// - C: 2025-05-15 R$ 90.00, failed.
///
/// So in May: revenue 200 + 30 + 300 = R$ 530.00; orders 3; purchasing
/// customers 2 (A, B); average order value 530 ÷ 3 = R$ 176.67; A had
/// bought before May: repeat-customer rate 1 ÷ 2 = 50.0 %, returning
/// revenue R$ 230.00.
///
/// Subscriptions (monthly):
/// - A: R$ 100.00 from 2025-01-01, `cancel_at` 2025-07-15 (within the three
///   months after May: taken off committed MRR);
/// - A: R$ 40.00 from 2025-02-01, `cancel_at` 2025-09-10 (after August 31,
///   outside the three months: kept);
/// - B: R$ 250.00 from 2025-04-10, trial to 2025-05-10 (May's last day is
///   after it: May is paid, the trial converted);
/// - C: R$ 80.00 from 2025-04-20, trial to 2025-05-20, ended 2025-05-20
///   (no paid month: not converted).
///
/// So May's MRR is 100 + 40 + 250 = R$ 390.00, committed MRR 390 − 100 =
/// R$ 290.00, and two trials ended in May, one converted: 50.0 %.
fn book(dir: &Path) -> PathBuf {
    let db = dir.join("book.db");
    let mut refunded = purchase("P3", "A", "2025-05-20", 5_000);
    refunded.refunded = Some(Money::from_cents(2_000));
    let mut failed = purchase("P5", "C", "2025-05-15", 9_000);
    failed.status = Some("failed".into());
    write(
        &db,
        &[
            account("A", "Alfa Ltda"),
            account("B", "Beta SA"),
            account("C", "Gama ME"),
            Record::Purchase(purchase("P1", "A", "2025-03-10", 10_000)),
            Record::Purchase(purchase("P2", "A", "2025-05-05", 20_000)),
            Record::Purchase(refunded),
            Record::Purchase(purchase("P4", "B", "2025-05-12", 30_000)),
            Record::Purchase(failed),
            monthly(
                "S1",
                "A",
                "2025-01-01",
                10_000,
                None,
                None,
                Some("2025-07-15"),
            ),
            monthly(
                "S2",
                "A",
                "2025-02-01",
                4_000,
                None,
                None,
                Some("2025-09-10"),
            ),
            monthly(
                "S3",
                "B",
                "2025-04-10",
                25_000,
                Some("2025-05-10"),
                None,
                None,
            ),
            monthly(
                "S4",
                "C",
                "2025-04-20",
                8_000,
                Some("2025-05-20"),
                Some("2025-05-20"),
                None,
            ),
        ],
    );
    db
}

fn window(
    db: PathBuf,
    locale: Locale,
    view: View,
    size: (f32, f32),
) -> Harness<'static, TenureApp> {
    let mut prefs = Prefs {
        locale,
        view,
        ..Prefs::default()
    };
    prefs.period.anchor = Some(Month::from_ym(2025, 5).index());
    let app = TenureApp::new(db, prefs);
    Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app)
}

fn settled(app: &TenureApp) -> bool {
    app.cards.is_some() && !app.cards_busy()
}

struct Shown {
    revenue: &'static str,
    orders: &'static str,
    aov: &'static str,
    returning: &'static str,
    repeat: &'static str,
    committed: &'static str,
    trials: &'static str,
    mrr: &'static str,
}

const EN: Shown = Shown {
    revenue: "R$530.00",
    orders: "3",
    aov: "R$176.67",
    returning: "R$230.00",
    repeat: "50.0%",
    committed: "R$290.00",
    trials: "50.0%",
    mrr: "R$390.00",
};

const PT: Shown = Shown {
    revenue: "R$ 530,00",
    orders: "3",
    aov: "R$ 176,67",
    returning: "R$ 230,00",
    repeat: "50,0%",
    committed: "R$ 290,00",
    trials: "50,0%",
    mrr: "R$ 390,00",
};

#[test]
fn ui_purchase_trial_and_committed_cards_show_the_hand_worked_book() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    for (locale, shown) in [(Locale::En, &EN), (Locale::PtBr, &PT)] {
        let mut h = window(db.clone(), locale, View::Dashboard, (1400.0, 1400.0));
        wait_for(&mut h, "the dashboard", |a| {
            settled(a) && a.cards.as_ref().is_some_and(|c| c.revenue.is_some())
        });
        let cards = h.state().cards.clone().unwrap();
        assert_eq!(
            (cards.from, cards.to),
            (Some(Month::from_ym(2025, 5)), Some(Month::from_ym(2025, 5)))
        );
        // The engine's figures behind the cards.
        let rc = cards.revenue.as_ref().unwrap();
        let f = &rc.figures;
        assert_eq!(f.revenue, Ok(Money::from_cents(53_000)));
        assert_eq!(f.orders, 3);
        assert_eq!(f.purchasing_customers, 2);
        assert_eq!(f.average_order_value, Ok(Some(Money::from_cents(17_667))));
        assert_eq!(f.returning_revenue, Ok(Money::from_cents(23_000)));
        assert_eq!(f.repeat_customer_rate, Some(0.5));
        let value = |k: Kpi| cards.get(k).and_then(|v| v.value.clone().ok());
        assert_eq!(value(Kpi::Mrr), Some(390.0));
        assert_eq!(value(Kpi::CommittedMrr), Some(290.0));
        assert_eq!(value(Kpi::TrialConversion), Some(0.5));
        // And what the window writes on them, in the locale.
        for text in [
            shown.revenue,
            shown.aov,
            shown.returning,
            shown.committed,
            shown.mrr,
        ] {
            h.get_by_label(text);
        }
        // Two cards show 50.0 % (repeat rate, trial conversion), one the
        // orders' 3.
        assert_eq!(shown.trials, shown.repeat);
        assert!(h.query_all_by_label(shown.repeat).count() >= 2);
        assert!(h.query_all_by_label(shown.orders).count() >= 1);
        // The section's cards are titled in the window's language.
        let tr = tenure::ui::i18n::revenue::get(locale);
        for title in tr.cards {
            assert!(h.query_all_by_label(title).count() >= 1, "{title}");
        }
    }
}

/// The default demo's Customer value view: the model fitted, a row per
/// customer in CLV order, re-sorted by a click on a column, exported.
#[test]
fn ui_customer_value_view_lists_sorts_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    {
        let mut store = Store::open(&db).unwrap();
        let params = DemoParams {
            accounts: 300,
            months: 24,
            seed: 42,
            end: Month::from_ym(2025, 12),
        };
        generate(&mut store, &params, &mut |_| true).unwrap();
    }
    // The report computed on its own, for the rows the view must show.
    let report = {
        let store = Store::open(&db).unwrap();
        tenure::ltv::compute(&store, &tenure::ltv::LtvOptions::default()).unwrap()
    };
    assert!(report.model.is_some(), "{:?}", report.reason);
    let mut by_clv: Vec<&tenure::ltv::CustomerValue> = report.customers.iter().collect();
    by_clv.sort_by(|a, b| {
        b.clv
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.clv.unwrap_or(f64::NEG_INFINITY))
            .then_with(|| b.external_id.cmp(&a.external_id))
    });
    let mut h = window(db, Locale::En, View::Ltv, (1400.0, 900.0));
    wait_for(&mut h, "the models", |a| a.ltv.figures.is_some());
    let t = tenure::ui::i18n::ltv::get(Locale::En);
    h.get_by_label_contains(&format!("{}: r = ", t.params_bg));
    let shown = h.state().ltv.figures.clone().unwrap();
    assert_eq!(shown.report.customers.len(), report.customers.len());
    // Most valuable first: the top rows are the top CLVs.
    let order: Vec<String> = h
        .state()
        .ltv
        .order
        .iter()
        .map(|&i| shown.report.customers[i].external_id.clone())
        .collect();
    let want: Vec<String> = by_clv.iter().map(|c| c.external_id.clone()).collect();
    assert_eq!(order, want);
    h.get_by_label(&want[0]);
    h.get_by_label(&want[1]);
    // A click on "Customer" sorts by name, A to Z.
    h.get_by_label("Customer").click();
    h.run_steps(3);
    let mut names: Vec<&tenure::ltv::CustomerValue> = report.customers.iter().collect();
    names.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.external_id.cmp(&b.external_id))
    });
    let first = h.state().ltv.order[0];
    assert_eq!(
        shown.report.customers[first].external_id,
        names[0].external_id
    );
    h.get_by_label(&names[0].name);
    h.get_by_label_contains("Customer ⏶");
    // Export: one line per customer in the order shown, header first.
    h.get_by_label(t.export).click();
    h.run_steps(3);
    let end = report.calibration_end.unwrap().to_string();
    let path = dir
        .path()
        .join("exports")
        .join(format!("customer-value-{end}.csv"));
    let csv = std::fs::read_to_string(&path).expect("the exported CSV");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), report.customers.len() + 1);
    assert!(lines[0].starts_with("external_id,name,frequency,"));
    assert!(lines[1].starts_with(&format!("{},", names[0].external_id)));
    h.get_by_label_contains(t.exported);
}

/// Three customers, one of whom bought again: no model, and the view
/// says why in the window's language, with the count and the minimum.
#[test]
fn ui_customer_value_view_says_why_there_is_no_model() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("few.db");
    write(
        &db,
        &[
            account("A", "Alfa Ltda"),
            account("B", "Beta SA"),
            account("C", "Gama ME"),
            Record::Purchase(purchase("P1", "A", "2025-03-10", 10_000)),
            Record::Purchase(purchase("P2", "A", "2025-04-10", 12_000)),
            Record::Purchase(purchase("P3", "B", "2025-04-12", 30_000)),
            Record::Purchase(purchase("P4", "C", "2025-05-01", 9_000)),
        ],
    );
    for (locale, sentence) in [
        (
            Locale::En,
            "No model: 1 customer bought more than once (on different days); BG/NBD and Gamma-Gamma need at least 20.",
        ),
        (
            Locale::PtBr,
            "Sem modelo: 1 cliente comprou mais de uma vez (em dias diferentes); BG/NBD e Gamma-Gamma precisam de ao menos 20.",
        ),
    ] {
        let mut h = window(db.clone(), locale, View::Ltv, (1024.0, 700.0));
        wait_for(&mut h, "the models", |a| a.ltv.figures.is_some());
        h.get_by_label(sentence);
        // The customers are listed all the same, without model figures.
        h.get_by_label("Alfa Ltda");
        h.get_by_label("Gama ME");
        let bg = format!("{}: r = ", tenure::ui::i18n::ltv::get(locale).params_bg);
        assert!(h.query_by_label_contains(&bg).is_none());
    }
}
