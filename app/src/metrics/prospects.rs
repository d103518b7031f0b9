//! Prospects (data-model.md): accounts that are not yet customers. They are
//! set apart here, where the dataset is loaded, so that every customer
//! figure (MRR, churn, retention, NPS, health, workload, playbooks, the
//! ICP's discovery base) is computed without them by construction, and
//! counted apart (`prospects`, `prospect_conversions`).
//!
//! A stored prospect with revenue is a customer: it stays in the base,
//! `active`, with `customer_since` at its first revenue month unless the
//! source gave one. A prospect a later import wrote as a customer carries
//! the store's `converted_on`.

use super::Period;
use crate::domain::{AccountStatus, Month};
use crate::store::queries::{StoredAccount, account_field};
use std::collections::{HashMap, HashSet};

/// The prospects of a database and the customers' conversions.
#[derive(Debug, Clone, Default)]
pub struct Prospects {
    /// Prospects, in the store's order (by name).
    pub(crate) accounts: Vec<StoredAccount>,
    /// Row ids of the prospects, for dropping their records.
    pub(crate) ids: HashSet<i64>,
    /// Account row id → month index of its conversion, for the converted
    /// customers.
    pub(crate) converted: HashMap<i64, i32>,
}

impl Prospects {
    /// Splits `accounts` into customers (returned) and prospects (kept
    /// here). `revenue` is the `(account id, month index, cents)` rows.
    pub(crate) fn split(
        accounts: Vec<StoredAccount>,
        revenue: &[(i64, i32, i64)],
    ) -> (Vec<StoredAccount>, Prospects) {
        let mut first_revenue: HashMap<i64, i32> = HashMap::new();
        for &(id, m, cents) in revenue {
            if cents > 0 {
                let e = first_revenue.entry(id).or_insert(m);
                *e = (*e).min(m);
            }
        }
        let mut out = Prospects::default();
        let mut customers = Vec::with_capacity(accounts.len());
        for mut s in accounts {
            let a = &mut s.account;
            let first = first_revenue.get(&s.id).copied();
            let is_prospect = a.status == Some(AccountStatus::Prospect) && a.churned_on.is_none();
            if is_prospect && first.is_none() {
                out.ids.insert(s.id);
                out.accounts.push(s);
                continue;
            }
            if is_prospect || s.converted_on.is_some() {
                // Converted: by revenue, or written as a customer later.
                if is_prospect {
                    a.status = Some(AccountStatus::Active);
                }
                if a.customer_since.is_none()
                    && let Some(m) = first
                {
                    a.customer_since = Some(Month::from_index(m).first_day());
                }
                let month = first
                    .or_else(|| a.customer_since.map(|d| d.month().index()))
                    .or_else(|| s.converted_on.map(|d| d.month().index()));
                if let Some(m) = month {
                    out.converted.insert(s.id, m);
                }
            }
            customers.push(s);
        }
        (customers, out)
    }

    /// Number of prospects.
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// The prospects, by name.
    pub fn accounts(&self) -> &[StoredAccount] {
        &self.accounts
    }

    /// Whether account row id `id` is a prospect.
    pub fn contains(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }

    /// Whether prospect `p` has every `FIELD = VALUE` of `filters` (as
    /// customers are filtered, ignoring case). `icp_tier` is answered by
    /// `tier_of` (the caller's ICP scores), other fields from the account.
    pub fn matches(
        &self,
        p: usize,
        filters: &[(String, String)],
        tier_of: &dyn Fn(usize) -> Option<String>,
    ) -> bool {
        let Some(s) = self.accounts.get(p) else {
            return false;
        };
        filters.iter().all(|(field, value)| {
            let v = if field == super::ICP_TIER_FIELD {
                tier_of(p)
            } else {
                account_field(&s.account, field)
            };
            v.is_some_and(|v| v.trim().eq_ignore_ascii_case(value.trim()))
        })
    }
}

/// `prospects` and `prospect_conversions` of `metrics --json` for the
/// customers `converted_ids` (those in the report's segment) and the
/// prospects `open` (the same segment): the prospects at the end of the
/// period are today's plus those converted after it; conversions are those
/// whose month lies in the period.
pub(crate) fn figures(
    prospects: &Prospects,
    customers: impl Iterator<Item = i64>,
    open: u64,
    period: Period,
) -> (u64, u64) {
    let (m1, m2) = (period.from.index(), period.to.index());
    let (mut later, mut within) = (0u64, 0u64);
    for id in customers {
        match prospects.converted.get(&id) {
            Some(&m) if m > m2 => later += 1,
            Some(&m) if m >= m1 => within += 1,
            _ => {}
        }
    }
    (open + later, within)
}
