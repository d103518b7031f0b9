//! The figures of the engine as one enum: each [`Metric`] knows its JSON
//! key (cli.md, `metrics --json`), its English label (the CLI's table; the
//! window's labels are in `ui/i18n`, keyed by the same metric), its unit and
//! which way is good news. The report's details, the CLI and the window
//! name a figure by its `Metric`, never by a string.

use serde::{Serialize, Serializer};

/// How a figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// An amount of the reporting currency.
    Money,
    /// A fraction (0.25 = 25 %).
    Rate,
    /// A ratio of two amounts or counts (quick ratio, LTV : CAC).
    Ratio,
    Count,
    /// NPS, −100 to 100.
    Score,
    /// A mean score on a survey's scale (CSAT 1–5, CES 1–7).
    Mean,
    Days,
    Hours,
    Months,
}

/// Every figure of the engine (`metrics --json` keys, in their order, then
/// the figures the window shows that the JSON does not carry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    Mrr,
    Arr,
    Arpa,
    Arpu,
    ActiveAccounts,
    Prospects,
    ProspectConversions,
    NewMrr,
    ExpansionMrr,
    ContractionMrr,
    ChurnedMrr,
    ReactivationMrr,
    QuickRatio,
    LogoChurnRate,
    LogoRetentionRate,
    Nrr,
    Grr,
    NrrTtm,
    GrrTtm,
    Ltv,
    Cac,
    LtvCac,
    CacPaybackMonths,
    Nps,
    NpsResponses,
    Csat,
    CsatMean,
    Ces,
    CesLowEffort,
    TimeToOnboardDaysMedian,
    TimeToOnboardDaysMean,
    ActivationRate,
    TimeToValueDaysMedian,
    AdoptionRate,
    LicenseUtilization,
    TicketsPerCustomer,
    FirstResponseHoursMedian,
    FirstResponseHoursMean,
    ResolutionHoursMedian,
    ResolutionHoursMean,
    OpenTickets,
    TouchCoverage,
    UpsellRate,
    OfferAcceptance,
    Health,
    Revenue,
    PurchasingCustomers,
    Orders,
    AverageOrderValue,
    RepeatCustomerRate,
    ReturningRevenue,
    PurchaseFrequency,
    LapsedCustomers,
    TrialConversionRate,
    CommittedMrr,
    RevenueChurn,
    NetNewMrr,
}

impl Metric {
    pub const ALL: [Metric; 57] = [
        Metric::Mrr,
        Metric::Arr,
        Metric::Arpa,
        Metric::Arpu,
        Metric::ActiveAccounts,
        Metric::Prospects,
        Metric::ProspectConversions,
        Metric::NewMrr,
        Metric::ExpansionMrr,
        Metric::ContractionMrr,
        Metric::ChurnedMrr,
        Metric::ReactivationMrr,
        Metric::QuickRatio,
        Metric::LogoChurnRate,
        Metric::LogoRetentionRate,
        Metric::Nrr,
        Metric::Grr,
        Metric::NrrTtm,
        Metric::GrrTtm,
        Metric::Ltv,
        Metric::Cac,
        Metric::LtvCac,
        Metric::CacPaybackMonths,
        Metric::Nps,
        Metric::NpsResponses,
        Metric::Csat,
        Metric::CsatMean,
        Metric::Ces,
        Metric::CesLowEffort,
        Metric::TimeToOnboardDaysMedian,
        Metric::TimeToOnboardDaysMean,
        Metric::ActivationRate,
        Metric::TimeToValueDaysMedian,
        Metric::AdoptionRate,
        Metric::LicenseUtilization,
        Metric::TicketsPerCustomer,
        Metric::FirstResponseHoursMedian,
        Metric::FirstResponseHoursMean,
        Metric::ResolutionHoursMedian,
        Metric::ResolutionHoursMean,
        Metric::OpenTickets,
        Metric::TouchCoverage,
        Metric::UpsellRate,
        Metric::OfferAcceptance,
        Metric::Health,
        Metric::Revenue,
        Metric::PurchasingCustomers,
        Metric::Orders,
        Metric::AverageOrderValue,
        Metric::RepeatCustomerRate,
        Metric::ReturningRevenue,
        Metric::PurchaseFrequency,
        Metric::LapsedCustomers,
        Metric::TrialConversionRate,
        Metric::CommittedMrr,
        Metric::RevenueChurn,
        Metric::NetNewMrr,
    ];

