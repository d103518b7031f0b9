//! Everything stored about one account (its page in the GUI): each record
//! with its row id, so a form can edit or delete it, and the imports and
//! forms that touched it.

use super::{ImportRun, Store, StoreResult};
use crate::domain::*;
use rusqlite::Connection;

/// A stored record and its row id.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub id: i64,
    pub source: String,
    pub record: T,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountRecords {
    pub mrr: Vec<Stored<MrrRecord>>,
    pub subscriptions: Vec<Stored<Subscription>>,
    pub surveys: Vec<Stored<SurveyResponse>>,
    pub tickets: Vec<Stored<Ticket>>,
    pub activities: Vec<Stored<Activity>>,
    pub opportunities: Vec<Stored<Opportunity>>,
    /// Newest first.
    pub purchases: Vec<Stored<Purchase>>,
    /// Primary contacts first, then by name.
    pub contacts: Vec<Stored<Contact>>,
}

fn date(t: Option<String>) -> Option<Date> {
    t.and_then(|t| Date::parse_iso(&t).ok())
}

fn instant(t: Option<String>) -> Option<Instant> {
    t.and_then(|t| Instant::parse(&t).ok())
}

fn read<T>(
    conn: &Connection,
    sql: &str,
    account_id: i64,
    f: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Option<T>>,
) -> rusqlite::Result<Vec<Stored<T>>> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([account_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        // A row whose stored text no longer parses is skipped, not fatal.
        if let Some(record) = f(r)? {
            out.push(Stored {
                id: r.get(0)?,
                source: r.get(1)?,
                record,
            });
        }
    }
    Ok(out)
}

