//! What the rules read, per active customer: a few facts taken from the
//! metrics [`Dataset`] (already in memory) and the store, each at "today".
//! Building it looks at a bounded slice of each account's history (its
//! latest touch, two months of MRR and health, one usage month), so its
//! cost grows with the number of accounts, not with the months stored.

use super::PlaybookError;
use crate::domain::{AccountStatus, Date, Instant, Month};
use crate::metrics::{Band, Dataset};
use crate::store::Store;
use crate::store::dataset_rows::NONE_I32;

/// Usage of the month the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageFact {
    pub month: Month,
    pub active_users: i64,
    pub licenses: i64,
}

/// MRR of the month the rules look at and of the month before, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MrrFact {
    pub month: Month,
    pub now: i64,
    pub before: i64,
}

/// One active customer, as the rules see it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BookAccount {
    pub id: i64,
    pub external_id: String,
    pub name: String,
    pub csm: Option<String>,
    pub tier: Option<String>,
    pub customer_since: Option<Date>,
    pub onboarding_completed_on: Option<Date>,
    pub renewal_on: Option<Date>,
    /// The latest activity on or before today.
    pub last_touch: Option<Date>,
    /// Health score and band this month and the month before.
    pub score_now: Option<u8>,
    pub band_now: Option<Band>,
    pub band_before: Option<Band>,
    pub usage: Option<UsageFact>,
    pub mrr: Option<MrrFact>,
}

/// An NPS response of 0–6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detractor {
    pub account_id: i64,
    pub response_id: i64,
    pub date: Date,
    pub score: i64,
}

/// A ticket still unresolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTicket {
    pub account_id: i64,
    /// The ticket's own id, else `#` and its row id.
    pub key: String,
    pub opened_at: Instant,
}

/// Everything the rules read, at `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    pub today: Date,
    /// The month health, usage and MRR are read at: today's, or the latest
    /// month with data when today's has none yet.
    pub month: Option<Month>,
    pub currency: String,
    pub accounts: Vec<BookAccount>,
    pub detractors: Vec<Detractor>,
    pub tickets: Vec<OpenTicket>,
}

fn opt(v: i32) -> Option<i64> {
    (v != NONE_I32).then_some(i64::from(v))
}

impl Book {
    /// The book of `data` at `today`; `detractor_days` bounds the survey
    /// responses read (the widest window a rule may look back).
    pub fn build(
        store: &Store,
        data: &Dataset,
        today: Date,
        detractor_days: i32,
    ) -> Result<Book, PlaybookError> {
        let month = (data.account_count() > 0).then(|| data.default_month().min(today.month()));
        let mut accounts = Vec::new();
        for (a, s) in data.accounts().iter().enumerate() {
            let acc = &s.account;
            if acc.effective_status() != AccountStatus::Active {
                continue;
            }
            let last_touch = data
                .activities
                .of(a)
                .iter()
                .rev()
                .map(|r| r.day)
                .find(|&d| d <= today.days())
                .map(Date::from_days);
            let (mut score_now, mut band_now, mut band_before, mut usage, mut mrr) =
                (None, None, None, None, None);
            if let Some(m) = month {
                let k = m.index();
                score_now = data.cached_score(a, k);
                band_now = score_now.map(Band::of);
                band_before = data.cached_score(a, k - 1).map(Band::of);
                usage = data
                    .usage
                    .of(a)
                    .iter()
                    .rev()
                    .find(|u| u.month == k)
                    .and_then(|u| {
                        Some(UsageFact {
                            month: m,
                            active_users: opt(u.active_users)?,
                            licenses: opt(u.licenses)?,
                        })
                    });
                mrr = Some(MrrFact {
                    month: m,
                    now: data.mrr(a, k),
                    before: data.mrr(a, k - 1),
                });
            }
            accounts.push(BookAccount {
                id: s.id,
                external_id: acc.external_id.clone(),
                name: acc.name.clone(),
                csm: acc.csm.clone().filter(|c| !c.trim().is_empty()),
                tier: acc.tier.clone(),
                customer_since: acc.customer_since,
                onboarding_completed_on: acc.onboarding_completed_on,
                renewal_on: acc.renewal_on,
                last_touch,
                score_now,
                band_now,
                band_before,
                usage,
                mrr,
            });
        }
        let detractors = store
            .nps_detractors(today.add_days(-detractor_days.max(0)), today, 6)?
            .into_iter()
            .map(|d| Detractor {
                account_id: d.account_id,
                response_id: d.id,
                date: d.date,
                score: d.score,
            })
            .collect();
        let tickets = store
            .unresolved_tickets()?
            .into_iter()
            .map(|t| OpenTicket {
                account_id: t.account_id,
                key: t
                    .external_id
                    .filter(|e| !e.trim().is_empty())
                    .unwrap_or_else(|| format!("#{}", t.id)),
                opened_at: t.opened_at,
            })
            .collect();
        Ok(Book {
            today,
            month,
            currency: data.currency().to_string(),
            accounts,
            detractors,
            tickets,
        })
    }
}