    /// The JSON key (cli.md); for the two figures outside the JSON, the
    /// name they would have there.
    pub fn key(self) -> &'static str {
        match self {
            Metric::Mrr => "mrr",
            Metric::Arr => "arr",
            Metric::Arpa => "arpa",
            Metric::Arpu => "arpu",
            Metric::ActiveAccounts => "active_accounts",
            Metric::Prospects => "prospects",
            Metric::ProspectConversions => "prospect_conversions",
            Metric::NewMrr => "new_mrr",
            Metric::ExpansionMrr => "expansion_mrr",
            Metric::ContractionMrr => "contraction_mrr",
            Metric::ChurnedMrr => "churned_mrr",
            Metric::ReactivationMrr => "reactivation_mrr",
            Metric::QuickRatio => "quick_ratio",
            Metric::LogoChurnRate => "logo_churn_rate",
            Metric::LogoRetentionRate => "logo_retention_rate",
            Metric::Nrr => "nrr",
            Metric::Grr => "grr",
            Metric::NrrTtm => "nrr_ttm",
            Metric::GrrTtm => "grr_ttm",
            Metric::Ltv => "ltv",
            Metric::Cac => "cac",
            Metric::LtvCac => "ltv_cac",
            Metric::CacPaybackMonths => "cac_payback_months",
            Metric::Nps => "nps",
            Metric::NpsResponses => "nps_responses",
            Metric::Csat => "csat",
            Metric::CsatMean => "csat_mean",
            Metric::Ces => "ces",
            Metric::CesLowEffort => "ces_low_effort",
            Metric::TimeToOnboardDaysMedian => "time_to_onboard_days_median",
            Metric::TimeToOnboardDaysMean => "time_to_onboard_days_mean",
            Metric::ActivationRate => "activation_rate",
            Metric::TimeToValueDaysMedian => "time_to_value_days_median",
            Metric::AdoptionRate => "adoption_rate",
            Metric::LicenseUtilization => "license_utilization",
            Metric::TicketsPerCustomer => "tickets_per_customer",
            Metric::FirstResponseHoursMedian => "first_response_hours_median",
            Metric::FirstResponseHoursMean => "first_response_hours_mean",
            Metric::ResolutionHoursMedian => "resolution_hours_median",
            Metric::ResolutionHoursMean => "resolution_hours_mean",
            Metric::OpenTickets => "open_tickets",
            Metric::TouchCoverage => "touch_coverage",
            Metric::UpsellRate => "upsell_rate",
            Metric::OfferAcceptance => "offer_acceptance",
            Metric::Health => "health",
            Metric::Revenue => "revenue",
            Metric::PurchasingCustomers => "purchasing_customers",
            Metric::Orders => "orders",
            Metric::AverageOrderValue => "average_order_value",
            Metric::RepeatCustomerRate => "repeat_customer_rate",
            Metric::ReturningRevenue => "returning_revenue",
            Metric::PurchaseFrequency => "purchase_frequency",
            Metric::LapsedCustomers => "lapsed_customers",
            Metric::TrialConversionRate => "trial_conversion_rate",
            Metric::CommittedMrr => "committed_mrr",
            Metric::RevenueChurn => "revenue_churn",
            Metric::NetNewMrr => "net_new_mrr",
        }
    }

    /// The metric of a JSON key.
    pub fn parse(key: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|m| m.key() == key)
    }

    /// The English label (the CLI's table rows).
    pub fn label(self) -> &'static str {
        match self {
            Metric::Mrr => "MRR",
            Metric::Arr => "ARR",
            Metric::Arpa => "ARPA",
            Metric::Arpu => "ARPU",
            Metric::ActiveAccounts => "Active accounts",
            Metric::Prospects => "Prospects",
            Metric::ProspectConversions => "Prospect conversions",
            Metric::NewMrr => "New MRR",
            Metric::ExpansionMrr => "Expansion MRR",
            Metric::ContractionMrr => "Contraction MRR",
            Metric::ChurnedMrr => "Churned MRR",
            Metric::ReactivationMrr => "Reactivation MRR",
            Metric::QuickRatio => "Quick ratio",
            Metric::LogoChurnRate => "Logo churn",
            Metric::LogoRetentionRate => "Logo retention",
            Metric::Nrr => "NRR",
            Metric::Grr => "GRR",
            Metric::NrrTtm => "NRR (12 months)",
            Metric::GrrTtm => "GRR (12 months)",
            Metric::Ltv => "LTV",
            Metric::Cac => "CAC",
            Metric::LtvCac => "LTV : CAC",
            Metric::CacPaybackMonths => "CAC payback (months)",
            Metric::Nps => "NPS",
            Metric::NpsResponses => "NPS responses",
            Metric::Csat => "CSAT",
            Metric::CsatMean => "CSAT mean",
            Metric::Ces => "CES",
            Metric::CesLowEffort => "CES low effort",
            Metric::TimeToOnboardDaysMedian => "Time to onboard, median (days)",
            Metric::TimeToOnboardDaysMean => "Time to onboard, mean (days)",
            Metric::ActivationRate => "Activation rate",
            Metric::TimeToValueDaysMedian => "Time to value, median (days)",
            Metric::AdoptionRate => "Adoption rate",
            Metric::LicenseUtilization => "License utilization",
            Metric::TicketsPerCustomer => "Tickets per customer",
            Metric::FirstResponseHoursMedian => "First response, median (h)",
            Metric::FirstResponseHoursMean => "First response, mean (h)",
            Metric::ResolutionHoursMedian => "Resolution, median (h)",
            Metric::ResolutionHoursMean => "Resolution, mean (h)",
            Metric::OpenTickets => "Open tickets",
            Metric::TouchCoverage => "Touch coverage (90 days)",
            Metric::UpsellRate => "Upsell / cross-sell rate",
            Metric::OfferAcceptance => "Offer acceptance",
            Metric::Health => "Health",
            Metric::Revenue => "Revenue (purchases)",
            Metric::PurchasingCustomers => "Purchasing customers",
            Metric::Orders => "Orders",
            Metric::AverageOrderValue => "Average order value",
            Metric::RepeatCustomerRate => "Repeat-customer rate",
            Metric::ReturningRevenue => "Returning revenue",
            Metric::PurchaseFrequency => "Purchase frequency",
            Metric::LapsedCustomers => "Lapsed customers",
            Metric::TrialConversionRate => "Trial conversion",
            Metric::CommittedMrr => "Committed MRR",
            Metric::RevenueChurn => "Revenue churn",
            Metric::NetNewMrr => "Net new MRR",
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::Mrr
            | Metric::Arr
            | Metric::Arpa
            | Metric::Arpu
            | Metric::NewMrr
            | Metric::ExpansionMrr
            | Metric::ContractionMrr
            | Metric::ChurnedMrr
            | Metric::ReactivationMrr
            | Metric::Ltv
            | Metric::Cac
            | Metric::Revenue
            | Metric::AverageOrderValue
            | Metric::ReturningRevenue
            | Metric::CommittedMrr
            | Metric::NetNewMrr => Unit::Money,
            Metric::ActiveAccounts
            | Metric::Prospects
            | Metric::ProspectConversions
            | Metric::NpsResponses
            | Metric::OpenTickets
            | Metric::Health
            | Metric::PurchasingCustomers
            | Metric::Orders
            | Metric::LapsedCustomers => Unit::Count,
            Metric::QuickRatio
            | Metric::LtvCac
            | Metric::TicketsPerCustomer
            | Metric::PurchaseFrequency => Unit::Ratio,
            Metric::LogoChurnRate
            | Metric::LogoRetentionRate
            | Metric::Nrr
            | Metric::Grr
            | Metric::NrrTtm
            | Metric::GrrTtm
            | Metric::Csat
            | Metric::CesLowEffort
            | Metric::ActivationRate
            | Metric::AdoptionRate
            | Metric::LicenseUtilization
            | Metric::TouchCoverage
            | Metric::UpsellRate
            | Metric::OfferAcceptance
            | Metric::RepeatCustomerRate
            | Metric::TrialConversionRate
            | Metric::RevenueChurn => Unit::Rate,
            Metric::CacPaybackMonths => Unit::Months,
            Metric::Nps => Unit::Score,
            Metric::CsatMean | Metric::Ces => Unit::Mean,
            Metric::TimeToOnboardDaysMedian
            | Metric::TimeToOnboardDaysMean
            | Metric::TimeToValueDaysMedian => Unit::Days,
            Metric::FirstResponseHoursMedian
            | Metric::FirstResponseHoursMean
            | Metric::ResolutionHoursMedian
            | Metric::ResolutionHoursMean => Unit::Hours,
        }
    }

    /// Whether a rise is good news.
    pub fn higher_is_better(self) -> bool {
        !matches!(
            self,
            Metric::ContractionMrr
                | Metric::ChurnedMrr
                | Metric::LogoChurnRate
                | Metric::Cac
                | Metric::CacPaybackMonths
                | Metric::Ces
                | Metric::TimeToOnboardDaysMedian
                | Metric::TimeToOnboardDaysMean
                | Metric::TimeToValueDaysMedian
                | Metric::TicketsPerCustomer
                | Metric::FirstResponseHoursMedian
                | Metric::FirstResponseHoursMean
                | Metric::ResolutionHoursMedian
                | Metric::ResolutionHoursMean
                | Metric::OpenTickets
                | Metric::LapsedCustomers
                | Metric::RevenueChurn
        )
    }

    /// Whether `metrics --json` carries the figure under [`Metric::key`].
    pub fn in_json(self) -> bool {
        !matches!(self, Metric::RevenueChurn | Metric::NetNewMrr)
    }
}

