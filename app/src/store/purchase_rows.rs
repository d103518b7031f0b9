//! The purchases the revenue figures read (metrics/purchases.rs): only
//! those that bring money in, net of refunds, in one query.

use super::{Store, StoreResult};
use crate::domain::Date;

/// A purchase as the figures use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PurchaseFact {
    pub account_id: i64,
    pub day: i32,
    /// Amount less refunds, in cents of `currency`; always above zero.
    pub net_cents: i64,
    /// Upper-case ISO code; `None`: the database's currency.
    pub currency: Option<String>,
}

impl Store {
    /// Paid (and partly refunded) purchases; fully refunded, failed and
    /// void ones bring nothing and are left out.
    pub(crate) fn purchase_facts(&self) -> StoreResult<Vec<PurchaseFact>> {
        let mut stmt = self.conn.prepare(
            "SELECT account_id, date, amount_cents - coalesce(refunded_cents, 0), currency
             FROM purchase
             WHERE status IN ('paid', 'refunded') AND amount_cents > coalesce(refunded_cents, 0)",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let text: String = r.get(1)?;
            // A stored date always parses; a hand-edited one that does not is skipped.
            let Ok(day) = Date::parse_iso(&text) else {
                continue;
            };
            out.push(PurchaseFact {
                account_id: r.get(0)?,
                day: day.days(),
                net_cents: r.get(2)?,
                currency: r.get::<_, Option<String>>(3)?.filter(|c| !c.is_empty()),
            });
        }
        Ok(out)
    }

    /// Whether the database holds any purchase at all (the dashboard shows
    /// its revenue cards then).
    pub fn has_purchases(&self) -> StoreResult<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM purchase)", [], |r| r.get(0))?)
    }
}

impl Store {
    /// Every stored rate: month, currency, the decimal as written.
    pub(crate) fn fx_rates(&self) -> StoreResult<Vec<(crate::domain::Month, String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT month, currency, rate FROM fx_rate ORDER BY month, currency")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (m, c, rate) = row?;
            if let Some(month) = crate::domain::Month::from_yyyymm(m) {
                out.push((month, c, rate));
            }
        }
        Ok(out)
    }
}

impl Store {
    /// The distinct (month, currency) of purchases that name a currency,
    /// by month then currency.
    pub(crate) fn purchase_currency_months(
        &self,
    ) -> StoreResult<Vec<(crate::domain::Month, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT substr(date, 1, 7), currency FROM purchase
             WHERE currency IS NOT NULL AND currency <> '' ORDER BY 1, 2",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (m, c) = row?;
            if let Ok(month) = crate::domain::Month::parse(&m) {
                out.push((month, c));
            }
        }
        Ok(out)
    }
}

impl Store {
    /// Whether any record holds money, or any exchange rate is stored: the
    /// reporting currency is then settled (importing/first_currency.rs).
    pub fn has_money_records(&self) -> StoreResult<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM mrr) OR EXISTS (SELECT 1 FROM subscription)
                 OR EXISTS (SELECT 1 FROM purchase) OR EXISTS (SELECT 1 FROM acquisition_spend)
                 OR EXISTS (SELECT 1 FROM fx_rate)
                 OR EXISTS (SELECT 1 FROM opportunity WHERE amount_cents IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM account WHERE acquisition_cost_cents IS NOT NULL)",
            [],
            |r| r.get(0),
        )?)
    }
}
