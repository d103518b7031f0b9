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
//! let series = data.series(&Query::range(month.plus(-11), month))?; // plots
//! let health = data.account_health(&query)?;       // per-account score with its components
//! let back_test = data.back_test(&query)?;         // does the score predict churn?
//! # let _ = (report, by_plan, series, health, back_test, Period::month(month)); Ok(()) }
//! ```
//!
//! Answers come from memory: a change of period or segment recomputes in
//! milliseconds. `Dataset` is `Send + Sync`, so the GUI can load it on a
//! worker thread and share it behind an `Arc`.

mod dataset;
mod facts;
mod health;
mod prospects;
mod report;
mod series;
pub(crate) mod stats;

#[cfg(test)]
mod tests;

pub use dataset::{Dataset, ICP_TIER_FIELD};
pub use facts::AccountFacts;
pub use health::{BackTest, BandChurn, HealthWeights, WEIGHTS_SETTING, load_weights, save_weights};
pub use prospects::Prospects;
pub use report::{Detail, Extras, HealthCounts, MetricsReport};
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub period: Period,
    pub filters: Vec<(String, String)>,
}

impl Query {
    pub fn month(m: Month) -> Query {
        Query {
            period: Period::month(m),
            filters: Vec::new(),
        }
    }

    pub fn range(from: Month, to: Month) -> Query {
        Query {
            period: Period::new(from, to),
            filters: Vec::new(),
        }
    }

    pub fn with_filter(mut self, field: &str, value: &str) -> Query {
        self.filters.push((field.to_string(), value.to_string()));
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
    /// `usage`, `adoption`, `satisfaction`, `support`, `engagement`, `revenue_trend`.
    pub name: &'static str,
    pub value: Option<f64>,
    pub weight: f64,
    pub has_data: bool,
}

/// An account's health at a month: the rounded score (`None` when no
/// component has data), its band, and every component so the score explains
/// itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthScore {
    pub score: Option<u8>,
    pub band: Option<Band>,
    pub components: Vec<Component>,
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
