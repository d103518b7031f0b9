#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The ICP view's Prospects tab, headless (egui_kittest): four prospects
//! beside demo customers, ranked by a primary profile whose fits are worked
//! out by hand; the tier filter; the export of what is shown to CSV, in the
//! window's language.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tenure::demo::{DemoParams, generate};
use tenure::domain::{Account, AccountStatus, Record};
use tenure::format::Locale;
use tenure::icp::{self, Criterion, Profile, Tier};
use tenure::store::{ChangeSetMeta, Store};
use tenure::ui::i18n::ProspectsTr;
use tenure::ui::icp_model::IcpTab;
use tenure::ui::model::View;
use tenure::ui::{Prefs, TenureApp};

fn prospect(id: &str, name: &str, industry: &str, employees: i64) -> Record {
    Record::Account(Account {
        external_id: id.into(),
        name: name.into(),
        industry: Some(industry.into()),
        employees: Some(employees),
        status: Some(AccountStatus::Prospect),
        ..Account::default()
    })
}

#[test]
fn prospects_ranked_filtered_and_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("p.db");
    {
        let mut store = Store::open(&db).unwrap();
        let params = DemoParams {
            accounts: 200,
            months: 12,
            seed: 4,
            end: tenure::domain::Date::today().month(),
        };
        generate(&mut store, &params, &mut |_| true).unwrap();
        let mut cs = store
            .change_set(ChangeSetMeta::new("test", "prospects"))
            .unwrap();
        for r in [
            prospect("P1", "Alpha Soft", "Software", 40),
            prospect("P2", "Beta Varejo", "Retail", 50),
            prospect("P3", "Gama Soft", "Software", 500),
            prospect("P4", "Delta Lojas", "Retail", 5),
        ] {
            cs.write(&r).unwrap();
        }
        cs.commit().unwrap();
        let mut p = Profile::new("Core");
        p.criteria = ["industry in Software:3", "employees between 10..100:1"]
            .iter()
            .map(|c| Criterion::parse(c).unwrap())
            .collect();
        p.primary = true;
        icp::store::save(&store, &p).unwrap();
    }
    let prefs = Prefs {
        locale: Locale::PtBr,
        view: View::Icp,
        ..Prefs::default()
    };
    let mut app = TenureApp::new(db.clone(), prefs);
    app.icp.tab = IcpTab::Prospects;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app);
    wait_for(&mut h, "the prospects", |a| {
        a.icp
            .snapshot
            .as_ref()
            .is_some_and(|s| !s.prospects.is_empty())
            && !a.icp.busy
    });
    // Weights 3 + 1: P1 both (4/4 = 100, A), P3 Software only (3/4 = 75,
    // A), P2 employees only (1/4 = 25, C), P4 neither (0, D).
    let ranked: Vec<(String, u8, Tier)> = h
        .state()
        .icp
        .snapshot
        .as_ref()
        .unwrap()
        .prospects
        .iter()
        .map(|r| (r.ranked.external_id.clone(), r.ranked.fit, r.ranked.tier))
        .collect();
    assert_eq!(
        ranked,
        [
            ("P1".to_string(), 100, Tier::A),
            ("P3".to_string(), 75, Tier::A),
            ("P2".to_string(), 25, Tier::C),
            ("P4".to_string(), 0, Tier::D),
        ]
    );
    let tr = ProspectsTr::get(Locale::PtBr);
    assert!(h.query_by_label("Delta Lojas").is_some());
    assert!(
        h.query_by_label("✖ Setor é um de Software · Funcionários está entre 10 – 100")
            .is_some()
    );

    // Tier A only: the two Software prospects, in rank order.
    h.state_mut().icp.prospects.tier = Some(Tier::A);
    h.run_steps(3);
    assert!(h.query_by_label("Delta Lojas").is_none());
    assert!(h.query_by_label("Gama Soft").is_some());
    let out = dir.path().join("prospects.csv");
    h.state_mut().icp.prospects.export_path = out.display().to_string();
    h.run_steps(2);
    h.get_by_label(&format!("💾 {}", tr.export)).click();
    wait_for(&mut h, "the export", |a| a.icp.prospects.message.is_some());
    let (message, error) = h.state().icp.prospects.message.clone().unwrap();
    assert!(!error, "{message}");
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines,
        [
            "external_id,name,industry,country,plan,employees,fit,icp_tier,criteria_met,criteria_missed",
            "P1,Alpha Soft,Software,,,40,100,A,Setor é um de Software; Funcionários está entre 10 – 100,",
            "P3,Gama Soft,Software,,,500,75,A,Setor é um de Software,Funcionários está entre 10 – 100",
        ]
    );
}
