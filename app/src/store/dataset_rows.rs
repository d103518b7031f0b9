//! The rows the metrics `Dataset` is built from, read from SQLite in one
//! query per table and decoded straight into the compact form it keeps
//! (day numbers, epoch seconds, month indices, interned labels): no row
//! passes through an intermediate value on its way in.

use super::{Store, StoreResult};
use crate::domain::{BillingPeriod, Date, Instant, Money, Month, SubscriptionTerms, SurveyKind};
use rusqlite::Connection;
use std::collections::HashMap;

/// "No value" in the compact integer columns.
pub(crate) const NONE_I32: i32 = i32::MIN;
pub(crate) const NONE_I64: i64 = i64::MIN;

#[derive(Debug, Clone, Copy)]
pub(crate) struct SurveyRow {
    pub day: i32,
    pub kind: SurveyKind,
    pub score: i8,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct TicketRow {
    /// Epoch seconds (UTC where an offset was given).
    pub opened: i64,
    pub first_response: i64,
    pub resolved: i64,
    pub category: u32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct UsageRow {
    pub month: i32,
    pub active_users: i32,
    pub total_users: i32,
    pub adopters: i32,
    /// The row's licenses, else the account's (data-model.md).
    pub licenses: i32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ActivityRow {
    pub day: i32,
    pub kind: u32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct OppRow {
    /// upsell or cross-sell (the only kinds the metrics use).
    pub expansion: bool,
    /// A renewal (health: an overdue renewal date counts as renewed).
    pub renewal: bool,
    pub won: bool,
    pub lost: bool,
    pub closed: i32,
}

fn intern(map: &mut HashMap<String, u32>, list: &mut Vec<String>, text: String) -> u32 {
    if let Some(&i) = map.get(&text) {
        return i;
    }
    let i = list.len() as u32;
    map.insert(text.clone(), i);
    list.push(text);
    i
}

fn month_index(yyyymm: i64) -> i32 {
    Month::from_yyyymm(yyyymm).map_or(NONE_I32, Month::index)
}

pub(crate) fn small(v: Option<i64>) -> i32 {
    v.map_or(NONE_I32, |v| {
        v.clamp(i64::from(i32::MIN) + 1, i64::from(i32::MAX)) as i32
    })
}

/// Rows of one table keyed by account row id, as read (before grouping).
pub(crate) type Keyed<T> = Vec<(i64, T)>;

fn str_ref<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'a str>> {
    Ok(r.get_ref(i)?.as_str_or_null().ok().flatten())
}

fn day_ref(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<i32> {
    Ok(str_ref(r, i)?
        .and_then(|t| Date::parse_iso(t).ok())
        .map_or(NONE_I32, Date::days))
}

fn epoch_ref(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<i64> {
    Ok(str_ref(r, i)?
        .and_then(|t| Instant::parse(t).ok())
        .map_or(NONE_I64, Instant::epoch_seconds))
}

fn intern_ref(map: &mut HashMap<String, u32>, list: &mut Vec<String>, text: &str) -> u32 {
    if let Some(&i) = map.get(text) {
        return i;
    }
    intern(map, list, text.to_string())
}

pub(crate) struct Revenue {
    pub rows: Vec<(i64, i32, i64)>,
    pub has_mrr: bool,
    pub has_subscriptions: bool,
    pub latest: Option<i32>,
}

fn load_revenue(conn: &Connection, today: i32) -> rusqlite::Result<Revenue> {
    let mut out = Revenue {
        rows: Vec::new(),
        has_mrr: false,
        has_subscriptions: false,
        latest: None,
    };
    let mut stmt = conn.prepare("SELECT account_id, month, mrr_cents FROM mrr")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, month, cents): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        out.has_mrr = true;
        let m = month_index(month);
        if m != NONE_I32 {
            out.rows.push((id, m, cents));
            if m <= today {
                out.latest = out.latest.max(Some(m));
            }
        }
    }
    // Open-ended subscriptions run to the later of this month and the last mrr month.
    let horizon = out.latest.unwrap_or(today).max(today);
    let fx = StoredRates::read(conn)?;
    for (id, terms, currency) in subscription_terms_with_currency(conn)? {
        out.has_subscriptions = true;
        let monthly = terms.monthly().cents();
        let foreign = currency.filter(|c| !c.eq_ignore_ascii_case(&fx.reporting));
        for m in terms.months(Month::from_index(horizon)) {
            // In another currency: at the month's rate (revenue.md). A month
            // without one keeps its own cents so that the account stays
            // active; every MRR figure needing it is null (metrics/fx_mrr.rs).
            let cents = match foreign.as_deref().and_then(|c| fx.rate(c, m)) {
                Some(rate) => crate::domain::convert_cents(monthly, rate),
                None => monthly,
            };
            out.rows.push((id, m.index(), cents));
            if m.index() <= today {
                out.latest = out.latest.max(Some(m.index()));
            }
        }
    }
    Ok(out)
}

impl Store {
    /// The subscriptions in another currency than the database's: account
    /// row id, terms, currency (metrics/fx_mrr.rs names their missing rates).
    pub(crate) fn foreign_subscriptions(
        &self,
    ) -> StoreResult<(StoredRates, Vec<ForeignSubscription>)> {
        let fx = StoredRates::read(&self.conn)?;
        let list = subscription_terms_naming_a_currency(&self.conn)?
            .into_iter()
            .filter_map(|(id, t, c)| c.filter(|c| *c != fx.reporting).map(|c| (id, t, c)))
            .collect();
        Ok((fx, list))
    }

    /// Every subscription's terms with its account row id (trials and
    /// cancellations of the metrics).
    pub(crate) fn subscription_terms(&self) -> StoreResult<Vec<(i64, SubscriptionTerms)>> {
        Ok(subscription_terms(&self.conn)?)
    }
}

/// Every subscription's terms with its account row id (domain/subscription_terms.rs).
pub(crate) fn subscription_terms(
    conn: &Connection,
) -> rusqlite::Result<Vec<(i64, SubscriptionTerms)>> {
    Ok(subscription_terms_with_currency(conn)?
        .into_iter()
        .map(|(id, terms, _)| (id, terms))
        .collect())
}

/// A subscription in another currency: account row id, terms, currency.
pub(crate) type ForeignSubscription = (i64, SubscriptionTerms, String);

/// The database's currency and its stored rates, as the MRR rows convert
/// with them (the rules of metrics/fx.rs: a rate that does not parse is
/// missing).
#[derive(Debug, Clone, Default)]
pub(crate) struct StoredRates {
    pub reporting: String,
    by_month: HashMap<(String, i32), i128>,
}

impl StoredRates {
    pub(crate) fn read(conn: &Connection) -> rusqlite::Result<StoredRates> {
        use rusqlite::OptionalExtension;
        let reporting: String = conn
            .query_row(
                "SELECT value FROM setting WHERE key = 'currency'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_else(|| "BRL".to_string());
        let mut by_month = HashMap::new();
        let mut stmt = conn.prepare("SELECT month, currency, rate FROM fx_rate")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (month, currency, rate): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if let (Some(m), Some(rate)) =
                (Month::from_yyyymm(month), crate::domain::parse_rate(&rate))
            {
                by_month.insert((currency.to_ascii_uppercase(), m.index()), rate);
            }
        }
        Ok(StoredRates {
            reporting: reporting.to_ascii_uppercase(),
            by_month,
        })
    }

    /// The rate of `currency` in `month`, if one is stored.
    pub(crate) fn rate(&self, currency: &str, month: Month) -> Option<i128> {
        self.by_month
            .get(&(currency.to_ascii_uppercase(), month.index()))
            .copied()
    }
}

/// [`subscription_terms`] with each one's own currency (upper case; `None`
/// for the database's).
pub(crate) fn subscription_terms_with_currency(
    conn: &Connection,
) -> rusqlite::Result<Vec<(i64, SubscriptionTerms, Option<String>)>> {
    terms_where(conn, "")
}

/// The subscriptions that name a currency (the partial index of migration
/// 11 answers at once when none does).
fn subscription_terms_naming_a_currency(
    conn: &Connection,
) -> rusqlite::Result<Vec<(i64, SubscriptionTerms, Option<String>)>> {
    terms_where(conn, " WHERE currency IS NOT NULL AND currency <> ''")
}

/// `filter`: a fixed SQL condition of this module, never a person's text.
fn terms_where(
    conn: &Connection,
    filter: &'static str,
) -> rusqlite::Result<Vec<(i64, SubscriptionTerms, Option<String>)>> {
    let sql = format!(
        "SELECT account_id, start, \"end\", amount_cents, billing_period,
                trial_end, discount_cents, discount_percent, cancel_at, currency
         FROM subscription{filter}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let day = |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<Option<Date>> {
        let d = day_ref(r, i)?;
        Ok((d != NONE_I32).then(|| Date::from_days(d)))
    };
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        // A stored start always parses; a hand-edited one that does not is skipped.
        let Some(start) = day(r, 1)? else {
            continue;
        };
        let period_months = str_ref(r, 4)?
            .and_then(BillingPeriod::parse)
            .unwrap_or_default()
            .months();
        let terms = SubscriptionTerms {
            start,
            end: day(r, 2)?,
            amount: Money::from_cents(r.get(3)?),
            period_months: i32::try_from(period_months).unwrap_or(1),
            trial_end: day(r, 5)?,
            discount: r.get::<_, Option<i64>>(6)?.map(Money::from_cents),
            discount_percent: r.get(7)?,
            cancel_at: day(r, 8)?,
        };
        let currency = str_ref(r, 9)?
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_ascii_uppercase);
        out.push((r.get(0)?, terms, currency));
    }
    Ok(out)
}

/// The account id of a survey response or ticket that belongs to none
/// (row ids start at 1).
pub(crate) const ANONYMOUS: i64 = 0;

fn load_surveys(conn: &Connection) -> rusqlite::Result<Keyed<SurveyRow>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare("SELECT account_id, date, kind, score FROM survey_response")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get::<_, Option<i64>>(0)?.unwrap_or(ANONYMOUS);
        let day = day_ref(r, 1)?;
        let Some(kind) = str_ref(r, 2)?.and_then(SurveyKind::parse) else {
            continue;
        };
        let score: i64 = r.get(3)?;
        if day != NONE_I32 {
            let score = score.clamp(-1, 100) as i8;
            out.push((id, SurveyRow { day, kind, score }));
        }
    }
    Ok(out)
}

