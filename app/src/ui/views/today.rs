//! Today (issue 21): the open tasks of the CSM chosen in the top bar (or
//! everyone's), grouped as overdue, today, this week and later. Each can
//! be marked done (optionally logging the touch), snoozed, dismissed, or
//! followed to its account; a task can be added by hand.

use super::super::TenureApp;
use super::super::i18n::fill;
use super::super::i18n::playbooks::PlaybooksTr;
use super::super::model::View;
use super::super::playbooks_jobs::PbCmd;
use super::super::values;
use super::super::worker::Cmd;
use crate::domain::{Date, Task, TaskStatus};
use crate::format::{self, Locale};
use crate::playbooks::StoredTask;
use egui::RichText;

/// Most tasks drawn per group; the rest are counted.
const MAX_PER_GROUP: usize = 200;

/// Asks the worker for the snapshot when it is missing.
pub(super) fn request(app: &mut TenureApp) {
    if app.pb.wants_snapshot() {
        let days = app.pb.renewal_days;
        app.send(Cmd::Playbooks(PbCmd::Refresh { renewal_days: days }));
    }
}

/// Sends a write; the worker reopens the database afterwards.
pub(super) fn write(app: &mut TenureApp, cmd: PbCmd) {
    app.pb.busy = true;
    app.send(Cmd::Playbooks(cmd));
}

/// Opens an account's page in the Accounts view.
pub(super) fn open_account(app: &mut TenureApp, account_id: i64) {
    app.prefs.view = View::Accounts;
    app.account_focus = None;
    app.accounts.page = Some(account_id);
    app.accounts.detail = None;
    app.accounts.form = None;
}

enum Action {
    Close(i64, TaskStatus, Option<String>),
    Snooze(i64, Date),
    Open(i64),
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui) {
    request(app);
    let locale = app.prefs.locale;
    let t = PlaybooksTr::get(locale);
    let csm = app.prefs.filters.get("csm").cloned();
    ui.horizontal(|ui| {
        ui.heading(RichText::new(t.view_today).size(22.0).strong());
        if let Some(s) = &app.pb.snapshot {
            ui.label(fill(
                t.today_is,
                &[("date", &format::date(s.today, locale))],
            ));
        }
        ui.label(RichText::new("·").weak());
        match &csm {
            Some(c) => ui.label(fill(t.tasks_of, &[("csm", c)])),
            None => ui.label(t.everyone),
        };
    });
    if let Some((m, error)) = &app.pb.message {
        let color = if *error {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().weak_text_color()
        };
        ui.colored_label(color, m);
    }
    add_form(app, ui, t, locale);
    let Some(snapshot) = app.pb.snapshot.clone() else {
        ui.spinner();
        return;
    };
    let today = snapshot.today;
    let mine: Vec<&StoredTask> = snapshot
        .tasks
        .iter()
        .filter(|x| csm.as_ref().is_none_or(|c| x.csm.eq_ignore_ascii_case(c)))
        .collect();
    ui.horizontal(|ui| {
        ui.label(t.log_touch);
        egui::ComboBox::from_id_salt("log_kind")
            .selected_text(touch_name(t, app.pb.log_kind))
            .show_ui(ui, |ui| {
                for (k, name) in t.touch_kinds {
                    ui.selectable_value(&mut app.pb.log_kind, k, name);
                }
            });
    });
    ui.separator();
    if mine.is_empty() {
        ui.label(t.no_tasks);
        return;
    }
    let week_end = today.add_days(6);
    let groups: [(&str, Vec<&StoredTask>); 4] = [
        (
            t.group_overdue,
            mine.iter().copied().filter(|x| x.due_on < today).collect(),
        ),
        (
            t.group_today,
            mine.iter().copied().filter(|x| x.due_on == today).collect(),
        ),
        (
            t.group_week,
            mine.iter()
                .copied()
                .filter(|x| x.due_on > today && x.due_on <= week_end)
                .collect(),
        ),
        (
            t.group_later,
            mine.iter()
                .copied()
                .filter(|x| x.due_on > week_end)
                .collect(),
        ),
    ];
    let mut action = None;
    let busy = app.pb.busy;
    let log_kind = app.pb.log_kind;
    egui::ScrollArea::vertical()
        .id_salt("today_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (name, list) in &groups {
                if list.is_empty() {
                    continue;
                }
                ui.add_space(6.0);
                ui.label(
                    RichText::new(format!("{name} ({})", list.len()))
                        .size(17.0)
                        .strong(),
                );
                for task in list.iter().take(MAX_PER_GROUP) {
                    let days = app
                        .pb
                        .snooze_days
                        .entry(task.id)
                        .or_insert_with(|| "7".into());
                    if let Some(a) = row(ui, t, task, locale, today, days, log_kind, busy) {
                        action = Some(a);
                    }
                }
                if list.len() > MAX_PER_GROUP {
                    ui.label(RichText::new(format!("… +{}", list.len() - MAX_PER_GROUP)).weak());
                }
            }
        });
    match action {
        Some(Action::Close(id, status, log)) => write(app, PbCmd::Close { id, status, log }),
        Some(Action::Snooze(id, due)) => write(app, PbCmd::Snooze { id, due }),
        Some(Action::Open(account_id)) => open_account(app, account_id),
        None => {}
    }
}

