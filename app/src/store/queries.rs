//! Read queries shared by the CLI, the GUI snapshots and the engines.

use super::rows::spec;
use super::{Store, StoreResult};
use crate::domain::*;

/// An account as stored, with its row id and source.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAccount {
    pub id: i64,
    pub source: String,
    pub account: Account,
    /// The day a prospect was first written as a customer (the store's
    /// own trace of a conversion, metrics/prospects.rs).
    pub converted_on: Option<Date>,
}

fn date(text: Option<String>) -> Option<Date> {
    text.and_then(|t| Date::parse_iso(&t).ok())
}

/// Every account with its CSM's name, by name (ignoring case), then row id.
pub fn accounts(store: &Store) -> StoreResult<Vec<StoredAccount>> {
    let mut stmt = store.conn.prepare(
        "SELECT a.id, a.source, a.external_id, a.name, a.domain, a.industry, a.country, a.region,
                a.city, a.employees, a.plan, a.tier, c.name, a.status, a.customer_since,
                a.churned_on, a.churn_reason, a.renewal_on, a.onboarding_completed_on,
                a.first_value_on, a.licenses, a.acquisition_cost_cents, a.custom, a.mrr_cents,
                a.converted_on
         FROM account a LEFT JOIN csm c ON c.id = a.csm_id
         ORDER BY a.name COLLATE NOCASE, a.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let custom: String = r.get(22)?;
        let status: String = r.get(13)?;
        Ok(StoredAccount {
            id: r.get(0)?,
            source: r.get(1)?,
            account: Account {
                external_id: r.get(2)?,
                name: r.get(3)?,
                domain: r.get(4)?,
                industry: r.get(5)?,
                country: r.get(6)?,
                region: r.get(7)?,
                city: r.get(8)?,
                employees: r.get(9)?,
                plan: r.get(10)?,
                tier: r.get(11)?,
                csm: r.get(12)?,
                status: AccountStatus::parse(&status),
                customer_since: date(r.get(14)?),
                churned_on: date(r.get(15)?),
                churn_reason: r.get(16)?,
                renewal_on: date(r.get(17)?),
                onboarding_completed_on: date(r.get(18)?),
                first_value_on: date(r.get(19)?),
                licenses: r.get(20)?,
                acquisition_cost: r.get::<_, Option<i64>>(21)?.map(Money::from_cents),
                custom: serde_json::from_str(&custom).unwrap_or_default(),
                mrr: r.get::<_, Option<i64>>(23)?.map(Money::from_cents),
            },
            converted_on: date(r.get(24)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Number of stored rows of `kind`.
pub fn count(store: &Store, kind: RecordKind) -> StoreResult<i64> {
    Ok(store.conn.query_row(
        &format!("SELECT count(*) FROM {}", spec(kind).table),
        [],
        |r| r.get(0),
    )?)
}

/// Number of stored rows of each record kind.
pub fn record_counts(store: &Store) -> StoreResult<Vec<(RecordKind, i64)>> {
    RecordKind::ALL
        .into_iter()
        .map(|k| Ok((k, count(store, k)?)))
        .collect()
}

/// Account field value by canonical name (or a custom field), as text, for
/// `--where` filters and `--by` grouping.
pub fn account_field(a: &Account, field: &str) -> Option<String> {
    if let Some(text) = account_text(a, field) {
        return text.map(String::from);
    }
    let d = |d: Option<Date>| d.map(|d| d.to_string());
    match field {
        "employees" => a.employees.map(|e| e.to_string()),
        "status" => Some(a.effective_status().name().to_string()),
        "customer_since" => d(a.customer_since),
        "churned_on" => d(a.churned_on),
        "renewal_on" => d(a.renewal_on),
        "onboarding_completed_on" => d(a.onboarding_completed_on),
        "first_value_on" => d(a.first_value_on),
        "licenses" => a.licenses.map(|e| e.to_string()),
        "acquisition_cost" => a.acquisition_cost.map(|m| m.to_string()),
        "mrr" => a.mrr.map(|m| m.to_string()),
        "cohort" => a.customer_since.map(|d| d.month().to_string()),
        other => {
            let key = other.strip_prefix("custom.").unwrap_or(other);
            a.custom.get(key).cloned()
        }
    }
}

/// A text field of an account, borrowed (`Some(None)`: the field is text
/// but empty); `None` when `field` is not one of the plain text fields, which
/// [`account_field`] formats. Lets a pass over every account (the top bar's
/// segment options) read without a copy per account.
pub fn account_text<'a>(a: &'a Account, field: &str) -> Option<Option<&'a str>> {
    Some(match field {
        "external_id" => Some(a.external_id.as_str()),
        "name" => Some(a.name.as_str()),
        "domain" => a.domain.as_deref(),
        "industry" => a.industry.as_deref(),
        "country" => a.country.as_deref(),
        "region" => a.region.as_deref(),
        "city" => a.city.as_deref(),
        "plan" => a.plan.as_deref(),
        "tier" => a.tier.as_deref(),
        "csm" => a.csm.as_deref(),
        "churn_reason" => a.churn_reason.as_deref(),
        _ => return None,
    })
}

/// The account fields that `--where` and `--by` know by name: the
/// schema's (its custom map aside: `custom.KEY` names one of those) and
/// the derived `cohort`, last.
pub static ACCOUNT_FIELDS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| {
        tenure_schema::ACCOUNT
            .fields
            .iter()
            .filter(|f| f.ty != tenure_schema::Type::TextMap)
            .map(|f| f.name)
            .chain(std::iter::once("cohort"))
            .collect()
    });
