//! What the views draw: plain data prepared by the worker thread, and the
//! choices (period, segment) the person makes.

use crate::domain::Month;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The views of the side panel, registered here in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum View {
    #[default]
    Dashboard,
    Accounts,
    Icp,
    Workload,
    Import,
    Plugins,
    Settings,
    // playbooks (issue 21)
    Today,
    Renewals,
    Playbooks,
    /// The churn-risk model (issue 18).
    Model,
    /// Customer value without a contract (issue #22).
    Ltv,
}

impl View {
    pub const ALL: [View; 12] = [
        View::Dashboard,
        View::Ltv,
        View::Today,
        View::Accounts,
        View::Renewals,
        View::Model,
        View::Icp,
        View::Workload,
        View::Playbooks,
        View::Import,
        View::Plugins,
        View::Settings,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum PeriodKind {
    #[default]
    Month,
    Quarter,
    Year,
    Ttm,
    Custom,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 5] = [
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Year,
        PeriodKind::Ttm,
        PeriodKind::Custom,
    ];
}

/// The selected period: a kind and the month it ends in (or a custom range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodSel {
    pub kind: PeriodKind,
    /// Month, quarter, year and TTM end in (or contain) this month; `None`
    /// means "the latest month with data".
    pub anchor: Option<i32>,
    pub custom_from: Option<i32>,
    pub custom_to: Option<i32>,
}

impl Default for PeriodSel {
    fn default() -> Self {
        PeriodSel {
            kind: PeriodKind::Month,
            anchor: None,
            custom_from: None,
            custom_to: None,
        }
    }
}

impl PeriodSel {
    pub fn anchor_month(&self, latest: Month) -> Month {
        self.anchor.map(Month::from_index).unwrap_or(latest)
    }

    /// The whole months `(from, to)` of the selection, given the latest month with data.
    pub fn range(&self, latest: Month) -> (Month, Month) {
        let a = self.anchor_month(latest);
        match self.kind {
            PeriodKind::Month => (a, a),
            PeriodKind::Quarter => {
                let first = Month::from_ym(a.year(), (a.month() - 1) / 3 * 3 + 1);
                (first, first.plus(2))
            }
            PeriodKind::Year => (Month::from_ym(a.year(), 1), Month::from_ym(a.year(), 12)),
            PeriodKind::Ttm => (a.plus(-11), a),
            PeriodKind::Custom => {
                let to = self.custom_to.map(Month::from_index).unwrap_or(latest);
                let from = self
                    .custom_from
                    .map(Month::from_index)
                    .unwrap_or(to.plus(-2));
                if from <= to { (from, to) } else { (to, from) }
            }
        }
    }

    /// The period of the same length just before.
    pub fn previous_range(&self, latest: Month) -> (Month, Month) {
        let (from, to) = self.range(latest);
        let len = to.index() - from.index() + 1;
        (from.plus(-len), to.plus(-len))
    }

    /// Steps the selection by one of its own lengths.
    pub fn step(&mut self, latest: Month, direction: i32) {
        let (from, to) = self.range(latest);
        let len = to.index() - from.index() + 1;
        match self.kind {
            PeriodKind::Custom => {
                self.custom_from = Some(from.plus(direction * len).index());
                self.custom_to = Some(to.plus(direction * len).index());
            }
            _ => {
                let unit = match self.kind {
                    PeriodKind::Month => 1,
                    PeriodKind::Quarter => 3,
                    PeriodKind::Year => 12,
                    _ => 1,
                };
                let next = self.anchor_month(latest).plus(direction * unit);
                self.anchor = Some(next.index());
            }
        }
    }
}

/// The segment fields the top bar filters on (account field names).
pub const SEGMENT_FIELDS: [&str; 5] = ["plan", "tier", "industry", "country", "csm"];

/// Field → chosen value; a missing field means "all".
pub type Filters = BTreeMap<String, String>;

