//! The in-memory columns the metrics are computed from, loaded from SQLite
//! in one pass per table.
//!
//! Per-account records are kept in CSR form: `off[a]..off[a + 1]` is the
//! slice of account index `a`, sorted by date. MRR is a dense array per
//! account covering the months from its first to its last revenue row.

use super::health::{HealthWeights, load_weights};
use super::{MetricsError, Query, Segments};
use crate::domain::{Date, Money, Month};
use crate::store::Store;
pub(crate) use crate::store::dataset_rows::{
    ActivityRow, NONE_I32, NONE_I64, OppRow, SurveyRow, TicketRow, UsageRow,
};
use crate::store::dataset_rows::{Keyed, Revenue, small};
use crate::store::queries::{self, ACCOUNT_FIELDS, StoredAccount};
use std::collections::HashMap;

mod snapshot;
pub use snapshot::{current_tag as snapshot_tag, snapshot_path};

/// The segment field of the primary ICP profile's tier (`--where icp_tier=A`).
pub const ICP_TIER_FIELD: &str = "icp_tier";

/// `TENURE_NO_SNAPSHOT` (any value) turns the snapshot off.
fn snapshots_on() -> bool {
    std::env::var_os("TENURE_NO_SNAPSHOT").is_none_or(|v| v.is_empty())
}

/// Where a database's snapshot lives and the tag it must carry.
struct SnapshotPlace {
    path: std::path::PathBuf,
    tag: u64,
}

impl SnapshotPlace {
    fn of(store: &Store) -> Option<SnapshotPlace> {
        if !snapshots_on() {
            return None;
        }
        Some(SnapshotPlace {
            path: snapshot::snapshot_path(&store.file()?),
            tag: snapshot::current_tag(store)?,
        })
    }

    /// Purchases and subscriptions are in the snapshot too: a current one
    /// answers without a single query of the record tables.
    /// The months subscriptions in another currency lack a rate are read
    /// beside it (metrics/fx_mrr.rs; one indexed query, empty without any).
    fn read(&self, store: &Store) -> Option<Dataset> {
        let clock = std::time::Instant::now();
        let mut data = snapshot::read(&self.path, self.tag)?;
        super::fx_mrr::attach(store, &mut data).ok()?;
        data.timings = vec![("snapshot", clock.elapsed().as_secs_f64())];
        Some(data)
    }

    /// Writes `data` unless the database changed while it was read (then
    /// the next load builds it again); a folder that cannot be written
    /// only means no snapshot.
    fn write_if_unchanged(&self, store: &Store, data: &Dataset) {
        if snapshot::current_tag(store) == Some(self.tag) {
            let _ = snapshot::write(&self.path, self.tag, data);
        }
    }
}

/// A snapshot to write for a dataset just read from SQLite: write it
/// before the dataset changes in memory (other health weights on trial).
pub struct SnapshotDue {
    place: SnapshotPlace,
    /// The snapshot is current but lacks the health scores (the command
    /// line wrote it): worth writing again only once they are computed.
    for_scores: bool,
}

impl SnapshotDue {
    pub fn write(self, store: &Store, data: &Dataset) {
        if self.for_scores && data.score_cache.get().is_none() {
            return;
        }
        self.place.write_if_unchanged(store, data);
    }
}

/// Records of one kind grouped by account (CSR).
#[derive(Debug, Clone)]
pub(crate) struct PerAccount<T> {
    pub off: Vec<u32>,
    pub rows: Vec<T>,
}

