#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The ICP view, headless (egui_kittest): discovery on demo data, one click
//! on "Create profile from suggestions", then the fit list and the tier
//! counts, checked against the ICP engine run on its own.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tenure::demo::{DemoParams, generate};
use tenure::format::{self, Locale};
use tenure::icp;
use tenure::metrics::Dataset;
use tenure::store::Store;
use tenure::ui::i18n::Tr;
use tenure::ui::model::View;
use tenure::ui::{Prefs, TenureApp};

#[test]
fn profile_from_suggestions_gives_every_account_a_tier() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("icp.db");
    {
        let mut store = Store::open(&db).unwrap();
        let params = DemoParams {
            accounts: 1500,
            months: 24,
            seed: 11,
            end: tenure::domain::Date::today().month(),
        };
        generate(&mut store, &params, &mut |_| true).unwrap();
    }
    let prefs = Prefs {
        locale: Locale::En,
        view: View::Icp,
        ..Prefs::default()
    };
    let app = TenureApp::new(db.clone(), prefs);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app);
    wait_for(&mut h, "discovery", |a| {
        a.icp.snapshot.is_some() && !a.icp.busy
    });
    let tr = &Tr::get(Locale::En).icp;
    {
        let snap = h.state().icp.snapshot.as_ref().unwrap();
        assert!(snap.primary().is_none());
        assert!(snap.discovery.suggestions().count() > 0);
    }
    // The tier filter appears only once a primary profile exists.
    assert!(
        h.query_by(|n| n.value().as_deref() == Some("ICP tier: All"))
            .is_none()
    );

    h.get_by_label(tr.from_suggestions).click();
    wait_for(&mut h, "the new profile", |a| {
        a.icp
            .snapshot
            .as_ref()
            .is_some_and(|s| s.primary().is_some() && !s.accounts.is_empty())
            && !a.icp.busy
    });

    // The same profile scored by the engine on its own.
    let store = Store::open(&db).unwrap();
    let profile = icp::store::primary(&store)
        .unwrap()
        .expect("a primary profile");
    assert_eq!(profile.name, tr.from_suggestions_name);
    let data = Dataset::load(&store).unwrap();
    let facts = data.account_facts(data.default_month());
    let scores = icp::score(&profile, icp::TierThresholds::default(), &data, &facts);
    let counts = scores.tier_counts();
    let snap = h.state().icp.snapshot.clone().unwrap();
    assert_eq!(snap.tier_counts, counts);
    assert_eq!(snap.accounts.len(), 1500);
    let line = tenure::ui::i18n::fill(
        tr.primary_line,
        &[
            ("name", &profile.name),
            ("a", &format::integer(counts[0] as i64, Locale::En)),
            ("b", &format::integer(counts[1] as i64, Locale::En)),
            ("c", &format::integer(counts[2] as i64, Locale::En)),
            ("d", &format::integer(counts[3] as i64, Locale::En)),
        ],
    );
    assert!(h.query_by_label(&line).is_some(), "{line}");

    // The fit list shows the best account with its engine tier.
    h.get_by_label(tr.tab_fit).click();
    h.run_steps(4);
    let top = &snap.accounts[0];
    let i = data.index_of(top.account_id).unwrap();
    assert_eq!(top.fit, scores.fit[i]);
    assert_eq!(top.tier, scores.tiers[i]);
    assert_eq!(snap.fit_of(top.account_id), Some((top.fit, top.tier)));
    assert!(h.query_by_label(&top.name).is_some(), "{}", top.name);
    assert!(h.query_by_label(&top.external_id).is_some());
    // …and the top bar now filters by ICP tier.
    h.get_by(|n| n.value().as_deref() == Some("ICP tier: All"));

    // The accounts table shows the same tier and fit in its ICP column.
    h.state_mut().prefs.view = View::Accounts;
    h.state_mut().accounts.query.search = top.external_id.clone();
    wait_for(&mut h, "the accounts table", |a| {
        a.accounts.settled() && a.accounts.rows.len() == 1
    });
    let cell = format!("{} · {}", top.tier.letter(), top.fit);
    assert!(h.query_by_label(&cell).is_some(), "{cell}");
}
