//! The metrics engine: every figure of `shared/spec/metrics.md`, computed
//! from an in-memory [`Dataset`] loaded once from SQLite.
//!
//! No egui here: the GUI and the CLI both call this module and only draw or
//! print what it returns; no view computes a metric itself.
//!
//! # How to use it
//! ```no_run
//! # fn demo(store: &tenure::store::Store) -> Result<(), tenure::metrics::MetricsError> {
//! use tenure::metrics::{Dataset, Period, Query};
//! let data = Dataset::load(store)?;                // once, or on a background thread after a change
//! let month = data.default_month();                // the spec's default period
//! let query = Query::month(month).with_filter("plan", "Pro");
//! let report = data.report(&query)?;               // every dashboard figure (cli.md JSON keys)
//! let by_plan = data.report_by(&query, "tier")?;   // one report per tier, `None` (empty) last
//! // A segment computed elsewhere (the ICP tier, a risk band) is passed in
//! // with the query, never written into the dataset:
//! // `query.with_segments(Segments::none().with(Arc::new(icp_scores)))`.
//! let series = data.series(&Query::range(month.plus(-11), month))?; // plots
//! let health = data.account_health(&query)?;       // per-account score with its components
//! let back_test = data.back_test(&query)?;         // does the score predict churn?
//! # let _ = (report, by_plan, series, health, back_test, Period::month(month)); Ok(()) }
//! ```
//!
//! Answers come from memory: a change of period or segment recomputes in
//! milliseconds. `Dataset` is `Send + Sync`, so the GUI can load it on a
//! worker thread and share it behind an `Arc`.

mod behind;
pub mod classify;
pub mod commitments;
mod dataset;
mod facts;
mod families;
pub(crate) mod fx;
pub mod fx_table;
// A record's own money beside its converted figure (issue #22).
pub mod fx_records;
// Subscription MRR in another currency: its missing rates (issue #22).
pub mod fx_mrr;
mod health;
mod metric;
mod prospects;
pub mod purchases;
mod report;
pub mod segments;
mod series;
pub(crate) mod stats;

#[cfg(test)]
mod consistency_tests;
#[cfg(test)]
mod purchases_tests;
#[cfg(test)]
mod tests;

pub use behind::Door;
pub use dataset::{Dataset, ICP_TIER_FIELD, SnapshotDue, snapshot_path, snapshot_tag};
pub use facts::AccountFacts;
pub use fx::MissingRate;
pub use health::{
    BackTest, BandChurn, COMPONENTS, HealthWeights, MIN_COMPONENTS, RENEWAL_OVERDUE,
    WEIGHTS_SETTING, load_weights, renewal_deduction, save_weights,
};
pub use metric::{Change, Metric, Unit};
pub use prospects::Prospects;
pub use purchases::{PurchaseFigures, RevenuePoint};
pub use report::{Detail, Extras, HealthCounts, MetricsReport};
pub use segments::{Labels, SegmentProvider, Segments};
pub use series::{CohortRow, CohortTable, MonthPoint};

use crate::domain::Month;
use serde::Serialize;

/// A range of whole months `from..=to` (metrics.md: `m1..m2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Month,
    pub to: Month,
}

impl Period {
    pub fn month(m: Month) -> Period {
        Period { from: m, to: m }
    }

    pub fn new(from: Month, to: Month) -> Period {
        Period { from, to }
    }

    /// Number of months in the period (at least 1 for a valid period).
    pub fn len(&self) -> i32 {
        self.to.index() - self.from.index() + 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() <= 0
    }

    pub fn months(&self) -> impl Iterator<Item = Month> + use<> {
        let (a, b) = (self.from.index(), self.to.index());
        (a..=b).map(Month::from_index)
    }
}

