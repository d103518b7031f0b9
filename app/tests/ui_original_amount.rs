#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A purchase paid in another currency on the account page (revenue.md: "a
//! record's original amount and currency are kept and shown"): its own
//! amount, with the reporting-currency figure and the rate beside it, or
//! the missing rate named; a purchase in the reporting currency as it is.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use tenure::domain::{Account, Date, FxRate, Money, Month, Purchase, Record, Subscription};
use tenure::format::Locale;
use tenure::store::{ChangeSetMeta, Store};
use tenure::ui::model::View;
use tenure::ui::{Prefs, TenureApp};

fn purchase(id: &str, day: &str, cents: i64, currency: &str) -> Record {
    Record::Purchase(Purchase {
        account: "A".into(),
        date: Date::parse_iso(day).unwrap(),
        amount: Money::from_cents(cents),
        currency: Some(currency.into()),
        refunded: None,
        external_id: Some(id.into()),
        kind: None,
        product: None,
        status: None,
    })
}

/// A BRL database: one account, US$ 120.00 in January (rate 5.1), US$ 50.00
/// in March (no rate), R$ 30.00 in February.
fn book(db: &Path) {
    let mut store = Store::open(db).unwrap();
    let mut cs = store
        .change_set(ChangeSetMeta::new("test", "import"))
        .unwrap();
    let records = [
        Record::Account(Account {
            external_id: "A".into(),
            name: "Alpha".into(),
            ..Default::default()
        }),
        purchase("P1", "2026-01-10", 12_000, "USD"),
        purchase("P2", "2026-02-10", 3_000, "BRL"),
        purchase("P3", "2026-03-10", 5_000, "USD"),
        // US$ 100.00 in January only (the end is exclusive).
        Record::Subscription(Subscription {
            account: "A".into(),
            external_id: Some("S1".into()),
            start: Date::parse_iso("2026-01-01").unwrap(),
            end: Some(Date::parse_iso("2026-02-01").unwrap()),
            amount: Money::from_cents(10_000),
            billing_period: None,
            product: None,
            trial_end: None,
            discount: None,
            discount_percent: None,
            cancel_at: None,
            currency: Some("USD".into()),
        }),
        Record::FxRate(FxRate {
            month: Month::from_ym(2026, 1),
            currency: "USD".into(),
            rate: "5.1".into(),
        }),
    ];
    for r in &records {
        cs.write(r).unwrap();
    }
    cs.commit().unwrap();
}

fn page(db: &Path, locale: Locale) -> Harness<'static, TenureApp> {
    let prefs = Prefs {
        locale,
        view: View::Accounts,
        ..Prefs::default()
    };
    let mut app = TenureApp::new(db.to_path_buf(), prefs);
    app.accounts.open_first_page = true;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app);
    wait_for(&mut h, "the account page", |a| {
        a.accounts.detail.is_some() && a.accounts.settled()
    });
    h
}

/// US$ 120.00 × 5.1 = R$ 612.00, by hand.
#[test]
fn ui_a_purchase_in_dollars_shows_its_amount_in_reais_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tenure.db");
    book(&db);
    let h = page(&db, Locale::En);
    h.get_by_label_contains("$120.00 (R$612.00 at 5.1)");
    h.get_by_label_contains("$50.00 (no USD rate for 2026-03)");
    // The subscription: US$ 100.00 × 5.1 = R$ 510.00 (its one month's rate).
    h.get_by_label_contains("$100.00 (R$510.00 at 5.1)");
    // The purchase in reais is shown as it is, with nothing beside it.
    assert!(h.query_all_by_label_contains("R$30.00").count() >= 1);
    assert!(h.query_by_label_contains("R$30.00 (").is_none());
}

#[test]
fn ui_the_same_in_portuguese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tenure.db");
    book(&db);
    let h = page(&db, Locale::PtBr);
    h.get_by_label_contains("$ 120,00 (R$ 612,00 à cotação 5,1)");
    h.get_by_label_contains("$ 50,00 (sem cotação de USD para");
    h.get_by_label_contains("$ 100,00 (R$ 510,00 à cotação 5,1)");
}
