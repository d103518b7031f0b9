//! `tenure metrics [--month M | --from M --to M] [--where F=V]… [--by F] [--json]`.

use super::{Cli, CliError, output, parse_where};
use crate::domain::{Money, Month};
use crate::format::{self, Locale};
use crate::metrics::{Dataset, Metric, MetricsError, MetricsReport, Period, Query};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    /// One month, YYYY-MM (default: the latest month with revenue data).
    #[arg(long, value_name = "YYYY-MM", conflicts_with_all = ["from", "to"])]
    pub month: Option<String>,
    /// First month of a range, YYYY-MM (with --to).
    #[arg(long, value_name = "YYYY-MM", requires = "to")]
    pub from: Option<String>,
    /// Last month of a range, YYYY-MM (with --from).
    #[arg(long, value_name = "YYYY-MM", requires = "from")]
    pub to: Option<String>,
    /// Only accounts whose FIELD equals VALUE (any account or custom field; repeatable).
    #[arg(long = "where", value_name = "FIELD=VALUE")]
    pub filters: Vec<String>,
    /// One row per value of FIELD (accounts without a value last).
    #[arg(long, value_name = "FIELD")]
    pub by: Option<String>,
    /// Print JSON (cli.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

fn month_arg(flag: &str, text: &str) -> Result<Month, CliError> {
    Month::parse(text).map_err(|_| {
        CliError::new(format!(
            "`--{flag} {text}` is not a month; write it as YYYY-MM, for example --{flag} 2025-03."
        ))
    })
}

impl From<MetricsError> for CliError {
    fn from(e: MetricsError) -> Self {
        CliError::new(e.to_string())
    }
}

/// The period asked for (`None`: the default one, known once data is loaded).
fn period(args: &MetricsArgs) -> Result<Option<Period>, CliError> {
    match (&args.month, &args.from, &args.to) {
        (Some(m), _, _) => Ok(Some(Period::month(month_arg("month", m)?))),
        (None, Some(f), Some(t)) => {
            let (f, t) = (month_arg("from", f)?, month_arg("to", t)?);
            if f > t {
                return Err(CliError::new(format!(
                    "--from {f} is after --to {t}; give the earlier month first."
                )));
            }
            Ok(Some(Period::new(f, t)))
        }
        _ => Ok(None),
    }
}

#[derive(Serialize)]
struct Segment<'a> {
    segment: Option<&'a str>,
    /// The report's keys (metrics/fx_mrr.rs: MRR keys `null` when a rate
    /// is missing).
    #[serde(flatten)]
    report: serde_json::Value,
}

fn json_text<T: Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map_err(|e| CliError::new(format!("could not write the JSON output: {e}")))
}

pub fn run(cli: &Cli, args: &MetricsArgs) -> Result<ExitCode, CliError> {
    let filters = parse_where(&args.filters)?;
    let asked = period(args)?;
    let store = cli.open_store()?;
    // Only the end month's usage is needed for one report: read just that.
    let wants_tier = crate::icp::mentions_tier(
        filters
            .iter()
            .map(|(f, _)| f.as_str())
            .chain(args.by.as_deref()),
    );
    // The snapshot beside the database answers at once when current. Else
    // the whole dataset is read and a snapshot written for the next call;
    // without a snapshot, only what the asked month needs is read (tiers
    // rest on health at the default month, which needs every month).
    let data = match Dataset::cached(&store) {
        Some(data) => data,
        None if Dataset::can_snapshot(&store) || wants_tier => Dataset::load_cached(&store)?,
        None => Dataset::load_for_month(&store, asked.map(|p| p.to))?,
    };
    // The primary profile's tiers are a segment the query carries.
    let segments = if wants_tier {
        let (_, scores) = crate::icp::primary_scores_today(&store, &data)?;
        crate::icp::segments(scores.as_ref())
    } else {
        crate::metrics::Segments::none()
    };
    let period = asked.unwrap_or_else(|| Period::month(data.default_month()));
    let query = Query {
        period,
        filters,
        segments,
    };
    let locale = Locale::from_env();
    match &args.by {
        Some(field) => {
            let rows = data.report_by(&query, field)?;
            if args.json {
                let list: Vec<Segment<'_>> = rows
                    .iter()
                    .map(|(s, r)| Segment {
                        segment: s.as_deref(),
                        report: crate::metrics::fx_mrr::json(r),
                    })
                    .collect();
                println!("{}", json_text(&list)?);
            } else {
                print!("{}", by_table(&rows, field, locale));
            }
        }
        None => {
            let report = data.report(&query)?;
            if args.json {
                println!("{}", json_text(&crate::metrics::fx_mrr::json(&report))?);
            } else {
                print!("{}", report_table(&report, locale));
            }
        }
    }
    // The process ends here: freeing ~150 MB of columns and 100,000
    // accounts' strings one by one would be a tenth of a cold call.
    std::mem::forget(data);
    Ok(ExitCode::SUCCESS)
}

/// Mark appended to figures resting on a small sample.
pub const SMALL_MARK: &str = "*";