/// The records of account row `account_id`, newest first; `reference` is
/// the account's external id, written into each record's `account`.
pub fn account_records(
    store: &Store,
    account_id: i64,
    reference: &str,
) -> StoreResult<AccountRecords> {
    let conn = &store.conn;
    let acc = || reference.to_string();
    Ok(AccountRecords {
        mrr: read(
            conn,
            "SELECT id, source, month, mrr_cents FROM mrr WHERE account_id = ?1 ORDER BY month DESC, id",
            account_id,
            |r| {
                let cents: i64 = r.get(3)?;
                Ok(Month::from_yyyymm(r.get(2)?).map(|month| MrrRecord {
                    account: acc(),
                    month,
                    mrr: Money::from_cents(cents),
                }))
            },
        )?,
        subscriptions: read(
            conn,
            "SELECT id, source, external_id, start, \"end\", amount_cents, billing_period, product,
                    trial_end, discount_cents, discount_percent, cancel_at, currency
             FROM subscription WHERE account_id = ?1 ORDER BY start DESC, id",
            account_id,
            |r| {
                let period: String = r.get(6)?;
                Ok(date(r.get(3)?).map(|start| Subscription {
                    account: acc(),
                    external_id: r.get(2).ok().flatten(),
                    start,
                    end: date(r.get(4).ok().flatten()),
                    amount: Money::from_cents(r.get(5).unwrap_or(0)),
                    billing_period: BillingPeriod::parse(&period),
                    product: r.get(7).ok().flatten(),
                    trial_end: date(r.get(8).ok().flatten()),
                    discount: r
                        .get::<_, Option<i64>>(9)
                        .ok()
                        .flatten()
                        .map(Money::from_cents),
                    discount_percent: r.get(10).ok().flatten(),
                    cancel_at: date(r.get(11).ok().flatten()),
                    currency: r.get(12).ok().flatten(),
                }))
            },
        )?,
        surveys: read(
            conn,
            "SELECT id, source, date, kind, score, respondent, comment
             FROM survey_response WHERE account_id = ?1 ORDER BY date DESC, id",
            account_id,
            |r| {
                let kind: String = r.get(3)?;
                Ok(match (date(r.get(2)?), SurveyKind::parse(&kind)) {
                    (Some(date), Some(kind)) => Some(SurveyResponse {
                        account: acc(),
                        date,
                        kind,
                        score: r.get(4)?,
                        respondent: r.get(5)?,
                        comment: r.get(6)?,
                    }),
                    _ => None,
                })
            },
        )?,
        tickets: read(
            conn,
            "SELECT id, source, external_id, opened_at, first_response_at, resolved_at,
                    category, priority, channel, requester
             FROM ticket WHERE account_id = ?1 ORDER BY opened_at DESC, id",
            account_id,
            |r| {
                Ok(instant(r.get(3)?).map(|opened_at| Ticket {
                    account: acc(),
                    external_id: r.get(2).ok().flatten(),
                    opened_at,
                    first_response_at: instant(r.get(4).ok().flatten()),
                    resolved_at: instant(r.get(5).ok().flatten()),
                    category: r.get(6).ok().flatten(),
                    priority: r.get(7).ok().flatten(),
                    channel: r.get(8).ok().flatten(),
                    requester: r.get(9).ok().flatten(),
                }))
            },
        )?,
        activities: read(
            conn,
            "SELECT id, source, external_id, date, kind, csm, minutes, notes
             FROM activity WHERE account_id = ?1 ORDER BY date DESC, id",
            account_id,
            |r| {
                Ok(date(r.get(3)?).map(|d| Activity {
                    account: acc(),
                    external_id: r.get(2).ok().flatten(),
                    date: d,
                    kind: r.get(4).unwrap_or_default(),
                    csm: r.get(5).ok().flatten(),
                    minutes: r.get(6).ok().flatten(),
                    notes: r.get(7).ok().flatten(),
                }))
            },
        )?,
        opportunities: read(
            conn,
            "SELECT id, source, external_id, kind, status, amount_cents, created_on, closed_on
             FROM opportunity WHERE account_id = ?1 ORDER BY coalesce(created_on, '') DESC, id",
            account_id,
            |r| {
                let kind: String = r.get(3)?;
                let status: String = r.get(4)?;
                Ok(
                    match (
                        OpportunityKind::parse(&kind),
                        OpportunityStatus::parse(&status),
                    ) {
                        (Some(kind), Some(status)) => Some(Opportunity {
                            account: acc(),
                            external_id: r.get(2).ok().flatten(),
                            kind,
                            status,
                            amount: r.get::<_, Option<i64>>(5)?.map(Money::from_cents),
                            created_on: date(r.get(6)?),
                            closed_on: date(r.get(7)?),
                        }),
                        _ => None,
                    },
                )
            },
        )?,
        purchases: read(
            conn,
            "SELECT id, source, date, amount_cents, currency, refunded_cents, external_id,
                    kind, product, status
             FROM purchase WHERE account_id = ?1 ORDER BY date DESC, id DESC",
            account_id,
            |r| {
                let Some(d) = date(r.get(2)?) else {
                    return Ok(None);
                };
                Ok(Some(Purchase {
                    account: acc(),
                    date: d,
                    amount: Money::from_cents(r.get(3)?),
                    currency: r.get(4)?,
                    refunded: r.get::<_, Option<i64>>(5)?.map(Money::from_cents),
                    external_id: r.get(6)?,
                    kind: r.get(7)?,
                    product: r.get(8)?,
                    status: r.get(9)?,
                }))
            },
        )?,
        contacts: read(
            conn,
            "SELECT id, source, name, email, phone, role, is_primary
             FROM contact WHERE account_id = ?1 ORDER BY is_primary DESC, name COLLATE NOCASE, id",
            account_id,
            |r| {
                Ok(Some(Contact {
                    account: acc(),
                    name: r.get(2)?,
                    email: r.get(3)?,
                    phone: r.get(4)?,
                    role: r.get(5)?,
                    is_primary: Some(r.get::<_, i64>(6)? != 0),
                }))
            },
        )?,
    })
}

impl Store {
    /// The imports and forms (not undone) that inserted, changed or deleted
    /// the account or one of its records, oldest first.
    pub fn imports_touching(&self, account_id: i64) -> StoreResult<Vec<ImportRun>> {
        let mut ids: Vec<i64> = Vec::new();
        let mut sql = vec![
            "SELECT import_id FROM account WHERE id = ?1".to_string(),
            "SELECT import_id FROM import_change WHERE tbl = 'account' AND row_id = ?1".to_string(),
        ];
        for kind in RecordKind::ALL
            .into_iter()
            .filter(|k| k.refers_to_account())
        {
            let t = kind.name();
            sql.push(format!("SELECT import_id FROM {t} WHERE account_id = ?1"));
            sql.push(format!(
                "SELECT c.import_id FROM import_change c JOIN {t} x ON x.id = c.row_id
                 WHERE c.tbl = '{t}' AND x.account_id = ?1"
            ));
        }
        let union = sql.join(" UNION ");
        let mut stmt = self.conn.prepare(&union)?;
        let rows = stmt.query_map([account_id], |r| r.get::<_, Option<i64>>(0))?;
        for id in rows {
            if let Some(id) = id? {
                ids.push(id);
            }
        }
        Ok(self
            .imports()?
            .into_iter()
            .filter(|r| ids.contains(&r.id) && r.undone_at.is_none())
            .collect())
    }
}
