//! The account's timeline (issue 21): activities, tasks, survey responses
//! with their comments, tickets, MRR changes and imports, newest first,
//! filterable by type; "Log a touch" is a kind, a text and Save.

use super::super::TenureApp;
use super::super::accounts_state::{AccountDetail, ManualOp};
use super::super::i18n::fill;
use super::super::i18n::playbooks::PlaybooksTr;
use super::super::playbooks_jobs::PbCmd;
use super::super::playbooks_state::EventKind;
use super::super::worker::Cmd;
use crate::domain::{Activity, Date, Record};
use crate::format::{self, Locale};
use egui::RichText;

/// Most entries drawn; older ones are counted.
const MAX_EVENTS: usize = 300;

struct Event {
    day: Date,
    kind: EventKind,
    what: String,
    detail: String,
}

fn label(t: &PlaybooksTr, k: EventKind) -> &'static str {
    match k {
        EventKind::Activity => t.ev_activity,
        EventKind::Task => t.ev_task,
        EventKind::Survey => t.ev_survey,
        EventKind::Ticket => t.ev_ticket,
        EventKind::Mrr => t.ev_mrr,
        EventKind::Import => t.ev_import,
    }
}

fn icon(k: EventKind) -> &'static str {
    match k {
        EventKind::Activity => "💬",
        EventKind::Task => "☑",
        EventKind::Survey => "⭐",
        EventKind::Ticket => "🎫",
        EventKind::Mrr => "💰",
        EventKind::Import => "📥",
    }
}

fn events(app: &TenureApp, d: &AccountDetail, t: &PlaybooksTr, locale: Locale) -> Vec<Event> {
    let mut out = Vec::new();
    let acc = &app.tr().acc;
    for a in &d.records.activities {
        let r = &a.record;
        out.push(Event {
            day: r.date,
            kind: EventKind::Activity,
            what: acc.choice(&r.kind).to_string(),
            detail: [r.notes.clone(), r.csm.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
        });
    }
    if let Some((id, tasks)) = &app.pb.account_tasks
        && *id == d.account.id
    {
        for task in tasks {
            out.push(Event {
                day: task.done_on.or(task.created_on).unwrap_or(task.due_on),
                kind: EventKind::Task,
                what: format!("{} ({})", task.title, t.status(task.status)),
                detail: format!(
                    "{} {} · {}",
                    t.due,
                    format::date(task.due_on, locale),
                    t.rule_name(&task.rule)
                ),
            });
        }
    }
    for s in &d.records.surveys {
        let r = &s.record;
        out.push(Event {
            day: r.date,
            kind: EventKind::Survey,
            what: format!("{} {}", r.kind.name().to_uppercase(), r.score),
            detail: [r.comment.clone(), r.respondent.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
        });
    }
    for x in &d.records.tickets {
        let r = &x.record;
        let resolved = r
            .resolved_at
            .map(|i| format!("{} {}", t.ticket_resolved, format::date(i.date, locale)));
        out.push(Event {
            day: r.opened_at.date,
            kind: EventKind::Ticket,
            what: format!(
                "{} {}",
                t.ticket_opened,
                r.external_id.clone().unwrap_or_default()
            ),
            detail: [r.category.clone(), r.priority.clone(), resolved]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
        });
    }
    // A change of MRR from one month to the next.
    for w in d.mrr_history.windows(2) {
        let ((_, before), (m, now)) = (w[0], w[1]);
        if before != now {
            out.push(Event {
                day: m.first_day(),
                kind: EventKind::Mrr,
                what: format!(
                    "{} {} ➡ {}",
                    t.mrr_change,
                    format::money(before, &d.currency, locale),
                    format::money(now, &d.currency, locale)
                ),
                detail: format::month(m, locale),
            });
        }
    }
    for run in &d.imports {
        if let Some(day) = run
            .started_at
            .get(..10)
            .and_then(|s| Date::parse_iso(s).ok())
        {
            out.push(Event {
                day,
                kind: EventKind::Import,
                what: format!("#{} {}", run.id, run.plugin),
                detail: run.file_name.clone().unwrap_or_else(|| run.source.clone()),
            });
        }
    }
    // Newest first; within a day, in the order above.
    out.sort_by_key(|e| std::cmp::Reverse(e.day));
    out
}

pub fn show(app: &mut TenureApp, ui: &mut egui::Ui, d: &AccountDetail) {
    let locale = app.prefs.locale;
    let t = PlaybooksTr::get(locale);
    if app.pb.wants_account_tasks(d.account.id) {
        app.send(Cmd::Playbooks(PbCmd::AccountTasks(d.account.id)));
    }
    let heading = ui.label(RichText::new(t.timeline).strong().size(16.0));
    if app.pb.scroll_to_timeline || std::mem::take(&mut app.pb.show_timeline_once) {
        heading.scroll_to_me(Some(egui::Align::TOP));
    }
    touch(app, ui, t, d);
    ui.horizontal_wrapped(|ui| {
        if ui
            .selectable_label(app.pb.filter.is_none(), t.filter_all)
            .clicked()
        {
            app.pb.filter = None;
        }
        for k in EventKind::ALL {
            let text = format!("{} {}", icon(k), label(t, k));
            if ui
                .selectable_label(app.pb.filter == Some(k), text)
                .clicked()
            {
                app.pb.filter = Some(k);
            }
        }
    });
    let list: Vec<Event> = events(app, d, t, locale)
        .into_iter()
        .filter(|e| app.pb.filter.is_none_or(|f| f == e.kind))
        .collect();
    if list.is_empty() {
        ui.label(RichText::new(app.tr().acc.none_yet).weak());
        return;
    }
    egui::Grid::new(("timeline", d.account.id))
        .num_columns(3)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for e in list.iter().take(MAX_EVENTS) {
                ui.label(format::date(e.day, locale));
                ui.label(format!("{} {}", icon(e.kind), e.what));
                ui.label(RichText::new(&e.detail).weak());
                ui.end_row();
            }
        });
    if list.len() > MAX_EVENTS {
        ui.label(RichText::new(format!("… +{}", list.len() - MAX_EVENTS)).weak());
    }
}

