//! Helpers shared by the headless UI tests (egui_kittest).

use egui_kittest::Harness;
use std::time::{Duration, Instant};
use tenure::ui::TenureApp;
use tenure::ui::model::Kpi;

/// Steps frames (the worker runs meanwhile) until `done` holds, then a few
/// more so the widgets show the new state.
pub fn wait_for(
    h: &mut Harness<'static, TenureApp>,
    what: &str,
    done: impl Fn(&TenureApp) -> bool,
) {
    let start = Instant::now();
    loop {
        h.step();
        if done(h.state()) {
            h.run_steps(3);
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The MRR card's value, once computed.
pub fn mrr_card(app: &TenureApp) -> Option<f64> {
    app.cards
        .as_ref()
        .and_then(|c| c.get(Kpi::Mrr))
        .and_then(|v| v.value.clone().ok())
}

/// The window at 1400×900 on `db`, in `locale`, whose "Explore with demo
/// data" fills a small demo of `accounts` accounts × `months` months.
pub fn demo_harness(
    db: std::path::PathBuf,
    locale: tenure::format::Locale,
    accounts: u32,
    months: u32,
    seed: u64,
) -> Harness<'static, TenureApp> {
    let prefs = tenure::ui::Prefs {
        locale,
        ..tenure::ui::Prefs::default()
    };
    let mut app = TenureApp::new(db, prefs);
    app.demo_params = tenure::demo::DemoParams {
        accounts,
        months,
        seed,
        end: tenure::domain::Date::today().month(),
    };
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app)
}

/// The window on `view` in `locale`, importing with the real CSV plugin
/// only, and with no file dialog (the import view's tests).
pub fn import_harness(
    db: std::path::PathBuf,
    view: tenure::ui::model::View,
    locale: tenure::format::Locale,
) -> Harness<'static, TenureApp> {
    let prefs = tenure::ui::Prefs {
        locale,
        view,
        ..tenure::ui::Prefs::default()
    };
    let mut app = TenureApp::new(db, prefs);
    app.data.plugin_source =
        tenure::ui::import_jobs::PluginSource::Files(vec![super::csv_plugin()]);
    app.data.chooser = std::sync::Arc::new(tenure::ui::file_choice::NoDialog);
    Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app)
}
