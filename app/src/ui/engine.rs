//! The bridge from the metrics engine ([`crate::metrics`]) to what the
//! dashboard draws. Runs on the worker thread only; no formula lives here,
//! only the choice of which engine figure each card and series shows.

use super::model::{
    Cards, CohortTable, CountKind, FigureQuery, Kpi, KpiValue, RevenueCards, Series, SeriesKey,
    SeriesSet, Undefined,
};
use crate::domain::Money;
use crate::metrics::{Dataset, MetricsReport, MonthPoint, Query, Segments};

pub type Engine = Dataset;

/// The engine, from the metrics snapshot when current; else read from
/// SQLite, with the snapshot to write once the window has its answer.
pub fn load(
    store: &crate::store::Store,
) -> Result<(Engine, Option<crate::metrics::SnapshotDue>), String> {
    Dataset::load_deferring_snapshot(store).map_err(|e| e.to_string())
}

/// The engine's query for a range and the figure query's filters, which
/// may name a segment of `segments` (the ICP tier).
fn query(
    segments: &Segments,
    from: crate::domain::Month,
    to: crate::domain::Month,
    q: &FigureQuery,
) -> Query {
    let mut query = Query::range(from, to).with_segments(segments.clone());
    for (k, v) in &q.filters {
        query = query.with_filter(k, v);
    }
    query
}

fn units(m: Money) -> f64 {
    m.as_units_f64()
}

/// The engine's figure for a card (its detail is that of [`Kpi::metric`]).
fn figure(r: &MetricsReport, kpi: Kpi) -> Option<f64> {
    let m = |x: Option<Money>| x.map(units);
    match kpi {
        Kpi::Mrr => Some(units(r.mrr)),
        Kpi::Arr => Some(units(r.arr)),
        Kpi::CommittedMrr => Some(units(r.commitments.committed_mrr)),
        Kpi::TrialConversion => r.commitments.trial_conversion_rate,
        Kpi::NrrTtm => r.nrr_ttm,
        Kpi::GrrTtm => r.grr_ttm,
        Kpi::LogoChurn => r.logo_churn_rate,
        Kpi::RevenueChurn => r.revenue_churn(),
        Kpi::QuickRatio => r.quick_ratio,
        Kpi::ActiveAccounts => Some(r.active_accounts as f64),
        Kpi::Arpa => m(r.arpa),
        Kpi::Ltv => m(r.ltv),
        Kpi::Cac => m(r.cac),
        Kpi::LtvCac => r.ltv_cac,
        Kpi::Nps => r.nps,
        Kpi::Csat => r.csat,
        Kpi::Ces => r.ces,
        Kpi::FirstResponse => r.first_response_hours_median,
        Kpi::Resolution => r.resolution_hours_median,
        Kpi::Adoption => r.adoption_rate,
        Kpi::Utilization => r.license_utilization,
        Kpi::AtRisk => Some(r.health.at_risk as f64),
        Kpi::Critical => Some(r.health.critical as f64),
    }
}

/// What the count of a detail counts.
fn count_kind(kpi: Kpi) -> CountKind {
    match kpi {
        Kpi::NrrTtm | Kpi::GrrTtm | Kpi::LogoChurn | Kpi::RevenueChurn => CountKind::StartAccounts,
        Kpi::Nps | Kpi::Csat | Kpi::Ces => CountKind::Responses,
        Kpi::FirstResponse | Kpi::Resolution => CountKind::Tickets,
        Kpi::Cac | Kpi::QuickRatio => CountKind::NewAccounts,
        Kpi::Ltv | Kpi::LtvCac => CountKind::Churned,
        _ => CountKind::Accounts,
    }
}