/// What a database holds, read once when it is opened.
#[derive(Debug, Clone, Default)]
pub struct DbInfo {
    pub accounts: i64,
    pub currency: String,
    pub latest: Option<Month>,
    pub earliest: Option<Month>,
    /// Distinct values of each segment field, sorted.
    pub options: BTreeMap<String, Vec<String>>,
    /// Filled by `tenure demo` (the database says so itself).
    pub demo: bool,
    /// Survey responses and tickets of no account (issue #24).
    pub anonymous: i64,
}

impl DbInfo {
    /// Nothing to show figures of: no account and no anonymous record.
    pub fn is_empty(&self) -> bool {
        self.accounts == 0 && self.anonymous == 0
    }
}

/// The dashboard's KPI cards, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kpi {
    Mrr,
    Arr,
    /// revenue.md: MRR less the scheduled cancellations of the next 3 months.
    CommittedMrr,
    TrialConversion,
    NrrTtm,
    GrrTtm,
    LogoChurn,
    RevenueChurn,
    QuickRatio,
    ActiveAccounts,
    Arpa,
    Ltv,
    Cac,
    LtvCac,
    Nps,
    Csat,
    Ces,
    FirstResponse,
    Resolution,
    Adoption,
    Utilization,
    AtRisk,
    Critical,
}

/// How a figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Money,
    Percent,
    Ratio,
    Count,
    Score,
    Hours,
    /// CES on 1–7: one decimal.
    Mean,
}

impl Unit {
    /// How the window writes a figure of the engine's unit.
    pub fn of(unit: crate::metrics::Unit) -> Unit {
        use crate::metrics::Unit as U;
        match unit {
            U::Money => Unit::Money,
            U::Rate => Unit::Percent,
            U::Ratio | U::Days | U::Months => Unit::Ratio,
            U::Count => Unit::Count,
            U::Score => Unit::Score,
            U::Mean => Unit::Mean,
            U::Hours => Unit::Hours,
        }
    }
}

impl Kpi {
    pub const ALL: [Kpi; 23] = [
        Kpi::Mrr,
        Kpi::Arr,
        Kpi::CommittedMrr,
        Kpi::TrialConversion,
        Kpi::NrrTtm,
        Kpi::GrrTtm,
        Kpi::LogoChurn,
        Kpi::RevenueChurn,
        Kpi::QuickRatio,
        Kpi::ActiveAccounts,
        Kpi::Arpa,
        Kpi::Ltv,
        Kpi::Cac,
        Kpi::LtvCac,
        Kpi::Nps,
        Kpi::Csat,
        Kpi::Ces,
        Kpi::FirstResponse,
        Kpi::Resolution,
        Kpi::Adoption,
        Kpi::Utilization,
        Kpi::AtRisk,
        Kpi::Critical,
    ];