struct Fmt<'a> {
    r: &'a MetricsReport,
    locale: Locale,
}

impl Fmt<'_> {
    fn mark(&self, key: Metric, text: String) -> String {
        let d = self.r.detail(key);
        if d.small_sample {
            format!("{text} {SMALL_MARK}(n={})", d.count)
        } else {
            text
        }
    }
    fn money(&self, m: Money) -> String {
        format::money(m, &self.r.currency, self.locale)
    }
    fn opt_money(&self, key: Metric, m: Option<Money>) -> String {
        self.mark(key, m.map_or(format::UNDEFINED.into(), |m| self.money(m)))
    }
    fn pct(&self, key: Metric, v: Option<f64>) -> String {
        self.mark(
            key,
            v.map_or(format::UNDEFINED.into(), |v| {
                format::percent(v, 1, self.locale)
            }),
        )
    }
    fn num(&self, key: Metric, v: Option<f64>, decimals: usize) -> String {
        self.mark(
            key,
            v.map_or(format::UNDEFINED.into(), |v| {
                format::number(v, decimals, self.locale)
            }),
        )
    }
    /// A converted amount, or why it has none ("no USD rate for 2026-03").
    fn converted<M: Clone + Into<Option<Money>>>(
        &self,
        key: Metric,
        m: &Result<M, crate::metrics::MissingRate>,
    ) -> String {
        match m {
            Ok(v) => self.opt_money(key, v.clone().into()),
            Err(missing) => format!("{} ({})", format::UNDEFINED, missing.sentence()),
        }
    }
    fn int(&self, v: u64) -> String {
        format::integer(v as i64, self.locale)
    }
}

fn report_rows(r: &MetricsReport, locale: Locale) -> Vec<(&'static str, String)> {
    use Metric as M;
    let f = Fmt { r, locale };
    let p = &r.purchases;
    let mut rows = vec![
        (M::Mrr.label(), f.money(r.mrr)),
        (
            M::CommittedMrr.label(),
            f.money(r.commitments.committed_mrr),
        ),
        (
            M::TrialConversionRate.label(),
            f.pct(M::TrialConversionRate, r.commitments.trial_conversion_rate),
        ),
        (M::Arr.label(), f.money(r.arr)),
        (M::ActiveAccounts.label(), f.int(r.active_accounts)),
        (M::Arpa.label(), f.opt_money(M::Arpa, r.arpa)),
        (M::Arpu.label(), f.opt_money(M::Arpu, r.arpu)),
        (M::NewMrr.label(), f.money(r.new_mrr)),
        (M::ExpansionMrr.label(), f.money(r.expansion_mrr)),
        (M::ReactivationMrr.label(), f.money(r.reactivation_mrr)),
        (M::ContractionMrr.label(), f.money(r.contraction_mrr)),
        (M::ChurnedMrr.label(), f.money(r.churned_mrr)),
        (
            M::QuickRatio.label(),
            f.num(M::QuickRatio, r.quick_ratio, 2),
        ),
        (
            M::LogoChurnRate.label(),
            f.pct(M::LogoChurnRate, r.logo_churn_rate),
        ),
        (
            M::LogoRetentionRate.label(),
            f.pct(M::LogoRetentionRate, r.logo_retention_rate),
        ),
        (M::Nrr.label(), f.pct(M::Nrr, r.nrr)),
        (M::Grr.label(), f.pct(M::Grr, r.grr)),
        (M::NrrTtm.label(), f.pct(M::NrrTtm, r.nrr_ttm)),
        (M::GrrTtm.label(), f.pct(M::GrrTtm, r.grr_ttm)),
        (M::Ltv.label(), f.opt_money(M::Ltv, r.ltv)),
        (M::Cac.label(), f.opt_money(M::Cac, r.cac)),
        (M::LtvCac.label(), f.num(M::LtvCac, r.ltv_cac, 1)),
        (
            M::CacPaybackMonths.label(),
            f.num(M::CacPaybackMonths, r.cac_payback_months, 1),
        ),
        (M::Nps.label(), f.num(M::Nps, r.nps, 0)),
        (M::NpsResponses.label(), f.int(r.nps_responses)),
        (M::Csat.label(), f.pct(M::Csat, r.csat)),
        (M::CsatMean.label(), f.num(M::CsatMean, r.csat_mean, 2)),
        (M::Ces.label(), f.num(M::Ces, r.ces, 2)),
        (
            M::CesLowEffort.label(),
            f.pct(M::CesLowEffort, r.ces_low_effort),
        ),
        (
            M::TimeToOnboardDaysMedian.label(),
            f.num(M::TimeToOnboardDaysMedian, r.time_to_onboard_days_median, 1),
        ),
        (
            M::TimeToOnboardDaysMean.label(),
            f.num(M::TimeToOnboardDaysMean, r.time_to_onboard_days_mean, 1),
        ),
        (
            M::ActivationRate.label(),
            f.pct(M::ActivationRate, r.activation_rate),
        ),
        (
            M::TimeToValueDaysMedian.label(),
            f.num(M::TimeToValueDaysMedian, r.time_to_value_days_median, 1),
        ),
        (
            M::AdoptionRate.label(),
            f.pct(M::AdoptionRate, r.adoption_rate),
        ),
        (
            M::LicenseUtilization.label(),
            f.pct(M::LicenseUtilization, r.license_utilization),
        ),
        (
            M::TicketsPerCustomer.label(),
            f.num(M::TicketsPerCustomer, r.tickets_per_customer, 2),
        ),
        (
            M::FirstResponseHoursMedian.label(),
            f.num(
                M::FirstResponseHoursMedian,
                r.first_response_hours_median,
                1,
            ),
        ),
        (
            M::FirstResponseHoursMean.label(),
            f.num(M::FirstResponseHoursMean, r.first_response_hours_mean, 1),
        ),
        (
            M::ResolutionHoursMedian.label(),
            f.num(M::ResolutionHoursMedian, r.resolution_hours_median, 1),
        ),
        (
            M::ResolutionHoursMean.label(),
            f.num(M::ResolutionHoursMean, r.resolution_hours_mean, 1),
        ),
        (M::OpenTickets.label(), f.int(r.open_tickets)),
        (
            M::TouchCoverage.label(),
            f.pct(M::TouchCoverage, r.touch_coverage),
        ),
        (M::UpsellRate.label(), f.pct(M::UpsellRate, r.upsell_rate)),
        (
            M::OfferAcceptance.label(),
            f.pct(M::OfferAcceptance, r.offer_acceptance),
        ),
        ("Health: healthy", f.int(r.health.healthy)),
        ("Health: at risk", f.int(r.health.at_risk)),
        ("Health: critical", f.int(r.health.critical)),
        ("Health: no score", f.int(r.health.no_score)),
        (M::Revenue.label(), f.converted(M::Revenue, &p.revenue)),
        (
            M::PurchasingCustomers.label(),
            f.int(p.purchasing_customers),
        ),
        (M::Orders.label(), f.int(p.orders)),
        (
            M::AverageOrderValue.label(),
            f.converted(M::AverageOrderValue, &p.average_order_value),
        ),
        (
            M::RepeatCustomerRate.label(),
            f.pct(M::RepeatCustomerRate, p.repeat_customer_rate),
        ),
        (
            M::ReturningRevenue.label(),
            f.converted(M::ReturningRevenue, &p.returning_revenue),
        ),
        (
            M::PurchaseFrequency.label(),
            f.num(M::PurchaseFrequency, p.purchase_frequency, 2),
        ),
        (M::LapsedCustomers.label(), f.int(p.lapsed_customers)),
    ];
    // A subscription month in another currency lacks a rate: the MRR
    // figures that read it are undefined, with the reason (revenue.md).
    for (label, value) in rows.iter_mut() {
        let missing = Metric::ALL
            .iter()
            .find(|m| m.label() == *label)
            .and_then(|m| crate::metrics::fx_mrr::missing_reason(r, m.key()));
        if let Some(m) = missing {
            *value = format!("{} ({})", format::UNDEFINED, m.sentence());
        }
    }
    rows
}