fn load_tickets(conn: &Connection) -> rusqlite::Result<(Keyed<TicketRow>, Vec<String>)> {
    let mut map = HashMap::new();
    let mut categories = Vec::new();
    let mut out = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT account_id, opened_at, first_response_at, resolved_at, category FROM ticket",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get::<_, Option<i64>>(0)?.unwrap_or(ANONYMOUS);
        let opened = epoch_ref(r, 1)?;
        if opened == NONE_I64 {
            continue;
        }
        let category = intern_ref(&mut map, &mut categories, str_ref(r, 4)?.unwrap_or(""));
        out.push((
            id,
            TicketRow {
                opened,
                first_response: epoch_ref(r, 2)?,
                resolved: epoch_ref(r, 3)?,
                category,
            },
        ));
    }
    Ok((out, categories))
}

/// Usage rows, all of them or only those of the months `scope` (inclusive).
fn load_usage(conn: &Connection, scope: Option<(i32, i32)>) -> rusqlite::Result<Keyed<UsageRow>> {
    let mut out = Vec::new();
    let columns =
        "SELECT account_id, month, active_users, total_users, adopters, licenses FROM usage";
    let (lo, hi) = scope.map_or((0, 999_999), |(a, b)| {
        (
            Month::from_index(a).to_yyyymm(),
            Month::from_index(b).to_yyyymm(),
        )
    });
    let mut stmt = if scope.is_some() {
        conn.prepare(&format!("{columns} WHERE month BETWEEN ?1 AND ?2"))?
    } else {
        conn.prepare(&format!("{columns} WHERE ?1 <= ?2"))?
    };
    let mut rows = stmt.query([lo, hi])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let month: i64 = r.get(1)?;
        let m = month_index(month);
        if m == NONE_I32 {
            continue;
        }
        out.push((
            id,
            UsageRow {
                month: m,
                active_users: small(r.get(2)?),
                total_users: small(r.get(3)?),
                adopters: small(r.get(4)?),
                licenses: small(r.get(5)?),
            },
        ));
    }
    Ok(out)
}

