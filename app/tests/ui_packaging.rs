#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! What the package's desktop entry relies on (issue 19), headless: a file
//! given on the command line (`tenure FILE`, "Open with") opens the Import
//! view with it chosen, and the Help button opens the user guide in the
//! person's language.

mod common;

use common::ui::wait_for;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::sync::Arc;
use tenure::format::Locale;
use tenure::ui::file_choice::NoDialog;
use tenure::ui::import_jobs::PluginSource;
use tenure::ui::model::View;
use tenure::ui::{Prefs, TenureApp};

fn harness(db: PathBuf, locale: Locale, files: Vec<PathBuf>) -> Harness<'static, TenureApp> {
    let prefs = Prefs {
        locale,
        view: View::Dashboard,
        ..Prefs::default()
    };
    let mut app = TenureApp::new(db, prefs);
    // No plugin is needed to choose a file; none is loaded, so nothing is built.
    app.data.plugin_source = PluginSource::Files(Vec::new());
    app.data.chooser = Arc::new(NoDialog);
    app.files_to_open = files;
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TenureApp| app.ui(ui), app)
}

#[test]
fn a_file_from_the_command_line_opens_the_import_view_with_it_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("clientes.csv");
    std::fs::write(&csv, "external_id,name\nC1,Padaria Pão Quente\n").unwrap();
    let mut h = harness(
        dir.path().join("tenure.db"),
        Locale::PtBr,
        vec![csv.clone()],
    );
    // The view is drawn once the database is open (a worker's answer, which
    // takes more than a few frames on a loaded machine).
    wait_for(&mut h, "the database", |a| a.info().is_some());
    let app = h.state();
    assert_eq!(app.prefs.view, View::Import);
    let chosen: Vec<&PathBuf> = app.data.import.files.iter().map(|f| &f.path).collect();
    assert_eq!(chosen, vec![&csv]);
    assert!(app.files_to_open.is_empty(), "taken once");
    // The file's name is shown in the list of the Import view.
    assert!(h.query_all_by_label_contains("clientes.csv").count() > 0);
}

fn opened_url(h: &Harness<'static, TenureApp>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::OpenUrl(open) => Some(open.url.clone()),
            _ => None,
        })
}

#[test]
fn help_opens_the_guide_in_the_persons_language() {
    for (locale, label, page) in [
        (Locale::En, "Help", "en/index.html"),
        (Locale::PtBr, "Ajuda", "pt-BR/index.html"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut h = harness(dir.path().join("tenure.db"), locale, Vec::new());
        h.run_steps(3);
        h.get_by_label(label).click();
        let mut url = None;
        for _ in 0..5 {
            h.step();
            url = url.or_else(|| opened_url(&h));
        }
        let url = url.unwrap_or_else(|| panic!("{label} opened nothing"));
        assert!(url.ends_with(page), "{url}");
        let path = PathBuf::from(&url);
        assert!(path.is_file(), "{url} is not a file");
        let html = std::fs::read_to_string(&path).unwrap();
        let lang = if locale == Locale::En {
            "lang=\"en\""
        } else {
            "lang=\"pt-BR\""
        };
        assert!(html.contains(lang), "{url} is not in the person's language");
    }
}
