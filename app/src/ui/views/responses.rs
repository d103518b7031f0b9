//! The Responses list the dashboard's NPS, CSAT and CES cards open (issue
//! #24): score, comment, account or "anonymous", date; negative answers
//! first; filtered by kind, score band and words; exported to CSV/XLSX; a
//! click on an account opens its page. The rows come from
//! `Store::responses` on a thread of their own; the filters run in memory.

use super::super::TenureApp;
use super::super::i18n::fill;
use super::super::i18n::surveys::SurveysTr;
use super::super::model::View;
use super::super::topbar::range_label;
use crate::domain::{Month, SurveyKind};
use crate::format::{self, Locale};
use crate::store::responses::{Band, Filter, Response};
use egui_extras::{Column, TableBuilder};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// The list's rows and choices (kept while it is open).
#[derive(Default)]
pub struct ResponsesState {
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub rows: Option<Result<Arc<Vec<Response>>, String>>,
    rows_rx: Option<Receiver<Result<Vec<Response>, String>>>,
    pub filter: Filter,
    pub export_path: String,
    export_rx: Option<Receiver<Result<(usize, PathBuf), String>>>,
    pub message: Option<(String, bool)>,
}

impl ResponsesState {
    /// Starts reading the responses of `from..=to` from the database file.
    pub fn open(db: PathBuf, from: Month, to: Month, kind: Option<SurveyKind>) -> Self {
        let (tx, rx) = channel();
        let (first, last) = (from.first_day(), to.last_day());
        let spawned = std::thread::Builder::new()
            .name("tenure-responses".into())
            .spawn(move || {
                let rows = crate::store::Store::open_reader(&db)
                    .and_then(|s| s.responses(first, last))
                    .map_err(|e| e.to_string());
                let _ = tx.send(rows);
            });
        let mut state = ResponsesState {
            from: Some(from),
            to: Some(to),
            filter: Filter {
                kind,
                ..Filter::default()
            },
            ..ResponsesState::default()
        };
        match spawned {
            Ok(_) => state.rows_rx = Some(rx),
            Err(e) => state.rows = Some(Err(e.to_string())),
        }
        state
    }

