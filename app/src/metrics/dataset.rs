//! The in-memory columns the metrics are computed from, loaded from SQLite
//! in one pass per table.
//!
//! Per-account records are kept in CSR form: `off[a]..off[a + 1]` is the
//! slice of account index `a`, sorted by date. MRR is a dense array per
//! account covering the months from its first to its last revenue row.

use super::health::{HealthWeights, load_weights_conn};
use super::{MetricsError, Query};
use crate::domain::{BillingPeriod, Date, Instant, Month, SurveyKind};
use crate::store::queries::{self, ACCOUNT_FIELDS, StoredAccount};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// "No value" in the compact integer columns.
pub(crate) const NONE_I32: i32 = i32::MIN;
pub(crate) const NONE_I64: i64 = i64::MIN;

#[derive(Debug, Clone, Copy)]
pub(crate) struct SurveyRow {
    pub day: i32,
    pub kind: SurveyKind,
    pub score: i8,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct TicketRow {
    /// Epoch seconds (UTC where an offset was given).
    pub opened: i64,
    pub first_response: i64,
    pub resolved: i64,
    pub category: u32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct UsageRow {
    pub month: i32,
    pub active_users: i32,
    pub total_users: i32,
    pub adopters: i32,
    /// The row's licenses, else the account's (data-model.md).
    pub licenses: i32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ActivityRow {
    pub day: i32,
    pub kind: u32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct OppRow {
    /// upsell or cross-sell (the only kinds the metrics use).
    pub expansion: bool,
    pub won: bool,
    pub lost: bool,
    pub closed: i32,
}

/// Records of one kind grouped by account (CSR).
#[derive(Debug, Clone)]
pub(crate) struct PerAccount<T> {
    pub off: Vec<u32>,
    pub rows: Vec<T>,
}

impl<T: Copy> PerAccount<T> {
    /// Groups `(account index, row)` pairs by account, keeping their order
    /// within an account, then sorts each account's slice by `key`.
    fn build<K: Ord>(n: usize, pairs: Vec<(u32, T)>, key: impl Fn(&T) -> K) -> PerAccount<T> {
        let mut off = vec![0u32; n + 1];
        for (a, _) in &pairs {
            off[*a as usize + 1] += 1;
        }
        for i in 0..n {
            off[i + 1] += off[i];
        }
        let mut next: Vec<u32> = off[..n].to_vec();
        let mut rows: Vec<Option<T>> = vec![None; pairs.len()];
        for (a, row) in pairs {
            let slot = &mut next[a as usize];
            rows[*slot as usize] = Some(row);
            *slot += 1;
        }
        let mut rows: Vec<T> = rows.into_iter().flatten().collect();
        for a in 0..n {
            let (s, e) = (off[a] as usize, off[a + 1] as usize);
            if let Some(slice) = rows.get_mut(s..e) {
                slice.sort_by_key(&key);
            }
        }
        PerAccount { off, rows }
    }

    #[inline]
    pub fn of(&self, a: usize) -> &[T] {
        match (self.off.get(a), self.off.get(a + 1)) {
            (Some(&s), Some(&e)) => self.rows.get(s as usize..e as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Everything the metrics need, in compact columns. Load it with
/// [`Dataset::load`]; every other method answers from memory.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub(crate) accounts: Vec<StoredAccount>,
    /// Whether the database has any `mrr` or `subscription` record.
    pub(crate) has_revenue: bool,
    pub(crate) has_spend: bool,
    /// Dense MRR per account: months `mrr_first[a] ..` with values at
    /// `mrr_vals[mrr_off[a]..mrr_off[a + 1]]`.
    pub(crate) mrr_first: Vec<i32>,
    pub(crate) mrr_off: Vec<u32>,
    pub(crate) mrr_vals: Vec<i64>,
    /// First month index with positive MRR (`NONE_I32` when never).
    pub(crate) first_positive: Vec<i32>,
    /// Fallback activity (no revenue records at all): day numbers.
    pub(crate) since_day: Vec<i32>,
    pub(crate) churned_day: Vec<i32>,
    pub(crate) onboarded_day: Vec<i32>,
    pub(crate) first_value_day: Vec<i32>,
    pub(crate) acquisition_cost: Vec<i64>,
    /// Spend per month index.
    pub(crate) spend: HashMap<i32, i64>,
    pub(crate) surveys: PerAccount<SurveyRow>,
    pub(crate) tickets: PerAccount<TicketRow>,
    pub(crate) usage: PerAccount<UsageRow>,
    pub(crate) activities: PerAccount<ActivityRow>,
    pub(crate) opps: PerAccount<OppRow>,
    pub(crate) categories: Vec<String>,
    pub(crate) activity_kinds: Vec<String>,
    pub(crate) currency: String,
    pub(crate) gross_margin: f64,
    pub(crate) activation_days: i32,
    pub(crate) weights: HealthWeights,
    pub(crate) default_month: Month,
    /// Earliest and latest month with any dated record.
    pub(crate) span: Option<(Month, Month)>,
    index_of_id: HashMap<i64, u32>,
    custom_keys: std::collections::BTreeSet<String>,
}

fn day_of(text: Option<String>) -> i32 {
    text.and_then(|t| Date::parse_iso(&t).ok())
        .map_or(NONE_I32, Date::days)
}

fn epoch_of(text: Option<String>) -> i64 {
    text.and_then(|t| Instant::parse(&t).ok())
        .map_or(NONE_I64, Instant::epoch_seconds)
}

fn intern(map: &mut HashMap<String, u32>, list: &mut Vec<String>, text: String) -> u32 {
    if let Some(&i) = map.get(&text) {
        return i;
    }
    let i = list.len() as u32;
    map.insert(text.clone(), i);
    list.push(text);
    i
}

fn month_index(yyyymm: i64) -> i32 {
    Month::from_yyyymm(yyyymm).map_or(NONE_I32, Month::index)
}

fn small(v: Option<i64>) -> i32 {
    v.map_or(NONE_I32, |v| {
        v.clamp(i64::from(i32::MIN) + 1, i64::from(i32::MAX)) as i32
    })
}

impl Dataset {
    /// Loads every record the metrics use, once. Settings read here: the
    /// currency, `gross_margin` (fraction, default 1), `activation_days`
    /// (default 30) and the health weights ([`super::WEIGHTS_SETTING`]).
    pub fn load(conn: &Connection) -> Result<Dataset, MetricsError> {
        let today_month = Date::today().month();
        let accounts = queries::accounts(conn)?;
        let n = accounts.len();
        let index_of_id: HashMap<i64, u32> = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i as u32))
            .collect();
        let idx = |id: i64| index_of_id.get(&id).copied();
        let mut span: Option<(i32, i32)> = None;
        let mut see = |m: i32| {
            if m != NONE_I32 {
                span = Some(match span {
                    None => (m, m),
                    Some((a, b)) => (a.min(m), b.max(m)),
                });
            }
        };
        let day_month = |d: i32| {
            if d == NONE_I32 {
                NONE_I32
            } else {
                Date::from_days(d).month().index()
            }
        };

        let mut custom_keys = std::collections::BTreeSet::new();
        let mut since_day = Vec::with_capacity(n);
        let mut churned_day = Vec::with_capacity(n);
        let mut onboarded_day = Vec::with_capacity(n);
        let mut first_value_day = Vec::with_capacity(n);
        let mut acquisition_cost = Vec::with_capacity(n);
        for s in &accounts {
            let a = &s.account;
            custom_keys.extend(a.custom.keys().cloned());
            since_day.push(a.customer_since.map_or(NONE_I32, Date::days));
            churned_day.push(a.churned_on.map_or(NONE_I32, Date::days));
            onboarded_day.push(a.onboarding_completed_on.map_or(NONE_I32, Date::days));
            first_value_day.push(a.first_value_on.map_or(NONE_I32, Date::days));
            acquisition_cost.push(a.acquisition_cost.map_or(NONE_I64, |m| m.cents()));
        }

        // Revenue: mrr rows plus subscriptions expanded month by month.
        let mut revenue: Vec<(u32, i32, i64)> = Vec::new();
        let mut latest_revenue: Option<i32> = None;
        {
            let mut stmt = conn.prepare("SELECT account_id, month, mrr_cents FROM mrr")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (id, month, cents): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let m = month_index(month);
                if let Some(a) = idx(id)
                    && m != NONE_I32
                {
                    revenue.push((a, m, cents));
                    if m <= today_month.index() {
                        latest_revenue = latest_revenue.max(Some(m));
                    }
                }
            }
        }
        let has_mrr_rows = !revenue.is_empty();
        let mut has_subscriptions = false;
        {
            let horizon = latest_revenue
                .unwrap_or(today_month.index())
                .max(today_month.index());
            let mut stmt = conn.prepare(
                "SELECT account_id, start, \"end\", amount_cents, billing_period FROM subscription",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                has_subscriptions = true;
                let id: i64 = r.get(0)?;
                let start = day_of(r.get(1)?);
                let end = day_of(r.get(2)?);
                let cents: i64 = r.get(3)?;
                let period: String = r.get(4)?;
                let Some(a) = idx(id) else { continue };
                if start == NONE_I32 {
                    continue;
                }
                let months = BillingPeriod::parse(&period).unwrap_or_default().months();
                let monthly = crate::domain::div_round_half_up(cents.into(), months.into()) as i64;
                // Months whose last day is covered: start <= last day < end.
                let mut m = Date::from_days(start).month();
                loop {
                    let last = m.last_day().days();
                    if end != NONE_I32 && last >= end {
                        break;
                    }
                    if end == NONE_I32 && m.index() > horizon {
                        break;
                    }
                    revenue.push((a, m.index(), monthly));
                    if m.index() <= today_month.index() {
                        latest_revenue = latest_revenue.max(Some(m.index()));
                    }
                    m = m.plus(1);
                }
            }
        }
        let has_revenue = has_mrr_rows || has_subscriptions;
        let mut lo = vec![i32::MAX; n];
        let mut hi = vec![i32::MIN; n];
        for &(a, m, _) in &revenue {
            let a = a as usize;
            lo[a] = lo[a].min(m);
            hi[a] = hi[a].max(m);
            see(m);
        }
        let mut mrr_off = vec![0u32; n + 1];
        let mut mrr_first = vec![0i32; n];
        for a in 0..n {
            let len = if lo[a] <= hi[a] { hi[a] - lo[a] + 1 } else { 0 };
            mrr_first[a] = if len > 0 { lo[a] } else { 0 };
            mrr_off[a + 1] = mrr_off[a] + len as u32;
        }
        let mut mrr_vals = vec![0i64; mrr_off[n] as usize];
        for &(a, m, cents) in &revenue {
            let a = a as usize;
            let slot = mrr_off[a] as usize + (m - mrr_first[a]) as usize;
            if let Some(v) = mrr_vals.get_mut(slot) {
                *v += cents;
            }
        }
        drop(revenue);
        let mut first_positive = vec![NONE_I32; n];
        for a in 0..n {
            let vals = &mrr_vals[mrr_off[a] as usize..mrr_off[a + 1] as usize];
            if let Some(k) = vals.iter().position(|&v| v > 0) {
                first_positive[a] = mrr_first[a] + k as i32;
            }
        }

        // Surveys.
        let mut pairs = Vec::new();
        let mut latest_any: Option<i32> = None;
        let note = |m: i32, latest_any: &mut Option<i32>| {
            if m != NONE_I32 && m <= today_month.index() {
                *latest_any = (*latest_any).max(Some(m));
            }
        };
        {
            let mut stmt =
                conn.prepare("SELECT account_id, date, kind, score FROM survey_response")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let day = day_of(r.get(1)?);
                let kind: String = r.get(2)?;
                let score: i64 = r.get(3)?;
                let (Some(a), Some(kind)) = (idx(id), SurveyKind::parse(&kind)) else {
                    continue;
                };
                if day == NONE_I32 {
                    continue;
                }
                let m = day_month(day);
                see(m);
                note(m, &mut latest_any);
                pairs.push((
                    a,
                    SurveyRow {
                        day,
                        kind,
                        score: score.clamp(-1, 100) as i8,
                    },
                ));
            }
        }
        let surveys = PerAccount::build(n, pairs, |r| r.day);

        // Tickets.
        let mut cat_map = HashMap::new();
        let mut categories = Vec::new();
        let mut pairs = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT account_id, opened_at, first_response_at, resolved_at, category FROM ticket",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let opened = epoch_of(r.get(1)?);
                let Some(a) = idx(id) else { continue };
                if opened == NONE_I64 {
                    continue;
                }
                let category: Option<String> = r.get(4)?;
                let category = intern(&mut cat_map, &mut categories, category.unwrap_or_default());
                let m = day_month(opened.div_euclid(86_400) as i32);
                see(m);
                note(m, &mut latest_any);
                pairs.push((
                    a,
                    TicketRow {
                        opened,
                        first_response: epoch_of(r.get(2)?),
                        resolved: epoch_of(r.get(3)?),
                        category,
                    },
                ));
            }
        }
        let tickets = PerAccount::build(n, pairs, |r| r.opened);

        // Usage.
        let mut pairs = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT account_id, month, active_users, total_users, adopters, licenses FROM usage",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let month: i64 = r.get(1)?;
                let Some(a) = idx(id) else { continue };
                let m = month_index(month);
                if m == NONE_I32 {
                    continue;
                }
                see(m);
                note(m, &mut latest_any);
                let licenses: Option<i64> = r.get(5)?;
                let licenses =
                    licenses.or_else(|| accounts.get(a as usize).and_then(|s| s.account.licenses));
                pairs.push((
                    a,
                    UsageRow {
                        month: m,
                        active_users: small(r.get(2)?),
                        total_users: small(r.get(3)?),
                        adopters: small(r.get(4)?),
                        licenses: small(licenses),
                    },
                ));
            }
        }
        let usage = PerAccount::build(n, pairs, |r| r.month);