impl<T: Copy> PerAccount<T> {
    /// Groups `(account row id, row)` pairs by account index (`idx`; rows
    /// of unknown accounts are dropped), keeping their order within an
    /// account, then sorts each account's slice by `key`. One allocation of
    /// the final size.
    pub(crate) fn build<K: Ord>(
        n: usize,
        pairs: Keyed<T>,
        idx: &impl Fn(i64) -> Option<u32>,
        key: impl Fn(&T) -> K,
    ) -> PerAccount<T> {
        let mut off = vec![0u32; n + 1];
        let mut known = 0usize;
        for (id, _) in &pairs {
            if let Some(a) = idx(*id) {
                off[a as usize + 1] += 1;
                known += 1;
            }
        }
        for i in 0..n {
            off[i + 1] += off[i];
        }
        let Some(&(_, filler)) = pairs.first() else {
            return PerAccount {
                off,
                rows: Vec::new(),
            };
        };
        let mut next: Vec<u32> = off[..n].to_vec();
        let mut rows: Vec<T> = vec![filler; known];
        for (id, row) in pairs {
            if let Some(a) = idx(id) {
                let slot = &mut next[a as usize];
                rows[*slot as usize] = row;
                *slot += 1;
            }
        }
        for a in 0..n {
            let (s, e) = (off[a] as usize, off[a + 1] as usize);
            if let Some(slice) = rows.get_mut(s..e)
                && slice.len() > 1
            {
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
    /// `renewal_on` per account (`NONE_I32` when empty).
    pub(crate) renewal_day: Vec<i32>,
    /// Marked churned (status or a churn date): no health score once the
    /// churn date has passed, or at all when the date is unknown.
    pub(crate) marked_churned: Vec<bool>,
    /// Today when the data was loaded: a renewal is overdue only once its
    /// date is behind both the month's end and today.
    pub(crate) today_day: i32,
    pub(crate) onboarded_day: Vec<i32>,
    pub(crate) first_value_day: Vec<i32>,
    pub(crate) acquisition_cost: Vec<i64>,
    /// Spend per month index.
    pub(crate) spend: HashMap<i32, i64>,
    pub(crate) surveys: PerAccount<SurveyRow>,
    pub(crate) tickets: PerAccount<TicketRow>,
    /// Survey responses and tickets of no account, by day: in the
    /// company's figures only (data-model.md), never in a segment's.
    pub(crate) anonymous_surveys: Vec<SurveyRow>,
    pub(crate) anonymous_tickets: Vec<TicketRow>,
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
    timings: Vec<(&'static str, f64)>,
    /// Health scores of every account and month of the span, computed on
    /// first need by the series and the back-test (255 = no score).
    pub(crate) score_cache: std::sync::OnceLock<ScoreCache>,
    /// Accounts that are not yet customers, kept out of every figure above.
    pub(crate) prospects: super::prospects::Prospects,
    /// Purchases (revenue.md), loaded after the accounts.
    pub(crate) purchases: super::purchases::Purchases,
    /// Subscriptions' terms (trials, cancellations), read beside the snapshot.
    pub(crate) subscriptions: super::commitments::Subscriptions,
    /// Months of subscriptions in another currency that lack a rate, read
    /// beside the snapshot (metrics/fx_mrr.rs).
    pub(crate) mrr_missing: super::fx_mrr::MissingMrr,
}

/// Rounded health scores per account and month, `first ..` `months` wide.
#[derive(Debug, Clone)]
pub(crate) struct ScoreCache {
    pub first: i32,
    pub months: usize,
    pub scores: Vec<u8>,
}

fn joined<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T, MetricsError>>,
) -> Result<T, MetricsError> {
    handle
        .join()
        .unwrap_or_else(|_| Err(MetricsError::Internal("a loading thread stopped".into())))
}

/// What the worker threads read.
struct Records {
    surveys: Keyed<SurveyRow>,
    tickets: (Keyed<TicketRow>, Vec<String>),
    usage: Keyed<UsageRow>,
    activities: (Keyed<ActivityRow>, Vec<String>),
    opps: Keyed<OppRow>,
}

/// A read-only store of its own for a loading thread.
fn reader(path: &std::path::Path) -> Result<Store, MetricsError> {
    Ok(Store::open_reader(path)?)
}

impl Dataset {
    /// Loads every record the metrics use, once. Settings read here: the
    /// currency, `gross_margin` (fraction, default 1), `activation_days`
    /// (default 30) and the health weights ([`super::WEIGHTS_SETTING`]).
    ///
    /// For a database file, the tables are read in parallel on read-only
    /// connections of their own (committed data only); an in-memory
    /// database is read on `store` alone.
    pub fn load(store: &Store) -> Result<Dataset, MetricsError> {
        Self::load_impl(store, None)
    }

    /// [`Dataset::load`] answered from the snapshot beside the database file
    /// when it is current (`metrics/dataset/snapshot.rs`), else read from
    /// SQLite, after which a new snapshot is written (when nothing changed
    /// meanwhile; a folder that cannot be written just means no snapshot).
    /// An in-memory database, or `TENURE_NO_SNAPSHOT=1`, reads SQLite.
    pub fn load_cached(store: &Store) -> Result<Dataset, MetricsError> {
        let Some(place) = SnapshotPlace::of(store) else {
            return Self::load(store);
        };
        if let Some(data) = place.read(store) {
            return Ok(data);
        }
        let data = Self::load(store)?;
        place.write_if_unchanged(store, &data);
        Ok(data)
    }

    /// [`Dataset::load_cached`] for a caller that answers first and writes
    /// the snapshot after (the window's worker): a snapshot still to write
    /// comes back beside the dataset, as does a current one that lacks the
    /// health scores (written again once the charts have computed them).
    pub fn load_deferring_snapshot(
        store: &Store,
    ) -> Result<(Dataset, Option<SnapshotDue>), MetricsError> {
        let Some(place) = SnapshotPlace::of(store) else {
            return Ok((Self::load(store)?, None));
        };
        if let Some(data) = place.read(store) {
            // Health scores the window computes for its charts are kept
            // for its next start.
            let due = data.score_cache.get().is_none().then_some(SnapshotDue {
                place,
                for_scores: true,
            });
            return Ok((data, due));
        }
        let due = SnapshotDue {
            place,
            for_scores: false,
        };
        Ok((Self::load(store)?, Some(due)))
    }

    /// Whether this database can have a snapshot (a file, and
    /// `TENURE_NO_SNAPSHOT` unset).
    pub fn can_snapshot(store: &Store) -> bool {
        snapshots_on() && store.file().is_some()
    }

    /// The dataset from a current snapshot only (`None`: missing, stale or
    /// unusable), for commands that have a cheaper way to load otherwise.
    pub fn cached(store: &Store) -> Option<Dataset> {
        SnapshotPlace::of(store)?.read(store)
    }

    /// A dataset for the figures of ONE end month only, for the command
    /// line: it reads the usage records of that month alone (they are
    /// a third of a typical database), so [`Dataset::report`],
    /// [`Dataset::report_by`] and [`Dataset::account_health`] are exact for
    /// queries ending in that month, while series and the back-test, which
    /// need every month's usage, are not. `month: None` means the default
    /// month. Falls back to a full [`Dataset::load`] where the default month
    /// cannot be known before reading (subscriptions, or no revenue).
    pub fn load_for_month(store: &Store, month: Option<Month>) -> Result<Dataset, MetricsError> {
        let month = match month {
            Some(m) => Some(m),
            None => store.dataset_default_month()?,
        };
        Self::load_impl(store, month.map(|m| (m.index(), m.index())))
    }

    fn load_impl(store: &Store, usage_scope: Option<(i32, i32)>) -> Result<Dataset, MetricsError> {
        let today = Date::today().month().index();
        let clock = std::time::Instant::now();
        let mut timings: Vec<(&'static str, f64)> = Vec::new();
        let path = store.file();

        type Part<T> = Result<T, MetricsError>;
        let (accounts, revenue, spend, records) = match &path {
            Some(path) => std::thread::scope(|scope| {
                let a = scope.spawn(|| -> Part<_> {
                    let c = reader(path)?;
                    // With one month of usage this thread has room for the activities.
                    let acts = match usage_scope {
                        Some(_) => Some(c.dataset_activities()?),
                        None => None,
                    };
                    Ok((
                        c.dataset_usage(usage_scope)?,
                        c.dataset_opportunities()?,
                        acts,
                    ))
                });
                let b = scope.spawn(|| -> Part<_> {
                    let c = reader(path)?;
                    let acts = match usage_scope {
                        Some(_) => None,
                        None => Some(c.dataset_activities()?),
                    };
                    Ok((c.dataset_tickets()?, acts, c.dataset_surveys()?))
                });
                let accounts = queries::accounts(store);
                let revenue = store.dataset_revenue(today);
                let spend = store.dataset_spend();
                let (usage, opps, acts_a) = joined(a)?;
                let (tickets, acts_b, surveys) = joined(b)?;
                let activities = acts_a.or(acts_b).unwrap_or_default();
                Ok::<_, MetricsError>((
                    accounts?,
                    revenue?,
                    spend?,
                    Records {
                        surveys,
                        tickets,
                        usage,
                        activities,
                        opps,
                    },
                ))
            })?,
            None => (
                queries::accounts(store)?,
                store.dataset_revenue(today)?,
                store.dataset_spend()?,
                Records {
                    surveys: store.dataset_surveys()?,
                    tickets: store.dataset_tickets()?,
                    usage: store.dataset_usage(usage_scope)?,
                    activities: store.dataset_activities()?,
                    opps: store.dataset_opportunities()?,
                },
            ),
        };
        timings.push(("read", clock.elapsed().as_secs_f64()));
        let mut data = Self::assemble(store, accounts, revenue, spend, records, today)?;
        timings.push(("assemble", clock.elapsed().as_secs_f64()));
        super::purchases::attach(store, &mut data)?;
        super::commitments::attach(store, &mut data)?;
        super::fx_mrr::attach(store, &mut data)?;
        data.timings = timings;
        Ok(data)
    }

    fn assemble(
        store: &Store,
        accounts: Vec<StoredAccount>,
        revenue: Revenue,
        (spend, has_spend): (HashMap<i32, i64>, bool),
        records: Records,
        today: i32,
    ) -> Result<Dataset, MetricsError> {
        // Prospects leave here, with their records: no customer figure,
        // span or default month sees them (metrics/prospects.rs).
        let (accounts, prospects) = super::prospects::Prospects::split(accounts, &revenue.rows);
        let mut records = records;
        let mut revenue = revenue;
        if !prospects.is_empty() {
            revenue.rows.retain(|(id, _, _)| !prospects.contains(*id));
            let keep = |id: &i64| !prospects.contains(*id);
            records.surveys.retain(|(id, _)| keep(id));
            records.tickets.0.retain(|(id, _)| keep(id));
            records.usage.retain(|(id, _)| keep(id));
            records.activities.0.retain(|(id, _)| keep(id));
            records.opps.retain(|(id, _)| keep(id));
        }
        let n = accounts.len();
        // Row ids are small positive integers: a dense table maps them to indices.
        let max_id = accounts
            .iter()
            .map(|a| a.id)
            .max()
            .unwrap_or(0)
            .clamp(0, 50_000_000);
        let mut dense = vec![u32::MAX; max_id as usize + 1];
        for (i, a) in accounts.iter().enumerate() {
            if let Some(slot) = usize::try_from(a.id).ok().and_then(|id| dense.get_mut(id)) {
                *slot = i as u32;
            }
        }
        let index_of_id: HashMap<i64, u32> = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i as u32))
            .collect();
        let idx = |id: i64| -> Option<u32> {
            usize::try_from(id)
                .ok()
                .and_then(|i| dense.get(i))
                .copied()
                .filter(|&i| i != u32::MAX)
                .or_else(|| index_of_id.get(&id).copied())
        };

        let mut span: Option<(i32, i32)> = None;
        let mut latest_any: Option<i32> = None;
        let mut see = |m: i32| {
            if m != NONE_I32 {
                span = Some(match span {
                    None => (m, m),
                    Some((a, b)) => (a.min(m), b.max(m)),
                });
                if m <= today {
                    latest_any = latest_any.max(Some(m));
                }
            }
        };
        let day_month = |d: i32| {
            if d == NONE_I32 {
                NONE_I32
            } else {
                Date::from_days(d).month().index()
            }
        };
        // Dated rows only move the span's ends: track days, convert once.
        let today_last = Month::from_index(today).last_day().days();
        let (mut min_day, mut max_day, mut max_day_past) = (i32::MAX, i32::MIN, i32::MIN);
        let mut see_day = |d: i32| {
            if d != NONE_I32 {
                min_day = min_day.min(d);
                max_day = max_day.max(d);
                if d <= today_last {
                    max_day_past = max_day_past.max(d);
                }
            }
        };

        let mut custom_keys = std::collections::BTreeSet::new();
        let mut since_day = Vec::with_capacity(n);
        let mut churned_day = Vec::with_capacity(n);
        let mut renewal_day = Vec::with_capacity(n);
        let mut marked_churned = Vec::with_capacity(n);
        let mut onboarded_day = Vec::with_capacity(n);
        let mut first_value_day = Vec::with_capacity(n);
        let mut acquisition_cost = Vec::with_capacity(n);
        for s in &accounts {
            let a = &s.account;
            custom_keys.extend(a.custom.keys().cloned());
            since_day.push(a.customer_since.map_or(NONE_I32, Date::days));
            churned_day.push(a.churned_on.map_or(NONE_I32, Date::days));
            renewal_day.push(a.renewal_on.map_or(NONE_I32, Date::days));
            marked_churned.push(a.effective_status() == crate::domain::AccountStatus::Churned);
            onboarded_day.push(a.onboarding_completed_on.map_or(NONE_I32, Date::days));
            first_value_day.push(a.first_value_on.map_or(NONE_I32, Date::days));
            acquisition_cost.push(a.acquisition_cost.map_or(NONE_I64, |m| m.cents()));
        }
        for d in since_day.iter().chain(churned_day.iter()) {
            see_day(*d);
        }

        // Revenue: dense per account.
        let has_revenue = revenue.has_mrr || revenue.has_subscriptions;
        let rows = revenue.rows;
        let mut lo = vec![i32::MAX; n];
        let mut hi = vec![i32::MIN; n];
        for &(id, m, _) in &rows {
            if let Some(a) = idx(id) {
                let a = a as usize;
                lo[a] = lo[a].min(m);
                hi[a] = hi[a].max(m);
                see(m);
            }
        }
        let mut mrr_off = vec![0u32; n + 1];
        let mut mrr_first = vec![0i32; n];
        for a in 0..n {
            let len = if lo[a] <= hi[a] { hi[a] - lo[a] + 1 } else { 0 };
            mrr_first[a] = if len > 0 { lo[a] } else { 0 };
            mrr_off[a + 1] = mrr_off[a] + len as u32;
        }
        let mut mrr_vals = vec![0i64; mrr_off[n] as usize];
        for &(id, m, cents) in &rows {
            if let Some(a) = idx(id) {
                let a = a as usize;
                let slot = mrr_off[a] as usize + (m - mrr_first[a]) as usize;
                if let Some(v) = mrr_vals.get_mut(slot) {
                    *v += cents;
                }
            }
        }
        drop(rows);
        let mut first_positive = vec![NONE_I32; n];
        for a in 0..n {
            let vals = &mrr_vals[mrr_off[a] as usize..mrr_off[a + 1] as usize];
            if let Some(k) = vals.iter().position(|&v| v > 0) {
                first_positive[a] = mrr_first[a] + k as i32;
            }
        }

        let Records {
            surveys,
            tickets: (tickets, categories),
            usage,
            activities: (activities, activity_kinds),
            opps,
        } = records;
        let mut usage = usage;
        for (_, r) in &surveys {
            see_day(r.day);
        }
        for (_, r) in &tickets {
            see_day(r.opened.div_euclid(86_400) as i32);
        }
        for (id, r) in &mut usage {
            see(r.month);
            if r.licenses == NONE_I32 {
                let a = idx(*id).and_then(|a| accounts.get(a as usize));
                r.licenses = small(a.and_then(|s| s.account.licenses));
            }
        }
        for (_, r) in &activities {
            see_day(r.day);
        }
        for (_, r) in &opps {
            see_day(r.closed);
        }
        for m in spend.keys() {
            see(*m);
        }
        for d in [min_day, max_day, max_day_past] {
            if d != i32::MAX && d != i32::MIN {
                see(day_month(d));
            }
        }
        let anonymous = crate::store::dataset_rows::ANONYMOUS;
        let mut anonymous_surveys: Vec<SurveyRow> = surveys
            .iter()
            .filter(|(id, _)| *id == anonymous)
            .map(|(_, r)| *r)
            .collect();
        anonymous_surveys.sort_by_key(|r| r.day);
        let mut anonymous_tickets: Vec<TicketRow> = tickets
            .iter()
            .filter(|(id, _)| *id == anonymous)
            .map(|(_, r)| *r)
            .collect();
        anonymous_tickets.sort_by_key(|r| r.opened);
        let surveys = PerAccount::build(n, surveys, &idx, |r| r.day);
        let tickets = PerAccount::build(n, tickets, &idx, |r| r.opened);
        let usage = PerAccount::build(n, usage, &idx, |r| r.month);
        let activities = PerAccount::build(n, activities, &idx, |r| r.day);
        let opps = PerAccount::build(n, opps, &idx, |r| r.closed);

        let settings = store.settings();
        let setting = |key: &str| settings.get(key);
        let currency = settings.currency()?;
        let gross_margin = setting("gross_margin")?
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(1.0);
        let activation_days = setting("activation_days")?
            .and_then(|v| v.trim().parse::<i32>().ok())
            .filter(|v| *v >= 0)
            .unwrap_or(30);
        let weights = load_weights(&settings)?;

        // Default period (metrics.md, precise rules): the latest month with
        // revenue records, else with any dated record, never after today.
        let default_month = Month::from_index(
            if has_revenue {
                revenue.latest
            } else {
                latest_any
            }
            .unwrap_or(today),
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
            renewal_day,
            marked_churned,
            today_day: Date::today().days(),
            onboarded_day,
            first_value_day,
            acquisition_cost,
            spend,
            surveys,
            tickets,
            anonymous_surveys,
            anonymous_tickets,
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
            timings: Vec::new(),
            score_cache: std::sync::OnceLock::new(),
            prospects,
            purchases: Default::default(),
            subscriptions: Default::default(),
            mrr_missing: Default::default(),
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

    /// Seconds since the start of [`Dataset::load`] at the end of each
    /// loading step (for the benchmark).
    pub fn load_timings(&self) -> &[(&'static str, f64)] {
        &self.timings
    }

    /// The database currency (ISO 4217).
    /// The gross margin (a fraction) LTV multiplies ARPA by.
    pub fn gross_margin(&self) -> f64 {
        self.gross_margin
    }

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
        self.score_cache = std::sync::OnceLock::new();
    }

    /// Whether the database has any revenue record (else "active" falls back
    /// to `customer_since` / `churned_on`).
    pub fn has_revenue(&self) -> bool {
        self.has_revenue
    }

    /// Survey responses and tickets of no account (issue #24): a database
    /// of an anonymous survey alone still has company figures.
    pub fn anonymous_count(&self) -> usize {
        self.anonymous_surveys.len() + self.anonymous_tickets.len()
    }

    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }

    /// The accounts, in the store's order (by name).
    pub fn accounts(&self) -> &[StoredAccount] {
        &self.accounts
    }

    /// The accounts that are not yet customers (in no other figure).
    pub fn prospects(&self) -> &super::prospects::Prospects {
        &self.prospects
    }

    /// Index of an account by its store row id.
    pub fn index_of(&self, account_id: i64) -> Option<usize> {
        self.index_of_id.get(&account_id).map(|&i| i as usize)
    }

    /// Whether `field` names an account field, the derived `cohort`, or a
    /// custom field present on some account (`custom.` prefix optional).
    /// Segments from a [`SegmentProvider`](super::SegmentProvider) are not
    /// fields of the dataset: see [`Dataset::check_field_in`].
    pub fn knows_field(&self, field: &str) -> bool {
        ACCOUNT_FIELDS.contains(&field)
            || self
                .custom_keys
                .contains(field.strip_prefix("custom.").unwrap_or(field))
    }

    /// An account's MRR in `month` (snapshots plus subscriptions), by its
    /// store row id; `None` for an unknown account.
    pub fn account_mrr(&self, account_id: i64, month: Month) -> Option<Money> {
        self.index_of(account_id)
            .map(|a| Money::from_cents(self.mrr(a, month.index())))
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

    /// The selected account indices for a query's filters (account fields
    /// and the query's segments).
    pub(crate) fn select(&self, query: &Query) -> Result<Vec<u32>, MetricsError> {
        if query.period.from > query.period.to {
            return Err(MetricsError::BadPeriod {
                from: query.period.from,
                to: query.period.to,
            });
        }
        for (field, _) in &query.filters {
            self.check_field_in(field, &query.segments)?;
        }
        Ok((0..self.accounts.len())
            .filter(|&a| self.matches(a, &query.filters, &query.segments))
            .map(|a| a as u32)
            .collect())
    }

    /// Whether account index `a` passes every `FIELD = VALUE` filter
    /// (values compare trimmed and case-insensitively).
    pub fn matches(&self, a: usize, filters: &[(String, String)], segments: &Segments) -> bool {
        filters.iter().all(|(field, value)| {
            self.segment_value(a, field, segments)
                .is_some_and(|v| v.trim().eq_ignore_ascii_case(value.trim()))
        })
    }

    /// `Ok` when `field` is an account field that can filter or group, else
    /// the reason. For segment fields use [`Dataset::check_field_in`].
    pub fn check_field(&self, field: &str) -> Result<(), MetricsError> {
        self.check_field_in(field, &Segments::none())
    }

    /// `Ok` when `field` is an account field or one of `segments`, else the
    /// reason (`icp_tier` without its provider: no primary profile).
    pub fn check_field_in(&self, field: &str, segments: &Segments) -> Result<(), MetricsError> {
        if let Some(p) = segments.get(field) {
            if p.len() != self.accounts.len() {
                return Err(MetricsError::Internal(format!(
                    "the `{field}` segment labels {} accounts, the data has {}",
                    p.len(),
                    self.accounts.len()
                )));
            }
            return Ok(());
        }
        if field == ICP_TIER_FIELD {
            return Err(MetricsError::NoIcpProfile);
        }
        if !self.knows_field(field) {
            return Err(MetricsError::UnknownField(field.to_string()));
        }
        Ok(())
    }

    /// [`Dataset::check_field_in`] for every field of `FIELD = VALUE` filters.
    pub fn check_filters(
        &self,
        filters: &[(String, String)],
        segments: &Segments,
    ) -> Result<(), MetricsError> {
        filters
            .iter()
            .try_for_each(|(field, _)| self.check_field_in(field, segments))
    }

    /// Account index `a`'s value of an account or custom field.
    pub fn field_value(&self, a: usize, field: &str) -> Option<String> {
        self.accounts
            .get(a)
            .and_then(|s| queries::account_field(&s.account, field))
    }

    /// Account index `a`'s value of `field`: its segment label when one of
    /// `segments` answers for `field`, else the account field.
    pub fn segment_value(&self, a: usize, field: &str, segments: &Segments) -> Option<String> {
        match segments.get(field) {
            Some(p) => p.label(a).map(str::to_string),
            None => self.field_value(a, field),
        }
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