    pub fn index(self) -> usize {
        Kpi::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// The engine's figure the card shows (its unit, direction and detail).
    pub fn metric(self) -> crate::metrics::Metric {
        use crate::metrics::Metric as M;
        match self {
            Kpi::Mrr => M::Mrr,
            Kpi::Arr => M::Arr,
            Kpi::CommittedMrr => M::CommittedMrr,
            Kpi::TrialConversion => M::TrialConversionRate,
            Kpi::NrrTtm => M::NrrTtm,
            Kpi::GrrTtm => M::GrrTtm,
            Kpi::LogoChurn => M::LogoChurnRate,
            Kpi::RevenueChurn => M::RevenueChurn,
            Kpi::QuickRatio => M::QuickRatio,
            Kpi::ActiveAccounts => M::ActiveAccounts,
            Kpi::Arpa => M::Arpa,
            Kpi::Ltv => M::Ltv,
            Kpi::Cac => M::Cac,
            Kpi::LtvCac => M::LtvCac,
            Kpi::Nps => M::Nps,
            Kpi::Csat => M::Csat,
            Kpi::Ces => M::Ces,
            Kpi::FirstResponse => M::FirstResponseHoursMedian,
            Kpi::Resolution => M::ResolutionHoursMedian,
            Kpi::Adoption => M::AdoptionRate,
            Kpi::Utilization => M::LicenseUtilization,
            Kpi::AtRisk | Kpi::Critical => M::Health,
        }
    }

    pub fn unit(self) -> Unit {
        Unit::of(self.metric().unit())
    }

    /// Whether a rise is good news (more accounts at risk or critical is
    /// not, though more health counts in general are).
    pub fn higher_is_better(self) -> bool {
        !matches!(self, Kpi::AtRisk | Kpi::Critical) && self.metric().higher_is_better()
    }

    /// The chart a click on the card opens.
    /// The accounts a click on the card lists (metrics::Door).
    pub fn door(self) -> crate::metrics::Door {
        use crate::metrics::Door;
        match self {
            Kpi::Mrr | Kpi::Arr | Kpi::Arpa | Kpi::ActiveAccounts => Door::Active,
            Kpi::Ltv | Kpi::LtvCac | Kpi::Adoption | Kpi::Utilization => Door::Active,
            Kpi::NrrTtm | Kpi::GrrTtm => Door::YearBase,
            Kpi::LogoChurn => Door::Churned,
            Kpi::RevenueChurn => Door::Shrank,
            Kpi::QuickRatio => Door::Moved,
            Kpi::Cac => Door::New,
            Kpi::CommittedMrr => Door::Cancelling,
            Kpi::TrialConversion => Door::Trials,
            Kpi::Nps => Door::Detractors,
            Kpi::Csat | Kpi::Ces => Door::Respondents,
            Kpi::FirstResponse | Kpi::Resolution => Door::Ticketed,
            Kpi::AtRisk => Door::AtRisk,
            Kpi::Critical => Door::Critical,
        }
    }
}

/// Why a figure is "—".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undefined {
    /// The ratio's denominator is zero.
    NoBase,
    /// No records of the kind the metric needs.
    NoData,
    /// The engine's own sentence (English; translated where known).
    Reason(String),
    /// A rate the figure needs is missing ("no USD rate for 2026-03").
    MissingRate(crate::metrics::MissingRate),
}

/// A count shown in a card's tooltip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountKind {
    Accounts,
    StartAccounts,
    Responses,
    Tickets,
    NewAccounts,
    Churned,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KpiValue {
    pub kpi: Kpi,
    /// `Err` says why it is undefined.
    pub value: Result<f64, Undefined>,
    pub previous: Option<f64>,
    pub counts: Vec<(CountKind, i64)>,
    /// The count behind a small-sample figure.
    pub small_sample: Option<i64>,
}

/// One chart's data series: a value per month (or `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub key: SeriesKey,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeriesKey {
    New,
    Expansion,
    Reactivation,
    Contraction,
    Churn,
    Net,
    Mrr,
    Arr,
    Nrr,
    Grr,
    LogoChurn,
    LogoRetention,
    Nps,
    Promoters,
    Passives,
    Detractors,
    Csat,
    Ces,
    Healthy,
    AtRisk,
    Critical,
    NoScore,
    FirstResponse,
    Resolution,
    Adoption,
    Utilization,
    Active,
}

