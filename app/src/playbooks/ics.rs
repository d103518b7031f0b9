//! Tasks and renewals as iCalendar files (RFC 5545): one all-day `VEVENT`
//! each, with a `UID` that stays the same from one export to the next, so
//! that importing the file again updates the same events.

use super::renewals::Renewal;
use super::tasks::StoredTask;
use crate::domain::Date;
use crate::format::{self, Locale};
use icalendar::{Calendar, Component, EventLike};

fn naive(d: Date) -> Option<chrono::NaiveDate> {
    let (y, m, day) = d.ymd();
    chrono::NaiveDate::from_ymd_opt(y, m, day)
}

/// The export's timestamp: midnight UTC of `today` (reproducible files).
fn stamp(today: Date) -> chrono::DateTime<chrono::Utc> {
    let secs = i64::from(today.days()) * 86_400;
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn event(
    uid: &str,
    day: Date,
    summary: &str,
    description: &str,
    today: Date,
) -> Option<icalendar::Event> {
    let start = naive(day)?;
    let end = naive(day.add_days(1))?;
    Some(
        icalendar::Event::new()
            .uid(uid)
            .timestamp(stamp(today))
            .summary(summary)
            .description(description)
            // DTEND is exclusive for a whole day (RFC 5545 §3.6.1).
            .starts(start)
            .ends(end)
            .done(),
    )
}

/// One event per task, on its due date.
pub fn tasks_calendar(tasks: &[StoredTask], today: Date, locale: Locale) -> String {
    let mut cal = Calendar::new();
    let pt = locale == Locale::PtBr;
    cal.name(if pt {
        "Tenure: tarefas"
    } else {
        "Tenure: tasks"
    });
    for t in tasks {
        let mut lines = vec![format!("{} ({})", t.account_name, t.account)];
        if !t.csm.is_empty() {
            lines.push(format!("CSM: {}", t.csm));
        }
        if !t.rule.is_empty() {
            lines.push(format!(
                "{}: {} ({})",
                if pt { "Regra" } else { "Rule" },
                t.rule,
                t.trigger
            ));
        }
        if !t.notes.is_empty() {
            lines.push(t.notes.clone());
        }
        let uid = format!("task-{}@tenure", t.id);
        if let Some(e) = event(&uid, t.due_on, &t.title, &lines.join("\n"), today) {
            cal.push(e);
        }
    }
    cal.done().to_string()
}

/// One event per renewal, on its date.
pub fn renewals_calendar(
    renewals: &[Renewal],
    today: Date,
    locale: Locale,
    currency: &str,
) -> String {
    let mut cal = Calendar::new();
    let pt = locale == Locale::PtBr;
    cal.name(if pt {
        "Tenure: renovações"
    } else {
        "Tenure: renewals"
    });
    for r in renewals {
        let arr = format::money(r.arr, currency, locale);
        let summary = if pt {
            format!("Renovação: {} (ARR {arr})", r.account_name)
        } else {
            format!("Renewal: {} (ARR {arr})", r.account_name)
        };
        let mut lines = vec![format!("{} ({})", r.account_name, r.account)];
        if let Some(h) = r.health {
            lines.push(format!("{}: {h}", if pt { "Saúde" } else { "Health" }));
        }
        if !r.csm.is_empty() {
            lines.push(format!("CSM: {}", r.csm));
        }
        lines.push(format!(
            "{}: {}",
            if pt { "Tarefas abertas" } else { "Open tasks" },
            r.open_tasks
        ));
        let uid = format!("renewal-{}-{}@tenure", r.account_id, r.renewal_on);
        if let Some(e) = event(&uid, r.renewal_on, &summary, &lines.join("\n"), today) {
            cal.push(e);
        }
    }
    cal.done().to_string()
}
