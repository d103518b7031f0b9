//! The precomputed account table and its queries.

use crate::domain::{Date, Money, Month};
use crate::metrics::{Band, Dataset};
use std::cmp::Ordering;

/// One account as the table shows it, at the table's month.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRow {
    /// The account's row id in the store.
    pub id: i64,
    pub external_id: String,
    pub name: String,
    pub domain: Option<String>,
    pub plan: Option<String>,
    pub tier: Option<String>,
    pub csm: Option<String>,
    pub industry: Option<String>,
    pub country: Option<String>,
    pub churned: bool,
    /// Active in the table's month (metrics.md): the accounts band counts cover.
    pub active: bool,
    /// `None` when the database has no revenue records at all.
    pub mrr: Option<Money>,
    pub health: Option<u8>,
    /// For a customer without a score: the components it lacks (fewer
    /// than three of six have data). `None` otherwise.
    pub not_enough_data: Option<Vec<&'static str>>,
    /// The primary ICP profile's fit (0–100) and tier letter, when a
    /// primary profile exists.
    pub fit: Option<u8>,
    pub icp_tier: Option<String>,
    pub customer_since: Option<Date>,
    pub renewal_on: Option<Date>,
    /// Days from the last activity to the table's reference day.
    pub days_since_touch: Option<i32>,
    /// The churn-risk model's probability (issue 18), set by
    /// [`AccountTable::set_risk`] once a model is trained.
    pub churn_risk: Option<f64>,
    /// `name`, `domain` and `external_id` in lower case, for the search box.
    haystack: String,
}

impl AccountRow {
    pub fn band(&self) -> Option<Band> {
        self.health.map(Band::of)
    }

    /// The value of a segment field (the top bar's filters).
    pub fn field(&self, field: &str) -> Option<&str> {
        match field {
            "plan" => self.plan.as_deref(),
            "tier" => self.tier.as_deref(),
            "csm" => self.csm.as_deref(),
            "industry" => self.industry.as_deref(),
            "country" => self.country.as_deref(),
            "domain" => self.domain.as_deref(),
            "name" => Some(&self.name),
            "external_id" => Some(&self.external_id),
            crate::metrics::ICP_TIER_FIELD => self.icp_tier.as_deref(),
            _ => None,
        }
    }
}

/// The columns, in display order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Column {
    #[default]
    Name,
    Plan,
    Tier,
    Csm,
    Mrr,
    Health,
    /// Churn probability of the risk model (issue 18).
    Risk,
    /// The primary ICP profile's tier (sorted by fit score).
    Icp,
    CustomerSince,
    Renewal,
    LastTouch,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Name,
        Column::Plan,
        Column::Tier,
        Column::Csm,
        Column::Mrr,
        Column::Health,
        Column::Risk,
        Column::Icp,
        Column::CustomerSince,
        Column::Renewal,
        Column::LastTouch,
    ];

    /// The canonical name (export headers, CLI).
    pub fn key(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Plan => "plan",
            Column::Tier => "tier",
            Column::Csm => "csm",
            Column::Mrr => "mrr",
            Column::Health => "health",
            Column::Risk => "churn_probability",
            Column::Icp => "icp_tier",
            Column::CustomerSince => "customer_since",
            Column::Renewal => "renewal_on",
            Column::LastTouch => "days_since_last_touch",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum BandFilter {
    #[default]
    All,
    Healthy,
    AtRisk,
    Critical,
    NoScore,
}

/// Churn-risk bands of the table's filter (issue 18): high ≥ 30 %,
/// medium 10–30 %, low < 10 %, or no probability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum RiskFilter {
    #[default]
    All,
    High,
    Medium,
    Low,
    NoRisk,
}

/// The lower bounds of the high and medium risk bands.
pub const RISK_HIGH: f64 = 0.30;
pub const RISK_MEDIUM: f64 = 0.10;