/// What to compute: a period and a segment (`FIELD = VALUE` filters, all of
/// which must hold; values compare case-insensitively, like `--where`).
/// A filter or `report_by` field may be an account field or one of the
/// query's `segments` (the ICP tier, …: see [`SegmentProvider`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub period: Period,
    pub filters: Vec<(String, String)>,
    pub segments: Segments,
}

impl Query {
    pub fn month(m: Month) -> Query {
        Query {
            period: Period::month(m),
            filters: Vec::new(),
            segments: Segments::none(),
        }
    }

    pub fn range(from: Month, to: Month) -> Query {
        Query {
            period: Period::new(from, to),
            filters: Vec::new(),
            segments: Segments::none(),
        }
    }

    pub fn with_filter(mut self, field: &str, value: &str) -> Query {
        self.filters.push((field.to_string(), value.to_string()));
        self
    }

    /// The query with `segments` available to its filters and groupings.
    pub fn with_segments(mut self, segments: Segments) -> Query {
        self.segments = segments;
        self
    }
}

/// Health bands of metrics.md (applied to the rounded score).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Healthy,
    AtRisk,
    Critical,
}

impl Band {
    pub fn of(score: u8) -> Band {
        match score {
            70.. => Band::Healthy,
            40..=69 => Band::AtRisk,
            _ => Band::Critical,
        }
    }

    /// `healthy`, `at_risk`, `critical` (the JSON names).
    pub fn name(self) -> &'static str {
        match self {
            Band::Healthy => "healthy",
            Band::AtRisk => "at_risk",
            Band::Critical => "critical",
        }
    }
}

/// One component of a health score: its value (0–100) when it has data, and
/// its configured weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    /// `usage`, `adoption`, `satisfaction`, `support`, `engagement`,
    /// `revenue_trend`, `renewal_overdue`.
    pub name: &'static str,
    pub value: Option<f64>,
    pub weight: f64,
    pub has_data: bool,
}

/// Whether an account has a health score at a month, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    Scored,
    /// Fewer than [`MIN_COMPONENTS`] of the six components have data.
    NotEnoughData,
    /// Not an active customer in the month (churned, or no revenue then):
    /// never scored, so never "critical".
    NotACustomer,
}

impl Scoring {
    /// `scored`, `not_enough_data`, `not_a_customer` (the JSON names).
    pub fn name(self) -> &'static str {
        match self {
            Scoring::Scored => "scored",
            Scoring::NotEnoughData => "not_enough_data",
            Scoring::NotACustomer => "not_a_customer",
        }
    }
}

/// An account's health at a month: the rounded score (`None` unless
/// [`Scoring::Scored`]), its band, and every component so the score
/// explains itself: the six weighted ones, then the overdue-renewal
/// deduction ([`RENEWAL_OVERDUE`]: its value is the points taken off,
/// weight 0, data only while a renewal is overdue).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthScore {
    pub score: Option<u8>,
    pub band: Option<Band>,
    pub scoring: Scoring,
    pub components: Vec<Component>,
    /// The weighted components without data (in [`health::COMPONENTS`]
    /// order): what a "not enough data" account lacks.
    pub missing: Vec<&'static str>,
    /// Days the renewal date is overdue, when it is (see [`RENEWAL_OVERDUE`]).
    pub renewal_overdue_days: Option<i32>,
}

/// One account's health, for lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountHealth {
    /// The account's row id in the store.
    pub account_id: i64,
    pub external_id: String,
    pub name: String,
    pub health: HealthScore,
}

/// Why the engine could not answer.
#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Internal(String),
    #[error(
        "`{0}` is not an account field (use a field such as plan, tier, industry, country, csm, cohort, or a custom field)."
    )]
    UnknownField(String),
    #[error(
        "there is no primary ICP profile, so accounts have no `icp_tier` yet; create one with `tenure icp profile add` (or in the ICP view) and make it primary."
    )]
    NoIcpProfile,
    #[error("the period starts ({from}) after it ends ({to}); give --from before --to.")]
    BadPeriod { from: Month, to: Month },
}