fn load_activities(conn: &Connection) -> rusqlite::Result<(Keyed<ActivityRow>, Vec<String>)> {
    let mut map = HashMap::new();
    let mut kinds = Vec::new();
    let mut out = Vec::new();
    let mut stmt = conn.prepare("SELECT account_id, date, kind FROM activity")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let day = day_ref(r, 1)?;
        if day == NONE_I32 {
            continue;
        }
        let kind = intern_ref(&mut map, &mut kinds, str_ref(r, 2)?.unwrap_or(""));
        out.push((id, ActivityRow { day, kind }));
    }
    Ok((out, kinds))
}

fn load_opps(conn: &Connection) -> rusqlite::Result<Keyed<OppRow>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare("SELECT account_id, kind, status, closed_on FROM opportunity")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let kind = str_ref(r, 1)?.unwrap_or("").trim();
        let status = str_ref(r, 2)?.unwrap_or("").trim();
        let row = OppRow {
            expansion: matches!(kind, "upsell" | "cross_sell"),
            renewal: kind == "renewal",
            won: status == "won",
            lost: status == "lost",
            closed: day_ref(r, 3)?,
        };
        out.push((id, row));
    }
    Ok(out)
}

fn load_spend(conn: &Connection) -> rusqlite::Result<(HashMap<i32, i64>, bool)> {
    let mut spend: HashMap<i32, i64> = HashMap::new();
    let mut any = false;
    let mut stmt = conn.prepare("SELECT month, amount_cents FROM acquisition_spend")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        any = true;
        let (month, cents): (i64, i64) = (r.get(0)?, r.get(1)?);
        let m = month_index(month);
        if m != NONE_I32 {
            *spend.entry(m).or_default() += cents;
        }
    }
    Ok((spend, any))
}

