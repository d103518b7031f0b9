#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The import view's preview of a survey file read by its content (issue
//! #24), headless with the real CSV plugin: the survey date (the file's
//! modification date by default) reaches the preview, whose rows are the
//! responses the import will store (one per score column, its kind named);
//! the mapping editor names the score columns by kind, not "custom field";
//! the empty and `NA` scores are counted under the preview; the import
//! stores what the preview showed. In both languages.

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};
use tenure::format::Locale;
use tenure::ui::TenureApp;
use tenure::ui::model::View;

fn wait_for(h: &mut Harness<'static, TenureApp>, what: &str, done: impl Fn(&TenureApp) -> bool) {
    let start = Instant::now();
    loop {
        h.step();
        if done(h.state()) {
            h.run_steps(3);
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "timed out waiting for {what}: running {}, message {:?}",
            h.state().data.import.running.is_some(),
            h.state().data.import.message
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// An unnamed index column, an id, two score columns (two `NA`), a
/// comment and no date: 5 rows × 2 scores − 2 = 8 responses.
const SURVEY: &str = "\"\",\"id\",\"nps\",\"satisfaction\",\"explication\"
1,7741,9,4,\"Très bien\"
2,7742,NA,5,\"\"
3,7743,3,2,\"Trop d'attente\"
4,7744,10,NA,\"Parfait\"
5,7745,7,3,\"Bien\"
";

/// The survey file, last modified on 2025-03-31 at noon (UTC).
fn survey(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("retail.csv");
    std::fs::write(&path, SURVEY).unwrap();
    // 2025-03-31 is day 20178 since 1970 (by hand: 55 years with 14 leap
    // days → 20089, plus January–March 89 days).
    let noon = SystemTime::UNIX_EPOCH + Duration::from_secs(20_178 * 86_400 + 12 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(noon)
        .unwrap();
    path
}

/// Adds the file and waits for the inspection that has the survey date.
fn open(h: &mut Harness<'static, TenureApp>, file: &Path, add: &str) {
    wait_for(h, "the database", |a| a.info().is_some());
    h.state_mut().data.import.path_text = file.display().to_string();
    h.run_steps(2);
    h.get_by_label(add).click();
    wait_for(h, "the dated inspection", |a| {
        a.data.import.files.first().is_some_and(|f| {
            f.waiting.is_none()
                && f.survey_date.is_some()
                && f.inspection
                    .as_ref()
                    .is_some_and(|i| i.description.sheets.iter().any(|s| !s.preview.is_empty()))
        })
    });
}

fn preview(h: &Harness<'static, TenureApp>) -> Vec<(String, String, String)> {
    let insp = h.state().data.import.files[0].inspection.clone().unwrap();
    insp.description.sheets[0]
        .preview
        .iter()
        .map(|r| {
            (
                r.get("date").cloned().unwrap_or_default(),
                r.get("kind").cloned().unwrap_or_default(),
                r.get("score").cloned().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn ui_a_survey_files_preview_shows_the_dated_responses_by_kind_and_the_skipped_scores() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tenure.db");
    drop(tenure::store::Store::open(&db).unwrap());
    let file = survey(dir.path());
    let mut h = common::ui::import_harness(db.clone(), View::Import, Locale::En);
    open(&mut h, &file, "Add");

    // The date box holds the file's modification date, and the preview's
    // rows carry it: the responses as the import will store them, in file
    // order, one per score column (NA ones left out).
    assert_eq!(
        h.state().data.import.files[0].survey_date.as_deref(),
        Some("03/31/2025")
    );
    let day = "2025-03-31".to_string();
    let row = |kind: &str, score: &str| (day.clone(), kind.to_string(), score.to_string());
    assert_eq!(
        preview(&h),
        vec![
            row("nps", "9"),
            row("csat", "4"),
            row("csat", "5"),
            row("nps", "3"),
            row("csat", "2"),
            row("nps", "10"),
            row("nps", "7"),
            row("csat", "3"),
        ]
    );
    // Each score column named by its kind in the mapping editor.
    let columns = h.state().data.import.files[0].columns.clone();
    assert!(
        columns.contains(&("nps".into(), Some("nps".into()))),
        "{columns:?}"
    );
    assert!(
        columns.contains(&("satisfaction".into(), Some("csat".into()))),
        "{columns:?}"
    );
    assert!(columns.contains(&("explication".into(), Some("comment".into()))));
    h.get_by_value("NPS score (0–10)");
    h.get_by_value("CSAT score (1–5)");
    assert!(h.query_by_label_contains("No rows to preview").is_none());
    h.get_by_label(
        "2 scores are empty or NA in the 5 rows read (the first on line 3): they will be skipped and counted, not rejected.",
    );

    h.get_by_label("🔍 Dry run").click();
    wait_for(&mut h, "the dry run", |a| {
        a.data.import.running.is_none() && a.data.import.outcome.as_ref().is_some_and(|o| o.dry_run)
    });
    h.get_by_label("New: 8");
    h.get_by_label("📥 Import").click();
    h.step();
    wait_for(&mut h, "the import", |a| {
        a.data.import.running.is_none()
            && a.data.import.outcome.as_ref().is_some_and(|o| !o.dry_run)
    });
    let conn = rusqlite::Connection::open(&db).unwrap();
    let stored: (i64, i64, i64) = conn
        .query_row(
            "SELECT count(*), sum(date = '2025-03-31'), (SELECT count(*) FROM account)
             FROM survey_response",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(stored, (8, 8, 0));
}

#[test]
fn ui_a_survey_files_preview_in_portuguese_names_the_scores_and_dates_day_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = survey(dir.path());
    let mut h = common::ui::import_harness(dir.path().join("t.db"), View::Import, Locale::PtBr);
    open(&mut h, &file, "Adicionar");
    assert_eq!(
        h.state().data.import.files[0].survey_date.as_deref(),
        Some("31/03/2025")
    );
    assert_eq!(preview(&h).len(), 8);
    h.get_by_value("Nota NPS (0–10)");
    h.get_by_value("Nota CSAT (1–5)");
    h.get_by_label(
        "2 notas estão vazias ou NA nas 5 linhas lidas (a primeira na linha 3): serão puladas e contadas, não rejeitadas.",
    );
}