fn period_text(p: &Period, locale: Locale) -> String {
    if p.from == p.to {
        format::month(p.to, locale)
    } else {
        format!(
            "{} – {}",
            format::month(p.from, locale),
            format::month(p.to, locale)
        )
    }
}

const FOOTNOTE: &str = "— undefined (its denominator is 0); * small sample (n = observations).\n";

fn report_table(r: &MetricsReport, locale: Locale) -> String {
    let rows: Vec<Vec<String>> = report_rows(r, locale)
        .into_iter()
        .map(|(k, v)| vec![k.to_string(), v])
        .collect();
    let mut out = format!("Metrics for {}\n", period_text(&r.period, locale));
    out.push_str(&output::table(&["Metric", "Value"], &rows, &[false, true]));
    out.push_str(FOOTNOTE);
    out
}

fn by_table(rows: &[(Option<String>, MetricsReport)], field: &str, locale: Locale) -> String {
    let Some((_, first)) = rows.first() else {
        return format!("No account matches, so there is no {field} to group by.\n");
    };
    let mut headers: Vec<String> = vec!["Metric".to_string()];
    headers.extend(
        rows.iter()
            .map(|(s, _)| s.clone().unwrap_or_else(|| "(none)".to_string())),
    );
    let columns: Vec<Vec<(&'static str, String)>> =
        rows.iter().map(|(_, r)| report_rows(r, locale)).collect();
    let table: Vec<Vec<String>> = report_rows(first, locale)
        .iter()
        .enumerate()
        .map(|(i, (label, _))| {
            let mut row = vec![label.to_string()];
            row.extend(
                columns
                    .iter()
                    .map(|c| c.get(i).map(|(_, v)| v.clone()).unwrap_or_default()),
            );
            row
        })
        .collect();
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut right = vec![true; headers.len()];
    right[0] = false;
    let mut out = format!(
        "Metrics for {} by {field}\n",
        period_text(&first.period, locale)
    );
    out.push_str(&output::table(&header_refs, &table, &right));
    out.push_str(FOOTNOTE);
    out
}
