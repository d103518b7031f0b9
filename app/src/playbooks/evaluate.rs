//! The nine rules, as one pure function of a [`Book`] and a [`Config`]:
//! what each would open today, before the once-per-trigger check.

use super::book::{Book, BookAccount};
use super::rules::Config;
use super::titles::{Fact, title};
use crate::domain::Date;
use crate::metrics::Band;
use std::collections::HashMap;

/// A task a rule would open.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub rule: &'static str,
    pub account_id: i64,
    pub account: String,
    pub account_name: String,
    pub csm: Option<String>,
    pub trigger: String,
    pub due_on: Date,
    pub fact: Fact,
    pub title: String,
}

fn rank(b: Band) -> u8 {
    match b {
        Band::Healthy => 0,
        Band::AtRisk => 1,
        Band::Critical => 2,
    }
}

/// Every task the enabled rules would open at `book.today`, rule by rule
/// in [`super::RULES`] order, accounts in the book's order.
pub fn evaluate(book: &Book, config: &Config) -> Vec<Proposal> {
    let today = book.today;
    let mut out = Vec::new();
    let mut push =
        |rule: &'static str, a: &BookAccount, trigger: String, due_on: Date, fact: Fact| {
            let title = title(&fact, &a.name, config.language, &book.currency);
            out.push(Proposal {
                rule,
                account_id: a.id,
                account: a.external_id.clone(),
                account_name: a.name.clone(),
                csm: a.csm.clone(),
                trigger,
                due_on,
                fact,
                title,
            });
        };
    let by_id: HashMap<i64, usize> = book
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();

    if config.enabled("nps_detractor") {
        let from = today.add_days(-config.days("nps_detractor", "days"));
        let reply = config.days("nps_detractor", "reply_days");
        for d in &book.detractors {
            if d.score > 6 || d.date < from || d.date > today {
                continue;
            }
            if let Some(&i) = by_id.get(&d.account_id) {
                let fact = Fact::Nps {
                    score: d.score,
                    date: d.date,
                };
                let trigger = format!("survey:{}", d.response_id);
                push(
                    "nps_detractor",
                    &book.accounts[i],
                    trigger,
                    d.date.add_days(reply),
                    fact,
                );
            }
        }
    }

    if config.enabled("health_drop")
        && let Some(m) = book.month
    {
        let due = today.add_days(config.days("health_drop", "due_days"));
        for a in &book.accounts {
            let (Some(now), Some(score)) = (a.band_now, a.score_now) else {
                continue;
            };
            let fell = now != Band::Healthy && a.band_before.is_none_or(|b| rank(b) < rank(now));
            if fell {
                let fact = Fact::HealthDrop { score, band: now };
                push("health_drop", a, format!("health:{m}"), due, fact);
            }
        }
    }

    if config.enabled("renewal_upcoming") {
        let until = today.add_days(config.days("renewal_upcoming", "days"));
        let lead = config.days("renewal_upcoming", "lead_days");
        for a in &book.accounts {
            if let Some(r) = a.renewal_on.filter(|r| *r >= today && *r <= until) {
                let due = r.add_days(-lead).max(today);
                push(
                    "renewal_upcoming",
                    a,
                    format!("renewal:{r}"),
                    due,
                    Fact::Renewal { date: r },
                );
            }
        }
    }

    if config.enabled("onboarding_overdue") {
        let days = config.days("onboarding_overdue", "days");
        let due = today.add_days(config.days("onboarding_overdue", "due_days"));
        for a in &book.accounts {
            if a.onboarding_completed_on.is_some() {
                continue;
            }
            if let Some(since) = a.customer_since {
                let age = since.days_until(today);
                if age > days {
                    let fact = Fact::Onboarding { days: age };
                    push("onboarding_overdue", a, "onboarding".into(), due, fact);
                }
            }
        }
    }

    if config.enabled("no_touch") {
        let high = config.days("no_touch", "high_days");
        let mid = config.days("no_touch", "mid_days");
        let due = today.add_days(config.days("no_touch", "due_days"));
        for a in &book.accounts {
            let limit = match a.tier.as_deref().map(str::trim) {
                Some("high_touch") => high,
                Some("mid_touch") => mid,
                // tech_touch, another tier or none: no one-to-one touch is owed.
                _ => continue,
            };
            let (fires, days) = match a.last_touch {
                Some(d) => {
                    let days = d.days_until(today);
                    (days >= limit, Some(days))
                }
                // Never touched: owed once the customer is `limit` days old.
                None => (
                    a.customer_since
                        .is_none_or(|s| s.days_until(today) >= limit),
                    None,
                ),
            };
            if fires {
                let trigger = format!(
                    "touch:{}",
                    a.last_touch.map_or("none".to_string(), |d| d.to_string())
                );
                let fact = Fact::NoTouch {
                    last: a.last_touch,
                    days,
                };
                push("no_touch", a, trigger, due, fact);
            }
        }
    }

    if config.enabled("ticket_stale") {
        let hours = i64::from(config.days("ticket_stale", "hours"));
        // "Now" is the start of today, so a result depends on the day alone.
        let now = i64::from(today.days()) * 86_400;
        for t in &book.tickets {
            let age = (now - t.opened_at.epoch_seconds()) / 3600;
            if age <= hours {
                continue;
            }
            if let Some(&i) = by_id.get(&t.account_id) {
                let fact = Fact::TicketStale {
                    key: t.key.clone(),
                    hours: age,
                };
                push(
                    "ticket_stale",
                    &book.accounts[i],
                    format!("ticket:{}", t.key),
                    today,
                    fact,
                );
            }
        }
    }

    let low = config.enabled("low_adoption");
    let high = config.enabled("expansion_signal");
    if low || high {
        let below = config.basis_points("low_adoption", "below");
        let at_least = config.basis_points("expansion_signal", "at_least");
        let low_due = today.add_days(config.days("low_adoption", "due_days"));
        let high_due = today.add_days(config.days("expansion_signal", "due_days"));
        for a in &book.accounts {
            let Some(u) = a.usage.filter(|u| u.licenses > 0 && u.active_users >= 0) else {
                continue;
            };
            // Exact: active × 10 000 against threshold × licenses.
            let scaled = i128::from(u.active_users) * 10_000;
            let bp = (scaled / i128::from(u.licenses)) as i64;
            if low && scaled < i128::from(below) * i128::from(u.licenses) {
                let fact = Fact::LowAdoption { basis_points: bp };
                push(
                    "low_adoption",
                    a,
                    format!("adoption:{}", u.month),
                    low_due,
                    fact,
                );
            }
            if high && scaled >= i128::from(at_least) * i128::from(u.licenses) {
                let fact = Fact::Expansion { basis_points: bp };
                push(
                    "expansion_signal",
                    a,
                    format!("expansion:{}", u.month),
                    high_due,
                    fact,
                );
            }
        }
    }

    if config.enabled("contraction") {
        let share = i128::from(config.basis_points("contraction", "share"));
        let due = today.add_days(config.days("contraction", "due_days"));
        for a in &book.accounts {
            let Some(m) = a.mrr else { continue };
            // A fall to zero is churn, not contraction.
            if m.before > 0 && m.now > 0 && m.now < m.before {
                let fell = i128::from(m.before - m.now) * 10_000;
                if fell >= share * i128::from(m.before) {
                    let fact = Fact::Contraction {
                        before: m.before,
                        now: m.now,
                    };
                    push(
                        "contraction",
                        a,
                        format!("contraction:{}", m.month),
                        due,
                        fact,
                    );
                }
            }
        }
    }
    out
}