/// "Log a touch": a kind (first click), a text, Save (second click).
fn touch(app: &mut TenureApp, ui: &mut egui::Ui, t: &PlaybooksTr, d: &AccountDetail) {
    ui.horizontal_wrapped(|ui| {
        ui.label(t.log_touch);
        for (kind, name) in t.touch_kinds {
            let chosen = app.pb.touch.as_ref().is_some_and(|(k, _)| *k == kind);
            if ui.selectable_label(chosen, name).clicked() {
                app.pb.touch = if chosen {
                    None
                } else {
                    Some((kind, String::new()))
                };
            }
        }
    });
    let mut save = None;
    if let Some((kind, text)) = app.pb.touch.as_mut() {
        ui.horizontal(|ui| {
            let edit = egui::TextEdit::singleline(text)
                .hint_text(t.touch_placeholder)
                .desired_width(420.0);
            let response = ui.add(edit);
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(t.log_save).clicked() || enter {
                save = Some((*kind, text.trim().to_string()));
            }
        });
    }
    if let Some((kind, text)) = save {
        let today = Date::today();
        let record = Record::Activity(Activity {
            account: d.account.account.external_id.clone(),
            // Its own id: two touches of a kind on one day stay two.
            external_id: Some(format!("touch-{}", crate::store::now_utc_text())),
            date: today,
            kind: kind.to_string(),
            csm: d.account.account.csm.clone(),
            minutes: None,
            notes: Some(text).filter(|n| !n.is_empty()),
        });
        let what = app.tr().acc.form_titles[super::super::forms::FormKind::Activity.index()];
        let label = fill(app.tr().acc.log_new, &[("what", what)]);
        let op = ManualOp::Insert {
            record,
            account_id: Some(d.account.id),
        };
        let cmd = app.accounts.run_op(label, op);
        app.send(cmd);
        app.pb.touch = None;
    }
}