/// The default month as `Dataset::load` would find it, read with small
/// queries (the latest `mrr` month by its index, and the subscriptions'
/// dates); `None` when the database has no revenue record (the default then
/// depends on every dated record: load everything).
fn default_month_sql(conn: &Connection) -> rusqlite::Result<Option<Month>> {
    let today = Date::today().month();
    let any_mrr: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM mrr)", [], |r| r.get(0))?;
    let latest: Option<i64> = conn.query_row(
        "SELECT max(month) FROM mrr WHERE month <= ?1",
        [today.to_yyyymm()],
        |r| r.get(0),
    )?;
    let mut latest = latest.and_then(Month::from_yyyymm);
    let mut any_subscription = false;
    for (_, terms) in subscription_terms(conn)? {
        any_subscription = true;
        // The last month it covers, capped at today.
        let first = terms.first_month();
        let last = match terms.stop() {
            None => today,
            Some(stop) => {
                let e = stop.add_days(-1);
                let m = e.month();
                let m = if e == m.last_day() { m } else { m.plus(-1) };
                m.min(today)
            }
        };
        if last >= first {
            latest = latest.max(Some(last));
        }
    }
    if !any_mrr && !any_subscription {
        return Ok(None);
    }
    Ok(Some(latest.unwrap_or(today)))
}

impl Store {
    /// `mrr` rows, and the months of `subscription` rows, as (account row
    /// id, month index, cents); `today` is the current month's index.
    pub(crate) fn dataset_revenue(&self, today: i32) -> StoreResult<Revenue> {
        Ok(load_revenue(&self.conn, today)?)
    }

    pub(crate) fn dataset_surveys(&self) -> StoreResult<Keyed<SurveyRow>> {
        Ok(load_surveys(&self.conn)?)
    }

    /// Tickets, with their categories interned (the list of names).
    pub(crate) fn dataset_tickets(&self) -> StoreResult<(Keyed<TicketRow>, Vec<String>)> {
        Ok(load_tickets(&self.conn)?)
    }

    /// Usage rows, all of them or only those of the months `scope`
    /// (inclusive month indices).
    pub(crate) fn dataset_usage(&self, scope: Option<(i32, i32)>) -> StoreResult<Keyed<UsageRow>> {
        Ok(load_usage(&self.conn, scope)?)
    }

    /// Activities, with their kinds interned (the list of names).
    pub(crate) fn dataset_activities(&self) -> StoreResult<(Keyed<ActivityRow>, Vec<String>)> {
        Ok(load_activities(&self.conn)?)
    }

    pub(crate) fn dataset_opportunities(&self) -> StoreResult<Keyed<OppRow>> {
        Ok(load_opps(&self.conn)?)
    }

    /// Acquisition spend per month index, and whether there is any row.
    pub(crate) fn dataset_spend(&self) -> StoreResult<(HashMap<i32, i64>, bool)> {
        Ok(load_spend(&self.conn)?)
    }

    /// The month a full load would default to, from small queries; `None`
    /// when there is no revenue record (then every dated record counts).
    pub(crate) fn dataset_default_month(&self) -> StoreResult<Option<Month>> {
        Ok(default_month_sql(&self.conn)?)
    }
}