        // Activities.
        let mut kind_map = HashMap::new();
        let mut activity_kinds = Vec::new();
        let mut pairs = Vec::new();
        {
            let mut stmt = conn.prepare("SELECT account_id, date, kind FROM activity")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let day = day_of(r.get(1)?);
                let Some(a) = idx(id) else { continue };
                if day == NONE_I32 {
                    continue;
                }
                let kind: String = r.get(2)?;
                let kind = intern(&mut kind_map, &mut activity_kinds, kind);
                let m = day_month(day);
                see(m);
                note(m, &mut latest_any);
                pairs.push((a, ActivityRow { day, kind }));
            }
        }
        let activities = PerAccount::build(n, pairs, |r| r.day);

        // Opportunities.
        let mut pairs = Vec::new();
        {
            let mut stmt =
                conn.prepare("SELECT account_id, kind, status, closed_on FROM opportunity")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let Some(a) = idx(id) else { continue };
                let kind: String = r.get(1)?;
                let status: String = r.get(2)?;
                let closed = day_of(r.get(3)?);
                let m = day_month(closed);
                see(m);
                note(m, &mut latest_any);
                pairs.push((
                    a,
                    OppRow {
                        expansion: matches!(kind.trim(), "upsell" | "cross_sell"),
                        won: status.trim() == "won",
                        lost: status.trim() == "lost",
                        closed,
                    },
                ));
            }
        }
        let opps = PerAccount::build(n, pairs, |r| r.closed);

        // Acquisition spend.
        let mut spend: HashMap<i32, i64> = HashMap::new();
        let mut has_spend = false;
        {
            let mut stmt = conn.prepare("SELECT month, amount_cents FROM acquisition_spend")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                has_spend = true;
                let month: i64 = r.get(0)?;
                let cents: i64 = r.get(1)?;
                let m = month_index(month);
                if m != NONE_I32 {
                    *spend.entry(m).or_default() += cents;
                    see(m);
                    note(m, &mut latest_any);
                }
            }
        }
        for d in since_day.iter().chain(churned_day.iter()) {
            let m = day_month(*d);
            see(m);
            note(m, &mut latest_any);
        }

        let setting = |key: &str| -> Result<Option<String>, rusqlite::Error> {
            conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
        };
        let currency = setting("currency")?.unwrap_or_else(|| "BRL".to_string());
        let gross_margin = setting("gross_margin")?
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(1.0);
        let activation_days = setting("activation_days")?
            .and_then(|v| v.trim().parse::<i32>().ok())
            .filter(|v| *v >= 0)
            .unwrap_or(30);
        let weights = load_weights_conn(conn)?;

        // Default period (metrics.md, precise rules): the latest month with
        // revenue records, else with any dated record, never after today.
        let default_month = Month::from_index(
            if has_revenue {
                latest_revenue
            } else {
                latest_any
            }
            .unwrap_or(today_month.index()),
        );

        Ok(Dataset {
            accounts,
            has_revenue,
            has_spend,
            mrr_first,
            mrr_off,
            mrr_vals,
            first_positive,
            since_day,
            churned_day,
            onboarded_day,
            first_value_day,
            acquisition_cost,
            spend,
            surveys,
            tickets,
            usage,
            activities,
            opps,
            categories,
            activity_kinds,
            currency,
            gross_margin,
            activation_days,
            weights,
            default_month,
            span: span.map(|(a, b)| (Month::from_index(a), Month::from_index(b))),
            index_of_id,
            custom_keys,
        })
    }

    /// The default period's month (metrics.md): the latest month with
    /// revenue records (else any dated record), never after today.
    pub fn default_month(&self) -> Month {
        self.default_month
    }

    /// Earliest and latest month holding any dated record (for the range of
    /// plots and pickers); `None` for an empty database.
    pub fn span(&self) -> Option<(Month, Month)> {
        self.span
    }

    /// The database currency (ISO 4217).
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// The health weights in force.
    pub fn weights(&self) -> &HealthWeights {
        &self.weights
    }

    /// Replaces the health weights (for "try other weights" in the GUI; to
    /// keep them, also call [`super::save_weights`]).
    pub fn set_weights(&mut self, weights: HealthWeights) {
        self.weights = weights;
    }

    /// Whether the database has any revenue record (else "active" falls back
    /// to `customer_since` / `churned_on`).
    pub fn has_revenue(&self) -> bool {
        self.has_revenue
    }

    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }

    /// The accounts, in the store's order (by name).
    pub fn accounts(&self) -> &[StoredAccount] {
        &self.accounts
    }

    /// Index of an account by its store row id.
    pub fn index_of(&self, account_id: i64) -> Option<usize> {
        self.index_of_id.get(&account_id).map(|&i| i as usize)
    }

    /// Whether `field` names an account field, the derived `cohort`, or a
    /// custom field present on some account (`custom.` prefix optional).
    pub fn knows_field(&self, field: &str) -> bool {
        ACCOUNT_FIELDS.contains(&field)
            || self
                .custom_keys
                .contains(field.strip_prefix("custom.").unwrap_or(field))
    }

    /// `MRR(a, m)` in cents.
    #[inline]
    pub(crate) fn mrr(&self, a: usize, m: i32) -> i64 {
        let first = self.mrr_first[a];
        let (s, e) = (self.mrr_off[a], self.mrr_off[a + 1]);
        let k = m - first;
        if k < 0 || k as u32 >= e - s {
            0
        } else {
            self.mrr_vals[(s + k as u32) as usize]
        }
    }

    /// Whether account `a` is active in month index `m` (metrics.md).
    #[inline]
    pub(crate) fn active(&self, a: usize, m: i32) -> bool {
        if self.has_revenue {
            self.mrr(a, m) > 0
        } else {
            let last = Month::from_index(m).last_day().days();
            let since = self.since_day[a];
            let churned = self.churned_day[a];
            since != NONE_I32 && since <= last && (churned == NONE_I32 || churned > last)
        }
    }

    /// The first month an account was active (its cohort month).
    pub(crate) fn first_active(&self, a: usize) -> Option<i32> {
        if self.has_revenue {
            let f = self.first_positive[a];
            (f != NONE_I32).then_some(f)
        } else {
            let since = self.since_day[a];
            (since != NONE_I32).then(|| Date::from_days(since).month().index())
        }
    }

    /// The selected account indices for a query's filters.
    pub(crate) fn select(&self, query: &Query) -> Result<Vec<u32>, MetricsError> {
        if query.period.from > query.period.to {
            return Err(MetricsError::BadPeriod {
                from: query.period.from,
                to: query.period.to,
            });
        }
        for (field, _) in &query.filters {
            if !self.knows_field(field) {
                return Err(MetricsError::UnknownField(field.clone()));
            }
        }
        Ok(self
            .accounts
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                query.filters.iter().all(|(field, value)| {
                    queries::account_field(&s.account, field)
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case(value.trim()))
                })
            })
            .map(|(i, _)| i as u32)
            .collect())
    }

    /// Accounts marked churned without a `churned_on` date: they yield no
    /// dated churn, so the app lists them for someone to add the dates.
    pub fn churned_without_date(&self) -> Vec<&StoredAccount> {
        self.accounts
            .iter()
            .filter(|s| {
                s.account.churned_on.is_none()
                    && s.account.status == Some(crate::domain::AccountStatus::Churned)
            })
            .collect()
    }
}
