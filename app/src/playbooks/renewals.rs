//! The renewal calendar (playbooks.md): every active customer whose
//! `renewal_on` falls within the window, overdue ones (a past date with no
//! renewal yet) first.

use super::PlaybookError;
use super::tasks::open_task_counts;
use crate::domain::{AccountStatus, Date, Money};
use crate::metrics::Dataset;
use crate::store::Store;
use serde::Serialize;

/// One renewal (`tenure renewals --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renewal {
    /// The account's `external_id`.
    pub account: String,
    pub account_name: String,
    pub renewal_on: Date,
    /// Negative when the renewal is overdue.
    pub days_left: i32,
    /// MRR × 12 in the month figures are read at.
    pub arr: Money,
    pub health: Option<u8>,
    pub band: Option<&'static str>,
    pub csm: String,
    pub open_tasks: u32,
    pub overdue_tasks: u32,
    pub overdue: bool,
    pub account_id: i64,
}

/// Renewals from the past (overdue) to `today + days`, by date: overdue
/// ones therefore first.
pub fn renewals(
    store: &Store,
    data: &Dataset,
    today: Date,
    days: i32,
) -> Result<Vec<Renewal>, PlaybookError> {
    let until = today.add_days(days.max(0));
    let counts = open_task_counts(store, today)?;
    let month = data.default_month().min(today.month());
    let mut out = Vec::new();
    for (a, s) in data.accounts().iter().enumerate() {
        let acc = &s.account;
        if acc.effective_status() != AccountStatus::Active {
            continue;
        }
        let Some(r) = acc.renewal_on.filter(|r| *r <= until) else {
            continue;
        };
        let health = data.cached_score(a, month.index());
        let c = counts.get(&s.id).copied().unwrap_or_default();
        out.push(Renewal {
            account: acc.external_id.clone(),
            account_name: acc.name.clone(),
            renewal_on: r,
            days_left: today.days_until(r),
            arr: Money::from_cents(data.mrr(a, month.index()).saturating_mul(12)),
            health,
            band: health.map(|h| crate::metrics::Band::of(h).name()),
            csm: acc.csm.clone().unwrap_or_default(),
            open_tasks: c.open,
            overdue_tasks: c.overdue,
            overdue: r < today,
            account_id: s.id,
        });
    }
    out.sort_by(|x, y| (x.renewal_on, &x.account_name).cmp(&(y.renewal_on, &y.account_name)));
    Ok(out)
}

/// The ARR at stake in `list`: the sum of its renewals' ARR, exact.
pub fn arr_at_stake(list: &[Renewal]) -> Money {
    Money::from_cents(list.iter().map(|r| r.arr.cents()).sum())
}