fn touch_name(t: &PlaybooksTr, kind: &str) -> &'static str {
    t.touch_kinds
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, n)| n)
}

#[allow(clippy::too_many_arguments)]
fn row(
    ui: &mut egui::Ui,
    t: &PlaybooksTr,
    task: &StoredTask,
    locale: Locale,
    today: Date,
    snooze_days: &mut String,
    log_kind: &'static str,
    busy: bool,
) -> Option<Action> {
    let mut action = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(&task.title).strong());
        ui.horizontal_wrapped(|ui| {
            let due = format!("{} {}", t.due, format::date(task.due_on, locale));
            if task.due_on < today {
                ui.colored_label(ui.visuals().error_fg_color, due);
            } else {
                ui.label(due);
            }
            ui.label(RichText::new("·").weak());
            ui.label(&task.account_name);
            ui.label(RichText::new("·").weak());
            ui.label(t.rule_name(&task.rule));
            if !task.trigger.is_empty() {
                ui.label(RichText::new(format!("({} {})", t.fired_by, task.trigger)).weak());
            }
            ui.label(RichText::new("·").weak());
            ui.label(if task.csm.is_empty() {
                t.unassigned
            } else {
                &task.csm
            });
        });
        ui.horizontal_wrapped(|ui| {
            ui.add_enabled_ui(!busy, |ui| {
                let kind = touch_name(t, log_kind);
                let kind = kind.split_once(' ').map_or(kind, |(_, k)| k).to_lowercase();
                let log = fill(t.done_log, &[("kind", &kind)]);
                if ui.button(log).on_hover_text(t.done_hint).clicked() {
                    action = Some(Action::Close(
                        task.id,
                        TaskStatus::Done,
                        Some(log_kind.into()),
                    ));
                }
                if ui.button(t.done).on_hover_text(t.done_hint).clicked() {
                    action = Some(Action::Close(task.id, TaskStatus::Done, None));
                }
                let snooze = ui.button(t.snooze).on_hover_text(t.snooze_hint);
                ui.add(egui::TextEdit::singleline(snooze_days).desired_width(28.0));
                ui.label(t.days);
                if snooze.clicked()
                    && let Ok(n) = snooze_days.trim().parse::<i32>()
                    && (1..=3650).contains(&n)
                {
                    action = Some(Action::Snooze(task.id, today.add_days(n)));
                }
                if ui.button(t.dismiss).on_hover_text(t.dismiss_hint).clicked() {
                    action = Some(Action::Close(task.id, TaskStatus::Dismissed, None));
                }
            });
            if ui.button(format!("➡ {}", t.open_account)).clicked() {
                action = Some(Action::Open(task.account_id));
            }
        });
    });
    action
}

fn add_form(app: &mut TenureApp, ui: &mut egui::Ui, t: &PlaybooksTr, locale: Locale) {
    if ui.button(t.add_task).clicked() {
        app.pb.add.open = !app.pb.add.open;
    }
    if !app.pb.add.open {
        return;
    }
    let mut submit = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::Grid::new("add_task").num_columns(2).show(ui, |ui| {
            let add = &mut app.pb.add;
            ui.label(t.add_title);
            ui.add(egui::TextEdit::singleline(&mut add.title).desired_width(320.0));
            ui.end_row();
            ui.label(t.add_account);
            ui.add(egui::TextEdit::singleline(&mut add.account).desired_width(320.0));
            ui.end_row();
            ui.label(t.add_due);
            ui.add(egui::TextEdit::singleline(&mut add.due).desired_width(120.0));
            ui.end_row();
            ui.label(t.add_csm);
            ui.add(egui::TextEdit::singleline(&mut add.csm).desired_width(200.0));
            ui.end_row();
        });
        submit = ui.button(t.add_save).clicked();
    });
    if !submit {
        return;
    }
    let Some(snapshot) = &app.pb.snapshot else {
        return;
    };
    let add = app.pb.add.clone();
    let Some(due) = values::parse_date(&add.due, locale) else {
        app.pb.message = Some((format!("{}: {}", t.add_due, t.bad_date), true));
        return;
    };
    let wanted = add.account.trim();
    let found: Vec<&(i64, String, String)> = snapshot
        .accounts
        .iter()
        .filter(|(_, ext, name)| ext == wanted || name.eq_ignore_ascii_case(wanted))
        .collect();
    let [(account_id, ext, _)] = found.as_slice() else {
        app.pb.message = Some((format!("{}: {wanted}", t.add_account), true));
        return;
    };
    let task = Task {
        account: ext.clone(),
        title: add.title.trim().to_string(),
        due_on: due,
        csm: Some(add.csm.trim().to_string()).filter(|c| !c.is_empty()),
        status: Some(TaskStatus::Open),
        rule: None,
        trigger: None,
        created_on: Some(snapshot.today),
        done_on: None,
        notes: None,
    };
    let account_id = *account_id;
    app.pb.add = Default::default();
    write(app, PbCmd::Add { account_id, task });
}