impl RiskFilter {
    pub fn admits(self, p: Option<f64>) -> bool {
        match (self, p) {
            (RiskFilter::All, _) => true,
            (RiskFilter::NoRisk, p) => p.is_none(),
            (RiskFilter::High, Some(p)) => p >= RISK_HIGH,
            (RiskFilter::Medium, Some(p)) => (RISK_MEDIUM..RISK_HIGH).contains(&p),
            (RiskFilter::Low, Some(p)) => p < RISK_MEDIUM,
            (_, None) => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ChurnFilter {
    /// Active and churned accounts.
    #[default]
    All,
    Active,
    Churned,
}

/// What the table shows: segment, band and churn filters, a search text
/// and a sort column.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TableQuery {
    /// `FIELD = VALUE`, compared case-insensitively (like `--where`).
    pub filters: Vec<(String, String)>,
    pub band: BandFilter,
    pub churn: ChurnFilter,
    /// Churn-risk band (issue 18).
    pub risk: RiskFilter,
    /// Matches name, domain or external id (case-insensitive substring).
    pub search: String,
    pub sort: Column,
    pub descending: bool,
    /// When not empty, only these accounts (store ids, sorted): the
    /// accounts an import touched. Not persisted.
    #[serde(skip)]
    pub only_ids: Option<Vec<i64>>,
}

/// Every account, precomputed at one month.
#[derive(Debug, Clone, Default)]
pub struct AccountTable {
    /// The month of MRR and health.
    pub month: Option<Month>,
    /// The day "days since last touch" counts to.
    pub reference_day: Option<Date>,
    pub currency: String,
    pub rows: Vec<AccountRow>,
}

fn lower(s: &Option<String>) -> String {
    s.as_deref().unwrap_or("").to_lowercase()
}

impl AccountTable {
    /// The table at the engine's default month: MRR and health of that month
    /// (as `tenure accounts`), days since the last activity counted to the
    /// end of that month or today, whichever is earlier. The fit and the
    /// ICP tier come from the `icp_tier` segment of `segments`, when given.
    pub fn build(data: &Dataset, segments: &crate::metrics::Segments) -> AccountTable {
        let icp = segments.get(crate::metrics::ICP_TIER_FIELD);
        if data.account_count() == 0 {
            return AccountTable {
                currency: data.currency().to_string(),
                ..AccountTable::default()
            };
        }
        let month = data.default_month();
        let m = month.index();
        let reference = month.last_day().min(Date::today());
        let rows = data
            .accounts()
            .iter()
            .enumerate()
            .map(|(a, s)| {
                let acc = &s.account;
                let acts = data.activities.of(a);
                let upto = acts.partition_point(|r| r.day <= reference.days());
                let days_since_touch = upto
                    .checked_sub(1)
                    .and_then(|i| acts.get(i))
                    .map(|r| reference.days() - r.day);
                let haystack = format!(
                    "{}\u{1}{}\u{1}{}",
                    acc.name.to_lowercase(),
                    lower(&acc.domain),
                    acc.external_id.to_lowercase()
                );
                AccountRow {
                    id: s.id,
                    external_id: acc.external_id.clone(),
                    name: acc.name.clone(),
                    domain: acc.domain.clone(),
                    plan: acc.plan.clone(),
                    tier: acc.tier.clone(),
                    csm: acc.csm.clone(),
                    industry: acc.industry.clone(),
                    country: acc.country.clone(),
                    churned: acc.effective_status() == crate::domain::AccountStatus::Churned,
                    active: data.active(a, m),
                    mrr: data
                        .has_revenue()
                        .then(|| Money::from_cents(data.mrr(a, m))),
                    health: data.score_at(a, m),
                    not_enough_data: data.not_enough_data(a, m),
                    fit: icp.and_then(|p| p.score(a)),
                    icp_tier: icp.and_then(|p| p.label(a)).map(str::to_string),
                    customer_since: acc.customer_since,
                    renewal_on: acc.renewal_on,
                    days_since_touch,
                    churn_risk: None,
                    haystack,
                }
            })
            .collect();
        AccountTable {
            month: Some(month),
            reference_day: Some(reference),
            currency: data.currency().to_string(),
            rows,
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Sets every row's churn probability from a risk run (rows it did
    /// not score get none).
    pub fn set_risk(&mut self, run: &crate::risk::RiskRun) {
        let p: std::collections::HashMap<i64, f64> = run
            .accounts
            .iter()
            .map(|a| (a.account_id, a.churn_probability))
            .collect();
        for r in &mut self.rows {
            r.churn_risk = p.get(&r.id).copied();
        }
    }

    /// Band counts of the rows active in the table's month: the same
    /// figures as the dashboard's (each row's score is the engine's).
    pub fn band_counts(&self) -> crate::metrics::HealthCounts {
        let mut counts = crate::metrics::HealthCounts::default();
        for r in self.rows.iter().filter(|r| r.active) {
            counts.add(r.health);
        }
        counts
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The positions in [`AccountTable::rows`] that `query` selects, in its
    /// order. Empty values sort last in either direction; ties keep the
    /// store's order (by name).
    pub fn select(&self, query: &TableQuery) -> Vec<u32> {
        let needle = query.search.trim().to_lowercase();
        let mut out: Vec<u32> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                query.filters.iter().all(|(field, value)| {
                    r.field(field)
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case(value.trim()))
                }) && match query.band {
                    BandFilter::All => true,
                    BandFilter::Healthy => r.band() == Some(Band::Healthy),
                    BandFilter::AtRisk => r.band() == Some(Band::AtRisk),
                    BandFilter::Critical => r.band() == Some(Band::Critical),
                    BandFilter::NoScore => r.health.is_none(),
                } && match query.churn {
                    ChurnFilter::All => true,
                    ChurnFilter::Active => !r.churned,
                    ChurnFilter::Churned => r.churned,
                } && query.risk.admits(r.churn_risk)
                    && (needle.is_empty() || r.haystack.contains(&needle))
                    && query
                        .only_ids
                        .as_ref()
                        .is_none_or(|ids| ids.binary_search(&r.id).is_ok())
            })
            .map(|(i, _)| i as u32)
            .collect();
        self.sort(&mut out, query.sort, query.descending);
        out
    }

    fn sort(&self, idx: &mut [u32], column: Column, descending: bool) {
        let rows = &self.rows;
        // Empty last whatever the direction.
        fn opt<T: Ord>(a: &Option<T>, b: &Option<T>, desc: bool) -> Ordering {
            match (a, b) {
                (Some(x), Some(y)) => {
                    if desc {
                        y.cmp(x)
                    } else {
                        x.cmp(y)
                    }
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        // Text columns: each key lower-cased once (not per comparison);
        // the sort is stable, so ties keep the store's order (by name).
        let text = |idx: &mut [u32], f: fn(&AccountRow) -> &Option<String>| {
            let key = |i: &u32| {
                let v = f(&rows[*i as usize])
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty());
                (v.is_none(), v.map(str::to_lowercase).unwrap_or_default())
            };
            if descending {
                idx.sort_by_cached_key(|i| {
                    let (empty, k) = key(i);
                    (empty, std::cmp::Reverse(k))
                });
            } else {
                idx.sort_by_cached_key(key);
            }
        };
        match column {
            Column::Name => {
                // The store already orders by name (case-insensitive).
                if descending {
                    idx.reverse();
                }
            }
            Column::Plan => text(idx, |r| &r.plan),
            Column::Tier => text(idx, |r| &r.tier),
            Column::Csm => text(idx, |r| &r.csm),
            Column::Mrr => {
                idx.sort_by(|a, b| opt(&rows[*a as usize].mrr, &rows[*b as usize].mrr, descending))
            }
            Column::Health => idx.sort_by(|a, b| {
                opt(
                    &rows[*a as usize].health,
                    &rows[*b as usize].health,
                    descending,
                )
            }),
            Column::Risk => {
                // Probabilities in millionths: an integer key sorts totally.
                let key = |i: &u32| {
                    rows[*i as usize]
                        .churn_risk
                        .map(|p| (p * 1e6).round() as i64)
                };
                idx.sort_by(|a, b| opt(&key(a), &key(b), descending))
            }
            Column::Icp => {
                idx.sort_by(|a, b| opt(&rows[*a as usize].fit, &rows[*b as usize].fit, descending))
            }
            Column::CustomerSince => idx.sort_by(|a, b| {
                opt(
                    &rows[*a as usize].customer_since,
                    &rows[*b as usize].customer_since,
                    descending,
                )
            }),
            Column::Renewal => idx.sort_by(|a, b| {
                opt(
                    &rows[*a as usize].renewal_on,
                    &rows[*b as usize].renewal_on,
                    descending,
                )
            }),
            Column::LastTouch => idx.sort_by(|a, b| {
                opt(
                    &rows[*a as usize].days_since_touch,
                    &rows[*b as usize].days_since_touch,
                    descending,
                )
            }),
        }
    }
}