impl SeriesKey {
    pub fn unit(self) -> Unit {
        use SeriesKey::*;
        match self {
            New | Expansion | Reactivation | Contraction | Churn | Net | Mrr | Arr => Unit::Money,
            Nrr | Grr | LogoChurn | LogoRetention | Promoters | Passives | Detractors | Csat
            | Adoption | Utilization => Unit::Percent,
            Nps => Unit::Score,
            Ces => Unit::Mean,
            Healthy | AtRisk | Critical | NoScore | Active => Unit::Count,
            FirstResponse | Resolution => Unit::Hours,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ChartKind {
    #[default]
    Movements,
    MrrArr,
    NrrGrr,
    LogoChurn,
    Nps,
    CsatCes,
    Cohorts,
    Health,
    Support,
    Adoption,
}

impl ChartKind {
    pub const ALL: [ChartKind; 10] = [
        ChartKind::Movements,
        ChartKind::MrrArr,
        ChartKind::NrrGrr,
        ChartKind::LogoChurn,
        ChartKind::Nps,
        ChartKind::CsatCes,
        ChartKind::Cohorts,
        ChartKind::Health,
        ChartKind::Support,
        ChartKind::Adoption,
    ];

    pub fn index(self) -> usize {
        ChartKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// The series a chart draws.
    pub fn series(self) -> &'static [SeriesKey] {
        use SeriesKey::*;
        match self {
            ChartKind::Movements => &[New, Expansion, Reactivation, Contraction, Churn, Net],
            ChartKind::MrrArr => &[Mrr, Arr],
            ChartKind::NrrGrr => &[Nrr, Grr],
            ChartKind::LogoChurn => &[LogoChurn, LogoRetention],
            ChartKind::Nps => &[Promoters, Passives, Detractors, Nps],
            ChartKind::CsatCes => &[Csat, Ces],
            ChartKind::Cohorts => &[],
            ChartKind::Health => &[Healthy, AtRisk, Critical, NoScore],
            ChartKind::Support => &[FirstResponse, Resolution],
            ChartKind::Adoption => &[Adoption, Utilization],
        }
    }
}

/// A cohort retention table: rows are cohorts, columns ages (0 = start).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CohortTable {
    pub cohorts: Vec<Month>,
    pub sizes: Vec<i64>,
    /// `logo[c][k]`, fractions; `None` where the month is not reached yet.
    pub logo: Vec<Vec<Option<f64>>>,
    pub revenue: Vec<Vec<Option<f64>>>,
}

/// The month-by-month figures behind every chart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeriesSet {
    pub months: Vec<Month>,
    pub series: Vec<Series>,
    pub cohorts: CohortTable,
}

impl SeriesSet {
    pub fn get(&self, key: SeriesKey) -> Option<&Series> {
        self.series.iter().find(|s| s.key == key)
    }
}

/// The figures of the selected period, as the dashboard shows them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cards {
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub kpis: Vec<KpiValue>,
    /// The gross margin LTV used (Settings; 1 when never set).
    pub gross_margin: f64,
    /// The purchase figures and their monthly chart, when the database
    /// has purchases (revenue.md); `None` hides the section.
    pub revenue: Option<Box<RevenueCards>>,
}

/// What the dashboard's "Revenue from purchases" section draws.
#[derive(Debug, Clone, PartialEq)]
pub struct RevenueCards {
    pub figures: crate::metrics::PurchaseFigures,
    pub previous: Option<crate::metrics::PurchaseFigures>,
    /// The charts' months.
    pub series: Vec<crate::metrics::RevenuePoint>,
    /// No MRR or subscription at all: purchases are the business's revenue,
    /// so the section comes before the subscription cards.
    pub first: bool,
}

impl Cards {
    pub fn get(&self, kpi: Kpi) -> Option<&KpiValue> {
        self.kpis.iter().find(|k| k.kpi == kpi)
    }
}

/// A request for figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureQuery {
    pub from: Month,
    pub to: Month,
    pub prev_from: Month,
    pub prev_to: Month,
    pub filters: Vec<(String, String)>,
    /// The months the charts cover.
    pub chart_from: Month,
    pub chart_to: Month,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let latest = Month::from_ym(2025, 5);
        let mut p = PeriodSel::default();
        assert_eq!(p.range(latest), (latest, latest));
        p.kind = PeriodKind::Quarter;
        assert_eq!(
            p.range(latest),
            (Month::from_ym(2025, 4), Month::from_ym(2025, 6))
        );
        assert_eq!(
            p.previous_range(latest),
            (Month::from_ym(2025, 1), Month::from_ym(2025, 3))
        );
        p.kind = PeriodKind::Ttm;
        assert_eq!(p.range(latest), (Month::from_ym(2024, 6), latest));
        p.kind = PeriodKind::Month;
        p.step(latest, -1);
        assert_eq!(p.range(latest).0, Month::from_ym(2025, 4));
    }
}
