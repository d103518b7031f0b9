//! The window. Views draw from snapshots prepared off the UI thread; they
//! never run SQL or compute metrics inside a frame.

use crate::domain::RecordKind;
use crate::store::{Store, queries};
use std::path::PathBuf;

/// What the first window shows: the database and what it holds.
pub struct TenureApp {
    db_path: PathBuf,
    counts: Result<Vec<(RecordKind, i64)>, String>,
}

impl TenureApp {
    pub fn new(db_path: PathBuf) -> Self {
        let counts = Store::open(&db_path)
            .map_err(|e| e.to_string())
            .and_then(|s| queries::record_counts(s.conn()).map_err(|e| e.to_string()));
        TenureApp { db_path, counts }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Tenure");
        ui.label(format!("Database: {}", self.db_path.display()));
        ui.separator();
        match &self.counts {
            Ok(counts) => {
                egui::Grid::new("counts").striped(true).show(ui, |ui| {
                    for (kind, n) in counts {
                        ui.label(kind.name());
                        ui.label(n.to_string());
                        ui.end_row();
                    }
                });
            }
            Err(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
        }
    }
}

impl eframe::App for TenureApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| self.ui(ui));
    }
}

/// Opens the window on `db_path`; returns a plain sentence on failure.
pub fn run(db_path: PathBuf) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Tenure")
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Tenure",
        options,
        Box::new(move |_cc| Ok(Box::new(TenureApp::new(db_path)))),
    )
    .map_err(|e| {
        format!(
            "the window could not be opened ({e}); the commands still work: run `tenure --help`"
        )
    })
}
