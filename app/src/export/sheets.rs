//! The tables Tenure exports: the accounts table (as filtered in the GUI),
//! the stored records of one kind, and the monthly metrics.

use super::{Cell, Sheet};
use crate::accounts::AccountTable;
use crate::domain::{Money, Month, RecordKind};
use crate::metrics::{Dataset, MetricsError, Query};
use crate::store::{Store, StoreResult, StoredValue};

/// The accounts at `positions` of `table` (all when `None`), in that order:
/// the table's columns plus identifying fields.
pub fn accounts(table: &AccountTable, positions: Option<&[u32]>) -> Sheet {
    let headers = [
        "external_id",
        "name",
        "domain",
        "plan",
        "tier",
        "csm",
        "industry",
        "country",
        "status",
        "mrr",
        "health",
        "band",
        "fit",
        "icp_tier",
        "customer_since",
        "renewal_on",
        "days_since_last_touch",
    ];
    let all: Vec<u32>;
    let positions = match positions {
        Some(p) => p,
        None => {
            all = (0..table.rows.len() as u32).collect();
            &all
        }
    };
    let rows = positions
        .iter()
        .filter_map(|&i| table.rows.get(i as usize))
        .map(|r| {
            vec![
                Cell::text(&r.external_id),
                Cell::text(&r.name),
                Cell::opt_text(&r.domain),
                Cell::opt_text(&r.plan),
                Cell::opt_text(&r.tier),
                Cell::opt_text(&r.csm),
                Cell::opt_text(&r.industry),
                Cell::opt_text(&r.country),
                Cell::text(if r.churned { "churned" } else { "active" }),
                Cell::opt(r.mrr, Cell::Money),
                Cell::opt(r.health, |h| Cell::Int(i64::from(h))),
                Cell::opt(r.band(), |b| Cell::text(b.name())),
                Cell::opt(r.fit, |f| Cell::Int(i64::from(f))),
                Cell::opt_text(&r.icp_tier),
                Cell::opt(r.customer_since, Cell::Date),
                Cell::opt(r.renewal_on, Cell::Date),
                Cell::opt(r.days_since_touch, |d| Cell::Int(i64::from(d))),
            ]
        })
        .collect();
    Sheet {
        name: "accounts".into(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

/// Every stored record of `kind`, with the account named by its external id
/// and name instead of a row id; money in currency units, months as `YYYY-MM`.
pub fn records(store: &Store, kind: RecordKind) -> StoreResult<Sheet> {
    let table = store.record_table(kind)?;
    // Internal columns a person has no use for.
    let hidden = ["id", "nkey", "import_id", "account_id", "csm_id"];
    let cols: Vec<(usize, &str)> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, n)| !hidden.contains(&n.as_str()))
        .map(|(i, n)| (i, n.as_str()))
        .collect();
    let headers = cols
        .iter()
        .map(|(_, n)| n.strip_suffix("_cents").unwrap_or(n).to_string())
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|&(i, name)| match r.get(i).unwrap_or(&StoredValue::Null) {
                    StoredValue::Null => Cell::Empty,
                    &StoredValue::Integer(v) if name.ends_with("_cents") => {
                        Cell::Money(Money::from_cents(v))
                    }
                    &StoredValue::Integer(v) if name == "month" => {
                        Month::from_yyyymm(v).map_or(Cell::Int(v), |m| Cell::Text(m.to_string()))
                    }
                    &StoredValue::Integer(v) => Cell::Int(v),
                    &StoredValue::Real(v) => Cell::Number(v),
                    StoredValue::Text(t) => Cell::Text(t.clone()),
                })
                .collect()
        })
        .collect();
    Ok(Sheet {
        name: kind.name().into(),
        headers,
        rows,
    })
}

/// One row per month of the data's span (the latest 36 at most): the
/// monthly figures of the metrics engine.
pub fn metrics(data: &Dataset, filters: &[(String, String)]) -> Result<Sheet, MetricsError> {
    let Some((first, _)) = data.span() else {
        return Ok(Sheet {
            name: "metrics".into(),
            ..Sheet::default()
        });
    };
    let to = data.default_month();
    let from = first.max(to.plus(-35)).min(to);
    let mut q = Query::range(from, to);
    for (k, v) in filters {
        q = q.with_filter(k, v);
    }
    let points = data.series(&q)?;
    let headers = [
        "month",
        "mrr",
        "arr",
        "active_accounts",
        "new_mrr",
        "expansion_mrr",
        "contraction_mrr",
        "churned_mrr",
        "reactivation_mrr",
        "nrr_ttm",
        "grr_ttm",
        "logo_churn_rate",
        "nps",
        "csat",
        "ces",
        "first_response_hours_median",
        "resolution_hours_median",
        "healthy",
        "at_risk",
        "critical",
        "no_score",
    ];
    let f = |v: Option<f64>| Cell::opt(v, Cell::Number);
    let rows = points
        .iter()
        .map(|p| {
            vec![
                Cell::Text(p.month.to_string()),
                Cell::Money(p.mrr),
                Cell::Money(p.arr),
                Cell::Int(p.active_accounts as i64),
                Cell::Money(p.new_mrr),
                Cell::Money(p.expansion_mrr),
                Cell::Money(p.contraction_mrr),
                Cell::Money(p.churned_mrr),
                Cell::Money(p.reactivation_mrr),
                f(p.nrr_ttm),
                f(p.grr_ttm),
                f(p.logo_churn_rate),
                f(p.nps),
                f(p.csat),
                f(p.ces),
                f(p.first_response_hours_median),
                f(p.resolution_hours_median),
                Cell::Int(p.health.healthy as i64),
                Cell::Int(p.health.at_risk as i64),
                Cell::Int(p.health.critical as i64),
                Cell::Int(p.health.no_score as i64),
            ]
        })
        .collect();
    Ok(Sheet {
        name: "metrics".into(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
    })
}

/// One prospect as exported (`fit` and `tier` empty without a profile).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProspectLine {
    pub external_id: String,
    pub name: String,
    pub industry: Option<String>,
    pub country: Option<String>,
    pub plan: Option<String>,
    pub employees: Option<i64>,
    pub fit: Option<u8>,
    pub tier: Option<String>,
    pub met: Vec<String>,
    pub missed: Vec<String>,
}

/// Prospects ranked by ICP fit, for the sales team (the ICP view's
/// Prospects tab): identity, the fields a seller looks at, fit, tier and
/// the criteria met and missed.
pub fn prospects(rows: &[ProspectLine]) -> Sheet {
    let headers = [
        "external_id",
        "name",
        "industry",
        "country",
        "plan",
        "employees",
        "fit",
        "icp_tier",
        "criteria_met",
        "criteria_missed",
    ];
    Sheet {
        name: "prospects".into(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows: rows
            .iter()
            .map(|p| {
                vec![
                    Cell::text(&p.external_id),
                    Cell::text(&p.name),
                    Cell::opt_text(&p.industry),
                    Cell::opt_text(&p.country),
                    Cell::opt_text(&p.plan),
                    Cell::opt(p.employees, Cell::Int),
                    Cell::opt(p.fit, |f| Cell::Int(i64::from(f))),
                    Cell::opt_text(&p.tier),
                    Cell::text(p.met.join("; ")),
                    Cell::text(p.missed.join("; ")),
                ]
            })
            .collect(),
    }
}