    fn poll(&mut self, ctx: &egui::Context, tr: &SurveysTr, locale: Locale) {
        if let Some(rx) = &self.rows_rx {
            match rx.try_recv() {
                Ok(rows) => {
                    self.rows = Some(rows.map(Arc::new));
                    self.rows_rx = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.rows_rx = None,
            }
        }
        if let Some(answer) = self.export_rx.as_ref().and_then(|rx| rx.try_recv().ok()) {
            self.export_rx = None;
            self.message = Some(match answer {
                Ok((n, path)) => (
                    fill(
                        tr.exported,
                        &[
                            ("n", &format::integer(n as i64, locale)),
                            ("path", &path.display().to_string()),
                        ],
                    ),
                    false,
                ),
                Err(e) => (e, true),
            });
        }
    }

    fn start_export(&mut self, ctx: &egui::Context, rows: Vec<Response>, anonymous: &str) {
        let path = PathBuf::from(self.export_path.trim());
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let anonymous = anonymous.to_string();
        let spawned = std::thread::Builder::new()
            .name("tenure-export-responses".into())
            .spawn(move || {
                let sheet = crate::store::responses::sheet(rows.iter(), &anonymous);
                let result = crate::export::write(&path, &sheet)
                    .map(|()| (sheet.rows.len(), path))
                    .map_err(|e| e.to_string());
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.export_rx = Some(rx),
            Err(e) => self.message = Some((e.to_string(), true)),
        }
    }
}

fn kind_label(kind: SurveyKind) -> &'static str {
    match kind {
        SurveyKind::Nps => "NPS",
        SurveyKind::Csat => "CSAT",
        SurveyKind::Ces => "CES",
    }
}

fn band_color(ui: &egui::Ui, band: Band) -> egui::Color32 {
    match band {
        Band::Negative => ui.visuals().error_fg_color,
        Band::Neutral => ui.visuals().warn_fg_color,
        Band::Positive => egui::Color32::from_rgb(0x2e, 0x9d, 0x5b),
    }
}

/// Opens the list on the dashboard's period (the card's kind chosen).
pub fn open(app: &mut TenureApp, kind: SurveyKind) {
    let Some(query) = app.wanted_query() else {
        return;
    };
    app.responses = Some(ResponsesState::open(
        app.current_db.clone(),
        query.from,
        query.to,
        Some(kind),
    ));
}

/// Draws the list in the dashboard's place; `false` when it was closed.
pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) -> bool {
    let locale = app.prefs.locale;
    let tr = SurveysTr::get(locale);
    let ctx = ui.ctx().clone();
    let Some(state) = app.responses.as_mut() else {
        return false;
    };
    state.poll(&ctx, tr, locale);
    let mut close = false;
    let mut open_account = None;
    let mut open_task = None;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        if ui.button(tr.back).clicked() {
            close = true;
        }
        ui.heading(tr.responses);
        if let (Some(from), Some(to)) = (state.from, state.to) {
            ui.label(egui::RichText::new(range_label(from, to, locale)).weak());
        }
    });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_id_salt("responses_kind")
            .selected_text(state.filter.kind.map_or(tr.all_kinds, kind_label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.filter.kind, None, tr.all_kinds);
                for k in [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces] {
                    ui.selectable_value(&mut state.filter.kind, Some(k), kind_label(k));
                }
            });
        egui::ComboBox::from_id_salt("responses_band")
            .width(190.0)
            .selected_text(state.filter.band.map_or(tr.all_bands, |b| tr.band(b)))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.filter.band, None, tr.all_bands);
                for b in Band::ALL {
                    ui.selectable_value(&mut state.filter.band, Some(b), tr.band(b));
                }
            });
        ui.add(
            egui::TextEdit::singleline(&mut state.filter.words)
                .hint_text(tr.words_hint)
                .desired_width(260.0),
        );
    });
    let rows = match &state.rows {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr.loading);
            });
            return !close;
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
            return !close;
        }
        Some(Ok(rows)) => rows.clone(),
    };
    let shown: Vec<&Response> = rows.iter().filter(|r| state.filter.keeps(r)).collect();
    let anonymous = shown.iter().filter(|r| r.account_id.is_none()).count();
    ui.horizontal_wrapped(|ui| {
        let period = match (state.from, state.to) {
            (Some(f), Some(t)) => range_label(f, t, locale),
            _ => String::new(),
        };
        ui.label(fill(
            tr.count_line,
            &[
                ("shown", &format::integer(shown.len() as i64, locale)),
                ("n", &format::integer(rows.len() as i64, locale)),
                ("anonymous", &format::integer(anonymous as i64, locale)),
                ("period", &period),
            ],
        ));
        ui.separator();
        ui.add(
            egui::TextEdit::singleline(&mut state.export_path)
                .hint_text(tr.export_hint)
                .desired_width(200.0),
        );
        let busy = state.export_rx.is_some();
        if ui
            .add_enabled(
                !busy && !state.export_path.trim().is_empty() && !shown.is_empty(),
                egui::Button::new(format!("💾 {}", tr.export)),
            )
            .clicked()
        {
            let lines: Vec<Response> = shown.iter().map(|r| (*r).clone()).collect();
            state.start_export(&ctx, lines, tr.anonymous);
        }
    });
    if let Some((text, error)) = &state.message {
        if *error {
            ui.colored_label(ui.visuals().error_fg_color, text);
        } else {
            ui.label(text);
        }
    }
    ui.add_space(4.0);
    if shown.is_empty() {
        ui.label(egui::RichText::new(tr.none).weak());
        return !close;
    }
    let row_h = 22.0;
    TableBuilder::new(ui)
        .id_salt("responses_table")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(84.0).at_least(70.0))
        .column(Column::initial(48.0).at_least(40.0))
        .column(Column::initial(48.0).at_least(40.0))
        .column(Column::initial(170.0).at_least(90.0).clip(true))
        .column(Column::initial(170.0).at_least(80.0).clip(true))
        .column(Column::initial(96.0).at_least(70.0).clip(true))
        .column(Column::remainder().at_least(120.0).clip(true))
        .header(row_h, |mut h| {
            for t in [
                tr.col_date,
                tr.col_kind,
                tr.col_score,
                tr.col_account,
                tr.col_respondent,
                tr.col_task,
                tr.col_comment,
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_h, shown.len(), |mut row| {
                let Some(r) = shown.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    ui.label(format::date(r.date, locale));
                });
                row.col(|ui| {
                    ui.label(kind_label(r.kind));
                });
                row.col(|ui| {
                    ui.label(
                        egui::RichText::new(r.score.to_string())
                            .strong()
                            .color(band_color(ui, r.band())),
                    );
                });
                row.col(|ui| match (r.account_id, &r.account_name) {
                    (Some(id), Some(name)) => {
                        if ui.link(name).on_hover_text(tr.open_account).clicked() {
                            open_account = Some(id);
                        }
                    }
                    _ => {
                        ui.label(egui::RichText::new(tr.anonymous).weak().italics());
                    }
                });
                row.col(|ui| {
                    ui.label(r.respondent.as_deref().unwrap_or(""));
                });
                // The task the detractor rule opened for this response: its
                // due date, a link to the account's timeline of tasks.
                row.col(|ui| {
                    if let (Some(task), Some(account)) = (&r.task, r.account_id) {
                        let hint = fill(
                            tr.open_task_hint,
                            &[
                                ("title", &task.title),
                                ("due", &format::date(task.due_on, locale)),
                            ],
                        );
                        let text = format!("☑ {}", format::date(task.due_on, locale));
                        if ui
                            .link(text)
                            .on_hover_text(format!("{}\n{hint}", tr.open_task))
                            .clicked()
                        {
                            open_task = Some(account);
                        }
                    }
                });
                row.col(|ui| {
                    let comment = r.comment.as_deref().unwrap_or("");
                    // One line in the table; the whole comment on hover.
                    let first = comment.lines().next().unwrap_or("");
                    let more = comment.lines().nth(1).is_some();
                    let label = ui.label(if more {
                        format!("{first} …")
                    } else {
                        first.to_string()
                    });
                    if !comment.is_empty() {
                        label.on_hover_ui(|ui| {
                            ui.set_max_width(420.0);
                            ui.label(comment);
                        });
                    }
                });
            });
        });
    if let Some(id) = open_task {
        // The account's page, its timeline showing tasks, scrolled to.
        app.pb.filter = Some(super::super::playbooks_state::EventKind::Task);
        app.pb.show_timeline_once = true;
        open_account = Some(id);
    }
    if let Some(id) = open_account {
        app.accounts.page = Some(id);
        app.accounts.detail = None;
        app.accounts.form = None;
        app.prefs.view = View::Accounts;
    }
    !close
}

/// Debug switch for screenshots (`TENURE_VIEW=responses`): the dashboard
/// opens on the list of the shown period.
pub fn screenshot_open(app: &mut TenureApp) {
    if app.responses.is_none() && std::env::var("TENURE_RESPONSES").is_ok_and(|v| v == "1") {
        open(app, SurveyKind::Nps);
        if let Some(s) = app.responses.as_mut() {
            s.filter.kind = None;
        }
    }
}