fn kpi_value(r: &MetricsReport, prev: Option<&MetricsReport>, kpi: Kpi) -> KpiValue {
    let value = figure(r, kpi);
    let key = kpi.metric();
    let detail = r.detail(key);
    let mut counts = Vec::new();
    match kpi {
        Kpi::LogoChurn => {
            counts.push((CountKind::StartAccounts, r.extras.accounts_at_start as i64));
            counts.push((CountKind::Churned, r.extras.accounts_lost as i64));
        }
        Kpi::QuickRatio | Kpi::Cac => {
            counts.push((CountKind::NewAccounts, r.extras.new_accounts as i64));
        }
        Kpi::Mrr
        | Kpi::Arr
        | Kpi::CommittedMrr
        | Kpi::Arpa
        | Kpi::ActiveAccounts
        | Kpi::AtRisk
        | Kpi::Critical => {
            counts.push((CountKind::Accounts, r.active_accounts as i64));
        }
        _ => {
            if r.details.contains_key(&key) {
                counts.push((count_kind(kpi), detail.count as i64));
            }
        }
    }
    let missing = crate::metrics::fx_mrr::missing_reason(r, key.key());
    let value = match value {
        // A subscription month in another currency lacks a rate (revenue.md).
        _ if missing.is_some() => {
            Err(missing.map_or(Undefined::NoBase, |m| Undefined::MissingRate(m.clone())))
        }
        Some(v) if v.is_finite() => Ok(v),
        _ => Err(match detail.undefined {
            Some(why) if !why.is_empty() => Undefined::Reason(why),
            _ => Undefined::NoBase,
        }),
    };
    KpiValue {
        kpi,
        value,
        previous: prev.and_then(|p| figure(p, kpi)).filter(|v| v.is_finite()),
        counts,
        small_sample: detail.small_sample.then_some(detail.count as i64),
    }
}

/// The ids of the accounts behind a card, for the selected period, and
/// how many records of no account the card counts beside them.
pub fn behind(
    engine: &Engine,
    segments: &Segments,
    q: &FigureQuery,
    door: crate::metrics::Door,
) -> Result<(Vec<i64>, u64), String> {
    let query = query(segments, q.from, q.to, q);
    let ids = engine
        .accounts_behind(&query, door)
        .map_err(|e| e.to_string())?;
    let unmatched = engine
        .unmatched_behind(&query, door)
        .map_err(|e| e.to_string())?;
    Ok((ids, unmatched))
}

/// The cards of the selected period, against the previous one.
pub fn cards(engine: &Engine, segments: &Segments, q: &FigureQuery) -> Result<Cards, String> {
    // The two periods' reports side by side, one per core (each is one pass).
    let (report, previous) = std::thread::scope(|scope| {
        let previous = scope.spawn(|| engine.report(&query(segments, q.prev_from, q.prev_to, q)));
        let report = engine.report(&query(segments, q.from, q.to, q));
        (report, previous.join())
    });
    let report = report.map_err(|e| e.to_string())?;
    // The previous period may fall before any data: then there is no change.
    let previous = previous.ok().and_then(Result::ok);
    Ok(Cards {
        from: Some(q.from),
        to: Some(q.to),
        // Committed MRR and trial conversion only where subscriptions have
        // scheduled cancellations or trials: elsewhere they repeat MRR or say "—".
        kpis: Kpi::ALL
            .iter()
            .filter(|k| match k {
                Kpi::CommittedMrr => engine.has_scheduled_cancellations(),
                Kpi::TrialConversion => engine.has_trials(),
                _ => true,
            })
            .map(|k| kpi_value(&report, previous.as_ref(), *k))
            .collect(),
        gross_margin: engine.gross_margin(),
        revenue: revenue_cards(engine, segments, q, &report, previous.as_ref())?,
    })
}