/// How a figure moved against the previous period (the cards' arrows).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// now − before.
    pub delta: f64,
    /// delta / before; `None` when before is 0 (no base to compare to).
    pub relative: Option<f64>,
    /// −1 down, 0 unchanged (within floating-point noise), 1 up.
    pub direction: i8,
}

impl Change {
    pub fn between(now: f64, before: f64) -> Change {
        let delta = now - before;
        Change {
            delta,
            relative: (before.abs() >= 1e-12).then(|| delta / before),
            direction: if delta > 1e-9 {
                1
            } else if delta < -1e-9 {
                -1
            } else {
                0
            },
        }
    }

    /// Whether the move is good news when a rise is (`higher_is_better`);
    /// `None` when unchanged.
    pub fn good(&self, higher_is_better: bool) -> Option<bool> {
        (self.direction != 0).then_some((self.direction > 0) == higher_is_better)
    }
}

impl std::fmt::Display for Metric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// A metric serializes as its JSON key.
impl Serialize for Metric {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Dataset, Query};
    use crate::store::Store;

    /// The JSON keys of a report are exactly the metrics that say they are
    /// in the JSON, in the same order (besides `period` and `currency`).
    #[test]
    fn metrics_are_the_json_keys_of_cli_md() {
        let data = Dataset::load(&Store::open_in_memory().unwrap()).unwrap();
        let r = data.report(&Query::month(data.default_month())).unwrap();
        let json = serde_json::to_value(&r).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| !matches!(*k, "period" | "currency"))
            .collect();
        let ours: Vec<&str> = Metric::ALL
            .iter()
            .filter(|m| m.in_json())
            .map(|m| m.key())
            .collect();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        let mut sorted_ours = ours.clone();
        sorted_ours.sort_unstable();
        assert_eq!(sorted_keys, sorted_ours);
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.key()), Some(m));
        }
        assert_eq!(Metric::parse("mrr_typo"), None);
        assert_eq!(Metric::LtvCac.label(), "LTV : CAC");
        assert_eq!(Metric::CacPaybackMonths.unit(), Unit::Months);
        assert!(!Metric::LogoChurnRate.higher_is_better());
    }

    #[test]
    fn changes_by_hand() {
        // 120 against 100: +20, +20 %, up; good news for MRR, bad for CAC.
        let c = Change::between(120.0, 100.0);
        assert_eq!((c.delta, c.relative, c.direction), (20.0, Some(0.2), 1));
        assert_eq!(c.good(Metric::Mrr.higher_is_better()), Some(true));
        assert_eq!(c.good(Metric::Cac.higher_is_better()), Some(false));
        // From 0 there is no relative change; noise is no change.
        assert_eq!(Change::between(5.0, 0.0).relative, None);
        let same = Change::between(0.3, 0.1 + 0.2);
        assert_eq!((same.direction, same.good(true)), (0, None));
    }
}