/// The purchase section's figures, when the database has purchases.
fn revenue_cards(
    engine: &Engine,
    segments: &Segments,
    q: &FigureQuery,
    report: &MetricsReport,
    previous: Option<&MetricsReport>,
) -> Result<Option<Box<RevenueCards>>, String> {
    if !engine.has_purchases() {
        return Ok(None);
    }
    let series = engine
        .revenue_series(&query(segments, q.chart_from, q.chart_to, q))
        .map_err(|e| e.to_string())?;
    Ok(Some(Box::new(RevenueCards {
        figures: report.purchases.clone(),
        previous: previous.map(|p| p.purchases.clone()),
        series,
        first: !engine.has_revenue(),
    })))
}

fn series_of(
    points: &[MonthPoint],
    key: SeriesKey,
    f: impl Fn(&MonthPoint) -> Option<f64>,
) -> Series {
    Series {
        key,
        values: points.iter().map(f).collect(),
    }
}

/// Everything the charts draw, month by month over the charts' range.
pub fn series(engine: &Engine, segments: &Segments, q: &FigureQuery) -> Result<SeriesSet, String> {
    let range = query(segments, q.chart_from, q.chart_to, q);
    let mut points = engine.series(&range).map_err(|e| e.to_string())?;
    // Months before the first revenue are empty: leave them out.
    let first = points
        .iter()
        .position(|p| p.mrr.cents() != 0 || p.active_accounts > 0)
        .unwrap_or(points.len());
    points.drain(..first);
    // Every month's movements are drawn, the first one's too: a book that
    // starts in the chart's range shows its starting base as new MRR.
    let money = |f: fn(&MonthPoint) -> Money| move |p: &MonthPoint| Some(units(f(p)));
    let movement = money;
    use SeriesKey::*;
    let series = vec![
        series_of(&points, New, movement(|p| p.new_mrr)),
        series_of(&points, Expansion, movement(|p| p.expansion_mrr)),
        series_of(&points, Reactivation, movement(|p| p.reactivation_mrr)),
        series_of(&points, Contraction, movement(|p| p.contraction_mrr)),
        series_of(&points, Churn, movement(|p| p.churned_mrr)),
        series_of(&points, Net, |p| Some(units(p.net_new_mrr()))),
        series_of(&points, Mrr, money(|p| p.mrr)),
        series_of(&points, Arr, money(|p| p.arr)),
        series_of(&points, Nrr, |p| p.nrr_ttm),
        series_of(&points, Grr, |p| p.grr_ttm),
        series_of(&points, LogoChurn, |p| p.logo_churn_rate),
        series_of(&points, LogoRetention, |p| p.logo_retention()),
        series_of(&points, Nps, |p| p.nps),
        series_of(&points, Promoters, |p| p.promoters),
        series_of(&points, Passives, |p| p.passives),
        series_of(&points, Detractors, |p| p.detractors),
        series_of(&points, Csat, |p| p.csat),
        series_of(&points, Ces, |p| p.ces),
        series_of(&points, Healthy, |p| Some(p.health.healthy as f64)),
        series_of(&points, AtRisk, |p| Some(p.health.at_risk as f64)),
        series_of(&points, Critical, |p| Some(p.health.critical as f64)),
        series_of(&points, NoScore, |p| Some(p.health.no_score as f64)),
        series_of(&points, FirstResponse, |p| p.first_response_hours_median),
        series_of(&points, Resolution, |p| p.resolution_hours_median),
        series_of(&points, Active, |p| Some(p.active_accounts as f64)),
        series_of(&points, Adoption, |p| p.adoption_rate),
        series_of(&points, Utilization, |p| p.license_utilization),
    ];
    let table = engine.cohorts(&range).map_err(|e| e.to_string())?;
    let cohorts = CohortTable {
        cohorts: table.rows.iter().map(|r| r.cohort).collect(),
        sizes: table.rows.iter().map(|r| r.accounts as i64).collect(),
        logo: table.rows.iter().map(|r| r.logo.clone()).collect(),
        revenue: table.rows.iter().map(|r| r.revenue.clone()).collect(),
    };
    Ok(SeriesSet {
        months: points.iter().map(|p| p.month).collect(),
        series,
        cohorts,
    })
}
